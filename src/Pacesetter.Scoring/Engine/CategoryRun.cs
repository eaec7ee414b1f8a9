using Pacesetter.Scoring.Schemes;

namespace Pacesetter.Scoring.Engine;

/// <summary>
/// Scores one category: one column of figures per indicator, then composites, ranks, grades, labels and flag.
/// Columns can be recomputed one at a time, which is what makes what-if questions cheap.
/// </summary>
internal sealed class CategoryRun
{
    private readonly Scheme scheme;
    private readonly Category category;
    private readonly int n;
    private readonly int m;
    private readonly bool exact;
    /// <summary>The scheme's own columns, shared until a what-if changes one (then that column is copied).</summary>
    private readonly Datum?[][] data;
    private readonly bool[] ownsColumn;
    private ColumnScratch? scratch;
    /// <summary>Published figures in cents.</summary>
    private readonly long[][] scores;
    private readonly CellSource[][] sources;
    private readonly long[]?[] unexempted;
    private readonly IndicatorStats[] stats;
    private readonly UnitAdjustments[] adjustments;
    private readonly decimal baseWeight;

    /// <summary>A unit's vetoes, blockTops and exemptions.</summary>
    private sealed class UnitAdjustments
    {
        public List<AdjustmentEffect> Effects { get; } = [];
        public bool Vetoed { get; set; }
        public bool BlockTop { get; set; }
        public Dictionary<string, Methods.PenaltyExemptions>? Penalties { get; set; }
    }

    /// <param name="exact">score every base figure with the decimal formulas alone (the reference the fast path is tested against).</param>
    public CategoryRun(Scheme scheme, Category category, bool exact = false)
    {
        this.exact = exact;
        this.scheme = scheme;
        this.category = category;
        n = category.Units.Count;
        m = category.Indicators.Count;
        // A copy of the outer array only: SetDatum swaps in a private copy of one column, never the scheme's.
        data = (Datum?[][])scheme.Columns[category.Id].Clone();
        ownsColumn = new bool[m];
        scores = new long[m][];
        sources = new CellSource[m][];
        unexempted = new long[]?[m];
        stats = new IndicatorStats[m];
        for (int j = 0; j < m; j++)
        {
            scores[j] = new long[n];
            sources[j] = new CellSource[n];
            if (category.Indicators[j].Kind == IndicatorKind.Penalty) unexempted[j] = new long[n];
            stats[j] = new IndicatorStats();
            if (category.Indicators[j].Kind == IndicatorKind.Base) baseWeight += category.Indicators[j].Weight;
        }
        adjustments = BuildAdjustments();
    }

    public Category Category => category;
    public int UnitCount => n;

    public int UnitIndex(string unit)
    {
        for (int u = 0; u < n; u++) if (category.Units[u] == unit) return u;
        return -1;
    }

    public Datum? GetDatum(int indicator, int unit) => data[indicator][unit];

    public void SetDatum(int indicator, int unit, Datum? datum)
    {
        if (!ownsColumn[indicator])
        {
            data[indicator] = (Datum?[])data[indicator].Clone();
            ownsColumn[indicator] = true;
        }
        data[indicator][unit] = datum;
    }

