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
public sealed class NewModel(MatterService matters, IStringLocalizer<MattersText> text) : MatterFormModel
{
    [BindProperty(Name = "Id")] public string? Code { get; set; }

    public override string? Id => Code;
    public override bool IdFixed => false;
    public Actor Actor { get; private set; } = null!;

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
        var input = MatterForm.Read(this, Code ?? "", problems);
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
