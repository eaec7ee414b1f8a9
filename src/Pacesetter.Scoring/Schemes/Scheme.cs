namespace Pacesetter.Scoring.Schemes;

/// <summary>考核方案 assessment scheme for one period, with its data and adjustments (scoring.md §7).</summary>
public sealed class Scheme
{
    public required string Name { get; init; }
    public required string Period { get; init; }
    /// <summary>主责主业 minimum share of base weight, percent; null when the scheme sets none.</summary>
    public decimal? CoreShareMin { get; init; }
    /// <summary>被考核单位 unit id → name, in file order.</summary>
    public required IReadOnlyList<UnitInfo> Units { get; init; }
    public required IReadOnlyList<Category> Categories { get; init; }
    private IReadOnlyDictionary<string, Dictionary<string, Datum>>? data;
    private Dictionary<string, Datum?[][]>? columns;

    /// <summary>unit id → indicator id → datum.</summary>
    public IReadOnlyDictionary<string, Dictionary<string, Datum>> Data
    {
        get => data ??= BuildData();
        init => data = value;
    }

    /// <summary>
    /// category id → per indicator, the datum of each of the category's units (column-major, in the category's orders):
    /// what the engine reads. The reader fills it directly; a scheme built from <see cref="Data"/> derives it.
    /// </summary>
    internal Dictionary<string, Datum?[][]> Columns
    {
        get => columns ??= BuildColumns();
        init => columns = value;
    }

    /// <summary>How many data values the scheme holds.</summary>
    public int DataCount()
    {
        if (columns is null) return Data.Values.Sum(d => d.Count);
        int count = 0;
        foreach (var cols in columns.Values)
        {
            foreach (var col in cols)
            {
                foreach (var d in col) if (d is not null) count++;
            }
        }
        return count;
    }

    private Dictionary<string, Dictionary<string, Datum>> BuildData()
    {
        var result = new Dictionary<string, Dictionary<string, Datum>>(StringComparer.Ordinal);
        foreach (var c in Categories)
        {
            if (columns is null || !columns.TryGetValue(c.Id, out var cols)) continue;
            for (int u = 0; u < c.Units.Count; u++)
            {
                Dictionary<string, Datum>? d = null;
                for (int j = 0; j < cols.Length; j++)
                {
                    if (cols[j][u] is { } datum) (d ??= new(StringComparer.Ordinal))[c.Indicators[j].Id] = datum;
                }
                if (d is not null) result[c.Units[u]] = d;
            }
        }
        return result;
    }

    private Dictionary<string, Datum?[][]> BuildColumns()
    {
        var result = new Dictionary<string, Datum?[][]>(StringComparer.Ordinal);
        var source = data ?? new Dictionary<string, Dictionary<string, Datum>>();
        foreach (var c in Categories)
        {
            result[c.Id] = NewColumns(c);
            var cols = result[c.Id];
            for (int u = 0; u < c.Units.Count; u++)
            {
                if (!source.TryGetValue(c.Units[u], out var d)) continue;
                foreach (var (id, datum) in d)
                {
                    int j = c.IndicatorIndex(id);
                    if (j >= 0) cols[j][u] = datum;
                }
            }
        }
        return result;
    }

    internal static Datum?[][] NewColumns(Category c)
    {
        var cols = new Datum?[c.Indicators.Count][];
        for (int j = 0; j < cols.Length; j++) cols[j] = new Datum?[c.Units.Count];
        return cols;
    }

    public required IReadOnlyList<Adjustment> Adjustments { get; init; }
    /// <summary>category id → unit that held the flag last period.</summary>
    public required IReadOnlyDictionary<string, string> PreviousFlags { get; init; }

    private Dictionary<string, string>? names;

    public string UnitName(string unitId)
    {
        names ??= Units.ToDictionary(u => u.Id, u => u.Name, StringComparer.Ordinal);
        return names.GetValueOrDefault(unitId, unitId);
    }
}

/// <param name="Named">False for a unit a category lists but `$.units` does not name (its name is then its id).</param>
public sealed record UnitInfo(string Id, string Name, bool Named = true);

