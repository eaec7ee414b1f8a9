using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Pacesetter.App.Data;
using Pacesetter.App.Supervision.Cards;
using Quartz;

namespace Pacesetter.Web.Operations;

/// <summary>
/// 就绪 readiness (ADR 0046): <c>/readyz</c> answers 200 when the database answers a query through the application's
/// context, no migration of this build is pending on it, and the job scheduler runs; 503 otherwise, with each check's
/// status by name and nothing more (no exception text, no connection string).
/// </summary>
public static class Readiness
{
    public const string Tag = "ready";

    public static IHealthChecksBuilder AddReadinessChecks(this IHealthChecksBuilder checks) => checks
        // A query of the model, not only an open connection: a database without our tables is not ready.
        .AddDbContextCheck<PacesetterDb>("database", tags: [Tag],
            customTestQuery: async (db, ct) => await db.Organizations.AsNoTracking().Select(o => o.Id).FirstOrDefaultAsync(ct) >= 0)
        .AddCheck<MigrationsCheck>("migrations", tags: [Tag])
        .AddCheck<SchedulerCheck>("scheduler", tags: [Tag]);

    /// <summary>The database is at this build's last migration (a backup restored under a running instance is not).</summary>
    public sealed class MigrationsCheck(PacesetterDb db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
            (await db.Database.GetPendingMigrationsAsync(ct)).Any() ? new HealthCheckResult(context.Registration.FailureStatus, "migrations pending") : HealthCheckResult.Healthy();
    }

    /// <summary>The Quartz scheduler (supervision's jobs, ADR 0029) started and not in standby; healthy when turned off by <c>Supervision:Scheduler:Enabled</c>.</summary>
    public sealed class SchedulerCheck(IServiceProvider services, IConfiguration configuration) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            if (!SchedulerSetup.Enabled(configuration)) return HealthCheckResult.Healthy("disabled");
            var scheduler = await services.GetRequiredService<ISchedulerFactory>().GetScheduler(ct);
            return await scheduler.GetStatus(ct) == SchedulerStatus.Running
                ? HealthCheckResult.Healthy()
                : new HealthCheckResult(context.Registration.FailureStatus, "not running");
        }
    }

    /// <summary>The readiness body: <c>{"status":"Unhealthy","checks":{"database":"Healthy",…}}</c>.</summary>
    public static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString()),
        }));
    }
}
