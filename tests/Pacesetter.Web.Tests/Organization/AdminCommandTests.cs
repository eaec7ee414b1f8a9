using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Accounts;
using Pacesetter.App.Audit;
using Pacesetter.Cli;

namespace Pacesetter.Web.Tests.Organizations;

/// <summary>
/// <c>pacesetter admin create</c> (ADR 0017): the first day of an office that starts without the demo — the command
/// makes the database, the organization and its first platform administrator, who signs in and creates organizations.
/// </summary>
public class AdminCommandTests
{
    private const string Password = "Kaohe2026pass";
    private const string Hint = "系统中还没有平台管理员，所以还无法登录。";

    private static CliRunner.Outcome Run(TestApp app, string? stdin, params string[] args) =>
        CliRunner.Run(app, (a, ctx, configuration) => AdminCommand.Run(a, ctx, configuration, new StringReader(stdin ?? "")), args);

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task On_a_fresh_data_folder_the_command_makes_the_database_and_an_admin_who_signs_in_and_creates_an_organization(string provider)
    {
        var folder = Directory.CreateTempSubdirectory("pacesetter-first-day-").FullName;
        Dictionary<string, string?> settings;
        Dictionary<string, string?> environment;
        if (provider == "Sqlite")
        {
            // The real first day: no configuration at all but the data folder.
            var data = Path.Combine(folder, "data");
            environment = new() { ["PACESETTER_DATA"] = data };
            settings = new() { ["Database:Provider"] = "Sqlite", ["ConnectionStrings:Pacesetter"] = $"Data Source={Path.Combine(data, "pacesetter.db")}" };
        }
        else
        {
            settings = Databases.Fresh(provider);
            environment = settings.ToDictionary(kv => kv.Key.Replace(":", "__"), kv => kv.Value);
        }

        var run = CliRunner.ProcessWithInput(folder, environment, Password + "\n",
            "admin", "create", "--org", "kfq", "--org-name", "某某开发区", "--user", "kaohe", "--display-name", "考核办");

        Assert.Equal(
            "pacesetter admin: created the platform administrator \"kaohe\" of 某某开发区 (kfq); sign in with it on the web (已创建平台管理员“kaohe”，所属组织：某某开发区（kfq）；请用它在网页上登录)\n",
            run.Error);
        Assert.Equal((0, ""), (run.Code, run.Out));
        if (provider == "Sqlite") Assert.True(File.Exists(Path.Combine(folder, "data", "pacesetter.db")));

        using (var app = TestApp.On(provider, settings))
        {
            var login = await app.Browser().GetStringAsync("/Account/Login");
            Assert.DoesNotContain(Hint, login);
            await using (var db = app.NewDb())
            {
                var org = await db.Organizations.SingleAsync();
                Assert.Equal(("kfq", "某某开发区"), (org.Slug, org.Name));
                var user = await db.Users.SingleAsync();
                Assert.Equal(("kaohe", "考核办", true, org.Id), (user.UserName, user.DisplayName, user.IsPlatformAdmin, user.OrganizationId));
                Assert.Equal(OrgRole.Admin, (await db.Memberships.SingleAsync(m => m.UserId == user.Id)).Role);
                var audit = await db.AuditEntries.Where(a => a.OrganizationId == org.Id).OrderBy(a => a.Seq).ToListAsync();
                Assert.Equal(
                    [("organization.create", """{"slug":"kfq","name":"某某开发区"}"""), ("user.create", """{"userName":"kaohe","displayName":"考核办","platformAdmin":true}"""), ("role.grant", """{"role":"Admin"}""")],
                    audit.Select(a => (a.Kind, a.After ?? "")));
                Assert.All(audit, a => Assert.StartsWith("cli:", a.Actor));
                // The chain the command wrote verifies with the key the web uses: both found the same key file.
                Assert.Null(await AuditLog.Verify(db, org.Id));
            }

            var kaohe = await app.SignedIn("kaohe", Password);
            var created = await OrgTestData.Post(kaohe, "/platform/organizations", null, new()
            {
                ["slug"] = "east-zone",
                ["name"] = "东区",
                ["adminUserName"] = "east-admin",
                ["adminPassword"] = "East2026pass",
            });
            Assert.Contains("已创建组织 east-zone 及其管理员 east-admin。", await OrgTestData.Follow(kaohe, created));
            var east = await app.SignedIn("east-admin", "East2026pass");
            Assert.Equal(HttpStatusCode.OK, (await east.GetAsync("/orgs/east-zone/units")).StatusCode);
        }
        if (provider == "Sqlite") SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_sign_in_page_names_the_command_until_there_is_a_platform_admin(string provider)
    {
        using var app = new TestApp(provider);
        var client = app.Browser();

        var page = await client.GetStringAsync("/Account/Login");
        Assert.Contains(Hint, page);
        Assert.Contains("pacesetter admin create --org 组织标识 --org-name 组织名称 --user 用户名", page);
        // In English too, and still there after a refused sign-in.
        var english = await client.GetStringAsync("/Account/Login?lang=en");
        Assert.Contains("There is no platform administrator yet, so nobody can sign in.", english);
        Assert.Contains("pacesetter admin create --org SLUG --org-name NAME --user USER", english);
        var refused = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Org"] = "kfq",
            ["UserName"] = "admin",
            ["Password"] = "anything",
            ["__RequestVerificationToken"] = TestApp.AntiforgeryToken(page),
        }));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(Hint, await refused.Content.ReadAsStringAsync());

        var run = Run(app, null, "create", "--org", "kfq", "--org-name", "某某开发区", "--user", "kaohe", "--generate-password");

        Assert.Equal(0, run.Code);
        var generated = Assert.Single(run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches("^[A-HJ-NP-Za-km-z2-9]{16}$", generated);
        Assert.DoesNotContain(Hint, await app.Browser().GetStringAsync("/Account/Login"));
        // The generated password is the one stored: it signs in.
        var kaohe = await app.SignedIn("kaohe", generated);
        Assert.Equal(HttpStatusCode.OK, (await kaohe.GetAsync("/platform/organizations")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_name_taken_in_the_organization_is_refused_another_admin_joins_it_and_another_organization_may_use_the_name(string provider)
    {
        using var app = new TestApp(provider);
        Assert.Equal(0, Run(app, Password, "create", "--org", "kfq", "--org-name", "某某开发区", "--user", "kaohe").Code);

        var again = Run(app, "Other2026pass\n", "create", "--org", "kfq", "--user", "KAOHE");

        Assert.Equal((2, ""), (again.Code, again.Out));
        Assert.Equal("pacesetter admin: The user name \"KAOHE\" is already taken in 某某开发区. (用户名“KAOHE”在某某开发区已被使用。)\n", again.Error);

        var second = Run(app, "Second2026pass\n", "create", "--org", "kfq", "--user", "deputy");

        Assert.Equal(0, second.Code);
        await using var db = app.NewDb();
        var org = await db.Organizations.SingleAsync();
        var deputy = await db.Users.SingleAsync(u => u.UserName == "deputy");
        Assert.Equal((org.Id, true, "deputy"), (deputy.OrganizationId, deputy.IsPlatformAdmin, deputy.DisplayName));
        Assert.Equal(OrgRole.Admin, (await db.Memberships.SingleAsync(m => m.UserId == deputy.Id)).Role);
        Assert.Equal(2, await db.Users.CountAsync());
        Assert.Equal(["organization.create", "user.create", "role.grant", "user.create", "role.grant"],
            await db.AuditEntries.Where(a => a.OrganizationId == org.Id).OrderBy(a => a.Seq).Select(a => a.Kind).ToListAsync());

        // User names are unique within an organization (ADR 0052): another organization's first admin may be "kaohe" too.
        var other = Run(app, "Third2026pass\n", "create", "--org", "qs", "--org-name", "青山片区", "--user", "kaohe");
        Assert.Equal(0, other.Code);
        Assert.Equal(["kfq", "qs"], await db.Users.Where(u => u.UserName == "kaohe")
            .Join(db.Organizations, u => u.OrganizationId, o => o.Id, (_, o) => o.Slug).OrderBy(s => s).ToListAsync());
        await app.SignedIn("kaohe", "Third2026pass", org: "qs");
        await app.SignedIn("kaohe", Password, org: "kfq");
    }

    [Theory]
    [InlineData("weakpassword\n", new[] { "pacesetter admin: The password needs a digit. (密码须包含至少一个数字。)", "pacesetter admin: The password needs an upper-case letter. (密码须包含至少一个大写字母。)" })]
    [InlineData("Short1\n", new[] { "pacesetter admin: The password needs at least 10 characters. (密码至少需要 10 个字符。)" })]
    [InlineData("", new[] { "pacesetter admin: no password on standard input: pipe one line, or give --generate-password (标准输入中没有密码：请用管道传入一行，或使用 --generate-password)" })]
    [InlineData("\n", new[] { "pacesetter admin: no password on standard input: pipe one line, or give --generate-password (标准输入中没有密码：请用管道传入一行，或使用 --generate-password)" })]
    public async Task A_password_the_rules_refuse_or_none_at_all_saves_nothing(string stdin, string[] errors)
    {
        using var app = new TestApp();

        var run = Run(app, stdin, "create", "--org", "kfq", "--org-name", "某某开发区", "--user", "kaohe");

        Assert.Equal((2, ""), (run.Code, run.Out));
        Assert.Equal(errors, run.Error.TrimEnd('\n').Split('\n'));
        await using var db = app.NewDb();
        Assert.Equal((0, 0, 0), (await db.Organizations.CountAsync(), await db.Users.CountAsync(), await db.AuditEntries.CountAsync()));
    }

    [Fact]
    public void A_new_organization_needs_its_name_and_the_options_are_named()
    {
        using var app = new TestApp();

        var noName = Run(app, Password, "create", "--org", "kfq", "--user", "kaohe");
        var nothing = Run(app, Password, "create");

        Assert.Equal(2, noName.Code);
        Assert.Equal("pacesetter admin: There is no organization \"kfq\" yet: give its name to create it. (组织“kfq”尚不存在：请给出组织名称以创建它。)\n", noName.Error);
        Assert.Equal(2, nothing.Code);
        Assert.Equal("pacesetter admin: --org: required (缺少组织标识)\npacesetter admin: --user: required (缺少用户名)\n", nothing.Error);
    }

    [Fact]
    public void Empty_standard_input_of_the_built_command_is_refused_before_any_database_is_made()
    {
        var folder = Directory.CreateTempSubdirectory("pacesetter-first-day-").FullName;

        var run = CliRunner.ProcessWithInput(folder, new Dictionary<string, string?>(), "", "admin", "create", "--org", "kfq", "--org-name", "某某开发区", "--user", "kaohe");

        Assert.Equal((2, ""), (run.Code, run.Out));
        Assert.Equal("pacesetter admin: no password on standard input: pipe one line, or give --generate-password (标准输入中没有密码：请用管道传入一行，或使用 --generate-password)\n", run.Error);
        Assert.False(Directory.Exists(Path.Combine(folder, "data")));
        Directory.Delete(folder, recursive: true);
    }
}
