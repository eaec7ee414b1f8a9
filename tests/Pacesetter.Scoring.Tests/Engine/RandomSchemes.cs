using System.Text.Json.Nodes;

namespace Pacesetter.Scoring.Tests.Engine;

/// <summary>
/// Seeded random scheme files mixing every method, missing policy, bonus, penalty, adjustment, grade, label and flag rule.
/// A scheme is kept as a model so the same scheme can be written with units and indicators listed in another order.
/// </summary>
internal sealed class RandomScheme
{
    public static readonly string[] BaseMethods = ["completion", "efficacy", "rank", "leaderRatio", "baseline", "bands", "table", "grade", "manual", "rollup"];

    public sealed class Indicator
    {
        public required string Id { get; init; }
        public required string Method { get; init; }
        public required JsonObject Definition { get; init; }
        /// <summary>unit id → datum (units without a datum are absent).</summary>
        public Dictionary<string, JsonNode> Data { get; } = new(StringComparer.Ordinal);
    }

    public sealed class Category
    {
        public required string Id { get; init; }
        public List<string> Units { get; } = [];
        public List<Indicator> Indicators { get; } = [];
        /// <summary>tieBreak, grades, labels, flag.</summary>
        public JsonObject Extra { get; } = [];
    }

    public List<Category> Categories { get; } = [];
    public List<JsonObject> Adjustments { get; } = [];
    public JsonObject PreviousFlags { get; } = [];

    public static RandomScheme Generate(int seed)
    {
        var rng = new Random(seed);
        var scheme = new RandomScheme();
        int categoryCount = rng.Next(1, 4);
        for (int k = 0; k < categoryCount; k++)
        {
            var cat = new Category { Id = "c" + k };
            int unitCount = rng.Next(2, 8);
            for (int i = 0; i < unitCount; i++) cat.Units.Add($"U{k}{(char)('a' + i)}");
            int baseCount = rng.Next(3, 7);
            int offset = rng.Next(BaseMethods.Length);
            for (int j = 0; j < baseCount; j++) cat.Indicators.Add(BaseIndicator(rng, cat, "b" + j, BaseMethods[(offset + j) % BaseMethods.Length]));
            if (rng.Next(3) > 0) cat.Indicators.Add(BonusIndicator(rng, cat, "bonus"));
            if (rng.Next(3) > 0) cat.Indicators.Add(PenaltyIndicator(rng, cat, "pen"));
            CategoryRules(rng, cat);
            scheme.Categories.Add(cat);
            scheme.RandomAdjustments(rng, cat);
            if (rng.Next(2) == 0) scheme.PreviousFlags[cat.Id] = cat.Units[rng.Next(cat.Units.Count)];
        }
        return scheme;
    }

    private static decimal Pick(Random rng, params decimal[] values) => values[rng.Next(values.Length)];

    /// <summary>A decimal in [min, max) with two decimals.</summary>
    private static decimal Amount(Random rng, int min, int max) => rng.Next(min * 100, max * 100) / 100m;

