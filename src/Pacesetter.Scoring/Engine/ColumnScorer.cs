using Pacesetter.Scoring.Schemes;

namespace Pacesetter.Scoring.Engine;

/// <summary>Arrays reused by every column of one category, so that scoring a column allocates nothing per unit.</summary>
internal sealed class ColumnScratch(int n)
{
    public readonly bool[] Usable = new bool[n];
    /// <summary>The exact decimal measure, valid where <see cref="Known"/>.</summary>
    public readonly decimal[] X = new decimal[n];
    public readonly bool[] Known = new bool[n];
    /// <summary>The measure as a double, and a bound on its absolute error.</summary>
    public readonly double[] Xd = new double[n];
    public readonly double[] Xe = new double[n];
    public readonly int[] Order = new int[n];
    public readonly double[] Keys = new double[n];
}

/// <summary>
/// Scores one indicator for every unit of a category. Formulas are first evaluated in double with a bound on their
/// error; whenever the bound cannot rule out a different published figure (a half-cent boundary, a floor, a whole
/// step), the unit is scored with the exact decimal formula of <see cref="Methods"/> instead. The published figures
/// are therefore those of decimal semantics (docs/decisions/0001), and the tests compare both paths.
/// </summary>
internal static class ColumnScorer
{
    /// <summary>An upper bound on the relative rounding error of one double operation (2⁻⁵³ ≈ 1.11e-16).</summary>
    private const double Eps = 1.2e-16;

    public static void ScoreBase(Indicator ind, Datum?[] data, long[] scores, CellSource[] sources, IndicatorStats stats, bool exact, ColumnScratch s)
    {
        int n = data.Length;
        int count = ReadMeasures(ind, data, exact, s);
        stats.Usable = count;
        stats.Good = stats.Bad = stats.Leader = stats.MeanMeasure = stats.MissingAverage = null;
        stats.Ranks = null;
        var ctx = Observe(ind, data, s, stats, count);

        if (ind.Method.Type == MethodType.Rank) ScoreRank(ind, s, scores, stats, count);
        else if (exact)
        {
            for (int u = 0; u < n; u++) if (s.Usable[u]) scores[u] = Methods.Exact(ind, data[u]!, s.X[u], ctx);
        }
        else ScoreFast(ind, data, s, scores, ctx);
        FillMissing(ind, scores, sources, stats, s, count);
    }

    /// <summary>Each unit's measure (exact, or for a lazily computed growth a double with its error); returns how many are usable.</summary>
    private static int ReadMeasures(Indicator ind, Datum?[] data, bool exact, ColumnScratch s)
    {
        var m = ind.Method;
        bool higher = ind.Direction == Direction.Higher;
        bool textual = m.Type is MethodType.Grade or MethodType.Table;
        // Growth is kept in double (exact only on demand) where the method reads it through the error-bounded path.
        bool lazyGrowth = !exact && ind.Measure == MeasureKind.Growth
            && (m.Type is MethodType.Completion or MethodType.Efficacy || (m.Type == MethodType.LeaderRatio && higher));
        int count = 0;
        for (int u = 0; u < data.Length; u++)
        {
            s.Usable[u] = false;
            s.Known[u] = false;
            var d = data[u];
            if (d is NumberDatum nd)
            {
                if (ind.Measure == MeasureKind.Value)
                {
                    Set(s, u, nd.Value);
                }
                else
                {
                    if (nd.Previous is not { } p || p == 0) continue;
                    if (lazyGrowth)
                    {
                        // (value − previous) × 100 / |previous|, in the order of the exact formula (§2).
                        double v = (double)nd.Value, pd = (double)p;
                        double g = (v - pd) * 100.0 / Math.Abs(pd);
                        s.Xd[u] = g;
                        s.Xe[u] = (Math.Abs(v) + Math.Abs(pd)) / Math.Abs(pd) * 100.0 * 8 * Eps + Math.Abs(g) * 8 * Eps;
                    }
                    else
                    {
                        Methods.TryMeasure(ind, nd, out var x);
                        Set(s, u, x);
                    }
                }
                s.Usable[u] = true;
                count++;
            }
            else if (textual && d is TextDatum)
            {
                s.Usable[u] = true;
                count++;
            }
        }
        return count;
    }

