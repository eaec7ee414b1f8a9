using Pacesetter.Scoring.Benchmarking;

namespace Pacesetter.Scoring.Tests.Benchmarking;

/// <summary>
/// scoring.md §10 against figures worked by hand: behind and ahead, catching up and never, lower is better, a single
/// year, a zero, a value ≤ 0, ties in the ranks, and a file that leaves out what the spec lets it leave out.
/// </summary>
public class GapTests
{
    private static string Line(GapLine l) =>
        $"{l.Indicator.Id} own={N(l.Own)} bench={N(l.Bench)} gap={N(l.GapPercent)} gOwn={N(l.GrowthOwn)} gBench={N(l.GrowthBench)} " +
        $"{(l.CatchUp is { } c ? GapReportJson.CatchUpName(c) : "null")} years={N(l.Years)}";

    private static string N(decimal? v) => v is { } x ? x.ToString(System.Globalization.CultureInfo.InvariantCulture) : "null";

    private static string Ranks(GapReport report, string indicator) =>
        string.Join(" ", report.Ranks.Single(r => r.Indicator.Id == indicator).Ranks.Select(r => $"{r.Id}:{r.Rank}"));

    private static readonly string Example = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "benchmarks-2026.gap.json"));

    [Fact]
    public void The_example_file_gives_the_hand_worked_figures()
    {
        var report = GapCalculator.Compute(GapFileReader.Read(Example), 2026);
        var sip = report.Benchmarks[0];
        Assert.Equal(("sip", "苏州工业园区"), (sip.Id, sip.Name));
        // gdp (higher): gap (1000 − 3686) / 3686 × 100 = −72.870… → −72.9; growth own (1000 / 760)^(1/3) − 1 = 9.58 % → 9.6,
        // bench (3686 / 3200)^(1/3) − 1 = 4.83 % → 4.8; own grows faster: ln(3686 / 1000) / ln(1.09583 / 1.04826)
        // = 1.30454 / 0.04438 = 29.4 years.
        Assert.Equal("gdp own=1000 bench=3686 gap=-72.9 gOwn=9.6 gBench=4.8 years years=29.4", Line(sip.Lines[0]));
        // energy (lower): gap (0.38 − 0.45) / 0.38 × 100 = −18.42 → −18.4; growth own (0.45 / 0.52)^(1/3) − 1 = −4.70 %,
        // bench (0.38 / 0.40)^(1/3) − 1 = −1.70 %; own falls faster: ln(0.45 / 0.38) / ln(0.98305 / 0.95299)
        // = 0.16907 / 0.03106 = 5.4 years.
        Assert.Equal("energy own=0.45 bench=0.38 gap=-18.4 gOwn=-4.7 gBench=-1.7 years years=5.4", Line(sip.Lines[1]));
        // rd: (3.3 − 4.0) / 4.0 × 100 = −17.5; (3.3 / 3.1)^(1/2) − 1 = 3.18 % against (4.0 / 3.6)^(1/2) − 1 = 5.41 %: never.
        Assert.Equal("rd own=3.3 bench=4.0 gap=-17.5 gOwn=3.2 gBench=5.4 never years=null", Line(sip.Lines[2]));

        var ksd = report.Benchmarks[1];
        // gdp: (1000 − 980) / 980 × 100 = 2.04 → 2.0, ahead; bench 980 / 1050 − 1 = −6.67 % → −6.7 (one year apart).
        Assert.Equal("gdp own=1000 bench=980 gap=2.0 gOwn=9.6 gBench=-6.7 ahead years=null", Line(ksd.Lines[0]));
        // energy: 昆山开发区 has no value: own is shown, everything below is null.
        Assert.Equal("energy own=0.45 bench=null gap=null gOwn=null gBench=null null years=null", Line(ksd.Lines[1]));
        // rd: level, 0.0 → ahead; the benchmark's one year gives no growth.
        Assert.Equal("rd own=3.3 bench=3.3 gap=0.0 gOwn=3.2 gBench=null ahead years=null", Line(ksd.Lines[2]));

        Assert.Equal("sip:1 own:2 ksd:3", Ranks(report, "gdp"));
        // Lower is better: ascending; 昆山开发区 has no value and no rank.
        Assert.Equal("sip:1 own:2", Ranks(report, "energy"));
        // A tie shares the rank (standard competition): 3.3 and 3.3 are both second.
        Assert.Equal("sip:1 own:2 ksd:2", Ranks(report, "rd"));
    }

    [Fact]
    public void The_json_is_the_shape_of_the_spec()
    {
        var json = GapReportJson.ToJson(GapCalculator.Compute(GapFileReader.Read(Example), 2026), indented: false);
        Assert.Equal(
            """{"year":2026,"benchmarks":[{"id":"sip","name":"苏州工业园区","indicators":[""" +
            """{"id":"gdp","own":1000,"bench":3686,"gapPercent":-72.9,"growthOwn":9.6,"growthBench":4.8,"catchUp":"years","years":29.4},""" +
            """{"id":"energy","own":0.45,"bench":0.38,"gapPercent":-18.4,"growthOwn":-4.7,"growthBench":-1.7,"catchUp":"years","years":5.4},""" +
            """{"id":"rd","own":3.3,"bench":4,"gapPercent":-17.5,"growthOwn":3.2,"growthBench":5.4,"catchUp":"never","years":null}]},""" +
            """{"id":"ksd","name":"昆山开发区","indicators":[""" +
            """{"id":"gdp","own":1000,"bench":980,"gapPercent":2.0,"growthOwn":9.6,"growthBench":-6.7,"catchUp":"ahead","years":null},""" +
            """{"id":"energy","own":0.45,"bench":null,"gapPercent":null,"growthOwn":null,"growthBench":null,"catchUp":null,"years":null},""" +
            """{"id":"rd","own":3.3,"bench":3.3,"gapPercent":0.0,"growthOwn":3.2,"growthBench":null,"catchUp":"ahead","years":null}]}],""" +
            """" "ranks":{"gdp":[{"id":"sip","rank":1},{"id":"own","rank":2},{"id":"ksd","rank":3}],"""".TrimStart() +
            """" "energy":[{"id":"sip","rank":1},{"id":"own","rank":2}],"rd":[{"id":"sip","rank":1},{"id":"own","rank":2},{"id":"ksd","rank":2}]}}"""".TrimStart(),
            json);
    }

    [Fact]
    public void A_zero_a_value_below_zero_a_single_year_and_years_after_the_compared_one()
    {
        var file = GapFileReader.Read("""
            { "year": 2025,
              "indicators": [ { "id": "a", "direction": "higher" }, { "id": "b", "direction": "higher" }, { "id": "c", "direction": "lower" } ],
              "own": { "values": { "a": { "2023": 50, "2025": 72 }, "b": { "2024": -10, "2025": 40 }, "c": { "2025": 5, "2026": 1 } } },
              "benchmarks": [ { "id": "x", "values": { "a": { "2023": 0, "2025": 0 }, "b": { "2021": 20, "2025": 80, "2026": 1 }, "c": { "2024": 4, "2025": 4 } } } ] }
            """);
        var lines = GapCalculator.Compute(file, 2025).Benchmarks[0].Lines;
        // a: bench 0 → no gap, catch-up or years; own grows (72 / 50)^(1/2) − 1 = 20.0 %; the bench's 0 → no growth.
        Assert.Equal("a own=72 bench=0 gap=null gOwn=20.0 gBench=null null years=null", Line(lines[0]));
        // b: (40 − 80) / 80 × 100 = −50.0; own's first value −10 ≤ 0 → no growth → no catch-up; bench (80 / 20)^(1/4) − 1
        // = 41.42 % (2026 is after the year compared and plays no part).
        Assert.Equal("b own=40 bench=80 gap=-50.0 gOwn=null gBench=41.4 null years=null", Line(lines[1]));
        // c (lower): (4 − 5) / 4 × 100 = −25.0; own has one year up to 2025 (2026 comes after) → no growth → null.
        Assert.Equal("c own=5 bench=4 gap=-25.0 gOwn=null gBench=0.0 null years=null", Line(lines[2]));
        // A file without names: the indicator and the benchmark are named by their ids, the organization 本组织.
        Assert.Equal(("a", "x", "本组织"), (file.Indicators[0].Name, file.Benchmarks[0].Name, file.Own.Name));
    }

    [Fact]
    public void A_party_without_values_and_a_partial_map_give_nulls_not_errors()
    {
        var file = GapFileReader.Read("""
            { "year": 2026, "indicators": [ { "id": "gdp", "name": "GDP", "direction": "higher" }, { "id": "tax", "direction": "higher" } ],
              "own": { "name": "甲区", "values": { "gdp": { "2026": 100, "2025": null } } },
              "benchmarks": [ { "id": "b1", "name": "乙区" }, { "id": "b2", "values": { "tax": { "2026": 7 }, "gdp": null } } ] }
            """);
        var report = GapCalculator.Compute(file, 2026);
        Assert.Equal("gdp own=100 bench=null gap=null gOwn=null gBench=null null years=null", Line(report.Benchmarks[0].Lines[0]));
        Assert.Equal("tax own=null bench=null gap=null gOwn=null gBench=null null years=null", Line(report.Benchmarks[0].Lines[1]));
        Assert.Equal("tax own=null bench=7 gap=null gOwn=null gBench=null null years=null", Line(report.Benchmarks[1].Lines[1]));
        Assert.Equal("own:1", Ranks(report, "gdp"));
        Assert.Equal("b2:1", Ranks(report, "tax"));
        // No benchmark at all: the ranks still list the organization.
        var alone = GapCalculator.Compute(GapFileReader.Read("""{"year": 2026, "indicators": [{"id": "gdp", "direction": "lower"}], "own": {"values": {"gdp": {"2026": 3}}}, "benchmarks": []}"""), 2026);
        Assert.Empty(alone.Benchmarks);
        Assert.Equal("own:1", Ranks(alone, "gdp"));
    }

    [Fact]
    public void Catching_up_when_the_benchmark_shrinks_and_a_gap_that_rounds_to_zero_is_level()
    {
        var file = GapFileReader.Read("""
            { "year": 2026, "indicators": [ { "id": "a", "direction": "higher" }, { "id": "b", "direction": "higher" } ],
              "own": { "values": { "a": { "2025": 100, "2026": 110 }, "b": { "2025": 999.6, "2026": 999.6 } } },
              "benchmarks": [ { "id": "x", "values": { "a": { "2025": 250, "2026": 200 }, "b": { "2025": 1000, "2026": 1000 } } } ] }
            """);
        var lines = GapCalculator.Compute(file, 2026).Benchmarks[0].Lines;
        // a: (110 − 200) / 200 × 100 = −45.0; own +10.0 %, bench 200 / 250 − 1 = −20.0 %;
        // ln(200 / 110) / ln(1.1 / 0.8) = 0.59784 / 0.31845 = 1.877 → 1.9 years.
        Assert.Equal("a own=110 bench=200 gap=-45.0 gOwn=10.0 gBench=-20.0 years years=1.9", Line(lines[0]));
        // b: (999.6 − 1000) / 1000 × 100 = −0.04 → 0.0 as printed: level, so ahead (not "never" for an equal growth).
        Assert.Equal("b own=999.6 bench=1000 gap=0.0 gOwn=0.0 gBench=0.0 ahead years=null", Line(lines[1]));
    }

    [Theory]
    [InlineData(0.25, "0.3")]   // exactly a tie in binary: away from zero
    [InlineData(-0.25, "-0.3")]
    [InlineData(0.15, "0.1")]   // 0.1499999999999999944… in binary: down
    [InlineData(2.675, "2.7")]
    [InlineData(-0.04, "0.0")]  // no −0.0
    [InlineData(67.0, "67.0")]  // always one decimal
    public void Binary_figures_are_rounded_half_away_from_zero_from_their_exact_value(double value, string expected) =>
        Assert.Equal(expected, N(GapCalculator.Round(value)));

    [Fact]
    public void Bad_input_gets_every_problem_with_its_path()
    {
        var ex = Assert.Throws<InvalidInputException>(() => GapFileReader.Read("""
            { "year": "2026", "extra": 1,
              "indicators": [ { "id": "gdp", "direction": "up" }, { "id": "gdp", "direction": "higher" }, { "id": "tax" } ],
              "own": { "values": { "gdq": { "2026": 1 }, "gdp": { "26": 1, "2025": "905", "2024": 1e16 } } },
              "benchmarks": [ { "id": "own" }, { "id": "b" }, { "id": "b", "values": [] } ] }
            """));
        Assert.Equal(
        [
            "$.extra: unknown field",
            "$.year: must be a year such as 2026",
            "$.indicators[0].direction: must be one of higher, lower, not \"up\"",
            "$.indicators[1].id: duplicate indicator id \"gdp\" (first at $.indicators[0].id)",
            "$.indicators[2].direction: is required",
            "$.own.values.gdq: unknown indicator \"gdq\" (not in indicators)",
            "$.own.values.gdp.26: \"26\" is not a year (four digits, such as \"2025\")",
            "$.own.values.gdp.2025: must be a number",
            "$.own.values.gdp.2024: number out of range (at most 10^15 in size)",
            "$.benchmarks[0].id: \"own\" is the organization's id in the ranks: choose another",
            "$.benchmarks[2].values: must be an object of indicators, each an object of years: {\"gdp\": {\"2025\": 905}}",
            "$.benchmarks[2].id: duplicate benchmark id \"b\" (first at $.benchmarks[1].id)",
        ], ex.Problems.Select(p => p.ToString()));
        Assert.Equal("$.own.values.gdq: 未知指标“gdq”（indicators 中没有）", ex.Problems[5].Line(Language.Chinese));
    }

    [Fact]
    public void The_stored_data_of_the_web_application_have_no_year()
    {
        const string stored = """{"indicators": [{"id": "gdp", "direction": "higher"}], "own": {}, "benchmarks": []}""";
        Assert.Null(GapFileReader.Read(stored, yearRequired: false).Year);
        var ex = Assert.Throws<InvalidInputException>(() => GapFileReader.Read("""{"year": 2026, "indicators": [], "own": {}, "benchmarks": []}""", yearRequired: false));
        Assert.Equal(["$.year: is not stored: the year compared is named by the request (?year=)"], ex.Problems.Select(p => p.ToString()));
        var missing = Assert.Throws<InvalidInputException>(() => GapFileReader.Read(stored));
        Assert.Equal(["$.year: is required, e.g. 2026"], missing.Problems.Select(p => p.ToString()));
    }
}
