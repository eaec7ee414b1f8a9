using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pacesetter.App.Accounts;
using Pacesetter.App.Data;
using Pacesetter.App.Publication;

namespace Pacesetter.WebBench;

/// <summary>
/// bench/cluster-load.sh (issue #13, Proof): one PostgreSQL database seeded with an organization of --units units, its
/// period published and posted, then a correction opened so that its data may be written again; for each count of
/// instances (--instances 1,3) the built application that many times behind nginx started from deploy/nginx/pacesetter.conf,
/// and --clients clients for --duration seconds through nginx on a mix: the public posting (anonymous), the
/// leaderboard (signed in) and reporters saving data through the API (one datum per client, its version followed, so
/// that every save is a real write that succeeds). Prints requests/s and p50/p95 of reads and writes, the answers that
/// were not 2xx, and the ratio of throughputs. With --restart-at S, PostgreSQL is restarted S seconds into the last
/// run (pg_ctlcluster … restart): the answers during the outage are counted by status, and every acknowledged save is
/// looked for in the database afterwards.
/// </summary>
public static partial class ClusterLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new Dictionary<string, string>
        {
            ["instances"] = "1,3",
            ["units"] = "100",
            ["indicators"] = "20",
            ["duration"] = "60",
            ["warmup"] = "15",
            ["clients"] = "64",
            ["writes-per-100"] = "10",
            ["restart-at"] = "0",
            ["vacuum"] = "0",
        };
        if (!Options.Parse(args, options)) return 2;
        int units = Options.Int(options, "units", 64, 5000);
        int indicators = Options.Int(options, "indicators", 2, 500);
        int duration = Options.Int(options, "duration", 5, 600);
        int warmup = Options.Int(options, "warmup", 0, 600);
        int clients = Options.Int(options, "clients", 1, 1000);
        int writes = Options.Int(options, "writes-per-100", 0, 100);
        int restartAt = Options.Int(options, "restart-at", 0, 600);
        bool vacuum = Options.Int(options, "vacuum", 0, 1) == 1;
        var server = Environment.GetEnvironmentVariable("PACESETTER_TEST_PG") is { Length: > 0 } s ? s : throw new BenchFailure("cluster-load needs PACESETTER_TEST_PG");
        var temp = Directory.CreateTempSubdirectory("pacesetter-cluster-load-");
        var created = new List<string>();
        var failed = false;
        var rows = new List<(int Instances, Result Result)>();
        try
        {
            var database = await Bench.DatabaseAsync("postgresql", temp.FullName, server, created);
            await Seed.RunAsync(database, units, indicators, categories: 1, allApproved: true);
            var (token, orgId) = await PrepareAsync(database);
            Console.WriteLine($"organization: {units} units x {indicators} indicators, {Seed.Period} published and posted, a correction open; {clients} clients, {writes}% saves; {Environment.ProcessorCount} cores");
            var counts = options["instances"].Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList();
            foreach (var n in counts)
            {
                var apps = new List<global::App>();
                try
                {
                    for (int i = 0; i < n; i++) apps.Add(await global::App.StartAsync(temp.FullName, database));
                    await using var nginx = await Nginx.StartAsync(apps.Select(a => a.Address.Port).ToList());
                    var cookie = await CookieAsync(nginx.Address);
                    bool last = n == counts[^1];
                    if (vacuum) await VacuumAsync(database);
                    if (warmup > 0) await LoadAsync(nginx.Address, cookie, token, database, clients, writes, warmup, 0, units, indicators);
                    var result = await LoadAsync(nginx.Address, cookie, token, database, clients, writes, duration, last ? restartAt : 0, units, indicators);
                    rows.Add((n, result));
                    Console.WriteLine(result.Row(n));
                    Console.WriteLine(await TablesAsync(database));
                    failed |= result.Lost > 0 || (restartAt == 0 || !last) && (result.Non2xx > 0 || result.ReadP95 >= 100 || result.WriteP95 >= 200);
                }
                finally
                {
                    foreach (var app in apps) await app.DisposeAsync();
                }
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            foreach (var db in created) await Bench.DropPgDatabaseAsync(server, db);
            temp.Delete(recursive: true);
        }
        Console.WriteLine($"\nload average {Bench.LoadAverage()}; goal: 0 errors, p95 < 100 ms reads, < 200 ms writes, 3 instances >= 1.8x one");
        Console.WriteLine(Result.Header);
        foreach (var (n, r) in rows) Console.WriteLine(r.Row(n));
        if (rows.Count >= 2) Console.WriteLine($"throughput {rows[^1].Instances} instances / {rows[0].Instances}: {rows[^1].Result.PerSecond / rows[0].Result.PerSecond:F2}x");
        return failed ? 1 : 0;
    }

    /// <summary><c>VACUUM ANALYZE</c> of the whole database as its owner (--vacuum 1: before each run, to tell dead rows' cost from the rest).</summary>
    private static async Task VacuumAsync(DatabaseOptions database)
    {
        await using var connection = new NpgsqlConnection(database.OwnerConnectionString ?? database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("VACUUM ANALYZE", connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The written tables' live and dead rows and size after a run: what a slower next run may owe to them.</summary>
    private static async Task<string> TablesAsync(DatabaseOptions database)
    {
        await using var connection = new NpgsqlConnection(database.OwnerConnectionString ?? database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT relname, n_live_tup, n_dead_tup, pg_total_relation_size(relid), COALESCE(last_autovacuum::text, 'never')
            FROM pg_stat_user_tables WHERE relname IN ('datum_entries', 'audit_entries') ORDER BY relname
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add($"  {reader.GetString(0)}: {reader.GetInt64(1)} live, {reader.GetInt64(2)} dead rows, {reader.GetInt64(3) / 1024 / 1024} MiB, autovacuum {reader.GetString(4)}");
        }
        return string.Join('\n', lines);
    }

    /// <summary>Allows the posting, publishes the period (revision 1), opens a correction, and gives the bench user an API token.</summary>
    private static async Task<(string Token, int OrgId)> PrepareAsync(DatabaseOptions database)
    {
        await using var provider = PublishBench.Services(database);
        using var scope = provider.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PacesetterDb>();
        var org = await db.Organizations.SingleAsync(o => o.Slug == Seed.Org);
        org.PublicPosting = true;
        await db.SaveChangesAsync();
        var publications = scope.ServiceProvider.GetRequiredService<PublicationService>();
        if (!(await publications.PublishAsync(org.Id, Seed.Period, Seed.User, "基准测试", allowIncomplete: false)).IsOk) throw new BenchFailure("publishing failed");
        if (!(await publications.OpenCorrectionAsync(org.Id, Seed.Period, Seed.User, "基准测试：保存数据")).IsOk) throw new BenchFailure("opening a correction failed");
        var userId = await db.Users.Where(u => u.UserName == Seed.User).Select(u => u.Id).SingleAsync();
        var tokens = ActivatorUtilities.CreateInstance<ApiTokenService>(scope.ServiceProvider);
        var issued = await tokens.CreateAsync(org.Id, userId, "cluster-load", Seed.User);
        return (issued.IsOk ? issued.Value!.Token : throw new BenchFailure("no token"), org.Id);
    }

    private static async Task<string> CookieAsync(Uri address)
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = address };
        await global::App.SignInAsync(http, Seed.Org, Seed.User, Seed.Password);
        return cookies.GetCookieHeader(address);
    }

    public sealed record Result(double PerSecond, long Reads, long Writes, double ReadP50, double ReadP95, double WriteP50, double WriteP95, long Non2xx,
        IReadOnlyDictionary<int, long> Statuses, long Acknowledged, long Lost)
    {
        public const string Header = "instances   req/s   reads  writes  read p50  read p95  write p50  write p95  non-2xx  statuses  acknowledged saves  lost";

        public string Row(int n) => string.Create(CultureInfo.InvariantCulture,
            $"{n,9} {PerSecond,7:F0} {Reads,7} {Writes,7} {ReadP50,9:F1} {ReadP95,9:F1} {WriteP50,10:F1} {WriteP95,10:F1} {Non2xx,8}  {string.Join(',', Statuses.OrderBy(k => k.Key).Select(k => $"{k.Key}:{k.Value}"))}  {Acknowledged,10} {Lost,6}");
    }

    private static async Task<Result> LoadAsync(Uri address, string cookie, string token, DatabaseOptions database, int clients, int writesPer100, int seconds,
        int restartAt, int units, int indicators)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var http = new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        var reads = new List<double>[clients];
        var writes = new List<double>[clients];
        var statuses = new Dictionary<int, long>[clients];
        var acknowledged = new (string Unit, string Indicator, int Version, int Acked, int Unanswered)[clients];
        var stop = DateTime.UtcNow.AddSeconds(seconds);
        var clock = Stopwatch.StartNew();
        Task? restart = restartAt > 0 ? Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(restartAt));
            var cluster = (await Shell("pg_lsclusters -h")).Split('\n', StringSplitOptions.RemoveEmptyEntries).First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var t = Stopwatch.StartNew();
            await Shell($"pg_ctlcluster {cluster[0]} {cluster[1]} restart");
            Console.WriteLine($"  PostgreSQL restarted at {restartAt} s ({t.Elapsed.TotalSeconds:F1} s)");
        }) : null;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            reads[c] = [];
            writes[c] = [];
            statuses[c] = [];
            // Each client saves its own datum: a unit and an efficacy indicator (odd index: a plain number) of its own.
            var unit = Seed.UnitCode(c % units);
            var indicator = Seed.IndicatorId((1 + 2 * (c / units)) % indicators);
            int version = await VersionAsync(database, unit, indicator);
            int start = version, acked = 0, unanswered = 0;
            for (long k = c; DateTime.UtcNow < stop; k++)
            {
                bool write = k % 100 < writesPer100;
                HttpRequestMessage request;
                if (write)
                {
                    request = new HttpRequestMessage(HttpMethod.Put, $"/api/orgs/{Seed.Org}/periods/{Seed.Period}/data/{unit}/{indicator}")
                    {
                        Content = new StringContent($"{{\"value\": {50 + k % 50}, \"version\": {version}, \"submit\": false}}", Encoding.UTF8, "application/json"),
                    };
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }
                else if (k % 2 == 0)
                {
                    request = new HttpRequestMessage(HttpMethod.Get, $"/public/{Seed.Org}/{Seed.Period}");
                }
                else
                {
                    request = new HttpRequestMessage(HttpMethod.Get, $"/races/{Seed.Period}");
                    request.Headers.Add("Cookie", cookie);
                }
                var t0 = clock.Elapsed.TotalMilliseconds;
                int status;
                string body = "";
                try
                {
                    using var response = await http.SendAsync(request);
                    status = (int)response.StatusCode;
                    if (write) body = await response.Content.ReadAsStringAsync();
                    else await response.Content.CopyToAsync(Stream.Null);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    status = 0;
                }
                var ms = clock.Elapsed.TotalMilliseconds - t0;
                (write ? writes[c] : reads[c]).Add(ms);
                statuses[c][status] = statuses[c].GetValueOrDefault(status) + 1;
                if (write)
                {
                    if (status == 200 && VersionField().Match(body) is { Success: true } m)
                    {
                        version = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                        acked++;
                    }
                    else
                    {
                        unanswered++;
                        version = await VersionAsync(database, unit, indicator);
                    }
                }
            }
            acknowledged[c] = (unit, indicator, start, acked, unanswered);
        }));
        var elapsed = clock.Elapsed.TotalSeconds;
        if (restart is not null) await restart;
        // Every acknowledged save is in the database: its datum's version moved by at least the saves acknowledged.
        long lost = 0;
        foreach (var (unit, indicator, start, acked, unanswered) in acknowledged)
        {
            int now = await VersionAsync(database, unit, indicator);
            if (now - start < acked) lost += acked - (now - start);
        }
        var allReads = reads.SelectMany(r => r).Order().ToList();
        var allWrites = writes.SelectMany(w => w).Order().ToList();
        var merged = statuses.SelectMany(d => d).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Sum(p => p.Value));
        return new Result((allReads.Count + allWrites.Count) / elapsed, allReads.Count, allWrites.Count, P(allReads, 0.5), P(allReads, 0.95), P(allWrites, 0.5), P(allWrites, 0.95),
            merged.Where(p => p.Key is < 200 or > 299).Sum(p => p.Value), merged, acknowledged.Sum(a => (long)a.Acked), lost);
    }

    private static double P(List<double> sorted, double q) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

    [GeneratedRegex("\"version\"\\s*:\\s*(\\d+)")]
    private static partial Regex VersionField();

    private static async Task<int> VersionAsync(DatabaseOptions database, string unit, string indicator)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                await using var db = new PacesetterDb(database.Build());
                return await db.DatumEntries.Where(d => d.Period == Seed.Period && d.UnitCode == unit && d.IndicatorId == indicator).Select(d => d.Version).SingleAsync();
            }
            catch (Exception e) when (attempt < 60 && Outages.IsOutage(e))
            {
                await Task.Delay(500);
            }
        }
    }

    private static async Task<string> Shell(string command)
    {
        var start = new ProcessStartInfo("bash", ["-c", command]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return text;
    }

    /// <summary>nginx with deploy/nginx/pacesetter.conf: its upstream servers replaced by the instances' ports, a free loopback port to listen on.</summary>
    private sealed class Nginx : IAsyncDisposable
    {
        private readonly Process process;
        private readonly DirectoryInfo folder;

        private Nginx(Process process, DirectoryInfo folder, Uri address)
        {
            this.process = process;
            this.folder = folder;
            Address = address;
        }

        public Uri Address { get; }

        public static async Task<Nginx> StartAsync(IReadOnlyList<int> ports)
        {
            var root = AppContext.BaseDirectory;
            while (!File.Exists(Path.Combine(root, "Pacesetter.slnx"))) root = Path.GetDirectoryName(root.TrimEnd('/'))!;
            var site = await File.ReadAllTextAsync(Path.Combine(root, "deploy", "nginx", "pacesetter.conf"));
            var servers = string.Join("\n    ", ports.Select(p => $"server 127.0.0.1:{p} max_fails=3 fail_timeout=10s;"));
            site = Regex.Replace(site, @"(\s*server 127\.0\.0\.1:\d+[^;]*;)+", "\n    " + servers);
            var folder = Directory.CreateTempSubdirectory("pacesetter-cluster-nginx-");
            int port;
            using (var listener = new TcpListener(IPAddress.Loopback, 0))
            {
                listener.Start();
                port = ((IPEndPoint)listener.LocalEndpoint).Port;
            }
            site = site.Replace("listen 80;", $"listen 127.0.0.1:{port};", StringComparison.Ordinal)
                .Replace("/opt/pacesetter/wwwroot", Path.Combine(root, "src", "Pacesetter.Web", "wwwroot"), StringComparison.Ordinal);
            var d = folder.FullName;
            await File.WriteAllTextAsync(Path.Combine(d, "pacesetter.conf"), site);
            await File.WriteAllTextAsync(Path.Combine(d, "nginx.conf"), $$"""
                user root;
                worker_processes auto;
                daemon off;
                pid {{d}}/nginx.pid;
                error_log {{d}}/error.log warn;
                events { worker_connections 4096; }
                http {
                    include /etc/nginx/mime.types;
                    access_log off;
                    sendfile on;
                    client_body_temp_path {{d}}/client;
                    proxy_temp_path {{d}}/proxy;
                    fastcgi_temp_path {{d}}/fastcgi;
                    uwsgi_temp_path {{d}}/uwsgi;
                    scgi_temp_path {{d}}/scgi;
                    include {{d}}/pacesetter.conf;
                }
                """);
            var start = new ProcessStartInfo("/usr/sbin/nginx") { UseShellExecute = false, RedirectStandardError = true };
            foreach (var a in new[] { "-p", d, "-c", Path.Combine(d, "nginx.conf"), "-e", Path.Combine(d, "error.log") }) start.ArgumentList.Add(a);
            var nginx = new Nginx(Process.Start(start)!, folder, new Uri($"http://127.0.0.1:{port}/"));
            using var probe = new HttpClient();
            for (int i = 0; i < 100; i++)
            {
                try
                {
                    if ((await probe.GetAsync(new Uri(nginx.Address, "/healthz"))).IsSuccessStatusCode) return nginx;
                }
                catch (HttpRequestException)
                {
                }
                await Task.Delay(100);
            }
            await nginx.DisposeAsync();
            throw new BenchFailure("nginx did not start");
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])) await term.WaitForExitAsync();
                if (!process.WaitForExit(10_000)) process.Kill(entireProcessTree: true);
            }
            process.Dispose();
            folder.Delete(recursive: true);
        }
    }
}
