using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Accounts;
using Pacesetter.App.Publication;
using Pacesetter.Web.Tests.Schemes;

namespace Pacesetter.Web.Tests.Publication;

/// <summary>
/// 公示期 and 异议 through HTTP (ADR 0019): the worked example (zone, 2026-Q3) published on Friday 2026-10-30 at 15:00
/// Beijing time (07:00 UTC) with the default 5 working days; reporters of T1 and T2 file objections, the admin answers.
/// </summary>
public sealed class ObjectionTests
{
    private const string Org = "zone";
    private const string Period = "2026-Q3";
    private const string Base = $"/api/orgs/{Org}/periods/{Period}";
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");

    /// <summary>Friday 2026-10-30 15:00 Beijing time.</summary>
    private static readonly DateTimeOffset Published = new(2026, 10, 30, 7, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The notice period's end: the 5 working days after Friday 30 October are Mon 2, Tue 3, Wed 4, Thu 5 and Fri 6
    /// November (the weekend of 31 Oct – 1 Nov does not count), so it ends at 00:00 Beijing time on Saturday 7 November,
    /// which is 16:00 UTC on Friday 6 November.
    /// </summary>
    private static readonly DateTimeOffset NoticeEnds = new(2026, 11, 6, 16, 0, 0, TimeSpan.Zero);

    private sealed class ManualTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void Notice_period_of_a_Friday_publication_ends_at_midnight_after_the_fifth_working_day()
    {
        Assert.Equal(NoticeEnds, NoticePeriod.End(Published, 5));
        // Published at 23:30 Beijing time on Friday (15:30 UTC): still Friday in China, the same end.
        Assert.Equal(NoticeEnds, NoticePeriod.End(new DateTimeOffset(2026, 10, 30, 15, 30, 0, TimeSpan.Zero), 5));
        // Published at 00:30 Beijing time on Saturday 31 October (Friday 16:30 UTC): Mon 2 … Fri 6 again, the same end.
        Assert.Equal(NoticeEnds, NoticePeriod.End(new DateTimeOffset(2026, 10, 30, 16, 30, 0, TimeSpan.Zero), 5));
        // One working day after Friday: Monday 2 November, ending 00:00 Tuesday 3 November Beijing = Monday 16:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 16, 0, 0, TimeSpan.Zero), NoticePeriod.End(Published, 1));
        // Published on Monday 2 November: Tue 3 … Mon 9 (the weekend skipped), ending 00:00 Tuesday 10 November Beijing.
        Assert.Equal(new DateTimeOffset(2026, 11, 9, 16, 0, 0, TimeSpan.Zero), NoticePeriod.End(new DateTimeOffset(2026, 11, 2, 2, 0, 0, TimeSpan.Zero), 5));
        // No working days: no notice period.
        Assert.Equal(Published, NoticePeriod.End(Published, 0));
        Assert.Equal(TimeSpan.Zero, NoticePeriod.End(Published, 5).Offset);
        Assert.Equal(new DateOnly(2026, 11, 6), NoticePeriod.LastDay(NoticeEnds));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Reporter_files_on_its_unit_during_the_notice_period_and_an_accepted_objection_opens_a_correction_closed_by_revision_2(string provider)
    {
        await using var world = await World.CreateAsync(provider);
        var (admin, leader, t1, t2) = (world.Clients["admin"], world.Clients["leader"], world.Clients["rep-t1"], world.Clients["rep-t2"]);
        Assert.Equal(1, await world.PublishAsync());

        var state = await Json(await leader.GetAsync($"{Base}/objections"));
        Assert.Equal("notice", state.Get("publication").Get("state").GetString());
        Assert.Equal(NoticeEnds, state.Get("publication").Get("noticeEndsAt").GetDateTimeOffset());
        Assert.Equal(Published, state.Get("publication").Get("publishedAt").GetDateTimeOffset());

        // Another unit's result, or no reporter at all: refused with a message.
        var other = await t1.PostAsJsonAsync($"{Base}/objections", new { unit = "T2", reason = "城西街道的得分有误" });
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal("只能对本单位的结果提出异议", (await Json(other)).Get("detail").GetString());
        var byAdmin = await admin.PostAsJsonAsync($"{Base}/objections", new { unit = "T1", reason = "代为提出" });
        Assert.Equal(HttpStatusCode.Forbidden, byAdmin.StatusCode);
        Assert.Equal("只有被考核单位的填报人员可以对本单位的结果提出异议", (await Json(byAdmin)).Get("detail").GetString());
        // A reason is required.
        var noReason = await t1.PostAsJsonAsync($"{Base}/objections", new { unit = "T1", reason = "  " });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal("$.reason", (await Json(noReason)).Get("problems")[0].Get("path").GetString());
        // A file that is not evidence (by content): refused, naming the field.
        var badFile = await t1.PostAsync($"{Base}/objections", Form("T1", "理由", Encoding.ASCII.GetBytes("MZ not a document"), "x.pdf"));
        Assert.Equal(HttpStatusCode.BadRequest, badFile.StatusCode);
        Assert.Equal("$.evidence", (await Json(badFile)).Get("problems")[0].Get("path").GetString());

        // T1's reporter files with a PDF on the last minute of the notice period (Friday 6 November, 23:59 Beijing).
        world.Time.Now = NoticeEnds.AddMinutes(-1);
        var filed = await t1.PostAsync($"{Base}/objections", Form("T1", "营收指标的完成值应为 1.12，不是 1.05", Pdf, "完成情况说明.pdf"));
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var t1Objection = await Json(filed);
        long t1Id = t1Objection.Get("id").GetInt64();
        Assert.Equal("城东街道", t1Objection.Get("unitName").GetString());
        Assert.Equal(1, t1Objection.Get("revision").GetInt32());
        Assert.Equal("open", t1Objection.Get("state").GetString());
        Assert.Equal("完成情况说明.pdf", t1Objection.Get("evidence").Get("name").GetString());
        var evidence = await t1.GetAsync(t1Objection.Get("evidence").Get("url").GetString());
        Assert.Equal(Pdf, await evidence.Content.ReadAsByteArrayAsync());
        Assert.Equal(("attachment", "nosniff"), (evidence.Content.Headers.ContentDisposition!.DispositionType, string.Join(",", evidence.Headers.GetValues("X-Content-Type-Options"))));
        // T2's reporter may not read T1's evidence, nor see T1's objection.
        Assert.Equal(HttpStatusCode.NotFound, (await t2.GetAsync($"{Base}/objections/{t1Id}/evidence")).StatusCode);
        Assert.Equal(0, (await Json(await t2.GetAsync($"{Base}/objections"))).Get("objections").GetArrayLength());
        Assert.Equal(1, (await Json(await leader.GetAsync($"{Base}/objections"))).Get("objections").GetArrayLength());

        // At 00:00 Beijing time on Saturday the notice period is over: T2's objection is refused, naming the end.
        world.Time.Now = NoticeEnds;
        var late = await t2.PostAsJsonAsync($"{Base}/objections", new { unit = "T2", reason = "迟到的异议" });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("公示期已于北京时间 2026-11-07 00:00 结束，不再受理异议", (await Json(late)).Get("detail").GetString());
        state = await Json(await leader.GetAsync($"{Base}/objections"));
        Assert.Equal("awaitingAnswers", state.Get("publication").Get("state").GetString());
        Assert.Equal(1, state.Get("publication").Get("openObjections").GetInt32());

        // Only the admin answers; accepting opens a correction of revision 1 tied to the objection.
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.PostAsJsonAsync($"{Base}/objections/{t1Id}/answer", new { accepted = true })).StatusCode);
        var accepted = await admin.PostAsJsonAsync($"{Base}/objections/{t1Id}/answer", new { accepted = true, answer = "经核实，采纳，重新发布", version = 1 });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("accepted", (await Json(accepted)).Get("state").GetString());
        var again = await admin.PostAsJsonAsync($"{Base}/objections/{t1Id}/answer", new { accepted = false, answer = "改为驳回" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        state = await Json(await leader.GetAsync($"{Base}/objections"));
        Assert.Equal("correctionOpen", state.Get("publication").Get("state").GetString());
        await using (var db = world.App.NewDb())
        {
            var correction = await db.Corrections.AsNoTracking().SingleAsync();
            Assert.Equal((1, t1Id, "经核实，采纳，重新发布", (int?)null), (correction.AfterRevision, correction.ObjectionId!.Value, correction.Reason, correction.ClosedByRevision));
        }

        // Publishing again makes revision 2 and closes the correction; revision 2 has a notice period of its own.
        world.Time.Now = new DateTimeOffset(2026, 11, 9, 2, 0, 0, TimeSpan.Zero); // Monday 9 November, 10:00 Beijing
        Assert.Equal(2, await world.PublishAsync("采纳城东街道异议后重新发布"));
        await using (var db = world.App.NewDb())
        {
            Assert.Equal(2, (await db.Corrections.AsNoTracking().SingleAsync()).ClosedByRevision);
        }
        state = await Json(await leader.GetAsync($"{Base}/objections"));
        var publication = state.Get("publication");
        Assert.Equal(2, publication.Get("revision").GetInt32());
        Assert.Equal("notice", publication.Get("state").GetString());
        // Tue 10 … Mon 16 November: ends 00:00 Tuesday 17 November Beijing = 16:00 UTC on Monday 16 November.
        Assert.Equal(new DateTimeOffset(2026, 11, 16, 16, 0, 0, TimeSpan.Zero), publication.Get("noticeEndsAt").GetDateTimeOffset());
        world.Time.Now = new DateTimeOffset(2026, 11, 16, 16, 0, 0, TimeSpan.Zero);
        Assert.Equal("final", (await Json(await leader.GetAsync($"{Base}/objections"))).Get("publication").Get("state").GetString());

        // The audit trail holds the filing and the answer (and the correction, naming the objection).
        await using (var db = world.App.NewDb())
        {
            var rows = await db.AuditEntries.AsNoTracking().Where(a => a.Kind.StartsWith("objection.") || a.Kind == "publication.correct").OrderBy(a => a.Seq).ToListAsync();
            Assert.Equal(["objection.file", "objection.accept", "publication.correct"], rows.Select(r => r.Kind));
            Assert.Equal(("rep-t1", $"{Period}/T1/{t1Id}", "T1"), (rows[0].Actor, rows[0].Key, rows[0].Unit));
            Assert.Contains("完成情况说明.pdf", rows[0].After);
            Assert.Equal(("admin", "经核实，采纳，重新发布"), (rows[1].Actor, rows[1].Reason));
            Assert.Contains($"\"objection\":{t1Id}", rows[2].After);
        }
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_rejected_objection_keeps_revision_1_which_is_final_after_the_notice_period_once_every_objection_is_answered(string provider)
    {
        await using var world = await World.CreateAsync(provider);
        var (admin, leader, t2) = (world.Clients["admin"], world.Clients["leader"], world.Clients["rep-t2"]);
        Assert.Equal(1, await world.PublishAsync());
        var filed = await Json(await t2.PostAsJsonAsync($"{Base}/objections", new { unit = "T2", reason = "安全生产事件不应扣分" }));
        long id = filed.Get("id").GetInt64();

        // A rejection needs the reason.
        var bare = await admin.PostAsJsonAsync($"{Base}/objections/{id}/answer", new { accepted = false });
        Assert.Equal(HttpStatusCode.BadRequest, bare.StatusCode);
        Assert.Equal("$.answer", (await Json(bare)).Get("problems")[0].Get("path").GetString());
        var stale = await admin.PostAsJsonAsync($"{Base}/objections/{id}/answer", new { accepted = false, answer = "x", version = 7 });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var rejected = await admin.PostAsJsonAsync($"{Base}/objections/{id}/answer", new { accepted = false, answer = "事件经核实属实，按方案扣分" });
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        var answer = await Json(rejected);
        Assert.Equal(("rejected", "事件经核实属实，按方案扣分", "admin", 2), (answer.Get("state").GetString(), answer.Get("answer").GetString(),
            answer.Get("answeredBy").GetString(), answer.Get("version").GetInt32()));

        // Still in the notice period: not final yet, though nothing awaits an answer.
        world.Time.Now = NoticeEnds.AddSeconds(-1);
        Assert.Equal("notice", (await Json(await leader.GetAsync($"{Base}/objections"))).Get("publication").Get("state").GetString());
        world.Time.Now = NoticeEnds;
        var state = (await Json(await leader.GetAsync($"{Base}/objections"))).Get("publication");
        Assert.Equal(("final", 1, 0), (state.Get("state").GetString(), state.Get("revision").GetInt32(), state.Get("openObjections").GetInt32()));

        // No correction, one revision; the unit reads the answer.
        await using var db = world.App.NewDb();
        Assert.Equal(0, await db.Corrections.CountAsync());
        Assert.Equal(1, await db.Revisions.CountAsync());
        var mine = (await Json(await t2.GetAsync($"{Base}/objections"))).Get("objections");
        Assert.Equal("事件经核实属实，按方案扣分", mine[0].Get("answer").GetString());
        var audit = await db.AuditEntries.AsNoTracking().Where(a => a.Kind.StartsWith("objection.")).OrderBy(a => a.Seq).Select(a => new { a.Kind, a.Actor, a.Reason }).ToListAsync();
        Assert.Equal([("objection.file", "rep-t2", "安全生产事件不应扣分"), ("objection.reject", "admin", "事件经核实属实，按方案扣分")], audit.Select(a => (a.Kind, a.Actor, a.Reason!)));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Before_publication_there_is_nothing_to_object_to(string provider)
    {
        await using var world = await World.CreateAsync(provider);
        var refused = await world.Clients["rep-t1"].PostAsJsonAsync($"{Base}/objections", new { unit = "T1", reason = "理由" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("本考核期尚未发布，没有可提出异议的结果", (await Json(refused)).Get("detail").GetString());
        var list = await Json(await world.Clients["leader"].GetAsync($"{Base}/objections"));
        Assert.Equal(JsonValueKind.Null, list.Get("publication").ValueKind);
        // An assessor reads no objections.
        Assert.Equal(HttpStatusCode.Forbidden, (await world.Clients["assessor"].GetAsync($"{Base}/objections")).StatusCode);
    }

    private static MultipartFormDataContent Form(string unit, string reason, byte[] file, string fileName)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new("application/pdf");
        return new MultipartFormDataContent { { new StringContent(unit), "unit" }, { new StringContent(reason), "reason" }, { content, "evidence", fileName } };
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    /// <summary>The organization zone with the worked example imported (its data approved) and a clock at <see cref="Published"/>.</summary>
    private sealed class World : IAsyncDisposable
    {
        public required TestApp App { get; init; }
        public required WebApplicationFactory<Program> Host { get; init; }
        public required ManualTime Time { get; init; }
        public Dictionary<string, HttpClient> Clients { get; } = [];

        public static async Task<World> CreateAsync(string provider)
        {
            var app = new TestApp(provider);
            var org = await app.Organization(Org);
            var time = new ManualTime(Published);
            var host = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(time)));
            var world = new World { App = app, Host = host, Time = time };
            foreach (var (user, role, unit) in new[] { ("admin", OrgRole.Admin, (string?)null), ("leader", OrgRole.Leader, null), ("rep-t1", OrgRole.Reporter, "T1"), ("rep-t2", OrgRole.Reporter, "T2"), ("assessor", OrgRole.Assessor, null) })
            {
                var id = await app.User(org, user, role, unit, role == OrgRole.Assessor ? "revenue" : null);
                var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
                client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await app.Token(org, id));
                world.Clients[user] = client;
            }
            var imported = await world.Clients["admin"].PutScheme(Org, Period, SchemeTestSupport.Example());
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
            return world;
        }

        /// <summary>Publishes through the API as the admin; returns the revision number.</summary>
        public async Task<int> PublishAsync(string? reason = null)
        {
            var response = await Clients["admin"].PostAsJsonAsync($"{Base}/publish", new { reason, allowIncomplete = true });
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            return (await Json(response)).Get("revision").GetInt32();
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var c in Clients.Values) c.Dispose();
            await Host.DisposeAsync();
            await App.DisposeAsync();
        }
    }
}

/// <summary>A property that must be there: a missing one fails naming the whole object.</summary>
internal static class JsonProperty
{
    public static JsonElement Get(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var p) ? p : throw new Xunit.Sdk.XunitException($"no \"{name}\" in {e}");
}