    /// <summary>What the method observes over the category (good and bad, leader, the average baseline), exactly.</summary>
    private static Methods.ColumnContext Observe(Indicator ind, Datum?[] data, ColumnScratch s, IndicatorStats stats, int count)
    {
        var m = ind.Method;
        bool higher = ind.Direction == Direction.Higher;
        int n = data.Length;
        var ctx = new Methods.ColumnContext();
        switch (m.Type)
        {
            case MethodType.Efficacy:
                {
                    var (max, min) = Extremes(ind, data, s, count);
                    ctx.Good = m.Good ?? (higher ? max : min);
                    ctx.Bad = m.Bad ?? (higher ? min : max);
                    if (count > 0 || (m.Good is not null && m.Bad is not null))
                    {
                        stats.Good = ctx.Good;
                        stats.Bad = ctx.Bad;
                    }
                    break;
                }
            case MethodType.LeaderRatio when higher:
                {
                    ctx.Leader = Extremes(ind, data, s, count).Max;
                    if (count > 0) stats.Leader = ctx.Leader;
                    break;
                }
            case MethodType.LeaderRatio:
                {
                    decimal leader = decimal.MaxValue;
                    for (int u = 0; u < n; u++) if (s.Usable[u] && s.X[u] > 0 && s.X[u] < leader) leader = s.X[u];
                    if (leader != decimal.MaxValue) stats.Leader = leader;
                    ctx.Leader = leader;
                    break;
                }
            case MethodType.Baseline:
                {
                    if (m.BaselineAverage)
                    {
                        decimal sum = 0;
                        for (int u = 0; u < n; u++) if (s.Usable[u]) sum += s.X[u];
                        ctx.Baseline = count > 0 ? sum / count : 0m;
                        if (count > 0) stats.MeanMeasure = ctx.Baseline;
                    }
                    else ctx.Baseline = m.BaselineValue!.Value;
                    break;
                }
        }
        return ctx;
    }

    /// <summary>Missing data (§3): zero, the average of the rounded scores, or excluded.</summary>
    private static void FillMissing(Indicator ind, long[] scores, CellSource[] sources, IndicatorStats stats, ColumnScratch s, int count)
    {
        int n = scores.Length;
        long average = 0;
        if (ind.Missing == MissingPolicy.Average && count < n)
        {
            long sum = 0;
            for (int u = 0; u < n; u++) if (s.Usable[u]) sum += scores[u];
            var mean = count > 0 ? Numbers.Round2(Cents.ToDecimal(sum) / count) : 0m;
            stats.MissingAverage = mean;
            average = Cents.FromRounded(mean);
        }
        var missing = ind.Missing switch
        {
            MissingPolicy.Average => CellSource.MissingAverage,
            MissingPolicy.Exclude => CellSource.Excluded,
            _ => CellSource.MissingZero,
        };
        for (int u = 0; u < n; u++)
        {
            if (s.Usable[u]) sources[u] = CellSource.Datum;
            else
            {
                scores[u] = missing == CellSource.MissingAverage ? average : 0;
                sources[u] = missing;
            }
        }
    }

    private static void Set(ColumnScratch s, int u, decimal x)
    {
        s.X[u] = x;
        s.Known[u] = true;
        s.Xd[u] = (double)x;
        s.Xe[u] = Math.Abs(s.Xd[u]) * 2 * Eps;
    }

    /// <summary>The exact decimal measure of unit u, computed now if it was only known as a double.</summary>
    private static decimal ExactX(Indicator ind, Datum?[] data, ColumnScratch s, int u)
    {
        if (!s.Known[u])
        {
            Methods.TryMeasure(ind, data[u], out s.X[u]);
            s.Known[u] = true;
        }
        return s.X[u];
    }

