using System.Globalization;
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
        if (!TryParsePeriod(period, out var year, out var firstMonth, out var lastMonth))
        {
            throw new ArgumentException($"\"{period}\" is not a period such as 2026-10, 2026-Q3, 2026-H1 or 2026", nameof(period));
        }
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

    /// <summary>The months a period covers: <c>2026-10</c> one, <c>2026-Q3</c> July–September, <c>2026-H1</c> January–June, <c>2026</c> all twelve.</summary>
    public static bool TryParsePeriod(string? period, out int year, out int firstMonth, out int lastMonth)
    {
        year = firstMonth = lastMonth = 0;
        if (period is null || period.Length < 4 || !TryDigits(period[..4], out year) || year < 1) return false;
        var rest = period[4..];
        (int first, int last)? months = rest switch
        {
            "" => (1, 12),
            ['-', 'Q', >= '1' and <= '4'] => ((rest[2] - '1') * 3 + 1, (rest[2] - '0') * 3),
            ['-', 'H', '1' or '2'] => ((rest[2] - '1') * 6 + 1, (rest[2] - '0') * 6),
            ['-', _, _] when TryDigits(rest[1..], out var m) && m is >= 1 and <= 12 => (m, m),
            _ => null,
        };
        if (months is not { } range) return false;
        (firstMonth, lastMonth) = range;
        return true;
    }

    private static bool TryDigits(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
