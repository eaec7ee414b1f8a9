using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Accounts;
using Pacesetter.App.Data;
using Pacesetter.App.Organizations;

namespace Pacesetter.Web.Demo;

/// <summary>
/// 示范开发区: the demo organization loaded on first start in demo mode (<c>Demo=true</c>), with demo users for
/// every role. Only demo mode has known passwords.
/// </summary>
public static class DemoData
{
    public const string Password = "Demo#2026pass";

    public static async Task EnsureAsync(IServiceProvider services, ILogger logger)
    {
        var db = services.GetRequiredService<PacesetterDb>();
        var users = services.GetRequiredService<UserManager<AppUser>>();
        if (!await db.Organizations.AnyAsync(o => o.Slug == "demo"))
        {
            var org = new Organization { Slug = "demo", Name = "示范开发区", CreatedAt = DateTimeOffset.UtcNow };
            db.Organizations.Add(org);
            await db.SaveChangesAsync();
            var admin = new AppUser { UserName = "admin", DisplayName = "考核办管理员", OrganizationId = org.Id, IsPlatformAdmin = true };
            Check(await users.CreateAsync(admin, Password));
            db.Memberships.Add(new Membership { OrganizationId = org.Id, UserId = admin.Id, Role = OrgRole.Admin });
            await db.SaveChangesAsync();
        }
        logger.LogWarning("Demo mode: sign in at /Account/Login as admin with the password {Password} (demo only).", Password);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}
