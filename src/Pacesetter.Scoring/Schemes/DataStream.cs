using System.Text.Json;

namespace Pacesetter.Scoring.Schemes;

/// <summary>
/// Cuts the value of <c>$.data</c> — the bulk of a large file, a million values in a province — out of a scheme file,
/// so that only the rest is built into a <see cref="JsonDocument"/> and the data are walked token by token
/// (SchemeReader's ReadDataStream). Declines (false) whenever the file is anything but well-formed JSON whose root object
/// has one <c>data</c> field holding an object: the document reader then reads the whole file as before and reports
/// whatever is wrong exactly as before.
/// </summary>
internal static class DataSplit
{
    /// <summary>The same reading options as the document's (<see cref="JsonInput.DocumentOptions"/>).</summary>
    public static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 };

    /// <summary>
    /// On success <paramref name="rest"/> is the file with <c>$.data</c>'s value replaced by <c>{}</c> and
    /// <paramref name="data"/> is that value's bytes, <c>{…}</c>.
    /// </summary>
    public static bool TrySplit(ReadOnlyMemory<byte> utf8, out ReadOnlyMemory<byte> rest, out ReadOnlyMemory<byte> data)
    {
        rest = data = default;
        var span = utf8.Span;
        if (span.Length >= 3 && span[0] == 0xEF && span[1] == 0xBB && span[2] == 0xBF) utf8 = utf8[3..];
        int start = -1, end = -1;
        try
        {
            // Reads every token of the file once: a file this accepts is one JsonDocument.Parse accepts too.
            var reader = new Utf8JsonReader(utf8.Span, ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isData = reader.ValueTextEquals("data"u8);
                reader.Read();
                if (isData)
                {
                    // Two data fields, or one that is not an object: left to the document reader.
                    if (start >= 0 || reader.TokenType != JsonTokenType.StartObject) return false;
                    start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    end = (int)reader.BytesConsumed;
                }
                else
                {
                    reader.Skip();
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read()) return false;
        }
        catch (JsonException)
        {
            return false;
        }
        if (start < 0) return false;
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

    private static bool IsCount(decimal n) => n >= 0 && n == decimal.Truncate(n);

    /// <summary>The value of a text field: null (absent) or a string that is not blank; false for anything else.</summary>
    private static bool TryText(ref Utf8JsonReader reader, out string? text)
    {
        text = null;
        if (reader.TokenType == JsonTokenType.Null) return true;
        if (reader.TokenType != JsonTokenType.String) return false;
        text = reader.GetString()!;
        return text.Trim().Length > 0;
    }

    /// <summary>Counts by type, <c>{"yellow": 2, "red": 1}</c>, every type known to the method.</summary>
    private static CountsDatum? Counts(ref Utf8JsonReader reader, Method m)
    {
        if (m.PerEventByType is null) return null;
        var counts = new List<KeyValuePair<string, decimal>>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var type = reader.GetString()!;
            reader.Read();
            if (!TryNumber(ref reader, out var n) || !IsCount(n)) return null;
            if (!m.PerEventByType.ContainsKey(type)) return null;
            counts.Add(new(type, n));
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
            if (m.PerEventByType is not null && (type is null || !m.PerEventByType.ContainsKey(type))) return null;
            if (id is not null)
            {
                foreach (var earlier in events)
                {
                    if (earlier.Id == id) return null;
                }
            }
            events.Add(new Event(id, type));
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
