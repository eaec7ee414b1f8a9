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

    /// <summary>What a column's method observed over the category, for the per-unit formulas.</summary>
    private struct ColumnContext
    {
        public decimal Good;
        public decimal Bad;
        public decimal Leader;
        public decimal Baseline;
    }

    /// <summary>
    /// Scores a base indicator for every unit of the column: fills scores and sources, and the stats.
    /// Formulas are first evaluated in double with a bound on their error; whenever the bound cannot rule out a
    /// different result (a half-cent boundary, a floor, a whole step), the unit is scored with the exact decimal
    /// formula instead, so the published figures are those of decimal semantics (ADR 0001).
    /// </summary>
    public static void ScoreBase(Indicator ind, Datum?[] data, long[] scores, CellSource[] sources, IndicatorStats stats, bool exact)
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
            var d = data[u];
            if (textual && d is TextDatum)
            {
                usable[u] = true;
                count++;
            }
            else if (TryMeasure(ind, d, out var x))
            {
                usable[u] = true;
                xs[u] = x;
                count++;
            }
        }
        stats.Usable = count;
        stats.Good = stats.Bad = stats.Leader = stats.MeanMeasure = stats.MissingAverage = null;
        stats.Ranks = null;
        var ctx = new ColumnContext();

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
                ctx.Good = m.Good ?? (higher ? max : min);
                ctx.Bad = m.Bad ?? (higher ? min : max);
                if (count > 0 || (m.Good is not null && m.Bad is not null))
                {
                    stats.Good = ctx.Good;
                    stats.Bad = ctx.Bad;
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
                    decimal sc = m.RankPoints is { } pts
                        ? (r - 1 < pts.Count ? pts[r - 1] : m.Rest)
                        : Math.Max(m.Rest, w - m.Step!.Value * (r - 1));
                    scores[u] = Cents.FromRounded(Clean(sc));
                }
                break;
            }
            case MethodType.LeaderRatio:
            {
                if (higher)
                {
                    decimal leader = decimal.MinValue;
                    for (int u = 0; u < n; u++) if (usable[u] && xs[u] > leader) leader = xs[u];
                    if (count > 0) stats.Leader = leader;
                    ctx.Leader = leader;
                }
                else
                {
                    decimal leader = decimal.MaxValue;
                    for (int u = 0; u < n; u++) if (usable[u] && xs[u] > 0 && xs[u] < leader) leader = xs[u];
                    if (leader != decimal.MaxValue) stats.Leader = leader;
                    ctx.Leader = leader;
                }
                break;
            }
            case MethodType.Baseline:
            {
                if (m.BaselineAverage)
                {
                    decimal sum = 0;
                    for (int u = 0; u < n; u++) if (usable[u]) sum += xs[u];
                    ctx.Baseline = count > 0 ? sum / count : 0m;
                    if (count > 0) stats.MeanMeasure = ctx.Baseline;
                }
                else ctx.Baseline = m.BaselineValue!.Value;
                break;
            }
        }

        if (m.Type != MethodType.Rank)
        {
            if (exact) ScoreExact(ind, data, xs, usable, scores, ctx);
            else ScoreFast(ind, data, xs, usable, scores, ctx);
        }

        // Missing data (§3): zero, the average of the rounded scores, or excluded.
        long average = 0;
        if (ind.Missing == MissingPolicy.Average && count < n)
        {
            long sum = 0;
            for (int u = 0; u < n; u++) if (usable[u]) sum += scores[u];
            var mean = count > 0 ? Numbers.Round2(Cents.ToDecimal(sum) / count) : 0m;
            stats.MissingAverage = mean;
            average = Cents.FromRounded(mean);
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
                    scores[u] = 0;
                    sources[u] = CellSource.Excluded;
                    break;
                default:
                    scores[u] = 0;
                    sources[u] = CellSource.MissingZero;
                    break;
            }
        }
    }

    private static void ScoreExact(Indicator ind, Datum?[] data, decimal[] xs, bool[] usable, long[] scores, ColumnContext ctx)
    {
        for (int u = 0; u < data.Length; u++)
        {
            if (usable[u]) scores[u] = Exact(ind, data[u]!, xs[u], ctx);
        }
    }

    /// <summary>The decimal formula of §3 for one unit, exactly as written (rank excepted: it is scored with the ranking).</summary>
    private static long Exact(Indicator ind, Datum d, decimal x, ColumnContext ctx) => Cents.FromRounded(ExactScore(ind, d, x, ctx));

    private static decimal ExactScore(Indicator ind, Datum d, decimal x, ColumnContext ctx)
    {
        var m = ind.Method;
        var w = ind.Weight;
        bool higher = ind.Direction == Direction.Higher;
        switch (m.Type)
        {
            case MethodType.Efficacy:
            {
                decimal top = m.Base + m.Span;
                decimal dd = ctx.Good == ctx.Bad ? top : m.Base + m.Span * (x - ctx.Bad) / (ctx.Good - ctx.Bad);
                if (dd < m.Base) dd = m.Base;
                else if (dd > top) dd = top;
                return Clean(w * dd / top);
            }
            case MethodType.LeaderRatio:
                if (higher) return ctx.Leader <= 0 ? 0m : Clean(w * Math.Max(x, 0m) / ctx.Leader);
                return x <= 0 ? Clean(w) : Clean(w * ctx.Leader / x);
            case MethodType.Baseline:
                return Clean(Baseline(m, w, higher, ctx.Baseline, x));
            default:
                return Clean(Independent(ind, d, x, (d as TextDatum)?.Text));
        }
    }

    private const double Eps = 1.2e-16;

    /// <summary>
    /// Rounds a double approximation <paramref name="s"/> of a score, whose error is at most <paramref name="err"/>, to the
    /// published 2 decimals (negative → 0). False when the error bound straddles a half cent: the exact formula decides.
    /// </summary>
    private static bool TryClean(double s, double err, out long result)
    {
        result = 0;
        if (!(Math.Abs(s) < 1e9) || !(err < 1e-4)) return false;
        double t = s * 100.0;
        double fl = Math.Floor(t);
        double frac = t - fl;
        double margin = (err + Math.Abs(s) * 4 * Eps) * 100.0 + 1e-9;
        if (Math.Abs(frac - 0.5) <= margin) return false;
        long k = (long)fl + (frac > 0.5 ? 1 : 0);
        result = k <= 0 ? 0 : k;
        return true;
    }

    private static void ScoreFast(Indicator ind, Datum?[] data, decimal[] xs, bool[] usable, long[] scores, ColumnContext ctx)
    {
        var m = ind.Method;
        int n = data.Length;
        decimal w = ind.Weight;
        double wd = (double)w;
        bool higher = ind.Direction == Direction.Higher;
        switch (m.Type)
        {
            case MethodType.Completion:
            {
                double cap = (double)m.Cap, floor = (double)m.Floor;
                long? capScore = null;
                for (int u = 0; u < n; u++)
                {
                    if (!usable[u]) continue;
                    var nd = (NumberDatum)data[u]!;
                    double x = (double)xs[u];
                    double t = (double)(nd.Target ?? m.Target!.Value);
                    double r;
                    if (higher) r = x / t;
                    else if (xs[u] <= 0)
                    {
                        scores[u] = capScore ??= Exact(ind, nd, xs[u], ctx);
                        continue;
                    }
                    else r = t / x;
                    double er = Math.Abs(r) * 8 * Eps;
                    if (floor > 0 && Math.Abs(r - floor) <= er + floor * 4 * Eps)
                    {
                        scores[u] = Exact(ind, nd, xs[u], ctx);
                        continue;
                    }
                    if (r < floor)
                    {
                        scores[u] = 0;
                        continue;
                    }
                    double s = wd * Math.Min(Math.Max(r, 0), cap);
                    double err = (wd * er + Math.Abs(s) * 4 * Eps) * 4;
                    scores[u] = TryClean(s, err, out var v) ? v : Exact(ind, nd, xs[u], ctx);
                }
                break;
            }
            case MethodType.Efficacy:
            {
                if (ctx.Good == ctx.Bad)
                {
                    long full = 0;
                    bool done = false;
                    for (int u = 0; u < n; u++)
                    {
                        if (!usable[u]) continue;
                        if (!done)
                        {
                            full = Exact(ind, data[u]!, xs[u], ctx);
                            done = true;
                        }
                        scores[u] = full;
                    }
                    break;
                }
                double good = (double)ctx.Good, bad = (double)ctx.Bad, range = good - bad;
                double b0 = (double)m.Base, span = (double)m.Span, top = b0 + span;
                double rangeRel = (Math.Abs(good) + Math.Abs(bad)) * 4 * Eps / Math.Abs(range) + 2 * Eps;
                for (int u = 0; u < n; u++)
                {
                    if (!usable[u]) continue;
                    double x = (double)xs[u];
                    double num = x - bad;
                    double eNum = (Math.Abs(x) + Math.Abs(bad)) * 4 * Eps;
                    double q = num / range;
                    double eQ = eNum / Math.Abs(range) + Math.Abs(q) * rangeRel;
                    double dd = b0 + span * q;
                    if (dd < b0) dd = b0;
                    else if (dd > top) dd = top;
                    double eD = span * eQ + (Math.Abs(dd) + b0 + span) * 4 * Eps;
                    double s = wd * dd / top;
                    double err = (wd / top * eD + Math.Abs(s) * 4 * Eps) * 4;
                    scores[u] = TryClean(s, err, out var v) ? v : Exact(ind, data[u]!, xs[u], ctx);
                }
                break;
            }
            case MethodType.LeaderRatio:
            {
                double leader = (double)ctx.Leader;
                long? full = null;
                for (int u = 0; u < n; u++)
                {
                    if (!usable[u]) continue;
                    double s;
                    if (higher)
                    {
                        if (ctx.Leader <= 0)
                        {
                            scores[u] = 0;
                            continue;
                        }
                        s = wd * Math.Max((double)xs[u], 0) / leader;
                    }
                    else
                    {
                        if (xs[u] <= 0)
                        {
                            scores[u] = full ??= Cents.FromRounded(Clean(w));
                            continue;
                        }
                        s = wd * leader / (double)xs[u];
                    }
                    double err = Math.Abs(s) * 32 * Eps;
                    scores[u] = TryClean(s, err, out var v) ? v : Exact(ind, data[u]!, xs[u], ctx);
                }
                break;
            }
            case MethodType.Baseline:
            {
                double b = (double)ctx.Baseline, step = (double)m.Step!.Value, deduct = (double)m.Deduct;
                double bonusPer = (double)m.BonusPer, bonusCap = (double)m.BonusCap;
                bool zeroRelative = m.Relative && ctx.Baseline == 0;
                for (int u = 0; u < n; u++)
                {
                    if (!usable[u]) continue;
                    if (zeroRelative)
                    {
                        scores[u] = Exact(ind, data[u]!, xs[u], ctx);
                        continue;
                    }
                    double x = (double)xs[u];
                    double gap = higher ? b - x : x - b;
                    double eGap = (Math.Abs(b) + Math.Abs(x)) * 4 * Eps;
                    if (m.Relative)
                    {
                        gap = gap / Math.Abs(b) * 100.0;
                        eGap = eGap / Math.Abs(b) * 100.0 + Math.Abs(gap) * 4 * Eps;
                    }
                    double steps = gap / step;
                    double eSteps = eGap / step + Math.Abs(steps) * 4 * Eps;
                    if (m.Whole)
                    {
                        double nearest = Math.Round(steps);
                        if (nearest != 0 && Math.Abs(steps - nearest) <= eSteps * 4)
                        {
                            scores[u] = Exact(ind, data[u]!, xs[u], ctx);
                            continue;
                        }
                        steps = Math.Truncate(steps);
                        eSteps = 0;
                    }
                    double s = gap > 0 ? Math.Max(0, wd - deduct * steps) : wd + Math.Min(bonusCap, bonusPer * -steps);
                    double err = (Math.Max(deduct, bonusPer) * eSteps + (Math.Abs(s) + wd + Math.Abs(deduct * steps) + Math.Abs(bonusPer * steps)) * 4 * Eps) * 4;
                    scores[u] = TryClean(s, err, out var v) ? v : Exact(ind, data[u]!, xs[u], ctx);
                }
                break;
            }
            case MethodType.Bands:
            {
                var pts = m.Bands!;
                for (int u = 0; u < n; u++)
                {
                    if (!usable[u]) continue;
                    decimal xd = xs[u];
                    if (xd <= pts[0].X || xd >= pts[^1].X)
                    {
                        scores[u] = Cents.FromRounded(Clean(xd <= pts[0].X ? pts[0].Score : pts[^1].Score));
                        continue;
                    }
                    int i = 1;
                    while (xd > pts[i].X) i++;
                    double x = (double)xd, x0 = (double)pts[i - 1].X, x1 = (double)pts[i].X;
                    double s0 = (double)pts[i - 1].Score, s1 = (double)pts[i].Score;
                    double s = s0 + (x - x0) * (s1 - s0) / (x1 - x0);
                    double width = Math.Abs(x1 - x0);
                    double err = (Math.Abs(s1 - s0) * ((Math.Abs(x) + Math.Abs(x0)) * 4 * Eps / width + Math.Abs(x - x0) / width * (Math.Abs(x1) + Math.Abs(x0)) * 4 * Eps / width)
                        + (Math.Abs(s0) + Math.Abs(s1) + Math.Abs(s)) * 8 * Eps) * 4;
                    scores[u] = TryClean(s, err, out var v) ? v : Exact(ind, data[u]!, xd, ctx);
                }
                break;
            }
            case MethodType.Rollup:
            {
                for (int u = 0; u < n; u++)
                {
                    if (!usable[u]) continue;
                    double s = wd * (double)xs[u] / 100.0;
                    scores[u] = TryClean(s, Math.Abs(s) * 32 * Eps, out var v) ? v : Exact(ind, data[u]!, xs[u], ctx);
                }
                break;
            }
            case MethodType.Grade:
            {
                // Four or five grades: each grade's score is computed once.
                var byGrade = new Dictionary<string, long>(StringComparer.Ordinal);
                for (int u = 0; u < n; u++)
                {
                    if (!usable[u]) continue;
                    var text = ((TextDatum)data[u]!).Text;
                    if (!byGrade.TryGetValue(text, out var sc)) byGrade[text] = sc = Cents.FromRounded(Clean(w * m.Grades![text]));
                    scores[u] = sc;
                }
                break;
            }
            case MethodType.Table:
            {
                var numeric = m.NumericTable;
                for (int u = 0; u < n; u++)
                {
                    if (!usable[u]) continue;
                    decimal sc = data[u] is TextDatum t
                        ? (m.Table!.TryGetValue(t.Text, out var ts) ? ts : m.Rest)
                        : (numeric.TryGetValue(xs[u], out var ns) ? ns : m.Rest);
                    scores[u] = Cents.FromRounded(Clean(sc));
                }
                break;
            }
            default:
                ScoreExact(ind, data, xs, usable, scores, ctx);
                break;
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
                    raw += list[i].Value * m.PerEventByType![list[i].Key];
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
                    decimal pts = m.PerEventByType is { } byType ? byType[e.Type!] : m.PerEvent!.Value;
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
