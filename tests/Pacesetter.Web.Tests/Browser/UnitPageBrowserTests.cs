using System.Text.Json;
using Microsoft.Playwright;
using Pacesetter.Web.Pages.Races;
using Pacesetter.Web.Tests.Races;
using static Microsoft.Playwright.Assertions;

namespace Pacesetter.Web.Tests.Browser;

/// <summary>
/// 单位页 in Chromium (issue #9 §3): the trend and radar charts are drawn (an ECharts canvas in each), and the data the
/// charts hold — read back from ECharts itself — are the published figures of <see cref="UnitWorld"/>: composites 93 and
/// 91.5, ranks 3 and 2; revenue 54 of 60 = 90 %, service 28.5 of 30 = 95 %, evaluation 8 of 10 = 80 %, against 城西街道's
/// 100 % each. Screenshots
/// <c>unit</c> at 1366 (a leader) and 390 px wide (the unit's own reporter), both passing the page checks.
/// </summary>
public sealed class UnitPageBrowserTests : IAsyncLifetime
{
    private readonly BrowserApp browser = new();

    public UnitPageBrowserTests() => SetDefaultExpectTimeout(15_000);

    public Task InitializeAsync() => browser.InitializeAsync();

    public Task DisposeAsync() => browser.DisposeAsync();

    private static async Task<JsonElement> OptionAsync(IPage page, string id) =>
        await page.EvaluateAsync<JsonElement>($"() => JSON.parse(JSON.stringify(echarts.getInstanceByDom(document.getElementById('{id}')).getOption()))");

    private static decimal[] Numbers(JsonElement array) => array.EnumerateArray().Select(v => v.GetDecimal()).ToArray();

    [BrowserFact]
    public async Task The_unit_page_draws_the_published_trend_and_radar_on_a_laptop_and_a_phone()
    {
        await UnitWorld.SeedAsync(browser.Server);
        var url = UnitModel.Address(UnitWorld.February, "T1");

        var leader = await browser.NewPageAsync(width: 1366, height: 900);
        await BrowserApp.SignInAsync(leader, "uz-leader", UnitWorld.Password, org: UnitWorld.Org);
        await leader.GotoAsync(url);
        await Expect(leader.Locator("#trend-chart canvas")).ToHaveCountAsync(1);
        await Expect(leader.Locator("#radar-chart canvas")).ToHaveCountAsync(1);

        var trend = await OptionAsync(leader, "trend-chart");
        Assert.Equal(["2027年1月", "2027年2月"], trend.GetProperty("xAxis")[0].GetProperty("data").EnumerateArray().Select(p => p.GetString()!));
        Assert.Equal([93m, 91.5m], Numbers(trend.GetProperty("series")[0].GetProperty("data")));
        Assert.Equal([3m, 2m], Numbers(trend.GetProperty("series")[1].GetProperty("data")));
        Assert.Equal(["综合得分", "名次"], trend.GetProperty("series").EnumerateArray().Select(s => s.GetProperty("name").GetString()!));

        var radar = await OptionAsync(leader, "radar-chart");
        Assert.Equal(["一般公共预算收入", "服务对象满意度", "综合评议"], radar.GetProperty("radar")[0].GetProperty("indicator").EnumerateArray().Select(i => i.GetProperty("name").GetString()!));
        var series = radar.GetProperty("series")[0].GetProperty("data");
        Assert.Equal(("城东街道", "城西街道"), (series[0].GetProperty("name").GetString(), series[1].GetProperty("name").GetString()));
        Assert.Equal([90m, 95m, 80m], Numbers(series[0].GetProperty("value")));
        Assert.Equal([100m, 100m, 100m], Numbers(series[1].GetProperty("value")));

        await Expect(leader.Locator("#composite")).ToHaveTextAsync("91.50");
        var desktop = await PageChecks.CheckAsync(leader);
        Assert.True(desktop.Clean(phone: false), desktop.ToString());
        await BrowserApp.ScreenshotAsync(leader, "unit");

        var reporter = await browser.NewPageAsync(width: 390, height: 844);
        await BrowserApp.SignInAsync(reporter, "uz-t1", UnitWorld.Password, org: UnitWorld.Org);
        await reporter.GotoAsync(url);
        await Expect(reporter.Locator("#trend-chart canvas")).ToHaveCountAsync(1);
        await Expect(reporter.Locator("#radar-chart canvas")).ToHaveCountAsync(1);
        Assert.Equal([93m, 91.5m], Numbers((await OptionAsync(reporter, "trend-chart")).GetProperty("series")[0].GetProperty("data")));
        var phone = await PageChecks.CheckAsync(reporter);
        Assert.True(phone.Clean(phone: true), phone.ToString());
        await BrowserApp.ScreenshotAsync(reporter, "unit");
    }
}
