using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Accounts;
using Pacesetter.Web.Tests.Schemes;

namespace Pacesetter.Web.Tests.Races;

/// <summary>
/// Publication through HTTP on both databases (issue #9 §1): revision N stores the file scored and its results, the
/// period closes to writes until a correction, revision N+1 lists what changed, every revision stays readable and
/// equals <c>pacesetter score</c> on its stored input, flags and rank change carry from the previous period.
/// </summary>
public class PublicationApiTests
{
    /// <summary>
    /// Three towns, two base indicators. revenue: completion against 100, weight 60 (A 100 → 60, B 90 → 54, C 80 → 48);
    /// duty: manual, weight 40 (A 36, B 38, C 30). Composites A 96, B 92, C 78: ranks 1, 2, 3; 优秀 has quota 1 so B
    /// (92 ≥ 90) gets 良好; C 78 &lt; 80 gets 一般; A is 标兵 and holds the flag (rank 1, ≥ 90); C is 黄牌 (last).
    /// </summary>
    public static JsonObject Town(string period, (decimal Revenue, decimal Duty)? a = null, (decimal Revenue, decimal Duty)? b = null, (decimal Revenue, decimal Duty)? c = null, JsonObject? previousFlags = null)
    {
        var (ar, ad) = a ?? (100m, 36m);
        var (br, bd) = b ?? (90m, 38m);
        var (cr, cd) = c ?? (80m, 30m);
        var file = new JsonObject
        {
            ["name"] = $"城区 {period} 考核",
            ["period"] = period,
            ["coreShareMin"] = 70,
            ["units"] = new JsonObject { ["A"] = "东城街道", ["B"] = "西城街道", ["C"] = "南城街道" },
            ["categories"] = new JsonArray(new JsonObject
            {
                ["id"] = "towns",
                ["name"] = "街道",
                ["units"] = new JsonArray("A", "B", "C"),
                ["indicators"] = new JsonArray(
                    new JsonObject { ["id"] = "revenue", ["name"] = "财政收入", ["weight"] = 60, ["core"] = true, ["method"] = new JsonObject { ["type"] = "completion", ["target"] = 100 } },
                    new JsonObject { ["id"] = "duty", ["name"] = "主责工作", ["weight"] = 40, ["core"] = true, ["method"] = new JsonObject { ["type"] = "manual" } }),
                ["grades"] = new JsonArray(
                    new JsonObject { ["name"] = "优秀", ["min"] = 90, ["quota"] = 1 },
                    new JsonObject { ["name"] = "良好", ["min"] = 80 },
                    new JsonObject { ["name"] = "一般", ["min"] = 0 }),
                ["labels"] = new JsonObject { ["pacesetter"] = new JsonObject { ["top"] = 1, ["min"] = 90 }, ["yellow"] = new JsonObject { ["bottom"] = 1 } },
                ["flag"] = new JsonObject { ["min"] = 90 },
            }),
            ["data"] = new JsonObject
            {
                ["A"] = new JsonObject { ["revenue"] = ar, ["duty"] = ad },
                ["B"] = new JsonObject { ["revenue"] = br, ["duty"] = bd },
                ["C"] = new JsonObject { ["revenue"] = cr, ["duty"] = cd },
            },
        };
        if (previousFlags is not null) file["previousFlags"] = previousFlags;
        return file;
    }

    private static async Task<(TestApp App, HttpClient Admin)> City(string provider)
    {
        var app = new TestApp(provider);
        var org = await app.Organization("city");
        return (app, await app.ApiAs(org, "city-admin", OrgRole.Admin));
    }

    private static string Api(string period, string rest) => $"/api/orgs/city/periods/{period}/{rest}";

