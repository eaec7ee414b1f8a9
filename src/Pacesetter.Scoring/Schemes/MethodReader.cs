using System.Text.Json;

namespace Pacesetter.Scoring.Schemes;

/// <summary>Reads a <c>method</c> object and checks its parameters against the indicator's kind and weight.</summary>
internal static class MethodReader
{
    /// <summary>
    /// Reads the method of an indicator of <paramref name="kind"/> and <paramref name="weight"/>; either is null when the
    /// indicator's own field could not be read, and then nothing that depends on it is checked (that field's problem is the root one).
    /// <paramref name="schemePeriod"/> is the scheme's period (null or not a period: a roll-up's source period is not compared with it).
    /// </summary>
    public static Method? Read(JsonInput input, JsonElement el, string path, IndicatorKind? kind, decimal? weight, string? schemePeriod = null)
    {
        if (el.ValueKind != JsonValueKind.Object)
        {
            input.Add(path, "must be an object such as {\"type\": \"completion\"}", "应为计分方法的设置，如 {\"type\": \"completion\"}");
            return null;
        }
        var allowedTypes = kind is { } k ? MethodTypes.For(k) : MethodTypes.All;
        var type = input.String(el, path, "type", required: true);
        if (type is null) return null;
        if (!allowedTypes.Contains(type))
        {
            var list = string.Join(", ", allowedTypes);
            var listZh = string.Join("、", allowedTypes.Select(t => $"{Text.Terms.Chinese.MethodName(t)}（{t}）"));
            if (kind is { } known)
            {
                var kindName = known.ToString().ToLowerInvariant();
                var kindZh = Text.Terms.Chinese.KindName(known);
                input.Add(JsonPath.Field(path, "type"), $"a {kindName} indicator's method must be one of {list}, not \"{type}\"", $"{kindZh}指标的计分方法应为{listZh}之一，没有“{type}”这种方法");
            }
            else
            {
                input.Add(JsonPath.Field(path, "type"), $"the method must be one of {list}, not \"{type}\"", $"计分方法应为{listZh}之一，没有“{type}”这种方法");
            }
            return null;
        }
        int before = input.Problems.Count;
        var method = type switch
        {
            MethodTypes.Completion => Completion(input, el, path),
            MethodTypes.Efficacy => Efficacy(input, el, path),
            MethodTypes.Rank => Rank(input, el, path),
            MethodTypes.LeaderRatio => Plain(input, el, path, MethodType.LeaderRatio),
            MethodTypes.Baseline => Baseline(input, el, path),
            MethodTypes.Bands => Bands(input, el, path, weight),
            MethodTypes.Table => Table(input, el, path),
            MethodTypes.Grade => Grade(input, el, path),
            MethodTypes.Manual => Plain(input, el, path, MethodType.Manual),
            MethodTypes.Rollup => Rollup(input, el, path, schemePeriod),
            MethodTypes.Levels => Levels(input, el, path),
            MethodTypes.Points => Plain(input, el, path, MethodType.Points),
            _ => Events(input, el, path),
        };
        return input.Problems.Count == before ? method : null;
    }

    private static Method Plain(JsonInput input, JsonElement el, string path, MethodType type)
    {
        input.Object(el, path, ["type"]);
        return new Method { Type = type };
    }

    /// <summary>
    /// 汇总折算: an optional <c>period</c> names the source period whose published composite fills the datum (ADR 0025):
    /// a period of a shorter kind than the scheme's and within it (a month or quarter of a half-year or year, a half of a year).
    /// </summary>
    private static Method Rollup(JsonInput input, JsonElement el, string path, string? schemePeriod)
    {
        input.Object(el, path, ["type", "period"]);
        if (!JsonInput.TryField(el, "period", out _)) return new Method { Type = MethodType.Rollup };
        var ppath = JsonPath.Field(path, "period");
        var source = input.String(el, path, "period", required: false);
        if (source is null) return new Method { Type = MethodType.Rollup };
        if (!Periods.IsValid(source))
        {
            input.Add(ppath, $"\"{source}\" is not a period (2026-10, 2026-Q3, 2026-H1 or 2026)", $"“{source}”不是有效的考核期（如 2026-10、2026-Q3、2026-H1、2026）");
        }
        else if (schemePeriod is not null && Periods.IsValid(schemePeriod) && !Periods.Contains(schemePeriod, source))
        {
            input.Add(ppath, $"must be a shorter period within the scheme's period {schemePeriod}, not {source}", $"应为本方案考核期 {schemePeriod} 之内更短的考核期（月、季度或半年），不能是 {source}");
        }
        return new Method { Type = MethodType.Rollup, Period = source };
    }

