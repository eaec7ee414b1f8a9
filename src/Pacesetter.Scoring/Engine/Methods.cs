using Pacesetter.Scoring.Schemes;

namespace Pacesetter.Scoring.Engine;

/// <summary>The per-indicator formulas of scoring.md §3–§4, evaluated in decimal over one column of units.</summary>
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
        x = (nd.Value - p) / Math.Abs(p) * 100m;
        return true;
    }

    /// <summary>Scores a base indicator for every unit of the column: fills scores, measures and sources.</summary>
    public static void ScoreBase(Indicator ind, Datum?[] data, decimal?[] scores, decimal?[] measures, string?[] texts, CellSource[] sources, IndicatorStats stats)
    {
        int n = data.Length;
        var m = ind.Method;
        var w = ind.Weight;
        bool higher = ind.Direction == Direction.Higher;
        var usable = new bool[n];
        var xs = new decimal[n];
        int count = 0;
        bool textual = m.Type is MethodType.Grade or MethodType.Table;
        for (int u = 0; u < n; u++)
        {
            texts[u] = null;
            measures[u] = null;
            var d = data[u];
            if (textual && d is TextDatum t)
            {
                usable[u] = true;
                texts[u] = t.Text;
                count++;
            }
            else if (TryMeasure(ind, d, out var x))
            {
                usable[u] = true;
                xs[u] = x;
                measures[u] = x;
                count++;
            }
        }
        stats.Usable = count;
        stats.Good = stats.Bad = stats.Leader = stats.MeanMeasure = stats.MissingAverage = null;
        stats.Ranks = null;

        switch (m.Type)
        {
            case MethodType.Efficacy:
            {
                decimal max = decimal.MinValue, min = decimal.MaxValue;
                for (int u = 0; u < n; u++)
                {
                    if (!usable[u]) continue;
                    if (xs[u] > max) max = xs[u];
                    if (xs[u] < min) min = xs[u];
                }
                decimal good = m.Good ?? (higher ? max : min);
                decimal bad = m.Bad ?? (higher ? min : max);
                if (count > 0 || (m.Good is not null && m.Bad is not null))
                {
                    stats.Good = good;
                    stats.Bad = bad;
                }
                decimal top = m.Base + m.Span;
                for (int u = 0; u < n; u++)
                {
                    if (!usable[u]) continue;
                    decimal d = good == bad ? top : m.Base + m.Span * (xs[u] - bad) / (good - bad);
                    if (d < m.Base) d = m.Base;
                    else if (d > top) d = top;
                    scores[u] = Clean(w * d / top);
                }
                break;
            }
            case MethodType.Rank:
            {
                var ranks = new int[n];
                var order = new int[count];
                var keys = new decimal[count];
                int k = 0;
                for (int u = 0; u < n; u++)
                {
                    if (!usable[u]) continue;
                    order[k] = u;
                    keys[k] = higher ? -xs[u] : xs[u];
                    k++;
                }
                Array.Sort(keys, order);
                for (int i = 0; i < count; i++)
                {
                    ranks[order[i]] = i > 0 && keys[i] == keys[i - 1] ? ranks[order[i - 1]] : i + 1;
                }
                stats.Ranks = ranks;
                for (int u = 0; u < n; u++)
                {
                    if (!usable[u]) continue;
                    int r = ranks[u];
                    decimal s = m.RankPoints is { } pts
                        ? (r - 1 < pts.Count ? pts[r - 1] : m.Rest)
                        : Math.Max(m.Rest, w - m.Step!.Value * (r - 1));
                    scores[u] = Clean(s);
                }
                break;
            }
            case MethodType.LeaderRatio:
            {
                decimal leader;
                if (higher)
                {
                    leader = decimal.MinValue;
                    for (int u = 0; u < n; u++) if (usable[u] && xs[u] > leader) leader = xs[u];
                    if (count > 0) stats.Leader = leader;
                    for (int u = 0; u < n; u++)
                    {
                        if (!usable[u]) continue;
                        scores[u] = leader <= 0 ? 0m : Clean(w * Math.Max(xs[u], 0m) / leader);
                    }
                }
                else
                {
                    leader = decimal.MaxValue;
                    for (int u = 0; u < n; u++) if (usable[u] && xs[u] > 0 && xs[u] < leader) leader = xs[u];
                    if (leader != decimal.MaxValue) stats.Leader = leader;
                    for (int u = 0; u < n; u++)
                    {
                        if (!usable[u]) continue;
                        scores[u] = xs[u] <= 0 ? Clean(w) : Clean(w * leader / xs[u]);
                    }
                }
                break;
            }
            case MethodType.Baseline:
            {
                decimal b;
                if (m.BaselineAverage)
                {
                    decimal sum = 0;
                    for (int u = 0; u < n; u++) if (usable[u]) sum += xs[u];
                    b = count > 0 ? sum / count : 0m;
                    if (count > 0) stats.MeanMeasure = b;
                }
                else b = m.BaselineValue!.Value;
                for (int u = 0; u < n; u++)
                {
                    if (usable[u]) scores[u] = Clean(Baseline(m, w, higher, b, xs[u]));
                }
                break;
            }
            default:
            {
                for (int u = 0; u < n; u++)
                {
                    if (usable[u]) scores[u] = Clean(Independent(ind, data[u]!, xs[u], texts[u]));
                }
                break;
            }
        }

        // Missing data (§3): zero, the average of the rounded scores, or excluded.
        decimal? average = null;
        if (ind.Missing == MissingPolicy.Average && count < n)
        {
            decimal sum = 0;
            for (int u = 0; u < n; u++) if (usable[u]) sum += scores[u]!.Value;
            average = count > 0 ? Numbers.Round2(sum / count) : 0m;
            stats.MissingAverage = average;
        }
        for (int u = 0; u < n; u++)
        {
            if (usable[u])
            {
                sources[u] = CellSource.Datum;
                continue;
            }
            switch (ind.Missing)
            {
                case MissingPolicy.Average:
                    scores[u] = average;
                    sources[u] = CellSource.MissingAverage;
                    break;
                case MissingPolicy.Exclude:
                    scores[u] = null;
                    sources[u] = CellSource.Excluded;
                    break;
                default:
                    scores[u] = 0m;
                    sources[u] = CellSource.MissingZero;
                    break;
            }
        }
    }

    /// <summary>A base score is never below 0, and is published to 2 decimals.</summary>
    private static decimal Clean(decimal s) => s <= 0 ? 0m : Numbers.Round2(s);

    public static decimal Baseline(Method m, decimal w, bool higher, decimal b, decimal x)
    {
        decimal gap = higher ? b - x : x - b;
        // A relative gap against a baseline of 0 (only possible with "average") has no meaning: no deduction, no bonus.
        if (m.Relative) gap = b == 0 ? 0 : gap / Math.Abs(b) * 100m;
        decimal steps = gap / m.Step!.Value;
        if (m.Whole) steps = decimal.Truncate(steps);
        return gap > 0 ? Math.Max(0m, w - m.Deduct * steps) : w + Math.Min(m.BonusCap, m.BonusPer * -steps);
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
                decimal r = ind.Direction == Direction.Higher ? x / target : (x <= 0 ? m.Cap : target / x);
                if (r < m.Floor) return 0m;
                return w * Math.Min(Math.Max(r, 0m), m.Cap);
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
                return w * x / 100m;
            default:
                throw new InvalidOperationException($"method {m.Type} is not independent");
        }
    }

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
                return s0 + (x - x0) * (s1 - s0) / (x1 - x0);
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
                var best = new Dictionary<string, decimal>(StringComparer.Ordinal);
                foreach (var a in awards.Awards)
                {
                    var pts = ind.Method.Levels![a.Level];
                    if (!best.TryGetValue(a.Item, out var b) || pts > b) best[a.Item] = pts;
                }
                foreach (var v in best.Values) sum += v;
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
        var w = ind.Weight;
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
                foreach (var (type, c) in counts.Counts)
                {
                    raw += c * m.PerEventByType![type];
                    rawCount += c;
                }
                exempted = raw;
                exemptedCount = rawCount;
                break;
            case EventsDatum events:
                foreach (var e in events.Events)
                {
                    decimal pts = m.PerEventByType is { } byType ? byType[e.Type!] : m.PerEvent!.Value;
                    decimal f = 1m;
                    if (ex is not null && e.Id is not null && ex.EventFactors.TryGetValue(e.Id, out var ef)) f = ef;
                    raw += pts;
                    rawCount++;
                    exempted += pts * f;
                    // A fully exempted event no longer counts towards zeroAt.
                    if (f != 0) exemptedCount++;
                }
                break;
        }
        decimal Deduction(decimal sum, decimal count) =>
            m.ZeroAt is { } z && count >= z ? w : Math.Min(w, sum);
        var without = Deduction(raw, rawCount);
        var with = Deduction(exempted, exemptedCount);
        if (ex?.IndicatorFactor is { } f2) with *= f2;
        return (Numbers.Round2(with), Numbers.Round2(without));
    }
}
