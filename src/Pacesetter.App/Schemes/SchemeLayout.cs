using System.Text.Json.Nodes;

namespace Pacesetter.App.Schemes;

/// <summary>
/// A scheme file written out (downloaded, in the editor, from the API) with its keys in scoring.md §7's order, the same
/// on every database: a PostgreSQL <c>jsonb</c> document keeps no key order (it orders keys by length), so the stored
/// document's own order cannot be what people read. Known keys come in the order the spec lists them, any others after
/// them by key (ordinal); maps whose keys are content are ordered by what they mean: units as the categories list them,
/// maps of points by their points, highest first (ADR 0051). <c>data</c> is left as assembled (by unit, then indicator).
/// Only the order changes: the file means exactly what it meant (scoring.md reads a map as a map).
/// </summary>
public static class SchemeLayout
{
    private static readonly string[] File = ["name", "period", "coreShareMin", "units", "categories", "data", "adjustments", "previousFlags"];
    private static readonly string[] Category = ["id", "name", "units", "indicators", "tieBreak", "grades", "labels", "flag"];
    private static readonly string[] Indicator = ["id", "name", "kind", "weight", "core", "direction", "measure", "missing", "method"];
    private static readonly string[] Method = ["type", "cap", "floor", "target", "base", "span", "good", "bad", "points", "step", "rest",
        "baseline", "deduct", "relative", "whole", "bonusPer", "bonusCap", "grades", "levels", "perEvent", "zeroAt"];
    private static readonly string[] Grade = ["name", "min", "quota"];
    private static readonly string[] Labels = ["pacesetter", "winner", "yellow"];
    private static readonly string[] Label = ["top", "bottom", "min", "below"];
    private static readonly string[] Adjustment = ["id", "unit", "type", "ref", "factor", "reason"];

    /// <summary>A copy of <paramref name="file"/> with its keys in §7's order (the input is not changed).</summary>
    public static JsonObject Arrange(JsonObject file)
    {
        var categories = (file["categories"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var unitOrder = categories.SelectMany(c => (c["units"] as JsonArray)?.Select(Text) ?? []).OfType<string>().ToList();
        var categoryOrder = categories.Select(c => Text(c["id"])).OfType<string>().ToList();
        return Ordered(file, File, (key, value) => key switch
        {
            "units" when value is JsonObject units => ByOrder(units, unitOrder),
            "categories" when value is JsonArray list => Each(list, ArrangeCategory),
            "adjustments" when value is JsonArray list => Each(list, a => Ordered(a, Adjustment)),
            "previousFlags" when value is JsonObject flags => ByOrder(flags, categoryOrder),
            _ => value?.DeepClone(),
        });
    }

    /// <summary>A map's keys by their points, highest first, then by key (ordinal); keys without a number last (ADR 0051).</summary>
    public static List<string> KeysByPoints(JsonObject map) =>
        [.. map.OrderByDescending(kv => kv.Value is JsonValue v && v.TryGetValue<decimal>(out var d) ? d : decimal.MinValue)
            .ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key)];

    private static JsonObject ArrangeCategory(JsonObject category) => Ordered(category, Category, (key, value) => key switch
    {
        "indicators" when value is JsonArray list => Each(list, i => Ordered(i, Indicator, (k, v) => k == "method" && v is JsonObject m ? ArrangeMethod(m) : v?.DeepClone())),
        "grades" when value is JsonArray list => Each(list, g => Ordered(g, Grade)),
        "labels" when value is JsonObject labels => Ordered(labels, Labels, (_, v) => v is JsonObject l ? Ordered(l, Label) : v?.DeepClone()),
        _ => value?.DeepClone(),
    });

    /// <summary>A method's parameters in §3's order; its maps of points (table, grade, levels, perEvent) by points.</summary>
    private static JsonObject ArrangeMethod(JsonObject method) =>
        Ordered(method, Method, (_, value) => value is JsonObject map ? ByOrder(map, KeysByPoints(map)) : value?.DeepClone());

    private static JsonObject Ordered(JsonObject o, string[] known, Func<string, JsonNode?, JsonNode?>? child = null)
    {
        var result = new JsonObject();
        var keys = known.Where(o.ContainsKey).Concat(o.Select(p => p.Key).Where(k => !known.Contains(k)).Order(StringComparer.Ordinal));
        foreach (var key in keys) result[key] = child is null ? o[key]?.DeepClone() : child(key, o[key]);
        return result;
    }

    /// <summary>The map with the keys of <paramref name="order"/> first, in that order, then the others by key.</summary>
    private static JsonObject ByOrder(JsonObject map, IReadOnlyList<string> order)
    {
        var result = new JsonObject();
        foreach (var key in order.Where(map.ContainsKey).Distinct(StringComparer.Ordinal)) result[key] = map[key]?.DeepClone();
        foreach (var key in map.Select(p => p.Key).Where(k => !result.ContainsKey(k)).Order(StringComparer.Ordinal).ToList()) result[key] = map[key]?.DeepClone();
        return result;
    }

    private static JsonArray Each(JsonArray list, Func<JsonObject, JsonObject> arrange) =>
        new([.. list.Select(n => n is JsonObject o ? arrange(o) : n?.DeepClone())]);

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
