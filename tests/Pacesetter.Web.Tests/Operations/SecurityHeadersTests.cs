using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.Web.Demo;

namespace Pacesetter.Web.Tests.Operations;

/// <summary>
/// The security headers (issue #13, ADR 0048) on every kind of answer — a page, an API answer, a static file, a 404, the
/// error page, a 403 refusal and a 429 — with their exact values; no <c>Server</c> header from Kestrel; HSTS and
/// <c>Secure</c> cookies over HTTPS only; no inline script or handler left in the pages' sources.
/// </summary>
public class SecurityHeadersTests
{
    private const string Csp = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

    /// <summary>The headers every answer carries over plain http, by name.</summary>
    private static readonly string[] Expected =
    [
        $"Content-Security-Policy: {Csp}",
        "Cross-Origin-Opener-Policy: same-origin",
        "Referrer-Policy: same-origin",
        "X-Content-Type-Options: nosniff",
        "X-Frame-Options: DENY",
    ];

    private static readonly string[] Names = ["Content-Security-Policy", "Cross-Origin-Opener-Policy", "Referrer-Policy", "Strict-Transport-Security", "X-Content-Type-Options", "X-Frame-Options"];

    private static readonly string All = string.Join('\n', Expected);

    /// <summary>The status and the security headers, one a line.</summary>
    private static (HttpStatusCode, string) Shown(HttpResponseMessage response) => (response.StatusCode, string.Join('\n', SecurityHeadersOf(response)));

    private static string[] SecurityHeadersOf(HttpResponseMessage response) =>
        Names.SelectMany(n => response.Headers.TryGetValues(n, out var v) ? v.Select(x => $"{n}: {x}") : []).ToArray();

    /// <summary>A path no endpoint answers: a middleware after the application's own throws there, so that the exception handler's page answers.</summary>
    private const string Throws = "/test-throws";

