namespace Pacesetter.Scoring.Schemes;

/// <summary>
/// The names of an indicator's <c>source</c> (ADR 0030, 0031): where the system takes the datum from instead of a person.
/// <c>cards</c> = the unit's issued red and yellow cards of the period as a list of events; <c>projects.*</c> = a figure
/// of the unit's major projects for the period; <c>benchmarks.gap/{benchmark}/{indicator}</c> = the organization's gap
/// in percent to a benchmark on one of its benchmarking indicators (scoring.md §10), the same for every unit.
/// </summary>
public static class DataSources
{
    /// <summary>The unit's issued cards of the period, <c>[{"id":"card-2026-03-A","type":"yellow"}]</c>.</summary>
    public const string Cards = "cards";
    /// <summary>The prefix of the major projects' figures.</summary>
    public const string ProjectsPrefix = "projects.";

    /// <summary>The project figures an indicator may take, in the designer's order.</summary>
    public static IReadOnlyList<string> ProjectFigures { get; } =
        ["projects.count1", "projects.count10", "projects.count50", "projects.count100", "projects.investment", "projects.conversionRate", "projects.completionRate"];

    /// <summary>Every source of a fixed name, cards first (the benchmarks' gaps are named by their data: <see cref="BenchmarkGap"/>).</summary>
    public static IReadOnlyList<string> All { get; } = [Cards, .. ProjectFigures];

    /// <summary>The prefix of a benchmark gap: <c>benchmarks.gap/sip/gdp</c>.</summary>
    public const string BenchmarksPrefix = "benchmarks.gap/";

    /// <summary>The source of the gap to <paramref name="benchmark"/> on <paramref name="indicator"/> (ids of the benchmarking data).</summary>
    public static string BenchmarkGap(string benchmark, string indicator) => BenchmarksPrefix + benchmark + "/" + indicator;

    /// <summary>The benchmark and indicator ids of a gap source, or null when <paramref name="source"/> is not one (two ids, neither empty nor holding '/').</summary>
    public static (string Benchmark, string Indicator)? BenchmarkOf(string source) =>
        source.StartsWith(BenchmarksPrefix, StringComparison.Ordinal) && source[BenchmarksPrefix.Length..].Split('/') is [{ Length: > 0 } b, { Length: > 0 } i]
            ? (b, i)
            : null;

    /// <summary>Whether the source is a benchmark gap.</summary>
    public static bool IsBenchmarks(string source) => BenchmarkOf(source) is not null;

    /// <summary>The methods of a base indicator whose datum is one number (a project figure can feed them).</summary>
    public static IReadOnlySet<MethodType> NumberMethods { get; } = new HashSet<MethodType>
    {
        MethodType.Completion, MethodType.Efficacy, MethodType.Rank, MethodType.LeaderRatio, MethodType.Baseline, MethodType.Bands,
    };

    public static bool IsKnown(string source) => All.Contains(source, StringComparer.Ordinal) || IsBenchmarks(source);

    /// <summary>Whether the source is one of the project figures.</summary>
    public static bool IsProjects(string source) => source.StartsWith(ProjectsPrefix, StringComparison.Ordinal) && IsKnown(source);
}
