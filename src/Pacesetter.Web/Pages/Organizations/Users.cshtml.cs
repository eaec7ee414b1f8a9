using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Access;
using Pacesetter.App.Accounts;
using Pacesetter.App.Organizations;
using Pacesetter.App.Writes;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages.Organizations;

/// <summary>
/// 用户与角色 the organization's users and their roles: admins create users with an initial password, grant and revoke
/// roles, lock and unlock, and reset passwords. The page parses and renders; <see cref="UserService"/> does the work.
/// </summary>
public sealed class UsersModel(UserService service, UnitService units, Pacesetter.App.DataEntry.DataEntryService entry, IStringLocalizer<OrganizationText> text) : PageModel
{
    public sealed record UserRow(AppUser User, IReadOnlyList<Membership> Roles, bool Locked);

    public sealed record NewUserForm(string UserName, string DisplayName);

    [BindProperty(SupportsGet = true)] public string Org { get; set; } = "";

    public Actor Actor { get; private set; } = null!;
    public List<UserRow> Rows { get; private set; } = [];
    public List<Unit> ActiveUnits { get; private set; } = [];
    public List<string> Errors { get; } = [];
    [TempData] public string? Done { get; set; }
    [TempData] public string? Warning { get; set; }
    public NewUserForm NewUser { get; private set; } = new("", "");

    private CancellationToken Ct => HttpContext.RequestAborted;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await Deny() is { } denied) return denied;
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(string? userName, string? displayName, string? password)
    {
        if (await Deny() is { } denied) return denied;
        NewUser = new(userName?.Trim() ?? "", displayName?.Trim() ?? "");
        return await Render(await service.CreateAsync(Actor, userName ?? "", displayName, password, Ct), u => text["Done.UserCreated", u.UserName!]);
    }

    public async Task<IActionResult> OnPostGrantAsync(string? userId, string? role, string? unitCode, string? indicators)
    {
        if (await Deny() is { } denied) return denied;
        OrgRole? parsed = Enum.TryParse<OrgRole>(role, ignoreCase: false, out var r) ? r : null;
        var outcome = await service.GrantAsync(Actor, userId ?? "", parsed, unitCode, indicators, Ct);
        if (outcome.Value is { UnknownIndicators.Count: > 0 } granted) Warning = text["Warn.UnknownIndicators", string.Join(", ", granted.UnknownIndicators)];
        return await Render(outcome, g => text["Done.RoleGranted", g.User.UserName!]);
    }

    public async Task<IActionResult> OnPostRevokeAsync(int membershipId)
    {
        if (await Deny() is { } denied) return denied;
        return await Render(await service.RevokeAsync(Actor, membershipId, Ct), u => text["Done.RoleRevoked", u.UserName!]);
    }

    public async Task<IActionResult> OnPostLockAsync(string? userId)
    {
        if (await Deny() is { } denied) return denied;
        return await Render(await service.SetLockAsync(Actor, userId ?? "", locked: true, Ct), u => text["Done.UserLocked", u.UserName!]);
    }

    public async Task<IActionResult> OnPostUnlockAsync(string? userId)
    {
        if (await Deny() is { } denied) return denied;
        return await Render(await service.SetLockAsync(Actor, userId ?? "", locked: false, Ct), u => text["Done.UserUnlocked", u.UserName!]);
    }

    public async Task<IActionResult> OnPostResetPasswordAsync(string? userId, string? password)
    {
        if (await Deny() is { } denied) return denied;
        return await Render(await service.ResetPasswordAsync(Actor, userId ?? "", password, Ct),
            r => r.TokensRevoked == 0 ? text["Done.PasswordReset", r.User.UserName!] : text["Done.PasswordResetTokens", r.User.UserName!, r.TokensRevoked]);
    }

    /// <summary>Unit and indicator names by code, for the roles (issue #8, defect 10: names, not codes).</summary>
    public Dictionary<string, string> UnitNames { get; private set; } = [];
    public Dictionary<string, string> IndicatorNames { get; private set; } = [];

    /// <summary>A role as people read it: 填报员 · 城东街道（T1）, 牵头部门 · 红黄牌督办、服务对象评议 (a code no scheme names is shown as it is).</summary>
    public string RoleLabel(IStringLocalizer<OrganizationText> text, Membership m) => m.Role switch
    {
        OrgRole.Reporter => text["Role.ReporterOf", m.UnitCode is { } u && UnitNames.TryGetValue(u, out var name) ? $"{name}（{u}）" : m.UnitCode ?? ""],
        OrgRole.Assessor => text["Role.AssessorOf", string.Join("、", m.IndicatorList().Select(i => IndicatorNames.GetValueOrDefault(i, i)))],
        _ => text["Role." + m.Role],
    };

    /// <summary>Done → back to the list with its message; refused → the page again with the messages and the outcome's status.</summary>
    private async Task<IActionResult> Render<T>(WriteOutcome<T> outcome, Func<T, string> done)
    {
        switch (outcome.Status)
        {
            case WriteStatus.Ok:
                Done = done(outcome.Value!);
                return Redirect(Routes.Users(Org));
            case WriteStatus.NotFound:
                return NotFound();
            case WriteStatus.Forbidden:
                return StatusCode(StatusCodes.Status403Forbidden);
        }
        Errors.AddRange(outcome.Messages());
        Response.StatusCode = Outcomes.StatusOf(outcome.Status);
        await LoadAsync();
        return Page();
    }

    /// <summary>Not in this organization: 404; not its admin: 403.</summary>
    private async Task<IActionResult?> Deny()
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null) return NotFound();
        Actor = actor;
        return actor.IsAdmin ? null : StatusCode(StatusCodes.Status403Forbidden);
    }

    private async Task LoadAsync()
    {
        Rows = (await service.ListAsync(Actor.OrganizationId, Ct)).Select(x => new UserRow(x.User, x.Roles, x.Locked)).ToList();
        var all = await units.UnitsAsync(Actor.OrganizationId, activeOnly: false, Ct);
        ActiveUnits = await units.UnitsAsync(Actor.OrganizationId, activeOnly: true, Ct);
        UnitNames = all.GroupBy(u => u.Code, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal);
        IndicatorNames = await entry.IndicatorNamesAsync(Actor.OrganizationId, Ct);
    }
}
