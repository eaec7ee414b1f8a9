using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Pacesetter.App.Data;
using Pacesetter.Scoring.Output;
using Pacesetter.Scoring.Surveys;

namespace Pacesetter.WebBench;

/// <summary>
/// bench/survey-cast.sh → <c>survey-cast</c> (issue 12, Performance): 10,000 ballots cast through <c>POST /s/{token}</c>
/// by 64 concurrent clients. Seeds the organization <c>bench</c> (200 units) in a fresh database, starts the built
/// application (Release, Production settings) with the ballot limiter raised for the one loopback address
/// (<c>Surveys__BallotRequestsPerMinute=1000000</c>; the default 600 a minute would answer most of them 429), PUTs a
/// survey of 30 units (options a/b/c, abstaining allowed, groups <c>leaders</c> and <c>public</c> with trimming),
/// makes 10,000 one-time links (10 requests of 1,000), and casts one ballot per link, random ratings recorded, from 64
/// clients at once, timing each request. Then checks: every answer 201; GET …/result counts 10,000 cast and valid and
/// equals the engine's tally (<see cref="SurveyTally"/>) of the recorded ballots, byte for byte; 100 used links cast
/// again answer 409 and change nothing; the database holds 10,000 ballots and 10,000 used links. Goals: no error,
/// none lost or doubled, p95 under 100 ms (exit 1 otherwise). On PostgreSQL it also samples what the database's
/// sessions wait on during the run (<c>pg_stat_activity</c>), and a probe from one client after it gives the
/// uncontended time of a cast.
/// </summary>
internal static class SurveyCast
{
    private sealed record Cast(string Token, Ballot Ballot, byte[] Body);

