using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Access;
using Pacesetter.App.Accounts;
using Pacesetter.App.Data;
using Pacesetter.App.Writes;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages.Organizations;

/// <summary>API 令牌: every user manages its own tokens; admins see and revoke all of the organization's.</summary>
public sealed class TokensModel(PacesetterDb db, ApiTokenService tokens, IStringLocalizer<OrganizationText> text) : PageModel
{
    public sealed record TokenRow(ApiToken Token, string UserName);

    [BindProperty(SupportsGet = true)] public string Org { get; set; } = "";

    public Actor Actor { get; private set; } = null!;
    public List<TokenRow> Rows { get; private set; } = [];
    public List<string> Errors { get; } = [];
    [TempData] public string? Done { get; set; }
    /// <summary>The token just created: shown in this response only, never stored.</summary>
    public string? NewToken { get; private set; }
    public string NewName { get; private set; } = "";

    private CancellationToken Ct => HttpContext.RequestAborted;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await Deny() is { } denied) return denied;
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(string? name)
    {
        if (await Deny() is { } denied) return denied;
        NewName = name?.Trim() ?? "";
        var outcome = await tokens.CreateAsync(Actor.OrganizationId, Actor.UserId, NewName, Actor.UserName, Ct);
        if (!outcome.IsOk)
        {
            Errors.AddRange(outcome.Messages());
            Response.StatusCode = Outcomes.StatusOf(outcome.Status);
            await LoadAsync();
            return Page();
        }
        NewToken = outcome.Value!.Token;
        NewName = "";
        // Not a redirect: the token exists only in this response.
        Response.Headers.CacheControl = "no-store";
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id)
    {
        if (await Deny() is { } denied) return denied;
        var outcome = await tokens.RevokeAsync(Actor, id, Ct);
        if (!outcome.IsOk) return NotFound();
        Done = text["Done.TokenRevoked", outcome.Value!.Name];
        return Redirect(Routes.Tokens(Org));
    }

    private async Task<IActionResult?> Deny()
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null) return NotFound();
        Actor = actor;
        return null;
    }

    private async Task LoadAsync()
    {
        var rows = await tokens.VisibleAsync(Actor, Ct);
        var ids = rows.Select(t => t.UserId).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.UserName ?? u.Id, Ct);
        Rows = rows.OrderBy(t => t.RevokedAt is not null).ThenByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Select(t => new TokenRow(t, names.GetValueOrDefault(t.UserId, t.UserId))).ToList();
    }
}
