namespace Pacesetter.Scoring;

/// <summary>Periods within periods: what a roll-up (scoring.md §9, ADR 0025) may take its composites from.</summary>
public static partial class Periods
{
    /// <summary>How many months a period spans: 1 (month), 3 (quarter), 6 (half-year) or 12 (year); 0 when it is not a period.</summary>
    public static int Length(string period) => Months(period) is { } m ? m.LastMonth - m.FirstMonth + 1 : 0;

    /// <summary>
    /// Whether <paramref name="part"/> is a period of a shorter kind lying within <paramref name="whole"/>: 2026-02 and
    /// 2026-Q1 lie within 2026-H1 and 2026; 2026-Q1 does not lie within itself, nor 2026-Q2 within 2026-Q1.
    /// </summary>
    public static bool Contains(string whole, string part)
    {
        if (Months(whole) is not { } w || Months(part) is not { } p) return false;
        return p.Year == w.Year && p.FirstMonth >= w.FirstMonth && p.LastMonth <= w.LastMonth && Length(part) < Length(whole);
    }
}
