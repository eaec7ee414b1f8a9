using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pacesetter.App.Audit;
using Pacesetter.App.Data;
using Pacesetter.Cli;
using Pacesetter.Web.Demo;
using static Pacesetter.Web.Tests.AuditTrail.AuditVerifyCommandTests;

// Not "…Tests.Audit": that namespace would hide Pacesetter.App.Audit from tests that write Audit.AuditLog.
namespace Pacesetter.Web.Tests.AuditTrail;

/// <summary>
/// Each way of rewriting the audit trail behind the application's back that issue #7 lists, and what finds it (ADR 0009):
/// the keyed hash (a rewrite cannot be re-hashed without the key), the checkpoint file (rows removed from the end, a
/// rewrite re-hashed with the key), the database's own guards (SQLite's INSERT OR REPLACE, PostgreSQL's roles).
/// Each starts from a copy of the demo, whose chain has 451 rows and one checkpoint (row 451, line 1).
/// </summary>
public class AuditTamperingTests
{
    private static async Task<List<AuditEntry>> Rows(TestApp app)
    {
        await using var db = app.NewDb();
        return await db.AuditEntries.AsNoTracking().OrderBy(a => a.Seq).ToListAsync();
    }

    /// <summary>Rewrites the rows from <paramref name="from"/> on in the SQLite file: each gets its predecessor's new hash and a hash from <paramref name="hash"/>.</summary>
    private static async Task RehashAsync(TestApp app, List<AuditEntry> rows, int from, Func<AuditEntry, string> hash)
    {
        await Sqlite(app, "DROP TRIGGER audit_entries_no_update;");
        for (var i = from - 1; i < rows.Count; i++)
        {
            if (i > 0) rows[i].PreviousHash = rows[i - 1].Hash;
            rows[i].Hash = hash(rows[i]);
            await Sqlite(app, "UPDATE audit_entries SET \"Reason\" = $reason, \"PreviousHash\" = $previous, \"Hash\" = $hash WHERE \"Id\" = $id;",
                ("$reason", rows[i].Reason), ("$previous", rows[i].PreviousHash), ("$hash", rows[i].Hash), ("$id", rows[i].Id));
        }
    }

    [Fact]
    public async Task Deleting_the_last_rows_is_found_by_the_checkpoint()
    {
        using var app = new TestApp(demo: true);
        _ = app.Server;
        await Sqlite(app, "DROP TRIGGER audit_entries_no_delete; DELETE FROM audit_entries WHERE \"Seq\" >= 450;");

        var run = CliRunner.Run(app, AuditCommand.Run, "verify");

        // Rows 1–449 still chain; the checkpoint of row 465 has no row.
        Assert.Equal(new CliRunner.Outcome(1, "organization demo, row 450: missing: the checkpoint file records the chain up to row 465 (line 1)\n", ""), run);
    }

    [Fact]
    public async Task A_row_changed_and_the_later_rows_rehashed_without_the_key_is_found_at_that_row()
    {
        using var app = new TestApp(demo: true);
        _ = app.Server;
        var rows = await Rows(app);
        rows[4].Reason = "改过的理由";
        // What the code computes without the secret: the unkeyed SHA-256 of the same content (the hash of earlier builds).
        await RehashAsync(app, rows, from: 5, AuditLog.LegacyHashOf);

        var run = CliRunner.Run(app, AuditCommand.Run, "verify");

        Assert.Equal(new CliRunner.Outcome(1, $"organization demo, row 5 (id {rows[4].Id}): its content does not match its hash\n", ""), run);
    }

