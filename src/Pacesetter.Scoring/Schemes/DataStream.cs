using System.Text.Json;

namespace Pacesetter.Scoring.Schemes;

/// <summary>
/// Cuts the value of <c>$.data</c> — the bulk of a large file, a million values in a province — out of a scheme file,
/// so that only the rest is built into a <see cref="JsonDocument"/> and the data are walked token by token
/// (SchemeReader's ReadDataStream), the file's data being tokenised once. The cut is found by a scan of the bytes that
/// follows strings, comments and brackets without checking the JSON: the rest is then checked by the document's
/// parser and the data by the walk's reader (with one level less of depth, the data sitting one level down), and
/// when either finds the file is not JSON the whole file is read again as one document, which reports the problem
/// exactly as before. Declines (false) when the root is not an object, when it has no <c>data</c> field, more than one,
/// one that is not an object or a field name with an escape (<c>"\u0064ata"</c>), and when anything but whitespace or
/// comments follows the root: the document reader then reads the whole file.
/// </summary>
internal static class DataSplit
{
    /// <summary>The same reading options as the document's (<see cref="JsonInput.DocumentOptions"/>).</summary>
    public static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 };

    /// <summary>The options of the walk over the cut-out data: their object is one level below the root in the file.</summary>
    public static readonly JsonReaderOptions DataReaderOptions = ReaderOptions with { MaxDepth = ReaderOptions.MaxDepth - 1 };

    /// <summary>
    /// On success <paramref name="rest"/> is the file with <c>$.data</c>'s value replaced by <c>{}</c> and
    /// <paramref name="data"/> is that value's bytes, <c>{…}</c>; neither is known to be JSON yet.
    /// </summary>
    public static bool TrySplit(ReadOnlyMemory<byte> utf8, out ReadOnlyMemory<byte> rest, out ReadOnlyMemory<byte> data)
    {
        rest = data = default;
        var span = utf8.Span;
        if (span.Length >= 3 && span[0] == 0xEF && span[1] == 0xBB && span[2] == 0xBF) utf8 = utf8[3..];
        // Bytes that are not UTF-8 anywhere: the document reader's scan (JsonScan) names where.
        if (!System.Text.Unicode.Utf8.IsValid(utf8.Span) || !TryFind(utf8.Span, out int start, out int end)) return false;
        var bytes = utf8.Span;
        var cut = new byte[start + 2 + (bytes.Length - end)];
        bytes[..start].CopyTo(cut);
        cut[start] = (byte)'{';
        cut[start + 1] = (byte)'}';
        bytes[end..].CopyTo(cut.AsSpan(start + 2));
        rest = cut;
        data = utf8[start..end];
        return true;
    }

    /// <summary>The bytes [start, end) of the one <c>data</c> field's object value in the root object.</summary>
    private static bool TryFind(ReadOnlySpan<byte> s, out int start, out int end)
    {
        start = end = -1;
        int i = Space(s, 0);
        if (i < 0 || i >= s.Length || s[i] != (byte)'{') return false;
        int depth = 0;
        bool lastWasData = false, dataNext = false;
        while (i < s.Length)
        {
            byte b = s[i];
            switch (b)
            {
                case (byte)'{' or (byte)'[':
                    if (dataNext)
                    {
                        if (b != (byte)'{') return false;
                        start = i;
                        dataNext = false;
                    }
                    depth++;
                    // Nesting beyond the document's or, inside $.data (a datum three levels below it), a datum's limit:
                    // declined, so that the document reader's scan reports it at its path.
                    if (depth > JsonScan.MaxDepth || (start >= 0 && end < 0 && depth - 3 > JsonScan.DatumMaxDepth)) return false;
                    i++;
                    break;
                case (byte)'}' or (byte)']':
                    depth--;
                    i++;
                    if (depth == 1 && start >= 0 && end < 0) end = i;
                    if (depth == 0)
                    {
                        // The root is closed: only whitespace and comments may follow.
                        int after = Space(s, i);
                        return after == s.Length && start >= 0 && end > start;
                    }
                    if (depth < 0) return false;
                    break;
                case (byte)'"':
                    {
                        int from = i + 1;
                        int close = from;
                        bool escaped = false;
                        while (true)
                        {
                            int k = s[close..].IndexOfAny((byte)'"', (byte)'\\');
                            if (k < 0) return false;
                            close += k;
                            if (s[close] == (byte)'"') break;
                            escaped = true;
                            close += 2;
                            if (close > s.Length) return false;
                        }
                        // An escaped lone surrogate (\ud800) is not text: declined, the document reader's scan names it.
                        if (escaped && !JsonScan.EscapesPaired(s[from..close])) return false;
                        if (depth == 1)
                        {
                            // A field name of the root when a colon follows; "data" written with an escape is declined.
                            int next = Space(s, close + 1);
                            if (next < 0) return false;
                            if (next < s.Length && s[next] == (byte)':')
                            {
                                bool isData = s[from..close].SequenceEqual("data"u8);
                                if (escaped || (isData && start >= 0)) return false;
                                lastWasData = isData;
                            }
                        }
                        i = close + 1;
                        break;
                    }
                case (byte)':':
                    if (depth == 1 && lastWasData)
                    {
                        lastWasData = false;
                        dataNext = true;
                        int next = Space(s, i + 1);
                        if (next < 0 || next >= s.Length || s[next] != (byte)'{') return false;
                        i = next;
                        break;
                    }
                    i++;
                    break;
                case (byte)'/':
                    i = Space(s, i);
                    if (i < 0) return false;
                    break;
                default:
                    int skip = s[i..].IndexOfAny(Structure);
                    if (skip < 0) return false;
                    i += Math.Max(skip, 1);
                    break;
            }
        }
        return false;
    }

    /// <summary>The bytes the scan stops at; everything else (numbers, literals, commas, whitespace) is passed over.</summary>
    private static readonly System.Buffers.SearchValues<byte> Structure = System.Buffers.SearchValues.Create("{}[]\":/"u8);

    /// <summary>The index of the first byte at or after <paramref name="i"/> that is neither whitespace nor in a comment; -1 for an unclosed or stray comment.</summary>
    private static int Space(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length)
        {
            byte b = s[i];
            if (b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
            {
                i++;
            }
            else if (b == (byte)'/')
            {
                if (i + 1 >= s.Length) return -1;
                if (s[i + 1] == (byte)'/')
                {
                    int k = s[(i + 2)..].IndexOfAny((byte)'\n', (byte)'\r');
                    i = k < 0 ? s.Length : i + 2 + k;
                }
                else if (s[i + 1] == (byte)'*')
                {
                    int k = s[(i + 2)..].IndexOf("*/"u8);
                    if (k < 0) return -1;
                    i = i + 2 + k + 2;
                }
                else
                {
                    return -1;
                }
            }
            else
            {
                return i;
            }
        }
        return i;
    }
}

