using Microsoft.EntityFrameworkCore;

namespace Pacesetter.App.Data;

/// <summary>
/// Applies the pending generated migrations at start-up (the provider's migrations assembly, <see cref="DatabaseOptions"/>);
/// an empty database, or none at all for SQLite, is created.
/// </summary>
public static class Migrator
{
    public static async Task MigrateAsync(PacesetterDb db, CancellationToken ct = default)
    {
        await db.Database.MigrateAsync(ct);
    }
}