    private static async Task<JsonElement> Json(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private static JsonElement Row(JsonElement results, string unit) =>
        results.GetProperty("categories")[0].GetProperty("results").EnumerateArray().Single(r => r.GetProperty("unit").GetString() == unit);

    private static async Task Import(HttpClient admin, JsonObject file)
    {
        var put = await admin.PutScheme("city", file["period"]!.GetValue<string>(), file.Utf8());
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_publication_is_revision_1_closes_the_period_and_a_correction_publishes_revision_2_with_what_changed(string provider)
    {
        var (app, admin) = await City(provider);
        using var _ = app;
        await Import(admin, Town("2026-10"));

        var published = await admin.PostAsJsonAsync(Api("2026-10", "publish"), new { reason = "十月发布" });

        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        Assert.Equal("/api/orgs/city/periods/2026-10/revisions/1", published.Headers.Location!.OriginalString);
        var body = await Json(published);
        Assert.Equal(1, body.GetProperty("revision").GetInt32());
        Assert.False(body.GetProperty("incomplete").GetBoolean());
        Assert.Equal("city-admin", body.GetProperty("createdBy").GetString());

        // GET …/results is the stored revision: §8 plus "revision" and each unit's "change" (null: 2026-09 is unpublished).
        var results = await Json(await admin.GetAsync(Api("2026-10", "results")));
        Assert.Equal(1, results.GetProperty("revision").GetInt32());
        Assert.Equal(96m, Row(results, "A").GetProperty("composite").GetDecimal());
        Assert.Equal(["A", "B", "C"], results.GetProperty("categories")[0].GetProperty("results").EnumerateArray().Select(r => r.GetProperty("unit").GetString()));
        Assert.Equal(["优秀", "良好", "一般"], results.GetProperty("categories")[0].GetProperty("results").EnumerateArray().Select(r => r.GetProperty("grade").GetString()));
        Assert.Equal("A", results.GetProperty("categories")[0].GetProperty("flag").GetProperty("holder").GetString());
        Assert.Equal(JsonValueKind.Null, Row(results, "A").GetProperty("change").ValueKind);

        // Closed: the scheme, the data and a second publication answer 409 with the reason.
        var again = await admin.PutScheme("city", "2026-10", Town("2026-10", c: (100m, 30m)).Utf8());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("已发布（第1版）", (await Json(again)).GetProperty("detail").GetString());
        var datum = await admin.PutAsJsonAsync(Api("2026-10", "data/C/revenue"), new { value = 100, version = 1 });
        Assert.Equal(HttpStatusCode.Conflict, datum.StatusCode);
        Assert.Equal("Published", (await Json(datum)).GetProperty("code").GetString());
        var twice = await admin.PostAsJsonAsync(Api("2026-10", "publish"), new { });
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);

        // A correction needs a reason; with one, the period opens.
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync(Api("2026-10", "corrections"), new { reason = " " })).StatusCode);
        var correction = await admin.PostAsJsonAsync(Api("2026-10", "corrections"), new { reason = "南城街道收入数据更正" });
        Assert.Equal(HttpStatusCode.Created, correction.StatusCode);
        Assert.Equal(1, (await Json(correction)).GetProperty("afterRevision").GetInt32());
        await Import(admin, Town("2026-10", c: (100m, 30m)));

        // C: 60 + 30 = 90 → rank 3 still (A 96, B 92), grade 一般 → 良好 (90 ≥ 80), still 黄牌 (last); nobody else changes.
        var second = await admin.PostAsJsonAsync(Api("2026-10", "publish"), new { reason = "更正后重新发布" });
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var change = Assert.Single((await Json(second)).GetProperty("changes").EnumerateArray());
        Assert.Equal("C", change.GetProperty("unit").GetString());
        Assert.Equal(78m, change.GetProperty("compositeBefore").GetDecimal());
        Assert.Equal(90m, change.GetProperty("compositeAfter").GetDecimal());
        Assert.Equal("一般", change.GetProperty("gradeBefore").GetString());
        Assert.Equal("良好", change.GetProperty("gradeAfter").GetString());
        Assert.Equal(3, change.GetProperty("rankAfter").GetInt32());

