using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.DataEntry;
using Pacesetter.App.Schemes;

namespace Pacesetter.Web.Tests.DataEntry;

/// <summary>Entering, submitting, reviewing data, who may do what, conflicts and the deadline, through the API and the pages.</summary>
public class DataEntryTests
{
    private static KeyValuePair<string, string> F(string k, string v) => new(k, v);

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Reporter_submits_its_units_value_and_an_audit_row_records_before_and_after(string provider)
    {
        using var world = await EntryWorld.CreateAsync(provider);
        var api = await world.Api("rep-t1");

        var response = await EntryWorld.Put(api, "T1", "revenue", """{"value": 12.6, "target": 11}""", 0, submit: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await EntryWorld.Json(response);
        Assert.Equal("submitted", body.GetProperty("state").GetString());
        Assert.Equal(1, body.GetProperty("version").GetInt32());
        await using var db = world.Db();
        var row = await db.DatumEntries.SingleAsync();
        Assert.Equal(("T1", "revenue", DatumState.Submitted, "rep-t1"), (row.UnitCode, row.IndicatorId, row.State, row.UpdatedBy));
        Assert.Equal(12.6m, JsonNode.Parse(row.Value!)!["value"]!.GetValue<decimal>());
        var audit = await db.AuditEntries.Where(a => a.Kind == "datum.submit").SingleAsync();
        Assert.Equal(("rep-t1", "2026-Q3/T1/revenue", "T1"), (audit.Actor, audit.Key, audit.Unit));
        Assert.Null(audit.Before);
        Assert.Equal("""{"value":{"value":12.6,"target":11},"state":"submitted","version":1}""", audit.After);
        Assert.Null(await Pacesetter.App.Audit.AuditLog.Verify(db));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Reporter_of_T1_can_neither_read_nor_write_T2(string provider)
    {
        using var world = await EntryWorld.CreateAsync(provider);
        var t2 = await world.Api("rep-t2");
        Assert.Equal(HttpStatusCode.OK, (await EntryWorld.Put(t2, "T2", "revenue", """{"value": 9.1, "target": 10}""", 0, false)).StatusCode);
        var api = await world.Api("rep-t1");

        var put = await EntryWorld.Put(api, "T2", "revenue", """{"value": 1, "target": 10}""", 1, true);
        var list = await EntryWorld.Json(await api.GetAsync($"{EntryWorld.DataUrl}?unit=T2"));
        var browser = await world.Browser("rep-t1");
        var post = await EntryWorld.PostForm(browser, EntryWorld.EntryUrl, "Save", [F("unit", "T2"), F("indicator", "revenue"), F("version", "1"), F("submit", "true"), F("value", "1"), F("target", "10")]);
        var page = await browser.GetStringAsync(EntryWorld.EntryUrl);

        Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
        Assert.Equal(0, list.GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Contains("data-unit=\"T1\"", page);
        Assert.DoesNotContain("data-unit=\"T2\"", page);
        await using var db = world.Db();
        var row = await db.DatumEntries.SingleAsync(d => d.UnitCode == "T2");
        Assert.Equal(("rep-t2", DatumState.Draft, 1), (row.UpdatedBy, row.State, row.Version));
    }

    [Fact]
    public async Task Reporter_does_not_enter_the_assessors_indicators_of_its_own_unit()
    {
        using var world = await EntryWorld.CreateAsync();
        var api = await world.Api("rep-t1");

        var response = await EntryWorld.Put(api, "T1", "cards", """{"yellow": 1}""", 0, true);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await using var db = world.Db();
        Assert.Equal(0, await db.DatumEntries.CountAsync());
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Assessor_writes_its_indicators_for_any_unit_but_not_others(string provider)
    {
        using var world = await EntryWorld.CreateAsync(provider);
        var api = await world.Api("assessor");

        var t1 = await EntryWorld.Put(api, "T1", "cards", """{"yellow": 1}""", 0, true);
        var t4 = await EntryWorld.Put(api, "T4", "cards", """[{"id": "c7", "type": "red"}]""", 0, true);
        var d1 = await EntryWorld.Put(api, "D1", "service", "\"优\"", 0, true);
        var revenue = await EntryWorld.Put(api, "T1", "revenue", """{"value": 12.6, "target": 11}""", 0, true);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (t1.StatusCode, t4.StatusCode, d1.StatusCode));
        Assert.Equal(HttpStatusCode.NotFound, revenue.StatusCode);
        await using var db = world.Db();
        Assert.Equal(["D1/service", "T1/cards", "T4/cards"], (await db.DatumEntries.Select(d => d.UnitCode + "/" + d.IndicatorId).ToListAsync()).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Returned_datum_shows_its_reason_then_is_resubmitted_approved_and_assembled(string provider)
    {
        using var world = await EntryWorld.CreateAsync(provider);
        var api = await world.Api("rep-t1");
        await EntryWorld.Put(api, "T1", "revenue", """{"value": 12.6, "target": 11}""", 0, true);
        var admin = await world.Browser("admin");

        var returned = await EntryWorld.PostForm(admin, EntryWorld.EntryUrl + "?unit=T1", "Review", [F("unit", "T1"), F("indicator", "revenue"), F("version", "1"), F("decision", "return"), F("reason", "目标值与年初下达不一致")], htmx: true);
        var reporterPage = await (await world.Browser("rep-t1")).GetStringAsync(EntryWorld.EntryUrl);
        var resubmit = await EntryWorld.Put(api, "T1", "revenue", """{"value": 12.6, "target": 12}""", 2, true);
        var approved = await EntryWorld.PostForm(admin, EntryWorld.MatrixUrl, "Review", [F("unit", "T1"), F("indicator", "revenue"), F("version", "3"), F("decision", "approve")], htmx: true);

        Assert.Equal(HttpStatusCode.OK, returned.StatusCode);
        Assert.Contains("已退回", await returned.Content.ReadAsStringAsync());
        Assert.Contains("退回原因：目标值与年初下达不一致", reporterPage);
        Assert.Equal("submitted", (await EntryWorld.Json(resubmit)).GetProperty("state").GetString());
        Assert.Contains("已审核通过", await approved.Content.ReadAsStringAsync());
        await using var db = world.Db();
        var row = await db.DatumEntries.SingleAsync();
        Assert.Equal((DatumState.Approved, 4, (string?)null), (row.State, row.Version, row.ReturnReason));
        var kinds = await db.AuditEntries.Where(a => a.Entity == "datum").OrderBy(a => a.Seq).Select(a => a.Kind + ":" + a.Reason).ToListAsync();
        Assert.Equal(["datum.submit:", "datum.return:目标值与年初下达不一致", "datum.submit:", "datum.approve:"], kinds);
        var file = await new SchemeStore(db).AssembleAsync(world.OrganizationId, EntryWorld.Period);
        Assert.Equal("""{"T1":{"revenue":{"value":12.6,"target":12}}}""", file!["data"]!.ToJsonString());
    }

    [Fact]
    public async Task Returning_without_a_reason_is_refused()
    {
        using var world = await EntryWorld.CreateAsync();
        await EntryWorld.Put(await world.Api("rep-t1"), "T1", "land", "420", 0, true);
        var api = await world.Api("admin");

        var response = await api.PostAsync($"{EntryWorld.DataUrl}/T1/land/review", System.Net.Http.Json.JsonContent.Create(new { approve = false, reason = " ", version = 1 }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("退回原因", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_save_against_an_older_version_is_a_conflict_showing_the_newer_value_and_its_author(string provider)
    {
        using var world = await EntryWorld.CreateAsync(provider);
        Assert.Equal(HttpStatusCode.OK, (await EntryWorld.Put(await world.Api("admin"), "T1", "land", "420", 0, false)).StatusCode);
        var api = await world.Api("rep-t1");

        var response = await EntryWorld.Put(api, "T1", "land", "999", 0, false);
        var browser = await world.Browser("rep-t1");
        var page = await EntryWorld.PostForm(browser, EntryWorld.EntryUrl, "Save", [F("unit", "T1"), F("indicator", "land"), F("version", "0"), F("submit", "false"), F("value", "999")]);
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await EntryWorld.Json(response);
        Assert.Equal("admin", problem.GetProperty("current").GetProperty("updatedBy").GetString());
        Assert.Equal(420, problem.GetProperty("current").GetProperty("value").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, page.StatusCode);
        Assert.Contains("该数据已被 考核办管理员 于", html);
        Assert.Contains("当前值为：数值 420", html);
        await using var db = world.Db();
        Assert.Equal("420", (await db.DatumEntries.SingleAsync()).Value);
    }

    /// <summary>
    /// A save reads its row once, in the save box under the lock; a refused input reads it too, so that what the row
    /// refuses is said first either way: an invalid value from an older version is a conflict, as a valid one is.
    /// </summary>
    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task What_the_row_refuses_is_said_before_what_the_input_lacks(string provider)
    {
        using var world = await EntryWorld.CreateAsync(provider);
        var api = await world.Api("rep-t1");
        Assert.Equal(HttpStatusCode.OK, (await EntryWorld.Put(api, "T1", "revenue", """{"value": 12.6, "target": 11}""", 0, false)).StatusCode);

        var staleInvalid = await EntryWorld.Put(api, "T1", "revenue", """{"value": 12.6, "target": 0}""", 0, false);
        var staleValid = await EntryWorld.Put(api, "T1", "revenue", """{"value": 13, "target": 11}""", 0, false);
        var invalid = await EntryWorld.Put(api, "T1", "revenue", """{"value": 12.6, "target": 0}""", 1, false);
        var noValue = await EntryWorld.Put(api, "T1", "revenue", "null", 1, true);
        var submitted = await EntryWorld.Put(api, "T1", "revenue", """{"value": 14, "target": 11}""", 1, true);
        var overReview = await EntryWorld.Put(api, "T1", "revenue", """{"value": 12.6, "target": 0}""", 2, false);

        Assert.Equal(
            [HttpStatusCode.Conflict, HttpStatusCode.Conflict, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.OK, HttpStatusCode.Conflict],
            new[] { staleInvalid, staleValid, invalid, noValue, submitted, overReview }.Select(r => r.StatusCode));
        foreach (var conflict in new[] { staleInvalid, staleValid })
        {
            var current = (await EntryWorld.Json(conflict)).GetProperty("current");
            Assert.Equal((1, "rep-t1"), (current.GetProperty("version").GetInt32(), current.GetProperty("updatedBy").GetString()));
        }
        Assert.Equal("目标值应大于 0", (await EntryWorld.Json(invalid)).GetProperty("errors").GetProperty("$.data.T1.revenue.target")[0].GetString());
        Assert.Contains("该数据已提交，等待审核", await overReview.Content.ReadAsStringAsync());
        await using var db = world.Db();
        var row = await db.DatumEntries.SingleAsync();
        Assert.Equal((2, DatumState.Submitted), (row.Version, row.State));
        Assert.Equal(["datum.save", "datum.submit"], await db.AuditEntries.Where(a => a.Entity == "datum").OrderBy(a => a.Seq).Select(a => a.Kind).ToListAsync());
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task An_invalid_value_is_refused_with_a_message_naming_the_field(string provider)
    {
        using var world = await EntryWorld.CreateAsync(provider);
        var api = await world.Api("rep-t1");

        var response = await EntryWorld.Put(api, "T1", "revenue", """{"value": 12.6, "target": 0}""", 0, true);
        var browser = await world.Browser("rep-t1");
        var page = await EntryWorld.PostForm(browser, EntryWorld.EntryUrl, "Save", [F("unit", "T1"), F("indicator", "revenue"), F("version", "0"), F("submit", "true"), F("value", "12.6"), F("target", "0")], htmx: true);
        var notNumber = await EntryWorld.PostForm(browser, EntryWorld.EntryUrl, "Save", [F("unit", "T1"), F("indicator", "revenue"), F("version", "0"), F("submit", "true"), F("value", "十二"), F("target", "11")], htmx: true);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await EntryWorld.Json(response)).GetProperty("errors");
        Assert.Equal("目标值应大于 0", errors.GetProperty("$.data.T1.revenue.target")[0].GetString());
        var card = await page.Content.ReadAsStringAsync();
        Assert.Contains("「目标值」目标值应大于 0", card);
        // Beside its target the value is labelled as what was achieved, as the datum's description calls it.
        Assert.Matches(@"<label class=""form-label small mb-0"" for=""value-[^""]+"">完成值</label>", card);
        Assert.Contains("「完成值」必须是数字", await notNumber.Content.ReadAsStringAsync());
        await using var db = world.Db();
        Assert.Equal(0, await db.DatumEntries.CountAsync());
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task After_the_deadline_a_reporter_is_refused_and_the_admin_is_not(string provider)
    {
        using var world = await EntryWorld.CreateAsync(provider);
        var admin = await world.Browser("admin");
        var set = await EntryWorld.PostForm(admin, EntryWorld.MatrixUrl, "Deadline", [F("deadline", "2026-10-08T17:30")]);
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);

        var api = await EntryWorld.Put(await world.Api("rep-t1"), "T1", "land", "420", 0, true);
        var browser = await world.Browser("rep-t1");
        var page = await EntryWorld.PostForm(browser, EntryWorld.EntryUrl, "Save", [F("unit", "T1"), F("indicator", "land"), F("version", "0"), F("submit", "true"), F("value", "420")]);
        var entryPage = await browser.GetStringAsync(EntryWorld.EntryUrl);
        var byAdmin = await EntryWorld.Put(await world.Api("admin"), "T1", "land", "420", 0, true);

        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Contains("截止", await api.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Contains("本期填报已于 2026-10-08 17:30 北京时间 截止", await page.Content.ReadAsStringAsync());
        Assert.Contains("填报截止：2026-10-08 17:30 北京时间", entryPage);
        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        await using var db = world.Db();
        Assert.Equal(new DateTimeOffset(2026, 10, 8, 9, 30, 0, TimeSpan.Zero), (await db.PeriodSettings.SingleAsync()).Deadline);
        Assert.Equal("admin", (await db.DatumEntries.SingleAsync()).UpdatedBy);
    }

    [Fact]
    public async Task Submit_all_drafts_submits_only_the_actors_own_drafts()
    {
        using var world = await EntryWorld.CreateAsync();
        var t1 = await world.Api("rep-t1");
        await EntryWorld.Put(t1, "T1", "land", "420", 0, false);
        await EntryWorld.Put(t1, "T1", "projects", "6", 0, false);
        await EntryWorld.Put(await world.Api("rep-t2"), "T2", "land", "310", 0, false);
        var browser = await world.Browser("rep-t1");

        var response = await EntryWorld.PostForm(browser, EntryWorld.EntryUrl, "SubmitAll", []);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("已提交 2 项草稿", await browser.GetStringAsync(response.Headers.Location!.ToString()));
        await using var db = world.Db();
        var states = (await db.DatumEntries.ToListAsync()).Select(d => d.UnitCode + "/" + d.IndicatorId + ":" + d.State).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["T1/land:Submitted", "T1/projects:Submitted", "T2/land:Draft"], states);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Matrix_counts_each_state_exactly(string provider)
    {
        using var world = await EntryWorld.CreateAsync(provider);
        var admin = await world.Api("admin");
        await EntryWorld.Put(admin, "T1", "land", "420", 0, true);
        await admin.PostAsync($"{EntryWorld.DataUrl}/T1/land/review", System.Net.Http.Json.JsonContent.Create(new { approve = true, version = 1 }));
        await EntryWorld.Put(admin, "T1", "projects", "6", 0, true);
        await EntryWorld.Put(admin, "T2", "projects", "4", 0, false);
        await EntryWorld.Put(admin, "T3", "projects", "6", 0, true);
        await admin.PostAsync($"{EntryWorld.DataUrl}/T3/projects/review", System.Net.Http.Json.JsonContent.Create(new { approve = false, reason = "核实", version = 1 }));
        await EntryWorld.Put(admin, "D1", "duty", "96", 0, false);
        var leader = await world.Browser("leader");

        var all = await leader.GetStringAsync(EntryWorld.MatrixUrl);
        var towns = await leader.GetStringAsync(EntryWorld.MatrixUrl + "?category=towns");
        var reporter = await (await world.Browser("rep-t1")).GetAsync(EntryWorld.MatrixUrl);

        // 5 towns × 7 + 4 departments × 4 + 4 teams × 3 = 63 data expected.
        Assert.Equal([58, 2, 1, 1, 1], Counts(all));
        Assert.Equal([31, 1, 1, 1, 1], Counts(towns));
        Assert.Contains("data-total=\"63\"", all);
        Assert.Contains("data-total=\"35\"", towns);
        Assert.DoesNotContain("id=\"matrix-depts\"", towns);
        Assert.Equal(HttpStatusCode.Forbidden, reporter.StatusCode);
    }

    private static int[] Counts(string html) =>
        new[] { "missing", "draft", "submitted", "approved", "returned" }.Select(s => int.Parse(System.Text.RegularExpressions.Regex.Match(html, $"id=\"count-{s}\">(\\d+)<").Groups[1].Value)).ToArray();

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Preview_ranks_units_as_the_engine_does_for_the_same_data(string provider)
    {
        using var world = await EntryWorld.CreateAsync(provider);
        var admin = await world.Api("admin");
        foreach (var (unit, values) in world.Example["data"]!.AsObject())
        {
            foreach (var (indicator, value) in values!.AsObject())
            {
                var response = await EntryWorld.Put(admin, unit, indicator, value!.ToJsonString(), 0, submit: unit.StartsWith('T'));
                Assert.True(response.IsSuccessStatusCode, $"{unit}/{indicator}: {await response.Content.ReadAsStringAsync()}");
            }
        }
        var expected = Pacesetter.Scoring.Engine.Scorer.Score(Pacesetter.Scoring.Schemes.SchemeReader.Read(world.Example.ToJsonString()).Require());

        var html = await (await world.Browser("leader")).GetStringAsync(EntryWorld.PreviewUrl);
        var explained = await (await world.Browser("leader")).GetStringAsync(EntryWorld.PreviewUrl + "?explain=T2");

        Assert.Contains("id=\"preview-banner\"", html);
        foreach (var cat in expected.Categories)
        {
            foreach (var u in cat.Results)
            {
                Assert.Contains($"data-unit=\"{u.Unit}\" data-rank=\"{u.Rank}\" data-composite=\"{Pacesetter.Scoring.Numbers.Show(u.Composite)}\"", html);
            }
        }
        var order = System.Text.RegularExpressions.Regex.Matches(html, "<tr data-unit=\"(T\\d)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(expected.Categories[0].Results.Select(r => r.Unit), order);
        Assert.Contains("城西街道 (T2)", explained);
    }

    [Fact]
    public async Task Preview_lists_the_problems_of_an_invalid_file_with_their_paths()
    {
        using var world = await EntryWorld.CreateAsync();
        await EntryWorld.Put(await world.Api("admin"), "T1", "land", "420", 0, false);
        // The scheme changes under the data: land becomes a grade, so the stored number no longer fits.
        var doc = world.Example.DeepClone().AsObject();
        doc.Remove("data");
        doc["categories"]![0]!["indicators"]![3]!["method"] = JsonNode.Parse("""{"type": "grade", "grades": {"优": 1}}""");
        await world.App.SaveScheme(world.OrganizationId, EntryWorld.Period, doc, expectedVersion: 1);

        var html = await (await world.Browser("admin")).GetStringAsync(EntryWorld.PreviewUrl);

        Assert.Contains("<code>$.data.T1.land</code>", html);
    }

    [Fact]
    public async Task Entry_page_shows_the_right_inputs_for_each_method()
    {
        using var world = await EntryWorld.CreateAsync();
        var admin = await world.Browser("admin");

        var towns = await admin.GetStringAsync(EntryWorld.EntryUrl + "?unit=T1");
        var depts = await admin.GetStringAsync(EntryWorld.EntryUrl + "?unit=D1");

        Assert.Contains("id=\"target-T1--revenue\"", towns);
        Assert.Contains("id=\"previous-T1--industry\"", towns);
        Assert.DoesNotContain("id=\"target-T1--projects\"", towns);
        Assert.Contains("id=\"level-T1--honors-0\"", towns);
        Assert.Contains("id=\"count-yellow-T1--cards\"", towns);
        Assert.Contains("<option value=\"良\">良</option>", depts);
        Assert.Contains("id=\"count-D1--complaints\"", depts);
    }
}
