using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Audit;
using Pacesetter.App.Data;
using Pacesetter.App.Organizations;
using Pacesetter.App.Supervision.Matters;
using Pacesetter.App.Supervision.Model;
using Pacesetter.App.Time;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Output;
using Pacesetter.Scoring.Supervision;

namespace Pacesetter.App.Supervision.Cards;

/// <summary>What an import did (or, previewed, would do): matters created and updated, reports stored, whether the file's rules became the settings.</summary>
public sealed record TaskImport(int Created, int Updated, int Reports, bool Rules);

/// <summary>
/// 任务文件 the tasks file of <c>pacesetter cards</c> in the web application (ADR 0028): its import (the engine's reader
/// first, with its problems and paths, then the organization's checks, all problems at once; one audited write), the
/// file of the supervised matters (its export, and what <c>GET cards</c> evaluates), and the card report at a date.
/// </summary>
public sealed class TaskFiles(PacesetterDb db, TimeProvider clock)
{
    private readonly OrgWriter writer = new(db);

    /// <summary>The matters that are supervised (get cards, are in the file): assigned (下发) or later (ADR 0028).</summary>
    public const MatterState Supervised = MatterState.Assigned;

    /// <summary>What importing <paramref name="body"/> would do, or every problem; nothing is written.</summary>
    public async Task<WriteOutcome<TaskImport>> PreviewAsync(int organizationId, byte[] body, CancellationToken ct)
    {
        var checkedFile = await CheckAsync(organizationId, body, ct);
        if (!checkedFile.IsOk) return checkedFile.As<TaskImport>();
        var (file, hasRules) = checkedFile.Value!;
        var codes = file.Tasks.Select(t => t.Id).ToList();
        var existing = await ExistingCodesAsync(organizationId, ct);
        int updated = codes.Count(existing.Contains);
        return WriteOutcome<TaskImport>.Ok(new TaskImport(codes.Count - updated, updated, file.Tasks.Sum(t => t.Progress.Count), hasRules));
    }

