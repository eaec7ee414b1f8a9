using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Accounts;
using Pacesetter.App.Data;
using Pacesetter.App.DataEntry;
using Pacesetter.App.Writes;

namespace Pacesetter.Web.Tests.Publication;

/// <summary>
/// An organization "roll" (滚动区) on its own database with an admin and a reporter of unit A, and the helpers the
/// roll-up, command, crash and concurrency tests share: schemes, approved data (bulk), publication through the API,
/// and the command's environment.
/// </summary>
public sealed class RollUpWorld : IAsyncDisposable
{
    public const string Org = "roll";
    public const string Password = "Rollup#2026pass";

    public TestApp App { get; }
    public int OrganizationId { get; private set; }
    private readonly Dictionary<string, string> tokens = [];

    private RollUpWorld(TestApp app) => App = app;

    public static async Task<RollUpWorld> CreateAsync(string provider)
    {
        var world = new RollUpWorld(new TestApp(provider));
        world.OrganizationId = await world.App.NewOrganization(Org, "滚动区");
        await world.App.NewUser(world.OrganizationId, "admin", Password, false, Seeding.Role(OrgRole.Admin));
        await world.App.NewUser(world.OrganizationId, "rep-a", Password, false, Seeding.Role(OrgRole.Reporter, unit: "A"));
        return world;
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();

    /// <summary>An API client with a bearer token of <paramref name="user"/>.</summary>
    public async Task<HttpClient> Api(string user = "admin")
    {
        if (!tokens.TryGetValue(user, out var token))
        {
            await using var db = App.NewDb();
            var id = await db.Users.Where(u => u.UserName == user).Select(u => u.Id).SingleAsync();
            token = (await App.NewToken(OrganizationId, id, "test", user)).Token;
            tokens[user] = token;
        }
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static string PeriodUrl(string period) => $"/api/orgs/{Org}/periods/{period}";

    /// <summary>POST …/publish as the admin; the response.</summary>
    public async Task<HttpResponseMessage> PublishAsync(string period, bool allowIncomplete = false, string? reason = null) =>
        await (await Api()).PostAsJsonAsync($"{PeriodUrl(period)}/publish", new { reason, allowIncomplete });

    /// <summary>Publishes and asserts 201 with revision <paramref name="expected"/>.</summary>
    public async Task PublishedAsync(string period, int expected = 1, string? reason = null)
    {
        var response = await PublishAsync(period, reason: reason);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"publish {period}: {(int)response.StatusCode} {body}");
        Assert.Equal(expected, JsonDocument.Parse(body).RootElement.GetProperty("revision").GetInt32());
    }

    public async Task<JsonElement> GetJsonAsync(string url)
    {
        var response = await (await Api()).GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public Task SaveSchemeAsync(string period, JsonObject document, int expectedVersion = 0) =>
        App.SaveScheme(OrganizationId, period, document, expectedVersion);

    /// <summary>Approved data rows, written in bulk as an import writes them (one <c>data.import</c> audit row).</summary>
    public Task LoadApprovedAsync(string period, IEnumerable<(string Unit, string Indicator, JsonNode Value)> rows) =>
        LoadApprovedAsync(App, OrganizationId, period, rows);

    public static Task LoadApprovedAsync(TestApp app, int organizationId, string period, IEnumerable<(string Unit, string Indicator, JsonNode Value)> rows) =>
        app.Write(organizationId, async (w, _) =>
        {
            var now = DateTimeOffset.UtcNow;
            var n = await BulkInsert.RowsAsync(w.Db, rows.Select(r => new DatumEntry
            {
                OrganizationId = organizationId,
                Period = period,
                UnitCode = r.Unit,
                IndicatorId = r.Indicator,
                Value = r.Value.ToJsonString(),
                State = DatumState.Approved,
                UpdatedBy = "admin",
                UpdatedAt = now,
                Version = 1,
            }), w.Ct);
            await w.Audit("data.import", "datum", period, period, after: $"{{\"rows\":{n}}}", reason: "test data");
            return WriteOutcome<long>.Ok(n);
        });

    /// <summary>
    /// A scheme of one category "towns" (镇街) of <paramref name="units"/>, each indicator given as (id, name, weight,
    /// method JSON); grades 优秀 ≥ 90 (quota 1), 良好 ≥ 85, 一般; labels 标兵 top 1 ≥ 90, 黄牌 bottom 1; flag ≥ 90.
    /// </summary>
    public static JsonObject Scheme(string name, string period, IReadOnlyList<string> units, params (string Id, string Name, decimal Weight, string Method)[] indicators)
    {
        var names = new JsonObject();
        foreach (var u in units) names[u] = u switch { "A" => "城东街道", "B" => "城西街道", "C" => "南湖镇", "D" => "北山镇", _ => "单位" + u };
        return new JsonObject
        {
            ["name"] = name,
            ["period"] = period,
            ["units"] = names,
            ["categories"] = new JsonArray(new JsonObject
            {
                ["id"] = "towns",
                ["name"] = "镇街",
                ["units"] = new JsonArray([.. units.Select(u => (JsonNode)u)]),
                ["indicators"] = new JsonArray([.. indicators.Select(i => (JsonNode)new JsonObject
                {
                    ["id"] = i.Id, ["name"] = i.Name, ["weight"] = i.Weight, ["method"] = JsonNode.Parse(i.Method),
                })]),
                ["grades"] = JsonNode.Parse("""[{"name": "优秀", "min": 90, "quota": 1}, {"name": "良好", "min": 85}, {"name": "一般", "min": 0}]"""),
                ["labels"] = JsonNode.Parse("""{"pacesetter": {"top": 1, "min": 90}, "yellow": {"bottom": 1}}"""),
                ["flag"] = JsonNode.Parse("""{"min": 90}"""),
            }),
        };
    }

    /// <summary>The environment of a <c>pacesetter</c> child process on the app's database, key and checkpoints.</summary>
    public static Dictionary<string, string?> Environment(TestApp app)
    {
        var configuration = app.Services.GetRequiredService<IConfiguration>();
        var environment = new Dictionary<string, string?> { ["PACESETTER_LANG"] = "en" };
        foreach (var key in new[] { "Database:Provider", "ConnectionStrings:Pacesetter", "ConnectionStrings:PacesetterOwner", "Audit:KeyFile", "Audit:CheckpointFile" })
        {
            if (configuration[key] is { Length: > 0 } value) environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        return environment;
    }
}
