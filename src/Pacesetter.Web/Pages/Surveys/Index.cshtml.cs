using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pacesetter.App.Access;
using Pacesetter.App.Surveys;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages.Surveys;

/// <summary>
/// 民主测评 (issue #12): the organization's surveys, newest period first — name, period, whether open, ballots stored,
/// links used of those made — each leading to its page; admins start a new one here. Admins and leaders read
/// (<see cref="SurveyService.MayRead"/>); other members 403; another organization 404.
/// </summary>
public sealed class IndexModel(SurveyService surveys) : PageModel
{
    [FromRoute] public string Org { get; set; } = "";
    [TempData] public string? Done { get; set; }

    public Actor Actor { get; private set; } = null!;
    public List<SurveySummary> Surveys { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null) return NotFound();
        if (!SurveyService.MayRead(actor)) return StatusCode(StatusCodes.Status403Forbidden);
        Actor = actor;
        Surveys = await surveys.ListAsync(actor.OrganizationId, HttpContext.RequestAborted);
        return Page();
    }
}
