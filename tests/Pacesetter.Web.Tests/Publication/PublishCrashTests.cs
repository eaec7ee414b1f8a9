using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pacesetter.App.Publication;
using Pacesetter.App.Schemes;
using Pacesetter.Cli;
using Xunit.Abstractions;

namespace Pacesetter.Web.Tests.Publication;

/// <summary>
/// A crash in the middle of a publication leaves the previous state intact (issue #9 §1): <c>pacesetter publish</c> runs
/// as a child process on 2,000 units × 100 approved values and is killed (SIGKILL) — once early, once inside its write
/// transaction — and after each kill nothing was stored, the period is writable, and the audit chain verifies; the
/// next publication is revision 1.
/// </summary>
public class PublishCrashTests(ITestOutputHelper output)
{
    private const string Period = "2026-10";
    private const int Units = 2000;
    private const int Indicators = 100;

    /// <summary>One category of 2,000 units and 100 completion indicators of weight 1; every value approved.</summary>
    private static async Task SeedAsync(RollUpWorld world)
    {
        var indicators = Enumerable.Range(1, Indicators)
            .Select(i => ($"k{i:D3}", $"指标{i}", 1m, """{"type": "completion", "cap": 1.2, "target": 100}""")).ToArray();
        var units = Enumerable.Range(1, Units).Select(u => $"U{u:D4}").ToList();
        await world.SaveSchemeAsync(Period, RollUpWorld.Scheme("2026年10月 全省考核", Period, units, indicators));
        var rows = units.SelectMany((u, ui) => indicators.Select((k, ki) => (u, k.Item1, (JsonNode)JsonValue.Create(60m + (ui * 7 + ki * 13) % 61))));
        await world.LoadApprovedAsync(Period, rows);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_publication_killed_midway_stores_nothing_and_the_next_is_revision_1(string provider)
    {
        await using var world = await RollUpWorld.CreateAsync(provider);
        var watch = Stopwatch.StartNew();
        await SeedAsync(world);
        output.WriteLine($"{provider}: seeded {Units} × {Indicators} in {watch.ElapsedMilliseconds} ms");
        var environment = RollUpWorld.Environment(world.App);
        var folder = Directory.CreateTempSubdirectory("pacesetter-publish-").FullName;
        try
        {
            // Early: once it says it is scoring, before it may write. On PostgreSQL the gate keeps its write out (without
            // TLS to the server, a publication finished between its line and the kill); SQLite's publication is slower.
            await using (var gate = await WriteGate.CloseAsync(world.App, world.OrganizationId))
            using (var early = Publisher.Start(folder, environment))
            {
                await early.WaitForLineAsync("scoring");
                early.Kill("early");
            }
            await AssertNothingStoredAsync(world);

            // Inside its write transaction: SQLite's write lock is held, or PostgreSQL's insert of the revision waits on
            // a lock this test holds on the revisions table (so its rows are written but not committed).
            await using (var blocker = await TransactionProbe.OpenAsync(world.App))
            using (var late = Publisher.Start(folder, environment))
            {
                await late.WaitForLineAsync("scoring");
                var inside = await blocker.WaitUntilInsideAsync(late, TimeSpan.FromMinutes(2));
                output.WriteLine($"{provider}: inside its transaction after {inside.TotalMilliseconds:F0} ms");
                late.Kill("inside its transaction");
            }
            await AssertNothingStoredAsync(world);

            watch.Restart();
            using var last = Publisher.Start(folder, environment);
            var (code, stdout, stderr) = await last.WaitForExitAsync(TimeSpan.FromMinutes(3));
            output.WriteLine($"{provider}: an uninterrupted publication took {watch.ElapsedMilliseconds} ms");
            Assert.True(code == 0, $"exit {code}: {stderr}");
            Assert.StartsWith("published roll 2026-10 revision 1;", stdout);
            await using var db = world.App.NewDb();
            Assert.Equal([1], await db.Revisions.Where(r => r.OrganizationId == world.OrganizationId).Select(r => r.Number).ToListAsync());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task AssertNothingStoredAsync(RollUpWorld world)
    {
        await using (var db = world.App.NewDb())
        {
            Assert.False(await db.Revisions.AnyAsync(r => r.OrganizationId == world.OrganizationId));
            var check = await new PublicationService(db, new SchemeStore(db), TimeProvider.System).CheckAsync(world.OrganizationId, Period);
            Assert.False(check.Locked);
            Assert.Null(check.LatestRevision);
        }
        var verify = CliRunner.Run(world.App, AuditCommand.Run, "verify", "--org", RollUpWorld.Org);
        Assert.True(verify.Code == 0, verify.Out + verify.Error);
        Assert.StartsWith("audit chain intact:", verify.Out);
    }

    /// <summary><c>pacesetter publish</c> as a child process whose standard error is read line by line.</summary>
    private sealed class Publisher : IDisposable
    {
        private readonly Process process;
        private readonly StringBuilder stdout = new();
        private readonly StringBuilder stderr = new();
        private readonly List<string> lines = [];
        private readonly SemaphoreSlim line = new(0);

        private Publisher(Process process) => this.process = process;

        public int Id => process.Id;

        public bool HasExited => process.HasExited;

        public static Publisher Start(string folder, IReadOnlyDictionary<string, string?> environment)
        {
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                StandardOutputEncoding = Encoding.UTF8,
                StandardErrorEncoding = Encoding.UTF8,
                WorkingDirectory = folder,
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "pacesetter.dll"));
            foreach (var a in new[] { "publish", "--org", RollUpWorld.Org, "--period", Period, "--lang", "en" }) start.ArgumentList.Add(a);
            foreach (var key in new[] { "Database__Provider", "ConnectionStrings__Pacesetter", "ConnectionStrings__PacesetterOwner", "PACESETTER_DATA" }) start.Environment.Remove(key);
            foreach (var (k, v) in environment) start.Environment[k] = v;
            var publisher = new Publisher(new Process { StartInfo = start });
            publisher.process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is not null) lock (publisher.stdout) publisher.stdout.Append(e.Data).Append('\n');
            };
            publisher.process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (publisher.stderr)
                {
                    publisher.stderr.Append(e.Data).Append('\n');
                    publisher.lines.Add(e.Data);
                }
                publisher.line.Release();
            };
            publisher.process.Start();
            publisher.process.BeginOutputReadLine();
            publisher.process.BeginErrorReadLine();
            return publisher;
        }

        public async Task WaitForLineAsync(string text)
        {
            var until = DateTime.UtcNow + TimeSpan.FromMinutes(2);
            while (true)
            {
                lock (stderr)
                {
                    if (lines.Any(l => l.Contains(text, StringComparison.Ordinal))) return;
                }
                Assert.False(process.HasExited, $"pacesetter publish exited {(process.HasExited ? process.ExitCode : 0)} before printing \"{text}\": {stderr}");
                Assert.True(DateTime.UtcNow < until, $"no \"{text}\" line within two minutes: {stderr}");
                await line.WaitAsync(TimeSpan.FromMilliseconds(200));
            }
        }

        /// <summary>SIGKILL: no finally block, no rollback, no flush runs in the process.</summary>
        public void Kill(string when)
        {
            Assert.False(process.HasExited, $"the publication ended before it was killed {when}: {stdout} {stderr}");
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Equal("", stdout.ToString());
        }

        public async Task<(int Code, string Out, string Error)> WaitForExitAsync(TimeSpan limit)
        {
            using var cts = new CancellationTokenSource(limit);
            await process.WaitForExitAsync(cts.Token);
            process.WaitForExit();
            return (process.ExitCode, stdout.ToString(), stderr.ToString());
        }

        public void Dispose()
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.Dispose();
            line.Dispose();
        }
    }

    /// <summary>
    /// PostgreSQL: keeps every audited write of the organization out while closed — a session holds the organization's
    /// advisory lock, which each audited write takes first (<c>pg_advisory_xact_lock</c>, ADR 0008). SQLite has no such
    /// lock short of the database's write lock, which the command's start would wait for too: null there.
    /// </summary>
    private sealed class WriteGate(NpgsqlConnection connection) : IAsyncDisposable
    {
        public static async Task<WriteGate?> CloseAsync(TestApp app, int organizationId)
        {
            if (app.Provider == "Sqlite") return null;
            var configuration = app.Services.GetRequiredService<IConfiguration>();
            var connection = new NpgsqlConnection(configuration.GetConnectionString("PacesetterOwner") ?? configuration.GetConnectionString("Pacesetter"));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"SELECT pg_advisory_lock({organizationId}::bigint)", connection);
            await command.ExecuteNonQueryAsync();
            return new WriteGate(connection);
        }

        public async ValueTask DisposeAsync() => await connection.DisposeAsync();
    }

    /// <summary>
    /// Tells when the publisher is inside its write transaction. SQLite: a probe's <c>BEGIN IMMEDIATE</c> is refused as
    /// busy (after waiting one second: a timeout of 0 would wait for ever) while another writer holds the write lock. PostgreSQL: the probe holds <c>LOCK … IN SHARE MODE</c> on the
    /// revisions table, so the publisher's insert waits (its earlier writes done, nothing committed) until the probe lets go.
    /// </summary>
    private sealed class TransactionProbe : IAsyncDisposable
    {
        private readonly TestApp app;
        private readonly NpgsqlConnection? postgres;
        private readonly NpgsqlTransaction? hold;
        private readonly string? table;

        private TransactionProbe(TestApp app, NpgsqlConnection? postgres, NpgsqlTransaction? hold, string? table)
        {
            this.app = app;
            this.postgres = postgres;
            this.hold = hold;
            this.table = table;
        }

        public static async Task<TransactionProbe> OpenAsync(TestApp app)
        {
            if (app.Provider == "Sqlite") return new TransactionProbe(app, null, null, null);
            var configuration = app.Services.GetRequiredService<IConfiguration>();
            // The owner role: it may lock the table.
            var connection = new NpgsqlConnection(configuration.GetConnectionString("PacesetterOwner") ?? configuration.GetConnectionString("Pacesetter"));
            await connection.OpenAsync();
            string table;
            await using (var db = app.NewDb()) table = db.Model.FindEntityType(typeof(Revision))!.GetTableName()!;
            var tx = await connection.BeginTransactionAsync();
            await using (var command = new NpgsqlCommand($"LOCK TABLE \"{table}\" IN SHARE MODE", connection, tx)) await command.ExecuteNonQueryAsync();
            return new TransactionProbe(app, connection, tx, table);
        }

        public async Task<TimeSpan> WaitUntilInsideAsync(Publisher publisher, TimeSpan limit)
        {
            var watch = Stopwatch.StartNew();
            while (!await InsideAsync())
            {
                Assert.False(publisher.HasExited, "the publication ended before the probe saw it inside its transaction");
                Assert.True(watch.Elapsed < limit, "the publication never entered its write transaction");
                await Task.Delay(5);
            }
            return watch.Elapsed;
        }

        private async Task<bool> InsideAsync()
        {
            if (postgres is null)
            {
                string connection;
                await using (var db = app.NewDb()) connection = db.Database.GetConnectionString()!;
                await using var probe = new SqliteConnection(new SqliteConnectionStringBuilder(connection) { DefaultTimeout = 1, Pooling = false }.ConnectionString);
                await probe.OpenAsync();
                await using var command = probe.CreateCommand();
                command.CommandText = "BEGIN IMMEDIATE";
                try
                {
                    await command.ExecuteNonQueryAsync();
                }
                catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6)
                {
                    return true;
                }
                command.CommandText = "ROLLBACK";
                await command.ExecuteNonQueryAsync();
                return false;
            }
            // A session of another process waiting for our lock on the revisions table.
            await using var waiting = new NpgsqlCommand(
                "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = @table AND NOT l.granted AND l.pid <> pg_backend_pid()", postgres, hold);
            waiting.Parameters.AddWithValue("table", table!);
            return (long)(await waiting.ExecuteScalarAsync())! > 0;
        }

        public async ValueTask DisposeAsync()
        {
            if (hold is not null) await hold.RollbackAsync();
            if (postgres is not null) await postgres.DisposeAsync();
        }
    }
}
