using Microsoft.Playwright;
using Pacesetter.Web.Demo;

namespace Pacesetter.Web.Tests.Browser;

/// <summary>The refusal page as a reporter sees it: in Chinese, at desktop and phone size, with ways back; htmx's fragment.</summary>
public class RefusalPageBrowserTests(BrowserApp browser) : IClassFixture<BrowserApp>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>The app is shared by the class: each test fails on its own pages' policy violations.</summary>
    public Task DisposeAsync() => browser.EnsureNoPolicyViolationsAsync();

    private static async Task KeepScreenshotAsync(IPage page, string name)
    {
        var file = Path.Combine(Path.GetTempPath(), $"pacesetter-{name}-{Guid.NewGuid():N}.png");
        try
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
            Assert.InRange(new FileInfo(file).Length, 5_000, 5_000_000);
            if (Environment.GetEnvironmentVariable("PACESETTER_SCREENSHOTS") is { Length: > 0 } keep)
            {
                Directory.CreateDirectory(keep);
                File.Copy(file, Path.Combine(keep, name + ".png"), overwrite: true);
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    [BrowserFact]
    public async Task A_reporter_opening_the_audit_log_sees_the_refusal_in_Chinese_and_goes_back()
    {
        var page = await browser.NewPageAsync();
        await BrowserApp.SignInAsync(page, "reporter.t1", DemoData.Password);
        await page.GotoAsync(Routes.Tokens(DemoData.Slug));

        // As a link from the token list would (a typed address sends no Referer, and the page then offers only home).
        var response = await page.GotoAsync(Routes.Audit(DemoData.Slug), new() { Referer = page.Url });

        Assert.Equal(403, response!.Status);
        Assert.EndsWith(Routes.Audit(DemoData.Slug), page.Url);   // in place, no redirect
        Assert.Equal("无权访问 · 对标争先", await page.TitleAsync());
        Assert.Equal("无权访问", (await page.Locator("#denied h1").InnerTextAsync()).Trim());
        Assert.Equal("当前账户 reporter.t1 的角色不包括这项权限。如需要，请联系本组织的管理员。", (await page.Locator("#denied p.text-body-secondary").InnerTextAsync()).Trim());
        await KeepScreenshotAsync(page, "denied-desktop");

        await page.GetByRole(AriaRole.Link, new() { Name = "返回上一页", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**" + Routes.Tokens(DemoData.Slug));
        await page.GotoAsync(Routes.Users(DemoData.Slug));
        await page.GetByRole(AriaRole.Link, new() { Name = "回到首页", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(browser.Address.ToString());
    }

    [BrowserFact]
    public async Task On_a_phone_the_refusal_fits_the_screen_and_switches_to_English()
    {
        var page = await browser.NewPageAsync(width: 390, height: 844);
        await BrowserApp.SignInAsync(page, "reporter.t1", DemoData.Password);

        await page.GotoAsync(Routes.Schemes(DemoData.Slug));

        var home = page.Locator("#denied-home");
        Assert.True(await home.IsVisibleAsync());
        var box = (await home.BoundingBoxAsync())!;
        Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"the home button spans {box.X}..{box.X + box.Width} of 390");
        Assert.Equal(390, await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));
        await KeepScreenshotAsync(page, "denied-phone");

        // The switch (in the collapsed menu on a phone) returns to the refused page, now in English.
        await page.Locator(".navbar-toggler").ClickAsync();
        // Bootstrap's collapse animates the menu open; the switch is clicked once it stands (class "show"), not while
        // it still slides (a click then was seen to land without loading the page, under load).
        await page.Locator("#nav.show").WaitForAsync();
        await BrowserApp.ClickToNewDocumentAsync(page, page.Locator("#language-switch"));
        Assert.EndsWith(Routes.Schemes(DemoData.Slug), page.Url);
        Assert.Equal("Access denied", (await page.Locator("#denied h1").InnerTextAsync()).Trim());
    }

    [BrowserFact]
    public async Task An_htmx_request_refused_shows_the_fragment_at_the_top_of_the_page()
    {
        var page = await browser.NewPageAsync();
        await BrowserApp.SignInAsync(page, "reporter.t1", DemoData.Password);
        await page.GotoAsync(Routes.Tokens(DemoData.Slug));

        // A request htmx sends for the reporter into the token list; the answer is 403 and goes to #page-alert instead.
        await page.EvaluateAsync($"() => htmx.ajax('GET', '{Routes.Audit(DemoData.Slug)}', {{ target: 'main h1', swap: 'outerHTML' }})");

        var alert = page.Locator("#page-alert #denied");
        await alert.WaitForAsync();
        Assert.Equal("alert", await alert.GetAttributeAsync("role"));
        Assert.Contains("您没有访问此页面的权限。", await alert.InnerTextAsync());
        Assert.Equal(1, await page.Locator("main h1").CountAsync());   // the targeted heading is untouched
    }
}
