using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Data;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.App.Publication;

/// <summary>
/// 赛马 the race across published periods, read only from the stored revisions (through <see cref="PublicationStore"/>
/// and <see cref="RaceReader"/>, never re-scored): a period's leaderboards with each unit's rank change against the
/// previous period of the same kind (the <c>change</c> the core stored with the results), the biggest risers
/// (进位最快), the units yellow for several periods in a row (约谈 interview list), and the rotating red flag's
/// history per category and year (流动红旗).
/// </summary>
public sealed class RaceHistory(PublicationStore store, RaceReader reader, RecentReads recent)
{
    /// <summary>约谈: yellow this many published periods of the kind in a row, unless the caller asks otherwise.</summary>
    public const int DefaultStreak = 2;
    public const int MinStreak = 2;
    public const int MaxStreak = 12;
    /// <summary>进位最快: how many risers a category shows.</summary>
    public const int RiserCount = 3;
    /// <summary>How far back a yellow run is followed (36 months: three years) to say how long it has lasted.</summary>
    private const int RunLookback = 36;

    /// <summary>
    /// The latest revision of every published period of the organization, newest first by the period's end (2026-10,
    /// 2026-09, 2026-Q3, 2026-08 …: a month before the quarter, half-year or year that ends with it).
    /// </summary>
    public Task<IReadOnlyList<RevisionHeader>> PublishedAsync(int org, CancellationToken ct = default) =>
        recent.GetAsync(("published", org), async () =>
        {
            var all = await store.LatestAllAsync(org, ct);
            return (IReadOnlyList<RevisionHeader>)all.OrderByDescending(h => End(h.Period)).ThenBy(h => KindOrder(Periods.Kind(h.Period))).ToList();
        });

    /// <summary>The year and last month of a period as one sortable number (2026-Q3 → 202609).</summary>
    public static int End(string period) => Periods.Months(period) is { } m ? m.Year * 100 + m.LastMonth : 0;

    /// <summary>
    /// The leaderboards of <paramref name="period"/>'s latest revision, every category or the one named; null when the
    /// period is not published. <paramref name="streak"/> is K of the interview list (<see cref="MinStreak"/>–<see cref="MaxStreak"/>).
    /// </summary>
    public async Task<RaceBoard?> BoardAsync(int org, string period, int streak = DefaultStreak, string? category = null, CancellationToken ct = default)
    {
        if (streak is < MinStreak or > MaxStreak) throw new ArgumentOutOfRangeException(nameof(streak), streak, $"{MinStreak}–{MaxStreak}");
        // Made of published revisions only, which change through audited writes alone: a crowd shares it (RecentReads).
        return await recent.GetAsync(("board", org, period, streak, category), () => ReadBoardAsync(org, period, streak, category, ct));
    }

    private async Task<RaceBoard?> ReadBoardAsync(int org, string period, int streak, string? category, CancellationToken ct)
    {
        var race = await reader.LatestAsync(org, period, ct);
        if (race is null) return null;
        var earlier = new Dictionary<string, PublishedRace?>(StringComparer.Ordinal);
        var published = (await store.LatestAllAsync(org, ct)).Select(h => h.Period).ToHashSet(StringComparer.Ordinal);

        async Task<PublishedRace?> Earlier(string p)
        {
            if (!published.Contains(p)) return null;
            if (!earlier.TryGetValue(p, out var r)) earlier[p] = r = await reader.LatestAsync(org, p, ct);
            return r;
        }

        var categories = new List<BoardCategory>();
        foreach (var c in race.Result.Categories)
        {
            if (category is not null && !string.Equals(c.Id, category, StringComparison.Ordinal)) continue;
            var rows = c.Rows.Select(r => new BoardRow(r, race.Scheme.UnitName(r.Unit), string.Equals(c.Flag.Holder, r.Unit, StringComparison.Ordinal), Move(r))).ToList();
            var risers = rows.Where(r => r.Move > 0).OrderByDescending(r => r.Move).ThenBy(r => r.Row.Unit, StringComparer.Ordinal).Take(RiserCount).ToList();
            var yellow = new List<YellowRun>();
            foreach (var row in rows.Where(r => r.Row.Label == "yellow"))
            {
                // Walk back through the previous periods of the same kind while each is published with the unit yellow.
                int run = 1;
                string since = period;
                for (var p = Periods.Previous(period); p is not null && run < RunLookback; p = Periods.Previous(p))
                {
                    var before = await Earlier(p);
                    if (before is null || !IsYellow(before, row.Row.Unit)) break;
                    run++;
                    since = p;
                }
                if (run >= streak) yellow.Add(new YellowRun(row, run, since));
            }
            yellow = yellow.OrderByDescending(y => y.Periods).ThenBy(y => y.Row.Row.Rank).ThenBy(y => y.Row.Row.Unit, StringComparer.Ordinal).ToList();
            categories.Add(new BoardCategory(c.Id, CategoryName(race.Scheme, c.Id), c.Flag, rows, risers, yellow));
        }
        return new RaceBoard(race, Periods.Previous(period), streak, categories);
    }

