using Microsoft.Playwright;
using Pacesetter.Web.Demo;
using static Microsoft.Playwright.Assertions;

namespace Pacesetter.Web.Tests.Browser;

/// <summary>
/// Issue #8 (12): the file picker speaks the page's language, not the browser's. Chromium runs with an English locale
/// here on purpose (pages are Chinese unless the person chose English, ADR 0007): its own "Choose File" would be English
/// on the Chinese page; the picker shows 选择文件 instead.
/// </summary>
public class FilePickerBrowserTests(BrowserApp browser) : IClassFixture<BrowserApp>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>The app is shared by the class: each test fails on its own pages' policy violations.</summary>
    public Task DisposeAsync() => browser.EnsureNoPolicyViolationsAsync();

    [BrowserFact]
    public async Task The_scheme_import_picker_is_labelled_in_Chinese_and_shows_the_chosen_file()
    {
        var page = await browser.NewPageAsync(locale: "en-US");
        await BrowserApp.SignInAsync(page, "admin", DemoData.Password);
        await page.GotoAsync(Routes.Schemes(DemoData.Slug));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");

        await Expect(page.Locator("#Upload-choose")).ToHaveTextAsync("选择文件");
        await Expect(page.Locator("#Upload-choose")).ToBeVisibleAsync();
        await Expect(page.Locator("#Upload-name")).ToHaveTextAsync("未选择文件");
        // The native input is hidden from sight (1×1, clipped) but still the page's labelled, focusable field.
        var box = await page.Locator("#Upload").BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.Width <= 1 && box.Height <= 1, $"native input {box.Width}×{box.Height}");
        Assert.Equal("Upload", await page.Locator("label.form-label[for=Upload]").GetAttributeAsync("for"));

        // The page's label is the input's only label; a click on the button opens the browser's file dialog.
        Assert.Equal(1, await page.Locator("label[for=Upload]").CountAsync());
        var chooser = await page.RunAndWaitForFileChooserAsync(() => page.Locator("#Upload-choose").ClickAsync());
        var file = Path.Combine(Path.GetTempPath(), $"方案-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, "{}");
        try
        {
            await chooser.SetFilesAsync(file);
            await Expect(page.Locator("#Upload-name")).ToHaveTextAsync(Path.GetFileName(file));
        }
        finally
        {
            File.Delete(file);
        }

        // One line at desktop width: the button's text does not wrap.
        var lines = await page.Locator("#Upload-choose").EvaluateAsync<int>("e => { const r = document.createRange(); r.selectNodeContents(e); return r.getClientRects().length; }");
        Assert.Equal(1, lines);

        await BrowserApp.ClickToNewDocumentAsync(page, page.Locator("#language-switch"));   // to English
        await Expect(page.Locator("#Upload-choose")).ToHaveTextAsync("Choose file");
        await Expect(page.Locator("#Upload-name")).ToHaveTextAsync("No file chosen");
    }

    [BrowserFact]
    public async Task The_evidence_picker_on_the_entry_page_is_labelled_in_Chinese_and_uploads()
    {
        var page = await browser.NewPageAsync(locale: "en-US");
        await BrowserApp.SignInAsync(page, "reporter.t1", DemoData.Password);
        await page.GotoAsync(Routes.Entry(DemoData.Slug, DemoData.DraftPeriod));

        var input = page.Locator("input.file-picker-input").First;
        var id = await input.GetAttributeAsync("id");
        Assert.StartsWith("file-", id);
        var choose = page.Locator($"#{id}-choose");
        await choose.ScrollIntoViewIfNeededAsync();
        await Expect(choose).ToHaveTextAsync("选择文件");
        await Expect(page.Locator($"#{id}-name")).ToHaveTextAsync("未选择文件");
        var file = Path.Combine(Path.GetTempPath(), $"evidence-{Guid.NewGuid():N}.pdf");
        await File.WriteAllTextAsync(file, "%PDF-1.4\n%%EOF\n");
        try
        {
            await input.SetInputFilesAsync(file);
            await Expect(page.Locator($"#{id}-name")).ToHaveTextAsync(Path.GetFileName(file));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