    /// <summary>Observed max and min, exact: only units whose double could be the extreme are computed in decimal.</summary>
    private static (decimal Max, decimal Min) Extremes(Indicator ind, Datum?[] data, ColumnScratch s, int count)
    {
        if (count == 0) return (decimal.MinValue, decimal.MaxValue);
        int n = data.Length;
        int argMax = -1, argMin = -1;
        for (int u = 0; u < n; u++)
        {
            if (!s.Usable[u]) continue;
            if (argMax < 0 || s.Xd[u] > s.Xd[argMax]) argMax = u;
            if (argMin < 0 || s.Xd[u] < s.Xd[argMin]) argMin = u;
        }
        double hiCut = s.Xd[argMax] - s.Xe[argMax], loCut = s.Xd[argMin] + s.Xe[argMin];
        decimal max = decimal.MinValue, min = decimal.MaxValue;
        for (int u = 0; u < n; u++)
        {
            if (!s.Usable[u]) continue;
            if (s.Xd[u] + s.Xe[u] >= hiCut) max = Math.Max(max, ExactX(ind, data, s, u));
            if (s.Xd[u] - s.Xe[u] <= loCut) min = Math.Min(min, ExactX(ind, data, s, u));
        }
        return (max, min);
    }

    /// <summary>位次赋分: standard competition ranking (1, 1, 3), sorted on doubles and settled exactly on decimals.</summary>
    private static void ScoreRank(Indicator ind, ColumnScratch s, long[] scores, IndicatorStats stats, int count)
    {
        var m = ind.Method;
        bool higher = ind.Direction == Direction.Higher;
        int n = scores.Length;
        int k = 0;
        for (int u = 0; u < n; u++)
        {
            if (!s.Usable[u]) continue;
            s.Order[k] = u;
            s.Keys[k] = higher ? -s.Xd[u] : s.Xd[u];
            k++;
        }
        Array.Sort(s.Keys, s.Order, 0, count);
        // Conversion to double keeps order but may merge neighbours: settle equal doubles on their decimals.
        for (int i = 0; i < count;)
        {
            int j = i + 1;
            while (j < count && s.Keys[j] == s.Keys[i]) j++;
            if (j - i > 1)
            {
                var slice = new (decimal, int)[j - i];
                for (int t = i; t < j; t++) slice[t - i] = (higher ? -s.X[s.Order[t]] : s.X[s.Order[t]], s.Order[t]);
                Array.Sort(slice, (a, b) => a.Item1.CompareTo(b.Item1));
                for (int t = i; t < j; t++) s.Order[t] = slice[t - i].Item2;
            }
            i = j;
        }
        var ranks = new int[n];
        for (int i = 0; i < count; i++)
        {
            ranks[s.Order[i]] = i > 0 && s.X[s.Order[i]] == s.X[s.Order[i - 1]] ? ranks[s.Order[i - 1]] : i + 1;
        }
        stats.Ranks = ranks;
        long previous = 0;
        int previousRank = 0;
        for (int i = 0; i < count; i++)
        {
            int u = s.Order[i];
            int r = ranks[u];
            if (r != previousRank)
            {
                decimal sc = m.RankPoints is { } pts
                    ? (r - 1 < pts.Count ? pts[r - 1] : m.Rest)
                    : Math.Max(m.Rest, ind.Weight - m.Step!.Value * (r - 1));
                previous = Cents.FromRounded(Methods.Clean(sc));
                previousRank = r;
            }
            scores[u] = previous;
        }
    }

    /// <summary>
    /// Rounds a double approximation <paramref name="value"/> of a score, whose error is at most <paramref name="err"/>,
    /// to published cents (negative → 0). False when the error bound reaches a half cent: the exact formula decides.
    /// </summary>
    private static bool TryCents(double value, double err, out long cents)
    {
        cents = 0;
        if (!(Math.Abs(value) < 1e9) || !(err < 1e-4)) return false;
        double t = value * 100.0;
        double fl = Math.Floor(t);
        double frac = t - fl;
        double margin = (err + Math.Abs(value) * 4 * Eps) * 100.0 + 1e-9;
        if (Math.Abs(frac - 0.5) <= margin) return false;
        long k = (long)fl + (frac > 0.5 ? 1 : 0);
        cents = k <= 0 ? 0 : k;
        return true;
    }

