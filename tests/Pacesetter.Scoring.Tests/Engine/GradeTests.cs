namespace Pacesetter.Scoring.Tests.Engine;

/// <summary>scoring.md §5 grades: min, quota, quotaShare, tied groups, blockTop, veto.</summary>
public class GradeTests
{
    private const string ThreeGrades = """
        [{"name": "优秀", "min": 90, "quota": 1}, {"name": "良好", "min": 80}, {"name": "一般", "min": 0}]
        """;

    private static string[] Grades(Scoring.Engine.SchemeResult result, params string[] units) =>
        units.Select(u => result.Unit(u).Grade!).ToArray();

    [Fact]
    public void Grade_is_the_highest_reached_within_quota()
    {
        // B reaches 90 but the quota of 1 is taken by A
        var result = Given.Composites(("A", 95), ("B", 92), ("C", 85), ("D", 60))
            .Grades(ThreeGrades)
            .Score();

        Assert.Equal(["优秀", "良好", "良好", "一般"], Grades(result, "A", "B", "C", "D"));
    }

    [Fact]
    public void QuotaShare_is_a_fraction_of_the_unit_count_rounded_down()
    {
        // 0.5 × 5 = 2.5 → 2 units may be 优秀
        var result = Given.Composites(("A", 99), ("B", 98), ("C", 97), ("D", 96), ("E", 95))
            .Grades("""[{"name": "优秀", "min": 90, "quotaShare": 0.5}, {"name": "良好", "min": 0}]""")
            .Score();

        Assert.Equal(["优秀", "优秀", "良好", "良好", "良好"], Grades(result, "A", "B", "C", "D", "E"));
    }

    [Fact]
    public void QuotaShare_below_one_unit_allows_nobody()
    {
        // 0.25 × 3 = 0.75 → 0
        var result = Given.Composites(("A", 99), ("B", 98), ("C", 97))
            .Grades("""[{"name": "优秀", "min": 90, "quotaShare": 0.25}, {"name": "良好", "min": 0}]""")
            .Score();

        Assert.Equal(["良好", "良好", "良好"], Grades(result, "A", "B", "C"));
    }

    [Fact]
    public void Tied_group_that_does_not_fit_the_remaining_quota_falls_together_to_the_next_grade()
    {
        // quota 2: A takes one; B and C tie at 93 and need two places, only one is left → both 良好
        var result = Given.Composites(("A", 95), ("B", 93), ("C", 93), ("D", 85))
            .Grades("""[{"name": "优秀", "min": 90, "quota": 2}, {"name": "良好", "min": 80}, {"name": "一般", "min": 0}]""")
            .Score();

        Assert.Equal(["优秀", "良好", "良好", "良好"], Grades(result, "A", "B", "C", "D"));
    }

    [Fact]
    public void Unit_ranked_below_a_tied_group_that_did_not_fit_does_not_get_that_grade()
    {
        // §5: quota 2; A takes one place; B and C tie at 93 and need two → both fall to 良好, and 优秀 closes:
        // D (92 ≥ 90) would fit the one place left, but a quota the tied group could not fill never passes below it.
        var result = Given.Composites(("A", 95), ("B", 93), ("C", 93), ("D", 92), ("E", 70))
            .Grades("""[{"name": "优秀", "min": 90, "quota": 2}, {"name": "良好", "min": 80}, {"name": "一般", "min": 0}]""")
            .Score();

        Assert.Equal(["优秀", "良好", "良好", "良好", "一般"], Grades(result, "A", "B", "C", "D", "E"));
    }

    [Fact]
    public void A_closed_grade_stays_closed_while_the_next_grade_keeps_its_own_quota()
    {
        // 优秀 quota 1, 良好 quota 2. A and B tie at 96: they do not fit 优秀 (1 place) → 优秀 closes; they take both
        // 良好 places. C (95) reaches 优秀 but it is closed, and 良好 is full → 一般. D (60) → 一般.
        var result = Given.Composites(("A", 96), ("B", 96), ("C", 95), ("D", 60))
            .Grades("""[{"name": "优秀", "min": 90, "quota": 1}, {"name": "良好", "min": 80, "quota": 2}, {"name": "一般", "min": 0}]""")
            .Score();

        Assert.Equal(["良好", "良好", "一般", "一般"], Grades(result, "A", "B", "C", "D"));
    }

    [Fact]
    public void Tied_group_that_fits_the_quota_gets_the_grade_together()
    {
        var result = Given.Composites(("A", 93), ("B", 93), ("C", 91))
            .Grades("""[{"name": "优秀", "min": 90, "quota": 2}, {"name": "良好", "min": 0}]""")
            .Score();

        Assert.Equal(["优秀", "优秀", "良好"], Grades(result, "A", "B", "C"));
    }

    [Fact]
    public void BlockTop_unit_cannot_take_the_first_grade_and_leaves_its_quota()
    {
        var result = Given.Composites(("A", 95), ("B", 92))
            .Grades(ThreeGrades)
            .BlockTop("A")
            .Score();

        Assert.Equal(["良好", "优秀"], Grades(result, "A", "B"));
        Assert.Equal(1, result.Unit("A").Rank);
    }

    [Fact]
    public void Vetoed_unit_gets_the_lowest_grade_and_uses_no_quota()
    {
        var result = Given.Composites(("A", 98), ("B", 95))
            .Grades(ThreeGrades)
            .Veto("A")
            .Score();

        Assert.Equal(["一般", "优秀"], Grades(result, "A", "B"));
    }

    [Fact]
    public void Unit_reaching_no_grade_gets_the_lowest()
    {
        var result = Given.Composites(("A", 95), ("B", 60))
            .Grades("""[{"name": "优秀", "min": 90}, {"name": "良好", "min": 80}]""")
            .Score();

        Assert.Equal(["优秀", "良好"], Grades(result, "A", "B"));
    }

    [Fact]
    public void Grade_is_null_without_grades()
    {
        var result = Given.Composites(("A", 95)).Score();

        Assert.Null(result.Unit("A").Grade);
    }

    [Fact]
    public void Grade_uses_the_published_two_decimal_composite()
    {
        // 89.995 is published as 90.00, which reaches min 90
        var result = Given.Composites(("A", 89.995m))
            .Grades("""[{"name": "优秀", "min": 90}, {"name": "良好", "min": 0}]""")
            .Score();

        Assert.Equal(90m, result.Unit("A").Composite);
        Assert.Equal("优秀", result.Unit("A").Grade);
    }
}
