using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL;

namespace Pacesetter.App.Data;

/// <summary>
/// 数据库暂不可用 (issue #13 §4, ADR 0050): which failures mean "the database is not there for a moment" — PostgreSQL
/// restarting, a pooled connection it closed, the network between — as opposed to a fault of the request or the code.
/// Such a failure is answered 503 with a page in the person's language (never 500), reads are tried again
/// (<see cref="ReadRetry"/>), and an audited write whose first statement met it starts again (<see cref="Writes.OrgWriter"/>).
/// </summary>
public static class Outages
{
    /// <summary>Whether <paramref name="e"/>, or any exception inside it, is a database that is away (not one that refuses).</summary>
    public static bool IsOutage(Exception? e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case PostgresException p:
                    // 08: connection exceptions; 57P01–57P03: the server shutting down, or starting; 53300: too many connections.
                    if (p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState is "57P01" or "57P02" or "57P03" or "53300") return true;
                    return false;
                case NpgsqlException n when n.IsTransient:
                    return true;
                case SqliteException s when s.SqliteErrorCode is 5 or 6:
                    // SQLITE_BUSY / SQLITE_LOCKED after the busy timeout: another writer held the file for minutes.
                    return true;
                case SocketException:
                case TimeoutException:
                    return true;
                case RetryLimitExceededException r:
                    return IsOutage(r.InnerException) || r.InnerException is null;
            }
        }
        return false;
    }

    /// <summary>
    /// Whether trying again may help at once: an outage that did not already wait out a timeout. A timeout (the pool
    /// exhausted by writers queueing for an organization's lock, a server that does not answer) has spent its time;
    /// trying again would only add to the queue, so it answers 503 at once.
    /// </summary>
    public static bool IsRetryable(Exception? e)
    {
        if (!IsOutage(e)) return false;
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is TimeoutException) return false;
        }
        return true;
    }

    /// <summary>The settings of the retries: <c>Database:RetryCount</c> (default 3) and <c>Database:RetryMaxDelayMs</c> (default 1000).</summary>
    public sealed record RetrySettings(int Count, TimeSpan MaxDelay)
    {
        public static readonly RetrySettings Default = new(3, TimeSpan.FromSeconds(1));
    }
}

/// <summary>
/// Npgsql's retrying strategy for the reads and single saves outside a transaction: a query that met a closed pooled
/// connection or a restarting server is tried again a few times within about two seconds (the pool cleared first, so the
/// next attempt opens a fresh connection). Inside a transaction (every audited write, ADR 0008) nothing is retried here —
/// the transaction is gone with its connection, and only <see cref="Writes.OrgWriter"/> knows whether the write may start
/// again — so a transaction is allowed without wrapping it in the strategy (EF's own check would refuse it).
/// </summary>
public sealed class ReadRetry(ExecutionStrategyDependencies dependencies, Outages.RetrySettings settings)
    : NpgsqlRetryingExecutionStrategy(dependencies, settings.Count, settings.MaxDelay, errorCodesToAdd: null)
{
    private bool InTransaction => Dependencies.CurrentContext.Context.Database.CurrentTransaction is not null;

    /// <summary>EF refuses a retrying strategy inside a transaction not begun through it; here a transaction is simply not retried.</summary>
    protected override void OnFirstExecution()
    {
        if (InTransaction) ExceptionsEncountered.Clear();
        else base.OnFirstExecution();
    }

    protected override bool ShouldRetryOn(Exception? exception) => !InTransaction && Outages.IsRetryable(exception);

    protected override void OnRetry()
    {
        if (Dependencies.CurrentContext.Context.Database.GetDbConnection() is NpgsqlConnection connection) NpgsqlConnection.ClearPool(connection);
        base.OnRetry();
    }
}
