using Pacesetter.Scoring.Schemes;

namespace Pacesetter.Scoring.Engine;

/// <summary>The answer to "what value of this indicator puts the unit at rank K or better?".</summary>
public sealed record WhatIfAnswer
{
    public required string Unit { get; init; }
    public required string Indicator { get; init; }
    public required int TargetRank { get; init; }
    public required int CurrentRank { get; init; }
    public decimal? CurrentValue { get; init; }
    public string? CurrentText { get; init; }
    /// <summary>Whether the unit has a datum for the indicator at all (a list of events or awards has no single value).</summary>
    public bool HasDatum { get; init; }
    /// <summary>False when no value of the indicator reaches the rank.</summary>
    public required bool Possible { get; init; }
    /// <summary>True when the rank is reached whatever the value (within the indicator's range).</summary>
    public bool AnyValue { get; init; }
    /// <summary>The weakest value that reaches the rank: the smallest for "higher is better", the largest for "lower".</summary>
    public decimal? Value { get; init; }
    /// <summary>For grade and string-table indicators: the weakest grade or key that reaches the rank.</summary>
    public string? Text { get; init; }
    public int? ReachedRank { get; init; }
    public decimal? ReachedComposite { get; init; }
    /// <summary>True when "higher is better" for this indicator, so Value is a minimum; false when it is a maximum.</summary>
    public bool AtLeast { get; init; } = true;
    /// <summary>The resolution searched: one step of the data's decimals.</summary>
    public decimal Resolution { get; init; }
    /// <summary>Why the question cannot be answered for this indicator, when it cannot.</summary>
    public string? Unsupported { get; init; }
    public string? UnsupportedZh { get; init; }
}

/// <summary>
/// 倒推测算: the weakest datum with which a unit reaches rank K, everything else held. The unit's category is
/// re-scored for each candidate, because efficacy, rank, leaderRatio and averages depend on the other units;
/// only the indicator's column is recomputed, the other columns are reused.
/// </summary>
public static class WhatIf
{
    private const decimal Limit = 1_000_000_000_000_000m;

    public static WhatIfAnswer Solve(Scheme scheme, string unit, string indicatorId, int targetRank)
    {
        var category = scheme.Categories.FirstOrDefault(c => c.Units.Contains(unit))
            ?? throw new ArgumentException($"unit \"{unit}\" is in no category", nameof(unit));
        int j = category.IndicatorIndex(indicatorId);
        if (j < 0) throw new ArgumentException($"category \"{category.Id}\" has no indicator \"{indicatorId}\"", nameof(indicatorId));
        if (targetRank < 1) throw new ArgumentOutOfRangeException(nameof(targetRank), "rank must be at least 1");
        var ind = category.Indicators[j];
        var run = new CategoryRun(scheme, category);
        run.ComputeAll();
        int u = run.UnitIndex(unit);
        var original = run.GetDatum(j, u);
        int currentRank = run.Standing(u).Rank;
        var answer = new WhatIfAnswer
        {
            Unit = unit,
            Indicator = indicatorId,
            TargetRank = targetRank,
            CurrentRank = currentRank,
            CurrentValue = (original as NumberDatum)?.Value,
            CurrentText = (original as TextDatum)?.Text,
            HasDatum = original is not null,
            Possible = false,
        };
        try
        {
            var m = ind.Method;
            if (m.Type == MethodType.Grade) return Choices(run, j, u, targetRank, answer, m.Grades!.OrderBy(g => g.Value).Select(g => g.Key));
            if (m.Type == MethodType.Table && original is TextDatum)
            {
                return Choices(run, j, u, targetRank, answer, m.Table!.OrderBy(g => g.Value).Select(g => g.Key));
            }
            if (m.Type == MethodType.Levels || (m.Type == MethodType.Events && original is EventsDatum or CountsDatum))
            {
                return answer with
                {
                    Unsupported = "this indicator's datum is a list of awards or events, not a single number",
                    UnsupportedZh = "该指标的数据为奖项或事件列表，而非单一数值",
                };
            }
            if (m.Type == MethodType.Events && m.PerEventByType is not null)
            {
                return answer with { Unsupported = "events are counted by type; no single number to solve for", UnsupportedZh = "事件按类型计数，无单一数值可测算" };
            }
            var template = original as NumberDatum ?? new NumberDatum(0m);
            if (m.Type == MethodType.Completion && template.Target is null && m.Target is null)
            {
                return answer with { Unsupported = "the unit has no target for this indicator", UnsupportedZh = "该单位此指标无目标值" };
            }
            if (ind.Measure == MeasureKind.Growth && (template.Previous is null || template.Previous == 0))
            {
                return answer with { Unsupported = "growth needs the previous value, which the unit does not have", UnsupportedZh = "增幅需要上期值，该单位无上期值" };
            }
            return Numeric(run, ind, j, u, targetRank, answer, template, Resolution(run, j));
        }
        finally
        {
            run.SetDatum(j, u, original);
        }
    }

