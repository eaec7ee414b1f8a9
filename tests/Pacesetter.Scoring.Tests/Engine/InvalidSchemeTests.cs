using Pacesetter.Scoring.Schemes;

namespace Pacesetter.Scoring.Tests.Engine;

/// <summary>scoring.md §7–§8: every kind of problem that makes a scheme file invalid, each with its exact JSON path.</summary>
public class InvalidSchemeTests
{
    /// <summary>A valid two-unit scheme: completion "x" (weight 60) and manual "m" (weight 40).</summary>
    private static SchemeBuilder Valid() =>
        new SchemeBuilder("A", "B")
            .Base("x", 60, """{"type": "completion", "target": 10}""")
            .Base("m", 40, """{"type": "manual"}""")
            .Values("x", 9m, 11m)
            .Values("m", 30m, 35m);

    private static string[] Paths(SchemeReadResult read)
    {
        Assert.False(read.IsValid);
        Assert.Null(read.Scheme);
        return read.Problems.Select(p => p.Path).ToArray();
    }

    private static Problem Single(SchemeReadResult read)
    {
        Assert.False(read.IsValid);
        return Assert.Single(read.Problems);
    }

    [Fact]
    public void The_valid_base_scheme_has_no_problems()
    {
        var read = Valid().Read();

        Assert.True(read.IsValid, string.Join("; ", read.Problems));
        Assert.Empty(read.Problems);
    }

    [Fact]
    public void Require_on_an_invalid_scheme_throws_with_every_problem()
    {
        var read = Valid().Datum("T9", "x", "1").Datum("A", "nope", "1").Read();

        var ex = Assert.Throws<InvalidInputException>(() => read.Require());
        Assert.Equal(2, ex.Problems.Count);
    }

    [Fact]
    public void Unknown_unit_in_data()
    {
        var problem = Single(Valid().Datum("T9", "x", "5").Read());

        Assert.Equal("$.data.T9", problem.Path);
        Assert.Equal("unknown unit \"T9\"", problem.English);
    }

    [Fact]
    public void Unknown_indicator_in_data()
    {
        var problem = Single(Valid().Datum("A", "nope", "5").Read());

        Assert.Equal("$.data.A.nope", problem.Path);
    }

    [Fact]
    public void Unknown_unit_in_an_adjustment()
    {
        var problem = Single(Valid().Veto("T9").Read());

        Assert.Equal("$.adjustments[0].unit", problem.Path);
    }

    [Fact]
    public void Unit_in_two_categories()
    {
        var read = Valid()
            .Category("d", "B")
            .Base("y", 10, """{"type": "manual"}""")
            .Read();

        Assert.Equal(["$.categories[1].units[0]"], Paths(read));
    }

    [Fact]
    public void Duplicate_category_id()
    {
        var read = Valid()
            .Category("c", "C")
            .Base("y", 10, """{"type": "manual"}""")
            .Read();

        Assert.Equal(["$.categories[1].id"], Paths(read));
    }

    [Fact]
    public void Duplicate_indicator_id()
    {
        var read = Valid().Base("x", 10, """{"type": "manual"}""").Read();

        Assert.Equal(["$.categories[0].indicators[2].id"], Paths(read));
    }

    [Fact]
    public void Duplicate_adjustment_id()
    {
        var read = Valid()
            .Adjust("""{"id": "a1", "unit": "A", "type": "veto"}""")
            .Adjust("""{"id": "a1", "unit": "B", "type": "blockTop"}""")
            .Read();

        Assert.Equal(["$.adjustments[1].id"], Paths(read));
    }

    [Fact]
    public void Weight_below_zero()
    {
        var problem = Single(Valid().Base("y", -5, """{"type": "manual"}""").Read());

        Assert.Equal(("$.categories[0].indicators[2].weight", "must not be below 0"), (problem.Path, problem.English));
    }

    [Fact]
    public void Completion_cap_below_one_is_reported_at_the_cap_alone()
    {
        // the data of "y" belongs to a declared indicator: only the cap is wrong
        var read = new SchemeBuilder("A", "B")
            .Base("x", 60, """{"type": "manual"}""")
            .Base("y", 40, """{"type": "completion", "target": 10, "cap": 0.9}""")
            .Values("x", 50m, 40m)
            .Values("y", 9m, 11m)
            .Read();

        var problem = Single(read);
        Assert.Equal(("$.categories[0].indicators[1].method.cap", "must be at least 1"), (problem.Path, problem.English));
    }

