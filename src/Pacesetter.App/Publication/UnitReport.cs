using Microsoft.Extensions.Caching.Memory;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Engine;
using Pacesetter.Scoring.Schemes;
using Pacesetter.Scoring.Text;

namespace Pacesetter.App.Publication;

/// <summary>One indicator of the unit's breakdown: the engine's formula with its numbers, and the points lost or taken.</summary>
/// <param name="Lost">Base: weight − score (negative above the weight); penalty: the deduction; bonus: null.</param>
public sealed record BreakdownLine(Indicator Indicator, string Measure, string Formula, decimal? Score, decimal? Lost)
{
    public bool Excluded => Indicator.Kind == IndicatorKind.Base && Score is null;
}

/// <summary>An adjustment of the unit in the stored input (一票否决, 一票否优, 容错免责/减责), with what it refers to.</summary>
/// <param name="Target">For an exemption: the indicator's name, or the cancelled adjustment's type and id.</param>
/// <param name="CancelledBy">For a veto or blockTop cancelled by an exemption: that exemption's reason.</param>
public sealed record AdjustmentLine(AdjustmentType Type, string? Id, string Reason, string? Target, decimal Factor, string? CancelledBy);

/// <summary>The points an exemption restored on one penalty indicator (scoring.md §6, §8).</summary>
public sealed record RestoredLine(string Indicator, string Name, decimal Restored, IReadOnlyList<string> Reasons);

/// <summary>The unit in one published period of the same kind (the trend).</summary>
public sealed record TrendPoint(string Period, int Revision, decimal Composite, int Rank, int Units, string? Grade, string? Label, bool Flag);

/// <summary>One base indicator on the radar: scores as a percent of the weight, the unit's and the category's best unit's.</summary>
public sealed record RadarAxis(string Indicator, string Name, decimal Weight, decimal? Unit, decimal? Best);

/// <summary>The category's best unit (its first listed result) against which the radar is drawn.</summary>
public sealed record RadarChart(string BestUnit, string BestName, IReadOnlyList<RadarAxis> Axes);

/// <summary>倒推测算 for one base indicator: the engine's what-if towards the rank of the unit just above.</summary>
public sealed record WhatItTakes(Indicator Indicator, WhatIfAnswer Answer);

/// <summary>The unit ranked just above, and the points needed to pass it (the gap + 0.01, ADR 0002).</summary>
public sealed record Passing(string Unit, string Name, int Rank, decimal Composite, decimal Needed);

/// <summary>
/// 单位页 one unit's published result explained: its standing read from the stored results of the revision, the engine's
/// explanation of every indicator (re-scored from the stored input), adjustments and exemptions, the trend across the
/// published periods of the same kind, the radar against the category's best unit and what it takes to move up.
/// </summary>
public sealed record UnitReport(
    PublishedRace Race,
    RaceCategory Category,
    RaceRow Row,
    string UnitName,
    string CategoryName,
    /// <summary>Whether the re-scored figures of the unit equal the stored ones (they must; a page says so if not).</summary>
    bool Agrees,
    /// <summary>The engine's totals line: 综合得分 = max(0, base + bonus − penalty) = composite (with a rescaled base when one was).</summary>
    string Totals,
    IReadOnlyList<BreakdownLine> Breakdown,
    IReadOnlyList<AdjustmentLine> Adjustments,
    IReadOnlyList<RestoredLine> Restored,
    IReadOnlyList<TrendPoint> Trend,
    RadarChart? Radar,
    /// <summary>The unit just above; null when the unit ranks first (alone or tied) or is vetoed.</summary>
    Passing? Above,
    /// <summary>Units tied with this one at rank 1 (then 0.01 more would put it ahead alone).</summary>
    IReadOnlyList<string> TiedFirst,
    IReadOnlyList<WhatItTakes> WhatItTakes)
{
    public int UnitCount => Category.Rows.Count;

    public bool HoldsFlag => Category.Flag.Holder == Row.Unit;

    /// <summary>Whether the category races for 流动红旗 this period (its scheme has a <c>flag</c> rule): without one the page says nothing of a flag.</summary>
    public bool RacesForFlag => Race.RacesForFlag(Category.Id);
}