    private static WhatIfAnswer Choices(CategoryRun run, int j, int u, int k, WhatIfAnswer answer, IEnumerable<string> weakestFirst)
    {
        foreach (var choice in weakestFirst)
        {
            run.SetDatum(j, u, new TextDatum(choice));
            run.ComputeColumn(j);
            var (rank, composite) = run.Standing(u);
            if (rank <= k) return answer with { Possible = true, Text = choice, ReachedRank = rank, ReachedComposite = composite };
        }
        return answer;
    }

    /// <summary>One step of the finest decimals the category's data for the indicator uses (at most 4).</summary>
    private static decimal Resolution(CategoryRun run, int j)
    {
        int scale = 0;
        for (int v = 0; v < run.UnitCount; v++)
        {
            if (run.GetDatum(j, v) is NumberDatum nd) scale = Math.Max(scale, Numbers.Scale(Numbers.Normalize(nd.Value)));
        }
        scale = Math.Min(scale, 4);
        decimal step = 1m;
        for (int i = 0; i < scale; i++) step /= 10m;
        return step;
    }

    private static WhatIfAnswer Numeric(CategoryRun run, Indicator ind, int j, int u, int k, WhatIfAnswer answer, NumberDatum template, decimal step)
    {
        var m = ind.Method;
        // Which way is better: methods that ignore direction score higher values higher (bands are handled by segments).
        bool higher = m.Type switch
        {
            MethodType.Events => false,
            MethodType.Bands or MethodType.Table or MethodType.Manual or MethodType.Rollup or MethodType.Points => true,
            _ => ind.Direction == Direction.Higher,
        };
        decimal min = -Limit, max = Limit;
        if (m.Type is MethodType.Manual)
        {
            min = 0;
            max = ind.Weight;
        }
        if (m.Type is MethodType.Points or MethodType.Events) min = 0;
        if (m.Type is MethodType.Events) step = 1m;
        var search = new Search(run, j, u, k, template, step, answer with { AtLeast = higher, Resolution = step });
        return m.Type switch
        {
            MethodType.Table => search.TableKeys(m.Table!.Keys),
            MethodType.Bands => search.Bands(m.Bands!),
            _ => search.Monotone(higher, min, max),
        };
    }

    /// <summary>One what-if search: candidate values of one unit's datum, each scored by re-computing the indicator's column.</summary>
    private sealed class Search(CategoryRun run, int j, int u, int k, NumberDatum template, decimal step, WhatIfAnswer answer)
    {
        private (int Rank, decimal Composite) Eval(decimal x)
        {
            run.SetDatum(j, u, template.WithValue(x));
            run.ComputeColumn(j);
            return run.Standing(u);
        }

        private bool Ok(decimal x) => Eval(x).Rank <= k;

        private WhatIfAnswer Found(decimal x)
        {
            var (rank, comp) = Eval(x);
            return answer with { Possible = true, Value = x, ReachedRank = rank, ReachedComposite = comp };
        }

