using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Pacesetter.Cli;

// Not "…Tests.Audit": that namespace would hide Pacesetter.App.Audit from tests that write Audit.AuditLog.
namespace Pacesetter.Web.Tests.AuditTrail;

/// <summary><c>pacesetter audit verify</c>: an intact chain, and the exact row someone altered behind the application's back.</summary>
public class AuditVerifyCommandTests(SharedDemo shared) : ReadsSharedDemo(shared)
{
    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public void A_fresh_demo_database_has_an_intact_chain(string provider)
    {
        var app = Shared(provider);

        var all = CliRunner.Run(app, AuditCommand.Run, "verify");
        var demo = CliRunner.Run(app, AuditCommand.Run, "verify", "--org", "demo");

        Assert.Equal(new CliRunner.Outcome(0, "audit chain intact: 84 rows\n", ""), all);
        Assert.Equal(new CliRunner.Outcome(0, "audit chain intact: 84 rows\n", ""), demo);
    }

    [Fact]
    public async Task An_altered_reason_is_reported_at_its_row_with_exit_1()
    {
        using var app = new TestApp(demo: true);
        _ = app.Server;
        long id;
        using (var db = app.NewDb())
        {
            id = await db.AuditEntries.Where(a => a.Seq == 5).Select(a => a.Id).SingleAsync();
            await using var connection = new SqliteConnection(db.Database.GetConnectionString());
            await connection.OpenAsync();
            await using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TRIGGER audit_entries_no_update;";
            await drop.ExecuteNonQueryAsync();
            await using var tamper = connection.CreateCommand();
            tamper.CommandText = "UPDATE audit_entries SET \"Reason\" = '改过的理由' WHERE \"Id\" = $id;";
            tamper.Parameters.AddWithValue("$id", id);
            Assert.Equal(1, await tamper.ExecuteNonQueryAsync());
        }

        var run = CliRunner.Run(app, AuditCommand.Run, "verify");

        Assert.Equal(new CliRunner.Outcome(1, $"organization demo, row 5 (id {id}): its content does not match its hash\n", ""), run);
    }

    [Fact]
    public async Task A_deleted_row_is_reported_where_the_chain_breaks()
    {
        using var app = new TestApp(demo: true);
        _ = app.Server;
        long next;
        using (var db = app.NewDb())
        {
            next = await db.AuditEntries.Where(a => a.Seq == 9).Select(a => a.Id).SingleAsync();
            await using var connection = new SqliteConnection(db.Database.GetConnectionString());
            await connection.OpenAsync();
            await using var tamper = connection.CreateCommand();
            tamper.CommandText = "DROP TRIGGER audit_entries_no_delete; DELETE FROM audit_entries WHERE \"Seq\" = 8;";
            await tamper.ExecuteNonQueryAsync();
        }

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
}
