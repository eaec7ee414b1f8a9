using Pacesetter.App.Supervision.Projects;

namespace Pacesetter.Web.Tests.Supervision.Projects;

/// <summary>The figures of plan §3 "Projects" (2026-Q2 = Apr–Jun), by <see cref="ProjectFigures"/> alone.</summary>
public class ProjectFiguresTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    /// <summary>P1 T1 120 亿 signed 02-10 started 04-15 · P2 T1 8 signed 01-20 · P3 T2 55 signed 03-05 started 05-20 completed 06-28 · P4 T2 0.5 dropped 04-01 · P5 T2 12 started 2025-11-01.</summary>
    public static readonly IReadOnlyList<ProjectFacts> Plan =
    [
        new("P1", "T1", 120, D(2026, 2, 10), D(2026, 2, 10), D(2026, 4, 15), null, null),
        new("P2", "T1", 8, D(2026, 1, 20), D(2026, 1, 20), null, null, null),
        new("P3", "T2", 55, D(2026, 3, 5), D(2026, 3, 5), D(2026, 5, 20), D(2026, 6, 28), null),
        new("P4", "T2", 0.5m, D(2026, 1, 10), null, null, null, D(2026, 4, 1)),
        new("P5", "T2", 12, D(2025, 11, 1), D(2025, 11, 1), D(2025, 11, 1), null, null),
    ];

    private static string Show(ProjectFigureSet f) =>
        $"{f.Projects} {f.Investment} sizes {string.Join("/", f.Sizes.OrderBy(s => s.Key).Select(s => s.Value))} conv {f.Conversion.Done}/{f.Conversion.Of}={f.Conversion.Rate?.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) ?? "null"} done {f.Completion.Done}/{f.Completion.Of}={f.Completion.Rate?.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) ?? "null"}";

    [Fact]
    public void Plan_figures_for_the_second_quarter()
    {
        var (start, end) = ProjectFigures.Span("2026-Q2")!.Value;
        Assert.Equal((D(2026, 4, 1), D(2026, 6, 30)), (start, end));
        var (all, units) = ProjectFigures.ByUnit(Plan, ["T1", "T2", "T3"], start, end);

        // Sizes (not dropped, ≥): 1: 4, 10: 3, 50: 2, 100: 1; investment 120 + 8 + 55 + 12 = 195.
        // Conversion: P1, P2, P3 signed by 06-30 and not started before 04-01 → P1, P3 started: 2 of 3 = 66.7.
        // Completion: P1, P3, P5 started by 06-30 and not completed before 04-01 → P3: 1 of 3 = 33.3.
        Assert.Equal("4 195 sizes 4/3/2/1 conv 2/3=66.7 done 1/3=33.3", Show(all));
        Assert.Equal("2 128 sizes 2/1/1/1 conv 1/2=50.0 done 0/1=0.0", Show(units[0].Figures));
        Assert.Equal("2 67 sizes 2/2/1/0 conv 1/1=100.0 done 1/2=50.0", Show(units[1].Figures));
        // A unit without projects: counts 0, rates null (no datum).
        Assert.Equal("0 0 sizes 0/0/0/0 conv 0/0=null done 0/0=null", Show(units[2].Figures));
        Assert.Null(units[2].Figures.Figure("projects.conversionRate"));
        Assert.Equal(66.7m, all.Figure("projects.conversionRate"));
        Assert.Equal(3, all.Figure("projects.count10"));
    }

    [Fact]
    public void First_quarter_and_a_project_dropped_within_the_period()
    {
        var (start, end) = ProjectFigures.Span("2026-Q1")!.Value;
        // Q1: P4 is not dropped yet (04-01): 5 projects, 195.5; P1, P2, P3 signed in Q1, none started in it: 0 of 3
        // (P5 started before Q1); completion: P5 started, not completed: 0 of 1.
        Assert.Equal("5 195.5 sizes 4/3/2/1 conv 0/3=0.0 done 0/1=0.0", Show(ProjectFigures.Compute(Plan, start, end)));
        // A project known only after the period end is not counted.
        var (s2, e2) = ProjectFigures.Span("2025-12")!.Value;
        Assert.Equal("1 12 sizes 1/1/0/0 conv 0/0=null done 0/1=0.0", Show(ProjectFigures.Compute(Plan, s2, e2)));
    }
}
