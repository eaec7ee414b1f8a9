using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Access;
using Pacesetter.App.Accounts;
using Pacesetter.App.Data;
using Pacesetter.App.DataEntry;
using Pacesetter.App.Organizations;
using Pacesetter.App.Supervision.Model;
using Pacesetter.App.Time;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Supervision;

namespace Pacesetter.App.Supervision.Matters;

/// <summary>A matter as the office creates (立项) or edits it.</summary>
public sealed record MatterInput(string Code, string Name, MatterKind Kind, string Unit, IReadOnlyList<string> CoUnits, string? Leader,
    DateOnly Start, DateOnly Due, ReportFrequency Frequency, string? Description, IReadOnlyList<(string Name, DateOnly Due)> Milestones, string? Project);

/// <summary>A progress report: the date (default today, Beijing), the percent, what was done, and why the percent fell.</summary>
public sealed record ReportInput(DateOnly? Date, decimal? Percent, string? Narrative, string? Reason);

/// <summary>A workflow step by its API name (<c>approve</c>, <c>assign</c>, …), with its reason and, for 下发, the office's deadline.</summary>
public sealed record StepInput(string Step, string? Reason, DateTimeOffset? Deadline);

/// <summary>Which matters a list shows: by unit, kind, state, overdue now, or standing card.</summary>
public sealed record MatterFilter(string? Unit = null, MatterKind? Kind = null, MatterState? State = null, bool? Overdue = null, CardType? Card = null);

/// <summary>The supervision hub's figures: matters under way, a step overdue now, standing red and yellow cards.</summary>
public sealed record MatterFigures(int UnderWay, int Overdue, int Red, int Yellow);

/// <summary>A reminder with who read it.</summary>
public sealed record ReminderView(Reminder Reminder, IReadOnlyList<ReminderRead> Reads);

/// <summary>Everything a matter's page and its API show.</summary>
public sealed record MatterView(Matter Matter, IReadOnlyList<Milestone> Milestones, IReadOnlyList<MatterReport> Reports,
    ILookup<long, ReportEvidence> Evidence, IReadOnlyList<MatterStep> Steps, IReadOnlyList<Instruction> Instructions,
    IReadOnlyList<ReminderView> Reminders, IReadOnlyList<IssuedCard> Cards, TaskEvaluation Live, DateOnly Today, DateTimeOffset Now)
{
    /// <summary>Whether the pending step is past its deadline now.</summary>
    public bool Overdue => StepRules.IsOverdue(Matter.NextDeadline, Now);

    /// <summary>The latest card not lifted, or null.</summary>
    public IssuedCard? Standing => Cards.Where(c => c.LiftedOn is null).OrderByDescending(c => c.MonthEnd).FirstOrDefault();
}

/// <summary>A reminder as sent: the row and the user names it went to.</summary>
public sealed record SentReminder(Reminder Reminder, IReadOnlyList<string> Recipients);

/// <summary>A step as taken, with the matter after it.</summary>
public sealed record TakenStep(MatterStep Step, Matter Matter);

/// <summary>A report as stored, with the matter after it (its state) and its live evaluation.</summary>
public sealed record StoredReport(MatterReport Report, Matter Matter, TaskEvaluation Live, DateOnly AsOf);

/// <summary>
/// 督办事项 supervised matters and their workflow (supervision.md §3, ADR 0027): 立项 by the office, the steps of
/// <see cref="StepRules"/> with who, when, why, the deadline and whether it was overdue; progress reports only from the
/// responsible unit (or the office on its behalf) with evidence; leaders' instructions (批示) the unit acknowledges;
/// the office's reminders (催办) with read receipts. Who may do what is <see cref="SupervisionAccess"/>'s. Every write
/// is one <see cref="OrgWriter"/> write with its audit row; assignment, return, instructions and reminders notify in it.
/// </summary>
public sealed class MatterService(PacesetterDb db, TimeProvider clock)
{
    private readonly OrgWriter writer = new(db);

    public static readonly OrgRules.Field IdField = new("事项编号", "Matter id");
    public static readonly OrgRules.Field NameField = new("事项名称", "Matter name");
    public static readonly OrgRules.Field UnitField = new("责任单位", "Responsible unit");
    public static readonly OrgRules.Field CoUnitField = new("配合单位", "Co-unit");
    public static readonly OrgRules.Field LeaderField = new("牵头领导", "Lead leader");
    public static readonly OrgRules.Field DescriptionField = new("事项内容", "Description");
    public static readonly OrgRules.Field MilestoneField = new("节点名称", "Milestone name");
    public static readonly OrgRules.Field NarrativeField = new("进展情况", "Progress narrative");
    public static readonly OrgRules.Field ReasonField = new("原因", "Reason");
    public static readonly OrgRules.Field InstructionField = new("批示内容", "Instruction");
    public static readonly OrgRules.Field MessageField = new("催办内容", "Reminder message");

    public static readonly Problem CoUnitOnly = new("$.unit", "only the responsible unit reports progress; a co-unit does not", "只有责任单位可以报送进度，配合单位不能报送");
    public static readonly Problem NotInstructor = new("$", "only a leader writes instructions (批示)", "只有领导可以作出批示");
    public static readonly Problem NotReminder = new("$", "only the supervising office (the admin) sends reminders", "只有督查室（管理员）可以催办");
    public static readonly Problem NotAcknowledger = new("$", "only the responsible unit's reporter acknowledges an instruction", "只有责任单位的填报人员可以签收批示");
    public static readonly Problem NotRecipient = new("$", "only the responsible unit's reporters read the reminders sent to them", "只有责任单位的填报人员可以阅读催办");
    public static readonly Problem NotManager = new("$", "only the supervising office (the admin) creates and edits matters", "只有督查室（管理员）可以立项和修改事项");
    public static readonly Problem BadPercent = new("$.percent", "the percent is required: a number from 0 to 100", "请填写完成百分比（0 到 100 的数）");
    public static readonly Problem EmptyEvidence = new("$.file", "the file is empty", "文件为空");
    public static readonly Problem BadEvidenceType = new("$.file", "only photos (PNG, JPEG), PDF, Word (.docx) or Excel (.xlsx) files are accepted (told by their content)",
        "只接受照片（PNG、JPEG）、PDF、Word（.docx）或 Excel（.xlsx）文件（按文件内容识别）");

