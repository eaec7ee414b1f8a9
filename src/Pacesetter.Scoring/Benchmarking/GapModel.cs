namespace Pacesetter.Scoring.Benchmarking;

/// <summary>Whether more is better (<c>higher</c>, e.g. GDP) or less (<c>lower</c>, e.g. energy per unit of GDP).</summary>
public enum GapDirection
{
    Higher,
    Lower,
}

/// <summary>An indicator compared (scoring.md §10): its id, name, unit of measure and direction.</summary>
public sealed record GapIndicator(string Id, string Name, string? Unit, GapDirection Direction);

/// <summary>
/// The values of one party (the organization, or a benchmark region) by indicator id, then by year. An indicator or
/// a year left out has no value.
/// </summary>
public sealed record GapParty(string Id, string Name, IReadOnlyDictionary<string, IReadOnlyDictionary<int, decimal>> Values)
{
    /// <summary>The party's value of <paramref name="indicator"/> in <paramref name="year"/>, or null.</summary>
    public decimal? Value(string indicator, int year) =>
        Values.TryGetValue(indicator, out var byYear) && byYear.TryGetValue(year, out var v) ? v : null;
}

/// <summary>
/// A benchmarking file (scoring.md §10): the year compared, the indicators, the organization's own values (party id
/// <c>own</c>) and the benchmarks'. <see cref="Year"/> is null for the web application's stored data, which is
/// compared in the year a request names.
/// </summary>
public sealed record GapFile(int? Year, IReadOnlyList<GapIndicator> Indicators, GapParty Own, IReadOnlyList<GapParty> Benchmarks)
{
    /// <summary>The id of the organization in <c>ranks</c>.</summary>
    public const string OwnId = "own";
}

/// <summary><c>ahead</c>, <c>never</c> or <c>years</c> (scoring.md §10).</summary>
public enum CatchUp
{
    Ahead,
    Never,
    Years,
}

/// <summary>One indicator against one benchmark in the year compared; every figure null when it cannot be computed.</summary>
public sealed record GapLine(
    GapIndicator Indicator, decimal? Own, decimal? Bench, decimal? GapPercent, decimal? GrowthOwn, decimal? GrowthBench, CatchUp? CatchUp, decimal? Years);

/// <summary>One benchmark's lines, in the file's order of indicators.</summary>
public sealed record GapBenchmark(string Id, string Name, IReadOnlyList<GapLine> Lines);

/// <summary>A party's standard competition rank (1, 2, 2, 4) on one indicator in the year compared.</summary>
public sealed record GapRank(string Id, int Rank);

/// <summary>What <c>pacesetter gap</c> prints: per benchmark and indicator the gap, and per indicator the ranks.</summary>
public sealed record GapReport(int Year, IReadOnlyList<GapBenchmark> Benchmarks, IReadOnlyList<(GapIndicator Indicator, IReadOnlyList<GapRank> Ranks)> Ranks);
