using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Pacesetter.Scoring.Engine;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.App.Publication;

/// <summary>The stored results of a revision, read back (scoring.md §8 with the publication's additions).</summary>
public sealed record RaceResult(string Name, string Period, int Revision, IReadOnlyList<RaceCategory> Categories)
{
    /// <summary>The unit's row and its category, or null.</summary>
    public (RaceCategory Category, RaceRow Row)? Find(string unit)
    {
        foreach (var c in Categories)
        {
            foreach (var r in c.Rows)
            {
                if (r.Unit == unit) return (c, r);
            }
        }
        return null;
    }
}

public sealed record RaceCategory(string Id, RaceFlag Flag, IReadOnlyList<RaceRow> Rows);

/// <summary>流动红旗 of a published category.</summary>
public sealed record RaceFlag(string? Holder, string? Previous, bool Moved);

public sealed record RaceRow(string Unit, int Rank, decimal Composite, decimal Base, decimal Bonus, decimal Penalty, string? Grade, string? Label,
    bool Vetoed, bool BlockTop, IReadOnlyDictionary<string, RaceCell> Indicators, IReadOnlyList<RaceExemption> Exemptions, RaceChange? Change);

/// <summary>An indicator's published score and measure (a grade's measure is its text).</summary>
public sealed record RaceCell(decimal? Score, decimal? Measure, string? TextMeasure);

public sealed record RaceExemption(string Ref, decimal Restored);

/// <summary>The unit's rank and composite in the previous period of the same kind (nulls: not in it).</summary>
public sealed record RaceChange(int? PreviousRank, decimal? PreviousComposite)
{
    /// <summary>Places gained (positive) or lost against the previous period; null without a previous rank.</summary>
    public int? Places(int rank) => PreviousRank is { } p ? p - rank : null;
}

/// <summary>
/// A published revision as pages read it: its header, the scheme of its stored input (names, units, indicators,
/// weights) and its stored results. Pages show the stored figures; <see cref="Rescore"/> is for the engine's
/// explanations and what-ifs, which need the engine's objects (and give the same figures: a test holds them equal).
/// </summary>
public sealed class PublishedRace(RevisionHeader revision, Scheme scheme, RaceResult result, byte[] input)
{
    public RevisionHeader Revision { get; } = revision;
    public Scheme Scheme { get; } = scheme;
    public RaceResult Result { get; } = result;
    private SchemeResult? rescored;
    private readonly Lock gate = new();

    /// <summary>The stored input scored again by the engine (once per cached race).</summary>
    public SchemeResult Rescore()
    {
        lock (gate) return rescored ??= Scorer.Score(Scheme);
    }

    /// <summary>The stored input file (UTF-8 JSON).</summary>
    public byte[] InputUtf8() => PublicationStore.UnzipBytes(input);

    public string UnitName(string unit) => Scheme.Units.FirstOrDefault(u => u.Id == unit)?.Name ?? unit;

    public Category? Category(string id) => Scheme.Categories.FirstOrDefault(c => c.Id == id);

    /// <summary>
    /// Whether the category races for 流动红旗 in this revision (its scheme has a <c>flag</c> rule). Without one, every
    /// page and file says nothing of a flag for it: no line, no column, no "vacant" (scoring.md §5).
    /// </summary>
    public bool RacesForFlag(string categoryId) => Category(categoryId)?.Flag is not null;
}

/// <summary>
/// Published races, parsed once and kept in memory keyed by the revision's id (DESIGN.md 5: a revision never changes,
/// so the cache is never stale; a correction is a new revision, a new key). A page asks the database only for the
/// latest revision's number.
/// </summary>
public sealed class RaceReader(PublicationStore store, IMemoryCache cache)
{
    public async Task<PublishedRace?> LatestAsync(int organizationId, string period, CancellationToken ct = default)
    {
        var latest = await store.LatestNumberAsync(organizationId, period, ct);
        return latest is null ? null : await LoadAsync(latest.Value.Id, () => store.LatestAsync(organizationId, period, ct));
    }

    public async Task<PublishedRace?> RevisionAsync(int organizationId, string period, int number, CancellationToken ct = default)
    {
        var revision = await store.RevisionAsync(organizationId, period, number, ct);
        return revision is null ? null : await LoadAsync(revision.Id, () => Task.FromResult<Revision?>(revision));
    }

