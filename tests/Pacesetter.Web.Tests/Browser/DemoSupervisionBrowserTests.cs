using Microsoft.Playwright;
using Pacesetter.Web.Demo;
using Pacesetter.Web.Pages.Supervision;
using static Microsoft.Playwright.Assertions;

namespace Pacesetter.Web.Tests.Browser;

/// <summary>
/// The demo's supervision as a new user meets it (ADR 0035): the reporter of 城投集团 on a phone finds its matter
/// 新建公共停车泊位2000个 marked overdue (past 2026-11-15 unfinished) with its red card and the office's reminder; the
/// office on a laptop sees every supervised matter on the timeline with the overdue one hatched.
/// </summary>
public sealed class DemoSupervisionBrowserTests : IAsyncLifetime
{
    private const string Org = DemoData.Slug;

    private readonly BrowserApp browser = new() { Supervision = true };

    public DemoSupervisionBrowserTests() => SetDefaultExpectTimeout(15_000);

    public Task InitializeAsync() => browser.InitializeAsync();

    public Task DisposeAsync() => browser.DisposeAsync();

    [BrowserFact]
    public async Task A_reporter_sees_its_overdue_matter_at_phone_size_and_the_office_sees_the_timeline()
    {
        var phone = await browser.NewPageAsync(width: 390, height: 844);
        await BrowserApp.SignInAsync(phone, "reporter.s1", DemoData.Password);
        // The nav is folded behind the menu button on a phone: the button carries the unread count (six: see DemoSupervisionTests).
        await Expect(phone.Locator("#menu-unread")).ToBeVisibleAsync();
        await Expect(phone.Locator("#menu-unread")).ToHaveTextAsync("6 条未读通知");
        await phone.GotoAsync(SupervisionRoutes.Tasks(Org));
        // 城投集团 is responsible for MS-01 only (a co-unit of none).
        var row = phone.Locator("#matters [data-task]");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToHaveAttributeAsync("data-task", "MS-01");
        await Expect(row).ToHaveAttributeAsync("data-overdue", "true");
        await Expect(row.Locator(".overdue-badge")).ToHaveTextAsync("逾期");
        var list = await PageChecks.CheckAsync(phone);
        Assert.True(list.Clean(phone: true), list.ToString());
        await BrowserApp.ScreenshotAsync(phone, "demo-matters");

        await BrowserApp.ClickToNewDocumentAsync(phone, row);
        await Expect(phone.Locator("#overdue")).ToBeVisibleAsync();
        await Expect(phone.Locator("#reminders")).ToContainTextAsync(DemoSupervision.Reminder);
        // People by name, not log-in; a deadline at the end of a day as that day's 24:00.
        await Expect(phone.Locator("#reminders")).ToContainTextAsync("考核办管理员 · ");
        await Expect(phone.Locator("#next-step")).ToHaveTextAsync("待办：反馈，期限 2026-11-15 24:00 北京时间");
        await Expect(phone.Locator("#progress-list li").First.Locator(".report-percent")).ToHaveTextAsync("85%");
        var detail = await PageChecks.CheckAsync(phone);
        Assert.True(detail.Clean(phone: true), detail.ToString());
        Assert.True(detail.Overflow <= 0, $"the page scrolls sideways by {detail.Overflow} px");
        await BrowserApp.ScreenshotAsync(phone, "demo-matter");

        var desk = await browser.NewPageAsync(width: 1366, height: 900);
        await BrowserApp.SignInAsync(desk, "admin", DemoData.Password);

        // The hub's figures: under way are the eight matters from 下发 to 复核 (not JB-01, 办结, nor ZD-04, 立项); the
        // standing cards are those of the last month-end not lifted since: red MS-01 and XM-01-M2, yellow ZD-02 and ZD-03.
        await desk.GotoAsync(SupervisionRoutes.Hub(Org));
        async Task<string> Figure(string key) => await desk.Locator($"#hub-figures [data-figure='{key}'] [data-count]").InnerTextAsync();
        Assert.Equal(("8", "2", "2"), (await Figure("underway"), await Figure("red"), await Figure("yellow")));
        var overdue = int.Parse(await Figure("overdue"), System.Globalization.CultureInfo.InvariantCulture);
        await BrowserApp.ScreenshotAsync(desk, "demo-hub");
        // Each figure opens its list: the red cards are MS-01 and XM-01-M2; the overdue ones as many as the figure, MS-01 among them.
        await BrowserApp.ClickToNewDocumentAsync(desk, desk.Locator("#hub-figures [data-figure='red']"));
        await Expect(desk.Locator("#matters [data-task]")).ToHaveCountAsync(2);
        Assert.Equal(["MS-01", "XM-01-M2"], await desk.Locator("#matters [data-task]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.task)"));
        await desk.GotoAsync(SupervisionRoutes.Hub(Org));
        await BrowserApp.ClickToNewDocumentAsync(desk, desk.Locator("#hub-figures [data-figure='overdue']"));
        await Expect(desk.Locator("#matters [data-task]")).ToHaveCountAsync(overdue);
        await Expect(desk.Locator("#matters [data-task='MS-01']")).ToHaveAttributeAsync("data-overdue", "true");
        await desk.GotoAsync(SupervisionRoutes.Timeline(Org) + "?from=2026-01-01&to=2027-06-30");
        // The nine matters from 下发 onwards (ZD-04 is still a draft).
        var bars = desk.Locator("g.bar");
        await Expect(bars).ToHaveCountAsync(9);
        await Expect(desk.Locator("g.bar[data-overdue='true']")).ToHaveCountAsync(1);
        await Expect(desk.Locator("g.bar[data-overdue='true']")).ToHaveAttributeAsync("data-task", "MS-01");
        await Expect(desk.Locator("g.bar[data-task='ZD-01']")).ToHaveAttributeAsync("data-card", "");
        // Every row's label ends before the chart begins (x 160 of the drawing), whatever its mix of code and Chinese name.
        var overlaps = await desk.EvaluateAsync<string[]>("() => [...document.querySelectorAll('g.bar text')].filter(t => { const b = t.getBBox(); return b.x + b.width > 160; }).map(t => t.textContent)");
        Assert.Empty(overlaps);
        await Expect(desk.Locator("g.bar[data-task='ZD-01'] text")).ToHaveTextAsync("ZD-01 城东街道老旧小区…");
        // Over eighteen months the month labels are narrow: a year's first names the year alone, none runs into the next.
        Assert.Equal(["2026年", "2027年"], await desk.EvaluateAsync<string[]>("() => [...document.querySelectorAll('#timeline-svg > text')].map(t => t.textContent).filter(t => t.includes('年'))"));
        var crowded = await desk.EvaluateAsync<string[]>("() => { const ts = [...document.querySelectorAll('#timeline-svg > text')]; return ts.slice(1).filter((t, i) => { const b = ts[i].getBBox(); return b.x + b.width > t.getBBox().x; }).map(t => t.textContent); }");
        Assert.Empty(crowded);
        var timeline = await PageChecks.CheckAsync(desk);
        Assert.True(timeline.Clean(phone: false), timeline.ToString());
        await BrowserApp.ScreenshotAsync(desk, "demo-timeline");

        // October's bulletin, issued by the office, and the started project's stages name the people who acted.
        await desk.GotoAsync(SupervisionRoutes.Bulletin(Org, 1));
        await Expect(desk.Locator("h1")).ToHaveTextAsync("督查通报〔2026〕第1期");
        await Expect(desk.Locator("main")).ToContainTextAsync("考核办管理员 于 ");
        await desk.GotoAsync(SupervisionRoutes.Project(Org, "XM-01"));
        await Expect(desk.Locator("main")).ToContainTextAsync("· 考核办管理员 · ");
        await Expect(desk.Locator("main")).Not.ToContainTextAsync("· admin ·");
    }
}
