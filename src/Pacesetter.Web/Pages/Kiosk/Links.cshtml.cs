using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Access;
using Pacesetter.App.Publication;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Pages.Races;

namespace Pacesetter.Web.Pages.Kiosk;

/// <summary>
/// 大屏链接 the organization's kiosk links (admins only): create one (its address shown once, with a copy button),
/// revoke one (it stops working at once). The service audits both (kiosk.create / kiosk.revoke).
/// </summary>
public sealed class LinksModel(KioskLinks links, IStringLocalizer<CockpitText> text) : PageModel
{
    public Actor Actor { get; private set; } = null!;
    public List<KioskLink> Rows { get; private set; } = [];
    public List<string> Errors { get; } = [];
    [TempData] public string? Done { get; set; }

    /// <summary>The address of the link just created: in this response only, never stored.</summary>
    public string? NewAddress { get; private set; }
    public string? NewLinkName { get; private set; }
    public string NewName { get; private set; } = "";

    private CancellationToken Ct => HttpContext.RequestAborted;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await Deny() is { } denied) return denied;
        Rows = await links.ListAsync(Actor, Ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(string? name)
    {
        if (await Deny() is { } denied) return denied;
        var outcome = await links.CreateAsync(Actor, name, Ct);
        if (!outcome.IsOk)
        {
            NewName = name ?? "";
            Errors.AddRange(outcome.Messages());
            Response.StatusCode = Outcomes.StatusOf(outcome.Status);
        }
        else
        {
            NewAddress = $"{Request.Scheme}://{Request.Host}/kiosk/{outcome.Value!.Token}";
            NewLinkName = outcome.Value.Row.Name;
            // Not a redirect: the token exists only in this response.
            Response.Headers.CacheControl = "no-store";
        }
        Rows = await links.ListAsync(Actor, Ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id)
    {
        if (await Deny() is { } denied) return denied;
        var outcome = await links.RevokeAsync(Actor, id, Ct);
        if (!outcome.IsOk) return Outcomes.StatusOf(outcome.Status) == StatusCodes.Status404NotFound ? NotFound() : StatusCode(Outcomes.StatusOf(outcome.Status));
        Done = text["Links.Done.Revoked", outcome.Value!.Name];
        return Redirect("/kiosk/links");
    }

    /// <summary>Admins only: anyone else signed in is refused in place (403).</summary>
    private async Task<IActionResult?> Deny()
    {
        var actor = await HttpContext.GetActorAsync();
        if (actor is null) return NotFound();
        if (!actor.IsAdmin) return StatusCode(StatusCodes.Status403Forbidden);
        Actor = actor;
        return null;
    }
}
