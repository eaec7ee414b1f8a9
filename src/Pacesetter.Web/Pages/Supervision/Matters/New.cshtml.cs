using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Access;
using Pacesetter.App.Supervision;
using Pacesetter.App.Supervision.Matters;
using Pacesetter.App.Supervision.Model;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages.Supervision.Matters;

/// <summary>立项 the office's form for a new matter (admins only): it parses the form and asks <see cref="MatterService"/>.</summary>
public sealed class NewModel(MatterService matters, IStringLocalizer<MattersText> text) : PageModel, IMatterForm
{
    [FromRoute] public string Org { get; set; } = "";
    [BindProperty] public string? Id { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Kind { get; set; } = "key-task";
    [BindProperty] public string? Unit { get; set; }
    [BindProperty] public List<string> CoUnits { get; set; } = [];
    [BindProperty] public string? Leader { get; set; }
    [BindProperty] public string? Start { get; set; }
    [BindProperty] public string? Due { get; set; }
    [BindProperty] public string? Frequency { get; set; } = "monthly";
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? Milestones { get; set; }
    [TempData] public string? Done { get; set; }

    public bool IdFixed => false;
    public Actor Actor { get; private set; } = null!;
    public Dictionary<string, string> UnitNames { get; private set; } = [];
    public List<string> Errors { get; } = [];

    private async Task<IActionResult?> DenyAsync()
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null) return NotFound();
        if (!SupervisionAccess.Manages(actor)) return StatusCode(StatusCodes.Status403Forbidden);
        Actor = actor;
        UnitNames = await matters.UnitNamesAsync(actor.OrganizationId, HttpContext.RequestAborted);
        return null;
    }

    public async Task<IActionResult> OnGetAsync() => await DenyAsync() ?? Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await DenyAsync() is { } denied) return denied;
        var problems = new List<Problem>();
        var input = MatterForm.Read(this, Id ?? "", problems);
        if (problems.Count == 0)
        {
            var outcome = await matters.CreateAsync(Actor, input!, HttpContext.RequestAborted);
            if (outcome.IsOk) return Redirect(SupervisionRoutes.Task(Org, outcome.Value!.Code));
            if (outcome.Status == WriteStatus.Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
            problems.AddRange(outcome.Problems);
        }
        Errors.AddRange(problems.Select(p => p.Message(Outcomes.Language)));
        _ = text;
        return Page();
    }
}