/// <summary>考核类别: units scored and ranked together with one indicator set (分类考核).</summary>
public sealed class Category
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required IReadOnlyList<string> Units { get; init; }
    public required IReadOnlyList<Indicator> Indicators { get; init; }
    /// <summary>Indexes into <see cref="Indicators"/>.</summary>
    public IReadOnlyList<int> TieBreak { get; init; } = [];
    /// <summary>High to low; empty when the category has no grades.</summary>
    public IReadOnlyList<GradeRule> Grades { get; init; } = [];
    public Labels Labels { get; init; } = new();
    public FlagRule? Flag { get; init; }

    private Dictionary<string, int>? indicatorIndex;

    public int IndicatorIndex(string id)
    {
        if (indicatorIndex is null)
        {
            var map = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < Indicators.Count; i++) map.TryAdd(Indicators[i].Id, i);
            indicatorIndex = map;
        }
        return indicatorIndex.GetValueOrDefault(id, -1);
    }
}

public enum IndicatorKind
{
    Base,
    /// <summary>加分, capped at the weight.</summary>
    Bonus,
    /// <summary>扣分, capped at the weight.</summary>
    Penalty,
}

public enum Direction
{
    Higher,
    Lower,
}

public enum MeasureKind
{
    Value,
    /// <summary>增幅: (value − previous)/|previous| × 100.</summary>
    Growth,
}

public enum MissingPolicy
{
    Zero,
    Average,
    Exclude,
}

/// <summary>指标 indicator.</summary>
public sealed class Indicator
{
    public required string Id
    {
        get => id;
        init
        {
            id = value;
            Utf8Id = System.Text.Encoding.UTF8.GetBytes(value);
        }
    }

    private readonly string id = "";

    /// <summary>The id in UTF-8, to match JSON property names without allocating them.</summary>
    internal byte[] Utf8Id { get; private init; } = [];

    public required string Name { get; init; }
    public IndicatorKind Kind { get; init; } = IndicatorKind.Base;
    public required decimal Weight { get; init; }
    /// <summary>主责主业 core duty.</summary>
    public bool Core { get; init; }
    public Direction Direction { get; init; } = Direction.Higher;
    public MeasureKind Measure { get; init; } = MeasureKind.Value;
    public MissingPolicy Missing { get; init; } = MissingPolicy.Zero;
    public required Method Method { get; init; }
    /// <summary>
    /// Where the datum comes from when the system enters it (<see cref="DataSources"/>: <c>cards</c>, <c>projects.*</c>),
    /// null for data entered by people. Scoring ignores it: the datum is whatever the file holds.
    /// </summary>
    public string? Source { get; init; }
}

public enum MethodType
{
    /// <summary>目标完成率</summary>
    Completion,
    /// <summary>功效系数</summary>
    Efficacy,
    /// <summary>位次赋分</summary>
    Rank,
    /// <summary>折合分</summary>
    LeaderRatio,
    /// <summary>达标扣分</summary>
    Baseline,
    /// <summary>分档插值</summary>
    Bands,
    /// <summary>对照赋分</summary>
    Table,
    /// <summary>评议</summary>
    Grade,
    /// <summary>直接打分</summary>
    Manual,
    /// <summary>汇总折算: weight% × a period composite (scoring.md §9 roll-up).</summary>
    Rollup,
    /// <summary>bonus: awards by level</summary>
    Levels,
    /// <summary>bonus: points</summary>
    Points,
    /// <summary>penalty: events</summary>
    Events,
}

/// <summary>A scoring method with its parameters; only those of its type are set.</summary>
public sealed class Method
{
    public required MethodType Type { get; init; }
    // completion
    public decimal Cap { get; init; } = 1m;
    public decimal Floor { get; init; }
    public decimal? Target { get; init; }
    // efficacy
    public decimal Base { get; init; } = 60m;
    public decimal Span { get; init; } = 40m;
    public decimal? Good { get; init; }
    public decimal? Bad { get; init; }
    // rank, table
    public IReadOnlyList<decimal>? RankPoints { get; init; }
    public decimal? Step { get; init; }
    public decimal Rest { get; init; }
    // baseline
    public decimal? BaselineValue { get; init; }
    public bool BaselineAverage { get; init; }
    public decimal Deduct { get; init; }
    public bool Relative { get; init; }
    public bool Whole { get; init; }
    public decimal BonusPer { get; init; }
    public decimal BonusCap { get; init; }
    // bands: (x, score), x strictly increasing
    public IReadOnlyList<(decimal X, decimal Score)>? Bands { get; init; }
    // table: shortest-form key → score
    public IReadOnlyDictionary<string, decimal>? Table { get; init; }
    private Dictionary<decimal, decimal>? numericTable;

