using Pacesetter.Scoring.Benchmarking;

namespace Pacesetter.Web.Pages.Benchmarks;

/// <summary>The radar's axis of one indicator: each party's value in the year as a percent of the best party's (1 decimal; null without a value).</summary>
public sealed record RadarAxis(GapIndicator Indicator, IReadOnlyList<decimal?> Shares);

/// <summary>An indicator's values by year for each party (null where a party has none), for the trend chart and its table.</summary>
public sealed record TrendSeries(GapIndicator Indicator, IReadOnlyList<int> Years, IReadOnlyList<IReadOnlyList<decimal?>> Values);

/// <summary>
/// The 对标 page's charts from the stored data (issue #11 §1): a radar of the organization against each benchmark with
/// every indicator as a share of the best value of the year, and per indicator a trend across the years. The parties
/// are in one order everywhere: the organization first, then the benchmarks in the file's order.
/// </summary>
public static class BenchmarkCharts
{
    /// <summary>The organization and the benchmarks, in the page's order.</summary>
    public static IReadOnlyList<GapParty> Parties(GapFile file) => [file.Own, .. file.Benchmarks];

    /// <summary>Every year with a value of any party, ascending.</summary>
    public static IReadOnlyList<int> Years(GapFile file) =>
        [.. Parties(file).SelectMany(p => p.Values.Values).SelectMany(v => v.Keys).Distinct().Order()];

    /// <summary>
    /// The year the page shows first: the latest in which the organization has a value (what it can be compared on),
    /// else the latest of any party, else null (no data).
    /// </summary>
    public static int? DefaultYear(GapFile file)
    {
        var own = file.Own.Values.Values.SelectMany(v => v.Keys).ToList();
        if (own.Count > 0) return own.Max();
        var all = Years(file);
        return all.Count > 0 ? all[^1] : null;
    }

    /// <summary>
    /// Per indicator, each party's value in <paramref name="year"/> as a percent of the best one: for <c>higher</c>
    /// value ÷ best × 100, for <c>lower</c> best ÷ value × 100 (so the best is 100 and a worse party less); 1 decimal,
    /// half away from zero. A party without a value has none; a negative value (a share of it means nothing) has none
    /// unless it is the best; a <c>lower</c> best of 0 gives every other party 0.
    /// </summary>
    public static IReadOnlyList<RadarAxis> Radar(GapFile file, int year)
    {
        var parties = Parties(file);
        var axes = new List<RadarAxis>();
        foreach (var indicator in file.Indicators)
        {
            var values = parties.Select(p => p.Value(indicator.Id, year)).ToList();
            var present = values.OfType<decimal>().ToList();
            if (present.Count == 0)
            {
                axes.Add(new RadarAxis(indicator, [.. values.Select(_ => (decimal?)null)]));
                continue;
            }
            var best = indicator.Direction == GapDirection.Higher ? present.Max() : present.Min();
            axes.Add(new RadarAxis(indicator, [.. values.Select(v => Share(v, best, indicator.Direction))]));
        }
        return axes;
    }

    private static decimal? Share(decimal? value, decimal best, GapDirection direction)
    {
        if (value is not { } v) return null;
        if (v == best) return 100m;
        if (v < 0m || best < 0m) return null;
        // Here v is worse than the best and neither is negative: higher 0 ≤ v < best, lower 0 ≤ best < v.
        var share = direction == GapDirection.Higher ? v / best * 100m : best / v * 100m;
        return Math.Round(share, 1, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// Per indicator the values of every party in every year from the first to the last of the data (a year without
    /// any value is kept, so that the axis's years are evenly spaced).
    /// </summary>
    public static IReadOnlyList<TrendSeries> Trends(GapFile file)
    {
        var data = Years(file);
        IReadOnlyList<int> years = data.Count == 0 ? [] : [.. Enumerable.Range(data[0], data[^1] - data[0] + 1)];
        var parties = Parties(file);
        return [.. file.Indicators.Select(i => new TrendSeries(i, years, [.. parties.Select(p => (IReadOnlyList<decimal?>)[.. years.Select(y => p.Value(i.Id, y))])]))];
    }

    /// <summary>
    /// The shading of a gap: at or above the benchmark <c>ahead</c>; a shortfall under 10 % <c>near</c>; under 30 %
    /// <c>behind</c>; 30 % or more <c>far</c>; no gap (a value missing, a benchmark of 0) none.
    /// </summary>
    public static string? Shortfall(decimal? gapPercent) => gapPercent switch
    {
        null => null,
        >= 0m => "ahead",
        > -10m => "near",
        > -30m => "behind",
        _ => "far",
    };
}