    private async Task<PublishedRace?> LoadAsync(long id, Func<Task<Revision?>> read)
    {
        if (cache.TryGetValue(Key(id), out PublishedRace? race)) return race;
        var revision = await read();
        if (revision is null) return null;
        race = Parse(revision);
        // Sized by the stored results (compressed bytes × ~10 ≈ the parsed objects), so a province does not crowd out the rest.
        cache.Set(Key(id), race, new MemoryCacheEntryOptions { Size = Math.Max(1, revision.Results.Length / 1024), SlidingExpiration = TimeSpan.FromHours(1) });
        return race;
    }

    private static string Key(long id) => $"race:{id}";

    /// <summary>Reads a stored revision: its input through the engine's reader, its results from the stored JSON.</summary>
    public static PublishedRace Parse(Revision revision)
    {
        var read = SchemeReader.Read(PublicationStore.UnzipBytes(revision.Input));
        if (!read.IsValid) throw new InvalidOperationException($"stored input of revision {revision.Period}#{revision.Number} does not read: {read.Problems[0]}");
        return new PublishedRace(PublicationStore.HeaderOf(revision), read.Scheme!, ParseResults(PublicationStore.UnzipBytes(revision.Results)), revision.Input);
    }

    public static RaceResult ParseResults(byte[] utf8)
    {
        using var doc = JsonDocument.Parse(utf8);
        var root = doc.RootElement;
        var categories = new List<RaceCategory>();
        foreach (var c in root.GetProperty("categories").EnumerateArray())
        {
            var f = c.GetProperty("flag");
            var rows = new List<RaceRow>();
            foreach (var r in c.GetProperty("results").EnumerateArray())
            {
                var cells = new Dictionary<string, RaceCell>(StringComparer.Ordinal);
                foreach (var p in r.GetProperty("indicators").EnumerateObject())
                {
                    var m = p.Value.TryGetProperty("measure", out var me) ? me : default;
                    cells[p.Name] = new RaceCell(Dec(p.Value.GetProperty("score")),
                        m.ValueKind == JsonValueKind.Number ? m.GetDecimal() : null,
                        m.ValueKind == JsonValueKind.String ? m.GetString() : null);
                }
                var exemptions = r.GetProperty("exemptions").EnumerateArray().Select(e => new RaceExemption(e.GetProperty("ref").GetString()!, e.GetProperty("restored").GetDecimal())).ToList();
                RaceChange? change = null;
                if (r.TryGetProperty("change", out var ch) && ch.ValueKind == JsonValueKind.Object)
                {
                    change = new RaceChange(ch.GetProperty("previousRank") is { ValueKind: JsonValueKind.Number } pr ? pr.GetInt32() : null, Dec(ch.GetProperty("previousComposite")));
                }
                rows.Add(new RaceRow(r.GetProperty("unit").GetString()!, r.GetProperty("rank").GetInt32(), r.GetProperty("composite").GetDecimal(),
                    r.GetProperty("base").GetDecimal(), r.GetProperty("bonus").GetDecimal(), r.GetProperty("penalty").GetDecimal(),
                    Str(r.GetProperty("grade")), Str(r.GetProperty("label")), r.GetProperty("vetoed").GetBoolean(), r.GetProperty("blockTop").GetBoolean(),
                    cells, exemptions, change));
            }
            categories.Add(new RaceCategory(c.GetProperty("id").GetString()!, new RaceFlag(Str(f.GetProperty("holder")), Str(f.GetProperty("previous")), f.GetProperty("moved").GetBoolean()), rows));
        }
        int revision = root.TryGetProperty("revision", out var rv) ? rv.GetInt32() : 0;
        return new RaceResult(root.GetProperty("name").GetString()!, root.GetProperty("period").GetString()!, revision, categories);
    }

    private static decimal? Dec(JsonElement e) => e.ValueKind == JsonValueKind.Number ? e.GetDecimal() : null;

    private static string? Str(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString() : null;

    /// <summary>Invariant text of a published figure: 2 decimals (96.50).</summary>
    public static string Figure(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    internal static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
