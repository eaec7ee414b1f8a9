using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Publication;
using static Pacesetter.Web.Tests.Organizations.OrgTestData;

namespace Pacesetter.Web.Tests.Races;

/// <summary>
/// 大屏 (issue #9 §3): signed, revocable kiosk links through HTTP on SQLite and PostgreSQL — created by an admin on
/// /kiosk/links (the address shown once), opened without signing in, refused (404) once revoked or when unknown.
/// </summary>
public class KioskTests
{
    private const string Links = "/kiosk/links";

    /// <summary>Creates a link through the page as <paramref name="admin"/>; returns its address's path and the response.</summary>
    private static async Task<(string? Path, HttpResponseMessage Response, string Html)> CreateAsync(HttpClient admin, string name)
    {
        var response = await Post(admin, Links, "Create", new() { ["name"] = name });
        var html = await response.Content.ReadAsStringAsync();
        var address = new HtmlParser().ParseDocument(html).QuerySelector("#new-link-address")?.GetAttribute("value");
        return (address is null ? null : new Uri(address).AbsolutePath, response, html);
    }

    [Fact]
    public async Task A_category_without_a_flag_rule_says_nothing_of_a_flag_on_the_kiosk()
    {
        // RaceWorld's 职能部门 has no flag rule; 镇街 has one, and in March (the latest) nobody holds it.
        await using var world = await RaceWorld.CreateAsync("Sqlite");
        var (path, _, _) = await CreateAsync(await world.PageAs("race.admin"), "大厅");
        var page = new HtmlParser().ParseDocument(await world.App.Browser().GetStringAsync(path));
        var boards = page.QuerySelectorAll(".kiosk-board");
        Assert.Equal(["towns", "depts"], boards.Select(b => b.GetAttribute("data-category")!));
        Assert.Equal("流动红旗：空缺", boards[0].QuerySelector(".kiosk-flag")!.TextContent);
        Assert.Null(boards[1].QuerySelector(".kiosk-flag"));
        Assert.DoesNotContain("流动红旗", boards[1].TextContent);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_kiosk_link_shows_the_latest_leaderboards_without_sign_in_until_it_is_revoked(string provider)
    {
        using var world = await CockpitWorld.CreateAsync(provider);
        var admin = await world.SignedIn("ck.admin");

        var (path, created, createdHtml) = await CreateAsync(admin, "一楼大厅");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.True(created.Headers.CacheControl?.NoStore, "the page with the new link is cached");
        Assert.NotNull(path);
        // /kiosk/ and 43 characters: 32 random bytes in base64url.
        Assert.Matches("^/kiosk/[A-Za-z0-9_-]{43}$", path);
        var token = path["/kiosk/".Length..];
        Assert.Contains("一楼大厅", createdHtml);

        // Only the token's SHA-256 is stored; the list never shows the token again.
        await using (var db = world.App.NewDb())
        {
            var row = await db.KioskLinks.AsNoTracking().SingleAsync(k => k.OrganizationId == world.OrganizationId);
            Assert.Equal((KioskLinks.Hash(token), "一楼大厅", "ck.admin", (DateTimeOffset?)null), (row.TokenHash, row.Name, row.CreatedBy, row.RevokedAt));
            Assert.Equal(64, row.TokenHash.Length);
            Assert.DoesNotContain(token, await admin.GetStringAsync(Links));
        }

        // Anonymous: the latest published month (February), towns first: 城西街道 97.00, 城东街道 80.00, 城南街道 79.00.
        var anonymous = world.App.Browser();
        var response = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, "the kiosk is cached");
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal(CockpitWorld.OrgName, page.QuerySelector("#kiosk-org")!.TextContent);
        Assert.Equal("测试开发区2026-02考核 · 第 1 版", page.QuerySelector("#kiosk-period")!.TextContent);
        Assert.EndsWith("北京时间", page.QuerySelector("#kiosk-clock")!.TextContent);
        Assert.Equal("15", page.Body!.GetAttribute("data-seconds"));
        var boards = page.QuerySelectorAll(".kiosk-board");
        Assert.Equal(new[] { "towns", "depts" }, boards.Select(b => b.GetAttribute("data-category")!));
        Assert.Equal(new[] { false, true }, boards.Select(b => b.HasAttribute("hidden")));
        var rows = boards[0].QuerySelectorAll("tbody tr").Select(tr => tr.Children.Select(td => td.TextContent.Trim()).ToList()).ToList();
        // Rank, unit, composite, grade, label, change against January (T2 was 2nd: ↑1; T1 1st: ↓1; T3 3rd: –).
        Assert.Equal(new[] { "1", "城西街道 流动红旗", "97.00", "优秀", "标兵", "↑1" }, rows[0]);
        Assert.Equal(new[] { "2", "城东街道", "80.00", "良好", "", "↓1" }, rows[1]);
        Assert.Equal(new[] { "3", "城南街道", "79.00", "一般", "黄牌", "–" }, rows[2]);
        Assert.Equal("流动红旗：财政局", boards[1].QuerySelector(".kiosk-flag")!.TextContent);
        Assert.DoesNotContain("ck.admin", page.Body.TextContent);

        // The interval: ?seconds=1 … 600; anything else is refused naming the field.
        var fast = new HtmlParser().ParseDocument(await anonymous.GetStringAsync(path + "?seconds=1"));
        Assert.Equal("1", fast.Body!.GetAttribute("data-seconds"));
        var slow = await anonymous.GetAsync(path + "?seconds=601");
        Assert.Equal(HttpStatusCode.BadRequest, slow.StatusCode);
        Assert.Contains("“切换间隔（秒）”须为 1–600 之间的整数。", await slow.Content.ReadAsStringAsync());

        // Revoked: 404 at once, in Chinese, and audited.
        int id;
        await using (var db = world.App.NewDb()) id = await db.KioskLinks.Where(k => k.OrganizationId == world.OrganizationId).Select(k => k.Id).SingleAsync();
        var revoked = await Post(admin, Links, "Revoke", new() { ["id"] = id.ToString() });
        Assert.Contains("已撤销大屏链接“一楼大厅”", await Follow(admin, revoked));
        var gone = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Contains("此链接已被撤销或不存在", await gone.Content.ReadAsStringAsync());
        var audit = (await AuditRows(world.App, world.OrganizationId)).Where(a => a.Kind.StartsWith("kiosk.", StringComparison.Ordinal)).ToList();
        Assert.Equal(new[] { ("kiosk.create", "ck.admin", id.ToString()), ("kiosk.revoke", "ck.admin", id.ToString()) }, audit.Select(a => (a.Kind, a.Actor, a.Key)));
        Assert.Contains("一楼大厅", audit[0].After);

        // Unknown tokens: one of the right shape, and one that is not.
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/kiosk/" + new string('A', 43))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/kiosk/nothing")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Only_admins_manage_kiosk_links_within_the_stated_limits(string provider)
    {
        using var world = await CockpitWorld.CreateAsync(provider, publish: false);
        var admin = await world.SignedIn("ck.admin");

        // A reporter and a leader are refused the page (403 in place); anonymous is sent to sign in.
        foreach (var user in new[] { "ck.t1", "ck.leader" })
        {
            var client = await world.SignedIn(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(Links)).StatusCode);
        }
        var anonymous = await world.App.Browser().GetAsync(Links);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/Account/Login", anonymous.Headers.Location!.PathAndQuery);

