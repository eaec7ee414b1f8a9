using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pacesetter.App.Supervision.Bulletins;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages.Supervision.Bulletins;

/// <summary>
/// 时序可视化 the timeline (ADR 0033): the matters the actor reads as a Gantt chart by unit or by kind, drawn on the
/// server as SVG (<see cref="TimelineSvg"/>). Admins, leaders, and reporters (their units' matters); assessors 403.
/// </summary>
public sealed class TimelineModel(TimelineReader reader) : PageModel
{
    [FromRoute] public string Org { get; set; } = "";
    /// <summary><c>unit</c> (default) or <c>kind</c>.</summary>
    [BindProperty(SupportsGet = true)] public string? Group { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }

    public Timeline Timeline { get; private set; } = null!;

    private static DateOnly? Date(string? s) =>
        DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public async Task<IActionResult> OnGetAsync()
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null) return NotFound();
        var t = await reader.ReadAsync(actor, Group == "kind" ? "kind" : "unit", Date(From), Date(To), HttpContext.RequestAborted);
        if (t is null) return StatusCode(StatusCodes.Status403Forbidden);
        Timeline = t;
        return Page();
    }
}
