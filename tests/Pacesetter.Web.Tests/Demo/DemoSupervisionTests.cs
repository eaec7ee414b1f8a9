using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Pacesetter.App.Audit;
using Pacesetter.App.Supervision.Model;
using Pacesetter.Web.Demo;
using Pacesetter.Web.Tests.Schemes;

namespace Pacesetter.Web.Tests.DemoOrganization;

/// <summary>
/// The demo's supervision (ADR 0035): what a demo start adds to the demo organization, through the services, as the
/// demo users — matters in every state, the month-end cards up to November 2026 by supervision.md §1 (checked by hand
/// below), the projects, the bulletins — and that a second start adds nothing.
/// </summary>
public class DemoSupervisionTests
{
    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_demo_start_adds_matters_projects_cards_and_bulletins_once(string provider)
    {
        await using var app = TestApp.DemoWithSupervision(provider);
        const string api = "/api/orgs/demo/supervision";
        HttpClient admin;

        await using (var db = app.NewDb())
        {
            var org = (await db.Organizations.SingleAsync(o => o.Slug == DemoData.Slug)).Id;
            admin = app.Api(await app.Token(org, await db.Users.Where(u => u.OrganizationId == org && u.UserName == "admin").Select(u => u.Id).SingleAsync()));
            // 城投集团's reporter was told of MS-01's 下发, its two cards (10-31 yellow, 11-30 red), the office's reminder, the
            // 反馈 past its deadline (2026-11-15, end of day Beijing), and the issued October bulletin.
            var ms01 = await db.Matters.Where(m => m.OrganizationId == org && m.Code == "MS-01").Select(m => m.Id).SingleAsync();
            var s1 = await db.Notifications.Where(n => n.OrganizationId == org).Join(db.Users.Where(u => u.UserName == "reporter.s1"), n => n.UserId, u => u.Id, (n, u) => new { n.Kind, n.Key, n.ReadAt }).ToListAsync();
            Assert.Equal(["Assigned", "Bulletin", "Card cards:2026-10-31:S1", "Card cards:2026-11-30:S1", "Reminder", "StepOverdue overdue:MS-01:feedback:2026-11-15T16:00:00Z"],
                s1.Select(n => n.Kind switch
                {
                    NotificationKind.Card => $"{n.Kind} {n.Key}",
                    NotificationKind.StepOverdue => $"{n.Kind} {n.Key.Replace($"overdue:{ms01}:", "overdue:MS-01:", StringComparison.Ordinal)}",
                    _ => n.Kind.ToString(),
                }).Order(StringComparer.Ordinal));
            Assert.All(s1, n => Assert.Null(n.ReadAt));
            var matters = await db.Matters.Where(m => m.OrganizationId == org).OrderBy(m => m.Position).Select(m => new { m.Code, m.Kind, m.UnitCode, m.State }).ToListAsync();
            Assert.Equal(
                ["ZD-01 KeyTask T1 InProgress", "ZD-02 KeyTask T2 InProgress", "ZD-03 KeyTask T1 InProgress", "JB-01 Assigned D1 Closed", "MS-01 Livelihood S1 InProgress",
                 "SJ-01 Secretary I1 InProgress", "MS-02 Livelihood T2 Assigned", "ZD-04 KeyTask T6 Draft", "XM-01-M1 ProjectMilestone T1 Reported", "XM-01-M2 ProjectMilestone T1 InProgress"],
                matters.Select(m => $"{m.Code} {m.Kind} {m.UnitCode} {m.State}"));
            Assert.Equal(["XM-01 Started", "XM-02 Completed", "XM-03 Negotiating", "XM-04 Dropped"],
                (await db.Projects.Where(p => p.OrganizationId == org).OrderBy(p => p.Code).ToListAsync()).Select(p => $"{p.Code} {p.Stage}"));
            // Reports are written by the units' own reporters (the office for a unit without one: none here).
            Assert.Equal(["reporter.d1", "reporter.i1", "reporter.s1", "reporter.t1", "reporter.t2"],
                await db.MatterReports.Where(r => r.OrganizationId == org).Select(r => r.ReportedBy).Distinct().OrderBy(x => x).ToListAsync());
            Assert.Equal(2, await db.Bulletins.CountAsync(b => b.OrganizationId == org));
            Assert.Null(await AuditLog.Verify(db, org));
            Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.OrganizationId == org && e.Kind == DemoSupervision.DoneKind));
            // The demo's benchmarking data (DemoBenchmarks), saved once as the admin.
            Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.OrganizationId == org && e.Kind == "benchmarks.save" && e.Actor == "admin"));
        }
        // Its gap of 2025, by hand: 地区生产总值 against 苏州工业园区 (905 − 3850) / 3850 = −76.5 %, growth (905/620)^(1/4) − 1
        // = 9.9 % against (3850/3330)^(1/4) − 1 = 3.7 %, ln(3850/905) / ln(1.0992/1.0369) = 24.8 years; 实际使用外资 against
        // 昆山开发区 (3.9 − 3.4) / 3.4 = +14.7 % (ahead); 能耗 (lower) (0.34 − 0.35) / 0.34 = −2.9 %, (0.35/0.42)^(1/4) − 1 = −4.5 %
        // against (0.34/0.36)^(1/4) − 1 = −1.4 %, ln(0.35/0.34) / ln(0.9858/0.9554) = 0.9 years.
        var gap = JsonDocument.Parse(await admin.GetStringAsync("/api/orgs/demo/benchmarks/gap?year=2025")).RootElement.GetProperty("benchmarks");
        string Line(int b, int i)
        {
            var l = gap[b].GetProperty("indicators")[i];
            return string.Join(" ", new[] { "id", "gapPercent", "growthOwn", "growthBench", "catchUp", "years" }.Select(f => l.GetProperty(f).ToString()));
        }
        Assert.Equal("gdp -76.5 9.9 3.7 years 24.8", Line(0, 0));
        Assert.Equal("fdi 14.7 5.1 -4.0 ahead ", Line(1, 3));
        Assert.Equal("energy -2.9 -4.5 -1.4 years 0.9", Line(1, 5));

        // The month-ends by supervision.md §1 with the default rules (yellow lag 10, red lag 30, not started 1/3 months,
        // escalate after 2), hand-checked matter by matter:
        //  ZD-01 (01-01…12-31) keeps within a point of its schedule: green throughout.
        //  ZD-02 (02-01…12-31, 333 days): 06-30 expected 149/333 = 44.7, actual 33, lag 11.7 yellow; 07-31 lag 16.1, 08-31
        //        25.4, 09-30 22.4 yellow by the rules after yellow, escalated red; 10-31 lag 31.7 red; 11-30 lag 28.7
        //        yellow (not escalated: the point before was red by the rules, not yellow).
        //  ZD-03 (05-01…2027-04-30, 364 days): 06-30 lag 11.5 yellow; 07-31 20.0, 08-31 13.5, 09-30 21.8 escalated red;
        //        10-31 actual 44 against 50.3, green, lifted; 11-30 lag 11.5 yellow.
        //  JB-01 done on 09-20, never behind.  MS-01 (04-01…11-15): 10-31 expected 213/228 = 93.4, actual 80, yellow;
        //        11-30 past its due date, red overdue.
        //  SJ-01 (06-01…12-31, 213 days): 06-30 lag 13.6 yellow; 07-31 and 08-31 not started for one and two months,
        //        escalated red; 09-30 three months, red not-started; 10-31 actual 40 against 71.4, red; 11-30 actual 80
        //        against 85.4, green, lifted.
        //  XM-01-M1 (06-18…10-31) on schedule and done 10-25.  XM-01-M2 (06-18…2027-03-31): 07-31 not started one month,
        //        yellow; then escalated red at every month-end to 11-30.
        //  MS-02 starts 12-01; ZD-04 is a draft.
        var issued = new Dictionary<string, string[]>();
        foreach (var month in new[] { "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11" })
        {
            var list = JsonDocument.Parse(await admin.GetStringAsync($"{api}/issued?month={month}")).RootElement;
            issued[month] = [.. list.EnumerateArray().Select(c => $"{c.GetProperty("task").GetString()} {c.GetProperty("type").GetString()} {c.GetProperty("reason").GetString()}")];
        }
        Assert.Empty(issued["2026-05"]);
        Assert.Equal(["ZD-02 yellow lag", "ZD-03 yellow lag", "SJ-01 yellow lag"], issued["2026-06"]);
        Assert.Equal(["ZD-02 red escalated", "ZD-03 red escalated", "SJ-01 red escalated", "XM-01-M2 yellow not-started"], issued["2026-07"]);
        Assert.Equal(["ZD-02 red escalated", "ZD-03 red escalated", "SJ-01 red escalated", "XM-01-M2 red escalated"], issued["2026-08"]);
        Assert.Equal(["ZD-02 red escalated", "ZD-03 red escalated", "SJ-01 red not-started", "XM-01-M2 red escalated"], issued["2026-09"]);
        Assert.Equal(["ZD-02 red lag", "MS-01 yellow lag", "SJ-01 red lag", "XM-01-M2 red escalated"], issued["2026-10"]);
        Assert.Equal(["ZD-02 yellow lag", "ZD-03 yellow lag", "MS-01 red overdue", "XM-01-M2 red escalated"], issued["2026-11"]);

        // The web application's cards agree with the rules as of 11-30 (the JSON of `pacesetter cards`).
        var cards = JsonDocument.Parse(await admin.GetStringAsync($"{api}/cards?asOf=2026-11-30")).RootElement;
        Assert.Equal(
            ["ZD-01 green 91.5 91 0.5", "ZD-02 yellow 90.7 62 28.7", "ZD-03 yellow 58.5 47 11.5", "JB-01 done 100.0 100 0.0", "MS-01 red 100.0 85 15.0",
             "SJ-01 green 85.4 80 5.4", "MS-02 pending  0 ", "XM-01-M1 done 100.0 100 0.0", "XM-01-M2 red 57.7 45 12.7"],
            cards.GetProperty("tasks").EnumerateArray().Select(t => $"{t.GetProperty("id").GetString()} {t.GetProperty("status").GetString()} {Num(t, "expected")} {Num(t, "actual")} {Num(t, "lag")}"));

        // ZD-03 and SJ-01 had their cards lifted; the leader's instruction and the reminder are on their matters.
        await using (var db = app.NewDb())
        {
            var lifted = await db.IssuedCards.Where(c => c.LiftedOn != null).Select(c => new { c.MatterCode, c.LiftedOn }).Distinct().ToListAsync();
            Assert.Equal(["SJ-01 2026-11-30", "ZD-03 2026-10-31"], lifted.Select(c => $"{c.MatterCode} {c.LiftedOn:yyyy-MM-dd}").Distinct().Order(StringComparer.Ordinal));
            Assert.Equal([DemoSupervision.Instruction], await db.Instructions.Select(i => i.Text).ToListAsync());
            Assert.Equal([DemoSupervision.Reminder], await db.Reminders.Select(r => r.Message).ToListAsync());
        }

        // A second start adds nothing.
        long rows;
        await using (var db = app.NewDb()) rows = await db.AuditEntries.CountAsync();
        using (var scope = app.Services.CreateScope()) await DemoSupervision.EnsureAsync(scope.ServiceProvider, NullLogger.Instance);
        await using (var db = app.NewDb())
        {
            Assert.Equal(rows, await db.AuditEntries.CountAsync());
            Assert.Equal(10, await db.Matters.CountAsync());
        }
    }

    private static string Num(JsonElement task, string field) =>
        task.GetProperty(field) is { ValueKind: JsonValueKind.Number } n ? n.GetRawText() : "";
}
