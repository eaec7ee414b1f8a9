using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Supervision.Model;

namespace Pacesetter.Web.Tests.Supervision.Cards;

/// <summary>
/// The card rules through the web application against <c>pacesetter cards</c> on the same file (issue #10 §1, ADR 0028):
/// <c>PUT tasks</c> then <c>GET cards</c> answers exactly what the command prints, on both databases.
/// </summary>
public class CardsAgainstTheCommandTests
{
    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_example_file_reads_the_same_through_the_application(string provider)
    {
        await using var world = await CardsWorld.CreateAsync(provider);
        var file = File.ReadAllBytes(CardsWorld.ExamplePath);
        var put = await CardsWorld.PutTasks(world.Admin, file);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var answer = JsonNode.Parse(await put.Content.ReadAsStringAsync())!;
        Assert.Equal(4, (int)answer["created"]!);
        Assert.Equal(0, (int)answer["updated"]!);
        Assert.True((bool)answer["rules"]!);
        CardsWorld.AssertSame(CardsWorld.Command(file, "2026-10-31"), await world.CardsAsync("2026-10-31"));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_scenario_file_reads_the_same_at_every_date(string provider)
    {
        await using var world = await CardsWorld.CreateAsync(provider);
        var file = CardsWorld.History();
        var put = await CardsWorld.PutTasks(world.Admin, file);
        Assert.Equal("""{"created":6,"updated":0,"reports":6,"rules":false}""", await put.Content.ReadAsStringAsync());
        foreach (var date in new[] { "2026-02-27", "2026-02-28", "2026-03-31", "2026-04-30", "2026-06-30" })
        {
            CardsWorld.AssertSame(CardsWorld.Command(file, date), await world.CardsAsync(date));
        }
        // plan.md §3, checked by hand: the tasks at 2026-06-30.
        var tasks = JsonDocument.Parse(await world.CardsAsync("2026-06-30")).RootElement.GetProperty("tasks");
        static string Raw(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText();
        string Line(int i) => string.Join(" ", new[] { "id", "status", "reason", "expected", "actual", "lag" }.Select(f => Raw(tasks[i].GetProperty(f))));
        Assert.Equal(["A green null 49.5 45 4.5", "B red overdue 100.0 70 30.0", "C red not-started 47.4 0 47.4", "D red not-started 44.9 0 44.9", "E done null 100.0 100 0.0", "F pending null null 0 null"],
            Enumerable.Range(0, 6).Select(Line).ToArray());
        Assert.Equal("""[{"date":"2026-06-30","status":"pending","reason":null}]""", tasks[5].GetProperty("history").GetRawText().Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal));
        // D at 2026-02-27 is green (m = 0), at 02-28 yellow not-started: the 31st edge.
        var feb27 = JsonDocument.Parse(await world.CardsAsync("2026-02-27")).RootElement.GetProperty("tasks")[3];
        Assert.Equal("green", feb27.GetProperty("status").GetString());
        var feb28 = JsonDocument.Parse(await world.CardsAsync("2026-02-28")).RootElement.GetProperty("tasks")[3];
        Assert.Equal("yellow", feb28.GetProperty("status").GetString());
        Assert.Equal("not-started", feb28.GetProperty("reason").GetString());
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Rules_changed_through_the_API_read_as_the_command_reads_them_in_the_file(string provider)
    {
        await using var world = await CardsWorld.CreateAsync(provider);
        await world.ImportAsync(CardsWorld.History());
        foreach (var (escalateAfter, task, date, status, reason) in new[] { (1, 0, "2026-03-31", "red", "escalated"), (3, 0, "2026-04-30", "yellow", "lag") })
        {
            var get = await world.Admin.GetAsync(CardsWorld.Api("rules"));
            var etag = get.Headers.ETag!.Tag;
            var request = new HttpRequestMessage(HttpMethod.Put, CardsWorld.Api("rules")) { Content = new StringContent($$"""{"escalateAfter":{{escalateAfter}}}""", System.Text.Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("If-Match", etag);
            var put = await world.Admin.SendAsync(request);
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
            var file = JsonNode.Parse(CardsWorld.History())!.AsObject();
            file["rules"] = new JsonObject { ["escalateAfter"] = escalateAfter };
            var web = await world.CardsAsync("2026-04-30");
            CardsWorld.AssertSame(CardsWorld.Command(CardsWorld.Utf8(file.ToJsonString()), "2026-04-30"), web);
            var point = JsonDocument.Parse(web).RootElement.GetProperty("tasks")[task].GetProperty("history").EnumerateArray().Single(p => p.GetProperty("date").GetString() == date);
            Assert.Equal(status, point.GetProperty("status").GetString());
            Assert.Equal(reason, point.GetProperty("reason").GetString());
        }
        // escalateAfter 1: C's February point is red escalated too.
        await using var db = world.App.NewDb();
        Assert.Equal(3, (await db.CardSettings.SingleAsync(s => s.OrganizationId == world.OrganizationId)).EscalateAfter);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_file_with_problems_is_refused_whole_with_every_path(string provider)
    {
        await using var world = await CardsWorld.CreateAsync(provider);
        await using var db = world.App.NewDb();
        var head = await App.Audit.AuditLog.HeadAsync(db, world.OrganizationId, default);

        // The engine's problems first, with its paths and words.
        var engine = await CardsWorld.PutTasks(world.Admin, CardsWorld.Utf8("""
            {"tasks":[{"id":"A","name":"甲","unit":"T1","start":"2026-01-01","due":"2025-12-31","progress":[{"date":"2026-01-31","percent":120}]},
                      {"id":"A","name":"乙","unit":"T1","start":"2026-1-1","due":"2026-12-31"}]}
            """));
        Assert.Equal(HttpStatusCode.BadRequest, engine.StatusCode);
        Assert.Equal(["$.tasks[0].due", "$.tasks[0].progress[0].percent", "$.tasks[1].start", "$.tasks[1].id"], Paths(await engine.Content.ReadAsStringAsync()));

        // Then the organization's: ids, units (unknown, retired), a report before the start — all at once.
        var app = await CardsWorld.PutTasks(world.Admin, CardsWorld.Utf8("""
            {"tasks":[{"id":"A B","name":"甲","unit":"T1","start":"2026-01-01","due":"2026-12-31","progress":[]},
                      {"id":"B","name":"乙","unit":"T7","start":"2026-01-01","due":"2026-12-31","progress":[]},
                      {"id":"C","name":"丙","unit":"T9","start":"2026-01-01","due":"2026-12-31","progress":[]},
                      {"id":"F","name":"文化广场","unit":"T3","start":"2026-07-01","due":"2026-12-31","progress":[{"date":"2026-06-20","percent":5}]}]}
            """));
        Assert.Equal(HttpStatusCode.BadRequest, app.StatusCode);
        var body = await app.Content.ReadAsStringAsync();
        Assert.Equal(["$.tasks[0].id", "$.tasks[1].unit", "$.tasks[2].unit", "$.tasks[3].progress[0].date"], Paths(body));
        Assert.Contains("must not be before the start 2026-07-01", body, StringComparison.Ordinal);
        var messages = JsonDocument.Parse(body).RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("message").GetString()).ToArray();
        Assert.Equal("unknown unit \"T7\"", messages[1]);
        Assert.Equal("unit \"T9\" is retired", messages[2]);

        Assert.Equal(0, await db.Matters.CountAsync());
        Assert.Equal(0, await db.MatterReports.CountAsync());
        Assert.Equal(head, await App.Audit.AuditLog.HeadAsync(db, world.OrganizationId, default));

        // Only the office imports.
        Assert.Equal(HttpStatusCode.Forbidden, (await CardsWorld.PutTasks(world.Leader, CardsWorld.History())).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_second_import_updates_by_id_and_keeps_the_reports_made_in_the_application(string provider)
    {
        await using var world = await CardsWorld.CreateAsync(provider);
        await world.ImportAsync(CardsWorld.History());
        await using (var db = world.App.NewDb())
        {
            var a = await db.Matters.SingleAsync(m => m.Code == "A");
            db.MatterReports.Add(new MatterReport { OrganizationId = world.OrganizationId, MatterId = a.Id, Date = new DateOnly(2026, 6, 10), Percent = 50, Source = ReportSource.Web, ReportedBy = "reporter", ReportedAt = CardsWorld.Now });
            await db.SaveChangesAsync();
        }
        var file = JsonNode.Parse(CardsWorld.History())!.AsObject();
        var tasks = file["tasks"]!.AsArray();
        tasks[0]!["name"] = "道路改造（二期）";
        tasks[0]!["progress"] = new JsonArray(new JsonObject { ["date"] = "2026-01-20", ["percent"] = 15 });
        tasks.Add(new JsonObject { ["id"] = "G", ["name"] = "新增任务", ["unit"] = "T1", ["start"] = "2026-05-01", ["due"] = "2026-10-31", ["progress"] = new JsonArray() });
        var put = await CardsWorld.PutTasks(world.Admin, CardsWorld.Utf8(file.ToJsonString()));
        Assert.Equal("""{"created":1,"updated":6,"reports":4,"rules":false}""", await put.Content.ReadAsStringAsync());
        await using (var db = world.App.NewDb())
        {
            var a = await db.Matters.SingleAsync(m => m.Code == "A");
            Assert.Equal("道路改造（二期）", a.Name);
            Assert.Equal(MatterState.InProgress, a.State);
            var reports = await db.MatterReports.Where(r => r.MatterId == a.Id).OrderBy(r => r.Id).Select(r => new { r.Date, r.Percent, r.Source }).ToListAsync();
            Assert.Equal([(new DateOnly(2026, 6, 10), 50m, ReportSource.Web), (new DateOnly(2026, 1, 20), 15m, ReportSource.Import)], reports.Select(r => (r.Date, r.Percent, r.Source)).ToArray());
            Assert.Equal(7, await db.Matters.CountAsync());
            Assert.Equal(7, await db.MatterSteps.CountAsync(s => s.Kind == StepKind.Import));
            Assert.Equal(13, await db.AuditEntries.CountAsync(e => e.Kind == "matter.import"));
            Assert.Equal(7, (await db.Matters.SingleAsync(m => m.Code == "G")).Position);
        }
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_exported_tasks_file_reads_the_same_in_the_command(string provider)
    {
        await using var world = await CardsWorld.CreateAsync(provider);
        await world.ImportAsync(CardsWorld.History());
        var get = await world.Leader.GetAsync(CardsWorld.Api("tasks"));
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        var exported = await get.Content.ReadAsByteArrayAsync();
        var names = JsonNode.Parse(exported)!["tasks"]!.AsArray().Select(t => (string)t!["id"]!).ToArray();
        Assert.Equal(["A", "B", "C", "D", "E", "F"], names);
        CardsWorld.AssertSame(CardsWorld.Command(exported, "2026-06-30"), await world.CardsAsync("2026-06-30"));
        CardsWorld.AssertSame(CardsWorld.Command(CardsWorld.History(), "2026-06-30"), CardsWorld.Command(exported, "2026-06-30"));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_bad_asOf_is_refused_naming_it_and_the_default_is_today_in_Beijing(string provider)
    {
        await using var world = await CardsWorld.CreateAsync(provider);
        await world.ImportAsync(CardsWorld.History());
        var bad = await world.Admin.GetAsync(CardsWorld.Api("cards?asOf=2026-02-30"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("\"asOf\"", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var today = await world.Admin.GetAsync(CardsWorld.Api("cards"));
        Assert.Equal("2026-12-02", JsonDocument.Parse(await today.Content.ReadAsStringAsync()).RootElement.GetProperty("asOf").GetString());
    }

    private static string[] Paths(string problem) =>
        JsonDocument.Parse(problem).RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("path").GetString()!).ToArray();
}
