using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Pacesetter.App.Access;
using Pacesetter.App.Data;
using Pacesetter.App.Organizations;
using Pacesetter.App.Schemes;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;

namespace Pacesetter.App.Accounts;

/// <summary>A user and the warning of a grant (indicator ids no scheme of the organization has).</summary>
public sealed record Granted(AppUser User, Membership Membership, IReadOnlyList<string> UnknownIndicators);

/// <summary>
/// 用户与角色 the organization's users and their roles: admins create users with an initial password, grant and revoke
/// roles, lock and unlock, and reset passwords. Identity saves as it goes: each operation is one audited write, so a
/// refused step rolls back what came before it.
/// </summary>
public sealed class UserService(PacesetterDb db, UserManager<AppUser> users, IOptions<IdentityOptions> identity, SchemeStore schemes)
{
    private readonly OrgWriter writer = new(db);

    public static readonly OrgRules.Field UserNameField = new("用户名", "User name");
    public static readonly OrgRules.Field DisplayNameField = new("显示名称", "Display name");
    public static readonly OrgRules.Field PasswordField = new("初始密码", "Initial password");
    public static readonly OrgRules.Field NewPasswordField = new("新密码", "New password");

    /// <summary>The users of the organization by name, with their roles and whether they are locked now.</summary>
    public async Task<List<(AppUser User, List<Membership> Roles, bool Locked)>> ListAsync(int organizationId, CancellationToken ct = default)
    {
        var all = await db.Users.AsNoTracking().Where(u => u.OrganizationId == organizationId).ToListAsync(ct);
        var roles = await db.Memberships.AsNoTracking().Where(m => m.OrganizationId == organizationId).ToListAsync(ct);
        var now = DateTimeOffset.UtcNow;
        return all.OrderBy(u => u.UserName, StringComparer.Ordinal)
            .Select(u => (u, roles.Where(m => m.UserId == u.Id).OrderBy(m => m.Role).ThenBy(m => m.UnitCode).ToList(), u.LockoutEnd is { } end && end > now))
            .ToList();
    }

    /// <summary>Creates a user of the actor's organization with an initial password (admins).</summary>
    public async Task<WriteOutcome<AppUser>> CreateAsync(Actor actor, string userName, string? displayName, string? password, CancellationToken ct = default)
    {
        if (!actor.IsAdmin) return WriteOutcome<AppUser>.Forbidden();
        return await writer.RunAsync(actor.OrganizationId, actor.UserName, w => CreateInAsync(w, userName, displayName, password, "$"), ct: ct);
    }

    /// <summary>
    /// Creates a user inside an open write (the user of a new organization, the demo's users): its problems are those of
    /// the fields under <paramref name="path"/>; Identity's (password rules, a name taken) in both languages.
    /// </summary>
    public async Task<WriteOutcome<AppUser>> CreateInAsync(AuditedWrite w, string userName, string? displayName, string? password, string path,
        OrgRules.Field? userNameField = null, OrgRules.Field? passwordField = null, bool platformAdmin = false)
    {
        int organizationId = w.OrganizationId;
        userName = userName.Trim();
        displayName = displayName?.Trim() ?? "";
        var problems = new List<Problem>();
        if (OrgRules.CheckName(path + ".userName", userNameField ?? UserNameField, userName, OrgRules.UserNameMax) is { } badUser) problems.Add(badUser);
        if (displayName.Length > OrgRules.NameMax) problems.Add(OrgRules.TooLong(path + ".displayName", DisplayNameField, OrgRules.NameMax));
        else if (InputLimits.HasControl(displayName)) problems.Add(OrgRules.NoControl(path + ".displayName", DisplayNameField));
        if (string.IsNullOrEmpty(password)) problems.Add(OrgRules.Required(path + ".password", passwordField ?? PasswordField));
        if (problems.Count > 0) return WriteOutcome<AppUser>.Invalid(problems);
        var user = new AppUser
        {
            UserName = userName,
            DisplayName = displayName.Length > 0 ? displayName : userName,
            OrganizationId = organizationId,
            LockoutEnabled = true,
            IsPlatformAdmin = platformAdmin,
        };
        var created = await users.CreateAsync(user, password!);
        if (!created.Succeeded) return WriteOutcome<AppUser>.Invalid(Describe(created, path + ".password"));
        // A platform admin says so in its row (the flag grants the platform page); other rows stay as they were.
        var after = platformAdmin ? OrgRules.Json(new { userName, displayName = user.DisplayName, platformAdmin }) : OrgRules.Json(new { userName, displayName = user.DisplayName });
        await w.Audit("user.create", "user", userName, after: after);
        return WriteOutcome<AppUser>.Ok(user);
    }

