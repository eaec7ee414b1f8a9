using Microsoft.Playwright;
using Pacesetter.Web.Demo;
using static Microsoft.Playwright.Assertions;

namespace Pacesetter.Web.Tests.Browser;

/// <summary>
/// Issue #8 defect 11 measured in Chromium: the phone's menu button is visible with its label; the preview's names and
/// the Units page's buttons keep to one line; the audit log fits the phone without scrolling sideways.
/// </summary>
public class LayoutBrowserTests(BrowserApp browser) : IClassFixture<BrowserApp>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>The app is shared by the class: each test fails on its own pages' policy violations.</summary>
    public Task DisposeAsync() => browser.EnsureNoPolicyViolationsAsync();

    private const string Org = DemoData.Slug;

    /// <summary>How many lines the element's text takes (one client rect per line box).</summary>
    private static Task<int> LinesAsync(ILocator element) =>
        element.EvaluateAsync<int>("e => { const r = document.createRange(); r.selectNodeContents(e); return new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top))).size; }");

    [BrowserFact]
    public async Task On_a_phone_the_menu_button_shows_its_label_and_opens_the_menu()
    {
        var page = await browser.NewPageAsync(width: 390, height: 844);
        await BrowserApp.SignInAsync(page, "admin", DemoData.Password);

        var button = page.Locator("#menu-button");
        await Expect(button).ToBeVisibleAsync();
        await Expect(button).ToHaveTextAsync("菜单");
        await Expect(button).ToHaveAccessibleNameAsync("菜单");
        var box = (await button.BoundingBoxAsync())!;
        Assert.True(box.Width >= 60 && box.Height >= 36, $"menu button {box.Width}×{box.Height}");
        // A solid outline in the navbar's dark red, not the faint default (15 % of the text colour).
        Assert.Equal("1px solid rgb(88, 21, 28)", await button.EvaluateAsync<string>("e => { const s = getComputedStyle(e); return `${s.borderTopWidth} ${s.borderTopStyle} ${s.borderTopColor}`; }"));

        var schemes = page.Locator("#nav").GetByRole(AriaRole.Link, new() { Name = "考核方案", Exact = true });
        await Expect(schemes).ToBeHiddenAsync();
        await button.ClickAsync();
        await Expect(schemes).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task On_a_phone_the_preview_keeps_each_unit_name_on_one_line()
    {
        var page = await browser.NewPageAsync(width: 390, height: 844);
        await BrowserApp.SignInAsync(page, "admin", DemoData.Password);
        await page.GotoAsync(Routes.Preview(Org, "2026-10"));

        var names = page.Locator("table[id^=results-] a[id^=explain-]");
        Assert.Equal(28, await names.CountAsync());
        var broken = new List<string>();
        for (int i = 0; i < 28; i++)
        {
            var name = names.Nth(i);
            if (await LinesAsync(name) != 1) broken.Add(await name.InnerTextAsync());
        }
        Assert.Empty(broken);
        // The headers too (综合得分, 流动红旗…), and the page itself does not scroll sideways: the table does, inside its frame.
        var headers = page.Locator("#results-towns th");
        for (int i = 0; i < await headers.CountAsync(); i++) Assert.Equal(1, await LinesAsync(headers.Nth(i)));
        Assert.True(await page.EvaluateAsync<bool>("() => document.scrollingElement.scrollWidth <= window.innerWidth"));
    }

    [BrowserFact]
    public async Task On_a_laptop_the_unit_buttons_keep_to_one_line()
    {
        var page = await browser.NewPageAsync(width: 1366, height: 900);
        await BrowserApp.SignInAsync(page, "admin", DemoData.Password);
        await page.GotoAsync(Routes.Units(Org));

        var buttons = page.Locator("#unit-T1 button");
        Assert.Equal(["改名", "移动", "撤销"], await buttons.AllInnerTextsAsync());
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(1, await LinesAsync(buttons.Nth(i)));
            var box = (await buttons.Nth(i).BoundingBoxAsync())!;
            Assert.True(box.Width > box.Height, $"button {i}: {box.Width}×{box.Height}");
        }
        // Every unit's row alike: no button of the page breaks its text.
        var all = page.Locator("table.unit-table button");
        var count = await all.CountAsync();
        Assert.Equal(28 * 3, count);
        var tall = await all.EvaluateAllAsync<int>("bs => bs.filter(b => { const r = document.createRange(); r.selectNodeContents(b); return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size > 1; }).length");
        Assert.Equal(0, tall);
    }

    [BrowserFact]
    public async Task On_a_phone_the_audit_log_is_stacked_and_does_not_scroll_sideways()
    {
        var page = await browser.NewPageAsync(width: 390, height: 844);
        await BrowserApp.SignInAsync(page, "admin", DemoData.Password);
        await page.GotoAsync(Routes.Audit(Org));

        Assert.Equal(50, await page.Locator("#audit tbody tr").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => document.scrollingElement.scrollWidth <= window.innerWidth"),
            "the audit log is wider than the phone");
        // Stacked: the header row is hidden and each cell says which column it is.
        await Expect(page.Locator("#audit thead")).ToBeHiddenAsync();
        var first = page.Locator("#audit tbody tr").First;
        Assert.Equal("block", await first.EvaluateAsync<string>("e => getComputedStyle(e).display"));
        Assert.Equal("\"时间\"", await first.Locator("td").First.EvaluateAsync<string>("e => getComputedStyle(e, '::before').content"));
        // The raw record opens within the width too.
        await first.Locator("details.audit-raw summary").ClickAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.scrollingElement.scrollWidth <= window.innerWidth"),
            "the opened raw record is wider than the phone");
    }
}
