using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Accounts;
using Pacesetter.App.Audit;
using Pacesetter.App.Data;
using Pacesetter.App.Organizations;
using Pacesetter.Web.Demo;

// Not "…Tests.Audit": that namespace would hide Pacesetter.App.Audit from tests that write Audit.AuditLog.
namespace Pacesetter.Web.Tests.AuditTrail;

/// <summary>
/// The audit view /orgs/{org}/audit: who may see it, its filters, its pages. Tests that only read share one demo app;
/// those that append rows have their own.
/// </summary>
public class AuditPageTests(SharedDemo shared) : ReadsSharedDemo(shared)
{
    private const string Page = "/orgs/demo/audit";

    /// <summary>The sequence numbers of the rows shown, top to bottom.</summary>
    private static async Task<List<long>> Shown(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        return html.QuerySelectorAll("#audit tbody tr").Select(tr => long.Parse(tr.GetAttribute("data-seq")!)).ToList();
    }

    private static List<long> Seqs(long from, long downTo) => Enumerable.Range(0, (int)(from - downTo + 1)).Select(i => from - i).ToList();

    /// <summary>Adds audit rows as the application does: inside the one audited write.</summary>
    private static async Task Append(TestApp app, params AuditRecord[] records)
    {
        _ = app.Server;
        int org;
        using (var db = app.NewDb()) org = await db.Organizations.Where(o => o.Slug == DemoData.Slug).Select(o => o.Id).SingleAsync();
        await app.AppendAudit(org, records);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_leader_sees_every_row_newest_first(string provider)
    {
        var app = Shared(provider);
        var client = await app.SignedIn("leader", DemoData.Password);

        var response = await client.GetAsync(Page);
        var html = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());

        // The demo's 465 rows (DemoDataTests), 50 a page, newest first: its public-posting setting is the last.
        Assert.Equal(Seqs(465, 416), await Shown(client, Page));
        // The import of the figures (row 451), the first row of its kind's list.
        var imports = new HtmlParser().ParseDocument(await client.GetStringAsync(Page + "?kind=data.import"));
        var import = imports.QuerySelector("#audit tbody tr")!;
        // The person by name, the user name small beside it (issue #8: names rather than codes).
        Assert.Equal("考核办管理员 admin", string.Join(' ', import.Children[1].TextContent.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Contains("导入数据", import.Children[2].TextContent);
        Assert.Contains("多个考核期", import.Children[2].TextContent);
        Assert.Equal("演示数据导入", import.Children[4].TextContent.Trim());
        Assert.Equal("共 465 条，第 1/10 页", html.QuerySelector("#audit-count")!.TextContent);
    }

    [Fact]
    public async Task The_raw_before_and_after_stay_whole_in_the_collapsed_record()
    {
        var app = Shared();
        var client = await app.SignedIn("admin", DemoData.Password);

        var html = new HtmlParser().ParseDocument(await client.GetStringAsync(Page + "?period=2026-02&kind=scheme.save"));
        var row = Assert.Single(html.QuerySelectorAll("#audit tbody tr"));

        using var db = app.NewDb();
        var after = (await db.SchemeVersions.SingleAsync(s => s.Period == "2026-02")).Document;
        Assert.Null(row.QuerySelector("details.audit-raw")!.GetAttribute("open"));
        Assert.Equal("（无）", row.QuerySelectorAll("details.audit-raw pre")[0].TextContent);
        Assert.Equal(after, row.QuerySelectorAll("details.audit-raw pre")[1].TextContent);
    }

    [Fact]
    public async Task Filters_by_kind_period_user_and_unit_show_exactly_the_matching_rows()
    {
        using var app = new TestApp(demo: true);
        await Append(app,
            new AuditRecord("reporter.t1", "datum.save", "datum", "2026-11/T1/revenue", "2026-11", "T1", null, "{\"value\":1}"),
            new AuditRecord("reporter.t1", "datum.submit", "datum", "2026-11/T1/revenue", "2026-11", "T1"),
            new AuditRecord("reporter.t2", "datum.save", "datum", "2026-11/T2/revenue", "2026-11", "T2", null, "{\"value\":2}"),
            new AuditRecord("admin", "datum.return", "datum", "2026-10/T1/land", "2026-10", "T1", Reason: "口径不对"));
        var client = await app.SignedIn("leader", DemoData.Password);

        // The demo's chain: 1 organization, 2–3 its admin, 4–35 categories and units (towns 4, T1 5, …), 36–51 the
        // other users and roles, 52–83 a scheme and a deadline per period (2026-01 at 52–53, …, 2026-10 at 70–71),
        // 84–450 a datum.import row per period and unit (ADR 0011), periods and units in ordinal order (D1–D8, I1–I6,
        // S1–S6, T1–T8: 2026-01 at 84–111, …, 2026-10 at 336–363, T1's at 356; 2026-11's D1, T1, T2 at 364–366; then
        // 2026-Q1–Q3), 451 the import; 452–464 the publications (2026-01 … 2026-10 at 452–461, 2026-Q1–Q3), 465 the
        // public-posting setting; the four rows above are 466–469.
        Assert.Equal([451L], await Shown(client, Page + "?kind=data.import"));
        Assert.Equal([56L], await Shown(client, Page + "?kind=scheme.save&period=2026-03"));
        Assert.Equal([469L, 461L, .. Seqs(363, 336), 71L, 70L], await Shown(client, Page + "?period=2026-10"));
        Assert.Equal([467L, 466L], await Shown(client, Page + "?user=reporter.t1"));
        Assert.Equal([467L, 466L, 365L], await Shown(client, Page + "?unit=T1&period=2026-11"));
        Assert.Equal([468L, 466L], await Shown(client, Page + "?kind=datum.save"));
        Assert.Equal([469L, 356L], await Shown(client, Page + "?unit=T1&user=admin&period=2026-10"));
        Assert.Equal([5L], await Shown(client, Page + "?unit=T1&user=admin&kind=unit.create"));
        Assert.Empty(await Shown(client, Page + "?unit=T2&period=2026-12"));
    }

    [Fact]
    public async Task The_filter_lists_offer_the_logged_users_kinds_periods_and_the_units()
    {
        using var app = new TestApp(demo: true);
        await Append(app, new AuditRecord("reporter.t2", "datum.save", "datum", "2026-11/T2/revenue", "2026-11", "T2"));
        var client = await app.SignedIn("admin", DemoData.Password);

        var html = new HtmlParser().ParseDocument(await client.GetStringAsync(Page + "?unit=T2"));
        string[] Options(string id) => html.QuerySelectorAll($"#{id} option").Select(o => o.GetAttribute("value")!).Skip(1).ToArray();

        Assert.Equal(["admin", "reporter.t2"], Options("f-user"));
        Assert.Equal(["category.create", "data.import", "datum.import", "datum.save", "organization.create", "organization.settings", "period.deadline", "publication.publish", "role.grant", "scheme.save", "unit.create", "user.create"], Options("f-kind"));
        Assert.Equal(DemoData.Periods.Order(StringComparer.Ordinal), Options("f-period"));
        Assert.Equal(["T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "D1"], Options("f-unit").Take(9));
        Assert.Equal(28, Options("f-unit").Length);
        Assert.Equal("T2 城西街道", html.QuerySelector("#f-unit option[selected]")!.TextContent);
    }

    [Fact]
    public async Task Rows_come_50_a_page_and_the_pages_keep_the_filters()
    {
        using var app = new TestApp(demo: true);
        await Append(app, Enumerable.Range(1, 60).Select(i => new AuditRecord("admin", "datum.approve", "datum", $"2026-10/T3/k{i}", "2026-10", "T3")).ToArray());
        var client = await app.SignedIn("admin", DemoData.Password);

        // 465 demo rows + 60 = 525; T3's of 2026-10 are the 60 (466–525) and its figures' import row (358).
        Assert.Equal(Seqs(525, 476), await Shown(client, Page));
        Assert.Equal(Seqs(475, 426), await Shown(client, Page + "?p=2"));
        Assert.Equal(Seqs(525, 476), await Shown(client, Page + "?unit=T3&period=2026-10"));
        Assert.Equal([.. Seqs(475, 466), 358L], await Shown(client, Page + "?unit=T3&period=2026-10&p=2"));

        var html = new HtmlParser().ParseDocument(await client.GetStringAsync(Page + "?unit=T3&period=2026-10"));
        Assert.Equal("/orgs/demo/audit?unit=T3&period=2026-10&p=2", html.QuerySelector("a[rel=next]")!.GetAttribute("href"));
        Assert.Equal("共 61 条，第 1/2 页", html.QuerySelector("#audit-count")!.TextContent);
    }

    [Theory]
    [InlineData("reporter.t1")]
    [InlineData("assessor.safety")]
    public async Task Reporters_and_assessors_are_refused_with_403(string user)
    {
        var app = Shared();
        var client = await app.SignedIn(user, DemoData.Password);

        var response = await client.GetAsync(Page);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("演示数据导入", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Another_organizations_log_is_not_found_and_its_rows_never_show()
    {
        using var app = new TestApp(demo: true);
        _ = app.Server;
        var other = await app.NewOrganization("other", "另一开发区");
        await app.NewUser(other, "other.admin", DemoData.Password, false, Seeding.Role(OrgRole.Admin));
        await app.AppendAudit(other, new AuditRecord("other.admin", "unit.create", "unit", "X1", Reason: "另一组织的秘密"));
        var outsider = await app.SignedIn("other.admin", DemoData.Password);
        var leader = await app.SignedIn("leader", DemoData.Password);

        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(Page)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await leader.GetAsync("/orgs/other/audit")).StatusCode);
        // Its own chain: its creation, its admin and role, and the row above.
        Assert.Equal([4L, 3L, 2L, 1L], await Shown(outsider, "/orgs/other/audit"));
        var demo = await leader.GetStringAsync(Page + "?user=other.admin");
        Assert.DoesNotContain("另一组织的秘密", demo);
        Assert.Empty(await Shown(leader, Page + "?user=other.admin"));
    }

    [Fact]
    public async Task Without_a_session_the_page_asks_to_sign_in()
    {
        var app = Shared();

        var response = await app.Browser().GetAsync(Page);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task The_page_speaks_English_after_the_language_switch()
    {
        var app = Shared();
        var client = await app.SignedIn("leader", DemoData.Password);
        await client.GetAsync("/culture/en");

        var html = new HtmlParser().ParseDocument(await client.GetStringAsync(Page + "?kind=data.import"));

        Assert.Equal("Audit log", html.QuerySelector("h1")!.TextContent);
        Assert.Equal("1 entries, page 1 of 1", html.QuerySelector("#audit-count")!.TextContent);
        Assert.Contains("Data imported", html.QuerySelector("#audit tbody tr")!.TextContent);
    }
}
