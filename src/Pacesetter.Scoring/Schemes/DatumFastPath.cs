using System.Text.Json;

namespace Pacesetter.Scoring.Schemes;

/// <summary>
/// The common, valid shapes of a datum read without building a JSON path or any other text a problem would need: most
/// of a province's million values. Returns null for anything else — any shape or value the checked reader
/// (<see cref="DatumReader"/>) might refuse — which then reads the datum again and reports its problems. Every datum
/// returned here is one the checked reader accepts and builds the same way (DatumFastPathTests holds the two side by side).
/// </summary>
internal static class DatumFastPath
{
    public static Datum? TryRead(JsonElement el, Indicator indicator)
    {
        var m = indicator.Method;
        switch (el.ValueKind)
        {
            case JsonValueKind.Number:
                return TryNumber(el, out var x) ? FromNumber(x, indicator) : null;
            case JsonValueKind.String:
                return FromText(el.GetString()!, indicator);
            case JsonValueKind.Object:
                return m.Type switch
                {
                    MethodType.Grade or MethodType.Levels or MethodType.Points => null,
                    MethodType.Events => Counts(el, m),
                    _ => ValueObject(el, indicator),
                };
            case JsonValueKind.Array:
                return m.Type switch
                {
                    MethodType.Levels => Awards(el, m),
                    MethodType.Events => Events(el, m),
                    _ => null,
                };
            default:
                return null;
        }
    }

    /// <summary>A datum written as a number in range, <paramref name="x"/>, when the method takes it as it is.</summary>
    internal static NumberDatum? FromNumber(decimal x, Indicator indicator)
    {
        var m = indicator.Method;
        return m.Type switch
        {
            MethodType.Completion => m.Target is > 0 ? new NumberDatum(x) : null,
            MethodType.Efficacy or MethodType.Rank or MethodType.LeaderRatio or MethodType.Baseline or MethodType.Bands
                or MethodType.Table or MethodType.Rollup => new NumberDatum(x),
            MethodType.Manual => indicator.Measure != MeasureKind.Value || (x >= 0 && x <= indicator.Weight) ? new NumberDatum(x) : null,
            MethodType.Points => x >= 0 ? new NumberDatum(x) : null,
            MethodType.Events => m.PerEventByType is null && IsCount(x) ? new NumberDatum(x) : null,
            _ => null,
        };
    }

    /// <summary>A datum written as a string: a table's key, or a grade the method knows.</summary>
    internal static TextDatum? FromText(string text, Indicator indicator)
    {
        var m = indicator.Method;
        if (m.Type == MethodType.Table) return new TextDatum(text);
        if (m.Type != MethodType.Grade) return null;
        return m.Grades!.ContainsKey(text) ? new TextDatum(text) : null;
    }

    /// <summary>Whether a datum object <c>{"value", …}</c> is read as a value object by the method (rather than counts, or refused).</summary>
    internal static bool TakesValueObject(Method m) => m.Type is not (MethodType.Grade or MethodType.Levels or MethodType.Points or MethodType.Events);

    private static bool TryNumber(JsonElement el, out decimal value)
    {
        value = 0;
        return el.ValueKind == JsonValueKind.Number && el.TryGetDecimal(out value) && Math.Abs(value) <= JsonInput.MaxMagnitude;
    }

    private static bool IsCount(decimal n) => n >= 0 && n == decimal.Truncate(n);

    /// <summary>A string field that is absent or null (null), or a string that is not blank; false for anything else.</summary>
    private static bool TryText(JsonElement value, out string? text)
    {
        text = null;
        if (value.ValueKind == JsonValueKind.Null) return true;
        if (value.ValueKind != JsonValueKind.String) return false;
        text = value.GetString()!;
        return text.Trim().Length > 0;
    }