    private sealed class ThrowingFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((http, then) => http.Request.Path == Throws ? throw new InvalidOperationException("test failure") : then(http));
        };
    }

    [Fact]
    public async Task Every_kind_of_answer_carries_the_headers()
    {
        await using var app = new TestApp(demo: true).With("Login:AttemptsPerMinute", "1");
        await using var throwing = app.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter, ThrowingFilter>()));
        var client = throwing.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        async Task<(HttpStatusCode, string)> Get(string path) => Shown(await client.GetAsync(path));

        Assert.Equal((HttpStatusCode.OK, All), await Get("/Account/Login"));
        Assert.Equal((HttpStatusCode.Unauthorized, All), await Get($"/api/orgs/{DemoData.Slug}/units"));
        Assert.Equal((HttpStatusCode.OK, All), await Get("/css/site.css"));
        Assert.Equal((HttpStatusCode.NotFound, All), await Get("/no-such-page"));
        var error = await client.GetAsync(Throws);
        Assert.Equal((HttpStatusCode.InternalServerError, All), Shown(error));
        Assert.DoesNotContain("test failure", await error.Content.ReadAsStringAsync());

        // A refusal: the reporter may not read the audit log (403, the refusal page in place).
        var reporter = await app.SignedIn("reporter.t1", DemoData.Password);
        var refused = await reporter.GetAsync(Routes.Audit(DemoData.Slug));
        Assert.Equal((HttpStatusCode.Forbidden, All), Shown(refused));

        // The second sign-in attempt of a minute from one address (Login:AttemptsPerMinute = 1): 429.
        var browser = app.Browser();
        HttpResponseMessage last = null!;
        for (int i = 0; i < 2; i++)
        {
            var token = TestApp.AntiforgeryToken(await browser.GetStringAsync("/Account/Login"));
            last = await browser.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Org"] = DemoData.Slug,
                ["UserName"] = "nobody",
                ["Password"] = "wrong",
                ["__RequestVerificationToken"] = token,
            }));
        }
        Assert.Equal((HttpStatusCode.TooManyRequests, All), Shown(last));
    }

    [Fact]
    public async Task The_ballot_page_passes_on_no_referrer()
    {
        await using var app = new TestApp();
        var response = await app.CreateClient().GetAsync("/s/no-such-link");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(["no-referrer"], response.Headers.GetValues("Referrer-Policy"));
    }

    [Fact]
    public async Task Kestrel_sends_no_server_header()
    {
        await using var app = new TestApp();
        app.UseKestrel(0);
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var client = new HttpClient { BaseAddress = new Uri(address) };

        var response = await client.GetAsync("/Account/Login");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Server"), string.Join(", ", response.Headers.Select(h => h.Key)));
        Assert.Equal(Expected, SecurityHeadersOf(response));
    }

    /// <summary>Signs in as the demo's admin at <paramref name="origin"/>, then switches the language: every Set-Cookie header on the way.</summary>
    private static async Task<(string[] Cookies, string[] Headers)> SignInAndSwitchAsync(TestApp app, string origin)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(origin), AllowAutoRedirect = false, HandleCookies = true });
        var cookies = new List<string>();
        var login = await client.GetAsync("/Account/Login");
        cookies.AddRange(login.Headers.GetValues("Set-Cookie"));
        var signIn = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Org"] = DemoData.Slug,
            ["UserName"] = "admin",
            ["Password"] = DemoData.Password,
            ["__RequestVerificationToken"] = TestApp.AntiforgeryToken(await login.Content.ReadAsStringAsync()),
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        cookies.AddRange(signIn.Headers.GetValues("Set-Cookie"));
        var culture = await client.GetAsync("/culture/en?returnUrl=/");
        cookies.AddRange(culture.Headers.GetValues("Set-Cookie"));
        // Each cookie by its name's kind, with its attributes (values removed), in the order set.
        var shapes = cookies.Select(c => Regex.Replace(c, @"^\.AspNetCore\.Antiforgery\.[^=]+=[^;]*", "antiforgery"))
            .Select(c => Regex.Replace(c, @"^pacesetter\.auth=[^;]*", "pacesetter.auth"))
            .Select(c => Regex.Replace(c, @"^pacesetter\.org=demo", "pacesetter.org"))
            .Select(c => Regex.Replace(c, @"^\.AspNetCore\.Culture=[^;]*", "culture"))
            .Select(c => Regex.Replace(c, @"; expires=[^;]*", ""))
            .ToArray();
        return (shapes, SecurityHeadersOf(culture));
    }

    [Fact]
    public async Task Over_https_the_cookies_are_secure_and_hsts_is_sent()
    {
        await using var app = new TestApp(demo: true);
        var (cookies, headers) = await SignInAndSwitchAsync(app, "https://localhost");
        Assert.Equal(
        [
            "antiforgery; path=/; secure; samesite=strict; httponly",
            "pacesetter.auth; path=/; secure; samesite=lax; httponly",
            "pacesetter.org; max-age=31536000; path=/; secure; samesite=lax; httponly",
            "culture; path=/; secure; samesite=lax",
        ], cookies);
        Assert.Equal([.. Expected.Take(3), "Strict-Transport-Security: max-age=31536000", .. Expected.Skip(3)], headers);
    }

    [Fact]
    public async Task Over_plain_http_the_cookies_still_work_without_secure_or_hsts()
    {
        await using var app = new TestApp(demo: true);
        var (cookies, headers) = await SignInAndSwitchAsync(app, "http://localhost");
        Assert.Equal(
        [
            "antiforgery; path=/; samesite=strict; httponly",
            "pacesetter.auth; path=/; samesite=lax; httponly",
            "pacesetter.org; max-age=31536000; path=/; samesite=lax; httponly",
            "culture; path=/; samesite=lax",
        ], cookies);
        Assert.Equal(Expected, headers);
    }

    /// <summary>The attributes that run script (on…=) in an element, outside data-… attributes.</summary>
    private static readonly Regex Handler = new(@"<[a-zA-Z][^>]*?\s(on[a-z]+)\s*=", RegexOptions.Compiled);

    /// <summary>A script element with content; a JSON data block (type="application/json") is data, not script.</summary>
    private static readonly Regex InlineScript = new(@"<script(?![^>]*type=""application/json"")[^>]*>\s*[^<\s]", RegexOptions.Compiled | RegexOptions.IgnoreCase);

    [Fact]
    public void No_page_source_holds_an_inline_script_or_handler()
    {
        var root = Path.Combine(SourceRoot(), "src", "Pacesetter.Web");
        var files = Directory.EnumerateFiles(root, "*.cshtml", SearchOption.AllDirectories).ToList();
        Assert.True(files.Count > 80, $"{files.Count} pages found under {root}");
        var found = files.SelectMany(f =>
        {
            var text = File.ReadAllText(f);
            return InlineScript.Matches(text).Select(m => $"{Path.GetRelativePath(root, f)}: inline script")
                .Concat(Handler.Matches(text).Select(m => $"{Path.GetRelativePath(root, f)}: {m.Groups[1].Value}="));
        }).ToList();
        Assert.True(found.Count == 0, string.Join('\n', found));
        // The scan itself notices both.
        Assert.Matches(InlineScript, "<script>\nalert(1)</script>");
        Assert.Matches(Handler, "<button class=\"b\" onclick=\"x()\">");
        Assert.DoesNotMatch(Handler, "<section data-on=\"true\">");
        Assert.DoesNotMatch(InlineScript, "<script type=\"application/json\" id=\"d\">{}</script>");
    }

    private static string SourceRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Pacesetter.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Pacesetter.slnx not found above " + AppContext.BaseDirectory);
    }
}
