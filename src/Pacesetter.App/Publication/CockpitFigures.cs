using Pacesetter.Scoring.Schemes;

namespace Pacesetter.App.Publication;

/// <summary>
/// 驾驶舱 the leaders' screen of one year, from published revisions only (never a preview): every category at a glance
/// in the latest published month, the race of cumulative composites month by month, the grade distribution, the
/// indicators where the organization loses most points, and this period's flags and yellow cards (ADR 0023).
/// </summary>
/// <param name="Year">The year shown.</param>
/// <param name="Years">Every year with a published month, in order (the year selector).</param>
/// <param name="Months">The year's published months, in order (the race's timeline).</param>
/// <param name="Latest">The latest published month of the year; null when the year has none.</param>
/// <param name="Revision">The revision of <paramref name="Latest"/> shown.</param>
public sealed record CockpitFigures(
    int Year,
    IReadOnlyList<int> Years,
    IReadOnlyList<string> Months,
    string? Latest,
    int? Revision,
    IReadOnlyList<CockpitCategory> Categories,
    IReadOnlyList<CockpitLoss> Losses)
{
    /// <summary>How many indicators the lost-points ranking lists.</summary>
    public const int LossesShown = 10;

    /// <summary>How many units the at-a-glance lists show at the top and at the bottom (more when units tie).</summary>
    public const int Ends = 3;

    /// <summary>
    /// The figures of <paramref name="year"/> from the published months given (each month's latest revision, any
    /// order; months of other years and quarters are ignored). <paramref name="years"/> lists the years with a
    /// published month, for the selector.
    /// </summary>
    public static CockpitFigures Of(int year, IReadOnlyList<int> years, IEnumerable<PublishedRace> published)
    {
        var months = published
            .Where(p => IsMonthOf(p.Revision.Period, year))
            .OrderBy(p => p.Revision.Period, StringComparer.Ordinal)
            .ToList();
        if (months.Count == 0) return new CockpitFigures(year, years, [], null, null, [], []);
        var latest = months[^1];
        var categories = latest.Result.Categories
            .Select(c => Category(latest, c, months))
            .ToList();
        return new CockpitFigures(year, years, months.Select(m => m.Revision.Period).ToList(), latest.Revision.Period, latest.Revision.Number,
            categories, LossesOf(latest));
    }

    /// <summary>Whether <paramref name="period"/> is a month (<c>2026-10</c>) of <paramref name="year"/>.</summary>
    public static bool IsMonthOf(string period, int year) =>
        period.Length == 7 && period[4] == '-' && char.IsAsciiDigit(period[5]) && period.StartsWith(year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture) + "-", StringComparison.Ordinal);

    private static CockpitCategory Category(PublishedRace latest, RaceCategory c, IReadOnlyList<PublishedRace> months)
    {
        var scheme = latest.Scheme;
        var definition = scheme.Categories.FirstOrDefault(x => x.Id == c.Id);
        var rows = c.Rows;
        CockpitUnit Unit(RaceRow r) => new(r.Unit, scheme.UnitName(r.Unit), r.Rank, r.Composite, r.Grade, r.Label, r.Vetoed);
        var top = rows.Where(r => r.Rank <= Ends).Select(Unit).ToList();
        // The bottom three as yellow cards count them: a unit is among them when fewer than three rank strictly worse.
        var bottom = rows.Where(r => rows.Count(o => o.Rank > r.Rank) < Ends).Select(Unit).ToList();
        var leaders = rows.Where(r => r.Rank == 1).Select(Unit).ToList();
        // A category whose scheme has no flag rule races for no flag: null, and the page says nothing of one.
        var flag = definition?.Flag is null ? null : new CockpitFlag(c.Flag.Holder, c.Flag.Holder is { } h ? scheme.UnitName(h) : null,
            c.Flag.Previous, c.Flag.Previous is { } p ? scheme.UnitName(p) : null, c.Flag.Moved);
        var yellow = rows.Where(r => r.Label == "yellow").Select(Unit).ToList();
        return new CockpitCategory(c.Id, definition?.Name ?? c.Id, rows.Count, leaders, flag, top, bottom, yellow,
            Grades(definition, rows), Race(c.Id, months));
    }

    /// <summary>How many units got each grade, the category's grades high to low (empty when it has none).</summary>
    private static IReadOnlyList<CockpitGradeCount> Grades(Category? definition, IReadOnlyList<RaceRow> rows)
    {
        if (definition is null || definition.Grades.Count == 0) return [];
        return definition.Grades.Select(g => new CockpitGradeCount(g.Name, rows.Count(r => r.Grade == g.Name))).ToList();
    }

    /// <summary>
    /// The race of cumulative composites: for each published month, every unit the category has had so far with the
    /// sum of its published composites in this category up to and including that month.
    /// </summary>
    private static IReadOnlyList<CockpitFrame> Race(string category, IReadOnlyList<PublishedRace> months)
    {
        var sums = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var frames = new List<CockpitFrame>();
        foreach (var month in months)
        {
            if (month.Result.Categories.FirstOrDefault(c => c.Id == category) is { } c)
            {
                foreach (var r in c.Rows)
                {
                    sums[r.Unit] = sums.GetValueOrDefault(r.Unit) + r.Composite;
                    names[r.Unit] = month.Scheme.UnitName(r.Unit);
                }
            }
            var values = sums
                .OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal)
                .Select(s => new CockpitRaceValue(s.Key, names[s.Key], s.Value))
                .ToList();
            frames.Add(new CockpitFrame(month.Revision.Period, values));
        }
        return frames;
    }

    /// <summary>
    /// 失分 the points lost on each base indicator in the latest month: Σ over the category's units of
    /// max(0, weight − score). A unit scoring above the weight (a completion cap above 1) loses nothing there and does
    /// not make up for another unit's loss; a unit the indicator is excluded for (score null) is not counted.
    /// </summary>
    private static IReadOnlyList<CockpitLoss> LossesOf(PublishedRace latest)
    {
        var losses = new List<CockpitLoss>();
        foreach (var c in latest.Result.Categories)
        {
            if (latest.Scheme.Categories.FirstOrDefault(x => x.Id == c.Id) is not { } definition) continue;
            foreach (var indicator in definition.Indicators.Where(i => i.Kind == IndicatorKind.Base))
            {
                decimal lost = 0;
                int units = 0;
                foreach (var r in c.Rows)
                {
                    if (!r.Indicators.TryGetValue(indicator.Id, out var cell) || cell.Score is not { } score) continue;
                    units++;
                    lost += Math.Max(0, indicator.Weight - score);
                }
                if (units > 0) losses.Add(new CockpitLoss(c.Id, definition.Name, indicator.Id, indicator.Name, indicator.Weight, units, lost));
            }
        }
        return losses
            .OrderByDescending(l => l.Lost).ThenBy(l => l.Category, StringComparer.Ordinal).ThenBy(l => l.Indicator, StringComparer.Ordinal)
            .Take(LossesShown)
            .ToList();
    }
}

