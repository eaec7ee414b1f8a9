using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pacesetter.App.Access;
using Pacesetter.App.Publication;
using Pacesetter.App.Schemes;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Localization;

namespace Pacesetter.Web.Pages.Races;

/// <summary>
/// 单位页 one unit's published result (issue #9 §3): its standing, the breakdown with every formula, points lost,
/// adjustments and exemptions, the trend and radar charts, and what it takes to move up one rank. Admins and leaders
/// read every unit; a reporter its own units (403 otherwise); an unpublished period, an unknown revision or unit is 404.
/// </summary>
public sealed class UnitModel(UnitReports reports, ObjectionService objections) : PageModel
{
    /// <summary>The page's address: the latest revision, or revision <paramref name="revision"/>.</summary>
    public static string Address(string period, string unit, int? revision = null) =>
        $"/races/{Uri.EscapeDataString(period)}/units/{Uri.EscapeDataString(unit)}" + (revision is { } n ? $"?revision={n}" : "");

    [FromRoute] public string Period { get; set; } = "";
    [FromRoute] public string Unit { get; set; } = "";
    /// <summary>A revision of the period (1 or more); the latest when left out.</summary>
    [BindProperty(SupportsGet = true)] public int? Revision { get; set; }

    public Actor Actor { get; private set; } = null!;
    public UnitReport Report { get; private set; } = null!;
    /// <summary>异议 the unit's objections on the latest revision and the filing form (null on an earlier revision).</summary>
    public UnitObjections? Objections { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var actor = await HttpContext.GetActorAsync();
        if (actor is null) return Challenge();
        // The rule first, so that a reporter learns nothing of other units (not even whether they exist).
        if (!actor.ReadsAll && !actor.ReporterUnits.Contains(Unit, StringComparer.Ordinal)) return StatusCode(StatusCodes.Status403Forbidden);
        if (Period.Length > InputLimits.Period || Unit.Length > InputLimits.Code || Revision is < 1) return NotFound();
        Actor = actor;
        var report = await reports.ReadAsync(actor.OrganizationId, Period, Unit, Revision, RequestLanguage.Current, HttpContext.RequestAborted);
        if (report is null) return NotFound();
        if (Revision is null) Objections = await objections.ForUnitAsync(actor.OrganizationId, Period, Unit, actor, HttpContext.RequestAborted);
        Report = report;
        return Page();
    }

    /// <summary>A published figure: always 2 decimals.</summary>
    public static string N(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    public static string N(decimal? value) => value is { } v ? N(v) : "—";

    /// <summary>The trend chart's data: periods, composites, ranks and the category's unit count per period.</summary>
    public string TrendJson() => JsonSerializer.Serialize(new
    {
        unit = Report.UnitName,
        periods = Report.Trend.Select(p => p.Period),
        // The axis in words: 2027年1月, 2027年第一季度 (the codes in English).
        labels = Report.Trend.Select(p => RequestLanguage.CurrentIsEnglish ? p.Period : PeriodNames.Words(p.Period)),
        composite = Report.Trend.Select(p => p.Composite),
        rank = Report.Trend.Select(p => p.Rank),
        units = Report.Trend.Select(p => p.Units),
    });

    /// <summary>The radar's data: per base indicator the unit's and the best unit's score as a percent of its weight.</summary>
    public string RadarJson() => JsonSerializer.Serialize(Report.Radar is not { } r ? null : new
    {
        unit = Report.UnitName,
        best = r.BestName,
        bestUnit = r.BestUnit,
        indicators = r.Axes.Select(a => a.Name),
        max = Math.Max(100m, r.Axes.Select(a => Math.Max(a.Unit ?? 0m, a.Best ?? 0m)).DefaultIfEmpty(0m).Max()),
        unitValues = r.Axes.Select(a => a.Unit ?? 0m),
        bestValues = r.Axes.Select(a => a.Best ?? 0m),
    });
}
