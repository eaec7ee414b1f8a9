using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using Pacesetter.Bench;
using Pacesetter.Scoring.Engine;
using Pacesetter.Scoring.Output;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.WebBench;

/// <summary>
/// The publication bench's yardstick: the same scoring written as plain SQL in PostgreSQL (bench/sql/score.sql) — the
/// scheme's parameters as small tables, the values loaded with COPY (psql's \copy), window functions for the observed
/// bounds, the rank method, the category ranks, the grade quota and the labels, the results stored in a table.
/// <see cref="Export"/> writes the CSV files from a scheme (once, untimed: it is the scheme and the data as rows);
/// <see cref="RunAsync"/> times psql running the script; <see cref="CompareAsync"/> compares its results with the
/// engine's stored results JSON. Only what the province uses is formulated (no missing data, no event-level exemptions,
/// rank by step, only the first grade with a quota); <see cref="Export"/> refuses any other scheme rather than
/// computing something else.
/// </summary>
public static class SqlFormulation
{
    public static readonly string[] TimedFiles = ["values.csv", "counts.csv", "awards.csv"];

    /// <summary>Writes the scheme's tables (setup: indicators, params, bands, grades, categories, units, adjustments) and its data (values, counts, awards) as CSV files in <paramref name="folder"/>.</summary>
    public static void Export(Scheme scheme, string folder)
    {
        Directory.CreateDirectory(folder);
        using var indicators = Writer(folder, "indicators.csv");
        using var parameters = Writer(folder, "params.csv");
        using var bands = Writer(folder, "bands.csv");
        using var grades = Writer(folder, "grades.csv");
        using var categories = Writer(folder, "categories.csv");
        using var units = Writer(folder, "units.csv");
        using var adjustments = Writer(folder, "adjustments.csv");
        using var values = Writer(folder, "values.csv");
        using var counts = Writer(folder, "counts.csv");
        using var awards = Writer(folder, "awards.csv");
        foreach (var c in scheme.Categories)
        {
            for (int k = 0; k < c.Grades.Count; k++)
            {
                var g = c.Grades[k];
                if (k > 0 && g.QuotaFor(c.Units.Count) is not null) throw Unsupported($"category {c.Id}: a quota on a grade other than the first");
                Row(grades, c.Id, k + 1, g.Name, g.Min, g.QuotaFor(c.Units.Count));
            }
            var l = c.Labels;
            Row(categories, c.Id, c.Units.Count, l.Pacesetter?.Top, l.Pacesetter?.Min, l.Winner?.Top, l.Winner?.Min, l.Yellow?.Bottom, l.Yellow?.Below,
                c.Flag is not null, c.Flag?.Min);
            foreach (var u in c.Units) Row(units, u, c.Id);
            for (int j = 0; j < c.Indicators.Count; j++)
            {
                var ind = c.Indicators[j];
                var m = ind.Method;
                int tie = -1;
                for (int t = 0; t < c.TieBreak.Count; t++) if (c.TieBreak[t] == j) tie = t + 1;
                if (m.Type == MethodType.Rank && m.Step is null) throw Unsupported($"{c.Id}/{ind.Id}: rank by points");
                if (m.Type == MethodType.Rollup) throw Unsupported($"{c.Id}/{ind.Id}: roll-up");
                if (m.Type == MethodType.Baseline && (m.Relative || m.Whole)) throw Unsupported($"{c.Id}/{ind.Id}: relative or whole baseline");
                Row(indicators, c.Id, ind.Id, j, ind.Kind.ToString().ToLowerInvariant(), m.Type.ToString().ToLowerInvariant(), ind.Weight,
                    ind.Direction == Direction.Higher, ind.Measure == MeasureKind.Growth, m.Cap, m.Floor, m.Target, m.Base, m.Span, m.Good, m.Bad,
                    m.Step, m.Rest, m.BaselineAverage ? null : m.BaselineValue, m.Deduct, m.Type == MethodType.Baseline ? m.Step : null, m.BonusPer,
                    m.BonusCap, m.PerEvent, m.ZeroAt, tie > 0 ? tie : null);
                foreach (var map in new[] { m.Table, m.Grades, m.Levels, m.PerEventByType })
                {
                    if (map is null) continue;
                    foreach (var (key, v) in map) Row(parameters, c.Id, ind.Id, key, v);
                }
                if (m.Bands is { } points)
                {
                    // Segments: up to the first point its score; between two points (x0, x1] interpolated; past the last its score.
                    Row(bands, c.Id, ind.Id, null, points[0].X, points[0].Score, points[0].Score);
                    for (int p = 1; p < points.Count; p++) Row(bands, c.Id, ind.Id, points[p - 1].X, points[p].X, points[p - 1].Score, points[p].Score);
                    Row(bands, c.Id, ind.Id, points[^1].X, null, points[^1].Score, points[^1].Score);
                }
            }
            foreach (var unit in c.Units)
            {
                if (!scheme.Data.TryGetValue(unit, out var data) || data.Count != c.Indicators.Count) throw Unsupported($"{unit}: missing data");
                foreach (var ind in c.Indicators)
                {
                    switch (data[ind.Id])
                    {
                        case NumberDatum n:
                            Row(values, unit, ind.Id, n.Value, n.Target, n.Previous, null, null);
                            break;
                        case TextDatum t:
                            Row(values, unit, ind.Id, null, null, null, t.Text, null);
                            break;
                        case EventsDatum e:
                            if (ind.Method.PerEventByType is not null) throw Unsupported($"{unit}/{ind.Id}: typed events in a list");
                            Row(values, unit, ind.Id, null, null, null, null, e.Events.Count);
                            break;
                        case CountsDatum cd:
                            Row(values, unit, ind.Id, null, null, null, null, null);
                            foreach (var (type, count) in cd.Counts) Row(counts, unit, ind.Id, type, count);
                            break;
                        case AwardsDatum a:
                            Row(values, unit, ind.Id, null, null, null, null, null);
                            foreach (var award in a.Awards) Row(awards, unit, ind.Id, award.Item, award.Level);
                            break;
                        default:
                            throw Unsupported($"{unit}/{ind.Id}: a datum of another shape");
                    }
                }
            }
        }
        foreach (var a in scheme.Adjustments)
        {
            if (a.Type == AdjustmentType.Exemption && a.Target == ExemptionTarget.Event) throw Unsupported("an exemption of one event");
            Row(adjustments, a.Unit, a.Type.ToString().ToLowerInvariant(), a.Id, a.Ref, a.Type == AdjustmentType.Exemption ? a.Factor : null);
        }
        if (scheme.PreviousFlags.Count > 0) throw Unsupported("previous flags");
    }

