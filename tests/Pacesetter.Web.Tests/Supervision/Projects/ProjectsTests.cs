using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Pacesetter.App.Supervision.Model;
using Pacesetter.Web.Tests.Schemes;
using Pacesetter.Web.Tests.Supervision.Projects.Race;

namespace Pacesetter.Web.Tests.Supervision.Projects;

/// <summary>
/// 重大项目 through the API (ADR 0031) on SQLite and PostgreSQL: the five projects of plan §3 with their dated stages,
/// the figures of 2026-Q2 exactly, stage order and the dropped reason, milestone matters of a started project, a
/// reporter's view, and a project figure as a scheme indicator's datum entered by the system.
/// </summary>
public class ProjectsTests
{
    private static string Url(string rest = "") => $"/api/orgs/{FeedWorld.Org}/supervision/projects{rest}";

    private static async Task<JsonElement> Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode} {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    private static string Paths(JsonElement problem) => string.Join(",", problem.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("path").GetString()));

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Plan_projects_give_the_second_quarter_figures(string provider)
    {
        // 2026-07-01 10:00 Beijing: every stage date of §3 is in the past.
        await using var world = await FeedWorld.CreateAsync(provider, new FakeTimeProvider(new DateTimeOffset(2026, 7, 1, 2, 0, 0, TimeSpan.Zero)));
        var api = await world.Api();
        async Task Create(object body) => await Expect(await api.PostAsJsonAsync(Url(), body), HttpStatusCode.Created);
        async Task<JsonElement> Stage(string project, object body, HttpStatusCode status = HttpStatusCode.Created) =>
            await Expect(await api.PostAsJsonAsync(Url($"/{project}/stages"), body), status);

        await Create(new { id = "P1", name = "智能制造产业园", investment = 120, unit = "T1", stage = "signed", stageOn = "2026-02-10" });
        var p1 = await Stage("P1", new { stage = "started", on = "2026-04-15", milestones = new[] { new { name = "主体结构封顶", due = "2026-10-31" }, new { name = "竣工验收", due = "2026-12-31" } } });
        await Create(new { id = "P2", name = "冷链物流中心", investment = 8, unit = "T1", stage = "signed", stageOn = "2026-01-20" });
        await Create(new { id = "P3", name = "新能源电池项目", investment = 55, unit = "T2", stage = "signed", stageOn = "2026-03-05" });
        await Stage("P3", new { stage = "started", on = "2026-05-20" });
        await Stage("P3", new { stage = "completed", on = "2026-06-28" });
        await Create(new { id = "P4", name = "乡村民宿", investment = 0.5, unit = "T2", stageOn = "2026-01-10" });
        var p4 = await Stage("P4", new { stage = "dropped", on = "2026-04-01", reason = "投资方撤资" });
        await Create(new { id = "P5", name = "污水处理厂扩建", investment = 12, unit = "T2", stage = "started", stageOn = "2025-11-01" });

        Assert.Equal("started", p1.GetProperty("stage").GetString());
        Assert.Equal(["P1-M1", "P1-M2"], p1.GetProperty("milestones").EnumerateArray().Select(m => m.GetString()!));
        Assert.Equal(["-signed 2026-02-10", "signed-started 2026-04-15"], p1.GetProperty("stages").EnumerateArray()
            .Select(s => $"{s.GetProperty("from").GetString()}-{s.GetProperty("to").GetString()} {s.GetProperty("on").GetString()}"));
        Assert.Equal(("dropped", "投资方撤资"), (p4.GetProperty("stage").GetString(), p4.GetProperty("droppedReason").GetString()));

        var figures = await world.GetJsonAsync(Url("/figures?period=2026-Q2"));
        SchemeTestSupport.AssertSameJson(JsonDocument.Parse("""
            {"period":"2026-Q2",
             "organization":{"projects":4,"investment":195,"sizes":{"1":4,"10":3,"50":2,"100":1},"conversion":{"signed":3,"started":2,"rate":66.7},"completion":{"started":3,"completed":1,"rate":33.3}},
             "units":[
              {"unit":"T1","name":"城关镇","projects":2,"investment":128,"sizes":{"1":2,"10":1,"50":1,"100":1},"conversion":{"signed":2,"started":1,"rate":50.0},"completion":{"started":1,"completed":0,"rate":0.0}},
              {"unit":"T2","name":"河西镇","projects":2,"investment":67,"sizes":{"1":2,"10":2,"50":1,"100":0},"conversion":{"signed":1,"started":1,"rate":100.0},"completion":{"started":2,"completed":1,"rate":50.0}}]}
            """).RootElement, figures);

        // The milestones are supervised matters of T1, 下发 from the start date, with their project.
        await using (var db = world.App.NewDb())
        {
            var project = await db.Projects.SingleAsync(p => p.Code == "P1");
            var milestones = await db.Matters.Where(m => m.ProjectId == project.Id).OrderBy(m => m.Code).ToListAsync();
            Assert.Equal([("P1-M1", "主体结构封顶", "T1", MatterKind.ProjectMilestone, MatterState.Assigned, new DateOnly(2026, 4, 15), new DateOnly(2026, 10, 31)),
                ("P1-M2", "竣工验收", "T1", MatterKind.ProjectMilestone, MatterState.Assigned, new DateOnly(2026, 4, 15), new DateOnly(2026, 12, 31))],
                milestones.Select(m => (m.Code, m.Name, m.UnitCode, m.Kind, m.State, m.Start, m.Due)));
        }
        Assert.Equal(5, (await world.AuditAsync("project.save")).Count);
        Assert.Equal(4, (await world.AuditAsync("project.stage")).Count);
        Assert.Equal(2, (await world.AuditAsync("project.milestone")).Count);

        // The milestones are matters under supervision.md §1: the month-end evaluation gives them cards. Both start on
        // 2026-04-15 without a report: 04-30 is less than a month after the start and 100 × 15/199 = 7.5 (M1) or
        // 100 × 15/260 = 5.8 (M2) points of lag, green; 05-31 one whole month not started, yellow; 06-30 two months,
        // yellow by the rules after a yellow, escalated to red (escalateAfter 2).
        await Expect(await api.PostAsJsonAsync($"/api/orgs/{FeedWorld.Org}/supervision/evaluations", new { asOf = "2026-06-30" }), HttpStatusCode.OK);
        async Task<string[]> Issued(string month) => (await Expect(await api.GetAsync($"/api/orgs/{FeedWorld.Org}/supervision/issued?month={month}"), HttpStatusCode.OK))
            .EnumerateArray().Select(c => $"{c.GetProperty("task").GetString()} {c.GetProperty("unit").GetString()} {c.GetProperty("type").GetString()} {c.GetProperty("reason").GetString()}")
            .Where(c => c.StartsWith("P1-", StringComparison.Ordinal)).ToArray(); // the world's own matters get theirs too
        Assert.Empty(await Issued("2026-04"));
        Assert.Equal(["P1-M1 T1 yellow not-started", "P1-M2 T1 yellow not-started"], await Issued("2026-05"));
        Assert.Equal(["P1-M1 T1 red escalated", "P1-M2 T1 red escalated"], await Issued("2026-06"));

        // A reporter reads its unit's projects, not the figures.
        var reporter = await world.Api("rep-t1");
        var listed = await Expect(await reporter.GetAsync(Url()), HttpStatusCode.OK);
        Assert.Equal(["P1", "P2"], listed.EnumerateArray().Select(p => p.GetProperty("id").GetString()!));
        await Expect(await reporter.GetAsync(Url("/P3")), HttpStatusCode.NotFound);
        await Expect(await reporter.GetAsync(Url("/figures?period=2026-Q2")), HttpStatusCode.Forbidden);
        await Expect(await reporter.PostAsJsonAsync(Url("/P1/stages"), new { stage = "completed" }), HttpStatusCode.Forbidden);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_stage_never_goes_back_and_dropping_needs_a_reason(string provider)
    {
        await using var world = await FeedWorld.CreateAsync(provider, new FakeTimeProvider(new DateTimeOffset(2026, 7, 1, 2, 0, 0, TimeSpan.Zero)));
        var api = await world.Api();
        await Expect(await api.PostAsJsonAsync(Url(), new { id = "P1", name = "智能制造产业园", investment = 120, unit = "T1", stage = "started", stageOn = "2026-04-15" }), HttpStatusCode.Created);
        int audits = (await world.AuditAsync("project.stage")).Count;

        var back = await Expect(await api.PostAsJsonAsync(Url("/P1/stages"), new { stage = "signed", on = "2026-05-01" }), HttpStatusCode.Conflict);
        Assert.Equal("$.stage", back.GetProperty("problems")[0].GetProperty("path").GetString());
        var same = await Expect(await api.PostAsJsonAsync(Url("/P1/stages"), new { stage = "started", on = "2026-05-01" }), HttpStatusCode.Conflict);
        Assert.Equal("$.stage", Paths(same));
        var noReason = await Expect(await api.PostAsJsonAsync(Url("/P1/stages"), new { stage = "dropped", on = "2026-05-01" }), HttpStatusCode.BadRequest);
        Assert.Equal("$.reason", Paths(noReason));
        var early = await Expect(await api.PostAsJsonAsync(Url("/P1/stages"), new { stage = "completed", on = "2026-04-14" }), HttpStatusCode.BadRequest);
        Assert.Equal("$.on", Paths(early));
        var future = await Expect(await api.PostAsJsonAsync(Url("/P1/stages"), new { stage = "completed", on = "2026-07-02" }), HttpStatusCode.BadRequest);
        Assert.Equal("$.on", Paths(future));
        var unknown = await Expect(await api.PostAsJsonAsync(Url("/P1/stages"), new { stage = "paused" }), HttpStatusCode.BadRequest);
        Assert.Equal("$.stage", Paths(unknown));
        Assert.Equal(audits, (await world.AuditAsync("project.stage")).Count);

        // 终止 from a started project, with its reason; then nothing changes any more.
        var dropped = await Expect(await api.PostAsJsonAsync(Url("/P1/stages"), new { stage = "dropped", on = "2026-06-01", reason = "规划调整" }), HttpStatusCode.Created);
        Assert.Equal(("dropped", "2026-06-01", "规划调整"), (dropped.GetProperty("stage").GetString(), dropped.GetProperty("stageOn").GetString(), dropped.GetProperty("droppedReason").GetString()));
        await Expect(await api.PostAsJsonAsync(Url("/P1/stages"), new { stage = "completed", on = "2026-06-02" }), HttpStatusCode.Conflict);

        // Create: an existing id is 409; bad fields are named; PUT updates by id (the stage stays the stages' business).
        await Expect(await api.PostAsJsonAsync(Url(), new { id = "P1", name = "重复", investment = 1, unit = "T1" }), HttpStatusCode.Conflict);
        var bad = await Expect(await api.PostAsJsonAsync(Url(), new { id = "P 2", name = "", investment = -1, unit = "T9" }), HttpStatusCode.BadRequest);
        Assert.Equal("$.id,$.name,$.investment,$.unit", Paths(bad));
        var put = await Expect(await api.PutAsJsonAsync(Url("/P1"), new { name = "智能制造产业园（一期）", investment = 60.5, unit = "T1", version = 2 }), HttpStatusCode.OK);
        Assert.Equal((60.5m, 3), (put.GetProperty("investment").GetDecimal(), put.GetProperty("version").GetInt32()));
        await Expect(await api.PutAsJsonAsync(Url("/P1"), new { name = "旧版本", investment = 1, unit = "T1", version = 2 }), HttpStatusCode.Conflict);
        var milestonesTooEarly = await Expect(await api.PutAsJsonAsync(Url("/P9"), new { name = "在谈项目", investment = 3, unit = "T2", milestones = new[] { new { name = "开工", due = "2026-09-30" } } }), HttpStatusCode.BadRequest);
        Assert.Equal("$.milestones", Paths(milestonesTooEarly));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_project_figure_is_an_indicator_datum_entered_by_the_system(string provider)
    {
        await using var world = await FeedWorld.CreateAsync(provider, new FakeTimeProvider(new DateTimeOffset(2026, 7, 1, 2, 0, 0, TimeSpan.Zero)));
        var api = await world.Api();
        await Expect(await api.PostAsJsonAsync(Url(), new { id = "P1", name = "智能制造产业园", investment = 120, unit = "T1", stage = "signed", stageOn = "2026-02-10" }), HttpStatusCode.Created);
        await Expect(await api.PostAsJsonAsync(Url(), new { id = "P2", name = "冷链物流中心", investment = 8, unit = "T1", stage = "signed", stageOn = "2026-01-20" }), HttpStatusCode.Created);
        var scheme = FeedWorld.Scheme("2026-Q2");
        scheme["categories"]![0]!["indicators"]!.AsArray().Add(JsonNode.Parse(
            """{"id": "conv", "name": "项目转化率", "weight": 10, "source": "projects.conversionRate", "method": {"type": "completion", "target": 100}}"""));
        await world.SaveSchemeAsync("2026-Q2", scheme);
        // T1: P1, P2 signed, none started: 0 of 2 = 0; T2, T3: no project, no datum.
        var conv = await world.CardsDataAsync("2026-Q2", "conv");
        Assert.Equal(["T1"], conv.Keys);
        Assert.Equal(0m, decimal.Parse(conv["T1"].Value!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("system:projects", conv["T1"].By);

        // Starting P1 in the quarter refreshes the periods containing the date: 1 of 2 = 50.
        await Expect(await api.PostAsJsonAsync(Url("/P1/stages"), new { stage = "started", on = "2026-04-15" }), HttpStatusCode.Created);
        conv = await world.CardsDataAsync("2026-Q2", "conv");
        Assert.Equal((50m, 2), (decimal.Parse(conv["T1"].Value!, System.Globalization.CultureInfo.InvariantCulture), conv["T1"].Version));
        Assert.Equal(HttpStatusCode.Forbidden, (await api.PutAsJsonAsync($"{FeedWorld.PeriodUrl("2026-Q2")}/data/T1/conv", new { value = 80, version = 2, submit = false })).StatusCode);
    }
}