        // Both revisions stay readable; the list names who, why and what changed; the period is closed again.
        var listed = await admin.GetAsync(Api("2026-10", "revisions"));
        var listText = await listed.Content.ReadAsStringAsync();
        Assert.True(listed.StatusCode == HttpStatusCode.OK, listText);
        var list = JsonDocument.Parse(listText).RootElement.EnumerateArray().ToList();
        Assert.Equal([1, 2], list.Select(r => r.GetProperty("revision").GetInt32()));
        Assert.Equal(["十月发布", "更正后重新发布"], list.Select(r => r.GetProperty("reason").GetString()));
        Assert.Single(list[1].GetProperty("changes").EnumerateArray());
        Assert.Equal(78m, Row(await Json(await admin.GetAsync(Api("2026-10", "revisions/1"))), "C").GetProperty("composite").GetDecimal());
        Assert.Equal(90m, Row(await Json(await admin.GetAsync(Api("2026-10", "results"))), "C").GetProperty("composite").GetDecimal());
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PutScheme("city", "2026-10", Town("2026-10").Utf8())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(Api("2026-10", "revisions/3"))).StatusCode);

        // Each revision is exactly what `pacesetter score` prints for its stored input (less the publication's additions).
        foreach (var n in new[] { 1, 2 })
        {
            var input = await (await admin.GetAsync(Api("2026-10", $"revisions/{n}/input"))).Content.ReadAsStringAsync();
            var stored = JsonNode.Parse(await (await admin.GetAsync(Api("2026-10", $"revisions/{n}"))).Content.ReadAsStringAsync())!.AsObject();
            stored.Remove("revision");
            foreach (var r in stored["categories"]![0]!["results"]!.AsArray()) r!.AsObject().Remove("change");
            SchemeTestSupport.AssertSameJson(SchemeTestSupport.Score(input), JsonDocument.Parse(stored.ToJsonString()).RootElement);
        }

        await using var db = app.NewDb();
        Assert.Equal(["publication.publish", "publication.correct", "publication.publish"],
            await db.AuditEntries.Where(e => e.Kind.StartsWith("publication.")).OrderBy(e => e.Seq).Select(e => e.Kind).ToListAsync());
        Assert.Equal(1, await db.Corrections.Where(c => c.ClosedByRevision == 2 && c.Reason == "南城街道收入数据更正").CountAsync());
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Missing_data_is_listed_and_refused_unless_the_publication_allows_it(string provider)
    {
        var (app, admin) = await City(provider);
        using var _ = app;
        var file = Town("2026-10");
        file["data"]!["C"]!.AsObject().Remove("duty");
        await Import(admin, file);

        var refused = await admin.PostAsJsonAsync(Api("2026-10", "publish"), new { });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = Assert.Single((await Json(refused)).GetProperty("problems").EnumerateArray());
        Assert.Equal("$.data.C.duty", problem.GetProperty("path").GetString());
        Assert.Equal("无数据", problem.GetProperty("message").GetString());
        await using (var db = app.NewDb()) Assert.Equal(0, await db.Revisions.CountAsync());

        var allowed = await admin.PostAsJsonAsync(Api("2026-10", "publish"), new { allowIncomplete = true, reason = "缺报按零分" });

        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        var body = await Json(allowed);
        Assert.True(body.GetProperty("incomplete").GetBoolean());
        var missing = Assert.Single(body.GetProperty("missing").EnumerateArray());
        Assert.Equal("C", missing.GetProperty("unit").GetString());
        Assert.Equal(JsonValueKind.Null, missing.GetProperty("state").ValueKind);
        // The missing duty scores 0 (missing: zero): C = 48.
        Assert.Equal(48m, Row(await Json(await admin.GetAsync(Api("2026-10", "results"))), "C").GetProperty("composite").GetDecimal());
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_next_month_takes_its_previous_flags_and_rank_change_from_the_published_month(string provider)
    {
        var (app, admin) = await City(provider);
        using var _ = app;
        await Import(admin, Town("2026-09"));
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync(Api("2026-09", "publish"), new { })).StatusCode);
        // October: A 54 + 36 = 90, B 60 + 38 = 98, C 78. The file names no previous flags: publication takes A from September.
        await Import(admin, Town("2026-10", a: (90m, 36m), b: (100m, 38m)));

        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync(Api("2026-10", "publish"), new { })).StatusCode);

        var results = await Json(await admin.GetAsync(Api("2026-10", "results")));
        var flag = results.GetProperty("categories")[0].GetProperty("flag");
        Assert.Equal("B", flag.GetProperty("holder").GetString());
        Assert.Equal("A", flag.GetProperty("previous").GetString());
        Assert.True(flag.GetProperty("moved").GetBoolean());
        // B was 2nd with 92 in September, A 1st with 96.
        Assert.Equal(2, Row(results, "B").GetProperty("change").GetProperty("previousRank").GetInt32());
        Assert.Equal(92m, Row(results, "B").GetProperty("change").GetProperty("previousComposite").GetDecimal());
        Assert.Equal(1, Row(results, "A").GetProperty("change").GetProperty("previousRank").GetInt32());
        var input = JsonNode.Parse(await (await admin.GetAsync(Api("2026-10", "revisions/1/input"))).Content.ReadAsStringAsync())!;
        Assert.Equal("A", input["previousFlags"]!["towns"]!.GetValue<string>());
    }
}
