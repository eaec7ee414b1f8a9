namespace Pacesetter.Scoring.Tests.Engine;

/// <summary>scoring.md §5 labels (标兵, 优胜, 黄牌) and the 流动红旗 flag.</summary>
public class LabelAndFlagTests
{
    private const string AllLabels = """
        {"pacesetter": {"top": 1, "min": 90}, "winner": {"top": 3, "min": 80}, "yellow": {"bottom": 1, "below": 60}}
        """;

    private static IEnumerable<string?> Labels(Scoring.Engine.SchemeResult result, params string[] units) =>
        units.Select(u => result.Unit(u).Label);

    [Fact]
    public void Labels_pacesetter_winner_yellow_and_none()
    {
        // ranks A1 B2 C3 F4 D5 E6: D is below 60, E is the bottom unit
        var result = Given.Composites(("A", 95), ("B", 85), ("C", 82), ("D", 55), ("E", 50), ("F", 70))
            .Labels(AllLabels)
            .Score();

        Assert.Equal(["pacesetter", "winner", "winner", null, "yellow", "yellow"], Labels(result, "A", "B", "C", "F", "D", "E"));
    }

    [Fact]
    public void Rank_one_below_the_pacesetter_min_can_be_winner()
    {
        var result = Given.Composites(("A", 88), ("B", 70))
            .Labels(AllLabels)
            .Score();

        Assert.Equal("winner", result.Unit("A").Label);
    }

    [Fact]
    public void Winner_needs_both_top_and_min()
    {
        // D is 4th (top 3), C is 3rd but below min 80
        var result = Given.Composites(("A", 95), ("B", 94), ("C", 79), ("D", 78), ("E", 70))
            .Labels("""{"winner": {"top": 3, "min": 80}}""")
            .Score();

        Assert.Equal(["winner", "winner", null, null, null], Labels(result, "A", "B", "C", "D", "E"));
    }

    [Fact]
    public void Yellow_goes_to_the_whole_last_tied_group()
    {
        // bottom 1: B and C share the last rank, nobody ranks worse → both yellow
        var result = Given.Composites(("A", 90), ("B", 70), ("C", 70))
            .Labels("""{"yellow": {"bottom": 1}}""")
            .Score();

        Assert.Equal([null, "yellow", "yellow"], Labels(result, "A", "B", "C"));
    }

    [Fact]
    public void Yellow_bottom_counts_units_ranked_strictly_worse()
    {
        // bottom 2: C and D (rank 3) have 0 worse → yellow; B has 2 worse → not
        var result = Given.Composites(("A", 90), ("B", 80), ("C", 70), ("D", 70))
            .Labels("""{"yellow": {"bottom": 2}}""")
            .Score();

        Assert.Equal([null, null, "yellow", "yellow"], Labels(result, "A", "B", "C", "D"));
    }

    [Fact]
    public void Yellow_below_applies_to_any_rank()
    {
        var result = Given.Composites(("A", 59.99m), ("B", 59.98m), ("C", 60))
            .Labels("""{"yellow": {"below": 60}}""")
            .Score();

        Assert.Equal(["yellow", "yellow", null], Labels(result, "A", "B", "C"));
    }

    [Fact]
    public void Vetoed_unit_is_yellow_and_never_pacesetter_or_winner()
    {
        var result = Given.Composites(("A", 99), ("B", 80), ("C", 70))
            .Labels("""{"pacesetter": {"top": 1, "min": 90}, "winner": {"top": 3, "min": 0}, "yellow": {"below": 10}}""")
            .Veto("A")
            .Score();

        Assert.Equal(["yellow", "winner", "winner"], Labels(result, "A", "B", "C"));
    }

    [Fact]
    public void Vetoed_unit_is_yellow_even_without_a_yellow_rule()
    {
        // §6: a veto means "ranked last, lowest grade, yellow label, no flag", whatever labels the category defines.
        var result = Given.Composites(("A", 99), ("B", 80))
            .Labels("""{"pacesetter": {"top": 1}}""")
            .Veto("A")
            .Score();

        Assert.Equal(["yellow", "pacesetter"], Labels(result, "A", "B"));
    }

