using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Pacesetter.Web.Operations;

/// <summary>
/// 读请求排队，写请求优先 (ADR 0055): at most <c>Load:ReadConcurrency</c> reads (GET and HEAD) are served at once by an
/// instance, the others waiting their turn in arrival order (at most <c>Load:ReadQueue</c> of them; more are answered 503
/// with Retry-After); saves, submissions, reviews and every other write never wait for them, nor do the health checks and
/// the metrics. On a publication day the crowd on the public posting then waits in one queue at the door instead of at
/// every step inside, where each step of a save would wait behind it. 0 turns the queue off.
/// </summary>
public static class ReadAdmission
{
    /// <summary>The default number of reads served at once: four per processor.</summary>
    public static int DefaultConcurrency => 4 * Environment.ProcessorCount;

    public const int DefaultQueue = 10_000;

    public static void AddReadAdmission(this RateLimiterOptions options, IConfiguration configuration)
    {
        int permits = configuration.GetValue<int?>("Load:ReadConcurrency") ?? DefaultConcurrency;
        int queue = configuration.GetValue<int?>("Load:ReadQueue") ?? DefaultQueue;
        if (permits <= 0) return;
        var limiter = Create(permits, queue);
        options.GlobalLimiter = limiter;
        var other = options.OnRejected;
        options.OnRejected = async (context, ct) =>
        {
            var http = context.HttpContext;
            // A read the queue had no room for: 503, busy for a moment (a policy's refusal, the ballots', stays 429).
            if (Queued(http) && limiter.GetStatistics(http) is { CurrentAvailablePermits: 0 } s && s.CurrentQueuedCount >= queue)
            {
                await DatabaseOutage.AnswerBusyAsync(http, http.RequestServices.GetRequiredService<IStringLocalizer<SharedText>>(), "Busy", ct);
                return;
            }
            if (other is not null) await other(context, ct);
        };
    }

    /// <summary>The limiter: reads share <paramref name="permits"/> places and a queue of <paramref name="queue"/>; the rest pass.</summary>
    public static PartitionedRateLimiter<HttpContext> Create(int permits, int queue)
    {
        var limiter = new ConcurrencyLimiterOptions { PermitLimit = permits, QueueLimit = Math.Max(0, queue), QueueProcessingOrder = QueueProcessingOrder.OldestFirst };
        return PartitionedRateLimiter.Create<HttpContext, string>(http => Queued(http)
            ? RateLimitPartition.GetConcurrencyLimiter("reads", _ => limiter)
            : RateLimitPartition.GetNoLimiter("writes"));
    }

    /// <summary>A read that takes its turn: GET or HEAD, not liveness, readiness or metrics (<see cref="Telemetry.IsProbe"/>).</summary>
    public static bool Queued(HttpContext http) =>
        (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)) && !Telemetry.IsProbe(http.Request.Path);
}