    public static readonly Problem NoSupervision = new("$", "supervision is for the office, leaders and the units' reporters", "督查督办仅限督查室、领导和各单位填报人员");

    /// <summary>The refusal of an actor with no part in supervision (an assessor only): 403.</summary>
    private static WriteOutcome<T> Outside<T>() => WriteOutcome<T>.Forbidden() with { Problems = [NoSupervision] };

    public static Problem TooLargeEvidence(long limit) =>
        new("$.file", $"the file may hold at most {limit / (1024 * 1024)} MB", $"文件不能超过 {limit / (1024 * 1024)} MB");

    private DateTimeOffset Now => clock.GetUtcNow();

    private DateOnly Today => WorkingDays.ChinaDate(Now);

    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string P(decimal d) => d.ToString(CultureInfo.InvariantCulture);

    private static string China(DateTimeOffset at) => WorkingDays.ShowDeadline(at);

    // ---------------------------------------------------------------- reads

    /// <summary>The matter <paramref name="code"/> as <paramref name="a"/> may read it, or null (absent or not readable).</summary>
    public async Task<MatterView?> GetAsync(Actor a, string code, CancellationToken ct = default)
    {
        var m = await FindAsync(a.OrganizationId, code, ct);
        if (m is null || !SupervisionAccess.CanRead(a, m)) return null;
        return await ViewAsync(m, ct);
    }

    private async Task<MatterView> ViewAsync(Matter m, CancellationToken ct)
    {
        var org = m.OrganizationId;
        var milestones = await db.Milestones.AsNoTracking().Where(x => x.OrganizationId == org && x.MatterId == m.Id).OrderBy(x => x.Position).ThenBy(x => x.Id).ToListAsync(ct);
        var reports = await db.MatterReports.AsNoTracking().Where(x => x.OrganizationId == org && x.MatterId == m.Id).OrderBy(x => x.Id).ToListAsync(ct);
        var ids = reports.Select(r => r.Id).ToList();
        var evidence = await db.ReportEvidence.AsNoTracking().Where(x => x.OrganizationId == org && ids.Contains(x.ReportId)).OrderBy(x => x.Id)
            .Select(x => new ReportEvidence
            {
                Id = x.Id,
                OrganizationId = x.OrganizationId,
                ReportId = x.ReportId,
                FileName = x.FileName,
                ContentType = x.ContentType,
                Size = x.Size,
                Sha256 = x.Sha256,
                Content = Array.Empty<byte>(),
                UploadedBy = x.UploadedBy,
                UploadedAt = x.UploadedAt,
            }).ToListAsync(ct);
        var steps = await db.MatterSteps.AsNoTracking().Where(x => x.OrganizationId == org && x.MatterId == m.Id).OrderBy(x => x.Id).ToListAsync(ct);
        var instructions = await db.Instructions.AsNoTracking().Where(x => x.OrganizationId == org && x.MatterId == m.Id).OrderBy(x => x.Id).ToListAsync(ct);
        var reminders = await db.Reminders.AsNoTracking().Where(x => x.OrganizationId == org && x.MatterId == m.Id).OrderBy(x => x.Id).ToListAsync(ct);
        var reminderIds = reminders.Select(r => r.Id).ToList();
        var reads = await db.ReminderReads.AsNoTracking().Where(x => x.OrganizationId == org && reminderIds.Contains(x.ReminderId)).OrderBy(x => x.Id).ToListAsync(ct);
        var cards = await db.IssuedCards.AsNoTracking().Where(x => x.OrganizationId == org && x.MatterId == m.Id).OrderBy(x => x.MonthEnd).ToListAsync(ct);
        var rules = (await CardSettings.ForAsync(db, org, ct)).ToRules();
        var now = Now;
        var today = WorkingDays.ChinaDate(now);
        return new MatterView(m, milestones, reports, evidence.ToLookup(e => e.ReportId), steps, instructions,
            [.. reminders.Select(r => new ReminderView(r, [.. reads.Where(x => x.ReminderId == r.Id)]))], cards, Live(m, reports, rules, today), today, now);
    }

    /// <summary>The engine's evaluation of the matter as of <paramref name="asOf"/> with the organization's rules (reports in the order made).</summary>
    public static TaskEvaluation Live(Matter m, IEnumerable<MatterReport> reports, CardRules rules, DateOnly asOf) =>
        CardEvaluator.EvaluateTask(new SupervisedTask(m.Code, m.Name, m.UnitCode, m.Start, m.Due,
            [.. reports.OrderBy(r => r.Id).Select(r => new ProgressReport(r.Date, r.Percent))]), rules, asOf);

    /// <summary>The matters <paramref name="a"/> may read, by their position, filtered.</summary>
    public async Task<List<Matter>> ListAsync(Actor a, MatterFilter f, CancellationToken ct = default)
    {
        var org = a.OrganizationId;
        var q = db.Matters.AsNoTracking().Where(m => m.OrganizationId == org);
        if (f.Unit is { Length: > 0 } unit) q = q.Where(m => m.UnitCode == unit);
        if (f.Kind is { } kind) q = q.Where(m => m.Kind == kind);
        if (f.State is { } state) q = q.Where(m => m.State == state);
        if (f.Card is { } card) q = q.Where(m => m.StandingCard == card);
        var now = Now;
        var list = (await q.OrderBy(m => m.Position).ThenBy(m => m.Id).ToListAsync(ct)).Where(m => SupervisionAccess.CanRead(a, m));
        if (f.Overdue is { } overdue) list = list.Where(m => StepRules.IsOverdue(m.NextDeadline, now) == overdue);
        return [.. list];
    }

