using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace Pacesetter.Web.Tests.Publication;

/// <summary>
/// 汇总 roll-up from published revisions (scoring.md §9, issue #9 §3, ADR 0025): a quarter whose indicators name their
/// months takes each unit's published monthly composite at publication; a month not yet published refuses it.
/// </summary>
public class RollUpTests
{
    /// <summary>Each month: one manual indicator of weight 100, so a unit's composite is its datum.</summary>
    private static readonly Dictionary<string, Dictionary<string, decimal>> Months = new()
    {
        ["2026-01"] = new() { ["A"] = 91.37m, ["B"] = 90.00m, ["C"] = 80.05m, ["D"] = 70.00m },
        // D is not assessed in February: absent from its revision, so its m2 has no datum (missing: zero).
        ["2026-02"] = new() { ["A"] = 88.60m, ["B"] = 92.25m, ["C"] = 85.55m },
        ["2026-03"] = new() { ["A"] = 95.50m, ["B"] = 87.15m, ["C"] = 79.99m, ["D"] = 75.00m },
    };

    /// <summary>The leadership rating (领导评价), entered by the admin: a rollup without a source period.</summary>
    private static readonly Dictionary<string, decimal> Rating = new() { ["A"] = 95, ["B"] = 90, ["C"] = 80, ["D"] = 60 };

