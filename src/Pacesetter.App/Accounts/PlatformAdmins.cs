using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Data;
using Pacesetter.App.Organizations;
using Pacesetter.App.Writes;

namespace Pacesetter.App.Accounts;

/// <summary>
/// 平台管理员 the platform administrators made outside the web (ADR 0017): <c>pacesetter admin create</c> gives a new
/// installation its first one. A user belongs to an organization, so the first platform admin comes with its
/// organization (created when it does not exist yet) and is that organization's admin too, as the demo's admin is.
/// </summary>
public sealed class PlatformAdmins(PacesetterDb db, UserManager<AppUser> userManager, UserService users, OrganizationService organizations)
{
    private readonly OrgWriter writer = new(db);

    /// <summary>Whether anyone can create organizations yet (the sign-in page says what to do until someone can).</summary>
    public static Task<bool> ExistAsync(PacesetterDb db, CancellationToken ct = default) => db.Users.AnyAsync(u => u.IsPlatformAdmin, ct);

    /// <summary>
    /// Creates the platform admin <paramref name="userName"/> in the organization <paramref name="orgSlug"/>, with the
    /// organization's admin role, as one audited write by <paramref name="actor"/>: the organization is created first
    /// (named <paramref name="orgName"/>, then required) when there is none with that slug. A user name already taken
    /// in that organization is refused, naming it (ADR 0052).
    /// </summary>
    public async Task<WriteOutcome<AppUser>> CreateAsync(string actor, string orgSlug, string? orgName, string userName, string? displayName, string password, CancellationToken ct = default)
    {
        userName = userName.Trim();
        orgSlug = orgSlug.Trim();
        var org = OrgRules.Slug().IsMatch(orgSlug) ? await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Slug == orgSlug, ct) : null;
        // Names are unique within an organization (ADR 0052): a new organization has none yet.
        var normalized = userManager.NormalizeName(userName);
        if (org is not null && userName.Length > 0 && await db.Users.AnyAsync(u => u.OrganizationId == org.Id && u.NormalizedUserName == normalized, ct))
        {
            return WriteOutcome<AppUser>.Invalid("$.userName", $"The user name \"{userName}\" is already taken in {org.Name}.", $"用户名“{userName}”在{org.Name}已被使用。");
        }
        if (org is null)
        {
            if (string.IsNullOrWhiteSpace(orgName) && OrgRules.Slug().IsMatch(orgSlug))
            {
                return WriteOutcome<AppUser>.Invalid("$.name",
                    $"There is no organization \"{orgSlug}\" yet: give its name to create it.",
                    $"组织“{orgSlug}”尚不存在：请给出组织名称以创建它。");
            }
            AppUser? created = null;
            var outcome = await writer.RunAsync(0, actor, async w =>
            {
                var made = await organizations.CreateInAsync(w, orgSlug, orgName ?? "", userName, password, platformAdmin: true, adminDisplayName: displayName);
                if (made.IsOk) created = db.Users.Local.First(u => u.UserName == userName);
                return made;
            }, ct: ct);
            return outcome.IsOk ? WriteOutcome<AppUser>.Ok(created!) : outcome.As<AppUser>();
        }
        return await writer.RunAsync(org.Id, actor, async w =>
        {
            var user = await users.CreateInAsync(w, userName, displayName, password, "$", platformAdmin: true);
            if (!user.IsOk) return user;
            await UserService.GrantInAsync(w, user.Value!, new Membership { UserId = "", Role = OrgRole.Admin });
            return user;
        }, ct: ct);
    }
}
