using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Access;
using Pacesetter.App.Audit;
using Pacesetter.App.Data;
using Pacesetter.App.DataEntry;
using Pacesetter.App.Exports;
using Pacesetter.App.Publication;
using Pacesetter.App.Spreadsheets;
using Pacesetter.App.Writes;
using Pacesetter.Scoring.Output;

namespace Pacesetter.App.DataImport;

/// <summary>A datum an import sets: where it came from, its value before (stored JSON; null: none) and after, and its state after.</summary>
public sealed record ImportChange(string Unit, string UnitName, string Indicator, string IndicatorName, string? Before, string After, DatumState State, string Sheet, string Cell);

/// <summary>What an import did or would do.</summary>
public enum ImportStatus { Ok, Invalid, NotFound, Forbidden, Published, Conflict }

/// <summary>
/// An import's outcome: the file's name and SHA-256, the data it sets (unchanged ones left out, counted), every
/// problem at its cell, and the kept file's id once stored.
/// </summary>
public sealed record ImportOutcome(ImportStatus Status, IReadOnlyList<SheetProblem> Problems, string FileName = "", string Sha256 = "",
    IReadOnlyList<ImportChange>? Changes = null, int Unchanged = 0, long? FileId = null)
{
    public IReadOnlyList<ImportChange> Data => Changes ?? [];

    public static ImportOutcome Refused(ImportStatus status, params SheetProblem[] problems) => new(status, problems);
}

/// <summary>
/// 从表格导入数据 (issue #11 §3, ADR 0042): a filled template or a long table read by <see cref="DataImportReader"/>,
/// checked as each datum is when entered (who may enter it, the deadline, the engine's check of the datum, a datum under
/// review or approved is not a reporter's to overwrite), then — when <c>commit</c> — written all or nothing in one
/// audited write: an admin's figures approved, a reporter's or an assessor's drafts; the file kept
/// (<see cref="DataImportFile"/>) and named with its SHA-256 in a <c>data.sheet</c> audit row per unit. Without
/// <c>commit</c> it is the preview: what would change, nothing stored.
/// </summary>
public sealed class DataImportService(PacesetterDb db, DataEntryService entry)
{
    private readonly OrgWriter writer = new(db);

