using Pacesetter.Scoring.Engine;

namespace Pacesetter.Scoring.Tests.Engine;

/// <summary>scoring.md §6: 一票否决, 一票否优 and 容错免责/减责 exemptions.</summary>
public class AdjustmentTests
{
    private const string Grades = """
        [{"name": "优秀", "min": 90, "quota": 1}, {"name": "良好", "min": 80}, {"name": "一般", "min": 0}]
        """;

    private const string Labels = """
        {"pacesetter": {"top": 1, "min": 90}, "winner": {"top": 2, "min": 80}, "yellow": {"bottom": 1}}
        """;

    private const string Cards = """{"type": "events", "perEvent": {"yellow": 0.5, "red": 1}}""";

    private static SchemeBuilder ThreeUnits() =>
        Given.Composites(("A", 98), ("B", 92), ("C", 85)).Grades(Grades).Labels(Labels).Flag(90);

    [Fact]
    public void Veto_places_unit_last_and_gives_lowest_grade()
    {
        var result = ThreeUnits().Veto("A").Score();

        var a = result.Unit("A");
        Assert.Equal(["B", "C", "A"], result.Listing());
        Assert.Equal((3, "一般", "yellow", true), (a.Rank, a.Grade, a.Label, a.Vetoed));
        Assert.Equal(98m, a.Composite);
        Assert.Equal("B", result.Categories[0].Flag.Holder);
        Assert.Equal("优秀", result.Unit("B").Grade);
    }

    [Fact]
    public void BlockTop_keeps_the_rank_but_denies_first_grade_pacesetter_and_flag()
    {
        var result = ThreeUnits().BlockTop("A").Score();

        var a = result.Unit("A");
        Assert.Equal((1, "良好", "winner", true), (a.Rank, a.Grade, a.Label, a.BlockTop));
        Assert.Equal("优秀", result.Unit("B").Grade);
        Assert.Null(result.Categories[0].Flag.Holder);
    }

    [Fact]
    public void Exemption_of_a_veto_cancels_it()
    {
        var result = ThreeUnits()
            .Veto("A", id: "a1")
            .Adjust("""{"id": "x1", "unit": "A", "type": "exemption", "ref": "a1"}""")
            .Score();

        var a = result.Unit("A");
        Assert.Equal((1, "优秀", "pacesetter", false), (a.Rank, a.Grade, a.Label, a.Vetoed));
        Assert.Equal("A", result.Categories[0].Flag.Holder);
        var effect = Assert.Single(a.Adjustments);
        Assert.Equal(("a1", "x1"), (effect.Adjustment.Id, effect.CancelledBy?.Id));
    }

    [Fact]
    public void Exemption_of_a_blockTop_cancels_it()
    {
        var result = ThreeUnits()
            .Adjust("""{"id": "b1", "unit": "A", "type": "blockTop"}""")
            .Adjust("""{"unit": "A", "type": "exemption", "ref": "b1"}""")
            .Score();

        var a = result.Unit("A");
        Assert.Equal(("优秀", "pacesetter", false), (a.Grade, a.Label, a.BlockTop));
    }

    [Fact]
    public void Exemption_of_a_whole_penalty_indicator_with_factor_0_removes_the_deduction()
    {
        // 2 red + 1 yellow = 2.5, fully exempted: restored 2.5
        var result = new SchemeBuilder("A")
            .Base("x", 10, """{"type": "manual"}""")
            .Penalty("cards", 4, Cards)
            .Values("x", 10m)
            .Datum("A", "cards", """{"red": 2, "yellow": 1}""")
            .Adjust("""{"unit": "A", "type": "exemption", "ref": "cards", "factor": 0}""")
            .Score();

        var a = result.Unit("A");
        Assert.Equal((0m, 0m, 10m), (result.Score("A", "cards"), a.Penalty, a.Composite));
        Assert.Equal([new ExemptionResult("cards", 2.5m)], a.Exemptions);
    }

    [Fact]
    public void Exemption_of_a_whole_penalty_indicator_with_factor_one_half_halves_the_rounded_deduction()
    {
        // 5 × 0.25 = 1.25, × 0.5 = 0.625 → 0.63; restored 1.25 − 0.63 = 0.62
        var result = new SchemeBuilder("A")
            .Base("x", 10, """{"type": "manual"}""")
            .Penalty("p", 4, """{"type": "events", "perEvent": 0.25}""")
            .Values("x", 10m)
            .Values("p", 5m)
            .Adjust("""{"unit": "A", "type": "exemption", "ref": "p", "factor": 0.5}""")
            .Score();

        var a = result.Unit("A");
        Assert.Equal((0.63m, 9.37m), (a.Penalty, a.Composite));
        Assert.Equal([new ExemptionResult("p", 0.62m)], a.Exemptions);
    }