    private static Method Completion(JsonInput input, JsonElement el, string path)
    {
        input.Object(el, path, ["type", "cap", "floor", "target"]);
        var capRead = input.Number(el, path, "cap", required: false);
        var cap = capRead ?? 1m;
        // A cap given but unreadable or below 1 is the root problem: the floor is not compared with it.
        bool capKnown = JsonInput.TryField(el, "cap", out _) ? capRead >= 1 : true;
        var floor = input.Number(el, path, "floor", required: false) ?? 0m;
        var target = input.Number(el, path, "target", required: false);
        if (cap < 1) input.Add(JsonPath.Field(path, "cap"), "must be at least 1", "不得小于 1");
        if (floor < 0) input.Add(JsonPath.Field(path, "floor"), "must not be below 0", "不得小于 0");
        else if (capKnown && floor >= cap) input.Add(JsonPath.Field(path, "floor"), $"must be below cap {Numbers.Shortest(cap)}", $"应小于封顶系数（cap）{Numbers.Shortest(cap)}");
        if (target <= 0) input.Add(JsonPath.Field(path, "target"), "must be above 0", "目标值应大于 0");
        return new Method { Type = MethodType.Completion, Cap = cap, Floor = floor, Target = target };
    }

    private static Method Efficacy(JsonInput input, JsonElement el, string path)
    {
        input.Object(el, path, ["type", "base", "span", "good", "bad"]);
        var b = input.Number(el, path, "base", required: false) ?? 60m;
        var span = input.Number(el, path, "span", required: false) ?? 40m;
        var good = input.Number(el, path, "good", required: false);
        var bad = input.Number(el, path, "bad", required: false);
        if (b < 0) input.Add(JsonPath.Field(path, "base"), "must not be below 0", "不得小于 0");
        if (span <= 0) input.Add(JsonPath.Field(path, "span"), "must be above 0", "应大于 0");
        return new Method { Type = MethodType.Efficacy, Base = b, Span = span, Good = good, Bad = bad };
    }

    private static Method Rank(JsonInput input, JsonElement el, string path)
    {
        input.Object(el, path, ["type", "points", "step", "rest"]);
        var step = input.Number(el, path, "step", required: false);
        var rest = input.Number(el, path, "rest", required: false) ?? 0m;
        var points = NumberList(input, el, path, "points");
        // Given but unreadable, points or step is the root problem: what is given counts, not what could be read.
        bool hasPoints = JsonInput.TryField(el, "points", out _), hasStep = JsonInput.TryField(el, "step", out _);
        if (!hasPoints && !hasStep) input.Add(path, "needs points or step", "需要按名次的分值表（points）或每名次递减的分值（step）");
        if (hasPoints && hasStep) input.Add(JsonPath.Field(path, "step"), "give points or step, not both", "按名次的分值表（points）与每名次递减的分值（step）只能二选一");
        if (step < 0) input.Add(JsonPath.Field(path, "step"), "must not be below 0", "不得小于 0");
        if (rest < 0) input.Add(JsonPath.Field(path, "rest"), "must not be below 0", "不得小于 0");
        return new Method { Type = MethodType.Rank, RankPoints = points, Step = step, Rest = rest };
    }

    private static List<decimal>? NumberList(JsonInput input, JsonElement el, string path, string name)
    {
        if (!JsonInput.TryField(el, name, out var pe)) return null;
        var ppath = JsonPath.Field(path, name);
        if (!input.Array(pe, ppath)) return null;
        var list = new List<decimal>();
        int i = 0;
        foreach (var v in pe.EnumerateArray())
        {
            var p = JsonPath.Index(ppath, i++);
            var d = input.Number(v, p);
            if (d < 0) input.Add(p, "must not be below 0", "不得小于 0");
            if (d is not null) list.Add(d.Value);
        }
        if (i == 0) input.Add(ppath, "must not be empty", "不能为空");
        return list;
    }

