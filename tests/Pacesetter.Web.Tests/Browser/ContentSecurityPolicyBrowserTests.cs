using Microsoft.Playwright;
using Pacesetter.Web.Demo;
using Pacesetter.Web.Operations;
using static Microsoft.Playwright.Assertions;

namespace Pacesetter.Web.Tests.Browser;

/// <summary>
/// The Content-Security-Policy in Chromium (issue #13, ADR 0048): the browser tests' own check notices an inline
/// script and an inline handler under the application's policy, and the pages whose scripts moved into files work
/// under it — charts drawn, names suggested, a new token copied — without one violation.
/// </summary>
public sealed class ContentSecurityPolicyBrowserTests : IAsyncLifetime
{
    private const string Org = DemoData.Slug;

    private readonly BrowserApp browser = new();

    public ContentSecurityPolicyBrowserTests() => SetDefaultExpectTimeout(15_000);

    public Task InitializeAsync() => browser.InitializeAsync();

    public Task DisposeAsync() => browser.DisposeAsync();

    [BrowserFact]
    public async Task The_check_notices_an_inline_script_and_an_inline_handler_under_the_policy()
    {
        var page = await browser.NewPageAsync();
        // A page of the application's address, served with the application's policy, holding what the policy forbids.
        await page.RouteAsync("**/csp-probe", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200,
            ContentType = "text/html",
            Headers = new Dictionary<string, string> { ["Content-Security-Policy"] = SecurityHeaders.ContentSecurityPolicy },
            Body = "<!DOCTYPE html><html><body><script>document.title = 'ran';</script><button id=b onclick=\"document.title = 'clicked'\">b</button></body></html>",
        }));
        await page.GotoAsync("/csp-probe");
        await page.Locator("#b").ClickAsync();
        await page.WaitForFunctionAsync("() => window.pacesetterPolicyViolations.length >= 2");

        var found = await browser.TakePolicyViolationsAsync();
        Assert.Equal(
        [
            "script-src-elem refused inline on /csp-probe line 1: ",
            "script-src-attr refused inline on /csp-probe line 0: ",
        ], found);
        Assert.Equal("", await page.TitleAsync());
    }

    [BrowserFact]
    public async Task The_pages_whose_scripts_moved_into_files_work_under_the_policy()
    {
        var page = await browser.NewPageAsync();
        await BrowserApp.SignInAsync(page, "admin", DemoData.Password);

        // The preview's charts: one canvas per category, drawn by preview.js from the elements' data.
        await page.GotoAsync(Routes.Preview(Org, "2026-10"));
        var charts = page.Locator(".preview-chart");
        Assert.True(await charts.CountAsync() > 0);
        await Expect(page.Locator(".preview-chart canvas")).ToHaveCountAsync(await charts.CountAsync());

        // The matrix: a cell opens its datum in the panel (matrix.js).
        await page.GotoAsync(Routes.Matrix(Org, DemoData.DraftPeriod));
        await page.Locator("table.mx td").First.ClickAsync();
        await Expect(page.Locator("#cell-panel [data-cell]")).ToHaveCountAsync(1);

        // A new scheme's name follows its period (scheme-new.js).
        await page.GotoAsync(Routes.Schemes(Org) + "/new");
        await page.Locator("#Period").FillAsync("2027-Q2");
        await Expect(page.Locator("#Name")).ToHaveValueAsync("2027年第二季度综合考核");

        // The editor marks an unsaved change (scheme-editor.js).
        await page.GotoAsync(Routes.Scheme(Org, DemoData.DraftPeriod));
        await Expect(page.Locator("#unsaved")).ToBeHiddenAsync();

        // A new API token is selected when focused and its button copies it (site.js).
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await page.GotoAsync(Routes.Tokens(Org));
        await page.Locator("#token-name").FillAsync("csp");
        await BrowserApp.ClickToNewDocumentAsync(page, page.Locator("#create-token button[type=submit]"));
        var token = await page.Locator("#new-token-value").InputValueAsync();
        Assert.StartsWith("ps_", token);
        await page.Locator("[data-copy-from='new-token-value']").ClickAsync();
        Assert.Equal(token, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));

        // The public posting's print button is a file's handler now (print.js), not an attribute.
        await page.GotoAsync($"/public/{Org}/2026-10");
        Assert.Null(await page.Locator("#print-button").GetAttributeAsync("onclick"));

        Assert.Empty(await browser.TakePolicyViolationsAsync());
    }
}
