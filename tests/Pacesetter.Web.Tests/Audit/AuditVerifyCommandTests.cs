using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Audit;
using Pacesetter.Cli;

// Not "…Tests.Audit": that namespace would hide Pacesetter.App.Audit from tests that write Audit.AuditLog.
namespace Pacesetter.Web.Tests.AuditTrail;

/// <summary><c>pacesetter audit verify</c>: an intact chain, and the exact row someone altered behind the application's back.</summary>
public class AuditVerifyCommandTests(SharedDemo shared) : ReadsSharedDemo(shared)
{
    /// <summary>The demo's audit rows (DemoDataTests): its setup (83), a row per unit and period (367), the import.</summary>
    internal const int DemoRows = 465;

    /// <summary>The hash of the demo chain's head (row 465: 451 rows of its making, 13 publications and its public-posting setting), as the database holds it.</summary>
    internal static async Task<string> HeadHash(TestApp app, long seq = DemoRows)
    {
        await using var db = app.NewDb();
        return await db.AuditEntries.Where(a => a.Seq == seq).Select(a => a.Hash).SingleAsync();
    }

    /// <summary>Runs SQL on the app's SQLite file as someone who can write it (not through the application).</summary>
    internal static async Task<int> Sqlite(TestApp app, string sql, params (string Name, object? Value)[] parameters)
    {
        using var db = app.NewDb();
        await using var connection = new SqliteConnection(db.Database.GetConnectionString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>The verb with the app's configuration, some settings replaced.</summary>
    internal static CliRunner.Outcome Verify(TestApp app, Dictionary<string, string?> replaced, params string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .AddConfiguration(app.Services.GetRequiredService<IConfiguration>())
            .AddInMemoryCollection(replaced)
            .Build();
        var output = new StringWriter();
        var error = new StringWriter();
        var code = AuditCommand.Run(["verify", .. args], new CliContext(output, error, true), configuration);
        return new CliRunner.Outcome(code, output.ToString(), error.ToString());
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_fresh_demo_database_has_an_intact_chain_and_prints_its_head(string provider)
    {
        var app = Shared(provider);
        var head = await HeadHash(app);

        var all = CliRunner.Run(app, AuditCommand.Run, "verify");
        var demo = CliRunner.Run(app, AuditCommand.Run, "verify", "--org", "demo");

        // The demo is one audited write: one checkpoint, of its last row.
        var intact = new CliRunner.Outcome(0, $"audit chain intact: {DemoRows} rows, checkpoints matched: 1\nhead of demo: row {DemoRows}, hash {head}\n", "");
        Assert.Equal(intact, all);
        Assert.Equal(intact, demo);
    }

    [Fact]
    public async Task An_altered_reason_is_reported_at_its_row_with_exit_1()
    {
        using var app = new TestApp(demo: true);
        _ = app.Server;
        long id;
        using (var db = app.NewDb()) id = await db.AuditEntries.Where(a => a.Seq == 5).Select(a => a.Id).SingleAsync();
        await Sqlite(app, "DROP TRIGGER audit_entries_no_update;");
        Assert.Equal(1, await Sqlite(app, "UPDATE audit_entries SET \"Reason\" = '改过的理由' WHERE \"Id\" = $id;", ("$id", id)));

        var run = CliRunner.Run(app, AuditCommand.Run, "verify");

        Assert.Equal(new CliRunner.Outcome(1, $"organization demo, row 5 (id {id}): its content does not match its hash\n", ""), run);
    }

    [Fact]
    public async Task A_deleted_row_is_reported_where_the_chain_breaks()
    {
        using var app = new TestApp(demo: true);
        _ = app.Server;
        long next;
        using (var db = app.NewDb()) next = await db.AuditEntries.Where(a => a.Seq == 9).Select(a => a.Id).SingleAsync();
        await Sqlite(app, "DROP TRIGGER audit_entries_no_delete; DELETE FROM audit_entries WHERE \"Seq\" = 8;");

        var run = CliRunner.Run(app, AuditCommand.Run, "verify", "--org", "demo");

        Assert.Equal(new CliRunner.Outcome(1, $"organization demo, row 9 (id {next}): row 8 is missing\n", ""), run);
    }

    [Fact]
    public void Verify_of_an_unknown_organization_fails_with_one_line()
    {
        var app = Shared();

        var run = CliRunner.Run(app, AuditCommand.Run, "verify", "--org", "nowhere");

        Assert.Equal(new CliRunner.Outcome(2, "", "pacesetter audit: unknown organization \"nowhere\" (组织不存在)\n"), run);
    }

    [Fact]
    public void Without_the_key_verify_refuses_with_exit_2_and_says_where_it_looked()
    {
        var app = Shared();
        var missing = Path.Combine(Databases.SqliteFolder, "no-such-" + Guid.NewGuid().ToString("N") + ".audit-key");

        var run = Verify(app, new() { ["Audit:KeyFile"] = missing });

        Assert.Equal(new CliRunner.Outcome(2, "",
            $"pacesetter audit: no audit key: Audit:Key is not set and there is no key file at {missing} (Audit:KeyFile names another) (缺少审计密钥)\n"), run);
        Assert.False(File.Exists(missing));
    }

    [Fact]
    public void With_another_key_verify_refuses_with_exit_2_and_names_both_keys()
    {
        var app = Shared();
        var other = new string('k', 40);
        var otherId = AuditKey.FromText(other, "Audit:Key", out _)!.Id;
        var rightId = AuditKey.FromText(File.ReadAllText(Databases.AuditKeyFile), "file", out _)!.Id;
        var checkpoints = app.Services.GetRequiredService<IConfiguration>()["Audit:CheckpointFile"];

        var run = Verify(app, new() { ["Audit:Key"] = other });

        Assert.Equal(new CliRunner.Outcome(2, "",
            $"pacesetter audit: the audit key from Audit:Key (id {otherId}) is not the key the checkpoints in {checkpoints} were written with (id {rightId}): "
            + "configure the key the application uses (Audit:Key or Audit:KeyFile) (审计密钥不符)\n"), run);
    }

    [Fact]
    public void A_key_shorter_than_32_characters_is_refused()
    {
        var app = Shared();

        var run = Verify(app, new() { ["Audit:Key"] = "short" });

        Assert.Equal(new CliRunner.Outcome(2, "", "pacesetter audit: the audit key from Audit:Key has 5 characters; at least 32 are needed (审计密钥过短)\n"), run);
    }
}
