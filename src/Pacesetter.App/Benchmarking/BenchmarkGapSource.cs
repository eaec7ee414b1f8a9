using System.Text.Json.Nodes;
using Pacesetter.App.Data;
using Pacesetter.App.Supervision.Race;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Benchmarking;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.App.Benchmarking;

/// <summary>
/// <c>source: "benchmarks.gap/{benchmark}/{indicator}"</c> (issue #11 §1, ADR 0040): every unit's datum is the
/// organization's gap in percent to that benchmark on that indicator (scoring.md §10, 1 decimal, negative = behind) —
/// in the latest year up to the period's year in which the gap can be computed (benchmarking figures come a year or
/// more late; a period of 2026 takes 2025's gap until 2026's values are entered). No such year, an unknown benchmark
/// or indicator: no datum (the indicator's missing rule applies, and the preview says so).
/// </summary>
public sealed class BenchmarkGapSource : ISystemDatumSource
{
    public string Writer => "system:benchmarks";

    public bool Handles(string source) => DataSources.IsBenchmarks(source);

    public async Task<IReadOnlyDictionary<string, JsonNode?>> ValuesAsync(PacesetterDb db, int org, string period, SystemData.Sourced indicator, CancellationToken ct)
    {
        var gap = Periods.Months(period) is { } span && DataSources.BenchmarkOf(indicator.Source) is { } of
            ? Gap(await new BenchmarkService(db).FileAsync(org, ct), of.Benchmark, of.Indicator, span.Year)
            : null;
        return indicator.Units.ToDictionary(u => u, _ => gap is { } g ? (JsonNode?)JsonValue.Create(g.Percent) : null, StringComparer.Ordinal);
    }

    /// <summary>The gap of <paramref name="indicator"/> to <paramref name="benchmark"/> in the latest year up to <paramref name="year"/> that has one, with that year.</summary>
    public static (decimal Percent, int Year)? Gap(GapFile file, string benchmark, string indicator, int year)
    {
        var bench = file.Benchmarks.FirstOrDefault(b => b.Id == benchmark);
        var index = file.Indicators.ToList().FindIndex(i => i.Id == indicator);
        if (bench is null || index < 0) return null;
        IEnumerable<int> years = file.Own.Values.TryGetValue(indicator, out var own) ? own.Keys.Where(y => y <= year).OrderDescending() : [];
        foreach (var y in years)
        {
            var line = GapCalculator.Compute(file, y).Benchmarks.First(b => b.Id == benchmark).Lines[index];
            if (line.GapPercent is { } percent) return (percent, y);
        }
        return null;
    }
}
