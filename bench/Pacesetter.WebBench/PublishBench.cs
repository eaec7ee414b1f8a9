using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pacesetter.App.Accounts;
using Pacesetter.App.Data;
using Pacesetter.App.Organizations;
using Pacesetter.App.Publication;
using Pacesetter.App.Schemes;
using Pacesetter.App.Writes;
using Pacesetter.Bench;
using Pacesetter.Scoring.Engine;
using Pacesetter.Scoring.Output;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.WebBench;

/// <summary>
/// bench/publish.sh: publishing the generated province (bench/Pacesetter.Bench/Province.cs; 10,000 units × 100
/// indicators, 1,000,000 approved values) from its data rows to a stored revision (<see cref="PublicationService.PublishAsync"/>),
/// on each database, side by side with the SQL formulation of the same scoring in PostgreSQL (bench/sql/score.sql).
/// Each round publishes in a fresh child process (<c>publish-once</c>: a small organization first, so that the timed
/// publication runs warm as in a running web host; its peak resident memory, VmHWM, is the publication's), then
/// runs the SQL formulation with psql. The SQL's results are compared with the stored revision's, unit by unit.
/// </summary>
public static class PublishBench
{
    public const string Org = "province";
    public const string WarmOrg = "warmup";
    public const string Period = "2026-Q3";
    private const string Actor = "bench";
    private const string Password = "Bench#2026pass";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new Dictionary<string, string>
        {
            ["providers"] = Environment.GetEnvironmentVariable("PACESETTER_TEST_PG") is { Length: > 0 } ? "postgresql,sqlite" : "sqlite",
            ["rounds"] = "3",
            ["categories"] = Province.Categories.ToString(CultureInfo.InvariantCulture),
            ["units"] = Province.UnitsPerCategory.ToString(CultureInfo.InvariantCulture),
            // "yes" keeps the databases (and prints how to reach them) for bench/publish.sh phases.
            ["keep"] = "no",
        };
        if (!Options.Parse(args, options)) return 2;
        int rounds = Options.Int(options, "rounds", 1, 20);
        int categories = Options.Int(options, "categories", 1, 100);
        int units = Options.Int(options, "units", 14, 5000);
        var pgServer = Environment.GetEnvironmentVariable("PACESETTER_TEST_PG") is { Length: > 0 } s ? s : null;

