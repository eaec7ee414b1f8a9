using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Pacesetter.App.Data;
using Pacesetter.App.Surveys;
using Pacesetter.Scoring.Output;
using Pacesetter.Scoring.Surveys;

namespace Pacesetter.WebBench;

/// <summary>
/// bench/survey-tally.sh → <c>survey-tally</c> (issue 12, Performance: tallying 100,000 ballots of 200 units under
/// 1 s), end to end. Seeds the organization <c>bench</c> (200 units) in a fresh database, starts the built application,
/// PUTs a survey of the 200 units (options a/b/c, abstaining allowed, three groups, all trimming), enters 100,000
/// random paper ballots through <c>POST …/ballots</c> (20 requests of 5,000: a request's body is at most 16 MB) — about
/// 10 % of the ratings abstentions, one ballot in 200 with an unknown option (counted invalid, as paper is) — and times
/// <c>GET …/result</c>: one warm-up, then the median of 5, checked byte for byte against the engine's tally of the
/// ballots sent. Then, in this process on the same database, the steps of the result (<see cref="SurveyService.ResultAsync"/>):
/// reading the rows, decoding them, the tally and its JSON, to show where the time goes. <c>--baseline DLL</c> starts
/// another build's Pacesetter.Web.dll on the same database beside this one and times their GETs alternately.
/// Goal: the median under 1 s (exit 1 otherwise, on every provider measured).
/// </summary>
internal static class SurveyTallyBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new Dictionary<string, string>
        {
            ["providers"] = Environment.GetEnvironmentVariable("PACESETTER_TEST_PG") is { Length: > 0 } ? "postgresql,sqlite" : "sqlite",
            ["ballots"] = "100000",
            ["units"] = "200",
            ["batch"] = "5000",
            ["runs"] = "5",
            ["baseline"] = "",
            ["seed"] = "100",
        };
        if (!Options.Parse(args, options)) return 2;
        int ballots = Options.Int(options, "ballots", 1, 1_000_000);
        int units = Options.Int(options, "units", 1, 200);
        int batch = Options.Int(options, "batch", 1, SurveyService.MaxPaperBallots);
        int runs = Options.Int(options, "runs", 1, 100);
        var baseline = options["baseline"] is { Length: > 0 } b ? Path.GetFullPath(b) : null;
        if (baseline is not null && !File.Exists(baseline)) throw new BenchFailure($"--baseline {baseline}: no such file (a build's Pacesetter.Web.dll)");
        Console.WriteLine($"survey-tally: {ballots} paper ballots of {units} units, 3 groups trimming; GET …/result once to warm up, then the median of {runs}"
            + $"{(baseline is not null ? $", alternately with the baseline {baseline}" : "")}; {Environment.ProcessorCount} cores, load average {Bench.LoadAverage()}");

        // The ballots, the same for every provider: 10 % leaders, 30 % units, 60 % public.
        var random = new Random(Options.Int(options, "seed", 0, int.MaxValue));
        var document = SurveyFixture.Document("tally", units, ("leaders", 40, true), ("units", 30, true), ("public", 30, true));
        var survey = SurveyReader.ReadSurvey(Encoding.UTF8.GetBytes(document.ToJsonString()));
        var written = new List<Ballot>(ballots);
        for (int i = 0; i < ballots; i++)
        {
            var draw = random.NextDouble();
            var ratings = SurveyFixture.RandomRatings(random, survey.Units, abstain: 0.1);
            if (random.Next(200) == 0 && random.Next(ratings.Count) is var k) ratings[k] = new(ratings[k].Key, "x");
            written.Add(new Ballot(draw < 0.1 ? "leaders" : draw < 0.4 ? "units" : "public", null, ratings));
        }
        var engine = Stopwatch.StartNew();
        var expected = SurveyResultJson.ToJson(SurveyTally.Tally(survey, written));
        Console.WriteLine($"the engine's tally of the written ballots, in this process (coding them included): {engine.ElapsedMilliseconds} ms");

        bool over = false;
        foreach (var provider in options["providers"].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var temp = Directory.CreateTempSubdirectory("pacesetter-surveytally-");
            Environment.SetEnvironmentVariable("PACESETTER_DATA", temp.FullName);
            var pgServer = Environment.GetEnvironmentVariable("PACESETTER_TEST_PG");
            var created = new List<string>();
            try
            {
                var database = await Bench.DatabaseAsync(provider, temp.FullName, pgServer, created);
                var fixture = await SurveyFixture.SeedAsync(database, 200);
                await using var app = await global::App.StartAsync(temp.FullName, database);
                using var api = fixture.Api(app.Address);
                await SurveyFixture.PutSurveyAsync(api, document);
                var entering = Stopwatch.StartNew();
                int entered = 0, invalid = 0;
                for (int start = 0; start < written.Count; start += batch)
                {
                    var (n, bad) = await EnterAsync(api, written.GetRange(start, Math.Min(batch, written.Count - start)));
                    entered += n;
                    invalid += bad;
                }
                Console.WriteLine($"\n{database.Provider}: {entered} paper ballots entered ({invalid} invalid) in {(written.Count + batch - 1) / batch} requests, {entering.Elapsed.TotalSeconds:F1} s");

                var clients = new List<(string Name, HttpClient Http)> { ("this build", api) };
                global::App? other = null;
                if (baseline is not null)
                {
                    other = await global::App.StartAsync(temp.FullName, database, webDll: baseline);
                    clients.Add(("baseline", fixture.Api(other.Address)));
                }
                try
                {
                    var times = clients.ToDictionary(c => c.Name, _ => new List<double>());
                    foreach (var (name, http) in clients)
                    {
                        var first = Stopwatch.StartNew();
                        var result = await SurveyFixture.ResultAsync(http, "tally");
                        Console.WriteLine($"  {name}: GET …/result, first (warm-up) {first.ElapsedMilliseconds} ms, {Encoding.UTF8.GetByteCount(result) / 1024} KB; "
                            + (result == expected ? "equals the engine's tally of the ballots sent" : "DIFFERS from the engine's tally of the ballots sent"));
                        if (result != expected) throw new BenchFailure($"{name}: the result differs from the engine's tally");
                    }
                    for (int r = 0; r < runs; r++)
                    {
                        foreach (var (name, http) in clients)
                        {
                            var watch = Stopwatch.StartNew();
                            await SurveyFixture.ResultAsync(http, "tally");
                            times[name].Add(watch.Elapsed.TotalMilliseconds);
                        }
                    }
                    foreach (var (name, list) in times)
                    {
                        var sorted = list.Order().ToArray();
                        var median = sorted[sorted.Length / 2];
                        Console.WriteLine($"  {name}: GET …/result median {median:F0} ms (runs: {string.Join(", ", list.Select(t => t.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))} ms)");
                        if (name == "this build" && median >= 1000) over = true;
                    }
                    if (times.Count == 2)
                    {
                        double Median(List<double> l) => l.Order().ElementAt(l.Count / 2);
                        Console.WriteLine($"  this build / baseline: {Median(times["this build"]) / Median(times["baseline"]):F2} of the time");
                    }
                }
                finally
                {
                    if (other is not null)
                    {
                        clients[1].Http.Dispose();
                        await other.DisposeAsync();
                    }
                }
                await PhasesAsync(database, fixture.OrganizationId, runs);
            }
            catch (BenchFailure e)
            {
                Console.Error.WriteLine($"survey-tally ({provider}): FAILED: {e.Message}");
                over = true;
            }
            finally
            {
                NpgsqlConnection.ClearAllPools();
                SqliteConnection.ClearAllPools();
                foreach (var db in created) await Bench.DropPgDatabaseAsync(pgServer!, db);
                temp.Delete(recursive: true);
            }
        }
        Console.WriteLine(over ? "survey-tally: goal NOT met (GET …/result under 1 s, the result exact)" : "survey-tally: goal met: GET …/result under 1 s, the result exact");
        return over ? 1 : 0;
    }

    /// <summary>POST …/ballots with a list of ballots → (entered, invalid).</summary>
    private static async Task<(int Entered, int Invalid)> EnterAsync(HttpClient api, List<Ballot> ballots)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var ballot in ballots)
            {
                writer.WriteStartObject();
                writer.WriteString("group", ballot.Group);
                SurveyFixture.WriteRatings(writer, ballot.Ratings);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        using var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await api.PostAsync(SurveyFixture.SurveyPath("tally") + "/ballots", content);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != HttpStatusCode.Created) throw new BenchFailure($"POST ballots answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(body[..Math.Min(body.Length, 500)])}");
        using var json = JsonDocument.Parse(body);
        return (json.RootElement.GetProperty("entered").GetInt32(), json.RootElement.GetProperty("invalid").GetInt32());
    }

    /// <summary>
    /// Where the result's time goes, in this process on the same database (the application's code, not its process): the
    /// service's reading of the coded ballots (<see cref="SurveyService.CodedAsync"/>) and, apart, the reading it replaced
    /// (whole entities ordered by their key, then decoded); the engine's tally; the JSON. Medians of <paramref name="runs"/>
    /// after one warm-up.
    /// </summary>
    private static async Task PhasesAsync(DatabaseOptions database, int organizationId, int runs)
    {
        var read = new List<double>();
        var coded = new List<double>();
        var tally = new List<double>();
        var json = new List<double>();
        for (int r = 0; r <= runs; r++)
        {
            await using var db = new PacesetterDb(database.Build());
            var service = new SurveyService(db);
            var row = (await service.GetAsync(organizationId, "tally", CancellationToken.None))!;
            var survey = SurveyService.Parse(row);
            var watch = Stopwatch.StartNew();
            var rows = await db.SurveyBallots.AsNoTracking().Where(b => b.SurveyId == row.Id).OrderBy(b => b.Id).ToListAsync();
            var before = rows.Select(b => SurveyCodes.Decode(survey, b)).ToList();
            double tRead = watch.Elapsed.TotalMilliseconds;
            rows = null;
            before = null;
            watch.Restart();
            var ballots = await service.CodedAsync(row, survey, CancellationToken.None);
            double tCoded = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            var result = SurveyTally.Tally(survey, ballots);
            double tTally = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            _ = SurveyResultJson.ToJson(result);
            double tJson = watch.Elapsed.TotalMilliseconds;
            if (r == 0) continue;
            read.Add(tRead);
            coded.Add(tCoded);
            tally.Add(tTally);
            json.Add(tJson);
        }
        static string M(List<double> l) => $"{l.Order().ElementAt(l.Count / 2):F0} ms";
        Console.WriteLine($"  in this process, medians of {runs}: reading the coded ballots (SurveyService.CodedAsync) {M(coded)}, "
            + $"the rows as whole entities ordered by key (CodedAsync's query as of 06b9ea0), then decoded {M(read)}; the tally {M(tally)}; its JSON {M(json)}");
    }
}
