using System.Text.Json;
using Microsoft.Playwright;
using Pacesetter.Web.Demo;
using static Microsoft.Playwright.Assertions;

namespace Pacesetter.Web.Tests.Browser;

/// <summary>
/// 驾驶舱 and 大屏 in Chromium on the demo (January to October 2026 published): a leader's screen at 1366 px, whose
/// charts show exactly the figures of the page's JSON block (read back from ECharts with getInstanceByDom), and the
/// kiosk at 1920×1080 from a link an admin created, turning to the second category after a second.
/// </summary>
public sealed class CockpitBrowserTests(BrowserApp browser) : IClassFixture<BrowserApp>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>The app is shared by the class: each test fails on its own pages' policy violations.</summary>
    public Task DisposeAsync() => browser.EnsureNoPolicyViolationsAsync();

    /// <summary>The race chart's current frame: its timeline position, and each bar's unit name and value.</summary>
    private const string RaceNow = """
        () => {
            const o = echarts.getInstanceByDom(document.getElementById('race-chart')).getOption();
            const names = o.yAxis[0].data;
            return { index: o.timeline[0].currentIndex, months: o.timeline[0].data.map(d => typeof d === 'object' ? d.value : d),
                     bars: names.map((n, i) => [n, Number(o.series[0].data[i])]) };
        }
        """;

    private static Dictionary<string, decimal> Bars(JsonElement race) =>
        race.GetProperty("bars").EnumerateArray().ToDictionary(b => b[0].GetString()!, b => Math.Round((decimal)b[1].GetDouble(), 2));

    /// <summary>name → cumulative composite of frame <paramref name="index"/> of the category's race in the page's JSON.</summary>
    private static Dictionary<string, decimal> Frame(JsonElement category, int index) =>
        category.GetProperty("race")[index].GetProperty("values").EnumerateArray().ToDictionary(v => v.GetProperty("name").GetString()!, v => v.GetProperty("value").GetDecimal());

    [BrowserFact]
    public async Task A_leader_sees_the_race_play_to_the_latest_month_with_the_published_figures()
    {
        var page = await browser.NewPageAsync(width: 1366, height: 900);
        await BrowserApp.SignInAsync(page, "leader", DemoData.Password);
        await page.Locator("#nav-cockpit").ClickAsync();
        await page.WaitForURLAsync("**/races/cockpit");
        var data = JsonDocument.Parse((await page.Locator("#cockpit-data").TextContentAsync())!).RootElement;
        var figures = data.GetProperty("figures");
        var months = figures.GetProperty("months").GetArrayLength();
        Assert.Equal(10, months);

        // The race plays once, month by month, and stops at October: every bar is the unit's cumulative composite.
        await page.WaitForFunctionAsync("() => { const c = echarts.getInstanceByDom(document.getElementById('race-chart')); const t = c && c.getOption().timeline[0]; return t && t.currentIndex === t.data.length - 1; }",
            null, new() { Timeout = 40_000 });
        var towns = figures.GetProperty("categories")[0];
        Assert.Equal("towns", towns.GetProperty("id").GetString());
        var end = await page.EvaluateAsync<JsonElement>(RaceNow);
        Assert.Equal(new[] { "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月" }, end.GetProperty("months").EnumerateArray().Select(m => m.GetString()!));
        Assert.Equal(Frame(towns, months - 1), Bars(end));
        Assert.Equal(8, Bars(end).Count);

        // Another category, stopped at April: the bars are April's cumulative figures (a unit before its first month is 0).
        await page.Locator("#race-category").SelectOptionAsync("invest");
        await page.EvaluateAsync("() => { const c = echarts.getInstanceByDom(document.getElementById('race-chart')); c.dispatchAction({ type: 'timelinePlayChange', playState: false }); c.dispatchAction({ type: 'timelineChange', currentIndex: 3 }); }");
        var april = await page.EvaluateAsync<JsonElement>(RaceNow);
        Assert.Equal(3, april.GetProperty("index").GetInt32());
        var invest = figures.GetProperty("categories").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "invest");
        Assert.Equal(Frame(invest, 3), Bars(april));
        Assert.Equal("2026-04", invest.GetProperty("race")[3].GetProperty("period").GetString());

        // The grade charts and the lost-points chart show the JSON's counts and points.
        foreach (var c in figures.GetProperty("categories").EnumerateArray().Where(c => c.GetProperty("grades").GetArrayLength() > 0))
        {
            var shown = await page.EvaluateAsync<double[]>($"() => echarts.getInstanceByDom(document.getElementById('grades-{c.GetProperty("id").GetString()}')).getOption().series[0].data");
            Assert.Equal(c.GetProperty("grades").EnumerateArray().Select(g => (double)g.GetProperty("count").GetInt32()), shown);
        }
        var lost = await page.EvaluateAsync<double[]>("() => echarts.getInstanceByDom(document.getElementById('loss-chart')).getOption().series[0].data");
        Assert.Equal(figures.GetProperty("losses").EnumerateArray().Select(l => l.GetProperty("lost").GetDouble()), lost);
        Assert.Equal(10, lost.Length);

        // Canvases drawn; names whole, no codes alone, no raw JSON.
        // The demo's towns, departments and state companies have grades (the investment teams none): 3 + race + losses.
        var drawn = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('#race-chart, #loss-chart, .cockpit-grades')].filter(el => echarts.getInstanceByDom(el) && el.querySelector('canvas').width > 0).map(el => el.id)");
        Assert.Equal(new[] { "grades-towns", "grades-depts", "grades-soe", "race-chart", "loss-chart" }, drawn);
        var findings = await PageChecks.CheckAsync(page);
        Assert.True(findings.Clean(phone: false), findings.ToString());
        // For the picture only (PACESETTER_SCREENSHOTS): the towns' race played again to its end, 11 s.
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("PACESETTER_SCREENSHOTS")))
        {
            await page.Locator("#race-category").SelectOptionAsync("towns");
            await page.WaitForFunctionAsync("() => { const t = echarts.getInstanceByDom(document.getElementById('race-chart')).getOption().timeline[0]; return t.currentIndex === t.data.length - 1; }",
                null, new() { Timeout = 40_000 });
            await BrowserApp.ScreenshotAsync(page, "cockpit");
        }
    }

    [BrowserFact]
    public async Task The_kiosk_opens_without_sign_in_in_large_type_and_turns_to_the_next_category()
    {
        var admin = await browser.NewPageAsync(width: 1366, height: 900);
        await BrowserApp.SignInAsync(admin, "admin", DemoData.Password);
        await admin.GotoAsync("/kiosk/links");
        await admin.Locator("#link-name").FillAsync("一楼大厅");
        await BrowserApp.ClickToNewDocumentAsync(admin, admin.GetByRole(AriaRole.Button, new() { Name = "创建链接" }));
        var address = await admin.Locator("#new-link-address").InputValueAsync();
        Assert.Matches("/kiosk/[A-Za-z0-9_-]{43}$", address);

        // At the default 15 seconds a board: measured and saved while it stands still.
        var kiosk = await browser.NewPageAsync(width: 1920, height: 1080);
        await kiosk.GotoAsync(new Uri(address).AbsolutePath);
        await Expect(kiosk.Locator("#kiosk-org")).ToHaveTextAsync(DemoData.OrganizationName);
        await Expect(kiosk.Locator("#kiosk-clock")).ToContainTextAsync("北京时间");
        var first = kiosk.Locator(".kiosk-board[data-category=towns]");
        await Expect(first).ToBeVisibleAsync();
        await Expect(first.Locator("h1")).ToHaveTextAsync("镇街");

        // Readable from across a room: rows at least 28 px high, the whole board on the screen, a dark background.
        var rows = await first.Locator("tbody tr").EvaluateAllAsync<double[]>("rs => rs.map(r => r.getBoundingClientRect().height)");
        Assert.Equal(8, rows.Length);
        Assert.All(rows, h => Assert.True(h >= 28, $"a row is {h} px high"));
        Assert.True(await first.EvaluateAsync<bool>("b => b.getBoundingClientRect().bottom <= window.innerHeight"), "the board runs off the screen");
        Assert.Equal("rgb(13, 17, 23)", await kiosk.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor"));
        var findings = await PageChecks.CheckAsync(kiosk);
        Assert.True(findings.Clean(phone: false), findings.ToString());
        await BrowserApp.ScreenshotAsync(kiosk, "kiosk");

        // Every second: the departments' board after the towns'.
        await kiosk.GotoAsync(new Uri(address).AbsolutePath + "?seconds=1");
        await Expect(kiosk.Locator(".kiosk-board[data-category=depts]")).ToBeVisibleAsync(new() { Timeout = 5_000 });
        await Expect(kiosk.Locator(".kiosk-board[data-category=depts] h1")).ToHaveTextAsync("职能部门");
        await Expect(first).ToBeHiddenAsync();
    }
}
