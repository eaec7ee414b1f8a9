using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Accounts;
using Pacesetter.App.Audit;
using Pacesetter.App.Data;
using Pacesetter.App.DataEntry;

namespace Pacesetter.Web.Tests.Schemes;

/// <summary>
/// A scheme import scales (issue 7 §2): its data and their audit rows are written with bulk statements, not tracked
/// row by row; it keeps the audit contract; readers and other writers are not blocked by it. Counts, not timings: the
/// seconds are bench/import.sh's.
/// </summary>
public class ImportScaleTests
{
    /// <summary>
    /// The worked example plus <paramref name="extra"/> departments (D1's three data each: bands, grade, table), so
    /// 54 + 3 × extra values; <paramref name="bump"/> adds to every department's duty figure.
    /// </summary>
    private static JsonObject Large(int extra, int bump = 0)
    {
        var file = SchemeTestSupport.ExampleJson();
        var depts = file["categories"]!.AsArray().Single(c => (string?)c!["id"] == "depts")!["units"]!.AsArray();
        var data = file["data"]!.AsObject();
        for (int i = 1; i <= extra; i++)
        {
            var code = $"X{i:D4}";
            depts.Add(code);
            file["units"]![code] = $"部门{i}";
            data[code] = data["D1"]!.DeepClone();
        }
        foreach (var (code, values) in data)
        {
            if (code.StartsWith('D') || code.StartsWith('X')) values!["duty"] = (decimal)values["duty"]! + bump;
        }
        return file;
    }

    /// <summary>What the EF change tracker holds at each SaveChanges, and how many commands EF sends.</summary>
    private sealed class Tracking : SaveChangesInterceptor
    {
        public int MostData;
        public int MostDataAudit;
        public int MostUnits;
        public int Commands;

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData e, InterceptionResult<int> result, CancellationToken ct = default)
        {
            var entries = e.Context!.ChangeTracker.Entries().Where(x => x.State is EntityState.Added or EntityState.Modified).ToList();
            MostData = Math.Max(MostData, entries.Count(x => x.Entity is DatumEntry));
            MostDataAudit = Math.Max(MostDataAudit, entries.Count(x => x.Entity is AuditEntry { Kind: "datum.import" }));
            MostUnits = Math.Max(MostUnits, entries.Count(x => x.Entity is App.Organizations.Unit or AuditEntry { Kind: "unit.create" }));
            return base.SavingChangesAsync(e, result, ct);
        }

        public sealed class CommandCount(Tracking tracking) : DbCommandInterceptor
        {
            public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand c, CommandEventData e, InterceptionResult<DbDataReader> r, CancellationToken ct = default)
            {
                Interlocked.Increment(ref tracking.Commands);
                return base.ReaderExecutingAsync(c, e, r, ct);
            }

