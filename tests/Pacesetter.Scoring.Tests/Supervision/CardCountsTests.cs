using Pacesetter.Scoring.Schemes;
using Pacesetter.Scoring.Supervision;
using static Pacesetter.Scoring.Tests.Supervision.TaskBuilder;

namespace Pacesetter.Scoring.Tests.Supervision;

/// <summary>Cards issued at month-ends, counted per unit and month, and over a period for the penalty indicator.</summary>
public class CardCountsTests
{
    // As of 2026-04-30, a month-end, so April's cards are issued too.
    //  P1 (T1) stuck at 5 %:  Jan green, Feb yellow lag, Mar red escalated, Apr red escalated.
    //  P2 (T1) not started:   Jan green, Feb yellow not-started, Mar red escalated, Apr red not-started.
    //  P3 (T2) starts in May: pending, no month-end evaluated.
    //  P4 (T2) started 2026-04-10 at 30 %: Apr green.
    private static CardReport Report() => CardEvaluator.Evaluate(
        new CardFile(CardRules.Default,
        [
            Supervised("P1").Unit("T1").Report("2026-01-01", 5).Build(),
            Supervised("P2").Unit("T1").Schedule("2026-01-15", "2026-12-31").Build(),
            Supervised("P3").Unit("T2").Schedule("2026-05-01", "2026-12-31").Build(),
            Supervised("P4").Unit("T2").Schedule("2026-04-10", "2026-12-31").Report("2026-04-10", 30).Build(),
        ]),
        Day("2026-04-30"));

    [Fact]
    public void Each_month_end_issues_one_card_per_yellow_or_red_task_of_the_unit()
    {
        var t1 = Report().Units.Single(u => u.Unit == "T1");

        Assert.Equal(
            [new MonthCards(2026, 1, 0, 0), new MonthCards(2026, 2, 2, 0), new MonthCards(2026, 3, 0, 2), new MonthCards(2026, 4, 0, 2)],
            t1.Months);
    }

    [Fact]
    public void Unit_lists_the_months_its_tasks_were_evaluated_even_without_cards()
    {
        var report = Report();

        Assert.Equal(["T1", "T2"], report.Units.Select(u => u.Unit));
        Assert.Equal([new MonthCards(2026, 4, 0, 0)], report.Units.Single(u => u.Unit == "T2").Months);
    }

    [Fact]
    public void Evaluation_date_that_is_not_a_month_end_issues_no_card()
    {
        var report = CardEvaluator.Evaluate(new CardFile(CardRules.Default, [Supervised("P1").Report("2026-01-01", 5).Build()]), Day("2026-04-29"));

        Assert.Equal("red escalated", report.Tasks[0].Outcome());
        Assert.Equal(["2026-01", "2026-02", "2026-03"], report.Units[0].Months.Select(m => m.Key));
    }

    [Theory]
    [InlineData("2026-Q1", 2, 2)]
    [InlineData("2026-Q2", 0, 2)]
    [InlineData("2026-H1", 2, 4)]
    [InlineData("2026-02", 2, 0)]
    [InlineData("2026", 2, 4)]
    [InlineData("2025", 0, 0)]
    public void Period_counts_add_the_cards_of_its_months(string period, int yellow, int red)
    {
        var counts = CardCounts.ForPeriod(Report(), "T1", period);

        Assert.Equal(new Dictionary<string, int> { ["yellow"] = yellow, ["red"] = red }, counts);
    }

    [Fact]
    public void Unit_without_tasks_has_zero_cards()
    {
        Assert.Equal(new Dictionary<string, int> { ["yellow"] = 0, ["red"] = 0 }, CardCounts.ForPeriod(Report(), "T9", "2026-Q1"));
    }

    [Fact]
    public void Period_counts_as_a_penalty_datum_list_yellow_then_red()
    {
        CountsDatum datum = CardCounts.ForPeriodDatum(Report(), "T1", "2026-Q1");

        Assert.Equal([new("yellow", 2m), new("red", 2m)], datum.Counts);
    }

    [Theory]
    [InlineData("2026-Q3", 2026, 7, 9)]
    [InlineData("2026-Q1", 2026, 1, 3)]
    [InlineData("2026-H2", 2026, 7, 12)]
    [InlineData("2026-10", 2026, 10, 10)]
    [InlineData("2026", 2026, 1, 12)]
    public void Period_names_cover_their_months(string period, int year, int first, int last)
    {
        Assert.Equal((year, first, last), Periods.Months(period));
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("2026-Q5")]
    [InlineData("2026-H3")]
    [InlineData("26-Q1")]
    [InlineData("2026-1")]
    [InlineData("")]
    public void Malformed_period_is_refused(string period)
    {
        Assert.Null(Periods.Months(period));
        Assert.Throws<ArgumentException>(() => CardCounts.ForPeriod(Report(), "T1", period));
    }
}
