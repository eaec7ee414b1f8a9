using System.Text.Json.Nodes;

namespace Pacesetter.Cli.Tests;

/// <summary>
/// <c>pacesetter score</c> and <c>validate</c> on files written from scoring.md alone: the §7 example (whose
/// <c>units</c> names T1 while its category lists T1–T3) and a file with no <c>units</c> at all.
/// </summary>
public sealed class SpecFileCommandTests : IDisposable
{
    /// <summary>The scheme file of scoring.md §7, as printed there (examples/scoring-section7.json): <c>units</c> names T1, the category lists T1–T3.</summary>
    private static readonly string Section7Example = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "scoring-section7.json"));

    private readonly ExampleFiles files = new();

    public void Dispose() => files.Dispose();

    [Fact]
    public void Validate_accepts_the_section7_example_and_counts_its_three_units()
    {
        var (code, output, errors) = Cli.RunWith("en", true, "validate", files.FileWith(Section7Example));

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Empty(errors);
        // T1 named, T2 and T3 listed by the category only; 2 data values (T1's revenue and safety); 1 veto.
        Assert.Equal(["valid: 2026年第三季度综合考核 (2026-Q3), 1 categories, 3 units, 2 indicators, 2 data values, 1 adjustments"], Cli.Lines(output));
    }

    [Fact]
    public void Score_gives_the_section7_example_its_hand_checked_figures()
    {
        var (code, output, errors) = Cli.Run(true, "score", files.FileWith(Section7Example), "--format", "json");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Empty(errors);
        var towns = JsonNode.Parse(output)!["categories"]![0]!;
        var results = towns["results"]!.AsArray();
        // T1: 40 × 118 / 100 = 47.2, one yellow event 0.5 → 46.7; T2 no datum → 0; T3 vetoed → last.
        Assert.Equal(["T1:1:46.7:一般:yellow", "T2:2:0:一般:yellow", "T3:3:0:一般:yellow"],
            results.Select(r => $"{r!["unit"]}:{r["rank"]}:{r["composite"]}:{r["grade"]}:{r["label"]}"));
        Assert.Equal(47.2m, results[0]!["indicators"]!["revenue"]!["score"]!.GetValue<decimal>());
        Assert.Equal(0.5m, results[0]!["penalty"]!.GetValue<decimal>());
        // Nobody reaches the flag's 90: no holder; T2 held it, so it moved.
        Assert.Equal("""{"holder":null,"previous":"T2","moved":true}""", towns["flag"]!.ToJsonString());
    }

    [Fact]
    public void Score_accepts_a_file_without_units()
    {
        var path = files.FileWith("""
            { "name": "无单位表", "period": "2026-10",
              "categories": [ { "id": "c", "units": ["A", "B"],
                "indicators": [ { "id": "x", "weight": 10, "method": { "type": "completion", "target": 8 } } ] } ],
              "data": { "A": { "x": 6 }, "B": { "x": 9 } } }
            """);

        var (code, output, errors) = Cli.Run(true, "score", path, "--format", "json");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Empty(errors);
        // B: r = 9 / 8 ≥ cap 1 → 10; A: 10 × 6 / 8 = 7.5.
        var results = JsonNode.Parse(output)!["categories"]![0]!["results"]!.AsArray();
        Assert.Equal(["B:1:10", "A:2:7.5"], results.Select(r => $"{r!["unit"]}:{r["rank"]}:{r["composite"]}"));
    }

    [Fact]
    public void Score_of_a_bad_file_without_units_reports_each_deeper_problem_with_its_path()
    {
        var path = files.FileWith(Section7Example
            .Replace("\"units\": { \"T1\": \"城东街道\" },", "")
            .Replace("\"data\": { \"T1\":", "\"data\": { \"T2\": { \"rev\": 5 }, \"T9\": { \"revenue\": 1 }, \"T1\":"));

        var (code, output, errors) = Cli.RunWith("en", true, "score", path);

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Equal("", output);
        Assert.Equal(["$.data.T2.rev: unknown indicator \"rev\" in category \"towns\"", "$.data.T9: unknown unit \"T9\""], errors);
    }
}
