using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Identity;
using Pacesetter.App.Accounts;
using Pacesetter.App.Data;

namespace Pacesetter.Web.Auth;

/// <summary>
/// 登录防护 (issue #13, ADR 0047, ADR 0053): sign-in answers the same, in the same time, whether the name exists or not,
/// and guessing is slowed by budgets instead of by locking the account (five wrong passwords used to lock any user, the
/// admin included, for 15 minutes: anyone could lock anyone out). Three budgets:
/// <list type="bullet">
/// <item>sign-in attempts per address: <c>Login:AttemptsPerMinute</c> (30) a minute, counted by this instance with
/// ASP.NET Core's rate limiter (in front of several instances nginx counts them for all: deploy/nginx);</item>
/// <item>wrong passwords per name from one address: <c>Login:FailuresPerNameAndAddress</c> (5) in 15 minutes — the
/// guesser's own address is stopped, the owner signing in from elsewhere is not;</item>
/// <item>wrong passwords per name from all addresses: <c>Login:FailuresPerName</c> (50) in 15 minutes — guessing one
/// name from many addresses is slow too, and stopping its owner takes 50 requests from at least ten addresses.</item>
/// </list>
/// The two budgets of wrong passwords are counted in the database (<see cref="SignInFailures"/>): every instance spends
/// the same budget, and restarting one does not refill it. Spent budgets are answered 429 with one message, whether the
/// name exists or not. An unknown name's password is checked against a hash all the same (<see cref="Check"/>), so a
/// refusal takes as long as a real user's.
/// </summary>
public sealed class LoginGuard : IDisposable
{
    private readonly PartitionedRateLimiter<string> attempts;
    private readonly int perPair;
    private readonly int perName;
    private readonly TimeProvider clock;

    public LoginGuard(IConfiguration configuration, TimeProvider clock)
    {
        int perMinute = Math.Max(1, configuration.GetValue("Login:AttemptsPerMinute", 30));
        perPair = Math.Max(1, configuration.GetValue("Login:FailuresPerNameAndAddress", 5));
        perName = Math.Max(1, configuration.GetValue("Login:FailuresPerName", 50));
        this.clock = clock;
        // A fixed window: 30 in the minute from an address's first attempt (a token bucket refills continuously).
        attempts = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    // The keys say what they count, so that a name can never be read as a name-and-address pair.
    private static string Name(string userName) => "name\n" + userName.Trim().ToUpperInvariant();

    private static string Pair(string userName, string address) => "pair\n" + userName.Trim().ToUpperInvariant() + "\n" + address;

    /// <summary>Counts an attempt; false when the address, or this name, has spent its budget (the caller answers 429).</summary>
    public async Task<bool> TryAttemptAsync(PacesetterDb db, string userName, string address, CancellationToken ct = default)
    {
        using (var lease = attempts.AttemptAcquire(address))
        {
            if (!lease.IsAcquired) return false;
        }
        var (pair, name) = await SignInFailures.CountAsync(db, Pair(userName, address), Name(userName), clock.GetUtcNow(), ct);
        return pair < perPair && name < perName;
    }

    /// <summary>Counts a wrong password (or an unknown name: the same) for the name from the address.</summary>
    public Task FailedAsync(PacesetterDb db, string userName, string address, CancellationToken ct = default) =>
        SignInFailures.AddAsync(db, Pair(userName, address), Name(userName), clock.GetUtcNow(), ct);

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
    }
}
