using Pacesetter.Scoring.Schemes;

namespace Pacesetter.Scoring.Supervision;

/// <summary>A unit's cards over an assessment period, as the penalty indicator takes them (scoring.md §4).</summary>
public static class CardCounts
{
    public const string Yellow = "yellow";
    public const string Red = "red";

    /// <summary>
    /// The cards issued to <paramref name="unit"/> at the month-ends inside <paramref name="period"/>
    /// (<c>2026-10</c>, <c>2026-Q3</c>, <c>2026-H1</c>, <c>2026</c>) as <c>{"yellow": n, "red": m}</c>; zeros for a unit without cards.
    /// </summary>
    /// <exception cref="ArgumentException">the period is not written in one of those forms.</exception>
    public static IReadOnlyDictionary<string, int> ForPeriod(CardReport report, string unit, string period)
    {
        if (Periods.Months(period ?? "") is not { } months)
        {
            throw new ArgumentException($"\"{period}\" is not a period such as 2026-10, 2026-Q3, 2026-H1 or 2026", nameof(period));
        }
        var (year, firstMonth, lastMonth) = months;
        int yellow = 0, red = 0;
        foreach (var cards in report.Units)
        {
            if (!string.Equals(cards.Unit, unit, StringComparison.Ordinal)) continue;
            foreach (var month in cards.Months)
            {
                if (month.Year != year || month.Month < firstMonth || month.Month > lastMonth) continue;
                yellow += month.Yellow;
                red += month.Red;
            }
        }
        return new Dictionary<string, int>(StringComparer.Ordinal) { [Yellow] = yellow, [Red] = red };
    }

    /// <summary>The same counts as the datum of a penalty indicator with <c>perEvent: {"yellow": …, "red": …}</c>.</summary>
    public static CountsDatum ForPeriodDatum(CardReport report, string unit, string period)
    {
        var counts = ForPeriod(report, unit, period);
        return new CountsDatum([new(Yellow, counts[Yellow]), new(Red, counts[Red])]);
    }
}