        /// <summary>A numeric table: the listed keys are the candidates, weakest value first.</summary>
        public WhatIfAnswer TableKeys(IEnumerable<string> keys)
        {
            var values = keys.Select(key => decimal.TryParse(key, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? (decimal?)v : null)
                .Where(v => v is not null).Select(v => v!.Value).Order();
            foreach (var key in values)
            {
                var (rank, comp) = Eval(key);
                if (rank <= k) return answer with { Possible = true, Value = key, ReachedRank = rank, ReachedComposite = comp };
            }
            return answer;
        }

        /// <summary>Bands ignore direction: falling bands (first score above the last) make lower values better.</summary>
        public WhatIfAnswer Bands(IReadOnlyList<(decimal X, decimal Score)> pts)
        {
            bool rising = pts[0].Score <= pts[^1].Score;
            answer = answer with { AtLeast = rising };
            // If the lowest score the bands can give reaches the rank, any value does.
            var weakest = pts.MinBy(p => p.Score);
            var (weakRank, weakComposite) = Eval(weakest.X);
            if (weakRank <= k) return answer with { Possible = true, AnyValue = true, ReachedRank = weakRank, ReachedComposite = weakComposite };
            if (rising)
            {
                // The smallest x: segments from the left, bisecting the first that reaches the rank.
                for (int i = 0; i + 1 < pts.Count; i++)
                {
                    decimal a = pts[i].X, b = pts[i + 1].X;
                    if (Ok(a)) return Found(a);
                    if (Ok(b)) return Found(Bisect(a, b));
                }
            }
            else
            {
                // The largest x: segments from the right.
                for (int i = pts.Count - 2; i >= 0; i--)
                {
                    decimal a = pts[i].X, b = pts[i + 1].X;
                    if (Ok(b)) return Found(b);
                    if (Ok(a)) return Found(BisectDown(a, b));
                }
            }
            return answer;
        }

        /// <summary>Monotone methods: search in t, where x = t (higher) or −t (lower), for the least t that reaches the rank.</summary>
        public WhatIfAnswer Monotone(bool higher, decimal min, decimal max)
        {
            decimal sign = higher ? 1m : -1m;
            decimal tMin = higher ? min : -max, tMax = higher ? max : -min;
            bool OkT(decimal t) => Ok(sign * t);
            decimal t0 = Math.Clamp(sign * template.Value, tMin, tMax);
            decimal lo, hi;
            if (OkT(t0))
            {
                // Walk down, doubling the stride, until a value fails (or the bottom of the range still reaches the rank).
                hi = t0;
                decimal delta = Math.Max(1m, Math.Abs(t0));
                while (true)
                {
                    decimal next = Math.Max(tMin, hi - delta);
                    if (!OkT(next))
                    {
                        lo = next;
                        break;
                    }
                    hi = next;
                    if (next == tMin)
                    {
                        var (anyRank, anyComposite) = Eval(sign * tMin);
                        return answer with { Possible = true, AnyValue = true, Value = sign * tMin, ReachedRank = anyRank, ReachedComposite = anyComposite };
                    }
                    delta *= 2;
                }
            }
            else
            {
                // Walk up, doubling the stride, until a value reaches the rank (or the top of the range does not).
                lo = t0;
                decimal delta = Math.Max(1m, Math.Abs(t0));
                while (true)
                {
                    if (lo == tMax) return answer;
                    decimal next = Math.Min(tMax, lo + delta);
                    if (OkT(next))
                    {
                        hi = next;
                        break;
                    }
                    lo = next;
                    delta *= 2;
                }
            }
            // Invariant: !OkT(lo), OkT(hi). Bisect on the grid of `step`.
            while (hi - lo > step)
            {
                decimal mid = Snap((lo + hi) / 2, step, up: true);
                if (mid >= hi) mid = hi - step;
                if (mid <= lo) break;
                if (OkT(mid)) hi = mid;
                else lo = mid;
            }
            decimal best = Snap(hi, step, up: true);
            if (!OkT(best)) best = hi;
            return Found(sign * best);
        }

        private decimal Bisect(decimal a, decimal b)
        {
            // !Ok(a), Ok(b), a < b.
            while (b - a > step)
            {
                decimal mid = Snap((a + b) / 2, step, up: true);
                if (mid >= b) mid = b - step;
                if (mid <= a) break;
                if (Ok(mid)) b = mid;
                else a = mid;
            }
            return b;
        }

        private decimal BisectDown(decimal a, decimal b)
        {
            // Ok(a), !Ok(b), a < b: the largest grid value that still reaches the rank.
            while (b - a > step)
            {
                decimal mid = Snap((a + b) / 2, step, up: false);
                if (mid <= a) mid = a + step;
                if (mid >= b) break;
                if (Ok(mid)) a = mid;
                else b = mid;
            }
            return a;
        }
    }

    /// <summary>Rounds onto the grid of <paramref name="step"/>.</summary>
    private static decimal Snap(decimal x, decimal step, bool up)
    {
        var q = x / step;
        var r = up ? decimal.Ceiling(q) : decimal.Floor(q);
        return r * step;
    }
}
