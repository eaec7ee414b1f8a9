using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Identity;
using Pacesetter.App.Accounts;

namespace Pacesetter.Web.Auth;

/// <summary>
/// 登录防护 (issue #13, ADR 0047): sign-in answers the same, in the same time, whether the name exists or not, and
/// guessing is slowed by ASP.NET Core's rate limiters instead of by locking the account (five wrong passwords used to
/// lock any user, the admin included, for 15 minutes: anyone could lock anyone out). Three budgets, all in memory of
/// this instance:
/// <list type="bullet">
/// <item>sign-in attempts per address: <c>Login:AttemptsPerMinute</c> (30) a minute;</item>
/// <item>wrong passwords per name from one address: <c>Login:FailuresPerNameAndAddress</c> (5) in 15 minutes — the
/// guesser's own address is stopped, the owner signing in from elsewhere is not;</item>
/// <item>wrong passwords per name from all addresses: <c>Login:FailuresPerName</c> (50) in 15 minutes — guessing one
/// name from many addresses is slow too, and stopping its owner takes 50 requests from at least ten addresses.</item>
/// </list>
/// Spent budgets are answered 429 with one message, whether the name exists or not. An unknown name's password is
/// checked against a hash all the same (<see cref="Check"/>), so a refusal takes as long as a real user's.
/// </summary>
public sealed class LoginGuard : IDisposable
{
    private static readonly TimeSpan FailureWindow = TimeSpan.FromMinutes(15);

    private readonly PartitionedRateLimiter<string> attempts;
    private readonly PartitionedRateLimiter<string> pairFailures;
    private readonly PartitionedRateLimiter<string> nameFailures;

    public LoginGuard(IConfiguration configuration)
    {
        int perMinute = Math.Max(1, configuration.GetValue("Login:AttemptsPerMinute", 30));
        int perPair = Math.Max(1, configuration.GetValue("Login:FailuresPerNameAndAddress", 5));
        int perName = Math.Max(1, configuration.GetValue("Login:FailuresPerName", 50));
        // A fixed window: 30 in the minute from an address's first attempt (a token bucket refills continuously).
        attempts = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
        pairFailures = Failures(perPair);
        nameFailures = Failures(perName);
    }

    private static PartitionedRateLimiter<string> Failures(int limit) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = FailureWindow,
            SegmentsPerWindow = 15,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    private static string Name(string userName) => userName.Trim().ToUpperInvariant();

    private static string Pair(string userName, string address) => Name(userName) + "\n" + address;

    /// <summary>Counts an attempt; false when the address, or this name, has spent its budget (the caller answers 429).</summary>
    public bool TryAttempt(string userName, string address)
    {
        using var lease = attempts.AttemptAcquire(address);
        if (!lease.IsAcquired) return false;
        return pairFailures.GetStatistics(Pair(userName, address))?.CurrentAvailablePermits != 0
            && nameFailures.GetStatistics(Name(userName))?.CurrentAvailablePermits != 0;
    }

    /// <summary>Counts a wrong password (or an unknown name: the same) for the name from the address.</summary>
    public void Failed(string userName, string address)
    {
        pairFailures.AttemptAcquire(Pair(userName, address)).Dispose();
        nameFailures.AttemptAcquire(Name(userName)).Dispose();
    }

    /// <summary>
    /// Whether <paramref name="password"/> is the user's: for an unknown user (null) a fixed hash is checked instead and
    /// the answer is false, so that both take one hash's time.
    /// </summary>
    public static bool Check(IPasswordHasher<AppUser> hasher, AppUser? user, string password)
    {
        if (user?.PasswordHash is { } hash) return hasher.VerifyHashedPassword(user, hash, password) != PasswordVerificationResult.Failed;
        hasher.VerifyHashedPassword(Nobody, NobodysHash(hasher), password);
        return false;
    }

    private static readonly AppUser Nobody = new() { UserName = "nobody" };
    private static string? nobodysHash;

    private static string NobodysHash(IPasswordHasher<AppUser> hasher) =>
        nobodysHash ??= hasher.HashPassword(Nobody, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));

    public void Dispose()
    {
        attempts.Dispose();
        pairFailures.Dispose();
        nameFailures.Dispose();
    }
}
