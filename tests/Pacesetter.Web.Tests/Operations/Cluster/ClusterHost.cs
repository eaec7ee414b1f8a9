using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Pacesetter.Web.Tests.Operations.Cluster;

/// <summary>
/// Several instances of the built application (<c>src/Pacesetter.Web/bin/Release/net10.0/Pacesetter.Web.dll</c>, each its
/// own process on a loopback port) on one PostgreSQL database, behind nginx started with <c>deploy/nginx/pacesetter.conf</c>
/// itself — its upstream ports, listen address and static root replaced, nothing else (issue #13, "Proof").
/// </summary>
public sealed partial class ClusterHost : IAsyncDisposable
{
    private readonly List<Node> nodes = [];
    private readonly DirectoryInfo folder;
    private Process? nginx;

    private ClusterHost(DirectoryInfo folder, IReadOnlyDictionary<string, string?> settings)
    {
        this.folder = folder;
        Settings = settings;
    }

    public IReadOnlyDictionary<string, string?> Settings { get; }

    public IReadOnlyList<Node> Nodes => nodes;

    /// <summary>nginx's address: what a person's browser talks to.</summary>
    public Uri Address { get; private set; } = null!;

    public static string Root => Localization.ChinaTimeTests.Root();

    /// <summary>One instance: its process, port and the name it gives PostgreSQL (<c>Application Name</c>) and Quartz.</summary>
    public sealed class Node(string name, int port, Process process, StringBuilder log)
    {
        public string Name { get; } = name;
        public int Port { get; } = port;
        public Process Process { get; } = process;
        public Uri Address { get; } = new($"http://127.0.0.1:{port}/");
        public bool Alive => !Process.HasExited;

        public string Log
        {
            get
            {
                lock (log) return log.ToString();
            }
        }

