using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Accounts;
using Pacesetter.Web.Tests.Schemes;

namespace Pacesetter.Web.Tests.Surveys;

/// <summary>
/// Rating surveys through HTTP (issue #12): a survey put with every problem at its path; one-time links cast once,
/// refused before being cast when a ballot breaks a rule, 409 when used, 410 when closed; paper ballots all or
/// nothing and counted invalid; the result exactly <c>pacesetter survey</c> on the exported file; closing feeds an
/// <c>efficacy</c> and a <c>manual</c> indicator as system-entered data and the preview changes; reopening needs a
/// reason; guessed tokens answered 404 then rate-limited. The figures are checked by hand in the comments.
/// </summary>
public sealed class SurveyApiTests
{
    private const string Api = "/api/orgs/zone/surveys";

    /// <summary>
    /// 2026-Q3 of the zone: T1, T2 (towns) and D1 (a department); 满意 100 / 基本满意 80 / 不满意 0; abstaining allowed; at
    /// most half the units 满意; leaders 40, units 30 (trimmed, not rating themselves), public 30 (trimmed from 5).
    /// </summary>
    public const string Survey = """
        { "id": "myd", "name": "2026年第三季度满意度测评", "period": "2026-Q3",
          "units": ["T1", "T2", "D1"],
          "options": [ { "id": "a", "name": "满意", "points": 100, "satisfied": true },
                       { "id": "b", "name": "基本满意", "points": 80, "satisfied": true },
                       { "id": "c", "name": "不满意", "points": 0 } ],
          "abstain": true, "topQuota": 0.5,
          "groups": [ { "id": "leaders", "name": "区领导", "weight": 40 },
                      { "id": "units", "name": "部门互评", "weight": 30, "trim": true, "excludeSelf": true },
                      { "id": "public", "name": "服务对象", "weight": 30, "trim": true, "trimMin": 5 } ] }
        """;

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private static List<string> Problems(JsonElement body) =>
        [.. body.GetProperty("problems").EnumerateArray().Select(p => $"{p.GetProperty("path").GetString()}: {p.GetProperty("message").GetString()}")];

    private static Task<HttpResponseMessage> Put(HttpClient client, string id, string json) =>
        client.PutAsync($"{Api}/{id}", new StringContent(json, Encoding.UTF8, "application/json"));

    private static Task<HttpResponseMessage> Cast(HttpClient client, string token, object ratings) =>
        client.PostAsync($"/s/{token}", JsonContent.Create(new { ratings }, options: new JsonSerializerOptions()));

    private static async Task<List<string>> Links(HttpClient admin, string group, int count, string? rater = null)
    {
        var response = await admin.PostAsJsonAsync($"{Api}/myd/links", rater is null ? new { group, count } : (object)new { group, count, rater });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var links = (await JsonOf(response)).GetProperty("links").EnumerateArray().ToList();
        Assert.All(links, l => Assert.EndsWith("/s/" + l.GetProperty("token").GetString(), l.GetProperty("url").GetString()));
        return [.. links.Select(l => l.GetProperty("token").GetString()!)];
    }