    /// <summary>
    /// 流动红旗 history of <paramref name="year"/>: per category (in the order of the latest scheme that has it), for
    /// each published period of each kind in the year (months, quarters, and half-years and the year when published),
    /// the holder or nobody, and how many periods each unit held it. Only periods whose scheme gives the category a
    /// <c>flag</c> rule are listed: a category never raced for the flag in the year has no line at all.
    /// </summary>
    public async Task<FlagHistory> FlagsAsync(int org, int year, CancellationToken ct = default)
    {
        var prefix = year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
        var headers = (await store.LatestAllAsync(org, ct))
            .Where(h => h.Period.StartsWith(prefix, StringComparison.Ordinal) && Periods.Months(h.Period)?.Year == year)
            .OrderBy(h => KindOrder(Periods.Kind(h.Period)))
            .ThenBy(h => h.Period, StringComparer.Ordinal)
            .ToList();
        var lines = new Dictionary<string, FlagLineBuilder>(StringComparer.Ordinal);
        // The latest period (by its end) names the categories and fixes their order; earlier ones add what it lacks.
        var races = new List<PublishedRace>();
        foreach (var h in headers)
        {
            if (await reader.LatestAsync(org, h.Period, ct) is { } race) races.Add(race);
        }
        foreach (var race in races.OrderByDescending(r => End(r.Revision.Period)).ThenBy(r => KindOrder(Periods.Kind(r.Revision.Period))))
        {
            foreach (var c in race.Scheme.Categories.Where(c => race.RacesForFlag(c.Id)))
            {
                if (!lines.ContainsKey(c.Id)) lines[c.Id] = new FlagLineBuilder(c.Id, c.Name, lines.Count);
            }
        }
        foreach (var race in races)
        {
            var kind = Periods.Kind(race.Revision.Period)!;
            foreach (var c in race.Result.Categories)
            {
                if (!race.RacesForFlag(c.Id)) continue;
                var line = lines[c.Id];
                var holder = c.Flag.Holder;
                line.Add(kind, new FlagPeriod(race.Revision.Period, race.Revision.Number, holder, holder is null ? null : race.Scheme.UnitName(holder)));
            }
        }
        return new FlagHistory(year, lines.Values.OrderBy(l => l.Order).Select(l => l.Build()).ToList());
    }

    /// <summary>Places gained since the previous period of the kind (positive: up); null when the unit has no previous rank.</summary>
    public static int? Move(RaceRow row) => row.Change?.Places(row.Rank);

    /// <summary>The kinds of period in the order a year's history lists them.</summary>
    public static readonly string[] Kinds = ["month", "quarter", "half", "year"];

    private static int KindOrder(string? kind) => kind is null ? Kinds.Length : Array.IndexOf(Kinds, kind) is var i and >= 0 ? i : Kinds.Length;

