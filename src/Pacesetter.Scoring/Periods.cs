namespace Pacesetter.Scoring;

/// <summary>
/// Assessment periods: <c>2026-10</c> (month), <c>2026-Q3</c>, <c>2026-H1</c>, <c>2026</c> — four ASCII digits of the
/// year, then a month 01–12, a quarter Q1–Q4 or a half H1–H2. Read by hand, without allocating: pages ask for a period's
/// name and kind many times per answer.
/// </summary>
public static partial class Periods
{
    private enum Of { Month, Quarter, Half, Year }

    /// <summary>The year, the kind and the month, quarter or half (0 for a year); false when <paramref name="period"/> is not a period.</summary>
    private static bool TryRead(string? period, out int year, out Of kind, out int n)
    {
        year = 0;
        kind = Of.Year;
        n = 0;
        if (period is null || (period.Length != 4 && period.Length != 7)) return false;
        for (int i = 0; i < 4; i++)
        {
            if (!char.IsAsciiDigit(period[i])) return false;
            year = year * 10 + (period[i] - '0');
        }
        if (period.Length == 4) return true;
        if (period[4] != '-') return false;
        char a = period[5], b = period[6];
        if (char.IsAsciiDigit(a) && char.IsAsciiDigit(b))
        {
            kind = Of.Month;
            n = (a - '0') * 10 + (b - '0');
            return n is >= 1 and <= 12;
        }
        if (!char.IsAsciiDigit(b)) return false;
        n = b - '0';
        if (a == 'Q' && n is >= 1 and <= 4)
        {
            kind = Of.Quarter;
            return true;
        }
        if (a == 'H' && n is 1 or 2)
        {
            kind = Of.Half;
            return true;
        }
        return false;
    }

    public static bool IsValid(string period) => TryRead(period, out _, out _, out _);

    /// <summary>The first and last month (1–12) of a period, or null when it is not a period.</summary>
    public static (int Year, int FirstMonth, int LastMonth)? Months(string period)
    {
        if (!TryRead(period, out int year, out var kind, out int n)) return null;
        return kind switch
        {
            Of.Month => (year, n, n),
            Of.Quarter => (year, n * 3 - 2, n * 3),
            Of.Half => n == 1 ? (year, 1, 6) : (year, 7, 12),
            _ => (year, 1, 12),
        };
    }

    /// <summary>
    /// The previous period of the same kind (a month's month, a quarter's quarter: 2026-01 → 2025-12, 2026-Q1 → 2025-Q4,
    /// 2026-H2 → 2026-H1, 2026 → 2025), against which a published period's rank change is measured; null when
    /// <paramref name="period"/> is not a period.
    /// </summary>
    public static string? Previous(string period)
    {
        if (!TryRead(period, out int year, out var kind, out int n)) return null;
        return kind switch
        {
            Of.Month => n == 1 ? $"{year - 1:D4}-12" : $"{year:D4}-{n - 1:D2}",
            Of.Quarter => n == 1 ? $"{year - 1:D4}-Q4" : $"{year:D4}-Q{n - 1}",
            Of.Half => n == 2 ? $"{year:D4}-H1" : $"{year - 1:D4}-H2",
            _ => $"{year - 1:D4}",
        };
    }

    /// <summary>The kind of a period: <c>month</c>, <c>quarter</c>, <c>half</c> or <c>year</c> (null when not a period).</summary>
    public static string? Kind(string period) =>
        !TryRead(period, out _, out var kind, out _) ? null
        : kind switch { Of.Month => "month", Of.Quarter => "quarter", Of.Half => "half", _ => "year" };
}