    /// <summary>
    /// The hub's figures of the matters <paramref name="a"/> may read: under way (下发 to 复核), a step overdue now,
    /// standing red and yellow cards. Reads five columns, not the matters.
    /// </summary>
    public async Task<MatterFigures> FiguresAsync(Actor a, CancellationToken ct = default)
    {
        var org = a.OrganizationId;
        var now = Now;
        var rows = (await db.Matters.AsNoTracking().Where(m => m.OrganizationId == org)
                .Select(m => new { m.UnitCode, m.CoUnits, m.State, m.StandingCard, m.NextDeadline }).ToListAsync(ct))
            .Where(m => SupervisionAccess.CanRead(a, m.UnitCode, m.CoUnits)).ToList();
        return new MatterFigures(
            rows.Count(m => m.State is >= MatterState.Assigned and < MatterState.Closed),
            rows.Count(m => StepRules.IsOverdue(m.NextDeadline, now)),
            rows.Count(m => m.StandingCard == CardType.Red),
            rows.Count(m => m.StandingCard == CardType.Yellow));
    }

    /// <summary>The units of the organization (code → name), for forms and labels.</summary>
    public async Task<Dictionary<string, string>> UnitNamesAsync(int org, CancellationToken ct = default) =>
        await db.Units.AsNoTracking().Where(u => u.OrganizationId == org).ToDictionaryAsync(u => u.Code, u => u.Name, StringComparer.Ordinal, ct);

    /// <summary>An evidence file with its content, when <paramref name="a"/> may read its matter.</summary>
    public async Task<ReportEvidence?> EvidenceAsync(Actor a, string code, long evidenceId, CancellationToken ct = default)
    {
        var m = await FindAsync(a.OrganizationId, code, ct);
        if (m is null || !SupervisionAccess.CanRead(a, m)) return null;
        var e = await db.ReportEvidence.AsNoTracking().FirstOrDefaultAsync(x => x.OrganizationId == a.OrganizationId && x.Id == evidenceId, ct);
        if (e is null) return null;
        var belongs = await db.MatterReports.AnyAsync(r => r.OrganizationId == a.OrganizationId && r.Id == e.ReportId && r.MatterId == m.Id, ct);
        return belongs ? e : null;
    }

