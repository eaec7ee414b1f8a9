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
    /// The job itself with a stub context (no scheduler): the month-end it evaluates is the last one before the fire
    /// time's Beijing date; a fire at 23:59:59 Beijing on 06-30 is still June (through 05-31), 00:30 on 07-01 is July
    /// (through 06-30); without a fire time the clock decides; <c>asOf</c> in the job data wins; a second run adds nothing.
    /// </summary>
    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_month_end_job_evaluates_the_month_end_before_the_fire_time_s_Beijing_date(string provider)
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 7, 3, 2, 0, 0, TimeSpan.Zero));
        await using var world = await CardsWorld.CreateAsync(provider, new TestApp(provider) { Clock = clock });
        await world.ImportAsync(CardsWorld.History());

        async Task<(DateOnly? Through, DateOnly? LastCard, int Cards)> RunAsync(DateTimeOffset? fire, string? asOf = null)
        {
            using var scope = world.App.Services.CreateScope();
            var job = new MonthEndCardsJob(scope.ServiceProvider.GetRequiredService<CardIssuer>(), clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<MonthEndCardsJob>.Instance);
            var data = new JobDataMap();
            if (asOf is not null) data["asOf"] = asOf;
            await job.Execute(JobContext.Of(fire, data), CancellationToken.None);
            await using var db = world.App.NewDb();
            var through = await db.Matters.Where(m => m.OrganizationId == world.OrganizationId).Select(m => m.CardsThrough).ToListAsync();
            var months = await db.IssuedCards.Where(c => c.OrganizationId == world.OrganizationId).Select(c => c.MonthEnd).ToListAsync();
            return (through.Max(), months.Count == 0 ? null : months.Max(), months.Count);
        }

        var julyFire = new DateTimeOffset(2026, 6, 30, 16, 30, 0, TimeSpan.Zero);
        // asOf in the job data wins over the fire time (July's fire would evaluate 06-30).
        var april = await RunAsync(julyFire, "2026-04-30");
        Assert.Equal((new DateOnly(2026, 4, 30), new DateOnly(2026, 4, 30)), (april.Through, april.LastCard));
        var june = await RunAsync(new DateTimeOffset(2026, 6, 30, 15, 59, 59, TimeSpan.Zero));
        Assert.Equal((new DateOnly(2026, 5, 31), new DateOnly(2026, 5, 31)), (june.Through, june.LastCard));
        var july = await RunAsync(julyFire);
        Assert.Equal((new DateOnly(2026, 6, 30), new DateOnly(2026, 6, 30), 18), july);
        // No fire time (a run by hand): the clock's 2026-07-03 10:00 Beijing → 06-30 again, nothing new.
        Assert.Equal(july, await RunAsync(null));
    }

    /// <summary>A job context that answers the fire time and the merged job data, nothing else (a stub through <see cref="System.Reflection.DispatchProxy"/>).</summary>
    public class JobContext : System.Reflection.DispatchProxy
    {
        private DateTimeOffset? fire;
        private JobDataMap data = new();

        public static IJobExecutionContext Of(DateTimeOffset? fire, JobDataMap data)
        {
            var context = Create<IJobExecutionContext, JobContext>();
            var stub = (JobContext)(object)context;
            stub.fire = fire;
            stub.data = data;
            return context;
        }

        protected override object? Invoke(System.Reflection.MethodInfo? method, object?[]? args) => method?.Name switch
        {
            "get_ScheduledFireTimeUtc" => fire,
            "get_MergedJobDataMap" => data,
            _ => throw new NotSupportedException($"the month-end job asked the context for {method?.Name}"),
        };
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
