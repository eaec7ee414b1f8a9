using Pacesetter.Scoring.Supervision;
using static Pacesetter.Scoring.Tests.Supervision.TaskBuilder;

namespace Pacesetter.Scoring.Tests.Supervision;

/// <summary>The card rules of supervision.md §1, each with hand-checked figures.</summary>
public class CardRulesTests
{
    // A 100-day schedule: 2026-02-20 is day 50 of it, so expected is exactly 50 there.
    private static TaskBuilder HundredDays(decimal percentFromStart) =>
        Supervised().Schedule("2026-01-01", "2026-04-11").Report("2026-01-01", percentFromStart);

    [Fact]
    public void Task_before_its_start_is_pending_without_expected_or_lag()
    {
        var result = Supervised().Schedule("2026-03-01", "2026-06-30").At("2026-02-28");

        Assert.Equal(CardStatus.Pending, result.Status);
        Assert.Null(result.Reason);
        Assert.Null(result.Expected);
        Assert.Null(result.Lag);
        Assert.Equal(0m, result.Actual);
        Assert.Equal(["2026-02-28 pending"], result.Lines());
    }

    [Fact]
    public void Task_on_its_start_day_is_no_longer_pending()
    {
        var result = Supervised().Schedule("2026-03-01", "2026-06-30").At("2026-03-01");

        Assert.Equal("green", result.Outcome());
        Assert.Equal(0m, result.Expected);
    }

    [Fact]
    public void Task_reported_at_100_percent_is_done_even_after_its_due_date()
    {
        var result = Supervised().Schedule("2026-01-01", "2026-03-31").Report("2026-03-20", 100).At("2026-04-15");

        Assert.Equal("done", result.Outcome());
        Assert.Equal(100m, result.Actual);
    }

    [Fact]
    public void Unfinished_task_after_its_due_date_is_red_overdue()
    {
        var result = Supervised().Schedule("2026-01-01", "2026-03-31").Report("2026-03-20", 95).At("2026-04-01");

        Assert.Equal("red overdue", result.Outcome());
        Assert.Equal(100m, result.Expected);
        Assert.Equal(5m, result.Lag);
    }

    [Fact]
    public void Task_on_its_due_date_is_judged_by_lag_not_overdue()
    {
        var result = Supervised().Schedule("2026-01-01", "2026-03-31").Report("2026-03-20", 95).At("2026-03-31");

        Assert.Equal("green", result.Outcome());
        Assert.Equal(100m, result.Expected);
        Assert.Equal(5m, result.Lag);
    }

    [Fact]
    public void Lag_of_exactly_ten_points_is_yellow()
    {
        var result = HundredDays(40).At("2026-02-20");

        Assert.Equal(50m, result.Expected);
        Assert.Equal(10m, result.Lag);
        Assert.Equal("yellow lag", result.Outcome());
    }

    [Fact]
    public void Lag_of_nine_point_nine_points_is_green()
    {
        var result = HundredDays(40.1m).At("2026-02-20");

        Assert.Equal(9.9m, result.Lag);
        Assert.Equal("green", result.Outcome());
    }

    [Fact]
    public void Lag_of_exactly_thirty_points_is_red()
    {
        var result = HundredDays(20).At("2026-02-20");

        Assert.Equal(30m, result.Lag);
        Assert.Equal("red lag", result.Outcome());
    }

    [Fact]
    public void Lag_of_twenty_nine_point_nine_points_is_yellow()
    {
        var result = HundredDays(20.1m).At("2026-02-20");

        Assert.Equal(29.9m, result.Lag);
        Assert.Equal("yellow lag", result.Outcome());
    }

    [Fact]
    public void Thresholds_are_compared_with_the_unrounded_lag()
    {
        // 1 day of a 3-day schedule: expected 33.33…, actual 23.34 → lag 9.99…, published 10.0 but green.
        var result = Supervised().Schedule("2026-03-01", "2026-03-04").Report("2026-03-01", 23.34m).At("2026-03-02");

        Assert.Equal(10.0m, CardReportJson.OneDecimal(result.Lag!.Value));
        Assert.True(result.Lag < 10m);
        Assert.Equal("green", result.Outcome());
    }

    [Fact]
    public void Expected_counts_days_of_the_schedule()
    {
        // 2026-01-01 → 2026-12-31 is 364 days; 2026-03-31 is day 89: 8900/364 = 24.450…
        Assert.Equal(24.5m, CardReportJson.OneDecimal(CardEvaluator.Expected(Day("2026-01-01"), Day("2026-12-31"), Day("2026-03-31"))));
    }

