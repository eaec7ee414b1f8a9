using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Access;
using Pacesetter.App.Audit;
using Pacesetter.App.Data;
using Pacesetter.App.Organizations;
using Pacesetter.App.Supervision.Bulletins;
using Pacesetter.App.Supervision.Cards;
using Pacesetter.App.Supervision.Matters;
using Pacesetter.App.Supervision.Messages;
using Pacesetter.App.Supervision.Model;
using Pacesetter.App.Supervision.Projects;
using Pacesetter.App.Time;
using Pacesetter.App.Writes;

namespace Pacesetter.Web.Demo;

/// <summary>
/// The demo's supervision (督查督办, issue #10), added on a demo start after the organization (ADR 0035): nine matters of
/// the four kinds in every state of the workflow, with monthly progress reports from January to November 2026, four
/// major projects (one started, its two construction milestones matters), a leader's instruction, a reminder, the
/// month-end cards up to November 2026, and the bulletins of October (issued, 第1期) and November (a draft).
/// Every row is written through the services a user's request goes through, as the demo users, so the audit trail
/// holds it as it would hold theirs. <c>Demo:Supervision=false</c> leaves it out (the test suite's demo template).
/// </summary>
public static class DemoSupervision
{
    /// <summary>The audit action written last: its presence means the demo's supervision is complete.</summary>
    public const string DoneKind = "demo.supervision";

    /// <summary>The last month-end the demo evaluates (its reports end in November 2026).</summary>
    public static readonly DateOnly LastMonthEnd = new(2026, 11, 30);

    public sealed record DemoReport(string Date, decimal Percent, string? Narrative = null);

    /// <summary>A demo matter: its code, name, kind, unit, co-units, leader, dates, reports and the workflow state it ends in.</summary>
    public sealed record DemoMatter(string Code, string Name, MatterKind Kind, string Unit, string Start, string Due, MatterState State,
        IReadOnlyList<DemoReport> Reports, string? CoUnits = null, string? Description = null);

    private static DemoReport R(string date, decimal percent, string? narrative = null) => new(date, percent, narrative);

    public static readonly IReadOnlyList<DemoMatter> Matters =
    [
        new("ZD-01", "城东街道老旧小区改造提升", MatterKind.KeyTask, "T1", "2026-01-01", "2026-12-31", MatterState.InProgress,
            [R("2026-01-31", 8, "完成12个小区改造方案设计"), R("2026-02-28", 15), R("2026-03-31", 25, "6个小区开工"), R("2026-04-30", 33), R("2026-05-31", 42),
             R("2026-06-30", 50, "雨污分流完成过半"), R("2026-07-31", 58), R("2026-08-31", 66), R("2026-09-30", 75, "18个小区外立面完工"), R("2026-10-31", 83), R("2026-11-30", 91, "进入扫尾验收")],
            CoUnits: "D5", Description: "完成辖区24个老旧小区雨污分流、外立面和适老化改造。"),
        new("ZD-02", "城西街道标准厂房建设", MatterKind.KeyTask, "T2", "2026-02-01", "2026-12-31", MatterState.InProgress,
            [R("2026-03-31", 10, "完成土地平整"), R("2026-04-30", 18), R("2026-05-31", 28), R("2026-06-30", 33), R("2026-07-31", 38, "受雨季影响主体施工放缓"),
             R("2026-09-30", 50), R("2026-11-30", 62, "3栋厂房主体封顶")],
            Description: "建成标准厂房12万平方米，年底前交付使用。"),
        new("ZD-03", "城东街道河道综合整治", MatterKind.KeyTask, "T1", "2026-05-01", "2027-04-30", MatterState.InProgress,
            [R("2026-06-30", 5), R("2026-08-31", 20, "清淤工程完成"), R("2026-10-31", 44), R("2026-11-30", 47, "护岸施工受征迁影响")]),
        new("JB-01", "重点企业服务专员全覆盖", MatterKind.Assigned, "D1", "2026-03-01", "2026-09-30", MatterState.Closed,
            [R("2026-03-31", 20, "选派服务专员48名"), R("2026-05-31", 60), R("2026-07-31", 90), R("2026-09-20", 100, "286家规上企业全部对接到位")]),
        new("MS-01", "新建公共停车泊位2000个", MatterKind.Livelihood, "S1", "2026-04-01", "2026-11-15", MatterState.InProgress,
            [R("2026-04-30", 12, "完成8处停车场选址"), R("2026-05-31", 25), R("2026-06-30", 38), R("2026-07-31", 50), R("2026-08-31", 62), R("2026-09-30", 72),
             R("2026-10-31", 80), R("2026-11-10", 85, "剩余300个泊位待验收")],
            CoUnits: "T1,T2"),
        new("SJ-01", "长三角产业链招商推介会", MatterKind.Secretary, "I1", "2026-06-01", "2026-12-31", MatterState.InProgress,
            [R("2026-10-15", 40, "上海推介会已举办"), R("2026-11-20", 80, "签约项目9个")]),
        new("MS-02", "城西街道社区嵌入式养老服务站", MatterKind.Livelihood, "T2", "2026-12-01", "2027-06-30", MatterState.Assigned, []),
        new("ZD-04", "新港镇农村人居环境整治", MatterKind.KeyTask, "T6", "2027-01-01", "2027-12-31", MatterState.Draft, []),
    ];

