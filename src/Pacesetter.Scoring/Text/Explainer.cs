using System.Text;
using Pacesetter.Scoring.Engine;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.Scoring.Text;

/// <summary>One indicator's line in an explanation: the measure, the formula with its numbers, the score and the points lost.</summary>
public sealed record IndicatorExplanation(Indicator Indicator, string Measure, string Formula, decimal? Score, decimal? Lost);

/// <summary>A readable breakdown of one unit's result (计分说明).</summary>
public sealed record Explanation(
    UnitResult Unit,
    CategoryResult Category,
    IReadOnlyList<IndicatorExplanation> Indicators,
    IReadOnlyList<string> Adjustments,
    string Totals,
    string Standing,
    string Gap);

/// <summary>Builds explanations from results: every figure shown is one the engine published.</summary>
public static class Explainer
{
    public static Explanation Explain(SchemeResult result, string unitId, Language lang)
    {
        var found = result.Find(unitId) ?? throw new ArgumentException($"unknown unit \"{unitId}\"", nameof(unitId));
        var (cat, unit) = found;
        var zh = lang == Language.Chinese;
        var data = result.Scheme.Data.GetValueOrDefault(unitId);
        var lines = new List<IndicatorExplanation>();
        for (int j = 0; j < cat.Category.Indicators.Count; j++)
        {
            var ind = cat.Category.Indicators[j];
            var cell = unit.Cells[j];
            var datum = data?.GetValueOrDefault(ind.Id);
            var exemptions = result.Scheme.Adjustments.Where(a => a.Unit == unitId && a.TargetIndicator == ind.Id).ToList();
            var formula = Formula(ind, cat.Stats[j], datum, cell, exemptions, zh);
            var measure = cell.TextMeasure ?? (cell.Measure is { } x ? Numbers.Show(x) : ind.Kind == IndicatorKind.Base ? (zh ? "无数据" : "no datum") : "");
            decimal? lost = ind.Kind == IndicatorKind.Base && cell.Score is { } s ? ind.Weight - s : null;
            lines.Add(new IndicatorExplanation(ind, measure, formula, cell.Score, lost));
        }

        var adjustments = new List<string>();
        foreach (var e in unit.Adjustments)
        {
            var what = e.Adjustment.Type == AdjustmentType.Veto ? (zh ? "一票否决" : "veto") : (zh ? "一票否优" : "blockTop");
            var effect = e.Adjustment.Type == AdjustmentType.Veto
                ? (zh ? "排名置后、最低等次、黄牌、不得流动红旗" : "ranked last, lowest grade, yellow card, no red flag")
                : (zh ? "不得评为第一等次、标兵和流动红旗，名次不变" : "no first grade, no pacesetter label, no red flag; rank unchanged");
            if (e.CancelledBy is { } by)
            {
                adjustments.Add(zh
                    ? $"{what}（{e.Adjustment.Reason}）已被容错免责 {by.Id ?? ""}（{by.Reason}）撤销"
                    : $"{what} ({e.Adjustment.Reason}) cancelled by exemption {by.Id ?? ""} ({by.Reason})");
            }
            else adjustments.Add(zh ? $"{what}（{e.Adjustment.Reason}）：{effect}" : $"{what} ({e.Adjustment.Reason}): {effect}");
        }
        foreach (var x in unit.Exemptions)
        {
            var reasons = string.Join("; ", result.Scheme.Adjustments.Where(a => a.Unit == unitId && a.TargetIndicator == x.Ref).Select(a => $"{a.Ref} ×{Numbers.Show(a.Factor)} {a.Reason}"));
            adjustments.Add(zh ? $"容错免责 {x.Ref}：恢复 {Numbers.Show(x.Restored)} 分（{reasons}）" : $"exemption on {x.Ref}: {Numbers.Show(x.Restored)} point{(x.Restored == 1 ? "" : "s")} restored ({reasons})");
        }

        var totals = new StringBuilder();
        if (unit.BaseFactor is { } f)
        {
            totals.Append(zh ? $"基础分 = {Numbers.Show(unit.BaseBeforeRescale!.Value)} × {Numbers.Show(f)}（缺项折算）= {Numbers.Show(unit.Base)}；" : $"base = {Numbers.Show(unit.BaseBeforeRescale!.Value)} × {Numbers.Show(f)} (rescaled for excluded indicators) = {Numbers.Show(unit.Base)}; ");
        }
        else if (unit.BaseBeforeRescale is not null)
        {
            totals.Append(zh ? "基础指标全部缺项：基础分 0；" : "every base indicator excluded: base 0; ");
        }
        totals.Append(zh
            ? $"综合得分 = max(0, {Numbers.Show(unit.Base)} + {Numbers.Show(unit.Bonus)} − {Numbers.Show(unit.Penalty)}) = {Numbers.Show(unit.Composite)}"
            : $"composite = max(0, {Numbers.Show(unit.Base)} + {Numbers.Show(unit.Bonus)} − {Numbers.Show(unit.Penalty)}) = {Numbers.Show(unit.Composite)}");

        var t = Terms.For(lang);
        int count = cat.Results.Count;
        var standing = new StringBuilder(zh ? $"第 {unit.Rank} 名（共 {count} 个单位）" : $"rank {unit.Rank} of {count}");
        standing.Append(zh ? $"，等次：{unit.Grade ?? "无"}" : $", grade: {unit.Grade ?? "none"}");
        standing.Append(zh ? $"，称号：{(unit.Label is null ? "无" : t.LabelName(unit.Label))}" : $", label: {(unit.Label is null ? "none" : t.LabelName(unit.Label))}");
        if (cat.Flag.Holder == unit.Unit) standing.Append(zh ? "，获流动红旗" : ", holds the red flag");

        return new Explanation(unit, cat, lines, adjustments, totals.ToString(), standing.ToString(), Gap(result, cat, unit, zh));
    }

