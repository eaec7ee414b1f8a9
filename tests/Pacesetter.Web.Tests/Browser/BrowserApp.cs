using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Pacesetter.Web.Tests.Browser;

/// <summary>
/// Debian's Chromium (<c>PACESETTER_CHROMIUM</c>, default <c>/usr/bin/chromium</c>), driven by Playwright. Playwright
/// never downloads a browser here: it launches this executable. In CI (<c>CI=true</c>) a missing Chromium is a
/// failure; elsewhere the browser tests are skipped with that reason.
/// </summary>
public static class Chromium
{
    public static string Path => Environment.GetEnvironmentVariable("PACESETTER_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    public static bool Available => File.Exists(Path);

    public static bool Required => Environment.GetEnvironmentVariable("CI") == "true";

    public static string Missing => $"no Chromium at {Path}: install it (apt-get install chromium) or set PACESETTER_CHROMIUM";

    /// <summary>Headless, no sandbox (CI runs as root), nothing that reaches the network on its own.</summary>
    public static readonly string[] Arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps",
    ];
}

/// <summary>A test that needs Chromium: skipped without it on a developer's machine, run (and failed) in CI.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!Chromium.Available && !Chromium.Required) Skip = Chromium.Missing + " (with CI=true this fails instead)";
    }
}

/// <summary>A theory that needs Chromium, skipped or failed as <see cref="BrowserFactAttribute"/>.</summary>
public sealed class BrowserTheoryAttribute : TheoryAttribute
{
    public BrowserTheoryAttribute()
    {
        if (!Chromium.Available && !Chromium.Required) Skip = Chromium.Missing + " (with CI=true this fails instead)";
    }
}

/// <summary>
/// The application with the demo organization on a fresh SQLite file, listening on a real loopback port (Kestrel on
/// 127.0.0.1, a free port), and one Chromium for the test class. Each test opens its own browser context: its own
/// cookies, Chinese (<c>zh-CN</c>) as the browser's language, a phone-or-laptop sized window.
/// </summary>
public sealed class BrowserApp : IAsyncLifetime
{
    private TestApp? app;

    /// <summary>With the demo's supervision (ADR 0035); without it by default (xUnit's class fixtures take no arguments).</summary>
    public bool Supervision { get; init; }
    private IBrowser? browser;

    /// <summary>This app's browser contexts: its pages, its policy violations, closed with it.</summary>
    private readonly System.Collections.Concurrent.ConcurrentBag<IBrowserContext> contexts = [];

    /// <summary>
    /// One Chromium for the whole run (a launch with its driver costs seconds, and the run had 31): each app's pages
    /// live in contexts of their own (no cookies, storage or cache shared), closed with the app. A browser that has
    /// gone (crashed) is launched again for the next app.
    /// </summary>
    private static (IPlaywright Playwright, IBrowser Browser)? shared;
    private static readonly SemaphoreSlim Launching = new(1, 1);

