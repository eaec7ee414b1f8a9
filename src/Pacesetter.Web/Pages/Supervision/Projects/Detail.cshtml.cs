using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Access;
using Pacesetter.App.Accounts;
using Pacesetter.App.Supervision;
using Pacesetter.App.Supervision.Model;
using Pacesetter.App.Supervision.Projects;
using Pacesetter.App.Writes;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages.Supervision.Projects;

/// <summary>
/// One major project: its stages with dates, its milestone matters, and the office's forms to edit it and to change
/// its stage (forward only; 终止 with a reason; construction milestones when it starts).
/// </summary>
public sealed class DetailModel(ProjectService projects, People people, IStringLocalizer<ProjectsText> text) : PageModel
{
    [FromRoute] public string Org { get; set; } = "";
    [FromRoute] public string Project { get; set; } = "";
    [TempData] public string? Done { get; set; }

    public Actor Actor { get; private set; } = null!;
    public ProjectView View { get; private set; } = null!;
    public Dictionary<string, string> UnitNames { get; private set; } = [];
    public List<string> Errors { get; } = [];

    public async Task<IActionResult> OnGetAsync() => await LoadAsync(admin: false) ?? Page();

    public async Task<IActionResult> OnPostSaveAsync(string? name, string? investment, string? unit, int? version)
    {
        if (await LoadAsync(admin: true) is { } denied) return denied;
        var outcome = await projects.SaveAsync(Actor, new ProjectInput(Project, name, IndexModel.ParseDecimal(investment), unit), version, createOnly: false, HttpContext.RequestAborted);
        return await AfterAsync(outcome, text["Done.Saved"]);
    }

    public async Task<IActionResult> OnPostStageAsync(string? stage, string? on, string? reason, string? milestones)
    {
        if (await LoadAsync(admin: true) is { } denied) return denied;
        var list = (milestones ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split([',', '，'], 2, StringSplitOptions.TrimEntries))
            .Select(parts => new MilestoneInput(parts[0], parts.Length > 1 ? parts[1] : null)).ToList();
        var outcome = await projects.ChangeStageAsync(Actor, Project, new StageInput(stage, IndexModel.NullIfEmpty(on), reason, list), HttpContext.RequestAborted);
        return await AfterAsync(outcome, outcome.IsOk ? text["Done.Stage", text["Stage." + ProjectService.StageName(outcome.Value!.Project.Stage)]] : "");
    }

    private async Task<IActionResult> AfterAsync(WriteOutcome<ProjectView> outcome, string done)
    {
        if (outcome.IsOk)
        {
            Done = done;
            return Redirect(SupervisionRoutes.Project(Org, Project));
        }
        if (outcome.Status is WriteStatus.Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
        Errors.AddRange(outcome.Problems.Select(p => $"{p.Path}: {p.Message(Outcomes.Language)}"));
        Response.StatusCode = Outcomes.StatusOf(outcome.Status);
        return await LoadAsync(admin: false) ?? Page();
    }

    private async Task<IActionResult?> LoadAsync(bool admin)
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null) return NotFound();
        if (!SupervisionAccess.Supervises(actor)) return StatusCode(StatusCodes.Status403Forbidden);
        var view = await projects.GetAsync(actor, Project, HttpContext.RequestAborted);
        if (view is null) return NotFound();
        if (admin && !SupervisionAccess.Manages(actor)) return StatusCode(StatusCodes.Status403Forbidden);
        (Actor, View) = (actor, view);
        UnitNames = await projects.UnitNamesAsync(actor.OrganizationId, HttpContext.RequestAborted);
        Person = await people.OfAsync(actor.OrganizationId, HttpContext.RequestAborted);
        return null;
    }

    /// <summary>Who changed the stage, by name.</summary>
    public Func<string?, string> Person { get; private set; } = n => n ?? "";

    public string StageWord(ProjectStage s) => text["Stage." + ProjectService.StageName(s)];
}
