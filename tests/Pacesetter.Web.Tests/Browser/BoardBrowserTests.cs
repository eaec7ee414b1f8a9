using Microsoft.Playwright;
using Pacesetter.Web.Demo;
using static Microsoft.Playwright.Assertions;

namespace Pacesetter.Web.Tests.Browser;

/// <summary>
/// 排行榜 in Chromium on the demo's published October 2026, as the leader, at 1366 and 390 px: every category's board
/// with names (never one character per line), the table scrolling inside its own box on a phone (the page no wider
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
        if (width < 768)
        {
            // The wide table scrolls inside its box: wider than the box, the page itself not wider than the window.
            var sizes = await page.Locator("#board-towns .table-responsive").EvaluateAsync<int[]>("e => [e.scrollWidth, e.clientWidth]");
            var (scroll, client) = (sizes[0], sizes[1]);
            Assert.True(scroll > client, $"the table ({scroll} px) should scroll inside its box ({client} px)");
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
