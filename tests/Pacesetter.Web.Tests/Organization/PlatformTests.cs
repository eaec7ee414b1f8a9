using System.Net;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Accounts;
using Pacesetter.App.Audit;
using static Pacesetter.Web.Tests.Organizations.OrgTestData;

namespace Pacesetter.Web.Tests.Organizations;

/// <summary>/platform/organizations: platform admins create organizations with their first admin.</summary>
public class PlatformTests
{
    private const string Page = "/platform/organizations";

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_platform_admin_creates_an_organization_with_its_first_admin_audited_in_its_chain(string provider)
    {
        using var app = new TestApp(provider);
        var home = await NewOrganization(app, "dz");
        await PlatformAdmin(app, home, "root");
        var root = await app.SignedIn("root", Password);

        var page = await Follow(root, await OrgTestData.Post(root, Page, null, new()
        {
            ["slug"] = "east-zone",
            ["name"] = "东区",
            ["adminUserName"] = "east-admin",
            ["adminPassword"] = "East2026pass",
        }));

        Assert.Contains("已创建组织 east-zone 及其管理员 east-admin。", page);
        var org = await Query(app, db => db.Organizations.AsNoTracking().SingleAsync(o => o.Slug == "east-zone"));
        Assert.Equal("东区", org.Name);
        var admin = await Query(app, db => db.Users.AsNoTracking().SingleAsync(u => u.UserName == "east-admin"));
        Assert.Equal((org.Id, false), (admin.OrganizationId, admin.IsPlatformAdmin));
        var role = await Query(app, db => db.Memberships.AsNoTracking().SingleAsync(m => m.UserId == admin.Id));
        Assert.Equal((org.Id, OrgRole.Admin), (role.OrganizationId, role.Role));
        Assert.Equal(
            [("organization.create", "root", """{"slug":"east-zone","name":"东区"}"""), ("user.create", "root", """{"userName":"east-admin","displayName":"east-admin"}"""), ("role.grant", "root", """{"role":"Admin"}""")],
            (await AuditRows(app, org.Id)).Select(a => (a.Kind, a.Actor, a.After ?? "")));
        Assert.Empty(await AuditRows(app, home));
        await using (var db = app.NewDb()) Assert.Null(await AuditLog.Verify(db, org.Id));

        var east = await app.SignedIn("east-admin", "East2026pass");
        Assert.Equal(HttpStatusCode.OK, (await east.GetAsync("/orgs/east-zone/units")).StatusCode);
    }

    [Fact]
    public async Task Bad_fields_or_a_weak_password_save_nothing()
    {
        using var app = new TestApp();
        var home = await NewOrganization(app, "dz");
        await PlatformAdmin(app, home, "root");
        var root = await app.SignedIn("root", Password);

        var response = await OrgTestData.Post(root, Page, null, new() { ["slug"] = "East Zone", ["name"] = "", ["adminUserName"] = "e", ["adminPassword"] = "East2026pass" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("“组织标识”只能由小写字母、数字和连字符组成，长度 2–64 个字符。", html);
        Assert.Contains("“组织名称”须为 1–200 个字符。", html);

        response = await OrgTestData.Post(root, Page, null, new() { ["slug"] = "dz", ["name"] = "重复", ["adminUserName"] = "e", ["adminPassword"] = "East2026pass" });
        Assert.Contains("组织标识“dz”已被使用。", await response.Content.ReadAsStringAsync());

        // The password is checked after the organization row is written: the transaction takes both back.
        response = await OrgTestData.Post(root, Page, null, new() { ["slug"] = "east", ["name"] = "东区", ["adminUserName"] = "e", ["adminPassword"] = "weak" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("密码至少需要 10 个字符。", await response.Content.ReadAsStringAsync());

        Assert.Equal(["dz"], await Query(app, db => db.Organizations.Select(o => o.Slug).ToListAsync()));
        Assert.False(await Query(app, db => db.Users.AnyAsync(u => u.UserName == "e")));
        Assert.Equal(0, await Query(app, db => db.AuditEntries.CountAsync(a => a.Actor != Seeding.Actor)));
    }

    [Fact]
    public async Task An_organization_admin_who_is_not_a_platform_admin_gets_403()
    {
        using var app = new TestApp();
        var home = await NewOrganization(app, "dz");
        await User(app, home, "boss", Role(OrgRole.Admin));
        var admin = await app.SignedIn("boss", Password);

        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync(Page)).StatusCode);
        var units = await admin.GetStringAsync("/orgs/dz/units");
        var response = await admin.PostAsync(Page, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["slug"] = "east",
            ["name"] = "东区",
            ["adminUserName"] = "e",
            ["adminPassword"] = "East2026pass",
            ["__RequestVerificationToken"] = TestApp.AntiforgeryToken(units),
        }));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(1, await Query(app, db => db.Organizations.CountAsync()));
    }
}