    [Fact]
    public async Task A_rewrite_rehashed_with_the_key_is_found_by_the_checkpoint()
    {
        using var app = new TestApp(demo: true);
        _ = app.Server;
        var rows = await Rows(app);
        var key = AuditKey.FromText(File.ReadAllText(Databases.AuditKeyFile), "file", out _)!;
        rows[4].Reason = "改过的理由";
        await RehashAsync(app, rows, from: 5, r => AuditLog.HashOf(r, key));

        var run = CliRunner.Run(app, AuditCommand.Run, "verify");

        // With the key every link holds; the checkpoint written at the time still names row 465's old hash.
        Assert.Equal(new CliRunner.Outcome(1, $"organization demo, row 465 (id {rows[^1].Id}): its hash differs from the checkpoint of this row (checkpoint file, line 1)\n", ""), run);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_forged_row_appended_at_the_end_is_found(string provider)
    {
        using var app = new TestApp(provider, demo: true);
        _ = app.Server;
        var rows = await Rows(app);
        var forged = new AuditEntry
        {
            OrganizationId = rows[0].OrganizationId,
            Seq = DemoRows + 1,
            At = rows[^1].At.AddMinutes(1),
            Actor = "admin",
            Kind = "datum.approve",
            Entity = "datum",
            Key = "2026-10/T1/revenue",
            Period = "2026-10",
            Unit = "T1",
            PreviousHash = rows[^1].Hash,
            Hash = "",
        };
        forged.Hash = AuditLog.LegacyHashOf(forged);
        // As the application's role may (PostgreSQL), or as whoever writes the file (SQLite): an INSERT.
        await using (var db = app.NewDb())
        {
            db.AuditEntries.Add(forged);
            await db.SaveChangesAsync();
        }

        var run = CliRunner.Run(app, AuditCommand.Run, "verify");

        Assert.Equal(new CliRunner.Outcome(1, $"organization demo, row 466 (id {forged.Id}): its content does not match its hash\n", ""), run);
    }

    [Fact]
    public async Task Insert_or_replace_cannot_rewrite_a_row_on_SQLite()
    {
        using var app = new TestApp(demo: true);
        _ = app.Server;
        var rows = await Rows(app);
        var row5 = rows[4];
        const string replace = """
            INSERT OR REPLACE INTO audit_entries ("Id", "OrganizationId", "Seq", "At", "Actor", "Kind", "Entity", "Key", "Reason", "PreviousHash", "Hash")
            VALUES ($id, $org, $seq, $at, 'admin', 'unit.create', 'unit', 'T1', '改写', $previous, $hash);
            """;
        (string, object?)[] Values(long id, long seq) =>
            [("$id", id), ("$org", row5.OrganizationId), ("$seq", seq), ("$at", "2026-11-01 00:00:00+00:00"), ("$previous", row5.PreviousHash), ("$hash", row5.Hash)];

        // The same id, and a new id at the same (organization, seq): both would delete row 5 without its delete trigger.
        var sameId = await Assert.ThrowsAsync<SqliteException>(() => Sqlite(app, replace, Values(row5.Id, 5)));
        var sameSeq = await Assert.ThrowsAsync<SqliteException>(() => Sqlite(app, replace, Values(rows[^1].Id + 100, 5)));
        // And a row that is not its chain's next one (a gap).
        var gap = await Assert.ThrowsAsync<SqliteException>(() => Sqlite(app, replace, Values(rows[^1].Id + 100, 90)));

        Assert.All([sameId, sameSeq, gap], e => Assert.Contains("audit_entries is append-only", e.Message));
        var after = await Rows(app);
        Assert.Equal(DemoRows, after.Count);
        Assert.Equal((row5.Id, row5.Reason, row5.Hash), (after[4].Id, after[4].Reason, after[4].Hash));
        Assert.Equal(0, CliRunner.Run(app, AuditCommand.Run, "verify").Code);
    }

    [Fact]
    public async Task The_applications_role_may_only_read_and_append_to_the_audit_table_on_PostgreSQL()
    {
        if (!Databases.Providers().Contains("PostgreSQL")) return;
        using var app = new TestApp("PostgreSQL", demo: true);
        _ = app.Server;
        await using var db = app.NewDb();
        Assert.Equal(new NpgsqlConnectionStringBuilder(Databases.PostgresApplication).Username, new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()).Username);

        string[] refused =
        [
            "TRUNCATE audit_entries",
            "DELETE FROM audit_entries WHERE \"Seq\" = 451",
            "UPDATE audit_entries SET \"Reason\" = 'rewritten' WHERE \"Seq\" = 5",
            "ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_change",
            "DROP TRIGGER audit_entries_no_change ON audit_entries",
            "INSERT INTO audit_entries (\"Id\", \"OrganizationId\", \"Seq\", \"At\", \"Actor\", \"Kind\", \"Entity\", \"Key\", \"PreviousHash\", \"Hash\") "
                + "SELECT \"Id\", \"OrganizationId\", \"Seq\", \"At\", 'x', \"Kind\", \"Entity\", \"Key\", \"PreviousHash\", \"Hash\" FROM audit_entries WHERE \"Seq\" = 5 "
                + "ON CONFLICT (\"Id\") DO UPDATE SET \"Actor\" = 'x'",
        ];
        var codes = new List<string>();
        foreach (var sql in refused)
        {
            var e = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync(sql));
            codes.Add(e.SqlState);
        }