    /// <summary><c>{"value", "target"?, "previous"?}</c>, each a number or null; a later duplicate replaces an earlier one, as in the checked reader.</summary>
    private static NumberDatum? ValueObject(JsonElement el, Indicator indicator)
    {
        decimal? value = null, target = null, previous = null;
        foreach (var p in el.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.Null) continue;
            if (!TryNumber(p.Value, out var x)) return null;
            if (p.NameEquals("value"u8)) value = x;
            else if (p.NameEquals("target"u8)) target = x;
            else if (p.NameEquals("previous"u8)) previous = x;
            else return null;
        }
        return FromValueObject(value, target, previous, indicator);
    }

    /// <summary>The checks of a value object's figures once read (a value given, a positive target for completion, a manual score in range).</summary>
    internal static NumberDatum? FromValueObject(decimal? value, decimal? target, decimal? previous, Indicator indicator)
    {
        if (value is null) return null;
        var m = indicator.Method;
        if (m.Type == MethodType.Completion && (target ?? m.Target) is not > 0) return null;
        if (m.Type == MethodType.Manual && indicator.Measure == MeasureKind.Value && (value < 0 || value > indicator.Weight)) return null;
        return new NumberDatum(value.Value, target, previous);
    }

    /// <summary>Counts by type, <c>{"yellow": 2, "red": 1}</c>, as <see cref="TryAddCount"/> takes them.</summary>
    private static CountsDatum? Counts(JsonElement el, Method m)
    {
        var counts = new List<KeyValuePair<string, decimal>>();
        foreach (var p in el.EnumerateObject())
        {
            if (!TryNumber(p.Value, out var n) || !TryAddCount(counts, m, p.Name, n)) return null;
        }
        return new CountsDatum(counts);
    }

    /// <summary>
    /// Adds a count read by either fast path, or declines (false) when the checked reader must judge it: not a count, a
    /// type already given, or a type the method does not know when points differ by type (a blank one when they do not).
    /// </summary>
    internal static bool TryAddCount(List<KeyValuePair<string, decimal>> counts, Method m, string type, decimal n)
    {
        if (!IsCount(n)) return false;
        if (m.PerEventByType is null ? type.Trim().Length == 0 : !m.PerEventByType.ContainsKey(type)) return false;
        foreach (var earlier in counts)
        {
            if (earlier.Key == type) return false;
        }
        counts.Add(new(type, n));
        return true;
    }

    /// <summary>
    /// Adds an event read by either fast path, or declines (false) when the checked reader must judge it: a type the
    /// method does not know when points differ by type, or an id already used.
    /// </summary>
    internal static bool TryAddEvent(List<Event> events, Method m, string? id, string? type)
    {
        if (m.PerEventByType is not null && (type is null || !m.PerEventByType.ContainsKey(type))) return false;
        if (id is not null)
        {
            foreach (var earlier in events)
            {
                if (earlier.Id == id) return false;
            }
        }
        events.Add(new Event(id, type));
        return true;
    }

    /// <summary>Events <c>{"id"?, "type"?, "date"?, "note"?}</c> with distinct ids and, when points differ by type, a known type each.</summary>
    private static EventsDatum? Events(JsonElement el, Method m)
    {
        var events = new List<Event>(el.GetArrayLength());
        foreach (var e in el.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.Object) return null;
            string? id = null, type = null;
            foreach (var p in e.EnumerateObject())
            {
                if (p.NameEquals("id"u8))
                {
                    if (!TryText(p.Value, out id)) return null;
                }
                else if (p.NameEquals("type"u8))
                {
                    if (!TryText(p.Value, out type)) return null;
                }
                else if (!p.NameEquals("date"u8) && !p.NameEquals("note"u8)) return null;
            }
            if (!DatumFastPath.TryAddEvent(events, m, id, type)) return null;
        }
        return new EventsDatum(events);
    }

    /// <summary>Awards <c>{"item", "level"}</c>, each level known to the method.</summary>
    private static AwardsDatum? Awards(JsonElement el, Method m)
    {
        var list = new List<Award>(el.GetArrayLength());
        foreach (var a in el.EnumerateArray())
        {
            if (a.ValueKind != JsonValueKind.Object) return null;
            string? item = null, level = null;
            foreach (var p in a.EnumerateObject())
            {
                if (p.NameEquals("item"u8))
                {
                    if (!TryText(p.Value, out item)) return null;
                }
                else if (p.NameEquals("level"u8))
                {
                    if (!TryText(p.Value, out level)) return null;
                }
                else return null;
            }
            if (item is null || level is null || !m.Levels!.ContainsKey(level)) return null;
            list.Add(new Award(item, level));
        }
        return new AwardsDatum(list);
    }
}
