using Pacesetter.Scoring.Schemes;

namespace Pacesetter.Scoring.Engine;

/// <summary>The per-unit formulas of scoring.md §3–§4 in decimal, exactly as written: the reference for every published figure.</summary>
internal static class Methods
{
    /// <summary>The unit's measure x, or false when the datum is missing or its measure undefined.</summary>
    public static bool TryMeasure(Indicator ind, Datum? d, out decimal x)
    {
        x = 0;
        if (d is not NumberDatum nd) return false;
        if (ind.Measure == MeasureKind.Value)
        {
            x = nd.Value;
            return true;
        }
        // Growth: a missing or zero previous makes the datum missing (§3).
        if (nd.Previous is not { } p || p == 0) return false;
        x = Growth(nd.Value, p);
        return true;
    }

    /// <summary>增幅 growth (§3): <c>(value − previous) × 100 / abs(previous)</c>, multiplying before dividing (§2).</summary>
    public static decimal Growth(decimal value, decimal previous) => (value - previous) * 100m / Math.Abs(previous);

    /// <summary>What a column's method observed over the category, for the per-unit formulas.</summary>
    public struct ColumnContext
    {
        public decimal Good;
        public decimal Bad;
        public decimal Leader;
        public decimal Baseline;
    }

    /// <summary>The decimal formula of §3 for one unit, exactly as written (rank excepted: it is scored with the ranking).</summary>
    public static long Exact(Indicator ind, Datum d, decimal x, ColumnContext ctx) => Cents.FromRounded(ExactScore(ind, d, x, ctx));

    public static decimal ExactScore(Indicator ind, Datum d, decimal x, ColumnContext ctx)
    {
        var m = ind.Method;
        var w = ind.Weight;
        bool higher = ind.Direction == Direction.Higher;
        switch (m.Type)
        {
            case MethodType.Efficacy:
                {
                    decimal top = m.Base + m.Span;
                    decimal dd = ctx.Good == ctx.Bad ? top : m.Base + Numbers.MulDiv(m.Span, x - ctx.Bad, ctx.Good - ctx.Bad);
                    if (dd < m.Base) dd = m.Base;
                    else if (dd > top) dd = top;
                    return Clean(Numbers.MulDiv(w, dd, top));
                }
            case MethodType.LeaderRatio:
                if (higher) return ctx.Leader <= 0 ? 0m : Clean(Numbers.MulDiv(w, Math.Max(x, 0m), ctx.Leader));
                return x <= 0 ? Clean(w) : Clean(Numbers.MulDiv(w, ctx.Leader, x));
            case MethodType.Baseline:
                return Clean(Baseline(m, w, higher, ctx.Baseline, x));
            default:
                return Clean(Independent(ind, d, x, (d as TextDatum)?.Text));
        }
    }

    /// <summary>A base score is never below 0, and is published to 2 decimals.</summary>
    public static decimal Clean(decimal s) => s <= 0 ? 0m : Numbers.Round2(s);

    /// <summary>The baseline gap (§3), made relative when asked: <c>gap × 100 / abs(baseline)</c>, multiplying first.</summary>
    public static decimal BaselineGap(Method m, bool higher, decimal b, decimal x)
    {
        decimal gap = higher ? b - x : x - b;
        // A relative gap against a baseline of 0 (only possible with "average") has no meaning: no deduction, no bonus.
        if (m.Relative) gap = b == 0 ? 0 : gap * 100m / Math.Abs(b);
        return gap;
    }

    public static decimal Baseline(Method m, decimal w, bool higher, decimal b, decimal x)
    {
        decimal gap = BaselineGap(m, higher, b, x);
        decimal step = m.Step!.Value;
        if (m.Whole)
        {
            // Only whole steps count: n is truncated before it multiplies.
            decimal n = decimal.Truncate(gap / step);
            return gap > 0 ? Math.Max(0m, w - m.Deduct * n) : w + Math.Min(m.BonusCap, m.BonusPer * -n);
        }
        // deduct × n = deduct × gap / step, multiplying before dividing (§2).
        return gap > 0 ? Math.Max(0m, w - Numbers.MulDiv(m.Deduct, gap, step)) : w + Math.Min(m.BonusCap, Numbers.MulDiv(m.BonusPer, -gap, step));
    }

