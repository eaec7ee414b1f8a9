using Pacesetter.Scoring.Engine;
using Pacesetter.Scoring.Schemes;
using Pacesetter.Scoring.Tests.Engine;
using Pacesetter.Scoring.Text;

namespace Pacesetter.Scoring.Tests.Spec;

/// <summary>
/// Files written from the text of scoring.md alone (not from the worked example), as a new user would write them:
/// the §7 example itself, files without <c>units</c> or naming only some units, every datum shape §7 lists, and the
/// vectors of the multiply-before-dividing rule (§2, §3). Each is scored on the fast path and by the decimal
/// formulas alone, which must agree.
/// </summary>
public class SpecFileTests
{
    /// <summary>The scheme file of scoring.md §7, character for character (examples/scoring-section7.json).</summary>
    public static readonly string Section7Example = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "scoring-section7.json"));

    private static SchemeResult ScoreBothWays(string json)
    {
        var read = SchemeReader.Read(json);
        Assert.True(read.IsValid, string.Join("; ", read.Problems));
        var fast = Scorer.Score(read.Require());
        var exact = Scorer.Score(read.Require(), exact: true);
        foreach (var (f, e) in fast.Categories.Zip(exact.Categories))
        {
            Assert.Equal(e.Results.Select(r => (r.Unit, r.Rank, r.Composite, r.Grade, r.Label)), f.Results.Select(r => (r.Unit, r.Rank, r.Composite, r.Grade, r.Label)));
            Assert.Equal(e.Results.Select(r => string.Join(",", r.Cells.Select(c => c.Score))), f.Results.Select(r => string.Join(",", r.Cells.Select(c => c.Score))));
        }
        return fast;
    }

    [Fact]
    public void Section7_example_is_valid_and_scored_by_hand()
    {
        var result = ScoreBothWays(Section7Example);
        var towns = result.Categories[0];

        // T1: r = 118 / 100 = 1.18, between floor 0.6 and cap 1.2 → 40 × 118 / 100 = 47.2; one yellow event 0.5;
        // composite 47.2 − 0.5 = 46.7. T2 and T3 have no revenue datum (missing: zero) → 0. T3 is vetoed → last.
        Assert.Equal(["T1", "T2", "T3"], towns.Results.Select(r => r.Unit));
        Assert.Equal([1, 2, 3], towns.Results.Select(r => r.Rank));
        Assert.Equal([46.7m, 0m, 0m], towns.Results.Select(r => r.Composite));
        Assert.Equal(47.2m, result.Score("T1", "revenue"));
        Assert.Equal(0.5m, result.Score("T1", "safety"));
        Assert.Equal(0m, result.Score("T2", "revenue"));
        // Grades: nobody reaches 85 → the lowest 一般 for all (T3 as vetoed). Labels: 46.7 and 0 are below 60 → yellow;
        // a veto carries yellow. Flag: T1 is rank 1 but below 90 → nobody; previous T2, so the flag moved.
        Assert.Equal(["一般", "一般", "一般"], towns.Results.Select(r => r.Grade));
        Assert.Equal(["yellow", "yellow", "yellow"], towns.Results.Select(r => r.Label));
        Assert.Equal((null, "T2", true), (towns.Flag.Holder, towns.Flag.Previous, towns.Flag.Moved));
        // `units` names T1 only: T2 and T3 are valid and named by their ids.
        Assert.Equal(["城东街道", "T2", "T3"], towns.Results.Select(r => r.Name));
    }

    [Fact]
    public void Units_may_be_left_out_and_every_unit_is_named_by_its_id()
    {
        // §7 lists `units` as a map of display names; a file without it scores its categories' units by id.
        var result = ScoreBothWays("""
            { "name": "无 units", "period": "2026-10",
              "categories": [ { "id": "c", "units": ["A", "B"],
                "indicators": [ { "id": "x", "weight": 10, "method": { "type": "completion", "target": 8 } } ] } ],
              "data": { "A": { "x": 6 }, "B": { "x": 9 } } }
            """);

        // A: 10 × 6 / 8 = 7.5. B: r = 9 / 8 = 1.125 ≥ cap 1 → 10 × 1 = 10.
        Assert.Equal((7.5m, 10m), (result.Unit("A").Composite, result.Unit("B").Composite));
        Assert.Equal(("A", "B"), (result.Unit("A").Name, result.Unit("B").Name));
        var scheme = SchemeReader.Read("""{ "name": "n", "period": "2026", "categories": [ { "id": "c", "units": ["A"], "indicators": [ { "id": "x", "weight": 1, "method": { "type": "manual" } } ] } ] }""").Require();
        Assert.Equal([new UnitInfo("A", "A", Named: false)], scheme.Units);
    }

    [Fact]
    public void A_partial_units_map_keeps_its_names_and_a_named_unit_in_no_category_is_not_scored()
    {
        var read = SchemeReader.Read("""
            { "name": "部分命名", "period": "2026-H1", "units": { "B": "乙镇", "Z": "未参评" },
              "categories": [ { "id": "c", "units": ["A", "B"],
                "indicators": [ { "id": "x", "weight": 5, "method": { "type": "manual" } } ] } ] }
            """);

        var scheme = read.Require();
        Assert.Equal([new UnitInfo("B", "乙镇"), new UnitInfo("Z", "未参评"), new UnitInfo("A", "A", Named: false)], scheme.Units);
        var result = Scorer.Score(scheme);
        Assert.Equal(["A", "乙镇"], result.Categories[0].Results.Select(r => r.Name).Order());
    }

    [Fact]
    public void A_file_without_units_still_reports_every_deeper_problem_with_its_path()
    {
        // The §7 example without `units`, with three mistakes §7 names: a datum of an unknown indicator, data of an
        // unknown unit, and an adjustment of an unknown unit. Each is reported at its path; no unit listed by the
        // category is reported as unknown.
        var json = Section7Example
            .Replace("\"units\": { \"T1\": \"城东街道\" },", "")
            .Replace("\"data\": { \"T1\":", "\"data\": { \"T2\": { \"rev\": 5 }, \"T9\": { \"revenue\": 1 }, \"T1\":")
            .Replace("\"adjustments\": [ ", "\"adjustments\": [ { \"unit\": \"T4\", \"type\": \"blockTop\", \"reason\": \"r\" }, ");

        var problems = SchemeReader.Read(json).Problems.Select(p => p.ToString()).ToList();

        Assert.Equal(
        [
            "$.data.T2.rev: unknown indicator \"rev\" in category \"towns\"",
            "$.data.T9: unknown unit \"T9\"",
            "$.adjustments[0].unit: unknown unit \"T4\"",
        ], problems);
    }

    [Fact]
    public void A_category_refused_for_its_id_still_has_its_data_checked()
    {
        // Two categories with the same id: the second is refused, and its unit's datum of an unknown indicator is
        // still found (not hidden behind "in no category").
        var problems = SchemeReader.Read("""
            { "name": "n", "period": "2026-Q1",
              "categories": [
                { "id": "c", "units": ["A"], "indicators": [ { "id": "x", "weight": 5, "method": { "type": "manual" } } ] },
                { "id": "c", "units": ["B"], "indicators": [ { "id": "y", "weight": 5, "method": { "type": "manual" } } ] } ],
              "data": { "A": { "x": 1 }, "B": { "y": 2, "z": 3 } } }
            """).Problems.Select(p => p.ToString()).ToList();

        Assert.Equal(
        [
            "$.categories[1].id: duplicate category id \"c\" (also $.categories[0])",
            "$.data.B.z: unknown indicator \"z\" in category \"c\"",
        ], problems);
    }

    [Fact]
    public void An_empty_unit_id_in_a_category_is_a_problem()
    {
        var problems = SchemeReader.Read("""
            { "name": "n", "period": "2026-Q1",
              "categories": [ { "id": "c", "units": ["A", " "], "indicators": [ { "id": "x", "weight": 5, "method": { "type": "manual" } } ] } ] }
            """).Problems.Select(p => p.ToString()).ToList();

        Assert.Equal(["$.categories[0].units[1]: a unit id must not be empty"], problems);
    }

    [Fact]
    public void Every_datum_shape_of_section7_is_read()
    {
        // "A datum is a number, or {"value", "target"?, "previous"?}, or a string (grade), or a list (awards, events),
        // or an object of event counts."
        var result = ScoreBothWays("""
            { "name": "数据形态", "period": "2026-Q3",
              "categories": [ { "id": "c", "units": ["A", "B"],
                "indicators": [
                  { "id": "plain", "weight": 10, "method": { "type": "completion", "target": 100 } },
                  { "id": "grow", "weight": 10, "measure": "growth", "method": { "type": "completion", "target": 20 } },
                  { "id": "rating", "weight": 10, "method": { "type": "grade", "grades": { "好": 1, "中": 0.6 } } },
                  { "id": "awards", "kind": "bonus", "weight": 4, "method": { "type": "levels", "levels": { "national": 3, "province": 2 } } },
                  { "id": "cards", "kind": "penalty", "weight": 3, "method": { "type": "events", "perEvent": { "yellow": 0.5, "red": 1 } } },
                  { "id": "count", "kind": "penalty", "weight": 2, "method": { "type": "events", "perEvent": 0.25 } } ] } ],
              "data": {
                "A": { "plain": { "value": 90 }, "grow": { "value": 112, "previous": 100 }, "rating": "中",
                       "awards": [ { "item": "i1", "level": "province" }, { "item": "i1", "level": "national" } ],
                       "cards": [ { "id": "e1", "type": "red" } ], "count": 3 },
                "B": { "plain": { "value": 90, "target": 120 }, "grow": { "value": 112 }, "rating": "好",
                       "awards": [ { "item": "i2", "level": "province" } ], "cards": { "yellow": 2, "red": 1 } } } }
            """);

        // A: plain {"value"} takes the method's target: 10 × 90 / 100 = 9. grow: (112 − 100) × 100 / 100 = 12 %,
        // 10 × 12 / 20 = 6. rating 中: 10 × 0.6 = 6. awards: item i1 once at its highest level, national 3.
        // cards: red 1. count: 3 × 0.25 = 0.75. Composite 9 + 6 + 6 + 3 − 1 − 0.75 = 22.25.
        Assert.Equal([9m, 6m, 6m, 3m, 1m, 0.75m], result.Unit("A").Cells.Select(c => c.Score));
        Assert.Equal(22.25m, result.Unit("A").Composite);
        // B: the datum's target overrides: 10 × 90 / 120 = 7.5. grow without previous: missing (zero policy) → 0.
        // rating 好 10. awards province 2. cards 2 × 0.5 + 1 = 2. Composite 7.5 + 0 + 10 + 2 − 2 = 17.5.
        Assert.Equal([7.5m, 0m, 10m, 2m, 2m, 0m], result.Unit("B").Cells.Select(c => c.Score));
        Assert.Equal(CellSource.MissingZero, result.Cell("B", "grow").Source);
        Assert.Equal(17.5m, result.Unit("B").Composite);
    }

    [Fact]
    public void Completion_multiplies_before_dividing()
    {
        // §2/§3: 3 × 2.005 / 3 = 2.005 → 2.01, where 3 × (2.005 / 3) is 2.0049999… → 2.00 in decimal.
        Assert.Equal(2.00m, Numbers.Round2(3m * (2.005m / 3m)));
        // Lower: w × target / x: 3 × 2.005 / 3 = 2.01 (r = 2.005 / 3 = 0.668…, above floor 0, below cap 1).
        // Cap: r = 12 / 10 = 1.2 ≥ cap 1.2 → 40 × 1.2 = 48; floor: r = 5 / 10 = 0.5 < 0.6 → 0.
        var result = ScoreBothWays("""
            { "name": "先乘后除", "period": "2026-Q3",
              "categories": [ { "id": "c", "units": ["A", "B", "C", "D"],
                "indicators": [
                  { "id": "up", "weight": 3, "method": { "type": "completion", "target": 3 } },
                  { "id": "down", "weight": 3, "direction": "lower", "method": { "type": "completion", "target": 2.005 } },
                  { "id": "capped", "weight": 40, "method": { "type": "completion", "cap": 1.2, "floor": 0.6, "target": 10 } } ] } ],
              "data": {
                "A": { "up": 2.005, "down": 3, "capped": 12 },
                "B": { "up": 1.005, "down": 2.005, "capped": 5 },
                "C": { "up": 0.1005, "down": 0, "capped": 11.99 },
                "D": { "up": -1, "down": -2, "capped": 6 } } }
            """);

        Assert.Equal([2.01m, 2.01m, 48m], result.Unit("A").Cells.Select(c => c.Score));
        // B: 3 × 1.005 / 3 = 1.005 → 1.01; lower r = 2.005 / 2.005 = 1 ≥ cap → 3; r = 0.5 < floor → 0.
        Assert.Equal([1.01m, 3m, 0m], result.Unit("B").Cells.Select(c => c.Score));
        // C: 3 × 0.1005 / 3 = 0.1005 → 0.10 (half away from zero at the third decimal: 0.1005 → 0.10, not a half cent);
        // lower x ≤ 0 → r = cap → 3; 40 × 11.99 / 10 = 47.96.
        Assert.Equal([0.10m, 3m, 47.96m], result.Unit("C").Cells.Select(c => c.Score));
        // D: r = −1 / 3 ≤ 0 → 0; lower x ≤ 0 → 3; r = 0.6 = floor (not below) → 40 × 6 / 10 = 24.
        Assert.Equal([0m, 3m, 24m], result.Unit("D").Cells.Select(c => c.Score));
    }

    [Fact]
    public void Baseline_steps_multiply_before_dividing()
    {
        // deduct × n = deduct × gap / step: 3 − 3 × 2.015 / 3 = 0.985 → 0.99, where 3 × (2.015 / 3) = 2.0150…01
        // would give 0.9849…9 → 0.98. Bonus: 3 + min(5, 3 × 2.005 / 3) = 5.005 → 5.01 (3 × (2.005 / 3) → 5.00).
        Assert.Equal(0.98m, Numbers.Round2(3m - 3m * (2.015m / 3m)));
        Assert.Equal(5.00m, Numbers.Round2(3m + 3m * (2.005m / 3m)));
        var result = ScoreBothWays("""
            { "name": "达标", "period": "2026-Q3",
              "categories": [ { "id": "c", "units": ["A", "B"],
                "indicators": [ { "id": "b", "weight": 3,
                  "method": { "type": "baseline", "baseline": 100, "deduct": 3, "step": 3, "bonusPer": 3, "bonusCap": 5 } } ] } ],
              "data": { "A": { "b": 97.985 }, "B": { "b": 102.005 } } }
            """);

        Assert.Equal((0.99m, 5.01m), (result.Score("A", "b"), result.Score("B", "b")));
    }

    [Fact]
    public void Growth_and_relative_baseline_multiply_by_100_before_dividing()
    {
        // growth (4 − 3) × 100 / 3 = 33.333…3 to decimal's 28 places, where (4 − 3) / 3 × 100 = 33.333…30.
        // relative baseline: baseline 3, x = 2 → gap 1 × 100 / 3, the same figure; deduct 0.3 per 10 % step:
        // 10 − 0.3 × 33.333…3 / 10 = 9.00.
        var result = ScoreBothWays("""
            { "name": "增幅", "period": "2026",
              "categories": [ { "id": "c", "units": ["A", "B"],
                "indicators": [
                  { "id": "g", "weight": 100, "measure": "growth", "method": { "type": "bands", "points": [[0, 0], [100, 100]] } },
                  { "id": "r", "weight": 10, "method": { "type": "baseline", "baseline": 3, "relative": true, "deduct": 0.3, "step": 10 } } ] } ],
              "data": { "A": { "g": { "value": 4, "previous": 3 }, "r": 2 }, "B": { "g": { "value": 2, "previous": -3 }, "r": 3 } } }
            """);

        Assert.Equal(100m / 3m, result.Cell("A", "g").Measure);
        Assert.NotEqual(1m / 3m * 100m, result.Cell("A", "g").Measure);
        Assert.Equal(33.33m, result.Score("A", "g"));
        // B: (2 − (−3)) × 100 / |−3| = 500 / 3 = 166.67 % → above the last band → 100.
        Assert.Equal(500m / 3m, result.Cell("B", "g").Measure);
        Assert.Equal(100m, result.Score("B", "g"));
        Assert.Equal((9m, 10m), (result.Score("A", "r"), result.Score("B", "r")));
    }

    [Fact]
    public void What_if_answers_with_the_multiplied_first_figure()
    {
        // Completion, weight 3, target 3. A: 3 × 2.01 / 3 = 2.01; C: 0.125 → 0.13; U: 1. For U to tie A at rank 1 it
        // needs 2.01: the weakest value on the data's 0.001 grid is 2.005 (3 × 2.005 / 3 = 2.005 → 2.01), not 2.006,
        // which it would be if 3 × (2.005 / 3) = 2.00 were the figure.
        var scheme = SchemeReader.Read("""
            { "name": "倒推", "period": "2026-Q3",
              "categories": [ { "id": "c", "units": ["A", "C", "U"],
                "indicators": [ { "id": "x", "weight": 3, "method": { "type": "completion", "target": 3 } } ] } ],
              "data": { "A": { "x": 2.01 }, "C": { "x": 0.125 }, "U": { "x": 1 } } }
            """).Require();

        var answer = WhatIf.Solve(scheme, "U", "x", 1);

        Assert.Equal((2, true, 2.005m, 1, 2.01m, 0.001m), (answer.CurrentRank, answer.Possible, answer.Value, answer.ReachedRank, answer.ReachedComposite, answer.Resolution));
    }

    [Fact]
    public void A_bonus_of_points_may_be_written_as_a_value_object()
    {
        // §4: "the datum is a number of points"; §7: a number may be written {"value": …}. Cap 2: min(2, 1.5) = 1.5.
        var result = ScoreBothWays("""
            { "name": "加分", "period": "2026-Q3",
              "categories": [ { "id": "c", "units": ["A"],
                "indicators": [ { "id": "x", "weight": 10, "method": { "type": "manual" } },
                                { "id": "p", "kind": "bonus", "weight": 2, "method": { "type": "points" } } ] } ],
              "data": { "A": { "x": 8, "p": { "value": 1.5 } } } }
            """);

        Assert.Equal((1.5m, 9.5m), (result.Unit("A").Bonus, result.Unit("A").Composite));
    }

    [Fact]
    public void The_explanation_shows_the_multiplication_first()
    {
        var result = ScoreBothWays("""
            { "name": "说明", "period": "2026-Q3",
              "categories": [ { "id": "c", "units": ["A", "B"],
                "indicators": [
                  { "id": "up", "weight": 3, "method": { "type": "completion", "target": 3 } },
                  { "id": "down", "weight": 3, "direction": "lower", "method": { "type": "completion", "target": 2.005 } },
                  { "id": "g", "weight": 10, "measure": "growth", "method": { "type": "completion", "target": 20, "cap": 1.2 } },
                  { "id": "b", "weight": 3, "method": { "type": "baseline", "baseline": 100, "deduct": 3, "step": 3 } } ] } ],
              "data": { "A": { "up": 2.005, "down": 3, "g": { "value": 130, "previous": 100 }, "b": 97.985 },
                        "B": { "up": 4, "down": 1, "g": { "value": 90, "previous": 100 }, "b": 100 } } }
            """);

        var a = Explainer.Explain(result, "A", Language.English).Indicators.Select(i => i.Formula).ToList();
        var b = Explainer.Explain(result, "B", Language.English).Indicators.Select(i => i.Formula).ToList();

        Assert.Equal(
        [
            "r = 2.005 ÷ 3 = 0.6683; 3 × 2.005 ÷ 3 = 2.01",
            "r = 2.005 ÷ 3 = 0.6683; 3 × 2.005 ÷ 3 = 2.01",
            // (130 − 100) × 100 ÷ 100 = 30 %; r = 30 / 20 = 1.5 ≥ cap 1.2 → 10 × 1.2 = 12.
            "growth = (130 − 100) × 100 ÷ |100| = 30; r = 30 ÷ 20 = 1.5 ≥ cap 1.2; 10 × 1.2 = 12",
            "gap = 100 − 97.985 = 2.015; max(0, 3 − 3 × 2.015 ÷ 3) = 0.99",
        ], a);
        // B: r = 4 / 3 ≥ cap 1 → 3; lower r = 2.005 / 1 ≥ cap → 3; growth −10 % → r = −0.5 < floor 0 → 0 (the rule tested first); gap 0 → 3 + min(0, 0) = 3.
        Assert.Equal("r = 4 ÷ 3 = 1.3333 ≥ cap 1; 3 × 1 = 3", b[0]);
        Assert.Equal("r = 2.005 ÷ 1 = 2.005 ≥ cap 1; 3 × 1 = 3", b[1]);
        Assert.Equal("growth = (90 − 100) × 100 ÷ |100| = -10; r = (-10) ÷ 20 = -0.5 < floor 0 → 0", b[2]);
    }

    [Fact]
    public void Multiplying_first_never_leaves_decimals_range_at_the_input_bound()
    {
        // Weight 10¹⁵ and x 5 × 10¹⁴ (inputs may be up to 10¹⁵): w × x = 5 × 10²⁹ exceeds decimal (≈ 7.9 × 10²⁸), so
        // MulDiv divides first: 10¹⁵ × (5 × 10¹⁴ / 10¹⁵) = 5 × 10¹⁴, exact either way.
        Assert.Equal(500_000_000_000_000m, Numbers.MulDiv(1_000_000_000_000_000m, 500_000_000_000_000m, 1_000_000_000_000_000m));
        var result = ScoreBothWays("""
            { "name": "上界", "period": "2026",
              "categories": [ { "id": "c", "units": ["A"],
                "indicators": [ { "id": "x", "weight": 1000000000000000, "method": { "type": "completion", "target": 1000000000000000 } } ] } ],
              "data": { "A": { "x": 500000000000000 } } }
            """);

        Assert.Equal(500_000_000_000_000m, result.Score("A", "x"));
    }

    [Fact]
    public void An_empty_grades_list_is_a_category_without_grades()
    {
        // §5: "grade is null without grades"; [] lists none, the same as leaving grades out.
        var result = ScoreBothWays("""
            { "name": "无等次", "period": "2026-11",
              "categories": [ { "id": "c", "units": ["A", "B"], "grades": [],
                "indicators": [ { "id": "x", "weight": 100, "method": { "type": "manual" } } ] } ],
              "data": { "A": { "x": 90 }, "B": { "x": 80 } } }
            """);

        Assert.Equal([("A", 1, (string?)null), ("B", 2, null)], result.Categories[0].Results.Select(r => (r.Unit, r.Rank, r.Grade)));
    }

    [Fact]
    public void An_exemption_names_a_veto_whose_id_has_a_slash_in_it()
    {
        // §6: ref is an adjustment id (cancels that veto) — any id, "2026/3" too — or indicatorId/eventId.
        var result = ScoreBothWays("""
            { "name": "免责", "period": "2026-11",
              "categories": [ { "id": "c", "units": ["A", "B"],
                "indicators": [ { "id": "x", "weight": 100, "method": { "type": "manual" } },
                                { "id": "p", "kind": "penalty", "weight": 5, "method": { "type": "events", "perEvent": 1 } } ] } ],
              "data": { "A": { "x": 90, "p": [{ "id": "3" }] }, "B": { "x": 80 } },
              "adjustments": [
                { "id": "2026/3", "unit": "A", "type": "veto", "reason": "安全事故" },
                { "unit": "A", "type": "exemption", "ref": "2026/3", "reason": "经认定属于容错情形" },
                { "unit": "A", "type": "exemption", "ref": "p/3", "factor": 0.5, "reason": "减责" } ] }
            """);

        // The veto is cancelled: A ranks first on 90 − 1 × 0.5 = 89.5.
        var a = result.Unit("A");
        Assert.Equal((1, false, 89.5m), (a.Rank, a.Vetoed, a.Composite));
    }

    [Fact]
    public void A_category_named_twice_in_previousFlags_is_a_problem()
    {
        // §7: a repeated key leaves its meaning open, as in units and data.
        var read = SchemeReader.Read("""
            { "name": "红旗", "period": "2026-11",
              "categories": [ { "id": "c", "units": ["A", "B"], "flag": { "min": 0 },
                "indicators": [ { "id": "x", "weight": 100, "method": { "type": "manual" } } ] } ],
              "previousFlags": { "c": "A", "c": "B" } }
            """);

        Assert.Equal(["$.previousFlags.c: appears more than once"], read.Problems.Select(p => p.Line(Language.English)));
    }

    [Fact]
    public void A_problem_is_one_line_even_when_an_id_carries_a_line_break()
    {
        // §8: one line per problem. The unit id "T\n9" of the data is written escaped, in the path and in the message.
        var read = SchemeReader.Read("""
            { "name": "换行", "period": "2026-11",
              "categories": [ { "id": "c", "units": ["A"],
                "indicators": [ { "id": "x", "weight": 100, "method": { "type": "manual" } } ] } ],
              "data": { "T\n9": { "x": 1 }, "A\u2028": { "x": 2 } } }
            """);

        Assert.Equal(["$.data['T\\n9']: unknown unit \"T\\n9\"", "$.data['A\\u2028']: unknown unit \"A\\u2028\""], read.Problems.Select(p => p.Line(Language.English)));
    }
}