/// <summary>
/// The common valid shapes of a datum read straight off a <see cref="Utf8JsonReader"/> positioned on its first token —
/// numbers, strings, value objects, counts by type, event and award lists — accepted and built by exactly the rules of
/// <see cref="DatumFastPath"/> on an element (DatumStreamTests hold the two side by side). Returns null for anything else (the reader then in an unspecified place): the caller
/// rewinds and reads that datum through the checked reader.
/// </summary>
internal static class DatumStream
{
    public static Datum? TryRead(ref Utf8JsonReader reader, Indicator indicator)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return TryNumber(ref reader, out var x) ? DatumFastPath.FromNumber(x, indicator) : null;
            case JsonTokenType.String:
                return DatumFastPath.FromText(reader.GetString()!, indicator);
            case JsonTokenType.StartObject when DatumFastPath.TakesValueObject(indicator.Method):
                return ValueObject(ref reader, indicator);
            case JsonTokenType.StartObject when indicator.Method.Type == MethodType.Events:
                return Counts(ref reader, indicator.Method);
            case JsonTokenType.StartArray when indicator.Method.Type == MethodType.Events:
                return Events(ref reader, indicator.Method);
            case JsonTokenType.StartArray when indicator.Method.Type == MethodType.Levels:
                return Awards(ref reader, indicator.Method);
            default:
                return null;
        }
    }

    private static bool TryNumber(ref Utf8JsonReader reader, out decimal value)
    {
        value = 0;
        return reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out value) && Math.Abs(value) <= JsonInput.MaxMagnitude;
    }

    /// <summary>A null figure counts as absent and a later duplicate replaces an earlier one, as in the checked reader.</summary>
    private static NumberDatum? ValueObject(ref Utf8JsonReader reader, Indicator indicator)
    {
        decimal? value = null, target = null, previous = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            int field = reader.ValueTextEquals("value"u8) ? 0 : reader.ValueTextEquals("target"u8) ? 1 : reader.ValueTextEquals("previous"u8) ? 2 : -1;
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null) continue;
            if (field < 0 || !TryNumber(ref reader, out var x)) return null;
            if (field == 0) value = x;
            else if (field == 1) target = x;
            else previous = x;
        }
        return DatumFastPath.FromValueObject(value, target, previous, indicator);
    }

    /// <summary>The value of a text field: null (absent) or a string that is not blank; false for anything else.</summary>
    private static bool TryText(ref Utf8JsonReader reader, out string? text)
    {
        text = null;
        if (reader.TokenType == JsonTokenType.Null) return true;
        if (reader.TokenType != JsonTokenType.String) return false;
        text = reader.GetString()!;
        return text.Trim().Length > 0;
    }

    /// <summary>
    /// Counts by type, <c>{"yellow": 2, "red": 1}</c>, no type twice: every type known to the method when points differ
    /// by type, any type that is not blank when they do not.
    /// </summary>
    private static CountsDatum? Counts(ref Utf8JsonReader reader, Method m)
    {
        var counts = new List<KeyValuePair<string, decimal>>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var type = reader.GetString()!;
            reader.Read();
            if (!TryNumber(ref reader, out var n) || !DatumFastPath.TryAddCount(counts, m, type, n)) return null;
        }
        return new CountsDatum(counts);
    }

    /// <summary>Events <c>{"id"?, "type"?, "date"?, "note"?}</c> with distinct ids and, when points differ by type, a known type each.</summary>
    private static EventsDatum? Events(ref Utf8JsonReader reader, Method m)
    {
        var events = new List<Event>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject) return null;
            string? id = null, type = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isId = reader.ValueTextEquals("id"u8), isType = !isId && reader.ValueTextEquals("type"u8);
                bool other = !isId && !isType && (reader.ValueTextEquals("date"u8) || reader.ValueTextEquals("note"u8));
                if (!isId && !isType && !other) return null;
                reader.Read();
                if (isId)
                {
                    if (!TryText(ref reader, out id)) return null;
                }
                else if (isType)
                {
                    if (!TryText(ref reader, out type)) return null;
                }
                else
                {
                    reader.Skip();
                }
            }
            if (!DatumFastPath.TryAddEvent(events, m, id, type)) return null;
        }
        return new EventsDatum(events);
    }

    /// <summary>Awards <c>{"item", "level"}</c>, each level known to the method.</summary>
    private static AwardsDatum? Awards(ref Utf8JsonReader reader, Method m)
    {
        var list = new List<Award>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject) return null;
            string? item = null, level = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isItem = reader.ValueTextEquals("item"u8);
                if (!isItem && !reader.ValueTextEquals("level"u8)) return null;
                reader.Read();
                if (isItem)
                {
                    if (!TryText(ref reader, out item)) return null;
                }
                else if (!TryText(ref reader, out level))
                {
                    return null;
                }
            }
            if (item is null || level is null || !m.Levels!.ContainsKey(level)) return null;
            list.Add(new Award(item, level));
        }
        return new AwardsDatum(list);
    }
}
