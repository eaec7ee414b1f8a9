using System.Text.Json.Nodes;
using Pacesetter.Scoring.Engine;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.Scoring.Tests.Engine;

/// <summary>
/// Builds a small scheme file (scoring.md §7) so a test states only what matters: units, indicators with their
/// method as JSON text, data, and the category's grades, labels and flag. The first category is "c".
/// </summary>
internal sealed class SchemeBuilder
{
    private readonly JsonObject root;
    private readonly JsonObject units = [];
    private readonly JsonArray categories = [];
    private readonly JsonObject data = [];
    private readonly JsonArray adjustments = [];
    private readonly JsonObject previousFlags = [];
    private JsonObject category = null!;

    public SchemeBuilder(params string[] unitIds)
    {
        root = new JsonObject
        {
            ["name"] = "test scheme",
            ["period"] = "2026-Q3",
            ["units"] = units,
            ["categories"] = categories,
            ["data"] = data,
        };
        Category("c", unitIds);
    }

    /// <summary>Starts another category (it becomes the current one) holding the given units.</summary>
    public SchemeBuilder Category(string id, params string[] unitIds)
    {
        var list = new JsonArray();
        foreach (var u in unitIds)
        {
            units[u] = "Unit " + u;
            list.Add(u);
        }
        category = new JsonObject { ["id"] = id, ["name"] = id, ["units"] = list, ["indicators"] = new JsonArray() };
        categories.Add(category);
        return this;
    }

    /// <summary>A base indicator; <paramref name="options"/> is a JSON object merged into it, e.g. {"direction": "lower"}.</summary>
    public SchemeBuilder Base(string id, decimal weight, string method, string? options = null) =>
        Indicator(id, "base", weight, method, options);

    /// <summary>加分 bonus indicator: the weight is its cap.</summary>
    public SchemeBuilder Bonus(string id, decimal cap, string method) => Indicator(id, "bonus", cap, method, null);

    /// <summary>扣分 penalty indicator: the weight is its cap.</summary>
    public SchemeBuilder Penalty(string id, decimal cap, string method) => Indicator(id, "penalty", cap, method, null);

    private SchemeBuilder Indicator(string id, string kind, decimal weight, string method, string? options)
    {
        var ind = new JsonObject { ["id"] = id, ["name"] = id, ["kind"] = kind, ["weight"] = weight, ["method"] = JsonNode.Parse(method) };
        if (options is not null)
        {
            foreach (var (key, value) in JsonNode.Parse(options)!.AsObject()) ind[key] = value?.DeepClone();
        }
        category["indicators"]!.AsArray().Add(ind);
        return this;
    }