        // A name of 65 characters: 400 naming the field; 64 are fine.
        var (none, tooLong, tooLongHtml) = await CreateAsync(admin, new string('屏', 65));
        Assert.Null(none);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("“链接名称”须为 1–64 个字符。", tooLongHtml);
        Assert.NotNull((await CreateAsync(admin, new string('屏', 64))).Path);

        // Nothing published: the kiosk says so.
        var (path, _, _) = await CreateAsync(admin, "会议室");
        Assert.Contains("尚未发布考核结果。", await world.App.Browser().GetStringAsync(path));

        // At most 20 links in use: the 21st is refused (409) until one is revoked.
        for (int i = 3; i <= 20; i++) Assert.NotNull((await CreateAsync(admin, $"屏幕{i}")).Path);
        var (refused, full, fullHtml) = await CreateAsync(admin, "第二十一块屏");
        Assert.Null(refused);
        Assert.Equal(HttpStatusCode.Conflict, full.StatusCode);
        Assert.Contains("每个组织最多同时有 20 个有效的大屏链接", fullHtml);
        int first;
        await using (var db = world.App.NewDb()) first = await db.KioskLinks.Where(k => k.OrganizationId == world.OrganizationId).MinAsync(k => k.Id);
        Assert.Equal(HttpStatusCode.Redirect, (await Post(admin, Links, "Revoke", new() { ["id"] = first.ToString() })).StatusCode);
        Assert.NotNull((await CreateAsync(admin, "第二十一块屏")).Path);
        await using (var db = world.App.NewDb())
        {
            Assert.Equal((21, 20), (await db.KioskLinks.CountAsync(k => k.OrganizationId == world.OrganizationId),
                await db.KioskLinks.CountAsync(k => k.OrganizationId == world.OrganizationId && k.RevokedAt == null)));
        }

        // Another organization's link is not found by this organization's admin.
        var other = await world.App.NewOrganization("ck2", "另一个区");
        await world.App.NewUser(other, "ck2.admin", CockpitWorld.Password, false, Seeding.Role(App.Accounts.OrgRole.Admin));
        var otherAdmin = await world.App.SignedIn("ck2.admin", CockpitWorld.Password);
        int second;
        await using (var db = world.App.NewDb()) second = await db.KioskLinks.Where(k => k.OrganizationId == world.OrganizationId && k.RevokedAt == null).MinAsync(k => k.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await Post(otherAdmin, Links, "Revoke", new() { ["id"] = second.ToString() })).StatusCode);
        await using (var db = world.App.NewDb()) Assert.Null((await db.KioskLinks.SingleAsync(k => k.Id == second)).RevokedAt);
    }
}
