using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Pacesetter.App.Audit;
using Pacesetter.App.Data;

namespace Pacesetter.App.Writes;

/// <summary>
/// 唯一写入口 the one audited-write primitive (ADR 0008): every write of the product runs in
/// <see cref="RunAsync{T}"/>, which opens the transaction, takes the organization's lock, runs the change (which
/// appends its audit rows through <see cref="AuditedWrite.Audit"/>), saves and commits — or rolls everything back when
/// the change refuses, and turns a concurrency or uniqueness conflict into <see cref="WriteStatus.Conflict"/>.
/// <see cref="AuditLog.Append"/> throws outside it.
/// </summary>
public sealed class OrgWriter(PacesetterDb db)
{
    private static readonly ConditionalWeakTable<PacesetterDb, AuditedWrite> Open = new();

    /// <summary>Whether this writer's writes leave <see cref="RecentReads"/> as it is (<see cref="ForDataEntry"/>).</summary>
    private bool keepsRememberedReads;

    /// <summary>
    /// The writer of data entry (a datum saved, submitted, approved or returned, evidence attached, a period's deadline
    /// set): rows that nothing in <see cref="RecentReads"/> is read from — it remembers publications, boards, postings,
    /// roles, session stamps and notifications only. Its commits start no new generation, so that under reporters'
    /// saves the crowd's remembered reads stay remembered (ADR 0026). A service that writes anything else uses the
    /// plain writer.
    /// </summary>
    public static OrgWriter ForDataEntry(PacesetterDb db) => new(db) { keepsRememberedReads = true };

    /// <summary>The write open on <paramref name="db"/>, or null outside <see cref="RunAsync{T}"/>.</summary>
    internal static AuditedWrite? Current(PacesetterDb db) => Open.TryGetValue(db, out var w) ? w : null;

    /// <summary>
    /// Runs <paramref name="change"/> as one audited write of organization <paramref name="organizationId"/> (0 for an
    /// organization being created: its lock is taken by its first audit row). A refusal (any outcome but Ok) rolls back
    /// whatever the change did; a conflict at save (another writer's version or key) rolls back and answers
    /// <paramref name="onConflict"/> (run after the rollback, to read what the row holds now) or a plain conflict.
    /// </summary>
    public async Task<WriteOutcome<T>> RunAsync<T>(int organizationId, string actor, Func<AuditedWrite, Task<WriteOutcome<T>>> change,
        Func<Task<WriteOutcome<T>>>? onConflict = null, CancellationToken ct = default)
    {
        if (Current(db) is not null || db.Database.CurrentTransaction is not null)
        {
            throw new InvalidOperationException("audited writes do not nest: one operation is one transaction");
        }
        bool conflicted = false;
        var (tx0, write) = await BeginAsync(organizationId, actor, ct);
        await using (var tx = tx0)
        {
            Open.AddOrUpdate(db, write);
            try
            {
                var outcome = await change(write);
                if (!outcome.IsOk)
                {
                    await tx.RollbackAsync(ct);
                    db.ChangeTracker.Clear();
                    return outcome;
                }
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                if (!keepsRememberedReads) RecentReads.Written();
                // After the commit, never before: a checkpoint names only rows that exist (ADR 0009). Not cancelled: the write is done.
                await db.Settings.Audit.AppendCheckpointsAsync(write.Heads, CancellationToken.None);
                return outcome;
            }
            catch (DbUpdateException e) when (IsConflict(e))
            {
                await tx.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                conflicted = true;
            }
            finally
            {
                Open.Remove(db);
                if (!conflicted && db.Database.CurrentTransaction is not null) db.ChangeTracker.Clear();
            }
        }
        return onConflict is null ? WriteOutcome<T>.Conflict(WriteMessages.Changed) : await onConflict();
    }