    private sealed record Run(double[] LatencyMs, int[] Status, double Seconds)
    {
        public int Count => Status.Length;
        public double[] Sorted() => [.. LatencyMs.Order()];
        public Dictionary<int, int> Statuses() => Status.GroupBy(s => s).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count());
        public string StatusText() => string.Join(", ", Statuses().Select(s => $"{(s.Key < 0 ? "no answer" : s.Key.ToString(CultureInfo.InvariantCulture))}: {s.Value}"));
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new Dictionary<string, string>
        {
            ["providers"] = Environment.GetEnvironmentVariable("PACESETTER_TEST_PG") is { Length: > 0 } ? "postgresql" : "sqlite",
            ["ballots"] = "10000",
            ["clients"] = "64",
            // Units on the survey (of the organization's 200).
            ["units"] = "30",
            // Ballots cast in a survey of their own first, not counted: the JIT's tiering settles.
            ["warmup"] = "500",
            // Ballots cast from one client after the measured run (a survey of their own): the uncontended time of a cast.
            ["serial"] = "200",
            ["resend"] = "100",
            ["seed"] = "12",
        };
        if (!Options.Parse(args, options)) return 2;
        int ballots = Options.Int(options, "ballots", 1, 100_000);
        int clients = Options.Int(options, "clients", 1, 1000);
        int units = Options.Int(options, "units", 1, 200);
        int warmup = Options.Int(options, "warmup", 0, 100_000);
        int serial = Options.Int(options, "serial", 0, 100_000);
        int resend = Math.Min(Options.Int(options, "resend", 0, 100_000), ballots);
        var random = new Random(Options.Int(options, "seed", 0, int.MaxValue));
        var limiter = new Dictionary<string, string> { ["Surveys__BallotRequestsPerMinute"] = "1000000" };
        Console.WriteLine($"survey-cast: {ballots} ballots of {units} units through POST /s/{{token}} from {clients} concurrent clients, after {warmup} not counted; "
            + $"ballot limiter raised for the one loopback address (Surveys__BallotRequestsPerMinute=1000000); {Environment.ProcessorCount} cores, load average {Bench.LoadAverage()}");
        bool failed = false;
        foreach (var provider in options["providers"].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var temp = Directory.CreateTempSubdirectory("pacesetter-surveycast-");
            // The audit key and checkpoint file of the seeding (this process) and of the application: the same folder.
            Environment.SetEnvironmentVariable("PACESETTER_DATA", temp.FullName);
            var pgServer = Environment.GetEnvironmentVariable("PACESETTER_TEST_PG");
            var created = new List<string>();
            try
            {
                var database = await Bench.DatabaseAsync(provider, temp.FullName, pgServer, created);
                var seeding = Stopwatch.StartNew();
                var fixture = await SurveyFixture.SeedAsync(database, 200);
                Console.WriteLine($"\n{database.Provider}: seeded 200 units in {seeding.Elapsed.TotalSeconds:F1} s");
                await using var app = await global::App.StartAsync(temp.FullName, database, limiter);
                Console.WriteLine($"application: {app.Address}, process {app.ProcessId}");
                using var api = fixture.Api(app.Address);
                using var casting = new HttpClient(new SocketsHttpHandler
                {
                    MaxConnectionsPerServer = clients,
                    UseCookies = false,
                    AllowAutoRedirect = false,
                    PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
                })
                { BaseAddress = app.Address, Timeout = TimeSpan.FromMinutes(5) };

                if (warmup > 0)
                {
                    var (_, w) = await PrepareAsync(api, "warmup", units, warmup, random);
                    var run = await CastAllAsync(casting, w, clients);
                    Console.WriteLine($"warm-up: {run.Count} ballots in {run.Seconds:F1} s ({run.StatusText()}), not counted");
                }

                var stopwatch = Stopwatch.StartNew();
                var (survey, casts) = await PrepareAsync(api, "cast", units, ballots, random);
                Console.WriteLine($"survey \"cast\" saved and {casts.Count} links made ({(casts.Count + 999) / 1000} requests) in {stopwatch.Elapsed.TotalSeconds:F1} s");

                bool pg = database.Provider == DatabaseProvider.PostgreSQL;
                await using var activity = pg ? PgActivity.Start(database.ConnectionString) : null;
                var appCpu0 = Bench.CpuSeconds(app.ProcessId);
                var backends0 = pg ? await Bench.BackendCpuAsync(database.ConnectionString) : [];
                var ownCpu0 = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
                var load0 = Bench.LoadAverage();
                var measured = await CastAllAsync(casting, casts, clients);
                var appCpu = Bench.CpuSeconds(app.ProcessId) - appCpu0;
                var pgCpu = pg ? Bench.Since(backends0, await Bench.BackendCpuAsync(database.ConnectionString)) : 0;
                var ownCpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - ownCpu0;
                var waits = activity is null ? null : await activity.StopAsync();

                var sorted = measured.Sorted();
                double p50 = SurveyFixture.Percentile(sorted, 50), p95 = SurveyFixture.Percentile(sorted, 95), p99 = SurveyFixture.Percentile(sorted, 99);
                Console.WriteLine($"cast: {measured.Count} ballots sent from {clients} clients in {measured.Seconds:F2} s = {measured.Count / measured.Seconds:F0} ballots/s (load average {load0} before, {Bench.LoadAverage()} after)");
                Console.WriteLine($"  status: {measured.StatusText()}");
                Console.WriteLine($"  latency: p50 {p50:F1} ms, p95 {p95:F1} ms, p99 {p99:F1} ms, max {sorted[^1]:F1} ms, mean {sorted.Average():F1} ms");
                Console.WriteLine($"  processor per ballot: application {appCpu * 1000 / measured.Count:F2} ms{(pg ? $", PostgreSQL backends {pgCpu * 1000 / measured.Count:F2} ms" : "")}, "
                    + $"this client {ownCpu * 1000 / measured.Count:F2} ms; all together {(appCpu + pgCpu + ownCpu) / measured.Seconds:F2} of {Environment.ProcessorCount} cores busy");
                if (waits is not null)
                {
                    Console.WriteLine($"  the database's sessions during the run ({waits.Samples} samples of pg_stat_activity, mean sessions per state):");
                    foreach (var (state, mean) in waits.Means.Take(8)) Console.WriteLine($"    {mean,6:F1}  {state}");
                }

                // Checks: the result against the engine's tally of what was sent and answered 201.
                var castOk = casts.Where((_, i) => measured.Status[i] == 201).ToList();
                var expected = SurveyResultJson.ToJson(SurveyTally.Tally(survey, castOk.Select(c => c.Ballot)));
                var result = await SurveyFixture.ResultAsync(api, "cast");
                using var resultJson = JsonDocument.Parse(result);
                int cast = resultJson.RootElement.GetProperty("ballots").GetProperty("cast").GetInt32();
                int valid = resultJson.RootElement.GetProperty("ballots").GetProperty("valid").GetInt32();
                bool same = result == expected;
                Console.WriteLine($"  result: cast {cast}, valid {valid}; {(same ? "equals" : "DIFFERS FROM")} the engine's tally of the {castOk.Count} recorded ballots answered 201");

                // Used links again: 409 each, nothing changes.
                var again = castOk.OrderBy(_ => random.Next()).Take(resend).ToList();
                var rerun = await CastAllAsync(casting, again, Math.Min(clients, Math.Max(1, again.Count)));
                int conflicts = rerun.Status.Count(s => s == 409);
                bool unchanged = await SurveyFixture.ResultAsync(api, "cast") == result;
                Console.WriteLine($"  {again.Count} used links cast again: {rerun.StatusText()}; result {(unchanged ? "unchanged" : "CHANGED")}");

                long storedBallots, usedLinks, links;
                await using (var db = new PacesetterDb(database.Build()))
                {
                    var id = await db.Surveys.Where(s => s.OrganizationId == fixture.OrganizationId && s.Code == "cast").Select(s => s.Id).SingleAsync();
                    storedBallots = await db.SurveyBallots.LongCountAsync(b => b.SurveyId == id);
                    links = await db.SurveyLinks.LongCountAsync(l => l.SurveyId == id);
                    usedLinks = await db.SurveyLinks.LongCountAsync(l => l.SurveyId == id && l.Used);
                }
                Console.WriteLine($"  database: {storedBallots} rows in survey_ballots, {usedLinks} of {links} links used");

                if (serial > 0)
                {
                    var (_, s) = await PrepareAsync(api, "serial", units, serial, random);
                    var cpu0 = Bench.CpuSeconds(app.ProcessId);
                    var pg0 = pg ? await Bench.BackendCpuAsync(database.ConnectionString) : [];
                    var one = await CastAllAsync(casting, s, 1);
                    var cpu1 = Bench.CpuSeconds(app.ProcessId) - cpu0;
                    var pg1 = pg ? Bench.Since(pg0, await Bench.BackendCpuAsync(database.ConnectionString)) : 0;
                    var os = one.Sorted();
                    Console.WriteLine($"one client, {one.Count} ballots one after another: p50 {SurveyFixture.Percentile(os, 50):F1} ms, p95 {SurveyFixture.Percentile(os, 95):F1} ms, "
                        + $"{one.Count / one.Seconds:F0} ballots/s ({one.StatusText()}); processor per ballot: application {cpu1 * 1000 / one.Count:F2} ms{(pg ? $", PostgreSQL backends {pg1 * 1000 / one.Count:F2} ms" : "")}");
                }

                // The checkpoint file's share: what one append (after each cast's commit, outside the lock) costs, alone.
                var trail = new Pacesetter.App.Audit.AuditTrail(new string('k', 48), Path.Combine(temp.FullName, "probe.key"), Path.Combine(temp.FullName, "probe.audit-checkpoints"));
                var head = new[] { new Pacesetter.App.Audit.AuditHead(1, 1, new string('0', 64)) };
                await trail.AppendCheckpointsAsync(head);
                var appends = Stopwatch.StartNew();
                for (int i = 0; i < 1000; i++) await trail.AppendCheckpointsAsync(head);
                Console.WriteLine($"checkpoint file: one append {appends.Elapsed.TotalMilliseconds / 1000:F3} ms (1,000 in this process, one after another)");

                var problems = new List<string>();
                if (measured.Status.Any(s => s != 201)) problems.Add($"not every cast answered 201 ({measured.StatusText()})");
                if (cast != ballots || valid != ballots) problems.Add($"the result counts {cast} cast and {valid} valid, not {ballots}");
                if (!same) problems.Add("the result differs from the engine's tally of the recorded ballots");
                if (conflicts != again.Count || !unchanged) problems.Add($"a second cast of {again.Count} used links: {conflicts} answered 409{(unchanged ? "" : ", and the result changed")}");
                if (storedBallots != ballots || usedLinks != ballots) problems.Add($"the database holds {storedBallots} ballots and {usedLinks} used links, not {ballots}");
                if (p95 >= 100) problems.Add($"p95 {p95:F1} ms is not under 100 ms");
                Console.WriteLine(problems.Count == 0
                    ? $"goals met on {database.Provider}: no error, none lost or doubled, p95 {p95:F1} ms < 100 ms"
                    : $"goals NOT met on {database.Provider}: {string.Join("; ", problems)}");
                failed |= problems.Count > 0;
            }
            catch (BenchFailure e)
            {
                Console.Error.WriteLine($"survey-cast ({provider}): FAILED: {e.Message}");
                failed = true;
            }
            finally
            {
                NpgsqlConnection.ClearAllPools();
                SqliteConnection.ClearAllPools();
                foreach (var db in created) await Bench.DropPgDatabaseAsync(pgServer!, db);
                temp.Delete(recursive: true);
            }
        }
        return failed ? 1 : 0;
    }

    /// <summary>Saves a survey of <paramref name="units"/> units and makes <paramref name="count"/> links (requests of 1,000: one in five for <c>leaders</c>, the rest <c>public</c>), each with its random ballot.</summary>
    private static async Task<(Survey Survey, List<Cast> Casts)> PrepareAsync(HttpClient api, string code, int units, int count, Random random)
    {
        var survey = await SurveyFixture.PutSurveyAsync(api, SurveyFixture.Document(code, units, ("leaders", 40, false), ("public", 60, true)));
        var casts = new List<Cast>(count);
        for (int request = 0; casts.Count < count; request++)
        {
            var group = request % 5 == 0 ? "leaders" : "public";
            foreach (var token in await SurveyFixture.CreateLinksAsync(api, code, group, Math.Min(1000, count - casts.Count)))
            {
                var ratings = SurveyFixture.RandomRatings(random, survey.Units, abstain: 0.1);
                using var buffer = new MemoryStream();
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    writer.WriteStartObject();
                    SurveyFixture.WriteRatings(writer, ratings);
                    writer.WriteEndObject();
                }
                casts.Add(new Cast(token, new Ballot(group, null, ratings), buffer.ToArray()));
            }
        }
        return (survey, casts);
    }

    /// <summary>Casts each ballot once from <paramref name="clients"/> concurrent clients, each taking the next ballot when its answer is in; times each request (sending to the answer's last byte).</summary>
    private static async Task<Run> CastAllAsync(HttpClient http, IReadOnlyList<Cast> casts, int clients)
    {
        var latency = new double[casts.Count];
        var status = new int[casts.Count];
        int next = -1;
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < casts.Count)
            {
                using var content = new ByteArrayContent(casts[i].Body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                long start = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.PostAsync("/s/" + casts[i].Token, content);
                    await response.Content.LoadIntoBufferAsync();
                    status[i] = (int)response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    status[i] = -1;
                }
                latency[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        })));
        return new Run(latency, status, wall.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Samples <c>pg_stat_activity</c> of one database every 50 ms on a connection of its own: how many client sessions
    /// were in each state and what they waited on (an advisory lock: the organization's write lock; ClientRead inside a
    /// transaction: the application's work while it holds the lock; WALSync/WALWrite: the commit's flush).
    /// </summary>
    private sealed class PgActivity : IAsyncDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly Dictionary<string, long> totals = [];
        private Task<int> loop = Task.FromResult(0);

        public sealed record Summary(int Samples, List<(string State, double Mean)> Means);

        public static PgActivity Start(string connectionString)
        {
            var sampler = new PgActivity();
            sampler.loop = sampler.LoopAsync(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, ApplicationName = "survey-cast sampler" }.ConnectionString);
            return sampler;
        }

        private async Task<int> LoopAsync(string connectionString)
        {
            await using var conn = new NpgsqlConnection(connectionString);
            await conn.OpenAsync();
            const string sql = """
                SELECT state, coalesce(wait_event_type || ': ' || wait_event, 'running'), count(*)
                FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
                GROUP BY 1, 2
                """;
            int samples = 0;
            while (!stop.IsCancellationRequested)
            {
                await using (var cmd = new NpgsqlCommand(sql, conn))
                await using (var reader = await cmd.ExecuteReaderAsync())
                {
                    while (await reader.ReadAsync())
                    {
                        var key = $"{(reader.IsDBNull(0) ? "?" : reader.GetString(0))}, {reader.GetString(1)}";
                        totals[key] = totals.GetValueOrDefault(key) + reader.GetInt64(2);
                    }
                }
                samples++;
                try
                {
                    await Task.Delay(50, stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
            return samples;
        }

        public async Task<Summary> StopAsync()
        {
            await stop.CancelAsync();
            int samples = await loop;
            return new Summary(samples, [.. totals.Select(t => (t.Key, (double)t.Value / Math.Max(1, samples))).OrderByDescending(t => t.Item2)]);
        }

        public async ValueTask DisposeAsync()
        {
            if (!stop.IsCancellationRequested) await StopAsync();
            stop.Dispose();
        }
    }
}
