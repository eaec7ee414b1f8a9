using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pacesetter.App.Access;
using Pacesetter.App.Supervision;
using Pacesetter.App.Supervision.Matters;
using Pacesetter.App.Supervision.Model;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages.Supervision;

/// <summary>
/// 督查督办 the hub: today's figures of the matters the actor reads (under way, a step overdue, standing red and yellow
/// cards, each a link to that list) and links to what the actor may use in supervision. Admins, leaders and
/// reporters (their units' matters); assessors 403.
/// </summary>
public sealed class IndexModel(MatterService matters, TimeProvider clock) : PageModel
{
    /// <summary>The hub's four figures.</summary>
    public sealed record Figures(int UnderWay, int Overdue, int Red, int Yellow);

    [FromRoute] public string Org { get; set; } = "";

    public Actor Actor { get; private set; } = null!;
    public Figures Today { get; private set; } = new(0, 0, 0, 0);

    public async Task<IActionResult> OnGetAsync()
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null) return NotFound();
        if (!SupervisionAccess.Supervises(actor)) return StatusCode(StatusCodes.Status403Forbidden);
        Actor = actor;
        var now = clock.GetUtcNow();
        var list = await matters.ListAsync(actor, new MatterFilter(), HttpContext.RequestAborted);
        Today = new Figures(
            list.Count(m => m.State is >= MatterState.Assigned and < MatterState.Closed),
            list.Count(m => StepRules.IsOverdue(m.NextDeadline, now)),
            list.Count(m => m.StandingCard == CardType.Red),
            list.Count(m => m.StandingCard == CardType.Yellow));
        return Page();
    }
}
