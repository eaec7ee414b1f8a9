using System.Text.RegularExpressions;

namespace Pacesetter.Scoring;

/// <summary>Assessment periods: <c>2026-10</c> (month), <c>2026-Q3</c>, <c>2026-H1</c>, <c>2026</c>.</summary>
public static partial class Periods
{
    [GeneratedRegex(@"^(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4])|-H([12]))?$")]
    private static partial Regex Pattern();

    public static bool IsValid(string period) => Pattern().IsMatch(period);

    /// <summary>The first and last month (1–12) of a period, or null when it is not a period.</summary>
    public static (int Year, int FirstMonth, int LastMonth)? Months(string period)
    {
        var m = Pattern().Match(period);
        if (!m.Success) return null;
        int year = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        if (m.Groups[2].Success)
        {
            int month = int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            return (year, month, month);
        }
        if (m.Groups[3].Success)
        {
            int q = m.Groups[3].Value[0] - '0';
            return (year, q * 3 - 2, q * 3);
        }
        if (m.Groups[4].Success) return m.Groups[4].Value == "1" ? (year, 1, 6) : (year, 7, 12);
        return (year, 1, 12);
    }

    /// <summary>
    /// The previous period of the same kind (a month's month, a quarter's quarter: 2026-01 → 2025-12, 2026-Q1 → 2025-Q4,
    /// 2026-H2 → 2026-H1, 2026 → 2025), against which a published period's rank change is measured; null when
    /// <paramref name="period"/> is not a period.
    /// </summary>
    public static string? Previous(string period)
    {
        var m = Pattern().Match(period);
        if (!m.Success) return null;
        int year = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        if (m.Groups[2].Success)
        {
            int month = int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            return month == 1 ? $"{year - 1:D4}-12" : $"{year:D4}-{month - 1:D2}";
        }
        if (m.Groups[3].Success)
        {
            int q = m.Groups[3].Value[0] - '0';
            return q == 1 ? $"{year - 1:D4}-Q4" : $"{year:D4}-Q{q - 1}";
        }
        if (m.Groups[4].Success) return m.Groups[4].Value == "2" ? $"{year:D4}-H1" : $"{year - 1:D4}-H2";
        return $"{year - 1:D4}";
    }

    /// <summary>The kind of a period: <c>month</c>, <c>quarter</c>, <c>half</c> or <c>year</c> (null when not a period).</summary>
    public static string? Kind(string period)
    {
        var m = Pattern().Match(period);
        if (!m.Success) return null;
        return m.Groups[2].Success ? "month" : m.Groups[3].Success ? "quarter" : m.Groups[4].Success ? "half" : "year";
    }
}
