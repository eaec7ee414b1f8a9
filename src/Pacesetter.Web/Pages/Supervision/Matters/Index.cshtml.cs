using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pacesetter.App.Access;
using Pacesetter.App.Supervision;
using Pacesetter.App.Supervision.Matters;
using Pacesetter.App.Supervision.Model;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages.Supervision.Matters;

/// <summary>督办事项 the list of matters the actor reads, filtered by unit, kind, state and overdue, with the overdue badge. Admins, leaders, reporters (their units' matters); assessors 403.</summary>
public sealed class IndexModel(MatterService matters, TimeProvider clock) : PageModel
{
    [FromRoute] public string Org { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? Unit { get; set; }
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string? State { get; set; }
    [BindProperty(SupportsGet = true)] public bool Overdue { get; set; }
    /// <summary>The standing card: <c>red</c> or <c>yellow</c> (the hub's figures link here); anything else lists all.</summary>
    [BindProperty(SupportsGet = true)] public string? Card { get; set; }

    public static CardType? CardOf(string? card) => card switch { "red" => CardType.Red, "yellow" => CardType.Yellow, _ => null };

    public Actor Actor { get; private set; } = null!;
    public List<Matter> Matters { get; private set; } = [];
    public Dictionary<string, string> UnitNames { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null) return NotFound();
        if (!SupervisionAccess.Supervises(actor)) return StatusCode(StatusCodes.Status403Forbidden);
        Actor = actor;
        Now = clock.GetUtcNow();
        var filter = new MatterFilter(string.IsNullOrWhiteSpace(Unit) ? null : Unit.Trim(), MatterNames.Kind(Kind), MatterNames.State(State), Overdue ? true : null, CardOf(Card));
        Matters = await matters.ListAsync(actor, filter, HttpContext.RequestAborted);
        UnitNames = await matters.UnitNamesAsync(actor.OrganizationId, HttpContext.RequestAborted);
        return Page();
    }

    public string UnitName(string code) => UnitNames.GetValueOrDefault(code, code);

    public bool IsOverdue(Matter m) => StepRules.IsOverdue(m.NextDeadline, Now);
}
