using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Data;
using Pacesetter.App.DataEntry;
using Pacesetter.App.Organizations;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Output;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.App.Schemes;

/// <summary>
/// 导入 a whole scheme file (scoring.md §7): the document becomes a new version, its units are created or renamed,
/// its data become approved rows — in one transaction, or nothing at all when the file has a problem or a newer
/// version was saved in between. Used by <c>PUT …/scheme</c> and by the import page.
/// </summary>
public sealed class SchemeImporter(PacesetterDb db, SchemeStore store)
{
    private readonly OrgWriter writer = new(db);

    /// <summary>The audit reason of imported data rows.</summary>
    public const string ImportReason = "导入";

    /// <summary>A scheme file may hold up to 8 MB.</summary>
    public const int MaxBytes = 8 * 1024 * 1024;

    /// <param name="period">The period the file must be for (the route's), or null to take the file's.</param>
    /// <param name="expectedVersion">The current version the caller expects (If-Match), or null for no check.</param>
    public async Task<WriteOutcome<Imported>> ImportAsync(int organizationId, string? period, ReadOnlyMemory<byte> utf8, string actor, string? reason, int? expectedVersion, CancellationToken ct = default)
    {
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        var span = utf8.Span;
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) utf8 = utf8[3..];
        var read = SchemeReader.Read(utf8);
        var problems = read.Problems.ToList();
        if (read.Scheme is { } s && period is not null && s.Period != period)
        {
            problems.Add(new Problem("$.period", $"the file is for period \"{s.Period}\", not \"{period}\"", $"文件的考核期是“{s.Period}”，而不是“{period}”"));
        }
        JsonObject? file = null;
        if (problems.Count == 0)
        {
            file = JsonNode.Parse(utf8.Span)!.AsObject();
            problems.AddRange(TooLong(file));
            // The organization's rules for what a stored file creates and keys rows by: before anything is written.
            problems.AddRange(SchemeRules.Check(read.Scheme!, file, reason));
        }
        if (problems.Count > 0) return WriteOutcome<Imported>.Invalid(problems);
        var scheme = read.Scheme!;
        return await writer.RunAsync(organizationId, actor, async w =>
        {
            var saved = await store.SaveInAsync(w, scheme.Period, file!, reason ?? ImportReason, expectedVersion);
            if (!saved.IsOk) return Refused(saved);
            var (created, renamed) = await UnitsAsync(w, scheme);
            var imported = await DataAsync(w, scheme.Period, file!["data"] as JsonObject);
            return WriteOutcome<Imported>.Ok(new Imported(saved.Value!, created, renamed, imported));
        }, async () =>
        {
            // Another save took the same version number between our read and our write: a conflict, not an error.
            var current = await store.CurrentAsync(organizationId, scheme.Period, ct);
            return WriteOutcome<Imported>.Conflict(SchemeStore.Newer, current is null ? null : new Imported(current, 0, 0, 0));
        }, ct);
    }

    private static WriteOutcome<Imported> Refused(WriteOutcome<SchemeVersion> saved) =>
        saved.Status == WriteStatus.Conflict
            ? WriteOutcome<Imported>.Conflict(saved.Problems[0], saved.Value is { } v ? new Imported(v, 0, 0, 0) : null)
            : saved.As<Imported>();

    /// <summary>Data whose stored JSON would exceed <see cref="DatumText.MaxLength"/>: the same rule and message as a datum saved alone.</summary>
    private static IEnumerable<Problem> TooLong(JsonObject file)
    {
        if (file["data"] is not JsonObject data) yield break;
        foreach (var (unit, values) in data)
        {
            if (values is not JsonObject byIndicator) continue;
            foreach (var (indicator, value) in byIndicator)
            {
                if (value is not null && DatumText.TooLong(DatumText.Of(value), DataEntryService.DatumPath(unit, indicator)) is { } problem) yield return problem;
            }
        }
    }

    /// <summary>
    /// Creates the file's units (a unit the file does not name gets its id as name) and categories, renames units whose
    /// name in the file changed, moves units to the file's category.
    /// </summary>
    private async Task<(int Created, int Renamed)> UnitsAsync(AuditedWrite w, Scheme scheme)
    {
        int organizationId = w.OrganizationId;
        var ct = w.Ct;
        var categories = await db.UnitCategories.Where(c => c.OrganizationId == organizationId).ToDictionaryAsync(c => c.Code, StringComparer.Ordinal, ct);
        int sort = categories.Count == 0 ? 0 : categories.Values.Max(c => c.SortOrder);
        bool added = false;
        foreach (var c in scheme.Categories.Where(c => !categories.ContainsKey(c.Id)))
        {
            var row = new UnitCategory { OrganizationId = organizationId, Code = c.Id, Name = c.Name, SortOrder = ++sort };
            db.UnitCategories.Add(row);
            categories[c.Id] = row;
            added = true;
            await w.Audit("category.create", "unit_category", c.Id, scheme.Period, after: c.Name, reason: ImportReason);
        }
        // New categories need their ids before units can point at them (same transaction).
        if (added) await w.SaveAsync();

        var categoryOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var c in scheme.Categories)
        {
            foreach (var u in c.Units) categoryOf[u] = categories[c.Id].Id;
        }
        var units = await db.Units.Where(u => u.OrganizationId == organizationId).ToDictionaryAsync(u => u.Code, StringComparer.Ordinal, ct);
        int created = 0, renamed = 0;
        foreach (var info in scheme.Units)
        {
            int? category = categoryOf.TryGetValue(info.Id, out var id) ? id : null;
            if (!units.TryGetValue(info.Id, out var unit))
            {
                db.Units.Add(new Unit { OrganizationId = organizationId, Code = info.Id, Name = info.Name, CategoryId = category });
                created++;
                await w.Audit("unit.create", "unit", info.Id, scheme.Period, info.Id, after: info.Name, reason: ImportReason);
                continue;
            }
            // A unit the file lists but does not name in `units` (scoring.md §7) keeps the organization's name.
            if (info.Named && unit.Name != info.Name)
            {
                await w.Audit("unit.rename", "unit", info.Id, scheme.Period, info.Id, unit.Name, info.Name, ImportReason);
                unit.Name = info.Name;
                unit.Version++;
                renamed++;
            }
            if (category is not null && unit.CategoryId != category)
            {
                var before = categories.Values.FirstOrDefault(c => c.Id == unit.CategoryId)?.Code;
                var after = categories.Values.First(c => c.Id == category).Code;
                await w.Audit("unit.category", "unit", info.Id, scheme.Period, info.Id, before, after, ImportReason);
                unit.CategoryId = category;
                unit.Version++;
            }
        }
        return (created, renamed);
    }

    /// <summary>
    /// The file's data as approved rows: one <c>datum.import</c> audit row per datum whose value or state changes.
    /// Rows the file does not mention are left as they are (a reporter's draft is not deleted by an import).
    /// </summary>
    private async Task<int> DataAsync(AuditedWrite w, string period, JsonObject? data)
    {
        int organizationId = w.OrganizationId;
        var ct = w.Ct;
        var actor = w.Actor;
        if (data is null) return 0;
        var rows = await db.DatumEntries.Where(d => d.OrganizationId == organizationId && d.Period == period)
            .ToDictionaryAsync(d => (d.UnitCode, d.IndicatorId), ct);
        var now = DateTimeOffset.UtcNow;
        int imported = 0;
        foreach (var (unit, values) in data)
        {
            if (values is not JsonObject byIndicator) continue;
            foreach (var (indicator, node) in byIndicator)
            {
                if (node is null) continue;
                var value = node.ToJsonString(JsonFormats.Compact);
                if (rows.TryGetValue((unit, indicator), out var row))
                {
                    if (row.Value == value && row.State == DatumState.Approved) continue;
                    await w.Audit("datum.import", "datum", $"{period}/{unit}/{indicator}", period, unit, row.Value, value, ImportReason);
                    row.Value = value;
                    row.State = DatumState.Approved;
                    row.ReturnReason = null;
                    row.UpdatedBy = actor;
                    row.UpdatedAt = now;
                    row.Version++;
                }
                else
                {
                    db.DatumEntries.Add(new DatumEntry
                    {
                        OrganizationId = organizationId,
                        Period = period,
                        UnitCode = unit,
                        IndicatorId = indicator,
                        Value = value,
                        State = DatumState.Approved,
                        UpdatedBy = actor,
                        UpdatedAt = now,
                        Version = 1,
                    });
                    await w.Audit("datum.import", "datum", $"{period}/{unit}/{indicator}", period, unit, null, value, ImportReason);
                }
                imported++;
            }
        }
        return imported;
    }

}

/// <summary>What an import did: the saved version (on a conflict, the newer one) and the counts.</summary>
public sealed record Imported(SchemeVersion Version, int UnitsCreated, int UnitsRenamed, int DataImported);
