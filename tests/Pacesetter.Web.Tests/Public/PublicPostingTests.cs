using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Pacesetter.App.DataEntry;
using Pacesetter.Web.Pages.Public;

namespace Pacesetter.Web.Tests.Public;

/// <summary>
/// 张榜公示 (issue #9 §2, ADR 0020): the public posting of a published period, read without signing in, through the
/// real HTTP pipeline, on each database. The figures are those of <see cref="PublicWorld"/>.
/// </summary>
public class PublicPostingTests
{
    private const string Posting = "/public/pub/2026-10";

    private static IDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    /// <summary>The text a person sees in an element (not its visually hidden words for screen readers), spaces collapsed.</summary>
    private static string Visible(IElement e) =>
        Regex.Replace(string.Concat(e.Descendants<IText>().Where(t => t.ParentElement?.Closest(".visually-hidden") is null).Select(t => t.Data)), @"\s+", " ").Trim();

    /// <summary>Each row of a category's table as its cells' visible text, joined by " | ".</summary>
    private static List<string> Rows(IDocument page, string category) =>
        page.QuerySelectorAll($"#posting-{category} tbody tr").Select(tr => string.Join(" | ", tr.QuerySelectorAll("td").Select(Visible))).ToList();

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task An_anonymous_visitor_sees_every_categorys_published_figures_by_name_with_the_notice_period(string provider)
    {
        await using var world = await PublicWorld.CreateAsync(provider);
        var client = world.App.Browser();
        var response = await client.GetAsync(Posting);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var page = Parse(html);

        Assert.Equal("关于公示区2026年10月综合考核结果的公示", page.QuerySelector("#posting-title")!.TextContent.Trim());
        Assert.Contains("2026年10月", page.QuerySelector("#posting-intro")!.TextContent);
        // Revision 1: no correction note.
        Assert.Null(page.QuerySelector("#posting-revision"));
        // 镇街: 55+38 = 93 优秀 标兵 and the flag (rank 3 in September → ↑2); 50+35 = 85 良好 优胜 (1st → ↓1);
        // 30+20 = 50 一般 黄牌 (2nd → ↓1).
        Assert.Equal(
        [
            "1 | 城东街道 | 93.00 | 优秀 | 标兵 | 流动红旗 | ↑2",
            "2 | 城西街道 | 85.00 | 良好 | 优胜 |  | ↓1",
            "3 | 城南街道 | 50.00 | 一般 | 黄牌 |  | ↓1",
        ], Rows(page, "towns"));
        Assert.Equal("流动红旗：城东街道", page.QuerySelector("#flag-towns")!.TextContent.Trim());
        // 部门: 88.25 and 70.5 with no grades, labels or flag; the same ranks as September (–).
        // 部门 has no flag rule: no flag line and no flag column (only 镇街 speaks of the flag).
        Assert.Equal(["1 | 财政局 | 88.25 |  |  | –", "2 | 发改局 | 70.50 |  |  | –"], Rows(page, "depts"));
        Assert.Null(page.QuerySelector("#flag-depts"));
        Assert.Equal(["名次", "单位", "综合得分", "等次", "称号", "名次变化"], page.QuerySelectorAll("#posting-depts thead th").Select(th => th.TextContent.Trim()));
        Assert.Equal(["镇街", "部门"], page.QuerySelectorAll(".posting-category-name").Select(h => h.TextContent.Trim()));

        // The notice period from the day of publication, in China's calendar; the issuer and how to object.
        // It ends at midnight in Beijing after its last working day, so the last day is the one before that midnight.
        var published = world.October.CreatedAt.ToOffset(TimeSpan.FromHours(8));
        var lastDay = world.October.NoticeEndsAt.ToOffset(TimeSpan.FromHours(8)).AddDays(-1);
        Assert.Equal(TimeSpan.Zero, world.October.NoticeEndsAt.ToOffset(TimeSpan.FromHours(8)).TimeOfDay);
        Assert.Equal($"公示期：{published.Year}年{published.Month}月{published.Day}日至{lastDay.Year}年{lastDay.Month}月{lastDay.Day}日",
            page.QuerySelector("#notice-period")!.TextContent.Trim());
        Assert.Contains("由本单位填报员登录", page.QuerySelector("#how-to-object")!.TextContent);
        Assert.Contains("向公示区考核工作机构反映", page.QuerySelector("#how-to-object")!.TextContent);
        Assert.Equal("公示区", page.QuerySelector("#posting-issuer")!.TextContent.Trim());
        Assert.Equal($"{published.Year}年{published.Month}月{published.Day}日", page.QuerySelector("#posting-date")!.TextContent.Trim());

        // The QR code names this page's absolute address; a printable page without the signed-in site's menu or forms.
        Assert.StartsWith("data:image/svg+xml;base64,", page.QuerySelector("#posting-qr img")!.GetAttribute("src"));
        Assert.Equal("http://localhost/public/pub/2026-10", page.QuerySelector("#posting-qr .posting-address")!.TextContent.Trim());
        Assert.Null(page.QuerySelector("nav[aria-label=main]"));
        Assert.Null(page.QuerySelector("form"));
        Assert.DoesNotContain("RequestVerificationToken", html, StringComparison.Ordinal);
        // Nothing of the people or the evidence: no user names, no per-indicator data.
        Assert.DoesNotContain(PublicWorld.Reporter, html, StringComparison.Ordinal);
        Assert.DoesNotContain("经济发展", html, StringComparison.Ordinal);
        Assert.DoesNotContain("evidence", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("admin", html, StringComparison.Ordinal);

        // In English on request, the figures unchanged.
        var english = Parse(await client.GetStringAsync(Posting + "?lang=en"));
        Assert.Equal("Public notice of the results of 公示区2026年10月综合考核", english.QuerySelector("#posting-title")!.TextContent.Trim());
        Assert.Equal("1 | 城东街道 | 93.00 | 优秀 | Pacesetter | Red flag | ↑2", Rows(english, "towns")[0]);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_csv_is_the_same_table_in_UTF8_with_a_BOM_Chinese_headers_and_CRLF(string provider)
    {
        await using var world = await PublicWorld.CreateAsync(provider);
        var response = await world.App.Browser().GetAsync(Posting + ".csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.Equal(
            "类别,名次,单位,综合得分,等次,称号,流动红旗,名次变化\r\n" +
            "镇街,1,城东街道,93.00,优秀,标兵,是,↑2\r\n" +
            "镇街,2,城西街道,85.00,良好,优胜,,↓1\r\n" +
            "镇街,3,城南街道,50.00,一般,黄牌,,↓1\r\n" +
            "部门,1,财政局,88.25,,,,–\r\n" +
            "部门,2,发改局,70.50,,,,–\r\n", text);
    }

    /// <summary>A posting where no category races for the flag has no 流动红旗 column at all; with one that does, the others' cells are empty.</summary>
    [Fact]
    public void The_csv_has_a_flag_column_only_when_some_category_races_for_the_flag()
    {
        PostingRow Row(int rank, string name, decimal composite, bool flag = false) => new(rank, "U" + rank, name, composite, null, null, flag, false, null);
        var depts = new PostingCategory("depts", "部门", null, [Row(1, "财政局", 88.25m), Row(2, "发改局", 70.5m)], HasFlag: false);
        var towns = new PostingCategory("towns", "镇街", "城东街道", [Row(1, "城东街道", 93m, flag: true)], HasFlag: true);

        string Text(params PostingCategory[] categories) => Encoding.UTF8.GetString(PostingTable.Csv(categories)[3..]);

        Assert.Equal("类别,名次,单位,综合得分,等次,称号,名次变化\r\n部门,1,财政局,88.25,,,\r\n部门,2,发改局,70.50,,,\r\n", Text(depts));
        Assert.Equal("类别,名次,单位,综合得分,等次,称号,流动红旗,名次变化\r\n镇街,1,城东街道,93.00,,,是,\r\n部门,1,财政局,88.25,,,,\r\n部门,2,发改局,70.50,,,,\r\n", Text(towns, depts));
    }

    [Fact]
    public void A_csv_field_with_a_comma_a_quote_or_a_line_break_is_quoted_as_RFC_4180_says()
    {
        Assert.Equal("城东街道", PostingTable.Field("城东街道"));
        Assert.Equal("\"甲,乙\"", PostingTable.Field("甲,乙"));
        Assert.Equal("\"说\"\"好\"\"\"", PostingTable.Field("说\"好\""));
        Assert.Equal("\"一\r\n二\"", PostingTable.Field("一\r\n二"));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Unpublished_periods_other_organizations_and_organizations_that_do_not_post_answer_404_in_Chinese(string provider)
    {
        await using var world = await PublicWorld.CreateAsync(provider);
        var client = world.App.Browser();
        string[] missing =
        [
            "/public/pub/2026-11", "/public/pub/2026-11.csv", // a scheme and approved data, not published
            "/public/pub/2026-12", "/public/pub/2026-12.csv", // nothing at all
            "/public/quiet/2026-10", "/public/quiet/2026-10.csv", "/public/quiet", // published, but the organization does not post publicly
            "/public/nobody/2026-10", "/public/nobody/2026-10.csv", "/public/nobody", // no such organization
            "/public/pub/2026-10x",
        ];
        foreach (var url in missing)
        {
            var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url}: {(int)response.StatusCode}");
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("找不到页面", html, StringComparison.Ordinal);
            Assert.DoesNotContain("Account/Login", html, StringComparison.Ordinal);
        }
        // The same client reads a published period of an organization that posts.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/public/pub/2026-10")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_draft_never_shows_and_a_corrections_revision_2_replaces_the_figures_at_once(string provider)
    {
        await using var world = await PublicWorld.CreateAsync(provider);
        var client = world.App.Browser();
        var first = await client.GetAsync(Posting);
        Assert.Equal("\"r1-zh-CN\"", first.Headers.ETag!.Tag);
        var firstCsv = await client.GetStringAsync(Posting + ".csv");

        // A correction opened, 城南街道's a changed from 30 to 58 as a draft: nothing of it shows.
        await world.OpenCorrection("2026-10", "城南街道数据有误");
        await world.SetDatum("2026-10", "T3", "a", 58, DatumState.Draft);
        var during = Parse(await client.GetStringAsync(Posting));
        Assert.Equal("3 | 城南街道 | 50.00 | 一般 | 黄牌 |  | ↓1", Rows(during, "towns")[2]);
        Assert.Equal(firstCsv, await client.GetStringAsync(Posting + ".csv"));

        // Approved and published again: revision 2, 58+20 = 78, still 3rd of 3 (85 and 93 above it), 一般 (below 80), and
        // no longer yellow by its composite but by rank (the bottom 1): 黄牌 stays; the figures change at once.
        await world.SetDatum("2026-10", "T3", "a", 58, DatumState.Approved);
        var revision = await world.Publish("2026-10", reason: "更正城南街道数据");
        Assert.Equal(2, revision.Number);
        var after = await client.GetAsync(Posting);
        Assert.Equal("\"r2-zh-CN\"", after.Headers.ETag!.Tag);
        var page = Parse(await after.Content.ReadAsStringAsync());
        Assert.Equal("3 | 城南街道 | 78.00 | 一般 | 黄牌 |  | ↓1", Rows(page, "towns")[2]);
        Assert.Matches(@"^第2次修订（\d{4}年\d{1,2}月\d{1,2}日）：本公示结果已更正，以此为准。$", page.QuerySelector("#posting-revision")!.TextContent.Trim());
        Assert.Contains("镇街,3,城南街道,78.00,一般,黄牌,,↓1\r\n", await client.GetStringAsync(Posting + ".csv"));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_page_is_served_from_the_cache_with_its_revision_as_ETag_and_304_when_unchanged(string provider)
    {
        await using var world = await PublicWorld.CreateAsync(provider);
        var client = world.App.Browser();

        // Asked with the tag before anything is cached: the page answers 304 itself.
        using (var early = new HttpRequestMessage(HttpMethod.Get, Posting))
        {
            early.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"r1-zh-CN\""));
            Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(early)).StatusCode);
        }

        var first = await client.GetAsync(Posting);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("\"r1-zh-CN\"", first.Headers.ETag!.Tag);
        Assert.True(first.Headers.CacheControl!.Public);
        Assert.Equal(TimeSpan.FromSeconds(60), first.Headers.CacheControl.MaxAge);
        Assert.Null(first.Headers.Age);
        var body = await first.Content.ReadAsStringAsync();

        // The second request is answered from the output cache (it carries an Age), with the same page.
        var second = await client.GetAsync(Posting);
        Assert.NotNull(second.Headers.Age);
        Assert.Equal(body, await second.Content.ReadAsStringAsync());

        using (var again = new HttpRequestMessage(HttpMethod.Get, Posting))
        {
            again.Headers.IfNoneMatch.Add(first.Headers.ETag);
            var notModified = await client.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        }
        // English is another page, with another tag; the CSV has its own.
        Assert.Equal("\"r1-en\"", (await client.GetAsync(Posting + "?lang=en")).Headers.ETag!.Tag);
        var csv = await client.GetAsync(Posting + ".csv");
        Assert.Equal("\"r1-csv\"", csv.Headers.ETag!.Tag);
        using (var csvAgain = new HttpRequestMessage(HttpMethod.Get, Posting + ".csv"))
        {
            csvAgain.Headers.IfNoneMatch.Add(csv.Headers.ETag);
            Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(csvAgain)).StatusCode);
        }

        // A new revision: the old tag no longer matches.
        await world.OpenCorrection("2026-10", "复核");
        await world.Publish("2026-10", reason: "复核无变化");
        using (var stale = new HttpRequestMessage(HttpMethod.Get, Posting))
        {
            stale.Headers.IfNoneMatch.Add(first.Headers.ETag);
            var fresh = await client.SendAsync(stale);
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
            Assert.Equal("\"r2-zh-CN\"", fresh.Headers.ETag!.Tag);
        }
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_organizations_page_lists_its_published_periods_newest_first_by_name(string provider)
    {
        await using var world = await PublicWorld.CreateAsync(provider);
        var client = world.App.Browser();
        var page = Parse(await client.GetStringAsync("/public/pub"));
        Assert.Equal("公示区考核结果公示", page.QuerySelector("#periods-title")!.TextContent.Trim());
        var links = page.QuerySelectorAll("#public-periods tbody tr td:first-child a").Select(a => (a.TextContent.Trim(), a.GetAttribute("href"))).ToList();
        // November is not published; October before September.
        Assert.Equal([("公示区2026年10月综合考核", "/public/pub/2026-10"), ("公示区2026年9月综合考核", "/public/pub/2026-09")], links);

        // Publishing changes the list at once (its cache key is the newest revision).
        await world.Publish("2026-11");
        page = Parse(await client.GetStringAsync("/public/pub"));
        Assert.Equal("/public/pub/2026-11", page.QuerySelector("#public-periods tbody tr td:first-child a")!.GetAttribute("href"));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_signed_in_persons_visit_is_never_stored_for_others(string provider)
    {
        await using var world = await PublicWorld.CreateAsync(provider);
        var signedIn = await world.App.SignedIn(PublicWorld.Reporter, "Test#2026pass");
        var own = await signedIn.GetAsync(Posting);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.DoesNotContain(PublicWorld.Reporter, await own.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The next anonymous visitor's page was not taken from the signed-in visit: it is rendered (no Age), then cached.
        var anonymous = world.App.Browser();
        var first = await anonymous.GetAsync(Posting);
        Assert.Null(first.Headers.Age);
        Assert.False(first.Headers.Contains("Set-Cookie"));
        Assert.NotNull((await anonymous.GetAsync(Posting)).Headers.Age);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_admin_turns_the_public_posting_on_and_off_on_the_publication_page_and_it_is_audited(string provider)
    {
        await using var world = await PublicWorld.CreateAsync(provider);
        await world.App.NewUser(world.QuietId, "quiet.admin", "Test#2026pass", false, Seeding.Role(Pacesetter.App.Accounts.OrgRole.Admin));
        await world.App.NewUser(world.QuietId, "quiet.leader", "Test#2026pass", false, Seeding.Role(Pacesetter.App.Accounts.OrgRole.Leader));
        var visitor = world.App.Browser();
        const string page = "/orgs/quiet/races/2026-10/publish";
        // Off (a new organization's default): the public pages are not found, and the publication page says so.
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync("/public/quiet/2026-10")).StatusCode);
        var admin = await world.App.SignedIn("quiet.admin", "Test#2026pass");
        var before = Parse(await admin.GetStringAsync(page));
        Assert.Equal("false", before.QuerySelector("#public-posting")!.GetAttribute("data-on"));
        Assert.Equal("开启公开张榜", before.QuerySelector("#public-posting-button")!.TextContent.Trim());

        // On: the page says where, and an anonymous visitor reads the posting at the next request.
        var on = await Pacesetter.Web.Tests.Organizations.OrgTestData.Post(admin, page, "PublicPosting", new() { ["on"] = "true" });
        var after = Parse(await Pacesetter.Web.Tests.Organizations.OrgTestData.Follow(admin, on));
        Assert.Equal("已开启公开张榜。", after.QuerySelector(".alert-success")?.TextContent.Trim());
        Assert.Equal("/public/quiet", after.QuerySelector("#public-posting-link")!.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/public/quiet/2026-10")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/public/quiet")).StatusCode);

        // A leader sees the setting but has no button, and may not change it.
        var leader = await world.App.SignedIn("quiet.leader", "Test#2026pass");
        var read = Parse(await leader.GetStringAsync(page));
        Assert.Equal("true", read.QuerySelector("#public-posting")!.GetAttribute("data-on"));
        Assert.Null(read.QuerySelector("#public-posting-form"));

        // Off again: not found at once; two audit rows, before and after.
        var off = await Pacesetter.Web.Tests.Organizations.OrgTestData.Post(admin, page, "PublicPosting", new() { ["on"] = "false" });
        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync("/public/quiet/2026-10")).StatusCode);
        var rows = (await Pacesetter.Web.Tests.Organizations.OrgTestData.AuditRows(world.App, world.QuietId)).Where(r => r.Kind == "organization.public-posting").ToList();
        Assert.Equal(["""{"publicPosting":false}""", """{"publicPosting":true}"""], rows.Select(r => r.Before));
        Assert.Equal(["""{"publicPosting":true}""", """{"publicPosting":false}"""], rows.Select(r => r.After));
        Assert.All(rows, r => Assert.Equal("quiet.admin", r.Actor));
    }
}