    /// <summary>One column on the error-bounded double path; methods without one run the decimal formula.</summary>
    private static void ScoreFast(Indicator ind, Datum?[] data, ColumnScratch s, long[] scores, Methods.ColumnContext ctx)
    {
        var col = new FastColumn(ind, data, s, scores, ctx);
        switch (ind.Method.Type)
        {
            case MethodType.Completion:
                FastCompletion(col);
                break;
            case MethodType.Efficacy:
                FastEfficacy(col);
                break;
            case MethodType.LeaderRatio:
                FastLeaderRatio(col);
                break;
            case MethodType.Baseline:
                FastBaseline(col);
                break;
            case MethodType.Bands:
                FastBands(col);
                break;
            case MethodType.Rollup:
                FastRollup(col);
                break;
            case MethodType.Grade:
                GradeColumn(col);
                break;
            case MethodType.Table:
                TableColumn(col);
                break;
            default:
                for (int u = 0; u < data.Length; u++) if (s.Usable[u]) scores[u] = col.Exact(u);
                break;
        }
    }

    /// <summary>What the per-method fast scorers share: the column, its scratch arrays and the decimal referee.</summary>
    private readonly struct FastColumn(Indicator ind, Datum?[] data, ColumnScratch s, long[] scores, Methods.ColumnContext ctx)
    {
        public readonly Indicator Ind = ind;
        public readonly Method M = ind.Method;
        public readonly Datum?[] Data = data;
        public readonly ColumnScratch S = s;
        public readonly long[] Scores = scores;
        public readonly Methods.ColumnContext Ctx = ctx;
        public readonly double W = (double)ind.Weight;
        public readonly bool Higher = ind.Direction == Direction.Higher;

        public int N => Data.Length;

        /// <summary>The exact decimal figure of unit u (the referee when the double's bound is not enough).</summary>
        public long Exact(int u) => Methods.Exact(Ind, Data[u]!, ExactX(Ind, Data, S, u), Ctx);

        /// <summary>Publishes v (error at most err) when the bound allows, else the exact figure.</summary>
        public void Publish(int u, double v, double err) => Scores[u] = TryCents(v, err, out var c) ? c : Exact(u);
    }

    /// <summary>目标完成率: r against floor and cap; inside, w × x / target (lower: w × target / x), multiplying first.</summary>
    private static void FastCompletion(FastColumn c)
    {
        var s = c.S;
        double cap = (double)c.M.Cap, floor = (double)c.M.Floor;
        for (int u = 0; u < c.N; u++)
        {
            if (!s.Usable[u]) continue;
            double x = s.Xd[u], ex = s.Xe[u];
            var target = ((NumberDatum)c.Data[u]!).Target ?? c.M.Target!.Value;
            double t = (double)target;
            double r, er, inside;
            if (c.Higher)
            {
                r = x / t;
                er = ex / t + Math.Abs(r) * 4 * Eps;
                inside = c.W * x / t;
            }
            else
            {
                // x ≤ 0 scores the cap: settle the sign exactly when the double cannot.
                if (Math.Abs(x) <= 2 * ex || x <= 0)
                {
                    c.Scores[u] = c.Exact(u);
                    continue;
                }
                r = t / x;
                er = Math.Abs(r) * (ex / Math.Abs(x) * 2 + 4 * Eps);
                inside = c.W * t / x;
            }
            if (floor > 0 && Math.Abs(r - floor) <= 2 * er + floor * 4 * Eps)
            {
                c.Scores[u] = c.Exact(u);
                continue;
            }
            if (r < floor)
            {
                c.Scores[u] = 0;
                continue;
            }
            // Near the cap both figures lie within w × er of each other, which the bound below covers.
            double v = r >= cap ? c.W * cap : inside;
            double err = (c.W * er + Math.Abs(v) * 4 * Eps) * 4;
            c.Publish(u, v, err);
        }
    }