    private static async Task<(TestApp App, int Org, HttpClient Admin)> OpenAsync(string provider, JsonObject? scheme = null)
    {
        var app = new TestApp(provider);
        var org = await app.Organization("zone");
        var admin = await app.ApiAs(org, "zone-admin", OrgRole.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutScheme("zone", "2026-Q3", (scheme ?? SchemeTestSupport.ExampleJson()).Utf8())).StatusCode);
        return (app, org, admin);
    }

    [Fact]
    public async Task A_survey_is_put_all_or_nothing_with_every_problem_at_its_path()
    {
        var (app, _, admin) = await OpenAsync("Sqlite");
        await using var _ = app;
        var bad = await Put(admin, "myd", """
            { "id": "other", "units": ["T1", "T1", "X9"], "options": [ { "id": "a", "points": 120 } ],
              "topQuota": 1.5, "groups": [ { "id": "g", "weight": 0, "trimMin": 2 } ], "colour": "red" }
            """);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(
        [
            "$.colour: 未知字段",
            "$.units[1]: 单位“T1”重复（首次出现于 $.units[0]）",
            "$.options[0].points: 应在 0 到 100 之间",
            "$.topQuota: 应为 0 到 1 之间的比例，如 0.3",
            "$.groups[0].weight: 应为正数",
            "$.groups[0].trimMin: 不得小于 3",
        ], Problems(await JsonOf(bad)));
        // The shape holds; then the address's id, the period, and the organization's units.
        var wrong = await Put(admin, "myd", """{ "id": "other", "units": ["T1", "X9"], "options": [ { "id": "a", "points": 100 } ], "groups": [ { "id": "g", "weight": 1 } ] }""");
        Assert.Equal(["$.id: 应与地址中的测评编号“myd”一致", "$.period: 必填：测评所属考核期，如 2026-Q3"], Problems(await JsonOf(wrong)));
        var unit = await Put(admin, "myd", """{ "id": "myd", "period": "2026-Q3", "units": ["T1", "X9"], "options": [ { "id": "a", "points": 100 } ], "groups": [ { "id": "g", "weight": 1 } ] }""");
        Assert.Equal(["$.units[1]: “X9”不是本组织的单位"], Problems(await JsonOf(unit)));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{Api}/myd")).StatusCode);

        // A survey leaving out every optional field reads with the defaults, and is given back whole.
        var created = await Put(admin, "myd", """{ "id": "myd", "period": "2026-Q3", "units": ["T1"], "options": [ { "id": "a", "points": 100 } ], "groups": [ { "id": "g", "weight": 1 } ] }""");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal("\"1\"", created.Headers.ETag!.Tag);
        var stored = JsonNode.Parse(await admin.GetStringAsync($"{Api}/myd"))!;
        Assert.Equal("""{"id":"myd","name":"myd","period":"2026-Q3","units":["T1"],"options":[{"id":"a","name":"a","points":100,"satisfied":false}],"abstain":false,"groups":[{"id":"g","name":"g","weight":1,"trim":false,"trimMin":5,"excludeSelf":false}]}""", stored.ToJsonString());
        // If-Match names the version it changes.
        var stale = new HttpRequestMessage(HttpMethod.Put, $"{Api}/myd") { Content = new StringContent(Survey, Encoding.UTF8, "application/json") };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"7\"");
        Assert.Equal(HttpStatusCode.Conflict, (await admin.SendAsync(stale)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Put(admin, "myd", Survey)).StatusCode);
    }

    /// <summary>The zone's scheme with the towns' industry (efficacy, weight 25, measured as a value) and the departments' upper (made manual, weight 10) taking the survey's scores.</summary>
    private static JsonObject FedScheme()
    {
        var scheme = SchemeTestSupport.ExampleJson();
        foreach (var category in scheme["categories"]!.AsArray())
        {
            foreach (var indicator in category!["indicators"]!.AsArray())
            {
                if ((string)indicator!["id"]! == "industry")
                {
                    // A score is a value, not a growth.
                    indicator.AsObject().Remove("measure");
                    indicator["source"] = "surveys/myd";
                }
                if ((string)indicator["id"]! == "upper")
                {
                    indicator["method"] = new JsonObject { ["type"] = "manual" };
                    indicator["source"] = "surveys/myd";
                }
            }
        }
        foreach (var unit in scheme["data"]!.AsObject()) unit.Value!.AsObject().Remove("industry");
        foreach (var unit in scheme["data"]!.AsObject()) unit.Value!.AsObject().Remove("upper");
        return scheme;
    }

    private static decimal Score(JsonElement results, string unit, string indicator) =>
        results.GetProperty("categories").EnumerateArray().SelectMany(c => c.GetProperty("results").EnumerateArray())
            .Single(r => r.GetProperty("unit").GetString() == unit).GetProperty("indicators").GetProperty(indicator).GetProperty("score").GetDecimal();

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Links_cast_once_and_closing_feeds_the_scheme_with_the_commands_result(string provider)
    {
        var (app, org, admin) = await OpenAsync(provider, FedScheme());
        await using var _ = app;
        Assert.Equal(HttpStatusCode.OK, (await Put(admin, "myd", Survey)).StatusCode);
        var anonymous = app.Browser();

        var leaders = await Links(admin, "leaders", 2);
        var t1 = await Links(admin, "units", 1, rater: "T1");
        var t2 = await Links(admin, "units", 1, rater: "T2");
        var publicLinks = await Links(admin, "public", 5);
        Assert.Equal(43, leaders[0].Length);
        Assert.Equal(9, leaders.Concat(t1).Concat(t2).Concat(publicLinks).Distinct().Count());

        // The phone page names the survey, the group and the quota; a unit group's page leaves out the rater's own unit.
        var page = await anonymous.GetStringAsync($"/s/{t1[0]}");
        Assert.Contains("2026年第三季度满意度测评", page);
        Assert.Contains("评价身份：部门互评（城东街道，本单位不参与自评）", page);
        Assert.DoesNotContain("name=\"r.T1\"", page);
        Assert.Contains("name=\"r.T2\"", page);

        var first = await Cast(anonymous, leaders[0], new { T1 = "a", T2 = "b", D1 = "b" });
        Assert.True(first.StatusCode == HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        // Over the quota (floor(0.5 × 3) = 1 满意, two given): refused, not cast, the link still unused.
        var over = await Cast(anonymous, leaders[1], new { T1 = "a", T2 = "a", D1 = "c" });
        Assert.Equal(HttpStatusCode.BadRequest, over.StatusCode);
        Assert.Equal(["$.ratings: “满意”最多只能评 1 个单位，本票评了 2 个"], Problems(await JsonOf(over)));
        // An option or a unit the survey does not have: refused with a message.
        Assert.Equal(["$.ratings.T1: “x”不是本次测评的选项（a 满意、b 基本满意、c 不满意）"], Problems(await JsonOf(await Cast(anonymous, leaders[1], new { T1 = "x" }))));
        Assert.Equal(["$.ratings.D9: “D9”不是本次测评的单位"], Problems(await JsonOf(await Cast(anonymous, leaders[1], new { D9 = "a" }))));
        Assert.Equal(HttpStatusCode.Created, (await Cast(anonymous, leaders[1], new { T1 = "a", T2 = "b", D1 = "c" })).StatusCode);
        // A second cast with the same link: 409, nothing changed.
        Assert.Equal(HttpStatusCode.Conflict, (await Cast(anonymous, leaders[1], new { T1 = "c", T2 = "c", D1 = "c" })).StatusCode);
        // A unit's rater: its own unit need not (and may not usefully) be rated; n = 2, so 1 满意 is the limit.
        Assert.Equal(HttpStatusCode.Created, (await Cast(anonymous, t1[0], new { T2 = "b", D1 = "a" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Cast(anonymous, t2[0], new { T1 = "a", T2 = "a", D1 = "b" })).StatusCode);
        string[][] publicBallots = [["a", "c", "b"], ["b", "c", "b"], ["b", "b", ""], ["c", "b", "b"], ["a", "b", "b"]];
        for (int i = 0; i < 5; i++)
        {
            var r = publicBallots[i];
            var ratings = new Dictionary<string, string> { ["T1"] = r[0], ["T2"] = r[1] };
            if (r[2] != "") ratings["D1"] = r[2];
            Assert.Equal(HttpStatusCode.Created, (await Cast(anonymous, publicLinks[i], ratings)).StatusCode);
        }
        // Paper: one invalid (an unknown option, counted), one of a unit rater (D1, its own rating removed). All or nothing:
        // a ballot of an unknown group refuses the whole request.
        var refused = await admin.PostAsync($"{Api}/myd/ballots", new StringContent("""[{"group":"public","ratings":{"T1":"a"}},{"group":"nobody","ratings":{"T1":"a"}}]""", Encoding.UTF8, "application/json"));
        Assert.Equal(["$[1].group: 没有评价群体“nobody”（本测评的群体：leaders、units、public）"], Problems(await JsonOf(refused)));
        var paper = await admin.PostAsync($"{Api}/myd/ballots", new StringContent("""[{"group":"public","ratings":{"T1":"x"}},{"group":"units","rater":"D1","ratings":{"T1":"b","T2":"b","D1":"a"}}]""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, paper.StatusCode);
        Assert.Equal("""{"entered":2,"valid":1,"invalid":1}""", (await paper.Content.ReadAsStringAsync()).Replace(" ", ""));

        // By hand (T2's unit ballot rated T2 itself: removed, the ballot valid):
        // T1: leaders 100, 100 → 100 (2); units T2's a 100, D1's b 80 → 90 (2); public a b b c a = 100 80 80 0 100, 5 ≥ 5:
        //     trimmed to 100 80 80 → 86.67 (3); score (40×100 + 30×90 + 30×86.67)/100 = 93.001 → 93; satisfied 8 of 9 → 88.9.
        // T2: leaders 80, 80 → 80; units T1's b 80, D1's b 80 → 80; public c c b b b = 0 0 80 80 80 → 0 80 80 → 53.33 (3);
        //     score (3200 + 2400 + 1599.9)/100 = 71.999 → 72; satisfied 7 of 9 → 77.8.
        // D1: leaders 80, 0 → 40; units T1's a 100, T2's b 80 → 90; public b b b b (one abstained, 4 < 5) → 80 (4);
        //     score (1600 + 2700 + 2400)/100 = 67; satisfied 7 of 8 → 87.5.
        var result = await admin.GetStringAsync($"{Api}/myd/result");
        Assert.Equal("""{"survey":"myd","ballots":{"cast":11,"valid":10,"invalid":1},"units":[""" +
            """{"unit":"T1","score":93,"satisfaction":88.9,"groups":{"leaders":{"mean":100,"count":2},"units":{"mean":90,"count":2},"public":{"mean":86.67,"count":3}}},""" +
            """{"unit":"T2","score":72,"satisfaction":77.8,"groups":{"leaders":{"mean":80,"count":2},"units":{"mean":80,"count":2},"public":{"mean":53.33,"count":3}}},""" +
            """{"unit":"D1","score":67,"satisfaction":87.5,"groups":{"leaders":{"mean":40,"count":2},"units":{"mean":90,"count":2},"public":{"mean":80,"count":4}}}]}""",
            JsonNode.Parse(result)!.ToJsonString());
        // The exported file gives exactly that to the command.
        var file = await admin.GetStringAsync($"{Api}/myd/file");
        Assert.Equal(JsonNode.Parse(result)!.ToJsonString(), JsonNode.Parse(SchemeTestSupport.Command("survey", file, "--format", "json"))!.ToJsonString());

        // Before closing, the indicators have no datum (missing: zero).
        var before = await JsonOf(await admin.GetAsync("/api/orgs/zone/periods/2026-Q3/results"));
        Assert.Equal(0m, Score(before, "T1", "industry"));
        Assert.Equal(0m, Score(before, "D1", "upper"));
        var closed = await admin.PostAsync($"{Api}/myd/close", null);
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal("""{"state":"closed","fed":[{"indicator":"industry","units":["T1","T2"],"locked":false},{"indicator":"upper","units":["D1"],"locked":false}]}""", (await JsonOf(closed)).GetRawText().Replace(" ", "").Replace("\n", ""));
        // industry (efficacy 60 + 40, observed among T1 93 and T2 72): T1 25 × 100/100 = 25, T2 25 × 60/100 = 15;
        // upper (manual, weight 10): D1's 67 scaled to 6.7.
        var after = await JsonOf(await admin.GetAsync("/api/orgs/zone/periods/2026-Q3/results"));
        Assert.Equal([25m, 15m, 6.7m], [Score(after, "T1", "industry"), Score(after, "T2", "industry"), Score(after, "D1", "upper")]);
        await using (var db = app.NewDb())
        {
            var data = await db.DatumEntries.AsNoTracking().Where(d => d.OrganizationId == org && d.Period == "2026-Q3" && (d.IndicatorId == "industry" || d.IndicatorId == "upper"))
                .OrderBy(d => d.UnitCode).Select(d => new { d.UnitCode, d.Value, d.UpdatedBy, d.State }).ToListAsync();
            Assert.Equal(["D1 {\"value\":6.7} system:surveys Approved", "T1 {\"value\":93} system:surveys Approved", "T2 {\"value\":72} system:surveys Approved"],
                data.Select(d => $"{d.UnitCode} {d.Value} {d.UpdatedBy} {d.State}"));
            Assert.Equal(3, await db.AuditEntries.CountAsync(a => a.OrganizationId == org && a.Kind == "datum.system"));
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.OrganizationId == org && a.Kind == "survey.close"));
        }
        // Closed: a link answers 410, paper and links 409; reopening needs a reason and takes the data away until closed again.
        Assert.Equal(HttpStatusCode.Gone, (await Cast(anonymous, publicLinks[0], new { T1 = "a" })).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await anonymous.GetAsync($"/s/{publicLinks[0]}")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync($"{Api}/myd/links", new { group = "leaders", count = 1 })).StatusCode);
        Assert.Equal(["$.reason: 必填：重新开启测评的原因"], Problems(await JsonOf(await admin.PostAsJsonAsync($"{Api}/myd/reopen", new { reason = "" }))));
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"{Api}/myd/reopen", new { reason = "补录两张纸质票" })).StatusCode);
        var reopened = await JsonOf(await admin.GetAsync("/api/orgs/zone/periods/2026-Q3/results"));
        Assert.Equal([0m, 0m], [Score(reopened, "T1", "industry"), Score(reopened, "D1", "upper")]);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Concurrent_casts_are_written_once_each_and_a_link_raced_by_several_phones_casts_once(string provider)
    {
        var (app, org, admin) = await OpenAsync(provider);
        await using var _ = app;
        Assert.Equal(HttpStatusCode.OK, (await Put(admin, "myd", Survey)).StatusCode);
        var links = await Links(admin, "public", 40);
        var anonymous = app.Browser();
        // 40 links cast at once, and the first link sent by 8 more phones at the same moment: 40 ballots, 8 refused as used.
        var sends = links.Select((t, i) => (Token: t, Ratings: i % 2 == 0 ? new { T1 = "a", T2 = "b" } : new { T1 = "c", T2 = "a" }))
            .Concat(Enumerable.Repeat((Token: links[0], Ratings: new { T1 = "c", T2 = "c" }), 8)).ToList();
        var statuses = await Task.WhenAll(sends.Select(async s => (await Cast(anonymous, s.Token, s.Ratings)).StatusCode));
        Assert.Equal(40, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(8, statuses.Count(s => s == HttpStatusCode.Conflict));
        await using var db = app.NewDb();
        Assert.Equal(40, await db.SurveyBallots.CountAsync(b => b.OrganizationId == org));
        Assert.Equal(40, await db.SurveyLinks.CountAsync(l => l.OrganizationId == org && l.Used));
        Assert.Equal(40, await db.AuditEntries.CountAsync(a => a.OrganizationId == org && a.Kind == "survey.ballot"));
        // Whichever of the raced casts won, T1 has 40 public ratings: trimmed (≥ 5) to 38 counted.
        var result = JsonDocument.Parse(await admin.GetStringAsync($"{Api}/myd/result")).RootElement;
        Assert.Equal(40, result.GetProperty("ballots").GetProperty("valid").GetInt32());
        Assert.Equal(40, result.GetProperty("units")[0].GetProperty("groups").GetProperty("public").GetProperty("count").GetInt32() + 2);
    }

    [Fact]
    public async Task Nothing_stored_links_a_ballot_to_its_link()
    {
        var (app, org, admin) = await OpenAsync("Sqlite");
        await using var _ = app;
        Assert.Equal(HttpStatusCode.OK, (await Put(admin, "myd", Survey)).StatusCode);
        var links = await Links(admin, "public", 3);
        var unitLink = (await Links(admin, "units", 1, rater: "T1"))[0];
        var anonymous = app.Browser();
        Assert.Equal(HttpStatusCode.Created, (await Cast(anonymous, links[0], new { T1 = "a", T2 = "b" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Cast(anonymous, links[2], new { T1 = "c", T2 = "a" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Cast(anonymous, unitLink, new { T2 = "c" })).StatusCode);

        await using var db = app.NewDb();
        // A ballot holds its group, rater (only where the group excludes self-rating), ratings and day: nothing else.
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        async Task<List<string>> Columns(string table)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid";
            var list = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) list.Add(reader.GetString(0));
            return list;
        }
        Assert.Equal(["CastOn", "Codes", "Extra", "Group", "Id", "OrganizationId", "Rater", "SurveyId"], (await Columns("survey_ballots")).Order(StringComparer.Ordinal));
        Assert.Equal(["Group", "Id", "OrganizationId", "Rater", "SurveyId", "TokenHash", "Used"], (await Columns("survey_links")).Order(StringComparer.Ordinal));
        var ballots = await db.SurveyBallots.AsNoTracking().ToListAsync();
        Assert.Equal([null, null, "T1"], ballots.OrderBy(b => b.Rater).Select(b => b.Rater));
        Assert.All(ballots, b => Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)), b.CastOn));

        // No value of any table but the links names a link (its id, token or hash), and none but the ballots names a ballot.
        var linkRows = await db.SurveyLinks.AsNoTracking().ToListAsync();
        var linkMarks = linkRows.SelectMany(l => new[] { l.TokenHash }).Concat(links).Append(unitLink).ToList();
        var ballotMarks = ballots.SelectMany(b => new[] { b.Id.ToString(), b.Id.ToString("N"), b.Id.ToString().ToUpperInvariant() }).ToList();
        var tables = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (int i = 0; i < reader.FieldCount; i++)
                {
                    if (reader.IsDBNull(i)) continue;
                    var value = reader.GetValue(i) is byte[] bytes ? Convert.ToHexString(bytes) : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
                    if (table != "survey_links") Assert.DoesNotContain(linkMarks, m => value.Contains(m, StringComparison.OrdinalIgnoreCase));
                    if (table != "survey_ballots") Assert.DoesNotContain(ballotMarks, m => value.Contains(m, StringComparison.OrdinalIgnoreCase));
                }
            }
        }
        // The links record only that they were used; the audit rows, that a ballot was cast in the survey.
        Assert.Equal([true, false, true, true], linkRows.OrderBy(l => l.Id).Select(l => l.Used));
        var cast = await db.AuditEntries.AsNoTracking().Where(a => a.OrganizationId == org && a.Kind == "survey.ballot").ToListAsync();
        Assert.Equal(3, cast.Count);
        Assert.All(cast, a => Assert.Equal(("survey:ballot", "survey", "myd", (string?)null, (string?)null, (string?)null), (a.Actor, a.Entity, a.Key, a.Before, a.After, a.Unit)));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Casts_taken_together_are_each_answered_for_themselves(string provider)
    {
        var (app, org, admin) = await OpenAsync(provider);
        await using var _ = app;
        Assert.Equal(HttpStatusCode.OK, (await Put(admin, "myd", Survey)).StatusCode);
        var links = await Links(admin, "leaders", 3);
        var anonymous = app.Browser();
        // Sent at the same moment, so that the ballot box takes them together: a good ballot, one over the quota
        // (floor(0.5 × 3) = 1 满意), one with an unknown option, a token nobody made, and a good one sent without a
        // stated length (chunked).
        var chunked = new HttpRequestMessage(HttpMethod.Post, $"/s/{links[2]}")
        {
            Content = new StreamContent(new MemoryStream("""{"ratings":{"T1":"b","T2":"b","D1":"b"}}"""u8.ToArray())),
        };
        chunked.Content.Headers.ContentType = new("application/json");
        chunked.Headers.TransferEncodingChunked = true;
        var sent = await Task.WhenAll(
            Cast(anonymous, links[0], new { T1 = "a", T2 = "b", D1 = "c" }),
            Cast(anonymous, links[1], new { T1 = "a", T2 = "a", D1 = "c" }),
            Cast(anonymous, links[1], new { T1 = "z" }),
            Cast(anonymous, SurveyTokens.Unknown, new { T1 = "a" }),
            anonymous.SendAsync(chunked));
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.NotFound, HttpStatusCode.Created], sent.Select(r => r.StatusCode));
        Assert.Equal(["$.ratings: “满意”最多只能评 1 个单位，本票评了 2 个"], Problems(await JsonOf(sent[1])));
        Assert.Equal(["$.ratings.T1: “z”不是本次测评的选项（a 满意、b 基本满意、c 不满意）"], Problems(await JsonOf(sent[2])));
        // The refused link was not used: it casts afterwards.
        Assert.Equal(HttpStatusCode.Created, (await Cast(anonymous, links[1], new { T1 = "c", T2 = "c", D1 = "c" })).StatusCode);
        await using var db = app.NewDb();
        Assert.Equal(3, await db.SurveyBallots.CountAsync(b => b.OrganizationId == org));
        Assert.Equal(3, await db.SurveyLinks.CountAsync(l => l.OrganizationId == org && l.Used));
        // A ballot over its stated limit (256 KB) is refused from its length, before it is read.
        var huge = await anonymous.PostAsync($"/s/{links[0]}", new StringContent("{\"ratings\":{\"T1\":\"" + new string('a', 300_000) + "\"}}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
    }

    [Fact]
    public async Task Guessed_tokens_are_answered_404_and_then_refused_for_the_address()
    {
        var (app, _, admin) = await OpenAsync("Sqlite");
        await using var _ = app;
        Assert.Equal(HttpStatusCode.OK, (await Put(admin, "myd", Survey)).StatusCode);
        var real = (await Links(admin, "leaders", 1))[0];
        var anonymous = app.Browser();
        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 22; i++)
        {
            var guess = i % 2 == 0 ? Pacesetter.App.Surveys.SurveyService.NewToken() : "short" + i;
            statuses.Add((i % 3 == 0 ? await anonymous.GetAsync($"/s/{guess}") : await Cast(anonymous, guess, new { T1 = "a" })).StatusCode);
        }
        // 20 unknown tokens a minute are answered as any unknown page; then the address is refused, the real link included.
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.NotFound, 20), HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        var notFound = await anonymous.GetAsync($"/s/{SurveyTokens.Unknown}");
        Assert.Equal(HttpStatusCode.TooManyRequests, notFound.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Cast(anonymous, real, new { T1 = "a" })).StatusCode);
    }
}

internal static class SurveyTokens
{
    public static readonly string Unknown = new('A', 43);
}
