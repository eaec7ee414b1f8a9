using System.Runtime.InteropServices;

namespace Pacesetter.Scoring.Supervision;

/// <summary>红黄牌评定 applies the card rules of supervision.md §1 to every task of a file.</summary>
public static class CardEvaluator
{
    public static CardReport Evaluate(CardFile file, DateOnly asOf)
    {
        var tasks = new List<TaskEvaluation>(file.Tasks.Count);
        // unit → month (year × 12 + month − 1) → yellow, red; sorted once at the end so the output is stable.
        var counts = new Dictionary<string, Dictionary<int, (int Yellow, int Red)>>(StringComparer.Ordinal);
        foreach (var task in file.Tasks)
        {
            var evaluation = EvaluateTask(task, file.Rules, asOf);
            tasks.Add(evaluation);
            ref var months = ref CollectionsMarshal.GetValueRefOrAddDefault(counts, task.Unit, out _);
            months ??= [];
            foreach (var point in evaluation.History)
            {
                if (!IsMonthEnd(point.Date) || point.Date < task.Start) continue;
                ref var cards = ref CollectionsMarshal.GetValueRefOrAddDefault(months, point.Date.Year * 12 + point.Date.Month - 1, out _);
                if (point.Status == CardStatus.Yellow) cards.Yellow++;
                else if (point.Status == CardStatus.Red) cards.Red++;
            }
        }
        var unitNames = counts.Keys.ToArray();
        Array.Sort(unitNames, StringComparer.Ordinal);
        var units = new List<UnitCards>(unitNames.Length);
        foreach (var unit in unitNames)
        {
            var tally = counts[unit];
            var keys = tally.Keys.ToArray();
            Array.Sort(keys);
            var months = new List<MonthCards>(keys.Length);
            foreach (var key in keys)
            {
                var (yellow, red) = tally[key];
                months.Add(new MonthCards(key / 12, key % 12 + 1, yellow, red));
            }
            units.Add(new UnitCards(unit, months));
        }
        return new CardReport(asOf, tasks, units);
    }

    /// <summary>A task's status at <paramref name="asOf"/> and at every evaluation point before it.</summary>
    public static TaskEvaluation EvaluateTask(SupervisedTask task, CardRules rules, DateOnly asOf)
    {
        // The reports in date order once, walked along with the evaluation dates (which only go forward) instead of
        // searched again at each: the latest report on or before a date is the last one passed.
        var reports = InDateOrder(task.Progress);
        int next = 0;
        decimal actual = 0m;
        var history = new List<EvaluationPoint>(PointCount(task.Start, asOf));
        // How many points in a row, up to and including the previous one, were yellow by the rules (before escalation).
        int yellowRun = 0;
        Assessment last = default;
        // The points of EvaluationDates: every month-end on or after the start and before asOf, then asOf.
        for (var monthEnd = MonthEnd(task.Start); ; monthEnd = MonthEnd(monthEnd.AddDays(1)))
        {
            bool final = monthEnd >= asOf;
            var date = final ? asOf : monthEnd;
            while (next < reports.Count && reports[next].Date <= date) actual = reports[next++].Percent;
            last = Assess(task, rules, date, actual);
            var status = last.Status;
            var reason = last.Reason;
            if (status == CardStatus.Yellow && yellowRun >= rules.EscalateAfter - 1)
            {
                status = CardStatus.Red;
                reason = CardReason.Escalated;
            }
            yellowRun = last.Status == CardStatus.Yellow ? yellowRun + 1 : 0;
            history.Add(new EvaluationPoint(date, status, reason));
            if (final) break;
        }
        var point = history[^1];
        return new TaskEvaluation(task, point.Status, point.Reason, last.Expected, last.Actual, last.Lag, history);
    }

    /// <summary>
    /// The reports sorted by date, stably: of two on the same date the one listed last stays last, and counts
    /// (<see cref="Actual"/>). Reports are nearly always listed in date order already: then the list itself.
    /// </summary>
    private static IReadOnlyList<ProgressReport> InDateOrder(IReadOnlyList<ProgressReport> progress)
    {
        for (int i = 1; i < progress.Count; i++)
        {
            if (progress[i].Date < progress[i - 1].Date) return [.. progress.OrderBy(r => r.Date)];
        }
        return progress;
    }

    /// <summary>How many dates <see cref="EvaluationDates"/> gives: the month-ends of the months before asOf's from the start's on, and asOf.</summary>
    private static int PointCount(DateOnly start, DateOnly asOf) =>
        Math.Max(0, (asOf.Year - start.Year) * 12 + asOf.Month - start.Month) + 1;

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

    /// <summary>The status by rules 1–6 alone, before escalation; <paramref name="actual"/> is <see cref="Actual"/> at the date.</summary>
    private static Assessment Assess(SupervisedTask task, CardRules rules, DateOnly date, decimal actual)
    {
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