        /// <summary>kill -9: no shutdown, no goodbye to PostgreSQL or to the Quartz cluster.</summary>
        public void Kill()
        {
            using var kill = Process.Start("kill", ["-9", Process.Id.ToString(CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
            Process.WaitForExit();
        }
    }

    /// <summary>Starts <paramref name="count"/> instances on the database of <paramref name="settings"/> (one after another, each ready before the next), then nginx in front.</summary>
    public static async Task<ClusterHost> StartAsync(IReadOnlyDictionary<string, string?> settings, int count, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var host = new ClusterHost(Directory.CreateTempSubdirectory("pacesetter-cluster-"), settings);
        try
        {
            for (int i = 1; i <= count; i++) await host.StartNodeAsync($"node-{i}", extra);
            await host.StartNginxAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private async Task StartNodeAsync(string name, IReadOnlyDictionary<string, string?>? extra)
    {
        int port = FreePort();
        var web = Path.Combine(Root, "src", "Pacesetter.Web");
        var dll = Path.Combine(web, "bin", "Release", "net10.0", "Pacesetter.Web.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: build the solution in Release first (test.sh does)");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = web,
        };
        start.ArgumentList.Add(dll);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_", StringComparison.Ordinal)
            || k is "PACESETTER_DATA" || k.Contains("__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }
        foreach (var (k, v) in Settings) start.Environment[k.Replace(":", "__", StringComparison.Ordinal)] = v;
        // Each node names itself to PostgreSQL, so that a test can tell whose backend holds or waits for a lock.
        foreach (var key in new[] { "ConnectionStrings__Pacesetter", "ConnectionStrings__PacesetterOwner" })
        {
            if (start.Environment.TryGetValue(key, out var cs) && cs is { Length: > 0 })
            {
                start.Environment[key] = new Npgsql.NpgsqlConnectionStringBuilder(cs) { ApplicationName = "pacesetter-" + name }.ConnectionString;
            }
        }
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Demo"] = "false";
        start.Environment["PACESETTER_DATA"] = folder.FullName;
        start.Environment["Supervision__Scheduler__InstanceId"] = name;
        start.Environment["Supervision__Scheduler__CheckinSeconds"] = "2";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) start.Environment[k.Replace(":", "__", StringComparison.Ordinal)] = v;
        var process = Process.Start(start)!;
        var log = new StringBuilder();
        void Append(object _, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lock (log)
            {
                if (log.Length < 200_000) log.AppendLine(e.Data);
            }
        }
        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var node = new Node(name, port, process, log);
        nodes.Add(node);
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        for (int i = 0; i < 240; i++)
        {
            if (process.HasExited) break;
            try
            {
                if ((await probe.GetAsync(new Uri(node.Address, "/readyz"))).StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(250);
        }
        throw new InvalidOperationException($"{name} did not become ready:\n{node.Log}");
    }

    /// <summary>The deploy folder's nginx configuration as the tests run it: the instances' ports, a loopback port to listen on, and the static root replaced.</summary>
    public static string NginxSite(IReadOnlyList<int> ports, int listen, string wwwroot)
    {
        var site = File.ReadAllText(Path.Combine(Root, "deploy", "nginx", "pacesetter.conf"));
        // Two groups name the same instances: every request's least busy one, and an organization's writes by its code.
        var servers = UpstreamServer().Matches(site);
        if (servers.Count != 2 * ports.Count) throw new InvalidOperationException($"deploy/nginx/pacesetter.conf names {servers.Count} servers in its two groups; the test starts {ports.Count} instances");
        int n = 0;
        site = UpstreamServer().Replace(site, m => $"server 127.0.0.1:{ports[n++ % ports.Count]}{m.Groups[1].Value};");
        Replace(ref site, "listen 80;", $"listen 127.0.0.1:{listen};");
        Replace(ref site, "/opt/pacesetter/wwwroot", wwwroot);
        return site;

        static void Replace(ref string text, string what, string with)
        {
            if (!text.Contains(what, StringComparison.Ordinal)) throw new InvalidOperationException($"deploy/nginx/pacesetter.conf no longer holds \"{what}\"");
            text = text.Replace(what, with, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex(@"server 127\.0\.0\.1:\d+([^;]*);")]
    private static partial Regex UpstreamServer();

    private async Task StartNginxAsync()
    {
        var d = folder.FullName;
        // nginx's workers run as www-data under a root master: the static files are copied where they may read them.
        var www = Path.Combine(d, "wwwroot");
        CopyTree(Path.Combine(Root, "src", "Pacesetter.Web", "wwwroot"), www);
        foreach (var path in Directory.EnumerateFileSystemEntries(d, "*", SearchOption.AllDirectories).Prepend(d))
        {
            if (OperatingSystem.IsWindows()) break;
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.GroupRead | UnixFileMode.OtherRead
                | (Directory.Exists(path) ? UnixFileMode.GroupExecute | UnixFileMode.OtherExecute : 0));
        }
        int port = FreePort();
        await File.WriteAllTextAsync(Path.Combine(d, "pacesetter.conf"), NginxSite([.. nodes.Select(n => n.Port)], port, www));
        await File.WriteAllTextAsync(Path.Combine(d, "nginx.conf"), $$"""
            worker_processes 2;
            daemon off;
            master_process on;
            pid {{d}}/nginx.pid;
            error_log {{d}}/error.log warn;
            events { worker_connections 1024; }
            http {
                include /etc/nginx/mime.types;
                default_type application/octet-stream;
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
        var start = new ProcessStartInfo("/usr/sbin/nginx") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-p", d, "-c", Path.Combine(d, "nginx.conf"), "-e", Path.Combine(d, "error.log") }) start.ArgumentList.Add(a);
        nginx = Process.Start(start)!;
        Address = new Uri($"http://127.0.0.1:{port}/");
        using var probe = new HttpClient();
        for (int i = 0; i < 100; i++)
        {
            try
            {
                if ((await probe.GetAsync(new Uri(Address, "/healthz"))).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }
            if (nginx.HasExited) break;
            await Task.Delay(100);
        }
        var error = File.Exists(Path.Combine(d, "error.log")) ? await File.ReadAllTextAsync(Path.Combine(d, "error.log")) : "";
        throw new InvalidOperationException("nginx did not start: " + error + await nginx.StandardError.ReadToEndAsync());
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories)) Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories)) File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The requests a node has answered so far, and the POSTs among them (its /metrics, asked directly: http_server_request_duration_seconds_count), the metrics scrape itself left out.</summary>
    public static async Task<(long All, long Posts)> RequestsServedAsync(Node node)
    {
        // The Prometheus exporter answers a scrape from its last one for 300 ms: the counts asked for are newer.
        await Task.Delay(350);
        using var http = new HttpClient();
        var text = await http.GetStringAsync(new Uri(node.Address, "/metrics"));
        long all = 0, posts = 0;
        foreach (Match m in RequestCount().Matches(text))
        {
            if (m.Value.Contains("http_route=\"/metrics\"", StringComparison.Ordinal)) continue;
            long n = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            all += n;
            if (m.Value.Contains("http_request_method=\"POST\"", StringComparison.Ordinal)) posts += n;
        }
        return (all, posts);
    }

    /// <summary>The sum of a counter's samples on a node that carry <paramref name="label"/> (0 when it has never been added to), e.g. pacesetter_jobs_completed_total with job="month-end-cards".</summary>
    public static async Task<long> CounterAsync(Node node, string name, string label)
    {
        using var http = new HttpClient();
        var text = await http.GetStringAsync(new Uri(node.Address, "/metrics"));
        long total = 0;
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(name + "{", StringComparison.Ordinal) || !line[..line.IndexOf('}')].Contains(label, StringComparison.Ordinal)) continue;
            var value = line[(line.LastIndexOf(' ') + 1)..];
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) total += (long)v;
        }
        return total;
    }

    // A route's template has braces of its own (orgs/{org}/…): the labels run to the line's last "} ".
    [GeneratedRegex(@"^http_server_request_duration_seconds_count\{.*\} (\d+)$", RegexOptions.Multiline)]
    private static partial Regex RequestCount();

    public async ValueTask DisposeAsync()
    {
        if (nginx is { HasExited: false })
        {
            using (var term = Process.Start("kill", ["-TERM", nginx.Id.ToString(CultureInfo.InvariantCulture)])) await term.WaitForExitAsync();
            if (!nginx.WaitForExit(10_000)) nginx.Kill(entireProcessTree: true);
        }
        nginx?.Dispose();
        foreach (var node in nodes)
        {
            if (node.Alive)
            {
                using (var term = Process.Start("kill", ["-TERM", node.Process.Id.ToString(CultureInfo.InvariantCulture)])) await term.WaitForExitAsync();
                if (!node.Process.WaitForExit(30_000)) node.Process.Kill(entireProcessTree: true);
            }
            node.Process.Dispose();
        }
        Npgsql.NpgsqlConnection.ClearAllPools();
        try
        {
            folder.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