    private UnitAdjustments[] BuildAdjustments()
    {
        var result = new UnitAdjustments[n];
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int u = 0; u < n; u++)
        {
            result[u] = new UnitAdjustments();
            index[category.Units[u]] = u;
        }
        var list = scheme.Adjustments;
        var cancelledBy = new Dictionary<int, Adjustment>();
        foreach (var a in list)
        {
            if (a.Type == AdjustmentType.Exemption && a.Target == ExemptionTarget.Adjustment) cancelledBy[a.TargetAdjustment] = a;
        }
        for (int i = 0; i < list.Count; i++)
        {
            var a = list[i];
            if (!index.TryGetValue(a.Unit, out var u)) continue;
            var ua = result[u];
            switch (a.Type)
            {
                case AdjustmentType.Veto or AdjustmentType.BlockTop:
                    {
                        var by = cancelledBy.GetValueOrDefault(i);
                        ua.Effects.Add(new AdjustmentEffect(a, by));
                        if (by is not null) break;
                        if (a.Type == AdjustmentType.Veto) ua.Vetoed = true;
                        else ua.BlockTop = true;
                        break;
                    }
                case AdjustmentType.Exemption when a.Target is ExemptionTarget.Indicator or ExemptionTarget.Event:
                    {
                        ua.Penalties ??= new(StringComparer.Ordinal);
                        if (!ua.Penalties.TryGetValue(a.TargetIndicator!, out var pe)) ua.Penalties[a.TargetIndicator!] = pe = new Methods.PenaltyExemptions();
                        if (a.Target == ExemptionTarget.Indicator) pe.IndicatorFactor = a.Factor;
                        else pe.EventFactors[a.TargetEvent!] = a.Factor;
                        break;
                    }
            }
        }
        return result;
    }

    public void ComputeAll()
    {
        for (int j = 0; j < m; j++) ComputeColumn(j);
    }

    public void ComputeColumn(int j)
    {
        var ind = category.Indicators[j];
        switch (ind.Kind)
        {
            case IndicatorKind.Base:
                ColumnScorer.ScoreBase(ind, data[j], scores[j], sources[j], stats[j], exact, scratch ??= new ColumnScratch(n));
                break;
            case IndicatorKind.Bonus:
                ColumnScorer.ScoreBonus(ind, data[j], scores[j], sources[j]);
                break;
            default:
                ColumnScorer.ScorePenalty(ind, data[j], scores[j], unexempted[j]!, sources[j], u => adjustments[u].Penalties?.GetValueOrDefault(ind.Id));
                break;
        }
    }

    /// <summary>Per unit, in cents: base, bonus, penalty, composite (§2), and the rescaling of §3 when an indicator was excluded.</summary>
    private sealed class Totals(int n)
    {
        public readonly long[] Base = new long[n];
        public readonly long[] Bonus = new long[n];
        public readonly long[] Penalty = new long[n];
        public readonly long[] Composite = new long[n];
        public readonly decimal?[] Factor = new decimal?[n];
        public readonly long?[] Before = new long?[n];
    }

    /// <summary>Sums column by column (the columns are contiguous; a unit's row is not).</summary>
    private Totals ComputeTotals()
    {
        var t = new Totals(n);
        // Weights kept per unit are only needed when some unit had an indicator excluded.
        decimal[]? kept = null;
        for (int j = 0; j < m && kept is null; j++)
        {
            if (category.Indicators[j].Kind == IndicatorKind.Base && category.Indicators[j].Missing == MissingPolicy.Exclude && Array.IndexOf(sources[j], CellSource.Excluded) >= 0) kept = new decimal[n];
        }
        for (int j = 0; j < m; j++)
        {
            var ind = category.Indicators[j];
            var col = scores[j];
            switch (ind.Kind)
            {
                case IndicatorKind.Base:
                    {
                        var src = sources[j];
                        var b = t.Base;
                        for (int u = 0; u < n; u++)
                        {
                            if (src[u] == CellSource.Excluded) continue;
                            b[u] += col[u];
                            if (kept is not null) kept[u] += ind.Weight;
                        }
                        break;
                    }
                case IndicatorKind.Bonus:
                    for (int u = 0; u < n; u++) t.Bonus[u] += col[u];
                    break;
                default:
                    for (int u = 0; u < n; u++) t.Penalty[u] += col[u];
                    break;
            }
        }
        for (int u = 0; u < n; u++)
        {
            if (kept is not null && kept[u] != baseWeight)
            {
                t.Before[u] = t.Base[u];
                if (kept[u] == 0) t.Base[u] = 0;
                else
                {
                    t.Factor[u] = baseWeight / kept[u];
                    t.Base[u] = Cents.FromRounded(Numbers.Round2(Cents.ToDecimal(t.Base[u]) * baseWeight / kept[u]));
                }
            }
            t.Composite[u] = Math.Max(0, t.Base[u] + t.Bonus[u] - t.Penalty[u]);
        }
        return t;
    }

    /// <summary>Ranking order (§5): vetoed last, composite descending, tie-break scores descending.</summary>
    private int Compare(int a, int b, long[] composite)
    {
        bool va = adjustments[a].Vetoed, vb = adjustments[b].Vetoed;
        if (va != vb) return va ? 1 : -1;
        int c = composite[b].CompareTo(composite[a]);
        if (c != 0) return c;
        foreach (var j in category.TieBreak)
        {
            // An excluded score sorts below any number.
            bool xa = sources[j][a] == CellSource.Excluded, xb = sources[j][b] == CellSource.Excluded;
            if (xa != xb) return xa ? 1 : -1;
            if (xa) continue;
            int c2 = scores[j][b].CompareTo(scores[j][a]);
            if (c2 != 0) return c2;
        }
        return 0;
    }

    private (int[] Order, int[] Ranks, long[] Composite) RankAll(long[] composite)
    {
        var order = new int[n];
        for (int u = 0; u < n; u++) order[u] = u;
        Array.Sort(order, (a, b) =>
        {
            int c = Compare(a, b, composite);
            return c != 0 ? c : string.CompareOrdinal(category.Units[a], category.Units[b]);
        });
        var ranks = new int[n];
        for (int i = 0; i < n; i++)
        {
            ranks[order[i]] = i > 0 && Compare(order[i - 1], order[i], composite) == 0 ? ranks[order[i - 1]] : i + 1;
        }
        return (order, ranks, composite);
    }

    /// <summary>The rank and composite unit u would have with the current columns (one pass over the totals).</summary>
    public (int Rank, decimal Composite) Standing(int unit)
    {
        var composite = ComputeTotals().Composite;
        int rank = 1;
        for (int u = 0; u < n; u++)
        {
            if (u != unit && Compare(u, unit, composite) < 0) rank++;
        }
        return (rank, Cents.ToDecimal(composite[unit]));
    }

    public CategoryResult Compose()
    {
        var totals = ComputeTotals();
        var (order, ranks, composite) = RankAll(totals.Composite);
        var columns = new Columns(category, data, scores, sources, unexempted, stats);
        var grades = AssignGrades(order, ranks, composite);
        var labels = AssignLabels(ranks, composite);
        var flag = AwardFlag(ranks, composite);
        var results = new UnitResult[n];
        for (int i = 0; i < n; i++)
        {
            int u = order[i];
            List<ExemptionResult>? exemptions = null;
            if (adjustments[u].Penalties is { } penalties)
            {
                for (int j = 0; j < m; j++)
                {
                    var ind = category.Indicators[j];
                    if (ind.Kind == IndicatorKind.Penalty && penalties.ContainsKey(ind.Id))
                    {
                        (exemptions ??= []).Add(new ExemptionResult(ind.Id, Cents.ToDecimal(unexempted[j]![u] - scores[j][u])));
                    }
                }
            }
            results[i] = new UnitResult
            {
                Unit = category.Units[u],
                Name = scheme.UnitName(category.Units[u]),
                Rank = ranks[u],
                Composite = Cents.ToDecimal(totals.Composite[u]),
                Base = Cents.ToDecimal(totals.Base[u]),
                Bonus = Cents.ToDecimal(totals.Bonus[u]),
                Penalty = Cents.ToDecimal(totals.Penalty[u]),
                Grade = grades[u],
                Label = labels[u],
                Vetoed = adjustments[u].Vetoed,
                BlockTop = adjustments[u].BlockTop,
                BaseFactor = totals.Factor[u],
                BaseBeforeRescale = totals.Before[u] is { } before ? Cents.ToDecimal(before) : null,
                Cells = new UnitCells(columns, u),
                Exemptions = exemptions ?? (IReadOnlyList<ExemptionResult>)[],
                Adjustments = adjustments[u].Effects,
            };
        }
        return new CategoryResult
        {
            Category = category,
            Results = results,
            Flag = flag,
            Stats = stats,
        };
    }

    /// <summary>The computed columns, frozen once composed: results read their cells from here rather than copying them.</summary>
    private sealed record Columns(Category Category, Datum?[][] Data, long[][] Scores, CellSource[][] Sources, long[]?[] Unexempted, IndicatorStats[] Stats);

    /// <summary>One unit's cells, read from the frozen columns; the measure is derived from the datum when asked for.</summary>
    private sealed class UnitCells(Columns c, int u) : IReadOnlyList<CellResult>
    {
        public CellResult this[int j]
        {
            get
            {
                var source = c.Sources[j][u];
                var ind = c.Category.Indicators[j];
                decimal? measure = null;
                string? text = null;
                if (source == CellSource.Datum && ind.Kind == IndicatorKind.Base)
                {
                    if (c.Data[j][u] is TextDatum t) text = t.Text;
                    else if (Methods.TryMeasure(ind, c.Data[j][u], out var x)) measure = x;
                }
                decimal? score = source == CellSource.Excluded ? null : Cents.ToDecimal(c.Scores[j][u]);
                return new(score, measure, text, source, c.Unexempted[j] is { } ux ? Cents.ToDecimal(ux[u]) : 0m, c.Stats[j].Ranks?[u] ?? 0);
            }
        }

        public int Count => c.Scores.Length;

        public IEnumerator<CellResult> GetEnumerator()
        {
            for (int j = 0; j < Count; j++) yield return this[j];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>
    /// Grades with quotas (§5): tied units are assigned together, or not at all; a grade whose remaining quota a tied
    /// group did not fit is closed for every unit ranked lower (its quota never passes below that group).
    /// </summary>
    private string?[] AssignGrades(int[] order, int[] ranks, long[] composite)
    {
        var result = new string?[n];
        var rules = category.Grades;
        if (rules.Count == 0) return result;
        var lowest = rules[^1].Name;
        var remaining = new int?[rules.Count];
        for (int g = 0; g < rules.Count; g++) remaining[g] = rules[g].QuotaFor(n);
        int i = 0;
        while (i < n)
        {
            int end = i;
            while (end + 1 < n && ranks[order[end + 1]] == ranks[order[i]]) end++;
            var group = new List<int>();
            for (int k = i; k <= end; k++)
            {
                int u = order[k];
                // A vetoed unit gets the lowest grade and uses no quota.
                if (adjustments[u].Vetoed) result[u] = lowest;
                else group.Add(u);
            }
            for (int g = 0; g < rules.Count && group.Count > 0; g++)
            {
                var reach = group.Where(u => Cents.ToDecimal(composite[u]) >= rules[g].Min && !(g == 0 && adjustments[u].BlockTop)).ToList();
                if (reach.Count == 0) continue;
                if (remaining[g] is { } left && left < reach.Count)
                {
                    remaining[g] = 0;
                    continue;
                }
                foreach (var u in reach) result[u] = rules[g].Name;
                if (remaining[g] is not null) remaining[g] -= reach.Count;
                group.RemoveAll(reach.Contains);
            }
            foreach (var u in group) result[u] = lowest;
            i = end + 1;
        }
        return result;
    }

    private string?[] AssignLabels(int[] ranks, long[] composite)
    {
        var result = new string?[n];
        var labels = category.Labels;
        // worseThan[r]: how many units rank strictly worse than rank r.
        var worseThan = new int[n + 2];
        foreach (var r in ranks) worseThan[r]++;
        for (int r = n, below = 0; r >= 1; r--)
        {
            int here = worseThan[r];
            worseThan[r] = below;
            below += here;
        }
        for (int u = 0; u < n; u++)
        {
            var ua = adjustments[u];
            if (labels.Pacesetter is { } p && ranks[u] <= p.Top && Cents.ToDecimal(composite[u]) >= (p.Min ?? decimal.MinValue) && !ua.Vetoed && !ua.BlockTop)
            {
                result[u] = "pacesetter";
            }
            else if (labels.Winner is { } w && ranks[u] <= w.Top && Cents.ToDecimal(composite[u]) >= (w.Min ?? decimal.MinValue) && !ua.Vetoed)
            {
                result[u] = "winner";
            }
            else if (ua.Vetoed)
            {
                // §6: a veto carries the yellow card whether or not the category sets a yellow rule.
                result[u] = "yellow";
            }
            else if (labels.Yellow is { } y)
            {
                int worse = worseThan[ranks[u]];
                if ((y.Below is { } below && Cents.ToDecimal(composite[u]) < below) || (y.Bottom is { } bottom && worse < bottom))
                {
                    result[u] = "yellow";
                }
            }
        }
        return result;
    }

    private FlagResult AwardFlag(int[] ranks, long[] composite)
    {
        var previous = scheme.PreviousFlags.GetValueOrDefault(category.Id);
        if (category.Flag is not { } rule) return new FlagResult(null, previous, previous is not null, []);
        var candidates = new List<string>();
        for (int u = 0; u < n; u++)
        {
            var ua = adjustments[u];
            if (ranks[u] == 1 && Cents.ToDecimal(composite[u]) >= (rule.Min ?? decimal.MinValue) && !ua.Vetoed && !ua.BlockTop) candidates.Add(category.Units[u]);
        }
        candidates.Sort(string.CompareOrdinal);
        string? holder = candidates.Count switch
        {
            0 => null,
            1 => candidates[0],
            // Several rank-1 candidates: the previous holder keeps it if among them, else nobody holds it.
            _ => previous is not null && candidates.Contains(previous) ? previous : null,
        };
        return new FlagResult(holder, previous, holder != previous, candidates);
    }
}