    private static string Gap(SchemeResult result, CategoryResult cat, UnitResult unit, bool zh)
    {
        if (unit.Vetoed) return zh ? "一票否决的单位排在其他单位之后，与得分无关。" : "A vetoed unit ranks after all others, whatever its score.";
        UnitResult? above = null;
        foreach (var r in cat.Results)
        {
            if (r.Rank < unit.Rank) above = r;
        }
        if (above is null)
        {
            var tied = cat.Results.Where(r => r.Rank == unit.Rank && r.Unit != unit.Unit).Select(r => r.Unit).ToList();
            if (tied.Count == 0) return zh ? "位列第一。" : "Ranked first.";
            return zh ? $"与 {string.Join("、", tied)} 并列第一：再得 0.01 分即可单独领先。" : $"Tied first with {string.Join(", ", tied)}: 0.01 more points would put it ahead alone.";
        }
        var need = above.Composite - unit.Composite + 0.01m;
        var name = result.Scheme.UnitName(above.Unit);
        return zh
            ? $"前一名为 {name}（{above.Unit}，第 {above.Rank} 名，{Numbers.Show(above.Composite)} 分）：需再得 {Numbers.Show(need)} 分方可超过。"
            : $"Next above: {name} ({above.Unit}, rank {above.Rank}, {Numbers.Show(above.Composite)}): {Numbers.Show(need)} more points would pass it.";
    }

    private static string S(decimal d) => d < 0 ? $"({Numbers.Show(d)})" : Numbers.Show(d);

