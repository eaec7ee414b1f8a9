using Microsoft.EntityFrameworkCore;

namespace Pacesetter.App.Data;

/// <summary>
/// Applies the pending generated migrations at start-up (the provider's migrations assembly, <see cref="DatabaseOptions"/>);
/// an empty database, or none at all for SQLite, is created. A SQLite database is put in WAL mode (write-ahead log,
/// kept by the file): readers read the last committed state while a writer writes, instead of waiting for it.
/// </summary>
public static class Migrator
{
    public static async Task MigrateAsync(PacesetterDb db, CancellationToken ct = default)
    {
        await db.Database.MigrateAsync(ct);
        if (!db.IsPostgres) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", ct);
    }
}
