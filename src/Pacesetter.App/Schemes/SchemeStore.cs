using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Data;
using Pacesetter.App.DataEntry;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Engine;
using Pacesetter.Scoring.Output;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.App.Schemes;

/// <summary>
/// A period's scheme: the current version of its document plus the approved data rows, assembled into the scheme
/// file of scoring.md §7 — the one door through which the web application, the API and the tests score (DESIGN.md 1).
/// </summary>
public sealed class SchemeStore(PacesetterDb db, Operations.PacesetterMetrics? metrics = null, SchemeStructures? structures = null)
{
    private readonly OrgWriter writer = new(db);

    /// <summary>
    /// The one query of "the latest version": the current version of every period of the organization (a period's
    /// highest version). Every reader of a current scheme goes through it.
    /// </summary>
    private IQueryable<SchemeVersion> Latest(int organizationId) =>
        db.SchemeVersions.AsNoTracking()
            .Where(s => s.OrganizationId == organizationId)
            .Where(s => s.Version == db.SchemeVersions.Where(x => x.OrganizationId == s.OrganizationId && x.Period == s.Period).Max(x => x.Version));

    public Task<SchemeVersion?> CurrentAsync(int organizationId, string period, CancellationToken ct = default) =>
        Latest(organizationId).Where(s => s.Period == period).FirstOrDefaultAsync(ct);

    /// <summary>
    /// The structure of the period's current version (<see cref="Structure"/>; null: the period has no scheme, or its
    /// document is not a scheme) and the version's number: read once per version where the host keeps
    /// <see cref="SchemeStructures"/>, else each time.
    /// </summary>
    public async Task<(Scheme Scheme, int Version)?> CurrentStructureAsync(int organizationId, string period, CancellationToken ct = default)
    {
        if (structures is null)
        {
            var current = await CurrentAsync(organizationId, period, ct);
            return current is not null && Structure(current.Document) is { } read ? (read, current.Version) : null;
        }
        var key = await Latest(organizationId).Where(s => s.Period == period)
            .Select(s => new SchemeStructures.Key(s.Id, s.OrganizationId, s.Period, s.Version, s.CreatedAt)).FirstOrDefaultAsync(ct);
        if (key is null) return null;
        return await StructureOfAsync(structures, key, ct) is { } scheme ? (scheme, key.Version) : null;
    }

    /// <summary>The structure of the version <paramref name="key"/> names, from the host's memory or read once.</summary>
    private Task<Scheme?> StructureOfAsync(SchemeStructures structures, SchemeStructures.Key key, CancellationToken ct) =>
        structures.GetAsync(key, () => db.SchemeVersions.AsNoTracking().Where(s => s.Id == key.Id).Select(s => s.Document).SingleAsync(ct));