    /// <summary>
    /// Opens the transaction and takes the organization's lock — the write's first statement. On PostgreSQL, when that
    /// statement meets an outage (a pooled connection the restarted server closed, the server starting: <see cref="Outages"/>),
    /// nothing of the write has run yet, so it starts again on a fresh connection, up to <c>Database:RetryCount</c> times
    /// within about two seconds; after that the outage goes up and the request answers 503. Once the change has run, nothing
    /// is tried again: the person gets 503, the transaction is rolled back with its connection, and no write is acknowledged
    /// that was not committed. (SQLite: Microsoft.Data.Sqlite begins with BEGIN IMMEDIATE, so writers are serialized by the
    /// database itself, and a busy file waits out its own timeout.)
    /// </summary>
    private async Task<(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction, AuditedWrite)> BeginAsync(int organizationId, string actor, CancellationToken ct)
    {
        var retry = db.Settings.Retry;
        for (int attempt = 0; ; attempt++)
        {
            var write = new AuditedWrite(db, organizationId, actor, ct);
            Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? tx = null;
            try
            {
                tx = await db.Database.BeginTransactionAsync(ct);
                if (organizationId > 0) await write.LockAsync(organizationId);
                return (tx, write);
            }
            catch (Exception e) when (db.IsPostgres && attempt < retry.Count && Outages.IsRetryable(e))
            {
                if (tx is not null) await tx.DisposeAsync();
                await db.Database.CloseConnectionAsync();
                if (db.Database.GetDbConnection() is NpgsqlConnection connection) NpgsqlConnection.ClearPool(connection);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(retry.MaxDelay.TotalMilliseconds, 100 * Math.Pow(3, attempt))), ct);
            }
            catch
            {
                if (tx is not null) await tx.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>
    /// Whether a failed save is another writer's doing, which a reload and a retry can resolve (409): EF's concurrency
    /// check (a row whose version changed: no database error behind it) or a unique index. Any other database error —
    /// a value too long for its column (PostgreSQL 22001), a character it cannot store (22021), a broken constraint —
    /// is not a conflict and is never reported as "changed by someone else": the services' checks keep such input out
    /// (<see cref="InputLimits"/>), and what still reaches the database is a fault (500), not a retry.
    /// </summary>
    public static bool IsConflict(DbUpdateException e) => e switch
    {
        DbUpdateConcurrencyException c => c.InnerException is not System.Data.Common.DbException,
        _ => IsUniqueViolation(e),
    };

    /// <summary>A unique index refused the row: SQLite's SQLITE_CONSTRAINT_UNIQUE / PRIMARYKEY, PostgreSQL's 23505.</summary>
    public static bool IsUniqueViolation(DbUpdateException e) => e.InnerException switch
    {
        SqliteException s => s.SqliteExtendedErrorCode is 2067 or 1555,
        PostgresException p => p.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}

/// <summary>The open audited write handed to a change: its database, its actor, and the one way to append audit rows.</summary>
public sealed class AuditedWrite
{
    private readonly HashSet<int> locked = [];
    private readonly Dictionary<int, ChainHead?> heads = [];
    private readonly HashSet<int> appended = [];

    internal AuditedWrite(PacesetterDb db, int organizationId, string actor, CancellationToken ct)
    {
        Db = db;
        OrganizationId = organizationId;
        Actor = actor;
        Ct = ct;
    }

    public PacesetterDb Db { get; }
    /// <summary>The organization written (0 until a write that creates one adopts it).</summary>
    public int OrganizationId { get; private set; }
    /// <summary>Who acts, as the audit rows name them (a user name, <c>cli:…</c>).</summary>
    public string Actor { get; }
    public CancellationToken Ct { get; }

    /// <summary>The key this write's audit rows are hashed with (<see cref="AuditLog.HashOf"/>), from the database's settings.</summary>
    public AuditKey Key => Db.Settings.Audit.Key;

    /// <summary>The head of each chain this write appended to (organization, sequence and hash of its last row): what the checkpoint file records after the commit.</summary>
    public IReadOnlyCollection<AuditHead> Heads =>
        appended.Order().Select(org => new AuditHead(org, heads[org]!.Value.Seq, heads[org]!.Value.Hash)).ToList();

    /// <summary>Appends an audit row to the chain of the write's organization, saved with the change it records.</summary>
    public Task<AuditEntry> Audit(string kind, string entity, string key, string? period = null, string? unit = null, string? before = null,
        string? after = null, string? reason = null) =>
        AuditAs(Actor, kind, entity, key, period, unit, before, after, reason);

    /// <summary>
    /// Appends an audit row in <paramref name="actor"/>'s name: a write that carries several people's changes at once
    /// (<see cref="DataEntry.SaveBox"/>) names each row's own.
    /// </summary>
    public Task<AuditEntry> AuditAs(string actor, string kind, string entity, string key, string? period = null, string? unit = null, string? before = null,
        string? after = null, string? reason = null) =>
        AuditLog.Append(Db, OrganizationId > 0 ? OrganizationId : throw new InvalidOperationException("a write of a new organization audits once it has adopted it"), new AuditRecord(actor, kind, entity, key, period, unit, before, after,
            string.IsNullOrWhiteSpace(reason) ? null : reason.Trim()), Ct);

    /// <summary>
    /// The head of the write's organization's audit chain as this write leaves it (sequence and hash of its last row,
    /// saved or about to be saved with the commit), or null before the write has read or appended any row.
    /// </summary>
    public ChainHead? Head => heads.TryGetValue(OrganizationId, out var head) ? head : null;

    /// <summary>The head of the organization's chain: read once from the table under the lock, then kept by the write.</summary>
    internal async Task<ChainHead?> HeadAsync(int organizationId)
    {
        if (heads.TryGetValue(organizationId, out var head)) return head;
        head = await AuditLog.StoredHeadAsync(Db, organizationId, Ct);
        heads[organizationId] = head;
        return head;
    }

    /// <summary>The row just appended is the organization's new head.</summary>
    internal void Advance(int organizationId, AuditEntry entry)
    {
        heads[organizationId] = new ChainHead(entry.Seq, entry.Hash);
        appended.Add(organizationId);
    }

    /// <summary>
    /// Appends many audit rows at once with bulk statements (an import's data), hashed while <paramref name="meanwhile"/>
    /// writes the rows they describe; see <see cref="AuditLog.AppendManyAsync"/>.
    /// </summary>
    public Task<int> AuditManyAsync(IReadOnlyList<AuditRecord> records, Func<Task>? meanwhile = null) =>
        AuditLog.AppendManyAsync(Db, OrganizationId > 0 ? OrganizationId : throw new InvalidOperationException("a write of a new organization audits once it has adopted it"), records, meanwhile, Ct);

    /// <summary>A write opened for a new organization (id 0) continues as that organization's write, under its lock.</summary>
    public async Task AdoptAsync(int organizationId)
    {
        if (OrganizationId != 0) throw new InvalidOperationException("only a write that creates an organization adopts it");
        OrganizationId = organizationId;
        await LockAsync(organizationId);
    }

    /// <summary>Saves what the change added so far (generated ids for the rows that point at them); still one transaction.</summary>
    public Task SaveAsync() => Db.SaveChangesAsync(Ct);

    /// <summary>Serializes the writers of one organization's audit chain: an advisory transaction lock on PostgreSQL (SQLite's writers are already serialized).</summary>
    internal async Task LockAsync(int organizationId)
    {
        if (!locked.Add(organizationId)) return;
        if (Db.IsPostgres) await Db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", [organizationId], Ct);
    }
}
