using System.Net;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Accounts;
using Pacesetter.App.Schemes;
using Pacesetter.Web.Tests.Schemes;
using static Pacesetter.Web.Tests.Organizations.OrgTestData;

namespace Pacesetter.Web.Tests.Organizations;

/// <summary>用户与角色: creating users, granting and revoking roles, locking, resetting passwords.</summary>
public class UsersTests
{
    private const string Page = "/orgs/dz/users";

    private static async Task<(TestApp App, int Org, AppUser Boss, HttpClient Admin)> Start(string provider)
    {
        var app = new TestApp(provider);
        var org = await NewOrganization(app, "dz");
        var boss = await User(app, org, "boss", Role(OrgRole.Admin));
        return (app, org, boss, await app.SignedIn("boss", Password));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Admin_creates_a_user_who_can_then_sign_in(string provider)
    {
        var (app, org, _, admin) = await Start(provider);
        using var _ = app;

        var page = await Follow(admin, await OrgTestData.Post(admin, Page, "Create", new() { ["userName"] = "zhang", ["displayName"] = "张三", ["password"] = "Zhang2026pass" }));

        Assert.Contains("已创建用户 zhang。", page);
        Assert.Contains("张三", page);
        var user = await Query(app, db => db.Users.AsNoTracking().SingleAsync(u => u.UserName == "zhang"));
        Assert.Equal((org, "张三", false), (user.OrganizationId, user.DisplayName, user.IsPlatformAdmin));
        var audit = Assert.Single(await AuditRows(app, org));
        Assert.Equal(("user.create", "zhang", "boss", """{"userName":"zhang","displayName":"张三"}"""), (audit.Kind, audit.Key, audit.Actor, audit.After));
        await app.SignedIn("zhang", "Zhang2026pass");
    }

    [Fact]
    public async Task A_weak_password_is_refused_with_Identitys_rules_and_no_user_is_saved()
    {
        var (app, org, _, admin) = await Start("Sqlite");
        using var _ = app;

        var response = await OrgTestData.Post(admin, Page, "Create", new() { ["userName"] = "zhang", ["password"] = "short" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("密码至少需要 10 个字符。", html);
        Assert.Contains("密码须包含至少一个数字。", html);
        Assert.Contains("密码须包含至少一个大写字母。", html);
        Assert.False(await Query(app, db => db.Users.AnyAsync(u => u.UserName == "zhang")));
        Assert.Empty(await AuditRows(app, org));

        response = await OrgTestData.Post(admin, Page, "Create", new() { ["userName"] = "boss", ["password"] = "Another2026pass" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("用户名已被使用。", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Another_organizations_admin_may_create_a_name_this_one_has_and_each_signs_in_with_its_organization(string provider)
    {
        // Issue #13: "another organization's admin creating 'admin' is told the name is taken" told it that the name
        // existed somewhere. Names are now unique within an organization only (ADR 0052).
        var (app, org, _, _) = await Start(provider);
        using var _ = app;
        var other = await NewOrganization(app, "qs");
        await User(app, other, "chief", Role(OrgRole.Admin));
        var chief = await app.SignedIn("chief", Password);
        // The users page gives the organization's sign-in address, which fills in the organization.
        Assert.Contains("登录时须填组织标识 qs。把本组织的登录地址发给同事，打开即已填好：\n    <code>http://localhost/Account/Login?org=qs</code>", await chief.GetStringAsync("/orgs/qs/users"));

        var page = await Follow(chief, await OrgTestData.Post(chief, "/orgs/qs/users", "Create", new() { ["userName"] = "boss", ["displayName"] = "青山老板", ["password"] = "Qingshan2027pass" }));
        Assert.Contains("已创建用户 boss。", page);
        // Within one organization a name is still one person's, in any letter case.
        var again = await OrgTestData.Post(chief, "/orgs/qs/users", "Create", new() { ["userName"] = "BOSS", ["password"] = "Another2027pass" });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("用户名已被使用。", await again.Content.ReadAsStringAsync());

        // Each boss signs in with its organization and its own password, and is that organization's user only.
        var dzBoss = await app.SignedIn("boss", Password, org: "dz");
        var qsBoss = await app.SignedIn("boss", "Qingshan2027pass", org: "qs");
        Assert.Equal(HttpStatusCode.OK, (await dzBoss.GetAsync(Page)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await qsBoss.GetAsync(Page)).StatusCode);
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.SignedIn("boss", "Qingshan2027pass", org: "dz"));
        var ids = await Query(app, db => db.Users.AsNoTracking().Where(u => u.UserName == "boss").OrderBy(u => u.OrganizationId).Select(u => u.OrganizationId).ToListAsync());
        Assert.Equal([org, other], ids);
    }

    [Fact]
    public async Task Roles_are_granted_and_revoked_with_audit_rows_and_unknown_indicators_only_warn()
    {
        var (app, org, _, admin) = await Start("Sqlite");
        using var _ = app;
        var zhang = await User(app, org, "zhang");
        await Follow(admin, await OrgTestData.Post(admin, "/orgs/dz/units", "CreateUnit", new() { ["code"] = "T1", ["name"] = "一号镇" }));
        await using (var db = app.NewDb())
        {
            db.SchemeVersions.Add(new SchemeVersion
            {
                OrganizationId = org,
                Period = "2026-10",
                Version = 1,
                CreatedBy = "boss",
                CreatedAt = DateTimeOffset.UtcNow,
                Document = """{"categories":[{"id":"towns","units":["T1"],"indicators":[{"id":"revenue"},{"id":"safety"}]}]}""",
            });
            await db.SaveChangesAsync();
        }

        var page = await Follow(admin, await OrgTestData.Post(admin, Page, "Grant", new() { ["userId"] = zhang.Id, ["role"] = "Reporter", ["unitCode"] = "T1" }));
        Assert.Contains("填报员 · 一号镇（T1）", page);
        page = await Follow(admin, await OrgTestData.Post(admin, Page, "Grant", new() { ["userId"] = zhang.Id, ["role"] = "Assessor", ["indicators"] = "revenue， gdp ,safety" }));
        Assert.Contains("已授予，但以下指标 id 未出现在本组织的任何考核方案中，请核对：gdp", page);
        // The document names no indicator (not a valid scheme): the ids are shown as they are.
        Assert.Contains("牵头部门 · revenue、gdp、safety", page);

        var response = await OrgTestData.Post(admin, Page, "Grant", new() { ["userId"] = zhang.Id, ["role"] = "Reporter", ["unitCode"] = "T9" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("填报员须选择一个本组织在用的“单位”。", await response.Content.ReadAsStringAsync());

        var roles = await Query(app, db => db.Memberships.AsNoTracking().Where(m => m.UserId == zhang.Id).OrderBy(m => m.Id).ToListAsync());
        Assert.Equal([(OrgRole.Reporter, "T1", null), (OrgRole.Assessor, null, "revenue,gdp,safety")], roles.Select(m => (m.Role, m.UnitCode, m.Indicators)));

        await Follow(admin, await OrgTestData.Post(admin, Page, "Revoke", new() { ["membershipId"] = roles[0].Id.ToString() }));
        Assert.Equal(1, await Query(app, db => db.Memberships.CountAsync(m => m.UserId == zhang.Id)));

        var audit = (await AuditRows(app, org)).Where(a => a.Entity == "user").Select(a => (a.Kind, a.Key, a.Before, a.After)).ToList();
        List<(string, string, string?, string?)> expected =
        [
            ("role.grant", "zhang", null, """{"role":"Reporter","unit":"T1"}"""),
            ("role.grant", "zhang", null, """{"role":"Assessor","indicators":"revenue,gdp,safety"}"""),
            ("role.revoke", "zhang", """{"role":"Reporter","unit":"T1"}""", null),
        ];
        Assert.Equal(expected, audit);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task An_admin_cannot_revoke_its_own_last_admin_role(string provider)
    {
        var (app, org, boss, admin) = await Start(provider);
        using var _ = app;
        var mine = await Query(app, db => db.Memberships.AsNoTracking().SingleAsync(m => m.UserId == boss.Id));

        var response = await OrgTestData.Post(admin, Page, "Revoke", new() { ["membershipId"] = mine.Id.ToString() });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("不能撤销您自己的最后一个管理员角色：否则您将无法再管理本组织。", await response.Content.ReadAsStringAsync());
        Assert.True(await Query(app, db => db.Memberships.AnyAsync(m => m.Id == mine.Id)));
        Assert.Empty(await AuditRows(app, org));

        // Another admin may revoke it.
        await User(app, org, "deputy", Role(OrgRole.Admin));
        var deputy = await app.SignedIn("deputy", Password);
        await Follow(deputy, await OrgTestData.Post(deputy, Page, "Revoke", new() { ["membershipId"] = mine.Id.ToString() }));
        Assert.False(await Query(app, db => db.Memberships.AnyAsync(m => m.Id == mine.Id)));
    }

    [Fact]
    public async Task A_locked_user_cannot_sign_in_until_unlocked_and_a_reset_password_works()
    {
        var (app, org, _, admin) = await Start("Sqlite");
        using var _ = app;
        var zhang = await User(app, org, "zhang", Role(OrgRole.Leader));

        await Follow(admin, await OrgTestData.Post(admin, Page, "Lock", new() { ["userId"] = zhang.Id }));
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.SignedIn("zhang", Password));

        await Follow(admin, await OrgTestData.Post(admin, Page, "Unlock", new() { ["userId"] = zhang.Id }));
        await app.SignedIn("zhang", Password);

        var response = await OrgTestData.Post(admin, Page, "ResetPassword", new() { ["userId"] = zhang.Id, ["password"] = "weak" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("zhang: 密码至少需要 10 个字符。", await response.Content.ReadAsStringAsync());

        await Follow(admin, await OrgTestData.Post(admin, Page, "ResetPassword", new() { ["userId"] = zhang.Id, ["password"] = "Fresh2026pass" }));
        await app.SignedIn("zhang", "Fresh2026pass");
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.SignedIn("zhang", Password));

        Assert.Equal(["user.lock", "user.unlock", "user.password-reset"], (await AuditRows(app, org)).Select(a => a.Kind));

        // A reset ends the user's session and revokes its API tokens, and says so.
        var session = await app.SignedIn("zhang", "Fresh2026pass");
        var tokens = new[] { await app.Token(org, zhang.Id), await app.Token(org, zhang.Id) };
        Assert.All(tokens, t => Assert.NotNull(t));
        Assert.Equal(HttpStatusCode.OK, (await app.Api(tokens[0]).GetAsync("/api/orgs/dz/units")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/orgs/dz/units")).StatusCode);
        var done = await Follow(admin, await OrgTestData.Post(admin, Page, "ResetPassword", new() { ["userId"] = zhang.Id, ["password"] = "Second2026pass" }));
        Assert.Contains("已重置 zhang 的密码，其已登录的会话随即失效，并吊销了其 2 个 API 令牌（须重新创建）。", done);
        foreach (var token in tokens) Assert.Equal(HttpStatusCode.Unauthorized, (await app.Api(token).GetAsync("/api/orgs/dz/units")).StatusCode);
        var ended = await session.GetAsync("/orgs/dz/units");
        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        Assert.Equal("/Account/Login", ended.Headers.Location!.AbsolutePath);
        Assert.Equal(["user.lock", "user.unlock", "user.password-reset", "user.password-reset", "token.revoke", "token.revoke"], (await AuditRows(app, org)).Select(a => a.Kind));
        Assert.Contains("已重置 zhang 的密码，其已登录的会话随即失效。", await Follow(admin, await OrgTestData.Post(admin, Page, "ResetPassword", new() { ["userId"] = zhang.Id, ["password"] = "Third2026pass" })));

        response = await OrgTestData.Post(admin, Page, "Lock", new() { ["userId"] = (await Query(app, db => db.Users.SingleAsync(u => u.UserName == "boss"))).Id });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("不能锁定您自己的账户。", await response.Content.ReadAsStringAsync());
    }
}
