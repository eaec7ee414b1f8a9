using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Pacesetter.App.Accounts;
using Pacesetter.App.Supervision.Model;
using Pacesetter.Web.Tests.Exports;
using Pacesetter.Web.Tests.Schemes;

namespace Pacesetter.Web.Tests.Supervision.Bulletins;

/// <summary>
/// 督查通报 and 时序进度 (ADR 0033) on the hand-checked scenario of plan §3: matters A–F (T1 东城街道, T2 西城街道,
/// T3 南城街道) and the cards of January to March as the month-end evaluations to 2026-03-31 issue them — Jan: E red
/// (lag); Feb: B yellow (lag), C, D, E yellow (not started); Mar: A yellow (lag 24.5/12/12.5), B red (lag 48.7/5/43.7),
/// C red (escalated 21.4/0), D red (escalated 17.7/0); E's cards lifted on 03-31 (done, 100 % on 03-20). The March
/// draft: 5 matters evaluated (F starts in July), 1 yellow and 3 red of which 3 escalated from February's yellow
/// (B, C, D), E lifted and completed, units T2 (2 red), T1 (1 red, 1 yellow), T3 (none).
/// </summary>
public class BulletinTests
{
    private static readonly DateTimeOffset April2 = new(2026, 4, 2, 2, 0, 0, TimeSpan.Zero);

    private sealed record World(TestApp App, FakeTimeProvider Clock, int Org, HttpClient Admin, HttpClient Reporter);

    private static async Task<World> ScenarioAsync(string provider)
    {
        var clock = new FakeTimeProvider(April2);
        var app = new TestApp(provider) { Clock = clock };
        var org = await app.Organization("city");
        await app.NewUnit(org, "T1", "东城街道", null);
        await app.NewUnit(org, "T2", "西城街道", null);
        await app.NewUnit(org, "T3", "南城街道", null);
        var admin = await app.ApiAs(org, "city-admin", OrgRole.Admin);
        await app.User(org, "city-admin2", OrgRole.Admin);
        var reporterId = await app.User(org, "city-t1", OrgRole.Reporter, "T1");
        var reporter = app.Api(await app.Token(org, reporterId));
        await using var db = app.NewDb();
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Matter M(string code, string name, string unit, string start, string due, int position, CardType? standing) => new()
        {
            OrganizationId = org,
            Code = code,
            Name = name,
            Kind = MatterKind.KeyTask,
            UnitCode = unit,
            Start = DateOnly.Parse(start),
            Due = DateOnly.Parse(due),
            Frequency = ReportFrequency.Monthly,
            State = MatterState.InProgress,
            Position = position,
            StandingCard = standing,
            CreatedBy = "city-admin",
            CreatedAt = at,
            Version = 1,
        };
        var matters = new[]
        {
            M("A", "道路改造", "T1", "2026-01-01", "2026-12-31", 1, CardType.Yellow),
            M("B", "便民中心", "T2", "2026-02-01", "2026-05-31", 2, CardType.Red),
            M("C", "污水管网", "T2", "2026-01-15", "2026-12-31", 3, CardType.Red),
            M("D", "口袋公园", "T1", "2026-01-31", "2026-12-31", 4, CardType.Red),
            M("E", "校舍维修", "T3", "2026-01-01", "2026-03-31", 5, null),
            M("F", "文化广场", "T3", "2026-07-01", "2026-12-31", 6, null),
        };
        db.Matters.AddRange(matters);
        await db.SaveChangesAsync();
        var id = matters.ToDictionary(m => m.Code, m => m.Id);
        MatterReport R(string code, string date, decimal percent) => new()
        {
            OrganizationId = org,
            MatterId = id[code],
            Date = DateOnly.Parse(date),
            Percent = percent,
            Source = ReportSource.Import,
            ReportedBy = "city-admin",
            ReportedAt = at,
        };
        db.MatterReports.AddRange(R("A", "2026-01-20", 10), R("B", "2026-02-10", 5), R("A", "2026-03-15", 12), R("E", "2026-03-20", 100));
        IssuedCard C(string code, string unit, string monthEnd, CardType type, string reason, decimal? expected, decimal actual, decimal? lag, string? lifted = null) => new()
        {
            OrganizationId = org,
            MatterId = id[code],
            MatterCode = code,
            UnitCode = unit,
            MonthEnd = DateOnly.Parse(monthEnd),
            Month = monthEnd[..7],
            PublicId = $"card-{monthEnd[..7]}-{code}",
            Type = type,
            Reason = reason,
            Expected = expected,
            Actual = actual,
            Lag = lag,
            LiftedOn = lifted is null ? null : DateOnly.Parse(lifted),
            IssuedBy = "system:month-end",
            IssuedAt = at,
        };
        db.IssuedCards.AddRange(
            C("E", "T3", "2026-01-31", CardType.Red, "lag", 33.7m, 0, 33.7m, "2026-03-31"),
            C("B", "T2", "2026-02-28", CardType.Yellow, "lag", 22.7m, 5, 17.7m),
            C("C", "T2", "2026-02-28", CardType.Yellow, "not-started", 12.6m, 0, 12.6m),
            C("D", "T1", "2026-02-28", CardType.Yellow, "not-started", 8.4m, 0, 8.4m),
            C("E", "T3", "2026-02-28", CardType.Yellow, "not-started", 65.2m, 0, 65.2m, "2026-03-31"),
            C("A", "T1", "2026-03-31", CardType.Yellow, "lag", 24.5m, 12, 12.5m),
            C("B", "T2", "2026-03-31", CardType.Red, "lag", 48.7m, 5, 43.7m),
            C("C", "T2", "2026-03-31", CardType.Red, "escalated", 21.4m, 0, 21.4m),
            C("D", "T1", "2026-03-31", CardType.Red, "escalated", 17.7m, 0, 17.7m));
        // A JSON webhook taking bulletins (never dispatched here: the outbox row is what is checked).
        db.WebhookEndpoints.Add(new WebhookEndpoint { OrganizationId = org, Name = "平台", Url = "https://example.com/hook", Format = WebhookFormat.Json, Events = "bulletin", Enabled = true, CreatedBy = "city-admin", CreatedAt = at, Version = 1 });
        await db.SaveChangesAsync();
        return new World(app, clock, org, admin, reporter);
    }

