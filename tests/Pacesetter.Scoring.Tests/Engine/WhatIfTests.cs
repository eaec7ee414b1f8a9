using Pacesetter.Scoring.Engine;
using Pacesetter.Scoring.Text;

namespace Pacesetter.Scoring.Tests.Engine;

/// <summary>倒推测算: the weakest datum that reaches a rank, in each direction and domain.</summary>
public class WhatIfTests
{
    private static WhatIfAnswer Solve(SchemeBuilder builder, string unit, string indicator, int rank) =>
        WhatIf.Solve(builder.Read().Require(), unit, indicator, rank);

    [Fact]
    public void Lower_is_better_answers_the_largest_value()
    {
        // completion, lower: A at 120 scores 100 × 100/120 = 83.33; B at 110 scores 90.91.
        // A at 110 ties B (rank 1 shared); at 111 it scores 90.09, rank 2. So the largest value is 110.
        var answer = Solve(new SchemeBuilder("A", "B")
            .Base("x", 100, """{"type": "completion", "target": 100}""", """{"direction": "lower"}""")
            .Values("x", 120, 110), "A", "x", 1);

        Assert.True(answer.Possible);
        Assert.False(answer.AtLeast);
        Assert.Equal(110m, answer.Value);
        Assert.Equal(1, answer.ReachedRank);
        Assert.Equal(2, answer.CurrentRank);
    }

    [Fact]
    public void Penalty_count_answers_the_most_events_the_unit_can_afford()
    {
        // A: 50 − 3 × 1 = 47 < B's 48. With 2 events A ties B at 48 (rank 1 shared); with 3 it is second.
        var answer = Solve(new SchemeBuilder("A", "B")
            .Base("x", 100, """{"type": "manual"}""")
            .Penalty("p", 10, """{"type": "events", "perEvent": 1}""")
            .Values("x", 50, 48)
            .Datum("A", "p", "3"), "A", "p", 1);

        Assert.True(answer.Possible);
        Assert.False(answer.AtLeast);
        Assert.Equal(2m, answer.Value);
    }

    [Fact]
    public void Manual_score_is_searched_within_zero_and_the_weight()
    {
        var possible = Solve(Given.Composites(("A", 40), ("B", 60)), "A", "x", 1);
        var impossible = Solve(new SchemeBuilder("A", "B")
            .Base("x", 50, """{"type": "manual"}""")
            .Base("y", 50, """{"type": "manual"}""")
            .Values("x", 10, 50)
            .Values("y", 0, 50), "A", "x", 1);

        Assert.Equal(60m, possible.Value);
        // A can reach at most 50 + 0 = 50 against B's 100.
        Assert.False(impossible.Possible);
    }

    [Fact]
    public void Growth_without_a_previous_value_cannot_be_solved()
    {
        var answer = Solve(new SchemeBuilder("A", "B")
            .Base("g", 100, """{"type": "efficacy"}""", """{"measure": "growth"}""")
            .Datum("A", "g", """{"value": 10}""")
            .Datum("B", "g", """{"value": 12, "previous": 10}"""), "A", "g", 1);

        Assert.False(answer.Possible);
        Assert.Equal("growth needs the previous value, which the unit does not have", answer.Unsupported);
    }

    [Fact]
    public void A_rank_already_held_is_answered_with_the_weakest_value_that_keeps_it()
    {
        // leaderRatio 100 × x / leader: A at 80 leads B at 60. A keeps rank 1 down to 60 (a tie), not 59.
        var answer = Solve(new SchemeBuilder("A", "B")
            .Base("x", 100, """{"type": "leaderRatio"}""")
            .Values("x", 80, 60), "A", "x", 1);

        Assert.Equal(1, answer.CurrentRank);
        Assert.Equal(60m, answer.Value);
        Assert.True(answer.AtLeast);
    }

    [Fact]
    public void Explanation_shows_the_rescaled_base_when_an_indicator_is_excluded()
    {
        // A has no datum for y (exclude): base = 40 × 100 / 60 = 66.67, factor 1.6667.
        var result = new SchemeBuilder("A", "B")
            .Base("x", 60, """{"type": "manual"}""")
            .Base("y", 40, """{"type": "manual"}""", """{"missing": "exclude"}""")
            .Values("x", 40, 50)
            .Values("y", null, 30)
            .Score();

        var text = Explainer.ToText(Explainer.Explain(result, "A", Language.English), Language.English);

        Assert.Equal(66.67m, result.Unit("A").Base);
        Assert.Contains("base = 40 × 1.6667 (rescaled for excluded indicators) = 66.67", text);
        Assert.Contains("no usable datum: indicator excluded, base rescaled by weight", text);
    }
}
