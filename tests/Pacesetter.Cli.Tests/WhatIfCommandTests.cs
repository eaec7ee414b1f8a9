using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pacesetter.Cli.Tests;

/// <summary>
/// <c>pacesetter whatif</c> on the worked example. Each answer is checked by hand and, where it matters, against
/// <c>score</c> on the example with the answer and with one step less written in.
/// </summary>
public sealed class WhatIfCommandTests : IDisposable
{
    private readonly ExampleFiles files = new();

    public void Dispose() => files.Dispose();

    private static JsonElement Answer(params string[] options)
    {
        var (code, output, errors) = Cli.Run(true, ["whatif", ExampleFiles.Zone, .. options, "--format", "json"]);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Empty(errors);
        return JsonDocument.Parse(output).RootElement;
    }

    /// <summary>Rank and composite of <paramref name="unit"/> when <c>score</c> runs on <paramref name="path"/>.</summary>
    private static (int Rank, decimal Composite) Scored(string path, string unit)
    {
        var (code, output, _) = Cli.Run(true, "score", path, "--format", "json");
        Assert.Equal(ExitCodes.Ok, code);
        using var json = JsonDocument.Parse(output);
        var r = json.RootElement.GetProperty("categories").EnumerateArray()
            .SelectMany(c => c.GetProperty("results").EnumerateArray())
            .Single(r => r.GetProperty("unit").GetString() == unit);
        return (r.GetProperty("rank").GetInt32(), r.GetProperty("composite").GetDecimal());
    }

    // At 9.4: revenue 9.4 / 10 × 30 = 28.2, composite 82.88 − 27.3 + 28.2 = 83.78 > T5's 83.51.
    // At 9.3: 27.9, composite 83.48 < 83.51. Revenue data have one decimal, so 9.4 is the weakest value.
    [Fact]
    public void T2_reaches_rank_3_with_revenue_9_4()
    {
        var a = Answer("--unit", "T2", "--indicator", "revenue", "--rank", "3");

        Assert.Equal("T2", a.GetProperty("unit").GetString());
        Assert.Equal("revenue", a.GetProperty("indicator").GetString());
        Assert.Equal(3, a.GetProperty("rank").GetInt32());
        Assert.Equal(4, a.GetProperty("currentRank").GetInt32());
        Assert.Equal(9.1m, a.GetProperty("currentValue").GetDecimal());
        Assert.True(a.GetProperty("possible").GetBoolean());
        Assert.False(a.GetProperty("anyValue").GetBoolean());
        Assert.Equal(9.4m, a.GetProperty("value").GetDecimal());
        Assert.True(a.GetProperty("atLeast").GetBoolean());
        Assert.Equal(3, a.GetProperty("reachedRank").GetInt32());
        Assert.Equal(83.78m, a.GetProperty("reachedComposite").GetDecimal());
        Assert.Equal(JsonValueKind.Null, a.GetProperty("unsupported").ValueKind);
    }

    [Fact]
    public void Score_confirms_9_4_reaches_rank_3_and_9_3_does_not()
    {
        Assert.Equal((3, 83.78m), Scored(files.ZoneWith("T2", "revenue", JsonNode.Parse("""{ "value": 9.4, "target": 10 }""")!), "T2"));
        Assert.Equal((4, 83.48m), Scored(files.ZoneWith("T2", "revenue", JsonNode.Parse("""{ "value": 9.3, "target": 10 }""")!), "T2"));
    }

    // The best revenue score is 30 × cap 1.2 = 36: 82.88 − 27.3 + 36 = 91.58 < T3's 96.51.
    [Fact]
    public void T2_cannot_reach_rank_2_by_revenue_alone()
    {
        var a = Answer("--unit", "T2", "--indicator", "revenue", "--rank", "2");

        Assert.False(a.GetProperty("possible").GetBoolean());
        Assert.Equal(JsonValueKind.Null, a.GetProperty("value").ValueKind);
        Assert.Equal(JsonValueKind.Null, a.GetProperty("reachedRank").ValueKind);
        Assert.Equal(JsonValueKind.Null, a.GetProperty("reachedComposite").ValueKind);
        Assert.Equal(4, a.GetProperty("currentRank").GetInt32());
    }

    // D1 = duty + 20 + 9; D2 = 96 (no tieBreak, so 96 ties for rank 1). Band 80 → 42 … 100 → 70: 42 + 1.4 × (x − 80).
    // duty ≥ 67 needs x ≥ 97.857…; duty data have one decimal: 97.8 → 66.92 (95.92), 97.9 → 67.06 (96.06).
    [Fact]
    public void D1_reaches_rank_1_with_duty_97_9_on_the_bands()
    {
        var a = Answer("--unit", "D1", "--indicator", "duty", "--rank", "1");

        Assert.True(a.GetProperty("possible").GetBoolean());
        Assert.Equal(97.9m, a.GetProperty("value").GetDecimal());
        Assert.Equal(1, a.GetProperty("reachedRank").GetInt32());
        Assert.Equal(96.06m, a.GetProperty("reachedComposite").GetDecimal());
        Assert.Equal((1, 96.06m), Scored(files.ZoneWith("D1", "duty", 97.9m), "D1"));
        Assert.Equal((2, 95.92m), Scored(files.ZoneWith("D1", "duty", 97.8m), "D1"));
    }

