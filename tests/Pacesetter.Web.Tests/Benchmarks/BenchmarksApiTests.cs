using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Accounts;
using Pacesetter.Web.Tests.Schemes;

namespace Pacesetter.Web.Tests.Benchmarks;

/// <summary>
/// The organization's benchmarking data through HTTP (issue #11 §1, ADR 0038): PUT the §10 file without year, GET the
/// gap of a year — exactly what the real <c>pacesetter gap</c> prints for the same file with that year.
/// </summary>
public class BenchmarksApiTests
{
    private const string Api = "/api/orgs/zone/benchmarks";

    private static string ExampleText => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "benchmarks-2026.gap.json"));

    /// <summary>The example file without its year: what the web application stores.</summary>
    private static byte[] Stored()
    {
        var node = JsonNode.Parse(ExampleText)!.AsObject();
        node.Remove("year");
        return Encoding.UTF8.GetBytes(node.ToJsonString(Pacesetter.Scoring.Output.JsonFormats.Compact));
    }

    /// <summary>What the real command prints for the example file compared in <paramref name="year"/>.</summary>
    private static string Command(int year)
    {
        var node = JsonNode.Parse(ExampleText)!.AsObject();
        node["year"] = year;
        return SchemeTestSupport.Command("gap", node.ToJsonString(), "--format", "json");
    }

    private static async Task<HttpResponseMessage> PutAsync(HttpClient client, byte[] body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, Api) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await client.SendAsync(request);
    }

    private static IEnumerable<string> Problems(string body) =>
        JsonDocument.Parse(body).RootElement.GetProperty("problems").EnumerateArray().Select(p => $"{p.GetProperty("path").GetString()}: {p.GetProperty("message").GetString()}");

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Stored_data_answer_exactly_what_pacesetter_gap_prints_and_bad_data_store_nothing(string provider)
    {
        using var app = new TestApp(provider);
        var org = await app.Organization("zone");
        var admin = await app.ApiAs(org, "zone-admin", OrgRole.Admin);
        var leader = await app.ApiAs(org, "zone-leader", OrgRole.Leader);

        // Nothing stored yet: the empty data, version 0; the gap of any year is empty.
        var empty = await admin.GetAsync(Api);
        Assert.Equal("""{"indicators":[],"own":{"values":{}},"benchmarks":[]}""", await empty.Content.ReadAsStringAsync());
        Assert.Equal("\"0\"", empty.Headers.ETag?.Tag);
        Assert.Equal("{\n  \"year\": 2026,\n  \"benchmarks\": [],\n  \"ranks\": {}\n}\n", await admin.GetStringAsync(Api + "/gap?year=2026"));

        var put = await PutAsync(admin, Stored(), "\"0\"");
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("""{"version":1}""", await put.Content.ReadAsStringAsync());

        // The same bytes as the command, for the file's year and another (2025: 苏州工业园区 3515 against 905).
        Assert.Equal(Command(2026), await leader.GetStringAsync(Api + "/gap?year=2026"));
        var y2025 = await admin.GetStringAsync(Api + "/gap?year=2025");
        Assert.Equal(Command(2025), y2025);
        // (905 − 3515) / 3515 × 100 = −74.25… → −74.3; growth (905 / 760)^(1/2) − 1 = 9.12 % against (3515 / 3200)^(1/2) − 1 = 4.81 %.
        var gdp2025 = JsonDocument.Parse(y2025).RootElement.GetProperty("benchmarks")[0].GetProperty("indicators")[0];
        Assert.Equal((-74.3m, 9.1m, 4.8m), (gdp2025.GetProperty("gapPercent").GetDecimal(), gdp2025.GetProperty("growthOwn").GetDecimal(), gdp2025.GetProperty("growthBench").GetDecimal()));

        // A file with its year, a bad one, a stale version: refused, nothing stored (still version 1).
        var withYear = await PutAsync(admin, Encoding.UTF8.GetBytes(ExampleText));
        Assert.Equal(HttpStatusCode.BadRequest, withYear.StatusCode);
        Assert.Equal(["$.year: 不随数据保存：比较的年份在查询时指定（?year=）"], Problems(await withYear.Content.ReadAsStringAsync()));
        var bad = await PutAsync(admin, Encoding.UTF8.GetBytes("""{"indicators": [{"id": "gdp", "direction": "up"}], "own": {"values": {"gpd": {"2026": 1}}}, "benchmarks": [{"id": "own"}]}"""));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(
        [
            "$.indicators[0].direction: 应为 higher, lower 之一，而不是“up”",
            "$.own.values.gpd: 未知指标“gpd”（indicators 中没有）",
            "$.benchmarks[0].id: “own”是排名中本组织的编号，请换一个",
        ], Problems(await bad.Content.ReadAsStringAsync()));
        var stale = await PutAsync(admin, Stored(), "\"0\"");
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var missingYear = await admin.GetAsync(Api + "/gap");
        Assert.Equal(HttpStatusCode.BadRequest, missingYear.StatusCode);
        Assert.Equal(["year: “”不是年份，如 2026（?year=2026）"], Problems(await missingYear.Content.ReadAsStringAsync()));

        var stored = await admin.GetAsync(Api);
        Assert.Equal("\"1\"", stored.Headers.ETag?.Tag);
        Assert.Equal(Encoding.UTF8.GetString(Stored()), await stored.Content.ReadAsStringAsync());
        // One audited save, with the data before (none) and after.
        await using var db = app.NewDb();
        var audit = await db.AuditEntries.Where(a => a.OrganizationId == org && a.Kind == "benchmarks.save").Select(a => new { a.Actor, a.Before, a.After }).ToListAsync();
        Assert.Equal([("zone-admin", (string?)null, (string?)Encoding.UTF8.GetString(Stored()))], audit.Select(a => (a.Actor, a.Before, a.After)));
    }
}
