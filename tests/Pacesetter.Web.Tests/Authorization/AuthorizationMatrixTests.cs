using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Data;
using Pacesetter.App.DataEntry;
using Pacesetter.App.Schemes;
using Pacesetter.Web.Demo;
using Xunit.Abstractions;

namespace Pacesetter.Web.Tests.Authorization;

/// <summary>
/// The authorization matrix of issue #3 (<see cref="AuthorizationTable"/>): every endpoint and page × every kind of caller,
/// through the real HTTP pipeline on the demo organization; a write allowed must change its row, a write denied must
/// leave it as it was; and every endpoint the app maps must have rows.
/// </summary>
public class AuthorizationMatrixTests(ITestOutputHelper output)
{
    private sealed record Outcome(Operation Operation, Caller Caller, Expect Expected, string Actual, bool Pass);

    [Fact]
    public async Task Every_endpoint_of_the_app_has_rows_in_the_matrix()
    {
        using var app = new TestApp();
        var mapped = await MappedAsync(app.Services);
        var table = AuthorizationTable.Operations.Select(o => Key(o.Route, o.Method, o.Handler)).ToHashSet();
        var missing = mapped.Where(m => !AuthorizationTable.AllowListed(m.Route) && !table.Contains(Key(m.Route, m.Method, m.Handler)))
            .Select(m => $"{m.Method} {m.Route}{(m.Handler is null ? "" : "?handler=" + m.Handler)}").ToList();
        var stale = table.Except(mapped.Select(m => Key(m.Route, m.Method, m.Handler))).ToList();
        Assert.True(missing.Count == 0, "endpoints without rows in AuthorizationTable:\n" + string.Join('\n', missing));
        Assert.True(stale.Count == 0, "rows of endpoints the app does not map:\n" + string.Join('\n', stale));
        // The enumeration itself sees the API and the pages' handlers.
        Assert.Contains(Key("/api/orgs/{org}/periods/{period}/data/{unit}/{indicator}", "PUT", null), mapped.Select(m => Key(m.Route, m.Method, m.Handler)));
        Assert.Contains(Key("/orgs/{org}/periods/{period}/entry", "POST", "Save"), mapped.Select(m => Key(m.Route, m.Method, m.Handler)));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_api_answers_each_caller_as_the_matrix_says(string provider)
    {
        using var world = await AuthzWorld.CreateAsync(provider);
        await RunAsync(world, AuthorizationTable.Operations.Where(o => !o.Page));
    }

    [Fact]
    public async Task The_pages_answer_each_caller_as_the_matrix_says()
    {
        using var world = await AuthzWorld.CreateAsync();
        await RunAsync(world, AuthorizationTable.Operations.Where(o => o.Page));
    }

    [Fact]
    public async Task A_page_post_without_the_antiforgery_token_is_refused_and_changes_nothing()
    {
        using var world = await AuthzWorld.CreateAsync();
        await world.SetDatumAsync("T1", "revenue", DatumState.Draft);
        var (reporter, _) = await world.Browser(Caller.ReporterOwnUnit);
        var before = await world.DatumAsync("T1", "revenue");
        var save = await reporter.PostAsync(AuthzWorld.EntryUrl + "?handler=Save", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["unit"] = "T1",
            ["indicator"] = "revenue",
            ["version"] = (await world.VersionOfAsync("T1", "revenue")).ToString(),
            ["value"] = "1.05",
            ["target"] = "1",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, save.StatusCode);
        Assert.Equal(before, await world.DatumAsync("T1", "revenue"));

        var (admin, _) = await world.Browser(Caller.Admin);
        var unit = await world.UnitStateAsync();
        var rename = await admin.PostAsync(Routes.Units(AuthzWorld.Org) + "?handler=RenameUnit", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["id"] = world.TestUnitId.ToString(),
            ["name"] = "改名",
            ["version"] = (await world.UnitAsync()).Version.ToString(),
            // Another session's token is no token of this one.
            ["__RequestVerificationToken"] = (await world.Browser(Caller.Leader)).Antiforgery,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, rename.StatusCode);
        Assert.Equal(unit, await world.UnitStateAsync());
    }

    [Fact]
    public async Task The_api_ignores_the_pages_cookie_so_a_signed_in_browser_gets_401()
    {
        using var world = await AuthzWorld.CreateAsync();
        var (admin, _) = await world.Browser(Caller.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(Routes.Units(AuthzWorld.Org))).StatusCode);
        var me = await admin.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        await world.SetDatumAsync("T1", "revenue", DatumState.Draft);
        var before = await world.DatumAsync("T1", "revenue");
        var put = await admin.PutAsync($"/api/orgs/{AuthzWorld.Org}/periods/{AuthzWorld.DataPeriod}/data/T1/revenue",
            new StringContent("""{"value":{"value":1.05,"target":1},"version":1,"submit":false}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, put.StatusCode);
        Assert.Equal(before, await world.DatumAsync("T1", "revenue"));
    }

    [Fact]
    public async Task A_page_ignores_a_bearer_token_and_sends_its_holder_to_sign_in()
    {
        using var world = await AuthzWorld.CreateAsync();
        var api = await world.Api(Caller.Admin);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/me")).StatusCode);
        var page = await api.GetAsync(Routes.Units(AuthzWorld.Org));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Account/Login", page.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Another_organizations_ids_through_ones_own_organizations_routes_are_not_found()
    {
        using var world = await AuthzWorld.CreateAsync();
        // The other organization has the same period's scheme, so that its entry page exists.
        int other;
        await using (var db = world.App.NewDb()) other = await db.Organizations.Where(o => o.Slug == AuthzWorld.OtherOrg).Select(o => o.Id).SingleAsync();
        await world.App.SaveScheme(other, AuthzWorld.DataPeriod, DemoData.Scheme(AuthzWorld.DataPeriod, []), 0, AuthzWorld.OtherAdmin);
        var leaderMembership = await world.ResetTestUserRolesAsync();
        var (browser, token) = await world.Browser(Caller.OtherOrgAdmin);
        var api = await world.Api(Caller.OtherOrgAdmin);
        var before = (await world.CountsAsync(), await world.UnitStateAsync(), await world.CategoryAsync(), await world.TestUserStateAsync(), await world.TestTokenAsync());
        string Page(Func<string, string> route) => route(AuthzWorld.OtherOrg);
        (string Url, Dictionary<string, string> Form)[] posts =
        [
            (Page(Routes.Units) + "?handler=RenameUnit", new() { ["id"] = world.TestUnitId.ToString(), ["name"] = "改名", ["version"] = (await world.UnitAsync()).Version.ToString() }),
            (Page(Routes.Units) + "?handler=RetireUnit", new() { ["id"] = world.TestUnitId.ToString(), ["version"] = (await world.UnitAsync()).Version.ToString() }),
            (Page(Routes.Units) + "?handler=RenameCategory", new() { ["id"] = world.TestCategoryId.ToString(), ["name"] = "改名", ["version"] = (await world.CategoryVersionAsync()).ToString() }),
            (Page(Routes.Users) + "?handler=ResetPassword", new() { ["userId"] = world.TestUserId, ["password"] = "Taken#2026pass" }),
            (Page(Routes.Users) + "?handler=Lock", new() { ["userId"] = world.TestUserId }),
            (Page(Routes.Users) + "?handler=Grant", new() { ["userId"] = world.TestUserId, ["role"] = "Admin" }),
            (Page(Routes.Users) + "?handler=Revoke", new() { ["membershipId"] = leaderMembership.ToString() }),
            (Page(Routes.Tokens) + "?handler=Revoke", new() { ["id"] = world.TestTokenId.ToString() }),
        ];
        foreach (var (url, form) in posts)
        {
            form["__RequestVerificationToken"] = token;
            var response = await browser.PostAsync(url, new FormUrlEncodedContent(form));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url}: {(int)response.StatusCode}");
        }
        foreach (var id in world.Evidence.Values)
        {
            var response = await browser.GetAsync($"{Routes.Entry(AuthzWorld.OtherOrg, AuthzWorld.DataPeriod)}?handler=Evidence&id={id}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        Assert.Equal("[]", await api.GetStringAsync($"/api/orgs/{AuthzWorld.OtherOrg}/periods/{AuthzWorld.DataPeriod}/data"));
        Assert.Equal(before, (await world.CountsAsync(), await world.UnitStateAsync(), await world.CategoryAsync(), await world.TestUserStateAsync(), await world.TestTokenAsync()));

        // The demo admin is a platform admin: it creates organizations, it does not act in them.
        var (platformAdmin, _) = await world.Browser(Caller.Admin);
        Assert.Equal(HttpStatusCode.NotFound, (await platformAdmin.GetAsync(Routes.Units(AuthzWorld.OtherOrg))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await world.Api(Caller.Admin)).GetAsync($"/api/orgs/{AuthzWorld.OtherOrg}/periods/{AuthzWorld.DataPeriod}/data")).StatusCode);
    }

    [Fact]
    public async Task Locking_a_user_ends_its_open_session_at_once()
    {
        using var world = await AuthzWorld.CreateAsync();
        var reporter = await world.App.SignedIn("reporter.d1", DemoData.Password);
        Assert.Equal(HttpStatusCode.OK, (await reporter.GetAsync(AuthzWorld.EntryUrl)).StatusCode);
        var (admin, token) = await world.Browser(Caller.Admin);
        string userId;
        await using (var db = world.App.NewDb()) userId = await db.Users.Where(u => u.UserName == "reporter.d1").Select(u => u.Id).SingleAsync();
        var locked = await admin.PostAsync(Routes.Users(AuthzWorld.Org) + "?handler=Lock",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["userId"] = userId, ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, locked.StatusCode);

        var after = await reporter.GetAsync(AuthzWorld.EntryUrl);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/Account/Login", after.Headers.Location!.PathAndQuery);
    }

    // ---- Running the table ----

    private async Task RunAsync(AuthzWorld world, IEnumerable<Operation> operations)
    {
        var outcomes = new List<Outcome>();
        foreach (var op in operations)
        {
            foreach (var (caller, expected) in op.Expected) outcomes.Add(await RunRowAsync(world, op, caller, expected));
        }
        var report = Table(outcomes);
        output.WriteLine(report);
        var failed = outcomes.Where(o => !o.Pass).ToList();
        Assert.True(failed.Count == 0, $"{failed.Count} of {outcomes.Count} rows differ from the matrix:\n" + Table(failed));
    }

    private static async Task<Outcome> RunRowAsync(AuthzWorld world, Operation op, Caller caller, Expect expected)
    {
        var (unit, indicator) = AuthzWorld.TargetOf(caller);
        HttpClient client;
        var antiforgery = "";
        if (op.Page) (client, antiforgery) = await world.Browser(caller);
        else client = await world.Api(caller);
        var ctx = new Ctx(world, caller, unit, indicator, antiforgery);
        if (op.Arrange is not null) await op.Arrange(ctx);
        var before = op.State is null ? null : await op.State(ctx);
        using var request = await op.RequestAsync(ctx);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var after = op.State is null ? null : await op.State(ctx);
        var changed = before != after;
        var status = (int)response.StatusCode;
        var location = response.Headers.Location is { } l ? (l.IsAbsoluteUri ? l.PathAndQuery : l.OriginalString) : "";

        Expect? actual = status switch
        {
            401 => Expect.E401,
            403 => Expect.E403,
            404 => Expect.E404,
            >= 300 and < 400 when location.StartsWith("/Account/Login", StringComparison.Ordinal) => Expect.Login,
            >= 300 and < 400 when location.StartsWith("/Account/Denied", StringComparison.Ordinal) => Expect.Denied,
            >= 300 and < 400 => op.State is not null && !changed ? Expect.FoundUnchanged : Expect.Found,
            >= 200 and < 300 => op.Sees is not null && !op.Sees(ctx, body) ? Expect.Hidden : Expect.Ok,
            _ => null,
        };
        // Allowed writes change what they write; everything else leaves it as it was.
        var mustChange = expected is Expect.Ok or Expect.Found;
        var pass = actual == expected && (op.State is null || changed == mustChange);
        var text = $"{status}{(location.Length > 0 ? " → " + location.Split('?')[0] : "")} {actual?.ToString() ?? "?"}"
            + (op.State is null ? "" : changed ? " (changed)" : " (unchanged)")
            + (pass || actual is not null ? "" : " " + body[..Math.Min(body.Length, 200)].ReplaceLineEndings(" "));
        return new Outcome(op, caller, expected, text, pass);
    }

    private static string CallerLabel(Operation op, Caller caller)
    {
        var user = (AuthzWorld.UserOf(caller) ?? "anonymous") + (caller == Caller.LockedUser ? " (locked)" : "");
        if (!op.Targeted) return user;
        var (unit, indicator) = AuthzWorld.TargetOf(caller);
        return $"{user} on {unit}/{indicator}";
    }

    private static string Table(IEnumerable<Outcome> outcomes)
    {
        var rows = outcomes.Select(o => (Endpoint: o.Operation.Label, Caller: CallerLabel(o.Operation, o.Caller), Expected: o.Expected.ToString(), o.Actual, Mark: o.Pass ? "" : "  ✗")).ToList();
        if (rows.Count == 0) return "";
        int w1 = rows.Max(r => r.Endpoint.Length), w2 = rows.Max(r => r.Caller.Length), w3 = Math.Max(8, rows.Max(r => r.Expected.Length));
        var sb = new StringBuilder();
        sb.AppendLine($"{"endpoint".PadRight(w1)} | {"caller".PadRight(w2)} | {"expected".PadRight(w3)} | actual");
        sb.AppendLine(new string('-', w1 + w2 + w3 + 20));
        foreach (var r in rows) sb.AppendLine($"{r.Endpoint.PadRight(w1)} | {r.Caller.PadRight(w2)} | {r.Expected.PadRight(w3)} | {r.Actual}{r.Mark}");
        return sb.ToString();
    }

    // ---- The endpoints the app maps ----

    private sealed record Mapped(string Route, string Method, string? Handler);

    private static string Key(string route, string method, string? handler) => $"{method.ToUpperInvariant()} /{route.Trim('/')}{(handler is null ? "" : "?handler=" + handler)}";

    /// <summary>
    /// Every route endpoint with its methods: the API's from their HTTP method metadata, the pages' from their handler
    /// methods (OnGet, OnPostSave …), loaded as the router loads them.
    /// </summary>
    private static async Task<List<Mapped>> MappedAsync(IServiceProvider services)
    {
        var sources = services.GetRequiredService<EndpointDataSource>();
        var loader = services.GetRequiredService<PageLoader>();
        var list = new List<Mapped>();
        foreach (var endpoint in sources.Endpoints.OfType<RouteEndpoint>())
        {
            var route = "/" + (endpoint.RoutePattern.RawText ?? "").Trim('/');
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = page as CompiledPageActionDescriptor ?? await loader.LoadAsync(page, endpoint.Metadata);
                if (compiled.HandlerMethods.Count == 0) list.Add(new(route, "GET", null));
                foreach (var h in compiled.HandlerMethods) list.Add(new(route, h.HttpMethod.ToUpperInvariant(), h.Name));
                continue;
            }
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"];
            foreach (var m in methods) list.Add(new(route, m, null));
        }
        return list;
    }
}
