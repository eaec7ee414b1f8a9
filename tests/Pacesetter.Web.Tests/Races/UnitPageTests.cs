using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Publication;
using Pacesetter.Web.Pages.Races;

namespace Pacesetter.Web.Tests.Races;

/// <summary>
/// 单位页 (issue #9 §3) through HTTP on SQLite and PostgreSQL, on <see cref="UnitWorld"/>'s two published months: the
/// standing read from the stored results, the engine's breakdown, points lost, the adjustment, the trend and radar data,
/// what it takes (the engine's what-if, worked by hand below) and who may read which unit.
/// </summary>
public class UnitPageTests
{
    private static async Task<IDocument> PageAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
    }

    private static string Text(IDocument page, string selector) => page.QuerySelector(selector)!.TextContent.Trim();

    private static IElement Row(IDocument page, string table, string indicator) => page.QuerySelector($"#{table} tr[data-indicator='{indicator}']")!;

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_leader_reads_the_units_published_breakdown_points_lost_and_what_it_takes(string provider)
    {
        await using var app = new TestApp(provider);
        await UnitWorld.SeedAsync(app);
        var leader = await app.SignedIn("uz-leader", UnitWorld.Password);
        var page = await PageAsync(leader, UnitModel.Address(UnitWorld.February, "T1"));

        Assert.StartsWith("城东街道", Text(page, "#unit-name"));
        Assert.Equal("考核类别：镇街", Text(page, "#unit-category"));
        Assert.Contains("第 1 次发布", Text(page, "#unit-revision"));
        // Standing (stored): 91.5 = 90.5 + 2 − 1, second of three; 良好 (优秀's quota of 1 went to T2), 优胜 (top 2, ≥ 80); T2 holds the flag.
        Assert.Equal("2", page.QuerySelector("#rank")!.GetAttribute("data-rank"));
        Assert.Equal("第 2 名", Text(page, "#rank"));
        Assert.Equal("共 3 个单位", Text(page, "#rank-of"));
        Assert.Equal("91.50", Text(page, "#composite"));
        Assert.Equal("良好", Text(page, "#grade"));
        Assert.Equal("优胜", Text(page, "#label"));
        Assert.Equal("未获得", Text(page, "#flag"));
        // January: third with 93 → February second (with fewer points): up one.
        Assert.Equal("↑1", Text(page, "#rank-change"));
        Assert.Equal("上期第 3 名，93.00 分", Text(page, "#previous"));
        Assert.Null(page.QuerySelector("#disagrees"));

        // The breakdown: the engine's formulas with their numbers.
        var revenue = Row(page, "breakdown", "revenue");
        Assert.Equal(("54.00", "6.00"), (revenue.GetAttribute("data-score"), revenue.GetAttribute("data-lost")));
        Assert.Equal("r = 90 ÷ 100 = 0.9; 60 × 90 ÷ 100 = 54", revenue.QuerySelector(".formula")!.TextContent);
        var service = Row(page, "breakdown", "service");
        Assert.Equal(("28.50", "1.50"), (service.GetAttribute("data-score"), service.GetAttribute("data-lost")));
        Assert.Equal("30 × 95 ÷ 100 (最高值) = 28.5", service.QuerySelector(".formula")!.TextContent);
        var evaluation = Row(page, "breakdown", "evaluation");
        Assert.Equal(("8.00", "2.00"), (evaluation.GetAttribute("data-score"), evaluation.GetAttribute("data-lost")));
        Assert.Equal("直接打分 8", evaluation.QuerySelector(".formula")!.TextContent);
        var honors = Row(page, "breakdown", "honors");
        Assert.Equal(("2.00", ""), (honors.GetAttribute("data-score"), honors.GetAttribute("data-lost")));
        Assert.Equal("min(3, 2) = 2", honors.QuerySelector(".formula")!.TextContent);
        // Two events at 1 point, halved by the reduction r1: 1 deducted, 1 restored.
        var safety = Row(page, "breakdown", "safety");
        Assert.Equal(("1.00", "1.00"), (safety.GetAttribute("data-score"), safety.GetAttribute("data-lost")));
        Assert.Equal("min(5, 2 × 1) × 0.5 = 1（免责前 2，恢复 1）", safety.QuerySelector(".formula")!.TextContent);
        Assert.Equal("综合得分 = max(0, 90.5 + 2 − 1) = 91.5", Text(page, "#totals"));

        // Points lost, largest first: revenue 60 − 54 = 6, evaluation 10 − 8 = 2, service 30 − 28.5 = 1.5, safety's deduction 1.
        Assert.Equal(["revenue", "evaluation", "service", "safety"], page.QuerySelectorAll("#lost li").Select(li => li.GetAttribute("data-indicator")!));
        Assert.Equal("一般公共预算收入：失 6.00 分（权重 60）", page.QuerySelector("#lost li")!.TextContent.Trim());
        Assert.Equal("基本分合计失 9.50 分，扣分合计 1.00 分。", Text(page, "#lost-total"));

        // The adjustment and the points it restored.
        var adjustment = Assert.Single(page.QuerySelectorAll("#adjustments li"));
        Assert.Contains("容错减责", adjustment.TextContent);
        Assert.Contains("汛期抢险期间发生，已及时整改", adjustment.TextContent);
        Assert.Contains("减责：安全生产，按 0.5 倍计。", adjustment.TextContent);
        Assert.Equal("1.00", Row(page, "restored", "safety").QuerySelectorAll("td")[1].TextContent);

        // What it takes to pass 城西街道 (97): 97 − 91.5 + 0.01 = 5.51.
        Assert.Equal("5.51", page.QuerySelector("#passing")!.GetAttribute("data-needed"));
        Assert.Contains("前一名为城西街道（第 1 名，97.00 分）", Text(page, "#passing"));
        // revenue: composite = 0.6·x + 37.5 ≥ 97 (a tie shares rank 1) ⇔ x ≥ 99.17; the data are whole numbers: 99 gives
        // 96.9, 100 gives 97.5.
        var whatRevenue = Row(page, "whatif", "revenue");
        Assert.Equal(("true", "100"), (whatRevenue.GetAttribute("data-possible"), whatRevenue.GetAttribute("data-value")));
        Assert.Contains("需达到 100 及以上，届时第 1 名，综合得分 97.50。", whatRevenue.TextContent);
        // service: at most 30 (93) below T2's 97 while T2 leads; above 100 T1 leads, and T2 = 67 + 30 × 100 ÷ x drops to ≤ 93
        // from x = 3000 ÷ 26 = 115.38…: 115 gives T2 93.09, 116 gives 92.86 < 93.
        var whatService = Row(page, "whatif", "service");
        Assert.Equal(("true", "116"), (whatService.GetAttribute("data-possible"), whatService.GetAttribute("data-value")));
        Assert.Contains("需达到 116 及以上，届时第 1 名，综合得分 93.00。", whatService.TextContent);
        // evaluation: 83.5 + e ≥ 97 needs e ≥ 13.5, above the weight 10 that a manual score may reach.
        var whatEvaluation = Row(page, "whatif", "evaluation");
        Assert.Equal("false", whatEvaluation.GetAttribute("data-possible"));
        Assert.Contains("该指标取任何值都不能进位", whatEvaluation.TextContent);

        // The charts' data: two months; the radar as percent of weight (54 ÷ 60 = 90 %, 28.5 ÷ 30 = 95 %, 8 ÷ 10 = 80 %)
        // against T2's 100 % each.
        var trend = JsonDocument.Parse(Text(page, "#unit-trend")).RootElement;
        Assert.Equal([UnitWorld.January, UnitWorld.February], trend.GetProperty("periods").EnumerateArray().Select(p => p.GetString()!));
        Assert.Equal(["2027年1月", "2027年2月"], trend.GetProperty("labels").EnumerateArray().Select(p => p.GetString()!));
        Assert.Equal([93m, 91.5m], trend.GetProperty("composite").EnumerateArray().Select(p => p.GetDecimal()));
        Assert.Equal([3, 2], trend.GetProperty("rank").EnumerateArray().Select(p => p.GetInt32()));
        Assert.Equal(2, page.QuerySelectorAll("#trend-table tbody tr").Length);
        var radar = JsonDocument.Parse(Text(page, "#unit-radar")).RootElement;
        Assert.Equal("城西街道", radar.GetProperty("best").GetString());
        Assert.Equal(["一般公共预算收入", "服务对象满意度", "综合评议"], radar.GetProperty("indicators").EnumerateArray().Select(p => p.GetString()!));
        Assert.Equal([90m, 95m, 80m], radar.GetProperty("unitValues").EnumerateArray().Select(p => p.GetDecimal()));
        Assert.Equal([100m, 100m, 100m], radar.GetProperty("bestValues").EnumerateArray().Select(p => p.GetDecimal()));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_last_unit_learns_which_indicator_can_lift_it_and_which_cannot(string provider)
    {
        await using var app = new TestApp(provider);
        await UnitWorld.SeedAsync(app);
        var admin = await app.SignedIn("uz-admin", UnitWorld.Password);
        var page = await PageAsync(admin, UnitModel.Address(UnitWorld.February, "T3"));

        Assert.Equal("黄牌", Text(page, "#label"));
        // 城东街道 91.5 − 69 + 0.01 = 22.51.
        Assert.Equal("22.51", page.QuerySelector("#passing")!.GetAttribute("data-needed"));
        // revenue: at most 60 with cap 1, 69 − 42 + 60 = 87 < 91.5: no value can do it.
        var revenue = Row(page, "whatif", "revenue");
        Assert.Equal("false", revenue.GetAttribute("data-possible"));
        Assert.Contains("该指标取任何值都不能进位", revenue.TextContent);
        // service above 100: T3 = 42 + 30 + 9 = 81; T1 = 63 + 30 × 95 ÷ x ≤ 81 from x = 2850 ÷ 18 = 158.33…: 158 gives T1 81.04,
        // 159 gives 80.92 (T2 = 67 + 3000 ÷ 159 = 85.87 stays first, T3 second).
        var service = Row(page, "whatif", "service");
        Assert.Equal(("true", "159"), (service.GetAttribute("data-possible"), service.GetAttribute("data-value")));
        Assert.Contains("需达到 159 及以上，届时第 2 名，综合得分 81.00。", service.TextContent);
        // Falling from 2nd (98.5) to 3rd: down one.
        Assert.Equal("↓1", Text(page, "#rank-change"));

        // The first unit has no one to pass.
        var first = await PageAsync(admin, UnitModel.Address(UnitWorld.February, "T2"));
        Assert.Equal("本单位位列本类别第一。", Text(first, "#passing"));
        Assert.Null(first.QuerySelector("#whatif"));
        Assert.Equal("获流动红旗", Text(first, "#flag").Replace("🚩", "").Trim());
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Every_units_rescored_figures_equal_the_stored_results_of_both_revisions(string provider)
    {
        await using var app = new TestApp(provider);
        var org = await UnitWorld.SeedAsync(app);
        using var scope = app.Services.CreateScope();
        var races = scope.ServiceProvider.GetRequiredService<RaceReader>();
        var compared = 0;
        foreach (var period in new[] { UnitWorld.January, UnitWorld.February })
        {
            var race = (await races.LatestAsync(org, period))!;
            var rescored = race.Rescore();
            foreach (var category in race.Result.Categories)
            {
                foreach (var row in category.Rows)
                {
                    var (engineCategory, u) = rescored.Find(row.Unit)!.Value;
                    Assert.Equal((row.Rank, row.Composite, row.Base, row.Bonus, row.Penalty, row.Grade, row.Label, row.Vetoed, row.BlockTop),
                        (u.Rank, u.Composite, u.Base, u.Bonus, u.Penalty, u.Grade, u.Label, u.Vetoed, u.BlockTop));
                    for (int j = 0; j < engineCategory.Category.Indicators.Count; j++)
                    {
                        Assert.Equal(row.Indicators[engineCategory.Category.Indicators[j].Id].Score, u.Cells[j].Score);
                    }
                    compared++;
                }
                Assert.Equal(category.Flag.Holder, rescored.Categories.Single(c => c.Category.Id == category.Id).Flag.Holder);
            }
        }
        Assert.Equal(6, compared);
        // And the figures are the hand-worked ones (UnitWorld): February's T2 97, T1 91.5, T3 69.
        var february = (await races.LatestAsync(org, UnitWorld.February))!;
        Assert.Equal([("T2", 97m), ("T1", 91.5m), ("T3", 69m)], february.Result.Categories.Single().Rows.Select(r => (r.Unit, r.Composite)));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Reporters_read_their_own_unit_only_and_unpublished_or_unknown_is_not_found(string provider)
    {
        await using var app = new TestApp(provider);
        await UnitWorld.SeedAsync(app);
        var t1 = UnitModel.Address(UnitWorld.February, "T1");
        var own = await app.SignedIn("uz-t1", UnitWorld.Password);
        var other = await app.SignedIn("uz-t2", UnitWorld.Password);
        var leader = await app.SignedIn("uz-leader", UnitWorld.Password);

        Assert.Equal(HttpStatusCode.OK, (await own.GetAsync(t1)).StatusCode);
        var refused = await other.GetAsync(t1);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        // The refusal page in place (ADR 0007), nothing of T1's result.
        var refusal = await refused.Content.ReadAsStringAsync();
        Assert.Contains("无权访问", refusal);
        Assert.DoesNotContain("91.50", refusal);
        // Another unit's address tells a reporter nothing, even whether it exists.
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(UnitModel.Address(UnitWorld.February, "T9"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync(t1)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync(UnitModel.Address(UnitWorld.February, "T1", revision: 1))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await leader.GetAsync(UnitModel.Address(UnitWorld.February, "T1", revision: 2))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await leader.GetAsync(UnitModel.Address(UnitWorld.February, "T9"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await leader.GetAsync(UnitModel.Address("2027-03", "T1"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await leader.GetAsync(UnitModel.Address("2027-13", "T1"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await own.GetAsync(UnitModel.Address("2027-03", "T1"))).StatusCode);
        // Without a session: the sign-in page.
        var anonymous = await app.Browser().GetAsync(t1);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/Account/Login", anonymous.Headers.Location!.OriginalString.Replace("http://localhost", "", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_page_is_in_english_when_asked(string provider)
    {
        await using var app = new TestApp(provider);
        await UnitWorld.SeedAsync(app);
        var leader = await app.SignedIn("uz-leader", UnitWorld.Password);
        var page = await PageAsync(leader, UnitModel.Address(UnitWorld.February, "T1") + "?lang=en");

        Assert.Equal("rank 2", Text(page, "#rank"));
        Assert.Equal("of 3 units", Text(page, "#rank-of"));
        Assert.Equal("winner", Text(page, "#label"));
        Assert.Equal("30 × 95 ÷ 100 (leader) = 28.5", Row(page, "breakdown", "service").QuerySelector(".formula")!.TextContent);
        Assert.Equal("composite = max(0, 90.5 + 2 − 1) = 91.5", Text(page, "#totals"));
        Assert.Contains("Needs 100 or more: then rank 1, composite 97.50.", Row(page, "whatif", "revenue").TextContent);
        Assert.Contains("5.51 more points (the gap plus 0.01) would pass it.", Text(page, "#passing"));
        Assert.Equal(["2027-01", "2027-02"], JsonDocument.Parse(Text(page, "#unit-trend")).RootElement.GetProperty("labels").EnumerateArray().Select(p => p.GetString()!));
    }
}
