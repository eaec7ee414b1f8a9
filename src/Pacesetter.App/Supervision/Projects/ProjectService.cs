using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Access;
using Pacesetter.App.Data;
using Pacesetter.App.Organizations;
using Pacesetter.App.Publication;
using Pacesetter.App.Supervision.Model;
using Pacesetter.App.Supervision.Race;
using Pacesetter.App.Time;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Output;

namespace Pacesetter.App.Supervision.Projects;

/// <summary>A construction milestone as given: its name and due date (<c>yyyy-MM-dd</c>).</summary>
public sealed record MilestoneInput(string? Name, string? Due);

/// <summary>A project as given (create or update by code); stage and date only when creating (later through <see cref="StageInput"/>).</summary>
public sealed record ProjectInput(string? Code, string? Name, decimal? Investment, string? Unit, string? Stage = null, string? StageOn = null, string? Reason = null,
    IReadOnlyList<MilestoneInput>? Milestones = null);

/// <summary>A change of stage: the new stage, its date (default today, Beijing), the reason (required for <c>dropped</c>), and for <c>started</c> its construction milestones.</summary>
public sealed record StageInput(string? Stage, string? On, string? Reason, IReadOnlyList<MilestoneInput>? Milestones = null);

/// <summary>A project with its dated stages and the codes of its milestone matters.</summary>
public sealed record ProjectView(Project Project, IReadOnlyList<ProjectStageChange> Stages, IReadOnlyList<string> Milestones, string UnitName);

/// <summary>The figures of a period: the organization's and each unit's (units with a project, or the one asked).</summary>
public sealed record ProjectFiguresView(string Period, ProjectFigureSet Organization, IReadOnlyList<(string Unit, string Name, ProjectFigureSet Figures)> Units);

/// <summary>
/// 重大项目 (supervision.md §4, ADR 0031): projects created and updated by code by the office, stages 在谈 → 签约 → 开工 →
/// 竣工 with dates that never go back, 终止 from any stage before 竣工 with a reason; a started project's construction
/// milestones become supervised matters (<see cref="MatterKind.ProjectMilestone"/>, code <c>{project}-M{n}</c>).
/// Admins and leaders read every project, a reporter its units'.
/// </summary>
public sealed class ProjectService(PacesetterDb db, TimeProvider clock)
{
    private readonly OrgWriter writer = new(db);

    /// <summary>Project codes leave room for the milestones' <c>-M{n}</c>.</summary>
    public const int CodeMax = 56;
    public const decimal InvestmentMax = 1_000_000m;

    public static readonly IReadOnlyList<ProjectStage> Order = [ProjectStage.Negotiating, ProjectStage.Signed, ProjectStage.Started, ProjectStage.Completed];

    public static string StageName(ProjectStage s) => s switch
    {
        ProjectStage.Negotiating => "negotiating",
        ProjectStage.Signed => "signed",
        ProjectStage.Started => "started",
        ProjectStage.Completed => "completed",
        _ => "dropped",
    };

    public static string StageZh(ProjectStage s) => s switch
    {
        ProjectStage.Negotiating => "在谈",
        ProjectStage.Signed => "签约",
        ProjectStage.Started => "开工",
        ProjectStage.Completed => "竣工",
        _ => "终止",
    };

    public static ProjectStage? ParseStage(string? s) => s switch
    {
        "negotiating" => ProjectStage.Negotiating,
        "signed" => ProjectStage.Signed,
        "started" => ProjectStage.Started,
        "completed" => ProjectStage.Completed,
        "dropped" => ProjectStage.Dropped,
        _ => null,
    };

    private DateOnly Today => WorkingDays.Today(clock);

    /// <summary>The projects <paramref name="a"/> may read, by code; null when it may not see supervision (403).</summary>
    public async Task<List<Project>?> ListAsync(Actor a, CancellationToken ct = default)
    {
        if (!SupervisionAccess.Supervises(a)) return null;
        var units = a.ReporterUnits.ToList();
        var q = db.Projects.AsNoTracking().Where(p => p.OrganizationId == a.OrganizationId);
        if (!a.ReadsAll) q = q.Where(p => units.Contains(p.UnitCode));
        return [.. (await q.ToListAsync(ct)).OrderBy(p => p.Code, StringComparer.Ordinal)];
    }

