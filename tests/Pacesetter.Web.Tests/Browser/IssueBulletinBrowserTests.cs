using System.IO.Compression;
using Microsoft.Playwright;
using Pacesetter.Web.Demo;
using Pacesetter.Web.Pages.Supervision;
using static Microsoft.Playwright.Assertions;

namespace Pacesetter.Web.Tests.Browser;

/// <summary>
/// 督查通报 in Chromium against the demo (ADR 0033): the office drafts June's bulletin, changes a sentence, issues it
/// (督查通报〔year of issue〕第1期, the demo's first) and downloads its Word document, which holds the changed sentence.
/// </summary>
public sealed class IssueBulletinBrowserTests : IAsyncLifetime
{
    private const string Org = DemoData.Slug;

    private readonly BrowserApp browser = new();

    public IssueBulletinBrowserTests() => SetDefaultExpectTimeout(15_000);

    public Task InitializeAsync() => browser.InitializeAsync();

    public Task DisposeAsync() => browser.DisposeAsync();

    [BrowserFact]
    public async Task Admin_drafts_June_edits_a_sentence_issues_it_and_downloads_the_docx()
    {
        var page = await browser.NewPageAsync();
        await BrowserApp.SignInAsync(page, "admin", DemoData.Password);
        await page.GotoAsync(SupervisionRoutes.Bulletins(Org));
        await page.Locator("#month").FillAsync("2026-06");
        await BrowserApp.ClickToNewDocumentAsync(page, page.Locator("#draft-button"));

        await Expect(page.Locator("#bulletin-title")).ToHaveTextAsync("督查通报（2026年6月，草稿）");
        await Expect(page.Locator("#done")).ToHaveTextAsync("已起草 2026-06 的督查通报。");
        await Expect(page.Locator("#bulletin-text h2").First).ToHaveTextAsync("一、总体情况");
        await Expect(page.Locator("#bulletin-text")).ToContainTextAsync("2026年6月末，督查室对");

        // The office rewrites the requirements (the last section) in its own words.
        var sections = await page.Locator("#edit-bulletin textarea").CountAsync();
        var last = page.Locator($"#body-{sections - 1}");
        await last.FillAsync("请各单位对照本月通报，于7月10日前报送整改情况。");
        await BrowserApp.ClickToNewDocumentAsync(page, page.Locator("#save-bulletin"));
        await Expect(page.Locator("#done")).ToHaveTextAsync("已保存修改。");
        await Expect(page.Locator("#bulletin-text")).ToContainTextAsync("请各单位对照本月通报，于7月10日前报送整改情况。");

        await BrowserApp.ClickToNewDocumentAsync(page, page.Locator("#issue-bulletin"));
        var year = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).Year;
        await Expect(page.Locator("#bulletin-title")).ToHaveTextAsync($"督查通报〔{year}〕第1期");
        await Expect(page.Locator("#done")).ToHaveTextAsync($"已印发：督查通报〔{year}〕第1期。");
        await Expect(page.Locator("#edit-bulletin")).ToHaveCountAsync(0);
        await BrowserApp.ScreenshotAsync(page, "bulletin");

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#docx-link").ClickAsync());
        Assert.Equal($"督查通报{year}-1.docx", download.SuggestedFilename);
        var path = await download.PathAsync();
        using var zip = ZipFile.OpenRead(path);
        using var reader = new StreamReader(zip.GetEntry("word/document.xml")!.Open());
        var xml = await reader.ReadToEndAsync();
        Assert.Contains("请各单位对照本月通报，于7月10日前报送整改情况。", xml);
        Assert.Contains($"〔{year}〕第1期", xml);
        Assert.Contains("关于2026年6月督查督办情况的通报", xml);
    }
}
