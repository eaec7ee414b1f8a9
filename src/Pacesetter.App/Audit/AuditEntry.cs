using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pacesetter.App.Data;
using Pacesetter.App.Organizations;
using Pacesetter.App.Writes;

namespace Pacesetter.App.Audit;

/// <summary>
/// 全流程留痕 one audit row: who, when, what (kind, entity, key), before and after, and why. Rows are append-only
/// (database triggers refuse updates and deletes) and hash-chained per organization (DESIGN.md 3).
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public int OrganizationId { get; set; }
    /// <summary>Position in the organization's chain, from 1.</summary>
    public long Seq { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Actor { get; set; }
    /// <summary>What happened, e.g. <c>datum.submit</c>, <c>scheme.save</c>, <c>unit.rename</c>.</summary>
    public required string Kind { get; set; }
    public required string Entity { get; set; }
    public required string Key { get; set; }
    public string? Period { get; set; }
    public string? Unit { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public string? Reason { get; set; }
    public required string PreviousHash { get; set; }
    public required string Hash { get; set; }
}

/// <summary>What a change records; <see cref="AuditLog.Append"/> turns it into a chained row.</summary>
public sealed record AuditRecord(
    string Actor,
    string Kind,
    string Entity,
    string Key,
    string? Period = null,
    string? Unit = null,
    string? Before = null,
    string? After = null,
    string? Reason = null);

/// <summary>The head of a chain as an open write keeps it: its last row's sequence and hash.</summary>
public readonly record struct ChainHead(long Seq, string Hash);

/// <summary>The first row whose stored hash does not match its content, its predecessor or a checkpoint, if any (Id 0: the row is missing).</summary>
public sealed record AuditBreak(int OrganizationId, long Seq, long Id, string What);

/// <summary>What <see cref="AuditLog.VerifyAsync"/> found: the first break (null when every chain holds), the rows walked, each chain's head, the checkpoints compared.</summary>
public sealed record AuditVerification(AuditBreak? Break, long Rows, IReadOnlyList<AuditHead> Heads, int CheckpointsChecked);

public static class AuditLog
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>The kind of the row that closes a chain's unkeyed rows (written before the chain was keyed) under the key.</summary>
    public const string SealKind = "audit.seal";

    /// <summary>
    /// Adds the record to the organization's chain in the current unit of work; it is saved with the change it
    /// records (same SaveChanges, same transaction). Only inside the one audited write (<see cref="OrgWriter.RunAsync{T}"/>,
    /// through <see cref="AuditedWrite.Audit"/>), which holds the organization's lock: anywhere else it throws
    /// <see cref="InvalidOperationException"/>, so no change can be audited outside its transaction. Its hash is keyed
    /// with the write's key (<see cref="HashOf"/>); the write appends the chain's new head to the checkpoint file after commit.
    /// </summary>
    public static async Task<AuditEntry> Append(PacesetterDb db, int organizationId, AuditRecord record, CancellationToken ct = default)
    {
        var write = OrgWriter.Current(db)
            ?? throw new InvalidOperationException("audit rows are appended only inside OrgWriter.RunAsync (the one audited write, ADR 0008)");
        await write.LockAsync(organizationId);
        // The chain's head is kept by the open write (read once from the table): appending is O(1), not a scan of the
        // rows added so far.
        var entry = Next(organizationId, await write.HeadAsync(organizationId), record, Now(), write.Key);
        write.Advance(organizationId, entry);
        db.AuditEntries.Add(entry);
        return entry;
    }

    /// <summary>
    /// Appends many records at once (an import's <c>datum.import</c> rows), in order, inserted with bulk statements
    /// (<see cref="BulkInsert"/>) rather than tracked one by one: what the change tracker holds so far is saved first, so
    /// the rows' ids follow their sequence. The chain is hashed on another thread while <paramref name="meanwhile"/> (the
    /// same transaction's other bulk writes: the rows the records describe) runs. Same rules as <see cref="Append"/>
    /// (inside the audited write, under its lock).
    /// </summary>
    public static async Task<int> AppendManyAsync(PacesetterDb db, int organizationId, IReadOnlyList<AuditRecord> records, Func<Task>? meanwhile = null, CancellationToken ct = default)
    {
        var write = OrgWriter.Current(db)
            ?? throw new InvalidOperationException("audit rows are appended only inside OrgWriter.RunAsync (the one audited write, ADR 0008)");
        await write.LockAsync(organizationId);
        await db.SaveChangesAsync(ct);
        var head = await write.HeadAsync(organizationId);
        var at = Now();
        var key = write.Key;
        var hashing = Task.Run(() =>
        {
            var entries = new List<AuditEntry>(records.Count);
            var last = head;
            foreach (var record in records)
            {
                var entry = Next(organizationId, last, record, at, key);
                last = new ChainHead(entry.Seq, entry.Hash);
                entries.Add(entry);
            }
            return entries;
        }, ct);
        if (meanwhile is not null) await meanwhile();
        var chained = await hashing;
        await BulkInsert.RowsAsync(db, chained, ct);
        if (chained.Count > 0) write.Advance(organizationId, chained[^1]);
        return chained.Count;
    }

    /// <summary>
    /// Appends rows carried over from another deployment (<c>pacesetter org import</c>, ADR 0049), in order: each keeps
    /// its number, time and content, and is chained and hashed anew under this write's key as a row of
    /// <paramref name="organizationId"/>. The rows must continue the chain as this write holds it — the first batch
    /// starts an empty chain at row 1 — so that nothing else can be interleaved. Same rules as <see cref="Append"/>
    /// (inside the audited write, under its lock); the write's checkpoint records the new head after the commit.
    /// </summary>
    public static async Task<int> AppendImportedAsync(PacesetterDb db, int organizationId, IReadOnlyList<AuditEntry> rows, CancellationToken ct = default)
    {
        var write = OrgWriter.Current(db)
            ?? throw new InvalidOperationException("audit rows are appended only inside OrgWriter.RunAsync (the one audited write, ADR 0008)");
        await write.LockAsync(organizationId);
        await db.SaveChangesAsync(ct);
        var last = await write.HeadAsync(organizationId);
        var key = write.Key;
        var chained = new List<AuditEntry>(rows.Count);
        foreach (var row in rows)
        {
            if (row.Seq != (last?.Seq ?? 0) + 1) throw new InvalidOperationException($"imported audit row {row.Seq} does not continue the chain at row {(last?.Seq ?? 0) + 1}");
            var entry = new AuditEntry
            {
                OrganizationId = organizationId,
                Seq = row.Seq,
                At = row.At,
                Actor = row.Actor,
                Kind = row.Kind,
                Entity = row.Entity,
                Key = row.Key,
                Period = row.Period,
                Unit = row.Unit,
                Before = row.Before,
                After = row.After,
                Reason = row.Reason,
                PreviousHash = last?.Hash ?? Genesis,
                Hash = "",
            };
            entry.Hash = HashOf(entry, key);
            last = new ChainHead(entry.Seq, entry.Hash);
            chained.Add(entry);
        }
        await BulkInsert.RowsAsync(db, chained, ct);
        if (chained.Count > 0) write.Advance(organizationId, chained[^1]);
        return chained.Count;
    }

    /// <summary>Millisecond precision survives every database's timestamp type, so the hash can be recomputed.</summary>
    private static DateTimeOffset Now()
    {
        var now = DateTimeOffset.UtcNow;
        return new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
    }

    /// <summary>The row that follows <paramref name="head"/> (null: the chain is empty) in the organization's chain.</summary>
    private static AuditEntry Next(int organizationId, ChainHead? head, AuditRecord record, DateTimeOffset at, AuditKey key)
    {
        var entry = new AuditEntry
        {
            OrganizationId = organizationId,
            Seq = (head?.Seq ?? 0) + 1,
            At = at,
            Actor = record.Actor,
            Kind = record.Kind,
            Entity = record.Entity,
            Key = record.Key,
            Period = record.Period,
            Unit = record.Unit,
            Before = record.Before,
            After = record.After,
            Reason = record.Reason,
            PreviousHash = head?.Hash ?? Genesis,
            Hash = "",
        };
        entry.Hash = HashOf(entry, key);
        return entry;
    }

    /// <summary>The organization's last row as stored (sequence and hash), or null when its chain is empty.</summary>
    internal static async Task<ChainHead?> StoredHeadAsync(PacesetterDb db, int organizationId, CancellationToken ct)
    {
        var last = await db.AuditEntries.AsNoTracking()
            .Where(e => e.OrganizationId == organizationId)
            .OrderByDescending(e => e.Seq)
            .Select(e => new { e.Seq, e.Hash })
            .FirstOrDefaultAsync(ct);
        return last is null ? null : new ChainHead(last.Seq, last.Hash);
    }

    /// <summary>
    /// The row's hash: HMAC-SHA256 under <paramref name="key"/> of its canonical content (every field but Id and Hash,
    /// the previous row's hash included), hex. The one hash of the chain: every row written is hashed by it.
    /// </summary>
    public static string HashOf(AuditEntry e, AuditKey key) => key.Mac(Canonical(e));

    /// <summary>
    /// The unkeyed hash rows had before the chain was keyed (plain SHA-256 of the same content): accepted only for the
    /// rows a seal row closes (<see cref="SealKind"/>, <see cref="SealLegacyAsync"/>), never written any more.
    /// </summary>
    public static string LegacyHashOf(AuditEntry e) => Convert.ToHexStringLower(SHA256.HashData(Canonical(e)));

    private static byte[] Canonical(AuditEntry e) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new object?[]
    {
        e.OrganizationId, e.Seq, e.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
        e.Actor, e.Kind, e.Entity, e.Key, e.Period, e.Unit, e.Before, e.After, e.Reason, e.PreviousHash,
    }));

    /// <summary>What a seal row records: how many unkeyed rows it closes.</summary>
    internal static string SealAfter(long legacyRows) => $"{{\"legacyRows\":{legacyRows}}}";

    /// <summary>
    /// Closes, under the key, each chain whose rows were hashed unkeyed by an earlier version: appends one
    /// <see cref="SealKind"/> row that records their number. From then on those rows are pinned by a keyed row (its
    /// previous hash is theirs), and unkeyed rows anywhere else break the chain. Runs at every start (after the
    /// migrations); a chain already keyed, or one whose last row matches neither hash, is left as it is.
    /// </summary>
    public static async Task<int> SealLegacyAsync(PacesetterDb db, CancellationToken ct = default)
    {
        var key = db.Settings.Audit.Key;
        var lasts = await db.AuditEntries.AsNoTracking()
            .Where(e => e.Seq == db.AuditEntries.Where(x => x.OrganizationId == e.OrganizationId).Max(x => x.Seq))
            .ToListAsync(ct);
        var sealedChains = 0;
        foreach (var last in lasts.OrderBy(e => e.OrganizationId))
        {
            if (HashOf(last, key) == last.Hash || LegacyHashOf(last) != last.Hash) continue;
            var outcome = await new OrgWriter(db).RunAsync(last.OrganizationId, "pacesetter", async w =>
            {
                await w.Audit(SealKind, "audit", "chain", after: SealAfter(last.Seq),
                    reason: "rows written before the audit chain was keyed, closed under the key (升级：旧记录以密钥封存)");
                return WriteOutcome<int>.Ok(1);
            }, ct: ct);
            if (outcome.IsOk) sealedChains++;
        }
        return sealedChains;
    }

    /// <summary>The head of the organization's chain as it stands (null before its first row): what exports print.</summary>
    public static async Task<AuditHead?> HeadAsync(PacesetterDb db, int organizationId, CancellationToken ct = default) =>
        await db.AuditEntries.AsNoTracking()
            .Where(e => e.OrganizationId == organizationId)
            .OrderByDescending(e => e.Seq)
            .Select(e => new AuditHead(e.OrganizationId, e.Seq, e.Hash))
            .FirstOrDefaultAsync(ct);

    /// <summary>
    /// Walks every organization's chain with the database's key and checkpoint file (<see cref="DatabaseOptions.Audit"/>)
    /// and reports the first broken link, or null when all hold.
    /// </summary>
    public static async Task<AuditBreak?> Verify(PacesetterDb db, int? organizationId = null, CancellationToken ct = default) =>
        (await VerifyAsync(db, db.Settings.Audit.Key, await db.Settings.Audit.ReadCheckpointsAsync(ct), organizationId, ct)).Break;

    /// <summary>
    /// Walks the chains in order (one organization, or every organization of the database or of the checkpoint file).
    /// A row breaks its chain when its number is not the next, its previous hash is not its predecessor's hash, its hash
    /// is not its content's under <paramref name="key"/> (unkeyed rows pass only before their seal), or it differs from a
    /// checkpoint of that row. A checkpoint beyond the chain's last row means rows were removed from its end; rows with no
    /// checkpoint file, or a chain without a checkpoint, cannot be checked at their end and break too.
    /// </summary>
    public static async Task<AuditVerification> VerifyAsync(PacesetterDb db, AuditKey key, IReadOnlyList<Checkpoint>? checkpoints,
        int? organizationId = null, CancellationToken ct = default)
    {
        var marks = (checkpoints ?? [])
            .GroupBy(c => c.OrganizationId)
            .ToDictionary(g => g.Key, g => g.GroupBy(c => c.Seq).ToDictionary(s => s.Key, s => s.ToList()));
        var orgs = organizationId is { } only
            ? [only]
            : (await db.Organizations.Select(o => o.Id).ToListAsync(ct)).Union(marks.Keys).Order().ToList();
        long rows = 0;
        var heads = new List<AuditHead>();
        var compared = 0;
        foreach (var org in orgs)
        {
            var orgMarks = marks.GetValueOrDefault(org) ?? [];
            var walk = new ChainWalk(key);
            AuditEntry? last = null;
            await foreach (var e in db.AuditEntries.AsNoTracking().Where(x => x.OrganizationId == org).OrderBy(x => x.Seq).AsAsyncEnumerable().WithCancellation(ct))
            {
                if (walk.Step(e) is { } problem) return Broken(org, e, problem);
                if (orgMarks.TryGetValue(e.Seq, out var atRow) && atRow.FirstOrDefault(c => c.Hash != e.Hash) is { } differs)
                {
                    return Broken(org, e, $"its hash differs from the checkpoint of this row (checkpoint file, line {differs.Line})");
                }
                compared += atRow?.Count ?? 0;
                rows++;
                last = e;
            }
            var expected = walk.Rows + 1;
            if (orgMarks.Count > 0 && orgMarks.Keys.Max() is var furthest && furthest >= expected)
            {
                var line = orgMarks[furthest].Max(c => c.Line);
                return new AuditVerification(new AuditBreak(org, expected, 0,
                    $"missing: the checkpoint file records the chain up to row {furthest} (line {line})"), rows, heads, compared);
            }
            if (last is null) continue;
            if (walk.End() is { } unsealed) return Broken(org, last, unsealed);
            if (checkpoints is null) return Broken(org, last, "there is no checkpoint file, so the end of the chain cannot be checked");
            if (orgMarks.Count == 0) return Broken(org, last, "the checkpoint file has no checkpoint of this organization, so the end of its chain cannot be checked");
            heads.Add(new AuditHead(org, last.Seq, last.Hash));
        }
        return new AuditVerification(null, rows, heads, compared);

        AuditVerification Broken(int org, AuditEntry e, string what) => new(new AuditBreak(org, e.Seq, e.Id, what), rows, heads, compared);
    }
}

