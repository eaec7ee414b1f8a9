using Pacesetter.Scoring.Engine;

namespace Pacesetter.Scoring.Tests.Engine;

/// <summary>scoring.md §3 missing data: zero, average, exclude, and a category where nobody has the datum.</summary>
public class MissingDataTests
{
    [Fact]
    public void Missing_zero_gives_no_points_and_the_others_are_scored_among_themselves()
    {
        var result = new SchemeBuilder("A", "B", "C")
            .Base("x", 10, """{"type": "leaderRatio"}""")
            .Values("x", 4m, 2m, null)
            .Score();

        Assert.Equal([10m, 5m, 0m], result.Scores("x", "A", "B", "C"));
        Assert.Equal(CellSource.MissingZero, result.Cell("C", "x").Source);
        Assert.Null(result.Cell("C", "x").Measure);
    }

    [Fact]
    public void Missing_average_is_the_rounded_mean_of_the_rounded_scores()
    {
        // rounded 1.01 and 1.00 → mean 1.005 → 1.01; the mean of the unrounded 1.005 and 1.0049 would give 1.00
        var result = new SchemeBuilder("A", "B", "C")
            .Base("x", 10, """{"type": "manual"}""", """{"missing": "average"}""")
            .Values("x", 1.005m, 1.0049m, null)
            .Score();

        Assert.Equal([1.01m, 1m, 1.01m], result.Scores("x", "A", "B", "C"));
        Assert.Equal(CellSource.MissingAverage, result.Cell("C", "x").Source);
    }

    [Fact]
    public void Missing_average_of_leader_ratio_scores()
    {
        // (10 + 7.38 + 3.57 + 6.19) / 4 = 6.785 → 6.79
        var result = new SchemeBuilder("A", "B", "C", "D", "E")
            .Base("x", 10, """{"type": "leaderRatio"}""", """{"missing": "average"}""")
            .Values("x", 420m, 310m, 150m, 260m, null)
            .Score();

        Assert.Equal([10m, 7.38m, 3.57m, 6.19m, 6.79m], result.Scores("x", "A", "B", "C", "D", "E"));
    }

    [Fact]
    public void Missing_exclude_drops_the_indicator_and_rescales_the_base()
    {
        // B: x 47 kept, y excluded: base = round2(47 × 100 / 60) = 78.33; A keeps both: 48 + 30 = 78
        var result = new SchemeBuilder("A", "B")
            .Base("x", 60, """{"type": "manual"}""")
            .Base("y", 40, """{"type": "manual"}""", """{"missing": "exclude"}""")
            .Values("x", 48m, 47m)
            .Values("y", 30m, null)
            .Score();

        var b = result.Unit("B");
        Assert.Null(result.Score("B", "y"));
        Assert.Equal(CellSource.Excluded, result.Cell("B", "y").Source);
        Assert.Equal(78.33m, b.Base);
        Assert.Equal(100m / 60m, b.BaseFactor);
        Assert.Equal(78m, result.Unit("A").Base);
        Assert.Null(result.Unit("A").BaseFactor);
    }

    [Fact]
    public void Missing_exclude_does_not_rescale_bonus_or_penalty()
    {
        // base 45 × 100/60 = 75, + bonus 2 − penalty 1 = 76
        var result = new SchemeBuilder("A", "B")
            .Base("x", 60, """{"type": "manual"}""")
            .Base("y", 40, """{"type": "manual"}""", """{"missing": "exclude"}""")
            .Bonus("b", 3, """{"type": "points"}""")
            .Penalty("p", 3, """{"type": "events", "perEvent": 1}""")
            .Values("x", 45m, 60m)
            .Values("y", null, 40m)
            .Values("b", 2m, null)
            .Values("p", 1m, null)
            .Score();

        var a = result.Unit("A");
        Assert.Equal((75m, 2m, 1m, 76m), (a.Base, a.Bonus, a.Penalty, a.Composite));
    }

    [Fact]
    public void Missing_exclude_of_every_base_indicator_gives_base_zero()
    {
        var result = new SchemeBuilder("A", "B")
            .Base("x", 60, """{"type": "manual"}""", """{"missing": "exclude"}""")
            .Base("y", 40, """{"type": "manual"}""", """{"missing": "exclude"}""")
            .Values("x", 50m, null)
            .Values("y", 30m, null)
            .Score();

        Assert.Equal(0m, result.Unit("B").Base);
        Assert.Equal([null, null], new[] { "x", "y" }.Select(i => result.Score("B", i)).ToArray());
    }

    [Fact]
    public void No_unit_with_data_treats_every_unit_as_missing()
    {
        var result = new SchemeBuilder("A", "B")
            .Base("z", 10, """{"type": "efficacy"}""")
            .Base("avg", 10, """{"type": "leaderRatio"}""", """{"missing": "average"}""")
            .Base("ex", 10, """{"type": "completion", "target": 5}""", """{"missing": "exclude"}""")
            .Base("m", 10, """{"type": "manual"}""")
            .Values("m", 8m, 6m)
            .Score();

        Assert.Equal([0m, 0m], result.Scores("z", "A", "B"));
        Assert.Equal([0m, 0m], result.Scores("avg", "A", "B"));
        Assert.Equal([null, null], result.Scores("ex", "A", "B"));
        // W_all 40, W_kept 30: 8 × 40/30 = 10.666… → 10.67
        Assert.Equal(10.67m, result.Unit("A").Base);
    }
}