    private static Indicator BaseIndicator(Random rng, Category cat, string id, string type)
    {
        decimal w = Pick(rng, 5, 10, 15, 20, 23.75m, 30);
        var method = new JsonObject { ["type"] = type };
        var def = new JsonObject { ["id"] = id, ["name"] = id, ["weight"] = w, ["core"] = true, ["method"] = method };
        bool numeric = type is "efficacy" or "rank" or "leaderRatio" or "baseline";
        if (type is "completion" or "efficacy" or "rank" or "leaderRatio" or "baseline" && rng.Next(2) == 0) def["direction"] = "lower";
        bool growth = numeric && rng.Next(4) == 0;
        if (growth) def["measure"] = "growth";
        def["missing"] = new[] { "zero", "average", "exclude" }[rng.Next(3)];
        bool methodTarget = false;
        switch (type)
        {
            case "completion":
                method["cap"] = Pick(rng, 1, 1.2m, 1.5m);
                if (rng.Next(2) == 0) method["floor"] = Pick(rng, 0.5m, 0.6m);
                if (rng.Next(2) == 0)
                {
                    method["target"] = Pick(rng, 10, 50, 100);
                    methodTarget = true;
                }
                break;
            case "efficacy":
                if (rng.Next(3) == 0)
                {
                    method["good"] = Amount(rng, 100, 200);
                    method["bad"] = Amount(rng, 0, 100);
                }
                if (rng.Next(3) == 0)
                {
                    method["base"] = 50;
                    method["span"] = 50;
                }
                break;
            case "rank":
                if (rng.Next(2) == 0) method["points"] = new JsonArray(w, w * 0.8m, w * 0.6m);
                else method["step"] = Pick(rng, 1, 2, 2.5m);
                if (rng.Next(2) == 0) method["rest"] = Pick(rng, 0, 1);
                break;
            case "baseline":
                method["baseline"] = rng.Next(3) == 0 ? "average" : Amount(rng, 50, 150);
                method["deduct"] = Pick(rng, 0.1m, 0.5m, 1);
                if (rng.Next(2) == 0) method["step"] = Pick(rng, 1, 2, 5);
                if (rng.Next(3) == 0) method["relative"] = true;
                if (rng.Next(3) == 0) method["whole"] = true;
                if (rng.Next(3) == 0)
                {
                    method["bonusPer"] = 0.1m;
                    method["bonusCap"] = 1;
                }
                break;
            case "bands":
                method["points"] = new JsonArray(new JsonArray(60, 0), new JsonArray(80, w * 0.6m), new JsonArray(100, w));
                break;
            case "table":
                method["points"] = new JsonObject { ["1"] = w, ["2"] = w * 0.9m, ["2.5"] = w * 0.85m, ["3"] = w * 0.8m, ["甲"] = w * 0.7m };
                if (rng.Next(2) == 0) method["rest"] = 1;
                break;
            case "grade":
                method["grades"] = new JsonObject { ["优"] = 1, ["良"] = 0.85m, ["中"] = 0.7m, ["差"] = 0.5m };
                break;
        }
        var ind = new Indicator { Id = id, Method = type, Definition = def };
        foreach (var u in cat.Units)
        {
            if (rng.Next(7) == 0) continue; // no datum
            ind.Data[u] = type switch
            {
                "completion" => methodTarget && rng.Next(2) == 0
                    ? JsonValue.Create(Amount(rng, -5, 150))
                    : new JsonObject { ["value"] = Amount(rng, -5, 150), ["target"] = Amount(rng, 1, 120) },
                "table" => rng.Next(4) == 0 ? JsonValue.Create(new[] { "甲", "乙" }[rng.Next(2)]) : JsonValue.Create(Pick(rng, 1, 2, 2.5m, 2.50m, 3, 4, 7)),
                "grade" => JsonValue.Create(new[] { "优", "良", "中", "差" }[rng.Next(4)]),
                "manual" => JsonValue.Create(Math.Min(w, Amount(rng, 0, (int)w + 1))),
                "rollup" => JsonValue.Create(Amount(rng, 40, 110)),
                "bands" => JsonValue.Create(Amount(rng, 40, 120)),
                _ when growth => rng.Next(6) == 0
                    ? new JsonObject { ["value"] = Amount(rng, 1, 300), ["previous"] = 0 }
                    : new JsonObject { ["value"] = Amount(rng, 1, 300), ["previous"] = Amount(rng, 1, 300) },
                // a few repeated values make ties; a few at or below zero exercise the edge rules
                _ => JsonValue.Create(rng.Next(8) == 0 ? Pick(rng, 0, -3, 50) : Amount(rng, 1, 200)),
            };
        }
        return ind;
    }

    private static Indicator BonusIndicator(Random rng, Category cat, string id)
    {
        bool levels = rng.Next(2) == 0;
        var method = levels
            ? new JsonObject { ["type"] = "levels", ["levels"] = new JsonObject { ["national"] = 3, ["province"] = 2, ["city"] = 1 } }
            : new JsonObject { ["type"] = "points" };
        var def = new JsonObject { ["id"] = id, ["name"] = id, ["kind"] = "bonus", ["weight"] = Pick(rng, 2, 3, 5), ["method"] = method };
        var ind = new Indicator { Id = id, Method = levels ? "levels" : "points", Definition = def };
        foreach (var u in cat.Units)
        {
            if (rng.Next(3) == 0) continue;
            if (levels)
            {
                var list = new JsonArray();
                int n = rng.Next(0, 4);
                for (int i = 0; i < n; i++)
                {
                    list.Add(new JsonObject { ["item"] = "item" + rng.Next(3), ["level"] = new[] { "national", "province", "city" }[rng.Next(3)] });
                }
                ind.Data[u] = list;
            }
            else ind.Data[u] = JsonValue.Create(Amount(rng, 0, 6));
        }
        return ind;
    }

