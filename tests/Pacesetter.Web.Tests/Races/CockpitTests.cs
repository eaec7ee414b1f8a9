using System.Net;
using System.Text.Json;
using AngleSharp.Html.Parser;

namespace Pacesetter.Web.Tests.Races;

/// <summary>
/// 驾驶舱 (issue #9 §3): the leaders' screen of <see cref="CockpitWorld"/>, whose two published months are checked by
/// hand, through HTTP on SQLite and PostgreSQL; the figures are read from the page's JSON block, as the charts read them.
/// </summary>
public class CockpitTests
{
    private const string Url = "/races/cockpit?year=2026";

    private static async Task<(HttpStatusCode Status, string Html)> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static JsonElement Data(string html)
    {
        var block = new HtmlParser().ParseDocument(html).QuerySelector("script#cockpit-data");
        Assert.NotNull(block);
        Assert.Equal("application/json", block.GetAttribute("type"));
        return JsonDocument.Parse(block.TextContent).RootElement;
    }

    private static JsonElement Category(JsonElement figures, string id) =>
        figures.GetProperty("categories").EnumerateArray().Single(c => c.GetProperty("id").GetString() == id);

    private static List<string> Units(JsonElement list) => list.EnumerateArray().Select(u => u.GetProperty("unit").GetString()!).ToList();

