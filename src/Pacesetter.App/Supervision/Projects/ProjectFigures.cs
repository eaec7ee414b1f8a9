using Pacesetter.App.Supervision.Model;
using Pacesetter.Scoring;

namespace Pacesetter.App.Supervision.Projects;

/// <summary>What the figures need of a project: its unit, its investment and the dates it reached each stage (null = not reached).</summary>
public sealed record ProjectFacts(string Code, string Unit, decimal Investment, DateOnly Known, DateOnly? Signed, DateOnly? Started, DateOnly? Completed, DateOnly? Dropped)
{
    /// <summary>The facts of a project from its dated stage changes (in any order): a stage reached skips the ones before it (started without a signing date counts as signed that day).</summary>
    public static ProjectFacts Of(Project p, IEnumerable<ProjectStageChange> changes)
    {
        var ordered = changes.OrderBy(c => c.On).ThenBy(c => c.Id).ToList();
        DateOnly? First(Func<ProjectStage, bool> reached) => ordered.FirstOrDefault(c => reached(c.To)) is { } c ? c.On : null;
        var known = ordered.Count > 0 ? ordered[0].On : p.StageOn;
        return new ProjectFacts(p.Code, p.UnitCode, p.Investment, known,
            First(s => s is ProjectStage.Signed or ProjectStage.Started or ProjectStage.Completed),
            First(s => s is ProjectStage.Started or ProjectStage.Completed),
            First(s => s is ProjectStage.Completed),
            First(s => s is ProjectStage.Dropped));
    }
}

/// <summary>A rate: how many in the denominator, how many in the numerator, the percent to 1 decimal (null with an empty denominator).</summary>
public sealed record ProjectRate(int Of, int Done, decimal? Rate);

/// <summary>The figures of a set of projects for a period (ADR 0031).</summary>
/// <param name="Projects">Projects known by the period end and not dropped by then.</param>
/// <param name="Investment">Their total investment, 亿元.</param>
/// <param name="Sizes">Of them, how many invest at least 1, 10, 50 and 100 亿元 (cumulative).</param>
/// <param name="Conversion">Signed by the period end and not started before its start (nor dropped before it): how many started within the period.</param>
/// <param name="Completion">Started by the period end and not completed before its start (nor dropped before it): how many completed within the period.</param>
public sealed record ProjectFigureSet(int Projects, decimal Investment, IReadOnlyDictionary<int, int> Sizes, ProjectRate Conversion, ProjectRate Completion)
{
    /// <summary>The figure an indicator's <c>source</c> names (<c>projects.count10</c> …); null = no datum.</summary>
    public decimal? Figure(string source) => source switch
    {
        "projects.count1" => Sizes[1],
        "projects.count10" => Sizes[10],
        "projects.count50" => Sizes[50],
        "projects.count100" => Sizes[100],
        "projects.investment" => Investment,
        "projects.conversionRate" => Conversion.Rate,
        "projects.completionRate" => Completion.Rate,
        _ => throw new ArgumentException($"not a project figure: {source}", nameof(source)),
    };
}

/// <summary>
/// 重大项目 figures (supervision.md §4, ADR 0031), pure: size classes ≥ 1, 10, 50, 100 亿元 cumulative, dropped projects
/// excluded; the conversion rate 签约 → 开工 and the completion rate 开工 → 竣工 within the period; per unit and for
/// the organization.
/// </summary>
public static class ProjectFigures
{
    /// <summary>The size classes, 亿元.</summary>
    public static IReadOnlyList<int> SizeClasses { get; } = [1, 10, 50, 100];

    /// <summary>The first and last day of a period (null when it is not one).</summary>
    public static (DateOnly Start, DateOnly End)? Span(string period)
    {
        if (Periods.Months(period) is not { } m) return null;
        var start = new DateOnly(m.Year, m.FirstMonth, 1);
        var end = new DateOnly(m.Year, m.LastMonth, DateTime.DaysInMonth(m.Year, m.LastMonth));
        return (start, end);
    }

    public static ProjectFigureSet Compute(IEnumerable<ProjectFacts> projects, DateOnly start, DateOnly end)
    {
        var list = projects.ToList();
        var alive = list.Where(p => p.Known <= end && !(p.Dropped <= end)).ToList();
        var sizes = SizeClasses.ToDictionary(s => s, s => alive.Count(p => p.Investment >= s));
        // In play at the period's start: not dropped before it.
        var inPlay = list.Where(p => !(p.Dropped < start)).ToList();
        var signed = inPlay.Where(p => p.Signed <= end && !(p.Started < start)).ToList();
        var started = inPlay.Where(p => p.Started <= end && !(p.Completed < start)).ToList();
        return new ProjectFigureSet(alive.Count, alive.Sum(p => p.Investment), sizes,
            Rate(signed.Count, signed.Count(p => p.Started >= start && p.Started <= end)),
            Rate(started.Count, started.Count(p => p.Completed >= start && p.Completed <= end)));
    }

    /// <summary>The organization's figures and each unit's (units in <paramref name="units"/> order, those without a project included).</summary>
    public static (ProjectFigureSet Organization, IReadOnlyList<(string Unit, ProjectFigureSet Figures)> Units) ByUnit(
        IReadOnlyList<ProjectFacts> projects, IEnumerable<string> units, DateOnly start, DateOnly end)
    {
        var byUnit = projects.ToLookup(p => p.Unit, StringComparer.Ordinal);
        return (Compute(projects, start, end), [.. units.Select(u => (u, Compute(byUnit[u], start, end)))]);
    }

    private static ProjectRate Rate(int of, int done) =>
        new(of, done, of == 0 ? null : Math.Round(100m * done / of, 1, MidpointRounding.AwayFromZero));
}