    [Fact]
    public void BlockTop_unit_cannot_be_pacesetter_but_can_be_winner()
    {
        var result = Given.Composites(("A", 95), ("B", 92))
            .Labels(AllLabels)
            .BlockTop("A")
            .Score();

        Assert.Equal(["winner", "winner"], Labels(result, "A", "B"));
    }

    [Fact]
    public void A_unit_has_at_most_one_label_the_first_that_applies()
    {
        // C is winner (top 3) and also the bottom unit: winner comes first; A is pacesetter, not winner
        var result = Given.Composites(("A", 95), ("B", 85), ("C", 50))
            .Labels("""{"pacesetter": {"top": 1, "min": 90}, "winner": {"top": 3, "min": 0}, "yellow": {"bottom": 1, "below": 60}}""")
            .Score();

        Assert.Equal(["pacesetter", "winner", "winner"], Labels(result, "A", "B", "C"));
    }

    [Fact]
    public void Label_is_null_without_labels()
    {
        var result = Given.Composites(("A", 95), ("B", 10)).Score();

        Assert.Equal([null, null], Labels(result, "A", "B"));
    }

    // ---- flag 流动红旗 ----

    [Fact]
    public void Flag_goes_to_the_single_rank_one_candidate_and_moves()
    {
        var result = Given.Composites(("A", 95), ("B", 92))
            .Flag(90)
            .PreviousFlag("c", "B")
            .Score();

        var flag = result.Categories[0].Flag;
        Assert.Equal(("A", "B", true), (flag.Holder, flag.Previous, flag.Moved));
        Assert.Equal(["A"], flag.Candidates);
    }

    [Fact]
    public void Flag_kept_by_the_previous_holder_does_not_move()
    {
        var result = Given.Composites(("A", 95), ("B", 92))
            .Flag(90)
            .PreviousFlag("c", "A")
            .Score();

        var flag = result.Categories[0].Flag;
        Assert.Equal(("A", "A", false), (flag.Holder, flag.Previous, flag.Moved));
    }

    [Fact]
    public void Several_candidates_the_previous_holder_among_them_keeps_the_flag()
    {
        var result = Given.Composites(("A", 95), ("B", 95), ("C", 80))
            .Flag(90)
            .PreviousFlag("c", "B")
            .Score();

        var flag = result.Categories[0].Flag;
        Assert.Equal(("B", false), (flag.Holder, flag.Moved));
        Assert.Equal(["A", "B"], flag.Candidates);
    }

    [Fact]
    public void Several_candidates_without_the_previous_holder_give_nobody_the_flag()
    {
        var withOther = Given.Composites(("A", 95), ("B", 95), ("C", 80))
            .Flag(90)
            .PreviousFlag("c", "C")
            .Score();
        var withNone = Given.Composites(("A", 95), ("B", 95), ("C", 80))
            .Flag(90)
            .Score();

        Assert.Null(withOther.Categories[0].Flag.Holder);
        Assert.True(withOther.Categories[0].Flag.Moved);
        Assert.Null(withNone.Categories[0].Flag.Holder);
    }

    [Fact]
    public void Flag_needs_the_min()
    {
        var result = Given.Composites(("A", 89.99m), ("B", 80))
            .Flag(90)
            .Score();

        Assert.Null(result.Categories[0].Flag.Holder);
        Assert.Empty(result.Categories[0].Flag.Candidates);
    }

    [Fact]
    public void BlockTop_unit_cannot_hold_the_flag_and_nobody_else_ranks_first()
    {
        var result = Given.Composites(("A", 95), ("B", 92))
            .Flag(90)
            .BlockTop("A")
            .Score();

        Assert.Null(result.Categories[0].Flag.Holder);
    }

    [Fact]
    public void BlockTop_unit_tied_first_leaves_the_flag_to_the_other()
    {
        var result = Given.Composites(("A", 95), ("B", 95))
            .Flag(90)
            .BlockTop("A")
            .Score();

        Assert.Equal("B", result.Categories[0].Flag.Holder);
    }

    [Fact]
    public void Vetoed_unit_cannot_hold_the_flag()
    {
        var result = Given.Composites(("A", 95))
            .Flag(90)
            .Veto("A")
            .Score();

        Assert.Null(result.Categories[0].Flag.Holder);
        Assert.Equal(1, result.Unit("A").Rank);
    }
}
