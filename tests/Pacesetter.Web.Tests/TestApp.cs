using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Data;

namespace Pacesetter.Web.Tests;

/// <summary>
/// The application on a database of its own of one provider, through the real HTTP pipeline (in memory): a copy of
/// the migrated empty database (<see cref="Databases.Empty"/>), or with <c>demo: true</c> a copy of the demo
/// organization (<see cref="Databases.Demo"/>); both templates are made once per run. The database is removed when
/// the app is disposed. Tests that only read share one app through <see cref="SharedDemo"/> (README, "Testing").
/// </summary>
public sealed class TestApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings;
    private bool dropped;

    public TestApp(string provider = "Sqlite", bool demo = false)
        : this(provider, demo ? Databases.Demo(provider) : Databases.Empty(provider), demo)
    {
    }

    private TestApp(string provider, Dictionary<string, string?> settings, bool demo)
    {
        Provider = provider;
        this.settings = settings;
        settings["Demo"] = demo ? "true" : "false";
        // The month-end scheduler (Quartz) stays off unless a test turns it on: tests run the jobs' services directly.
        settings.TryAdd("Supervision:Scheduler:Enabled", "false");
        // The demo's supervision (DemoSupervision) stays out of the demo template: the tests of supervision make their
        // own rows; DemoSupervisionTests turns it on.
        settings.TryAdd("Demo:Supervision", "false");
        settings.TryAdd("Demo:Benchmarks", "false");
        // Every test signs in from one address (the test server has none; Kestrel's is 127.0.0.1): the per-address
        // budget of sign-ins is raised except where a test checks it (LoginGuardTests).
        settings.TryAdd("Login:AttemptsPerMinute", "100000");
    }

    /// <summary>Sets a configuration value before the app starts (a test of that setting).</summary>
    public TestApp With(string key, string? value)
    {
        settings[key] = value;
        return this;
    }

    /// <summary>A clock the test moves (supervision's deadlines and month-ends); null = the system's.</summary>
    public Microsoft.Extensions.Time.Testing.FakeTimeProvider? Clock { get; init; }

    /// <summary>The app on the fresh database <paramref name="settings"/>: its start migrates (and seeds the demo) for a template.</summary>
    /// <remarks>The database outlives the app: it is the template the copies are made from.</remarks>
    internal static TestApp Seeding(string provider, Dictionary<string, string?> settings, bool demo) => new(provider, settings, demo) { dropped = true };

    /// <summary>The app on the database <paramref name="settings"/> made elsewhere (a command's first run), removed when the app is disposed.</summary>
    public static TestApp On(string provider, Dictionary<string, string?> settings) => new(provider, settings, demo: false);

    /// <summary>
    /// Another instance of the application on the database of <paramref name="first"/> (several instances behind a
    /// load balancer): it leaves the database alone when disposed, so that dropping it stays the first one's job.
    /// </summary>
    public static TestApp SecondInstance(TestApp first) => new(first.Provider, new Dictionary<string, string?>(first.settings), demo: false) { dropped = true };

    /// <summary>The demo organization with the demo's supervision (<c>Demo:Supervision</c>), added by this app's start to a copy of the demo template.</summary>
    public static TestApp DemoWithSupervision(string provider)
    {
        var settings = Databases.Demo(provider);
        settings["Demo:Supervision"] = "true";
        settings["Demo:Benchmarks"] = "true";
        return new TestApp(provider, settings, demo: true);
    }

    public string Provider { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (k, v) in settings) builder.UseSetting(k, v);
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(settings));
        if (Clock is { } clock) builder.ConfigureServices(s => s.AddSingleton<TimeProvider>(clock));
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter, TestAddressFilter>());
        // Test users' passwords are hashed with 1,000 rounds, not the product's 100,000: over a run's thousand users and
        // sign-ins that is minutes of processor time. A check reads the rounds from the stored hash, so nothing else changes.
        builder.ConfigureServices(s => s.Configure<Microsoft.AspNetCore.Identity.PasswordHasherOptions>(o => o.IterationCount = 1_000));
    }

    /// <summary>The header a test sends to stand for a caller's address (the test server has none): <c>X-Test-Address: 10.0.0.7</c>.</summary>
    public const string AddressHeader = "X-Test-Address";

    /// <summary>Sets the connection's address from <see cref="AddressHeader"/>, first thing, as a proxy's forwarded header would.</summary>
    private sealed class TestAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, then) =>
            {
                if (http.Request.Headers.TryGetValue(AddressHeader, out var value) && System.Net.IPAddress.TryParse(value, out var address)) http.Connection.RemoteIpAddress = address;
                return then(http);
            });
            next(app);
        };
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (dropped) return;
        dropped = true;
        Databases.Drop(settings);
    }

    public PacesetterDb NewDb() => new(DatabaseOptions.From(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).Build());

    public T Service<T>(Func<IServiceProvider, T> get)
    {
        using var scope = Services.CreateScope();
        return get(scope.ServiceProvider);
    }

    /// <summary>A client that keeps cookies and does not follow redirects (tests assert them).</summary>
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A browser-like client signed in as <paramref name="user"/>.</summary>
    /// <remarks>
    /// A user name is unique within its organization (ADR 0052): <paramref name="org"/> names it; without it the
    /// organization of the one user of that name is looked up (a name in two organizations needs it).
    /// </remarks>
    public async Task<HttpClient> SignedIn(string user, string password, string? org = null)
    {
        org ??= await OrganizationOf(user);
        var client = Browser();
        var page = await client.GetStringAsync("/Account/Login");
        var token = AntiforgeryToken(page);
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Org"] = org,
            ["UserName"] = user,
            ["Password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"sign-in as {user} failed: {(int)response.StatusCode}");
        return client;
    }

    /// <summary>The slug of the organization of the one user named <paramref name="user"/>.</summary>
    public async Task<string> OrganizationOf(string user)
    {
        await using var db = NewDb();
        var slugs = await db.Users.AsNoTracking().Where(u => u.UserName == user)
            .Join(db.Organizations, u => u.OrganizationId, o => o.Id, (_, o) => o.Slug).ToListAsync();
        return slugs.Count == 1 ? slugs[0] : throw new InvalidOperationException($"{slugs.Count} users are named {user}: name the organization");
    }

    public static string AntiforgeryToken(string html) =>
        Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value is { Length: > 0 } t
            ? t
            : Regex.Match(html, "\"RequestVerificationToken\": \"([^\"]+)\"").Groups[1].Value;
}
