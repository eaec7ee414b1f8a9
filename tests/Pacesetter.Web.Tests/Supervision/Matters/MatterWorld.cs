using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Pacesetter.Web.Tests.Supervision.Matters;

/// <summary>
/// The demo organization on a database of its own with a clock the test moves, and an API client (bearer token, English
/// messages) per demo user: admin, leader, assessor.econ, reporter.t1 (T1), reporter.t2 (T2), reporter.d1 (D1).
/// </summary>
public sealed class MatterWorld : IAsyncDisposable
{
    public const string Org = "demo";
    public const string Base = "/api/orgs/demo/supervision";

    public static readonly string[] Users = ["admin", "leader", "assessor.econ", "reporter.t1", "reporter.t2", "reporter.d1"];

    private readonly Dictionary<string, HttpClient> clients = [];

    private MatterWorld(TestApp app, FakeTimeProvider clock)
    {
        App = app;
        Clock = clock;
    }

    public TestApp App { get; }
    public FakeTimeProvider Clock { get; }
    public int OrganizationId { get; private set; }

    public static async Task<MatterWorld> CreateAsync(string provider, DateTimeOffset now)
    {
        var clock = new FakeTimeProvider(now);
        var world = new MatterWorld(new TestApp(provider, demo: true) { Clock = clock }, clock);
        await using var db = world.App.NewDb();
        world.OrganizationId = await db.Organizations.Where(o => o.Slug == Org).Select(o => o.Id).SingleAsync();
        // Every client's token now: a token's creation is audited, and the refusals' tests compare the audit head.
        foreach (var user in Users) await world.As(user);
        return world;
    }

    /// <summary>The API client of a demo user (English messages).</summary>
    public async Task<HttpClient> As(string user)
    {
        if (clients.TryGetValue(user, out var c)) return c;
        await using var db = App.NewDb();
        var id = await db.Users.Where(u => u.UserName == user).Select(u => u.Id).SingleAsync();
        var token = (await App.NewToken(OrganizationId, id, "matters", user)).Token;
        c = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        c.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        clients[user] = c;
        return c;
    }

    public async Task<HttpResponseMessage> Post(string user, string path, object? body = null) =>
        await (await As(user)).PostAsJsonAsync(Base + path, body ?? new { });

    public async Task<JsonElement> Get(string user, string path)
    {
        var r = await (await As(user)).GetAsync(path.StartsWith("/api/", StringComparison.Ordinal) ? path : Base + path);
        Assert.Equal(System.Net.HttpStatusCode.OK, r.StatusCode);
        return await Json(r);
    }

    public static async Task<JsonElement> Json(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.Clone();

    /// <summary>Posts and asserts the status; answers the body.</summary>
    public async Task<JsonElement> Expect(System.Net.HttpStatusCode status, string user, string path, object? body = null)
    {
        var r = await Post(user, path, body);
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(status == r.StatusCode, $"{user} POST {path}: {(int)r.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The single problem of a refusal: its path and message.</summary>
    public static (string Path, string Message) Problem(JsonElement problem)
    {
        var p = problem.GetProperty("problems");
        Assert.Equal(1, p.GetArrayLength());
        return (p[0].GetProperty("path").GetString()!, p[0].GetProperty("message").GetString()!);
    }

    /// <summary>Creates a matter (admin) and takes it to 已签收 (approve, assign, acknowledge).</summary>
    public async Task AcknowledgedAsync(string id, string unit, string start, string due, string[]? coUnits = null)
    {
        await Expect(System.Net.HttpStatusCode.Created, "admin", "/tasks", new { id, name = "事项" + id, kind = "key-task", unit, coUnits = coUnits ?? [], start, due, frequency = "monthly" });
        await Expect(System.Net.HttpStatusCode.Created, "leader", $"/tasks/{id}/steps", new { step = "approve" });
        await Expect(System.Net.HttpStatusCode.Created, "admin", $"/tasks/{id}/steps", new { step = "assign" });
        await Expect(System.Net.HttpStatusCode.Created, "admin", $"/tasks/{id}/steps", new { step = "acknowledge" });
    }

    /// <summary>What a refused write must leave unchanged: the reports, evidence and steps, and the audit chain's head.</summary>
    public async Task<string> StoredAsync()
    {
        await using var db = App.NewDb();
        var head = await Pacesetter.App.Audit.AuditLog.HeadAsync(db, OrganizationId);
        return $"{await db.MatterReports.CountAsync()}/{await db.ReportEvidence.CountAsync()}/{await db.MatterSteps.CountAsync()}/{await db.Instructions.CountAsync()}/{await db.Reminders.CountAsync()}/{head}";
    }

    /// <summary>Runs <paramref name="f"/> with the app's services in a scope of its own.</summary>
    public async Task<T> With<T>(Func<IServiceProvider, Task<T>> f)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await f(scope.ServiceProvider);
    }

    /// <summary>The actor of a demo user, as a request would load it.</summary>
    public async Task<Pacesetter.App.Access.Actor> ActorAsync(string user)
    {
        await using var db = App.NewDb();
        var id = await db.Users.Where(u => u.UserName == user).Select(u => u.Id).SingleAsync();
        return (await Pacesetter.App.Access.Actor.LoadAsync(db, id))!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var c in clients.Values) c.Dispose();
        await App.DisposeAsync();
    }
}
