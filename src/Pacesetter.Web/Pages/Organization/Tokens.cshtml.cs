using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Access;
using Pacesetter.App.Accounts;
using Pacesetter.App.Data;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Organizations;

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
        name = name?.Trim() ?? "";
        NewName = name;
        if (!OrgRules.IsName(name))
        {
            Errors.Add(text["Error.Name", text["Field.TokenName"], OrgRules.NameMax]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync();
            return Page();
        }
        var (token, _) = await tokens.CreateAsync(Actor.OrganizationId, Actor.UserId, name, Actor.UserName, Ct);
        NewToken = token;
        NewName = "";
        // Not a redirect: the token exists only in this response.
        Response.Headers.CacheControl = "no-store";
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id)
    {
        if (await Deny() is { } denied) return denied;
        var row = await db.ApiTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id && t.OrganizationId == Actor.OrganizationId, Ct);
        if (row is null || (row.UserId != Actor.UserId && !Actor.IsAdmin)) return NotFound();
        await tokens.RevokeAsync(Actor.OrganizationId, id, Actor.UserName, Ct);
        Done = text["Done.TokenRevoked", row.Name];
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
        var query = db.ApiTokens.AsNoTracking().Where(t => t.OrganizationId == Actor.OrganizationId);
        if (!Actor.IsAdmin) query = query.Where(t => t.UserId == Actor.UserId);
        var rows = await query.ToListAsync(Ct);
        var ids = rows.Select(t => t.UserId).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.UserName ?? u.Id, Ct);
        Rows = rows.OrderBy(t => t.RevokedAt is not null).ThenByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Select(t => new TokenRow(t, names.GetValueOrDefault(t.UserId, t.UserId))).ToList();
    }
}
