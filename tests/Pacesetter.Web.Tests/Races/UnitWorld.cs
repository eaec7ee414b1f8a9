using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Accounts;
using Pacesetter.App.DataEntry;
using Pacesetter.App.Publication;

namespace Pacesetter.Web.Tests.Races;

/// <summary>
/// An organization "unitzone" with three towns (城东街道 T1, 城西街道 T2, 江海街道 T3) scored on one hand-made scheme in two
/// months, both published (revision 1 each): uz-admin, uz-leader, uz-t1 (reporter of T1), uz-t2 (reporter of T2); names of
/// their own, beside the demo's users. The figures, worked by hand:
/// <code>
/// revenue 一般公共预算收入 base 60, completion (cap 1): 60 × value ÷ 100 (target 100)
/// service 服务对象满意度 base 30, leaderRatio: 30 × x ÷ max(x)
/// evaluation 综合评议 base 10, manual (the datum is the score)
/// honors 表彰加分 bonus cap 3, points; safety 安全生产 penalty cap 5, 1 per event
///
/// 2027-01   revenue     service               evaluation  base   bonus  penalty    composite  rank
///   T1      95 → 57     90 → 30×90÷100 = 27   10          94     1      2          93         3
///   T2     100 → 60    100 → 30               10         100     0      1          99         1  (flag: min 85)
///   T3     100 → 60     95 → 28.5             10          98.5   0      0          98.5       2
/// 2027-02
///   T1      90 → 54     95 → 28.5              8          90.5   2      2×1×0.5=1  91.5       2  (减责 safety × 0.5: 1 restored)
///   T2     100 → 60    100 → 30               10         100     0      3          97         1
///   T3      70 → 42     60 → 18                9          69     0      0          69         3
/// </code>
/// In 2027-02: grades 优秀 (min 90, quota 1) T2, 良好 (min 80) T1, 一般 T3; labels 标兵 T2, 优胜 T1 (top 2, min 80),
/// 黄牌 T3 (bottom 1); the flag stays with T2. T1 rose from 3 to 2 (previous composite 93), T3 fell from 2 to 3.
/// </summary>
public static class UnitWorld
{
    public const string Org = "unitzone";
    public const string Password = "Unit#2027pass";
    public const string January = "2027-01";
    public const string February = "2027-02";

    public static JsonObject Scheme(string period, bool reduction) => new()
    {
        ["name"] = $"测试区{period}月度考核",
        ["period"] = period,
        ["units"] = new JsonObject { ["T1"] = "城东街道", ["T2"] = "城西街道", ["T3"] = "江海街道" },
        ["categories"] = new JsonArray(new JsonObject
        {
            ["id"] = "towns",
            ["name"] = "镇街",
            ["units"] = new JsonArray("T1", "T2", "T3"),
            ["indicators"] = new JsonArray(
                new JsonObject { ["id"] = "revenue", ["name"] = "一般公共预算收入", ["weight"] = 60, ["core"] = true, ["method"] = new JsonObject { ["type"] = "completion", ["target"] = 100 } },
                new JsonObject { ["id"] = "service", ["name"] = "服务对象满意度", ["weight"] = 30, ["method"] = new JsonObject { ["type"] = "leaderRatio" } },
                new JsonObject { ["id"] = "evaluation", ["name"] = "综合评议", ["weight"] = 10, ["method"] = new JsonObject { ["type"] = "manual" } },
                new JsonObject { ["id"] = "honors", ["name"] = "表彰加分", ["kind"] = "bonus", ["weight"] = 3, ["method"] = new JsonObject { ["type"] = "points" } },
                new JsonObject { ["id"] = "safety", ["name"] = "安全生产", ["kind"] = "penalty", ["weight"] = 5, ["method"] = new JsonObject { ["type"] = "events", ["perEvent"] = 1 } }),
            ["grades"] = new JsonArray(
                new JsonObject { ["name"] = "优秀", ["min"] = 90, ["quota"] = 1 },
                new JsonObject { ["name"] = "良好", ["min"] = 80 },
                new JsonObject { ["name"] = "一般", ["min"] = 0 }),
            ["labels"] = new JsonObject
            {
                ["pacesetter"] = new JsonObject { ["top"] = 1, ["min"] = 90 },
                ["winner"] = new JsonObject { ["top"] = 2, ["min"] = 80 },
                ["yellow"] = new JsonObject { ["bottom"] = 1 },
            },
            ["flag"] = new JsonObject { ["min"] = 85 },
        }),
        ["adjustments"] = reduction
            ? new JsonArray(new JsonObject { ["id"] = "r1", ["unit"] = "T1", ["type"] = "exemption", ["ref"] = "safety", ["factor"] = 0.5, ["reason"] = "汛期抢险期间发生，已及时整改" })
            : new JsonArray(),
    };

    private static DataEntryService.Loaded D(string unit, string indicator, JsonNode value) => new(unit, indicator, value, DatumState.Approved, "uz-admin");

    private static JsonObject Revenue(int value) => new() { ["value"] = value, ["target"] = 100 };

    /// <summary>Makes the organization, its users, both months' schemes and data, and publishes January then February.</summary>
    public static async Task<int> SeedAsync(TestApp app)
    {
        var org = await app.NewOrganization(Org, "单位页测试区");
        await app.NewUser(org, "uz-admin", Password, false, Seeding.Role(OrgRole.Admin));
        await app.NewUser(org, "uz-leader", Password, false, Seeding.Role(OrgRole.Leader));
        await app.NewUser(org, "uz-t1", Password, false, Seeding.Role(OrgRole.Reporter, unit: "T1"));
        await app.NewUser(org, "uz-t2", Password, false, Seeding.Role(OrgRole.Reporter, unit: "T2"));

        await app.SaveScheme(org, January, Scheme(January, reduction: false));
        await app.LoadData(org, January,
            D("T1", "revenue", Revenue(95)), D("T1", "service", 90), D("T1", "evaluation", 10), D("T1", "honors", 1), D("T1", "safety", 2),
            D("T2", "revenue", Revenue(100)), D("T2", "service", 100), D("T2", "evaluation", 10), D("T2", "honors", 0), D("T2", "safety", 1),
            D("T3", "revenue", Revenue(100)), D("T3", "service", 95), D("T3", "evaluation", 10), D("T3", "honors", 0), D("T3", "safety", 0));
        await PublishAsync(app, org, January);

        await app.SaveScheme(org, February, Scheme(February, reduction: true));
        await app.LoadData(org, February,
            D("T1", "revenue", Revenue(90)), D("T1", "service", 95), D("T1", "evaluation", 8), D("T1", "honors", 2), D("T1", "safety", 2),
            D("T2", "revenue", Revenue(100)), D("T2", "service", 100), D("T2", "evaluation", 10), D("T2", "honors", 0), D("T2", "safety", 3),
            D("T3", "revenue", Revenue(70)), D("T3", "service", 60), D("T3", "evaluation", 9), D("T3", "honors", 0), D("T3", "safety", 0));
        await PublishAsync(app, org, February);
        return org;
    }

    public static async Task PublishAsync(TestApp app, int org, string period)
    {
        using var scope = app.Services.CreateScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<PublicationService>().PublishAsync(org, period, "uz-admin", "测试发布", allowIncomplete: false);
        Seeding.Ok(outcome);
    }

    private static DataEntryService.Loaded D(string unit, string indicator, int value) => D(unit, indicator, JsonValue.Create(value));
}