        // 42501 insufficient_privilege: no UPDATE, DELETE, TRUNCATE, and not the table's owner.
        Assert.Equal(Enumerable.Repeat(PostgresErrorCodes.InsufficientPrivilege, refused.Length), codes);
        Assert.Equal(DemoRows, await db.AuditEntries.CountAsync());
        Assert.Equal(0, CliRunner.Run(app, AuditCommand.Run, "verify").Code);
    }

    [Fact]
    public async Task Truncating_the_audit_table_as_its_owner_is_found_by_the_checkpoint_on_PostgreSQL()
    {
        if (!Databases.Providers().Contains("PostgreSQL")) return;
        using var app = new TestApp("PostgreSQL", demo: true);
        _ = app.Server;
        var owner = app.Services.GetRequiredService<IConfiguration>().GetConnectionString("PacesetterOwner");
        await using (var connection = new NpgsqlConnection(owner))
        {
            await connection.OpenAsync();
            await using var truncate = new NpgsqlCommand("TRUNCATE audit_entries", connection);
            await truncate.ExecuteNonQueryAsync();
        }

        var run = CliRunner.Run(app, AuditCommand.Run, "verify");

        Assert.Equal(new CliRunner.Outcome(1, "organization demo, row 1: missing: the checkpoint file records the chain up to row 465 (line 1)\n", ""), run);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Writes_append_the_chains_head_to_the_checkpoint_file_after_commit(string provider)
    {
        using var app = new TestApp(provider, demo: true);
        _ = app.Server;
        int org;
        using (var db = app.NewDb()) org = await db.Organizations.Where(o => o.Slug == DemoData.Slug).Select(o => o.Id).SingleAsync();
        await app.AppendAudit(org, new AuditRecord("admin", "unit.rename", "unit", "T1"), new AuditRecord("admin", "unit.rename", "unit", "T2"));
        await app.AppendAudit(org, new AuditRecord("admin", "unit.rename", "unit", "T3"));

        var trail = app.Services.GetRequiredService<DatabaseOptions>().Audit;
        var checkpoints = await trail.ReadCheckpointsAsync();

        // The demo's write (row 465), then one line per write: its last row (467 of the write of 466–467, then 468).
        var rows = await Rows(app);
        Assert.Equal([(1, 465L), (2, 467L), (3, 468L)], checkpoints!.Select(c => (c.Line, c.Seq)));
        Assert.Equal([rows[464].Hash, rows[466].Hash, rows[467].Hash], checkpoints!.Select(c => c.Hash));
        Assert.All(checkpoints!, c => Assert.Equal((org, trail.Key.Id), (c.OrganizationId, c.KeyId)));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_results_the_scheme_and_the_schemes_page_export_carry_the_chains_head(string provider)
    {
        using var app = new TestApp(provider, demo: true);
        var token = await DemoToken(app);
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        // Issuing the token was an audited write: the head is now row 466.
        var head = $"466 {await HeadHash(app, DemoRows + 1)}";

        var results = await client.GetAsync("/api/orgs/demo/periods/2026-10/results");
        var scheme = await client.GetAsync("/api/orgs/demo/periods/2026-10/scheme");

        var page = await (await app.SignedIn("admin", DemoData.Password)).GetAsync("/orgs/demo/schemes?handler=Export&period=2026-10");

        Assert.Equal((HttpStatusCode.OK, head), (results.StatusCode, string.Join(",", results.Headers.GetValues("X-Audit-Head"))));
        Assert.Equal((HttpStatusCode.OK, head), (scheme.StatusCode, string.Join(",", scheme.Headers.GetValues("X-Audit-Head"))));
        Assert.Equal((HttpStatusCode.OK, head), (page.StatusCode, string.Join(",", page.Headers.GetValues("X-Audit-Head"))));
    }

    private static async Task<string> DemoToken(TestApp app)
    {
        _ = app.Server;
        await using var db = app.NewDb();
        var org = await db.Organizations.Where(o => o.Slug == DemoData.Slug).Select(o => o.Id).SingleAsync();
        var admin = await db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync();
        return (await app.NewToken(org, admin)).Token;
    }

    [Fact]
    public async Task Writers_in_several_processes_each_append_their_checkpoint()
    {
        using var app = new TestApp(demo: true);
        _ = app.Server;
        var configuration = app.Services.GetRequiredService<IConfiguration>();
        var environment = new Dictionary<string, string?>
        {
            ["Database__Provider"] = "Sqlite",
            ["ConnectionStrings__Pacesetter"] = configuration.GetConnectionString("Pacesetter"),
            ["Audit__KeyFile"] = configuration["Audit:KeyFile"],
            ["Audit__CheckpointFile"] = configuration["Audit:CheckpointFile"],
        };

        // Four `pacesetter token create` at once: four processes, each one audited write.
        var runs = await Task.WhenAll(Enumerable.Range(1, 4).Select(i =>
            Task.Run(() => CliRunner.Process(Databases.SqliteFolder, environment, "token", "create", "--org", "demo", "--user", "admin", "--name", $"p{i}"))));

        Assert.All(runs, r => Assert.Equal((0, ""), (r.Code, r.Error)));
        var checkpoints = await app.Services.GetRequiredService<DatabaseOptions>().Audit.ReadCheckpointsAsync();
        Assert.Equal([465L, 466L, 467L, 468L, 469L], checkpoints!.Select(c => c.Seq).Order());
        Assert.Equal(new CliRunner.Outcome(0, $"audit chain intact: 469 rows, checkpoints matched: 5\nhead of demo: row 469, hash {await HeadHash(app, 469)}\n", ""),
            CliRunner.Run(app, AuditCommand.Run, "verify"));
    }

    [Fact]
    public async Task Concurrent_appends_to_one_checkpoint_file_each_land_on_a_line_of_their_own()
    {
        var file = Path.Combine(Databases.SqliteFolder, "concurrent-" + Guid.NewGuid().ToString("N") + ".audit-checkpoints");
        // Several trails on one file, as several contexts (and processes) have; and a line a crash left unfinished.
        await File.WriteAllTextAsync(file, "1 1 " + new string('a', 64) + " k 2026-12-01T00:00:00.000Z\n1 2 " + new string('b', 20));
        try
        {
            var trails = Enumerable.Range(0, 8).Select(_ => new global::Pacesetter.App.Audit.AuditTrail(null, Databases.AuditKeyFile, file)).ToList();
            await Task.WhenAll(trails.SelectMany((t, i) => Enumerable.Range(0, 25).Select(j =>
                Task.Run(() => t.AppendCheckpointsAsync([new AuditHead(i + 1, j + 1, Convert.ToHexStringLower(new byte[32]).Remove(0, 1) + "f")])))));

            var read = await trails[0].ReadCheckpointsAsync();

            // The unfinished line is gone; the first line and 8 × 25 new ones, each whole.
            Assert.Equal(1 + 200, read!.Count);
            Assert.Equal((1, 1L, new string('a', 64)), (read[0].OrganizationId, read[0].Seq, read[0].Hash));
            Assert.Equal(Enumerable.Range(1, 8).SelectMany(o => Enumerable.Range(1, 25).Select(s => (o, (long)s))).Order(),
                read.Skip(1).Select(c => (c.OrganizationId, c.Seq)).Order());
        }
        finally
        {
            File.Delete(file);
        }
    }
}
