using Pacesetter.Scoring.Engine;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.Scoring.Tests.Schemes;

/// <summary>
/// An indicator's <c>source</c> (ADR 0030, 0031): the names the reader knows, where each may stand, at most one
/// <c>cards</c> indicator per category, and scoring that ignores it (the datum is whatever the file holds).
/// </summary>
public sealed class DataSourceTests
{
    private const string Penalty = """{ "id": "cards", "kind": "penalty", "weight": 4, "source": "cards", "method": { "type": "events", "perEvent": { "yellow": 0.5, "red": 1 } } }""";

    private static string Scheme(string indicators, string data = "{}", string adjustments = "[]") => $$"""
        { "name": "race", "period": "2026-Q1", "units": { "T1": "一镇", "T2": "二镇", "T3": "三镇" },
          "categories": [{ "id": "towns", "units": ["T1", "T2", "T3"], "indicators": [
            { "id": "work", "weight": 100, "method": { "type": "manual" } },
            {{indicators}} ] }],
          "data": {{data}}, "adjustments": {{adjustments}} }
        """;

    private static List<string> Problems(string json) =>
        [.. SchemeReader.Read(json).Problems.Select(p => $"{p.Path}: {p.English}")];

    [Fact]
    public void Cards_and_every_project_figure_are_read()
    {
        var project = string.Join(", ", DataSources.ProjectFigures.Select((s, i) =>
            $$"""{ "id": "p{{i}}", "weight": 1, "source": "{{s}}", "method": { "type": "completion", "target": 10 } }"""));
        var scheme = SchemeReader.Read(Scheme(Penalty + ", " + project)).Require();

        var inds = scheme.Categories[0].Indicators;
        Assert.Null(inds[0].Source);
        Assert.Equal("cards", inds[1].Source);
        Assert.Equal(["projects.count1", "projects.count10", "projects.count50", "projects.count100", "projects.investment", "projects.conversionRate", "projects.completionRate"],
            inds.Skip(2).Select(i => i.Source!));

        // The gap to a benchmark (issue #11 §1) on a bands indicator: any benchmark and indicator ids.
        var gap = SchemeReader.Read(Scheme("""{ "id": "gap", "weight": 1, "source": "benchmarks.gap/sip/gdp", "method": { "type": "bands", "points": [[-50, 0], [0, 1]] } }""")).Require();
        Assert.Equal("benchmarks.gap/sip/gdp", gap.Categories[0].Indicators[1].Source);
        Assert.Equal(("sip", "gdp"), DataSources.BenchmarkOf("benchmarks.gap/sip/gdp"));
        Assert.Null(DataSources.BenchmarkOf("benchmarks.gap/sip/gdp/x"));
        Assert.Null(DataSources.BenchmarkOf("benchmarks.gap//gdp"));

        // A survey's scores (issue #12, surveys.md §4) on a manual indicator: its id only.
        var survey = SchemeReader.Read(Scheme("""{ "id": "myd", "weight": 10, "source": "surveys/2026q3-myd", "method": { "type": "manual" } }""")).Require();
        Assert.Equal("surveys/2026q3-myd", survey.Categories[0].Indicators[1].Source);
        Assert.Equal("2026q3-myd", DataSources.SurveyOf("surveys/2026q3-myd"));
        Assert.Null(DataSources.SurveyOf("surveys/a/b"));
        Assert.Null(DataSources.SurveyOf("surveys/"));
    }