    [Fact]
    public void Bad_method_parameters_are_reported_at_the_parameter()
    {
        var read = new SchemeBuilder("A")
            .Base("a", 10, """{"type": "completion", "target": 10, "cap": 1.2, "floor": 1.2}""")
            .Base("b", 10, """{"type": "efficacy", "span": 0}""")
            .Base("c", 10, """{"type": "rank"}""")
            .Base("d", 10, """{"type": "bands", "points": [[60, 0], [60, 5], [100, 11]]}""")
            .Base("e", 10, """{"type": "grade", "grades": {"good": 1.5}}""")
            .Base("f", 10, """{"type": "baseline", "baseline": 95, "deduct": 0.5, "step": 0}""")
            .Penalty("p", 3, """{"type": "events", "perEvent": -1}""")
            .Read();

        Assert.Equal(
            [
                "$.categories[0].indicators[0].method.floor",
                "$.categories[0].indicators[1].method.span",
                "$.categories[0].indicators[2].method",
                "$.categories[0].indicators[3].method.points[1][0]",
                "$.categories[0].indicators[3].method.points[2][1]",
                "$.categories[0].indicators[4].method.grades.good",
                "$.categories[0].indicators[5].method.step",
                "$.categories[0].indicators[6].method.perEvent",
            ],
            Paths(read).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void Exemption_whose_ref_names_nothing()
    {
        var read = Valid()
            .Penalty("cards", 3, """{"type": "events", "perEvent": 1}""")
            .Datum("A", "cards", """[{"id": "c1"}]""")
            .Adjust("""{"unit": "A", "type": "exemption", "ref": "nothing"}""")
            .Adjust("""{"unit": "A", "type": "exemption", "ref": "cards/c9"}""")
            .Adjust("""{"unit": "A", "type": "exemption", "ref": "m"}""")
            .Read();

        // no such adjustment or indicator; no event c9; "m" is not a penalty indicator
        Assert.Equal(["$.adjustments[0].ref", "$.adjustments[1].ref", "$.adjustments[2].ref"], Paths(read));
    }

    [Fact]
    public void Completion_target_at_or_below_zero_is_a_data_error()
    {
        var read = Valid()
            .Datum("A", "x", """{"value": 9, "target": 0}""")
            .Datum("B", "x", """{"value": 9, "target": -3}""")
            .Read();

        Assert.Equal(["$.data.A.x.target", "$.data.B.x.target"], Paths(read));
    }

    [Fact]
    public void Completion_without_any_target_is_a_data_error()
    {
        var read = new SchemeBuilder("A")
            .Base("x", 60, """{"type": "completion"}""")
            .Values("x", 9m)
            .Read();

        Assert.Equal(["$.data.A.x"], Paths(read));
    }

    [Fact]
    public void Unknown_grade_is_a_data_error()
    {
        var read = Valid()
            .Base("g", 10, """{"type": "grade", "grades": {"优": 1, "良": 0.8}}""")
            .Datum("A", "g", "\"优\"")
            .Datum("B", "g", "\"差\"")
            .Read();

        Assert.Equal(["$.data.B.g"], Paths(read));
    }

    [Fact]
    public void Manual_score_outside_zero_to_weight_is_a_data_error()
    {
        var read = Valid()
            .Datum("A", "m", "40.01")
            .Datum("B", "m", "-1")
            .Read();

        Assert.Equal(["$.data.A.m", "$.data.B.m"], Paths(read));
    }

    [Fact]
    public void Unknown_event_type_is_a_data_error()
    {
        var read = Valid()
            .Penalty("cards", 3, """{"type": "events", "perEvent": {"yellow": 0.5, "red": 1}}""")
            .Datum("A", "cards", """[{"id": "c1", "type": "red"}, {"id": "c2", "type": "purple"}]""")
            .Datum("B", "cards", """{"yellow": 1, "purple": 2}""")
            .Read();

        Assert.Equal(["$.data.A.cards[1].type", "$.data.B.cards.purple"], Paths(read));
    }

    [Fact]
    public void Every_problem_of_a_file_with_five_is_reported()
    {
        var read = new SchemeBuilder("A", "B")
            .Base("x", 60, """{"type": "completion", "target": 10}""")
            .Base("m", 40, """{"type": "manual"}""")
            .Base("w", -1, """{"type": "manual"}""")
            .Values("x", 9m, 11m)
            .Values("m", 30m, 41m)
            .Datum("T9", "x", "5")
            .Datum("A", "nope", "5")
            .Adjust("""{"unit": "A", "type": "exemption", "ref": "ghost"}""")
            .Read();

        Assert.Equal(
            [
                "$.adjustments[0].ref",
                "$.categories[0].indicators[2].weight",
                "$.data.A.nope",
                "$.data.B.m",
                "$.data.T9",
            ],
            Paths(read).Order(StringComparer.Ordinal).ToArray());
    }

    [Theory]
    [InlineData("{\"name\": ")]
    [InlineData("not json at all")]
    [InlineData("")]
    [InlineData("  \n\t ")]
    public void Not_json_or_empty_input_gives_exactly_one_problem_at_the_root(string text)
    {
        var problem = Single(SchemeReader.Read(text));

        Assert.Equal("$", problem.Path);
    }

    [Fact]
    public void A_number_beyond_ten_to_the_fifteenth_is_reported_out_of_range()
    {
        var read = new SchemeBuilder("A", "B")
            .Base("x", 100, """{"type": "leaderRatio"}""")
            .Datum("A", "x", "2000000000000000")
            .Datum("B", "x", "5")
            .Read();

        var problem = Assert.Single(read.Problems);
        Assert.Equal("$.data.A.x", problem.Path);
        Assert.Equal("number out of range (at most 10^15 in size)", problem.English);
    }
}
