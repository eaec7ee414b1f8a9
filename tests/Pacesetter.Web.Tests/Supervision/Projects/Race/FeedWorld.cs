using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Accounts;
using Pacesetter.App.Supervision.Model;
using Pacesetter.App.Supervision.Race;
using Pacesetter.App.Writes;
using Pacesetter.Web.Tests.Publication;

namespace Pacesetter.Web.Tests.Supervision.Projects.Race;

/// <summary>
/// An organization "feed" (督查区) on its own database: units T1, T2, T3 (towns), an admin and a reporter of T1, the
/// matters A–F of plan §3, and the month-end cards of §3 issued as the evaluator issues them — rows of
/// <c>issued_cards</c>, then <see cref="SystemData.RefreshForMonthEndsInAsync"/> in the same write.
/// </summary>
public sealed class FeedWorld : IAsyncDisposable
{
    public const string Org = "feed";
    public const string Password = "Feed#2026pass";

    public TestApp App { get; }
    public int OrganizationId { get; private set; }
    private readonly Dictionary<string, (long Id, string Unit)> matters = [];
    private readonly Dictionary<string, string> tokens = [];

    private FeedWorld(TestApp app) => App = app;

    public static async Task<FeedWorld> CreateAsync(string provider, Microsoft.Extensions.Time.Testing.FakeTimeProvider? clock = null)
    {
        var world = new FeedWorld(new TestApp(provider) { Clock = clock });
        int org = world.OrganizationId = await world.App.NewOrganization(Org, "督查区");
        await world.App.NewUser(org, "admin", Password, false, Seeding.Role(OrgRole.Admin));
        await world.App.NewUser(org, "rep-t1", Password, false, Seeding.Role(OrgRole.Reporter, unit: "T1"));
        var towns = await world.App.NewCategory(org, "towns", "镇街", 1);
        foreach (var (code, name) in new[] { ("T1", "城关镇"), ("T2", "河西镇"), ("T3", "山南乡") }) await world.App.NewUnit(org, code, name, towns.Id);
        await using var db = world.App.NewDb();
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var rows = new[] { ("A", "道路改造", "T1"), ("B", "便民中心", "T2"), ("C", "污水管网", "T2"), ("D", "口袋公园", "T1"), ("E", "校舍维修", "T3"), ("F", "文化广场", "T3") }
            .Select((m, i) => new Matter
            {
                OrganizationId = org,
                Code = m.Item1,
                Name = m.Item2,
                Kind = MatterKind.KeyTask,
                UnitCode = m.Item3,
                Start = new DateOnly(2026, 1, 1),
                Due = new DateOnly(2026, 12, 31),
                Frequency = ReportFrequency.Monthly,
                State = MatterState.InProgress,
                Position = i + 1,
                CreatedBy = "admin",
                CreatedAt = at,
                Version = 1,
            }).ToList();
        db.Matters.AddRange(rows);
        await db.SaveChangesAsync();
        foreach (var m in rows) world.matters[m.Code] = (m.Id, m.UnitCode);
        return world;
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();

    /// <summary>The month-end cards of plan §3 (default rules), by month-end.</summary>
    public static readonly IReadOnlyList<(DateOnly MonthEnd, (string Matter, CardType Type)[] Cards)> History =
    [
        (new DateOnly(2026, 1, 31), [("E", CardType.Red)]),
        (new DateOnly(2026, 2, 28), [("B", CardType.Yellow), ("C", CardType.Yellow), ("D", CardType.Yellow), ("E", CardType.Yellow)]),
        (new DateOnly(2026, 3, 31), [("A", CardType.Yellow), ("B", CardType.Red), ("C", CardType.Red), ("D", CardType.Red)]),
        (new DateOnly(2026, 4, 30), [("A", CardType.Red), ("C", CardType.Red), ("D", CardType.Red)]),
        (new DateOnly(2026, 5, 31), [("B", CardType.Red), ("C", CardType.Red), ("D", CardType.Red)]),
        (new DateOnly(2026, 6, 30), [("B", CardType.Red), ("C", CardType.Red), ("D", CardType.Red)]),
    ];

    /// <summary>Issues the §3 cards of <paramref name="month"/> (1–6) and refreshes the data as the evaluator does; the refresh's answer.</summary>
    public Task<IReadOnlyList<SystemDatumChange>> IssueAsync(int month)
    {
        var (monthEnd, cards) = History[month - 1];
        return App.Write(OrganizationId, async (w, _) =>
        {
            foreach (var (code, type) in cards)
            {
                var (id, unit) = matters[code];
                var m = $"{monthEnd:yyyy-MM}";
                w.Db.IssuedCards.Add(new IssuedCard
                {
                    OrganizationId = OrganizationId,
                    MatterId = id,
                    MatterCode = code,
                    UnitCode = unit,
                    MonthEnd = monthEnd,
                    Month = m,
                    PublicId = $"card-{m}-{code}",
                    Type = type,
                    Reason = type == CardType.Red ? "lag" : "lag",
                    Actual = 0,
                    IssuedBy = "system:month-end",
                    IssuedAt = DateTimeOffset.UtcNow,
                });
            }
            await w.Db.SaveChangesAsync(w.Ct);
            return WriteOutcome<IReadOnlyList<SystemDatumChange>>.Ok(await SystemData.RefreshForMonthEndsInAsync(w, [monthEnd], DateTimeOffset.UtcNow));
        }, "system:month-end");
    }

    /// <summary>A refresh of one period on its own (a second one changes nothing).</summary>
    public Task<IReadOnlyList<SystemDatumChange>> RefreshAsync(string period) =>
        App.Write(OrganizationId, async (w, _) => WriteOutcome<IReadOnlyList<SystemDatumChange>>.Ok(await SystemData.RefreshInAsync(w, period, DateTimeOffset.UtcNow)));

    /// <summary>The towns' scheme of <paramref name="period"/>: work (manual, 100) and the cards' penalty (cap 4, yellow 0.5, red 1), with <paramref name="adjustments"/>.</summary>
    public static JsonObject Scheme(string period, string? adjustments = null)
    {
        var scheme = RollUpWorld.Scheme($"{period} 综合考核", period, ["T1", "T2", "T3"], ("work", "重点工作", 100, """{"type": "manual"}"""));
        scheme["units"] = JsonNode.Parse("""{"T1": "城关镇", "T2": "河西镇", "T3": "山南乡"}""");
        scheme["categories"]![0]!["indicators"]!.AsArray().Add(JsonNode.Parse(
            """{"id": "cards", "name": "红黄牌督办", "kind": "penalty", "weight": 4, "source": "cards", "method": {"type": "events", "perEvent": {"yellow": 0.5, "red": 1}}}"""));
        if (adjustments is not null) scheme["adjustments"] = JsonNode.Parse(adjustments);
        return scheme;
    }

    public Task SaveSchemeAsync(string period, JsonObject document, int expectedVersion = 0) =>
        App.SaveScheme(OrganizationId, period, document, expectedVersion);

    public Task LoadWorkAsync(string period) =>
        RollUpWorld.LoadApprovedAsync(App, OrganizationId, period, [("T1", "work", 90), ("T2", "work", 92), ("T3", "work", 85)]);

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

    /// <summary>Publishes as the admin: the response body, asserting 201.</summary>
    public async Task<JsonElement> PublishAsync(string period, string? reason = null)
    {
        var response = await (await Api()).PostAsJsonAsync($"{PeriodUrl(period)}/publish", new { reason, allowIncomplete = false });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"publish {period}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task<JsonElement> GetJsonAsync(string url, string user = "admin")
    {
        var response = await (await Api(user)).GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The stored cards datum of each unit (value, writer, state, version).</summary>
    public async Task<Dictionary<string, (string? Value, string By, App.DataEntry.DatumState State, int Version)>> CardsDataAsync(string period, string indicator = "cards")
    {
        await using var db = App.NewDb();
        return await db.DatumEntries.AsNoTracking().Where(d => d.OrganizationId == OrganizationId && d.Period == period && d.IndicatorId == indicator)
            .ToDictionaryAsync(d => d.UnitCode, d => (d.Value, d.UpdatedBy, d.State, d.Version));
    }

    public async Task<List<(string Key, string? Before, string? After, string Actor)>> AuditAsync(string kind)
    {
        await using var db = App.NewDb();
        return [.. (await db.AuditEntries.AsNoTracking().Where(a => a.OrganizationId == OrganizationId && a.Kind == kind).OrderBy(a => a.Seq)
            .Select(a => new { a.Key, a.Before, a.After, a.Actor }).ToListAsync()).Select(a => (a.Key, a.Before, a.After, a.Actor))];
    }

    /// <summary>The unit's result in a stored revision (penalty, composite, exemptions as compact JSON).</summary>
    public static (decimal Penalty, decimal Composite, string Exemptions) Result(JsonElement revision, string unit)
    {
        var r = revision.GetProperty("categories")[0].GetProperty("results").EnumerateArray().Single(x => x.GetProperty("unit").GetString() == unit);
        var exemptions = string.Join(",", r.GetProperty("exemptions").EnumerateArray()
            .Select(e => $"{e.GetProperty("ref").GetString()}:{e.GetProperty("restored").GetDecimal().ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}"));
        return (r.GetProperty("penalty").GetDecimal(), r.GetProperty("composite").GetDecimal(), exemptions);
    }
}
