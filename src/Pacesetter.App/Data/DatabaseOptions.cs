using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Pacesetter.App.Data;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSQL,
}

/// <summary>
/// Where the data live: <c>Database:Provider</c> (Sqlite | PostgreSQL) and <c>ConnectionStrings:Pacesetter</c>.
/// Without a connection string, a SQLite file <c>pacesetter.db</c> in <c>data/</c> under the working directory
/// (<c>PACESETTER_DATA</c> names another folder).
/// </summary>
public sealed partial record DatabaseOptions(DatabaseProvider Provider, string ConnectionString)
{
    public static DatabaseOptions From(IConfiguration configuration)
    {
        var providerText = configuration["Database:Provider"] ?? "Sqlite";
        if (!Enum.TryParse<DatabaseProvider>(providerText, ignoreCase: true, out var provider))
        {
            throw new InvalidOperationException($"Database:Provider must be Sqlite or PostgreSQL, not \"{providerText}\"");
        }
        var connection = configuration.GetConnectionString("Pacesetter");
        if (string.IsNullOrWhiteSpace(connection))
        {
            if (provider == DatabaseProvider.PostgreSQL) throw new InvalidOperationException("ConnectionStrings:Pacesetter is required with Database:Provider = PostgreSQL");
            var folder = Environment.GetEnvironmentVariable("PACESETTER_DATA") is { Length: > 0 } d ? d : Path.Combine(Directory.GetCurrentDirectory(), "data");
            Directory.CreateDirectory(folder);
            connection = $"Data Source={Path.Combine(folder, "pacesetter.db")}";
        }
        if (provider == DatabaseProvider.Sqlite && !TimeoutGiven().IsMatch(connection))
        {
            var seconds = configuration.GetValue<int?>("Database:BusyTimeoutSeconds") ?? DefaultBusyTimeoutSeconds;
            connection = new SqliteConnectionStringBuilder(connection) { DefaultTimeout = seconds }.ConnectionString;
        }
        return new DatabaseOptions(provider, connection);
    }

    /// <summary>
    /// SQLite: how long a writer waits for another writer's transaction (a scheme import of a whole province takes
    /// seconds) before it fails — far longer than the longest import, so that a writer waits and succeeds instead of
    /// answering "database is locked". <c>Database:BusyTimeoutSeconds</c>, or <c>Default Timeout</c> in the connection
    /// string, sets another. Readers never wait: the database is in WAL mode (<see cref="Migrator"/>).
    /// </summary>
    public const int DefaultBusyTimeoutSeconds = 120;

    [GeneratedRegex(@"(Default|Command)\s*Timeout\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex TimeoutGiven();

    /// <summary>The assembly holding the generated migrations of each provider (docs/decisions/0006-generated-migrations.md).</summary>
    public const string SqliteMigrationsAssembly = "Pacesetter.Migrations.Sqlite";

    /// <inheritdoc cref="SqliteMigrationsAssembly"/>
    public const string PostgreSqlMigrationsAssembly = "Pacesetter.Migrations.PostgreSql";

    public void Configure(DbContextOptionsBuilder builder)
    {
        if (Provider == DatabaseProvider.PostgreSQL) builder.UseNpgsql(ConnectionString, o => o.MigrationsAssembly(PostgreSqlMigrationsAssembly));
        else builder.UseSqlite(ConnectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly));
    }

    public DbContextOptions<PacesetterDb> Build()
    {
        var builder = new DbContextOptionsBuilder<PacesetterDb>();
        Configure(builder);
        return builder.Options;
    }
}