    /// <summary>
    /// Imports a tasks file: creates the matters it names that do not exist (办理, with an import step, kind key task,
    /// monthly), updates those that do (name, unit, dates; their imported reports replaced, those reported in the
    /// application kept), and makes its <c>rules</c>, when present, the organization's card settings. All or nothing.
    /// </summary>
    public Task<WriteOutcome<TaskImport>> ImportAsync(int organizationId, byte[] body, string actor, CancellationToken ct) =>
        writer.RunAsync(organizationId, actor, async w =>
        {
            var checkedFile = await CheckAsync(organizationId, body, ct);
            if (!checkedFile.IsOk) return checkedFile.As<TaskImport>();
            var (file, hasRules) = checkedFile.Value!;
            var now = clock.GetUtcNow();
            var matters = await db.Matters.Where(m => m.OrganizationId == organizationId).ToDictionaryAsync(m => m.Code, StringComparer.Ordinal, ct);
            int position = matters.Count == 0 ? 0 : matters.Values.Max(m => m.Position);
            var created = new List<Matter>();
            var updated = new List<Matter>();
            var ordered = new List<Matter>(file.Tasks.Count);
            foreach (var task in file.Tasks)
            {
                if (matters.TryGetValue(task.Id, out var matter))
                {
                    if (matter.Name != task.Name || matter.UnitCode != task.Unit || matter.Start != task.Start || matter.Due != task.Due)
                    {
                        matter.Name = task.Name;
                        matter.UnitCode = task.Unit;
                        matter.Start = task.Start;
                        matter.Due = task.Due;
                    }
                    // A matter at work (waiting for its 反馈) is held to its due date, the file's; this also gives one
                    // imported before imports set that deadline its 反馈 step.
                    if (matter.State is MatterState.Acknowledged or MatterState.InProgress) (matter.NextStep, matter.NextDeadline) = (StepKind.Feedback, WorkingDays.EndOfDay(matter.Due));
                    matter.Version++;
                    updated.Add(matter);
                }
                else
                {
                    matter = new Matter
                    {
                        OrganizationId = organizationId,
                        Code = task.Id,
                        Name = task.Name,
                        Kind = MatterKind.KeyTask,
                        UnitCode = task.Unit,
                        Start = task.Start,
                        Due = task.Due,
                        Frequency = ReportFrequency.Monthly,
                        State = MatterState.InProgress,
                        Position = ++position,
                        CreatedBy = actor,
                        CreatedAt = now,
                        Version = 1,
                    };
                    // 办理 as if acknowledged: the next step is 反馈, due at the end of the due date (Beijing), so that a
                    // matter past its due date without feedback shows as overdue like any other.
                    (matter.NextStep, matter.NextDeadline) = StepRules.NextAfter(MatterState.InProgress, matter, CardSettings.Defaults(organizationId), now);
                    db.Matters.Add(matter);
                    created.Add(matter);
                }
                ordered.Add(matter);
            }
            await w.SaveAsync();

            if (updated.Count > 0)
            {
                var ids = updated.Select(m => m.Id).ToList();
                var replaced = db.MatterReports.Where(r => r.OrganizationId == organizationId && r.Source == ReportSource.Import && ids.Contains(r.MatterId));
                await db.ReportEvidence.Where(e => e.OrganizationId == organizationId && replaced.Select(r => r.Id).Contains(e.ReportId)).ExecuteDeleteAsync(ct);
                await replaced.ExecuteDeleteAsync(ct);
            }

            var reports = new List<MatterReport>(file.Tasks.Sum(t => t.Progress.Count));
            for (int i = 0; i < file.Tasks.Count; i++)
            {
                foreach (var p in file.Tasks[i].Progress)
                {
                    reports.Add(new MatterReport
                    {
                        OrganizationId = organizationId,
                        MatterId = ordered[i].Id,
                        Date = p.Date,
                        Percent = p.Percent,
                        Source = ReportSource.Import,
                        ReportedBy = actor,
                        ReportedAt = now,
                    });
                }
            }
            var steps = created.Select(m => new MatterStep
            {
                OrganizationId = organizationId,
                MatterId = m.Id,
                Kind = StepKind.Import,
                From = null,
                To = MatterState.InProgress,
                Actor = actor,
                At = now,
            }).ToList();

            if (hasRules)
            {
                var settings = await db.CardSettings.FirstOrDefaultAsync(s => s.OrganizationId == organizationId, ct);
                var before = settings is null ? null : CardSettingsService.Snapshot(settings);
                if (settings is null)
                {
                    settings = CardSettings.Defaults(organizationId);
                    db.CardSettings.Add(settings);
                }
                settings.YellowLag = file.Rules.YellowLag;
                settings.RedLag = file.Rules.RedLag;
                settings.NotStartedYellowMonths = file.Rules.NotStartedYellowMonths;
                settings.NotStartedRedMonths = file.Rules.NotStartedRedMonths;
                settings.EscalateAfter = file.Rules.EscalateAfter;
                settings.Version++;
                await w.Audit("supervision.rules", "card_settings", "rules", before: before, after: CardSettingsService.Snapshot(settings), reason: "tasks file");
            }

            var records = new List<AuditRecord>(ordered.Count);
            for (int i = 0; i < ordered.Count; i++)
            {
                var task = file.Tasks[i];
                records.Add(new AuditRecord(actor, "matter.import", "matter", task.Id, Unit: task.Unit,
                    After: OrgRules.Json(new { name = task.Name, unit = task.Unit, start = CardFileReader.Format(task.Start), due = CardFileReader.Format(task.Due), reports = task.Progress.Count, created = created.Contains(ordered[i]) })));
            }
            // Tracked, in file order (ids follow it: the engine's order of reports); AuditManyAsync saves them first.
            db.MatterReports.AddRange(reports);
            db.MatterSteps.AddRange(steps);
            await w.AuditManyAsync(records);
            return WriteOutcome<TaskImport>.Ok(new TaskImport(created.Count, updated.Count, reports.Count, hasRules));
        }, ct: ct);