    private static Indicator PenaltyIndicator(Random rng, Category cat, string id)
    {
        bool byType = rng.Next(2) == 0;
        var method = new JsonObject { ["type"] = "events" };
        method["perEvent"] = byType ? new JsonObject { ["yellow"] = 0.5m, ["red"] = 1.25m } : Pick(rng, 0.25m, 0.5m, 1);
        if (rng.Next(2) == 0) method["zeroAt"] = rng.Next(2, 5);
        var def = new JsonObject { ["id"] = id, ["name"] = id, ["kind"] = "penalty", ["weight"] = Pick(rng, 2, 3, 5), ["method"] = method };
        var ind = new Indicator { Id = id, Method = "events", Definition = def };
        foreach (var u in cat.Units)
        {
            if (rng.Next(3) == 0) continue;
            int form = rng.Next(3);
            if (form == 0 && !byType) ind.Data[u] = JsonValue.Create(rng.Next(0, 5));
            else if (form == 1 && byType) ind.Data[u] = new JsonObject { ["yellow"] = rng.Next(0, 3), ["red"] = rng.Next(0, 3) };
            // §4 allows counts by type with one number per event: every type costs it.
            else if (form == 1) ind.Data[u] = new JsonObject { ["fire"] = rng.Next(0, 3), ["traffic"] = rng.Next(0, 3) };
            else
            {
                var list = new JsonArray();
                int n = rng.Next(0, 5);
                for (int i = 0; i < n; i++)
                {
                    var e = new JsonObject { ["id"] = "e" + i };
                    if (byType) e["type"] = rng.Next(2) == 0 ? "yellow" : "red";
                    else if (rng.Next(3) == 0) e["type"] = "fire";
                    list.Add(e);
                }
                ind.Data[u] = list;
            }
        }
        return ind;
    }

    private static void CategoryRules(Random rng, Category cat)
    {
        var candidates = cat.Indicators.Where(i => i.Method != "events").Select(i => i.Id).ToList();
        if (rng.Next(2) == 0)
        {
            var tie = new JsonArray();
            foreach (var id in candidates.OrderBy(_ => rng.Next()).Take(rng.Next(1, 3))) tie.Add(id);
            cat.Extra["tieBreak"] = tie;
        }
        if (rng.Next(4) > 0)
        {
            var first = new JsonObject { ["name"] = "优秀", ["min"] = Pick(rng, 40, 60, 80) };
            if (rng.Next(2) == 0) first["quota"] = rng.Next(0, 3);
            else first["quotaShare"] = Pick(rng, 0.2m, 0.25m, 0.5m);
            cat.Extra["grades"] = new JsonArray(first, new JsonObject { ["name"] = "良好", ["min"] = 30 }, new JsonObject { ["name"] = "一般", ["min"] = 0 });
        }
        if (rng.Next(4) > 0)
        {
            cat.Extra["labels"] = new JsonObject
            {
                ["pacesetter"] = new JsonObject { ["top"] = 1, ["min"] = Pick(rng, 30, 60) },
                ["winner"] = new JsonObject { ["top"] = rng.Next(1, 4), ["min"] = Pick(rng, 20, 40) },
                ["yellow"] = new JsonObject { ["bottom"] = rng.Next(0, 3), ["below"] = Pick(rng, 10, 30) },
            };
        }
        if (rng.Next(3) > 0) cat.Extra["flag"] = new JsonObject { ["min"] = Pick(rng, 20, 50) };
    }

    private void RandomAdjustments(Random rng, Category cat)
    {
        foreach (var u in cat.Units)
        {
            int roll = rng.Next(12);
            string id = "a" + Adjustments.Count;
            if (roll == 0) Adjustments.Add(new JsonObject { ["id"] = id, ["unit"] = u, ["type"] = "veto", ["reason"] = "r" });
            else if (roll == 1) Adjustments.Add(new JsonObject { ["id"] = id, ["unit"] = u, ["type"] = "blockTop", ["reason"] = "r" });
            else if (roll == 2)
            {
                Adjustments.Add(new JsonObject { ["id"] = id, ["unit"] = u, ["type"] = rng.Next(2) == 0 ? "veto" : "blockTop", ["reason"] = "r" });
                Adjustments.Add(new JsonObject { ["unit"] = u, ["type"] = "exemption", ["ref"] = id, ["reason"] = "r" });
            }
            else if (roll == 3 && cat.Indicators.FirstOrDefault(i => i.Method == "events") is { } pen && pen.Data.TryGetValue(u, out var d))
            {
                var factor = Pick(rng, 0, 0.5m);
                if (d is JsonArray events && events.Count > 0 && rng.Next(2) == 0)
                {
                    var eventId = events[rng.Next(events.Count)]!["id"]!.GetValue<string>();
                    Adjustments.Add(new JsonObject { ["unit"] = u, ["type"] = "exemption", ["ref"] = $"{pen.Id}/{eventId}", ["factor"] = factor, ["reason"] = "r" });
                }
                else Adjustments.Add(new JsonObject { ["unit"] = u, ["type"] = "exemption", ["ref"] = pen.Id, ["factor"] = factor, ["reason"] = "r" });
            }
        }
    }

