using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Data;
using Pacesetter.App.Supervision;
using Pacesetter.App.Supervision.Cards;
using Pacesetter.App.Supervision.Model;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages.Supervision.Cards;

/// <summary>A matter's card history: every card issued (type, reason, figures) and when it was lifted. Whoever reads the matter.</summary>
public sealed class HistoryModel(PacesetterDb db) : PageModel
{
    [FromRoute] public string Org { get; set; } = "";
    [FromRoute] public string Task { get; set; } = "";

    public Matter Matter { get; private set; } = null!;
    public List<IssuedCard> Cards { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null) return NotFound();
        if (!SupervisionAccess.Supervises(actor)) return StatusCode(StatusCodes.Status403Forbidden);
        var matter = await db.Matters.AsNoTracking().SingleOrDefaultAsync(m => m.OrganizationId == actor.OrganizationId && m.Code == Task, ct);
        if (matter is null || !SupervisionAccess.CanRead(actor, matter)) return NotFound();
        Matter = matter;
        Cards = await IssuedCards.HistoryAsync(db, matter.Id, ct);
        return Page();
    }
}