    /// <summary>
    /// The period's current structure and version (as <see cref="CurrentStructureAsync"/>) with its settings' deadline
    /// and version (none: no deadline, version 0), read together: every save of a datum needs both, so where the host
    /// keeps <see cref="SchemeStructures"/> this is one query (the settings as two scalar subqueries beside the key).
    /// </summary>
    public async Task<(Scheme Scheme, int Version, DateTimeOffset? Deadline, int SettingsVersion)?> CurrentForEntryAsync(int organizationId, string period, CancellationToken ct = default)
    {
        if (structures is null)
        {
            if (await CurrentStructureAsync(organizationId, period, ct) is not var (read, number)) return null;
            var settings = await db.PeriodSettings.AsNoTracking().FirstOrDefaultAsync(p => p.OrganizationId == organizationId && p.Period == period, ct);
            return (read, number, settings?.Deadline, settings?.Version ?? 0);
        }
        var found = await Latest(organizationId).Where(s => s.Period == period)
            .Select(s => new
            {
                Key = new SchemeStructures.Key(s.Id, s.OrganizationId, s.Period, s.Version, s.CreatedAt),
                Deadline = db.PeriodSettings.Where(p => p.OrganizationId == s.OrganizationId && p.Period == s.Period).Select(p => p.Deadline).FirstOrDefault(),
                SettingsVersion = db.PeriodSettings.Where(p => p.OrganizationId == s.OrganizationId && p.Period == s.Period).Select(p => (int?)p.Version).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(ct);
        if (found is null) return null;
        return await StructureOfAsync(structures, found.Key, ct) is { } scheme ? (scheme, found.Key.Version, found.Deadline, found.SettingsVersion ?? 0) : null;
    }

    /// <summary>The current version of every period (the scheme list, the indicator ids of the organization).</summary>
    public Task<List<SchemeVersion>> CurrentAllAsync(int organizationId, CancellationToken ct = default) =>
        Latest(organizationId).OrderBy(s => s.Period).ToListAsync(ct);

    /// <summary>The indicator ids of the current scheme of every period of the organization.</summary>
    public async Task<HashSet<string>> IndicatorIdsAsync(int organizationId, CancellationToken ct = default)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var doc in await Latest(organizationId).Select(s => s.Document).ToListAsync(ct))
        {
            if (JsonNode.Parse(doc)?["categories"] is not JsonArray categories) continue;
            foreach (var indicator in categories.OfType<JsonObject>().Select(c => c["indicators"]).OfType<JsonArray>().SelectMany(a => a.OfType<JsonObject>()))
            {
                if (indicator["id"] is JsonValue v && v.TryGetValue<string>(out var id)) ids.Add(id);
            }
        }
        return ids;
    }

    public Task<List<string>> PeriodsAsync(int organizationId, CancellationToken ct = default) =>
        db.SchemeVersions.AsNoTracking().Where(s => s.OrganizationId == organizationId).Select(s => s.Period).Distinct().OrderBy(p => p).ToListAsync(ct);

    /// <summary>
    /// The scheme file for <paramref name="period"/>: the current document with <c>data</c> replaced by the data rows
    /// (approved only, unless <paramref name="includeUnapproved"/>, for a preview). Null when the period has no scheme.
    /// </summary>
    public async Task<JsonObject?> AssembleAsync(int organizationId, string period, bool includeUnapproved = false, CancellationToken ct = default) =>
        await CurrentAsync(organizationId, period, ct) is { } current ? await AssembleAsync(current, includeUnapproved, ct) : null;

    /// <summary>The scheme file of a version already read (the period read once per request).</summary>
    public async Task<JsonObject> AssembleAsync(SchemeVersion current, bool includeUnapproved = false, CancellationToken ct = default)
    {
        int organizationId = current.OrganizationId;
        string period = current.Period;
        var doc = JsonNode.Parse(current.Document)!.AsObject();
        var rows = await db.DatumEntries.AsNoTracking()
            .Where(d => d.OrganizationId == organizationId && d.Period == period && d.Value != null)
            .Where(d => includeUnapproved ? d.State != DatumState.Returned : d.State == DatumState.Approved)
            .OrderBy(d => d.UnitCode).ThenBy(d => d.IndicatorId)
            .Select(d => new { d.UnitCode, d.IndicatorId, d.Value })
            .ToListAsync(ct);
        var data = new JsonObject();
        foreach (var unit in rows.GroupBy(r => r.UnitCode))
        {
            var values = new JsonObject();
            foreach (var r in unit) values[r.IndicatorId] = JsonNode.Parse(r.Value!);
            data[unit.Key] = values;
        }
        doc["data"] = data;
        return doc;
    }

    /// <summary>Scores the assembled file with the engine; the problems of the file when it is not valid.</summary>
    public async Task<(SchemeResult? Result, IReadOnlyList<Problem> Problems)> ScoreAsync(int organizationId, string period, bool includeUnapproved = false, CancellationToken ct = default)
    {
        var file = await AssembleAsync(organizationId, period, includeUnapproved, ct);
        if (file is null) return (null, [new Problem("$", $"no scheme for period {period}", $"考核期 {period} 没有考核方案")]);
        var read = SchemeReader.Read(Encoding.UTF8.GetBytes(file.ToJsonString()));
        return read.IsValid ? (Operations.PacesetterMetrics.Time(metrics, "preview", () => Scorer.Score(read.Scheme!)), []) : (null, read.Problems);
    }

