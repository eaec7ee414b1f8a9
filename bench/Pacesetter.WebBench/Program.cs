using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;
using Pacesetter.App.Data;
using Pacesetter.Web;
using Pacesetter.WebBench;

// bench/publish.sh → `publish` (PublishBench), its child `publish-once`, and `sql-only` (SqlFormulation);
// bench/race-load.sh → `race-load` (RaceLoad); bench/month-end.sh → `month-end` (MonthEndBench);
// bench/survey-cast.sh → `survey-cast` (SurveyCast); bench/survey-tally.sh → `survey-tally` (SurveyTallyBench); otherwise bench/web.sh:
switch (args.FirstOrDefault())
{
    case "publish": return await Run(() => PublishBench.RunAsync(args[1..]));
    case "publish-once": return await Run(() => PublishBench.OnceAsync(args[1..]));
    case "publish-phases": return await Run(() => PublishPhases.RunAsync(args[1..]));
    case "sql-only": return await Run(() => SqlFormulation.SqlOnlyAsync(args[1..]));
    case "race-load": return await Run(() => RaceLoad.RunAsync(args[1..]));
    case "month-end": return await Run(() => MonthEndBench.RunAsync(args[1..]));
    case "survey-cast": return await Run(() => SurveyCast.RunAsync(args[1..]));
    case "survey-tally": return await Run(() => SurveyTallyBench.RunAsync(args[1..]));
    case "cluster-load": return await Run(() => ClusterLoad.RunAsync(args[1..]));
}

// bench/web.sh [--requests N] [--warmup N] [--units N] [--indicators N] [--providers sqlite,postgresql] [--entry-query Q]
// Seeds the organization "bench" (Seed.cs) in a fresh database per provider, starts the built web application on a
// free loopback port, signs in as its admin and times N sequential requests of each page after a warm-up. Any answer
// other than 200 stops the run with exit 1: a page that does not exist is not measured as a fast one.
var options = new Dictionary<string, string>
{
    ["requests"] = "200",
    ["warmup"] = "20",
    ["units"] = "500",
    ["indicators"] = "100",
    ["providers"] = Environment.GetEnvironmentVariable("PACESETTER_TEST_PG") is { Length: > 0 } ? "sqlite,postgresql" : "sqlite",
    // The data-entry page shows one unit; its query names the unit ({unit} is replaced).
    ["entry-query"] = "?unit={unit}",
};
for (int i = 0; i < args.Length; i++)
{
    if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length || !options.ContainsKey(args[i][2..]))
    {
        Console.Error.WriteLine($"web bench: unknown or incomplete option {args[i]}; options: {string.Join(", ", options.Keys.Select(k => "--" + k))}");
        return 2;
    }
    options[args[i][2..]] = args[++i];
}
int requests = int.Parse(options["requests"], CultureInfo.InvariantCulture);
int warmup = int.Parse(options["warmup"], CultureInfo.InvariantCulture);
int units = int.Parse(options["units"], CultureInfo.InvariantCulture);
int indicators = int.Parse(options["indicators"], CultureInfo.InvariantCulture);
var unit = Seed.UnitCode(units / 2);
var pages = new (string Name, string Path)[]
{
    ("home", "/"),
    ("entry (one unit)", Routes.Entry(Seed.Org, Seed.Period) + options["entry-query"].Replace("{unit}", unit, StringComparison.Ordinal)),
    ("matrix", Routes.Matrix(Seed.Org, Seed.Period)),
    ("preview", Routes.Preview(Seed.Org, Seed.Period)),
};

