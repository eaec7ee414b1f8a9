using Microsoft.EntityFrameworkCore;

namespace Pacesetter.App.Data;

/// <summary>Applies the hand-written migrations at start-up.</summary>
public static class Migrator
{
    public static async Task MigrateAsync(PacesetterDb db, CancellationToken ct = default)
    {
        await db.Database.MigrateAsync(ct);
    }
}