        var work = Directory.CreateTempSubdirectory("pacesetter-publish-");
        try
        {
            var file = Province.Generate(categories: categories, unitsPerCategory: units);
            var warmFile = Province.Generate(categories: 1, unitsPerCategory: 20);
            var scheme = SchemeReader.Read(file).Require();
            int values = scheme.DataCount();
            var csv = Path.Combine(work.FullName, "csv");
            if (pgServer is not null) SqlFormulation.Export(scheme, csv);
            scheme = null;
            Console.WriteLine($"province: {categories} categories x {units} units x {Province.IndicatorsPerCategory} indicators = {values:N0} values ({file.Length / 1_000_000.0:F1} MB as a file); {rounds} rounds; {Environment.ProcessorCount} cores, load average {Bench.LoadAverage()}");
            var rows = new List<string>();
            foreach (var provider in options["providers"].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var isPg = provider.Equals("postgresql", StringComparison.OrdinalIgnoreCase);
                if (!isPg && !provider.Equals("sqlite", StringComparison.OrdinalIgnoreCase)) throw new BenchFailure($"unknown provider {provider} (sqlite or postgresql)");
                if (isPg && pgServer is null) throw new BenchFailure("PostgreSQL needs PACESETTER_TEST_PG (bench/publish.sh sets it when test.sh's server runs)");
                var databases = new List<string>();
                try
                {
                    DatabaseOptions database;
                    string? sqlDatabase = null;
                    if (isPg)
                    {
                        database = new DatabaseOptions(DatabaseProvider.PostgreSQL, await Bench.CreatePgDatabaseAsync(pgServer!, databases));
                        sqlDatabase = database.ConnectionString;
                    }
                    else
                    {
                        database = new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(work.FullName, "publish.db")}");
                        // The yardstick is PostgreSQL's in every row, in a database of its own next to the SQLite run.
                        if (pgServer is not null) sqlDatabase = await Bench.CreatePgDatabaseAsync(pgServer, databases);
                    }
                    var seeding = Stopwatch.StartNew();
                    await SeedAsync(database, file, warmFile);
                    Console.WriteLine($"\n{database.Provider}: imported the province's scheme and data rows (all approved) in {seeding.Elapsed.TotalSeconds:F1} s");
                    if (sqlDatabase is not null) _ = await SqlFormulation.RunAsync(sqlDatabase, Path.Combine(AppContext.BaseDirectory, "sql", "setup.sql"), csv);

                    List<double> engine = [], engineCpu = [], sql = [], sqlCpu = [];
                    long peak = 0;
                    for (int r = 1; r <= rounds; r++)
                    {
                        var (seconds, cpu, peakKb, revision) = await PublishInChildAsync(database);
                        engine.Add(seconds);
                        engineCpu.Add(cpu);
                        peak = Math.Max(peak, peakKb);
                        var line = $"  round {r}: engine publish (revision {revision}) {seconds:F2} s (processor {cpu:F2} s), peak {peakKb / 1024} MB";
                        if (sqlDatabase is not null)
                        {
                            var (wall, sqlSeconds) = await SqlFormulation.RunAsync(sqlDatabase, Path.Combine(AppContext.BaseDirectory, "sql", "score.sql"), csv);
                            sql.Add(wall);
                            sqlCpu.Add(sqlSeconds);
                            line += $"; SQL formulation {wall:F2} s (processor {sqlSeconds:F2} s)";
                        }
                        Console.WriteLine(line + $"; load average {Bench.LoadAverage()}");
                    }
                    // A correction's publication: revision 2, with the list of what changed against revision 1 (nothing here).
                    var (againSeconds, againCpu, againPeak, againRevision) = await PublishInChildAsync(database, again: true);
                    Console.WriteLine($"  publishing again after a correction (revision {againRevision}, compared with the previous): {againSeconds:F2} s (processor {againCpu:F2} s), peak {againPeak / 1024} MB");
                    if (sqlDatabase is not null)
                    {
                        var (compared, differences) = await SqlFormulation.CompareAsync(sqlDatabase, await LatestResultsAsync(database));
                        Console.WriteLine($"  SQL formulation against the stored revision: {compared:N0} units compared (rank, composite, base, bonus, penalty, grade, label) and the flags; {differences.Count} differ");
                        foreach (var d in differences.Take(10)) Console.WriteLine("    " + d);
                    }
                    double e = Median(engine), ec = Median(engineCpu);
                    rows.Add(sql.Count > 0
                        ? string.Format(CultureInfo.InvariantCulture, "{0,-11} {1,9:F2} {2,9:F2} {3,9:F2} {4,9:F2} {5,10:F2} {6,10:F2} {7,8}", database.Provider, e, Median(sql), e / Median(sql), ec, Median(sqlCpu), ec / Median(sqlCpu), peak / 1024)
                        : string.Format(CultureInfo.InvariantCulture, "{0,-11} {1,9:F2} {2,9} {3,9} {4,9:F2} {5,10} {6,10} {7,8}", database.Provider, e, "-", "-", ec, "-", "-", peak / 1024));
                }
                finally
                {
                    NpgsqlConnection.ClearAllPools();
                    SqliteConnection.ClearAllPools();
                    if (options["keep"] == "yes") Console.WriteLine($"  kept: PostgreSQL databases {string.Join(", ", databases)}{(isPg ? "" : $"; SQLite {Path.Combine(work.FullName, "publish.db")}")}");
                    else foreach (var db in databases) await Bench.DropPgDatabaseAsync(pgServer!, db);
                }
            }
            Console.WriteLine($"\nmedians of {rounds} rounds (engine: PublicationService.PublishAsync from the approved rows to the stored revision; SQL: COPY of the values and the scoring in PostgreSQL, bench/sql/score.sql)");
            Console.WriteLine("wall: elapsed seconds; cpu: processor seconds of the process and of PostgreSQL's backends (what a loaded machine does not inflate)");
            Console.WriteLine("peak MB: the first publications' (a correction's republication prints its own above)");
            Console.WriteLine($"{"provider",-11} {"engine s",9} {"SQL s",9} {"ratio",9} {"engine cpu",9} {"SQL cpu",10} {"cpu ratio",10} {"peak MB",8}");
            foreach (var row in rows) Console.WriteLine(row);
            return 0;
        }
        finally
        {
            if (options["keep"] != "yes") work.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The child: <c>publish-once PROVIDER CONNECTION first|again</c>. "first" makes the period unpublished again (the
    /// bench deletes its revisions: untimed), "again" opens a correction (untimed); then it publishes the small
    /// organization (warming up), then the province, timed: "RESULT wall-seconds processor-seconds peak-KB revision".
    /// </summary>
    public static async Task<int> OnceAsync(string[] args)
    {
        var database = new DatabaseOptions(Enum.Parse<DatabaseProvider>(args[0]), args[1]);
        bool again = args[2] == "again";
        await using var provider = Services(database);
        foreach (var slug in new[] { WarmOrg, Org })
        {
            if (again) await ReopenAsync(provider, slug);
            else await UnpublishAsync(provider, slug);
        }
        await PublishAsync(provider, WarmOrg);
        bool pg = database.Provider == DatabaseProvider.PostgreSQL;
        var cpu0 = Bench.CpuSeconds(Environment.ProcessId);
        var backends0 = pg ? await Bench.BackendCpuAsync(database.ConnectionString) : [];
        var watch = Stopwatch.StartNew();
        var revision = await PublishAsync(provider, Org);
        var seconds = watch.Elapsed.TotalSeconds;
        var cpu = Bench.CpuSeconds(Environment.ProcessId) - cpu0 + (pg ? Bench.Since(backends0, await Bench.BackendCpuAsync(database.ConnectionString)) : 0);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT {seconds:F3} {cpu:F2} {Bench.PeakKb()} {revision}"));
        return 0;
    }

    /// <summary>The bench's reset between rounds, not a product operation: the period's revisions and corrections deleted, so that the next publication is a first one.</summary>
    private static async Task UnpublishAsync(ServiceProvider provider, string slug)
    {
        using var scope = provider.CreateScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<PacesetterDb>();
        int org = await OrgIdAsync(sp, slug);
        await db.Corrections.Where(c => c.OrganizationId == org && c.Period == Period).ExecuteDeleteAsync();
        await db.Revisions.Where(r => r.OrganizationId == org && r.Period == Period).ExecuteDeleteAsync();
    }

    private static async Task<int> OrgIdAsync(IServiceProvider sp, string slug) =>
        await sp.GetRequiredService<PacesetterDb>().Organizations.Where(o => o.Slug == slug).Select(o => o.Id).SingleAsync();

    /// <summary>A period published in an earlier round gets a correction opened (untimed), so that it may be published again.</summary>
    private static async Task ReopenAsync(ServiceProvider provider, string slug)
    {
        using var scope = provider.CreateScope();
        var sp = scope.ServiceProvider;
        int org = await OrgIdAsync(sp, slug);
        var store = sp.GetRequiredService<PublicationStore>();
        if (await store.LatestAsync(org, Period) is not null && await store.OpenCorrectionAsync(org, Period) is null)
        {
            Check(await sp.GetRequiredService<PublicationService>().OpenCorrectionAsync(org, Period, Actor, "基准测试：再次发布"));
        }
    }

    /// <summary>PublicationService.PublishAsync in a scope of its own, as a request would; the revision's number.</summary>
    private static async Task<int> PublishAsync(ServiceProvider provider, string slug)
    {
        using var scope = provider.CreateScope();
        var sp = scope.ServiceProvider;
        int org = await OrgIdAsync(sp, slug);
        return Check(await sp.GetRequiredService<PublicationService>().PublishAsync(org, Period, Actor, "基准测试", allowIncomplete: false)).Number;
    }

    private static async Task<(double Seconds, double Cpu, long PeakKb, int Revision)> PublishInChildAsync(DatabaseOptions database, bool again = false)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Pacesetter.WebBench.dll"), "publish-once", database.Provider.ToString(), database.ConnectionString, again ? "again" : "first" }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var line = (await stdout).Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null) throw new BenchFailure($"publish-once failed ({process.ExitCode}): {await stderr}{await stdout}");
        var parts = line.Split(' ');
        return (double.Parse(parts[1], CultureInfo.InvariantCulture), double.Parse(parts[2], CultureInfo.InvariantCulture),
            long.Parse(parts[3], CultureInfo.InvariantCulture), int.Parse(parts[4], CultureInfo.InvariantCulture));
    }

    private static async Task<string> LatestResultsAsync(DatabaseOptions database)
    {
        await using var provider = Services(database);
        using var scope = provider.CreateScope();
        int org = await OrgIdAsync(scope.ServiceProvider, Org);
        var revision = await scope.ServiceProvider.GetRequiredService<PublicationStore>().LatestAsync(org, Period) ?? throw new BenchFailure("no revision stored");
        return PublicationStore.Unzip(revision.Results);
    }

    /// <summary>Two organizations, each with its admin and its period's scheme and data imported (ADR 0011: the data rows approved).</summary>
    private static async Task SeedAsync(DatabaseOptions database, byte[] file, byte[] warmFile)
    {
        await using var provider = Services(database);
        using (var scope = provider.CreateScope()) await Migrator.MigrateAsync(scope.ServiceProvider.GetRequiredService<PacesetterDb>());
        foreach (var (slug, name, bytes) in new[] { (WarmOrg, "预热区", warmFile), (Org, "全省", file) })
        {
            using var scope = provider.CreateScope();
            var sp = scope.ServiceProvider;
            int org = Check(await sp.GetRequiredService<OrgWriter>().RunAsync(0, Actor, async w =>
            {
                var created = await sp.GetRequiredService<OrganizationService>().CreateInAsync(w, slug, name, Actor + slug, Password, platformAdmin: false, adminDisplayName: "基准测试管理员");
                return created.IsOk ? WriteOutcome<int>.Ok(created.Value!.Id) : created.As<int>();
            }));
            Check(await sp.GetRequiredService<SchemeImporter>().ImportAsync(org, Period, bytes, Actor, "基准测试导入", expectedVersion: null));
        }
    }

    public static ServiceProvider Services(DatabaseOptions database)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMemoryCache();
        services.AddSingleton(database);
        services.AddSingleton(TimeProvider.System);
        services.AddDbContext<PacesetterDb>(database.Configure);
        services.AddScoped<SchemeStore>();
        services.AddScoped<SchemeImporter>();
        services.AddScoped<OrgWriter>();
        services.AddScoped<OrganizationService>();
        services.AddScoped<UnitService>();
        services.AddScoped<UserService>();
        services.AddScoped<PublicationService>();
        services.AddScoped<PublicationStore>();
        services.AddIdentityCore<AppUser>(o => o.Password.RequiredLength = 10).AddEntityFrameworkStores<PacesetterDb>();
        return services.BuildServiceProvider();
    }

    private static T Check<T>(WriteOutcome<T> outcome) =>
        outcome.IsOk ? outcome.Value! : throw new BenchFailure($"{outcome.Status}: " + string.Join("; ", outcome.Problems.Take(5).Select(p => $"{p.Path}: {p.English}")));

    private static double Median(List<double> xs)
    {
        var sorted = xs.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

}