    private static Method Baseline(JsonInput input, JsonElement el, string path)
    {
        input.Object(el, path, ["type", "baseline", "deduct", "step", "relative", "whole", "bonusPer", "bonusCap"]);
        decimal? value = null;
        bool average = false;
        var bpath = JsonPath.Field(path, "baseline");
        if (!JsonInput.TryField(el, "baseline", out var be)) input.Add(bpath, "is required", "必填");
        else if (be.ValueKind == JsonValueKind.String && be.GetString() == "average") average = true;
        else if (be.ValueKind == JsonValueKind.Number) value = input.Number(be, bpath);
        else input.Add(bpath, "must be a number or \"average\"", "基准值应为数值，或 \"average\"（取本类别平均值）");
        var deduct = input.Number(el, path, "deduct", required: true) ?? 0m;
        var step = input.Number(el, path, "step", required: false) ?? 1m;
        var relative = input.Bool(el, path, "relative") ?? false;
        var whole = input.Bool(el, path, "whole") ?? false;
        var bonusPer = input.Number(el, path, "bonusPer", required: false) ?? 0m;
        var bonusCap = input.Number(el, path, "bonusCap", required: false) ?? 0m;
        if (deduct < 0) input.Add(JsonPath.Field(path, "deduct"), "must not be below 0", "不得小于 0");
        if (step <= 0) input.Add(JsonPath.Field(path, "step"), "must be above 0", "应大于 0");
        if (bonusPer < 0) input.Add(JsonPath.Field(path, "bonusPer"), "must not be below 0", "不得小于 0");
        if (bonusCap < 0) input.Add(JsonPath.Field(path, "bonusCap"), "must not be below 0", "不得小于 0");
        if (relative && value == 0) input.Add(bpath, "must not be 0 when relative is true", "按百分比计差距（relative）时基准值不能为 0");
        return new Method
        {
            Type = MethodType.Baseline,
            BaselineValue = value,
            BaselineAverage = average,
            Deduct = deduct,
            Step = step,
            Relative = relative,
            Whole = whole,
            BonusPer = bonusPer,
            BonusCap = bonusCap,
        };
    }

