using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Accounts;
using Pacesetter.App.Publication;
using Pacesetter.App.Schemes;
using Pacesetter.Web.Tests.Schemes;

namespace Pacesetter.Web.Tests.Races;

/// <summary>
/// An organization <c>race</c> whose January, February and March 2026 are imported and published (revision 1 each)
/// through the application's services, with hand-made figures chosen so that the rotating red flag changes hands
/// exactly as scoring.md §5 says, and rank changes, risers and a yellow streak are checked by hand:
/// <code>
/// 镇街 towns (work: a manual score of weight 100, so composite = the figure; flag min 90; yellow: the last tied group)
///          January          February          March
///   T1 东城街道  95 rank 1  🚩   92 rank 1 🚩 (kept)  88 rank 3 yellow
///   T2 西城街道  90 rank 2       92 rank 1             93 rank 1
///   T3 南湖镇    85 rank 3       85 rank 3             93 rank 1
///   T4 北山镇    70 rank 4 yel.  60 rank 4 yellow      88 rank 3 yellow
/// January: one rank-1 candidate (T1, 95 ≥ 90) → T1 holds the flag.
/// February: T1 and T2 tied at rank 1, both ≥ 90; the previous holder T1 is among them → T1 keeps it (moved false).
/// March: T2 and T3 tied at rank 1; the previous holder T1 is not among them → nobody (moved true).
/// March's changes against February: T2 1→1 (0), T3 3→1 (+2), T1 1→3 (−2), T4 4→3 (+1).
/// T4 is yellow in January, February and March: 3 periods in a row, since 2026-01; T1 only in March.
///
/// 职能部门 depts (no flag, no labels)
///   D1 财政局 90 85 60 · D2 经发局 85 80 90 · D3 审批局 80 75 85 · D4 住建局 75 70 80 · D5 环保局 70 65 75
/// ranks: January and February 1 2 3 4 5 (no change); March D2 1, D3 2, D4 3, D5 4, D1 5: D1 −4, D2…D5 +1 each,
/// so the risers are D2, D3, D4 (tied at +1, by unit id; D5 left out of the three).
/// </code>
/// Users: <c>race.admin</c>, <c>race.leader</c>, <c>race.t1</c> (reporter of T1), <c>race.econ</c> (assessor).
/// </summary>
public sealed class RaceWorld : IAsyncDisposable
{
    public const string Org = "race";
    public const string Password = "Race#2026pass";
    public static readonly string[] Months = ["2026-01", "2026-02", "2026-03"];

    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        ["T1"] = "东城街道",
        ["T2"] = "西城街道",
        ["T3"] = "南湖镇",
        ["T4"] = "北山镇",
        ["D1"] = "财政局",
        ["D2"] = "经发局",
        ["D3"] = "审批局",
        ["D4"] = "住建局",
        ["D5"] = "环保局",
    };

    /// <summary>Each month's figure per unit (the manual score of <c>work</c>, weight 100).</summary>
    public static readonly IReadOnlyDictionary<string, int[]> Figures = new Dictionary<string, int[]>
    {
        ["T1"] = [95, 92, 88],
        ["T2"] = [90, 92, 93],
        ["T3"] = [85, 85, 93],
        ["T4"] = [70, 60, 88],
        ["D1"] = [90, 85, 60],
        ["D2"] = [85, 80, 90],
        ["D3"] = [80, 75, 85],
        ["D4"] = [75, 70, 80],
        ["D5"] = [70, 65, 75],
    };

    public required TestApp App { get; init; }
    public required int OrganizationId { get; init; }

    public static async Task<RaceWorld> CreateAsync(string provider, TestApp? app = null)
    {
        app ??= new TestApp(provider);
        var org = await app.NewOrganization(Org, "赛马测试区");
        await app.NewUser(org, "race.admin", Password, false, Seeding.Role(OrgRole.Admin));
        await app.NewUser(org, "race.leader", Password, false, Seeding.Role(OrgRole.Leader));
        for (int m = 0; m < Months.Length; m++)
        {
            using var scope = app.Services.CreateScope();
            var sp = scope.ServiceProvider;
            var file = Encoding.UTF8.GetBytes(Scheme(m).ToJsonString());
            Seeding.Ok(await sp.GetRequiredService<SchemeImporter>().ImportAsync(org, Months[m], file, "race.admin", "赛马测试", null));
            Seeding.Ok(await sp.GetRequiredService<PublicationService>().PublishAsync(org, Months[m], "race.admin", null, false));
        }
        // Users of a unit come after the import that made the units.
        await app.NewUser(org, "race.t1", Password, false, Seeding.Role(OrgRole.Reporter, "T1"));
        await app.NewUser(org, "race.econ", Password, false, Seeding.Role(OrgRole.Assessor, indicators: "work"));
        return new RaceWorld { App = app, OrganizationId = org };
    }

    /// <summary>Month <paramref name="m"/>'s scheme file with its figures (no previousFlags: publication carries them from the previous month).</summary>
    public static JsonObject Scheme(int m)
    {
        JsonObject Category(string id, string name, string prefix, bool race) => new()
        {
            ["id"] = id,
            ["name"] = name,
            ["units"] = new JsonArray(Names.Keys.Where(u => u.StartsWith(prefix, StringComparison.Ordinal)).Select(u => (JsonNode)u).ToArray()),
            ["indicators"] = new JsonArray(new JsonObject { ["id"] = "work", ["name"] = "工作实绩", ["weight"] = 100, ["method"] = new JsonObject { ["type"] = "manual" } }),
            ["grades"] = new JsonArray(
                new JsonObject { ["name"] = "优秀", ["min"] = 90 }, new JsonObject { ["name"] = "良好", ["min"] = 80 }, new JsonObject { ["name"] = "一般", ["min"] = 0 }),
            ["labels"] = race ? new JsonObject { ["yellow"] = new JsonObject { ["bottom"] = 1 } } : new JsonObject(),
            ["flag"] = race ? new JsonObject { ["min"] = 90 } : null,
        };
        var units = new JsonObject();
        foreach (var (code, name) in Names) units[code] = name;
        var data = new JsonObject();
        foreach (var (code, figures) in Figures) data[code] = new JsonObject { ["work"] = figures[m] };
        var towns = Category("towns", "镇街", "T", race: true);
        var depts = Category("depts", "职能部门", "D", race: false);
        depts.Remove("flag");
        return new JsonObject
        {
            ["name"] = $"赛马测试区2026年{m + 1}月考核",
            ["period"] = Months[m],
            ["units"] = units,
            ["categories"] = new JsonArray(towns, depts),
            ["data"] = data,
        };
    }

    public Task<HttpClient> PageAs(string user) => App.SignedIn(user, Password);

    public async Task<HttpClient> ApiAs(string user)
    {
        using var db = App.NewDb();
        var id = db.Users.Single(u => u.UserName == user).Id;
        return App.Api(await App.Token(OrganizationId, id));
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
