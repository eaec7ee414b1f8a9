using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Access;
using Pacesetter.App.Publication;
using Pacesetter.App.Schemes;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Localization;

namespace Pacesetter.Web.Pages.Races;

/// <summary>
/// 驾驶舱 the leaders' screen (admins and leaders): every category at a glance in the latest published month, the
/// animated race of cumulative composites over the year's published months, grades, where points are lost, flags and
/// yellow cards — from published revisions only. The figures are also written as one JSON block
/// (<c>#cockpit-data</c>) that the charts read.
/// </summary>
public sealed class CockpitModel(CockpitReader reader, IStringLocalizer<CockpitText> text) : PageModel
{
    /// <summary>The JSON block's encoding: Chinese as is; <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c> and quotes escaped, so that no name can close the script element.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public const int YearMin = 2000;
    public const int YearMax = 2999;

    /// <summary>The year asked for (<c>?year=2026</c>); none: the latest year with a published month.</summary>
    [BindProperty(SupportsGet = true)] public string? Year { get; set; }

    public Actor Actor { get; private set; } = null!;
    public CockpitFigures Figures { get; private set; } = null!;
    public string? YearError { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var actor = await HttpContext.GetActorAsync();
        if (actor is null) return NotFound();
        if (!actor.ReadsAll) return StatusCode(StatusCodes.Status403Forbidden);
        Actor = actor;
        int? year = null;
        if (Year is { Length: > 0 } y)
        {
            if (int.TryParse(y, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is >= YearMin and <= YearMax) year = n;
            else
            {
                YearError = text["Cockpit.YearInvalid"];
                Response.StatusCode = StatusCodes.Status400BadRequest;
            }
        }
        Figures = await reader.YearAsync(actor.OrganizationId, year, HttpContext.RequestAborted);
        return Page();
    }

    /// <summary>A period in the request's language: 2026年10月 / 2026-10.</summary>
    public static string PeriodWords(string period) => RequestLanguage.CurrentIsEnglish ? period : PeriodNames.Words(period);

    /// <summary>A month on the race's timeline: 10月 / 2026-10.</summary>
    public static string MonthWords(string period) => RequestLanguage.CurrentIsEnglish ? period : int.Parse(period[5..], System.Globalization.CultureInfo.InvariantCulture) + "月";

    /// <summary>A published figure to 2 decimals.</summary>
    public static string Show(decimal value) => value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The label's word (标兵 / 优胜 / 黄牌), empty for none.</summary>
    public string LabelWord(string? label) => label is null ? "" : text["Label." + label];

    /// <summary>What the charts read: the figures, and the words they show in the request's language.</summary>
    public string DataJson() => JsonSerializer.Serialize(new
    {
        figures = Figures,
        months = Figures.Months.Select(m => new { period = m, label = MonthWords(m) }),
        texts = new
        {
            cumulative = text["Cockpit.Cumulative"].Value,
            lost = text["Cockpit.Lost"].Value,
            grades = text["Cockpit.Grades"].Value,
            units = text["Cockpit.ScoredUnits"].Value,
        },
        lossNames = Figures.Losses.Select(l => RequestLanguage.CurrentIsEnglish ? $"{l.Name} ({l.CategoryName})" : $"{l.Name}（{l.CategoryName}）"),
    }, Json);
}
