using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Audit;

namespace Pacesetter.App.Data;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSQL,
}

/// <summary>
/// Where the data live: <c>Database:Provider</c> (Sqlite | PostgreSQL) and <c>ConnectionStrings:Pacesetter</c>.
/// Without a connection string, a SQLite file <c>pacesetter.db</c> in <c>data/</c> under the working directory
/// (<c>PACESETTER_DATA</c> names another folder). On PostgreSQL, <c>ConnectionStrings:PacesetterOwner</c> names the role
/// that owns the tables and runs the migrations, so that the application's role may only insert into and read the audit
/// table (ADR 0009). <see cref="Audit"/>: the audit key and checkpoint file (<c>Audit:*</c>, <see cref="AuditTrail"/>).
/// </summary>
public sealed partial record DatabaseOptions(DatabaseProvider Provider, string ConnectionString)
{
    /// <summary>PostgreSQL: the owner role's connection string, used by <see cref="Migrator"/> only; null: the application's role migrates.</summary>
    public string? OwnerConnectionString { get; init; }

    /// <summary>PostgreSQL: how often a read that met an outage is tried again (<see cref="ReadRetry"/>, <c>Database:RetryCount</c>, <c>Database:RetryMaxDelayMs</c>).</summary>
    public Outages.RetrySettings Retry { get; init; } = Outages.RetrySettings.Default;

    /// <summary>The audit trail of this database; without one, the defaults of <see cref="AuditTrail.From"/>.</summary>
    public AuditTrail Audit
    {
        get => audit ??= AuditTrail.From(null, Provider, ConnectionString);
        init => audit = value;
    }

    private AuditTrail? audit;

    /// <param name="createFolder">False for a command that only reads: the default data folder is not created.</param>
    public static DatabaseOptions From(IConfiguration configuration, bool createFolder = true)
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
            if (createFolder) Directory.CreateDirectory(folder);
            connection = $"Data Source={Path.Combine(folder, "pacesetter.db")}";
        }
        if (provider == DatabaseProvider.Sqlite && !TimeoutGiven().IsMatch(connection))
        {
            var seconds = configuration.GetValue<int?>("Database:BusyTimeoutSeconds") ?? DefaultBusyTimeoutSeconds;
            connection = new SqliteConnectionStringBuilder(connection) { DefaultTimeout = seconds }.ConnectionString;
        }
        return new DatabaseOptions(provider, connection)
        {
            OwnerConnectionString = configuration.GetConnectionString("PacesetterOwner") is { Length: > 0 } owner ? owner : null,
            Audit = AuditTrail.From(configuration, provider, connection),
            Retry = new Outages.RetrySettings(
                configuration.GetValue<int?>("Database:RetryCount") ?? Outages.RetrySettings.Default.Count,
                configuration.GetValue<int?>("Database:RetryMaxDelayMs") is int ms ? TimeSpan.FromMilliseconds(ms) : Outages.RetrySettings.Default.MaxDelay),
        };
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
        if (Provider == DatabaseProvider.PostgreSQL) builder.UseNpgsql(ConnectionString, o =>
        {
            o.MigrationsAssembly(PostgreSqlMigrationsAssembly);
            if (Retry.Count > 0) o.ExecutionStrategy(d => new ReadRetry(d, Retry));
        });
        else builder.UseSqlite(ConnectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly));
        ((IDbContextOptionsBuilderInfrastructure)builder).AddOrUpdateExtension(new DatabaseOptionsExtension(this));
    }

    public DbContextOptions<PacesetterDb> Build()
    {
        var builder = new DbContextOptionsBuilder<PacesetterDb>();
        Configure(builder);
        return builder.Options;
    }
}

/// <summary>Carries the <see cref="DatabaseOptions"/> a context was built from (its audit trail, its owner role) into <see cref="PacesetterDb.Settings"/>.</summary>
internal sealed class DatabaseOptionsExtension(DatabaseOptions options) : IDbContextOptionsExtension
{
    public DatabaseOptions Options => options;

    public DbContextOptionsExtensionInfo Info => new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services)
    {
    }

    public void Validate(IDbContextOptions options)
    {
    }

    /// <summary>It adds no services, so every context shares EF's internal service provider whatever its settings.</summary>
    private sealed class ExtensionInfo(IDbContextOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        public override bool IsDatabaseProvider => false;

        public override string LogFragment => "";

        public override int GetServiceProviderHashCode() => 0;

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo)
        {
        }
    }
}