    private static async Task<RollUpWorld> QuarterWorld(string provider, params string[] published)
    {
        var world = await RollUpWorld.CreateAsync(provider);
        foreach (var (month, composites) in Months)
        {
            await world.SaveSchemeAsync(month, RollUpWorld.Scheme($"{month} 月度考核", month, [.. composites.Keys], ("work", "重点工作", 100, """{"type": "manual"}""")));
            await world.LoadApprovedAsync(month, composites.Select(c => (c.Key, "work", (JsonNode)JsonValue.Create(c.Value))));
        }
        foreach (var month in published) await world.PublishedAsync(month);
        await world.SaveSchemeAsync("2026-Q1", RollUpWorld.Scheme("2026年第一季度综合考核", "2026-Q1", ["A", "B", "C", "D"],
            ("m1", "一月综合得分", 30, """{"type": "rollup", "period": "2026-01"}"""),
            ("m2", "二月综合得分", 30, """{"type": "rollup", "period": "2026-02"}"""),
            ("m3", "三月综合得分", 35, """{"type": "rollup", "period": "2026-03"}"""),
            ("rating", "领导评价", 5, """{"type": "rollup"}""")));
        await world.LoadApprovedAsync("2026-Q1", Rating.Select(r => (r.Key, "rating", (JsonNode)JsonValue.Create(r.Value))));
        return world;
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_quarter_rolls_up_its_published_months(string provider)
    {
        await using var world = await QuarterWorld(provider, "2026-01", "2026-02", "2026-03");

        await world.PublishedAsync("2026-Q1");

        var results = await world.GetJsonAsync($"{RollUpWorld.PeriodUrl("2026-Q1")}/revisions/1");
        var rows = results.GetProperty("categories")[0].GetProperty("results").EnumerateArray().ToList();
        // Σ round2(w × composite / 100):
        // A: 30 × 91.37 = 27.411 → 27.41; 30 × 88.60 = 26.58; 35 × 95.50 = 33.425 → 33.43; rating 5 × 95 = 4.75 → 92.17
        // B: 30 × 90 = 27.00; 30 × 92.25 = 27.675 → 27.68; 35 × 87.15 = 30.5025 → 30.50; 5 × 90 = 4.50 → 89.68
        // C: 30 × 80.05 = 24.015 → 24.02; 30 × 85.55 = 25.665 → 25.67; 35 × 79.99 = 27.9965 → 28.00; 5 × 80 = 4.00 → 81.69
        // D: 30 × 70 = 21.00; February absent: no datum, missing zero → 0; 35 × 75 = 26.25; 5 × 60 = 3.00 → 50.25
        Assert.Equal(["A", "B", "C", "D"], rows.Select(r => r.GetProperty("unit").GetString()));
        Assert.Equal([92.17m, 89.68m, 81.69m, 50.25m], rows.Select(r => r.GetProperty("composite").GetDecimal()));
        Assert.Equal([1, 2, 3, 4], rows.Select(r => r.GetProperty("rank").GetInt32()));
        Assert.Equal([27.41m, 26.58m, 33.43m, 4.75m], new[] { "m1", "m2", "m3", "rating" }.Select(i => rows[0].GetProperty("indicators").GetProperty(i).GetProperty("score").GetDecimal()));
        Assert.Equal(0m, rows[3].GetProperty("indicators").GetProperty("m2").GetProperty("score").GetDecimal());
        // 优秀 ≥ 90 (quota 1): A; 良好 ≥ 85: B; C and D 一般. 标兵: A; 黄牌 (bottom 1): D. Flag ≥ 90: A.
        Assert.Equal(["优秀", "良好", "一般", "一般"], rows.Select(r => r.GetProperty("grade").GetString()));
        Assert.Equal(["pacesetter", null, null, "yellow"], rows.Select(r => r.GetProperty("label").GetString()));
        Assert.Equal("A", results.GetProperty("categories")[0].GetProperty("flag").GetProperty("holder").GetString());

        // The stored input holds the published composites it took: what `pacesetter score` re-reads.
        var input = await world.GetJsonAsync($"{RollUpWorld.PeriodUrl("2026-Q1")}/revisions/1/input");
        var data = input.GetProperty("data");
        Assert.Equal([91.37m, 88.60m, 95.50m, 95m], new[] { "m1", "m2", "m3", "rating" }.Select(i => data.GetProperty("A").GetProperty(i).GetDecimal()));
        Assert.False(data.GetProperty("D").TryGetProperty("m2", out _));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_quarter_whose_month_is_unpublished_is_refused_listing_it(string provider)
    {
        await using var world = await QuarterWorld(provider, "2026-01", "2026-02");

        var response = await world.PublishAsync("2026-Q1");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var paths = Problems(body).Select(p => p.Path).ToList();
        Assert.Equal(["$.data.A.m3", "$.data.B.m3", "$.data.C.m3", "$.data.D.m3"], paths);
        Assert.All(Problems(body), p => Assert.Equal("汇总来源期 2026年3月 尚未发布", p.Message));
        await using (var db = world.App.NewDb())
        {
            Assert.False(await db.Revisions.AnyAsync(r => r.Period == "2026-Q1"));
        }

        // Allowed incomplete, March follows m3's missing policy (zero): B = 27.00 + 27.68 + 0 + 4.50 = 59.18;
        // A = 27.41 + 26.58 + 0 + 4.75 = 58.74; C = 24.02 + 25.67 + 0 + 4.00 = 53.69; D = 21.00 + 0 + 0 + 3.00 = 24.00.
        var incomplete = await world.PublishAsync("2026-Q1", allowIncomplete: true);
        Assert.Equal(HttpStatusCode.Created, incomplete.StatusCode);
        var results = await world.GetJsonAsync($"{RollUpWorld.PeriodUrl("2026-Q1")}/revisions/1");
        var rows = results.GetProperty("categories")[0].GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([("B", 59.18m), ("A", 58.74m), ("C", 53.69m), ("D", 24.00m)], rows.Select(r => (r.GetProperty("unit").GetString(), r.GetProperty("composite").GetDecimal())));
        await using (var db = world.App.NewDb())
        {
            var revision = await db.Revisions.SingleAsync(r => r.Period == "2026-Q1");
            Assert.True(revision.Incomplete);
        }
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Nobody_enters_a_datum_the_roll_up_fills(string provider)
    {
        await using var world = await QuarterWorld(provider);

        foreach (var user in new[] { "rep-a", "admin" })
        {
            var api = await world.Api(user);
            var put = await api.PutAsJsonAsync($"{RollUpWorld.PeriodUrl("2026-Q1")}/data/A/m1", new { value = 99, version = 0, submit = false });
            Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        }
        // The reporter's entry page says so on the card, whose inputs are closed.
        var page = WebUtility.HtmlDecode(await (await world.App.SignedIn("rep-a", RollUpWorld.Password)).GetStringAsync(Routes.Entry(RollUpWorld.Org, "2026-Q1")));
        Assert.Contains("id=\"rollup-A--m1\">汇总指标：发布时自动取2026年1月已发布的综合得分，无需填报</div>", page);
        Assert.Contains("id=\"rollup-A--m3\">汇总指标：发布时自动取2026年3月已发布的综合得分，无需填报</div>", page);
        Assert.DoesNotContain("id=\"rollup-A--rating\"", page);
        // The rating has no source period: the admin still enters it (A's row exists: version 1).
        var rating = await (await world.Api("admin")).PutAsJsonAsync($"{RollUpWorld.PeriodUrl("2026-Q1")}/data/A/rating", new { value = 96, version = 1, submit = false });
        Assert.Equal(HttpStatusCode.OK, rating.StatusCode);
    }

    private sealed record ProblemLine(string Path, string Message);

    private static List<ProblemLine> Problems(string body) =>
        JsonDocument.Parse(body).RootElement.GetProperty("problems").EnumerateArray()
            .Select(p => new ProblemLine(p.GetProperty("path").GetString()!, p.GetProperty("message").GetString()!)).ToList();
}
