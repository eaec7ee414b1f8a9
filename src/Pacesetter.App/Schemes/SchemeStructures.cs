using System.Collections.Concurrent;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.App.Schemes;

/// <summary>
/// The structures of stored scheme versions (<see cref="SchemeStore.Structure"/>), read once per host: a version's
/// document never changes once saved (a change is a new version), and data entry needs its period's structure for
/// every save and every card — for 100 units × 20 indicators the engine's reader takes milliseconds and the document
/// tens of kilobytes from the database each time. Keyed by the row (id, organization, period, version, time saved), so
/// that a key never names two documents; one per host (a singleton), never shared between databases. Holds the
/// structures of the <see cref="Capacity"/> versions read last; past that it starts again empty.
/// </summary>
public sealed class SchemeStructures
{
    public const int Capacity = 256;

    /// <summary>What identifies a stored version without its document.</summary>
    public sealed record Key(long Id, int OrganizationId, string Period, int Version, DateTimeOffset CreatedAt);

    private readonly ConcurrentDictionary<Key, Scheme?> read = new();

    /// <summary>The structure of the version <paramref name="key"/> names, read from <paramref name="document"/> the first time.</summary>
    public async Task<Scheme?> GetAsync(Key key, Func<Task<string>> document)
    {
        if (read.TryGetValue(key, out var scheme)) return scheme;
        scheme = SchemeStore.Structure(await document());
        if (read.Count >= Capacity) read.Clear();
        read[key] = scheme;
        return scheme;
    }
}