    /// <summary>功效系数: d = base + span × (x − bad) / (good − bad), clamped; w × d / (base + span).</summary>
    private static void FastEfficacy(FastColumn c)
    {
        var s = c.S;
        var m = c.M;
        if (c.Ctx.Good == c.Ctx.Bad)
        {
            long full = -1;
            for (int u = 0; u < c.N; u++)
            {
                if (!s.Usable[u]) continue;
                if (full < 0) full = c.Exact(u);
                c.Scores[u] = full;
            }
            return;
        }
        double good = (double)c.Ctx.Good, bad = (double)c.Ctx.Bad, range = good - bad;
        double b0 = (double)m.Base, span = (double)m.Span, top = b0 + span;
        double rangeRel = (Math.Abs(good) + Math.Abs(bad)) * 4 * Eps / Math.Abs(range) + 2 * Eps;
        for (int u = 0; u < c.N; u++)
        {
            if (!s.Usable[u]) continue;
            double x = s.Xd[u];
            double num = x - bad;
            double eNum = s.Xe[u] + (Math.Abs(x) + Math.Abs(bad)) * 4 * Eps;
            double q = num / range;
            double eQ = eNum / Math.Abs(range) + Math.Abs(q) * rangeRel;
            double dd = b0 + span * q;
            if (dd < b0) dd = b0;
            else if (dd > top) dd = top;
            double eD = span * eQ + (Math.Abs(dd) + b0 + span) * 4 * Eps;
            double v = c.W * dd / top;
            double err = (c.W / top * eD + Math.Abs(v) * 4 * Eps) * 4;
            c.Publish(u, v, err);
        }
    }

    /// <summary>折合分: w × x / leader (higher), w × leader / x (lower; x ≤ 0 scores w).</summary>
    private static void FastLeaderRatio(FastColumn c)
    {
        var s = c.S;
        double leader = (double)c.Ctx.Leader;
        long fullW = -1;
        for (int u = 0; u < c.N; u++)
        {
            if (!s.Usable[u]) continue;
            double v, err;
            if (c.Higher)
            {
                if (c.Ctx.Leader <= 0)
                {
                    c.Scores[u] = 0;
                    continue;
                }
                v = c.W * Math.Max(s.Xd[u], 0) / leader;
                err = (c.W * s.Xe[u] / leader + Math.Abs(v) * 8 * Eps) * 4;
            }
            else
            {
                if (s.X[u] <= 0)
                {
                    if (fullW < 0) fullW = c.Exact(u);
                    c.Scores[u] = fullW;
                    continue;
                }
                v = c.W * leader / s.Xd[u];
                err = Math.Abs(v) * (s.Xe[u] / s.Xd[u] * 2 + 8 * Eps) * 4;
            }
            c.Publish(u, v, err);
        }
    }

    /// <summary>达标扣分: gap (relative: gap × 100 / |baseline|); w − deduct × gap / step, or whole steps only.</summary>
    private static void FastBaseline(FastColumn c)
    {
        var s = c.S;
        var m = c.M;
        double b = (double)c.Ctx.Baseline, step = (double)m.Step!.Value, deduct = (double)m.Deduct;
        double bonusPer = (double)m.BonusPer, bonusCap = (double)m.BonusCap;
        bool zeroRelative = m.Relative && c.Ctx.Baseline == 0;
        for (int u = 0; u < c.N; u++)
        {
            if (!s.Usable[u]) continue;
            if (zeroRelative)
            {
                c.Scores[u] = c.Exact(u);
                continue;
            }
            double x = s.Xd[u];
            double gap = c.Higher ? b - x : x - b;
            double eGap = s.Xe[u] + (Math.Abs(b) + Math.Abs(x)) * 4 * Eps;
            if (m.Relative)
            {
                gap = gap * 100.0 / Math.Abs(b);
                eGap = eGap * 100.0 / Math.Abs(b) + Math.Abs(gap) * 4 * Eps;
            }
            double steps = gap / step;
            double eSteps = eGap / step + Math.Abs(steps) * 4 * Eps;
            if (m.Whole)
            {
                double nearest = Math.Round(steps);
                if (nearest != 0 && Math.Abs(steps - nearest) <= eSteps * 4)
                {
                    c.Scores[u] = c.Exact(u);
                    continue;
                }
                steps = Math.Truncate(steps);
                eSteps = 0;
            }
            double v = gap > 0 ? Math.Max(0, c.W - deduct * steps) : c.W + Math.Min(bonusCap, bonusPer * -steps);
            double err = (Math.Max(deduct, bonusPer) * eSteps + (Math.Abs(v) + c.W + Math.Abs(deduct * steps) + Math.Abs(bonusPer * steps)) * 4 * Eps) * 4;
            c.Publish(u, v, err);
        }
    }