    /// <summary>One project with its stages and milestones; null when absent or not readable by <paramref name="a"/> (404).</summary>
    public async Task<ProjectView?> GetAsync(Actor a, string code, CancellationToken ct = default)
    {
        var p = await db.Projects.AsNoTracking().FirstOrDefaultAsync(x => x.OrganizationId == a.OrganizationId && x.Code == code, ct);
        if (p is null || !SupervisionAccess.ReadsUnit(a, p.UnitCode)) return null;
        return await ViewAsync(p, ct);
    }

    private async Task<ProjectView> ViewAsync(Project p, CancellationToken ct)
    {
        var stages = await db.ProjectStages.AsNoTracking().Where(s => s.OrganizationId == p.OrganizationId && s.ProjectId == p.Id).ToListAsync(ct);
        var milestones = await db.Matters.AsNoTracking().Where(m => m.OrganizationId == p.OrganizationId && m.ProjectId == p.Id).Select(m => m.Code).ToListAsync(ct);
        var unitName = await db.Units.AsNoTracking().Where(u => u.OrganizationId == p.OrganizationId && u.Code == p.UnitCode).Select(u => u.Name).FirstOrDefaultAsync(ct) ?? p.UnitCode;
        return new ProjectView(p, [.. stages.OrderBy(s => s.On).ThenBy(s => s.Id)], [.. milestones.OrderBy(m => MilestoneNumber(m))], unitName);
    }

    private static int MilestoneNumber(string code) =>
        int.TryParse(code.AsSpan(code.LastIndexOf("-M", StringComparison.Ordinal) + 2), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    /// <summary>Creates a project (<paramref name="createOnly"/>: 409 <c>$.id</c> when the code exists) or updates it by code (name, investment, unit; its version when given).</summary>
    public async Task<WriteOutcome<ProjectView>> SaveAsync(Actor a, ProjectInput i, int? version, bool createOnly, CancellationToken ct = default)
    {
        if (!SupervisionAccess.Manages(a)) return WriteOutcome<ProjectView>.Forbidden();
        var problems = new List<Problem>();
        var code = i.Code?.Trim();
        if (code is null || !OrgRules.Code().IsMatch(code) || code.Length > CodeMax)
        {
            problems.Add(new Problem("$.id", $"a project id is 1–{CodeMax} letters, digits, '-' or '_'", $"项目编号应为 1–{CodeMax} 个字母、数字、“-”或“_”"));
        }
        var name = i.Name?.Trim();
        if (OrgRules.CheckName("$.name", OrgRules.NameField, name) is { } bad) problems.Add(bad);
        if (i.Investment is not { } investment || investment < 0 || investment > InvestmentMax)
        {
            problems.Add(new Problem("$.investment", $"the investment is a number of 亿元 from 0 to {InvestmentMax}", $"投资额应为 0 到 {InvestmentMax} 之间的数（亿元）"));
        }
        var unit = i.Unit?.Trim();
        if (unit is null || !OrgRules.Code().IsMatch(unit)) problems.Add(new Problem("$.unit", "the responsible unit is required (a unit code)", "请填写责任单位（单位代码）"));
        else if (!await db.Units.AsNoTracking().AnyAsync(u => u.OrganizationId == a.OrganizationId && u.Code == unit && u.RetiredAt == null, ct))
        {
            problems.Add(new Problem("$.unit", $"unknown unit \"{unit}\"", $"未知单位“{unit}”"));
        }
        var existing = code is null ? null : await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.OrganizationId == a.OrganizationId && p.Code == code, ct);
        if (existing is not null && createOnly) return WriteOutcome<ProjectView>.Conflict(new Problem("$.id", $"project \"{code}\" exists already", $"项目“{code}”已存在"));
        var reason = string.IsNullOrWhiteSpace(i.Reason) ? null : i.Reason.Trim();
        if (OrgRules.CheckReason(reason).ToList() is { Count: > 0 } badReason) problems.AddRange(badReason.Select(p => p with { Path = "$.reason" }));
        ProjectStage stage = ProjectStage.Negotiating;
        DateOnly on = Today;
        if (existing is null)
        {
            if (i.Stage is not null)
            {
                if (ParseStage(i.Stage) is { } given) stage = given;
                else problems.Add(UnknownStage(i.Stage));
            }
            if (i.StageOn is not null && ParseDate(i.StageOn, "$.stageOn", problems) is { } d) on = d;
            if (on > Today) problems.Add(new Problem("$.stageOn", $"must not be after today ({Today:yyyy-MM-dd})", $"不能晚于今天（{Today:yyyy-MM-dd}）"));
            if (stage == ProjectStage.Dropped && reason is null) problems.Add(ReasonRequired("$.reason"));
        }
        else if (i.Stage is not null && ParseStage(i.Stage) != existing.Stage)
        {
            problems.Add(new Problem("$.stage", "the stage changes through POST …/stages (dated, never backwards)", "项目阶段请通过“变更阶段”修改（注明日期，不能倒退）"));
        }
        var milestones = CheckMilestones(i.Milestones, existing?.Stage ?? stage, existing?.StageOn ?? on, problems);
        if (problems.Count > 0) return WriteOutcome<ProjectView>.Invalid(problems);

        Project? saved = null;
        var outcome = await writer.RunAsync(a.OrganizationId, a.UserName, async w =>
        {
            var now = clock.GetUtcNow();
            var p = await db.Projects.FirstOrDefaultAsync(x => x.OrganizationId == a.OrganizationId && x.Code == code, ct);
            if (p is not null && version is not null && p.Version != version) return WriteOutcome<bool>.Conflict(WriteMessages.Changed);
            if (p is not null && createOnly) return WriteOutcome<bool>.Conflict(new Problem("$.id", $"project \"{code}\" exists already", $"项目“{code}”已存在"));
            var before = Snapshot(p);
            if (p is null)
            {
                p = new Project
                {
                    OrganizationId = a.OrganizationId,
                    Code = code!,
                    Name = name!,
                    Investment = i.Investment!.Value,
                    UnitCode = unit!,
                    Stage = stage,
                    StageOn = on,
                    DroppedReason = stage == ProjectStage.Dropped ? reason : null,
                    CreatedBy = a.UserName,
                    CreatedAt = now,
                    Version = 1,
                };
                db.Projects.Add(p);
                await db.SaveChangesAsync(ct);
                db.ProjectStages.Add(new ProjectStageChange { OrganizationId = a.OrganizationId, ProjectId = p.Id, From = null, To = stage, On = on, Reason = reason, By = a.UserName, At = now });
            }
            else
            {
                p.Name = name!;
                p.Investment = i.Investment!.Value;
                p.UnitCode = unit!;
                p.Version++;
            }
            await w.Audit("project.save", "project", p.Code, null, p.UnitCode, before, Snapshot(p), reason);
            await AddMilestonesInAsync(w, p, milestones, now);
            await db.SaveChangesAsync(ct);
            await SystemData.RefreshForMonthEndsInAsync(w, [p.StageOn], now);
            saved = p;
            return WriteOutcome<bool>.Ok(true);
        }, ct: ct);
        return outcome.IsOk ? WriteOutcome<ProjectView>.Ok(await ViewAsync(saved!, ct)) : outcome.As<ProjectView>();
    }