    private const string Api = "/api/orgs/city/supervision/bulletins";

    private static async Task<JsonElement> Json(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.Clone();

    private static List<(string Heading, List<string> Paragraphs)> Sections(JsonElement e) =>
        [.. e.EnumerateArray().Select(s => (s.GetProperty("heading").GetString()!, s.GetProperty("paragraphs").EnumerateArray().Select(p => p.GetString()!).ToList()))];

    public static readonly string[] March =
    [
        "一、总体情况",
        "2026年3月末，督查室对5项督办事项进行了评价（另有1项尚未到开始时间）。本月发出黄牌1张、红牌3张，其中由上月黄牌升级为红牌3张（便民中心、污水管网、口袋公园）。1项事项赶上进度或已完成，其红黄牌予以撤销（校舍维修）。",
        "二、红黄牌情况",
        "亮红牌事项：便民中心（西城街道），序时进度48.7%，实际进度5%，滞后43.7个百分点；污水管网（西城街道），连续亮黄牌，升级为红牌，序时进度21.4%，实际进度0%；口袋公园（东城街道），连续亮黄牌，升级为红牌，序时进度17.7%，实际进度0%。",
        "亮黄牌事项：道路改造（东城街道），序时进度24.5%，实际进度12%，滞后12.5个百分点。",
        "三、各单位情况",
        "按红牌、黄牌数量排序：西城街道红牌2张、黄牌0张；东城街道红牌1张、黄牌1张；南城街道无红黄牌。",
        "四、逾期环节",
        "本月无逾期办理环节。",
        "五、完成事项",
        "本月完成事项1项：校舍维修（南城街道）。",
        "六、工作要求",
        "请亮牌单位认真分析滞后原因，制定整改措施，于下月5日前将整改情况书面报督查室；逾期环节责任单位要立即办理，督查室将持续跟踪督办。",
    ];

    private static List<string> Flat(List<(string Heading, List<string> Paragraphs)> sections) => [.. sections.SelectMany(s => new[] { s.Heading }.Concat(s.Paragraphs))];

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_March_draft_is_made_from_the_figures_edited_issued_once_as_number_1_of_2026_and_both_texts_are_kept(string provider)
    {
        var w = await ScenarioAsync(provider);
        using var _ = w.App;

        var created = await w.Admin.PostAsJsonAsync(Api, new { month = "2026-03" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var draft = await Json(created);
        var id = draft.GetProperty("id").GetInt32();
        Assert.Equal($"{Api}/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("draft", draft.GetProperty("state").GetString());
        Assert.Equal("督查通报（2026年3月，草稿）", draft.GetProperty("title").GetString());
        Assert.Equal(March, Flat(Sections(draft.GetProperty("sections"))));
        var figures = draft.GetProperty("draft").GetProperty("figures");
        Assert.Equal(5, figures.GetProperty("evaluated").GetInt32());
        Assert.Equal(1, figures.GetProperty("yellow").GetInt32());
        Assert.Equal(3, figures.GetProperty("red").GetInt32());
        Assert.Equal(["card-2026-03-A", "card-2026-03-B", "card-2026-03-C", "card-2026-03-D"], figures.GetProperty("cards").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.Equal([false, true, true, true], figures.GetProperty("cards").EnumerateArray().Select(c => c.GetProperty("escalated").GetBoolean()));
        Assert.Equal(["T2", "T1", "T3"], figures.GetProperty("units").EnumerateArray().Select(u => u.GetProperty("unit").GetString()));
        Assert.Equal(["E"], figures.GetProperty("lifted").EnumerateArray().Select(u => u.GetProperty("task").GetString()));
        Assert.Equal(["E"], figures.GetProperty("completed").EnumerateArray().Select(u => u.GetProperty("task").GetString()));
        Assert.StartsWith("At the end of 2026-03, the office evaluated 5 supervised matter(s) (1 more not started yet). 1 yellow and 3 red card(s) were issued, of which 3 escalated",
            Sections(draft.GetProperty("sectionsEn"))[0].Paragraphs[0]);

        // Refusals: the month again (409), a month to come (400 $.month), not a month (400), a reporter (403); nothing stored.
        Assert.Equal(HttpStatusCode.Conflict, (await w.Admin.PostAsJsonAsync(Api, new { month = "2026-03" })).StatusCode);
        var future = await Json(await w.Admin.PostAsJsonAsync(Api, new { month = "2026-05" }));
        Assert.Equal("$.month", future.GetProperty("problems")[0].GetProperty("path").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await w.Admin.PostAsJsonAsync(Api, new { month = "2026-13" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await w.Reporter.PostAsJsonAsync(Api, new { month = "2026-02" })).StatusCode);
        // A reporter does not see a draft.
        Assert.Equal(0, (await Json(await w.Reporter.GetAsync(Api))).GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await w.Reporter.GetAsync($"{Api}/{id}")).StatusCode);

        // The office changes a sentence (version 1 → 2); a stale version is a conflict.
        var sections = Sections(draft.GetProperty("sections")).Select(s => new { heading = s.Heading, paragraphs = s.Paragraphs }).ToList();
        sections[5] = new { heading = "六、工作要求", paragraphs = new List<string> { "请各亮牌单位于4月10日前书面报送整改措施。" } };
        var edited = await w.Admin.PutAsJsonAsync($"{Api}/{id}", new { sections, version = 1 });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal(2, (await Json(edited)).GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await w.Admin.PutAsJsonAsync($"{Api}/{id}", new { sections, version = 1 })).StatusCode);
        var bad = await Json(await w.Admin.PutAsJsonAsync($"{Api}/{id}", new { sections = new[] { new { heading = "", paragraphs = new[] { "x" } } }, version = 2 }));
        Assert.Equal("$.sections[0].heading", bad.GetProperty("problems")[0].GetProperty("path").GetString());

        // Issued: 督查通报〔2026〕第1期; a second issue and an edit afterwards are conflicts.
        var issued = await w.Admin.PostAsJsonAsync($"{Api}/{id}/issue", new { version = 2 });
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var body = await Json(issued);
        Assert.Equal("督查通报〔2026〕第1期", body.GetProperty("title").GetString());
        Assert.Equal(2026, body.GetProperty("year").GetInt32());
        Assert.Equal(1, body.GetProperty("number").GetInt32());
        Assert.Equal("city-admin", body.GetProperty("issuedBy").GetString());
        Assert.Equal("请各亮牌单位于4月10日前书面报送整改措施。", Sections(body.GetProperty("sections"))[5].Paragraphs[0]);
        // The system's draft is kept as drafted.
        Assert.Equal(March, Flat(Sections(body.GetProperty("draft").GetProperty("sections"))));
        Assert.Equal(HttpStatusCode.Conflict, (await w.Admin.PostAsync($"{Api}/{id}/issue", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await w.Admin.PutAsJsonAsync($"{Api}/{id}", new { sections })).StatusCode);
        // Now every member reads it.
        Assert.Equal(["督查通报〔2026〕第1期"], (await Json(await w.Reporter.GetAsync(Api))).EnumerateArray().Select(b => b.GetProperty("title").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await w.Reporter.GetAsync($"{Api}/{id}")).StatusCode);

        await using var db = w.App.NewDb();
        var audit = await db.AuditEntries.AsNoTracking().Where(a => a.OrganizationId == w.Org && a.Kind.StartsWith("bulletin.")).OrderBy(a => a.Seq).Select(a => a.Kind).ToListAsync();
        Assert.Equal(["bulletin.draft", "bulletin.edit", "bulletin.issue"], audit);
        var row = await db.Bulletins.AsNoTracking().SingleAsync(b => b.Id == id);
        Assert.Equal(row.Text, row.IssuedText);
        Assert.NotEqual(row.Draft, row.Text);
        // Told: both admins and T1's reporter (T1 has cards; T2's and T3's have no users), one webhook message.
        var told = await db.Notifications.AsNoTracking().Where(n => n.OrganizationId == w.Org && n.Kind == NotificationKind.Bulletin).CountAsync();
        Assert.Equal(3, told);
        var outbox = await db.Outbox.AsNoTracking().SingleAsync(m => m.OrganizationId == w.Org);
        Assert.Equal("bulletin", outbox.Kind);
        Assert.Contains("督查通报〔2026〕第1期", outbox.Body);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Numbers_run_per_calendar_year_of_issue(string provider)
    {
        var w = await ScenarioAsync(provider);
        using var _ = w.App;
        w.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 20, 2, 0, 0, TimeSpan.Zero));
        async Task<int> DraftAsync(string month) => (await Json(await w.Admin.PostAsJsonAsync(Api, new { month }))).GetProperty("id").GetInt32();
        async Task<string> IssueAsync(int id) => (await Json(await w.Admin.PostAsync($"{Api}/{id}/issue", null))).GetProperty("title").GetString()!;
        var march = await DraftAsync("2026-03");
        var november = await DraftAsync("2026-11");
        var december = await DraftAsync("2026-12");
        // Issued out of month order: numbers follow the order of issue.
        Assert.Equal("督查通报〔2026〕第1期", await IssueAsync(november));
        Assert.Equal("督查通报〔2026〕第2期", await IssueAsync(march));
        // 2027-01-01 00:30 Beijing is still 2026-12-31 in UTC: the year is Beijing's.
        w.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 31, 16, 30, 0, TimeSpan.Zero));
        Assert.Equal("督查通报〔2027〕第1期", await IssueAsync(december));
    }

    [Fact]
    public async Task The_docx_opens_in_LibreOffice_with_the_masthead_number_title_and_text()
    {
        var w = await ScenarioAsync("Sqlite");
        using var _ = w.App;
        var id = (await Json(await w.Admin.PostAsJsonAsync(Api, new { month = "2026-03" }))).GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await w.Admin.PostAsync($"{Api}/{id}/issue", null)).StatusCode);
        var response = await w.Reporter.GetAsync($"{Api}/{id}.docx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", response.Content.Headers.ContentType!.MediaType);
        var dir = Office.Folder();
        try
        {
            var path = Path.Combine(dir, "bulletin.docx");
            await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
            Office.Keep(path);
            await Office.ConvertAsync([path], dir, Office.Text);
            var lines = (await File.ReadAllTextAsync(Path.Combine(dir, "bulletin.txt"))).Replace("\r", "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            Assert.Equal("督 查 通 报", lines[0].TrimStart('\uFEFF'));
            Assert.Equal("〔2026〕第1期", lines[1]);
            Assert.Equal("city 区督查室　　　　2026年4月2日", lines[2]);
            Assert.Equal("关于2026年3月督查督办情况的通报", lines[3]);
            Assert.Equal(March, lines.Skip(4).Take(March.Length));
            Assert.Equal(["city 区督查室", "2026年4月2日"], lines.TakeLast(2));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task The_timeline_draws_each_matter_by_its_card_with_todays_line_and_a_reporter_sees_its_units_only()
    {
        var w = await ScenarioAsync("Sqlite");
        using var _ = w.App;
        await w.App.User(w.Org, "city-leader", OrgRole.Leader);
        var leader = await w.App.SignedIn("city-leader", SchemeTestSupport.Password);
        var html = await leader.GetStringAsync("/orgs/city/supervision/timeline");
        var svg = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        var bars = svg.QuerySelectorAll("g.bar").Select(g => (g.GetAttribute("data-task"), g.GetAttribute("data-card"), g.GetAttribute("data-status"), g.GetAttribute("data-overdue"))).ToList();
        Assert.Equal([("A", "yellow", "yellow", "false"), ("D", "red", "red", "false"), ("B", "red", "red", "false"), ("C", "red", "red", "false"), ("E", "", "done", "false"), ("F", "", "pending", "false")], bars);
        // Today 2026-04-02 (Beijing) on a chart of 800 for 2026's 365 days after a label column of 160: 160 + 800 × 91 / 365 = 359.45.
        var today = svg.QuerySelector("#today")!;
        Assert.Equal("2026-04-02", today.GetAttribute("data-today"));
        Assert.Equal("359.5", today.GetAttribute("x1"));
        // A's bar: 2026-01-01 → 12-31 spans the whole chart (x 160, width 800).
        var a = svg.QuerySelector("g.bar[data-task=A] rect.span")!;
        Assert.Equal(("160", "800"), (a.GetAttribute("x"), a.GetAttribute("width")));
        Assert.Empty(svg.QuerySelectorAll("#timeline-svg script"));

        // By kind: one group; B past its due date by June: hatched from its start to today.
        w.Clock.SetUtcNow(new DateTimeOffset(2026, 6, 10, 2, 0, 0, TimeSpan.Zero));
        // (The session of April has expired by June: sign in again.)
        leader = await w.App.SignedIn("city-leader", SchemeTestSupport.Password);
        var byKind = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await leader.GetStringAsync("/orgs/city/supervision/timeline?group=kind"));
        Assert.Equal(["KeyTask"], byKind.QuerySelectorAll("g.group").Select(g => g.GetAttribute("data-group")));
        Assert.Equal("true", byKind.QuerySelector("g.bar[data-task=B]")!.GetAttribute("data-overdue"));
        Assert.NotNull(byKind.QuerySelector("g.bar[data-task=B] rect.overdue"));

        await w.App.User(w.Org, "city-t1-web", OrgRole.Reporter, "T1");
        var reporter = await w.App.SignedIn("city-t1-web", SchemeTestSupport.Password);
        var own = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await reporter.GetStringAsync("/orgs/city/supervision/timeline"));
        Assert.Equal(["A", "D"], own.QuerySelectorAll("g.bar").Select(g => g.GetAttribute("data-task")));
    }
}
