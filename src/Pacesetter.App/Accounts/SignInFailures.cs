using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pacesetter.App.Data;

namespace Pacesetter.App.Accounts;

/// <summary>
/// One minute's count of wrong passwords for one key (a name, or a name from one address): the rows behind the sign-in
/// budgets that every instance shares (ADR 0053). The key is stored as its SHA-256, so the table holds neither names
/// nor addresses; rows older than the window are deleted as new failures come.
/// </summary>
public sealed class SignInFailure
{
    /// <summary>SHA-256 of the counted key, in lower-case hex (64 characters).</summary>
    public string Key { get; set; } = "";

    /// <summary>The minute, counted from the Unix epoch in UTC.</summary>
    public long Minute { get; set; }

    public int Count { get; set; }
}

internal sealed class SignInFailureConfiguration : IEntityTypeConfiguration<SignInFailure>
{
    public void Configure(EntityTypeBuilder<SignInFailure> b)
    {
        b.ToTable("sign_in_failures");
        b.HasKey(x => new { x.Key, x.Minute });
        b.Property(x => x.Key).HasMaxLength(64);
        b.HasIndex(x => x.Minute);
    }
}

/// <summary>
/// 登录失败计数 (ADR 0053): wrong passwords counted in the database, in one-minute buckets over a sliding window, so that
/// every instance behind the load balancer spends the same budget and a restart does not refill it. Not audited: these
/// are counters of the sign-in guard, not records of the organization, and they expire with the window.
/// </summary>
public static class SignInFailures
{
    /// <summary>The window the budgets count over: a wrong password counts for 15 minutes.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private static long MinuteOf(DateTimeOffset now) => now.ToUnixTimeSeconds() / 60;

    /// <summary>The stored form of a key: its SHA-256 in lower-case hex.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>
    /// The wrong passwords counted for each of the two keys (the guard counts a name, and the name from an address)
    /// within the window ending at <paramref name="now"/>: this minute and the 14 before it.
    /// </summary>
    public static async Task<(int First, int Second)> CountAsync(PacesetterDb db, string first, string second, DateTimeOffset now, CancellationToken ct = default)
    {
        var (a, b) = (Hash(first), Hash(second));
        var from = MinuteOf(now) - (long)Window.TotalMinutes + 1;
        var counts = await db.Set<SignInFailure>().AsNoTracking()
            .Where(f => (f.Key == a || f.Key == b) && f.Minute >= from)
            .GroupBy(f => f.Key)
            .Select(g => new { g.Key, Count = g.Sum(f => f.Count) })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return (counts.GetValueOrDefault(a), counts.GetValueOrDefault(b));
    }

    /// <summary>
    /// Counts one wrong password for each of the two keys at <paramref name="now"/> — one upsert of two rows, which both
    /// databases read alike — and deletes the rows that have left the window. The keys differ (PostgreSQL refuses an
    /// upsert that meets one row twice); the guard's do, by their prefixes.
    /// </summary>
    public static async Task AddAsync(PacesetterDb db, string first, string second, DateTimeOffset now, CancellationToken ct = default)
    {
        var (a, b) = (Hash(first), Hash(second));
        var minute = MinuteOf(now);
        await db.Database.ExecuteSqlAsync(
            $"""INSERT INTO sign_in_failures ("Key", "Minute", "Count") VALUES ({a}, {minute}, 1), ({b}, {minute}, 1) ON CONFLICT ("Key", "Minute") DO UPDATE SET "Count" = sign_in_failures."Count" + 1""", ct);
        var expired = minute - (long)Window.TotalMinutes + 1;
        await db.Database.ExecuteSqlAsync($"""DELETE FROM sign_in_failures WHERE "Minute" < {expired}""", ct);
    }
}
