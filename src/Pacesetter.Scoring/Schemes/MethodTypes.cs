namespace Pacesetter.Scoring.Schemes;

/// <summary>
/// The names of <c>method.type</c> in a scheme file (scoring.md §3–§4, §9 roll-up), by indicator kind: the one list
/// the reader checks against and the editor offers.
/// </summary>
public static class MethodTypes
{
    /// <summary>目标完成率</summary>
    public const string Completion = "completion";
    /// <summary>功效系数</summary>
    public const string Efficacy = "efficacy";
    /// <summary>位次赋分</summary>
    public const string Rank = "rank";
    /// <summary>折合分</summary>
    public const string LeaderRatio = "leaderRatio";
    /// <summary>达标扣分</summary>
    public const string Baseline = "baseline";
    /// <summary>分档插值</summary>
    public const string Bands = "bands";
    /// <summary>对照赋分</summary>
    public const string Table = "table";
    /// <summary>评议</summary>
    public const string Grade = "grade";
    /// <summary>直接打分</summary>
    public const string Manual = "manual";
    /// <summary>汇总折算 (§9 roll-up)</summary>
    public const string Rollup = "rollup";
    /// <summary>加分 by award level</summary>
    public const string Levels = "levels";
    /// <summary>加分 as points</summary>
    public const string Points = "points";
    /// <summary>扣分 by events</summary>
    public const string Events = "events";

    /// <summary>The methods of a base indicator.</summary>
    public static IReadOnlyList<string> Base { get; } = [Completion, Efficacy, Rank, LeaderRatio, Baseline, Bands, Table, Grade, Manual, Rollup];

    /// <summary>The methods of a bonus indicator.</summary>
    public static IReadOnlyList<string> Bonus { get; } = [Levels, Points];

    /// <summary>The methods of a penalty indicator.</summary>
    public static IReadOnlyList<string> Penalty { get; } = [Events];

    /// <summary>Every method, base ones first.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Base, .. Bonus, .. Penalty];

    /// <summary>The methods an indicator of <paramref name="kind"/> may use.</summary>
    public static IReadOnlyList<string> For(IndicatorKind kind) => kind switch
    {
        IndicatorKind.Bonus => Bonus,
        IndicatorKind.Penalty => Penalty,
        _ => Base,
    };

    /// <summary>The kind named in a scheme file (<c>base</c>, <c>bonus</c>, <c>penalty</c>).</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["base", "bonus", "penalty"];
}
