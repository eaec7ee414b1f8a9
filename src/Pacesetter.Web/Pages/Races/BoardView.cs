using System.Globalization;
using Pacesetter.App.Publication;
using Pacesetter.App.Schemes;
using Pacesetter.Scoring;

namespace Pacesetter.Web.Pages.Races;

/// <summary>The resources of the race pages and API (Resources/Pages.Races.RacesText.*.resx, from Races.tsv).</summary>
public sealed class RacesText;

/// <summary>
/// The addresses of the race pages: the published periods with the flag strip, a period's board, a unit's page. The
/// organization is the signed-in person's own (a person belongs to one), as in the other <c>/races</c> pages.
/// </summary>
public static class BoardRoutes
{
    public const string Races = "/races";
    public static string Board(string period) => $"/races/{Uri.EscapeDataString(period)}";
    /// <summary>单位页面 the unit's page of a published period (the unit page's own feature).</summary>
    public static string Unit(string period, string unit) => $"/races/{Uri.EscapeDataString(period)}/units/{Uri.EscapeDataString(unit)}";
}

/// <summary>How the race pages write numbers, periods and rank changes.</summary>
public static class BoardView
{
    /// <summary>A published figure to 2 decimals (96.5 → 96.50).</summary>
    public static string Number(decimal value) => RaceReader.Figure(value);

    /// <summary>2026年10月 / 2026年第三季度 in Chinese; Oct 2026 / 2026 Q3 / 2026 H1 / 2026 in English.</summary>
    public static string Period(string period, Language language)
    {
        if (language == Language.Chinese) return PeriodNames.Words(period);
        if (Periods.Months(period) is not { } m) return period;
        return Periods.Kind(period) switch
        {
            "month" => new DateTime(m.Year, m.FirstMonth, 1).ToString("MMM yyyy", CultureInfo.InvariantCulture),
            "quarter" or "half" => $"{m.Year} {period[5..]}",
            _ => period,
        };
    }

    /// <summary>The period without its year, for the flag strip (10月, 第三季度; Oct, Q3).</summary>
    public static string ShortPeriod(string period, Language language)
    {
        if (Periods.Months(period) is not { } m) return period;
        var kind = Periods.Kind(period);
        if (language == Language.English)
        {
            return kind == "month" ? new DateTime(m.Year, m.FirstMonth, 1).ToString("MMM", CultureInfo.InvariantCulture) : kind == "year" ? period : period[5..];
        }
        var words = PeriodNames.Words(period);
        return kind == "year" ? words : words[(words.IndexOf('年') + 1)..];
    }

    /// <summary>The arrow of a rank change: ↑ up, ↓ down, – unchanged, 新 / new without a previous rank.</summary>
    public static string Arrow(int? move) => move switch
    {
        null => "",
        > 0 => "↑",
        < 0 => "↓",
        _ => "–",
    };

    /// <summary>The CSS class of a rank change.</summary>
    public static string MoveClass(int? move) => move switch
    {
        null => "race-new",
        > 0 => "race-up",
        < 0 => "race-down",
        _ => "race-same",
    };

    /// <summary>The stored label's text key (<c>Label.pacesetter</c> …), null without a label.</summary>
    public static string? LabelClass(string? label) => label switch
    {
        "pacesetter" => "text-bg-danger",
        "winner" => "text-bg-warning",
        "yellow" => "race-yellow",
        _ => null,
    };

    /// <summary>The text key of a revision's standing.</summary>
    public static string StandingKey(PublicationState standing) => standing switch
    {
        PublicationState.Notice => "Standing.InNotice",
        PublicationState.CorrectionOpen => "Standing.Correcting",
        _ => "Standing." + standing,
    };
}
