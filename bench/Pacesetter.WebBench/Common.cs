using System.Globalization;
using Npgsql;

namespace Pacesetter.WebBench;

/// <summary>What the benches share: scratch PostgreSQL databases and the process's figures.</summary>
internal static class Bench
{
    public static async Task<string> CreatePgDatabaseAsync(string server, List<string> created)
    {
        var name = "pacesetter_bench_" + Guid.NewGuid().ToString("N")[..8];
        await using var conn = new NpgsqlConnection(server);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", conn) { CommandTimeout = 300 };
        await cmd.ExecuteNonQueryAsync();
        created.Add(name);
        return new NpgsqlConnectionStringBuilder(server) { Database = name, CommandTimeout = 600 }.ConnectionString;
    }

    /// <summary>A fresh database of the provider named on a bench's command line: a SQLite file in <paramref name="folder"/>, or a scratch PostgreSQL database on PACESETTER_TEST_PG (added to <paramref name="created"/>).</summary>
    public static async Task<Pacesetter.App.Data.DatabaseOptions> DatabaseAsync(string provider, string folder, string? pgServer, List<string> created) => provider.ToLowerInvariant() switch
    {
        "sqlite" => new(Pacesetter.App.Data.DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "bench.db")}"),
        "postgresql" => new(Pacesetter.App.Data.DatabaseProvider.PostgreSQL, await CreatePgDatabaseAsync(
            pgServer is { Length: > 0 } ? pgServer : throw new BenchFailure("PostgreSQL needs PACESETTER_TEST_PG"), created)),
        _ => throw new BenchFailure($"unknown provider {provider} (sqlite or postgresql)"),
    };

    /// <summary>
    /// Drops a scratch database. After a bench's bulk writes an autovacuum worker (the server's own role) may be working
    /// in it, which FORCE may not end (42501) and which holds it (55006): the drop is tried again for up to a minute.
    /// </summary>
    public static async Task DropPgDatabaseAsync(string server, string name)
    {
        NpgsqlConnection.ClearAllPools();
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await using var conn = new NpgsqlConnection(server);
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", conn);
                await cmd.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState is "42501" or "55006" && attempt < 60)
            {
                await Task.Delay(1000);
            }
        }
    }

    /// <summary>User and system processor seconds of a process of this machine so far (/proc/PID/stat; 0 when it is gone).</summary>
    public static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The fields after the command's closing parenthesis: state is field 3, utime 14 and stime 15.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>The processor seconds so far of each PostgreSQL backend now connected to the database of <paramref name="connectionString"/> (but this query's own), by process id.</summary>
    public static async Task<Dictionary<int, double>> BackendCpuAsync(string connectionString)
    {
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        var cpu = new Dictionary<int, double>();
        while (await reader.ReadAsync()) cpu[reader.GetInt32(0)] = CpuSeconds(reader.GetInt32(0));
        return cpu;
    }

    /// <summary>The backends' processor seconds between two readings: of those connected at the end, what they used since the first (all of it for a new one); a backend gone in between (an idle pooled connection pruned) is left out.</summary>
    public static double Since(Dictionary<int, double> before, Dictionary<int, double> after) =>
        after.Sum(p => p.Value - before.GetValueOrDefault(p.Key));

    /// <summary>The processor seconds so far of a process and its child processes (nginx's master and workers).</summary>
    public static double TreeCpuSeconds(int pid)
    {
        double total = CpuSeconds(pid);
        try
        {
            foreach (var child in File.ReadAllText($"/proc/{pid}/task/{pid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                total += TreeCpuSeconds(int.Parse(child, CultureInfo.InvariantCulture));
            }
        }
        catch (IOException)
        {
        }
        return total;
    }

    /// <summary>The process's peak resident set (VmHWM), KB.</summary>
    public static long PeakKb()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        return 0;
    }

    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}

/// <summary>The benches' "--name value" options.</summary>
internal static class Options
{
    public static bool Parse(string[] args, Dictionary<string, string> options)
    {
        for (int i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length || !options.ContainsKey(args[i][2..]))
            {
                Console.Error.WriteLine($"unknown or incomplete option {args[i]}; options: {string.Join(", ", options.Keys.Select(k => "--" + k))}");
                return false;
            }
            options[args[i][2..]] = args[++i];
        }
        return true;
    }

    public static int Int(Dictionary<string, string> options, string name, int min, int max) =>
        int.TryParse(options[name], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n : throw new BenchFailure($"--{name} must be a whole number from {min} to {max}, not {options[name]}");
}
