using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Access;
using Pacesetter.App.Accounts;
using Pacesetter.App.Data;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;

namespace Pacesetter.App.Organizations;

/// <summary>组织 the platform's organizations: platform admins create one with its first admin, in one audited write.</summary>
public sealed class OrganizationService(PacesetterDb db, UserService users)
{
    private readonly OrgWriter writer = new(db);

    public static readonly OrgRules.Field SlugField = new("组织标识", "Slug");
    public static readonly OrgRules.Field OrgNameField = new("组织名称", "Organization name");
    public static readonly OrgRules.Field AdminUserNameField = new("首位管理员用户名", "First admin's user name");
    public static readonly OrgRules.Field AdminPasswordField = new("首位管理员初始密码", "First admin's initial password");

    /// <summary>Every organization by slug with its number of users (the platform page).</summary>
    public async Task<List<(Organization Organization, int Users)>> ListAsync(CancellationToken ct = default)
    {
        var orgs = await db.Organizations.AsNoTracking().ToListAsync(ct);
        var counts = await db.Users.AsNoTracking().GroupBy(u => u.OrganizationId).Select(g => new { Id = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Id, x => x.Count, ct);
        return orgs.OrderBy(o => o.Slug, StringComparer.Ordinal).Select(o => (o, counts.GetValueOrDefault(o.Id))).ToList();
    }

    /// <summary>Creates an organization and its first admin (platform admins only).</summary>
    public async Task<WriteOutcome<Organization>> CreateAsync(Actor actor, string slug, string name, string adminUserName, string? adminPassword, CancellationToken ct = default)
    {
        if (!actor.IsPlatformAdmin) return WriteOutcome<Organization>.Forbidden();
        return await CreateAsync(actor.UserName, slug, name, adminUserName, adminPassword, platformAdmin: false, ct);
    }

    /// <summary>The creation as one audited write done by <paramref name="actorName"/>.</summary>
    public Task<WriteOutcome<Organization>> CreateAsync(string actorName, string slug, string name, string adminUserName, string? adminPassword, bool platformAdmin, CancellationToken ct = default) =>
        writer.RunAsync(0, actorName, w => CreateInAsync(w, slug, name, adminUserName, adminPassword, platformAdmin), ct: ct);

    /// <summary>
    /// The creation inside a write opened for a new organization (id 0), which then continues as the new organization's
    /// write: also the way the demo and the tests make their organizations (<paramref name="platformAdmin"/>: the first
    /// admin is a platform admin too; <paramref name="adminUserName"/> null: none yet, for the tests' seeding).
    /// </summary>
    public async Task<WriteOutcome<Organization>> CreateInAsync(AuditedWrite w, string slug, string name, string? adminUserName, string? adminPassword, bool platformAdmin, string? adminDisplayName = null)
    {
        slug = slug.Trim();
        name = name.Trim();
        adminUserName = adminUserName?.Trim();
        var problems = new List<Problem>();
        if (!OrgRules.Slug().IsMatch(slug))
        {
            problems.Add(new("$.slug", $"{SlugField.English} may hold only lower-case letters, digits and hyphens, 2–64 characters.", $"“{SlugField.Chinese}”只能由小写字母、数字和连字符组成，长度 2–64 个字符。"));
        }
        else if (await db.Organizations.AnyAsync(o => o.Slug == slug, w.Ct))
        {
            problems.Add(new("$.slug", $"The slug {slug} is already used.", $"组织标识“{slug}”已被使用。"));
        }
        if (OrgRules.CheckName("$.name", OrgNameField, name) is { } badName) problems.Add(badName);
        if (adminUserName is not null)
        {
            if (OrgRules.CheckName("$.admin.userName", AdminUserNameField, adminUserName, OrgRules.UserNameMax) is { } badUser) problems.Add(badUser);
            if (string.IsNullOrEmpty(adminPassword)) problems.Add(OrgRules.Required("$.admin.password", AdminPasswordField));
        }
        if (problems.Count > 0) return WriteOutcome<Organization>.Invalid(problems);
        var org = new Organization { Slug = slug, Name = name, CreatedAt = DateTimeOffset.UtcNow };
        db.Organizations.Add(org);
        await w.SaveAsync();
        await w.AdoptAsync(org.Id);
        await w.Audit("organization.create", "organization", slug, after: OrgRules.Json(new { slug, name }));
        // Only the tests' seeding makes an organization without a first admin (its users come next).
        if (adminUserName is null) return WriteOutcome<Organization>.Ok(org);
        var admin = await users.CreateInAsync(w, adminUserName, adminDisplayName ?? adminUserName, adminPassword, "$.admin", AdminUserNameField, AdminPasswordField, platformAdmin);
        if (!admin.IsOk) return admin.As<Organization>();
        await UserService.GrantInAsync(w, admin.Value!, new Membership { UserId = "", Role = OrgRole.Admin });
        return WriteOutcome<Organization>.Ok(org);
    }
}