            public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand c, CommandEventData e, InterceptionResult<int> r, CancellationToken ct = default)
            {
                Interlocked.Increment(ref tracking.Commands);
                return base.NonQueryExecutingAsync(c, e, r, ct);
            }

            public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand c, CommandEventData e, InterceptionResult<object> r, CancellationToken ct = default)
            {
                Interlocked.Increment(ref tracking.Commands);
                return base.ScalarExecutingAsync(c, e, r, ct);
            }
        }
    }

    private static WebApplicationFactory<Program> With(TestApp app, params IInterceptor[] interceptors) =>
        app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.ConfigureDbContext<PacesetterDb>(o => o.AddInterceptors(interceptors))));

    private static HttpClient Api(WebApplicationFactory<Program> host, string token)
    {
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<string> AdminToken(TestApp app, int org, string name) =>
        await app.Token(org, await app.User(org, name, OrgRole.Admin));

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task An_import_of_thousands_of_values_tracks_no_datum_row_and_its_commands_do_not_grow_with_the_data(string provider)
    {
        await using var app = new TestApp(provider);
        var org = await app.Organization("zone");
        var token = await AdminToken(app, org, "zone-admin");
        var tracking = new Tracking();
        await using var host = With(app, tracking, new Tracking.CommandCount(tracking));
        var admin = Api(host, token);

        // 54 + 3 × 750 = 2,304 values (D1's duty, service, upper for each), 763 units.
        var first = await admin.PutScheme("zone", "2026-Q3", Large(750).Utf8());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var body = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(763, body.GetProperty("units").GetProperty("created").GetInt32());
        Assert.Equal(2304, body.GetProperty("data").GetProperty("imported").GetInt32());
        // No datum row and no datum.import audit row goes through the change tracker (before: 2,304 of each), nor a new
        // unit or its unit.create row (before: 763 of each, 1,526 entries).
        Assert.Equal((0, 0, 0), (tracking.MostData, tracking.MostDataAudit, tracking.MostUnits));

        // Every department's duty figure changed: 4 + 750 = 754 updates, no new unit.
        tracking.Commands = 0;
        var second = await admin.PutScheme("zone", "2026-Q3", Large(750, bump: 1).Utf8());

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        body = JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((0, 754), (body.GetProperty("units").GetProperty("created").GetInt32(), body.GetProperty("data").GetProperty("imported").GetInt32()));
        Assert.Equal((0, 0), (tracking.MostData, tracking.MostDataAudit));
        // EF's commands for the whole request (the token, the actor, the versions, the units, the stored data, the
        // chain's head, the version's insert): a constant, whatever the number of values — the data go in bulk.
        Assert.InRange(tracking.Commands, 1, 30);

        await using var db = app.NewDb();
        Assert.Equal(2304, await db.DatumEntries.CountAsync(d => d.OrganizationId == org && d.State == DatumState.Approved));
        // The 763 units and their unit.create rows (X0750: name 部门750, the category depts, reason 导入).
        Assert.Equal(763, await db.Units.CountAsync(u => u.OrganizationId == org));
        var x = await db.Units.SingleAsync(u => u.OrganizationId == org && u.Code == "X0750");
        Assert.Equal(("部门750", "depts"), (x.Name, (await db.UnitCategories.SingleAsync(c => c.Id == x.CategoryId)).Code));
        var create = await db.AuditEntries.SingleAsync(a => a.OrganizationId == org && a.Kind == "unit.create" && a.Key == "X0750");
        Assert.Equal(("unit", "2026-Q3", "X0750", null, "部门750", "导入"), (create.Entity, create.Period, create.Unit, create.Before, create.After, create.Reason));
        Assert.Equal(763, await db.AuditEntries.CountAsync(a => a.OrganizationId == org && a.Kind == "unit.create"));
        var x750 = await db.DatumEntries.SingleAsync(d => d.OrganizationId == org && d.UnitCode == "X0750" && d.IndicatorId == "duty");
        var d1 = await db.DatumEntries.SingleAsync(d => d.OrganizationId == org && d.UnitCode == "D1" && d.IndicatorId == "duty");
        Assert.Equal((d1.Value, 2, "zone-admin"), (x750.Value, x750.Version, x750.UpdatedBy));
        // One datum.import row per unit whose data change (ADR 0011): the 13 units of the worked example + 750 = 763 for
        // the first import, the 4 + 750 departments whose duty changed = 754 for the second (before: 2,304 + 754 rows).
        var audit = await db.AuditEntries.Where(a => a.OrganizationId == org && a.Kind == "datum.import").OrderBy(a => a.Seq).ToListAsync();
        Assert.Equal(763 + 754, audit.Count);
        Assert.All(audit, a => Assert.Equal(("unit", "2026-Q3", $"2026-Q3/{a.Unit}", "导入"), (a.Entity, a.Period, a.Key, a.Reason)));
        // The first import's first row: T1's seven data in the file's order, nothing stored before.
        Assert.Equal(("T1", "{\"revenue\":null,\"industry\":null,\"projects\":null,\"land\":null,\"livelihood\":null,\"honors\":null,\"cards\":null}",
            "{\"revenue\":{\"value\":12.6,\"target\":11},\"industry\":{\"value\":148,\"previous\":120},\"projects\":6,\"land\":420,\"livelihood\":100," +
            "\"honors\":[{\"item\":\"营商环境\",\"level\":\"province\"},{\"item\":\"营商环境\",\"level\":\"city\"}],\"cards\":{\"yellow\":1}}"),
            (audit[0].Unit, audit[0].Before, audit[0].After));
        // The second import's rows name only the changed duty figure, in the file's order: D1–D4, then X0001–X0750
        // (copies of D1: 96 became 97).
        Assert.Equal(
            ["D1 {\"duty\":96} {\"duty\":97}", "D2 {\"duty\":101} {\"duty\":102}", "D3 {\"duty\":74.5} {\"duty\":75.5}", "D4 {\"duty\":88} {\"duty\":89}"],
            audit.Skip(763).Take(4).Select(a => $"{a.Unit} {a.Before} {a.After}"));
        Assert.Equal(Enumerable.Range(1, 750).Select(i => $"X{i:D4}"), audit.Skip(767).Select(a => a.Unit));
        Assert.All(audit.Skip(767), a => Assert.Equal(("{\"duty\":96}", "{\"duty\":97}"), (a.Before, a.After)));
        Assert.Equal(("X0750", "97"), (audit[^1].Unit, d1.Value));
        // One chain, in order: the rows' ids follow their sequence, and it verifies.
        var all = await db.AuditEntries.Where(a => a.OrganizationId == org).OrderBy(a => a.Seq).Select(a => a.Id).ToListAsync();
        Assert.Equal(all.Order(), all);
        Assert.Null(await AuditLog.Verify(db, org));
    }

    /// <summary>
    /// Once armed, holds the commit of the next transaction that inserts a scheme version (an import's) until released,
    /// and tells when another write then begins its transaction.
    /// </summary>
    private sealed class CommitGate : DbTransactionInterceptor
    {
        private readonly ConcurrentDictionary<DbTransaction, bool> imports = new();
        public readonly TaskCompletionSource Held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly TaskCompletionSource Release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly TaskCompletionSource OtherBegins = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Armed;

        public override async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData e, InterceptionResult result, CancellationToken ct = default)
        {
            if (imports.ContainsKey(transaction) && Interlocked.Exchange(ref Armed, 0) == 1)
            {
                Held.SetResult();
                await Release.Task;
            }
            return result;
        }

        public override ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData e, InterceptionResult<DbTransaction> result, CancellationToken ct = default)
        {
            if (Held.Task.IsCompleted) OtherBegins.TrySetResult();
            return base.TransactionStartingAsync(connection, e, result, ct);
        }

        public sealed class Watch(CommitGate gate) : DbCommandInterceptor
        {
            public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand c, CommandEventData e, InterceptionResult<DbDataReader> r, CancellationToken ct = default)
            {
                if (c.Transaction is { } t && System.Text.RegularExpressions.Regex.IsMatch(c.CommandText, "INSERT INTO \"?scheme_versions\"?")) gate.imports[t] = true;
                return base.ReaderExecutingAsync(c, e, r, ct);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task While_an_import_is_open_readers_answer_and_another_organization_writes(string provider)
    {
        await using var app = new TestApp(provider);
        var zone = await app.Organization("zone");
        var other = await app.Organization("other");
        var zoneToken = await AdminToken(app, zone, "zone-admin");
        var otherToken = await AdminToken(app, other, "other-admin");
        var readerToken = await AdminToken(app, zone, "zone-reader");
        var gate = new CommitGate();
        await using var host = With(app, gate, new CommitGate.Watch(gate));
        var admin = Api(host, zoneToken);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutScheme("zone", "2026-Q3", SchemeTestSupport.Example())).StatusCode);
        var before = await admin.GetStringAsync("/api/orgs/zone/periods/2026-Q3/results");
        gate.Armed = 1;

        // The second import of the zone is held open at its commit, its 2,304 values written.
        var import = admin.PutScheme("zone", "2026-Q3", Large(750).Utf8());
        await gate.Held.Task.WaitAsync(TimeSpan.FromMinutes(2));

        // A reader answers, with what was committed (WAL on SQLite) — with a token never used, whose first use is not
        // waited for on SQLite (it is recorded by a later request).
        var results = await Api(host, readerToken).GetAsync("/api/orgs/zone/periods/2026-Q3/results");
        Assert.Equal(HttpStatusCode.OK, results.StatusCode);
        Assert.Equal(before, await results.Content.ReadAsStringAsync());
        // Another organization's import: on PostgreSQL it is not delayed (the lock is per organization); SQLite has one
        // writer at a time, so it waits for the commit — and then succeeds, it does not fail with "database is locked".
        var write = Api(host, otherToken).PutScheme("other", "2026-Q3", SchemeTestSupport.Example());
        if (provider == "PostgreSQL")
        {
            Assert.Equal(HttpStatusCode.OK, (await write).StatusCode);
            Assert.False(import.IsCompleted);
        }
        else
        {
            // It has begun its transaction (BEGIN IMMEDIATE waits for the lock): give it a moment in the wait.
            await gate.OtherBegins.Task.WaitAsync(TimeSpan.FromMinutes(2));
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.False(write.IsCompleted);
        }
        gate.Release.SetResult();

        Assert.Equal(HttpStatusCode.OK, (await import).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await write).StatusCode);
        await using var db = app.NewDb();
        Assert.Equal((2304, 54), (await db.DatumEntries.CountAsync(d => d.OrganizationId == zone), await db.DatumEntries.CountAsync(d => d.OrganizationId == other)));
        Assert.Null(await AuditLog.Verify(db));
    }

    [Fact]
    public async Task On_SQLite_a_reader_answers_while_another_connection_holds_the_write_lock_and_a_writer_waits_for_it()
    {
        await using var app = new TestApp("Sqlite");
        var zone = await app.Organization("zone");
        var admin = await app.ApiAs(zone, "zone-admin", OrgRole.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutScheme("zone", "2026-Q3", SchemeTestSupport.Example())).StatusCode);
        await using var db = app.NewDb();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        Assert.Equal("wal", await Scalar(connection, "PRAGMA journal_mode;"));

        // Without WAL, an exclusive lock keeps every reader out ("database is locked" after 30 s, a 500).
        await Scalar(connection, "BEGIN EXCLUSIVE; UPDATE units SET \"Name\" = \"Name\" WHERE \"Code\" = 'T1';");
        var results = await admin.GetAsync("/api/orgs/zone/periods/2026-Q3/results");
        Assert.Equal(HttpStatusCode.OK, results.StatusCode);
        var file = SchemeTestSupport.ExampleJson();
        file["data"]!["T1"]!["projects"] = 7;
        var write = admin.PutScheme("zone", "2026-Q3", file.Utf8());
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(write.IsCompleted);
        await Scalar(connection, "COMMIT;");
        var imported = JsonDocument.Parse(await (await write).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(1, imported.GetProperty("data").GetProperty("imported").GetInt32());
    }

    private static async Task<string?> Scalar(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (await command.ExecuteScalarAsync())?.ToString();
    }

    [Fact]
    public void A_SQLite_writer_waits_120_seconds_for_the_write_lock_unless_configured_otherwise()
    {
        static int Timeout(params (string Key, string Value)[] settings) =>
            new SqliteConnectionStringBuilder(DatabaseOptions.From(new ConfigurationBuilder()
                .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build()).ConnectionString).DefaultTimeout;

        Assert.Equal(120, Timeout(("ConnectionStrings:Pacesetter", "Data Source=x.db")));
        Assert.Equal(300, Timeout(("ConnectionStrings:Pacesetter", "Data Source=x.db"), ("Database:BusyTimeoutSeconds", "300")));
        Assert.Equal(5, Timeout(("ConnectionStrings:Pacesetter", "Data Source=x.db;Default Timeout=5")));
    }

    [Fact]
    public async Task A_scheme_file_may_hold_64_MB_by_default_and_Limits_SchemeFileBytes_sets_another_limit()
    {
        await using var app = new TestApp();
        var zone = await app.Organization("zone");
        var token = await AdminToken(app, zone, "zone-admin");
        // 9 MB, over the former 8 MB limit: read and refused as a file with problems, not as too large.
        var nineMb = System.Text.Encoding.UTF8.GetBytes("{\"name\": \"" + new string('a', 9 * 1024 * 1024) + "\"}");
        var admin = app.Api(token);

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutScheme("zone", "2026-Q3", nineMb)).StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await admin.PutScheme("zone", "2026-Q3", new byte[64 * 1024 * 1024 + 1])).StatusCode);

        await using var small = app.WithWebHostBuilder(b => b.UseSetting("Limits:SchemeFileBytes", "524288"));
        var tooLarge = await Api(small, token).PutScheme("zone", "2026-Q3", new byte[524289]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal("方案文件不能超过 0.5 MB。", JsonDocument.Parse(await tooLarge.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString());
    }
}