    /// <summary>分档插值: linear between the two points around x; outside them, the end scores.</summary>
    private static void FastBands(FastColumn c)
    {
        var s = c.S;
        var pts = c.M.Bands!;
        for (int u = 0; u < c.N; u++)
        {
            if (!s.Usable[u]) continue;
            decimal xd = s.X[u];
            if (xd <= pts[0].X || xd >= pts[^1].X)
            {
                c.Scores[u] = Cents.FromRounded(Methods.Clean(xd <= pts[0].X ? pts[0].Score : pts[^1].Score));
                continue;
            }
            int i = 1;
            while (xd > pts[i].X) i++;
            double x = s.Xd[u], x0 = (double)pts[i - 1].X, x1 = (double)pts[i].X;
            double s0 = (double)pts[i - 1].Score, s1 = (double)pts[i].Score;
            double v = s0 + (x - x0) * (s1 - s0) / (x1 - x0);
            double width = Math.Abs(x1 - x0);
            double err = (Math.Abs(s1 - s0) * ((s.Xe[u] + (Math.Abs(x) + Math.Abs(x0)) * 4 * Eps) / width + Math.Abs(x - x0) / width * (Math.Abs(x1) + Math.Abs(x0)) * 4 * Eps / width)
                + (Math.Abs(s0) + Math.Abs(s1) + Math.Abs(v)) * 8 * Eps) * 4;
            c.Publish(u, v, err);
        }
    }

    /// <summary>汇总折算: w × composite / 100.</summary>
    private static void FastRollup(FastColumn c)
    {
        var s = c.S;
        for (int u = 0; u < c.N; u++)
        {
            if (!s.Usable[u]) continue;
            double v = c.W * s.Xd[u] / 100.0;
            double err = (c.W * s.Xe[u] / 100.0 + Math.Abs(v) * 8 * Eps) * 4;
            c.Publish(u, v, err);
        }
    }

    /// <summary>评议: a handful of grades, each grade's figure computed once.</summary>
    private static void GradeColumn(FastColumn c)
    {
        var byGrade = new Dictionary<string, long>(StringComparer.Ordinal);
        for (int u = 0; u < c.N; u++)
        {
            if (!c.S.Usable[u]) continue;
            var text = ((TextDatum)c.Data[u]!).Text;
            if (!byGrade.TryGetValue(text, out var sc)) byGrade[text] = sc = Cents.FromRounded(Methods.Clean(c.Ind.Weight * c.M.Grades![text]));
            c.Scores[u] = sc;
        }
    }

    /// <summary>对照赋分: the listed score of the key, or rest.</summary>
    private static void TableColumn(FastColumn c)
    {
        var m = c.M;
        var numeric = m.NumericTable;
        for (int u = 0; u < c.N; u++)
        {
            if (!c.S.Usable[u]) continue;
            decimal sc = c.Data[u] is TextDatum t
                ? (m.Table!.TryGetValue(t.Text, out var ts) ? ts : m.Rest)
                : (numeric.TryGetValue(c.S.X[u], out var ns) ? ns : m.Rest);
            c.Scores[u] = Cents.FromRounded(Methods.Clean(sc));
        }
    }