    private static string Formula(Indicator ind, IndicatorStats st, Datum? datum, CellResult cell, List<Adjustment> exemptions, bool zh)
    {
        var m = ind.Method;
        var w = Numbers.Show(ind.Weight);
        var score = cell.Score is { } sc ? Numbers.Show(sc) : "—";
        switch (cell.Source)
        {
            case CellSource.MissingZero when ind.Kind == IndicatorKind.Base:
                return zh ? "无有效数据：按 0 分计" : "no usable datum: 0 points";
            case CellSource.MissingAverage:
                return zh ? $"无有效数据：取本类别有数据单位得分的平均值 {score}" : $"no usable datum: the category's average score {score}";
            case CellSource.Excluded:
                return zh ? "无有效数据：该指标不计，基础分按权重折算" : "no usable datum: indicator excluded, base rescaled by weight";
        }
        var x = cell.Measure ?? 0m;
        var growth = ind.Measure == MeasureKind.Growth && datum is NumberDatum g
            ? (zh ? $"增幅 = ({S(g.Value)} − {S(g.Previous!.Value)}) ÷ |{S(g.Previous!.Value)}| × 100 = {Numbers.Show(x)}；" : $"growth = ({S(g.Value)} − {S(g.Previous!.Value)}) ÷ |{S(g.Previous!.Value)}| × 100 = {Numbers.Show(x)}; ")
            : "";
        string body;
        switch (m.Type)
        {
            case MethodType.Completion:
                {
                    var target = (datum as NumberDatum)?.Target ?? m.Target ?? 0m;
                    bool higher = ind.Direction == Direction.Higher;
                    decimal r = higher ? x / target : (x <= 0 ? m.Cap : target / x);
                    var rText = higher ? $"r = {S(x)} ÷ {S(target)} = {Numbers.Show(r)}" : x <= 0 ? $"r = cap {Numbers.Show(m.Cap)}" : $"r = {S(target)} ÷ {S(x)} = {Numbers.Show(r)}";
                    body = r < m.Floor
                        ? $"{rText} < floor {Numbers.Show(m.Floor)} → 0"
                        : $"{rText}; {w} × min(max(r, 0), {Numbers.Show(m.Cap)}) = {score}";
                    break;
                }
            case MethodType.Efficacy:
                {
                    var good = st.Good ?? 0m;
                    var bad = st.Bad ?? 0m;
                    var top = m.Base + m.Span;
                    if (good == bad) body = $"good = bad = {S(good)} → d = {Numbers.Show(top)}; {w} × {Numbers.Show(top)} ÷ {Numbers.Show(top)} = {score}";
                    else
                    {
                        var d = Math.Clamp(m.Base + m.Span * (x - bad) / (good - bad), m.Base, top);
                        body = $"d = {Numbers.Show(m.Base)} + {Numbers.Show(m.Span)} × ({S(x)} − {S(bad)}) ÷ ({S(good)} − {S(bad)}) → {Numbers.Show(d)} (∈ [{Numbers.Show(m.Base)}, {Numbers.Show(top)}]); {w} × {Numbers.Show(d)} ÷ {Numbers.Show(top)} = {score}";
                    }
                    break;
                }
            case MethodType.Rank:
                {
                    int rank = cell.MethodRank;
                    body = m.RankPoints is { } pts
                        ? (rank - 1 < pts.Count ? (zh ? $"位次 {rank} → 第 {rank} 档 {score}" : $"rank {rank} → points[{rank}] = {score}") : (zh ? $"位次 {rank} → 其余 {score}" : $"rank {rank} → rest {score}"))
                        : $"{(zh ? "位次" : "rank")} {rank}: max({Numbers.Show(m.Rest)}, {w} − {Numbers.Show(m.Step!.Value)} × ({rank} − 1)) = {score}";
                    break;
                }
            case MethodType.LeaderRatio:
                {
                    var leader = st.Leader ?? 0m;
                    body = ind.Direction == Direction.Higher
                        ? (leader <= 0 ? (zh ? "最高值不大于 0 → 0" : "leader ≤ 0 → 0") : $"{w} × {S(Math.Max(x, 0))} ÷ {S(leader)} ({(zh ? "最高值" : "leader")}) = {score}")
                        : (x <= 0 ? $"x ≤ 0 → {w}" : $"{w} × {S(leader)} ({(zh ? "最低值" : "leader")}) ÷ {S(x)} = {score}");
                    break;
                }
            case MethodType.Baseline:
                {
                    var b = m.BaselineAverage ? st.MeanMeasure ?? 0m : m.BaselineValue!.Value;
                    var gap = ind.Direction == Direction.Higher ? b - x : x - b;
                    var gapText = ind.Direction == Direction.Higher ? $"gap = {S(b)} − {S(x)} = {Numbers.Show(gap)}" : $"gap = {S(x)} − {S(b)} = {Numbers.Show(gap)}";
                    if (m.BaselineAverage) gapText = (zh ? $"基准（平均值）{Numbers.Show(b)}；" : $"baseline (average) {Numbers.Show(b)}; ") + gapText;
                    if (m.Relative && b != 0)
                    {
                        gap = gap / Math.Abs(b) * 100m;
                        gapText += $" → {Numbers.Show(gap)}%";
                    }
                    var steps = gap / m.Step!.Value;
                    if (m.Whole) steps = decimal.Truncate(steps);
                    body = gap > 0
                        ? $"{gapText}; max(0, {w} − {Numbers.Show(m.Deduct)} × {Numbers.Show(steps)}) = {score}"
                        : $"{gapText}; {w} + min({Numbers.Show(m.BonusCap)}, {Numbers.Show(m.BonusPer)} × {Numbers.Show(-steps)}) = {score}";
                    break;
                }
            case MethodType.Bands:
                {
                    var pts = m.Bands!;
                    if (x <= pts[0].X) body = $"x = {S(x)} ≤ {S(pts[0].X)} → {score}";
                    else if (x >= pts[^1].X) body = $"x = {S(x)} ≥ {S(pts[^1].X)} → {score}";
                    else
                    {
                        int i = 1;
                        while (x > pts[i].X) i++;
                        var (x0, s0) = pts[i - 1];
                        var (x1, s1) = pts[i];
                        body = $"{Numbers.Show(s0)} + ({S(x)} − {S(x0)}) × ({Numbers.Show(s1)} − {Numbers.Show(s0)}) ÷ ({S(x1)} − {S(x0)}) = {score}";
                    }
                    break;
                }
            case MethodType.Table:
                {
                    var key = cell.TextMeasure ?? Numbers.Shortest(x);
                    body = m.Table!.ContainsKey(key) ? $"\"{key}\" → {score}" : (zh ? $"“{key}”不在对照表中 → 其余 {score}" : $"\"{key}\" not in the table → rest {score}");
                    break;
                }
            case MethodType.Grade:
                body = $"{w} × {Numbers.Show(m.Grades![cell.TextMeasure!])} ({cell.TextMeasure}) = {score}";
                break;
            case MethodType.Manual:
                body = zh ? $"直接打分 {score}" : $"scored directly: {score}";
                break;
            case MethodType.Rollup:
                body = $"{w} × {S(x)} ÷ 100 = {score}";
                break;
            case MethodType.Levels:
                {
                    if (datum is not AwardsDatum aw || aw.Awards.Count == 0) return zh ? "无加分事项 → 0" : "no awards → 0";
                    var best = aw.Awards.GroupBy(a => a.Item).Select(gr => gr.MaxBy(a => m.Levels![a.Level])!).ToList();
                    var parts = string.Join(" + ", best.Select(a => $"{a.Item}:{a.Level} {Numbers.Show(m.Levels![a.Level])}"));
                    var note = best.Count < aw.Awards.Count ? (zh ? "（同一事项按最高级别计一次）" : " (one item counts once, at its highest level)") : "";
                    body = $"min({w}, {parts}) = {score}{note}";
                    break;
                }
            case MethodType.Points:
                body = datum is NumberDatum p ? $"min({w}, {S(p.Value)}) = {score}" : (zh ? "无加分 → 0" : "no bonus → 0");
                break;
            default:
                body = Penalty(ind, datum, cell, exemptions, zh, w, score);
                break;
        }
        return growth + body;
    }