    // leaderRatio: once I2's rate x passes the leader 0.8, I2 takes the whole 30 (composite 41 + 30 + 20 = 91) and the
    // others are re-scored against x: I3 = 75 + 16 + round2(30 × 0.6 / x) = 91 + round2(18 / x). I2 reaches rank 1
    // (tied with I3, invest has no tieBreak) once 18 / x rounds to 0.00, i.e. x > 3600: 3600.01 on the 0.01 grid.
    // Without re-scoring the others I2 could never pass I3's 113.5.
    [Fact]
    public void I2_reaches_rank_1_on_started_only_because_the_others_are_rescored_against_its_value()
    {
        var a = Answer("--unit", "I2", "--indicator", "started", "--rank", "1");

        Assert.True(a.GetProperty("possible").GetBoolean());
        Assert.Equal(0.55m, a.GetProperty("currentValue").GetDecimal());
        Assert.Equal(3600.01m, a.GetProperty("value").GetDecimal());
        Assert.Equal(1, a.GetProperty("reachedRank").GetInt32());
        Assert.Equal(91m, a.GetProperty("reachedComposite").GetDecimal());
        var at = files.ZoneWith("I2", "started", 3600.01m);
        Assert.Equal((1, 91m), Scored(at, "I2"));
        Assert.Equal((1, 91m), Scored(at, "I3"));
        var below = files.ZoneWith("I2", "started", 3600m);
        Assert.Equal((2, 91m), Scored(below, "I2"));
        Assert.Equal((1, 91.01m), Scored(below, "I3"));
    }

    // T3 has no land (average policy). Above 420 T3 leads: T3 = 96.51 − 6.79 + 10 = 99.72, T1 = 95.86 + round2(4200 / x).
    // At 1089 T1 is 99.72 too and wins the revenue tieBreak (34.36 > 32.57); at 1090 T1 is 99.71.
    [Fact]
    public void T3_reaches_rank_1_on_land_past_the_tie_break()
    {
        var a = Answer("--unit", "T3", "--indicator", "land", "--rank", "1");

        Assert.Equal(JsonValueKind.Null, a.GetProperty("currentValue").ValueKind);
        Assert.True(a.GetProperty("possible").GetBoolean());
        Assert.Equal(1090m, a.GetProperty("value").GetDecimal());
        Assert.Equal(99.72m, a.GetProperty("reachedComposite").GetDecimal());
        Assert.Equal((2, 99.72m), Scored(files.ZoneWith("T3", "land", 1089), "T3"));
        Assert.Equal((1, 99.72m), Scored(files.ZoneWith("T3", "land", 1090), "T3"));
    }

    // D1 = 64.4 + 9 + 20 × factor; D4 is 81.2 below it. 差 (0.5) gives 83.4, still rank 2: the weakest grade does.
    [Fact]
    public void Grade_indicator_returns_the_weakest_grade_that_holds_the_rank()
    {
        var a = Answer("--unit", "D1", "--indicator", "service", "--rank", "2");

        Assert.True(a.GetProperty("possible").GetBoolean());
        Assert.Equal("优", a.GetProperty("currentValue").GetString());
        Assert.Equal("差", a.GetProperty("value").GetString());
        Assert.Equal(2, a.GetProperty("reachedRank").GetInt32());
        Assert.Equal(83.4m, a.GetProperty("reachedComposite").GetDecimal());
    }

    // D2 = 70 + 10 − 1 + 20 × factor against D1's 93.4: 中 (0.7) gives 93, 良 (0.85) gives 96.
    [Fact]
    public void Grade_indicator_skips_grades_that_fall_short()
    {
        var a = Answer("--unit", "D2", "--indicator", "service", "--rank", "1");

        Assert.True(a.GetProperty("possible").GetBoolean());
        Assert.Equal("良", a.GetProperty("value").GetString());
        Assert.Equal(96m, a.GetProperty("reachedComposite").GetDecimal());
    }

    // D4 already has 优 and 81.2; D2 has 96.
    [Fact]
    public void Grade_indicator_is_impossible_when_even_the_best_grade_falls_short()
    {
        var a = Answer("--unit", "D4", "--indicator", "service", "--rank", "1");

        Assert.False(a.GetProperty("possible").GetBoolean());
        Assert.Equal(JsonValueKind.Null, a.GetProperty("value").ValueKind);
        Assert.Equal(3, a.GetProperty("currentRank").GetInt32());
    }