    [Fact]
    public void Zero_length_schedule_expects_everything_from_its_start_day()
    {
        var result = Supervised().Schedule("2026-03-10", "2026-03-10").Report("2026-03-10", 50).At("2026-03-10");

        Assert.Equal(100m, result.Expected);
        Assert.Equal("red lag", result.Outcome());
    }

    [Theory]
    [InlineData("2026-01-15", "2026-02-14", 0)]
    [InlineData("2026-01-15", "2026-02-15", 1)]
    [InlineData("2026-01-31", "2026-02-27", 0)]
    [InlineData("2026-01-31", "2026-02-28", 1)]
    [InlineData("2026-01-31", "2026-03-30", 1)]
    [InlineData("2026-01-31", "2026-03-31", 2)]
    [InlineData("2026-01-15", "2026-04-15", 3)]
    [InlineData("2025-11-20", "2026-01-19", 1)]
    public void Whole_calendar_months_count_monthly_anniversaries(string from, string to, int months)
    {
        Assert.Equal(months, CardEvaluator.WholeMonths(Day(from), Day(to)));
    }

    // 2026-01-15 → 2026-12-31 is 350 days, long enough that lag stays under 10 in the first month.
    private static TaskBuilder NotStartedFromJanuary15() => Supervised().Schedule("2026-01-15", "2026-12-31");

    [Fact]
    public void Task_not_started_one_day_short_of_a_month_is_green()
    {
        var result = NotStartedFromJanuary15().At("2026-02-14");

        Assert.Equal("green", result.Outcome());
        Assert.Equal(8.6m, CardReportJson.OneDecimal(result.Lag!.Value));
    }

    [Fact]
    public void Task_not_started_for_one_whole_month_is_yellow()
    {
        var result = NotStartedFromJanuary15().At("2026-02-15");

        Assert.Equal(["2026-01-31 green", "2026-02-15 yellow not-started"], result.Lines());
        Assert.Equal(8.9m, CardReportJson.OneDecimal(result.Lag!.Value));
    }

    [Fact]
    public void Task_started_on_january_31_and_not_started_on_february_28_has_one_month()
    {
        var task = Supervised().Schedule("2026-01-31", "2026-12-31");

        Assert.Equal("green", task.At("2026-02-27").Outcome());
        Assert.Equal("yellow not-started", task.At("2026-02-28").Outcome());
    }

    [Fact]
    public void Task_not_started_for_three_whole_months_is_red()
    {
        var rules = CardRules.Default with { EscalateAfter = 9 };

        Assert.Equal("yellow not-started", NotStartedFromJanuary15().At("2026-04-14", rules).Outcome());
        Assert.Equal("red not-started", NotStartedFromJanuary15().At("2026-04-15", rules).Outcome());
    }

    [Fact]
    public void Task_not_started_in_its_first_month_is_still_carded_for_lag()
    {
        // 2026-01-01 → 2026-01-31 is 30 days; on 2026-01-25 expected is 80 although no month has passed.
        var result = Supervised().Schedule("2026-01-01", "2026-01-31").At("2026-01-25");

        Assert.Equal("red lag", result.Outcome());
        Assert.Equal(80m, result.Lag);
    }

    [Fact]
    public void Not_started_rule_decides_before_the_lag_rule()
    {
        // 2026-01-01 → 2026-02-28 is 58 days; on 2026-02-01 one month has passed (rule 5: yellow) although the lag is 53.4 (rule 6 would say red).
        var result = Supervised().Schedule("2026-01-01", "2026-02-28").At("2026-02-01");

        Assert.Equal("yellow not-started", result.Outcome());
        Assert.Equal(53.4m, Math.Round(result.Lag!.Value, 1));
    }

    [Fact]
    public void Not_started_task_under_a_month_is_judged_by_its_lag()
    {
        // On 2026-01-25 no whole month has passed (rule 5 gives no card); expected 24/58 × 100 = 41.4 → red lag.
        var result = Supervised().Schedule("2026-01-01", "2026-02-28").At("2026-01-25");

        Assert.Equal("red lag", result.Outcome());
    }

    [Fact]
    public void Actual_is_the_latest_report_on_or_before_the_evaluation_date()
    {
        var task = Supervised().Report("2026-03-01", 60).Report("2026-02-01", 30);

        Assert.Equal(30m, task.At("2026-02-20").Actual);
        Assert.Equal(60m, task.At("2026-03-01").Actual);
        Assert.Equal(0m, task.At("2026-01-31").Actual);
    }

    [Fact]
    public void Report_dated_after_the_evaluation_date_is_ignored()
    {
        var result = HundredDays(40).Report("2026-02-21", 90).At("2026-02-20");

        Assert.Equal(40m, result.Actual);
        Assert.Equal("yellow lag", result.Outcome());
    }

