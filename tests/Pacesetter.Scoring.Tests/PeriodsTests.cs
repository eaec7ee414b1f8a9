namespace Pacesetter.Scoring.Tests;

/// <summary>The period names of scoring.md: 2026-10, 2026-Q3, 2026-H1, 2026 — and nothing else.</summary>
public class PeriodsTests
{
    [Theory]
    [InlineData("2026", "year", 1, 12, "2025")]
    [InlineData("2026-01", "month", 1, 1, "2025-12")]
    [InlineData("2026-10", "month", 10, 10, "2026-09")]
    [InlineData("2026-12", "month", 12, 12, "2026-11")]
    [InlineData("2026-Q1", "quarter", 1, 3, "2025-Q4")]
    [InlineData("2026-Q3", "quarter", 7, 9, "2026-Q2")]
    [InlineData("2026-H1", "half", 1, 6, "2025-H2")]
    [InlineData("2026-H2", "half", 7, 12, "2026-H1")]
    public void A_period_has_its_kind_months_and_previous(string period, string kind, int first, int last, string previous)
    {
        Assert.True(Periods.IsValid(period));
        Assert.Equal(kind, Periods.Kind(period));
        Assert.Equal((2026, first, last), Periods.Months(period));
        Assert.Equal(previous, Periods.Previous(period));
    }

    [Theory]
    [InlineData("")]
    [InlineData("26-10")]
    [InlineData("2026-1")]
    [InlineData("2026-00")]
    [InlineData("2026-13")]
    [InlineData("2026-Q0")]
    [InlineData("2026-Q5")]
    [InlineData("2026-q1")]
    [InlineData("2026-H0")]
    [InlineData("2026-H3")]
    [InlineData("2026/10")]
    [InlineData(" 2026")]
    [InlineData("2026-10 ")]
    [InlineData("２０２６-10")]   // full-width digits: not the spec's ASCII digits
    [InlineData("2026-１０")]
    [InlineData("2026-M1")]
    public void Anything_else_is_not_a_period(string text)
    {
        Assert.False(Periods.IsValid(text));
        Assert.Null(Periods.Kind(text));
        Assert.Null(Periods.Months(text));
        Assert.Null(Periods.Previous(text));
    }
}
