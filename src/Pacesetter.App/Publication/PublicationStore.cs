using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Data;

namespace Pacesetter.App.Publication;

/// <summary>A revision without its files: what lists and headers show.</summary>
public sealed record RevisionHeader(long Id, string Period, int Number, DateTimeOffset CreatedAt, string CreatedBy, string? Reason,
    IReadOnlyList<RevisionChange> Changes, bool Incomplete, IReadOnlyList<MissingDatum> Missing, DateTimeOffset NoticeEndsAt);

/// <summary>
/// What changed for one unit between two revisions of a period: composite, rank, grade, label, flag, before and after
/// (null before: the unit was not in the earlier revision; null after: not in the later one).
/// </summary>
public sealed record RevisionChange(string Category, string Unit, decimal? CompositeBefore, decimal? CompositeAfter, int? RankBefore, int? RankAfter,
    string? GradeBefore, string? GradeAfter, string? LabelBefore, string? LabelAfter, bool FlagBefore, bool FlagAfter);

/// <summary>A datum that was missing (State null) or not approved (its state) when a period was published or checked.</summary>
public sealed record MissingDatum(string Unit, string Indicator, DataEntry.DatumState? State);

/// <summary>
/// 发布 the reads of published revisions: the one query of "the latest revision" (a period's highest number), and
/// each revision's stored files. Writes are <see cref="PublicationService"/>'s.
/// </summary>
public sealed class PublicationStore(PacesetterDb db)
{
    private IQueryable<Revision> Of(int organizationId, string period) =>
        db.Revisions.AsNoTracking().Where(r => r.OrganizationId == organizationId && r.Period == period);

    /// <summary>The latest revision of every published period of the organization (one query).</summary>
    private IQueryable<Revision> Latest(int organizationId) =>
        db.Revisions.AsNoTracking()
            .Where(r => r.OrganizationId == organizationId)
            .Where(r => r.Number == db.Revisions.Where(x => x.OrganizationId == r.OrganizationId && x.Period == r.Period).Max(x => x.Number));

    public Task<Revision?> LatestAsync(int organizationId, string period, CancellationToken ct = default) =>
        Of(organizationId, period).OrderByDescending(r => r.Number).FirstOrDefaultAsync(ct);

    public Task<Revision?> RevisionAsync(int organizationId, string period, int number, CancellationToken ct = default) =>
        Of(organizationId, period).FirstOrDefaultAsync(r => r.Number == number, ct);

    /// <summary>The number of the latest revision of the period, or null when it is unpublished (the cheap question a cached page asks).</summary>
    public async Task<(long Id, int Number)?> LatestNumberAsync(int organizationId, string period, CancellationToken ct = default)
    {
        var row = await Of(organizationId, period).OrderByDescending(r => r.Number).Select(r => new { r.Id, r.Number }).FirstOrDefaultAsync(ct);
        return row is null ? null : (row.Id, row.Number);
    }

    /// <summary>Every revision of the period, oldest first, without their files.</summary>
    public async Task<List<RevisionHeader>> RevisionsAsync(int organizationId, string period, CancellationToken ct = default) =>
        (await Headers(Of(organizationId, period).OrderBy(r => r.Number)).ToListAsync(ct)).Select(ToHeader).ToList();

    /// <summary>The latest revision of every published period of the organization, by period.</summary>
    public async Task<List<RevisionHeader>> LatestAllAsync(int organizationId, CancellationToken ct = default) =>
        (await Headers(Latest(organizationId)).ToListAsync(ct)).Select(ToHeader).OrderBy(h => h.Period, StringComparer.Ordinal).ToList();

    /// <summary>The open correction of the period (the period's scheme and data may be written), or null.</summary>
    public Task<Correction?> OpenCorrectionAsync(int organizationId, string period, CancellationToken ct = default) =>
        db.Corrections.AsNoTracking().Where(c => c.OrganizationId == organizationId && c.Period == period && c.ClosedByRevision == null).FirstOrDefaultAsync(ct);

    public Task<List<Correction>> CorrectionsAsync(int organizationId, string period, CancellationToken ct = default) =>
        db.Corrections.AsNoTracking().Where(c => c.OrganizationId == organizationId && c.Period == period).OrderBy(c => c.AfterRevision).ToListAsync(ct);

    private static IQueryable<HeaderRow> Headers(IQueryable<Revision> q) =>
        q.Select(r => new HeaderRow(r.Id, r.Period, r.Number, r.CreatedAt, r.CreatedBy, r.Reason, r.Changes, r.Incomplete, r.Missing, r.NoticeEndsAt));

    private sealed record HeaderRow(long Id, string Period, int Number, DateTimeOffset CreatedAt, string CreatedBy, string? Reason, string? Changes, bool Incomplete, string? Missing, DateTimeOffset NoticeEndsAt);

    private static RevisionHeader ToHeader(HeaderRow r) =>
        new(r.Id, r.Period, r.Number, r.CreatedAt, r.CreatedBy, r.Reason, ParseChanges(r.Changes), r.Incomplete, ParseMissing(r.Missing), r.NoticeEndsAt);

    public static RevisionHeader HeaderOf(Revision r) =>
        new(r.Id, r.Period, r.Number, r.CreatedAt, r.CreatedBy, r.Reason, ParseChanges(r.Changes), r.Incomplete, ParseMissing(r.Missing), r.NoticeEndsAt);

    public static IReadOnlyList<RevisionChange> ParseChanges(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize<List<RevisionChange>>(json, Stored) ?? [];

    public static IReadOnlyList<MissingDatum> ParseMissing(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize<List<MissingDatum>>(json, Stored) ?? [];

    /// <summary>How the changes and missing lists are stored (and printed by the API): camelCase, states by name.</summary>
    public static readonly JsonSerializerOptions Stored = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>The text of a stored file (input or results).</summary>
    public static string Unzip(byte[] gzip) => Encoding.UTF8.GetString(UnzipBytes(gzip));

    public static byte[] UnzipBytes(byte[] gzip)
    {
        using var input = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
        using var output = new MemoryStream(gzip.Length * 6);
        input.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>gzip at the fastest level: a province's tens of megabytes are written once, read rarely.</summary>
    public static byte[] Zip(ReadOnlySpan<byte> utf8)
    {
        using var output = new MemoryStream(utf8.Length / 5 + 64);
        using (var gz = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(utf8);
        return output.ToArray();
    }
}