Console.WriteLine($"organization: {units} units x {indicators} indicators, period {Seed.Period}; {warmup} warm-up + {requests} timed requests per page, one at a time");
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}");
var failed = false;
foreach (var provider in options["providers"].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
{
    try
    {
        await RunProvider(provider);
    }
    catch (Exception e)
    {
        Console.Error.WriteLine($"web bench ({provider}): FAILED: {(e is BenchFailure ? e.Message : e.ToString())}");
        failed = true;
    }
}
return failed ? 1 : 0;

static async Task<int> Run(Func<Task<int>> bench)
{
    try
    {
        return await bench();
    }
    catch (BenchFailure e)
    {
        Console.Error.WriteLine("bench: FAILED: " + e.Message);
        return 1;
    }
}

async Task RunProvider(string provider)
{
    var temp = Directory.CreateTempSubdirectory("pacesetter-webbench-");
    string? pgDatabase = null;
    string? pgServer = null;
    try
    {
        DatabaseOptions database;
        if (provider.Equals("sqlite", StringComparison.OrdinalIgnoreCase))
        {
            database = new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(temp.FullName, "bench.db")}");
        }
        else if (provider.Equals("postgresql", StringComparison.OrdinalIgnoreCase))
        {
            pgServer = Environment.GetEnvironmentVariable("PACESETTER_TEST_PG") is { Length: > 0 } s ? s : throw new BenchFailure("PostgreSQL needs PACESETTER_TEST_PG (bench/web.sh sets it when test.sh's server runs)");
            pgDatabase = "pacesetter_bench_" + Guid.NewGuid().ToString("N")[..8];
            await using (var conn = new NpgsqlConnection(pgServer))
            {
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand($"CREATE DATABASE {pgDatabase}", conn) { CommandTimeout = 300 };
                await cmd.ExecuteNonQueryAsync();
            }
            database = new DatabaseOptions(DatabaseProvider.PostgreSQL, new NpgsqlConnectionStringBuilder(pgServer) { Database = pgDatabase }.ConnectionString);
        }
        else
        {
            throw new BenchFailure($"unknown provider {provider} (sqlite or postgresql)");
        }

        var seeding = Stopwatch.StartNew();
        await Seed.RunAsync(database, units, indicators);
        Console.WriteLine($"\n{database.Provider}: seeded in {seeding.Elapsed.TotalSeconds:F1} s");

        await using var app = await App.StartAsync(temp.FullName, database);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = app.Address,
            Timeout = TimeSpan.FromMinutes(2),
        };
        await SignIn(http);

        Console.WriteLine($"{"page",-18} {"p50 ms",8} {"p95 ms",8} {"mean ms",8} {"max ms",8} {"KB",8}");
        foreach (var (name, path) in pages)
        {
            long bytes = 0;
            for (int i = 0; i < warmup; i++) bytes = await Get(http, path);
            var times = new double[requests];
            for (int i = 0; i < requests; i++)
            {
                var watch = Stopwatch.StartNew();
                bytes = await Get(http, path);
                times[i] = watch.Elapsed.TotalMilliseconds;
            }
            Array.Sort(times);
            Console.WriteLine($"{name,-18} {Percentile(times, 50),8:F1} {Percentile(times, 95),8:F1} {times.Average(),8:F1} {times[^1],8:F1} {bytes / 1024.0,8:F0}");
        }
    }
    finally
    {
        if (pgDatabase is not null && pgServer is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(pgServer);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {pgDatabase} WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        temp.Delete(recursive: true);
    }
}

static double Percentile(double[] sorted, int p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];

static async Task<long> Get(HttpClient http, string path)
{
    using var response = await http.GetAsync(path);
    var body = await response.Content.ReadAsByteArrayAsync();
    if (response.StatusCode != HttpStatusCode.OK)
    {
        throw new BenchFailure($"GET {path} answered {(int)response.StatusCode} {response.StatusCode}{(response.Headers.Location is { } l ? " → " + l : "")}, not 200");
    }
    return body.Length;
}

static Task SignIn(HttpClient http) => App.SignInAsync(http, Seed.Org, Seed.User, Seed.Password);

internal sealed class BenchFailure(string message) : Exception(message);

/// <summary>The built Pacesetter.Web as a child process on a free loopback port, Production settings.</summary>
internal sealed class App : IAsyncDisposable
{
    private readonly Process process;

    private App(Process process, Uri address)
    {
        this.process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The application's process id (its processor time: bench/race-load.sh).</summary>
    public int ProcessId => process.Id;

    /// <summary>Signs in through the login form (its antiforgery token), leaving the cookie in the client's container.</summary>
    public static async Task SignInAsync(HttpClient http, string org, string user, string password)
    {
        var page = await http.GetStringAsync("/Account/Login");
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var response = await http.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Org"] = org,
            ["UserName"] = user,
            ["Password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect) throw new BenchFailure($"sign-in as {user} answered {(int)response.StatusCode}, not a redirect");
    }

    /// <param name="environment">Variables added to the application's environment (a bench's settings, e.g. <c>Surveys__BallotRequestsPerMinute</c>).</param>
    /// <param name="webDll">Another build's Pacesetter.Web.dll (a baseline run side by side); by default the one built beside the bench.</param>
    public static async Task<App> StartAsync(string workingDirectory, DatabaseOptions database, IReadOnlyDictionary<string, string>? environment = null, string? webDll = null)
    {
        var dll = webDll ?? Path.Combine(AppContext.BaseDirectory, "Pacesetter.Web.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var a in new[] { dll, "--urls", "http://127.0.0.1:0", "--Database:Provider", database.Provider.ToString(), "--ConnectionStrings:Pacesetter", database.ConnectionString, "--Demo", "false" })
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // Request logs would cost time on every request: warnings only, but the listening address is still printed.
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        var output = new StringBuilder();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        void Line(string? line)
        {
            if (line is null) return;
            lock (output) output.AppendLine(line);
            var m = Regex.Match(line, @"Now listening on: (http://127\.0\.0\.1:\d+)");
            if (m.Success) listening.TrySetResult(new Uri(m.Groups[1].Value));
        }
        process.OutputDataReceived += (_, e) => Line(e.Data);
        process.ErrorDataReceived += (_, e) => Line(e.Data);
        process.Exited += (_, _) => listening.TrySetException(new BenchFailure("the application exited"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new App(process, new Uri("http://127.0.0.1/"));
        try
        {
            // A loaded machine (or PostgreSQL migrating a new database) can take minutes to start the host.
            return new App(process, await listening.Task.WaitAsync(TimeSpan.FromSeconds(300)));
        }
        catch (Exception e)
        {
            await app.DisposeAsync();
            string text;
            lock (output) text = output.ToString();
            throw new BenchFailure($"the application did not start ({e.Message}):\n{text}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
