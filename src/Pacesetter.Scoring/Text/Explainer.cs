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
            // The indicator by its name, its id beside it: 容错免责 红黄牌督办（cards）.
            var indName = cat.Category.IndicatorIndex(x.Ref) is var xi and >= 0 ? cat.Category.Indicators[xi].Name : x.Ref;
            adjustments.Add(zh
                ? $"容错免责 {indName}（{x.Ref}）：恢复 {Numbers.Show(x.Restored)} 分（{reasons}）"
                : $"exemption on {indName} ({x.Ref}): {Numbers.Show(x.Restored)} point{(x.Restored == 1 ? "" : "s")} restored ({reasons})");
        }

        var totals = new StringBuilder();
        if (unit.BaseFactor is { } f)
        {
            totals.Append(zh ? $"基本分 = {Numbers.Show(unit.BaseBeforeRescale!.Value)} × {Numbers.Show(f)}（缺项折算）= {Numbers.Show(unit.Base)}；" : $"base = {Numbers.Show(unit.BaseBeforeRescale!.Value)} × {Numbers.Show(f)} (rescaled for excluded indicators) = {Numbers.Show(unit.Base)}; ");
        }
        else if (unit.BaseBeforeRescale is not null)
        {
            totals.Append(zh ? "基本分指标全部缺项：基本分 0；" : "every base indicator excluded: base 0; ");
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
        var score = cell.Score is { } sc ? Numbers.Show(sc) : "—";
        switch (cell.Source)
        {
            case CellSource.MissingZero when ind.Kind == IndicatorKind.Base:
                return zh ? "无有效数据：按 0 分计" : "no usable datum: 0 points";
            case CellSource.MissingAverage:
                return zh ? $"无有效数据：取本类别有数据单位得分的平均值 {score}" : $"no usable datum: the category's average score {score}";
            case CellSource.Excluded:
                return zh ? "无有效数据：该指标不计，基本分按权重折算" : "no usable datum: indicator excluded, base rescaled by weight";
        }
        var x = cell.Measure ?? 0m;
        // Growth multiplies before dividing (§2, §3): (value − previous) × 100 ÷ |previous|.
        var growth = ind.Measure == MeasureKind.Growth && datum is NumberDatum g
            ? (zh ? $"增幅 = ({S(g.Value)} − {S(g.Previous!.Value)}) × 100 ÷ |{S(g.Previous!.Value)}| = {Numbers.Show(x)}；" : $"growth = ({S(g.Value)} − {S(g.Previous!.Value)}) × 100 ÷ |{S(g.Previous!.Value)}| = {Numbers.Show(x)}; ")
            : "";
        var f = new FormulaInput(ind, st, datum, cell, x, Numbers.Show(ind.Weight), score, zh, Terms.For(zh ? Language.Chinese : Language.English));
        var body = ind.Method.Type switch
        {
            MethodType.Completion => Completion(f),
            MethodType.Efficacy => Efficacy(f),
            MethodType.Rank => Rank(f),
            MethodType.LeaderRatio => LeaderRatio(f),
            MethodType.Baseline => Baseline(f),
            MethodType.Bands => Bands(f),
            MethodType.Table => Table(f),
            MethodType.Grade => $"{f.W} × {Numbers.Show(ind.Method.Grades![cell.TextMeasure!])} ({cell.TextMeasure}) = {score}",
            MethodType.Manual => zh ? $"直接打分 {score}" : $"scored directly: {score}",
            MethodType.Rollup => $"{f.W} × {S(x)} ÷ 100 = {score}",
            MethodType.Levels => Levels(f),
            MethodType.Points => datum is NumberDatum p ? $"min({f.W}, {S(p.Value)}) = {score}" : (zh ? "无加分 → 0" : "no bonus → 0"),
            _ => Penalty(f, exemptions),
        };
        return growth + body;
    }

    /// <summary>What every method's formula text reads: the indicator, its stats, the datum, the cell and the shown figures.</summary>
    private sealed record FormulaInput(Indicator Ind, IndicatorStats St, Datum? Datum, CellResult Cell, decimal X, string W, string Score, bool Zh, Terms T)
    {
        public Method M => Ind.Method;
    }

    private static string Completion(FormulaInput f)
    {
        var m = f.M;
        var x = f.X;
        var target = (f.Datum as NumberDatum)?.Target ?? m.Target ?? 0m;
        bool higher = f.Ind.Direction == Direction.Higher;
        decimal r = Methods.CompletionRatio(higher, m.Cap, target, x);
        var rText = higher ? $"r = {S(x)} ÷ {S(target)} = {Numbers.Show(r)}" : x <= 0 ? $"r = {(f.Zh ? "封顶系数" : "cap")} {Numbers.Show(m.Cap)}" : $"r = {S(target)} ÷ {S(x)} = {Numbers.Show(r)}";
        var (capWord, floorWord) = f.Zh ? ("封顶系数", "保底系数") : ("cap", "floor");
        if (r < m.Floor) return $"{rText} < {floorWord} {Numbers.Show(m.Floor)} → 0";
        if (r >= m.Cap) return $"{rText} ≥ {capWord} {Numbers.Show(m.Cap)}; {f.W} × {Numbers.Show(m.Cap)} = {f.Score}";
        if (r <= 0) return $"{rText} ≤ 0 → 0";
        // Multiplying before dividing (§2): w × x ÷ target, not w × r.
        return higher
            ? $"{rText}; {f.W} × {S(x)} ÷ {S(target)} = {f.Score}"
            : $"{rText}; {f.W} × {S(target)} ÷ {S(x)} = {f.Score}";
    }

    private static string Efficacy(FormulaInput f)
    {
        var m = f.M;
        var good = f.St.Good ?? 0m;
        var bad = f.St.Bad ?? 0m;
        var top = m.Base + m.Span;
        if (good == bad) return $"good = bad = {S(good)} → d = {Numbers.Show(top)}; {f.W} × {Numbers.Show(top)} ÷ {Numbers.Show(top)} = {f.Score}";
        var d = Math.Clamp(m.Base + Numbers.MulDiv(m.Span, f.X - bad, good - bad), m.Base, top);
        return $"d = {Numbers.Show(m.Base)} + {Numbers.Show(m.Span)} × ({S(f.X)} − {S(bad)}) ÷ ({S(good)} − {S(bad)}) → {Numbers.Show(d)} (∈ [{Numbers.Show(m.Base)}, {Numbers.Show(top)}]); {f.W} × {Numbers.Show(d)} ÷ {Numbers.Show(top)} = {f.Score}";
    }

    private static string Rank(FormulaInput f)
    {
        var m = f.M;
        bool zh = f.Zh;
        int rank = f.Cell.MethodRank;
        if (m.RankPoints is { } pts)
        {
            return rank - 1 < pts.Count ? (zh ? $"位次 {rank} → 第 {rank} 档 {f.Score}" : $"rank {rank} → points[{rank}] = {f.Score}") : (zh ? $"位次 {rank} → 其余 {f.Score}" : $"rank {rank} → rest {f.Score}");
        }
        return $"{(zh ? "位次" : "rank")} {rank}: max({Numbers.Show(m.Rest)}, {f.W} − {Numbers.Show(m.Step!.Value)} × ({rank} − 1)) = {f.Score}";
    }

    private static string LeaderRatio(FormulaInput f)
    {
        var leader = f.St.Leader ?? 0m;
        bool zh = f.Zh;
        if (f.Ind.Direction == Direction.Higher)
        {
            return leader <= 0 ? (zh ? "最高值不大于 0 → 0" : "leader ≤ 0 → 0") : $"{f.W} × {S(Math.Max(f.X, 0))} ÷ {S(leader)} ({(zh ? "最高值" : "leader")}) = {f.Score}";
        }
        return f.X <= 0 ? $"x ≤ 0 → {f.W}" : $"{f.W} × {S(leader)} ({(zh ? "最低值" : "leader")}) ÷ {S(f.X)} = {f.Score}";
    }

    private static string Baseline(FormulaInput f)
    {
        var m = f.M;
        var x = f.X;
        bool higher = f.Ind.Direction == Direction.Higher;
        var b = m.BaselineAverage ? f.St.MeanMeasure ?? 0m : m.BaselineValue!.Value;
        var gap = higher ? b - x : x - b;
        var gapWord = f.Zh ? "差距" : "gap";
        var gapText = higher ? $"{gapWord} = {S(b)} − {S(x)} = {Numbers.Show(gap)}" : $"{gapWord} = {S(x)} − {S(b)} = {Numbers.Show(gap)}";
        if (m.BaselineAverage) gapText = (f.Zh ? $"基准（平均值）{Numbers.Show(b)}；" : $"baseline (average) {Numbers.Show(b)}; ") + gapText;
        if (m.Relative && b != 0)
        {
            var relative = Methods.BaselineGap(m, higher, b, x);
            gapText += $" → {S(gap)} × 100 ÷ {S(Math.Abs(b))} = {Numbers.Show(relative)}%";
            gap = relative;
        }
        var step = Numbers.Show(m.Step!.Value);
        if (m.Whole)
        {
            var steps = decimal.Truncate(gap / m.Step!.Value);
            return gap > 0
                ? $"{gapText}; n = trunc({Numbers.Show(gap)} ÷ {step}) = {Numbers.Show(steps)}; max(0, {f.W} − {Numbers.Show(m.Deduct)} × {Numbers.Show(steps)}) = {f.Score}"
                : $"{gapText}; n = trunc({Numbers.Show(gap)} ÷ {step}) = {Numbers.Show(steps)}; {f.W} + min({Numbers.Show(m.BonusCap)}, {Numbers.Show(m.BonusPer)} × {Numbers.Show(-steps)}) = {f.Score}";
        }
        // deduct × n = deduct × gap ÷ step, multiplying before dividing (§2).
        return gap > 0
            ? $"{gapText}; max(0, {f.W} − {Numbers.Show(m.Deduct)} × {S(gap)} ÷ {step}) = {f.Score}"
            : $"{gapText}; {f.W} + min({Numbers.Show(m.BonusCap)}, {Numbers.Show(m.BonusPer)} × {S(-gap)} ÷ {step}) = {f.Score}";
    }

    private static string Bands(FormulaInput f)
    {
        var pts = f.M.Bands!;
        var x = f.X;
        if (x <= pts[0].X) return $"x = {S(x)} ≤ {S(pts[0].X)} → {f.Score}";
        if (x >= pts[^1].X) return $"x = {S(x)} ≥ {S(pts[^1].X)} → {f.Score}";
        int i = 1;
        while (x > pts[i].X) i++;
        var (x0, s0) = pts[i - 1];
        var (x1, s1) = pts[i];
        return $"{Numbers.Show(s0)} + ({S(x)} − {S(x0)}) × ({Numbers.Show(s1)} − {Numbers.Show(s0)}) ÷ ({S(x1)} − {S(x0)}) = {f.Score}";
    }

    private static string Table(FormulaInput f)
    {
        var key = f.Cell.TextMeasure ?? Numbers.Shortest(f.X);
        if (f.M.Table!.ContainsKey(key)) return $"\"{key}\" → {f.Score}";
        return f.Zh ? $"“{key}”不在对照表中 → 其余 {f.Score}" : $"\"{key}\" not in the table → rest {f.Score}";
    }

    private static string Levels(FormulaInput f)
    {
        var m = f.M;
        if (f.Datum is not AwardsDatum aw || aw.Awards.Count == 0) return f.Zh ? "无加分事项 → 0" : "no awards → 0";
        var best = aw.Awards.GroupBy(a => a.Item).Select(gr => gr.MaxBy(a => m.Levels![a.Level])!).ToList();
        // 平安建设（市级）1 / 平安建设 (city level) 1: the level by its name from the glossary (Terms), not its key.
        var parts = string.Join(" + ", best.Select(a => f.Zh
            ? $"{a.Item}（{f.T.LevelName(a.Level)}）{Numbers.Show(m.Levels![a.Level])}"
            : $"{a.Item} ({f.T.LevelName(a.Level)}) {Numbers.Show(m.Levels![a.Level])}"));
        var note = best.Count < aw.Awards.Count ? (f.Zh ? "（同一事项按最高级别计一次）" : " (one item counts once, at its highest level)") : "";
        return $"min({f.W}, {parts}) = {f.Score}{note}";
    }

    private static string Penalty(FormulaInput f, List<Adjustment> exemptions)
    {
        var (datum, cell, zh, w, score, t) = (f.Datum, f.Cell, f.Zh, f.W, f.Score, f.T);
        var m = f.Ind.Method;
        string Points(string? type) => Numbers.Show(m.PointsOf(type));
        string events;
        switch (datum)
        {
            case null:
                return zh ? "无扣分事项 → 0" : "no events → 0";
            case NumberDatum nd:
                events = $"{Numbers.Show(nd.Value)} × {Points(null)}";
                break;
            case CountsDatum cd:
                events = string.Join(" + ", cd.Counts.Select(c => $"{Numbers.Show(c.Value)} × {t.EventTypeName(c.Key)} {Points(c.Key)}"));
                break;
            case EventsDatum ed:
                events = string.Join(" + ", ed.Events.Select(e =>
                {
                    var ex = exemptions.FirstOrDefault(a => a.TargetEvent == e.Id && e.Id is not null);
                    // c1（红牌）1 / c1 (red card) 1: the type by its name from the glossary (Terms), not its key.
                    var type = e.Type is null ? "" : zh ? $"（{t.EventTypeName(e.Type)}）" : $" ({t.EventTypeName(e.Type)})";
                    var pts = zh && e.Type is not null ? $"{e.Id ?? ""}{type}{Points(e.Type)}" : $"{e.Id ?? ""}{type} {Points(e.Type)}";
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
