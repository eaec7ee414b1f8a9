using Microsoft.Data.Sqlite;
using Npgsql;

namespace Pacesetter.Web.Tests;

/// <summary>
/// The databases the suite runs on: SQLite always; PostgreSQL when <c>PACESETTER_TEST_PG</c> holds a connection string
/// to a server (test.sh installs and starts one). Each test gets a database of its own: an empty one
/// (<see cref="Fresh"/>), or a copy of the demo organization (<see cref="Demo"/>) seeded once per test run.
/// </summary>
public static class Databases
{
    public static string? PostgresServer => Environment.GetEnvironmentVariable("PACESETTER_TEST_PG") is { Length: > 0 } s ? s : null;

    /// <summary>
    /// The application's role on the server (ADR 0009): <c>PACESETTER_TEST_PG_APP</c>, or the role of
    /// <c>PACESETTER_TEST_PG</c> with <c>_app</c> appended and the same password (test.sh creates it). The role of
    /// <c>PACESETTER_TEST_PG</c> owns the databases and runs the migrations (<c>ConnectionStrings:PacesetterOwner</c>);
    /// the application connects as this one, which may only read and append to the audit table.
    /// </summary>
    public static string PostgresApplication => Environment.GetEnvironmentVariable("PACESETTER_TEST_PG_APP") is { Length: > 0 } s
        ? s
        : new NpgsqlConnectionStringBuilder(Server) { Username = new NpgsqlConnectionStringBuilder(Server).Username + "_app" }.ConnectionString;

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