    private static string Penalty(Indicator ind, Datum? datum, CellResult cell, List<Adjustment> exemptions, bool zh, string w, string score)
    {
        var m = ind.Method;
        string Points(string? type) => m.PerEventByType is { } byType && type is not null ? Numbers.Show(byType[type]) : Numbers.Show(m.PerEvent ?? 0m);
        string events;
        switch (datum)
        {
            case null:
                return zh ? "无扣分事项 → 0" : "no events → 0";
            case NumberDatum nd:
                events = $"{Numbers.Show(nd.Value)} × {Points(null)}";
                break;
            case CountsDatum cd:
                events = string.Join(" + ", cd.Counts.Select(c => $"{Numbers.Show(c.Value)} × {c.Key} {Points(c.Key)}"));
                break;
            case EventsDatum ed:
                events = string.Join(" + ", ed.Events.Select(e =>
                {
                    var ex = exemptions.FirstOrDefault(a => a.TargetEvent == e.Id && e.Id is not null);
                    var pts = $"{e.Id ?? ""}{(e.Type is null ? "" : ":" + e.Type)} {Points(e.Type)}";
                    return ex is null ? pts : $"{pts} × {Numbers.Show(ex.Factor)}";
                }));
                break;
            default:
                events = "";
                break;
        }
        var zero = m.ZeroAt is { } z ? (zh ? $"（满 {z} 次扣满 {w}）" : $" ({z} or more events take the whole cap {w})") : "";
        var whole = exemptions.FirstOrDefault(a => a.Target == ExemptionTarget.Indicator);
        var wholeText = whole is null ? "" : $" × {Numbers.Show(whole.Factor)}";
        var restored = cell.Unexempted - (cell.Score ?? 0m);
        var restoredText = exemptions.Count > 0 ? (zh ? $"（免责前 {Numbers.Show(cell.Unexempted)}，恢复 {Numbers.Show(restored)}）" : $" (before exemptions {Numbers.Show(cell.Unexempted)}, restored {Numbers.Show(restored)})") : "";
        return $"min({w}, {events}){wholeText} = {score}{zero}{restoredText}";
    }

