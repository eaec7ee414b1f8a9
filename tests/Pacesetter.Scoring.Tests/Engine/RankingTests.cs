namespace Pacesetter.Scoring.Tests.Engine;

/// <summary>scoring.md §5 ranking and coreShareMin.</summary>
public class RankingTests
{
    [Fact]
    public void Vetoed_units_rank_after_all_others_then_by_composite()
    {
        var result = Given.Composites(("A", 90), ("B", 80), ("C", 70), ("D", 95))
            .Veto("A")
            .Veto("D")
            .Score();

        Assert.Equal(["B", "C", "D", "A"], result.Listing());
        Assert.Equal([1, 2, 3, 4], result.Categories[0].Results.Select(r => r.Rank).ToArray());
        Assert.True(result.Unit("A").Vetoed);
    }

    [Fact]
    public void Equal_composites_are_ordered_by_tie_break_indicators_in_their_order()
    {
        // all 80; x: A 30, B 30, C 20 → C last; y decides A (20) against B (25)
        var result = new SchemeBuilder("A", "B", "C")
            .Base("x", 30, """{"type": "manual"}""")
            .Base("y", 30, """{"type": "manual"}""")
            .Base("z", 40, """{"type": "manual"}""")
            .Values("x", 30m, 30m, 20m)
            .Values("y", 20m, 25m, 30m)
            .Values("z", 30m, 25m, 30m)
            .TieBreak("x", "y")
            .Score();

        Assert.Equal(["B", "A", "C"], result.Listing());
        Assert.Equal([1, 2, 3], result.Categories[0].Results.Select(r => r.Rank).ToArray());
    }

    [Fact]
    public void Tie_break_order_matters()
    {
        // same data, tieBreak y first: C (30) > B (25) > A (20)
        var result = new SchemeBuilder("A", "B", "C")
            .Base("x", 30, """{"type": "manual"}""")
            .Base("y", 30, """{"type": "manual"}""")
            .Base("z", 40, """{"type": "manual"}""")
            .Values("x", 30m, 30m, 20m)
            .Values("y", 20m, 25m, 30m)
            .Values("z", 30m, 25m, 30m)
            .TieBreak("y", "x")
            .Score();

        Assert.Equal(["C", "B", "A"], result.Listing());
    }

    [Fact]
    public void Units_still_equal_share_a_rank_1_1_3_and_are_listed_by_ordinal_unit_id()
    {
        // ordinal: "Z" (0x5A) before "b" (0x62); a culture-aware order would put b first
        var result = Given.Composites(("b", 90), ("a", 70), ("Z", 90)).Score();

        Assert.Equal(["Z", "b", "a"], result.Listing());
        Assert.Equal([1, 1, 3], result.Categories[0].Results.Select(r => r.Rank).ToArray());
    }

    [Fact]
    public void Units_equal_on_every_tie_break_share_a_rank()
    {
        var result = new SchemeBuilder("B", "A", "C")
            .Base("x", 50, """{"type": "manual"}""")
            .Base("y", 50, """{"type": "manual"}""")
            .Values("x", 40m, 40m, 45m)
            .Values("y", 40m, 40m, 20m)
            .TieBreak("x")
            .Score();

        Assert.Equal(["A", "B", "C"], result.Listing());
        Assert.Equal([1, 1, 3], result.Categories[0].Results.Select(r => r.Rank).ToArray());
    }

    [Fact]
    public void Ranking_is_within_each_category()
    {
        var result = new SchemeBuilder("A", "B")
            .Base("x", 100, """{"type": "manual"}""")
            .Values("x", 60m, 50m)
            .Category("d", "C", "D")
            .Base("y", 100, """{"type": "manual"}""")
            .Values("y", 90m, 95m)
            .Score();

        Assert.Equal([1, 2, 2, 1], new[] { "A", "B", "C", "D" }.Select(u => result.Unit(u).Rank).ToArray());
    }

    [Fact]
    public void Core_share_below_coreShareMin_makes_the_scheme_invalid()
    {
        // core 60 of base 100 = 60 % < 70 %
        var read = new SchemeBuilder("A")
            .Top("coreShareMin", "70")
            .Base("x", 60, """{"type": "manual"}""", """{"core": true}""")
            .Base("y", 40, """{"type": "manual"}""")
            .Read();

        Assert.False(read.IsValid);
        Assert.Equal(["$.categories[0].indicators"], read.Problems.Select(p => p.Path).ToArray());
    }

    [Fact]
    public void Core_share_exactly_at_coreShareMin_is_valid_and_bonus_weight_does_not_count()
    {
        // core 70 of base 100 = 70 %; the bonus cap 10 is not base weight
        var read = new SchemeBuilder("A")
            .Top("coreShareMin", "70")
            .Base("x", 70, """{"type": "manual"}""", """{"core": true}""")
            .Base("y", 30, """{"type": "manual"}""")
            .Bonus("b", 10, """{"type": "points"}""")
            .Read();

        Assert.True(read.IsValid, string.Join("; ", read.Problems));
    }
}
