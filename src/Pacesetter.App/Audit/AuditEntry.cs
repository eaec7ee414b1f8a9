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

/// <summary>The head of an organization's chain: its last row's sequence and hash.</summary>
public readonly record struct AuditHead(long Seq, string Hash);

/// <summary>The first row whose stored hash does not match its content or its predecessor, if any.</summary>
public sealed record AuditBreak(int OrganizationId, long Seq, long Id, string What);

public static class AuditLog
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>
    /// Adds the record to the organization's chain in the current unit of work; it is saved with the change it
    /// records (same SaveChanges, same transaction). Only inside the one audited write (<see cref="OrgWriter.RunAsync{T}"/>,
    /// through <see cref="AuditedWrite.Audit"/>), which holds the organization's lock: anywhere else it throws
    /// <see cref="InvalidOperationException"/>, so no change can be audited outside its transaction.
    /// </summary>
    public static async Task<AuditEntry> Append(PacesetterDb db, int organizationId, AuditRecord record, CancellationToken ct = default)
    {
        var write = OrgWriter.Current(db)
            ?? throw new InvalidOperationException("audit rows are appended only inside OrgWriter.RunAsync (the one audited write, ADR 0008)");
        await write.LockAsync(organizationId);
        // The chain's head is kept by the open write (read once from the table): appending is O(1), not a scan of the
        // rows added so far.
        var entry = Next(organizationId, await write.HeadAsync(organizationId), record, Now());
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
        var hashing = Task.Run(() =>
        {
            var entries = new List<AuditEntry>(records.Count);
            var last = head;
            foreach (var record in records)
            {
                var entry = Next(organizationId, last, record, at);
                last = new AuditHead(entry.Seq, entry.Hash);
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

    /// <summary>Millisecond precision survives every database's timestamp type, so the hash can be recomputed.</summary>
    private static DateTimeOffset Now()
    {
        var now = DateTimeOffset.UtcNow;
        return new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
    }

    /// <summary>The row that follows <paramref name="head"/> (null: the chain is empty) in the organization's chain.</summary>
    private static AuditEntry Next(int organizationId, AuditHead? head, AuditRecord record, DateTimeOffset at)
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
        entry.Hash = HashOf(entry);
        return entry;
    }

    /// <summary>The organization's last row as stored (sequence and hash), or null when its chain is empty.</summary>
    internal static async Task<AuditHead?> StoredHeadAsync(PacesetterDb db, int organizationId, CancellationToken ct)
    {
        var last = await db.AuditEntries.AsNoTracking()
            .Where(e => e.OrganizationId == organizationId)
            .OrderByDescending(e => e.Seq)
            .Select(e => new { e.Seq, e.Hash })
            .FirstOrDefaultAsync(ct);
        return last is null ? null : new AuditHead(last.Seq, last.Hash);
    }

    /// <summary>SHA-256 of the row's canonical content (every field but Id and Hash), hex.</summary>
    public static string HashOf(AuditEntry e)
    {
        var canonical = JsonSerializer.Serialize(new object?[]
        {
            e.OrganizationId, e.Seq, e.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
            e.Actor, e.Kind, e.Entity, e.Key, e.Period, e.Unit, e.Before, e.After, e.Reason, e.PreviousHash,
        });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>Walks every organization's chain in order and reports the first broken link, or null when all hold.</summary>
    public static async Task<AuditBreak?> Verify(PacesetterDb db, int? organizationId = null, CancellationToken ct = default)
    {
        var orgs = organizationId is { } only ? [only] : await db.Organizations.Select(o => o.Id).OrderBy(i => i).ToListAsync(ct);
        foreach (var org in orgs)
        {
            string previous = Genesis;
            long expected = 1;
            await foreach (var e in db.AuditEntries.AsNoTracking().Where(x => x.OrganizationId == org).OrderBy(x => x.Seq).AsAsyncEnumerable().WithCancellation(ct))
            {
                if (e.Seq != expected) return new AuditBreak(org, e.Seq, e.Id, $"row {expected} is missing");
                if (e.PreviousHash != previous) return new AuditBreak(org, e.Seq, e.Id, "its previous hash does not match the row before");
                if (HashOf(e) != e.Hash) return new AuditBreak(org, e.Seq, e.Id, "its content does not match its hash");
                previous = e.Hash;
                expected++;
            }
        }
        return null;
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit_entries");
        b.Property(x => x.Actor).HasMaxLength(256);
        b.Property(x => x.Kind).HasMaxLength(64);
        b.Property(x => x.Entity).HasMaxLength(64);
        b.Property(x => x.Key).HasMaxLength(256);
        b.Property(x => x.Period).HasMaxLength(16);
        b.Property(x => x.Unit).HasMaxLength(64);
        b.Property(x => x.Reason).HasMaxLength(2000);
        b.Property(x => x.PreviousHash).HasMaxLength(64);
        b.Property(x => x.Hash).HasMaxLength(64);
        b.HasIndex(x => new { x.OrganizationId, x.Seq }).IsUnique();
        b.HasIndex(x => new { x.OrganizationId, x.Period, x.Unit });
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}
