using Pacesetter.App.DataEntry;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Schemes;
using Pacesetter.Scoring.Text;

namespace Pacesetter.App.Exports;

/// <summary>
/// A scheme's rules in plain Chinese for the documents a unit takes home (目标责任书): how each indicator is scored
/// with its own parameters, its target, and the category's grades, labels and flag. The names of methods, kinds,
/// award levels, event types and labels are the glossary's (<see cref="Terms"/>); no key or JSON reaches the text.
/// </summary>
public static class ScoringWords
{
    private static readonly Terms T = Terms.Chinese;

    private static string N(decimal d) => Numbers.Show(d);

    private static string Percent(decimal factor) => N(factor * 100) + "%";

    /// <summary>How the indicator is scored, one paragraph: the method by name and its formula with the scheme's figures.</summary>
    public static string HowScored(Indicator ind)
    {
        var m = ind.Method;
        var w = N(ind.Weight);
        bool lower = ind.Direction == Direction.Lower;
        string body = m.Type switch
        {
            MethodType.Completion => Completion(m, ind.Weight, lower),
            MethodType.Efficacy => Efficacy(m, w, lower),
            MethodType.Rank => Rank(m, w, lower),
            MethodType.LeaderRatio => lower
                ? $"以本类别最低的正数实际值为标杆得满分 {w} 分，其余单位得分 = {w} × 标杆值 ÷ 本单位实际值；实际值不大于 0 的得满分"
                : $"以本类别最高实际值为标杆得满分 {w} 分，其余单位得分 = {w} × 本单位实际值 ÷ 标杆值；标杆值不大于 0 时均得 0 分",
            MethodType.Baseline => Baseline(m, w, lower),
            MethodType.Bands => "按分档表插值：" + string.Join("，", m.Bands!.Select((b, i) =>
                i == 0 ? $"实际值 {N(b.X)} 及以下得 {N(b.Score)} 分" : i == m.Bands!.Count - 1 ? $"{N(b.X)} 及以上得 {N(b.Score)} 分" : $"{N(b.X)} 得 {N(b.Score)} 分"))
                + "，相邻两档之间按比例插值",
            MethodType.Table => "按对照表赋分：" + string.Join("，", DatumShape.ByPoints(m.Table).Select(k => $"{k} 得 {N(m.Table![k])} 分")) + $"；表中未列的得 {N(m.Rest)} 分",
            MethodType.Grade => "按评议等次计分（权重 × 系数）：" + string.Join("，", DatumShape.ByPoints(m.Grades).Select(g => $"{g} 得 {N(Numbers.Round2(ind.Weight * m.Grades![g]))} 分")),
            MethodType.Manual => $"由考核部门直接评分，0 至 {w} 分",
            MethodType.Rollup => $"得分 = {w} × 期间综合得分 ÷ 100",
            MethodType.Levels => "按表彰级别加分：" + string.Join("，", DatumShape.ByPoints(m.Levels).Select(l => $"{T.LevelName(l)} {N(m.Levels![l])} 分"))
                + $"；同一事项按最高级别计一次，合计不超过 {w} 分",
            MethodType.Points => $"按认定的加分分值计，合计不超过 {w} 分",
            _ => Events(m, w),
        };
        var measure = ind.Measure == MeasureKind.Growth ? "实际值取增幅（%）：(本期值 − 基期值) × 100 ÷ |基期值|；" : "";
        var missing = ind.Kind != IndicatorKind.Base ? "" : ind.Missing switch
        {
            MissingPolicy.Average => "；无有效数据时按本类别有数据单位的平均得分计",
            MissingPolicy.Exclude => "；无有效数据时该项不计，基本分按其余指标的权重折算",
            _ => "；无有效数据时得 0 分",
        };
        return $"{MethodName(m.Type)}。{measure}{body}{missing}。";
    }

    /// <summary>The glossary's name of a method: the scheme file's key is the enum's name in camel case (LeaderRatio → leaderRatio).</summary>
    public static string MethodName(MethodType type)
    {
        var key = type.ToString();
        return T.MethodName(char.ToLowerInvariant(key[0]) + key[1..]);
    }

    private static string Completion(Method m, decimal weight, bool lower)
    {
        var w = N(weight);
        var formula = lower
            ? $"完成率 = 目标值 ÷ 实际值（数值越低越好），得分 = {w} × 目标值 ÷ 实际值"
            : $"完成率 = 实际值 ÷ 目标值，得分 = {w} × 实际值 ÷ 目标值";
        var cap = m.Cap == 1 ? $"完成目标得满分 {w} 分" : $"完成率达到 {Percent(m.Cap)} 及以上得 {N(Numbers.Round2(weight * m.Cap))} 分（超额完成封顶）";
        var floor = m.Floor > 0 ? $"；完成率低于 {Percent(m.Floor)} 得 0 分" : "";
        return $"{formula}；{cap}{floor}";
    }

    private static string Efficacy(Method m, string w, bool lower)
    {
        var top = N(m.Base + m.Span);
        var bounds = m.Good is { } good && m.Bad is { } bad
            ? $"满意值 {N(good)}、不允许值 {N(bad)}"
            : lower ? "本类别最低值为满意值、最高值为不允许值" : "本类别最高值为满意值、最低值为不允许值";
        return $"{bounds}；功效分 = {N(m.Base)} + {N(m.Span)} × (实际值 − 不允许值) ÷ (满意值 − 不允许值)，在 {N(m.Base)} 至 {top} 之间；得分 = {w} × 功效分 ÷ {top}";
    }