    /// <summary>The demo's major projects (supervision.md §4): code, name, 亿元, unit, then its dated stages.</summary>
    public sealed record DemoProject(string Code, string Name, decimal Investment, string Unit, IReadOnlyList<(string Stage, string On, string? Reason)> Stages,
        IReadOnlyList<(string Name, string Due)>? Milestones = null);

    public static readonly IReadOnlyList<DemoProject> Projects =
    [
        new("XM-01", "新能源汽车零部件产业园", 80m, "T1", [("signed", "2026-03-10", null), ("started", "2026-06-18", null)],
            [("桩基工程完成", "2026-10-31"), ("主体结构封顶", "2027-03-31")]),
        new("XM-02", "生物医药孵化器", 6m, "I1", [("signed", "2026-02-01", null), ("started", "2026-04-10", null), ("completed", "2026-11-20", null)]),
        new("XM-03", "港口冷链物流园", 15m, "T2", [("negotiating", "2026-08-01", null)]),
        new("XM-04", "滨江文旅综合体", 30m, "S5", [("signed", "2026-05-01", null), ("dropped", "2026-09-15", "投资方战略调整，项目终止")]),
    ];

    /// <summary>The reports of the started project's milestones, by the reporter of T1 after it acknowledged them (the first then reported back, 反馈).</summary>
    public static readonly IReadOnlyList<(string Matter, DemoReport Report)> MilestoneReports =
    [
        ("XM-01-M1", R("2026-07-31", 30)), ("XM-01-M1", R("2026-08-31", 55)), ("XM-01-M1", R("2026-09-30", 80)), ("XM-01-M1", R("2026-10-25", 100, "桩基全部完成并通过检测")),
        ("XM-01-M2", R("2026-09-30", 25)), ("XM-01-M2", R("2026-11-30", 45, "主体施工至第6层")),
    ];

    public const string Instruction = "请城西街道加快标准厂房建设，11月底前报送赶超计划。";
    public const string Reminder = "停车泊位项目已过完成时限，请于3个工作日内报送完成情况。";

    public static bool Enabled(IConfiguration configuration) => configuration.GetValue("Demo:Supervision", true);