    private static Method Bands(JsonInput input, JsonElement el, string path, decimal? weight)
    {
        input.Object(el, path, ["type", "points"]);
        var ppath = JsonPath.Field(path, "points");
        var list = new List<(decimal, decimal)>();
        if (!JsonInput.TryField(el, "points", out var pe)) input.Add(ppath, "is required", "必填");
        else if (input.Array(pe, ppath))
        {
            int i = 0;
            decimal? lastX = null;
            foreach (var pair in pe.EnumerateArray())
            {
                var p = JsonPath.Index(ppath, i++);
                if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2)
                {
                    input.Add(p, "must be a pair [x, score]", "每一档应为 [指标值, 分值] 两个数");
                    continue;
                }
                var x = input.Number(pair[0], JsonPath.Index(p, 0));
                var s = input.Number(pair[1], JsonPath.Index(p, 1));
                if (x is not null && lastX is not null && x <= lastX)
                {
                    input.Add(JsonPath.Index(p, 0), $"x must be strictly increasing: {Numbers.Shortest(x.Value)} is not above {Numbers.Shortest(lastX.Value)}", $"各档指标值应从小到大：{Numbers.Shortest(x.Value)} 不大于上一档的 {Numbers.Shortest(lastX.Value)}");
                }
                // Unknown when the weight could not be read (its problem is the root one): only below 0 is checked then.
                if (s < 0 || (weight is { } w && s > w))
                {
                    var top = weight is { } w2 ? Numbers.Shortest(w2) : "w";
                    input.Add(JsonPath.Index(p, 1), $"score must lie in [0, {top}] (the weight)", $"分值应在 0 到 {top}（权重）之间");
                }
                if (x is not null) lastX = x;
                if (x is not null && s is not null) list.Add((x.Value, s.Value));
            }
            if (i < 2) input.Add(ppath, "needs at least two points", "至少需要两档");
        }
        return new Method { Type = MethodType.Bands, Bands = list };
    }

    private static Dictionary<string, decimal> NumberMap(JsonInput input, JsonElement el, string path, string name, decimal min, decimal? max)
    {
        var map = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var mpath = JsonPath.Field(path, name);
        if (!JsonInput.TryField(el, name, out var me))
        {
            input.Add(mpath, "is required", "必填");
            return map;
        }
        if (me.ValueKind != JsonValueKind.Object)
        {
            input.Add(mpath, "must be an object from name to points", "应为“名称: 分值”形式的对照表");
            return map;
        }
        foreach (var p in me.EnumerateObject())
        {
            var ppath = JsonPath.Field(mpath, p.Name);
            var d = input.Number(p.Value, ppath);
            if (d is null) continue;
            if (d < min || d > max)
            {
                var range = max is null ? $"at least {Numbers.Shortest(min)}" : $"between {Numbers.Shortest(min)} and {Numbers.Shortest(max.Value)}";
                var rangeZh = max is null ? $"不得小于 {Numbers.Shortest(min)}" : $"应在 {Numbers.Shortest(min)} 到 {Numbers.Shortest(max.Value)} 之间";
                input.Add(ppath, $"must be {range}", rangeZh);
                continue;
            }
            if (!map.TryAdd(p.Name, d.Value)) input.Add(ppath, $"duplicate key \"{p.Name}\"", $"“{p.Name}”重复");
        }
        if (map.Count == 0 && me.EnumerateObject().Any() == false) input.Add(mpath, "must not be empty", "不能为空");
        return map;
    }

    private static Method Table(JsonInput input, JsonElement el, string path)
    {
        input.Object(el, path, ["type", "points", "rest"]);
        var raw = NumberMap(input, el, path, "points", 0m, null);
        var rest = input.Number(el, path, "rest", required: false) ?? 0m;
        if (rest < 0) input.Add(JsonPath.Field(path, "rest"), "must not be below 0", "不得小于 0");
        // Keys that are numbers are matched in their shortest form ("2.50" and "2.5" are the same key).
        var table = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (k, v) in raw)
        {
            var key = decimal.TryParse(k, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n) ? Numbers.Shortest(n) : k;
            if (!table.TryAdd(key, v)) input.Add(JsonPath.Field(JsonPath.Field(path, "points"), k), $"the key \"{k}\" is the same number as another key", $"“{k}”与另一项是同一个数");
        }
        return new Method { Type = MethodType.Table, Table = table, Rest = rest };
    }

    private static Method Grade(JsonInput input, JsonElement el, string path)
    {
        input.Object(el, path, ["type", "grades"]);
        return new Method { Type = MethodType.Grade, Grades = NumberMap(input, el, path, "grades", 0m, 1m) };
    }

    private static Method Levels(JsonInput input, JsonElement el, string path)
    {
        input.Object(el, path, ["type", "levels"]);
        return new Method { Type = MethodType.Levels, Levels = NumberMap(input, el, path, "levels", 0m, null) };
    }

    private static Method Events(JsonInput input, JsonElement el, string path)
    {
        input.Object(el, path, ["type", "perEvent", "zeroAt"]);
        var ppath = JsonPath.Field(path, "perEvent");
        decimal? flat = null;
        Dictionary<string, decimal>? byType = null;
        if (!JsonInput.TryField(el, "perEvent", out var pe)) input.Add(ppath, "is required", "必填");
        else if (pe.ValueKind == JsonValueKind.Object) byType = NumberMap(input, el, path, "perEvent", 0m, null);
        else
        {
            flat = input.Number(pe, ppath);
            if (flat < 0) input.Add(ppath, "must not be below 0", "不得小于 0");
        }
        var zeroAt = input.WholeNumber(el, path, "zeroAt", required: false, min: 1);
        return new Method { Type = MethodType.Events, PerEvent = flat, PerEventByType = byType, ZeroAt = zeroAt };
    }
}
