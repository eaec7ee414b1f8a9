using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pacesetter.App.Access;
using Pacesetter.App.Data;
using Pacesetter.App.Supervision;
using Pacesetter.App.Supervision.Cards;
using Pacesetter.App.Supervision.Model;
using Pacesetter.App.Time;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages.Supervision.Cards;

/// <summary>红黄牌 a month's issued cards by unit (red, yellow, code); the office runs the evaluations due up to today. Reporters see their unit's.</summary>
public sealed class IndexModel(PacesetterDb db, CardIssuer issuer, TimeProvider clock) : PageModel
{
    [FromRoute] public string Org { get; set; } = "";
    [FromQuery] public string? Month { get; set; }

    public Actor Actor { get; private set; } = null!;
    public string Shown { get; private set; } = "";
    public List<IGrouping<string, IssuedCardView>> Units { get; private set; } = [];
    public List<string> Messages { get; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null) return NotFound();
        if (!SupervisionAccess.Supervises(actor)) return StatusCode(StatusCodes.Status403Forbidden);
        Actor = actor;
        Shown = CardDates.TryParseMonth(Month, out _) ? Month! : CardDates.Month(CardDates.MonthEndBefore(clock.GetUtcNow()));
        var cards = await IssuedCards.ListAsync(db, actor, Shown, ct);
        Units = cards.GroupBy(c => c.Card.UnitCode)
            .OrderByDescending(g => g.Count(c => c.Card.Type == CardType.Red)).ThenByDescending(g => g.Count(c => c.Card.Type == CardType.Yellow)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        return Page();
    }

    /// <summary>立即评定: the evaluations due up to today (Beijing).</summary>
    public async Task<IActionResult> OnPostEvaluateAsync(CancellationToken ct)
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null) return NotFound();
        if (!SupervisionAccess.Manages(actor)) return StatusCode(StatusCodes.Status403Forbidden);
        var done = await issuer.RunAsync(actor.OrganizationId, WorkingDays.Today(clock), actor.UserName, ct);
        if (!done.IsOk)
        {
            Messages.AddRange(done.Messages());
            return await OnGetAsync(ct);
        }
        var last = done.Value!.MonthEnds.LastOrDefault();
        return Redirect(SupervisionRoutes.Cards(Org) + (last is null ? "" : "?month=" + CardDates.Month(last.Date)));
    }
}