    /// <summary>unit → cumulative composite of one frame of the race.</summary>
    private static Dictionary<string, decimal> Frame(JsonElement category, string period)
    {
        var frame = category.GetProperty("race").EnumerateArray().Single(f => f.GetProperty("period").GetString() == period);
        return frame.GetProperty("values").EnumerateArray().ToDictionary(v => v.GetProperty("unit").GetString()!, v => v.GetProperty("value").GetDecimal());
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_cockpit_shows_two_published_months_as_computed_by_hand(string provider)
    {
        using var world = await CockpitWorld.CreateAsync(provider);
        var leader = await world.SignedIn("ck.leader");

        var (status, html) = await GetAsync(leader, Url);

        Assert.Equal(HttpStatusCode.OK, status);
        var data = Data(html);
        var f = data.GetProperty("figures");
        Assert.Equal(2026, f.GetProperty("year").GetInt32());
        Assert.Equal(new[] { "2026-01", "2026-02" }, f.GetProperty("months").EnumerateArray().Select(m => m.GetString()!));
        Assert.Equal(new[] { "1月", "2月" }, data.GetProperty("months").EnumerateArray().Select(m => m.GetProperty("label").GetString()!));
        Assert.Equal("2026-02", f.GetProperty("latest").GetString());
        Assert.Equal(1, f.GetProperty("revision").GetInt32());

        // The race: cumulative composites, highest first.
        var towns = Category(f, "towns");
        // January alone: T1 93, T2 80, T3 65.
        Assert.Equal(new Dictionary<string, decimal> { ["T1"] = 93m, ["T2"] = 80m, ["T3"] = 65m }, Frame(towns, "2026-01"));
        // After February: T1 93 + 80 = 173, T2 80 + 97 = 177, T3 65 + 79 = 144.
        Assert.Equal(new Dictionary<string, decimal> { ["T1"] = 173m, ["T2"] = 177m, ["T3"] = 144m }, Frame(towns, "2026-02"));
        Assert.Equal(new[] { "T2", "T1", "T3" }, Units(towns.GetProperty("race")[1].GetProperty("values")));
        var depts = Category(f, "depts");
        // D1 95 + 94 = 189, D2 76 + 60 = 136.
        Assert.Equal(new Dictionary<string, decimal> { ["D1"] = 189m, ["D2"] = 136m }, Frame(depts, "2026-02"));

        // At a glance, February: 城西街道 first with 97.00, then 城东街道 80, 城南街道 79 (yellow: the last).
        Assert.Equal(new[] { "T2" }, Units(towns.GetProperty("leaders")));
        Assert.Equal(new[] { "T2", "T1", "T3" }, Units(towns.GetProperty("top")));
        Assert.Equal(new[] { "T2", "T1", "T3" }, Units(towns.GetProperty("bottom")));
        Assert.Equal(new[] { "T3" }, Units(towns.GetProperty("yellow")));
        Assert.Equal(new[] { "D2" }, Units(depts.GetProperty("yellow")));
        // The flag: January's holder 城东街道 (93 ≥ 85) hands it to 城西街道 (97); 财政局 keeps the departments' (95, 94 ≥ 90).
        var flag = towns.GetProperty("flag");
        Assert.Equal(("T2", "城西街道", "T1", true), (flag.GetProperty("holder").GetString(), flag.GetProperty("holderName").GetString(), flag.GetProperty("previous").GetString(), flag.GetProperty("moved").GetBoolean()));
        var deptFlag = depts.GetProperty("flag");
        Assert.Equal(("D1", "D1", false), (deptFlag.GetProperty("holder").GetString(), deptFlag.GetProperty("previous").GetString(), deptFlag.GetProperty("moved").GetBoolean()));

        // Grades of February's towns: 97 优秀, 80 良好, 79 一般; the departments have none.
        Assert.Equal(new[] { ("优秀", 1), ("良好", 1), ("一般", 1) },
            towns.GetProperty("grades").EnumerateArray().Select(g => (g.GetProperty("grade").GetString()!, g.GetProperty("count").GetInt32())));
        Assert.Equal(0, depts.GetProperty("grades").GetArrayLength());

        // Points lost in February, Σ max(0, weight − score):
        //   c (部门, 80): (80 − 70) + (80 − 50) = 40
        //   a (镇街, 60): (60 − 50) + (60 − 58) + (60 − 45) = 27
        //   b (镇街, 40): (40 − 30) + (40 − 39) + (40 − 34) = 17
        //   d (部门, 20): 财政局 scored 24 (above the weight: 0 lost, not −4) + (20 − 10) = 10
        var losses = f.GetProperty("losses").EnumerateArray()
            .Select(l => (l.GetProperty("indicator").GetString()!, l.GetProperty("name").GetString()!, l.GetProperty("lost").GetDecimal(), l.GetProperty("units").GetInt32())).ToList();
        Assert.Equal(new[] { ("c", "重点工作", 40m, 2), ("a", "经济发展", 27m, 3), ("b", "社会治理", 17m, 3), ("d", "收入完成率", 10m, 2) }, losses);

        // The page says the same in words, by name and to 2 decimals.
        var page = new HtmlParser().ParseDocument(html);
        Assert.Equal("城西街道 97.00", page.QuerySelector("#leader-towns")!.TextContent.Trim());
        Assert.Contains("2026年2月（第 1 版）", page.QuerySelector("#cockpit-latest")!.TextContent);
        Assert.Equal(new[] { "重点工作", "部门", "80.00", "2", "40.00" }, page.QuerySelectorAll("#loss-table tbody tr")[0].Children.Select(td => td.TextContent.Trim()));
        Assert.Contains("城南街道", page.QuerySelector("#yellow-towns")!.TextContent);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Only_admins_and_leaders_open_the_cockpit_and_it_shows_nothing_unpublished(string provider)
    {
        using var world = await CockpitWorld.CreateAsync(provider, publish: false);
        var admin = await world.SignedIn("ck.admin");
        var reporter = await world.SignedIn("ck.t1");

        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.GetAsync(Url)).StatusCode);
        var anonymous = await world.App.Browser().GetAsync(Url);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/Account/Login", anonymous.Headers.Location!.PathAndQuery);

        // Approved data, schemes, but nothing published: the screen says so and carries no figures.
        var (status, html) = await GetAsync(admin, Url);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("2026年还没有已发布的月度考核结果", html);
        Assert.Null(new HtmlParser().ParseDocument(html).QuerySelector("#cockpit-data"));

        // January published: the screen shows January only.
        await world.PublishAsync("2026-01");
        var f = Data(await admin.GetStringAsync(Url)).GetProperty("figures");
        Assert.Equal(new[] { "2026-01" }, f.GetProperty("months").EnumerateArray().Select(m => m.GetString()!));
        Assert.Equal(new Dictionary<string, decimal> { ["T1"] = 93m, ["T2"] = 80m, ["T3"] = 65m }, Frame(Category(f, "towns"), "2026-01"));

        // A year that is not one is refused with a message naming the field.
        var (bad, badHtml) = await GetAsync(admin, "/races/cockpit?year=20x6");
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Contains("“年度”须为 2000–2999 之间的整数。", badHtml);
    }
}
