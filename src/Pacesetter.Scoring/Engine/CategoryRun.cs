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
    private readonly Datum?[][] data;
    private readonly decimal?[][] scores;
    private readonly decimal?[][] measures;
    private readonly string?[][] texts;
    private readonly CellSource[][] sources;
    private readonly decimal[][] unexempted;
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

    public CategoryRun(Scheme scheme, Category category)
    {
        this.scheme = scheme;
        this.category = category;
        n = category.Units.Count;
        m = category.Indicators.Count;
        data = new Datum?[m][];
        scores = new decimal?[m][];
        measures = new decimal?[m][];
        texts = new string?[m][];
        sources = new CellSource[m][];
        unexempted = new decimal[m][];
        stats = new IndicatorStats[m];
        for (int j = 0; j < m; j++)
        {
            data[j] = new Datum?[n];
            scores[j] = new decimal?[n];
            measures[j] = new decimal?[n];
            texts[j] = new string?[n];
            sources[j] = new CellSource[n];
            unexempted[j] = new decimal[n];
            stats[j] = new IndicatorStats();
            if (category.Indicators[j].Kind == IndicatorKind.Base) baseWeight += category.Indicators[j].Weight;
        }
        var rows = scheme.Rows;
        for (int u = 0; u < n; u++)
        {
            if (!rows.TryGetValue(category.Units[u], out var row)) continue;
            for (int j = 0; j < m; j++) data[j][u] = row[j];
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

    public void SetDatum(int indicator, int unit, Datum? datum) => data[indicator][unit] = datum;

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
                Methods.ScoreBase(ind, data[j], scores[j], measures[j], texts[j], sources[j], stats[j]);
                break;
            case IndicatorKind.Bonus:
                for (int u = 0; u < n; u++)
                {
                    scores[j][u] = Methods.Bonus(ind, data[j][u]);
                    sources[j][u] = data[j][u] is null ? CellSource.MissingZero : CellSource.Datum;
                }
                break;
            default:
                for (int u = 0; u < n; u++)
                {
                    var ex = adjustments[u].Penalties?.GetValueOrDefault(ind.Id);
                    var (with, without) = Methods.Penalty(ind, data[j][u], ex);
                    scores[j][u] = with;
                    unexempted[j][u] = without;
                    sources[j][u] = data[j][u] is null ? CellSource.MissingZero : CellSource.Datum;
                }
                break;
        }
    }

    /// <summary>Base, bonus, penalty and composite of unit u (§2, §3 exclude rescaling).</summary>
    private (decimal Base, decimal Bonus, decimal Penalty, decimal Composite, decimal? Factor, decimal? Before) Totals(int u)
    {
        decimal sum = 0, bonus = 0, penalty = 0, kept = 0;
        bool excluded = false;
        for (int j = 0; j < m; j++)
        {
            var ind = category.Indicators[j];
            var s = scores[j][u];
            switch (ind.Kind)
            {
                case IndicatorKind.Base:
                    if (s is null) excluded = true;
                    else
                    {
                        sum += s.Value;
                        kept += ind.Weight;
                    }
                    break;
                case IndicatorKind.Bonus:
                    bonus += s!.Value;
                    break;
                default:
                    penalty += s!.Value;
                    break;
            }
        }
        decimal b = sum;
        decimal? factor = null, before = null;
        if (excluded)
        {
            before = sum;
            if (kept == 0)
            {
                b = 0;
            }
            else
            {
                factor = baseWeight / kept;
                b = Numbers.Round2(sum * baseWeight / kept);
            }
        }
        return (b, bonus, penalty, Math.Max(0m, b + bonus - penalty), factor, before);
    }

    /// <summary>Ranking order (§5): vetoed last, composite descending, tie-break scores descending.</summary>
    private int Compare(int a, int b, decimal[] composite)
    {
        bool va = adjustments[a].Vetoed, vb = adjustments[b].Vetoed;
        if (va != vb) return va ? 1 : -1;
        int c = composite[b].CompareTo(composite[a]);
        if (c != 0) return c;
        foreach (var j in category.TieBreak)
        {
            // An excluded (null) score sorts below any number.
            var sa = scores[j][a];
            var sb = scores[j][b];
            if (sa == sb) continue;
            if (sa is null) return 1;
            if (sb is null) return -1;
            return sb.Value.CompareTo(sa.Value);
        }
        return 0;
    }

    private (int[] Order, int[] Ranks, decimal[] Composite) RankAll(decimal[] composite)
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

    /// <summary>The rank unit u would have with the current columns.</summary>
    public int RankOf(int unit)
    {
        var composite = new decimal[n];
        for (int u = 0; u < n; u++) composite[u] = Totals(u).Composite;
        int rank = 1;
        for (int u = 0; u < n; u++)
        {
            if (u != unit && Compare(u, unit, composite) < 0) rank++;
        }
        return rank;
    }

    public decimal CompositeOf(int unit) => Totals(unit).Composite;

    public CategoryResult Compose()
    {
        var totals = new (decimal Base, decimal Bonus, decimal Penalty, decimal Composite, decimal? Factor, decimal? Before)[n];
        var composites = new decimal[n];
        for (int u = 0; u < n; u++)
        {
            totals[u] = Totals(u);
            composites[u] = totals[u].Composite;
        }
        var (order, ranks, composite) = RankAll(composites);
        var columns = new Columns(scores, measures, texts, sources, unexempted, stats);
        var grades = AssignGrades(order, ranks, composite);
        var labels = AssignLabels(ranks, composite);
        var flag = AwardFlag(ranks, composite);
        var results = new UnitResult[n];
        for (int i = 0; i < n; i++)
        {
            int u = order[i];
            var t = totals[u];
            List<ExemptionResult>? exemptions = null;
            if (adjustments[u].Penalties is { } penalties)
            {
                for (int j = 0; j < m; j++)
                {
                    var ind = category.Indicators[j];
                    if (ind.Kind == IndicatorKind.Penalty && penalties.ContainsKey(ind.Id))
                    {
                        (exemptions ??= []).Add(new ExemptionResult(ind.Id, unexempted[j][u] - scores[j][u]!.Value));
                    }
                }
            }
            results[i] = new UnitResult
            {
                Unit = category.Units[u],
                Name = scheme.UnitName(category.Units[u]),
                Rank = ranks[u],
                Composite = t.Composite,
                Base = t.Base,
                Bonus = t.Bonus,
                Penalty = t.Penalty,
                Grade = grades[u],
                Label = labels[u],
                Vetoed = adjustments[u].Vetoed,
                BlockTop = adjustments[u].BlockTop,
                BaseFactor = t.Factor,
                BaseBeforeRescale = t.Before,
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
    private sealed record Columns(decimal?[][] Scores, decimal?[][] Measures, string?[][] Texts, CellSource[][] Sources, decimal[][] Unexempted, IndicatorStats[] Stats);

    /// <summary>One unit's cells, read from the frozen columns.</summary>
    private sealed class UnitCells(Columns c, int u) : IReadOnlyList<CellResult>
    {
        public CellResult this[int j] => new(c.Scores[j][u], c.Measures[j][u], c.Texts[j][u], c.Sources[j][u], c.Unexempted[j][u], c.Stats[j].Ranks?[u] ?? 0);

        public int Count => c.Scores.Length;

        public IEnumerator<CellResult> GetEnumerator()
        {
            for (int j = 0; j < Count; j++) yield return this[j];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>Grades with quotas (§5): tied units are assigned together, or not at all.</summary>
    private string?[] AssignGrades(int[] order, int[] ranks, decimal[] composite)
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
                var reach = group.Where(u => composite[u] >= rules[g].Min && !(g == 0 && adjustments[u].BlockTop)).ToList();
                if (reach.Count == 0) continue;
                if (remaining[g] is { } left && left < reach.Count) continue;
                foreach (var u in reach) result[u] = rules[g].Name;
                if (remaining[g] is not null) remaining[g] -= reach.Count;
                group.RemoveAll(reach.Contains);
            }
            foreach (var u in group) result[u] = lowest;
            i = end + 1;
        }
        return result;
    }

    private string?[] AssignLabels(int[] ranks, decimal[] composite)
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
            if (labels.Pacesetter is { } p && ranks[u] <= p.Top && composite[u] >= (p.Min ?? decimal.MinValue) && !ua.Vetoed && !ua.BlockTop)
            {
                result[u] = "pacesetter";
            }
            else if (labels.Winner is { } w && ranks[u] <= w.Top && composite[u] >= (w.Min ?? decimal.MinValue) && !ua.Vetoed)
            {
                result[u] = "winner";
            }
            else if (labels.Yellow is { } y)
            {
                int worse = worseThan[ranks[u]];
                if (ua.Vetoed || (y.Below is { } below && composite[u] < below) || (y.Bottom is { } bottom && worse < bottom))
                {
                    result[u] = "yellow";
                }
            }
        }
        return result;
    }

    private FlagResult AwardFlag(int[] ranks, decimal[] composite)
    {
        var previous = scheme.PreviousFlags.GetValueOrDefault(category.Id);
        if (category.Flag is not { } rule) return new FlagResult(null, previous, previous is not null, []);
        var candidates = new List<string>();
        for (int u = 0; u < n; u++)
        {
            var ua = adjustments[u];
            if (ranks[u] == 1 && composite[u] >= (rule.Min ?? decimal.MinValue) && !ua.Vetoed && !ua.BlockTop) candidates.Add(category.Units[u]);
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