    /// <summary>Grants a role (with its unit or indicators); an assessor's indicator ids that no scheme has are granted and named.</summary>
    public async Task<WriteOutcome<Granted>> GrantAsync(Actor actor, string userId, OrgRole? role, string? unitCode, string? indicators, CancellationToken ct = default)
    {
        if (!actor.IsAdmin) return WriteOutcome<Granted>.Forbidden();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId && u.OrganizationId == actor.OrganizationId, ct);
        if (user is null) return WriteOutcome<Granted>.NotFound();
        if (role is not { } r || !Enum.IsDefined(r))
        {
            return WriteOutcome<Granted>.Invalid("$.role", "Role must be admin, leader, reporter or assessor.", "“角色”须为管理员、领导、填报员或牵头部门之一。");
        }
        var membership = new Membership { OrganizationId = actor.OrganizationId, UserId = user.Id, Role = r };
        var problems = new List<Problem>();
        List<string> unknown = [];
        if (r == OrgRole.Reporter)
        {
            unitCode = unitCode?.Trim() ?? "";
            // A code the rule refuses is no unit's (and PostgreSQL cannot even be asked about one holding NUL).
            if (!OrgRules.Code().IsMatch(unitCode) || !await db.Units.AnyAsync(u => u.OrganizationId == actor.OrganizationId && u.Code == unitCode && u.RetiredAt == null, ct))
            {
                problems.Add(new("$.unit", "A reporter needs a Unit of this organization that is not retired.", "填报员须选择一个本组织在用的“单位”。"));
            }
            membership.UnitCode = unitCode;
        }
        else if (r == OrgRole.Assessor)
        {
            var ids = (indicators ?? "").Split([',', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
            membership.Indicators = string.Join(",", ids);
            if (ids.Count == 0 || ids.Any(i => !OrgRules.IsIndicatorId(i)) || membership.Indicators.Length > InputLimits.Indicators)
            {
                problems.Add(new("$.indicators", $"Indicators must be indicator ids separated by commas, each at most {InputLimits.Code} characters without control characters, {InputLimits.Indicators} in all.", $"“指标”须为逗号分隔的指标 id，每个最多 {InputLimits.Code} 个字符且不含控制字符，合计最多 {InputLimits.Indicators} 个字符。"));
            }
            var known = await schemes.IndicatorIdsAsync(actor.OrganizationId, ct);
            unknown = ids.Where(i => !known.Contains(i)).ToList();
        }
        if (problems.Count > 0) return WriteOutcome<Granted>.Invalid(problems);
        if (await db.Memberships.AnyAsync(m => m.OrganizationId == actor.OrganizationId && m.UserId == user.Id && m.Role == r
            && m.UnitCode == membership.UnitCode && m.Indicators == membership.Indicators, ct))
        {
            return WriteOutcome<Granted>.Invalid("$.role", $"The user {user.UserName} already has this role.", $"用户 {user.UserName} 已有此角色。");
        }
        return await writer.RunAsync(actor.OrganizationId, actor.UserName, async w =>
        {
            await GrantInAsync(w, user, membership);
            return WriteOutcome<Granted>.Ok(new Granted(user, membership, unknown));
        }, ct: ct);
    }

    /// <summary>Adds a membership inside an open write, with its audit row.</summary>
    public static async Task GrantInAsync(AuditedWrite w, AppUser user, Membership membership)
    {
        membership.UserId = user.Id;
        membership.OrganizationId = w.OrganizationId;
        w.Db.Memberships.Add(membership);
        await w.Audit("role.grant", "user", user.UserName!, after: RoleState(membership));
    }

    public async Task<WriteOutcome<AppUser>> RevokeAsync(Actor actor, int membershipId, CancellationToken ct = default)
    {
        if (!actor.IsAdmin) return WriteOutcome<AppUser>.Forbidden();
        return await writer.RunAsync(actor.OrganizationId, actor.UserName, async w =>
        {
            var membership = await db.Memberships.FirstOrDefaultAsync(m => m.Id == membershipId && m.OrganizationId == actor.OrganizationId, ct);
            if (membership is null) return WriteOutcome<AppUser>.NotFound();
            if (membership.Role == OrgRole.Admin && membership.UserId == actor.UserId
                && !await db.Memberships.AnyAsync(m => m.OrganizationId == actor.OrganizationId && m.UserId == actor.UserId && m.Role == OrgRole.Admin && m.Id != membershipId, ct))
            {
                return WriteOutcome<AppUser>.Invalid("$", "You cannot revoke your own last admin role: you could no longer manage the organization. Ask another admin to do it.",
                    "不能撤销您自己的最后一个管理员角色：否则您将无法再管理本组织。请先让另一位管理员操作。");
            }
            var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == membership.UserId, ct);
            db.Memberships.Remove(membership);
            await w.Audit("role.revoke", "user", user.UserName!, before: RoleState(membership));
            return WriteOutcome<AppUser>.Ok(user);
        }, ct: ct);
    }

