using Microsoft.EntityFrameworkCore;
using Npgsql;
using Pacesetter.App.Audit;

namespace Pacesetter.App.Data;

/// <summary>
/// Applies the pending generated migrations at start-up (the provider's migrations assembly, <see cref="DatabaseOptions"/>);
/// an empty database, or none at all for SQLite, is created. On PostgreSQL with an owner role
/// (<c>ConnectionStrings:PacesetterOwner</c>) the migrations run as that role, and the application's role is granted what
/// it may do: read and write every table but the audit table, which it may only read and append to (ADR 0009). Then
/// chains written before the audit chain was keyed are sealed (<see cref="AuditLog.SealLegacyAsync"/>).
/// A SQLite database is put in WAL mode (write-ahead log, kept by the file): readers read the last committed state
/// while a writer writes, instead of waiting for it.
/// </summary>
public static class Migrator
{
    public static async Task MigrateAsync(PacesetterDb db, CancellationToken ct = default)
    {
        var settings = db.Settings;
        if (db.IsPostgres && settings.OwnerConnectionString is { } owner)
        {
            var application = new NpgsqlConnectionStringBuilder(settings.ConnectionString).Username;
            await using var asOwner = new PacesetterDb((settings with { ConnectionString = owner, OwnerConnectionString = null }).Build());
            await asOwner.Database.MigrateAsync(ct);
            if (application is { Length: > 0 } && application != new NpgsqlConnectionStringBuilder(owner).Username)
            {
                await GrantAsync(asOwner, application, ct);
            }
        }
        else
        {
            await db.Database.MigrateAsync(ct);
        }
        if (!db.IsPostgres) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", ct);
        await AuditLog.SealLegacyAsync(db, ct);
    }

    /// <summary>
    /// The application's role on a database the owner role migrated: every table read and written, but the audit table
    /// only read and appended to (no UPDATE, DELETE, TRUNCATE; not its owner, so it cannot drop or disable its triggers).
    /// Run at every start, so tables a later migration adds are granted too.
    /// </summary>
    private static async Task GrantAsync(PacesetterDb asOwner, string application, CancellationToken ct)
    {
        var role = "\"" + application.Replace("\"", "\"\"") + "\"";
        var audit = await asOwner.Database.SqlQueryRaw<string>("SELECT tableowner AS \"Value\" FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'audit_entries'")
            .SingleAsync(ct);
        var ownerRole = await asOwner.Database.SqlQueryRaw<string>("SELECT current_user AS \"Value\"").SingleAsync(ct);
        if (audit != ownerRole)
        {
            throw new InvalidOperationException(
                $"audit_entries belongs to the role {audit}, not to the owner role {ownerRole} of ConnectionStrings:PacesetterOwner: "
                + $"run once, as a superuser, REASSIGN OWNED BY {audit} TO {ownerRole}; in this database (README, \"Running on PostgreSQL\") (审计表的所有者不是迁移角色)");
        }
        // The role name is an identifier (GRANT takes no parameter), quoted above; nothing else is interpolated.
        var grants = $"""
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
            GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {role};
            REVOKE ALL ON audit_entries FROM {role};
            GRANT SELECT, INSERT ON audit_entries TO {role};
            """;
        await asOwner.Database.ExecuteSqlRawAsync(grants, ct);
    }
}
