using System.Globalization;
using Pacesetter.Scoring;

namespace Pacesetter.App.Schemes;

/// <summary>
/// A period in words (<c>2026-12</c> → 2026年12月, <c>2026-Q3</c> → 2026年第三季度, <c>2026-H1</c> → 2026年上半年,
/// <c>2026</c> → 2026年度), the next period of the same kind, and the name of a copied scheme (ADR 0013): the source's
/// name with its period's words replaced by the target's.
/// </summary>
public static class PeriodNames
{
    private static readonly string[] Quarters = ["第一季度", "第二季度", "第三季度", "第四季度"];

    private enum Kind { Month, Quarter, Half, Year }

    private static (int Year, Kind Kind, int Index)? Parse(string period)
    {
        if (Periods.Months(period) is not { } m) return null;
        if (period.Length == 4) return (m.Year, Kind.Year, 1);
        return period[5] switch
        {
            'Q' => (m.Year, Kind.Quarter, period[6] - '0'),
            'H' => (m.Year, Kind.Half, period[6] - '0'),
            _ => (m.Year, Kind.Month, m.FirstMonth),
        };
    }

    /// <summary>The period in words without its year (12月, 第三季度, 上半年, 年度), or null when it is not a period.</summary>
    private static string? Part(string period) => Parse(period) switch
    {
        null => null,
        (_, Kind.Month, var i) => $"{i}月",
        (_, Kind.Quarter, var i) => Quarters[i - 1],
        (_, Kind.Half, var i) => i == 1 ? "上半年" : "下半年",
        _ => "年度",
    };

    /// <summary>2026年12月, 2026年第三季度, 2026年上半年, 2026年度; the text itself when it is not a period.</summary>
    public static string Words(string period) => Parse(period) is { } p
        ? p.Kind == Kind.Year ? $"{p.Year}年度" : $"{p.Year}年{Part(period)}"
        : period;

    /// <summary>The period after <paramref name="period"/> of the same kind (2026-12 → 2027-01, 2026-Q4 → 2027-Q1), or null.</summary>
    public static string? Next(string period) => Parse(period) switch
    {
        null => null,
        (var y, Kind.Month, var i) => i == 12 ? $"{y + 1}-01" : $"{y}-{i + 1:00}",
        (var y, Kind.Quarter, var i) => i == 4 ? $"{y + 1}-Q1" : $"{y}-Q{i + 1}",
        (var y, Kind.Half, var i) => i == 2 ? $"{y + 1}-H1" : $"{y}-H2",
        (var y, _, _) => (y + 1).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// The name of <paramref name="to"/>'s scheme copied from <paramref name="from"/>'s named <paramref name="name"/>:
    /// the source period's words replaced by the target's (示范开发区2026年12月综合考核 → 示范开发区2027年1月综合考核;
    /// …第三季度… → …第四季度…; the year and the part separately when they are apart); a name without the source period
    /// in it gets the target's words added (综合考核 → 综合考核（2027年1月）).
    /// </summary>
    public static string Rename(string name, string from, string to)
    {
        if (Parse(from) is not { } f || Parse(to) is not { } t) return name;
        var (fromWords, toWords) = (Words(from), Words(to));
        if (name.Contains(fromWords, StringComparison.Ordinal)) return name.Replace(fromWords, toWords, StringComparison.Ordinal);
        var renamed = name;
        var (fromPart, toPart) = (Part(from)!, Part(to)!);
        bool changed = false;
        // The part alone (…第三季度…), unless it is a month that could be a number of another text (12月 in 2026年12月31日 is replaced above).
        if (f.Kind != Kind.Year && renamed.Contains(fromPart, StringComparison.Ordinal))
        {
            renamed = renamed.Replace(fromPart, toPart, StringComparison.Ordinal);
            changed = true;
        }
        if (renamed.Contains($"{f.Year}年", StringComparison.Ordinal))
        {
            renamed = renamed.Replace($"{f.Year}年", $"{t.Year}年", StringComparison.Ordinal);
            changed = true;
        }
        if (changed && f.Kind == t.Kind) return renamed;
        return $"{name}（{toWords}）";
    }
}