    /// <summary>Locks (ending the user's open sessions) or unlocks a user; an admin cannot lock itself.</summary>
    public async Task<WriteOutcome<AppUser>> SetLockAsync(Actor actor, string userId, bool locked, CancellationToken ct = default)
    {
        if (!actor.IsAdmin) return WriteOutcome<AppUser>.Forbidden();
        if (locked && userId == actor.UserId)
        {
            return WriteOutcome<AppUser>.Invalid("$", "You cannot lock your own account.", "不能锁定您自己的账户。");
        }
        return await writer.RunAsync(actor.OrganizationId, actor.UserName, async w =>
        {
            var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId && u.OrganizationId == actor.OrganizationId, ct);
            if (user is null) return WriteOutcome<AppUser>.NotFound();
            user.LockoutEnabled = true;
            var set = await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null);
            if (set.Succeeded) set = locked ? await users.UpdateSecurityStampAsync(user) : await users.ResetAccessFailedCountAsync(user);
            if (!set.Succeeded) return WriteOutcome<AppUser>.Invalid(Describe(set, "$"));
            await w.Audit(locked ? "user.lock" : "user.unlock", "user", user.UserName!);
            return WriteOutcome<AppUser>.Ok(user);
        }, ct: ct);
    }

    /// <summary>
    /// Signing out (ADR 0047): the user's security stamp is renewed, so that every session cookie issued to it before —
    /// this browser's, a copy of it, another device's — is refused at its next request, here at once and on another
    /// instance within <see cref="RecentReads.Keep"/>. Not audited: it changes no organization's data.
    /// </summary>
    public async Task EndSessionsAsync(string userId)
    {
        if (await users.FindByIdAsync(userId) is not { } user) return;
        var renewed = await users.UpdateSecurityStampAsync(user);
        if (!renewed.Succeeded) throw new InvalidOperationException("the security stamp was not renewed: " + string.Join("; ", renewed.Errors.Select(e => e.Code)));
        RecentReads.Written();
    }

    /// <summary>
    /// Resets a user's password: its open sessions end (a new security stamp) and every API token it holds is revoked
    /// in the same write (a token would otherwise outlive the password it was made under), each audited; the answer
    /// says how many tokens were revoked.
    /// </summary>
    public async Task<WriteOutcome<PasswordReset>> ResetPasswordAsync(Actor actor, string userId, string? password, CancellationToken ct = default)
    {
        if (!actor.IsAdmin) return WriteOutcome<PasswordReset>.Forbidden();
        if (await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId && u.OrganizationId == actor.OrganizationId, ct) is not { } found)
        {
            return WriteOutcome<PasswordReset>.NotFound();
        }
        if (string.IsNullOrEmpty(password)) return WriteOutcome<PasswordReset>.Invalid([OrgRules.Required("$.password", NewPasswordField)]);
        return await writer.RunAsync(actor.OrganizationId, actor.UserName, async w =>
        {
            var user = await db.Users.FirstAsync(u => u.Id == userId, ct);
            var token = await users.GeneratePasswordResetTokenAsync(user);
            var reset = await users.ResetPasswordAsync(user, token, password);
            if (!reset.Succeeded)
            {
                return WriteOutcome<PasswordReset>.Invalid(Describe(reset, "$.password").Select(p => p with { English = $"{found.UserName}: {p.English}", Chinese = $"{found.UserName}: {p.Chinese}" }).ToList());
            }
            await w.Audit("user.password-reset", "user", user.UserName!);
            var now = DateTimeOffset.UtcNow;
            var tokens = await db.ApiTokens.Where(t => t.UserId == user.Id && t.RevokedAt == null).OrderBy(t => t.Id).ToListAsync(ct);
            foreach (var held in tokens)
            {
                held.RevokedAt = now;
                await w.Audit("token.revoke", "api_token", held.Prefix);
            }
            return WriteOutcome<PasswordReset>.Ok(new PasswordReset(user, tokens.Count));
        }, ct: ct);
    }

    /// <summary>Identity's errors (password rules, duplicate names) in both languages; unknown codes keep Identity's text.</summary>
    public IReadOnlyList<Problem> Describe(IdentityResult result, string path)
    {
        var o = identity.Value.Password;
        return result.Errors.Select(e => e.Code switch
        {
            "DuplicateUserName" => new Problem(path, "The user name is already taken.", "用户名已被使用。"),
            "InvalidUserName" => new Problem(path, "The user name may hold only letters, digits and -._@+.", "用户名只能包含字母、数字和 -._@+ 字符。"),
            "PasswordTooShort" => new Problem(path, $"The password needs at least {o.RequiredLength} characters.", $"密码至少需要 {o.RequiredLength} 个字符。"),
            "PasswordRequiresDigit" => new Problem(path, "The password needs a digit.", "密码须包含至少一个数字。"),
            "PasswordRequiresLower" => new Problem(path, "The password needs a lower-case letter.", "密码须包含至少一个小写字母。"),
            "PasswordRequiresUpper" => new Problem(path, "The password needs an upper-case letter.", "密码须包含至少一个大写字母。"),
            "PasswordRequiresNonAlphanumeric" => new Problem(path, "The password needs a symbol.", "密码须包含至少一个符号。"),
            "PasswordRequiresUniqueChars" => new Problem(path, $"The password needs at least {o.RequiredUniqueChars} different characters.", $"密码须包含至少 {o.RequiredUniqueChars} 个不同的字符。"),
            _ => new Problem(path, e.Description, e.Description),
        }).ToList();
    }

    public static string RoleState(Membership m) => m.Role switch
    {
        OrgRole.Reporter => OrgRules.Json(new { role = m.Role.ToString(), unit = m.UnitCode }),
        OrgRole.Assessor => OrgRules.Json(new { role = m.Role.ToString(), indicators = m.Indicators }),
        _ => OrgRules.Json(new { role = m.Role.ToString() }),
    };
}

/// <summary>A password reset: the user, and how many of its API tokens were revoked with it.</summary>
public sealed record PasswordReset(AppUser User, int TokensRevoked);
