using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Access;
using Pacesetter.App.Exemptions;
using Pacesetter.App.Writes;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Localization;

namespace Pacesetter.Web.Pages.Exemptions;

/// <summary>
/// 容错免责登记 (issue #11 §2): every application and decision, newest first, filtered by year, state and unit, with
/// what it applies for in words, its evidence files and the decision; exportable as .xlsx with the same filters. The
/// office decides a pending application here (免责 / 减责 with what remains / 不予免责, a document number, a reason)
/// through <see cref="ExemptionService.DecideAsync"/>. Admins and leaders read all; a reporter its units'; others 403.
/// </summary>
public sealed class IndexModel(ExemptionService exemptions, IStringLocalizer<ExemptionsText> text) : PageModel
{
    [FromRoute] public string Org { get; set; } = "";
    [FromQuery] public string? Year { get; set; }
    [FromQuery] public string? State { get; set; }
    [FromQuery] public string? Unit { get; set; }
    [TempData] public string? Done { get; set; }

    public Actor Actor { get; private set; } = null!;
    public int? ShownYear { get; private set; }
    public ExemptionState? ShownState { get; private set; }
    public string? ShownUnit { get; private set; }
    public List<ExemptionView> Register { get; private set; } = [];
    /// <summary>The years with applications, newest first (the year selector).</summary>
    public List<int> Years { get; private set; } = [];
    /// <summary>The units the reader may filter by: code and name.</summary>
    public List<(string Code, string Name)> Units { get; private set; } = [];
    /// <summary>A refused decision: the application and the messages (shown on its card, the form kept).</summary>
    public int? FailedId { get; private set; }
    public List<string> Errors { get; } = [];
    public DecisionForm Failed { get; private set; } = new();

    /// <summary>The decision form's fields as posted.</summary>
    public sealed record DecisionForm(string? Decision = null, string? Factor = null, string? Document = null, string? Reason = null);

    private CancellationToken Ct => HttpContext.RequestAborted;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await DenyAsync() is { } denied) return denied;
        return await LoadAsync();
    }

    /// <summary>决定: the office's decision on one pending application.</summary>
    public async Task<IActionResult> OnPostDecideAsync(int id, string? decision, string? factor, string? document, string? reason)
    {
        if (await DenyAsync() is { } denied) return denied;
        if (!Actor.IsAdmin) return StatusCode(StatusCodes.Status403Forbidden);
        Failed = new DecisionForm(decision, factor, document, reason);
        decimal? f = null;
        if (decision == "partial" && !string.IsNullOrWhiteSpace(factor))
        {
            var typed = factor.Trim().Replace('，', '.').Replace('。', '.');
            var percent = typed.EndsWith('%');
            if (decimal.TryParse(percent ? typed[..^1] : typed, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed)) f = percent ? parsed / 100m : parsed;
            else return await RefusedAsync(id, [text["Decide.BadFactor", factor]]);
        }
        var outcome = await exemptions.DecideAsync(Actor, id, new ExemptionDecision(decision, f, string.IsNullOrWhiteSpace(document) ? null : document, reason), Ct);
        if (outcome.IsOk)
        {
            var e = outcome.Value!;
            Done = text["Decide.Done", e.Id, ExemptionWorkbook.StateWord(e.State, !RequestLanguage.CurrentIsEnglish)];
            return Redirect(ExemptionRoutes.Index(Org, ParseYear(Year), string.IsNullOrEmpty(State) ? null : State, string.IsNullOrEmpty(Unit) ? null : Unit) + "#exemption-" + e.Id);
        }
        if (outcome.Status == WriteStatus.NotFound) return NotFound();
        if (outcome.Status == WriteStatus.Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
        return await RefusedAsync(id, outcome.Messages());
    }

    private async Task<IActionResult> RefusedAsync(int id, List<string> messages)
    {
        FailedId = id;
        Errors.AddRange(messages);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return await LoadAsync();
    }

    private async Task<IActionResult?> DenyAsync()
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null) return NotFound();
        if (!ExemptionsApi.ReadsRegister(actor)) return StatusCode(StatusCodes.Status403Forbidden);
        Actor = actor;
        return null;
    }

    private static int? ParseYear(string? year) => int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && year!.Length == 4 ? y : null;

    private async Task<IActionResult> LoadAsync()
    {
        var all = await exemptions.ListAsync(Actor, null, Ct);
        Years = [.. all.Select(e => int.Parse(e.Period[..4], CultureInfo.InvariantCulture)).Distinct().OrderDescending()];
        // A bad or absent filter shows everything of that kind: the page opens on any bookmark.
        var (year, state, unit, _) = ExemptionsApi.Filters(ParseYear(Year)?.ToString(CultureInfo.InvariantCulture), State, Unit);
        (ShownYear, ShownState, ShownUnit) = (year, state, unit);
        var chinese = !RequestLanguage.CurrentIsEnglish;
        Register = await exemptions.RegisterAsync(Actor, ShownYear, ShownState, ShownUnit, chinese, Ct);
        Units = await exemptions.UnitsAsync(Actor, Ct);
        return Page();
    }

    public string StateKey(ExemptionState s) => s.ToString().ToLowerInvariant();

    public string StateText(ExemptionState s) => ExemptionWorkbook.StateWord(s, !RequestLanguage.CurrentIsEnglish);

    public static string StateBadge(ExemptionState s) => s switch
    {
        ExemptionState.Pending => "text-bg-warning",
        ExemptionState.Granted => "text-bg-success",
        ExemptionState.Partial => "text-bg-info",
        _ => "text-bg-secondary",
    };
}
