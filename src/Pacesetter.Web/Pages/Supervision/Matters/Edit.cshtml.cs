using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Access;
using Pacesetter.App.Supervision;
using Pacesetter.App.Supervision.Matters;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages.Supervision.Matters;

/// <summary>
/// 修改 the office's form for a matter in any state (admins only), against the version shown: name, kind, units,
/// leader, dates, frequency, description, milestones. It parses the form and asks <see cref="MatterService"/>; a save
/// made meanwhile answers 409 with the values now stored.
/// </summary>
public sealed class EditModel(MatterService matters, IStringLocalizer<MattersText> text) : MatterFormModel
{
    [FromRoute(Name = "task")] public string Code { get; set; } = "";
    [BindProperty] public int Version { get; set; }

    public override string? Id => Code;
    public override bool IdFixed => true;
    public Actor Actor { get; private set; } = null!;

    private async Task<(IActionResult? Denied, MatterView? View)> LoadAsync()
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null) return (NotFound(), null);
        if (!SupervisionAccess.Supervises(actor)) return (StatusCode(StatusCodes.Status403Forbidden), null);
        var view = await matters.GetAsync(actor, Code, HttpContext.RequestAborted);
        if (view is null) return (NotFound(), null);
        if (!SupervisionAccess.Manages(actor)) return (StatusCode(StatusCodes.Status403Forbidden), null);
        Actor = actor;
        UnitNames = await matters.UnitNamesAsync(actor.OrganizationId, HttpContext.RequestAborted);
        return (null, view);
    }

    /// <summary>The form filled with the matter as stored.</summary>
    private void Fill(MatterView v)
    {
        var m = v.Matter;
        Version = m.Version;
        Name = m.Name;
        Kind = MatterNames.Of(m.Kind);
        Unit = m.UnitCode;
        CoUnits = [.. (m.CoUnits ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)];
        Leader = m.Leader;
        Start = MatterLabels.Date(m.Start);
        Due = MatterLabels.Date(m.Due);
        Frequency = MatterNames.Of(m.Frequency);
        Description = m.Description;
        Milestones = MatterForm.MilestoneText(v.Milestones);
    }

    public async Task<IActionResult> OnGetAsync()
    {
        var (denied, view) = await LoadAsync();
        if (denied is not null) return denied;
        Fill(view!);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var (denied, _) = await LoadAsync();
        if (denied is not null) return denied;
        var problems = new List<Problem>();
        var input = MatterForm.Read(this, Code, problems);
        if (problems.Count == 0)
        {
            var outcome = await matters.UpdateAsync(Actor, Code, input!, Version, HttpContext.RequestAborted);
            if (outcome.IsOk)
            {
                Done = text["Edit.Saved"];
                return Redirect(SupervisionRoutes.Task(Org, Code));
            }
            if (outcome.Status == WriteStatus.Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
            if (outcome.Status == WriteStatus.NotFound) return NotFound();
            Response.StatusCode = Outcomes.StatusOf(outcome.Status);
            problems.AddRange(outcome.Problems);
            if (outcome.Status == WriteStatus.Conflict && await matters.GetAsync(Actor, Code, HttpContext.RequestAborted) is { } now)
            {
                // Someone saved meanwhile: their values, and the new version to save against.
                ModelState.Clear();
                Fill(now);
            }
        }
        else
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        Errors.AddRange(problems.Select(p => p.Message(Outcomes.Language)));
        return Page();
    }
}
