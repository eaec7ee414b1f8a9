using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Accounts;
using Pacesetter.App.DataEntry;
using Pacesetter.App.Publication;

namespace Pacesetter.Web.Tests.Races;

/// <summary>
/// A small organization for the leaders' screen and the kiosk, with figures simple enough to check by hand: two
/// categories scored by <c>manual</c> indicators (the datum is the score) and one <c>completion</c> indicator that can
/// score above its weight; January and February 2026 published (revision 1 each).
/// <code>
/// 镇街 towns: a (60, manual), b (40, manual); grades 优秀 ≥ 90, 良好 ≥ 80, 一般; 标兵 top 1 ≥ 90; 黄牌 bottom 1; flag ≥ 85
///   January   T1 城东街道 55 + 38 = 93   T2 城西街道 50 + 30 = 80   T3 城南街道 40 + 25 = 65
///   February  T1          50 + 30 = 80   T2          58 + 39 = 97   T3          45 + 34 = 79
/// 部门 depts: c (80, manual), d (20, completion, cap 1.2); no grades; 黄牌 bottom 1; flag ≥ 90
///   January   D1 财政局 75 + 20 (10/10) = 95       D2 审批局 60 + 16 (20 × 8 / 10) = 76
///   February  D1        70 + 24 (12/10 ≥ 1.2) = 94 D2        50 + 10 (20 × 5 / 10) = 60
/// </code>
/// </summary>
public sealed class CockpitWorld : IDisposable
{
    public const string Org = "ck";
    public const string OrgName = "测试开发区";
    public const string Password = "Cockpit#2026pass";

    public TestApp App { get; }
    public int OrganizationId { get; private set; }

    private CockpitWorld(TestApp app) => App = app;

    public static async Task<CockpitWorld> CreateAsync(string provider, bool publish = true)
    {
        var world = new CockpitWorld(new TestApp(provider));
        await world.SetUpAsync(publish);
        return world;
    }

    private async Task SetUpAsync(bool publish)
    {
        OrganizationId = await App.NewOrganization(Org, OrgName);
        await App.NewUser(OrganizationId, "ck.admin", Password, false, Seeding.Role(OrgRole.Admin));
        await App.NewUser(OrganizationId, "ck.leader", Password, false, Seeding.Role(OrgRole.Leader));
        await App.NewUser(OrganizationId, "ck.t1", Password, false, Seeding.Role(OrgRole.Reporter, "T1"));
        var january = new Dictionary<string, (decimal A, decimal B)> { ["T1"] = (55, 38), ["T2"] = (50, 30), ["T3"] = (40, 25) };
        var february = new Dictionary<string, (decimal A, decimal B)> { ["T1"] = (50, 30), ["T2"] = (58, 39), ["T3"] = (45, 34) };
        await PeriodAsync("2026-01", january, [("D1", 75, 10), ("D2", 60, 8)], publish);
        await PeriodAsync("2026-02", february, [("D1", 70, 12), ("D2", 50, 5)], publish);
    }

    private async Task PeriodAsync(string period, Dictionary<string, (decimal A, decimal B)> towns, (string Unit, decimal C, decimal D)[] depts, bool publish)
    {
        await App.SaveScheme(OrganizationId, period, Scheme(period), 0, "ck.admin");
        var rows = new List<DataEntryService.Loaded>();
        foreach (var (unit, (a, b)) in towns)
        {
            rows.Add(new(unit, "a", JsonValue.Create(a), DatumState.Approved, "ck.admin"));
            rows.Add(new(unit, "b", JsonValue.Create(b), DatumState.Approved, "ck.admin"));
        }
        foreach (var (unit, c, d) in depts)
        {
            rows.Add(new(unit, "c", JsonValue.Create(c), DatumState.Approved, "ck.admin"));
            rows.Add(new(unit, "d", new JsonObject { ["value"] = d, ["target"] = 10 }, DatumState.Approved, "ck.admin"));
        }
        await App.LoadData(OrganizationId, period, [.. rows]);
        if (publish) await PublishAsync(period);
    }

    /// <summary>Publishes the period as the admin (revision N), through the publication service.</summary>
    public async Task PublishAsync(string period)
    {
        using var scope = App.Services.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<PublicationService>();
        Seeding.Ok(await service.PublishAsync(OrganizationId, period, "ck.admin", null, allowIncomplete: false));
    }

    public static JsonObject Scheme(string period)
    {
        static JsonObject Manual(string id, string name, decimal weight) =>
            new() { ["id"] = id, ["name"] = name, ["weight"] = weight, ["method"] = new JsonObject { ["type"] = "manual" } };
        return new JsonObject
        {
            ["name"] = $"测试开发区{period}考核",
            ["period"] = period,
            ["units"] = new JsonObject { ["T1"] = "城东街道", ["T2"] = "城西街道", ["T3"] = "城南街道", ["D1"] = "财政局", ["D2"] = "审批局" },
            ["categories"] = new JsonArray(
                new JsonObject
                {
                    ["id"] = "towns",
                    ["name"] = "镇街",
                    ["units"] = new JsonArray("T1", "T2", "T3"),
                    ["indicators"] = new JsonArray(Manual("a", "经济发展", 60), Manual("b", "社会治理", 40)),
                    ["grades"] = new JsonArray(
                        new JsonObject { ["name"] = "优秀", ["min"] = 90 },
                        new JsonObject { ["name"] = "良好", ["min"] = 80 },
                        new JsonObject { ["name"] = "一般", ["min"] = 0 }),
                    ["labels"] = new JsonObject
                    {
                        ["pacesetter"] = new JsonObject { ["top"] = 1, ["min"] = 90 },
                        ["yellow"] = new JsonObject { ["bottom"] = 1 },
                    },
                    ["flag"] = new JsonObject { ["min"] = 85 },
                },
                new JsonObject
                {
                    ["id"] = "depts",
                    ["name"] = "部门",
                    ["units"] = new JsonArray("D1", "D2"),
                    ["indicators"] = new JsonArray(
                        Manual("c", "重点工作", 80),
                        new JsonObject
                        {
                            ["id"] = "d",
                            ["name"] = "收入完成率",
                            ["weight"] = 20,
                            ["method"] = new JsonObject { ["type"] = "completion", ["cap"] = 1.2m },
                        }),
                    ["labels"] = new JsonObject { ["yellow"] = new JsonObject { ["bottom"] = 1 } },
                    ["flag"] = new JsonObject { ["min"] = 90 },
                }),
        };
    }

    public Task<HttpClient> SignedIn(string user) => App.SignedIn(user, Password);

    public void Dispose() => App.Dispose();
}
