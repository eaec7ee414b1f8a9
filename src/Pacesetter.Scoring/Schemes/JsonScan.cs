using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Pacesetter.Scoring.Schemes;

/// <summary>
/// The one check of JSON text at the edge, before anything reads it (ADR 0010): every string — field names included —
/// must be Unicode text (valid UTF-8, no unpaired surrogate, raw or written <c>\ud800</c>), lists and objects nest at
/// most <see cref="MaxDepth"/> levels, and a datum at most <see cref="DatumMaxDepth"/>. System.Text.Json reads such
/// strings as tokens and only fails when one is turned into a <see cref="string"/> or written out, deep inside a
/// reader; this pass finds them first and names where they are (JSON path, line and byte). One pass of a
/// <see cref="Utf8JsonReader"/>, no allocation unless a problem is found: a province's 18 MB file costs tens of
/// milliseconds. Syntax errors are left to the readers (they report them as before, at <c>$</c> with line and byte).
/// </summary>
public static class JsonScan
{
    /// <summary>The nesting limit of a whole document (the readers' <see cref="JsonDocumentOptions.MaxDepth"/>).</summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// The nesting limit of one datum. A valid datum nests at most two levels (a list of events or awards, each an
    /// object; scoring.md §3, §4, §7); 8 leaves room without letting a datum approach the document's 64 levels: a
    /// datum sits three levels down in a scheme file (<c>$.data.unit.indicator</c>), so a stored datum can always be
    /// exported and read again (3 + 8 ≤ 64).
    /// </summary>
    public const int DatumMaxDepth = 8;

    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, MaxDepth = MaxDepth + 2 };

    /// <summary>A scheme file (scoring.md §7): the values of <c>$.data.{unit}.{indicator}</c> are data, each held to <see cref="DatumMaxDepth"/>.</summary>
    public static List<Problem> Scheme(ReadOnlySpan<byte> utf8) => Scan(utf8, JsonPath.Root, datumDepth: -1, dataRule: true);

    /// <summary>One datum's JSON, reported under <paramref name="path"/> (e.g. <c>$.data.T1.land</c>).</summary>
    public static List<Problem> Datum(ReadOnlySpan<byte> utf8, string path) => Scan(utf8, path, datumDepth: 0, dataRule: false);

    /// <summary>Any JSON text (a cards file, an editor's text): strings and the document's depth.</summary>
    public static List<Problem> Text(ReadOnlySpan<byte> utf8) => Scan(utf8, JsonPath.Root, datumDepth: -1, dataRule: false);

    /// <inheritdoc cref="Text(ReadOnlySpan{byte})"/>
    public static List<Problem> Text(string json) => Text(Encoding.UTF8.GetBytes(json));

    /// <summary>One container being read: a list counts its items, an object remembers where its current field's name starts.</summary>
    private struct Frame
    {
        public bool IsArray;
        public int Index;
        public int NameAt;
        public bool NameIsData;
    }

    private static List<Problem> Scan(ReadOnlySpan<byte> utf8, string rootPath, int datumDepth, bool dataRule)
    {
        var problems = new List<Problem>();
        // A file's or a text's problems say their line and byte; a datum's path already says all there is.
        bool where = datumDepth < 0;
        if (utf8.StartsWith("\uFEFF"u8)) utf8 = utf8[3..];
        var reader = new Utf8JsonReader(utf8, Options);
        Span<Frame> small = stackalloc Frame[16];
        Frame[]? big = null;
        var frames = small;
        int depth = 0; // containers open
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        if (!IsText(ref reader))
                        {
                            problems.Add(Invalid(Path(utf8, rootPath, frames[..depth], depth - 2), utf8, where ? reader.TokenStartIndex : -1, "a field name", "字段名"));
                        }
                        frames[depth - 1].NameAt = (int)reader.TokenStartIndex;
                        frames[depth - 1].NameIsData = depth == 1 && dataRule && reader.ValueTextEquals("data"u8);
                        continue;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        {
                            // A datum starts here when a scheme's $.data.{unit}.{indicator} holds a list or an object.
                            if (dataRule && datumDepth < 0 && depth == 3 && IsDatumSlot(frames)) datumDepth = depth;
                            if (datumDepth >= 0 && depth - datumDepth >= DatumMaxDepth)
                            {
                                problems.Add(DatumTooDeep(Path(utf8, rootPath, frames[..datumDepth], datumDepth - 1)));
                                return problems;
                            }
                            if (depth >= MaxDepth)
                            {
                                problems.Add(new Problem(Path(utf8, rootPath, frames[..depth], depth - 1),
                                    $"lists and objects nest more than {MaxDepth} levels deep", $"数组与对象嵌套超过 {MaxDepth} 层"));
                                return problems;
                            }
                            if (depth == frames.Length)
                            {
                                var grown = new Frame[frames.Length * 2];
                                frames.CopyTo(grown);
                                big = grown;
                                frames = big;
                            }
                            frames[depth++] = new Frame { IsArray = reader.TokenType == JsonTokenType.StartArray, NameAt = -1 };
                            continue;
                        }
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        depth--;
                        if (depth == datumDepth && dataRule) datumDepth = -1;
                        break;
                    case JsonTokenType.String:
                        if (!IsText(ref reader))
                        {
                            problems.Add(Invalid(Path(utf8, rootPath, frames[..depth], depth - 1), utf8, where ? reader.TokenStartIndex : -1, "a string", "字符串"));
                        }
                        break;
                }
                // A value ended: the list holding it moves to its next item.
                if (depth > 0 && frames[depth - 1].IsArray) frames[depth - 1].Index++;
            }
        }
        catch (JsonException)
        {
            // Not JSON: the reader of the text reports it, with line and byte, as it always has.
        }
        return problems;
    }

    private static bool IsDatumSlot(Span<Frame> frames) =>
        !frames[0].IsArray && frames[0].NameIsData && !frames[1].IsArray && !frames[2].IsArray;

    private static Problem DatumTooDeep(string path) =>
        new(path, $"lists and objects nest more than {DatumMaxDepth} levels deep: a datum is a number, a string, {{\"value\", …}}, a list of awards or events, or counts by type",
            $"数组与对象嵌套超过 {DatumMaxDepth} 层：数据应为数值、字符串、{{\"value\", …}}、奖项或事件列表、按类型的次数");

    private static Problem Invalid(string path, ReadOnlySpan<byte> utf8, long at, string what, string whatZh)
    {
        if (at < 0)
        {
            return new Problem(path, $"{what} is not valid text: invalid UTF-8 bytes or an unpaired surrogate (\\ud800–\\udfff)",
                $"{whatZh}不是有效的文本：含有无效的 UTF-8 字节或不成对的代理项（\\ud800–\\udfff）");
        }
        var (line, column) = Position(utf8, (int)at);
        return new Problem(path,
            $"{what} is not valid text: invalid UTF-8 bytes or an unpaired surrogate (\\ud800–\\udfff) (line {line}, byte {column})",
            $"{whatZh}不是有效的文本：含有无效的 UTF-8 字节或不成对的代理项（\\ud800–\\udfff）（第 {line} 行第 {column} 个字节处）");
    }

    /// <summary>The 1-based line and byte in line of a byte offset.</summary>
    private static (int Line, int Column) Position(ReadOnlySpan<byte> utf8, int at)
    {
        var before = utf8[..at];
        int line = before.Count((byte)'\n') + 1;
        int lastBreak = before.LastIndexOf((byte)'\n');
        return (line, at - lastBreak);
    }

    /// <summary>
    /// The path of the value being read in the container <paramref name="last"/> (-1: the root value): each object
    /// adds its current field's name (read again from its bytes), each list its item's index.
    /// </summary>
    private static string Path(ReadOnlySpan<byte> utf8, string rootPath, ReadOnlySpan<Frame> frames, int last)
    {
        var path = rootPath;
        for (int i = 0; i <= last && i < frames.Length; i++)
        {
            var f = frames[i];
            if (f.IsArray) path = JsonPath.Index(path, f.Index);
            else if (f.NameAt >= 0) path = JsonPath.Field(path, NameAt(utf8, f.NameAt));
        }
        return path;
    }

    /// <summary>The field name whose string token starts at <paramref name="at"/>; a name that is not text is shown with U+FFFD.</summary>
    private static string NameAt(ReadOnlySpan<byte> utf8, int at)
    {
        var reader = new Utf8JsonReader(utf8[at..], new JsonReaderOptions { AllowMultipleValues = true });
        if (!reader.Read() || reader.TokenType != JsonTokenType.String) return "?";
        if (IsText(ref reader)) return reader.GetString()!;
        return Encoding.UTF8.GetString(reader.ValueSpan);
    }

    /// <summary>Whether the current string token is Unicode text: valid UTF-8 and, through its escapes, no unpaired surrogate.</summary>
    private static bool IsText(ref Utf8JsonReader reader)
    {
        var s = reader.ValueSpan;
        if (!Utf8.IsValid(s)) return false;
        return !reader.ValueIsEscaped || EscapesPaired(s);
    }

    /// <summary>Every <c>\uD800–\uDBFF</c> escape followed by a <c>\uDC00–\uDFFF</c> one, and no low one alone (the reader has checked the escapes' syntax).</summary>
    internal static bool EscapesPaired(ReadOnlySpan<byte> s)
    {
        int i = s.IndexOf((byte)'\\');
        while (i >= 0 && i + 1 < s.Length)
        {
            if (s[i + 1] != (byte)'u')
            {
                i += 2;
            }
            else
            {
                if (i + 6 > s.Length) return false;
                int v = Hex(s.Slice(i + 2, 4));
                if (v is >= 0xDC00 and <= 0xDFFF) return false;
                if (v is >= 0xD800 and <= 0xDBFF)
                {
                    if (i + 12 > s.Length || s[i + 6] != (byte)'\\' || s[i + 7] != (byte)'u') return false;
                    int low = Hex(s.Slice(i + 8, 4));
                    if (low is < 0xDC00 or > 0xDFFF) return false;
                    i += 12;
                }
                else
                {
                    i += 6;
                }
            }
            if (i >= s.Length) break;
            int next = s[i..].IndexOf((byte)'\\');
            i = next < 0 ? -1 : i + next;
        }
        return true;
    }

    private static int Hex(ReadOnlySpan<byte> four)
    {
        int v = 0;
        foreach (var b in four)
        {
            int d = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => -1,
            };
            if (d < 0) return -1;
            v = v * 16 + d;
        }
        return v;
    }
}