    /// <summary>Whole cents of a parameter when it has at most 2 decimals; null when it has more.</summary>
    private static long? CentsOf(decimal d) => d.Scale <= 2 || Numbers.Round2(d) == d ? Cents.FromRounded(Numbers.Round2(d)) : null;

    /// <summary>加分 for the column: in cents when the levels allow it, else the decimal formula.</summary>
    public static void ScoreBonus(Indicator ind, Datum?[] data, long[] scores, CellSource[] sources)
    {
        var m = ind.Method;
        Dictionary<string, long>? levels = null;
        long? cap = CentsOf(ind.Weight);
        if (m.Type == MethodType.Levels && cap is not null)
        {
            levels = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var (k, v) in m.Levels!)
            {
                if (CentsOf(v) is not { } c)
                {
                    levels = null;
                    break;
                }
                levels[k] = c;
            }
        }
        for (int u = 0; u < data.Length; u++)
        {
            var d = data[u];
            sources[u] = d is null ? CellSource.MissingZero : CellSource.Datum;
            if (levels is not null && d is AwardsDatum awards)
            {
                // 同一事项按最高级别计一次: one item counts once, at its highest level.
                var list = awards.Awards;
                long sum = 0;
                for (int i = 0; i < list.Count; i++)
                {
                    bool seenBefore = false;
                    for (int k = 0; k < i && !seenBefore; k++) seenBefore = list[k].Item == list[i].Item;
                    if (seenBefore) continue;
                    long best = 0;
                    for (int k = i; k < list.Count; k++)
                    {
                        if (list[k].Item == list[i].Item) best = Math.Max(best, levels[list[k].Level]);
                    }
                    sum += best;
                }
                scores[u] = Math.Min(cap!.Value, sum);
            }
            else scores[u] = Cents.FromRounded(Methods.Bonus(ind, d));
        }
    }

    /// <summary>扣分 for the column, with and without exemptions: in cents for units without exemptions, else the decimal formula.</summary>
    public static void ScorePenalty(Indicator ind, Datum?[] data, long[] scores, long[] unexempted, CellSource[] sources, Func<int, Methods.PenaltyExemptions?> exemptions)
    {
        var m = ind.Method;
        long? cap = CentsOf(ind.Weight);
        long? flat = m.PerEvent is { } pe ? CentsOf(pe) : null;
        Dictionary<string, long>? byType = null;
        if (m.PerEventByType is not null)
        {
            byType = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var (k, v) in m.PerEventByType)
            {
                if (CentsOf(v) is not { } c)
                {
                    byType = null;
                    break;
                }
                byType[k] = c;
            }
        }
        bool fast = cap is not null && (flat is not null || byType is not null);
        for (int u = 0; u < data.Length; u++)
        {
            var d = data[u];
            sources[u] = d is null ? CellSource.MissingZero : CellSource.Datum;
            var ex = exemptions(u);
            if (!fast || ex is not null || d is null)
            {
                var (with, without) = Methods.Penalty(ind, d, ex);
                scores[u] = Cents.FromRounded(with);
                unexempted[u] = Cents.FromRounded(without);
                continue;
            }
            long sum = 0, count = 0;
            switch (d)
            {
                case NumberDatum nd:
                    count = (long)nd.Value;
                    sum = count * flat!.Value;
                    break;
                case CountsDatum cd:
                    for (int i = 0; i < cd.Counts.Count; i++)
                    {
                        long c = (long)cd.Counts[i].Value;
                        sum += c * (byType is null ? flat!.Value : byType[cd.Counts[i].Key]);
                        count += c;
                    }
                    break;
                case EventsDatum ed:
                    for (int i = 0; i < ed.Events.Count; i++) sum += byType is null ? flat!.Value : byType[ed.Events[i].Type!];
                    count = ed.Events.Count;
                    break;
            }
            long deduction = m.ZeroAt is { } z && count >= z ? cap!.Value : Math.Min(cap!.Value, sum);
            scores[u] = unexempted[u] = deduction;
        }
    }
}
