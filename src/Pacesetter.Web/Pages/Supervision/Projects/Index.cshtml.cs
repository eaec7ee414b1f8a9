using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Access;
using Pacesetter.App.Supervision;
using Pacesetter.App.Supervision.Model;
using Pacesetter.App.Supervision.Projects;
using Pacesetter.App.Writes;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Localization;

namespace Pacesetter.Web.Pages.Supervision.Projects;

/// <summary>
/// 重大项目 the list of projects the actor may read, the figures of a period by unit (admins and leaders), and the
/// office's form for a new project. The service does everything; this page parses and renders.
/// </summary>
public sealed class IndexModel(ProjectService projects, TimeProvider clock, IStringLocalizer<ProjectsText> text) : PageModel
{
    [FromRoute] public string Org { get; set; } = "";
    /// <summary>The period of the figures (default: the current quarter, Beijing).</summary>
    [BindProperty(SupportsGet = true)] public string? Period { get; set; }
    [TempData] public string? Done { get; set; }

    public Actor Actor { get; private set; } = null!;
    public List<Project> Projects { get; private set; } = [];
    public Dictionary<string, string> UnitNames { get; private set; } = [];
    public ProjectFiguresView? Figures { get; private set; }
    public List<string> Errors { get; } = [];
    /// <summary>What the admin typed, kept when the form is refused.</summary>
    public ProjectForm Form { get; private set; } = new();

    public sealed record ProjectForm(string? Id = null, string? Name = null, string? Investment = null, string? Unit = null, string? Stage = null, string? StageOn = null, string? Reason = null);

    public async Task<IActionResult> OnGetAsync()
    {
        if (await DenyAsync(admin: false) is { } denied) return denied;
        return await ShowAsync();
    }

    public async Task<IActionResult> OnPostCreateAsync(string? id, string? name, string? investment, string? unit, string? stage, string? stageOn, string? reason)
    {
        if (await DenyAsync(admin: true) is { } denied) return denied;
        var outcome = await projects.SaveAsync(Actor, new ProjectInput(id, name, ParseDecimal(investment), unit, NullIfEmpty(stage), NullIfEmpty(stageOn), reason),
            null, createOnly: true, HttpContext.RequestAborted);
        if (outcome.IsOk)
        {
            Done = text["Done.Created", outcome.Value!.Project.Code];
            return Redirect(SupervisionRoutes.Project(Org, outcome.Value.Project.Code));
        }
        Form = new ProjectForm(id, name, investment, unit, stage, stageOn, reason);
        Errors.AddRange(outcome.Problems.Select(p => $"{p.Path}: {p.Message(Outcomes.Language)}"));
        Response.StatusCode = Outcomes.StatusOf(outcome.Status);
        return await ShowAsync();
    }

    private async Task<IActionResult> ShowAsync()
    {
        Projects = await projects.ListAsync(Actor, HttpContext.RequestAborted) ?? [];
        UnitNames = await projects.UnitNamesAsync(Actor.OrganizationId, HttpContext.RequestAborted);
        if (SupervisionAccess.Oversees(Actor))
        {
            var today = DateOnly.FromDateTime(ChinaTime.Of(clock.GetUtcNow()).DateTime);
            Period = string.IsNullOrWhiteSpace(Period) || Period.Length > InputLimits.Period ? $"{today.Year}-Q{(today.Month + 2) / 3}" : Period.Trim();
            Figures = await projects.FiguresAsync(Actor.OrganizationId, Period, HttpContext.RequestAborted);
        }
        return Page();
    }

    private async Task<IActionResult?> DenyAsync(bool admin)
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null) return NotFound();
        if (!SupervisionAccess.Supervises(actor) || (admin && !SupervisionAccess.Manages(actor))) return StatusCode(StatusCodes.Status403Forbidden);
        Actor = actor;
        return null;
    }

    internal static decimal? ParseDecimal(string? text) =>
        decimal.TryParse(text?.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : null;

    internal static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public string StageWord(ProjectStage s) => text["Stage." + ProjectService.StageName(s)];

    public static string Number(decimal d) => d.ToString("0.##", CultureInfo.InvariantCulture);
}
