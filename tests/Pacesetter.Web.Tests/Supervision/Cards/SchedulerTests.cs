using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Supervision.Cards;
using Pacesetter.Web.Tests.Schemes;
using Quartz;

namespace Pacesetter.Web.Tests.Supervision.Cards;

/// <summary>Quartz.NET's persistent scheduler (ADR 0029): the month-end trigger's schedule, and the job run through a real scheduler on each database.</summary>
public class SchedulerTests
{
    [Fact]
    public void The_month_end_trigger_fires_at_00_30_Beijing_on_the_first()
    {
        var cron = new CronExpression(SchedulerSetup.MonthEndCron, SchedulerSetup.China);
        Assert.Equal(new DateTimeOffset(2026, 10, 31, 16, 30, 0, TimeSpan.Zero), cron.GetNextValidTimeAfter(new DateTimeOffset(2026, 10, 15, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 2, 28, 16, 30, 0, TimeSpan.Zero), cron.GetNextValidTimeAfter(new DateTimeOffset(2026, 1, 31, 16, 30, 0, TimeSpan.Zero)));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_month_end_job_runs_in_the_persistent_scheduler(string provider)
    {
        var settings = Databases.Empty(provider);
        settings["Supervision:Scheduler:Enabled"] = "true";
        await using var world = await CardsWorld.CreateAsync(provider, TestApp.On(provider, settings));
        await world.ImportAsync(CardsWorld.History());
        var scheduler = await world.App.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.TriggerJob(MonthEndCardsJob.Key, new JobDataMap { ["asOf"] = "2026-06-30" });
        int cards = 0;
        for (int i = 0; i < 60 && cards < 18; i++)
        {
            await Task.Delay(500);
            await using var db = world.App.NewDb();
            cards = await db.IssuedCards.CountAsync();
        }
        Assert.Equal(18, cards);
        await using (var db = world.App.NewDb())
        {
            var jobs = await db.Database.SqlQueryRaw<string>(provider == "Sqlite" ? "SELECT JOB_NAME AS \"Value\" FROM qrtz_JOB_DETAILS ORDER BY JOB_NAME" : "SELECT job_name AS \"Value\" FROM qrtz_job_details ORDER BY job_name").ToListAsync();
            Assert.Equal(["deadline-scan", "month-end-cards", "outbox-dispatch"], jobs);
        }
    }

    /// <summary>
    /// Two instances on one PostgreSQL database, both schedulers on: two nodes check in; one trigger runs the job once,
    /// and POST evaluations on both at once issues each card once.
    /// </summary>
    [Fact]
    public async Task Two_instances_on_PostgreSQL_form_one_cluster_and_issue_each_card_once()
    {
        if (Databases.PostgresServer is null && !Databases.PostgresRequired) return;
        var settings = Databases.Empty("PostgreSQL");
        settings["Supervision:Scheduler:Enabled"] = "true";
        await using var world = await CardsWorld.CreateAsync("PostgreSQL", TestApp.On("PostgreSQL", settings));
        // The second instance leaves the database to the first: dropping it under the first one's running scheduler
        // left that scheduler retrying a database that was gone, and the first one's shutdown waiting on it.
        var second = TestApp.SecondInstance(world.App);
        try
        {
            await world.ImportAsync(CardsWorld.History());
            _ = second.Services; // start the second instance
            var admin2 = await second.ApiAs(world.OrganizationId, "city-admin-2", App.Accounts.OrgRole.Admin);
            long nodes = 0;
            for (int i = 0; i < 60 && nodes < 2; i++)
            {
                await Task.Delay(500);
                await using var db = world.App.NewDb();
                nodes = await db.Database.SqlQueryRaw<long>("SELECT count(*) AS \"Value\" FROM qrtz_scheduler_state").SingleAsync();
            }
            Assert.Equal(2, nodes);
            var posts = await Task.WhenAll(
                world.Admin.PostAsJsonAsync(CardsWorld.Api("evaluations"), new { asOf = "2026-06-30" }),
                admin2.PostAsJsonAsync(CardsWorld.Api("evaluations"), new { asOf = "2026-06-30" }));
            Assert.All(posts, p => Assert.Equal(System.Net.HttpStatusCode.OK, p.StatusCode));
            await using (var db = world.App.NewDb())
            {
                Assert.Equal(18, await db.IssuedCards.CountAsync());
            }
            int before = MonthEndCardsJob.Runs;
            var scheduler = await world.App.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            await scheduler.TriggerJob(MonthEndCardsJob.Key, new JobDataMap { ["asOf"] = "2026-07-31" });
            for (int i = 0; i < 60 && MonthEndCardsJob.Runs == before; i++) await Task.Delay(500);
            await Task.Delay(3000);
            Assert.Equal(before + 1, MonthEndCardsJob.Runs);
            await using (var db = world.App.NewDb())
            {
                // July 31: A yellow (211/364 = 57.97 − 45 = 12.97), B red overdue, C and D red not-started, E done,
                // F yellow (30/183 = 16.39 behind; m = 0, so rule 5 gives nothing): five more.
                Assert.Equal(23, await db.IssuedCards.CountAsync());
            }
        }
        finally
        {
            await second.DisposeAsync();
        }
    }
}
