using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Accounts;
using Pacesetter.App.DataEntry;

namespace Pacesetter.Web.Tests.Schemes;

/// <summary>PUT and GET of a period's scheme file and GET of its results, through the real pipeline, on both databases.</summary>
public class SchemesApiTests
{
    private const string Scheme = "/api/orgs/zone/periods/2026-Q3/scheme";
    private const string Results = "/api/orgs/zone/periods/2026-Q3/results";

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    private static async Task<(TestApp App, int Org, HttpClient Admin)> Zone(string provider)
    {
        var app = new TestApp(provider);
        var org = await app.Organization("zone");
        return (app, org, await app.ApiAs(org, "zone-admin", OrgRole.Admin));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Put_of_an_invalid_file_lists_every_problem_with_its_path_and_stores_nothing(string provider)
    {
        var (app, org, admin) = await Zone(provider);
        using var _ = app;
        var file = SchemeTestSupport.ExampleJson();
        file["categories"]![0]!["indicators"]![0]!["method"]!["cap"] = 0.5m;
        file["categories"]![1]!["indicators"]![1]!["weight"] = -1;
        file["data"]!["T9"] = new JsonObject { ["revenue"] = 1 };
        await using var db = app.NewDb();
        var auditBefore = await db.AuditEntries.CountAsync();

        var response = await admin.PutScheme("zone", "2026-Q3", file.Utf8());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problems = Json(await response.Content.ReadAsStringAsync()).GetProperty("problems").EnumerateArray().ToList();
        Assert.Equal(
            [
                // Issue #8 defect 7: the bad cap alone, no knock-on floor, core share or tie-break problem.
                "$.categories[0].indicators[0].method.cap",
                "$.categories[1].indicators[1].weight",
                "$.data.T9",
            ],
            problems.Select(p => p.GetProperty("path").GetString()));
        // Chinese unless the request asks for English.
        Assert.Equal("不得小于 1", problems[0].GetProperty("message").GetString());
        Assert.Equal("未知单位“T9”", problems[2].GetProperty("message").GetString());
        Assert.Equal(0, await db.SchemeVersions.CountAsync());
        Assert.Equal(0, await db.DatumEntries.CountAsync());
        Assert.Equal(0, await db.Units.CountAsync());
        Assert.Equal(0, await db.UnitCategories.CountAsync());
        Assert.Equal(auditBefore, await db.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task Problems_are_in_English_when_the_request_asks_for_English()
    {
        var (app, _, admin) = await Zone("Sqlite");
        using var _ = app;
        var file = SchemeTestSupport.ExampleJson();
        file["data"]!["T9"] = new JsonObject { ["revenue"] = 1 };
        admin.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");

        var response = await admin.PutScheme("zone", "2026-Q3", file.Utf8());

        var problem = Json(await response.Content.ReadAsStringAsync()).GetProperty("problems")[0];
        Assert.Equal("$.data.T9", problem.GetProperty("path").GetString());
        Assert.Equal("unknown unit \"T9\"", problem.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Put_of_a_file_for_another_period_names_the_period()
    {
        var (app, _, admin) = await Zone("Sqlite");
        using var _ = app;

        var response = await admin.PutScheme("zone", "2026-Q4", SchemeTestSupport.Example());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = Json(await response.Content.ReadAsStringAsync()).GetProperty("problems")[0];
        Assert.Equal("$.period", problem.GetProperty("path").GetString());
        Assert.Equal("文件的考核期是“2026-Q3”，而不是“2026-Q4”", problem.GetProperty("message").GetString());
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Put_of_a_valid_file_stores_version_1_units_approved_data_and_audit_rows(string provider)
    {
        var (app, org, admin) = await Zone(provider);
        using var _ = app;

        var response = await admin.PutScheme("zone", "2026-Q3", SchemeTestSupport.Example());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag!.Tag);
        var body = Json(await response.Content.ReadAsStringAsync());
        Assert.Equal("2026-Q3", body.GetProperty("period").GetString());
        Assert.Equal(1, body.GetProperty("version").GetInt32());
        Assert.Equal(13, body.GetProperty("units").GetProperty("created").GetInt32());
        Assert.Equal(0, body.GetProperty("units").GetProperty("renamed").GetInt32());
        Assert.Equal(54, body.GetProperty("data").GetProperty("imported").GetInt32());

        await using var db = app.NewDb();
        var version = await db.SchemeVersions.SingleAsync();
        Assert.Equal((1, "zone-admin"), (version.Version, version.CreatedBy));
        Assert.False(JsonNode.Parse(version.Document)!.AsObject().ContainsKey("data"));
        var rows = await db.DatumEntries.ToListAsync();
        Assert.Equal(54, rows.Count);
        Assert.All(rows, r => Assert.Equal(DatumState.Approved, r.State));
        Assert.Equal("{\"value\":12.6,\"target\":11}", rows.Single(r => r.UnitCode == "T1" && r.IndicatorId == "revenue").Value);
        var units = await db.Units.OrderBy(u => u.Code).ToListAsync();
        var categories = await db.UnitCategories.ToDictionaryAsync(c => c.Id, c => c.Code);
        Assert.Equal(13, units.Count);
        Assert.Equal(("城东街道", "towns"), (units.Single(u => u.Code == "T1").Name, categories[units.Single(u => u.Code == "T1").CategoryId!.Value]));
        Assert.Equal("invest", categories[units.Single(u => u.Code == "I4").CategoryId!.Value]);
        var audit = await db.AuditEntries.Where(a => a.OrganizationId == org).ToListAsync();
        // One datum.import row per unit with data (ADR 0011): the 54 values are the 13 units' rows.
        Assert.Equal(13, audit.Count(a => a.Kind == "datum.import" && a.Entity == "unit" && a.Reason == "导入"));
        var i4 = audit.Single(a => a.Kind == "datum.import" && a.Unit == "I4");
        Assert.Equal(("2026-Q3/I4", "2026-Q3", "{\"signed\":null,\"started\":null,\"visits\":null}"), (i4.Key, i4.Period, i4.Before));
        Assert.Equal(rows.Where(r => r.UnitCode == "I4").ToDictionary(r => r.IndicatorId, r => r.Value!), JsonNode.Parse(i4.After!)!.AsObject().ToDictionary(p => p.Key, p => p.Value!.ToJsonString()));
        Assert.Equal(13, audit.Count(a => a.Kind == "unit.create"));
        Assert.Equal(3, audit.Count(a => a.Kind == "category.create"));
        Assert.Single(audit, a => a.Kind == "scheme.save" && a.Key == "2026-Q3#1");
        Assert.Null(await App.Audit.AuditLog.Verify(db, org));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Results_equal_what_the_command_prints_for_the_same_file(string provider)
    {
        var (app, _, admin) = await Zone(provider);
        using var _ = app;
        await admin.PutScheme("zone", "2026-Q3", SchemeTestSupport.Example());

        var results = await admin.GetAsync(Results);

        Assert.Equal(HttpStatusCode.OK, results.StatusCode);
        var actual = Json(await results.Content.ReadAsStringAsync());
        SchemeTestSupport.AssertSameJson(SchemeTestSupport.Score(File.ReadAllText(SchemeTestSupport.ExamplePath)), actual);
        // and the published figures of the worked example
        SchemeTestSupport.AssertSameJson(Json(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "zone-2026q3.expected.json"))), actual);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Export_then_import_stores_an_identical_version_and_changes_no_data(string provider)
    {
        var (app, org, admin) = await Zone(provider);
        using var _ = app;
        await admin.PutScheme("zone", "2026-Q3", SchemeTestSupport.Example());
        await using var db = app.NewDb();
        var rowsBefore = await db.DatumEntries.AsNoTracking().OrderBy(r => r.Id).Select(r => new { r.Id, r.Value, r.Version, r.UpdatedAt, r.State }).ToListAsync();
        var importsBefore = await db.AuditEntries.CountAsync(a => a.OrganizationId == org && a.Kind == "datum.import");

        var exported = await admin.GetAsync(Scheme);
        Assert.Equal(HttpStatusCode.OK, exported.StatusCode);
        Assert.Equal("\"1\"", exported.Headers.ETag!.Tag);
        var file = await exported.Content.ReadAsStringAsync();
        var again = await admin.PutScheme("zone", "2026-Q3", System.Text.Encoding.UTF8.GetBytes(file), ifMatch: "\"1\"");

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var body = Json(await again.Content.ReadAsStringAsync());
        Assert.Equal(2, body.GetProperty("version").GetInt32());
        Assert.Equal(0, body.GetProperty("units").GetProperty("created").GetInt32());
        Assert.Equal(0, body.GetProperty("units").GetProperty("renamed").GetInt32());
        Assert.Equal(0, body.GetProperty("data").GetProperty("imported").GetInt32());
        var versions = await db.SchemeVersions.AsNoTracking().OrderBy(v => v.Version).ToListAsync();
        Assert.Equal(2, versions.Count);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(versions[0].Document), JsonNode.Parse(versions[1].Document)));
        var rowsAfter = await db.DatumEntries.AsNoTracking().OrderBy(r => r.Id).Select(r => new { r.Id, r.Value, r.Version, r.UpdatedAt, r.State }).ToListAsync();
        Assert.Equal(rowsBefore, rowsAfter);
        Assert.Equal(importsBefore, await db.AuditEntries.CountAsync(a => a.OrganizationId == org && a.Kind == "datum.import"));
        // The exported file scores, with the command, to the API's results.
        var results = Json(await admin.GetStringAsync(Results));
        SchemeTestSupport.AssertSameJson(SchemeTestSupport.Score(file), results);
    }

    [Fact]
    public async Task Import_renames_a_unit_whose_name_changed_and_updates_a_changed_datum()
    {
        var (app, org, admin) = await Zone("Sqlite");
        using var _ = app;
        await admin.PutScheme("zone", "2026-Q3", SchemeTestSupport.Example());
        var file = SchemeTestSupport.ExampleJson();
        file["units"]!["T1"] = "城东新区街道";
        file["data"]!["T1"]!["projects"] = 7;

        var response = await admin.PutScheme("zone", "2026-Q3", file.Utf8());

        var body = Json(await response.Content.ReadAsStringAsync());
        Assert.Equal((0, 1, 1), (body.GetProperty("units").GetProperty("created").GetInt32(), body.GetProperty("units").GetProperty("renamed").GetInt32(), body.GetProperty("data").GetProperty("imported").GetInt32()));
        await using var db = app.NewDb();
        Assert.Equal("城东新区街道", (await db.Units.SingleAsync(u => u.Code == "T1")).Name);
        var rename = await db.AuditEntries.SingleAsync(a => a.OrganizationId == org && a.Kind == "unit.rename");
        Assert.Equal(("城东街道", "城东新区街道"), (rename.Before, rename.After));
        // The second import's one datum.import row: T1's, naming only the changed figure.
        var datum = await db.AuditEntries.Where(a => a.Kind == "datum.import").OrderByDescending(a => a.Seq).FirstAsync();
        Assert.Equal(("2026-Q3/T1", "T1", "{\"projects\":6}", "{\"projects\":7}", "导入"), (datum.Key, datum.Unit, datum.Before, datum.After, datum.Reason));
        Assert.Equal(14, await db.AuditEntries.CountAsync(a => a.Kind == "datum.import"));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Put_with_an_older_If_Match_is_a_conflict_naming_the_current_version(string provider)
    {
        var (app, _, admin) = await Zone(provider);
        using var _ = app;
        await admin.PutScheme("zone", "2026-Q3", SchemeTestSupport.Example());
        await admin.PutScheme("zone", "2026-Q3", SchemeTestSupport.Example(), ifMatch: "\"1\"");

        var response = await admin.PutScheme("zone", "2026-Q3", SchemeTestSupport.Example(), ifMatch: "\"1\"");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = Json(await response.Content.ReadAsStringAsync());
        Assert.Equal(2, problem.GetProperty("currentVersion").GetInt32());
        Assert.Equal("zone-admin", problem.GetProperty("savedBy").GetString());
        Assert.StartsWith("当前版本是 2（zone-admin 于 ", problem.GetProperty("detail").GetString());
        await using var db = app.NewDb();
        Assert.Equal(2, await db.SchemeVersions.CountAsync());
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Without_a_token_the_api_answers_401_not_a_redirect(string provider)
    {
        var (app, _, _) = await Zone(provider);
        using var _ = app;
        var anonymous = app.Api(null);

        foreach (var response in new[] { await anonymous.GetAsync(Scheme), await anonymous.GetAsync(Results), await anonymous.PutScheme("zone", "2026-Q3", SchemeTestSupport.Example()) })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Null(response.Headers.Location);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Api("ps_not-a-token").GetAsync(Scheme)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_token_of_another_organization_gets_404_and_changes_nothing(string provider)
    {
        var (app, _, admin) = await Zone(provider);
        using var _ = app;
        await admin.PutScheme("zone", "2026-Q3", SchemeTestSupport.Example());
        var other = await app.Organization("other");
        var intruder = await app.ApiAs(other, "other-admin", OrgRole.Admin);

        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync(Scheme)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync(Results)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.PutScheme("zone", "2026-Q3", SchemeTestSupport.Example())).StatusCode);
        // An organization that does not exist answers the same.
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync("/api/orgs/nowhere/periods/2026-Q3/scheme")).StatusCode);
        await using var db = app.NewDb();
        Assert.Equal(1, await db.SchemeVersions.CountAsync());
    }

    [Fact]
    public async Task Leaders_read_admins_write_assessors_and_reporters_get_403()
    {
        var (app, org, admin) = await Zone("Sqlite");
        using var _ = app;
        await admin.PutScheme("zone", "2026-Q3", SchemeTestSupport.Example());
        var leader = await app.ApiAs(org, "zone-leader", OrgRole.Leader);
        var reporterId = await app.User(org, "zone-reporter", OrgRole.Reporter, unit: "T1");
        var reporter = app.Api(await app.Token(org, reporterId));
        var assessorId = await app.User(org, "zone-assessor", OrgRole.Assessor, indicators: "revenue");
        var assessor = app.Api(await app.Token(org, assessorId));

        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync(Scheme)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync(Results)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.PutScheme("zone", "2026-Q3", SchemeTestSupport.Example())).StatusCode);
        foreach (var client in new[] { reporter, assessor })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(Scheme)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(Results)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PutScheme("zone", "2026-Q3", SchemeTestSupport.Example())).StatusCode);
        }
    }

    [Fact]
    public async Task A_route_value_that_is_not_a_period_is_400_and_an_unknown_period_404()
    {
        var (app, _, admin) = await Zone("Sqlite");
        using var _ = app;

        var bad = await admin.GetAsync("/api/orgs/zone/periods/2026-Q5/scheme");
        var unknown = await admin.GetAsync("/api/orgs/zone/periods/2026-Q4/results");

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = Json(await bad.Content.ReadAsStringAsync()).GetProperty("errors");
        Assert.StartsWith("路由参数 period：“2026-Q5”不是有效的考核期", errors.GetProperty("period")[0].GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/orgs/zone/periods/2026-Q4/scheme")).StatusCode);
    }

    [Fact]
    public async Task The_endpoints_are_in_the_OpenAPI_document()
    {
        using var app = new TestApp();
        var json = Json(await app.CreateClient().GetStringAsync("/openapi/v1.json"));

        var path = json.GetProperty("paths").GetProperty("/api/orgs/{org}/periods/{period}/scheme");
        Assert.Equal("PutScheme", path.GetProperty("put").GetProperty("operationId").GetString());
        Assert.Equal("GetResults", json.GetProperty("paths").GetProperty("/api/orgs/{org}/periods/{period}/results").GetProperty("get").GetProperty("operationId").GetString());
    }
}
