using Npgsql;

namespace Pacesetter.Web.Tests;

/// <summary>
/// The databases the suite runs on: SQLite always; PostgreSQL when <c>PACESETTER_TEST_PG</c> holds a connection string
/// to a server (test.sh installs and starts one). Each test gets a fresh database.
/// </summary>
public static class Databases
{
    public static string? PostgresServer => Environment.GetEnvironmentVariable("PACESETTER_TEST_PG") is { Length: > 0 } s ? s : null;

    /// <summary>In CI a missing PostgreSQL server is a failure, not a skip.</summary>
    public static bool PostgresRequired => Environment.GetEnvironmentVariable("CI") == "true";

    public static IEnumerable<string> Providers()
    {
        yield return "Sqlite";
        if (PostgresServer is not null || PostgresRequired) yield return "PostgreSQL";
    }

    public static TheoryData<string> ProviderData()
    {
        var data = new TheoryData<string>();
        foreach (var p in Providers()) data.Add(p);
        return data;
    }

    /// <summary>Configuration for a fresh database of the provider: a new SQLite file, or a new PostgreSQL database.</summary>
    public static Dictionary<string, string?> Fresh(string provider)
    {
        var name = "pst_" + Guid.NewGuid().ToString("N")[..12];
        if (provider == "Sqlite")
        {
            var folder = Path.Combine(Path.GetTempPath(), "pacesetter-tests");
            Directory.CreateDirectory(folder);
            return new() { ["Database:Provider"] = "Sqlite", ["ConnectionStrings:Pacesetter"] = $"Data Source={Path.Combine(folder, name + ".db")}" };
        }
        var server = PostgresServer ?? throw new InvalidOperationException("PostgreSQL tests need PACESETTER_TEST_PG (set by test.sh)");
        using (var conn = new NpgsqlConnection(server))
        {
            conn.Open();
            using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
            cmd.ExecuteNonQuery();
        }
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new() { ["Database:Provider"] = "PostgreSQL", ["ConnectionStrings:Pacesetter"] = builder.ConnectionString };
    }
}