    [Fact]
    public void Exemption_of_a_whole_indicator_multiplies_the_capped_deduction()
    {
        // 4 red = 4 → cap 3, × 0.5 = 1.5; restored 1.5
        var result = new SchemeBuilder("A")
            .Penalty("cards", 3, Cards)
            .Datum("A", "cards", """{"red": 4}""")
            .Adjust("""{"unit": "A", "type": "exemption", "ref": "cards", "factor": 0.5}""")
            .Score();

        Assert.Equal(1.5m, result.Score("A", "cards"));
        Assert.Equal([new ExemptionResult("cards", 1.5m)], result.Unit("A").Exemptions);
    }

    [Fact]
    public void Fully_exempted_event_no_longer_counts_towards_zeroAt()
    {
        // 3 events reach zeroAt 3 → cap 5; with e1 exempted 2 events → 2; restored 3
        var result = new SchemeBuilder("A", "B")
            .Penalty("p", 5, """{"type": "events", "perEvent": 1, "zeroAt": 3}""")
            .Datum("A", "p", """[{"id": "e1"}, {"id": "e2"}, {"id": "e3"}]""")
            .Datum("B", "p", """[{"id": "e1"}, {"id": "e2"}, {"id": "e3"}]""")
            .Adjust("""{"unit": "A", "type": "exemption", "ref": "p/e1"}""")
            .Score();

        Assert.Equal([2m, 5m], result.Scores("p", "A", "B"));
        Assert.Equal([new ExemptionResult("p", 3m)], result.Unit("A").Exemptions);
        Assert.Empty(result.Unit("B").Exemptions);
    }

    [Fact]
    public void Half_exempted_event_counts_half_its_points()
    {
        // red c1 halved 0.5 + yellow c2 0.5 = 1; restored 0.5
        var result = new SchemeBuilder("A")
            .Penalty("cards", 4, Cards)
            .Datum("A", "cards", """[{"id": "c1", "type": "red"}, {"id": "c2", "type": "yellow"}]""")
            .Adjust("""{"unit": "A", "type": "exemption", "ref": "cards/c1", "factor": 0.5}""")
            .Score();

        Assert.Equal(1m, result.Score("A", "cards"));
        Assert.Equal([new ExemptionResult("cards", 0.5m)], result.Unit("A").Exemptions);
    }

    [Fact]
    public void Half_exempted_event_still_counts_towards_zeroAt()
    {
        // 2 events, zeroAt 2: the cap 5 is deducted, e1's factor 0.5 changes nothing; restored 0
        var result = new SchemeBuilder("A")
            .Penalty("p", 5, """{"type": "events", "perEvent": 1, "zeroAt": 2}""")
            .Datum("A", "p", """[{"id": "e1"}, {"id": "e2"}]""")
            .Adjust("""{"unit": "A", "type": "exemption", "ref": "p/e1", "factor": 0.5}""")
            .Score();

        Assert.Equal(5m, result.Score("A", "p"));
        Assert.Equal([new ExemptionResult("p", 0m)], result.Unit("A").Exemptions);
    }

    [Fact]
    public void Several_event_exemptions_on_one_indicator_are_listed_once()
    {
        // red c1 exempted (0) and red c2 halved (0.5) + yellow c3 0.5 = 1; without: 2.5; restored 1.5
        var result = new SchemeBuilder("A")
            .Penalty("cards", 4, Cards)
            .Datum("A", "cards", """[{"id": "c1", "type": "red"}, {"id": "c2", "type": "red"}, {"id": "c3", "type": "yellow"}]""")
            .Adjust("""{"unit": "A", "type": "exemption", "ref": "cards/c1"}""")
            .Adjust("""{"unit": "A", "type": "exemption", "ref": "cards/c2", "factor": 0.5}""")
            .Score();

        Assert.Equal(1m, result.Score("A", "cards"));
        Assert.Equal([new ExemptionResult("cards", 1.5m)], result.Unit("A").Exemptions);
    }

    [Fact]
    public void Exemption_restoring_points_can_change_the_ranking()
    {
        // A: 90 − 1.5 = 88.5 < B 89; with c1 (red) exempted A: 90 − 0.5 = 89.5 > 89
        var result = new SchemeBuilder("A", "B")
            .Base("x", 100, """{"type": "manual"}""")
            .Penalty("cards", 4, Cards)
            .Values("x", 90m, 89m)
            .Datum("A", "cards", """[{"id": "c1", "type": "red"}, {"id": "c2", "type": "yellow"}]""")
            .Adjust("""{"unit": "A", "type": "exemption", "ref": "cards/c1"}""")
            .Score();

        Assert.Equal(["A", "B"], result.Listing());
        Assert.Equal(89.5m, result.Unit("A").Composite);
    }
}
