using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pacesetter.App.Data;
using Pacesetter.App.Publication;

namespace Pacesetter.WebBench;

/// <summary>
/// bench/race-load.sh: the public posting (张榜公示, anonymous) and the leaderboard of a 500-unit category (signed in)
/// under load — wrk, 2 threads, 64 connections, 30 s — on each database, against nginx serving the same two pages
/// saved as static files, in the same run. Prints requests/s, p50/p95/p99 and the answers that were not 2xx (wrk counts
/// only 4xx/5xx as errors: a lost cookie's redirect to the sign-in page would pass as a fast success; bench/wrk/count.lua
/// counts every status outside 200–299, and prints the 95th percentile that wrk's own summary lacks).
/// Goal (issue #9): no errors, p95 under 50 ms, at least half of nginx's requests/s.
/// </summary>
public static class RaceLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new Dictionary<string, string>
        {
            ["providers"] = Environment.GetEnvironmentVariable("PACESETTER_TEST_PG") is { Length: > 0 } ? "sqlite,postgresql" : "sqlite",
            ["units"] = "500",
            ["indicators"] = "100",
            ["duration"] = "30",
            // Seconds of the same load before each measured run, not counted: the JIT's tiering settles (a server runs for
            // days; its first minute is not its steady state). nginx gets the same.
            ["warmup"] = "20",
            ["connections"] = "64",
            ["threads"] = "2",
            // The pages, {org} and {period} replaced; when another build names them otherwise (the API's results, say).
            ["public-path"] = "/public/{org}/{period}",
            ["board-path"] = "/races/{period}",
            // Seconds to wait after signing in, before measuring, with the address, cookie and process printed: for a profiler.
            ["hold"] = "0",
        };
        if (!Options.Parse(args, options)) return 2;
        int units = Options.Int(options, "units", 14, 5000);
        int indicators = Options.Int(options, "indicators", 1, 500);
        int duration = Options.Int(options, "duration", 1, 600);
        int warmup = Options.Int(options, "warmup", 0, 600);
        int connections = Options.Int(options, "connections", 1, 1000);
        int threads = Options.Int(options, "threads", 1, 64);
        foreach (var tool in new[] { "wrk", "nginx" })
        {
            if (!File.Exists("/usr/bin/" + tool) && !File.Exists("/usr/sbin/" + tool)) throw new BenchFailure($"{tool} is missing: apt-get install wrk nginx-light (bench/race-load.sh installs them)");
        }
        var lua = Path.Combine(AppContext.BaseDirectory, "wrk", "count.lua");
        var pages = new (string Name, string Path, bool SignedIn)[]
        {
            ("public posting", Expand(options["public-path"]), false),
            ("leaderboard", Expand(options["board-path"]), true),
        };
        Console.WriteLine($"organization: {units} units in one category x {indicators} indicators, period {Seed.Period} published; wrk -t{threads} -c{connections} -d{duration}s after {warmup} s of the same load not counted; {Environment.ProcessorCount} cores");
        var rows = new List<(string Server, string Page, WrkResult Result, int Bytes)>();
        var statics = new Dictionary<string, byte[]>();
        var failed = false;
        foreach (var provider in options["providers"].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var temp = Directory.CreateTempSubdirectory("pacesetter-raceload-");
            var pgServer = Environment.GetEnvironmentVariable("PACESETTER_TEST_PG");
            var created = new List<string>();
            try
            {
                var database = await Bench.DatabaseAsync(provider, temp.FullName, pgServer, created);
                var seeding = Stopwatch.StartNew();
                await Seed.RunAsync(database, units, indicators, categories: 1, allApproved: true);
                await PublishAsync(database);
                Console.WriteLine($"\n{database.Provider}: seeded and published in {seeding.Elapsed.TotalSeconds:F1} s");

                await using var app = await global::App.StartAsync(temp.FullName, database);
                var cookies = new CookieContainer();
                using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = app.Address };
                await global::App.SignInAsync(http, Seed.Org, Seed.User, Seed.Password);
                var cookie = cookies.GetCookieHeader(app.Address);
                if (Options.Int(options, "hold", 0, 3600) is > 0 and var hold)
                {
                    Console.WriteLine($"holding {hold} s: {app.Address} process {app.ProcessId} cookie {cookie}");
                    await Task.Delay(TimeSpan.FromSeconds(hold));
                }
                foreach (var (name, path, signedIn) in pages)
                {
                    // The page once, checked: 200, and the same bytes nginx will serve.
                    using var anonymous = new HttpClient { BaseAddress = app.Address };
                    using var response = await (signedIn ? http : anonymous).GetAsync(path);
                    var body = await response.Content.ReadAsByteArrayAsync();
                    if (response.StatusCode != HttpStatusCode.OK) throw new BenchFailure($"GET {path} answered {(int)response.StatusCode}, not 200");
                    statics.TryAdd(name, body);
                    bool pg = database.Provider == DatabaseProvider.PostgreSQL;
                    if (warmup > 0) await WrkAsync(new Uri(app.Address, path), signedIn ? cookie : null, lua, threads, connections, warmup);
                    var cpu0 = Bench.CpuSeconds(app.ProcessId);
                    var backends0 = pg ? await Bench.BackendCpuAsync(database.ConnectionString) : [];
                    var result = await WrkAsync(new Uri(app.Address, path), signedIn ? cookie : null, lua, threads, connections, duration);
                    var cpu = Bench.CpuSeconds(app.ProcessId) - cpu0 + (pg ? Bench.Since(backends0, await Bench.BackendCpuAsync(database.ConnectionString)) : 0);
                    result = result with { CpuPerRequestMs = result.Requests > 0 ? cpu * 1000 / result.Requests : 0 };
                    rows.Add((database.Provider.ToString(), name, result, body.Length));
                    Console.WriteLine(result.Row($"{database.Provider} {name}", body.Length));
                    failed |= !result.MeetsGoal;
                }
            }
            catch (BenchFailure e)
            {
                Console.Error.WriteLine($"race-load ({provider}): FAILED: {e.Message}");
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
        if (statics.Count > 0)
        {
            await using var server = await Nginx.StartAsync(statics);
            foreach (var (name, file) in server.Files)
            {
                if (warmup > 0) await WrkAsync(new Uri(server.Address, file), null, lua, threads, connections, warmup);
                var cpu0 = Bench.TreeCpuSeconds(server.ProcessId);
                var result = await WrkAsync(new Uri(server.Address, file), null, lua, threads, connections, duration);
                var cpu = Bench.TreeCpuSeconds(server.ProcessId) - cpu0;
                result = result with { CpuPerRequestMs = result.Requests > 0 ? cpu * 1000 / result.Requests : 0 };
                rows.Add(("nginx", name, result, statics[name].Length));
                Console.WriteLine(result.Row($"nginx {name} (static file)", statics[name].Length));
            }
        }
        Console.WriteLine($"\nload average {Bench.LoadAverage()}; goal: no errors, p95 < 50 ms, at least half of nginx's requests/s");
        Console.WriteLine($"{"server and page",-36} {"req/s",10} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"non-2xx",8} {"errors",7} {"KB",6} {"cpu ms/req",10}");
        foreach (var (server, page, result, bytes) in rows) Console.WriteLine(result.Row($"{server} {page}{(server == "nginx" ? " (static file)" : "")}", bytes));
        foreach (var (server, page, result, _) in rows.Where(r => r.Server != "nginx"))
        {
            var nginx = rows.FirstOrDefault(r => r.Server == "nginx" && r.Page == page);
            if (nginx.Result is null) continue;
            var share = result.RequestsPerSecond / nginx.Result.RequestsPerSecond;
            Console.WriteLine($"{server} {page}: {share:P0} of nginx's requests/s{(share < 0.5 ? " — below half" : "")}; processor per answer {result.CpuPerRequestMs / nginx.Result.CpuPerRequestMs:F1}x nginx's");
            failed |= share < 0.5;
        }
        return failed ? 1 : 0;

        string Expand(string path) => path.Replace("{org}", Seed.Org, StringComparison.Ordinal).Replace("{period}", Seed.Period, StringComparison.Ordinal);
    }

    /// <summary>Publishes the seeded period (revision 1) and allows its public posting (公开张榜), as the organization's admin would.</summary>
    private static async Task PublishAsync(DatabaseOptions database)
    {
        await using var provider = PublishBench.Services(database);
        using var scope = provider.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PacesetterDb>();
        var org = await db.Organizations.SingleAsync(o => o.Slug == Seed.Org);
        org.PublicPosting = true;
        await db.SaveChangesAsync();
        var outcome = await scope.ServiceProvider.GetRequiredService<PublicationService>().PublishAsync(org.Id, Seed.Period, Seed.User, "基准测试", allowIncomplete: false);
        if (!outcome.IsOk) throw new BenchFailure("publishing the bench's period: " + string.Join("; ", outcome.Problems.Take(3).Select(p => $"{p.Path}: {p.English}")));
    }

    public sealed record WrkResult(double RequestsPerSecond, double P50, double P95, double P99, long Requests, long Non2xx, long Errors)
    {
        /// <summary>The server's processor milliseconds per answer (the app's and PostgreSQL's backends', or nginx's master and workers'): what a loaded machine does not inflate.</summary>
        public double CpuPerRequestMs { get; init; }

        public bool MeetsGoal => Non2xx == 0 && Errors == 0 && P95 < 50;

        public string Row(string name, int bytes) => string.Create(CultureInfo.InvariantCulture,
            $"{name,-36} {RequestsPerSecond,10:F0} {P50,8:F1} {P95,8:F1} {P99,8:F1} {Non2xx,8} {Errors,7} {bytes / 1024.0,6:F0} {CpuPerRequestMs,10:F3}");
    }

    private static async Task<WrkResult> WrkAsync(Uri url, string? cookie, string lua, int threads, int connections, int duration)
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-t", threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture), "-d", $"{duration}s", "--latency", "-s", lua })
        {
            start.ArgumentList.Add(a);
        }
        if (cookie is not null)
        {
            start.ArgumentList.Add("-H");
            start.ArgumentList.Add("Cookie: " + cookie);
        }
        start.ArgumentList.Add(url.ToString());
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await stdout;
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("BENCH ", StringComparison.Ordinal));
        var rate = Regex.Match(text, @"Requests/sec:\s+([\d.]+)");
        if (process.ExitCode != 0 || line is null || !rate.Success) throw new BenchFailure($"wrk failed ({process.ExitCode}): {await stderr}{text}");
        var f = line[6..].Split(' ').Select(p => p.Split('=')).ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture));
        return new WrkResult(double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture), f["p50_us"] / 1000.0, f["p95_us"] / 1000.0, f["p99_us"] / 1000.0,
            f["requests"], f["non2xx"], f["connect"] + f["read"] + f["write"] + f["timeout"]);
    }

    /// <summary>nginx (Debian's nginx-light) on a free loopback port with a configuration of its own in a temporary folder (no system service), serving the pages as static files.</summary>
    private sealed class Nginx : IAsyncDisposable
    {
        private readonly Process process;
        private readonly DirectoryInfo folder;

        private Nginx(Process process, DirectoryInfo folder, Uri address, List<(string, string)> files)
        {
            this.process = process;
            this.folder = folder;
            Address = address;
            Files = files;
        }

        public Uri Address { get; }

        public int ProcessId => process.Id;

        public List<(string Name, string Path)> Files { get; }

        public static async Task<Nginx> StartAsync(Dictionary<string, byte[]> pages)
        {
            var folder = Directory.CreateTempSubdirectory("pacesetter-nginx-");
            var www = Directory.CreateDirectory(Path.Combine(folder.FullName, "www"));
            // nginx's workers run as www-data when its master is root: the folders must be theirs to read (a temporary folder is its owner's only).
            const UnixFileMode readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(folder.FullName, readable);
                File.SetUnixFileMode(www.FullName, readable);
            }
            var files = new List<(string, string)>();
            int i = 0;
            foreach (var (name, body) in pages)
            {
                var file = $"page{++i}.html";
                await File.WriteAllBytesAsync(Path.Combine(www.FullName, file), body);
                files.Add((name, "/" + file));
            }
            int port = FreePort();
            var d = folder.FullName;
            // As a deployment would run it: a worker per core, no access log, sendfile; every temporary path in the folder.
            await File.WriteAllTextAsync(Path.Combine(d, "nginx.conf"), $$"""
                worker_processes auto;
                daemon off;
                master_process on;
                pid {{d}}/nginx.pid;
                error_log {{d}}/error.log warn;
                events { worker_connections 1024; }
                http {
                    access_log off;
                    sendfile on;
                    tcp_nopush on;
                    keepalive_requests 1000000;
                    types { text/html html; }
                    default_type text/html;
                    charset utf-8;
                    client_body_temp_path {{d}}/client;
                    proxy_temp_path {{d}}/proxy;
                    fastcgi_temp_path {{d}}/fastcgi;
                    uwsgi_temp_path {{d}}/uwsgi;
                    scgi_temp_path {{d}}/scgi;
                    server {
                        listen 127.0.0.1:{{port}};
                        root {{www.FullName}};
                    }
                }
                """);
            var start = new ProcessStartInfo("/usr/sbin/nginx") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "-p", d, "-c", Path.Combine(d, "nginx.conf"), "-e", Path.Combine(d, "error.log") }) start.ArgumentList.Add(a);
            var process = Process.Start(start)!;
            var nginx = new Nginx(process, folder, new Uri($"http://127.0.0.1:{port}/"), files);
            using var probe = new HttpClient();
            for (int k = 0; k < 100; k++)
            {
                try
                {
                    using var r = await probe.GetAsync(new Uri(nginx.Address, files[0].Item2));
                    if (r.IsSuccessStatusCode) return nginx;
                }
                catch (HttpRequestException)
                {
                }
                if (process.HasExited) break;
                await Task.Delay(100);
            }
            var log = File.Exists(Path.Combine(d, "error.log")) ? await File.ReadAllTextAsync(Path.Combine(d, "error.log")) : "";
            await nginx.DisposeAsync();
            throw new BenchFailure("nginx did not serve the page: " + log[..Math.Min(log.Length, 2000)]);
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                // TERM to the master: it stops and reaps its workers (a KILL would leave them to whoever adopts them).
                using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])) await term.WaitForExitAsync();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }
            process.Dispose();
            folder.Delete(recursive: true);
        }
    }
}