    /// <summary>Checks a scheme document (a scheme file whose data may be empty) with the engine's reader.</summary>
    public static SchemeReadResult Check(string json) => SchemeReader.Read(Encoding.UTF8.GetBytes(json));

    /// <summary>
    /// The structure of a stored document (categories, units, indicators, methods) for data entry and the publication
    /// page. A stored document is valid with its data: an exemption may name one event of a datum (<c>cards/card-…</c>,
    /// scoring.md §6), which the document without its data does not hold; then the structure is read without the
    /// adjustments, which nothing but scoring uses. Null only for a document that is not a scheme at all.
    /// </summary>
    public static Scheme? Structure(string document)
    {
        var read = Check(document);
        if (read.Scheme is not null) return read.Scheme;
        if (JsonNode.Parse(document) is not JsonObject o || !o.Remove("adjustments")) return null;
        return SchemeReader.Read(Encoding.UTF8.GetBytes(o.ToJsonString())).Scheme;
    }

    /// <summary>
    /// Saves a new version of the period's document (data removed: data live in rows), as one audited write.
    /// <paramref name="expectedVersion"/> is the version the editor started from (0: the period must have none yet;
    /// null: no check); another save in between is a conflict whose value is the newer version. The document is
    /// checked with its <c>data</c> as given (the imported data, or the approved rows the editor merged in).
    /// </summary>
    public Task<WriteOutcome<SchemeVersion>> SaveAsync(int organizationId, string period, JsonObject document, string actor, string? reason, int? expectedVersion, CancellationToken ct = default) =>
        writer.RunAsync(organizationId, actor, w => SaveInAsync(w, period, document, reason, expectedVersion), () => ConflictAsync(organizationId, period, ct), ct);

    /// <summary>
    /// 新建考核期: a new period from another's current scheme, without its adjustments, named <paramref name="name"/>
    /// (null or blank: the source's name with its period's words replaced, <see cref="PeriodNames.Rename"/>), with the
    /// source period's flag holders as its <c>previousFlags</c> (<see cref="FlagHoldersAsync"/>; categories without a
    /// holder are left out).
    /// </summary>
    public async Task<WriteOutcome<SchemeVersion>> CopyAsync(int organizationId, string sourcePeriod, string target, string actor, string? reason, CancellationToken ct = default, string? name = null)
    {
        var source = await CurrentAsync(organizationId, sourcePeriod, ct);
        if (source is null) return WriteOutcome<SchemeVersion>.NotFound();
        if (!Periods.IsValid(target)) return WriteOutcome<SchemeVersion>.Invalid("$.period", $"\"{target}\" is not a period", $"“{target}”不是考核期");
        var doc = JsonNode.Parse(source.Document)!.AsObject();
        name = string.IsNullOrWhiteSpace(name) ? PeriodNames.Rename(doc["name"]?.GetValue<string>() ?? "", source.Period, target) : name.Trim();
        if (Organizations.OrgRules.CheckName("$.name", SchemeNameField, name) is { } badName) return WriteOutcome<SchemeVersion>.Invalid([badName]);
        doc.Remove("adjustments");
        doc.Remove("previousFlags");
        doc["name"] = name;
        doc["period"] = target;
        var flags = await FlagHoldersAsync(organizationId, source.Period, ct);
        if (flags.Count > 0)
        {
            var previous = new JsonObject();
            foreach (var (category, holder) in flags) previous[category] = holder;
            doc["previousFlags"] = previous;
        }
        reason = string.IsNullOrWhiteSpace(reason) ? $"复制自 {source.Period}" : reason.Trim();
        return await writer.RunAsync(organizationId, actor, async w =>
        {
            // Expected version 0: the target period must not have a scheme yet.
            var saved = await SaveInAsync(w, target, doc, reason, 0);
            if (saved.IsOk) await w.Audit("scheme.copy", "scheme", $"{target}#1", target, null, $"{source.Period}#{source.Version}", $"{target}#1", reason);
            return saved;
        }, () => ConflictAsync(organizationId, target, ct), ct);
    }