/// <summary>
/// The rules one chain's rows are checked by, row after row (<see cref="AuditLog.VerifyAsync"/>, and an organization's
/// file before it is imported): each row is the next number, names its predecessor's hash, and carries the keyed hash
/// of its content — or the unkeyed one, only for the rows before the seal that closes them.
/// </summary>
public sealed class ChainWalk(AuditKey key)
{
    private string previous = AuditLog.Genesis;
    private long legacy;
    private bool keyed;

    /// <summary>The rows walked so far.</summary>
    public long Rows { get; private set; }

    /// <summary>The hash of the last row walked (the genesis before the first).</summary>
    public string Head => previous;

    /// <summary>Null when <paramref name="e"/> continues the chain; otherwise what is wrong with it.</summary>
    public string? Step(AuditEntry e)
    {
        if (e.Seq != Rows + 1) return $"row {Rows + 1} is missing";
        if (e.PreviousHash != previous) return "its previous hash does not match the row before";
        if (AuditLog.HashOf(e, key) == e.Hash)
        {
            if (!keyed && legacy > 0 && (e.Kind != AuditLog.SealKind || e.After != AuditLog.SealAfter(legacy)))
            {
                return $"rows 1–{legacy} are hashed without the key, and this row does not seal them";
            }
            keyed = true;
        }
        else if (keyed || AuditLog.LegacyHashOf(e) != e.Hash)
        {
            return "its content does not match its hash";
        }
        else
        {
            legacy++;
        }
        previous = e.Hash;
        Rows++;
        return null;
    }

    /// <summary>Null when the rows walked end a valid chain; otherwise why not (unkeyed rows never sealed).</summary>
    public string? End() => Rows > 0 && !keyed ? $"rows 1–{legacy} are hashed without the key and not sealed" : null;
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit_entries");
        b.Property(x => x.Actor).HasMaxLength(InputLimits.UserName);
        b.Property(x => x.Kind).HasMaxLength(InputLimits.AuditKind);
        b.Property(x => x.Entity).HasMaxLength(InputLimits.AuditKind);
        b.Property(x => x.Key).HasMaxLength(InputLimits.AuditKey);
        b.Property(x => x.Period).HasMaxLength(InputLimits.Period);
        b.Property(x => x.Unit).HasMaxLength(InputLimits.Code);
        b.Property(x => x.Reason).HasMaxLength(InputLimits.Reason);
        b.Property(x => x.PreviousHash).HasMaxLength(InputLimits.Hash);
        b.Property(x => x.Hash).HasMaxLength(InputLimits.Hash);
        b.HasIndex(x => new { x.OrganizationId, x.Seq }).IsUnique();
        b.HasIndex(x => new { x.OrganizationId, x.Period, x.Unit });
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}
