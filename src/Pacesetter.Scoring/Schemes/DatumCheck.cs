using System.Runtime.InteropServices;
using System.Text.Json;

namespace Pacesetter.Scoring.Schemes;

/// <summary>
/// One datum checked on its own against its indicator's datum shape (scoring.md §3, §4, §7): the check of every
/// route that stores a datum (the data API, the entry page, an import, the demo), the same the file reader applies to
/// each datum of <c>$.data</c> — so a datum it accepts never makes its period's file unreadable.
/// </summary>
public static class DatumCheck
{
    /// <summary>
    /// The problems of <paramref name="value"/> as the datum of <paramref name="indicator"/>, each under
    /// <paramref name="path"/> (the datum's path in the scheme file, e.g. <c>$.data.T1.land</c>): strings that are not
    /// text, nesting deeper than <see cref="JsonScan.DatumMaxDepth"/>, a shape or figure the method does not take.
    /// Empty when the datum is valid. A JSON <c>null</c> is no datum, and valid.
    /// </summary>
    public static IReadOnlyList<Problem> Check(Indicator indicator, JsonElement value, string path)
    {
        var scan = JsonScan.Datum(JsonMarshal.GetRawUtf8Value(value), path);
        if (scan.Count > 0) return scan;
        if (value.ValueKind == JsonValueKind.Null) return [];
        var input = new JsonInput();
        DatumReader.ReadAt(input, value, path, indicator);
        return input.Problems;
    }

    /// <inheritdoc cref="Check(Indicator, JsonElement, string)"/>
    public static IReadOnlyList<Problem> Check(Indicator indicator, ReadOnlySpan<byte> utf8, string path)
    {
        var scan = JsonScan.Datum(utf8, path);
        if (scan.Count > 0) return scan;
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = JsonScan.MaxDepth });
        JsonDocument doc;
        try
        {
            doc = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            return [new Problem(path, $"not valid JSON (byte {ex.BytePositionInLine + 1})", $"不是有效的 JSON（第 {ex.BytePositionInLine + 1} 个字节处）")];
        }
        using (doc) return Check(indicator, doc.RootElement, path);
    }
}
