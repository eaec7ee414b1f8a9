using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Supervision.Cards;
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
}