    /// <summary>The table's numeric keys as numbers (decimal equality ignores trailing zeros: 2.50 = 2.5).</summary>
    internal Dictionary<decimal, decimal> NumericTable
    {
        get
        {
            if (numericTable is null)
            {
                var map = new Dictionary<decimal, decimal>();
                foreach (var (k, v) in Table ?? new Dictionary<string, decimal>())
                {
                    if (decimal.TryParse(k, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var key)) map.TryAdd(key, v);
                }
                numericTable = map;
            }
            return numericTable;
        }
    }

    // grade: grade name → factor
    public IReadOnlyDictionary<string, decimal>? Grades { get; init; }
    // levels: level → points
    public IReadOnlyDictionary<string, decimal>? Levels { get; init; }
    // events
    public decimal? PerEvent { get; init; }
    public IReadOnlyDictionary<string, decimal>? PerEventByType { get; init; }
    public int? ZeroAt { get; init; }

    /// <summary>
    /// The points of one event of <paramref name="type"/> (§4): the type's points when they differ by type, else the one
    /// <c>perEvent</c> number, whatever the type (a datum may name types even when they all cost the same).
    /// </summary>
    public decimal PointsOf(string? type) => PerEventByType is { } byType && type is not null ? byType[type] : PerEvent!.Value;
    // rollup
    /// <summary>汇总来源期: the shorter period (within the scheme's) whose published composites the roll-up takes (ADR 0025); null: the datum is entered.</summary>
    public string? Period { get; init; }
}

public sealed record GradeRule(string Name, decimal Min, int? Quota, decimal? QuotaShare)
{
    /// <summary>The quota for a category of <paramref name="unitCount"/> units; null is unlimited. With both set, the smaller holds.</summary>
    public int? QuotaFor(int unitCount)
    {
        int? share = QuotaShare is { } s ? (int)Math.Floor(s * unitCount) : null;
        if (Quota is { } q && share is { } sh) return Math.Min(q, sh);
        return Quota ?? share;
    }
}

public sealed record LabelRule(int Top, decimal? Min);

public sealed record YellowRule(int? Bottom, decimal? Below);

public sealed record Labels
{
    /// <summary>标兵</summary>
    public LabelRule? Pacesetter { get; init; }
    /// <summary>优胜</summary>
    public LabelRule? Winner { get; init; }
    /// <summary>黄牌</summary>
    public YellowRule? Yellow { get; init; }
}

/// <summary>流动红旗 rotating red flag rule.</summary>
public sealed record FlagRule(decimal? Min);

public enum AdjustmentType
{
    /// <summary>一票否决</summary>
    Veto,
    /// <summary>一票否优</summary>
    BlockTop,
    /// <summary>容错免责/减责</summary>
    Exemption,
}

public enum ExemptionTarget
{
    None,
    Adjustment,
    Indicator,
    Event,
}

/// <summary>An adjustment (scoring.md §6). For an exemption, the resolved reference.</summary>
public sealed class Adjustment
{
    public string? Id { get; init; }
    public required string Unit { get; init; }
    public required AdjustmentType Type { get; init; }
    public required string Reason { get; init; }
    public string? Ref { get; init; }
    /// <summary>What remains: 0 exempts fully, 0.5 halves.</summary>
    public decimal Factor { get; init; }
    public ExemptionTarget Target { get; init; }
    /// <summary>Index of the exempted adjustment in the scheme's list.</summary>
    public int TargetAdjustment { get; init; } = -1;
    public string? TargetIndicator { get; init; }
    public string? TargetEvent { get; init; }
}
