using System.Globalization;

namespace Pacesetter.Scoring.Benchmarking;

/// <summary>
/// 对标 the gap to each benchmark (scoring.md §10): per benchmark and indicator the values of the year, the gap in
/// percent, each side's average yearly growth, whether and in how many years the organization catches up at those
/// rates, and per indicator the ranks of everyone with a value. The gap is decimal arithmetic; growths and years use
/// powers and logarithms in binary floating point, rounded half away from zero at the end (1 decimal).
/// </summary>
public static class GapCalculator
{
    public static GapReport Compute(GapFile file, int year)
    {
        var benchmarks = new List<GapBenchmark>(file.Benchmarks.Count);
        foreach (var b in file.Benchmarks)
        {
            benchmarks.Add(new GapBenchmark(b.Id, b.Name, [.. file.Indicators.Select(i => Line(i, file.Own, b, year))]));
        }
        var ranks = file.Indicators.Select(i => (i, Ranks(i, [file.Own, .. file.Benchmarks], year))).ToList();
        return new GapReport(year, benchmarks, ranks);
    }

    /// <summary>One indicator of the organization against one benchmark.</summary>
    public static GapLine Line(GapIndicator indicator, GapParty own, GapParty bench, int year)
    {
        var o = own.Value(indicator.Id, year);
        var b = bench.Value(indicator.Id, year);
        if (o is not { } ov || b is not { } bv) return new GapLine(indicator, o, b, null, null, null, null, null);
        double? gOwn = Growth(own, indicator.Id, year), gBench = Growth(bench, indicator.Id, year);
        decimal? growthOwn = Percent(gOwn), growthBench = Percent(gBench);
        if (bv == 0m) return new GapLine(indicator, ov, bv, null, growthOwn, growthBench, null, null);
        bool higher = indicator.Direction == GapDirection.Higher;
        // The gap as printed (1 decimal) decides "ahead": a gap shown as 0.0 is level, not behind.
        var gap = GapPercent(higher ? ov - bv : bv - ov, Math.Abs(bv)) is { } exact ? Numbers.OneDecimal(exact) : (decimal?)null;
        CatchUp? catchUp;
        decimal? years = null;
        if (gap is not { } g) catchUp = null;
        else if (g >= 0m) catchUp = CatchUp.Ahead;
        else if (gOwn is not { } go || gBench is not { } gb) catchUp = null;
        else if (higher ? go <= gb : go >= gb) catchUp = CatchUp.Never;
        else
        {
            catchUp = CatchUp.Years;
            double ownD = (double)ov, benchD = (double)bv;
            var y = higher
                ? Math.Log(benchD / ownD) / Math.Log((1 + go) / (1 + gb))
                : Math.Log(ownD / benchD) / Math.Log((1 + gb) / (1 + go));
            years = Round(y);
        }
        return new GapLine(indicator, ov, bv, gap, growthOwn, growthBench, catchUp, years);
    }

    /// <summary>
    /// The average yearly growth as a fraction, <c>(v_year / v_first)^(1/(year − first)) − 1</c>, <c>first</c> the
    /// earliest year with a value (at most <paramref name="year"/>); null without a value in the year, with fewer than
    /// two years, or when either of the two values is ≤ 0.
    /// </summary>
    public static double? Growth(GapParty party, string indicator, int year)
    {
        if (!party.Values.TryGetValue(indicator, out var byYear) || !byYear.TryGetValue(year, out var last)) return null;
        int first = year;
        foreach (var y in byYear.Keys)
        {
            if (y < first) first = y;
        }
        if (first == year) return null;
        var start = byYear[first];
        if (start <= 0m || last <= 0m) return null;
        return Math.Pow((double)last / (double)start, 1.0 / (year - first)) - 1;
    }

    /// <summary><c>difference / abs(bench) × 100</c> exactly in decimal (multiplied first); null beyond decimal's range.</summary>
    private static decimal? GapPercent(decimal difference, decimal absBench)
    {
        try
        {
            return Numbers.MulDiv(difference, 100m, absBench);
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>Ranks by the year's value (higher: descending), standard competition ranking; ties in the file's order, the organization first.</summary>
    public static IReadOnlyList<GapRank> Ranks(GapIndicator indicator, IReadOnlyList<GapParty> parties, int year)
    {
        var valued = parties.Select(p => (p.Id, Value: p.Value(indicator.Id, year))).Where(p => p.Value is not null).Select(p => (p.Id, Value: p.Value!.Value)).ToList();
        var ranks = new List<GapRank>(valued.Count);
        foreach (var (id, value) in valued)
        {
            int better = valued.Count(o => indicator.Direction == GapDirection.Higher ? o.Value > value : o.Value < value);
            ranks.Add(new GapRank(id, better + 1));
        }
        // A stable sort: equal ranks keep the file's order.
        return [.. ranks.OrderBy(r => r.Rank)];
    }

    private static decimal? Percent(double? fraction) => fraction is { } f ? Round(f * 100) : null;

    /// <summary>
    /// A binary floating-point figure rounded half away from zero to 1 decimal, from its exact value: its digits to 20
    /// decimals (exact enough that no double lands within them of a tie it is not on), then decimal rounding.
    /// Null when it is not finite or beyond decimal's range.
    /// </summary>
    public static decimal? Round(double value)
    {
        if (!double.IsFinite(value)) return null;
        if (!decimal.TryParse(value.ToString("F20", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return null;
        return Numbers.OneDecimal(d);
    }

}