    /// <summary>A dated change of stage: forward only (409 <c>$.stage</c>), 终止 from any stage before 竣工 with a reason (400 <c>$.reason</c>).</summary>
    public async Task<WriteOutcome<ProjectView>> ChangeStageAsync(Actor a, string code, StageInput s, CancellationToken ct = default)
    {
        var current = await db.Projects.AsNoTracking().FirstOrDefaultAsync(x => x.OrganizationId == a.OrganizationId && x.Code == code, ct);
        if (current is null || !SupervisionAccess.ReadsUnit(a, current.UnitCode)) return WriteOutcome<ProjectView>.NotFound();
        if (!SupervisionAccess.Manages(a)) return WriteOutcome<ProjectView>.Forbidden();
        var problems = new List<Problem>();
        var to = ParseStage(s.Stage);
        if (to is null) problems.Add(UnknownStage(s.Stage));
        DateOnly on = Today;
        if (s.On is not null && ParseDate(s.On, "$.on", problems) is { } d) on = d;
        if (on > Today) problems.Add(new Problem("$.on", $"must not be after today ({Today:yyyy-MM-dd})", $"不能晚于今天（{Today:yyyy-MM-dd}）"));
        else if (on < current.StageOn)
        {
            problems.Add(new Problem("$.on", $"must not be before {current.StageOn:yyyy-MM-dd}, the date of the stage {StageName(current.Stage)}",
                $"不能早于当前阶段“{StageZh(current.Stage)}”的日期 {current.StageOn:yyyy-MM-dd}"));
        }
        var reason = string.IsNullOrWhiteSpace(s.Reason) ? null : s.Reason.Trim();
        if (OrgRules.CheckReason(reason).ToList() is { Count: > 0 } badReason) problems.AddRange(badReason.Select(p => p with { Path = "$.reason" }));
        if (to == ProjectStage.Dropped && reason is null) problems.Add(ReasonRequired("$.reason"));
        var milestones = to is { } t ? CheckMilestones(s.Milestones, t, on, problems) : [];
        if (problems.Count > 0) return WriteOutcome<ProjectView>.Invalid(problems);
        if (Refusal(current.Stage, to!.Value) is { } refused) return WriteOutcome<ProjectView>.Conflict(refused);

        Project? saved = null;
        var outcome = await writer.RunAsync(a.OrganizationId, a.UserName, async w =>
        {
            var now = clock.GetUtcNow();
            var p = await db.Projects.FirstAsync(x => x.Id == current.Id, ct);
            if (Refusal(p.Stage, to.Value) is { } again) return WriteOutcome<bool>.Conflict(again);
            var before = Snapshot(p);
            db.ProjectStages.Add(new ProjectStageChange { OrganizationId = a.OrganizationId, ProjectId = p.Id, From = p.Stage, To = to.Value, On = on, Reason = reason, By = a.UserName, At = now });
            p.Stage = to.Value;
            p.StageOn = on;
            if (to == ProjectStage.Dropped) p.DroppedReason = reason;
            p.Version++;
            await w.Audit("project.stage", "project", p.Code, null, p.UnitCode, before, Snapshot(p), reason);
            await AddMilestonesInAsync(w, p, milestones, now);
            await db.SaveChangesAsync(ct);
            await SystemData.RefreshForMonthEndsInAsync(w, [on], now);
            saved = p;
            return WriteOutcome<bool>.Ok(true);
        }, ct: ct);
        return outcome.IsOk ? WriteOutcome<ProjectView>.Ok(await ViewAsync(saved!, ct)) : outcome.As<ProjectView>();
    }