    [Theory]
    [InlineData("""{ "id": "x", "weight": 1, "source": "matters", "method": { "type": "manual" } }""",
        "$.categories[0].indicators[1].source: unknown source \"matters\" (expected one of cards, projects.count1, projects.count10, projects.count50, projects.count100, projects.investment, projects.conversionRate, projects.completionRate, benchmarks.gap/BENCHMARK/INDICATOR or surveys/SURVEY)")]
    [InlineData("""{ "id": "x", "weight": 1, "source": "benchmarks.gap/sip", "method": { "type": "bands", "points": [[-50, 0], [0, 1]] } }""",
        "$.categories[0].indicators[1].source: unknown source \"benchmarks.gap/sip\" (expected one of cards, projects.count1, projects.count10, projects.count50, projects.count100, projects.investment, projects.conversionRate, projects.completionRate, benchmarks.gap/BENCHMARK/INDICATOR or surveys/SURVEY)")]
    [InlineData("""{ "id": "x", "weight": 1, "source": "benchmarks.gap/sip/gdp", "method": { "type": "manual" } }""",
        "$.categories[0].indicators[1].source: \"benchmarks.gap/sip/gdp\" needs a base indicator whose datum is a number (method completion, efficacy, rank, leaderRatio, baseline or bands)")]
    [InlineData("""{ "id": "x", "weight": 1, "source": "surveys/myd", "method": { "type": "grade", "grades": { "优": 1 } } }""",
        "$.categories[0].indicators[1].source: \"surveys/myd\" needs a base indicator whose datum is a number (method completion, efficacy, rank, leaderRatio, baseline, bands) or manual (the score scaled to the weight)")]
    [InlineData("""{ "id": "x", "weight": 1, "source": 3, "method": { "type": "manual" } }""",
        "$.categories[0].indicators[1].source: must be a string")]
    [InlineData("""{ "id": "x", "kind": "bonus", "weight": 1, "source": "cards", "method": { "type": "points" } }""",
        "$.categories[0].indicators[1].source: \"cards\" needs a penalty indicator with method \"events\" whose perEvent gives both \"yellow\" and \"red\"")]
    [InlineData("""{ "id": "x", "kind": "penalty", "weight": 4, "source": "cards", "method": { "type": "events", "perEvent": 1 } }""",
        "$.categories[0].indicators[1].source: \"cards\" needs a penalty indicator with method \"events\" whose perEvent gives both \"yellow\" and \"red\"")]
    [InlineData("""{ "id": "x", "kind": "penalty", "weight": 4, "source": "cards", "method": { "type": "events", "perEvent": { "yellow": 0.5 } } }""",
        "$.categories[0].indicators[1].source: \"cards\" needs a penalty indicator with method \"events\" whose perEvent gives both \"yellow\" and \"red\"")]
    [InlineData("""{ "id": "x", "weight": 1, "source": "projects.count1", "method": { "type": "manual" } }""",
        "$.categories[0].indicators[1].source: \"projects.count1\" needs a base indicator whose datum is a number (method completion, efficacy, rank, leaderRatio, baseline or bands)")]
    [InlineData("""{ "id": "x", "kind": "penalty", "weight": 4, "source": "projects.investment", "method": { "type": "events", "perEvent": 1 } }""",
        "$.categories[0].indicators[1].source: \"projects.investment\" needs a base indicator whose datum is a number (method completion, efficacy, rank, leaderRatio, baseline or bands)")]
    public void A_source_out_of_place_is_refused_at_its_path(string indicator, string problem)
    {
        Assert.Equal([problem], Problems(Scheme(indicator)));
    }

    [Fact]
    public void A_category_takes_the_cards_once()
    {
        var second = Penalty.Replace("\"cards\", \"kind\"", "\"cards2\", \"kind\"", StringComparison.Ordinal);

        Assert.Equal(["$.categories[0].indicators[2].source: only one indicator of a category takes the cards (also indicators[1])"],
            Problems(Scheme(Penalty + ", " + second)));
        Assert.Equal("每个考核类别只能有一个指标采用红黄牌数据（另见 indicators[1]）", SchemeReader.Read(Scheme(Penalty + ", " + second)).Problems[0].Chinese);
    }

    /// <summary>plan §3, 2026-Q1: the cards as the system enters them, and an exemption of one card (scoring.md §6).</summary>
    [Fact]
    public void Scoring_ignores_the_source_and_an_exemption_names_one_card()
    {
        const string data = """
            { "T1": { "work": 90, "cards": [{ "id": "card-2026-02-D", "type": "yellow" }, { "id": "card-2026-03-A", "type": "yellow" }, { "id": "card-2026-03-D", "type": "red" }] },
              "T2": { "work": 92, "cards": [{ "id": "card-2026-02-B", "type": "yellow" }, { "id": "card-2026-02-C", "type": "yellow" }, { "id": "card-2026-03-B", "type": "red" }, { "id": "card-2026-03-C", "type": "red" }] },
              "T3": { "work": 85, "cards": [{ "id": "card-2026-01-E", "type": "red" }, { "id": "card-2026-02-E", "type": "yellow" }] } }
            """;
        var plain = Scorer.Score(SchemeReader.Read(Scheme(Penalty, data)).Require());
        Assert.Equal([(2.00m, 88.00m), (3.00m, 89.00m), (1.50m, 83.50m)],
            new[] { "T1", "T2", "T3" }.Select(u => plain.Find(u)!.Value.Unit).Select(r => (r.Penalty, r.Composite)));
        // The same file without the source scores the same.
        var unsourced = Scorer.Score(SchemeReader.Read(Scheme(Penalty.Replace("\"source\": \"cards\", ", "", StringComparison.Ordinal), data)).Require());
        Assert.Equal(plain.Find("T2")!.Value.Unit.Composite, unsourced.Find("T2")!.Value.Unit.Composite);

        const string exemption = """[{ "id": "x1", "unit": "T2", "type": "exemption", "ref": "cards/card-2026-03-B", "factor": 0, "reason": "容错免责" }]""";
        var exempted = Scorer.Score(SchemeReader.Read(Scheme(Penalty, data, exemption)).Require()).Find("T2")!.Value.Unit;
        Assert.Equal((2.00m, 90.00m), (exempted.Penalty, exempted.Composite));
        Assert.Equal([new ExemptionResult("cards", 1m)], exempted.Exemptions);

        var half = Scorer.Score(SchemeReader.Read(Scheme(Penalty, data, exemption.Replace("\"factor\": 0", "\"factor\": 0.5", StringComparison.Ordinal))).Require()).Find("T2")!.Value.Unit;
        Assert.Equal(0.5m, half.Exemptions.Single().Restored);
    }
}