    /// <summary>The user names of the reporters of <paramref name="unit"/> (a reminder's recipients).</summary>
    public async Task<List<string>> ReporterNamesAsync(int org, string unit, CancellationToken ct = default)
    {
        var ids = db.Memberships.AsNoTracking().Where(m => m.OrganizationId == org && m.Role == OrgRole.Reporter && m.UnitCode == unit).Select(m => m.UserId);
        return await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => u.UserName!).OrderBy(n => n).ToListAsync(ct);
    }

    private Task<Matter?> FindAsync(int org, string code, CancellationToken ct) =>
        db.Matters.AsNoTracking().FirstOrDefaultAsync(m => m.OrganizationId == org && m.Code == code, ct);

    // ---------------------------------------------------------------- 立项 and edits

    /// <summary>立项: the office creates a matter in state 立项 (draft), waiting for a leader's 审核.</summary>
    public async Task<WriteOutcome<Matter>> CreateAsync(Actor a, MatterInput i, CancellationToken ct = default)
    {
        if (!SupervisionAccess.Supervises(a)) return Outside<Matter>();
        if (!SupervisionAccess.Manages(a)) return WriteOutcome<Matter>.Forbidden() with { Problems = [NotManager] };
        var input = Clean(i);
        var problems = Check(input);
        if (problems.Count > 0) return WriteOutcome<Matter>.Invalid(problems);
        return await writer.RunAsync(a.OrganizationId, a.UserName, async w =>
        {
            var org = a.OrganizationId;
            problems = await CheckInOrganizationAsync(org, input, ct);
            if (problems.Count > 0) return WriteOutcome<Matter>.Invalid(problems);
            if (await db.Matters.AnyAsync(m => m.OrganizationId == org && m.Code == input.Code, ct))
            {
                return WriteOutcome<Matter>.Conflict(new Problem("$.id", $"a matter with the id \"{input.Code}\" exists already", $"事项编号“{input.Code}”已存在"));
            }
            var now = Now;
            var position = (await db.Matters.Where(m => m.OrganizationId == org).MaxAsync(m => (int?)m.Position, ct) ?? 0) + 1;
            var m = new Matter
            {
                OrganizationId = org,
                Code = input.Code,
                Name = input.Name,
                Kind = input.Kind,
                UnitCode = input.Unit,
                CoUnits = input.CoUnits.Count == 0 ? null : string.Join(',', input.CoUnits),
                Leader = input.Leader,
                Start = input.Start,
                Due = input.Due,
                Frequency = input.Frequency,
                Description = input.Description,
                ProjectId = await ProjectIdAsync(org, input.Project, ct),
                State = MatterState.Draft,
                Position = position,
                NextStep = StepKind.Approve,
                CreatedBy = a.UserName,
                CreatedAt = now,
                Version = 1,
            };
            db.Matters.Add(m);
            await w.SaveAsync();
            AddMilestones(m, input);
            db.MatterSteps.Add(new MatterStep { OrganizationId = org, MatterId = m.Id, Kind = StepKind.Create, From = null, To = MatterState.Draft, Actor = a.UserName, At = now });
            await w.Audit("matter.create", "matter", m.Code, unit: m.UnitCode, after: Snapshot(m, input.Milestones));
            return WriteOutcome<Matter>.Ok(m);
        }, ct: ct);
    }

    /// <summary>The office edits a matter (its version as read): name, kind, units, leader, dates, frequency, description, milestones.</summary>
    public async Task<WriteOutcome<Matter>> UpdateAsync(Actor a, string code, MatterInput i, int version, CancellationToken ct = default)
    {
        if (!SupervisionAccess.Supervises(a)) return Outside<Matter>();
        var found = await FindAsync(a.OrganizationId, code, ct);
        if (found is null || !SupervisionAccess.CanRead(a, found)) return WriteOutcome<Matter>.NotFound();
        if (!SupervisionAccess.Manages(a)) return WriteOutcome<Matter>.Forbidden() with { Problems = [NotManager] };
        var input = Clean(i with { Code = code });
        var problems = Check(input);
        if (problems.Count > 0) return WriteOutcome<Matter>.Invalid(problems);
        return await writer.RunAsync(a.OrganizationId, a.UserName, async w =>
        {
            var org = a.OrganizationId;
            var m = await db.Matters.FirstOrDefaultAsync(x => x.OrganizationId == org && x.Code == code, ct);
            if (m is null) return WriteOutcome<Matter>.NotFound();
            if (m.Version != version) return WriteOutcome<Matter>.Conflict(WriteMessages.Changed, m);
            problems = await CheckInOrganizationAsync(org, input, ct);
            if (problems.Count > 0) return WriteOutcome<Matter>.Invalid(problems);
            var oldMilestones = await db.Milestones.Where(x => x.OrganizationId == org && x.MatterId == m.Id).OrderBy(x => x.Position).ToListAsync(ct);
            var before = Snapshot(m, [.. oldMilestones.Select(x => (x.Name, x.Due))]);
            m.Name = input.Name;
            m.Kind = input.Kind;
            m.UnitCode = input.Unit;
            m.CoUnits = input.CoUnits.Count == 0 ? null : string.Join(',', input.CoUnits);
            m.Leader = input.Leader;
            m.Start = input.Start;
            m.Due = input.Due;
            m.Frequency = input.Frequency;
            m.Description = input.Description;
            m.ProjectId = await ProjectIdAsync(org, input.Project, ct);
            if (m.NextStep == StepKind.Feedback) m.NextDeadline = WorkingDays.EndOfDay(m.Due);
            m.Version++;
            db.Milestones.RemoveRange(oldMilestones);
            AddMilestones(m, input, oldMilestones);
            await w.Audit("matter.update", "matter", m.Code, unit: m.UnitCode, before: before, after: Snapshot(m, input.Milestones));
            return WriteOutcome<Matter>.Ok(m);
        }, ct: ct);
    }

    private void AddMilestones(Matter m, MatterInput input, IReadOnlyList<Milestone>? old = null)
    {
        var n = 0;
        foreach (var (name, due) in input.Milestones)
        {
            db.Milestones.Add(new Milestone
            {
                OrganizationId = m.OrganizationId,
                MatterId = m.Id,
                Name = name,
                Due = due,
                DoneOn = old?.FirstOrDefault(x => x.Name == name)?.DoneOn,
                Position = ++n,
            });
        }
    }

    private async Task<long?> ProjectIdAsync(int org, string? project, CancellationToken ct) => project is null ? null
        : await db.Projects.Where(p => p.OrganizationId == org && p.Code == project).Select(p => (long?)p.Id).FirstOrDefaultAsync(ct);

    private static MatterInput Clean(MatterInput i) => i with
    {
        Code = i.Code?.Trim() ?? "",
        Name = i.Name?.Trim() ?? "",
        Unit = i.Unit?.Trim() ?? "",
        CoUnits = [.. (i.CoUnits ?? []).Select(c => c?.Trim() ?? "").Where(c => c.Length > 0).Distinct(StringComparer.Ordinal)],
        Leader = string.IsNullOrWhiteSpace(i.Leader) ? null : i.Leader.Trim(),
        Description = string.IsNullOrWhiteSpace(i.Description) ? null : i.Description.Trim(),
        Milestones = [.. (i.Milestones ?? []).Select(x => ((x.Name ?? "").Trim(), x.Due))],
        Project = string.IsNullOrWhiteSpace(i.Project) ? null : i.Project.Trim(),
    };

    /// <summary>The checks of a matter that need no database: shapes, lengths and dates.</summary>
    public static List<Problem> Check(MatterInput i)
    {
        var problems = new List<Problem>();
        if (!OrgRules.Code().IsMatch(i.Code)) problems.Add(OrgRules.BadCode("$.id", IdField));
        if (OrgRules.CheckName("$.name", NameField, i.Name) is { } name) problems.Add(name);
        if (!Enum.IsDefined(i.Kind)) problems.Add(new("$.kind", "the kind must be key-task, assigned, livelihood, secretary or milestone", "类别须为 key-task、assigned、livelihood、secretary 或 milestone"));
        if (!OrgRules.Code().IsMatch(i.Unit)) problems.Add(OrgRules.BadCode("$.unit", UnitField));
        if (i.CoUnits.Count > 50) problems.Add(new("$.coUnits", "at most 50 co-units", "配合单位最多 50 个"));
        for (int k = 0; k < i.CoUnits.Count && k < 50; k++)
        {
            if (!OrgRules.Code().IsMatch(i.CoUnits[k])) problems.Add(OrgRules.BadCode($"$.coUnits[{k}]", CoUnitField));
            else if (i.CoUnits[k] == i.Unit) problems.Add(new($"$.coUnits[{k}]", "the responsible unit is not also a co-unit", "责任单位不能同时是配合单位"));
        }
        if (i.Leader is not null && OrgRules.CheckName("$.leader", LeaderField, i.Leader) is { } leader) problems.Add(leader);
        if (i.Due < i.Start) problems.Add(new("$.due", $"the due date {D(i.Due)} is before the start {D(i.Start)}", $"完成时限 {D(i.Due)} 早于开始日期 {D(i.Start)}"));
        if (!Enum.IsDefined(i.Frequency)) problems.Add(new("$.frequency", "the frequency must be weekly, monthly or quarterly", "报送频次须为 weekly、monthly 或 quarterly"));
        problems.AddRange(TextProblems(i.Description, "$.description", DescriptionField, InputLimits.Text));
        if (i.Milestones.Count > 100) problems.Add(new("$.milestones", "at most 100 milestones", "节点最多 100 个"));
        for (int k = 0; k < i.Milestones.Count && k < 100; k++)
        {
            var (mName, due) = i.Milestones[k];
            if (OrgRules.CheckName($"$.milestones[{k}].name", MilestoneField, mName) is { } p) problems.Add(p);
            if (due < i.Start || due > i.Due)
            {
                problems.Add(new($"$.milestones[{k}].due", $"the milestone's date {D(due)} must be from the start {D(i.Start)} to the due date {D(i.Due)}",
                    $"节点时间 {D(due)} 须在开始日期 {D(i.Start)} 与完成时限 {D(i.Due)} 之间"));
            }
        }
        if (i.Project is not null && !OrgRules.Code().IsMatch(i.Project)) problems.Add(OrgRules.BadCode("$.project", new("项目编号", "Project id")));
        return problems;
    }

    private async Task<List<Problem>> CheckInOrganizationAsync(int org, MatterInput i, CancellationToken ct)
    {
        var problems = new List<Problem>();
        var units = await db.Units.AsNoTracking().Where(u => u.OrganizationId == org && u.RetiredAt == null).Select(u => u.Code).ToListAsync(ct);
        if (!units.Contains(i.Unit)) problems.Add(new("$.unit", $"unknown unit \"{i.Unit}\"", $"未知单位“{i.Unit}”"));
        for (int k = 0; k < i.CoUnits.Count; k++)
        {
            if (!units.Contains(i.CoUnits[k])) problems.Add(new($"$.coUnits[{k}]", $"unknown unit \"{i.CoUnits[k]}\"", $"未知单位“{i.CoUnits[k]}”"));
        }
        if (i.Project is not null && await ProjectIdAsync(org, i.Project, ct) is null) problems.Add(new("$.project", $"unknown project \"{i.Project}\"", $"未知项目“{i.Project}”"));
        return problems;
    }

    private static IEnumerable<Problem> TextProblems(string? text, string path, OrgRules.Field field, int max)
    {
        if (text is null) yield break;
        if (text.Length > max) yield return OrgRules.TooLong(path, field, max);
        if (InputLimits.HasNul(text)) yield return OrgRules.NoNul(path, field);
    }

    private static string Snapshot(Matter m, IReadOnlyList<(string Name, DateOnly Due)> milestones) => OrgRules.Json(new
    {
        id = m.Code,
        name = m.Name,
        kind = MatterNames.Of(m.Kind),
        unit = m.UnitCode,
        coUnits = (m.CoUnits ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries),
        leader = m.Leader,
        start = D(m.Start),
        due = D(m.Due),
        frequency = MatterNames.Of(m.Frequency),
        description = m.Description,
        milestones = milestones.Select(x => new { name = x.Name, due = D(x.Due) }),
        state = MatterNames.Of(m.State),
    });

    // ---------------------------------------------------------------- the workflow

    /// <summary>
    /// Takes a workflow step: 404 when the matter is not readable; 403 when the actor may not take it; 400 for an
    /// unknown step, a 退回 without reason, a deadline on a step that takes none; 409 when the state does not allow it.
    /// </summary>
    public async Task<WriteOutcome<TakenStep>> StepAsync(Actor a, string code, StepInput s, CancellationToken ct = default)
    {
        if (!SupervisionAccess.Supervises(a)) return Outside<TakenStep>();
        var found = await FindAsync(a.OrganizationId, code, ct);
        if (found is null || !SupervisionAccess.CanRead(a, found)) return WriteOutcome<TakenStep>.NotFound();
        var kind = MatterNames.Step(s.Step?.Trim());
        var rule = kind is { } k ? StepRules.Of(k) : null;
        if (rule is null)
        {
            return WriteOutcome<TakenStep>.Invalid("$.step", $"unknown step \"{s.Step}\": approve, assign, acknowledge, start, feedback, verify, return or close",
                $"未知步骤“{s.Step}”：须为 approve、assign、acknowledge、start、feedback、verify、return 或 close");
        }
        if (!SupervisionAccess.CanStep(a, found, rule.Kind))
        {
            return WriteOutcome<TakenStep>.Forbidden() with
            {
                Problems = [new("$.step", $"you may not take the step \"{MatterNames.Of(rule.Kind)}\" ({MatterNames.English(rule.Kind)})", $"您无权执行“{MatterNames.Chinese(rule.Kind)}”")],
            };
        }
        var reason = string.IsNullOrWhiteSpace(s.Reason) ? null : s.Reason.Trim();
        var problems = new List<Problem>();
        if (rule.NeedsReason && reason is null) problems.Add(new("$.reason", "a return (退回) needs a reason", "退回须填写原因"));
        problems.AddRange(OrgRules.CheckReason(reason));
        if (s.Deadline is { } given && rule.Kind != StepKind.Assign) problems.Add(new("$.deadline", "only an assignment (下发) takes a deadline", "只有下发可以指定签收期限"));
        if (s.Deadline is { } g && rule.Kind == StepKind.Assign && g <= Now) problems.Add(new("$.deadline", "the deadline must be in the future", "签收期限须晚于当前时间"));
        if (problems.Count > 0) return WriteOutcome<TakenStep>.Invalid(problems);

        return await writer.RunAsync(a.OrganizationId, a.UserName, async w =>
        {
            var m = await db.Matters.FirstOrDefaultAsync(x => x.OrganizationId == a.OrganizationId && x.Id == found.Id, ct);
            if (m is null) return WriteOutcome<TakenStep>.NotFound();
            if (!rule.From.Contains(m.State))
            {
                return WriteOutcome<TakenStep>.Conflict(new Problem("$.step",
                    $"\"{MatterNames.Of(rule.Kind)}\" is not possible in state {MatterNames.Of(m.State)}: {rule.HintEn}",
                    $"事项处于“{MatterNames.Chinese(m.State)}”状态，不能“{MatterNames.Chinese(rule.Kind)}”：{rule.HintZh}"));
            }
            var step = await TakeInAsync(w, m, rule, reason, s.Deadline);
            return WriteOutcome<TakenStep>.Ok(new TakenStep(step, m));
        }, ct: ct);
    }

    /// <summary>Takes <paramref name="rule"/> on the tracked matter <paramref name="m"/> in the open write: the step row, the next step and its deadline, the audit row, the notifications.</summary>
    private async Task<MatterStep> TakeInAsync(AuditedWrite w, Matter m, StepRule rule, string? reason, DateTimeOffset? given = null)
    {
        var now = Now;
        var deadline = StepRules.Answers(rule.Kind, m.NextStep) ? m.NextDeadline : null;
        var from = m.State;
        var before = OrgRules.Json(new { state = MatterNames.Of(from), next = m.NextStep is { } n ? MatterNames.Of(n) : null, deadline = m.NextDeadline });
        var step = new MatterStep
        {
            OrganizationId = m.OrganizationId,
            MatterId = m.Id,
            Kind = rule.Kind,
            From = from,
            To = rule.To,
            Actor = w.Actor,
            At = now,
            Reason = reason,
            Deadline = deadline,
            Overdue = StepRules.IsOverdue(deadline, now),
        };
        db.MatterSteps.Add(step);
        m.State = rule.To;
        // 签收 waits the working days from the assignment; after a return, the unit reports again by the due date.
        var settings = await CardSettings.ForAsync(db, m.OrganizationId, w.Ct);
        (m.NextStep, m.NextDeadline) = StepRules.NextAfter(rule.To, m, settings, now, given);
        m.Version++;
        await w.SaveAsync();
        await w.Audit("matter." + MatterNames.Of(rule.Kind), "matter", m.Code, unit: m.UnitCode, before: before,
            after: OrgRules.Json(new { state = MatterNames.Of(m.State), next = m.NextStep is { } x ? MatterNames.Of(x) : null, deadline = m.NextDeadline, overdue = step.Overdue }),
            reason: reason);
        if (rule.Kind == StepKind.Assign)
        {
            await Notifier.NotifyInAsync(w, new NotificationEvent(NotificationKind.Assigned, new Audience(UnitReporters: m.UnitCode), $"assigned:{m.Id}:{step.Id}",
                $"督办事项“{m.Name}”已下发至本单位，请于北京时间 {China(m.NextDeadline!.Value)} 前签收",
                $"The matter \"{m.Name}\" was assigned to your unit: acknowledge it by {China(m.NextDeadline!.Value)} Beijing time",
                MatterId: m.Id, RefId: step.Id, Data: new() { ["task"] = m.Code, ["unit"] = m.UnitCode, ["deadline"] = m.NextDeadline!.Value.ToString("o", CultureInfo.InvariantCulture) }), now);
        }
        else if (rule.Kind == StepKind.Return)
        {
            await Notifier.NotifyInAsync(w, new NotificationEvent(NotificationKind.Returned, new Audience(UnitReporters: m.UnitCode), $"returned:{m.Id}:{step.Id}",
                $"督办事项“{m.Name}”被退回办理：{reason}", $"The matter \"{m.Name}\" was returned to work on: {reason}",
                MatterId: m.Id, RefId: step.Id, Data: new() { ["task"] = m.Code, ["unit"] = m.UnitCode, ["reason"] = reason }), now);
        }
        return step;
    }

    // ---------------------------------------------------------------- progress

    /// <summary>
    /// 报送进度: only the responsible unit's reporter or the office; the matter acknowledged or in progress (the first
    /// report starts the work, 办理); the percent 0–100; the date (default today, Beijing) not in the future, not before
    /// the start, not on or before the last evaluated month-end; a percent below the latest earlier report needs a reason.
    /// </summary>
    public async Task<WriteOutcome<StoredReport>> ReportAsync(Actor a, string code, ReportInput r, CancellationToken ct = default)
    {
        if (!SupervisionAccess.Supervises(a)) return Outside<StoredReport>();
        var found = await FindAsync(a.OrganizationId, code, ct);
        if (found is null || !SupervisionAccess.CanRead(a, found)) return WriteOutcome<StoredReport>.NotFound();
        if (!SupervisionAccess.CanReport(a, found))
        {
            return WriteOutcome<StoredReport>.Forbidden() with
            {
                Problems = [SupervisionAccess.IsCoUnitOnly(a, found) ? CoUnitOnly
                    : new Problem("$", "only the responsible unit's reporter (or the office) reports progress", "只有责任单位的填报人员（或督查室）可以报送进度")],
            };
        }
        var narrative = string.IsNullOrWhiteSpace(r.Narrative) ? null : r.Narrative.Trim();
        var reason = string.IsNullOrWhiteSpace(r.Reason) ? null : r.Reason.Trim();
        var date = r.Date ?? Today;
        var problems = new List<Problem>();
        if (r.Percent is not { } percent) problems.Add(BadPercent);
        else if (percent is < 0 or > 100) problems.Add(new("$.percent", $"must be from 0 to 100, not {P(percent)}", $"须在 0 到 100 之间，不能是 {P(percent)}"));
        if (date > Today) problems.Add(new("$.date", $"must not be after today {D(Today)}", $"不能晚于今天 {D(Today)}"));
        else if (date < found.Start) problems.Add(new("$.date", $"must not be before the start {D(found.Start)}", $"不能早于开始日期 {D(found.Start)}"));
        else if (found.CardsThrough is { } through && date <= through)
        {
            problems.Add(new("$.date", $"must be after {D(through)}: the cards up to that month-end are issued", $"须晚于 {D(through)}：该月末的红黄牌已评定"));
        }
        problems.AddRange(TextProblems(narrative, "$.narrative", NarrativeField, InputLimits.Text));
        problems.AddRange(OrgRules.CheckReason(reason));
        if (problems.Count > 0) return WriteOutcome<StoredReport>.Invalid(problems);

        return await writer.RunAsync(a.OrganizationId, a.UserName, async w =>
        {
            var org = a.OrganizationId;
            var m = await db.Matters.FirstOrDefaultAsync(x => x.OrganizationId == org && x.Id == found.Id, ct);
            if (m is null) return WriteOutcome<StoredReport>.NotFound();
            if (m.State is not (MatterState.Acknowledged or MatterState.InProgress))
            {
                return WriteOutcome<StoredReport>.Conflict(new Problem("$.state",
                    $"progress is reported while the matter is acknowledged or in progress, not {MatterNames.Of(m.State)}",
                    $"事项处于“{MatterNames.Chinese(m.State)}”状态，不能报送进度（须已签收或办理中）"));
            }
            var reports = await db.MatterReports.AsNoTracking().Where(x => x.OrganizationId == org && x.MatterId == m.Id).OrderBy(x => x.Id).ToListAsync(ct);
            var earlier = reports.Where(x => x.Date <= date).OrderByDescending(x => x.Date).ThenByDescending(x => x.Id).FirstOrDefault();
            if (earlier is not null && r.Percent!.Value < earlier.Percent && reason is null)
            {
                return WriteOutcome<StoredReport>.Invalid("$.reason", $"required when the percent falls below the earlier {P(earlier.Percent)} ({D(earlier.Date)})",
                    $"完成百分比低于此前的 {P(earlier.Percent)}（{D(earlier.Date)}）时须说明原因");
            }
            var report = new MatterReport
            {
                OrganizationId = org,
                MatterId = m.Id,
                Date = date,
                Percent = r.Percent!.Value,
                Narrative = narrative,
                Reason = reason,
                Source = ReportSource.Web,
                ReportedBy = a.UserName,
                ReportedAt = Now,
            };
            db.MatterReports.Add(report);
            if (m.State == MatterState.Acknowledged) await TakeInAsync(w, m, StepRules.Of(StepKind.Start)!, null);
            await w.SaveAsync();
            await w.Audit("matter.progress", "matter_report", $"{m.Code}/{report.Id}", unit: m.UnitCode,
                after: OrgRules.Json(new { date = D(date), percent = report.Percent, narrative, reason }), reason: reason);
            var rules = (await CardSettings.ForAsync(db, org, ct)).ToRules();
            return WriteOutcome<StoredReport>.Ok(new StoredReport(report, m, Live(m, [.. reports, report], rules, Today), Today));
        }, ct: ct);
    }

    /// <summary>Attaches a photo or document to a report of the matter (the responsible unit's reporter or the office); the type is told by the content.</summary>
    public async Task<WriteOutcome<ReportEvidence>> AddEvidenceAsync(Actor a, string code, long reportId, string fileName, byte[] content, long limit, CancellationToken ct = default)
    {
        if (!SupervisionAccess.Supervises(a)) return Outside<ReportEvidence>();
        var found = await FindAsync(a.OrganizationId, code, ct);
        if (found is null || !SupervisionAccess.CanRead(a, found)) return WriteOutcome<ReportEvidence>.NotFound();
        if (!SupervisionAccess.CanReport(a, found))
        {
            return WriteOutcome<ReportEvidence>.Forbidden() with { Problems = [SupervisionAccess.IsCoUnitOnly(a, found) ? CoUnitOnly : new Problem("$", "only the responsible unit's reporter (or the office) adds evidence", "只有责任单位的填报人员（或督查室）可以上传佐证材料")] };
        }
        var (name, badName) = FileNames.Check("$.file", fileName);
        if (badName is not null) return WriteOutcome<ReportEvidence>.Invalid([badName]);
        if (content.LongLength > limit) return WriteOutcome<ReportEvidence>.Invalid([TooLargeEvidence(limit)]);
        if (content.Length == 0) return WriteOutcome<ReportEvidence>.Invalid([EmptyEvidence]);
        var verdict = EvidenceFiles.Inspect("$.file", content);
        if (verdict.Type is not { } type) return WriteOutcome<ReportEvidence>.Invalid([verdict.Refusal ?? BadEvidenceType]);
        return await writer.RunAsync(a.OrganizationId, a.UserName, async w =>
        {
            var report = await db.MatterReports.AsNoTracking().FirstOrDefaultAsync(x => x.OrganizationId == a.OrganizationId && x.Id == reportId && x.MatterId == found.Id, ct);
            if (report is null) return WriteOutcome<ReportEvidence>.NotFound();
            var e = new ReportEvidence
            {
                OrganizationId = a.OrganizationId,
                ReportId = report.Id,
                FileName = EvidenceFiles.StoredName(name, type),
                ContentType = type.ContentType,
                Size = content.LongLength,
                Sha256 = EvidenceFiles.Sha256(content),
                Content = content,
                UploadedBy = a.UserName,
                UploadedAt = Now,
            };
            db.ReportEvidence.Add(e);
            await w.SaveAsync();
            await w.Audit("matter.evidence", "report_evidence", $"{found.Code}/{report.Id}/{e.Sha256}", unit: found.UnitCode,
                after: OrgRules.Json(new { file = e.FileName, type = e.ContentType, size = e.Size, sha256 = e.Sha256 }));
            return WriteOutcome<ReportEvidence>.Ok(e);
        }, ct: ct);
    }

    // ---------------------------------------------------------------- 批示 and 催办

    /// <summary>批示: a leader's instruction on a matter; the unit's reporters are told.</summary>
    public async Task<WriteOutcome<Instruction>> InstructAsync(Actor a, string code, string? text, CancellationToken ct = default)
    {
        if (!SupervisionAccess.Supervises(a)) return Outside<Instruction>();
        var found = await FindAsync(a.OrganizationId, code, ct);
        if (found is null || !SupervisionAccess.CanRead(a, found)) return WriteOutcome<Instruction>.NotFound();
        if (!SupervisionAccess.CanInstruct(a)) return WriteOutcome<Instruction>.Forbidden() with { Problems = [NotInstructor] };
        var body = text?.Trim() ?? "";
        var problems = new List<Problem>();
        if (body.Length == 0) problems.Add(OrgRules.Required("$.text", InstructionField));
        problems.AddRange(TextProblems(body, "$.text", InstructionField, InputLimits.Text));
        if (problems.Count > 0) return WriteOutcome<Instruction>.Invalid(problems);
        return await writer.RunAsync(a.OrganizationId, a.UserName, async w =>
        {
            var now = Now;
            var i = new Instruction { OrganizationId = a.OrganizationId, MatterId = found.Id, Text = body, By = a.UserName, At = now };
            db.Instructions.Add(i);
            await w.SaveAsync();
            await w.Audit("instruction.add", "instruction", $"{found.Code}/{i.Id}", unit: found.UnitCode, after: OrgRules.Json(new { text = body }));
            await Notifier.NotifyInAsync(w, new NotificationEvent(NotificationKind.Instruction, new Audience(UnitReporters: found.UnitCode), $"instruction:{i.Id}",
                $"领导对督办事项“{found.Name}”作出批示：{body}", $"A leader's instruction on \"{found.Name}\": {body}",
                MatterId: found.Id, RefId: i.Id, WebhookEvent: "instruction", Data: new() { ["task"] = found.Code, ["unit"] = found.UnitCode, ["by"] = a.UserName }), now);
            return WriteOutcome<Instruction>.Ok(i);
        }, ct: ct);
    }

    /// <summary>The responsible unit's reporter acknowledges an instruction (once: a second time answers the first).</summary>
    public async Task<WriteOutcome<Instruction>> AcknowledgeAsync(Actor a, string code, long instructionId, CancellationToken ct = default)
    {
        if (!SupervisionAccess.Supervises(a)) return Outside<Instruction>();
        var found = await FindAsync(a.OrganizationId, code, ct);
        if (found is null || !SupervisionAccess.CanRead(a, found)) return WriteOutcome<Instruction>.NotFound();
        if (!SupervisionAccess.CanAcknowledge(a, found)) return WriteOutcome<Instruction>.Forbidden() with { Problems = [NotAcknowledger] };
        return await writer.RunAsync(a.OrganizationId, a.UserName, async w =>
        {
            var i = await db.Instructions.FirstOrDefaultAsync(x => x.OrganizationId == a.OrganizationId && x.Id == instructionId && x.MatterId == found.Id, ct);
            if (i is null) return WriteOutcome<Instruction>.NotFound();
            if (i.AcknowledgedAt is not null) return WriteOutcome<Instruction>.Ok(i);
            i.AcknowledgedBy = a.UserName;
            i.AcknowledgedAt = Now;
            await w.Audit("instruction.acknowledge", "instruction", $"{found.Code}/{i.Id}", unit: found.UnitCode,
                after: OrgRules.Json(new { acknowledgedBy = i.AcknowledgedBy, acknowledgedAt = i.AcknowledgedAt }));
            return WriteOutcome<Instruction>.Ok(i);
        }, ct: ct);
    }

    /// <summary>催办: the office reminds the responsible unit with one click (an optional message); its reporters are told.</summary>
    public async Task<WriteOutcome<SentReminder>> RemindAsync(Actor a, string code, string? message, CancellationToken ct = default)
    {
        if (!SupervisionAccess.Supervises(a)) return Outside<SentReminder>();
        var found = await FindAsync(a.OrganizationId, code, ct);
        if (found is null || !SupervisionAccess.CanRead(a, found)) return WriteOutcome<SentReminder>.NotFound();
        if (!SupervisionAccess.CanRemind(a)) return WriteOutcome<SentReminder>.Forbidden() with { Problems = [NotReminder] };
        var text = string.IsNullOrWhiteSpace(message) ? null : message.Trim();
        var problems = TextProblems(text, "$.message", MessageField, InputLimits.Reason).ToList();
        if (problems.Count > 0) return WriteOutcome<SentReminder>.Invalid(problems);
        return await writer.RunAsync(a.OrganizationId, a.UserName, async w =>
        {
            var now = Now;
            var r = new Reminder { OrganizationId = a.OrganizationId, MatterId = found.Id, Message = text, SentBy = a.UserName, SentAt = now };
            db.Reminders.Add(r);
            await w.SaveAsync();
            var recipients = await ReporterNamesAsync(a.OrganizationId, found.UnitCode, ct);
            await w.Audit("reminder.send", "reminder", $"{found.Code}/{r.Id}", unit: found.UnitCode, after: OrgRules.Json(new { message = text, recipients }));
            await Notifier.NotifyInAsync(w, new NotificationEvent(NotificationKind.Reminder, new Audience(UnitReporters: found.UnitCode), $"reminder:{r.Id}",
                $"督查室催办“{found.Name}”" + (text is null ? "" : "：" + text), $"The office reminds you of \"{found.Name}\"" + (text is null ? "" : ": " + text),
                MatterId: found.Id, RefId: r.Id, WebhookEvent: "reminder", Data: new() { ["task"] = found.Code, ["unit"] = found.UnitCode, ["message"] = text }), now);
            return WriteOutcome<SentReminder>.Ok(new SentReminder(r, recipients));
        }, ct: ct);
    }

    /// <summary>A recipient (a reporter of the matter's unit) reads a reminder: recorded once, with its notification marked read.</summary>
    public async Task<WriteOutcome<ReminderRead>> ReadReminderAsync(Actor a, long reminderId, CancellationToken ct = default)
    {
        if (!SupervisionAccess.Supervises(a)) return Outside<ReminderRead>();
        var org = a.OrganizationId;
        var reminder = await db.Reminders.AsNoTracking().FirstOrDefaultAsync(x => x.OrganizationId == org && x.Id == reminderId, ct);
        var m = reminder is null ? null : await db.Matters.AsNoTracking().FirstOrDefaultAsync(x => x.OrganizationId == org && x.Id == reminder.MatterId, ct);
        if (reminder is null || m is null || !SupervisionAccess.CanRead(a, m)) return WriteOutcome<ReminderRead>.NotFound();
        if (!a.ReporterUnits.Contains(m.UnitCode)) return WriteOutcome<ReminderRead>.Forbidden() with { Problems = [NotRecipient] };
        var existing = await db.ReminderReads.AsNoTracking().FirstOrDefaultAsync(x => x.ReminderId == reminderId && x.UserName == a.UserName, ct);
        if (existing is not null) return WriteOutcome<ReminderRead>.Ok(existing);
        return await writer.RunAsync(org, a.UserName, async w =>
        {
            var again = await db.ReminderReads.AsNoTracking().FirstOrDefaultAsync(x => x.ReminderId == reminderId && x.UserName == a.UserName, ct);
            if (again is not null) return WriteOutcome<ReminderRead>.Ok(again);
            var now = Now;
            var read = new ReminderRead { OrganizationId = org, ReminderId = reminderId, UserName = a.UserName, ReadAt = now };
            db.ReminderReads.Add(read);
            var notes = await db.Notifications.Where(n => n.OrganizationId == org && n.UserId == a.UserId && n.Kind == NotificationKind.Reminder && n.RefId == reminderId && n.ReadAt == null).ToListAsync(ct);
            foreach (var n in notes) n.ReadAt = now;
            await w.Audit("reminder.read", "reminder", $"{m.Code}/{reminderId}", unit: m.UnitCode, after: OrgRules.Json(new { user = a.UserName, readAt = now }));
            return WriteOutcome<ReminderRead>.Ok(read);
        }, ct: ct);
    }
}
