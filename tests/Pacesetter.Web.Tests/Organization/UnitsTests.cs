using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Accounts;
using Pacesetter.App.Audit;
using Pacesetter.App.DataEntry;
using Pacesetter.App.Organizations;
using static Pacesetter.Web.Tests.Organizations.OrgTestData;

namespace Pacesetter.Web.Tests.Organizations;

/// <summary>单位与类别: the admin's changes to categories and units, each audited and version-checked.</summary>
public class UnitsTests
{
    private const string Page = "/orgs/dz/units";

    private static async Task<(TestApp App, int Org, HttpClient Admin)> Start(string provider)
    {
        var app = new TestApp(provider);
        var org = await NewOrganization(app, "dz");
        await User(app, org, "boss", Role(OrgRole.Admin));
        return (app, org, await app.SignedIn("boss", Password));
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, string handler, Dictionary<string, string> fields) =>
        OrgTestData.Post(client, Page, handler, fields);

    private static async Task<UnitCategory> Category(TestApp app, string code) =>
        await Query(app, db => db.UnitCategories.AsNoTracking().SingleAsync(c => c.Code == code));

    private static async Task<Unit> UnitRow(TestApp app, string code) =>
        await Query(app, db => db.Units.AsNoTracking().SingleAsync(u => u.Code == code));

