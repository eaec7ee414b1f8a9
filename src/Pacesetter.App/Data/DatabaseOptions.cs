using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
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
public sealed record DatabaseOptions(DatabaseProvider Provider, string ConnectionString)
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
        return new DatabaseOptions(provider, connection);
    }

    public void Configure(DbContextOptionsBuilder builder)
    {
        if (Provider == DatabaseProvider.PostgreSQL) builder.UseNpgsql(ConnectionString);
        else builder.UseSqlite(ConnectionString);
        // Migrations are hand-written (no design package); a test proves they build the model's schema.
        builder.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
    }

    public DbContextOptions<PacesetterDb> Build()
    {
        var builder = new DbContextOptionsBuilder<PacesetterDb>();
        Configure(builder);
        return builder.Options;
    }
}