    public async Task<ImportOutcome> ImportAsync(Actor actor, string period, string fileName, ReadOnlyMemory<byte> content, bool commit, CancellationToken ct)
    {
        var view = await entry.PeriodAsync(actor.OrganizationId, period, ct);
        if (view is null) return ImportOutcome.Refused(ImportStatus.NotFound, new SheetProblem("", "", $"period {period} has no scheme", $"考核期 {period} 还没有考核方案"));
        if (TemplateColumns.For(view.Scheme, actor).Count == 0) return ImportOutcome.Refused(ImportStatus.Forbidden, new SheetProblem("", "", "you enter no datum of this period", "您在本期没有需要填报的数据"));
        var read = SpreadsheetReader.Read(content, fileName);
        if (read.Sheets.Count == 0) return ImportOutcome.Refused(ImportStatus.Invalid, [.. read.Problems]);
        var (data, problems) = DataImportReader.Read(read.Sheets, view.Scheme);
        // A file read with cell problems (a formula without its value, a damaged cell) is still read through, so that
        // every problem is said at once; a cell the reader refused is said once, by the reader.
        var refusedCells = read.Problems.Select(p => (p.Sheet, p.Cell)).ToHashSet();
        problems = [.. read.Problems, .. problems.Where(p => !refusedCells.Contains((p.Sheet, p.Cell)))];
        var sha = EvidenceFiles.Sha256(content.ToArray());
        if (!actor.IsAdmin && view.DeadlinePassed(DataEntryService.Now))
        {
            problems.Add(new SheetProblem("", "", "the deadline of this period has passed: only the office enters data now", "本期填报已截止：现在只有考核办可以录入数据"));
        }
        var rows = await db.DatumEntries.AsNoTracking().Where(d => d.OrganizationId == actor.OrganizationId && d.Period == period)
            .ToDictionaryAsync(d => (d.UnitCode, d.IndicatorId), ct);
        var changes = new List<ImportChange>();
        var unchanged = 0;
        var state = actor.IsAdmin ? DatumState.Approved : DatumState.Draft;
        // Each unit's category once (PeriodView.Find scans the categories' units: slow for 100,000 data).
        var categoryOf = view.Scheme.Categories.SelectMany(c => c.Units.Select(u => (u, c))).ToDictionary(x => x.u, x => x.c, StringComparer.Ordinal);
        foreach (var d in data)
        {
            var category = categoryOf.GetValueOrDefault(d.Unit);
            var j = category?.IndicatorIndex(d.Indicator) ?? -1;
            if (j < 0)
            {
                problems.Add(new SheetProblem(d.Sheet, d.Cell, $"{view.Scheme.UnitName(d.Unit)} is not assessed on {d.Indicator} (another category's sheet?)", $"“{view.Scheme.UnitName(d.Unit)}”不考核该指标（是否填在了其他考核类别的工作表中？）"));
                continue;
            }
            var slot = (Category: category!, Indicator: category!.Indicators[j]);
            if (!actor.CanWrite(d.Unit, slot.Indicator))
            {
                problems.Add(new SheetProblem(d.Sheet, d.Cell, $"you do not enter {view.Scheme.UnitName(d.Unit)}'s {slot.Indicator.Name}", $"您不能填报“{view.Scheme.UnitName(d.Unit)}”的“{slot.Indicator.Name}”"));
                continue;
            }
            var text = DatumText.Of(d.Value);
            foreach (var p in DataEntryService.Check(slot.Indicator, d.Unit, text))
            {
                problems.Add(new SheetProblem(d.Sheet, d.Cell, $"{slot.Indicator.Name}: {p.English}", $"“{slot.Indicator.Name}”：{p.Chinese}"));
            }
            rows.TryGetValue((d.Unit, d.Indicator), out var row);
            if (row is { State: DatumState.Approved } && !actor.IsAdmin)
            {
                problems.Add(new SheetProblem(d.Sheet, d.Cell, $"{slot.Indicator.Name} is approved: only the office changes it", $"“{slot.Indicator.Name}”已审核通过，只有考核办可以修改"));
                continue;
            }
            if (row is { State: DatumState.Submitted } && !actor.IsAdmin)
            {
                problems.Add(new SheetProblem(d.Sheet, d.Cell, $"{slot.Indicator.Name} is submitted for review: withdraw it first", $"“{slot.Indicator.Name}”已提交审核，请先撤回再导入"));
                continue;
            }
            if (row is not null && row.Value == text && row.State == state)
            {
                unchanged++;
                continue;
            }
            changes.Add(new ImportChange(d.Unit, view.Scheme.UnitName(d.Unit), d.Indicator, slot.Indicator.Name, row?.Value, text, state, d.Sheet, d.Cell));
        }
        if (problems.Count > 0) return new ImportOutcome(ImportStatus.Invalid, problems, fileName, sha);
        if (!commit) return new ImportOutcome(ImportStatus.Ok, [], fileName, sha, changes, unchanged);

        var now = DataEntryService.Now;
        var done = await writer.RunAsync(actor.OrganizationId, actor.UserName, async w =>
        {
            if (await PublicationService.LockedInAsync(w, period) is { } locked) return WriteOutcome<long>.Conflict(locked);
            var file = new DataImportFile
            {
                OrganizationId = actor.OrganizationId,
                Period = period,
                // A workbook is read for its cells, not kept for its name: a name FileNames refuses is stored as import.xlsx.
                FileName = FileNames.Check("file", fileName) is ({ Length: > 0 } n, null) ? FileNames.Shorten(n, Path.GetExtension(n)) : "import.xlsx",
                Size = content.Length,
                Sha256 = sha,
                Content = content.ToArray(),
                Count = changes.Count,
                ImportedBy = actor.UserName,
                ImportedAt = now,
            };
            db.DataImportFiles.Add(file);
            await w.SaveAsync();
            // Rows that exist are updated through the change tracker at the version read; new rows (most of a first
            // import: up to 100,000) are inserted in bulk without it, as a scheme import's are.
            var existing = changes.Where(c => rows.ContainsKey((c.Unit, c.Indicator))).Select(c => rows[(c.Unit, c.Indicator)].Id).ToHashSet();
            var tracked = new Dictionary<(string, string), DatumEntry>();
            foreach (var chunk in existing.Chunk(1000))
            {
                foreach (var r in await db.DatumEntries.Where(x => x.OrganizationId == actor.OrganizationId && chunk.Contains(x.Id)).ToListAsync(w.Ct)) tracked[(r.UnitCode, r.IndicatorId)] = r;
            }
            var added = new List<DatumEntry>();
            var records = new List<AuditRecord>();
            foreach (var unit in changes.GroupBy(c => c.Unit))
            {
                var before = new JsonObject();
                var after = new JsonObject();
                foreach (var c in unit)
                {
                    if (tracked.TryGetValue((c.Unit, c.Indicator), out var row))
                    {
                        before[c.Indicator] = JsonNode.Parse(DataEntryService.Snapshot(row)!);
                        // Changed since the check (another write in between): refused rather than overwritten.
                        if (row.Value != c.Before || row.Version != rows[(c.Unit, c.Indicator)].Version) return WriteOutcome<long>.Conflict(WriteMessages.Changed);
                        row.Version++;
                    }
                    else if (rows.ContainsKey((c.Unit, c.Indicator))) return WriteOutcome<long>.Conflict(WriteMessages.Changed);
                    else
                    {
                        row = new DatumEntry { OrganizationId = actor.OrganizationId, Period = period, UnitCode = c.Unit, IndicatorId = c.Indicator, UpdatedBy = actor.UserName, Version = 1 };
                        added.Add(row);
                    }
                    row.Value = c.After;
                    row.State = c.State;
                    row.UpdatedBy = actor.UserName;
                    row.UpdatedAt = now;
                    after[c.Indicator] = JsonNode.Parse(DataEntryService.Snapshot(row)!);
                }
                records.Add(new AuditRecord(actor.UserName, "data.sheet", "unit", $"{period}/{unit.Key}", period, unit.Key,
                    before.Count == 0 ? null : before.ToJsonString(JsonFormats.Compact), after.ToJsonString(JsonFormats.Compact), $"从表格导入：{file.FileName}（SHA-256 {sha}）"));
            }
            await w.AuditManyAsync(records, async () => await BulkInsert.RowsAsync(db, added, w.Ct));
            await w.SaveAsync();
            return WriteOutcome<long>.Ok(file.Id);
        }, ct: ct);
        if (!done.IsOk)
        {
            var status = done.Problems is [{ Path: "$.period" }] ? ImportStatus.Published : ImportStatus.Conflict;
            return new ImportOutcome(status, [.. done.Problems.Select(p => new SheetProblem("", "", p.English, p.Chinese))], fileName, sha);
        }
        return new ImportOutcome(ImportStatus.Ok, [], fileName, sha, changes, unchanged, done.Value);
    }

    /// <summary>The template of the period for <paramref name="actor"/>; null when the period has no scheme or nothing for the actor to enter.</summary>
    public async Task<ExportFile?> TemplateAsync(Actor actor, string period, CancellationToken ct)
    {
        var view = await entry.PeriodAsync(actor.OrganizationId, period, ct);
        if (view is null) return null;
        var sheets = TemplateColumns.For(view.Scheme, actor);
        return sheets.Count == 0 ? null : DataTemplate.Build(actor.Organization.Name, period, sheets, (u, i) => actor.CanWrite(u, i));
    }
}
