using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Pacesetter.App.Audit;
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

    /// <summary>A scheme file may hold up to 64 MB by default (the web host's <c>Limits:SchemeFileBytes</c> sets another limit).</summary>
    public const int MaxBytes = 64 * 1024 * 1024;

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
            // The organization's rules for what a stored file creates and keys rows by: before anything is written.
            problems.AddRange(SchemeRules.Check(read.Scheme!, file, reason));
        }
        if (file is null) return WriteOutcome<Imported>.Invalid(problems);
        var scheme = read.Scheme!;
        // Prepared before the write lock, so that the transaction only writes: the data taken out of the document (the
        // version keeps none, and the reader above has checked them with it) and compared with the stored rows. Each
        // value is written as stored once, here, and its length checked on that text.
        var data = file["data"] as JsonObject;
        file.Remove("data");
        var plan = await PlanAsync(organizationId, scheme.Period, data, actor, ct);
        data = null; // the data's DOM can be collected while the write runs
        problems.AddRange(plan.Problems);
        if (problems.Count > 0) return WriteOutcome<Imported>.Invalid(problems);
        return await writer.RunAsync(organizationId, actor, async w =>
        {
            var saved = await store.SaveInAsync(w, scheme.Period, file, reason ?? ImportReason, expectedVersion, checkedWithData: true);
            if (!saved.IsOk) return Refused(saved);
            var (created, renamed) = await UnitsAsync(w, scheme);
            var imported = await DataAsync(w, plan);
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
        // New units go in with one bulk statement (a province brings 10,000), their audit rows with the renames' and
        // moves' in the file's order (AuditManyAsync saves the tracked renames and moves first).
        var newUnits = new List<Unit>();
        var records = new List<AuditRecord>();
        foreach (var info in scheme.Units)
        {
            int? category = categoryOf.TryGetValue(info.Id, out var id) ? id : null;
            if (!units.TryGetValue(info.Id, out var unit))
            {
                newUnits.Add(new Unit { OrganizationId = organizationId, Code = info.Id, Name = info.Name, CategoryId = category });
                created++;
                records.Add(new AuditRecord(w.Actor, "unit.create", "unit", info.Id, scheme.Period, info.Id, After: info.Name, Reason: ImportReason));
                continue;
            }
            // A unit the file lists but does not name in `units` (scoring.md §7) keeps the organization's name.
            if (info.Named && unit.Name != info.Name)
            {
                records.Add(new AuditRecord(w.Actor, "unit.rename", "unit", info.Id, scheme.Period, info.Id, unit.Name, info.Name, ImportReason));
                unit.Name = info.Name;
                unit.Version++;
                renamed++;
            }
            if (category is not null && unit.CategoryId != category)
            {
                var before = categories.Values.FirstOrDefault(c => c.Id == unit.CategoryId)?.Code;
                var after = categories.Values.First(c => c.Id == category).Code;
                records.Add(new AuditRecord(w.Actor, "unit.category", "unit", info.Id, scheme.Period, info.Id, before, after, ImportReason));
                unit.CategoryId = category;
                unit.Version++;
            }
        }
        if (records.Count > 0) await w.AuditManyAsync(records, async () => await BulkInsert.RowsAsync(db, newUnits, ct));
        return (created, renamed);
    }

    /// <summary>What the file's data change: rows to add, rows to update (at the version read), one audit record per unit whose data change.</summary>
    /// <summary>What the import will write, and the data it refuses (stored JSON longer than <see cref="DatumText.MaxLength"/>: the same rule and message as a datum saved alone).</summary>
    private sealed record DataPlan(List<DatumEntry> Added, List<DatumUpdate> Updated, List<AuditRecord> Audit, List<Problem> Problems);

    private sealed record DatumUpdate(long Id, int Version, string Value);

    /// <summary>
    /// The file's data as approved rows: one <c>datum.import</c> audit record per unit whose data change (entity
    /// <c>unit</c>, key <c>{period}/{unit}</c>), before = {indicator: the stored value or null} and after = {indicator:
    /// the imported value} for exactly the data whose value or state changes, in the file's order (ADR 0011). Rows the
    /// file does not mention are left as they are (a reporter's draft is not deleted by an import). Read before the
    /// write lock: <see cref="DataAsync"/> updates a row only at the version read here.
    /// </summary>
    private async Task<DataPlan> PlanAsync(int organizationId, string period, JsonObject? data, string actor, CancellationToken ct)
    {
        var plan = new DataPlan([], [], [], []);
        if (data is null) return plan;
        // One writer reused for the million values of a province (what ToJsonString(JsonFormats.Compact) writes).
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using var json = new Utf8JsonWriter(buffer, JsonFormats.CompactWriter);
        var rows = await db.DatumEntries.AsNoTracking().Where(d => d.OrganizationId == organizationId && d.Period == period)
            .Select(d => new { d.Id, d.UnitCode, d.IndicatorId, d.Value, d.State, d.Version })
            .ToDictionaryAsync(d => (d.UnitCode, d.IndicatorId), ct);
        // The unit's audit record: {indicator: value} objects written as the data are read (values are compact JSON).
        var beforeBuffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        var afterBuffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using var beforeJson = new Utf8JsonWriter(beforeBuffer, JsonFormats.CompactWriter);
        using var afterJson = new Utf8JsonWriter(afterBuffer, JsonFormats.CompactWriter);
        foreach (var (unit, values) in data)
        {
            if (values is not JsonObject byIndicator) continue;
            beforeBuffer.ResetWrittenCount();
            afterBuffer.ResetWrittenCount();
            beforeJson.Reset(beforeBuffer);
            afterJson.Reset(afterBuffer);
            beforeJson.WriteStartObject();
            afterJson.WriteStartObject();
            var changes = 0;
            foreach (var (indicator, node) in byIndicator)
            {
                if (node is null) continue;
                buffer.ResetWrittenCount();
                json.Reset(buffer);
                node.WriteTo(json, JsonFormats.Compact);
                json.Flush();
                var value = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
                if (DatumText.TooLong(value, DataEntryService.DatumPath(unit, indicator)) is { } tooLong)
                {
                    plan.Problems.Add(tooLong);
                    continue;
                }
                if (rows.TryGetValue((unit, indicator), out var row))
                {
                    if (row.Value == value && row.State == DatumState.Approved) continue;
                    beforeJson.WritePropertyName(indicator);
                    if (row.Value is null) beforeJson.WriteNullValue();
                    else beforeJson.WriteRawValue(row.Value);
                    plan.Updated.Add(new DatumUpdate(row.Id, row.Version, value));
                }
                else
                {
                    beforeJson.WritePropertyName(indicator);
                    beforeJson.WriteNullValue();
                    plan.Added.Add(new DatumEntry
                    {
                        OrganizationId = organizationId,
                        Period = period,
                        UnitCode = unit,
                        IndicatorId = indicator,
                        Value = value,
                        State = DatumState.Approved,
                        UpdatedBy = actor,
                        Version = 1,
                    });
                }
                afterJson.WritePropertyName(indicator);
                afterJson.WriteRawValue(buffer.WrittenSpan, skipInputValidation: true);
                changes++;
            }
            if (changes == 0) continue;
            beforeJson.WriteEndObject();
            afterJson.WriteEndObject();
            beforeJson.Flush();
            afterJson.Flush();
            plan.Audit.Add(new AuditRecord(actor, "datum.import", "unit", $"{period}/{unit}", period, unit,
                System.Text.Encoding.UTF8.GetString(beforeBuffer.WrittenSpan), System.Text.Encoding.UTF8.GetString(afterBuffer.WrittenSpan), ImportReason));
        }
        return plan;
    }

    /// <summary>
    /// Writes the plan with bulk statements (<see cref="BulkInsert"/>), not row by row through the change tracker. A row
    /// changed or added by someone else since <see cref="PlanAsync"/> read it is a conflict: nothing is written.
    /// </summary>
    private async Task<int> DataAsync(AuditedWrite w, DataPlan plan)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var row in plan.Added) row.UpdatedAt = now;
        await w.AuditManyAsync(plan.Audit, async () =>
        {
            if (plan.Updated.Count > 0) await UpdateAsync(w, plan.Updated, now);
            await BulkInsert.RowsAsync(db, plan.Added, w.Ct);
        });
        return plan.Added.Count + plan.Updated.Count;
    }

    /// <summary>Approves the rows at the versions read (one prepared statement on SQLite, one statement on PostgreSQL).</summary>
    private async Task UpdateAsync(AuditedWrite w, List<DatumUpdate> updates, DateTimeOffset now)
    {
        const string set = "\"Value\" = {0}, \"State\" = {1}, \"ReturnReason\" = NULL, \"UpdatedBy\" = {2}, \"UpdatedAt\" = {3}, \"Version\" = \"Version\" + 1";
        long changed;
        if (db.IsPostgres)
        {
            var sql = "UPDATE datum_entries AS d SET " + string.Format(System.Globalization.CultureInfo.InvariantCulture, set, "u.value", "@state", "@actor", "@now") +
                " FROM unnest(@ids, @versions, @values) AS u(id, version, value) WHERE d.\"Id\" = u.id AND d.\"Version\" = u.version";
            await using var command = new Npgsql.NpgsqlCommand(sql, (Npgsql.NpgsqlConnection)db.Database.GetDbConnection());
            command.Parameters.AddWithValue("state", (int)DatumState.Approved);
            command.Parameters.AddWithValue("actor", w.Actor);
            command.Parameters.AddWithValue("now", now);
            command.Parameters.AddWithValue("ids", updates.Select(u => u.Id).ToArray());
            command.Parameters.AddWithValue("versions", updates.Select(u => u.Version).ToArray());
            command.Parameters.AddWithValue("values", updates.Select(u => u.Value).ToArray());
            changed = await command.ExecuteNonQueryAsync(w.Ct);
        }
        else
        {
            using var command = (Microsoft.Data.Sqlite.SqliteCommand)db.Database.GetDbConnection().CreateCommand();
            command.Transaction = (Microsoft.Data.Sqlite.SqliteTransaction)db.Database.CurrentTransaction!.GetDbTransaction();
            command.CommandText = "UPDATE datum_entries SET " + string.Format(System.Globalization.CultureInfo.InvariantCulture, set, "$value", "$state", "$actor", "$now") +
                " WHERE \"Id\" = $id AND \"Version\" = $version";
            command.Parameters.AddWithValue("$state", (int)DatumState.Approved);
            command.Parameters.AddWithValue("$actor", w.Actor);
            command.Parameters.AddWithValue("$now", now);
            var id = command.Parameters.Add("$id", Microsoft.Data.Sqlite.SqliteType.Integer);
            var version = command.Parameters.Add("$version", Microsoft.Data.Sqlite.SqliteType.Integer);
            var value = command.Parameters.Add("$value", Microsoft.Data.Sqlite.SqliteType.Text);
            command.Prepare();
            changed = 0;
            foreach (var u in updates)
            {
                (id.Value, version.Value, value.Value) = (u.Id, u.Version, u.Value);
                changed += command.ExecuteNonQuery();
            }
        }
        if (changed != updates.Count) throw new DbUpdateConcurrencyException($"{updates.Count - changed} of the imported data were changed by someone else since the import read them");
    }
}

/// <summary>What an import did: the saved version (on a conflict, the newer one) and the counts.</summary>
public sealed record Imported(SchemeVersion Version, int UnitsCreated, int UnitsRenamed, int DataImported);
