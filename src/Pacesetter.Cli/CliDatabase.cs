using Microsoft.Extensions.Configuration;
using Pacesetter.App.Data;

namespace Pacesetter.Cli;

/// <summary>
/// The database of the current directory, configured as the web application is: <c>appsettings.json</c> in the working
/// directory (optional), then environment variables (<c>Database__Provider</c>, <c>ConnectionStrings__Pacesetter</c>);
/// without a connection string, SQLite <c>data/pacesetter.db</c> (<c>PACESETTER_DATA</c> names another folder).
/// </summary>
public static class CliDatabase
{
    public static IConfiguration Configuration() => new ConfigurationBuilder()
        .SetBasePath(Directory.GetCurrentDirectory())
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .Build();

    /// <summary>Opens the configured database, migrated to the current schema.</summary>
    public static async Task<PacesetterDb> OpenAsync(IConfiguration configuration, CancellationToken ct = default)
    {
        var db = new PacesetterDb(DatabaseOptions.From(configuration).Build());
        try
        {
            await Migrator.MigrateAsync(db, ct);
            return db;
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }
}
