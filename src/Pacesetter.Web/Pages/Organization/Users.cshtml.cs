using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Pacesetter.App.Access;
using Pacesetter.App.Accounts;
using Pacesetter.App.Audit;
using Pacesetter.App.Data;
using Pacesetter.App.Organizations;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Organizations;

namespace Pacesetter.Web.Pages.Organizations;

/// <summary>
/// 用户与角色 the organization's users and their roles: admins create users with an initial password, grant and revoke
/// roles, lock and unlock, and reset passwords. Audited.
/// </summary>
public sealed class UsersModel(PacesetterDb db, UserManager<AppUser> users, IOptions<IdentityOptions> identity, IStringLocalizer<OrganizationText> text) : PageModel
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
        userName = userName?.Trim() ?? "";
        displayName = displayName?.Trim() ?? "";
        NewUser = new(userName, displayName);
        if (userName.Length is 0 or > 256) Errors.Add(text["Error.UserName", text["Field.UserName"]]);
        if (displayName.Length > OrgRules.NameMax) Errors.Add(text["Error.DisplayName", text["Field.DisplayName"], OrgRules.NameMax]);
        if (string.IsNullOrEmpty(password)) Errors.Add(text["Error.Required", text["Field.Password"]]);
        if (Errors.Count > 0) return await Refused(StatusCodes.Status400BadRequest);
        var user = new AppUser { UserName = userName, DisplayName = displayName.Length > 0 ? displayName : userName, OrganizationId = Actor.OrganizationId, LockoutEnabled = true };
        var created = await InTransaction(async () =>
        {
            var result = await users.CreateAsync(user, password!);
            if (!result.Succeeded) return result;
            await Audit("user.create", userName, null, OrgRules.Json(new { userName, displayName = user.DisplayName }), null);
            await db.SaveChangesAsync(Ct);
            return result;
        });
        if (!created.Succeeded)
        {
            Errors.AddRange(OrgRules.Describe(created, text, identity.Value));
            return await Refused(StatusCodes.Status400BadRequest);
        }
        return Finish(text["Done.UserCreated", userName]);
    }

    public async Task<IActionResult> OnPostGrantAsync(string? userId, string? role, string? unitCode, string? indicators)
    {
        if (await Deny() is { } denied) return denied;
        var user = await FindUser(userId);
        if (user is null) return NotFound();
        if (!Enum.TryParse<OrgRole>(role, ignoreCase: false, out var r) || !Enum.IsDefined(r))
        {
            Errors.Add(text["Error.Role", text["Field.Role"]]);
            return await Refused(StatusCodes.Status400BadRequest);
        }
        var membership = new Membership { OrganizationId = Actor.OrganizationId, UserId = user.Id, Role = r };
        List<string> unknown = [];
        if (r == OrgRole.Reporter)
        {
            unitCode = unitCode?.Trim() ?? "";
            if (!await db.Units.AnyAsync(u => u.OrganizationId == Actor.OrganizationId && u.Code == unitCode && u.RetiredAt == null, Ct))
            {
                Errors.Add(text["Error.ReporterUnit", text["Field.Unit"]]);
            }
            membership.UnitCode = unitCode;
        }
        else if (r == OrgRole.Assessor)
        {
            var ids = (indicators ?? "").Split([',', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
            if (ids.Count == 0 || ids.Any(i => i.Length > 64)) Errors.Add(text["Error.Indicators", text["Field.Indicators"]]);
            membership.Indicators = string.Join(",", ids);
            if (membership.Indicators.Length > 2000) Errors.Add(text["Error.Indicators", text["Field.Indicators"]]);
            var known = await SchemeIndicatorIds();
            unknown = ids.Where(i => !known.Contains(i)).ToList();
        }
        if (Errors.Count > 0) return await Refused(StatusCodes.Status400BadRequest);
        var existing = await db.Memberships.AsNoTracking().Where(m => m.OrganizationId == Actor.OrganizationId && m.UserId == user.Id && m.Role == r).ToListAsync(Ct);
        if (existing.Any(m => m.UnitCode == membership.UnitCode && m.Indicators == membership.Indicators))
        {
            Errors.Add(text["Error.RoleHeld", user.UserName!]);
            return await Refused(StatusCodes.Status400BadRequest);
        }
        await InTransaction(async () =>
        {
            db.Memberships.Add(membership);
            await Audit("role.grant", user.UserName!, null, RoleState(membership), null);
            await db.SaveChangesAsync(Ct);
            return 0;
        });
        if (unknown.Count > 0) Warning = text["Warn.UnknownIndicators", string.Join(", ", unknown)];
        return Finish(text["Done.RoleGranted", user.UserName!]);
    }

    public async Task<IActionResult> OnPostRevokeAsync(int membershipId)
    {
        if (await Deny() is { } denied) return denied;
        var membership = await db.Memberships.FirstOrDefaultAsync(m => m.Id == membershipId && m.OrganizationId == Actor.OrganizationId, Ct);
        if (membership is null) return NotFound();
        if (membership.Role == OrgRole.Admin && membership.UserId == Actor.UserId
            && !await db.Memberships.AnyAsync(m => m.OrganizationId == Actor.OrganizationId && m.UserId == Actor.UserId && m.Role == OrgRole.Admin && m.Id != membershipId, Ct))
        {
            Errors.Add(text["Error.LastAdmin"]);
            return await Refused(StatusCodes.Status400BadRequest);
        }
        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == membership.UserId, Ct);
        await InTransaction(async () =>
        {
            db.Memberships.Remove(membership);
            await Audit("role.revoke", user.UserName!, RoleState(membership), null, null);
            await db.SaveChangesAsync(Ct);
            return 0;
        });
        return Finish(text["Done.RoleRevoked", user.UserName!]);
    }

    public async Task<IActionResult> OnPostLockAsync(string? userId) => await SetLock(userId, locked: true);

    public async Task<IActionResult> OnPostUnlockAsync(string? userId) => await SetLock(userId, locked: false);

    public async Task<IActionResult> OnPostResetPasswordAsync(string? userId, string? password)
    {
        if (await Deny() is { } denied) return denied;
        var user = await FindUser(userId);
        if (user is null) return NotFound();
        if (string.IsNullOrEmpty(password))
        {
            Errors.Add(text["Error.Required", text["Field.NewPassword"]]);
            return await Refused(StatusCodes.Status400BadRequest);
        }
        var result = await InTransaction(async () =>
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            var reset = await users.ResetPasswordAsync(user, token, password);
            if (!reset.Succeeded) return reset;
            await Audit("user.password-reset", user.UserName!, null, null, null);
            await db.SaveChangesAsync(Ct);
            return reset;
        });
        if (!result.Succeeded)
        {
            Errors.AddRange(OrgRules.Describe(result, text, identity.Value).Select(e => $"{user.UserName}: {e}"));
            return await Refused(StatusCodes.Status400BadRequest);
        }
        return Finish(text["Done.PasswordReset", user.UserName!]);
    }

    public static string RoleLabel(IStringLocalizer<OrganizationText> text, Membership m) => m.Role switch
    {
        OrgRole.Reporter => text["Role.ReporterOf", m.UnitCode ?? ""],
        OrgRole.Assessor => text["Role.AssessorOf", string.Join(", ", m.IndicatorList())],
        _ => text["Role." + m.Role],
    };

    private async Task<IActionResult> SetLock(string? userId, bool locked)
    {
        if (await Deny() is { } denied) return denied;
        var user = await FindUser(userId);
        if (user is null) return NotFound();
        if (locked && user.Id == Actor.UserId)
        {
            Errors.Add(text["Error.LockSelf"]);
            return await Refused(StatusCodes.Status400BadRequest);
        }
        var result = await InTransaction(async () =>
        {
            user.LockoutEnabled = true;
            var set = await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null);
            if (!set.Succeeded) return set;
            if (locked) await users.UpdateSecurityStampAsync(user); // ends the user's open sessions
            else await users.ResetAccessFailedCountAsync(user);
            await Audit(locked ? "user.lock" : "user.unlock", user.UserName!, null, null, null);
            await db.SaveChangesAsync(Ct);
            return set;
        });
        if (!result.Succeeded)
        {
            Errors.AddRange(OrgRules.Describe(result, text, identity.Value));
            return await Refused(StatusCodes.Status400BadRequest);
        }
        return Finish(text[locked ? "Done.UserLocked" : "Done.UserUnlocked", user.UserName!]);
    }

    /// <summary>
    /// Runs the change in one transaction and commits it only when it succeeded: Identity saves as it goes, so a
    /// refused step must roll back what came before it.
    /// </summary>
    private async Task<T> InTransaction<T>(Func<Task<T>> work)
    {
        await using var tx = await db.Database.BeginTransactionAsync(Ct);
        var result = await work();
        if (result is not IdentityResult { Succeeded: false }) await tx.CommitAsync(Ct);
        return result;
    }

    private IActionResult Finish(string done)
    {
        Done = done;
        return Redirect(Routes.Users(Org));
    }

    private async Task<IActionResult> Refused(int status)
    {
        Response.StatusCode = status;
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
        var all = await db.Users.AsNoTracking().Where(u => u.OrganizationId == Actor.OrganizationId).ToListAsync(Ct);
        var roles = await db.Memberships.AsNoTracking().Where(m => m.OrganizationId == Actor.OrganizationId).ToListAsync(Ct);
        var now = DateTimeOffset.UtcNow;
        Rows = all.OrderBy(u => u.UserName, StringComparer.Ordinal)
            .Select(u => new UserRow(u, roles.Where(m => m.UserId == u.Id).OrderBy(m => m.Role).ThenBy(m => m.UnitCode).ToList(), u.LockoutEnd is { } end && end > now))
            .ToList();
        ActiveUnits = await db.Units.AsNoTracking().Where(u => u.OrganizationId == Actor.OrganizationId && u.RetiredAt == null).ToListAsync(Ct);
        ActiveUnits = ActiveUnits.OrderBy(u => u.Code, StringComparer.Ordinal).ToList();
    }

    private Task<AppUser?> FindUser(string? userId) =>
        db.Users.FirstOrDefaultAsync(u => u.Id == userId && u.OrganizationId == Actor.OrganizationId, Ct);

    /// <summary>The indicator ids of the current scheme of every period of the organization.</summary>
    private async Task<HashSet<string>> SchemeIndicatorIds()
    {
        var latest = await db.SchemeVersions.AsNoTracking()
            .Where(s => s.OrganizationId == Actor.OrganizationId)
            .GroupBy(s => s.Period)
            .Select(g => new { Period = g.Key, Version = g.Max(s => s.Version) })
            .ToListAsync(Ct);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in latest)
        {
            var doc = await db.SchemeVersions.AsNoTracking()
                .Where(s => s.OrganizationId == Actor.OrganizationId && s.Period == p.Period && s.Version == p.Version)
                .Select(s => s.Document).FirstAsync(Ct);
            if (JsonNode.Parse(doc)?["categories"] is not JsonArray categories) continue;
            foreach (var indicator in categories.OfType<JsonObject>().Select(c => c["indicators"]).OfType<JsonArray>().SelectMany(a => a.OfType<JsonObject>()))
            {
                if (indicator["id"] is JsonValue v && v.TryGetValue<string>(out var id)) ids.Add(id);
            }
        }
        return ids;
    }

    private async Task Audit(string kind, string userName, string? before, string? after, string? reason) =>
        await AuditLog.Append(db, Actor.OrganizationId, new AuditRecord(Actor.UserName, kind, "user", userName, null, null, before, after, reason), Ct);

    private static string RoleState(Membership m) => OrgRole.Reporter == m.Role
        ? OrgRules.Json(new { role = m.Role.ToString(), unit = m.UnitCode })
        : m.Role == OrgRole.Assessor
            ? OrgRules.Json(new { role = m.Role.ToString(), indicators = m.Indicators })
            : OrgRules.Json(new { role = m.Role.ToString() });
}
