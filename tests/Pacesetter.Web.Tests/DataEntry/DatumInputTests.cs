using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Pacesetter.Web.Tests.Schemes;

namespace Pacesetter.Web.Tests.DataEntry;

/// <summary>
/// Issue 7, findings 1 and 5: every datum is checked on its own against its indicator's datum shape (scoring.md §3,
/// §4, §7) before it is stored, its JSON checked as it came (strings that are not text, nesting), its stored JSON at
/// most 20,000 characters — through <c>PUT …/data</c>, on both databases.
/// </summary>
public class DatumInputTests
{
    private const string Utf8Problem = "字符串不是有效的文本：含有无效的 UTF-8 字节或不成对的代理项（\\ud800–\\udfff）";
    private const string DepthProblem = "数组与对象嵌套超过 8 层：数据应为数值、字符串、{\"value\", …}、奖项或事件列表、按类型的次数";

    /// <summary><paramref name="levels"/> lists, one inside the other: <c>[[[]]]</c> for 3.</summary>
    public static string Nested(int levels) => new string('[', levels) + new string(']', levels);

    private static Task<HttpResponseMessage> PutRaw(HttpClient api, string url, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return api.PutAsync(url, content);
    }

    /// <summary>The 400's problems: path → messages.</summary>
    private static async Task<Dictionary<string, string[]>> Errors(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var json = await EntryWorld.Json(response);
        return json.GetProperty("errors").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(m => m.GetString()!).ToArray());
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_reporter_cannot_store_a_datum_nested_63_levels_and_the_period_stays_scorable(string provider)
    {
        using var app = new TestApp(provider, demo: true);
        int org;
        string reporter, admin;
        int versionBefore;
        await using (var db = app.NewDb())
        {
            org = (await db.Organizations.SingleAsync(o => o.Slug == "demo")).Id;
            reporter = (await db.Users.SingleAsync(u => u.UserName == "reporter.t1")).Id;
            admin = (await db.Users.SingleAsync(u => u.UserName == "admin")).Id;
            versionBefore = await db.DatumEntries.Where(d => d.OrganizationId == org && d.Period == "2026-11" && d.UnitCode == "T1" && d.IndicatorId == "land").Select(d => d.Version).SingleOrDefaultAsync();
        }
        var api = app.Api(await app.Token(org, reporter));
        const string url = "/api/orgs/demo/periods/2026-11/data/T1/land";

        var body = $"{{\"value\": {Nested(63)}, \"version\": {versionBefore}, \"submit\": true}}";
        var response = await PutRaw(api, url, Encoding.UTF8.GetBytes(body));

        Assert.Equal(new Dictionary<string, string[]> { ["$.data.T1.land"] = [DepthProblem] }, await Errors(response));
        await using (var db = app.NewDb())
        {
            Assert.Equal(versionBefore, await db.DatumEntries.Where(d => d.OrganizationId == org && d.Period == "2026-11" && d.UnitCode == "T1" && d.IndicatorId == "land").Select(d => d.Version).SingleOrDefaultAsync());
        }
        // What the reporter could have submitted, the admin could have approved: nothing was, and the period scores.
        var leader = app.Api(await app.Token(org, admin));
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync("/api/orgs/demo/periods/2026-11/results")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync("/api/orgs/demo/periods/2026-11/scheme")).StatusCode);
        // Eight levels is still a datum's shape to check (a number indicator refuses a list); nine is too deep to read.
        Assert.Equal(new Dictionary<string, string[]> { ["$.data.T1.land"] = ["应为数值或 {\"value\": …}"] },
            await Errors(await PutRaw(api, url, Encoding.UTF8.GetBytes($"{{\"value\": {Nested(8)}, \"version\": {versionBefore}, \"submit\": true}}"))));
        Assert.Equal(new Dictionary<string, string[]> { ["$.data.T1.land"] = [DepthProblem] },
            await Errors(await PutRaw(api, url, Encoding.UTF8.GetBytes($"{{\"value\": {Nested(9)}, \"version\": {versionBefore}, \"submit\": true}}"))));
    }

    /// <summary>
    /// The datum shapes of scoring.md §3, §4 and §7, each sentence a case: a number is a number or
    /// <c>{"value", "target"?, "previous"?}</c>; a penalty's datum is a count, an object from type to count, or a list
    /// of events <c>{"id", "type"}</c>; a levels bonus takes a list of awards; a grade a grade name; a table key may be
    /// given as a string. Shapes the demo does not use (a list of events without types, a value object for a plain
    /// number) are accepted all the same.
    /// </summary>
    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Every_datum_is_checked_on_its_own_against_its_indicators_shape(string provider)
    {
        using var world = await EntryWorld.CreateAsync(provider);
        var api = await world.Api("admin");
        var versions = new Dictionary<string, int>();
        // PostgreSQL keeps the scheme document as jsonb, which orders an object's keys (perEvent's types) by length.
        var types = provider == "PostgreSQL" ? "red, yellow" : "yellow, red";
        var levels = provider == "PostgreSQL" ? "city, national, province" : "national, province, city";
        (string Unit, string Indicator, string Json, string? Path, string? Message)[] cases =
        [
            // land: leaderRatio, a number
            ("T1", "land", "[420]", "$.data.T1.land", "应为数值或 {\"value\": …}"),
            ("T1", "land", "\"420\"", "$.data.T1.land", "应为数值或 {\"value\": …}"),
            ("T1", "land", "{\"value\": 420, \"goal\": 1}", "$.data.T1.land.goal", "未知字段"),
            ("T1", "land", "{\"target\": 400}", "$.data.T1.land.value", "必填"),
            ("T1", "land", "{\"value\": [420]}", "$.data.T1.land.value", "应为数值"),
            ("T1", "land", "420", null, null),
            ("T1", "land", "{\"value\": 430, \"previous\": 380}", null, null),
            // revenue: completion without a method target, so the datum must give one
            ("T1", "revenue", "12.6", "$.data.T1.revenue", "缺少目标值：请在数据或计分方法的 target 中给出"),
            ("T1", "revenue", "{\"value\": 12.6, \"target\": 0}", "$.data.T1.revenue.target", "目标值应大于 0"),
            ("T1", "revenue", "{\"value\": 12.6, \"target\": 11}", null, null),
            // cards: events, points by type
            ("T1", "cards", "3", "$.data.T1.cards", $"各类事件分值不同，请按类型（{types}）给出次数"),
            ("T1", "cards", "\"3\"", "$.data.T1.cards", "应为次数、按类型的次数对象或事件列表"),
            ("T1", "cards", "{\"yellow\": 1, \"green\": 1}", "$.data.T1.cards.green", $"未知事件类型“green”（应为 {types} 之一）"),
            ("T1", "cards", "{\"yellow\": 1.5}", "$.data.T1.cards.yellow", "次数应为不小于 0 的整数"),
            ("T1", "cards", "{\"red\": 1, \"red\": 1}", "$.data.T1.cards.red", "重复出现"),
            ("T1", "cards", "[{\"id\": \"e1\"}]", "$.data.T1.cards[0].type", "必填"),
            ("T1", "cards", "[{\"id\": \"e1\", \"type\": \"red\"}, {\"id\": \"e1\", \"type\": \"red\"}]", "$.data.T1.cards[1].id", "事件编号“e1”重复"),
            ("T1", "cards", "{\"yellow\": 1, \"red\": 2}", null, null),
            ("T1", "cards", "[{\"id\": \"e1\", \"type\": \"red\"}, {\"type\": \"yellow\", \"date\": \"2026-08-01\", \"note\": \"例行检查\"}]", null, null),
            // complaints: events, one number per event
            // §4: the datum is "a count, an object from type to count, or a list of events" whatever perEvent is; with
            // one number every type costs it. A type is not blank and not given twice.
            ("D1", "complaints", "{\"\": 1}", "$.data.D1.complaints['']", "事件类型不能为空"),
            ("D1", "complaints", "{\"yellow\": 1, \"yellow\": 2}", "$.data.D1.complaints.yellow", "重复出现"),
            ("D1", "complaints", "{\"来电\": 2, \"来信\": 1}", null, null),
            ("D1", "complaints", "true", "$.data.D1.complaints", "应为次数、按类型的次数对象或事件列表"),
            ("D1", "complaints", "-1", "$.data.D1.complaints", "次数应为不小于 0 的整数"),
            ("D1", "complaints", "2", null, null),
            ("D1", "complaints", "[{\"id\": \"e1\"}, {\"id\": \"e2\"}]", null, null),
            // honors: levels
            ("T1", "honors", "5", "$.data.T1.honors", "应为奖项列表 {\"item\", \"level\"}"),
            ("T1", "honors", "[{\"item\": \"营商环境\", \"level\": \"world\"}]", "$.data.T1.honors[0].level", $"未知级别“world”（应为 {levels} 之一）"),
            ("T1", "honors", "[{\"item\": \"营商环境\", \"level\": \"national\"}]", null, null),
            // service: a grade
            ("D1", "service", "1", "$.data.D1.service", "应为评议等次（字符串）"),
            ("D1", "service", "\"优\"", null, null),
            // upper: a table, its key a number or a string
            ("D1", "upper", "[2]", "$.data.D1.upper", "应为数值或 {\"value\": …}"),
            ("D1", "upper", "\"2\"", null, null),
        ];
        foreach (var (unit, indicator, json, path, message) in cases)
        {
            var key = unit + "/" + indicator;
            var version = versions.GetValueOrDefault(key);
            var body = $"{{\"value\": {json}, \"version\": {version}, \"submit\": false}}";
            var response = await PutRaw(api, $"{EntryWorld.DataUrl}/{unit}/{indicator}", Encoding.UTF8.GetBytes(body));
            if (path is null)
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{key} {json}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                var stored = await EntryWorld.Json(response);
                versions[key] = stored.GetProperty("version").GetInt32();
                Assert.Equal(version + 1, versions[key]);
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{key} {json}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                Assert.Equal(new Dictionary<string, string[]> { [path] = [message!] }, await Errors(response));
            }
        }
        await using var db = world.Db();
        // Seven data stored, each as many times as its valid cases; nothing of a refused one.
        Assert.Equal(
            ["D1/complaints:3", "D1/service:1", "D1/upper:1", "T1/cards:2", "T1/honors:1", "T1/land:2", "T1/revenue:1"],
            (await db.DatumEntries.OrderBy(d => d.UnitCode).ThenBy(d => d.IndicatorId).ToListAsync()).Select(d => $"{d.UnitCode}/{d.IndicatorId}:{d.Version}"));
    }

    /// <summary>A datum's stored JSON may hold 20,000 characters: one more is refused with the same 400 on both databases.</summary>
    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_datum_of_20001_characters_is_refused_and_one_of_20000_is_stored(string provider)
    {
        using var world = await EntryWorld.CreateAsync(provider);
        var api = await world.Api("admin");
        const string head = "[{\"id\":\"e1\",\"type\":\"red\",\"note\":\"";
        const string tail = "\"}]";
        string Of(int length) => head + new string('记', length - head.Length - tail.Length) + tail;
        Assert.Equal(20001, Of(20001).Length);

        var tooLong = await PutRaw(api, $"{EntryWorld.DataUrl}/T1/cards", Encoding.UTF8.GetBytes($"{{\"value\": {Of(20001)}, \"version\": 0, \"submit\": true}}"));
        Assert.Equal(new Dictionary<string, string[]> { ["$.data.T1.cards"] = ["按 JSON 计有 20001 个字符：一项数据最多 20000 个字符"] }, await Errors(tooLong));
        await using (var db = world.Db()) Assert.Equal(0, await db.DatumEntries.CountAsync());

        var fits = await PutRaw(api, $"{EntryWorld.DataUrl}/T1/cards", Encoding.UTF8.GetBytes($"{{\"value\": {Of(20000)}, \"version\": 0, \"submit\": true}}"));
        Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
        await using (var db = world.Db()) Assert.Equal(20000, (await db.DatumEntries.SingleAsync()).Value!.Length);

        // The same rule and message through an import of the scheme file.
        var file = world.Example.DeepClone().AsObject();
        file["data"]!["T1"]!["cards"] = JsonSerializer.Deserialize<System.Text.Json.Nodes.JsonNode>(Of(20001));
        var import = await world.App.Api(await world.App.Token(world.OrganizationId, await AdminId(world))).PutScheme(EntryWorld.Org, EntryWorld.Period, Encoding.UTF8.GetBytes(file.ToJsonString()));
        Assert.Equal(HttpStatusCode.BadRequest, import.StatusCode);
        var problems = (await EntryWorld.Json(import)).GetProperty("problems").EnumerateArray().Select(p => $"{p.GetProperty("path").GetString()}: {p.GetProperty("message").GetString()}").ToList();
        Assert.Equal(["$.data.T1.cards: 按 JSON 计有 20001 个字符：一项数据最多 20000 个字符"], problems);
    }

    private static async Task<string> AdminId(EntryWorld world)
    {
        await using var db = world.Db();
        return (await db.Users.SingleAsync(u => u.UserName == "admin")).Id;
    }

    /// <summary>Finding 5: a lone surrogate written as an escape, or bytes that are not UTF-8, answered 500; now 400 at the string's path.</summary>
    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_datum_with_a_string_that_is_not_text_is_refused_at_its_path(string provider)
    {
        using var world = await EntryWorld.CreateAsync(provider);
        var api = await world.Api("admin");
        byte[] escaped = Encoding.UTF8.GetBytes("{\"value\": \"4\\ud8002\", \"version\": 0, \"submit\": true}");
        byte[] raw = [.. "{\"value\": \"4"u8, 0xFF, 0xFE, .. "2\", \"version\": 0, \"submit\": true}"u8];
        byte[] inNote = Encoding.UTF8.GetBytes("{\"value\": [{\"id\": \"e1\", \"type\": \"red\", \"note\": \"\\udc00\"}], \"version\": 0, \"submit\": true}");
        byte[] rawName = [.. "{\"value\": {\"yel"u8, 0xC3, .. "low\": 1}, \"version\": 0, \"submit\": true}"u8];

        Assert.Equal(new Dictionary<string, string[]> { ["$.data.T1.land"] = [Utf8Problem] }, await Errors(await PutRaw(api, $"{EntryWorld.DataUrl}/T1/land", escaped)));
        Assert.Equal(new Dictionary<string, string[]> { ["$.data.T1.land"] = [Utf8Problem] }, await Errors(await PutRaw(api, $"{EntryWorld.DataUrl}/T1/land", raw)));
        Assert.Equal(new Dictionary<string, string[]> { ["$.data.T1.cards[0].note"] = [Utf8Problem] }, await Errors(await PutRaw(api, $"{EntryWorld.DataUrl}/T1/cards", inNote)));
        Assert.Equal(new Dictionary<string, string[]> { ["$.data.T1.cards"] = ["字段名不是有效的文本：含有无效的 UTF-8 字节或不成对的代理项（\\ud800–\\udfff）"] },
            await Errors(await PutRaw(api, $"{EntryWorld.DataUrl}/T1/cards", rawName)));

        // English when asked for.
        var request = new HttpRequestMessage(HttpMethod.Put, $"{EntryWorld.DataUrl}/T1/land") { Content = new ByteArrayContent(escaped) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.AcceptLanguage.ParseAdd("en");
        Assert.Equal(new Dictionary<string, string[]> { ["$.data.T1.land"] = ["a string is not valid text: invalid UTF-8 bytes or an unpaired surrogate (\\ud800–\\udfff)"] },
            await Errors(await api.SendAsync(request)));
        await using var db = world.Db();
        Assert.Equal(0, await db.DatumEntries.CountAsync());
    }

    /// <summary>The entry page's form is held to the same check: its events list of 20,001 characters is refused, 20,000 stored.</summary>
    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_entry_page_refuses_a_datum_of_20001_characters(string provider)
    {
        using var world = await EntryWorld.CreateAsync(provider);
        var browser = await world.Browser("admin");
        // Stored as [{"id":"…","type":"red"}]: 24 characters around the id.
        Task<HttpResponseMessage> Save(int length, int version) => EntryWorld.PostForm(browser, EntryWorld.EntryUrl, "Save",
            [new("unit", "T1"), new("indicator", "cards"), new("mode", "list"), new("version", version.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("submit", "false"),
             new("eventId", new string('e', length - 24)), new("eventType", "red")], htmx: true);

        var refused = await Save(20001, 0);
        Assert.Contains("按 JSON 计有 20001 个字符：一项数据最多 20000 个字符", await refused.Content.ReadAsStringAsync());
        await using (var db = world.Db()) Assert.Equal(0, await db.DatumEntries.CountAsync());

        var saved = await Save(20000, 0);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        await using (var db = world.Db()) Assert.Equal(20000, (await db.DatumEntries.SingleAsync()).Value!.Length);
    }
}