    private static async Task<IBrowser> SharedBrowserAsync()
    {
        await Launching.WaitAsync();
        try
        {
            if (shared is { Browser.IsConnected: true } s) return s.Browser;
            shared?.Playwright.Dispose();
            var playwright = await Playwright.CreateAsync();
            // LaunchAsync gives Chromium a fresh temporary profile (user-data dir), removed when it closes.
            var launched = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Chromium.Path,
                Headless = true,
                Args = Chromium.Arguments,
                Timeout = 60_000,
            });
            shared = (playwright, launched);
            return launched;
        }
        finally
        {
            Launching.Release();
        }
    }

    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The application behind the browser, for a test that seeds through the services (a new organization).</summary>
    public TestApp Server => app ?? throw new InvalidOperationException(Chromium.Missing);

    public async Task InitializeAsync()
    {
        if (!Chromium.Available)
        {
            if (Chromium.Required) throw new InvalidOperationException(Chromium.Missing + " (required with CI=true)");
            return;
        }
        // With the demo's supervision (ADR 0035) when asked: the start adds it to the copy of the demo template.
        app = Supervision ? TestApp.DemoWithSupervision("Sqlite") : new TestApp("Sqlite", demo: true);
        app.UseKestrel(0);
        app.StartServer();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Address = new Uri(addresses.Single().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));

        browser = await SharedBrowserAsync();
    }

    /// <summary>A fresh browser context (no cookies) with one page, its base address the application.</summary>
    public async Task<IPage> NewPageAsync(string locale = "zh-CN", int width = 1280, int height = 900)
    {
        if (browser is null) throw new InvalidOperationException(Chromium.Missing);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Address.ToString().TrimEnd('/'),
            Locale = locale,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        // Generous: a sign-in hashes a password, and a loaded 2-core machine (CI beside other work) can take seconds.
        contexts.Add(context);
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(30_000);
        // Every Content-Security-Policy violation of every page this context opens is kept: the test fails on it (ADR 0048).
        await context.ExposeFunctionAsync<string, bool>(PolicyViolationBinding, v => { violations.Enqueue(v); return true; });
        await context.AddInitScriptAsync(PolicyViolationListener);
        return await context.NewPageAsync();
    }

    private const string PolicyViolationBinding = "pacesetterPolicyViolation";

    /// <summary>
    /// Runs before any script of each document: a violation (an inline script or handler, eval, a style or image the
    /// policy refuses) is remembered in the page and reported to the test.
    /// </summary>
    private const string PolicyViolationListener = """
        window.pacesetterPolicyViolations = [];
        document.addEventListener('securitypolicyviolation', e => {
            const v = `${e.effectiveDirective} refused ${e.blockedURI || '(inline)'} on ${location.pathname} line ${e.lineNumber}: ${(e.sample || '').slice(0, 60)}`;
            window.pacesetterPolicyViolations.push(v);
            window.pacesetterPolicyViolation(v);
        }, true);
        """;

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> violations = new();

    /// <summary>
    /// The Content-Security-Policy violations of the pages opened since the last call (reported, and still held by the
    /// pages open now), and forgets them.
    /// </summary>
    public async Task<IReadOnlyList<string>> TakePolicyViolationsAsync()
    {
        var found = new List<string>();
        foreach (var page in contexts.SelectMany(c => c.Pages))
        {
            if (page.IsClosed) continue;
            try
            {
                found.AddRange(await page.EvaluateAsync<string[]>("() => { const v = window.pacesetterPolicyViolations || []; window.pacesetterPolicyViolations = []; return v; }"));
            }
            catch (PlaywrightException)
            {
                // A page navigating or closing now: its violations were reported through the binding.
            }
        }
        while (violations.TryDequeue(out var v)) found.Add(v);
        return found.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Fails when a page visited since the last call broke the Content-Security-Policy: a test class sharing the app calls it after each test.</summary>
    public async Task EnsureNoPolicyViolationsAsync() => Fail(await TakePolicyViolationsAsync());

    private static void Fail(IReadOnlyList<string> violations)
    {
        if (violations.Count > 0) throw new Xunit.Sdk.XunitException("Content-Security-Policy violations:\n" + string.Join('\n', violations));
    }

    /// <summary>
    /// Signs in through the login form, as a person would, and waits for the page it leads to. The organization is
    /// typed when given (<paramref name="org"/>, under <paramref name="orgLabel"/>); otherwise the form's own is kept
    /// (the only organization, or the one of the page that sent the person to sign in), and an empty field gets the
    /// demo's (the browser tests' app is the demo, other organizations added by some tests).
    /// </summary>
    public static async Task SignInAsync(IPage page, string user, string password, string userLabel = "用户名", string passwordLabel = "密码", string submit = "登录",
        string? org = null, string orgLabel = "组织标识")
    {
        if (!page.Url.Contains("/Account/Login", StringComparison.Ordinal)) await page.GotoAsync("/Account/Login");
        var orgField = page.GetByLabel(orgLabel, new() { Exact = true });
        if (org is not null) await orgField.FillAsync(org);
        else if (await orgField.InputValueAsync() == "") await orgField.FillAsync(Demo.DemoData.Slug);
        await page.GetByLabel(userLabel, new() { Exact = true }).FillAsync(user);
        await page.GetByLabel(passwordLabel, new() { Exact = true }).FillAsync(password);
        // Mark the login page's document and wait until a new document stands in its place (the POST answered, its
        // redirect followed): a load state asked for at once can be the old page's, a race seen under load.
        await ClickToNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = submit, Exact = true }));
    }

    /// <summary>
    /// Clicks something that loads a new document (a form's POST and its redirect, a link to the same address) and waits
    /// until the new document stands in the old one's place: waiting for an address or a load state right after the
    /// click can be answered by the old page when the address does not change.
    /// </summary>
    public static Task ClickToNewDocumentAsync(IPage page, ILocator target) => ToNewDocumentAsync(page, () => target.ClickAsync());

    /// <summary>As <see cref="ClickToNewDocumentAsync"/>, for any action that loads a new document (a key pressed on a focused button).</summary>
    public static async Task ToNewDocumentAsync(IPage page, Func<Task> act)
    {
        await page.EvaluateAsync("() => { window.pacesetterOldDocument = true; }");
        await act();
        await page.WaitForFunctionAsync("() => window.pacesetterOldDocument !== true");
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }

    /// <summary>
    /// When <c>PACESETTER_SCREENSHOTS</c> names a folder, saves the whole page as <c>&lt;name&gt;-phone.png</c> (a window
    /// narrower than 768 px) or <c>&lt;name&gt;-desktop.png</c> there (the folder is created); does nothing otherwise.
    /// Returns the file written, or null.
    /// </summary>
    public static async Task<string?> ScreenshotAsync(IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable("PACESETTER_SCREENSHOTS");
        if (string.IsNullOrWhiteSpace(folder)) return null;
        Directory.CreateDirectory(folder);
        var width = page.ViewportSize?.Width ?? 1366;
        var file = System.IO.Path.Combine(folder, $"{name}-{(width < 768 ? "phone" : "desktop")}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        return file;
    }

    public async Task DisposeAsync()
    {
        // A test that owns its app fails here when one of its pages broke the policy.
        var found = await TakePolicyViolationsAsync();
        foreach (var context in contexts) await context.CloseAsync();
        if (app is not null) await app.DisposeAsync();
        Fail(found);
    }
}