    /// <summary>The folder of the SQLite files, the checkpoint files and the run's audit key.</summary>
    public static string SqliteFolder
    {
        get
        {
            // In memory where the machine has /dev/shm: SQLite syncs every commit to disk, which tests need not wait for
            // (PostgreSQL's test server runs with fsync off likewise, test.sh).
            var folder = Path.Combine(Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(), "pacesetter-tests");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    private static string NewName() => "pst_" + Guid.NewGuid().ToString("N")[..12];

    private static string Server => PostgresServer ?? throw new InvalidOperationException("PostgreSQL tests need PACESETTER_TEST_PG (set by test.sh)");

    /// <summary>
    /// Configuration for a fresh, empty database of the provider: a new SQLite file, or a new PostgreSQL database,
    /// without even the schema (what the migration tests start from). On PostgreSQL the application connects as the
    /// owner role, as a deployment without <c>ConnectionStrings:PacesetterOwner</c> does.
    /// </summary>
    public static Dictionary<string, string?> Fresh(string provider) => Create(provider, template: null);

    /// <summary>The audit key of every test database (made by the first test that writes, kept in the temporary folder).</summary>
    public static string AuditKeyFile => Path.Combine(SqliteFolder, "pacesetter.audit-key");

    /// <summary>The checkpoint file of the test database <paramref name="name"/> (a SQLite file's name, or a PostgreSQL database's).</summary>
    private static string CheckpointFile(string name) => Path.Combine(SqliteFolder, name + ".audit-checkpoints");

    /// <summary>
    /// Configuration for a database of its own with the schema and no data: a copy of this test run's migrated empty
    /// template (<see cref="Template"/>). What <c>new TestApp(provider)</c> runs on; its start finds nothing to migrate.
    /// </summary>
    public static Dictionary<string, string?> Empty(string provider) => Create(provider, Template.For(provider, demo: false));

    /// <summary>
    /// Configuration for a database of its own holding the demo organization: a copy of this test run's demo
    /// template (<see cref="Template"/>), made with a file copy (SQLite) or <c>CREATE DATABASE … TEMPLATE</c>
    /// (PostgreSQL) instead of seeding and scoring the demo again.
    /// </summary>
    public static Dictionary<string, string?> Demo(string provider) => Create(provider, Template.For(provider, demo: true));

    private static Dictionary<string, string?> Create(string provider, string? template)
    {
        var name = NewName();
        Dictionary<string, string?> settings;
        if (provider == "Sqlite")
        {
            var file = Path.Combine(SqliteFolder, name + ".db");
            if (template is not null) File.Copy(template, file);
            settings = Sqlite(file);
            name += ".db";
        }
        else
        {
            Execute(Server, template is null ? $"CREATE DATABASE {name}" : $"CREATE DATABASE {name} TEMPLATE {template}");
            settings = Postgres(name, application: template is not null);
        }
        // The copy's checkpoints are the template's: they pin the chain it copied.
        var templateCheckpoints = template is null ? null : CheckpointFile(provider == "Sqlite" ? Path.GetFileName(template) : template);
        if (templateCheckpoints is not null && File.Exists(templateCheckpoints)) File.Copy(templateCheckpoints, CheckpointFile(name));
        settings["Audit:KeyFile"] = AuditKeyFile;
        settings["Audit:CheckpointFile"] = CheckpointFile(name);
        return settings;
    }

    private static Dictionary<string, string?> Sqlite(string file) =>
        new() { ["Database:Provider"] = "Sqlite", ["ConnectionStrings:Pacesetter"] = $"Data Source={file}" };

    /// <summary>A PostgreSQL database's settings: as the owner role alone, or (<paramref name="application"/>) as the application's role with the owner for the migrations.</summary>
    private static Dictionary<string, string?> Postgres(string database, bool application)
    {
        var owner = new NpgsqlConnectionStringBuilder(Server) { Database = database }.ConnectionString;
        return application
            ? new()
            {
                ["Database:Provider"] = "PostgreSQL",
                ["ConnectionStrings:Pacesetter"] = new NpgsqlConnectionStringBuilder(PostgresApplication) { Database = database }.ConnectionString,
                ["ConnectionStrings:PacesetterOwner"] = owner,
            }
            : new() { ["Database:Provider"] = "PostgreSQL", ["ConnectionStrings:Pacesetter"] = owner };
    }

    private static void Execute(string connectionString, string sql)
    {
        using var conn = new NpgsqlConnection(connectionString);
        conn.Open();
        using var cmd = new NpgsqlCommand(sql, conn);
        cmd.ExecuteNonQuery();
    }

    /// <summary>
    /// Removes a test's database once its host is gone: the SQLite file (and its journal), or the PostgreSQL database
    /// with any connection a pool still holds to it. Best effort: a database left behind is removed by test.sh an
    /// hour later (PostgreSQL) or with the temporary folder (SQLite).
    /// </summary>
    public static void Drop(IReadOnlyDictionary<string, string?> settings)
    {
        var connection = settings["ConnectionStrings:Pacesetter"]!;
        try
        {
            if (settings.GetValueOrDefault("Audit:CheckpointFile") is { } checkpoints) File.Delete(checkpoints);
            if (settings["Database:Provider"] == "Sqlite")
            {
                using (var c = new SqliteConnection(connection)) SqliteConnection.ClearPool(c);
                var file = new SqliteConnectionStringBuilder(connection).DataSource;
                foreach (var suffix in new[] { "", "-journal", "-wal", "-shm" }) File.Delete(file + suffix);
            }
            else
            {
                var database = new NpgsqlConnectionStringBuilder(connection).Database!;
                Execute(Server, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NpgsqlException)
        {
            // Left for the clean-up above; the test's outcome does not depend on it.
        }
    }

    /// <summary>
    /// The databases copied for each test, made once per test run and provider: the first test that needs one starts
    /// the application on a fresh database (<see cref="Fresh"/>) — in demo mode (<c>Demo=true</c>) for the demo
    /// template, which migrates, seeds and scores every period exactly as a real first start does; outside it for the
    /// empty one, which only migrates — stops it, and from then on every test gets a copy. Made anew in every test
    /// process, so a template never outlives the build (migrations, model, demo data) that made it.
    /// </summary>
    public static class Template
    {
        private static readonly Dictionary<(string Provider, bool Demo), Lazy<string>> Templates = new()
        {
            [("Sqlite", false)] = new(() => Make("Sqlite", demo: false)),
            [("Sqlite", true)] = new(() => Make("Sqlite", demo: true)),
            [("PostgreSQL", false)] = new(() => Make("PostgreSQL", demo: false)),
            [("PostgreSQL", true)] = new(() => Make("PostgreSQL", demo: true)),
        };

        /// <summary>The template's SQLite file, or the name of its PostgreSQL database.</summary>
        public static string For(string provider, bool demo) =>
            Templates.TryGetValue((provider, demo), out var template) ? template.Value : throw new ArgumentException($"unknown provider {provider}", nameof(provider));

        private static string Make(string provider, bool demo)
        {
            var settings = Fresh(provider);
            if (provider == "PostgreSQL")
            {
                // Migrated by the owner role, used by the application's role, as in a deployment (ADR 0009).
                var owner = settings["ConnectionStrings:Pacesetter"]!;
                settings["ConnectionStrings:PacesetterOwner"] = owner;
                settings["ConnectionStrings:Pacesetter"] = new NpgsqlConnectionStringBuilder(PostgresApplication) { Database = new NpgsqlConnectionStringBuilder(owner).Database }.ConnectionString;
            }
            using (var app = TestApp.Seeding(provider, settings, demo)) _ = app.Server;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Drop(settings);
            var connection = settings["ConnectionStrings:Pacesetter"]!;
            if (provider == "Sqlite")
            {
                // The host is gone; close what its pool keeps open, and fold a write-ahead log (if the journal mode
                // ever becomes WAL) back into the file, so that the one file is the whole database.
                using (var c = new SqliteConnection(connection))
                {
                    c.Open();
                    using var checkpoint = c.CreateCommand();
                    checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                    checkpoint.ExecuteNonQuery();
                    SqliteConnection.ClearPool(c);
                }
                return new SqliteConnectionStringBuilder(connection).DataSource;
            }
            // CREATE DATABASE … TEMPLATE refuses while any session is connected to the template: end those the
            // host's pool still holds (the role may end its own client sessions; an autovacuum worker on the template
            // runs as the superuser, may not be ended by the role, and is cancelled by CREATE DATABASE itself).
            var database = new NpgsqlConnectionStringBuilder(connection).Database!;
            NpgsqlConnection.ClearAllPools();
            Execute(Server, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}' AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND usename = current_user");
            return database;
        }
    }
}