    private static bool IsYellow(PublishedRace race, string unit) =>
        race.Result.Categories.Any(c => c.Rows.Any(r => string.Equals(r.Unit, unit, StringComparison.Ordinal) && r.Label == "yellow"));

    private static string CategoryName(Scheme scheme, string id) =>
        scheme.Categories.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.Ordinal))?.Name ?? id;

    private sealed class FlagLineBuilder(string id, string name, int order)
    {
        public int Order { get; } = order;
        private readonly Dictionary<string, List<FlagPeriod>> kinds = new(StringComparer.Ordinal);

        public void Add(string kind, FlagPeriod period)
        {
            if (!kinds.TryGetValue(kind, out var list)) kinds[kind] = list = [];
            list.Add(period);
        }

        public FlagLine Build()
        {
            // Months and quarters are always listed (an empty list: none published yet); half-years and the year when published.
            var byKind = Kinds.Where(k => k is "month" or "quarter" || kinds.ContainsKey(k))
                .ToDictionary(k => k, k => (IReadOnlyList<FlagPeriod>)(kinds.GetValueOrDefault(k) ?? []), StringComparer.Ordinal);
            var held = byKind.SelectMany(k => k.Value.Where(p => p.Holder is not null).Select(p => (Kind: k.Key, p.Holder, p.HolderName)))
                .GroupBy(x => x.Holder!, StringComparer.Ordinal)
                .Select(g => new FlagCount(g.Key, g.Last().HolderName!, g.Count(),
                    g.GroupBy(x => x.Kind, StringComparer.Ordinal).ToDictionary(k => k.Key, k => k.Count(), StringComparer.Ordinal)))
                .OrderByDescending(c => c.Periods).ThenBy(c => c.Unit, StringComparer.Ordinal)
                .ToList();
            return new FlagLine(id, name, byKind, held);
        }
    }
}

/// <summary>A period's leaderboards: the published race, the previous period of the kind (rank change is against it), K of the interview list, and each category's board.</summary>
public sealed record RaceBoard(PublishedRace Race, string? PreviousPeriod, int Streak, IReadOnlyList<BoardCategory> Categories);

/// <summary>One category's leaderboard: its rows by rank, the flag, 进位最快 the biggest risers, 约谈 the units yellow <see cref="RaceBoard.Streak"/> or more periods in a row.</summary>
public sealed record BoardCategory(string Id, string Name, RaceFlag Flag, IReadOnlyList<BoardRow> Rows, IReadOnlyList<BoardRow> Risers, IReadOnlyList<YellowRun> Yellow);

/// <summary>A unit's row: the stored result, its name, whether it holds the flag, and <see cref="RaceHistory.Move"/> (places gained; null: new).</summary>
public sealed record BoardRow(RaceRow Row, string Name, bool Flag, int? Move);

/// <summary>A unit yellow for <paramref name="Periods"/> published periods of the kind in a row, the first being <paramref name="Since"/>.</summary>
public sealed record YellowRun(BoardRow Row, int Periods, string Since);

/// <summary>The red flag's history of a year.</summary>
public sealed record FlagHistory(int Year, IReadOnlyList<FlagLine> Categories);

/// <summary>A category's flag history: per kind of period (<c>month</c>, <c>quarter</c>, …) its published periods in order, and how many periods each unit held the flag.</summary>
public sealed record FlagLine(string Id, string Name, IReadOnlyDictionary<string, IReadOnlyList<FlagPeriod>> Kinds, IReadOnlyList<FlagCount> Counts);

/// <summary>A published period of a flag history: its latest revision's holder (null: nobody).</summary>
public sealed record FlagPeriod(string Period, int Revision, string? Holder, string? HolderName);

/// <summary>How many periods of the year a unit held the flag, in all and per kind.</summary>
public sealed record FlagCount(string Unit, string Name, int Periods, IReadOnlyDictionary<string, int> ByKind);