    /// <summary>The scheme's name as a message names it.</summary>
    public static readonly Organizations.OrgRules.Field SchemeNameField = new("方案名称", "Scheme name");

    /// <summary>
    /// 流动红旗 the flag holder of each category of <paramref name="period"/>'s latest published revision (category id →
    /// unit id; categories without a holder left out), which a copy of the period carries as its <c>previousFlags</c>.
    /// Empty when the period is unpublished: a publication takes them from the previous period's revision itself.
    /// </summary>
    public async Task<IReadOnlyList<(string Category, string Holder)>> FlagHoldersAsync(int organizationId, string period, CancellationToken ct = default)
    {
        var revision = await new Publication.PublicationStore(db).LatestAsync(organizationId, period, ct);
        if (revision is null) return [];
        var race = Publication.RaceReader.ParseResults(Publication.PublicationStore.UnzipBytes(revision.Results));
        return [.. race.Categories.Where(c => c.Flag.Holder is not null).Select(c => (c.Id, c.Flag.Holder!))];
    }

    /// <summary>The save inside an open write (the importer's, the copy's).</summary>
    /// <param name="checkedWithData">The caller has already read the document with its data through the engine's reader
    /// and found no problem (the importer, before it took the write lock): it may come without its data.</param>
    /// <param name="refreshSystemData">Refresh the data the system enters (ADR 0030) after the save; the importer does it itself, after its data.</param>
    public async Task<WriteOutcome<SchemeVersion>> SaveInAsync(AuditedWrite w, string period, JsonObject document, string? reason, int? expectedVersion, bool checkedWithData = false,
        bool refreshSystemData = true)
    {
        if (await Publication.PublicationService.LockedInAsync(w, period) is { } locked) return WriteOutcome<SchemeVersion>.Conflict(locked);
        var current = await CurrentAsync(w.OrganizationId, period, w.Ct);
        if (expectedVersion is not null && (current?.Version ?? 0) != expectedVersion)
        {
            return WriteOutcome<SchemeVersion>.Conflict(Newer, current);
        }
        var withoutData = document.DeepClone().AsObject();
        withoutData.Remove("data");
        var text = withoutData.ToJsonString(JsonFormats.Indented);
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (!checkedWithData)
        {
            // Checked with the data it is given: an exemption may name an event that only the data hold (cards/c1).
            // The system's data (cards, project figures) too: an exemption may name one card (cards/card-2026-03-B, ADR 0030).
            var withSystem = await Supervision.Race.SystemData.WithSystemDataAsync(db, w.OrganizationId, period, document, w.Ct);
            var check = Check(withSystem.ToJsonString());
            if (!check.IsValid) return WriteOutcome<SchemeVersion>.Invalid(check.Problems);
            if (SchemeRules.Check(check.Scheme!, document, reason) is { Count: > 0 } broken) return WriteOutcome<SchemeVersion>.Invalid(broken);
        }
        var version = new SchemeVersion
        {
            OrganizationId = w.OrganizationId,
            Period = period,
            Version = (current?.Version ?? 0) + 1,
            Document = text,
            CreatedBy = w.Actor,
            CreatedAt = DateTimeOffset.UtcNow,
            Reason = reason,
        };
        db.SchemeVersions.Add(version);
        await w.Audit("scheme.save", "scheme", $"{period}#{version.Version}", period, null, current?.Document, text, reason);
        if (refreshSystemData) await Supervision.Race.SystemData.RefreshInAsync(w, period, withoutData, version.CreatedAt);
        return WriteOutcome<SchemeVersion>.Ok(version);
    }

    public static readonly Problem Newer = new("$", "a newer version of the scheme was saved in the meantime", "考核方案已有更新的版本");

    /// <summary>Another save took the version number between our read and our write: the newer version.</summary>
    private async Task<WriteOutcome<SchemeVersion>> ConflictAsync(int organizationId, string period, CancellationToken ct) =>
        WriteOutcome<SchemeVersion>.Conflict(Newer, await CurrentAsync(organizationId, period, ct));
}
