using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Data;
using Pacesetter.App.Schemes;
using Pacesetter.App.Supervision.Race;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Benchmarking;
using Pacesetter.Scoring.Output;

namespace Pacesetter.App.Benchmarking;

/// <summary>
/// 对标 the organization's benchmarking data (ADR 0038): the scoring.md §10 file without <c>year</c>, read and checked by
/// the engine's reader (the same problems and paths as <c>pacesetter gap</c>), saved whole through the one audited
/// write against the version read, and the gap of a year computed by the engine's calculator — so that
/// <c>GET …/benchmarks/gap?year=</c> answers exactly what <c>pacesetter gap</c> prints for the same data.
/// </summary>
public sealed class BenchmarkService(PacesetterDb db)
{
    private readonly OrgWriter writer = new(db);

    /// <summary>The largest document accepted (tens of indicators × a few regions × ten years is a few KB).</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>An organization without data: no indicator, no value, no benchmark.</summary>
    public const string EmptyDocument = """{"indicators":[],"own":{"values":{}},"benchmarks":[]}""";

    public async Task<BenchmarkSet?> GetAsync(int organizationId, CancellationToken ct) =>
        await db.BenchmarkSets.AsNoTracking().FirstOrDefaultAsync(s => s.OrganizationId == organizationId, ct);

    /// <summary>The stored data as the engine reads them (the empty data when none are stored).</summary>
    public async Task<GapFile> FileAsync(int organizationId, CancellationToken ct)
    {
        var stored = await GetAsync(organizationId, ct);
        return GapFileReader.Read(stored?.Document ?? EmptyDocument, yearRequired: false);
    }

    /// <summary>The gap of <paramref name="year"/> on the stored data: <c>pacesetter gap</c>'s report.</summary>
    public async Task<GapReport> GapAsync(int organizationId, int year, CancellationToken ct) =>
        GapCalculator.Compute(await FileAsync(organizationId, ct), year);

    /// <summary>
    /// Saves <paramref name="body"/> (the §10 file without <c>year</c>) when the stored version is still
    /// <paramref name="expectedVersion"/> (null: any); all or nothing, Invalid with every problem and its JSON path.
    /// </summary>
    public async Task<WriteOutcome<BenchmarkSet>> SaveAsync(int organizationId, byte[] body, int? expectedVersion, string actor, CancellationToken ct)
    {
        // Checked before the write lock (ADR 0011): the engine's reader, as the command reads a file.
        try
        {
            GapFileReader.Read(body, yearRequired: false);
        }
        catch (InvalidInputException ex)
        {
            return WriteOutcome<BenchmarkSet>.Invalid(ex.Problems);
        }
        var text = JsonNode.Parse(body.AsSpan().StartsWith("\uFEFF"u8) ? body.AsSpan(3) : body)!.ToJsonString(JsonFormats.Compact);
        return await writer.RunAsync(organizationId, actor, async w =>
        {
            var stored = await db.BenchmarkSets.FirstOrDefaultAsync(s => s.OrganizationId == organizationId, ct);
            if (expectedVersion is { } v && v != (stored?.Version ?? 0)) return WriteOutcome<BenchmarkSet>.Conflict(WriteMessages.Changed, stored);
            var before = stored?.Document;
            if (stored is null)
            {
                stored = new BenchmarkSet { OrganizationId = organizationId, Document = text, UpdatedBy = actor };
                db.BenchmarkSets.Add(stored);
            }
            stored.Document = text;
            stored.UpdatedBy = actor;
            stored.UpdatedAt = DateTimeOffset.UtcNow;
            stored.Version++;
            await w.Audit("benchmarks.save", "benchmarks", "benchmarks", before: before, after: text);
            // Indicators of a scheme that take a gap (source benchmarks.gap/…) follow the new data in every period
            // not published (a published one waits for a correction, as with the cards).
            await db.SaveChangesAsync(ct);
            foreach (var period in await new SchemeStore(db).PeriodsAsync(organizationId, ct))
            {
                await SystemData.RefreshInAsync(w, period, DateTimeOffset.UtcNow);
            }
            return WriteOutcome<BenchmarkSet>.Ok(stored);
        }, ct: ct);
    }
}