    /// <summary>Multiplies every value of the leaderRatio and efficacy indicators by <paramref name="factor"/>, and fixed efficacy bounds of plain values with them.</summary>
    public void ScaleRatioAndEfficacyValues(decimal factor)
    {
        foreach (var ind in Categories.SelectMany(c => c.Indicators).Where(i => i.Method is "leaderRatio" or "efficacy"))
        {
            var method = ind.Definition["method"]!.AsObject();
            // a growth measure is already scale-free, so its fixed bounds stay
            bool growth = ind.Definition["measure"]?.GetValue<string>() == "growth";
            foreach (var bound in growth ? [] : new[] { "good", "bad" })
            {
                if (method[bound] is { } b) method[bound] = Number(b) * factor;
            }
            foreach (var u in ind.Data.Keys.ToList())
            {
                ind.Data[u] = ind.Data[u] switch
                {
                    JsonObject o => new JsonObject
                    {
                        ["value"] = Number(o["value"]!) * factor,
                        ["previous"] = Number(o["previous"]!) * factor,
                    },
                    var v => JsonValue.Create(Number(v) * factor),
                };
            }
        }
    }

    private static decimal Number(JsonNode node) => decimal.Parse(node.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Gives every unit but <paramref name="keep"/> another datum (or none) for the indicator.</summary>
    public void ReplaceOthers(Indicator ind, string keep, Random rng)
    {
        var units = Categories.Single(c => c.Indicators.Contains(ind)).Units;
        foreach (var u in units.Where(u => u != keep))
        {
            if (rng.Next(4) == 0) ind.Data.Remove(u);
            else ind.Data[u] = new JsonObject { ["value"] = Amount(rng, -5, 500), ["target"] = Amount(rng, 1, 300) };
        }
    }

    /// <summary>Writes the scheme file; with <paramref name="shuffle"/>, units and indicators are listed in a random order.</summary>
    public string Json(Random? shuffle = null)
    {
        IEnumerable<T> Order<T>(IEnumerable<T> items) => shuffle is null ? items : items.OrderBy(_ => shuffle.Next()).ToList();

        var units = new JsonObject();
        var categories = new JsonArray();
        var data = new JsonObject();
        foreach (var cat in Categories)
        {
            var unitList = new JsonArray();
            foreach (var u in Order(cat.Units)) unitList.Add(u);
            var indicators = new JsonArray();
            foreach (var ind in Order(cat.Indicators)) indicators.Add(ind.Definition.DeepClone());
            var c = new JsonObject { ["id"] = cat.Id, ["name"] = cat.Id, ["units"] = unitList, ["indicators"] = indicators };
            foreach (var (key, value) in cat.Extra) c[key] = value?.DeepClone();
            categories.Add(c);
        }
        foreach (var cat in Order(Categories.SelectMany(c => c.Units.Select(u => (Unit: u, Category: c)))))
        {
            units[cat.Unit] = "Unit " + cat.Unit;
            var unitData = new JsonObject();
            foreach (var ind in Order(cat.Category.Indicators))
            {
                if (ind.Data.TryGetValue(cat.Unit, out var d)) unitData[ind.Id] = d.DeepClone();
            }
            data[cat.Unit] = unitData;
        }
        var adjustments = new JsonArray();
        foreach (var a in Adjustments) adjustments.Add(a.DeepClone());
        return new JsonObject
        {
            ["name"] = "random",
            ["period"] = "2026-Q3",
            ["units"] = units,
            ["categories"] = categories,
            ["data"] = data,
            ["adjustments"] = adjustments,
            ["previousFlags"] = PreviousFlags.DeepClone(),
        }.ToJsonString();
    }
}