    /// <summary>The file read by the engine, then the organization's checks: ids, names, units, report dates.</summary>
    private async Task<WriteOutcome<(CardFile File, bool HasRules)>> CheckAsync(int organizationId, byte[] body, CancellationToken ct)
    {
        CardFile file;
        try
        {
            file = CardFileReader.Read(body);
        }
        catch (InvalidInputException ex)
        {
            // Every problem at once: the units the file names are checked too, where it reads as JSON.
            var all = ex.Problems.ToList();
            var reported = all.Select(p => p.Path).ToHashSet(StringComparer.Ordinal);
            var known = await UnitsAsync(organizationId, ct);
            foreach (var (index, unit) in NamedUnits(body))
            {
                if (UnitProblem($"$.tasks[{index}].unit", unit, known) is { } bad && !reported.Contains(bad.Path)) all.Add(bad);
            }
            return WriteOutcome<(CardFile, bool)>.Invalid(all);
        }
        var units = await UnitsAsync(organizationId, ct);
        var problems = new List<Problem>();
        for (int i = 0; i < file.Tasks.Count; i++)
        {
            var task = file.Tasks[i];
            string path = $"$.tasks[{i}]";
            if (!OrgRules.Code().IsMatch(task.Id))
            {
                problems.Add(new Problem(path + ".id", "a task id may hold only letters, digits, underscores and hyphens, 1–64 characters (it becomes part of card ids)",
                    "任务编号只能由字母、数字、下划线和连字符组成，长度 1–64 个字符（它是牌号的一部分）"));
            }
            if (OrgRules.CheckName(path + ".name", OrgRules.NameField, task.Name) is { } bad) problems.Add(bad);
            if (UnitProblem(path + ".unit", task.Unit, units) is { } badUnit) problems.Add(badUnit);
            for (int j = 0; j < task.Progress.Count; j++)
            {
                if (task.Progress[j].Date < task.Start)
                {
                    var start = CardFileReader.Format(task.Start);
                    problems.Add(new Problem($"{path}.progress[{j}].date", $"must not be before the start {start}", $"不得早于开始日期 {start}"));
                }
            }
        }
        if (problems.Count > 0) return WriteOutcome<(CardFile, bool)>.Invalid(problems);
        return WriteOutcome<(CardFile, bool)>.Ok((file, HasRules(body)));
    }

    private async Task<Dictionary<string, bool>> UnitsAsync(int organizationId, CancellationToken ct) =>
        await db.Units.AsNoTracking().Where(u => u.OrganizationId == organizationId)
            .Select(u => new { u.Code, Retired = u.RetiredAt != null }).ToDictionaryAsync(u => u.Code, u => u.Retired, StringComparer.Ordinal, ct);

    /// <summary>A unit the organization does not have, or has retired (code → retired).</summary>
    private static Problem? UnitProblem(string path, string unit, Dictionary<string, bool> units) =>
        !units.TryGetValue(unit, out var retired) ? new Problem(path, $"unknown unit \"{unit}\"", $"未知单位“{unit}”")
        : retired ? new Problem(path, $"unit \"{unit}\" is retired", $"单位“{unit}”已撤销")
        : null;

