using Microsoft.Playwright;
using Pacesetter.Web.Demo;
using Xunit.Abstractions;

namespace Pacesetter.Web.Tests.Browser;

/// <summary>
/// Issue #8: the main pages as each demo role sees them, in Chinese, on a laptop (1366×900) and a phone (390×844).
/// Each page is saved as a screenshot when <c>PACESETTER_SCREENSHOTS</c> names a folder (BrowserApp.ScreenshotAsync)
/// and must show no text broken one character per line, no document wider than the phone, no raw JSON and no demo
/// code standing alone (PageChecks).
/// </summary>
public class ScreenshotTests(BrowserApp browser, ITestOutputHelper output) : IClassFixture<BrowserApp>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>The app is shared by the class: each test fails on its own pages' policy violations.</summary>
    public Task DisposeAsync() => browser.EnsureNoPolicyViolationsAsync();

    private const string Org = DemoData.Slug;

    /// <summary>
    /// Pages owned by other helpers of issue #8 that fail these checks on this branch, with what fails: they are
    /// still visited, saved and checked, and reported in the test's output. The lead empties this list as their
    /// branches land; a page listed here that passes fails the test, so that the list stays true.
    /// </summary>
    public static readonly HashSet<string> Pending = new(StringComparer.Ordinal)
    {
    };

    /// <summary>The pages a role visits: (name, address). The file is "&lt;name&gt;-desktop.png", with "-&lt;role&gt;" after the name for roles other than admin.</summary>
    private static (string Name, string Url)[] PagesOf(string role) => role switch
    {
        "admin" =>
        [
            ("home", "/"),
            ("schemes", Routes.Schemes(Org)),
            ("editor", Routes.Scheme(Org, DemoData.DraftPeriod)),
            ("matrix", Routes.Matrix(Org, DemoData.DraftPeriod)),
            ("entry", Routes.Entry(Org, DemoData.DraftPeriod)),
            ("preview", Routes.Preview(Org, "2026-10")),
            ("units", Routes.Units(Org)),
            ("users", Routes.Users(Org)),
            ("audit", Routes.Audit(Org)),
            ("tokens", Routes.Tokens(Org)),
            ("platform", "/platform/organizations"),
        ],
        "leader" => [("home", "/"), ("matrix", Routes.Matrix(Org, DemoData.DraftPeriod)), ("preview", Routes.Preview(Org, "2026-10"))],
        "assessor.econ" => [("home", "/"), ("entry", Routes.Entry(Org, DemoData.DraftPeriod))],
        "reporter.t1" => [("home", "/"), ("entry", Routes.Entry(Org, DemoData.DraftPeriod)), ("tokens", Routes.Tokens(Org))],
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var role in new[] { "admin", "leader", "assessor.econ", "reporter.t1" })
        {
            data.Add(role, false);
            data.Add(role, true);
        }
        return data;
    }

    [BrowserTheory]
    [MemberData(nameof(Cases))]
    public async Task The_main_pages_show_names_unbroken_text_and_no_JSON(string role, bool phone)
    {
        var page = await browser.NewPageAsync(width: phone ? 390 : 1366, height: phone ? 844 : 900);
        await BrowserApp.SignInAsync(page, role, DemoData.Password);
        var failures = new List<string>();
        foreach (var (name, url) in PagesOf(role))
        {
            var response = await page.GotoAsync(url);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var file = role == "admin" ? name : $"{name}-{role.Split('.')[0]}";
            var saved = await BrowserApp.ScreenshotAsync(page, file);
            var findings = await PageChecks.CheckAsync(page);
            var clean = response!.Status == 200 && await page.Locator("html").GetAttributeAsync("lang") == "zh-CN" && findings.Clean(phone);
            var key = $"{name}-{(phone ? "phone" : "desktop")}";
            var seen = $"{role} {key} ({url}, {response.Status}{(saved is null ? "" : ", " + saved)}): {findings}";
            if (Pending.Contains(key))
            {
                output.WriteLine($"PENDING (another helper's page): {seen}");
                if (clean) failures.Add($"{key} now passes: remove it from ScreenshotTests.Pending");
            }
            else if (!clean)
            {
                failures.Add(seen);
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