    /// <summary>Why <paramref name="from"/> cannot become <paramref name="to"/>, or null: forward only; 终止 from any stage before 竣工; nothing after 竣工 or 终止.</summary>
    public static Problem? Refusal(ProjectStage from, ProjectStage to)
    {
        if (from == ProjectStage.Dropped) return new Problem("$.stage", "the project is dropped: its stage no longer changes", "项目已终止，阶段不能再变更");
        if (from == ProjectStage.Completed) return new Problem("$.stage", "the project is completed: its stage no longer changes", "项目已竣工，阶段不能再变更");
        if (to == ProjectStage.Dropped) return null;
        if ((int)to <= (int)from)
        {
            return new Problem("$.stage", $"\"{StageName(to)}\" is not possible after \"{StageName(from)}\": a stage never goes back",
                $"项目已处于“{StageZh(from)}”阶段，不能变更为“{StageZh(to)}”：阶段不能倒退");
        }
        return null;
    }

    /// <summary>The names of the organization's units by code.</summary>
    public Task<Dictionary<string, string>> UnitNamesAsync(int org, CancellationToken ct = default) =>
        db.Units.AsNoTracking().Where(u => u.OrganizationId == org).ToDictionaryAsync(u => u.Code, u => u.Name, ct);

    /// <summary>The organization's figures for <paramref name="period"/> and each unit's (every unit with a project, by code); null when the period is not one.</summary>
    public async Task<ProjectFiguresView?> FiguresAsync(int org, string period, CancellationToken ct = default)
    {
        if (ProjectFigures.Span(period) is not { } span) return null;
        var facts = await ProjectFiguresSource.FactsAsync(db, org, ct);
        var names = await db.Units.AsNoTracking().Where(u => u.OrganizationId == org).ToDictionaryAsync(u => u.Code, u => u.Name, ct);
        var units = facts.Select(f => f.Unit).Distinct().OrderBy(u => u, StringComparer.Ordinal).ToList();
        var (all, byUnit) = ProjectFigures.ByUnit(facts, units, span.Start, span.End);
        return new ProjectFiguresView(period, all, [.. byUnit.Select(u => (u.Unit, names.GetValueOrDefault(u.Unit, u.Unit), u.Figures))]);
    }