    /// <summary>One number per unit of the current category, in its order; null leaves that unit without a datum.</summary>
    public SchemeBuilder Values(string indicator, params decimal?[] values)
    {
        var list = category["units"]!.AsArray();
        if (values.Length != list.Count) throw new ArgumentException($"{values.Length} values for {list.Count} units");
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] is { } v) UnitData(list[i]!.GetValue<string>())[indicator] = v;
        }
        return this;
    }

    /// <summary>One datum given as JSON text: a number, {"value", "target", "previous"}, a string, a list or an object.</summary>
    public SchemeBuilder Datum(string unit, string indicator, string json)
    {
        UnitData(unit)[indicator] = JsonNode.Parse(json);
        return this;
    }

    private JsonObject UnitData(string unit)
    {
        if (data[unit] is JsonObject o) return o;
        var created = new JsonObject();
        data[unit] = created;
        return created;
    }

    /// <summary>Sets a field of the current category from JSON text (grades, labels, flag, tieBreak).</summary>
    public SchemeBuilder Set(string field, string json)
    {
        category[field] = JsonNode.Parse(json);
        return this;
    }

    public SchemeBuilder Grades(string json) => Set("grades", json);

    public SchemeBuilder Labels(string json) => Set("labels", json);

    public SchemeBuilder Flag(decimal min)
    {
        category["flag"] = new JsonObject { ["min"] = min };
        return this;
    }

    public SchemeBuilder TieBreak(params string[] indicatorIds)
    {
        var list = new JsonArray();
        foreach (var id in indicatorIds) list.Add(id);
        category["tieBreak"] = list;
        return this;
    }

    /// <summary>An adjustment (veto, blockTop, exemption) as JSON text; "reason" is filled in when left out.</summary>
    public SchemeBuilder Adjust(string json)
    {
        var a = JsonNode.Parse(json)!.AsObject();
        if (!a.ContainsKey("reason")) a["reason"] = "test";
        adjustments.Add(a);
        root["adjustments"] = adjustments;
        return this;
    }

    public SchemeBuilder Veto(string unit, string? id = null) =>
        Adjust(id is null ? $$"""{"unit": "{{unit}}", "type": "veto"}""" : $$"""{"id": "{{id}}", "unit": "{{unit}}", "type": "veto"}""");

    public SchemeBuilder BlockTop(string unit) => Adjust($$"""{"unit": "{{unit}}", "type": "blockTop"}""");

    public SchemeBuilder PreviousFlag(string categoryId, string unit)
    {
        previousFlags[categoryId] = unit;
        root["previousFlags"] = previousFlags;
        return this;
    }

    /// <summary>Sets a top-level field from JSON text (e.g. coreShareMin).</summary>
    public SchemeBuilder Top(string field, string json)
    {
        root[field] = JsonNode.Parse(json);
        return this;
    }

    public string Json() => root.ToJsonString();

    public SchemeReadResult Read() => SchemeReader.Read(Json());

    /// <summary>Reads the scheme, failing the test with every problem when it is invalid, and scores it.</summary>
    public SchemeResult Score()
    {
        var read = Read();
        Assert.True(read.IsValid, "scheme should be valid: " + string.Join("; ", read.Problems));
        return Scorer.Score(read.Require());
    }
}

/// <summary>Short ways to reach one unit's published figures.</summary>
internal static class ResultLookup
{
    public static UnitResult Unit(this SchemeResult result, string unitId) =>
        result.Find(unitId)?.Unit ?? throw new InvalidOperationException($"no unit {unitId} in the result");

    /// <summary>The unit's rounded score on one indicator (null when excluded).</summary>
    public static decimal? Score(this SchemeResult result, string unitId, string indicatorId) => result.Cell(unitId, indicatorId).Score;

    public static CellResult Cell(this SchemeResult result, string unitId, string indicatorId)
    {
        var (category, unit) = result.Find(unitId) ?? throw new InvalidOperationException($"no unit {unitId} in the result");
        int j = category.Category.IndicatorIndex(indicatorId);
        if (j < 0) throw new InvalidOperationException($"no indicator {indicatorId} in category {category.Category.Id}");
        return unit.Cells[j];
    }

    /// <summary>Scores of one indicator for the given units, in that order.</summary>
    public static decimal?[] Scores(this SchemeResult result, string indicatorId, params string[] unitIds) =>
        unitIds.Select(u => result.Score(u, indicatorId)).ToArray();

    /// <summary>The listing order of a category's results.</summary>
    public static string[] Listing(this SchemeResult result, int category = 0) =>
        result.Categories[category].Results.Select(r => r.Unit).ToArray();
}

/// <summary>Starting points shared by the ranking, grade, label, flag and adjustment tests.</summary>
internal static class Given
{
    /// <summary>One manual indicator "x" of weight 100 in category "c", so each unit's composite is its datum.</summary>
    public static SchemeBuilder Composites(params (string Unit, decimal Composite)[] units)
    {
        var builder = new SchemeBuilder(units.Select(u => u.Unit).ToArray())
            .Base("x", 100, """{"type": "manual"}""");
        return builder.Values("x", units.Select(u => (decimal?)u.Composite).ToArray());
    }
}
