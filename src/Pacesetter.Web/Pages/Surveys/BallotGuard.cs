using System.Threading.RateLimiting;

namespace Pacesetter.Web.Pages.Surveys;

/// <summary>
/// 防刷 the guard of the ballot pages <c>/s/{token}</c> (issue #12 §7, ADR 0043), with ASP.NET Core's rate limiter:
/// every request of an address counts against <see cref="Policy"/> (a token bucket of <c>Surveys:BallotRequestsPerMinute</c>,
/// 600 by default: a meeting hall of several hundred phones behind one address votes within minutes), and every
/// unknown token an address tries counts against a second, small budget (<c>Surveys:UnknownLinksPerMinute</c>, 20):
/// once it is spent, that address is answered 429 for the rest of the minute, whatever token it sends. A guess is
/// answered 404 like any unknown page, saying nothing of whether a survey, a link or an organization exists; a token
/// is 32 random bytes, so guessing one is hopeless anyway — the limits keep the database out of the flood.
/// </summary>
public sealed class BallotGuard : IDisposable
{
    public const string Policy = "survey-ballot";

    private readonly PartitionedRateLimiter<string> misses;

    public BallotGuard(IConfiguration configuration)
    {
        int perMinute = Math.Max(1, configuration.GetValue("Surveys:UnknownLinksPerMinute", 20));
        misses = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));
    }

    /// <summary>The requests' limiter: a token bucket per address.</summary>
    public static void AddPolicy(Microsoft.AspNetCore.RateLimiting.RateLimiterOptions options, IConfiguration configuration)
    {
        int perMinute = Math.Max(1, configuration.GetValue("Surveys:BallotRequestsPerMinute", 600));
        options.AddPolicy(Policy, http => RateLimitPartition.GetTokenBucketLimiter(ClientAddress.Of(http), _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = perMinute,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Whether the address has spent its budget of unknown tokens for now.</summary>
    public bool Blocked(HttpContext http) => misses.GetStatistics(ClientAddress.Of(http))?.CurrentAvailablePermits == 0;

    /// <summary>Counts an unknown token; false when that spends the last of the budget (the caller answers 429).</summary>
    public bool Miss(HttpContext http)
    {
        using var lease = misses.AttemptAcquire(ClientAddress.Of(http));
        return lease.IsAcquired;
    }

    public void Dispose() => misses.Dispose();
}
