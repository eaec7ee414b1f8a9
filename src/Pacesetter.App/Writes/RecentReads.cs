using Microsoft.Extensions.Caching.Memory;

namespace Pacesetter.App.Writes;

/// <summary>
/// What a crowd of readers asks the database again and again — the latest revision's number, the list of published
/// periods, a leaderboard, where a publication stands — remembered for a moment (ADR 0026). An answer is kept at most
/// <see cref="Keep"/> and never past a write: every audited write this process commits (<see cref="OrgWriter"/>, the one
/// door) starts a new generation, and an answer remembered under an older generation is never used again. So on one
/// machine a publication, correction or objection shows at once; another instance behind the same database sees it
/// within <see cref="Keep"/>. Only reads whose answers change through audited writes alone are remembered here (not
/// the clock: a notice period's end is computed on every read from the remembered facts). Data entry's writes
/// (<see cref="OrgWriter.ForDataEntry"/>) start no generation: nothing remembered here may be read from its rows —
/// data, their evidence, a period's deadline.
/// </summary>
public sealed class RecentReads(IMemoryCache cache, Func<long> generationOf)
{
    /// <summary>Remembers in <paramref name="cache"/> under this process's generation of writes.</summary>
    public RecentReads(IMemoryCache cache) : this(cache, () => Generation)
    {
    }

    private static long generation;

    /// <summary>How long an answer is kept at most: what another instance may lag behind a write made elsewhere.</summary>
    public static readonly TimeSpan Keep = TimeSpan.FromSeconds(2);

    /// <summary>The generation of this process's committed writes: changes with each.</summary>
    public static long Generation => Interlocked.Read(ref generation);

    /// <summary>A write has been committed (OrgWriter, after the commit): what was remembered before is stale.</summary>
    internal static void Written() => Interlocked.Increment(ref generation);

    /// <summary>
    /// The answer of <paramref name="read"/> for <paramref name="key"/> (a value with equality: a tuple of its
    /// arguments), remembered for this generation and at most <see cref="Keep"/>.
    /// </summary>
    public async Task<T> GetAsync<T>(object key, Func<Task<T>> read)
    {
        var entry = new Entry(key, generationOf());
        if (cache.TryGetValue(entry, out T? known)) return known!;
        var answer = await read();
        // Stored under the generation read before the query: a write committed meanwhile makes it stale at once.
        cache.Set(entry, answer, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Keep });
        return answer;
    }

    private sealed record Entry(object Key, long Generation);
}
