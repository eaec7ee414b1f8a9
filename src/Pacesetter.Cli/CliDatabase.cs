using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Npgsql;
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

    /// <summary>
    /// Opens the configured database for reading only, as it is: never creates or migrates it. SQLite is opened with
    /// <c>Mode=ReadOnly</c>, PostgreSQL with <c>default_transaction_read_only</c>, so nothing the verb does can write.
    /// A missing database, or one whose schema lacks a migration of this build, is refused with a
    /// <see cref="DatabaseNotReadyException"/> that says what to do.
    /// </summary>
    public static async Task<PacesetterDb> OpenExistingReadOnlyAsync(IConfiguration configuration, CancellationToken ct = default)
    {
        var options = DatabaseOptions.From(configuration, createFolder: false);
        string where;
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            var sqlite = new SqliteConnectionStringBuilder(options.ConnectionString);
            where = sqlite.DataSource;
            if (!File.Exists(where)) throw new DatabaseNotReadyException($"no database at {where} (数据库不存在)");
            sqlite.Mode = SqliteOpenMode.ReadOnly;
            options = options with { ConnectionString = sqlite.ConnectionString };
        }
        else
        {
            var npgsql = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            where = $"database {npgsql.Database} on {npgsql.Host}";
            npgsql.Options = string.Join(' ', new[] { npgsql.Options, "-c default_transaction_read_only=on" }.Where(x => !string.IsNullOrEmpty(x)));
            options = options with { ConnectionString = npgsql.ConnectionString };
        }

        var db = new PacesetterDb(options.Build());
        try
        {
            if (!await db.Database.CanConnectAsync(ct)) throw new DatabaseNotReadyException($"cannot open {where} (无法打开数据库)");
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            if (pending.Count > 0)
            {
                throw new DatabaseNotReadyException(
                    $"{where} is not migrated: {pending.Count} migration(s) not applied, the first {pending[0]}; start the web application once to migrate it (数据库未迁移)");
            }
            return db;
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }
}

/// <summary>The configured database is missing or not at this build's schema; the message says which.</summary>
public sealed class DatabaseNotReadyException(string message) : Exception(message);
