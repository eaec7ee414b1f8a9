using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Data;
using Pacesetter.App.DataEntry;
using Pacesetter.App.Publication;
using Pacesetter.App.Schemes;
using Pacesetter.App.Supervision.Projects;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Output;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.App.Supervision.Race;

/// <summary>One sourced indicator of a period refreshed (for the evaluation's answer and the audit): the units whose datum changed, or <see cref="Locked"/> when the period is published without an open correction.</summary>
public sealed record SystemDatumChange(string Period, string Indicator, IReadOnlyList<string> ChangedUnits, bool Locked);

/// <summary>Where the system takes an indicator's data from (<see cref="DataSources"/>).</summary>
public interface ISystemDatumSource
{
    /// <summary>Whether it answers <paramref name="source"/> (an indicator's <c>source</c>).</summary>
    bool Handles(string source);

    /// <summary>The writer named on the rows it fills (<c>system:cards</c>, <c>system:projects</c>).</summary>
    string Writer { get; }

    /// <summary>Each unit of <paramref name="indicator"/> (its category's) with its datum for the period; null = no datum (missing).</summary>
    Task<IReadOnlyDictionary<string, JsonNode?>> ValuesAsync(PacesetterDb db, int org, string period, SystemData.Sourced indicator, CancellationToken ct);
}

/// <summary>
/// 系统填报 data the system enters (ADR 0030): an indicator whose <c>source</c> names supervision (issued cards, project
/// figures) takes each unit's datum from there, entered by the system (approved, <c>UpdatedBy = system:…</c>), audited
/// as <c>datum.system</c> with before and after, and refreshed when its source may have changed — after a month-end
/// evaluation, at a scheme save and at the publication — until the period is published; a correction opens it again.
/// </summary>
public static class SystemData
{
    /// <summary>The sources, cards first.</summary>
    public static IReadOnlyList<ISystemDatumSource> Sources { get; } = [new CardsSource(), new ProjectFiguresSource(), new Benchmarking.BenchmarkGapSource(), new Surveys.SurveySource()];

    /// <summary>The names the designer offers (<see cref="DataSources.All"/>).</summary>
    public static IReadOnlyList<string> SourceNames => DataSources.All;

    /// <summary>Whether the system fills the indicator's datum (nobody enters it by hand).</summary>
    public static bool Fills(Indicator indicator) => indicator.Source is not null;

    /// <summary>A sourced indicator of a scheme document: its id, its source, its category's units, its method's type and its weight (a source may shape its datum to them).</summary>
    public sealed record Sourced(string Indicator, string Source, IReadOnlyList<string> Units, string? Method = null, decimal? Weight = null);

    /// <summary>The sourced indicators of a scheme document, read from its JSON (the reader has checked where a source may stand).</summary>
    public static List<Sourced> SourcedIn(JsonObject document)
    {
        var list = new List<Sourced>();
        if (document["categories"] is not JsonArray categories) return list;
        foreach (var c in categories.OfType<JsonObject>())
        {
            if (c["indicators"] is not JsonArray indicators) continue;
            List<string>? units = null;
            foreach (var i in indicators.OfType<JsonObject>())
            {
                if (i["source"] is not JsonValue sv || !sv.TryGetValue<string>(out var source) || !DataSources.IsKnown(source)) continue;
                if (i["id"] is not JsonValue iv || !iv.TryGetValue<string>(out var id)) continue;
                units ??= c["units"] is JsonArray us ? [.. us.OfType<JsonValue>().Select(u => u.TryGetValue<string>(out var s) ? s : null).OfType<string>()] : [];
                var method = i["method"] is JsonObject m && m["type"] is JsonValue t && t.TryGetValue<string>(out var type) ? type : null;
                decimal? weight = i["weight"] is JsonValue wv && wv.TryGetValue<decimal>(out var w) ? w : null;
                list.Add(new Sourced(id, source, units, method, weight));
            }
        }
        return list;
    }

    /// <summary>Each sourced indicator's values for the period, as its source gives them now.</summary>
    public static async Task<List<(Sourced Indicator, ISystemDatumSource Source, IReadOnlyDictionary<string, JsonNode?> Values)>> ValuesAsync(
        PacesetterDb db, int org, string period, JsonObject document, CancellationToken ct)
    {
        var list = new List<(Sourced, ISystemDatumSource, IReadOnlyDictionary<string, JsonNode?>)>();
        foreach (var s in SourcedIn(document))
        {
            var source = Sources.First(x => x.Handles(s.Source));
            list.Add((s, source, await source.ValuesAsync(db, org, period, s, ct)));
        }
        return list;
    }

