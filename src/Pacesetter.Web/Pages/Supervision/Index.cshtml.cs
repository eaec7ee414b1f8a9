using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pacesetter.App.Access;
using Pacesetter.App.Supervision;
using Pacesetter.App.Supervision.Matters;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages.Supervision;

/// <summary>
/// 督查督办 the hub: today's figures of the matters the actor reads (under way, a step overdue, standing red and yellow
/// cards, each a link to that list) and links to what the actor may use in supervision. Admins, leaders and
/// reporters (their units' matters); assessors 403.
/// </summary>
public sealed class IndexModel(MatterService matters) : PageModel
{
    [FromRoute] public string Org { get; set; } = "";

    public Actor Actor { get; private set; } = null!;
    public MatterFigures Today { get; private set; } = new(0, 0, 0, 0);

    public async Task<IActionResult> OnGetAsync()
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null) return NotFound();
        if (!SupervisionAccess.Supervises(actor)) return StatusCode(StatusCodes.Status403Forbidden);
        Actor = actor;
        Today = await matters.FiguresAsync(actor, HttpContext.RequestAborted);
        return Page();
    }
}
