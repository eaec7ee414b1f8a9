using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Accounts;
using Pacesetter.App.Audit;
using Pacesetter.App.Data;
using Pacesetter.App.Organizations;

// Not "…Tests.Organization" (the folder): that namespace would hide the entity type Organization from every test.
namespace Pacesetter.Web.Tests.Organizations;

/// <summary>Small organizations, users and form posts for the organization pages' tests.</summary>
internal static class OrgTestData
{
    public const string Password = "Test2026pass";

    public static async Task<int> NewOrganization(TestApp app, string slug, string name = "测试区")
    {
        _ = app.Services; // starts the host, which migrates the fresh database
        await using var db = app.NewDb();
        var org = new Pacesetter.App.Organizations.Organization { Slug = slug, Name = name, CreatedAt = DateTimeOffset.UtcNow };
        db.Organizations.Add(org);
        await db.SaveChangesAsync();
        return org.Id;
    }

    public static async Task<AppUser> User(TestApp app, int orgId, string userName, params Membership[] roles)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<PacesetterDb>();
        var user = new AppUser { UserName = userName, DisplayName = userName, OrganizationId = orgId };
        var result = await users.CreateAsync(user, Password);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        foreach (var m in roles)
        {
            m.OrganizationId = orgId;
            m.UserId = user.Id;
            db.Memberships.Add(m);
        }
        await db.SaveChangesAsync();
        return user;
    }

    public static Membership Role(OrgRole role, string? unit = null, string? indicators = null) =>
        new() { UserId = "", Role = role, UnitCode = unit, Indicators = indicators };

    public static async Task<AppUser> PlatformAdmin(TestApp app, int orgId, string userName)
    {
        var user = await User(app, orgId, userName, Role(OrgRole.Admin));
        await using var db = app.NewDb();
        var row = await db.Users.FirstAsync(u => u.Id == user.Id);
        row.IsPlatformAdmin = true;
        await db.SaveChangesAsync();
        return user;
    }

    /// <summary>Opens the page, then posts the form to its handler with the page's antiforgery token.</summary>
    public static async Task<HttpResponseMessage> Post(HttpClient client, string page, string? handler, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(page);
        fields["__RequestVerificationToken"] = TestApp.AntiforgeryToken(html);
        return await client.PostAsync(handler is null ? page : $"{page}?handler={handler}", new FormUrlEncodedContent(fields));
    }

    /// <summary>The page a successful post redirects to, with its one-time message.</summary>
    public static async Task<string> Follow(HttpClient client, HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await client.GetStringAsync(response.Headers.Location);
    }

    public static async Task<List<AuditEntry>> AuditRows(TestApp app, int orgId)
    {
        await using var db = app.NewDb();
        var rows = await db.AuditEntries.AsNoTracking().Where(a => a.OrganizationId == orgId).ToListAsync();
        return rows.OrderBy(a => a.Seq).ToList();
    }

    public static async Task<T> Query<T>(TestApp app, Func<PacesetterDb, Task<T>> query)
    {
        await using var db = app.NewDb();
        return await query(db);
    }
}
