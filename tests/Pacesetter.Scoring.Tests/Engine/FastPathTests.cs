using System.Globalization;
using System.Text.Json.Nodes;
using Pacesetter.Scoring.Engine;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.Scoring.Tests.Engine;

/// <summary>
/// The engine evaluates formulas in double with an error bound and falls back to decimal near a rounding boundary
/// (docs/decisions/0001). These tests hold it to the rule of scoring.md §2: the published figures are exactly those
/// of the decimal formulas, on random schemes and on data built to land on half cents, floors and whole steps.
/// </summary>
public class FastPathTests
{
    public static TheoryData<int> Seeds()
    {
        var seeds = new TheoryData<int>();
        for (int seed = 1; seed <= 150; seed++) seeds.Add(seed);
        return seeds;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Fast_path_publishes_the_decimal_figures_on_random_schemes(int seed)
    {
        var scheme = SchemeReader.Read(RandomScheme.Generate(seed).Json()).Require();
        AssertSameFigures(Scorer.Score(scheme, exact: true), Scorer.Score(scheme));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Fast_path_publishes_the_decimal_figures_on_boundary_data(int seed)
    {
        var scheme = SchemeReader.Read(BoundaryScheme(seed)).Require();
        AssertSameFigures(Scorer.Score(scheme, exact: true), Scorer.Score(scheme));
    }

    [Fact]
    public void Half_cent_results_are_rounded_away_from_zero_on_the_fast_path()
    {
        // leaderRatio 30 × 0.55 / 0.8 = 20.625 exactly → 20.63; 30 × 0.25 / 0.8 = 9.375 → 9.38.
        var json = """
            { "name": "n", "period": "2026-Q3", "units": { "A": "a", "B": "b", "C": "c" },
              "categories": [ { "id": "c", "units": ["A", "B", "C"],
                "indicators": [ { "id": "x", "weight": 30, "method": { "type": "leaderRatio" } } ] } ],
              "data": { "A": { "x": 0.8 }, "B": { "x": 0.55 }, "C": { "x": 0.25 } } }
            """;
        var result = Scorer.Score(SchemeReader.Read(json).Require());

        Assert.Equal(20.63m, result.Find("B")!.Value.Unit.Composite);
        Assert.Equal(9.38m, result.Find("C")!.Value.Unit.Composite);
    }

    [Fact]
    public void Large_values_with_a_tiny_spread_are_scored_exactly()
    {
        // Efficacy over 1,000,000,000.0001 … 1,000,000,000.0004: the spread is lost in double, so the decimal formula decides.
        var json = """
            { "name": "n", "period": "2026-Q3", "units": { "A": "a", "B": "b", "C": "c", "D": "d" },
              "categories": [ { "id": "c", "units": ["A", "B", "C", "D"],
                "indicators": [ { "id": "x", "weight": 10, "method": { "type": "efficacy" } } ] } ],
              "data": { "A": { "x": 1000000000.0001 }, "B": { "x": 1000000000.0002 }, "C": { "x": 1000000000.0003 }, "D": { "x": 1000000000.0004 } } }
            """;
        var scheme = SchemeReader.Read(json).Require();
        var result = Scorer.Score(scheme);

        // B: d = 60 + 40 × 1/3 = 73.333…; 10 × 73.333… / 100 = 7.33. C: 60 + 40 × 2/3 → 8.67.
        Assert.Equal(6m, result.Find("A")!.Value.Unit.Composite);
        Assert.Equal(7.33m, result.Find("B")!.Value.Unit.Composite);
        Assert.Equal(8.67m, result.Find("C")!.Value.Unit.Composite);
        Assert.Equal(10m, result.Find("D")!.Value.Unit.Composite);
        AssertSameFigures(Scorer.Score(scheme, exact: true), result);
    }

    private static void AssertSameFigures(SchemeResult exact, SchemeResult fast)
    {
        Assert.Equal(exact.Categories.Count, fast.Categories.Count);
        for (int c = 0; c < exact.Categories.Count; c++)
        {
            var e = exact.Categories[c];
            var f = fast.Categories[c];
            Assert.Equal(e.Flag, f.Flag with { Candidates = e.Flag.Candidates });
            Assert.Equal(e.Flag.Candidates, f.Flag.Candidates);
            for (int i = 0; i < e.Results.Count; i++)
            {
                var a = e.Results[i];
                var b = f.Results[i];
                var where = $"{e.Category.Id}/{a.Unit}";
                Assert.True(a.Unit == b.Unit, $"{where}: listed as {b.Unit}");
                Assert.True(a.Rank == b.Rank && a.Composite == b.Composite && a.Base == b.Base && a.Bonus == b.Bonus && a.Penalty == b.Penalty,
                    $"{where}: exact rank {a.Rank} {a.Composite} = {a.Base} + {a.Bonus} − {a.Penalty}, fast rank {b.Rank} {b.Composite} = {b.Base} + {b.Bonus} − {b.Penalty}");
                Assert.Equal(a.Grade, b.Grade);
                Assert.Equal(a.Label, b.Label);
                for (int j = 0; j < a.Cells.Count; j++)
                {
                    Assert.True(a.Cells[j].Score == b.Cells[j].Score && a.Cells[j].Source == b.Cells[j].Source,
                        $"{where}.{e.Category.Indicators[j].Id}: exact {a.Cells[j].Score}, fast {b.Cells[j].Score}");
                }
                Assert.Equal(a.Exemptions, b.Exemptions);
            }
        }
    }

    /// <summary>A scheme whose data are short decimals chosen so that many figures land exactly on half cents and thresholds.</summary>
    private static string BoundaryScheme(int seed)
    {
        var rng = new Random(seed);
        decimal[] weights = [3, 10, 15, 20, 25, 30, 7.5m, 12.5m];
        decimal Pick(params decimal[] values) => values[rng.Next(values.Length)];
        decimal Short(int lo, int hi, int decimals) => Math.Round(lo + (hi - lo) * (decimal)rng.NextDouble(), decimals);

        int units = rng.Next(2, 9);
        var unitIds = Enumerable.Range(0, units).Select(i => $"U{i}").ToList();
        var indicators = new JsonArray();
        var data = unitIds.ToDictionary(u => u, _ => new JsonObject());
        string[] methods = ["completion", "completion-lower", "efficacy", "efficacy-growth", "leaderRatio", "leaderRatio-lower", "baseline", "baseline-whole", "baseline-relative", "bands", "rollup", "completion-growth"];
        for (int k = 0; k < 8; k++)
        {
            var kind = methods[rng.Next(methods.Length)];
            var w = Pick(weights);
            var ind = new JsonObject { ["id"] = $"i{k}", ["weight"] = w, ["core"] = true };
            JsonObject method;
            Func<JsonNode> datum;
            switch (kind)
            {
                case "completion" or "completion-lower" or "completion-growth":
                    method = new JsonObject { ["type"] = "completion", ["cap"] = Pick(1m, 1.2m, 1.5m), ["floor"] = Pick(0m, 0.5m, 0.6m), ["target"] = Pick(3m, 8m, 10m, 12.5m, 40m) };
                    if (kind == "completion-lower") ind["direction"] = "lower";
                    if (kind == "completion-growth") ind["measure"] = "growth";
                    datum = kind == "completion-growth"
                        ? () => new JsonObject { ["value"] = Short(50, 150, 1), ["previous"] = Pick(40m, 80m, 100m, 125m) }
                        // Values like 4.8 of 8 (floor 0.6 exactly), 1.005 of 3, 2.005 × …: land on floors and half cents.
                        : () => JsonValue.Create(Pick(0m, 4.8m, 6m, 1.005m, 2.005m, 3.015m, 10.05m, 0.1005m, 7.5m, 12m) * Pick(1m, 2m, 3m, 10m))!;
                    break;
                case "efficacy" or "efficacy-growth":
                    method = new JsonObject { ["type"] = "efficacy" };
                    if (kind == "efficacy-growth")
                    {
                        ind["measure"] = "growth";
                        datum = () => new JsonObject { ["value"] = Short(80, 120, 0), ["previous"] = Pick(80m, 100m, 120m) };
                    }
                    else datum = () => JsonValue.Create(Short(0, 8, 1) / 8m * 8m)!;
                    break;
                case "leaderRatio" or "leaderRatio-lower":
                    method = new JsonObject { ["type"] = "leaderRatio" };
                    if (kind == "leaderRatio-lower") ind["direction"] = "lower";
                    datum = () => JsonValue.Create(Pick(0.8m, 0.55m, 0.25m, 0.4m, 1.6m, 0.125m, 0m))!;
                    break;
                case "baseline" or "baseline-whole" or "baseline-relative":
                    method = new JsonObject { ["type"] = "baseline", ["baseline"] = kind == "baseline" ? "average" : Pick(90m, 95m, 100m), ["deduct"] = Pick(0.5m, 0.25m, 1m, 0.125m), ["step"] = Pick(1m, 0.5m, 2.5m) };
                    if (kind == "baseline-whole") method["whole"] = true;
                    if (kind == "baseline-relative") method["relative"] = true;
                    method["bonusPer"] = Pick(0m, 0.05m, 0.125m);
                    method["bonusCap"] = Pick(0m, 1m, 2.5m);
                    datum = () => JsonValue.Create(Short(80, 110, 1))!;
                    break;
                case "bands":
                    method = new JsonObject { ["type"] = "bands", ["points"] = new JsonArray(new JsonArray(60, 0), new JsonArray(80, Math.Round(w * 0.6m, 2)), new JsonArray(100, w)) };
                    datum = () => JsonValue.Create(Short(55, 105, 2))!;
                    break;
                default:
                    method = new JsonObject { ["type"] = "rollup" };
                    datum = () => JsonValue.Create(Short(60, 100, 2))!;
                    break;
            }
            ind["method"] = method;
            indicators.Add(ind);
            foreach (var u in unitIds)
            {
                if (rng.Next(10) > 0) data[u][$"i{k}"] = datum();
            }
        }
        var scheme = new JsonObject
        {
            ["name"] = "boundary",
            ["period"] = "2026-Q3",
            ["units"] = new JsonObject(unitIds.Select(u => KeyValuePair.Create(u, (JsonNode?)JsonValue.Create(u)))),
            ["categories"] = new JsonArray(new JsonObject
            {
                ["id"] = "c",
                ["units"] = new JsonArray(unitIds.Select(u => (JsonNode?)JsonValue.Create(u)).ToArray()),
                ["indicators"] = indicators,
                ["grades"] = new JsonArray(new JsonObject { ["name"] = "A", ["min"] = 60, ["quota"] = 2 }, new JsonObject { ["name"] = "B", ["min"] = 0 }),
            }),
            ["data"] = new JsonObject(data.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)d.Value))),
        };
        return scheme.ToJsonString();
    }

    [Fact]
    public void Boundary_schemes_are_valid_and_hit_half_cents()
    {
        // The generator is only useful if its data really reach the boundaries the fast path must hand to decimal.
        int halfCents = 0;
        for (int seed = 1; seed <= 150; seed++)
        {
            var read = SchemeReader.Read(BoundaryScheme(seed));
            Assert.True(read.IsValid, string.Join("; ", read.Problems));
            var scheme = read.Require();
            foreach (var c in scheme.Categories)
            {
                foreach (var ind in c.Indicators.Where(i => i.Method.Type == MethodType.LeaderRatio && i.Direction == Direction.Higher))
                {
                    var xs = c.Units.Select(u => scheme.Data.GetValueOrDefault(u)?.GetValueOrDefault(ind.Id)).OfType<NumberDatum>().Select(d => d.Value).ToList();
                    if (xs.Count == 0 || xs.Max() <= 0) continue;
                    halfCents += xs.Count(x => ind.Weight * x / xs.Max() * 1000 % 10 == 5);
                }
            }
        }
        Assert.True(halfCents > 20, $"only {halfCents.ToString(CultureInfo.InvariantCulture)} leaderRatio figures on a half cent");
    }
}
