using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Accounts;

namespace Pacesetter.Web.Tests.Schemes;

/// <summary>
/// The web application takes files written from scoring.md with partial or no <c>units</c> (PUT and the import page)
/// and scores them as <c>pacesetter score</c> does; a unit the file does not name keeps the organization's name.
/// </summary>
public class SpecFileImportTests
{
    private const string Results = "/api/orgs/zone/periods/2026-Q3/results";

    /// <summary>The scheme file of scoring.md §7, as printed there (examples/scoring-section7.json): <c>units</c> names T1, the category lists T1–T3.</summary>
    private static readonly string Section7Example = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "scoring-section7.json"));

    /// <summary>A file with no <c>units</c> at all: two towns scored by completion.</summary>
    private const string NoUnits = """
        { "name": "无单位表", "period": "2026-Q3",
          "categories": [ { "id": "towns", "name": "镇街", "units": ["T1", "T2"],
            "indicators": [ { "id": "revenue", "weight": 10, "method": { "type": "completion", "target": 8 } } ] } ],
          "data": { "T1": { "revenue": 6 }, "T2": { "revenue": 9 } } }
        """;

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    private static (int Created, int Renamed, int Imported) Counts(JsonElement body) =>
        (body.GetProperty("units").GetProperty("created").GetInt32(), body.GetProperty("units").GetProperty("renamed").GetInt32(), body.GetProperty("data").GetProperty("imported").GetInt32());

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Put_of_the_section7_example_creates_its_units_and_scores_as_the_command(string provider)
    {
        using var app = new TestApp(provider);
        var org = await app.Organization("zone");
        var admin = await app.ApiAs(org, "zone-admin", OrgRole.Admin);

        var response = await admin.PutScheme("zone", "2026-Q3", Encoding.UTF8.GetBytes(Section7Example));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // 3 units created (T2 and T3 named by their ids), 2 data values (T1's revenue and safety).
        Assert.Equal((3, 0, 2), Counts(Json(await response.Content.ReadAsStringAsync())));
        await using var db = app.NewDb();
        Assert.Equal(["T1:城东街道", "T2:T2", "T3:T3"], (await db.Units.Where(u => u.OrganizationId == org).OrderBy(u => u.Code).ToListAsync()).Select(u => $"{u.Code}:{u.Name}"));
        var results = Json(await admin.GetStringAsync(Results));
        SchemeTestSupport.AssertSameJson(SchemeTestSupport.Score(Section7Example), results);
        // T1: 40 × 118 / 100 = 47.2 − 0.5 = 46.7 (the command's figure, checked by hand).
        Assert.Equal(46.7m, results.GetProperty("categories")[0].GetProperty("results")[0].GetProperty("composite").GetDecimal());
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_unit_the_file_does_not_name_keeps_the_organizations_name(string provider)
    {
        using var app = new TestApp(provider);
        var org = await app.Organization("zone");
        var admin = await app.ApiAs(org, "zone-admin", OrgRole.Admin);
        // The organization already has T1 and T2 with their names (an earlier file named both).
        var named = Section7Example.Replace("\"units\": { \"T1\": \"城东街道\" }", "\"units\": { \"T1\": \"城东街道\", \"T2\": \"城西街道\" }")
            .Replace("\"units\": [\"T1\", \"T2\", \"T3\"]", "\"units\": [\"T1\", \"T2\"]")
            .Replace("\"adjustments\": [ { \"id\": \"a1\", \"unit\": \"T3\", \"type\": \"veto\", \"reason\": \"重大安全事故\" } ],", "");
        Assert.Equal(HttpStatusCode.OK, (await admin.PutScheme("zone", "2026-Q3", Encoding.UTF8.GetBytes(named))).StatusCode);

        var response = await admin.PutScheme("zone", "2026-Q3", Encoding.UTF8.GetBytes(Section7Example));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // T3 is new (named T3); T2 is not named by this file: not renamed to "T2"; no datum changed.
        Assert.Equal((1, 0, 0), Counts(Json(await response.Content.ReadAsStringAsync())));
        await using var db = app.NewDb();
        Assert.Equal(["T1:城东街道", "T2:城西街道", "T3:T3"], (await db.Units.Where(u => u.OrganizationId == org).OrderBy(u => u.Code).ToListAsync()).Select(u => $"{u.Code}:{u.Name}"));
        Assert.Equal(0, await db.AuditEntries.CountAsync(a => a.OrganizationId == org && a.Kind == "unit.rename"));
        SchemeTestSupport.AssertSameJson(SchemeTestSupport.Score(Section7Example), Json(await admin.GetStringAsync(Results)));
    }

    [Fact]
    public async Task The_import_page_takes_a_file_without_units_and_scores_as_the_command()
    {
        using var app = new TestApp("Sqlite");
        var org = await app.Organization("zone");
        await app.User(org, "zone-admin", OrgRole.Admin);
        var page = await app.SignedIn("zone-admin", SchemeTestSupport.Password);
        var api = await app.ApiAs(org, "zone-admin2", OrgRole.Admin);
        var html = await ImportPage.ImportAsync(page, "/orgs/zone/schemes", Encoding.UTF8.GetBytes(NoUnits), fileName: "towns.json");

        Assert.Contains("已导入 2026-Q3 第 1 版：新建单位 2 个，更名 0 个，导入数据 2 项，删除数据 0 项。", html);
        var results = Json(await api.GetStringAsync(Results));
        SchemeTestSupport.AssertSameJson(SchemeTestSupport.Score(NoUnits), results);
        // T2: r = 9 / 8 ≥ cap 1 → 10; T1: 10 × 6 / 8 = 7.5.
        Assert.Equal(["T2:10", "T1:7.5"], results.GetProperty("categories")[0].GetProperty("results").EnumerateArray()
            .Select(r => $"{r.GetProperty("unit").GetString()}:{r.GetProperty("composite").GetDecimal()}"));
    }
}
