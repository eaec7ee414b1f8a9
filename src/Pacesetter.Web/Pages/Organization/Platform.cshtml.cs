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
using Pacesetter.Web.Auth;
using Pacesetter.Web.Organizations;
using Org = Pacesetter.App.Organizations.Organization;

namespace Pacesetter.Web.Pages.Organizations;

/// <summary>The platform's organizations: platform admins list them and create one with its first admin.</summary>
public sealed class PlatformModel(PacesetterDb db, UserManager<AppUser> users, IOptions<IdentityOptions> identity, IStringLocalizer<OrganizationText> text) : PageModel
{
    public sealed record OrgRow(Org Organization, int Users);

    public sealed record NewOrgForm(string Slug, string Name, string AdminUserName);

    public Actor Actor { get; private set; } = null!;
    public List<OrgRow> Rows { get; private set; } = [];
    public List<string> Errors { get; } = [];
    [TempData] public string? Done { get; set; }
    public NewOrgForm NewOrg { get; private set; } = new("", "", "");

    private CancellationToken Ct => HttpContext.RequestAborted;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await Deny() is { } denied) return denied;
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? slug, string? name, string? adminUserName, string? adminPassword)
    {
        if (await Deny() is { } denied) return denied;
        slug = slug?.Trim() ?? "";
        name = name?.Trim() ?? "";
        adminUserName = adminUserName?.Trim() ?? "";
        NewOrg = new(slug, name, adminUserName);
        if (!OrgRules.Slug().IsMatch(slug)) Errors.Add(text["Error.Slug", text["Field.Slug"]]);
        else if (await db.Organizations.AnyAsync(o => o.Slug == slug, Ct)) Errors.Add(text["Error.SlugTaken", slug]);
        if (!OrgRules.IsName(name)) Errors.Add(text["Error.Name", text["Field.OrgName"], OrgRules.NameMax]);
        if (adminUserName.Length is 0 or > 256) Errors.Add(text["Error.UserName", text["Field.AdminUserName"]]);
        if (string.IsNullOrEmpty(adminPassword)) Errors.Add(text["Error.Required", text["Field.AdminPassword"]]);
        if (Errors.Count > 0) return await Refused();

        var org = new Org { Slug = slug, Name = name, CreatedAt = DateTimeOffset.UtcNow };
        var admin = new AppUser { UserName = adminUserName, DisplayName = adminUserName, LockoutEnabled = true };
        // Identity saves as it goes: the organization, its admin and their audit rows commit together or not at all.
        await using (var tx = await db.Database.BeginTransactionAsync(Ct))
        {
            db.Organizations.Add(org);
            await db.SaveChangesAsync(Ct);
            admin.OrganizationId = org.Id;
            var created = await users.CreateAsync(admin, adminPassword!);
            if (!created.Succeeded)
            {
                Errors.AddRange(OrgRules.Describe(created, text, identity.Value));
                await tx.RollbackAsync(Ct);
                db.ChangeTracker.Clear();
                return await Refused();
            }
            var membership = new Membership { OrganizationId = org.Id, UserId = admin.Id, Role = OrgRole.Admin };
            db.Memberships.Add(membership);
            await AuditLog.Append(db, org.Id, new AuditRecord(Actor.UserName, "organization.create", "organization", slug, After: OrgRules.Json(new { slug, name })), Ct);
            await AuditLog.Append(db, org.Id, new AuditRecord(Actor.UserName, "user.create", "user", adminUserName, After: OrgRules.Json(new { userName = adminUserName, displayName = admin.DisplayName })), Ct);
            await AuditLog.Append(db, org.Id, new AuditRecord(Actor.UserName, "role.grant", "user", adminUserName, After: OrgRules.Json(new { role = nameof(OrgRole.Admin) })), Ct);
            await db.SaveChangesAsync(Ct);
            await tx.CommitAsync(Ct);
        }
        Done = text["Done.OrganizationCreated", slug, adminUserName];
        return Redirect(PlatformPath);
    }

    public const string PlatformPath = "/platform/organizations";

    private async Task<IActionResult> Refused()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync();
        return Page();
    }

    private async Task<IActionResult?> Deny()
    {
        var actor = await HttpContext.GetActorAsync();
        if (actor is null || !actor.IsPlatformAdmin) return StatusCode(StatusCodes.Status403Forbidden);
        Actor = actor;
        return null;
    }

    private async Task LoadAsync()
    {
        var orgs = await db.Organizations.AsNoTracking().ToListAsync(Ct);
        var counts = await db.Users.AsNoTracking().GroupBy(u => u.OrganizationId).Select(g => new { Id = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Id, x => x.Count, Ct);
        Rows = orgs.OrderBy(o => o.Slug, StringComparer.Ordinal).Select(o => new OrgRow(o, counts.GetValueOrDefault(o.Id))).ToList();
    }
}