    [Fact]
    public void History_has_every_month_end_from_the_start_then_the_evaluation_date()
    {
        var result = Supervised().Schedule("2026-01-15", "2026-12-31").Report("2026-01-15", 50).At("2026-04-10");

        Assert.Equal(["2026-01-31 green", "2026-02-28 green", "2026-03-31 green", "2026-04-10 green"], result.Lines());
    }

    [Fact]
    public void History_does_not_repeat_an_evaluation_date_that_is_a_month_end()
    {
        var result = Supervised().Schedule("2026-01-15", "2026-12-31").Report("2026-01-15", 50).At("2026-03-31");

        Assert.Equal(["2026-01-31 green", "2026-02-28 green", "2026-03-31 green"], result.Lines());
    }

    [Fact]
    public void History_includes_the_month_end_on_the_start_day()
    {
        var result = Supervised().Schedule("2026-01-31", "2026-12-31").Report("2026-01-31", 50).At("2026-02-10");

        Assert.Equal(["2026-01-31 green", "2026-02-10 green"], result.Lines());
    }

    // 2026-01-01 → 2026-12-31 (364 days) stuck at 5 %: lag at month-ends 3.2, 10.9, 19.5, 27.7.
    private static TaskBuilder StuckAtFivePercent() => Supervised().Report("2026-01-01", 5);

    [Fact]
    public void Second_consecutive_yellow_is_escalated_to_red()
    {
        var result = StuckAtFivePercent().At("2026-04-10");

        Assert.Equal(
            ["2026-01-31 green", "2026-02-28 yellow lag", "2026-03-31 red escalated", "2026-04-10 red escalated"],
            result.Lines());
        Assert.Equal("red escalated", result.Outcome());
        // Expected on day 99 is 27.197…, so the lag behind the escalated card is 22.2.
        Assert.Equal(22.2m, CardReportJson.OneDecimal(result.Lag!.Value));
    }

    [Fact]
    public void Yellow_after_a_green_is_not_escalated()
    {
        // Lag: 2026-02-28 15.9 − 5, 2026-03-31 24.5 − 20, 2026-04-30 32.7 − 20.
        var result = Supervised().Report("2026-01-01", 5).Report("2026-03-20", 20).At("2026-04-30");

        Assert.Equal(
            ["2026-01-31 green", "2026-02-28 yellow lag", "2026-03-31 green", "2026-04-30 yellow lag"],
            result.Lines());
    }

    [Fact]
    public void Yellow_after_a_red_by_the_rules_is_not_escalated()
    {
        // Lag on the 100-day schedule at 15 %: 2026-01-31 30 − 15 = 15, 2026-02-28 58 − 15 = 43, then at 40 % 2026-03-10 68 − 40 = 28.
        var result = Supervised().Schedule("2026-01-01", "2026-04-11")
            .Report("2026-01-01", 15).Report("2026-03-01", 40).At("2026-03-10");

        Assert.Equal(["2026-01-31 yellow lag", "2026-02-28 red lag", "2026-03-10 yellow lag"], result.Lines());
    }

    [Fact]
    public void With_escalate_after_three_the_third_consecutive_yellow_is_red()
    {
        var rules = CardRules.Default with { EscalateAfter = 3 };

        var result = StuckAtFivePercent().At("2026-04-30", rules);

        Assert.Equal(
            ["2026-01-31 green", "2026-02-28 yellow lag", "2026-03-31 yellow lag", "2026-04-30 red escalated"],
            result.Lines());
    }

    [Fact]
    public void With_escalate_after_one_every_yellow_is_red()
    {
        var result = StuckAtFivePercent().At("2026-02-28", CardRules.Default with { EscalateAfter = 1 });

        Assert.Equal(["2026-01-31 green", "2026-02-28 red escalated"], result.Lines());
    }

    [Fact]
    public void Custom_lag_thresholds_replace_the_defaults()
    {
        var rules = CardRules.Default with { YellowLag = 5, RedLag = 8 };

        Assert.Equal("red lag", HundredDays(42).At("2026-02-20", rules).Outcome());
        Assert.Equal("yellow lag", HundredDays(44).At("2026-02-20", rules).Outcome());
        Assert.Equal("green", HundredDays(45.1m).At("2026-02-20", rules).Outcome());
    }

    [Fact]
    public void Custom_not_started_months_replace_the_defaults()
    {
        var rules = CardRules.Default with { NotStartedYellowMonths = 2, NotStartedRedMonths = 4 };

        Assert.Equal("green", NotStartedFromJanuary15().At("2026-02-15", rules).Outcome());
    }
}
