using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pacesetter.App.Access;
using Pacesetter.App.Exports;
using Pacesetter.App.Publication;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Schemes;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages.Races;

/// <summary>
/// 导出 the period's downloads (ADR 0024): the task letters of the current scheme (all units as a zip, or one unit's), and
/// the leaderboard workbook, its CSV and the posting of the latest published revision. Admins and leaders see every
/// file; a reporter its own unit's letter; others are refused.
/// </summary>
public sealed class ExportsModel(ExportService exports, RaceReader races) : PageModel
{
    [FromRoute] public string Org { get; set; } = "";
    [FromRoute] public string Period { get; set; } = "";

    public Actor Actor { get; private set; } = null!;
    public Scheme? Scheme { get; private set; }
    public PublishedRace? Race { get; private set; }

    /// <summary>The units whose letter the actor may download, by category: (category name, [(unit id, name)]).</summary>
    public IReadOnlyList<(string Category, IReadOnlyList<(string Id, string Name)> Units)> Letters { get; private set; } = [];

    public static string Path(string org, string period) => $"/orgs/{org}/races/{period}/exports";

    public string File(string name) => $"{Path(Org, Period)}/{name}";

    public async Task<IActionResult> OnGetAsync()
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null || !Periods.IsValid(Period)) return NotFound();
        if (!actor.ReadsAll && actor.ReporterUnits.Count == 0) return StatusCode(StatusCodes.Status403Forbidden);
        Actor = actor;
        var ct = HttpContext.RequestAborted;
        Scheme = await exports.CurrentSchemeAsync(actor.OrganizationId, Period, ct);
        if (Scheme is { } s)
        {
            Letters = s.Categories
                .Select(c => (c.Name, (IReadOnlyList<(string, string)>)c.Units.Where(u => ExportService.MayExport(actor, u)).Select(u => (u, s.UnitName(u))).ToList()))
                .Where(c => c.Item2.Count > 0).ToList();
        }
        if (actor.ReadsAll) Race = await races.LatestAsync(actor.OrganizationId, Period, ct);
        return Page();
    }
}