    /// <summary>
    /// A copy of <paramref name="document"/> whose data hold the system's values of its sourced indicators (a scheme
    /// save is checked with them, so that an exemption may name one card: <c>cards/card-2026-03-B</c>).
    /// </summary>
    public static async Task<JsonObject> WithSystemDataAsync(PacesetterDb db, int org, string period, JsonObject document, CancellationToken ct)
    {
        var sourced = await ValuesAsync(db, org, period, document, ct);
        if (sourced.Count == 0) return document;
        var copy = document.DeepClone().AsObject();
        if (copy["data"] is not JsonObject data) copy["data"] = data = [];
        foreach (var (ind, _, values) in sourced)
        {
            foreach (var (unit, value) in values)
            {
                if (data[unit] is not JsonObject ud) data[unit] = ud = [];
                if (value is null) ud.Remove(ind.Indicator);
                else ud[ind.Indicator] = value.DeepClone();
            }
        }
        return copy;
    }

    /// <summary>Refreshes the system-filled data of <paramref name="period"/> in the open write; nothing while the period is published without an open correction (then each sourced indicator answers <c>Locked</c>).</summary>
    public static async Task<IReadOnlyList<SystemDatumChange>> RefreshInAsync(AuditedWrite w, string period, DateTimeOffset at)
    {
        var current = await new SchemeStore(w.Db).CurrentAsync(w.OrganizationId, period, w.Ct);
        if (current is null) return [];
        return await RefreshInAsync(w, period, JsonNode.Parse(current.Document)!.AsObject(), at);
    }

    /// <summary>The refresh of a period with the scheme document about to be saved (<see cref="SchemeStore.SaveInAsync"/>).</summary>
    public static async Task<IReadOnlyList<SystemDatumChange>> RefreshInAsync(AuditedWrite w, string period, JsonObject document, DateTimeOffset at)
    {
        var sourcedList = SourcedIn(document);
        if (sourcedList.Count == 0) return [];
        if (await PublicationService.LockedInAsync(w, period) is not null)
        {
            return [.. sourcedList.Select(s => new SystemDatumChange(period, s.Indicator, [], Locked: true))];
        }
        var db = w.Db;
        int org = w.OrganizationId;
        var when = at.ToUniversalTime();
        var ids = sourcedList.Select(s => s.Indicator).Distinct().ToList();
        var rows = await db.DatumEntries.Where(d => d.OrganizationId == org && d.Period == period && ids.Contains(d.IndicatorId)).ToListAsync(w.Ct);
        var byKey = rows.ToDictionary(r => (r.UnitCode, r.IndicatorId));
        var changes = new List<SystemDatumChange>();
        foreach (var (ind, source, values) in await ValuesAsync(db, org, period, document, w.Ct))
        {
            var changed = new List<string>();
            foreach (var unit in ind.Units)
            {
                values.TryGetValue(unit, out var value);
                var text = value?.ToJsonString(JsonFormats.Compact);
                byKey.TryGetValue((unit, ind.Indicator), out var row);
                if (row is null && text is null) continue;
                if (row is not null && row.State == DatumState.Approved && SameJson(row.Value, text)) continue;
                var before = DataEntryService.Snapshot(row);
                if (row is null)
                {
                    row = new DatumEntry { OrganizationId = org, Period = period, UnitCode = unit, IndicatorId = ind.Indicator, UpdatedBy = source.Writer, Version = 0 };
                    db.DatumEntries.Add(row);
                    byKey[(unit, ind.Indicator)] = row;
                }
                row.Value = text;
                row.State = DatumState.Approved;
                row.ReturnReason = null;
                row.UpdatedBy = source.Writer;
                row.UpdatedAt = when;
                row.Version++;
                await w.Audit("datum.system", "datum", $"{period}/{unit}/{ind.Indicator}", period, unit, before, DataEntryService.Snapshot(row));
                changed.Add(unit);
            }
            changes.Add(new SystemDatumChange(period, ind.Indicator, changed, Locked: false));
        }
        // Saved now, inside the write: the publication assembles its input from the stored rows right after.
        if (changes.Any(c => c.ChangedUnits.Count > 0)) await db.SaveChangesAsync(w.Ct);
        return changes;
    }

    /// <summary>Refreshes every period with a scheme that contains one of the month-ends <paramref name="monthEnds"/> (after an evaluation): its month, quarter, half and year.</summary>
    public static async Task<IReadOnlyList<SystemDatumChange>> RefreshForMonthEndsInAsync(AuditedWrite w, IEnumerable<DateOnly> monthEnds, DateTimeOffset at)
    {
        var months = monthEnds.Select(d => (d.Year, d.Month)).ToHashSet();
        if (months.Count == 0) return [];
        var changes = new List<SystemDatumChange>();
        foreach (var period in await new SchemeStore(w.Db).PeriodsAsync(w.OrganizationId, w.Ct))
        {
            if (Periods.Months(period) is not { } span) continue;
            if (!months.Any(m => m.Year == span.Year && m.Month >= span.FirstMonth && m.Month <= span.LastMonth)) continue;
            changes.AddRange(await RefreshInAsync(w, period, at));
        }
        return changes;
    }

    private static bool SameJson(string? a, string? b)
    {
        if (a is null || b is null) return a is null && b is null;
        if (a == b) return true;
        return JsonNode.DeepEquals(JsonNode.Parse(a), JsonNode.Parse(b));
    }
}
