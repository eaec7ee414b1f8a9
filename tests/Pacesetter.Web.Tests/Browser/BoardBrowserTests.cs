using Microsoft.Playwright;
using Pacesetter.Web.Demo;
using static Microsoft.Playwright.Assertions;

namespace Pacesetter.Web.Tests.Browser;

/// <summary>
/// 排行榜 in Chromium on the demo's published October 2026, as the leader, at 1366 and 390 px: every category's board
/// with names (never one character per line), on a phone with fewer columns and no sideways scrolling (the page no wider
/// than the window), rank-change arrows, and the red flag strip on /races. Screenshots <c>board</c> and <c>races</c>.
/// </summary>
public sealed class BoardBrowserTests : IAsyncLifetime
{
    private readonly BrowserApp browser = new();

    public BoardBrowserTests() => SetDefaultExpectTimeout(15_000);

    public Task InitializeAsync() => browser.InitializeAsync();

    public Task DisposeAsync() => browser.DisposeAsync();

    [BrowserTheory]
    [InlineData(1366, 900)]
    [InlineData(390, 844)]
    public async Task The_leader_reads_the_board_and_the_flag_strip_at_every_width(int width, int height)
    {
        var page = await browser.NewPageAsync(width: width, height: height);
        await BrowserApp.SignInAsync(page, "leader", DemoData.Password);

        await page.GotoAsync($"/races/2026-10");
        foreach (var c in DemoData.Categories)
        {
            var rows = page.Locator($"#board-table-{c.Code} tbody tr");
            await Expect(rows).ToHaveCountAsync(c.Units.Count);
        }
        // September is published: every unit of October has a rank change (an arrow, or – for none), none is 新.
        await Expect(page.Locator("#board-table-towns .race-new")).ToHaveCountAsync(0);
        Assert.Equal(8, await page.Locator("#board-table-towns .race-move").CountAsync());
        await Expect(page.Locator("#revision")).ToContainTextAsync("第1版");
        await Expect(page.Locator("#standing")).ToHaveTextAsync("公示中");

        var findings = await PageChecks.CheckAsync(page);
        Assert.True(findings.Clean(phone: width < 768), findings.ToString());
        // Every column's heading that is shown, left to right: on a phone base, bonus and penalty give way, so that grade,
        // label and flag are seen without scrolling (the unit's page has the parts of the composite).
        var shown = await page.Locator("#board-table-towns thead th").EvaluateAllAsync<string[]>(
            "ths => ths.filter(th => th.offsetParent !== null).map(th => th.textContent.trim())");
        Assert.Equal(width < 768 ? ["名次", "单位", "综合得分", "名次变化", "等次", "称号", "流动红旗"] : ["名次", "单位", "综合得分", "名次变化", "基本分", "加分", "扣分", "等次", "称号", "流动红旗"], shown);
        if (width < 768)
        {
            // The first row's last cell ends inside the window, and the table needs no scrolling in its box.
            var right = await page.Locator("#board-table-towns tbody tr").First.Locator("td:visible").Last.EvaluateAsync<double>("e => e.getBoundingClientRect().right");
            // Each shown heading with where it starts and how wide it is, for the message.
            var widths = await page.Locator("#board-table-towns thead th").EvaluateAllAsync<string[]>(
                "ths => ths.filter(th => th.offsetParent !== null).map(th => th.textContent.trim() + ':' + Math.round(th.getBoundingClientRect().left) + '+' + Math.round(th.getBoundingClientRect().width))");
            Assert.True(right <= width, $"the flag column ends at {right} px, beyond the {width} px window: " + string.Join(" ", widths));
            var sizes = await page.Locator("#board-towns .table-responsive").EvaluateAsync<int[]>("e => [e.scrollWidth, e.clientWidth]");
            Assert.True(sizes[0] <= sizes[1], $"the table ({sizes[0]} px) scrolls inside its box ({sizes[1]} px)");
        }
        await BrowserApp.ScreenshotAsync(page, "board");

        await page.GotoAsync($"/races");
        await Expect(page.Locator("#strip-towns tr[data-kind=month] td")).ToHaveCountAsync(10);
        await Expect(page.Locator("#strip-towns tr[data-kind=quarter] td")).ToHaveCountAsync(3);
        var strip = await PageChecks.CheckAsync(page);
        Assert.True(strip.Clean(phone: width < 768), strip.ToString());
        await BrowserApp.ScreenshotAsync(page, "races");
    }
}
