using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pacesetter.App.Data;
using Pacesetter.App.Supervision.Messages;
using Pacesetter.App.Time;
using Quartz;

namespace Pacesetter.App.Supervision.Cards;

/// <summary>
/// 定时任务 supervision's scheduled jobs on Quartz.NET 4.7 (ADR 0029): a persistent ADO job store in the application's
/// database (tables by the QuartzStore migration), clustered on PostgreSQL so that several instances run each job
/// once, plain on SQLite (one instance). <c>Supervision:Scheduler:Enabled</c> (default true) starts it.
/// </summary>
public static class SchedulerSetup
{
    /// <summary>China's time zone (no daylight saving): the month-end job fires at 00:30 Beijing on the 1st.</summary>
    public static TimeZoneInfo China { get; } = FindChina();

    private static TimeZoneInfo FindChina()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("China Standard Time", WorkingDays.ChinaOffset, "China Standard Time", "China Standard Time");
        }
    }

    public const string MonthEndCron = "0 30 0 1 * ?";
    public const string DeadlineCron = "0 */15 * * * ?";

    public static bool Enabled(IConfiguration configuration) => configuration.GetValue("Supervision:Scheduler:Enabled", true);

    public static IServiceCollection Add(IServiceCollection services, DatabaseOptions database, IConfiguration configuration)
    {
        if (!Enabled(configuration)) return services;
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = "pacesetter";
                // Each node of a cluster its own id: generated, or named (Supervision:Scheduler:InstanceId, e.g. the host and port).
                if (configuration["Supervision:Scheduler:InstanceId"] is { Length: > 0 } id) o.InstanceId = id;
                else o.GenerateInstanceId = true;
            });
            q.UsePersistentStore(s =>
            {
                s.UseSystemTextJsonSerializer();
                s.ConfigureStore(o => o.TablePrefix = "qrtz_");
                if (database.Provider == DatabaseProvider.PostgreSQL)
                {
                    s.UsePostgres(database.ConnectionString);
                    // A node that stops checking in (killed, its machine gone) is taken for dead after about the check-in
                    // interval plus 7.5 s; another node then runs what it was running again (RequestRecovery) and its triggers.
                    var checkin = TimeSpan.FromSeconds(configuration.GetValue("Supervision:Scheduler:CheckinSeconds", 15));
                    s.UseClustering(c =>
                    {
                        c.CheckinInterval = checkin;
                        c.CheckinMisfireThreshold = checkin * 4;
                    });
                }
                else
                {
                    s.UseSqlite(database.ConnectionString);
                }
            });
            // A month-end run cut short by its instance's death is run again by another: it is idempotent (the watermarks).
            q.AddJob<MonthEndCardsJob>(j => j.WithIdentity(MonthEndCardsJob.Key).StoreDurably().RequestRecovery());
            q.AddTrigger(t => t.ForJob(MonthEndCardsJob.Key).WithIdentity("month-end-cards", "supervision")
                .WithCronSchedule(configuration["Supervision:Scheduler:MonthEndCron"] is { Length: > 0 } cron ? cron : MonthEndCron, c => c.InTimeZone(China).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
            q.AddJob<DeadlineScanJob>(j => j.WithIdentity(DeadlineScanJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(DeadlineScanJob.Key).WithIdentity("deadline-scan", "supervision")
                .WithCronSchedule(DeadlineCron, c => c.InTimeZone(China).WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)));
            q.AddJob<OutboxDispatchJob>(j => j.WithIdentity(OutboxDispatchJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(OutboxDispatchJob.Key).WithIdentity("outbox-dispatch", "supervision")
                .WithSimpleSchedule(x => x.WithInterval(TimeSpan.FromSeconds(10)).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}

/// <summary>
/// 月末评定 at 00:30 Beijing on the 1st: evaluates every organization up to the previous day, the month-end just past
/// (a late fire still evaluates it; the watermarks catch up any month missed). A run triggered by hand may name
/// <c>asOf</c> (yyyy-MM-dd) in its job data.
/// </summary>
[DisallowConcurrentExecution]
public sealed class MonthEndCardsJob(CardIssuer issuer, TimeProvider clock, ILogger<MonthEndCardsJob> log, Operations.PacesetterMetrics? metrics = null) : IJob
{
    public static readonly JobKey Key = new("month-end-cards", "supervision");

    /// <summary>How many times the job ran in this process (the cluster test counts them).</summary>
    public static int Runs;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Runs);
        var asOf = context.MergedJobDataMap.TryGetString("asOf", out var text) && Scoring.Supervision.CardFileReader.TryParseDate(text, out var given)
            ? given
            : CardDates.MonthEndBefore(context.ScheduledFireTimeUtc ?? clock.GetUtcNow());
        foreach (var (organization, run) in await issuer.RunAllAsync(asOf, "system:month-end", cancellationToken))
        {
            // A refused run (an asOf after today given by hand) leaves the watermarks where they were; say so.
            if (!run.IsOk)
            {
                log.LogWarning("Month-end evaluation of organization {Organization} as of {AsOf} not done: {Status} {Problems}",
                    organization, asOf, run.Status, string.Join("; ", run.Problems.Select(p => $"{p.Path}: {p.English}")));
            }
        }
        metrics?.JobCompleted(Key.Name);
    }
}

/// <summary>Every 15 minutes: the due and overdue steps' notifications (once each).</summary>
[DisallowConcurrentExecution]
public sealed class DeadlineScanJob(NotificationService notifications) : IJob
{
    public static readonly JobKey Key = new("deadline-scan", "supervision");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await notifications.ScanDeadlinesAsync(cancellationToken);
}

/// <summary>Every 10 seconds: the webhook outbox's due messages; never two at once (the order per endpoint holds).</summary>
[DisallowConcurrentExecution]
public sealed class OutboxDispatchJob(OutboxDispatcher dispatcher, Operations.PacesetterMetrics? metrics = null) : IJob
{
    public static readonly JobKey Key = new("outbox-dispatch", "supervision");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await dispatcher.DispatchDueAsync(cancellationToken);
        metrics?.JobCompleted(Key.Name);
    }
}
