using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Accounts;
using Pacesetter.App.DataEntry;
using Pacesetter.Web.Tests.Schemes;

namespace Pacesetter.Web.Tests.Benchmarks;

/// <summary>
/// A scheme indicator whose datum is a gap to a benchmark (issue #11 §1): <c>source: "benchmarks.gap/sip/gdp"</c> on
/// a bands indicator — entered by the system for every unit from the benchmarking data, in the latest year up to the
/// period's with a gap, refreshed when the data are saved, and offered by name in the designer.
/// </summary>
public sealed class BenchmarkSourceTests
{
    private const string Data = """
        {"indicators": [{"id": "gdp", "name": "地区生产总值", "unit": "亿元", "direction": "higher"}],
         "own": {"values": {"gdp": {"2024": 820, "2025": 905}}},
         "benchmarks": [{"id": "sip", "name": "苏州工业园区", "values": {"gdp": {"2024": 3760, "2025": 3850}}}]}
        """;

    private static async Task<HttpResponseMessage> PutBenchmarksAsync(HttpClient client, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "/api/orgs/zone/benchmarks") { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return await client.SendAsync(request);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Every_unit_takes_the_gap_of_the_latest_year_and_follows_the_data_when_saved(string provider)
    {
        using var app = new TestApp(provider);
        var org = await app.Organization("zone");
        var admin = await app.ApiAs(org, "zone-admin", OrgRole.Admin);
        Assert.Equal(HttpStatusCode.OK, (await PutBenchmarksAsync(admin, Data)).StatusCode);

        // 部门's "upper" takes the gap to 苏州工业园区 on 地区生产总值, scored in bands.
        var scheme = SchemeTestSupport.ExampleJson();
        var upper = scheme["categories"]![1]!["indicators"]!.AsArray().Single(i => (string)i!["id"]! == "upper")!.AsObject();
        upper["source"] = "benchmarks.gap/sip/gdp";
        upper["method"] = JsonNode.Parse("""{"type": "bands", "points": [[-100, 0], [0, 10]]}""");
        Assert.Equal(HttpStatusCode.OK, (await admin.PutScheme("zone", "2026-Q3", scheme.Utf8())).StatusCode);

        async Task<List<string>> RowsAsync()
        {
            await using var db = app.NewDb();
            return (await db.DatumEntries.Where(d => d.OrganizationId == org && d.Period == "2026-Q3" && d.IndicatorId == "upper").ToListAsync())
                .OrderBy(d => d.UnitCode, StringComparer.Ordinal).Select(d => $"{d.UnitCode} {d.Value} {d.State} {d.UpdatedBy}").ToList();
        }
        // 2026 has no values: 2025's gap, (905 − 3850) / 3850 × 100 = −76.49… → −76.5, for every unit of the category.
        Assert.Equal(["D1 -76.5 Approved system:benchmarks", "D2 -76.5 Approved system:benchmarks", "D3 -76.5 Approved system:benchmarks", "D4 -76.5 Approved system:benchmarks"],
            await RowsAsync());

        // 2026's values entered: (1000 − 3900) / 3900 × 100 = −74.35… → −74.4, written by the save, audited.
        Assert.Equal(HttpStatusCode.OK, (await PutBenchmarksAsync(admin, Data.Replace("\"2025\": 905}", "\"2025\": 905, \"2026\": 1000}").Replace("\"2025\": 3850}", "\"2025\": 3850, \"2026\": 3900}"))).StatusCode);
        Assert.Equal(["D1 -74.4 Approved system:benchmarks", "D2 -74.4 Approved system:benchmarks", "D3 -74.4 Approved system:benchmarks", "D4 -74.4 Approved system:benchmarks"],
            await RowsAsync());
        await using (var db = app.NewDb())
        {
            Assert.Equal(8, await db.AuditEntries.CountAsync(e => e.OrganizationId == org && e.Kind == "datum.system" && e.Key.EndsWith("/upper")));
        }

        // The benchmark removed from the data: no gap, no datum (the missing rule applies).
        Assert.Equal(HttpStatusCode.OK, (await PutBenchmarksAsync(admin, """{"indicators": [{"id": "gdp", "direction": "higher"}], "own": {"values": {}}, "benchmarks": []}""")).StatusCode);
        Assert.Equal(["D1  Approved system:benchmarks", "D2  Approved system:benchmarks", "D3  Approved system:benchmarks", "D4  Approved system:benchmarks"], await RowsAsync());
    }

    [Fact]
    public async Task The_designer_offers_each_benchmark_and_indicator_by_name()
    {
        using var app = new TestApp("Sqlite");
        var org = await app.Organization("zone");
        var admin = await app.ApiAs(org, "zone-admin", OrgRole.Admin);
        Assert.Equal(HttpStatusCode.OK, (await PutBenchmarksAsync(admin, Data)).StatusCode);
        var scheme = SchemeTestSupport.ExampleJson();
        var upper = scheme["categories"]![1]!["indicators"]!.AsArray().Single(i => (string)i!["id"]! == "upper")!.AsObject();
        upper["source"] = "benchmarks.gap/sip/gdp";
        upper["method"] = JsonNode.Parse("""{"type": "bands", "points": [[-100, 0], [0, 10]]}""");
        Assert.Equal(HttpStatusCode.OK, (await admin.PutScheme("zone", "2026-Q3", scheme.Utf8())).StatusCode);

        await app.User(org, "zone-office", OrgRole.Admin);
        var page = await app.SignedIn("zone-office", SchemeTestSupport.Password);
        var html = new HtmlParser().ParseDocument(await page.GetStringAsync(Routes.Scheme("zone", "2026-Q3")));
        var select = html.QuerySelector("#i-depts-upper-source")!;
        Assert.Equal(("benchmarks.gap/sip/gdp", "对标差距：与苏州工业园区比 · 地区生产总值（%，负数为落后）"),
            (select.QuerySelector("option[selected]")!.GetAttribute("value"), select.QuerySelector("option[selected]")!.TextContent));
        // A penalty indicator is not offered the gaps.
        Assert.DoesNotContain("benchmarks.gap", html.QuerySelector("#i-depts-complaints-source")?.InnerHtml ?? "");
    }
}