    private static async Task<HttpResponseMessage> CreateCategory(HttpClient client, string code, string name, string order = "1") =>
        await Post(client, "CreateCategory", new() { ["code"] = code, ["name"] = name, ["order"] = order });

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Create_rename_move_retire_and_reinstate_change_one_row_each_with_its_audit_row(string provider)
    {
        var (app, org, admin) = await Start(provider);
        using var _ = app;

        var page = await Follow(admin, await CreateCategory(admin, "towns", "镇街", "1"));
        Assert.Contains("已创建类别 towns。", page);
        await Follow(admin, await CreateCategory(admin, "depts", "部门", "2"));
        var towns = await Category(app, "towns");
        var depts = await Category(app, "depts");
        Assert.Equal(("镇街", 1, 1), (towns.Name, towns.SortOrder, towns.Version));

        await Follow(admin, await Post(admin, "CreateUnit", new() { ["code"] = "T1", ["name"] = "一号镇", ["categoryId"] = towns.Id.ToString() }));
        var unit = await UnitRow(app, "T1");
        Assert.Equal(("一号镇", towns.Id, 1, (DateTimeOffset?)null), (unit.Name, unit.CategoryId, unit.Version, unit.RetiredAt));

        page = await Follow(admin, await Post(admin, "RenameUnit", new() { ["id"] = unit.Id.ToString(), ["name"] = "第一镇", ["version"] = "1" }));
        Assert.Contains("已为单位 T1 改名。", page);
        unit = await UnitRow(app, "T1");
        Assert.Equal(("第一镇", towns.Id, 2), (unit.Name, unit.CategoryId, unit.Version));

        await Follow(admin, await Post(admin, "MoveUnit", new() { ["id"] = unit.Id.ToString(), ["categoryId"] = depts.Id.ToString(), ["version"] = "2" }));
        unit = await UnitRow(app, "T1");
        Assert.Equal(("第一镇", depts.Id, 3), (unit.Name, unit.CategoryId, unit.Version));

        page = await Follow(admin, await Post(admin, "RetireUnit", new() { ["id"] = unit.Id.ToString(), ["version"] = "3", ["reason"] = "区划调整" }));
        unit = await UnitRow(app, "T1");
        Assert.NotNull(unit.RetiredAt);
        Assert.Equal(4, unit.Version);
        var retiredAt = unit.RetiredAt!.Value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ");
        // Shown apart, greyed, with the date.
        Assert.Matches(new Regex("id=\"retired\"[\\s\\S]*id=\"unit-T1\"[\\s\\S]*" + unit.RetiredAt.Value.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd")), page);

        await Follow(admin, await Post(admin, "ReinstateUnit", new() { ["id"] = unit.Id.ToString(), ["version"] = "4" }));
        unit = await UnitRow(app, "T1");
        Assert.Equal(((DateTimeOffset?)null, 5), (unit.RetiredAt, unit.Version));

        await Follow(admin, await Post(admin, "RenameCategory", new() { ["id"] = towns.Id.ToString(), ["name"] = "乡镇街道", ["order"] = "3", ["version"] = "1" }));
        towns = await Category(app, "towns");
        Assert.Equal(("乡镇街道", 3, 2), (towns.Name, towns.SortOrder, towns.Version));

        Assert.Equal(1, await Query(app, db => db.Units.CountAsync()));
        Assert.Equal(2, await Query(app, db => db.UnitCategories.CountAsync()));
        var audit = (await AuditRows(app, org)).Select(a => (a.Kind, a.Entity, a.Key, a.Unit, a.Before, a.After, a.Reason)).ToList();
        List<(string, string, string, string?, string?, string?, string?)> expected =
        [
            ("category.create", "category", "towns", null, null, """{"code":"towns","name":"镇街","order":1}""", null),
            ("category.create", "category", "depts", null, null, """{"code":"depts","name":"部门","order":2}""", null),
            ("unit.create", "unit", "T1", "T1", null, """{"code":"T1","name":"一号镇","category":"towns","retiredAt":null}""", null),
            ("unit.rename", "unit", "T1", "T1", """{"code":"T1","name":"一号镇","category":"towns","retiredAt":null}""", """{"code":"T1","name":"第一镇","category":"towns","retiredAt":null}""", null),
            ("unit.move", "unit", "T1", "T1", """{"code":"T1","name":"第一镇","category":"towns","retiredAt":null}""", """{"code":"T1","name":"第一镇","category":"depts","retiredAt":null}""", null),
            ("unit.retire", "unit", "T1", "T1", """{"code":"T1","name":"第一镇","category":"depts","retiredAt":null}""", $$"""{"code":"T1","name":"第一镇","category":"depts","retiredAt":"{{retiredAt}}"}""", "区划调整"),
            ("unit.reinstate", "unit", "T1", "T1", $$"""{"code":"T1","name":"第一镇","category":"depts","retiredAt":"{{retiredAt}}"}""", """{"code":"T1","name":"第一镇","category":"depts","retiredAt":null}""", null),
            ("category.rename", "category", "towns", null, """{"code":"towns","name":"镇街","order":1}""", """{"code":"towns","name":"乡镇街道","order":3}""", null),
        ];
        Assert.Equal(expected, audit);
        Assert.True((await AuditRows(app, org)).All(a => a.Actor == "boss"));
        await using var db = app.NewDb();
        Assert.Null(await AuditLog.Verify(db, org));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Invalid_code_or_name_is_refused_with_the_field_named_and_nothing_saved(string provider)
    {
        var (app, org, admin) = await Start(provider);
        using var _ = app;

        var response = await CreateCategory(admin, "镇 街", "镇街");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("“代码”只能由字母、数字、下划线和连字符组成，长度 1–64 个字符。", await response.Content.ReadAsStringAsync());

        response = await Post(admin, "CreateUnit", new() { ["code"] = new string('A', 65), ["name"] = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("“代码”只能由", await response.Content.ReadAsStringAsync());

        response = await Post(admin, "CreateUnit", new() { ["code"] = "T1", ["name"] = "   " });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("“名称”须为 1–200 个字符。", html);
        Assert.Contains("value=\"T1\"", html); // the form keeps what was typed

        response = await CreateCategory(admin, "towns", new string('名', 201));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("“名称”须为 1–200 个字符。", await response.Content.ReadAsStringAsync());

        response = await CreateCategory(admin, "towns", "镇街", "first");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("“排序”须为整数。", await response.Content.ReadAsStringAsync());

        Assert.Equal(0, await Query(app, db => db.Units.CountAsync()));
        Assert.Equal(0, await Query(app, db => db.UnitCategories.CountAsync()));
        Assert.Empty(await AuditRows(app, org));
    }

    [Fact]
    public async Task Invalid_rename_keeps_the_unit_and_writes_no_audit_row()
    {
        var (app, org, admin) = await Start("Sqlite");
        using var _ = app;
        await Follow(admin, await Post(admin, "CreateUnit", new() { ["code"] = "T1", ["name"] = "一号镇" }));
        var unit = await UnitRow(app, "T1");

        var response = await Post(admin, "RenameUnit", new() { ["id"] = unit.Id.ToString(), ["name"] = "", ["version"] = "1" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("“名称”须为 1–200 个字符。", await response.Content.ReadAsStringAsync());
        Assert.Equal(("一号镇", 1), ((await UnitRow(app, "T1")).Name, (await UnitRow(app, "T1")).Version));
        Assert.Single(await AuditRows(app, org));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Duplicate_codes_are_refused_with_a_message(string provider)
    {
        var (app, org, admin) = await Start(provider);
        using var _ = app;
        await Follow(admin, await CreateCategory(admin, "towns", "镇街"));
        await Follow(admin, await Post(admin, "CreateUnit", new() { ["code"] = "T1", ["name"] = "一号镇" }));

        var response = await CreateCategory(admin, "towns", "另一个");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("类别代码“towns”已被使用。", await response.Content.ReadAsStringAsync());

        response = await Post(admin, "CreateUnit", new() { ["code"] = "T1", ["name"] = "重复镇" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("单位代码“T1”已被使用（包括已撤销的单位）。", await response.Content.ReadAsStringAsync());

        Assert.Equal(1, await Query(app, db => db.Units.CountAsync()));
        Assert.Equal(1, await Query(app, db => db.UnitCategories.CountAsync()));
        Assert.Equal(2, (await AuditRows(app, org)).Count);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_stale_form_gets_a_conflict_showing_the_current_values(string provider)
    {
        var (app, org, admin) = await Start(provider);
        using var _ = app;
        await Follow(admin, await Post(admin, "CreateUnit", new() { ["code"] = "T1", ["name"] = "一号镇" }));
        var unit = await UnitRow(app, "T1");
        await Follow(admin, await Post(admin, "RenameUnit", new() { ["id"] = unit.Id.ToString(), ["name"] = "第一镇", ["version"] = "1" }));

        // A second admin's form still holds version 1.
        var response = await Post(admin, "RenameUnit", new() { ["id"] = unit.Id.ToString(), ["name"] = "头号镇", ["version"] = "1" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("保存失败：此单位已被他人修改。当前值：代码 T1，名称“第一镇”，类别 未分类，在用。", await response.Content.ReadAsStringAsync());
        Assert.Equal(("第一镇", 2), ((await UnitRow(app, "T1")).Name, (await UnitRow(app, "T1")).Version));
        Assert.Equal(2, (await AuditRows(app, org)).Count);

        await Follow(admin, await CreateCategory(admin, "towns", "镇街", "1"));
        var towns = await Category(app, "towns");
        await Follow(admin, await Post(admin, "RenameCategory", new() { ["id"] = towns.Id.ToString(), ["name"] = "街镇", ["order"] = "1", ["version"] = "1" }));
        response = await Post(admin, "RenameCategory", new() { ["id"] = towns.Id.ToString(), ["name"] = "乡镇", ["order"] = "1", ["version"] = "1" });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("当前值：代码 towns，名称“街镇”，排序 1。", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Retiring_a_unit_keeps_its_data_rows_and_its_code(string provider)
    {
        var (app, org, admin) = await Start(provider);
        using var _ = app;
        await Follow(admin, await Post(admin, "CreateUnit", new() { ["code"] = "T1", ["name"] = "一号镇" }));
        await using (var db = app.NewDb())
        {
            foreach (var (period, indicator) in new[] { ("2026-01", "revenue"), ("2026-02", "revenue"), ("2026-02", "safety") })
            {
                db.DatumEntries.Add(new DatumEntry { OrganizationId = org, Period = period, UnitCode = "T1", IndicatorId = indicator, Value = "1", State = DatumState.Approved, UpdatedBy = "boss", UpdatedAt = DateTimeOffset.UtcNow, Version = 1 });
            }
            await db.SaveChangesAsync();
        }
        var unit = await UnitRow(app, "T1");

        await Follow(admin, await Post(admin, "RetireUnit", new() { ["id"] = unit.Id.ToString(), ["version"] = "1" }));

        Assert.Equal(3, await Query(app, db => db.DatumEntries.CountAsync(d => d.UnitCode == "T1")));
        Assert.NotNull((await UnitRow(app, "T1")).RetiredAt);
        // The code stays taken: a new unit cannot reuse a retired unit's history.
        var response = await Post(admin, "CreateUnit", new() { ["code"] = "T1", ["name"] = "新一号镇" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_reporter_gets_403_a_leader_reads_without_forms_and_another_organizations_admin_gets_404()
    {
        using var app = new TestApp();
        var org = await NewOrganization(app, "dz");
        var other = await NewOrganization(app, "other");
        await User(app, org, "boss", Role(OrgRole.Admin));
        await User(app, org, "rep", Role(OrgRole.Reporter, unit: "T1"));
        await User(app, org, "lead", Role(OrgRole.Leader));
        await User(app, other, "stranger", Role(OrgRole.Admin));
        var admin = await app.SignedIn("boss", Password);
        await Follow(admin, await Post(admin, "CreateUnit", new() { ["code"] = "T1", ["name"] = "一号镇" }));

        var reporter = await app.SignedIn("rep", Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.GetAsync(Page)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.GetAsync("/orgs/dz/users")).StatusCode);

        var leader = await app.SignedIn("lead", Password);
        var html = await leader.GetStringAsync(Page);
        Assert.Contains("一号镇", html);
        Assert.Contains("只读：只有考核办管理员可以修改。", html);
        Assert.DoesNotContain("handler=RenameUnit", html);
        var post = await leader.PostAsync(Page + "?handler=RenameUnit", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["id"] = (await UnitRow(app, "T1")).Id.ToString(),
            ["name"] = "改名",
            ["version"] = "1",
            ["__RequestVerificationToken"] = TestApp.AntiforgeryToken(html),
        }));
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.GetAsync("/orgs/dz/users")).StatusCode);

        var stranger = await app.SignedIn("stranger", Password);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(Page)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/orgs/dz/users")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/orgs/dz/tokens")).StatusCode);
        Assert.Equal("一号镇", (await UnitRow(app, "T1")).Name);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        var (app, _, admin) = await Start("Sqlite");
        using var __ = app;
        await admin.GetStringAsync(Page);

        var response = await admin.PostAsync(Page + "?handler=CreateCategory", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["code"] = "towns",
            ["name"] = "镇街",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await Query(app, db => db.UnitCategories.CountAsync()));
    }
}
