using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Publication;
using Pacesetter.App.Supervision.Messages;
using Pacesetter.App.Time;
using static Pacesetter.Web.Tests.Supervision.Matters.MatterWorld;

namespace Pacesetter.Web.Tests.Supervision.Matters;

/// <summary>
/// The workflow of supervision.md §3 through HTTP (ADR 0027): every transition with who, when, why, its deadline and
/// whether it was overdue; out-of-order steps and a return without reason refused; the plan's deadline figures —
/// assigned on Friday 2026-10-30 10:00 Beijing, 签收 is due 2026-11-02T16:00:00Z (00:00 after Monday 2 November).
/// </summary>
public sealed class WorkflowTests
{
    /// <summary>Friday 2026-10-30 10:00 Beijing time.</summary>
    private static readonly DateTimeOffset FridayMorning = new(2026, 10, 30, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Working_days_end_at_midnight_Beijing_after_the_last_one()
    {
        // One working day after Friday 30 October is Monday 2 November: it ends at 00:00 Tuesday Beijing = Monday 16:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 16, 0, 0, TimeSpan.Zero), WorkingDays.EndOfWorkingDays(FridayMorning, 1));
        // Three working days from Tuesday 3 November 09:00 Beijing: Wed 4, Thu 5, Fri 6 → 00:00 Saturday 7 Beijing.
        Assert.Equal(new DateTimeOffset(2026, 11, 6, 16, 0, 0, TimeSpan.Zero), WorkingDays.EndOfWorkingDays(new DateTimeOffset(2026, 11, 3, 1, 0, 0, TimeSpan.Zero), 3));
        // Saturday 31 October 00:30 Beijing (Friday 16:30 UTC) is a Saturday in China: Monday is still the working day.
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 16, 0, 0, TimeSpan.Zero), WorkingDays.EndOfWorkingDays(new DateTimeOffset(2026, 10, 30, 16, 30, 0, TimeSpan.Zero), 1));
        // The end of a due date: 2026-12-31 ends at 00:00 on 1 January Beijing = 2026-12-31T16:00:00Z.
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 16, 0, 0, TimeSpan.Zero), WorkingDays.EndOfDay(new DateOnly(2026, 12, 31)));
        // The notice period uses the same arithmetic (ADR 0019's figures are unchanged).
        Assert.Equal(new DateTimeOffset(2026, 11, 6, 16, 0, 0, TimeSpan.Zero), NoticePeriod.End(new DateTimeOffset(2026, 10, 30, 7, 0, 0, TimeSpan.Zero), 5));
        Assert.Equal(new DateOnly(2026, 10, 31), WorkingDays.ChinaDate(new DateTimeOffset(2026, 10, 30, 16, 0, 0, TimeSpan.Zero)));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_matter_goes_from_draft_to_closed_with_each_step_recorded_and_the_acknowledgement_overdue(string provider)
    {
        await using var world = await MatterWorld.CreateAsync(provider, FridayMorning);

        // 立项 by the office: a draft waiting for a leader's 审核.
        var created = await world.Expect(HttpStatusCode.Created, "admin", "/tasks", new
        {
            id = "M7",
            name = "老旧小区改造",
            kind = "livelihood",
            unit = "T1",
            coUnits = new[] { "D1" },
            leader = "分管领导",
            start = "2026-10-01",
            due = "2026-12-31",
            frequency = "monthly",
            milestones = new[] { new { name = "完成设计", due = "2026-11-15" } },
        });
        Assert.Equal("draft", created.GetProperty("state").GetString());
        Assert.Equal("approve", created.GetProperty("next").GetProperty("step").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("next").GetProperty("deadline").ValueKind);
        Assert.Equal("livelihood", created.GetProperty("kind").GetString());
        Assert.Equal("D1", created.GetProperty("coUnits")[0].GetString());
        Assert.Equal("完成设计", created.GetProperty("milestones")[0].GetProperty("name").GetString());
        // Only the office creates; the id is unique.
        await world.Expect(HttpStatusCode.Forbidden, "leader", "/tasks", new { id = "M8", name = "x", kind = "assigned", unit = "T1", start = "2026-10-01", due = "2026-12-31" });
        var twice = await world.Expect(HttpStatusCode.Conflict, "admin", "/tasks", new { id = "M7", name = "x", kind = "assigned", unit = "T1", start = "2026-10-01", due = "2026-12-31" });
        Assert.Equal("a matter with the id \"M7\" exists already", twice.GetProperty("detail").GetString());

        // Out of order: assign before approval → 409 $.step; a reporter may not approve → 403.
        var early = await world.Expect(HttpStatusCode.Conflict, "admin", "/tasks/M7/steps", new { step = "assign" });
        Assert.Equal(("$.step", "\"assign\" is not possible in state draft: approve first"), Problem(early));
        await world.Expect(HttpStatusCode.Forbidden, "reporter.t1", "/tasks/M7/steps", new { step = "approve" });
        await world.Expect(HttpStatusCode.Forbidden, "admin", "/tasks/M7/steps", new { step = "approve" });
        var approved = await world.Expect(HttpStatusCode.Created, "leader", "/tasks/M7/steps", new { step = "approve" });
        Assert.Equal(("draft", "approved", "leader"), (approved.GetProperty("from").GetString(), approved.GetProperty("to").GetString(), approved.GetProperty("by").GetString()));

        // 下发 on Friday 10:00 Beijing: 签收 within 1 working day = by 00:00 Tuesday Beijing.
        var assigned = await world.Expect(HttpStatusCode.Created, "admin", "/tasks/M7/steps", new { step = "assign" });
        Assert.Equal("2026-10-30T02:00:00Z", assigned.GetProperty("at").GetString());
        Assert.Equal("acknowledge", assigned.GetProperty("next").GetProperty("step").GetString());
        Assert.Equal("2026-11-02T16:00:00Z", assigned.GetProperty("next").GetProperty("deadline").GetString());
        Assert.False(assigned.GetProperty("next").GetProperty("overdue").GetBoolean());
        var told = await world.Get("reporter.t1", "/api/orgs/demo/notifications?unread=true");
        Assert.Equal(1, told.GetProperty("unread").GetInt32());
        Assert.Equal(("assigned", "M7"), (told.GetProperty("items")[0].GetProperty("kind").GetString(), told.GetProperty("items")[0].GetProperty("task").GetString()));

        // Progress before 签收 is refused (409 $.state), nothing stored.
        var before = await world.StoredAsync();
        var notYet = await world.Expect(HttpStatusCode.Conflict, "reporter.t1", "/tasks/M7/progress", new { percent = 10 });
        Assert.Equal("$.state", Problem(notYet).Path);
        Assert.Equal(before, await world.StoredAsync());

        // Tuesday 3 November 09:00 Beijing: the acknowledgement is overdue — on the API and, once, as a notification.
        world.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 3, 1, 0, 0, TimeSpan.Zero));
        var late = await world.Get("admin", "/tasks/M7");
        Assert.True(late.GetProperty("next").GetProperty("overdue").GetBoolean());
        var scanned = await world.With(sp => sp.GetRequiredService<NotificationService>().ScanDeadlinesAsync(CancellationToken.None));
        Assert.Equal(2, scanned); // reporter.t1 and the admin
        Assert.Equal(0, await world.With(sp => sp.GetRequiredService<NotificationService>().ScanDeadlinesAsync(CancellationToken.None)));
        var overdueNotes = (await world.Get("reporter.t1", "/api/orgs/demo/notifications")).GetProperty("items").EnumerateArray().Where(i => i.GetProperty("kind").GetString() == "step-overdue").ToList();
        Assert.Single(overdueNotes);
        Assert.Equal("\"Acknowledge\" of the matter \"老旧小区改造\" is overdue (deadline 2026-11-02 24:00 Beijing time)", overdueNotes[0].GetProperty("text").GetString());

        // 签收 by the unit, late: the step keeps its deadline and says it was overdue; 反馈 is due at the end of the due date.
        var ack = await world.Expect(HttpStatusCode.Created, "reporter.t1", "/tasks/M7/steps", new { step = "acknowledge" });
        Assert.Equal("2026-11-02T16:00:00Z", ack.GetProperty("deadline").GetString());
        Assert.True(ack.GetProperty("overdue").GetBoolean());
        Assert.Equal(("feedback", "2026-12-31T16:00:00Z"), (ack.GetProperty("next").GetProperty("step").GetString(), ack.GetProperty("next").GetProperty("deadline").GetString()));
        Assert.False(ack.GetProperty("next").GetProperty("overdue").GetBoolean());

        // The first report starts the work (办理).
        var report = await world.Expect(HttpStatusCode.Created, "reporter.t1", "/tasks/M7/progress", new { percent = 30, narrative = "已完成设计招标" });
        Assert.Equal(("2026-11-03", "in-progress"), (report.GetProperty("date").GetString(), report.GetProperty("state").GetString()));

        // 复核 before 反馈 → 409 $.step; 反馈 by the unit; 复核 within 3 working days (Wed, Thu, Fri → 00:00 Saturday Beijing).
        var verifyEarly = await world.Expect(HttpStatusCode.Conflict, "admin", "/tasks/M7/steps", new { step = "verify" });
        Assert.Equal(("$.step", "\"verify\" is not possible in state in-progress: feedback first"), Problem(verifyEarly));
        var feedback = await world.Expect(HttpStatusCode.Created, "reporter.t1", "/tasks/M7/steps", new { step = "feedback", reason = "已按期完成" });
        Assert.Equal(("2026-12-31T16:00:00Z", false), (feedback.GetProperty("deadline").GetString(), feedback.GetProperty("overdue").GetBoolean()));
        Assert.Equal(("verify", "2026-11-06T16:00:00Z"), (feedback.GetProperty("next").GetProperty("step").GetString(), feedback.GetProperty("next").GetProperty("deadline").GetString()));
        await world.Expect(HttpStatusCode.Forbidden, "reporter.t1", "/tasks/M7/steps", new { step = "verify" });

        // 退回 needs a reason (400 $.reason, nothing stored); with one it goes back to 办理 and tells the unit.
        before = await world.StoredAsync();
        var bare = await world.Expect(HttpStatusCode.BadRequest, "admin", "/tasks/M7/steps", new { step = "return" });
        Assert.Equal(("$.reason", "a return (退回) needs a reason"), Problem(bare));
        Assert.Equal(before, await world.StoredAsync());
        var returned = await world.Expect(HttpStatusCode.Created, "admin", "/tasks/M7/steps", new { step = "return", reason = "佐证材料不全" });
        Assert.Equal(("reported", "in-progress", "佐证材料不全"), (returned.GetProperty("from").GetString(), returned.GetProperty("to").GetString(), returned.GetProperty("reason").GetString()));
        Assert.Equal("2026-11-06T16:00:00Z", returned.GetProperty("deadline").GetString());
        Assert.Equal(("feedback", "2026-12-31T16:00:00Z"), (returned.GetProperty("next").GetProperty("step").GetString(), returned.GetProperty("next").GetProperty("deadline").GetString()));
        var notes = (await world.Get("reporter.t1", "/api/orgs/demo/notifications?unread=true")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["returned", "step-overdue", "assigned"], notes);

        // Again: 反馈, 复核, 办结; nothing after 办结.
        await world.Expect(HttpStatusCode.Created, "reporter.t1", "/tasks/M7/steps", new { step = "feedback" });
        await world.Expect(HttpStatusCode.Created, "admin", "/tasks/M7/steps", new { step = "verify" });
        await world.Expect(HttpStatusCode.Conflict, "admin", "/tasks/M7/steps", new { step = "verify" });
        var closed = await world.Expect(HttpStatusCode.Created, "admin", "/tasks/M7/steps", new { step = "close" });
        Assert.Equal(JsonValueKind.Null, closed.GetProperty("next").ValueKind);
        var unknown = await world.Expect(HttpStatusCode.BadRequest, "admin", "/tasks/M7/steps", new { step = "reopen" });
        Assert.Equal("$.step", Problem(unknown).Path);

        var full = await world.Get("leader", "/tasks/M7");
        Assert.Equal("closed", full.GetProperty("state").GetString());
        var steps = full.GetProperty("steps").EnumerateArray().Select(s => $"{s.GetProperty("step").GetString()}:{s.GetProperty("by").GetString()}:{s.GetProperty("overdue").GetBoolean()}").ToList();
        Assert.Equal(["create:admin:False", "approve:leader:False", "assign:admin:False", "acknowledge:reporter.t1:True", "start:reporter.t1:False",
            "feedback:reporter.t1:False", "return:admin:False", "feedback:reporter.t1:False", "verify:admin:False", "close:admin:False"], steps);
        Assert.Equal(30m, full.GetProperty("progress")[0].GetProperty("percent").GetDecimal());
        // The live status as of today (2026-11-03): expected 100 × 33/91 = 36.3, actual 30, lag 6.3 → green.
        var live = full.GetProperty("live");
        Assert.Equal(("2026-11-03", "green", 36.3m, 30m, 6.3m), (live.GetProperty("asOf").GetString(), live.GetProperty("status").GetString(),
            live.GetProperty("expected").GetDecimal(), live.GetProperty("actual").GetDecimal(), live.GetProperty("lag").GetDecimal()));

        // Each step is audited under its own kind.
        await using var db = world.App.NewDb();
        var kinds = await db.AuditEntries.Where(e => e.OrganizationId == world.OrganizationId && e.Entity == "matter").OrderBy(e => e.Seq).Select(e => e.Kind).ToListAsync();
        Assert.Equal(["matter.create", "matter.approve", "matter.assign", "matter.acknowledge", "matter.start", "matter.feedback", "matter.return", "matter.feedback", "matter.verify", "matter.close"], kinds);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Bad_progress_is_refused_naming_the_field_and_stores_nothing(string provider)
    {
        // Thursday 2026-06-25 12:00 Beijing.
        await using var world = await MatterWorld.CreateAsync(provider, new DateTimeOffset(2026, 6, 25, 4, 0, 0, TimeSpan.Zero));
        await world.AcknowledgedAsync("A", "T1", "2026-01-01", "2026-12-31", ["D1"]);
        await world.AcknowledgedAsync("F", "T1", "2026-07-01", "2026-12-31");
        foreach (var (date, percent) in new[] { ("2026-01-20", 10), ("2026-03-15", 12), ("2026-05-20", 45) })
        {
            await world.Expect(HttpStatusCode.Created, "reporter.t1", "/tasks/A/progress", new { date, percent });
        }
        var stored = await world.StoredAsync();

        async Task Refused(HttpStatusCode status, string user, string task, object body, string path, string? message)
        {
            var answer = await world.Expect(status, user, $"/tasks/{task}/progress", body);
            if (status == HttpStatusCode.NotFound) Assert.Equal(JsonValueKind.Undefined, answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("problems", out var p) ? p.ValueKind : JsonValueKind.Undefined);
            else if (path == "$") Assert.Equal(message, answer.GetProperty("detail").GetString());
            else
            {
                var (gotPath, gotMessage) = Problem(answer);
                Assert.Equal(path, gotPath);
                if (message is not null) Assert.Equal(message, gotMessage);
            }
            Assert.Equal(stored, await world.StoredAsync());
        }

        await Refused(HttpStatusCode.NotFound, "reporter.t2", "A", new { percent = 50 }, "", null);
        await Refused(HttpStatusCode.Forbidden, "reporter.d1", "A", new { percent = 50 }, "$.unit", "only the responsible unit reports progress; a co-unit does not");
        await Refused(HttpStatusCode.Forbidden, "leader", "A", new { percent = 50 }, "$", "only the responsible unit's reporter (or the office) reports progress");
        await Refused(HttpStatusCode.BadRequest, "reporter.t1", "A", new { percent = 120 }, "$.percent", "must be from 0 to 100, not 120");
        await Refused(HttpStatusCode.BadRequest, "reporter.t1", "A", new { percent = -1 }, "$.percent", "must be from 0 to 100, not -1");
        await Refused(HttpStatusCode.BadRequest, "reporter.t1", "A", new { date = "2026-06-10", percent = 40 }, "$.reason", "required when the percent falls below the earlier 45 (2026-05-20)");
        await Refused(HttpStatusCode.BadRequest, "reporter.t1", "F", new { date = "2026-06-20", percent = 5 }, "$.date", "must not be before the start 2026-07-01");
        await Refused(HttpStatusCode.BadRequest, "reporter.t1", "A", new { date = "2026-06-26", percent = 50 }, "$.date", "must not be after today 2026-06-25");
        await Refused(HttpStatusCode.BadRequest, "reporter.t1", "A", new { date = "2026-06-31", percent = 50 }, "$.date", "\"2026-06-31\" is not a date YYYY-MM-DD");
        await Refused(HttpStatusCode.BadRequest, "reporter.t1", "A", new { narrative = "x" }, "$.percent", "the percent is required: a number from 0 to 100");
        await Refused(HttpStatusCode.BadRequest, "reporter.t1", "A", new { percent = 50, narrative = new string('进', 4001) }, "$.narrative", "Progress narrative may be at most 4000 characters long.");

        // In Chinese too.
        var zh = await (await world.As("reporter.t1")).SendAsync(new HttpRequestMessage(HttpMethod.Post, Base + "/tasks/A/progress")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { percent = 120 }),
            Headers = { AcceptLanguage = { new("zh-CN") } },
        });
        Assert.Equal("须在 0 到 100 之间，不能是 120", Problem(await Json(zh)).Message);

        // The percent falls below the latest earlier report only: 40 on 2026-05-10 follows 12 (2026-03-15) — no reason needed.
        await world.Expect(HttpStatusCode.Created, "reporter.t1", "/tasks/A/progress", new { date = "2026-05-10", percent = 40 });
        // With a reason, 40 after 45 is accepted; the office may report for the unit.
        var withReason = await world.Expect(HttpStatusCode.Created, "reporter.t1", "/tasks/A/progress", new { date = "2026-06-10", percent = 40, reason = "返工重做" });
        Assert.Equal(40m, withReason.GetProperty("percent").GetDecimal());
        await world.Expect(HttpStatusCode.Created, "admin", "/tasks/A/progress", new { percent = 48.5 });
        var a = await world.Get("reporter.d1", "/tasks/A");
        Assert.Equal([10m, 12m, 45m, 40m, 40m, 48.5m], a.GetProperty("progress").EnumerateArray().Select(p => p.GetProperty("percent").GetDecimal()).ToList());
        Assert.Equal("返工重做", a.GetProperty("progress")[4].GetProperty("reason").GetString());
        Assert.Equal("admin", a.GetProperty("progress")[5].GetProperty("by").GetString());
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Instructions_are_acknowledged_and_reminders_read_once_with_who_and_when(string provider)
    {
        await using var world = await MatterWorld.CreateAsync(provider, FridayMorning);
        await world.AcknowledgedAsync("M9", "T1", "2026-10-01", "2026-12-31");

        // 批示: leaders only; the unit's reporter acknowledges (again: the same answer).
        await world.Expect(HttpStatusCode.Forbidden, "admin", "/tasks/M9/instructions", new { text = "加快进度" });
        var empty = await world.Expect(HttpStatusCode.BadRequest, "leader", "/tasks/M9/instructions", new { text = "  " });
        Assert.Equal(("$.text", "Instruction is required."), Problem(empty));
        var instruction = await world.Expect(HttpStatusCode.Created, "leader", "/tasks/M9/instructions", new { text = "务必在年底前完成" });
        var id = instruction.GetProperty("id").GetInt64();
        await world.Expect(HttpStatusCode.Forbidden, "admin", $"/tasks/M9/instructions/{id}/acknowledge");
        await world.Expect(HttpStatusCode.NotFound, "reporter.t2", $"/tasks/M9/instructions/{id}/acknowledge");
        world.Clock.Advance(TimeSpan.FromHours(1));
        var ack = await world.Expect(HttpStatusCode.OK, "reporter.t1", $"/tasks/M9/instructions/{id}/acknowledge");
        Assert.Equal(("reporter.t1", "2026-10-30T03:00:00Z"), (ack.GetProperty("acknowledgedBy").GetString(), ack.GetProperty("acknowledgedAt").GetString()));
        world.Clock.Advance(TimeSpan.FromHours(1));
        var again = await world.Expect(HttpStatusCode.OK, "reporter.t1", $"/tasks/M9/instructions/{id}/acknowledge");
        Assert.Equal("2026-10-30T03:00:00Z", again.GetProperty("acknowledgedAt").GetString());

        // 催办: one click by the office; its recipients are the unit's reporters; a read is recorded once.
        await world.Expect(HttpStatusCode.Forbidden, "leader", "/tasks/M9/reminders");
        var reminder = await world.Expect(HttpStatusCode.Created, "admin", "/tasks/M9/reminders");
        Assert.Equal(["reporter.t1"], reminder.GetProperty("recipients").EnumerateArray().Select(r => r.GetString()).ToList());
        var rid = reminder.GetProperty("id").GetInt64();
        await world.Expect(HttpStatusCode.Forbidden, "admin", $"/reminders/{rid}/read");
        await world.Expect(HttpStatusCode.NotFound, "reporter.t2", $"/reminders/{rid}/read");
        var unread = await world.Get("reporter.t1", "/api/orgs/demo/notifications?unread=true");
        Assert.Equal(["reminder", "instruction", "assigned"], unread.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("kind").GetString()).ToList());
        world.Clock.Advance(TimeSpan.FromMinutes(5));
        var read = await world.Expect(HttpStatusCode.OK, "reporter.t1", $"/reminders/{rid}/read");
        Assert.Equal(("reporter.t1", "2026-10-30T04:05:00Z"), (read.GetProperty("user").GetString(), read.GetProperty("readAt").GetString()));
        world.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await world.Expect(HttpStatusCode.OK, "reporter.t1", $"/reminders/{rid}/read");
        Assert.Equal("2026-10-30T04:05:00Z", second.GetProperty("readAt").GetString());
        await using (var db = world.App.NewDb()) Assert.Equal(1, await db.ReminderReads.CountAsync());
        var view = await world.Get("admin", "/tasks/M9");
        var reads = view.GetProperty("reminders")[0].GetProperty("reads");
        Assert.Equal(("reporter.t1", "2026-10-30T04:05:00Z"), (reads[0].GetProperty("user").GetString(), reads[0].GetProperty("at").GetString()));
        Assert.Equal("reporter.t1", view.GetProperty("instructions")[0].GetProperty("acknowledgedBy").GetString());

        // Reading the reminder read its notification; the rest are marked read at once, each person its own.
        Assert.Equal(2, (await world.Get("reporter.t1", "/api/orgs/demo/notifications?unread=true")).GetProperty("unread").GetInt32());
        var marked = await (await world.As("reporter.t1")).PostAsync("/api/orgs/demo/notifications/read", System.Net.Http.Json.JsonContent.Create(new { }));
        Assert.Equal(2, (await Json(marked)).GetProperty("read").GetInt32());
        Assert.Equal(0, (await world.Get("reporter.t1", "/api/orgs/demo/notifications?unread=true")).GetProperty("unread").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Evidence_is_a_photo_or_a_document_told_by_its_content(string provider)
    {
        await using var world = await MatterWorld.CreateAsync(provider, FridayMorning);
        await world.AcknowledgedAsync("M5", "T1", "2026-10-01", "2026-12-31");
        var report = await world.Expect(HttpStatusCode.Created, "reporter.t1", "/tasks/M5/progress", new { percent = 60 });
        var id = report.GetProperty("id").GetInt64();
        var png = DataEntry.EvidenceSamples.Png();

        async Task<HttpResponseMessage> Upload(string user, byte[] content, string name)
        {
            using var form = new MultipartFormDataContent { { new ByteArrayContent(content), "file", name } };
            return await (await world.As(user)).PostAsync($"{Base}/tasks/M5/progress/{id}/evidence", form);
        }

        var ok = await Upload("reporter.t1", png, "现场.png");
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        var e = await Json(ok);
        Assert.Equal(("现场.png", "image/png", (long)png.Length), (e.GetProperty("file").GetString(), e.GetProperty("type").GetString(), e.GetProperty("size").GetInt64()));
        var stored = await world.StoredAsync();
        var text = await Upload("reporter.t1", "hello"u8.ToArray(), "note.png");
        Assert.Equal(HttpStatusCode.BadRequest, text.StatusCode);
        Assert.Equal("$.file", Problem(await Json(text)).Path);
        var slip = await Upload("reporter.t1", DataEntry.EvidenceSamples.Zip(("../../evil.sh", null)), "方案.docx");
        Assert.Equal(HttpStatusCode.BadRequest, slip.StatusCode);
        Assert.Equal(("$.file", "Evidence: the Word or Excel file holds an entry with an unsafe name (\"../../evil.sh\"): entry names must be relative, without \"..\", drive letters, backslashes or control characters."), Problem(await Json(slip)));
        Assert.Equal(HttpStatusCode.NotFound, (await Upload("reporter.t2", png, "x.png")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Upload("leader", png, "x.png")).StatusCode);
        Assert.Equal(stored, await world.StoredAsync());

        var view = await world.Get("reporter.t1", "/tasks/M5");
        var listed = view.GetProperty("progress")[0].GetProperty("evidence")[0];
        Assert.Equal(e.GetProperty("sha256").GetString(), listed.GetProperty("sha256").GetString());
        var download = await (await world.As("leader")).GetAsync($"{Base}/tasks/M5/evidence/{listed.GetProperty("id").GetInt64()}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(png, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(("attachment", "nosniff"), (download.Content.Headers.ContentDisposition!.DispositionType, string.Join(",", download.Headers.GetValues("X-Content-Type-Options"))));
        Assert.Equal(HttpStatusCode.NotFound, (await (await world.As("reporter.t2")).GetAsync($"{Base}/tasks/M5/evidence/{listed.GetProperty("id").GetInt64()}")).StatusCode);
    }

    /// <summary>
    /// From supervision.md §3's last sentence, "Reports are only accepted from the unit the matter is assigned to":
    /// when the office moves a matter to another unit, the former unit's reporter can no longer report (nor see it),
    /// the new unit's can — the responsible unit is read at the time of the report, not at the time of the assignment.
    /// </summary>
    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Reports_follow_the_unit_the_matter_is_assigned_to_now(string provider)
    {
        await using var world = await MatterWorld.CreateAsync(provider, FridayMorning);
        await world.AcknowledgedAsync("M6", "T1", "2026-10-01", "2026-12-31");
        await world.Expect(HttpStatusCode.Created, "reporter.t1", "/tasks/M6/progress", new { percent = 20 });
        var version = (await world.Get("admin", "/tasks/M6")).GetProperty("version").GetInt32();
        var admin = await world.ActorAsync("admin");
        App.Supervision.Matters.MatterInput Input(string unit) => new("M6", "事项M6", App.Supervision.Model.MatterKind.KeyTask, unit, [], null,
            new DateOnly(2026, 10, 1), new DateOnly(2026, 12, 31), App.Supervision.Model.ReportFrequency.Monthly, null, [], null);
        var moved = await world.With(sp => sp.GetRequiredService<App.Supervision.Matters.MatterService>().UpdateAsync(admin, "M6", Input("T2"), version, CancellationToken.None));
        Assert.True(moved.IsOk, string.Join("; ", moved.Problems));
        await world.Expect(HttpStatusCode.NotFound, "reporter.t1", "/tasks/M6/progress", new { percent = 30 });
        var taken = await world.Expect(HttpStatusCode.Created, "reporter.t2", "/tasks/M6/progress", new { percent = 30 });
        Assert.Equal("in-progress", taken.GetProperty("state").GetString());
        var view = await world.Get("reporter.t2", "/tasks/M6");
        Assert.Equal(["reporter.t1", "reporter.t2"], view.GetProperty("progress").EnumerateArray().Select(p => p.GetProperty("by").GetString()).ToList());
        // A stale version is a conflict, and the edit is audited with before and after.
        var stale = await world.With(sp => sp.GetRequiredService<App.Supervision.Matters.MatterService>().UpdateAsync(admin, "M6", Input("T1"), version, CancellationToken.None));
        Assert.Equal(App.Writes.WriteStatus.Conflict, stale.Status);
        await using var check = world.App.NewDb();
        var update = await check.AuditEntries.SingleAsync(e => e.OrganizationId == world.OrganizationId && e.Kind == "matter.update");
        Assert.Contains("\"unit\":\"T1\"", update.Before);
        Assert.Contains("\"unit\":\"T2\"", update.After);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_office_edits_a_matter_under_way_through_the_api_and_the_page_against_the_version_read(string provider)
    {
        await using var world = await MatterWorld.CreateAsync(provider, FridayMorning);
        await world.AcknowledgedAsync("M7", "T1", "2026-10-01", "2026-12-31");
        await world.Expect(HttpStatusCode.Created, "reporter.t1", "/tasks/M7/progress", new { percent = 20 });
        async Task<HttpResponseMessage> Put(string user, object body) => await (await world.As(user)).PutAsJsonAsync(MatterWorld.Base + "/tasks/M7", body);
        var version = (await world.Get("admin", "/tasks/M7")).GetProperty("version").GetInt32();
        object Body(int v, string due = "2027-03-31") => new { version = v, name = "事项M7（延期）", kind = "livelihood", unit = "T1", coUnits = new[] { "D1" }, start = "2026-10-01", due, frequency = "weekly" };

        // Refusals first, nothing stored: a reporter of the matter's own unit, a bad date, no version, a stale version.
        var before = await world.StoredAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await Put("reporter.t1", Body(version))).StatusCode);
        var badDate = await Put("admin", Body(version, "2027-02-30"));
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
        Assert.Equal("$.due", MatterWorld.Problem(await MatterWorld.Json(badDate)).Path);
        var noVersion = await (await world.As("admin")).PutAsJsonAsync(MatterWorld.Base + "/tasks/M7", new { name = "x", kind = "key-task", unit = "T1", start = "2026-10-01", due = "2026-12-31" });
        Assert.Equal(("$.version", "the version read (a whole number from 1) is required"), MatterWorld.Problem(await MatterWorld.Json(noVersion)));
        Assert.Equal(HttpStatusCode.Conflict, (await Put("admin", Body(version - 1))).StatusCode);
        Assert.Equal(before, await world.StoredAsync());

        // The edit: the fields change, the state, the report and the steps stay; the 反馈 deadline follows the new due date.
        var saved = await Put("admin", Body(version));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var m = await MatterWorld.Json(saved);
        Assert.Equal(("事项M7（延期）", "livelihood", "2027-03-31", "weekly", "in-progress", version + 1),
            (m.GetProperty("name").GetString(), m.GetProperty("kind").GetString(), m.GetProperty("due").GetString(), m.GetProperty("frequency").GetString(), m.GetProperty("state").GetString(), m.GetProperty("version").GetInt32()));
        Assert.Equal(["D1"], m.GetProperty("coUnits").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(1, m.GetProperty("progress").GetArrayLength());
        Assert.Equal("2027-03-31T16:00:00Z", m.GetProperty("next").GetProperty("deadline").GetString());

        // The page: the form shows the stored values; a save against an old version shows the values now stored.
        var page = await world.App.SignedIn("admin", Pacesetter.Web.Demo.DemoData.Password);
        var form = await page.GetStringAsync("/orgs/demo/supervision/tasks/M7/edit");
        Assert.Contains("value=\"事项M7（延期）\"", form);
        Assert.Contains("value=\"2027-03-31\"", form);
        var token = TestApp.AntiforgeryToken(form);
        Dictionary<string, string> Form(int v, string name) => new()
        {
            ["__RequestVerificationToken"] = token,
            ["Version"] = v.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Name"] = name,
            ["Kind"] = "livelihood",
            ["Unit"] = "T1",
            ["CoUnits"] = "D1",
            ["Start"] = "2026-10-01",
            ["Due"] = "2027-03-31",
            ["Frequency"] = "weekly",
            ["Milestones"] = "方案批复 2026-11-30",
        };
        var stale = await page.PostAsync("/orgs/demo/supervision/tasks/M7/edit", new FormUrlEncodedContent(Form(version, "旧版本的修改")));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var staleHtml = await stale.Content.ReadAsStringAsync();
        Assert.Contains("value=\"事项M7（延期）\"", staleHtml);
        Assert.Contains($"name=\"Version\" value=\"{version + 1}\"", staleHtml);
        var ok = await page.PostAsync("/orgs/demo/supervision/tasks/M7/edit", new FormUrlEncodedContent(Form(version + 1, "事项M7（再次修改）")));
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal("/orgs/demo/supervision/tasks/M7", ok.Headers.Location!.OriginalString);
        var detail = await page.GetStringAsync("/orgs/demo/supervision/tasks/M7");
        Assert.Contains("已保存修改。", detail);
        Assert.Contains("事项M7（再次修改）", detail);
        Assert.Contains("方案批复", detail);
        await using var db = world.App.NewDb();
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.OrganizationId == world.OrganizationId && e.Kind == "matter.update"));
    }
}
