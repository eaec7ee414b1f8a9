using Pacesetter.Scoring.Schemes;

namespace Pacesetter.Scoring.Engine;

/// <summary>A scored scheme: per category its ranked results and flag.</summary>
public sealed class SchemeResult
{
    public required Scheme Scheme { get; init; }
    public required IReadOnlyList<CategoryResult> Categories { get; init; }

    public (CategoryResult Category, UnitResult Unit)? Find(string unitId)
    {
        foreach (var c in Categories)
        {
            foreach (var u in c.Results)
            {
                if (u.Unit == unitId) return (c, u);
            }
        }
        return null;
    }
}

public sealed class CategoryResult
{
    public required Category Category { get; init; }
    /// <summary>Listed by rank, then unit id.</summary>
    public required IReadOnlyList<UnitResult> Results { get; init; }
    public required FlagResult Flag { get; init; }
    /// <summary>Per indicator (in the category's order) the observed figures its method used.</summary>
    public required IReadOnlyList<IndicatorStats> Stats { get; init; }
}

/// <summary>流动红旗 this period: who holds it, who held it before, and the rank-1 candidates.</summary>
public sealed record FlagResult(string? Holder, string? Previous, bool Moved, IReadOnlyList<string> Candidates);

public enum CellSource : byte
{
    /// <summary>Scored from the unit's datum.</summary>
    Datum,
    /// <summary>No usable datum: 0 points.</summary>
    MissingZero,
    /// <summary>No usable datum: the category's average score.</summary>
    MissingAverage,
    /// <summary>No usable datum: dropped, the base rescaled.</summary>
    Excluded,
}

/// <summary>One unit's figure for one indicator.</summary>
/// <param name="MethodRank">位次 among the category for the rank method; 0 otherwise.</param>
public readonly record struct CellResult(decimal? Score, decimal? Measure, string? TextMeasure, CellSource Source, decimal Unexempted, int MethodRank = 0)
{
    public bool HasMeasure => Measure is not null || TextMeasure is not null;
}

/// <summary>The points an exemption gave back on a penalty indicator.</summary>
public sealed record ExemptionResult(string Ref, decimal Restored);

/// <summary>A veto or blockTop of the unit, and whether an exemption cancelled it.</summary>
public sealed record AdjustmentEffect(Adjustment Adjustment, Adjustment? CancelledBy);

public sealed class UnitResult
{
    public required string Unit { get; init; }
    public required string Name { get; init; }
    public required int Rank { get; init; }
    public required decimal Composite { get; init; }
    public required decimal Base { get; init; }
    public required decimal Bonus { get; init; }
    public required decimal Penalty { get; init; }
    public string? Grade { get; init; }
    /// <summary>pacesetter 标兵, winner 优胜, yellow 黄牌, or null.</summary>
    public string? Label { get; init; }
    public bool Vetoed { get; init; }
    public bool BlockTop { get; init; }
    /// <summary>W_all / W_kept when an indicator was excluded for the unit; null otherwise.</summary>
    public decimal? BaseFactor { get; init; }
    /// <summary>Σ of the kept base scores before rescaling, when an indicator was excluded.</summary>
    public decimal? BaseBeforeRescale { get; init; }
    /// <summary>Per indicator, in the category's order.</summary>
    public required IReadOnlyList<CellResult> Cells { get; init; }
    public required IReadOnlyList<ExemptionResult> Exemptions { get; init; }
    public required IReadOnlyList<AdjustmentEffect> Adjustments { get; init; }
}

/// <summary>What a method observed over the category (功效系数 bounds, 折合分 leader, averages, ranks).</summary>
public sealed class IndicatorStats
{
    public decimal? Good { get; set; }
    public decimal? Bad { get; set; }
    public decimal? Leader { get; set; }
    /// <summary>Observed mean of the measure (达标扣分 "average" baseline).</summary>
    public decimal? MeanMeasure { get; set; }
    /// <summary>Rounded mean score given to units without a datum (missing: average).</summary>
    public decimal? MissingAverage { get; set; }
    public int Usable { get; set; }
    /// <summary>位次 per unit (category unit order) for the rank method; 0 when the unit had no datum.</summary>
    public int[]? Ranks { get; set; }
}