    /// <summary>Methods whose score depends on the unit's datum alone.</summary>
    public static decimal Independent(Indicator ind, Datum d, decimal x, string? text)
    {
        var m = ind.Method;
        var w = ind.Weight;
        switch (m.Type)
        {
            case MethodType.Completion:
                {
                    decimal target = ((NumberDatum)d).Target ?? m.Target!.Value;
                    bool higher = ind.Direction == Direction.Higher;
                    // r decides floor and cap; the score multiplies before dividing (§2, §3): w × x / target, not w × r.
                    decimal r = CompletionRatio(higher, m.Cap, target, x);
                    if (r < m.Floor) return 0m;
                    if (r >= m.Cap) return w * m.Cap;
                    if (r <= 0) return 0m;
                    return higher ? Numbers.MulDiv(w, x, target) : Numbers.MulDiv(w, target, x);
                }
            case MethodType.Bands:
                return Band(m.Bands!, x);
            case MethodType.Table:
                {
                    var key = text ?? Numbers.Shortest(x);
                    return m.Table!.TryGetValue(key, out var s) ? s : m.Rest;
                }
            case MethodType.Grade:
                return w * m.Grades![text!];
            case MethodType.Manual:
                return Math.Min(w, x);
            case MethodType.Rollup:
                return Numbers.MulDiv(w, x, 100m);
            default:
                throw new InvalidOperationException($"method {m.Type} is not independent");
        }
    }

    /// <summary>目标完成率 r = x / target (higher) or target / x (lower; x ≤ 0 gives the cap).</summary>
    public static decimal CompletionRatio(bool higher, decimal cap, decimal target, decimal x) =>
        higher ? x / target : (x <= 0 ? cap : target / x);

    public static decimal Band(IReadOnlyList<(decimal X, decimal Score)> points, decimal x)
    {
        if (x <= points[0].X) return points[0].Score;
        var last = points[^1];
        if (x >= last.X) return last.Score;
        for (int i = 1; i < points.Count; i++)
        {
            if (x <= points[i].X)
            {
                var (x0, s0) = points[i - 1];
                var (x1, s1) = points[i];
                return s0 + Numbers.MulDiv(x - x0, s1 - s0, x1 - x0);
            }
        }
        return last.Score;
    }

    /// <summary>加分: the capped bonus of one unit.</summary>
    public static decimal Bonus(Indicator ind, Datum? d)
    {
        decimal sum = 0;
        switch (d)
        {
            case null:
                return 0m;
            case NumberDatum nd:
                sum = nd.Value;
                break;
            case AwardsDatum awards:
                {
                    // 同一事项按最高级别计一次: one item counts once, at its highest level.
                    var list = awards.Awards;
                    for (int i = 0; i < list.Count; i++)
                    {
                        bool seenBefore = false;
                        for (int k = 0; k < i; k++) seenBefore |= list[k].Item == list[i].Item;
                        if (seenBefore) continue;
                        decimal best = 0;
                        for (int k = i; k < list.Count; k++)
                        {
                            if (list[k].Item == list[i].Item) best = Math.Max(best, ind.Method.Levels![list[k].Level]);
                        }
                        sum += best;
                    }
                    break;
                }
        }
        return Numbers.Round2(Math.Min(ind.Weight, sum));
    }

    /// <summary>Per-event factors and a whole-indicator factor of a unit's exemptions on one penalty indicator.</summary>
    public sealed class PenaltyExemptions
    {
        public decimal? IndicatorFactor { get; set; }
        public Dictionary<string, decimal> EventFactors { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>扣分: the capped deduction of one unit, with and without its exemptions (§4, §6).</summary>
    public static (decimal WithExemptions, decimal Without) Penalty(Indicator ind, Datum? d, PenaltyExemptions? ex)
    {
        var m = ind.Method;
        decimal raw = 0, exempted = 0;
        decimal rawCount = 0, exemptedCount = 0;
        switch (d)
        {
            case null:
                return (0m, 0m);
            case NumberDatum nd:
                raw = exempted = nd.Value * m.PerEvent!.Value;
                rawCount = exemptedCount = nd.Value;
                break;
            case CountsDatum counts:
                {
                    var list = counts.Counts;
                    for (int i = 0; i < list.Count; i++)
                    {
                        raw += list[i].Value * m.PointsOf(list[i].Key);
                        rawCount += list[i].Value;
                    }
                    exempted = raw;
                    exemptedCount = rawCount;
                    break;
                }
            case EventsDatum events:
                {
                    var list = events.Events;
                    for (int i = 0; i < list.Count; i++)
                    {
                        var e = list[i];
                        decimal pts = m.PointsOf(e.Type);
                        decimal f = 1m;
                        if (ex is not null && e.Id is not null && ex.EventFactors.TryGetValue(e.Id, out var ef)) f = ef;
                        raw += pts;
                        rawCount++;
                        exempted += f == 1m ? pts : pts * f;
                        // A fully exempted event no longer counts towards zeroAt.
                        if (f != 0) exemptedCount++;
                    }
                    break;
                }
        }
        var without = Deduction(m, ind.Weight, raw, rawCount);
        var with = Deduction(m, ind.Weight, exempted, exemptedCount);
        if (ex?.IndicatorFactor is { } f2) with *= f2;
        return (Numbers.Round2(with), Numbers.Round2(without));
    }

    private static decimal Deduction(Method m, decimal cap, decimal sum, decimal count) =>
        m.ZeroAt is { } z && count >= z ? cap : Math.Min(cap, sum);
}
