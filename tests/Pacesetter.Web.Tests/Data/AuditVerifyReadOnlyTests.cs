using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Pacesetter.App.Data;
using Pacesetter.Cli;

namespace Pacesetter.Web.Tests.Data;

/// <summary>
/// <c>pacesetter audit verify</c> only reads: it neither creates nor migrates the database it is pointed at, and says
/// so with exit 2 when that database is missing or not migrated.
/// </summary>
public class AuditVerifyReadOnlyTests
{
    private static CliRunner.Outcome Verify(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var output = new StringWriter();
        var error = new StringWriter();
        var code = AuditCommand.Run(["verify"], new CliContext(output, error, true), configuration);
        return new CliRunner.Outcome(code, output.ToString(), error.ToString());
    }

    private static PacesetterDb Open(Dictionary<string, string?> settings) =>
        new(DatabaseOptions.From(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).Build());

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_database_that_is_not_migrated_is_refused_and_left_empty(string provider)
    {
        var settings = Databases.Fresh(provider);
        var connection = settings["ConnectionStrings:Pacesetter"]!;
        string where;
        if (provider == "Sqlite")
        {
            // An empty SQLite file: it exists, but has no table and no migration history.
            await using (var create = new SqliteConnection(connection)) await create.OpenAsync();
            where = new SqliteConnectionStringBuilder(connection).DataSource;
        }
        else
        {
            var npgsql = new NpgsqlConnectionStringBuilder(connection);
            where = $"database {npgsql.Database} on {npgsql.Host}";
        }

        var run = Verify(settings);

        // Every migration of the provider: Initial, (SQLite: AuditInsertGuard,) Publication, Supervision, QuartzStore, Benchmarks, Exemptions, ExemptionEvidence, DataImportFiles, Surveys, UserNamesPerOrganization, SignInFailures.
        var count = provider == "Sqlite" ? 12 : 11;
        Assert.Equal(new CliRunner.Outcome(2, "",
            $"pacesetter audit: {where} is not migrated: {count} migration(s) not applied, the first 20261122000001_Initial; start the web application once to migrate it (数据库未迁移)\n"), run);
        await using var db = Open(settings);
        Assert.Empty((await SchemaSnapshot.ReadAsync(db)).Lines);
        SqliteConnection.ClearAllPools();
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_missing_database_is_refused_and_not_created(string provider)
    {
        Dictionary<string, string?> settings;
        string expected;
        Func<Task<bool>> exists;
        if (provider == "Sqlite")
        {
            settings = Databases.Fresh(provider);
            var file = new SqliteConnectionStringBuilder(settings["ConnectionStrings:Pacesetter"]).DataSource;
            expected = $"no database at {file} (数据库不存在)";
            exists = () => Task.FromResult(File.Exists(file));
        }
        else
        {
            var name = "pst_missing_" + Guid.NewGuid().ToString("N")[..8];
            var missing = new NpgsqlConnectionStringBuilder(Databases.PostgresServer) { Database = name };
            settings = new() { ["Database:Provider"] = "PostgreSQL", ["ConnectionStrings:Pacesetter"] = missing.ConnectionString };
            expected = $"cannot open database {name} on {missing.Host} (无法打开数据库)";
            exists = async () =>
            {
                await using var server = new NpgsqlConnection(Databases.PostgresServer);
                await server.OpenAsync();
                await using var query = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", server);
                query.Parameters.AddWithValue("name", name);
                return (long)(await query.ExecuteScalarAsync())! > 0;
            };
        }

        var run = Verify(settings);

        Assert.Equal(new CliRunner.Outcome(2, "", $"pacesetter audit: {expected}\n"), run);
        Assert.False(await exists());
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_migrated_database_is_verified(string provider)
    {
        var settings = Databases.Fresh(provider);
        await using (var db = Open(settings)) await Migrator.MigrateAsync(db);

        var run = Verify(settings);

        Assert.Equal(new CliRunner.Outcome(0, "audit chain intact: 0 rows, checkpoints matched: 0\n", ""), run);
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public void A_folder_without_a_database_is_refused_and_nothing_is_created()
    {
        var root = Directory.CreateTempSubdirectory("pacesetter-verify-");
        try
        {
            var data = Path.Combine(root.FullName, "data");

            // The built command in an empty folder, its data folder named but not there.
            var run = CliRunner.Process(root.FullName, new Dictionary<string, string?> { ["PACESETTER_DATA"] = data }, "audit", "verify");

            Assert.Equal(new CliRunner.Outcome(2, "", $"pacesetter audit: no database at {Path.Combine(data, "pacesetter.db")} (数据库不存在)\n"), run);
            Assert.Empty(root.EnumerateFileSystemInfos());
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_database_without_the_audit_table_is_refused()
    {
        var settings = Databases.Fresh("Sqlite");
        await using (var db = Open(settings)) await Migrator.MigrateAsync(db);
        await using (var connection = new SqliteConnection(settings["ConnectionStrings:Pacesetter"]))
        {
            await connection.OpenAsync();
            await using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE audit_entries;";
            await drop.ExecuteNonQueryAsync();
        }

        var run = Verify(settings);

        Assert.Equal(new CliRunner.Outcome(2, "", "pacesetter audit: the database has no audit table (audit_entries), so there is nothing to verify (数据库没有审计表)\n"), run);
        SqliteConnection.ClearAllPools();
    }
}
