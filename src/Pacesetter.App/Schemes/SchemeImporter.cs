using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Audit;
using Pacesetter.App.Data;
using Pacesetter.App.DataEntry;
using Pacesetter.App.Organizations;
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
    /// <summary>The audit reason of imported data rows.</summary>
    public const string ImportReason = "导入";

    /// <summary>A scheme file may hold up to 8 MB.</summary>
    public const int MaxBytes = 8 * 1024 * 1024;

    /// <param name="period">The period the file must be for (the route's), or null to take the file's.</param>
    /// <param name="expectedVersion">The current version the caller expects (If-Match), or null for no check.</param>
    public async Task<ImportOutcome> ImportAsync(int organizationId, string? period, ReadOnlyMemory<byte> utf8, string actor, string? reason, int? expectedVersion, CancellationToken ct = default)
    {
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
        }
        if (problems.Count > 0) return ImportOutcome.Invalid(problems);
        var scheme = read.Scheme!;
        try
        {
            return await db.InTransactionAsync(async () =>
            {
                await db.LockOrganizationAsync(organizationId, ct);
                var saved = await store.SaveAsync(organizationId, scheme.Period, file!, actor, reason ?? ImportReason, expectedVersion, ct);
                if (saved.Saved is null) return new ImportOutcome(null, saved.Current, saved.Problems, 0, 0, 0);
                var (created, renamed) = await UnitsAsync(organizationId, scheme, actor, ct);
                var imported = await DataAsync(organizationId, scheme.Period, file!["data"] as JsonObject, actor, ct);
                await db.SaveChangesAsync(ct);
                return new ImportOutcome(saved.Saved, saved.Saved, [], created, renamed, imported);
            }, ct);
        }
        catch (DbUpdateException)
        {
            // Another save took the same version number between our read and our write: a conflict, not an error.
            db.ChangeTracker.Clear();
            var current = await store.CurrentAsync(organizationId, scheme.Period, ct);
            if (current is null || current.Version == expectedVersion) throw;
            return new ImportOutcome(null, current, [], 0, 0, 0);
        }
    }

    private static IEnumerable<Problem> TooLong(JsonObject file)
    {
        if (file["data"] is not JsonObject data) yield break;
        foreach (var (unit, values) in data)
        {
            if (values is not JsonObject byIndicator) continue;
            foreach (var (indicator, value) in byIndicator)
            {
                if (value is not null && value.ToJsonString().Length > 20000)
                {
                    yield return new Problem(JsonPath.Field(JsonPath.Field("$.data", unit), indicator), "is longer than 20000 characters", "超过 20000 个字符");
                }
            }
        }
    }

    /// <summary>
    /// Creates the file's units (a unit the file does not name gets its id as name) and categories, renames units whose
    /// name in the file changed, moves units to the file's category.
    /// </summary>
    private async Task<(int Created, int Renamed)> UnitsAsync(int organizationId, Scheme scheme, string actor, CancellationToken ct)
    {
        var categories = await db.UnitCategories.Where(c => c.OrganizationId == organizationId).ToDictionaryAsync(c => c.Code, StringComparer.Ordinal, ct);
        int sort = categories.Count == 0 ? 0 : categories.Values.Max(c => c.SortOrder);
        bool added = false;
        foreach (var c in scheme.Categories.Where(c => !categories.ContainsKey(c.Id)))
        {
            var row = new UnitCategory { OrganizationId = organizationId, Code = c.Id, Name = c.Name, SortOrder = ++sort };
            db.UnitCategories.Add(row);
            categories[c.Id] = row;
            added = true;
            await AuditLog.Append(db, organizationId, new AuditRecord(actor, "category.create", "unit_category", c.Id, scheme.Period, After: c.Name, Reason: ImportReason), ct);
        }
        // New categories need their ids before units can point at them (same transaction).
        if (added) await db.SaveChangesAsync(ct);

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
                await AuditLog.Append(db, organizationId, new AuditRecord(actor, "unit.create", "unit", info.Id, scheme.Period, info.Id, After: info.Name, Reason: ImportReason), ct);
                continue;
            }
            // A unit the file lists but does not name in `units` (scoring.md §7) keeps the organization's name.
            if (info.Named && unit.Name != info.Name)
            {
                await AuditLog.Append(db, organizationId, new AuditRecord(actor, "unit.rename", "unit", info.Id, scheme.Period, info.Id, unit.Name, info.Name, ImportReason), ct);
                unit.Name = info.Name;
                unit.Version++;
                renamed++;
            }
            if (category is not null && unit.CategoryId != category)
            {
                var before = categories.Values.FirstOrDefault(c => c.Id == unit.CategoryId)?.Code;
                var after = categories.Values.First(c => c.Id == category).Code;
                await AuditLog.Append(db, organizationId, new AuditRecord(actor, "unit.category", "unit", info.Id, scheme.Period, info.Id, before, after, ImportReason), ct);
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
    private async Task<int> DataAsync(int organizationId, string period, JsonObject? data, string actor, CancellationToken ct)
    {
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
                    await AuditLog.Append(db, organizationId, new AuditRecord(actor, "datum.import", "datum", $"{period}/{unit}/{indicator}", period, unit, row.Value, value, ImportReason), ct);
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
                    await AuditLog.Append(db, organizationId, new AuditRecord(actor, "datum.import", "datum", $"{period}/{unit}/{indicator}", period, unit, null, value, ImportReason), ct);
                }
                imported++;
            }
        }
        return imported;
    }

}

/// <summary>
/// What an import did: the saved version and the counts; or the problems of the file (nothing stored); or, when
/// <see cref="Saved"/> is null without problems, a conflict with <see cref="Current"/>, the newer version.
/// </summary>
public sealed record ImportOutcome(SchemeVersion? Saved, SchemeVersion? Current, IReadOnlyList<Problem> Problems, int UnitsCreated, int UnitsRenamed, int DataImported)
{
    public bool Conflict => Saved is null && Problems.Count == 0;

    public static ImportOutcome Invalid(IReadOnlyList<Problem> problems) => new(null, null, problems, 0, 0, 0);
}
