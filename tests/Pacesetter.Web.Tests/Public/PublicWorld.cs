using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Accounts;
using Pacesetter.App.DataEntry;
using Pacesetter.App.Publication;

namespace Pacesetter.Web.Tests.Public;

/// <summary>
/// An organization <c>pub</c> (公示区, posting publicly) with two categories and two published months, a reporter
/// (its name must never reach a public page), and an organization <c>quiet</c> (静默区) that does not post publicly:
/// <list type="bullet">
/// <item>镇街 (towns), weights a 60 + b 40, manual scores; 优秀 ≥ 90 (quota 1), 良好 ≥ 80, 一般; 标兵 top 1 ≥ 90, 优胜
/// top 2 ≥ 80, 黄牌 bottom 1 or below 60; the flag at ≥ 90.</item>
/// <item>部门 (depts), one indicator k of weight 100, manual; no grades, labels or flag.</item>
/// </list>
/// September: 城西街道 55+35 = 90 (1st), 城南街道 45+35 = 80 (2nd), 城东街道 40+30 = 70 (3rd); 财政局 80 (1st), 发改局 60 (2nd).
/// October: 城东街道 55+38 = 93 (1st, ↑2), 城西街道 50+35 = 85 (2nd, ↓1), 城南街道 30+20 = 50 (3rd, ↓1); 财政局 88.25 (1st, –),
/// 发改局 70.5 (2nd, –). November has a scheme and approved data but is not published.
/// </summary>
public sealed class PublicWorld : IAsyncDisposable
{
    public const string Org = "pub";
    public const string OrgName = "公示区";
    public const string Quiet = "quiet";
    public const string Reporter = "reporter.secret";

    public TestApp App { get; }
    public int OrganizationId { get; private set; }
    public int QuietId { get; private set; }
    /// <summary>October's revision 1 (its time and notice period).</summary>
    public Revision October { get; private set; } = null!;

    private PublicWorld(TestApp app) => App = app;

    public static async Task<PublicWorld> CreateAsync(string provider)
    {
        var world = new PublicWorld(new TestApp(provider));
        await world.SetUpAsync();
        return world;
    }

    private async Task SetUpAsync()
    {
        OrganizationId = await App.NewOrganization(Org, OrgName);
        QuietId = await App.NewOrganization(Quiet, "静默区");
        await App.NewUser(OrganizationId, Reporter, "Test#2026pass", false, Seeding.Role(OrgRole.Reporter, unit: "T1"));
        await using (var db = App.NewDb())
        {
            await db.Organizations.Where(o => o.Id == OrganizationId).ExecuteUpdateAsync(s => s.SetProperty(o => o.PublicPosting, true));
            await db.Organizations.Where(o => o.Id == QuietId).ExecuteUpdateAsync(s => s.SetProperty(o => o.PublicPosting, false));
        }
        await SchemeWithData(OrganizationId, "2026-09", (55, 35), (45, 35), (40, 30), 60m, 80m);
        await Publish("2026-09");
        await SchemeWithData(OrganizationId, "2026-10", (50, 35), (30, 20), (55, 38), 70.5m, 88.25m);
        October = await Publish("2026-10");
        await SchemeWithData(OrganizationId, "2026-11", (50, 35), (30, 20), (55, 38), 70.5m, 88.25m);
        // The quiet organization publishes the same October: posted nowhere.
        await SchemeWithData(QuietId, "2026-10", (50, 35), (30, 20), (55, 38), 70.5m, 88.25m);
        await Publish("2026-10", QuietId);
    }

    /// <summary>The period's scheme and approved data: (a, b) of 城西街道 T2, 城南街道 T3, 城东街道 T1; k of 发改局 D1 and 财政局 D2.</summary>
    private async Task SchemeWithData(int org, string period, (decimal A, decimal B) t2, (decimal A, decimal B) t3, (decimal A, decimal B) t1, decimal d1, decimal d2)
    {
        await App.SaveScheme(org, period, Scheme(period));
        DataEntryService.Loaded Datum(string unit, string indicator, decimal value) => new(unit, indicator, JsonValue.Create(value), DatumState.Approved, "admin");
        await App.LoadData(org, period,
            Datum("T1", "a", t1.A), Datum("T1", "b", t1.B),
            Datum("T2", "a", t2.A), Datum("T2", "b", t2.B),
            Datum("T3", "a", t3.A), Datum("T3", "b", t3.B),
            Datum("D1", "k", d1), Datum("D2", "k", d2));
    }

    public static JsonObject Scheme(string period) => JsonNode.Parse($$"""
        {
          "name": "{{OrgName}}{{period[..4]}}年{{int.Parse(period[5..])}}月综合考核",
          "period": "{{period}}",
          "units": { "T1": "城东街道", "T2": "城西街道", "T3": "城南街道", "D1": "发改局", "D2": "财政局" },
          "categories": [
            { "id": "towns", "name": "镇街", "units": ["T1", "T2", "T3"],
              "indicators": [
                { "id": "a", "name": "经济发展", "weight": 60, "method": { "type": "manual" } },
                { "id": "b", "name": "社会治理", "weight": 40, "method": { "type": "manual" } }
              ],
              "grades": [ { "name": "优秀", "min": 90, "quota": 1 }, { "name": "良好", "min": 80 }, { "name": "一般", "min": 0 } ],
              "labels": { "pacesetter": { "top": 1, "min": 90 }, "winner": { "top": 2, "min": 80 }, "yellow": { "bottom": 1, "below": 60 } },
              "flag": { "min": 90 } },
            { "id": "depts", "name": "部门", "units": ["D1", "D2"],
              "indicators": [ { "id": "k", "name": "工作实绩", "weight": 100, "method": { "type": "manual" } } ] }
          ]
        }
        """)!.AsObject();

    public async Task<Revision> Publish(string period, int? org = null, string? reason = null)
    {
        using var scope = App.Services.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<PublicationService>();
        return Seeding.Ok(await service.PublishAsync(org ?? OrganizationId, period, "admin", reason, allowIncomplete: false));
    }

    public async Task OpenCorrection(string period, string reason)
    {
        using var scope = App.Services.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<PublicationService>();
        Seeding.Ok(await service.OpenCorrectionAsync(OrganizationId, period, "admin", reason));
    }

    /// <summary>Sets a datum's value and state as it stands (a correction's change, or a draft nobody approved).</summary>
    public async Task SetDatum(string period, string unit, string indicator, decimal value, DatumState state)
    {
        await using var db = App.NewDb();
        var changed = await db.DatumEntries
            .Where(d => d.OrganizationId == OrganizationId && d.Period == period && d.UnitCode == unit && d.IndicatorId == indicator)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Value, JsonValue.Create(value).ToJsonString()).SetProperty(d => d.State, state).SetProperty(d => d.Version, d => d.Version + 1));
        Assert.Equal(1, changed);
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
