namespace Pacesetter.Scoring.Schemes;

/// <summary>
/// The names of an indicator's <c>source</c> (ADR 0030, 0031): where the system takes the datum from instead of a person.
/// <c>cards</c> = the unit's issued red and yellow cards of the period as a list of events; <c>projects.*</c> = a figure
/// of the unit's major projects for the period; <c>benchmarks.gap/{benchmark}/{indicator}</c> = the organization's gap
/// in percent to a benchmark on one of its benchmarking indicators (scoring.md §10), the same for every unit;
/// <c>surveys/{survey}</c> = the unit's score in a closed rating survey of the period (surveys.md §4, ADR 0043).
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

    /// <summary>The prefix of a rating survey's scores: <c>surveys/2026q3-myd</c>.</summary>
    public const string SurveysPrefix = "surveys/";

    /// <summary>The source of the scores of survey <paramref name="survey"/> (its id).</summary>
    public static string Survey(string survey) => SurveysPrefix + survey;

    /// <summary>The survey id of a survey source, or null when <paramref name="source"/> is not one (one id, not empty, without '/').</summary>
    public static string? SurveyOf(string source) =>
        source.StartsWith(SurveysPrefix, StringComparison.Ordinal) && source[SurveysPrefix.Length..] is { Length: > 0 } id && !id.Contains('/') ? id : null;

    /// <summary>Whether the source is a survey's scores.</summary>
    public static bool IsSurvey(string source) => SurveyOf(source) is not null;

    /// <summary>
    /// The methods a survey's score may feed: those of one number, and <c>manual</c>, whose datum is the score scaled
    /// to the indicator's weight (score × weight / 100; surveys.md §4 "manual scaled").
    /// </summary>
    public static bool SurveyFeeds(MethodType method) => NumberMethods.Contains(method) || method == MethodType.Manual;

    public static bool IsKnown(string source) => All.Contains(source, StringComparer.Ordinal) || IsBenchmarks(source) || IsSurvey(source);

    /// <summary>Whether the source is one of the project figures.</summary>
    public static bool IsProjects(string source) => source.StartsWith(ProjectsPrefix, StringComparison.Ordinal) && IsKnown(source);
}
