using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Access;
using Pacesetter.App.Exemptions;
using Pacesetter.App.Schemes;
using Pacesetter.App.Writes;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Localization;

namespace Pacesetter.Web.Pages.Exemptions;

/// <summary>
/// 申请容错免责 (issue #11 §2): a unit's reporter (or the office) chooses the period and the unit, then what to be
/// exempted from among what the period's scheme and data hold for the unit (<see cref="ExemptionService.ChoicesAsync"/>,
/// named — never a code to type), gives the reason and attaches evidence; <see cref="ExemptionService.ApplyAsync"/>
/// checks and stores it all or nothing. Whoever may apply for some unit; others 403.
/// </summary>
public sealed class ApplyModel(ExemptionService exemptions, SchemeStore schemes, IStringLocalizer<ExemptionsText> text) : PageModel
{
    [FromRoute] public string Org { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? Period { get; set; }
    [BindProperty(SupportsGet = true)] public string? Unit { get; set; }
    [BindProperty] public string? Ref { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public List<IFormFile> Evidence { get; set; } = [];
    [TempData] public string? Done { get; set; }

    public Actor Actor { get; private set; } = null!;
    /// <summary>The periods with a scheme, newest first.</summary>
    public List<string> Periods { get; private set; } = [];
    /// <summary>The units the actor may apply for: code and name.</summary>
    public List<(string Code, string Name)> Units { get; private set; } = [];
    /// <summary>What the chosen unit may apply for in the chosen period (empty until both are chosen).</summary>
    public List<ExemptionRef> Choices { get; private set; } = [];
    public List<string> Errors { get; } = [];

    private CancellationToken Ct => HttpContext.RequestAborted;

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ?? Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await LoadAsync() is { } denied) return denied;
        var uploads = await ExemptionsApi.UploadsAsync(Evidence.Where(f => f.Length > 0 || f.FileName.Length > 0), Ct);
        var outcome = await exemptions.ApplyAsync(Actor, new ExemptionApplication(Period, Unit, Ref, Reason), Ct, uploads, Limits.EvidenceBytes);
        if (outcome.IsOk)
        {
            Done = text["Apply.Done", outcome.Value!.Id];
            return Redirect(ExemptionRoutes.Index(Org) + "#exemption-" + outcome.Value.Id);
        }
        if (outcome.Status == WriteStatus.Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
        Errors.AddRange(outcome.Problems.Select(p => FieldName(p.Path) + p.Message(RequestLanguage.Current)));
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>A problem's place in the form's words (the service names JSON paths).</summary>
    private string FieldName(string path) => path switch
    {
        "$.period" => text["Apply.Period"] + "：",
        "$.unit" => text["Apply.Unit"] + "：",
        "$.ref" => text["Apply.Ref"] + "：",
        _ when path.StartsWith("$.evidence[", StringComparison.Ordinal) => text["Apply.EvidenceFile", int.Parse(path[11..^1], System.Globalization.CultureInfo.InvariantCulture) + 1] + "：",
        _ => "",
    };

    private async Task<IActionResult?> LoadAsync()
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null) return NotFound();
        if (!actor.IsAdmin && actor.ReporterUnits.Count == 0) return StatusCode(StatusCodes.Status403Forbidden);
        Actor = actor;
        Periods = [.. (await schemes.PeriodsAsync(actor.OrganizationId, Ct)).OrderDescending(StringComparer.Ordinal)];
        Units = [.. (await exemptions.UnitsAsync(actor, Ct)).Where(u => ExemptionService.MayApply(actor, u.Code))];
        if (Units.Count == 1) Unit ??= Units[0].Code;
        if (Period is not null && Unit is not null && Periods.Contains(Period) && Units.Any(u => u.Code == Unit))
        {
            Choices = await exemptions.ChoicesAsync(actor.OrganizationId, Period, Unit, Ct);
        }
        return null;
    }
}