    /// <summary>Adds the demo's supervision once; a demo whose supervision is complete, or that has matters of its own, is left alone.</summary>
    public static async Task EnsureAsync(IServiceProvider services, ILogger logger)
    {
        var db = services.GetRequiredService<PacesetterDb>();
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Slug == DemoData.Slug);
        if (await db.AuditEntries.AnyAsync(e => e.OrganizationId == org.Id && e.Kind == DoneKind)) return;
        if (await db.Matters.AnyAsync(m => m.OrganizationId == org.Id) || await db.Projects.AnyAsync(p => p.OrganizationId == org.Id))
        {
            logger.LogWarning("demo: the demo organization has supervised matters or projects but not the demo's complete supervision; left as it is");
            return;
        }
        var today = WorkingDays.Today(services.GetRequiredService<TimeProvider>());
        if (today <= LastMonthEnd)
        {
            logger.LogWarning("demo: the demo's supervision reports run to {Last}; today {Today} is earlier, so it is left out", LastMonthEnd, today);
            return;
        }
        await SeedAsync(services, db, org.Id);
    }

    private static async Task SeedAsync(IServiceProvider services, PacesetterDb db, int org)
    {
        async Task<Actor> As(string userName)
        {
            var id = await db.Users.AsNoTracking().Where(u => u.OrganizationId == org && u.UserName == userName).Select(u => u.Id).FirstAsync();
            return (await Actor.LoadAsync(db, id))!;
        }
        var admin = await As("admin");
        var leader = await As("leader");
        var reporters = new Dictionary<string, Actor>();
        foreach (var u in DemoData.Users.Where(u => u.Unit is not null)) reporters[u.Unit!] = await As(u.UserName);
        Actor ReporterOf(string unit) => reporters.TryGetValue(unit, out var r) ? r : admin;

        var matters = services.GetRequiredService<MatterService>();
        async Task Step(Actor a, string code, string step, string? reason = null) => Check(await matters.StepAsync(a, code, new StepInput(step, reason, null)), $"{code} {step}");
        async Task Report(string code, string unit, DemoReport r) =>
            Check(await matters.ReportAsync(ReporterOf(unit), code, new ReportInput(DateOnly.Parse(r.Date, System.Globalization.CultureInfo.InvariantCulture), r.Percent, r.Narrative, null)), $"{code} {r.Date}");

        foreach (var m in Matters)
        {
            var input = new MatterInput(m.Code, m.Name, m.Kind, m.Unit, m.CoUnits?.Split(',') ?? [], "分管领导 张明",
                Date(m.Start), Date(m.Due), ReportFrequency.Monthly, m.Description, [], null);
            Check(await matters.CreateAsync(admin, input), m.Code);
            if (m.State == MatterState.Draft) continue;
            await Step(leader, m.Code, "approve");
            await Step(admin, m.Code, "assign");
            if (m.State == MatterState.Assigned) continue;
            await Step(ReporterOf(m.Unit), m.Code, "acknowledge");
            foreach (var r in m.Reports) await Report(m.Code, m.Unit, r);
            if (m.State == MatterState.Closed)
            {
                await Step(ReporterOf(m.Unit), m.Code, "feedback");
                await Step(admin, m.Code, "verify");
                await Step(admin, m.Code, "close");
            }
        }

        var projects = services.GetRequiredService<ProjectService>();
        foreach (var p in Projects)
        {
            var (firstStage, firstOn, firstReason) = p.Stages[0];
            Check(await projects.SaveAsync(admin, new ProjectInput(p.Code, p.Name, p.Investment, p.Unit, firstStage, firstOn, firstReason), null, createOnly: true), p.Code);
            foreach (var (stage, on, reason) in p.Stages.Skip(1))
            {
                var milestones = stage == "started" ? p.Milestones?.Select(x => new MilestoneInput(x.Name, x.Due)).ToList() : null;
                Check(await projects.ChangeStageAsync(admin, p.Code, new StageInput(stage, on, reason, milestones)), $"{p.Code} {stage}");
            }
        }
        foreach (var code in MilestoneReports.Select(r => r.Matter).Distinct()) await Step(reporters["T1"], code, "acknowledge");
        foreach (var (code, report) in MilestoneReports) await Report(code, "T1", report);
        await Step(reporters["T1"], "XM-01-M1", "feedback"); // done at 100 %: reported back, awaiting the office's 复核

        Check(await matters.InstructAsync(leader, "ZD-02", Instruction), "instruction");
        Check(await matters.RemindAsync(admin, "MS-01", Reminder), "reminder");

        Check(await services.GetRequiredService<CardIssuer>().RunAsync(org, LastMonthEnd, "system:month-end", CancellationToken.None), "month-end");

        var bulletins = services.GetRequiredService<BulletinService>();
        var october = Check(await bulletins.DraftAsync(admin, "2026-10", CancellationToken.None), "bulletin 2026-10");
        Check(await bulletins.IssueAsync(admin, october.Id, october.Version, CancellationToken.None), "bulletin 2026-10 issue");
        Check(await bulletins.DraftAsync(admin, "2026-11", CancellationToken.None), "bulletin 2026-11");
        // The notifications of the steps past their deadline now, not at the scheduler's next scan.
        await services.GetRequiredService<NotificationService>().ScanDeadlinesAsync(CancellationToken.None);

        Check(await new OrgWriter(db).RunAsync(org, "admin", async w =>
        {
            await w.Audit(DoneKind, "organization", DemoData.Slug, after: OrgRules.Json(new { matters = Matters.Count, projects = Projects.Count, cardsThrough = "2026-11-30" }), reason: DemoData.ImportReason);
            return WriteOutcome<bool>.Ok(true);
        }), "done");
    }

    private static DateOnly Date(string text) => DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static T Check<T>(WriteOutcome<T> outcome, string what) =>
        outcome.IsOk ? outcome.Value! : throw new InvalidOperationException($"demo supervision {what}: {outcome.Status} " + string.Join("; ", outcome.Problems.Select(p => $"{p.Path}: {p.English}")));
}
