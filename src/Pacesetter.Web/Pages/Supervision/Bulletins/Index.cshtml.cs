using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Access;
using Pacesetter.App.Supervision;
using Pacesetter.App.Supervision.Bulletins;
using Pacesetter.App.Supervision.Model;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Localization;

namespace Pacesetter.Web.Pages.Supervision.Bulletins;

/// <summary>
/// 督查通报 the bulletins (ADR 0033): the issued ones for every member of the organization, the drafts too for admins
/// and leaders, and the office's form to draft a month's bulletin. <see cref="BulletinService"/> does the work.
/// </summary>
public sealed class IndexModel(BulletinService bulletins, TimeProvider clock, IStringLocalizer<BulletinsText> text) : PageModel
{
    [FromRoute] public string Org { get; set; } = "";
    [TempData] public string? Done { get; set; }

    public Actor Actor { get; private set; } = null!;
    public List<Bulletin> Bulletins { get; private set; } = [];
    public List<string> Errors { get; } = [];
    /// <summary>The month the draft form proposes: the one typed, else last month (Beijing).</summary>
    public string Month { get; private set; } = "";
    public bool Manages => SupervisionAccess.Manages(Actor);

    public async Task<IActionResult> OnGetAsync()
    {
        if (await DenyAsync() is { } denied) return denied;
        await LoadAsync(null);
        return Page();
    }

    public async Task<IActionResult> OnPostDraftAsync(string? month)
    {
        if (await DenyAsync() is { } denied) return denied;
        var outcome = await bulletins.DraftAsync(Actor, month, HttpContext.RequestAborted);
        if (!outcome.IsOk)
        {
            if (outcome.Status == App.Writes.WriteStatus.Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
            Errors.AddRange(outcome.Messages());
            Response.StatusCode = Outcomes.StatusOf(outcome.Status);
            await LoadAsync(month);
            return Page();
        }
        Done = text["Done.Drafted", outcome.Value!.Month];
        return Redirect(SupervisionRoutes.Bulletin(Org, outcome.Value.Id));
    }

    private async Task<IActionResult?> DenyAsync()
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null) return NotFound();
        Actor = actor;
        return null;
    }

    private async Task LoadAsync(string? month)
    {
        Bulletins = await bulletins.ListAsync(Actor, HttpContext.RequestAborted);
        var today = ChinaTime.Of(clock.GetUtcNow());
        Month = month ?? new DateOnly(today.Year, today.Month, 1).AddMonths(-1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
    }
}