    private static NotSupportedException Unsupported(string what) => new($"the SQL formulation does not cover {what} (only what the province uses)");

    private static StreamWriter Writer(string folder, string name) => new(Path.Combine(folder, name), false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };

    private static void Row(StreamWriter w, params object?[] cells)
    {
        for (int i = 0; i < cells.Length; i++)
        {
            if (i > 0) w.Write(',');
            switch (cells[i])
            {
                case null:
                    break;
                case string s:
                    w.Write('"');
                    w.Write(s.Replace("\"", "\"\"", StringComparison.Ordinal));
                    w.Write('"');
                    break;
                case bool b:
                    w.Write(b ? "t" : "f");
                    break;
                case IFormattable f:
                    w.Write(f.ToString(null, CultureInfo.InvariantCulture));
                    break;
                default:
                    throw new ArgumentException($"cell of type {cells[i]!.GetType()}");
            }
        }
        w.Write('\n');
    }

    /// <summary>
    /// Runs <paramref name="script"/> (setup.sql or score.sql) as psql would, on one connection: its statements as they
    /// come, each <c>\copy TABLE FROM 'file' …</c> as <c>COPY TABLE FROM STDIN …</c> with that file of
    /// <paramref name="folder"/>. Returns the wall seconds and the processor seconds of the database's backend and of
    /// this process (the client's reading and sending): the figure a loaded machine does not inflate.
    /// </summary>
    public static async Task<(double Wall, double Cpu)> RunAsync(string connectionString, string script, string folder)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        int backend;
        await using (var pid = new NpgsqlCommand("SELECT pg_backend_pid()", conn)) backend = (int)(await pid.ExecuteScalarAsync())!;
        var cpu0 = Bench.CpuSeconds(backend) + Bench.CpuSeconds(Environment.ProcessId);
        var watch = Stopwatch.StartNew();
        var batch = new StringBuilder();
        foreach (var line in File.ReadLines(script))
        {
            var copy = Regex.Match(line, @"^\\copy (\w+) FROM '([^']+)' (.*)$");
            if (!copy.Success)
            {
                if (!line.TrimStart().StartsWith("--", StringComparison.Ordinal)) batch.AppendLine(line);
                continue;
            }
            await ExecuteAsync(conn, batch);
            await using var writer = await conn.BeginTextImportAsync($"COPY {copy.Groups[1].Value} FROM STDIN {copy.Groups[3].Value}");
            using var reader = new StreamReader(Path.Combine(folder, copy.Groups[2].Value), Encoding.UTF8);
            var buffer = new char[1 << 16];
            int n;
            while ((n = await reader.ReadAsync(buffer)) > 0) await writer.WriteAsync(buffer.AsMemory(0, n));
        }
        await ExecuteAsync(conn, batch);
        var wall = watch.Elapsed.TotalSeconds;
        return (wall, Bench.CpuSeconds(backend) + Bench.CpuSeconds(Environment.ProcessId) - cpu0);
    }

    private static async Task ExecuteAsync(NpgsqlConnection conn, StringBuilder batch)
    {
        var sql = batch.ToString();
        batch.Clear();
        if (string.IsNullOrWhiteSpace(sql)) return;
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>One unit's figures, as the engine published them and as the SQL computed them.</summary>
    public sealed record Figures(string Category, string Unit, int Rank, decimal Composite, decimal Base, decimal Bonus, decimal Penalty, string? Grade, string? Label);

    /// <summary>The units of the engine's results JSON (scoring.md §8) whose figures the SQL computed otherwise, and the flags that differ.</summary>
    public static async Task<(int Units, List<string> Differences)> CompareAsync(string connectionString, string resultsJson)
    {
        var engine = new Dictionary<string, Figures>(StringComparer.Ordinal);
        var engineFlags = new Dictionary<string, string?>(StringComparer.Ordinal);
        using (var doc = JsonDocument.Parse(resultsJson))
        {
            foreach (var c in doc.RootElement.GetProperty("categories").EnumerateArray())
            {
                var cid = c.GetProperty("id").GetString()!;
                engineFlags[cid] = c.TryGetProperty("flag", out var f) && f.ValueKind == JsonValueKind.Object && f.GetProperty("holder").ValueKind == JsonValueKind.String
                    ? f.GetProperty("holder").GetString() : null;
                foreach (var r in c.GetProperty("results").EnumerateArray())
                {
                    var unit = r.GetProperty("unit").GetString()!;
                    engine[unit] = new Figures(cid, unit, r.GetProperty("rank").GetInt32(), r.GetProperty("composite").GetDecimal(), r.GetProperty("base").GetDecimal(),
                        r.GetProperty("bonus").GetDecimal(), r.GetProperty("penalty").GetDecimal(), r.GetProperty("grade").GetString(), r.GetProperty("label").GetString());
                }
            }
        }
        var differences = new List<string>();
        int count = 0;
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using (var cmd = new NpgsqlCommand("SELECT category, unit, rank, composite, base, bonus, penalty, grade, label FROM sql_results", conn))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                count++;
                var sql = new Figures(reader.GetString(0), reader.GetString(1), (int)reader.GetInt64(2), reader.GetDecimal(3), reader.GetDecimal(4), reader.GetDecimal(5),
                    reader.GetDecimal(6), reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8));
                if (!engine.Remove(sql.Unit, out var e)) differences.Add($"{sql.Unit}: only in the SQL results");
                else if (e != sql) differences.Add($"engine {e} / SQL {sql}");
            }
        }
        differences.AddRange(engine.Keys.Select(u => $"{u}: only in the engine's results"));
        await using (var cmd = new NpgsqlCommand("SELECT category, holder FROM sql_flags", conn))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var cid = reader.GetString(0);
                var holder = reader.IsDBNull(1) ? null : reader.GetString(1);
                if (!engineFlags.TryGetValue(cid, out var e) || e != holder) differences.Add($"flag of {cid}: engine {e ?? "nobody"}, SQL {holder ?? "nobody"}");
            }
        }
        return (count, differences);
    }

    /// <summary>The engine's results of the province scored in memory against the SQL formulation, without the application (bench/publish.sh --sql-only): checks the SQL quickly.</summary>
    public static async Task<int> SqlOnlyAsync(string[] args)
    {
        var options = new Dictionary<string, string> { ["categories"] = "20", ["units"] = "500", ["keep"] = "no" };
        if (!Options.Parse(args, options)) return 2;
        var server = Environment.GetEnvironmentVariable("PACESETTER_TEST_PG") ?? throw new BenchFailure("PACESETTER_TEST_PG is not set");
        var file = Province.Generate(categories: Options.Int(options, "categories", 1, 100), unitsPerCategory: Options.Int(options, "units", 14, 5000));
        var scheme = SchemeReader.Read(file).Require();
        var watch = Stopwatch.StartNew();
        var json = ResultJson.ToJson(Scorer.Score(scheme), indented: false);
        Console.WriteLine($"engine in memory: {watch.Elapsed.TotalSeconds:F2} s");
        var work = Directory.CreateTempSubdirectory("pacesetter-sql-");
        var created = new List<string>();
        try
        {
            Export(scheme, work.FullName);
            var db = await Bench.CreatePgDatabaseAsync(server, created);
            _ = await RunAsync(db, Path.Combine(AppContext.BaseDirectory, "sql", "setup.sql"), work.FullName);
            var (wall, cpu) = await RunAsync(db, Path.Combine(AppContext.BaseDirectory, "sql", "score.sql"), work.FullName);
            Console.WriteLine($"SQL formulation: {wall:F2} s, processor {cpu:F2} s");
            var (n, differences) = await CompareAsync(db, json);
            Console.WriteLine($"{n} units compared, {differences.Count} differ");
            foreach (var d in differences.Take(20)) Console.WriteLine("  " + d);
            return differences.Count == 0 ? 0 : 1;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            if (options["keep"] == "yes") File.WriteAllText(Path.Combine(work.FullName, "engine.json"), json);
            if (options["keep"] == "yes") Console.WriteLine($"kept: database {string.Join(", ", created)}, files {work.FullName}");
            else
            {
                foreach (var d in created) await Bench.DropPgDatabaseAsync(server, d);
                work.Delete(recursive: true);
            }
        }
    }
}