    private List<(string Name, DateOnly Due)> CheckMilestones(IReadOnlyList<MilestoneInput>? list, ProjectStage stage, DateOnly stageOn, List<Problem> problems)
    {
        var result = new List<(string, DateOnly)>();
        if (list is null || list.Count == 0) return result;
        if (stage != ProjectStage.Started)
        {
            problems.Add(new Problem("$.milestones", "construction milestones are given when the project is started", "施工节点在项目开工时填写"));
            return result;
        }
        if (list.Count > 100) problems.Add(new Problem("$.milestones", "at most 100 milestones", "最多 100 个节点"));
        for (int k = 0; k < Math.Min(list.Count, 100); k++)
        {
            var path = $"$.milestones[{k}]";
            var name = list[k].Name?.Trim();
            if (OrgRules.CheckName(path + ".name", OrgRules.NameField, name) is { } bad) problems.Add(bad);
            var due = ParseDate(list[k].Due, path + ".due", problems);
            if (due is { } dd && dd < stageOn)
            {
                problems.Add(new Problem(path + ".due", $"must not be before the start {stageOn:yyyy-MM-dd}", $"不能早于开工日期 {stageOn:yyyy-MM-dd}"));
            }
            if (name is not null && due is { } d2) result.Add((name, d2));
        }
        return result;
    }

    /// <summary>The milestones as supervised matters (下发 to the project's unit, to acknowledge within the organization's working days), numbered after the existing ones.</summary>
    private async Task AddMilestonesInAsync(AuditedWrite w, Project p, List<(string Name, DateOnly Due)> milestones, DateTimeOffset now)
    {
        if (milestones.Count == 0) return;
        int org = p.OrganizationId;
        var codes = await db.Matters.AsNoTracking().Where(m => m.OrganizationId == org && m.ProjectId == p.Id).Select(m => m.Code).ToListAsync(w.Ct);
        int n = codes.Count == 0 ? 0 : codes.Max(MilestoneNumber);
        int position = (await db.Matters.Where(m => m.OrganizationId == org).MaxAsync(m => (int?)m.Position, w.Ct) ?? 0);
        var settings = await CardSettings.ForAsync(db, org, w.Ct);
        foreach (var (name, due) in milestones)
        {
            var matter = new Matter
            {
                OrganizationId = org,
                Code = $"{p.Code}-M{++n}",
                Name = name,
                Kind = MatterKind.ProjectMilestone,
                UnitCode = p.UnitCode,
                Start = p.StageOn,
                Due = due,
                Frequency = ReportFrequency.Monthly,
                ProjectId = p.Id,
                State = MatterState.Assigned,
                Position = ++position,
                NextStep = StepKind.Acknowledge,
                NextDeadline = NoticePeriod.End(now, settings.AcknowledgeWorkingDays),
                CreatedBy = w.Actor,
                CreatedAt = now,
                Version = 1,
            };
            db.Matters.Add(matter);
            await db.SaveChangesAsync(w.Ct);
            db.MatterSteps.Add(new MatterStep { OrganizationId = org, MatterId = matter.Id, Kind = StepKind.Assign, From = null, To = MatterState.Assigned, Actor = w.Actor, At = now });
            await w.Audit("project.milestone", "matter", matter.Code, null, matter.UnitCode, null,
                OrgRules.Json(new { project = p.Code, name, start = matter.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), due = due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }));
        }
    }

    private static DateOnly? ParseDate(string? text, string path, List<Problem> problems)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        problems.Add(new Problem(path, $"\"{text}\" is not a date (yyyy-MM-dd)", $"“{text}”不是有效日期（yyyy-MM-dd）"));
        return null;
    }

    private static Problem UnknownStage(string? s) => new("$.stage", $"unknown stage \"{s}\" (negotiating, signed, started, completed or dropped)",
        $"未知阶段“{s}”（应为 negotiating 在谈、signed 签约、started 开工、completed 竣工 或 dropped 终止）");

    private static Problem ReasonRequired(string path) => new(path, "a dropped project needs a reason", "项目终止须说明原因");

    /// <summary>The audit form of a project.</summary>
    public static string? Snapshot(Project? p) => p is null ? null : new JsonObject
    {
        ["id"] = p.Code,
        ["name"] = p.Name,
        ["investment"] = p.Investment,
        ["unit"] = p.UnitCode,
        ["stage"] = StageName(p.Stage),
        ["stageOn"] = p.StageOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["droppedReason"] = p.DroppedReason,
        ["version"] = p.Version,
    }.ToJsonString(JsonFormats.Compact);
}
