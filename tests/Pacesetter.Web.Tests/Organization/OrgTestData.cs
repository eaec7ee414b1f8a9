using System.Net;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Accounts;
using Pacesetter.App.Audit;
using Pacesetter.App.Data;

// Not "…Tests.Organization" (the folder): that namespace would hide the entity type Organization from every test.
namespace Pacesetter.Web.Tests.Organizations;

/// <summary>Small organizations, users and form posts for the organization pages' tests.</summary>
internal static class OrgTestData
{
    public const string Password = "Test2026pass";

    public static Task<int> NewOrganization(TestApp app, string slug, string name = "测试区") => app.NewOrganization(slug, name);

    public static Task<AppUser> User(TestApp app, int orgId, string userName, params Membership[] roles) => app.NewUser(orgId, userName, Password, false, roles);

    public static Membership Role(OrgRole role, string? unit = null, string? indicators = null) => Seeding.Role(role, unit, indicators);

    public static Task<AppUser> PlatformAdmin(TestApp app, int orgId, string userName) => app.NewUser(orgId, userName, Password, true, Role(OrgRole.Admin));

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
        // The rows of the operations under test: the seeding's own (organization, users, roles) are left out.
        var rows = await db.AuditEntries.AsNoTracking().Where(a => a.OrganizationId == orgId && a.Actor != Seeding.Actor).ToListAsync();
        return rows.OrderBy(a => a.Seq).ToList();
    }

    public static async Task<T> Query<T>(TestApp app, Func<PacesetterDb, Task<T>> query)
    {
        await using var db = app.NewDb();
        return await query(db);
    }
}