    /// <summary>The <c>unit</c> strings of the tasks of a file the engine refused, where it is JSON at all (nothing otherwise).</summary>
    private static IEnumerable<(int Index, string Unit)> NamedUnits(byte[] body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            yield break;
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("tasks", out var tasks) || tasks.ValueKind != JsonValueKind.Array) yield break;
            int i = 0;
            foreach (var task in tasks.EnumerateArray())
            {
                if (task.ValueKind == JsonValueKind.Object && task.TryGetProperty("unit", out var unit) && unit.ValueKind == JsonValueKind.String && unit.GetString() is { Length: > 0 } code) yield return (i, code);
                i++;
            }
        }
    }

    /// <summary>Whether the file's root object has a <c>rules</c> field (the reader answers the defaults either way).</summary>
    private static bool HasRules(byte[] body)
    {
        var span = body.AsSpan();
        if (span.StartsWith("\uFEFF"u8)) span = span[3..];
        var reader = new Utf8JsonReader(span);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
            {
                if (reader.ValueTextEquals("rules"u8)) return true;
                reader.Read();
                reader.Skip();
            }
        }
        return false;
    }

    private async Task<HashSet<string>> ExistingCodesAsync(int organizationId, CancellationToken ct) =>
        (await db.Matters.AsNoTracking().Where(m => m.OrganizationId == organizationId).Select(m => m.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The organization's tasks file: its card settings and its supervised matters (下发 or later) in their order
    /// (<see cref="Matter.Position"/>), each with its reports in the order they were stored — what
    /// <c>pacesetter cards</c> evaluates the same way.
    /// </summary>
    public async Task<CardFile> FileAsync(int organizationId, CancellationToken ct)
    {
        var settings = await CardSettings.ForAsync(db, organizationId, ct);
        var matters = await db.Matters.AsNoTracking()
            .Where(m => m.OrganizationId == organizationId && m.State >= Supervised)
            .OrderBy(m => m.Position).ThenBy(m => m.Id)
            .Select(m => new { m.Id, m.Code, m.Name, m.UnitCode, m.Start, m.Due })
            .ToListAsync(ct);
        var reports = new Dictionary<long, List<ProgressReport>>();
        await foreach (var r in db.MatterReports.AsNoTracking()
            .Where(r => r.OrganizationId == organizationId && db.Matters.Any(m => m.Id == r.MatterId && m.State >= Supervised))
            .OrderBy(r => r.MatterId).ThenBy(r => r.Id)
            .Select(r => new { r.MatterId, r.Date, r.Percent }).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (!reports.TryGetValue(r.MatterId, out var list)) reports[r.MatterId] = list = [];
            list.Add(new ProgressReport(r.Date, r.Percent));
        }
        var tasks = matters.Select(m => new SupervisedTask(m.Code, m.Name, m.UnitCode, m.Start, m.Due,
            reports.TryGetValue(m.Id, out var list) ? list : [])).ToList();
        return new CardFile(settings.ToRules(), tasks);
    }

    /// <summary>The card report of the organization's file at <paramref name="asOf"/>, as <c>pacesetter cards --as-of</c> evaluates it.</summary>
    public async Task<CardReport> ReportAsync(int organizationId, DateOnly asOf, CancellationToken ct) =>
        CardEvaluator.Evaluate(await FileAsync(organizationId, ct), asOf);

    /// <summary>Writes a card report as <c>pacesetter cards --format json</c> prints it (indented, a final line break).</summary>
    public static async Task WriteReportAsync(Stream output, CardReport report, CancellationToken ct)
    {
        await using (var writer = new Utf8JsonWriter(output, JsonFormats.IndentedWriter))
        {
            CardReportJson.Write(writer, report);
            await writer.FlushAsync(ct);
        }
        await output.WriteAsync("\n"u8.ToArray(), ct);
    }

    /// <summary>Writes a tasks file <c>{"rules", "tasks"}</c> that <c>pacesetter cards</c> reads (indented).</summary>
    public static async Task WriteFileAsync(Stream output, CardFile file, CancellationToken ct)
    {
        await using (var w = new Utf8JsonWriter(output, JsonFormats.IndentedWriter))
        {
            w.WriteStartObject();
            w.WriteStartObject("rules");
            w.WriteNumber("yellowLag", file.Rules.YellowLag);
            w.WriteNumber("redLag", file.Rules.RedLag);
            w.WriteNumber("notStartedYellowMonths", file.Rules.NotStartedYellowMonths);
            w.WriteNumber("notStartedRedMonths", file.Rules.NotStartedRedMonths);
            w.WriteNumber("escalateAfter", file.Rules.EscalateAfter);
            w.WriteEndObject();
            w.WriteStartArray("tasks");
            foreach (var t in file.Tasks)
            {
                w.WriteStartObject();
                w.WriteString("id", t.Id);
                w.WriteString("name", t.Name);
                w.WriteString("unit", t.Unit);
                w.WriteString("start", CardFileReader.Format(t.Start));
                w.WriteString("due", CardFileReader.Format(t.Due));
                w.WriteStartArray("progress");
                foreach (var p in t.Progress)
                {
                    w.WriteStartObject();
                    w.WriteString("date", CardFileReader.Format(p.Date));
                    w.WriteNumber("percent", p.Percent);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
                if (w.BytesPending > 65536) await w.FlushAsync(ct);
            }
            w.WriteEndArray();
            w.WriteEndObject();
            await w.FlushAsync(ct);
        }
        await output.WriteAsync("\n"u8.ToArray(), ct);
    }
}