    public static string ToText(Explanation e, Language lang)
    {
        var zh = lang == Language.Chinese;
        var t = Terms.For(lang);
        var sb = new StringBuilder();
        var u = e.Unit;
        sb.Append($"{u.Name} ({u.Unit}) — {e.Category.Category.Name} [{e.Category.Category.Id}]\n");
        sb.Append(e.Standing).Append('\n');
        sb.Append(e.Totals).Append("\n\n");
        foreach (var line in e.Indicators)
        {
            var ind = line.Indicator;
            var kind = ind.Kind switch
            {
                IndicatorKind.Bonus => zh ? "加分，上限" : "bonus, cap",
                IndicatorKind.Penalty => zh ? "扣分，上限" : "penalty, cap",
                _ => zh ? (ind.Core ? "主责主业，权重" : "权重") : (ind.Core ? "core, weight" : "weight"),
            };
            sb.Append(zh ? $"• {ind.Name} [{ind.Id}]（{kind} {Numbers.Show(ind.Weight)}）\n" : $"• {ind.Name} [{ind.Id}] ({kind} {Numbers.Show(ind.Weight)})\n");
            if (ind.Kind == IndicatorKind.Base) sb.Append($"    {t.Measure}: {line.Measure}\n");
            sb.Append($"    {t.Formula}: {line.Formula}\n");
            sb.Append($"    {t.Score}: {(line.Score is { } s ? Numbers.Show(s) : (zh ? "不计" : "excluded"))}");
            if (line.Lost is { } lost) sb.Append(lost >= 0 ? $"    {t.Lost}: {Numbers.Show(lost)}" : (zh ? $"    超出权重: {Numbers.Show(-lost)}" : $"    above weight: {Numbers.Show(-lost)}"));
            sb.Append('\n');
        }
        if (e.Adjustments.Count > 0)
        {
            sb.Append('\n').Append(zh ? "调整事项：" : "Adjustments:").Append('\n');
            foreach (var a in e.Adjustments) sb.Append("  ").Append(a).Append('\n');
        }
        sb.Append('\n').Append(e.Gap).Append('\n');
        return sb.ToString();
    }
}
