namespace Pacesetter.Scoring.Tests.Engine;

/// <summary>scoring.md §2: decimal arithmetic, 2-decimal half-away-from-zero rounding, sums of rounded figures.</summary>
public class NumbersTests
{
    [Fact]
    public void Completion_of_ten_times_0_1005_publishes_1_005_as_1_01()
    {
        // r = 10.05 / 100 = 0.1005; 10 × 0.1005 = 1.005 → 1.01 (in double 1.005 would round to 1.00)
        var result = new SchemeBuilder("A")
            .Base("x", 10, """{"type": "completion"}""")
            .Datum("A", "x", """{"value": 10.05, "target": 100}""")
            .Score();

        Assert.Equal(1.01m, result.Score("A", "x"));
    }

    [Fact]
    public void Manual_score_of_1_005_is_published_as_1_01()
    {
        var result = new SchemeBuilder("A")
            .Base("x", 10, """{"type": "manual"}""")
            .Values("x", 1.005m)
            .Score();

        Assert.Equal(1.01m, result.Score("A", "x"));
    }

    [Fact]
    public void Leader_ratio_of_9_375_rounds_up_to_9_38()
    {
        // B: 15 × 5 / 8 = 9.375 → 9.38
        var result = new SchemeBuilder("A", "B")
            .Base("x", 15, """{"type": "leaderRatio"}""")
            .Values("x", 8m, 5m)
            .Score();

        Assert.Equal([15m, 9.38m], result.Scores("x", "A", "B"));
    }

    [Fact]
    public void Midpoints_round_away_from_zero_not_to_even()
    {
        // A: 10 × 21.25 / 100 = 2.125 → 2.13 (to even would give 2.12)
        var result = new SchemeBuilder("A", "B")
            .Base("x", 10, """{"type": "completion", "target": 100}""")
            .Values("x", 21.25m, 0.45m)
            .Score();

        // B: 10 × 0.45 / 100 = 0.045 → 0.05 (to even would give 0.04)
        Assert.Equal([2.13m, 0.05m], result.Scores("x", "A", "B"));
    }

    [Fact]
    public void Base_is_the_sum_of_rounded_indicator_scores()
    {
        // 1.005 → 1.01 and 2.125 → 2.13: base 3.14, whereas the unrounded sum 3.13 would publish 3.13
        var result = new SchemeBuilder("A")
            .Base("x", 10, """{"type": "manual"}""")
            .Base("y", 10, """{"type": "manual"}""")
            .Values("x", 1.005m)
            .Values("y", 2.125m)
            .Score();

        var a = result.Unit("A");
        Assert.Equal(3.14m, a.Base);
        Assert.Equal(3.14m, a.Composite);
    }

    [Fact]
    public void Bonus_and_penalty_are_sums_of_rounded_indicator_figures()
    {
        // bonus: 0.005 → 0.01 twice = 0.02 (unrounded 0.01); penalty: 0.125 → 0.13 twice = 0.26 (unrounded 0.25)
        var result = new SchemeBuilder("A")
            .Base("x", 10, """{"type": "manual"}""")
            .Bonus("b1", 1, """{"type": "points"}""")
            .Bonus("b2", 1, """{"type": "points"}""")
            .Penalty("p1", 1, """{"type": "events", "perEvent": 0.125}""")
            .Penalty("p2", 1, """{"type": "events", "perEvent": 0.125}""")
            .Values("x", 5m)
            .Values("b1", 0.005m)
            .Values("b2", 0.005m)
            .Values("p1", 1m)
            .Values("p2", 1m)
            .Score();

        var a = result.Unit("A");
        Assert.Equal(0.02m, a.Bonus);
        Assert.Equal(0.26m, a.Penalty);
        Assert.Equal(4.76m, a.Composite); // 5 + 0.02 − 0.26
    }

    [Fact]
    public void Composite_is_base_plus_bonus_minus_penalty()
    {
        var result = new SchemeBuilder("A")
            .Base("x", 10, """{"type": "manual"}""")
            .Bonus("b", 2, """{"type": "points"}""")
            .Penalty("p", 1, """{"type": "events", "perEvent": 0.25}""")
            .Values("x", 10m)
            .Values("b", 1.5m)
            .Values("p", 3m)
            .Score();

        var a = result.Unit("A");
        Assert.Equal((10m, 1.5m, 0.75m, 10.75m), (a.Base, a.Bonus, a.Penalty, a.Composite));
    }

    [Fact]
    public void Composite_is_zero_when_penalty_exceeds_base_and_bonus()
    {
        var result = new SchemeBuilder("A")
            .Base("x", 10, """{"type": "manual"}""")
            .Penalty("p", 5, """{"type": "events", "perEvent": 1}""")
            .Values("x", 2m)
            .Values("p", 5m)
            .Score();

        var a = result.Unit("A");
        Assert.Equal(2m, a.Base);
        Assert.Equal(5m, a.Penalty);
        Assert.Equal(0m, a.Composite);
    }
}
