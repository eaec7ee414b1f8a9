using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Data;
using Pacesetter.App.Supervision.Cards;
using Pacesetter.App.Supervision.Model;

namespace Pacesetter.WebBench;

/// <summary>
/// bench/month-end.sh → <c>month-end</c>: the month-end evaluation (<see cref="CardIssuer"/>, what the Quartz job runs)
/// on an organization with 100,000 supervised matters of 500 units and a year of monthly reports each (issue 10's
/// goal: under 20 s on PostgreSQL). The organization and its units are seeded through the services (<see cref="Seed"/>);
/// the matters and their 1.1 million reports with bulk inserts (a fixture, not audited). Then, timed: the catch-up of
/// January to October (ten month-ends, the first run of an office that imported a year's tasks), and the one
/// month-end of 30 November, what the job does on the 1st of each month.
/// </summary>
internal static class MonthEndBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new Dictionary<string, string>
        {
            ["matters"] = "100000",
            ["units"] = "500",
            ["providers"] = Environment.GetEnvironmentVariable("PACESETTER_TEST_PG") is { Length: > 0 } ? "postgresql,sqlite" : "sqlite",
        };
        if (!Options.Parse(args, options)) return 2;
        int matters = Options.Int(options, "matters", 1, 1_000_000);
        int units = Options.Int(options, "units", 1, 10_000);
        Console.WriteLine($"month-end: {matters} matters of {units} units, monthly reports January to November 2026; {Environment.ProcessorCount} cores; load average {File.ReadAllText("/proc/loadavg")[..14]}");
        bool over = false;
        foreach (var provider in options["providers"].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var temp = Directory.CreateTempSubdirectory("pacesetter-monthend-");
            var pgServer = Environment.GetEnvironmentVariable("PACESETTER_TEST_PG");
            var created = new List<string>();
            try
            {
                var database = await Bench.DatabaseAsync(provider, temp.FullName, pgServer, created);
                var seeding = Stopwatch.StartNew();
                await Seed.RunAsync(database, units, indicators: 1, categories: 1);
                int organizationId;
                long reports;
                await using (var db = new PacesetterDb(database.Build()))
                {
                    organizationId = await db.Organizations.Where(o => o.Slug == Seed.Org).Select(o => o.Id).SingleAsync();
                    reports = await SeedMattersAsync(db, organizationId, matters, units);
                }
                Console.WriteLine($"\n{database.Provider}: seeded {matters} matters and {reports} reports in {seeding.Elapsed.TotalSeconds:F1} s");

                var catchUp = await TimeAsync(database, organizationId, new DateOnly(2026, 10, 31));
                Console.WriteLine($"  catch-up to 2026-10-31 (10 month-ends): {catchUp.Seconds:F1} s, {catchUp.Yellow} yellow, {catchUp.Red} red, {catchUp.Lifted} lifted");
                var month = await TimeAsync(database, organizationId, new DateOnly(2026, 11, 30));
                Console.WriteLine($"  month-end 2026-11-30 (the job's monthly run): {month.Seconds:F1} s, {month.Yellow} yellow, {month.Red} red, {month.Lifted} lifted");
                if (database.Provider == DatabaseProvider.PostgreSQL && month.Seconds > 20) over = true;
            }
            finally
            {
                foreach (var name in created) await Bench.DropPgDatabaseAsync(pgServer!, name);
                temp.Delete(recursive: true);
            }
        }
        if (over) Console.WriteLine("month-end: OVER the goal of 20 s on PostgreSQL");
        return over ? 1 : 0;
    }

    private static async Task<(double Seconds, int Yellow, int Red, int Lifted)> TimeAsync(DatabaseOptions database, int organizationId, DateOnly asOf)
    {
        await using var db = new PacesetterDb(database.Build());
        var issuer = new CardIssuer(db, TimeProvider.System);
        var watch = Stopwatch.StartNew();
        var run = await issuer.RunAsync(organizationId, asOf, "bench", CancellationToken.None);
        watch.Stop();
        if (!run.IsOk) throw new BenchFailure($"the evaluation up to {asOf:yyyy-MM-dd} answered {run.Status}: {string.Join("; ", run.Problems.Select(p => p.Path + " " + p.English))}");
        return (watch.Elapsed.TotalSeconds, run.Value!.Yellow, run.Value.Red, run.Value.Lifted);
    }

    /// <summary>
    /// Matters M000001… (办理, waiting for 反馈) of the units in turn, starting in the first half of 2026 and due 4 to 12
    /// months later; a report at each month-end from the start's month to November, the percent rising by 0 to 14 points
    /// (a fixed seed: some fall behind, some never start, some finish).
    /// </summary>
    private static async Task<long> SeedMattersAsync(PacesetterDb db, int organizationId, int count, int units)
    {
        var random = new Random(10);
        var now = DateTimeOffset.UtcNow;
        var rows = new List<Matter>(count);
        for (int k = 0; k < count; k++)
        {
            var start = new DateOnly(2026, 1, 1).AddDays(k % 180);
            rows.Add(new Matter
            {
                OrganizationId = organizationId,
                Code = $"M{k + 1:D6}",
                Name = $"督办事项{k + 1}",
                Kind = MatterKind.KeyTask,
                UnitCode = Seed.UnitCode(k % units),
                Start = start,
                Due = start.AddMonths(4 + random.Next(9)),
                Frequency = ReportFrequency.Monthly,
                State = MatterState.InProgress,
                Position = k + 1,
                NextStep = StepKind.Feedback,
                CreatedBy = Seed.User,
                CreatedAt = now,
                Version = 1,
            });
        }
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await BulkInsert.RowsAsync(db, rows, CancellationToken.None);
            await transaction.CommitAsync();
        }
        var ids = await db.Matters.Where(m => m.OrganizationId == organizationId).Select(m => new { m.Code, m.Id }).ToDictionaryAsync(m => m.Code, m => m.Id);
        var reports = new List<MatterReport>(count * 11);
        foreach (var m in rows)
        {
            decimal percent = 0;
            for (var month = new DateOnly(m.Start.Year, m.Start.Month, 1); month < new DateOnly(2026, 12, 1); month = month.AddMonths(1))
            {
                percent = Math.Min(100, percent + random.Next(15));
                reports.Add(new MatterReport
                {
                    OrganizationId = organizationId,
                    MatterId = ids[m.Code],
                    Date = month.AddMonths(1).AddDays(-1),
                    Percent = percent,
                    Source = ReportSource.Import,
                    ReportedBy = Seed.User,
                    ReportedAt = now,
                });
            }
        }
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await BulkInsert.RowsAsync(db, reports, CancellationToken.None);
            await transaction.CommitAsync();
        }
        return reports.Count;
    }
}
