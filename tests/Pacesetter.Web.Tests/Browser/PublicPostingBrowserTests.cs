using Microsoft.Playwright;
using Pacesetter.Web.Demo;

namespace Pacesetter.Web.Tests.Browser;

/// <summary>
/// 张榜公示 in Chromium: an anonymous visitor on the demo's published October at a laptop's and a phone's width (saved
/// as the screenshots <c>public-desktop.png</c> / <c>public-phone.png</c>), and the page printed: the QR code of its
/// address shows, the buttons do not.
/// </summary>
public class PublicPostingBrowserTests(BrowserApp browser) : IClassFixture<BrowserApp>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>The app is shared by the class: each test fails on its own pages' policy violations.</summary>
    public Task DisposeAsync() => browser.EnsureNoPolicyViolationsAsync();

    private static readonly string Posting = $"/public/{DemoData.Slug}/2026-10";

    [BrowserTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_anonymous_visitor_reads_the_posting_by_name_unbroken_on_a_laptop_and_a_phone(bool phone)
    {
        var page = await browser.NewPageAsync(width: phone ? 390 : 1366, height: phone ? 844 : 900);
        var response = await page.GotoAsync(Posting);
        Assert.Equal(200, response!.Status);
        Assert.EndsWith(Posting, page.Url);   // no sign-in asked
        Assert.Equal("zh-CN", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.StartsWith("关于示范开发区2026年10月综合考核结果的公示", await page.TitleAsync());
        await BrowserApp.ScreenshotAsync(page, "public");

        // Every category of the demo has its table, and the signed-in site's menu is not there.
        Assert.Equal(DemoData.Categories.Count, await page.Locator("table.posting-table").CountAsync());
        Assert.Equal(0, await page.Locator("nav[aria-label=main]").CountAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "退出" }).CountAsync());
        // The buttons show on screen, the QR code only on paper.
        Assert.True(await page.Locator("#print-button").IsVisibleAsync());
        Assert.False(await page.Locator("#posting-qr").IsVisibleAsync());

        var findings = await PageChecks.CheckAsync(page);
        Assert.True(findings.Clean(phone), findings.ToString());
    }

    [BrowserFact]
    public async Task Printed_the_posting_shows_its_QR_code_and_hides_its_buttons()
    {
        var page = await browser.NewPageAsync(width: 1366, height: 900);
        await page.GotoAsync(Posting);
        await page.EmulateMediaAsync(new() { Media = Media.Print });

        var qr = page.Locator("#posting-qr img");
        Assert.True(await qr.IsVisibleAsync());
        // The image is drawn (an SVG decoded to its size), beside this page's own address.
        Assert.True(await qr.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"));
        Assert.Equal(browser.Address.ToString().TrimEnd('/') + Posting, (await page.Locator("#posting-qr .posting-address").InnerTextAsync()).Trim());
        foreach (var hidden in new[] { "#print-button", "#csv-link", "#periods-link", "#language-switch" })
        {
            Assert.False(await page.Locator(hidden).IsVisibleAsync(), hidden + " is printed");
        }
        Assert.True(await page.Locator("#posting-issuer").IsVisibleAsync());
        // A4 portrait: the page's size as the print stylesheet sets it, and the PDF Chromium makes of it has pages.
        var pdf = await page.PdfAsync(new() { PreferCSSPageSize = true });
        var text = System.Text.Encoding.Latin1.GetString(pdf);
        Assert.StartsWith("%PDF-", text);
        // A4 is 210 × 297 mm = 595.28 × 841.89 points; Chromium writes its pages' box rounded to its own units.
        var boxes = System.Text.RegularExpressions.Regex.Matches(text, @"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]");
        Assert.NotEmpty(boxes);
        foreach (System.Text.RegularExpressions.Match box in boxes)
        {
            Assert.InRange(double.Parse(box.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 594, 596);
            Assert.InRange(double.Parse(box.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), 841, 843);
        }
        var folder = Environment.GetEnvironmentVariable("PACESETTER_SCREENSHOTS");
        if (!string.IsNullOrWhiteSpace(folder))
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "public-print.png"), FullPage = true });
            await File.WriteAllBytesAsync(Path.Combine(folder, "public-print.pdf"), pdf);
        }
    }
}
