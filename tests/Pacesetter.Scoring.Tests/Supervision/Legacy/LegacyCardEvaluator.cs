using Pacesetter.Scoring.Supervision;

namespace Pacesetter.Scoring.Tests.Supervision.Legacy;

/// <summary>红黄牌评定 applies the card rules of supervision.md §1 to every task of a file.</summary>
// A copy of Pacesetter.Scoring.Supervision.CardEvaluator as it was before issue 10 (commit 7e03db8), the reference the
// faster code is held to by CardLegacyEquivalenceTests: same problems, same report, same bytes.
internal static class LegacyCardEvaluator
{
    public static CardReport Evaluate(CardFile file, DateOnly asOf)
    {
        var tasks = new List<TaskEvaluation>(file.Tasks.Count);
        // unit → (year, month) → yellow, red; sorted so the output is stable.
        var counts = new SortedDictionary<string, SortedDictionary<(int Year, int Month), (int Yellow, int Red)>>(StringComparer.Ordinal);
        foreach (var task in file.Tasks)
        {
            var evaluation = EvaluateTask(task, file.Rules, asOf);
            tasks.Add(evaluation);
            if (!counts.TryGetValue(task.Unit, out var months))
            {
                months = [];
                counts[task.Unit] = months;
            }
            foreach (var point in evaluation.History)
            {
                if (!IsMonthEnd(point.Date) || point.Date < task.Start) continue;
                var key = (point.Date.Year, point.Date.Month);
                var (yellow, red) = months.GetValueOrDefault(key);
                months[key] = point.Status switch
                {
                    CardStatus.Yellow => (yellow + 1, red),
                    CardStatus.Red => (yellow, red + 1),
                    _ => (yellow, red),
                };
            }
        }
        var units = counts
            .Select(u => new UnitCards(u.Key, u.Value.Select(m => new MonthCards(m.Key.Year, m.Key.Month, m.Value.Yellow, m.Value.Red)).ToList()))
            .ToList();
        return new CardReport(asOf, tasks, units);
    }

    /// <summary>A task's status at <paramref name="asOf"/> and at every evaluation point before it.</summary>
    public static TaskEvaluation EvaluateTask(SupervisedTask task, CardRules rules, DateOnly asOf)
    {
        var points = EvaluationDates(task.Start, asOf);
        var history = new List<EvaluationPoint>(points.Count);
        // How many points in a row, up to and including the previous one, were yellow by the rules (before escalation).
        int yellowRun = 0;
        Assessment last = default;
        foreach (var date in points)
        {
            last = Assess(task, rules, date);
            var status = last.Status;
            var reason = last.Reason;
            if (status == CardStatus.Yellow && yellowRun >= rules.EscalateAfter - 1)
            {
                status = CardStatus.Red;
                reason = CardReason.Escalated;
            }
            yellowRun = last.Status == CardStatus.Yellow ? yellowRun + 1 : 0;
            history.Add(new EvaluationPoint(date, status, reason));
        }
        var final = history[^1];
        return new TaskEvaluation(task, final.Status, final.Reason, last.Expected, last.Actual, last.Lag, history);
    }

    /// <summary>Every month-end on or after <paramref name="start"/> and before <paramref name="asOf"/>, then <paramref name="asOf"/>.</summary>
    public static IReadOnlyList<DateOnly> EvaluationDates(DateOnly start, DateOnly asOf)
    {
        var dates = new List<DateOnly>();
        for (var monthEnd = MonthEnd(start); monthEnd < asOf; monthEnd = MonthEnd(monthEnd.AddDays(1)))
        {
            dates.Add(monthEnd);
        }
        dates.Add(asOf);
        return dates;
    }

    /// <summary>
    /// Whole calendar months from <paramref name="from"/> to <paramref name="to"/>: the largest k with from + k months ≤ to.
    /// </summary>
    public static int WholeMonths(DateOnly from, DateOnly to)
    {
        int months = (to.Year - from.Year) * 12 + to.Month - from.Month;
        // A start on the 31st reaches its monthly anniversary on the last day of a shorter month (Jan 31 → Feb 28 is 1).
        int anniversaryDay = Math.Min(from.Day, DateTime.DaysInMonth(to.Year, to.Month));
        return to.Day < anniversaryDay ? months - 1 : months;
    }

    /// <summary>序时进度: percent of the schedule elapsed at <paramref name="date"/>, by days, clamped to 0..100.</summary>
    public static decimal Expected(DateOnly start, DateOnly due, DateOnly date)
    {
        int span = due.DayNumber - start.DayNumber;
        // A zero-length schedule (due on the start day) is all due from its first day, not a division by zero.
        if (span == 0) return date >= start ? 100m : 0m;
        decimal expected = 100m * (date.DayNumber - start.DayNumber) / span;
        return Math.Clamp(expected, 0m, 100m);
    }

    /// <summary>The percent of the latest report dated on or before <paramref name="date"/>; 0 without one.</summary>
    public static decimal Actual(IReadOnlyList<ProgressReport> progress, DateOnly date)
    {
        ProgressReport? latest = null;
        foreach (var report in progress)
        {
            // Reports need not be in date order; of two on the same latest date, the one listed last counts.
            if (report.Date <= date && (latest is null || report.Date >= latest.Date)) latest = report;
        }
        return latest?.Percent ?? 0m;
    }

    public static bool IsMonthEnd(DateOnly date) => date.Day == DateTime.DaysInMonth(date.Year, date.Month);

    private static DateOnly MonthEnd(DateOnly date) => new(date.Year, date.Month, DateTime.DaysInMonth(date.Year, date.Month));

    private readonly record struct Assessment(CardStatus Status, CardReason? Reason, decimal? Expected, decimal Actual, decimal? Lag);

    /// <summary>The status by rules 1–6 alone, before escalation.</summary>
    private static Assessment Assess(SupervisedTask task, CardRules rules, DateOnly date)
    {
        decimal actual = Actual(task.Progress, date);
        if (date < task.Start) return new(CardStatus.Pending, null, null, actual, null);
        decimal expected = Expected(task.Start, task.Due, date);
        // Thresholds are compared with the unrounded lag: 9.96 is green although it is published as 10.0.
        decimal lag = expected - actual;
        if (actual >= 100m) return new(CardStatus.Done, null, expected, actual, lag);
        if (date > task.Due) return new(CardStatus.Red, CardReason.Overdue, expected, actual, lag);

        var (status, reason) = (CardStatus.Green, (CardReason?)null);
        if (lag >= rules.RedLag) (status, reason) = (CardStatus.Red, CardReason.Lag);
        else if (lag >= rules.YellowLag) (status, reason) = (CardStatus.Yellow, CardReason.Lag);
        if (actual == 0m)
        {
            int months = WholeMonths(task.Start, date);
            var notStarted = months >= rules.NotStartedRedMonths ? CardStatus.Red
                : months >= rules.NotStartedYellowMonths ? CardStatus.Yellow
                : CardStatus.Green;
            // supervision.md §1 takes the rules in order: when rule 5 gives a card it decides, before the lag of rule 6.
            if (notStarted != CardStatus.Green) (status, reason) = (notStarted, CardReason.NotStarted);
        }
        return new(status, reason, expected, actual, lag);
    }
}
