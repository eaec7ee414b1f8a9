using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Audit;
using Pacesetter.App.Data;
using Pacesetter.App.DataEntry;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Engine;
using Pacesetter.Scoring.Output;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.App.Schemes;

/// <summary>
/// A period's scheme: the current version of its document plus the approved data rows, assembled into the scheme
/// file of scoring.md §7 — the one door through which the web application, the API and the tests score (DESIGN.md 1).
/// </summary>
public sealed class SchemeStore(PacesetterDb db)
{
    public Task<SchemeVersion?> CurrentAsync(int organizationId, string period, CancellationToken ct = default) =>
        db.SchemeVersions.AsNoTracking()
            .Where(s => s.OrganizationId == organizationId && s.Period == period)
            .OrderByDescending(s => s.Version)
            .FirstOrDefaultAsync(ct);

    public Task<List<string>> PeriodsAsync(int organizationId, CancellationToken ct = default) =>
        db.SchemeVersions.AsNoTracking().Where(s => s.OrganizationId == organizationId).Select(s => s.Period).Distinct().OrderBy(p => p).ToListAsync(ct);

    /// <summary>
    /// The scheme file for <paramref name="period"/>: the current document with <c>data</c> replaced by the data rows
    /// (approved only, unless <paramref name="includeUnapproved"/>, for a preview). Null when the period has no scheme.
    /// </summary>
    public async Task<JsonObject?> AssembleAsync(int organizationId, string period, bool includeUnapproved = false, CancellationToken ct = default)
    {
        var current = await CurrentAsync(organizationId, period, ct);
        if (current is null) return null;
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
        return read.IsValid ? (Scorer.Score(read.Scheme!), []) : (null, read.Problems);
    }

    /// <summary>Checks a scheme document (a scheme file whose data may be empty) with the engine's reader.</summary>
    public static SchemeReadResult Check(string json) => SchemeReader.Read(Encoding.UTF8.GetBytes(json));

    /// <summary>
    /// Saves a new version of the period's document (data removed: data live in rows). <paramref name="expectedVersion"/>
    /// is the version the editor started from; another save in between is a conflict. The document is checked with
    /// its <c>data</c> as given (the imported data, or the approved rows the editor merged in).
    /// </summary>
    public async Task<SaveOutcome> SaveAsync(int organizationId, string period, JsonObject document, string actor, string? reason, int? expectedVersion, CancellationToken ct = default)
    {
        var current = await CurrentAsync(organizationId, period, ct);
        if (expectedVersion is not null && (current?.Version ?? 0) != expectedVersion)
        {
            return new SaveOutcome(null, current, []);
        }
        var withoutData = document.DeepClone().AsObject();
        withoutData.Remove("data");
        var text = withoutData.ToJsonString(JsonFormats.Indented);
        // Checked with the data it is given: an exemption may name an event that only the data hold (cards/c1).
        var check = Check(document.ToJsonString());
        if (!check.IsValid) return new SaveOutcome(null, current, check.Problems);
        var version = new SchemeVersion
        {
            OrganizationId = organizationId,
            Period = period,
            Version = (current?.Version ?? 0) + 1,
            Document = text,
            CreatedBy = actor,
            CreatedAt = DateTimeOffset.UtcNow,
            Reason = reason,
        };
        db.SchemeVersions.Add(version);
        await AuditLog.Append(db, organizationId, new AuditRecord(actor, "scheme.save", "scheme", $"{period}#{version.Version}", period, null, current?.Document, text, reason), ct);
        return new SaveOutcome(version, current, []);
    }
}

/// <summary>The saved version, or the current one when the save conflicted or was invalid (with its problems).</summary>
public sealed record SaveOutcome(SchemeVersion? Saved, SchemeVersion? Current, IReadOnlyList<Problem> Problems)
{
    public bool Conflict => Saved is null && Problems.Count == 0;
}
