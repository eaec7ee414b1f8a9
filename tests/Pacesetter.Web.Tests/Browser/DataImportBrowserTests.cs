using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pacesetter.Web.Demo;
using static Microsoft.Playwright.Assertions;

namespace Pacesetter.Web.Tests.Browser;

/// <summary>
/// 从表格导入 in Chromium against the demo (issue #11 §3): the office opens the import page from November's data
/// entry, previews a long table (what changes, in words; nothing stored yet), confirms, and the figures are stored
/// approved; a file with a problem says where at its cell. At desktop and phone size.
/// </summary>
public sealed class DataImportBrowserTests : IAsyncLifetime
{
    private const string Org = DemoData.Slug;
    private const string November = DemoData.DraftPeriod;

    private readonly BrowserApp browser = new();

    public DataImportBrowserTests() => SetDefaultExpectTimeout(15_000);

    public Task InitializeAsync() => browser.InitializeAsync();

    public Task DisposeAsync() => browser.DisposeAsync();

    [BrowserFact]
    public async Task The_office_previews_a_table_then_imports_it_and_a_bad_cell_is_named()
    {
        var page = await browser.NewPageAsync();
        await BrowserApp.SignInAsync(page, "admin", DemoData.Password);
        await page.GotoAsync(Routes.Entry(Org, November));
        await BrowserApp.ClickToNewDocumentAsync(page, page.Locator("#import-link"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("从表格导入数据 · 2026年11月");
        await Expect(page.Locator("#template")).ToHaveAttributeAsync("href", $"/orgs/{Org}/periods/{November}/template.xlsx");

        // A word for a number: said at its cell, nothing to confirm.
        await page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "十一月.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes("单位,指标,值\n城东街道,腾出净地(亩),很多\n") });
        await page.Locator("#preview-button").ClickAsync();
        await Expect(page.Locator("#problems")).ToContainTextAsync("十一月!C2: “很多”不是数字");
        await Expect(page.Locator("#confirm")).ToHaveCountAsync(0);

        await page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "十一月.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes("单位,指标,值\n城东街道,腾出净地(亩),\"1,250\"\n城西街道,腾出净地(亩),８６０\n") });
        await page.Locator("#preview-button").ClickAsync();
        await Expect(page.Locator("#summary")).ToHaveTextAsync("十一月.csv：将导入 2 项数据，0 项与现有数据相同不变。");
        await Expect(page.Locator("#changes tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#changes tr[data-unit='T1'] td").Nth(3)).ToHaveTextAsync("1250");
        await Expect(page.Locator("#changes tr[data-unit='T2'] td").Nth(3)).ToHaveTextAsync("860");
        await BrowserApp.ScreenshotAsync(page, "import-preview");
        await BrowserApp.ClickToNewDocumentAsync(page, page.Locator("#confirm"));
        await Expect(page.Locator("#done")).ToHaveTextAsync("已导入 2 项数据（0 项未变）：十一月.csv。");

        await using var db = browser.Server.NewDb();
        Assert.Equal(["T1 1250 Approved admin", "T2 860 Approved admin"],
            (await db.DatumEntries.Where(d => d.Period == November && d.IndicatorId == "land" && (d.UnitCode == "T1" || d.UnitCode == "T2")).ToListAsync())
                .OrderBy(d => d.UnitCode).Select(d => $"{d.UnitCode} {d.Value} {d.State} {d.UpdatedBy}"));

        // At phone size the page fits its width.
        var phone = await browser.NewPageAsync(width: 390, height: 844);
        await BrowserApp.SignInAsync(phone, "reporter.t1", DemoData.Password);
        await phone.GotoAsync(Pacesetter.Web.Pages.DataImport.DataImportRoutes.Page(Org, November));
        await Expect(phone.Locator("#template")).ToBeVisibleAsync();
        Assert.True(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the import page fits the phone's width");
        await BrowserApp.ScreenshotAsync(phone, "import-phone");
    }
}