    private static string Rank(Method m, string w, bool lower)
    {
        var order = lower ? "实际值越低名次越前" : "实际值越高名次越前";
        if (m.RankPoints is { } points)
        {
            return $"按本类别名次赋分（{order}）：" + string.Join("，", points.Select((p, i) => $"第 {i + 1} 名 {N(p)} 分")) + $"，其余 {N(m.Rest)} 分";
        }
        return $"按本类别名次赋分（{order}）：第 1 名得满分 {w} 分，每降一名减 {N(m.Step ?? 0)} 分，最低 {N(m.Rest)} 分";
    }

    private static string Baseline(Method m, string w, bool lower)
    {
        var baseline = m.BaselineAverage ? "本类别平均值" : N(m.BaselineValue ?? 0);
        var shortfall = lower ? "高于" : "低于";
        var gap = m.Relative ? $"差距按占达标值的百分比计，每{shortfall}达标值 {N(m.Step ?? 1)}%" : $"每{shortfall}达标值 {N(m.Step ?? 1)}";
        var whole = m.Whole ? "（只计整步）" : "（不足一步按比例计）";
        var bonus = m.BonusPer > 0 ? $"；超过达标值的，每超一步加 {N(m.BonusPer)} 分，最多加 {N(m.BonusCap)} 分" : "";
        return $"达标值为 {baseline}，达标得满分 {w} 分；{gap}扣 {N(m.Deduct)} 分{whole}，扣完为止{bonus}";
    }

    private static string Events(Method m, string w)
    {
        var per = m.PerEventByType is { } byType
            ? string.Join("，", DatumShape.ByPoints(byType).Select(e => $"{T.EventTypeName(e)}每次扣 {N(byType[e])} 分"))
            : $"每发生一次扣 {N(m.PerEvent ?? 0)} 分";
        var zero = m.ZeroAt is { } z ? $"；发生 {z} 次及以上扣满 {w} 分" : "";
        return $"{per}{zero}；合计不超过 {w} 分";
    }

    /// <summary>
    /// The target of the indicator for the unit, in words: the unit's own target (its datum) or the scheme's for a
    /// completion rate, the baseline of a baseline method, the fixed good value of an efficacy method; null otherwise.
    /// </summary>
    public static string? Target(Indicator ind, Datum? datum) => ind.Method.Type switch
    {
        MethodType.Completion => ((datum as NumberDatum)?.Target ?? ind.Method.Target) is { } t ? N(t) : "由各单位申报",
        MethodType.Baseline => ind.Method.BaselineAverage ? "本类别平均值" : N(ind.Method.BaselineValue ?? 0),
        MethodType.Efficacy when ind.Method.Good is { } good => $"满意值 {N(good)}",
        _ => null,
    };

    /// <summary>The weight column: the weight of a base indicator, the cap of a bonus or penalty.</summary>
    public static string Weight(Indicator ind) => ind.Kind == IndicatorKind.Base ? N(ind.Weight) : $"上限 {N(ind.Weight)}";

    /// <summary>The category's grades, labels, flag and tie-break rules, one sentence each.</summary>
    public static IReadOnlyList<string> Rules(Category c)
    {
        var lines = new List<string>();
        if (c.Grades.Count > 0)
        {
            var grades = c.Grades.Select((g, i) => i == c.Grades.Count - 1 && g.Min <= 0
                ? $"其余为{g.Name}"
                : $"综合得分 {N(g.Min)} 分及以上为{g.Name}{Quota(g)}");
            lines.Add($"{T.Grade}：{string.Join("，", grades)}。名次在前的单位优先占用名额，并列的单位同进同出；一票否决的单位评为最低等次。");
        }
        var labels = new List<string>();
        if (c.Labels.Pacesetter is { } p) labels.Add($"{T.Pacesetter}：第 {p.Top} 名及以前{MinWords(p.Min)}");
        if (c.Labels.Winner is { } win) labels.Add($"{T.Winner}：第 {win.Top} 名及以前{MinWords(win.Min)}（已获{T.Pacesetter}的除外）");
        if (c.Labels.Yellow is { } y)
        {
            var parts = new List<string>();
            if (y.Bottom is { } b) parts.Add($"排名末 {b} 位");
            if (y.Below is { } below) parts.Add($"综合得分低于 {N(below)} 分");
            parts.Add("被一票否决");
            labels.Add($"{T.Yellow}：{string.Join("或", parts)}");
        }
        if (labels.Count > 0) lines.Add($"{T.Label}：{string.Join("；", labels)}。每个单位至多一个称号。");
        if (c.Flag is { } flag)
        {
            lines.Add($"{T.Flag}：本类别第 1 名{MinWords(flag.Min)}的单位获得；多个单位并列第 1 名时由上期持有者保留，否则本期空缺；每期重新评定。");
        }
        lines.Add($"一票否决的单位排在本类别最后；一票否优的单位不得评为最高等次，不得获{T.Pacesetter}称号和{T.Flag}。");
        if (c.TieBreak.Count > 0)
        {
            lines.Add($"综合得分相同时，依次比较{string.Join("、", c.TieBreak.Select(i => $"“{c.Indicators[i].Name}”"))}的得分，仍相同的名次并列。");
        }
        return lines;
    }

    private static string MinWords(decimal? min) => min is { } m ? $"且综合得分不低于 {N(m)} 分" : "";

    private static string Quota(GradeRule g) => (g.Quota, g.QuotaShare) switch
    {
        ({ } q, { } s) => $"（不超过 {q} 个，且不超过本类别单位数的 {Percent(s)}）",
        ({ } q, null) => $"（不超过 {q} 个）",
        (null, { } s) => $"（不超过本类别单位数的 {Percent(s)}）",
        _ => "",
    };
}
