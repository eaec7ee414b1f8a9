using System.Text;
using Microsoft.Playwright;
using Pacesetter.Web.Demo;
using Pacesetter.Web.Pages.Races;
using static Microsoft.Playwright.Assertions;

namespace Pacesetter.Web.Tests.Browser;

/// <summary>
/// 异议 and 发布 in Chromium against the demo: the reporter of 城东街道 (T1) files an objection with evidence on October
/// (published, in its notice period), and the admin's confirmation page for November (drafts and submitted data
/// not yet approved) lists what is missing in words.
/// </summary>
public sealed class ObjectionsBrowserTests : IAsyncLifetime
{
    private const string Org = DemoData.Slug;
    private const string October = "2026-10";
    private const string November = DemoData.DraftPeriod;

    private readonly BrowserApp browser = new();

    public ObjectionsBrowserTests() => SetDefaultExpectTimeout(15_000);

    public Task InitializeAsync() => browser.InitializeAsync();

    public Task DisposeAsync() => browser.DisposeAsync();

    [BrowserFact]
    public async Task Reporter_files_an_objection_with_evidence_on_its_unit_and_sees_it_awaiting_the_answer()
    {
        var page = await browser.NewPageAsync();
        await BrowserApp.SignInAsync(page, "reporter.t1", DemoData.Password);
        await page.GotoAsync(PublishRoutes.Publish(Org, October));
        await Expect(page.Locator("#publication-state")).ToHaveTextAsync("公示中");
        // A reporter sees the notice period and its own unit's form, not the admin's forms nor the revisions.
        await Expect(page.Locator("#publish-form, #correction-form, #revisions, .answer-form")).ToHaveCountAsync(0);
        var form = page.Locator("#file-objection-T1");
        await Expect(form.GetByRole(AriaRole.Heading)).ToHaveTextAsync("对 城东街道 的结果提出异议");

        await form.GetByLabel("异议理由（必填，最多 2000 字）").FillAsync("一般公共预算收入完成值应为 1.12 亿元，附财政局出具的说明。");
        await page.Locator("#objection-evidence-T1").SetInputFilesAsync(new FilePayload
        {
            Name = "收入说明.pdf",
            MimeType = "application/pdf",
            Buffer = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"),
        });
        await Expect(page.Locator("#objection-evidence-T1-name")).ToHaveTextAsync("收入说明.pdf");
        await BrowserApp.ClickToNewDocumentAsync(page, form.GetByRole(AriaRole.Button, new() { Name = "提交异议" }));

        await Expect(page.Locator("#done")).ToContainTextAsync("已提交");
        var card = page.Locator("article.objection");
        await Expect(card).ToHaveCountAsync(1);
        await Expect(card.GetByRole(AriaRole.Heading)).ToContainTextAsync("城东街道");
        await Expect(card).ToContainTextAsync("待答复");
        await Expect(card).ToContainTextAsync("一般公共预算收入完成值应为 1.12 亿元");
        await Expect(card.GetByRole(AriaRole.Link, new() { Name = "收入说明.pdf" })).ToBeVisibleAsync();
        await Expect(card).ToContainTextAsync("北京时间");
        await BrowserApp.ScreenshotAsync(page, "objection");

        // The admin sees it with the answer form.
        var admin = await browser.NewPageAsync();
        await BrowserApp.SignInAsync(admin, "admin", DemoData.Password);
        await admin.GotoAsync(PublishRoutes.Publish(Org, October));
        await Expect(admin.Locator("article.objection .answer-form")).ToHaveCountAsync(1);
    }

    [BrowserFact]
    public async Task Admins_confirmation_lists_missing_and_unapproved_data_by_name_and_refuses_without_the_checkbox()
    {
        var page = await browser.NewPageAsync();
        await BrowserApp.SignInAsync(page, "admin", DemoData.Password);
        await page.GotoAsync(PublishRoutes.Publish(Org, November));
        await Expect(page.Locator("#not-published")).ToBeVisibleAsync();
        var missing = page.Locator("#missing tbody tr");
        Assert.True(await missing.CountAsync() > 0);
        // 城东街道's revenue is a draft, 城西街道's is submitted: named, with their states in words.
        var t1 = page.Locator("#missing tr[data-unit='T1'][data-indicator='revenue']");
        await Expect(t1).ToContainTextAsync("城东街道");
        await Expect(t1.Locator("td").Nth(1)).Not.ToHaveTextAsync("revenue");
        await Expect(t1).ToContainTextAsync("未提交（草稿）");
        await Expect(page.Locator("#missing tr[data-unit='T2'][data-indicator='revenue']")).ToContainTextAsync("已提交，待审核");
        await Expect(page.GetByLabel("数据缺失时仍然发布", new() { Exact = false })).Not.ToBeCheckedAsync();
        await BrowserApp.ScreenshotAsync(page, "publish");

        // Without the checkbox the publication is refused, and nothing is published.
        await BrowserApp.ClickToNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "确认发布" }));
        await Expect(page.Locator("#errors")).ToContainTextAsync("缺失或未审核");
        await Expect(page.Locator("#not-published")).ToBeVisibleAsync();
    }
}