    // Bands ignore direction, so "lower is better" is written as falling bands: 0 → 100 … 10 → 0, score 100 − 10x.
    // A (6 → 40) trails B (4 → 60); A ties B for rank 1 at x = 4 and leads below it, so the answer is "4 or less".
    // At x = 6 A is rank 2: "whatever the value" would be false.
    [Fact]
    public void Falling_bands_answer_the_largest_value_that_reaches_the_rank()
    {
        var path = files.FileWith("""
            { "name": "n", "period": "2026-Q3", "units": { "A": "甲", "B": "乙" },
              "categories": [ { "id": "c", "name": "类", "units": ["A", "B"],
                "indicators": [ { "id": "acc", "name": "事故率", "weight": 100,
                  "method": { "type": "bands", "points": [[0, 100], [10, 0]] } } ] } ],
              "data": { "A": { "acc": 6 }, "B": { "acc": 4 } } }
            """);

        var (code, output, errors) = Cli.Run(true, "whatif", path, "--unit", "A", "--indicator", "acc", "--rank", "1", "--format", "json");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Empty(errors);
        var a = JsonDocument.Parse(output).RootElement;
        Assert.Equal(2, a.GetProperty("currentRank").GetInt32());
        Assert.True(a.GetProperty("possible").GetBoolean());
        Assert.False(a.GetProperty("anyValue").GetBoolean());
        Assert.False(a.GetProperty("atLeast").GetBoolean());
        Assert.Equal(4m, a.GetProperty("value").GetDecimal());
        Assert.Equal(1, a.GetProperty("reachedRank").GetInt32());
        Assert.Equal(60m, a.GetProperty("reachedComposite").GetDecimal());
    }

    [Fact]
    public void Text_answer_in_chinese_by_default_and_english_with_lang_en()
    {
        var zh = Cli.Run(true, "whatif", ExampleFiles.Zone, "--unit", "T2", "--indicator", "revenue", "--rank", "3");
        var en = Cli.Run(true, "whatif", ExampleFiles.Zone, "--unit", "T2", "--indicator", "revenue", "--rank", "3", "--lang", "en");

        Assert.Equal(ExitCodes.Ok, zh.Code);
        Assert.Equal(
            ["城西街道（T2）· 一般公共预算收入（revenue）：当前值 9.1，当前第 4 名。", "需达到 9.4 及以上，才能达到第 3 名或更好（届时第 3 名，综合得分 83.78）。"],
            Cli.Lines(zh.Out));
        Assert.Equal(ExitCodes.Ok, en.Code);
        Assert.Equal(
            ["城西街道 (T2) · 一般公共预算收入 (revenue): now 9.1, rank 4.", "Needs 9.4 or more to reach rank 3 or better (then rank 3, composite 83.78)."],
            Cli.Lines(en.Out));
    }

    [Fact]
    public void Events_indicator_is_answered_as_unsupported_not_as_an_error()
    {
        var a = Answer("--unit", "T2", "--indicator", "cards", "--rank", "3");

        Assert.False(a.GetProperty("possible").GetBoolean());
        Assert.Equal("this indicator's datum is a list of awards or events, not a single number", a.GetProperty("unsupported").GetString());
    }

    [Theory]
    [InlineData(new[] { "--unit", "T2", "--indicator", "revenue" }, "pacesetter whatif: --rank: is required")]
    [InlineData(new[] { "--indicator", "revenue", "--rank", "3" }, "pacesetter whatif: --unit: is required")]
    [InlineData(new[] { "--unit", "T2", "--rank", "3" }, "pacesetter whatif: --indicator: is required")]
    [InlineData(new[] { "--unit", "T2", "--indicator", "revenue", "--rank", "0" }, "pacesetter whatif: --rank: must be a whole number of at least 1, not \"0\"")]
    [InlineData(new[] { "--unit", "T2", "--indicator", "revenue", "--rank", "third" }, "pacesetter whatif: --rank: must be a whole number of at least 1, not \"third\"")]
    [InlineData(new[] { "--unit", "T9", "--indicator", "revenue", "--rank", "1", "--lang", "en" }, "--unit: no ranked unit \"T9\" in the scheme")]
    [InlineData(new[] { "--unit", "T2", "--indicator", "duty", "--rank", "1", "--lang", "en" }, "--indicator: category \"towns\" has no indicator \"duty\"")]
    public void Missing_or_bad_option_is_refused_with_a_line_naming_it(string[] options, string line)
    {
        var (code, output, errors) = Cli.RunWith("en", true, ["whatif", ExampleFiles.Zone, .. options]);

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Equal("", output);
        Assert.Equal([line], errors);
    }
}