/// <summary>
/// Builds <see cref="UnitReport"/>s from published revisions (never from current data): figures from the stored
/// results, formulas and what-ifs from the engine on the stored input. A revision never changes, so a report is cached
/// by revision, unit and language (a report holds no engine result, only its lines).
/// </summary>
public sealed class UnitReports(RaceReader races, PublicationStore store, IMemoryCache cache)
{
    /// <summary>How many published periods of the same kind the trend shows at most (the latest, up to the page's period).</summary>
    public const int TrendPeriods = 24;

    /// <summary>The report of <paramref name="unit"/> in the latest revision of the period (or revision <paramref name="revision"/>); null when the period is unpublished, the revision or the unit unknown.</summary>
    public async Task<UnitReport?> ReadAsync(int org, string period, string unit, int? revision, Language lang, CancellationToken ct = default)
    {
        if (!Periods.IsValid(period)) return null;
        var race = revision is { } n ? await races.RevisionAsync(org, period, n, ct) : await races.LatestAsync(org, period, ct);
        if (race is null) return null;
        var key = ("unit-report", race.Revision.Id, unit, lang);
        if (cache.TryGetValue(key, out UnitReport? cached)) return cached;
        var report = await BuildAsync(org, race, unit, lang, ct);
        if (report is not null) cache.Set(key, report, new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(30), Size = 1 });
        return report;
    }

    private async Task<UnitReport?> BuildAsync(int org, PublishedRace race, string unit, Language lang, CancellationToken ct)
    {
        var category = race.Result.Categories.FirstOrDefault(c => c.Rows.Any(r => r.Unit == unit));
        if (category is null) return null;
        var row = category.Rows.First(r => r.Unit == unit);
        var scored = race.Rescore();
        var found = scored.Find(unit);
        if (found is null) return null;
        var (engineCategory, engineUnit) = found.Value;
        var scheme = scored.Scheme;
        var explanation = Explainer.Explain(scored, unit, lang);

        var breakdown = explanation.Indicators.Select(line => new BreakdownLine(line.Indicator, line.Measure, line.Formula, line.Score,
            line.Indicator.Kind switch
            {
                IndicatorKind.Base => line.Lost,
                IndicatorKind.Penalty => line.Score ?? 0m,
                _ => null,
            })).ToList();

        var above = Above(category, row, scheme);
        var tiedFirst = row.Rank == 1 && !row.Vetoed ? category.Rows.Where(r => r.Rank == 1 && r.Unit != unit).Select(r => r.Unit).ToList() : [];
        var whatIf = new List<WhatItTakes>();
        if (above is not null)
        {
            foreach (var ind in engineCategory.Category.Indicators.Where(i => i.Kind == IndicatorKind.Base))
            {
                whatIf.Add(new WhatItTakes(ind, WhatIf.Solve(scheme, unit, ind.Id, above.Rank)));
            }
        }

        return new UnitReport(
            race, category, row, scheme.UnitName(unit), engineCategory.Category.Name,
            Agrees(row, engineUnit),
            explanation.Totals, breakdown,
            Adjustments(scheme, engineCategory.Category, engineUnit),
            Restored(scheme, engineCategory.Category, row),
            await TrendAsync(org, race, unit, ct),
            Radar(engineCategory.Category, category, row, scheme),
            above, tiedFirst, whatIf);
    }

    /// <summary>The stored figures of the unit against the engine's on the stored input.</summary>
    private static bool Agrees(RaceRow row, UnitResult u) =>
        row.Rank == u.Rank && row.Composite == u.Composite && row.Base == u.Base && row.Bonus == u.Bonus && row.Penalty == u.Penalty
        && row.Grade == u.Grade && row.Label == u.Label && row.Vetoed == u.Vetoed && row.BlockTop == u.BlockTop;

    /// <summary>The last unit listed with a better rank (the Explainer's rule); none for a vetoed unit or rank 1.</summary>
    private static Passing? Above(RaceCategory category, RaceRow row, Scheme scheme)
    {
        if (row.Vetoed) return null;
        RaceRow? above = null;
        foreach (var r in category.Rows)
        {
            if (r.Rank < row.Rank) above = r;
        }
        return above is null ? null : new Passing(above.Unit, scheme.UnitName(above.Unit), above.Rank, above.Composite, above.Composite - row.Composite + 0.01m);
    }

    private static List<AdjustmentLine> Adjustments(Scheme scheme, Category category, UnitResult u)
    {
        var lines = new List<AdjustmentLine>();
        foreach (var a in scheme.Adjustments.Where(a => a.Unit == u.Unit))
        {
            string? target = null;
            string? cancelledBy = null;
            if (a.Type == AdjustmentType.Exemption)
            {
                target = a.Target switch
                {
                    ExemptionTarget.Adjustment when a.TargetAdjustment >= 0 => scheme.Adjustments[a.TargetAdjustment].Id,
                    ExemptionTarget.Indicator or ExemptionTarget.Event when a.TargetIndicator is { } id && category.IndicatorIndex(id) is var j and >= 0 =>
                        category.Indicators[j].Name + (a.TargetEvent is { } e ? " · " + e : ""),
                    _ => a.Ref,
                };
            }
            else if (u.Adjustments.FirstOrDefault(e => ReferenceEquals(e.Adjustment, a))?.CancelledBy is { } by)
            {
                cancelledBy = by.Reason;
            }
            lines.Add(new AdjustmentLine(a.Type, a.Id, a.Reason, target, a.Factor, cancelledBy));
        }
        return lines;
    }

    private static List<RestoredLine> Restored(Scheme scheme, Category category, RaceRow row) =>
        row.Exemptions.Select(x =>
        {
            int j = category.IndicatorIndex(x.Ref);
            var reasons = scheme.Adjustments.Where(a => a.Unit == row.Unit && a.Type == AdjustmentType.Exemption && a.TargetIndicator == x.Ref).Select(a => a.Reason).ToList();
            return new RestoredLine(x.Ref, j >= 0 ? category.Indicators[j].Name : x.Ref, x.Restored, reasons);
        }).ToList();

    /// <summary>Score as a percent of weight, 2 decimals; null when excluded.</summary>
    private static decimal? Share(decimal? score, decimal weight) => score is { } s ? Numbers.Round2(s * 100m / weight) : null;

    private static RadarChart? Radar(Category category, RaceCategory stored, RaceRow row, Scheme scheme)
    {
        var axes = category.Indicators.Where(i => i.Kind == IndicatorKind.Base && i.Weight > 0).ToList();
        if (axes.Count == 0 || stored.Rows.Count == 0) return null;
        // The best unit: the first listed (rank 1; a vetoed unit is never listed first unless all are vetoed).
        var best = stored.Rows[0];
        return new RadarChart(best.Unit, scheme.UnitName(best.Unit), axes.Select(i => new RadarAxis(i.Id, i.Name, i.Weight,
            Share(row.Indicators.GetValueOrDefault(i.Id)?.Score, i.Weight),
            Share(best.Indicators.GetValueOrDefault(i.Id)?.Score, i.Weight))).ToList());
    }

    /// <summary>The unit's composite and rank in each published period of the page's kind, up to the page's period (its revision there).</summary>
    private async Task<List<TrendPoint>> TrendAsync(int org, PublishedRace race, string unit, CancellationToken ct)
    {
        var period = race.Result.Period;
        var kind = PeriodKind(period);
        var periods = (await store.LatestAllAsync(org))
            .Where(h => PeriodKind(h.Period) == kind && string.CompareOrdinal(h.Period, period) < 0)
            .Select(h => h.Period).Distinct().Order(StringComparer.Ordinal).TakeLast(TrendPeriods - 1).ToList();
        var points = new List<TrendPoint>();
        foreach (var p in periods)
        {
            var other = await races.LatestAsync(org, p, ct);
            if (other is not null && Point(other, unit) is { } point) points.Add(point);
        }
        if (Point(race, unit) is { } own) points.Add(own);
        return points;
    }

    private static TrendPoint? Point(PublishedRace race, string unit)
    {
        foreach (var c in race.Result.Categories)
        {
            var r = c.Rows.FirstOrDefault(x => x.Unit == unit);
            if (r is not null) return new TrendPoint(race.Result.Period, race.Revision.Number, r.Composite, r.Rank, c.Rows.Count, r.Grade, r.Label, c.Flag.Holder == unit);
        }
        return null;
    }

    /// <summary>月 M, 季 Q, 半年 H, 年 Y: periods of one kind sort in time as strings (2025-12 &lt; 2026-01, 2025-Q4 &lt; 2026-Q1).</summary>
    public static char PeriodKind(string period) => period.Length == 4 ? 'Y' : period[5] is 'Q' or 'H' ? period[5] : 'M';
}