/// <summary>A category at a glance in the latest month, with its race over the year.</summary>
/// <param name="Leaders">The units ranked first (more than one when they tie).</param>
/// <param name="Flag">流动红旗 this month; null when the category's scheme has no <c>flag</c> rule.</param>
/// <param name="Top">The units ranked 1 to 3.</param>
/// <param name="Bottom">The last three (fewer than three units rank strictly worse), in rank order.</param>
/// <param name="Yellow">The units labelled yellow (黄牌) this month.</param>
/// <param name="Grades">How many units got each grade, high to low; empty without grades.</param>
/// <param name="Race">The cumulative composites after each published month of the year.</param>
public sealed record CockpitCategory(
    string Id,
    string Name,
    int Units,
    IReadOnlyList<CockpitUnit> Leaders,
    CockpitFlag? Flag,
    IReadOnlyList<CockpitUnit> Top,
    IReadOnlyList<CockpitUnit> Bottom,
    IReadOnlyList<CockpitUnit> Yellow,
    IReadOnlyList<CockpitGradeCount> Grades,
    IReadOnlyList<CockpitFrame> Race);

/// <summary>A unit's result in the latest month, by name (its code beside it).</summary>
public sealed record CockpitUnit(string Unit, string Name, int Rank, decimal Composite, string? Grade, string? Label, bool Vetoed);

/// <summary>流动红旗 this month: its holder (null: nobody) and the previous holder, by name.</summary>
public sealed record CockpitFlag(string? Holder, string? HolderName, string? Previous, string? PreviousName, bool Moved);

public sealed record CockpitGradeCount(string Grade, int Count);

/// <summary>The race after one month: each unit's cumulative composite, highest first.</summary>
public sealed record CockpitFrame(string Period, IReadOnlyList<CockpitRaceValue> Values);

public sealed record CockpitRaceValue(string Unit, string Name, decimal Value);

/// <summary>Points lost on one base indicator of one category: Σ max(0, weight − score) over its <paramref name="Units"/> scored units.</summary>
public sealed record CockpitLoss(string Category, string CategoryName, string Indicator, string Name, decimal Weight, int Units, decimal Lost);
