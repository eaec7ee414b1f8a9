using Pacesetter.Scoring.Schemes;
using Pacesetter.Scoring.Tests.Engine;

namespace Pacesetter.Scoring.Tests.Schemes;

/// <summary>
/// A roll-up indicator names the period whose published composite it takes (ADR 0025): <c>"period"</c>, a shorter
/// period within the scheme's. The scheme of <see cref="SchemeBuilder"/> is 2026-Q3.
/// </summary>
public class RollupPeriodTests
{
    private const string M = "$.categories[0].indicators[0].method";

    private static SchemeBuilder With(string method) =>
        new SchemeBuilder("A", "B").Base("m7", 95, method).Values("m7", 90, 80);

    [Theory]
    [InlineData("2026-07")]
    [InlineData("2026-09")]
    public void A_month_of_the_quarter_is_a_source_period(string month)
    {
        var read = With($$"""{"type": "rollup", "period": "{{month}}"}""").Read();

        Assert.True(read.IsValid, string.Join("; ", read.Problems));
        var indicator = read.Scheme!.Categories[0].Indicators[0];
        Assert.Equal(MethodType.Rollup, indicator.Method.Type);
        Assert.Equal(month, indicator.Method.Period);
    }

    [Fact]
    public void Without_a_period_the_datum_is_entered_as_before()
    {
        var read = With("""{"type": "rollup"}""").Read();

        Assert.True(read.IsValid);
        Assert.Null(read.Scheme!.Categories[0].Indicators[0].Method.Period);
    }

    [Fact]
    public void The_source_period_does_not_change_the_arithmetic()
    {
        // 95 × 90 / 100 = 85.5; 95 × 80 / 100 = 76
        var result = With("""{"type": "rollup", "period": "2026-08"}""").Score();

        Assert.Equal([85.5m, 76m], result.Scores("m7", "A", "B"));
    }

    public static readonly TheoryData<string, string> Refused = new()
    {
        { "\"2026-7\"", $"{M}.period: \"2026-7\" is not a period (2026-10, 2026-Q3, 2026-H1 or 2026) | “2026-7”不是有效的考核期（如 2026-10、2026-Q3、2026-H1、2026）" },
        { "7", $"{M}.period: must be a string | 应为文字（加引号的字符串）" },
        // The scheme's own period, a period outside it, a longer one.
        { "\"2026-Q3\"", $"{M}.period: must be a shorter period within the scheme's period 2026-Q3, not 2026-Q3 | 应为本方案考核期 2026-Q3 之内更短的考核期（月、季度或半年），不能是 2026-Q3" },
        { "\"2026-10\"", $"{M}.period: must be a shorter period within the scheme's period 2026-Q3, not 2026-10 | 应为本方案考核期 2026-Q3 之内更短的考核期（月、季度或半年），不能是 2026-10" },
        { "\"2025-07\"", $"{M}.period: must be a shorter period within the scheme's period 2026-Q3, not 2025-07 | 应为本方案考核期 2026-Q3 之内更短的考核期（月、季度或半年），不能是 2025-07" },
        { "\"2026-H2\"", $"{M}.period: must be a shorter period within the scheme's period 2026-Q3, not 2026-H2 | 应为本方案考核期 2026-Q3 之内更短的考核期（月、季度或半年），不能是 2026-H2" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_period_that_is_not_a_shorter_part_of_the_schemes_is_refused(string period, string expected)
    {
        var read = With($$"""{"type": "rollup", "period": {{period}}}""").Read();

        Assert.False(read.IsValid);
        Assert.Equal([expected], read.Problems.Select(p => $"{p.Path}: {p.English} | {p.Chinese}"));
    }

    [Theory]
    [InlineData("2026", "2026-Q1", true)]
    [InlineData("2026", "2026-H2", true)]
    [InlineData("2026", "2026-12", true)]
    [InlineData("2026-H1", "2026-Q2", true)]
    [InlineData("2026-H1", "2026-06", true)]
    [InlineData("2026-H1", "2026-Q3", false)]
    [InlineData("2026-Q1", "2026-03", true)]
    [InlineData("2026-Q1", "2026-04", false)]
    [InlineData("2026-Q1", "2026-Q1", false)]
    [InlineData("2026-03", "2026-03", false)]
    [InlineData("2026", "2025-Q4", false)]
    [InlineData("2026-Q1", "2026", false)]
    [InlineData("2026", "2026-13", false)]
    public void A_period_contains_the_shorter_periods_within_it(string whole, string part, bool contains)
    {
        Assert.Equal(contains, Periods.Contains(whole, part));
    }
}
