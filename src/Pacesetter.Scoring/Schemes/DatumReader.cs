using System.Text.Json;

namespace Pacesetter.Scoring.Schemes;

/// <summary>Reads one datum and checks it against its indicator's method (the data errors of scoring.md §3–§4).</summary>
internal static class DatumReader
{
    /// <summary>Reads the datum of <paramref name="indicator"/> under <paramref name="parentPath"/>; the path string is only built for a problem.</summary>
    public static Datum? ReadUnder(JsonInput input, JsonElement el, string parentPath, Indicator indicator) =>
        // Fast path: the common valid shapes (most of a large file); anything else is read again and checked here.
        DatumFastPath.TryRead(el, indicator) ?? ReadChecked(input, el, parentPath, indicator);

    /// <summary>The checked reader alone, every problem reported with its path (the fast path's reference in tests).</summary>
    internal static Datum? ReadChecked(JsonInput input, JsonElement el, string parentPath, Indicator indicator) =>
        Read(input, el, JsonPath.Field(parentPath, indicator.Id), indicator);

    /// <summary>The checked reader of a datum whose path is already built (<see cref="DatumCheck"/>).</summary>
    internal static Datum? ReadAt(JsonInput input, JsonElement el, string path, Indicator indicator) => Read(input, el, path, indicator);

    private static Datum? Read(JsonInput input, JsonElement el, string path, Indicator indicator)
    {
        var m = indicator.Method;
        switch (m.Type)
        {
            case MethodType.Grade:
                {
                    if (el.ValueKind != JsonValueKind.String)
                    {
                        input.Add(path, "must be a grade name (a string)", "应为评议等次（字符串）");
                        return null;
                    }
                    var g = el.GetString()!;
                    if (!m.Grades!.ContainsKey(g))
                    {
                        var list = string.Join(", ", m.Grades.Keys);
                        input.Add(path, $"unknown grade \"{g}\" (expected one of {list})", $"未知等次“{g}”（应为 {list} 之一）");
                        return null;
                    }
                    return new TextDatum(g);
                }
            case MethodType.Table when el.ValueKind == JsonValueKind.String:
                return new TextDatum(el.GetString()!);
            case MethodType.Levels:
                return Awards(input, el, path, m);
            case MethodType.Events:
                return Events(input, el, path, m);
            case MethodType.Points:
                {
                    // §7: a number may also be written {"value": …}, as for base indicators (target and previous play no part).
                    var d = el.ValueKind == JsonValueKind.Object ? ValueObject(input, el, path)?.Value : Number(input, el, path);
                    if (d is null) return null;
                    if (d.Value < 0)
                    {
                        input.Add(path, "bonus points must not be below 0", "加分不得小于 0");
                        return null;
                    }
                    return new NumberDatum(d.Value);
                }
        }

        NumberDatum? datum = el.ValueKind == JsonValueKind.Object ? ValueObject(input, el, path) : Number(input, el, path) is { } v ? new NumberDatum(v) : null;
        if (datum is null) return null;
        if (m.Type == MethodType.Completion)
        {
            var target = datum.Target ?? m.Target;
            if (target is null) input.Add(path, "no target: give one in the datum or in the method's target", "缺少目标值：请在数据或计分方法的 target 中给出");
            else if (target <= 0) input.Add(datum.Target is null ? path : JsonPath.Field(path, "target"), "the target must be above 0", "目标值应大于 0");
        }
        if (m.Type == MethodType.Manual && indicator.Measure == MeasureKind.Value && (datum.Value < 0 || datum.Value > indicator.Weight))
        {
            input.Add(path, $"a manual score must lie in [0, {Numbers.Shortest(indicator.Weight)}]", $"直接打分应在 [0, {Numbers.Shortest(indicator.Weight)}] 之内");
            return null;
        }
        return datum;
    }

    private static decimal? Number(JsonInput input, JsonElement el, string path)
    {
        if (el.ValueKind != JsonValueKind.Number)
        {
            input.Add(path, "must be a number or {\"value\": …}", "应为数值或 {\"value\": …}");
            return null;
        }
        return input.Number(el, path);
    }

    private static NumberDatum? ValueObject(JsonInput input, JsonElement el, string path)
    {
        decimal? value = null, target = null, previous = null;
        bool ok = true;
        foreach (var p in el.EnumerateObject())
        {
            var ppath = JsonPath.Field(path, p.Name);
            if (p.Value.ValueKind == JsonValueKind.Null) continue;
            if (p.NameEquals("value")) ok &= (value = input.Number(p.Value, ppath)) is not null;
            else if (p.NameEquals("target")) ok &= (target = input.Number(p.Value, ppath)) is not null;
            else if (p.NameEquals("previous")) ok &= (previous = input.Number(p.Value, ppath)) is not null;
            else
            {
                input.Add(ppath, "unknown field", "未知字段");
                ok = false;
            }
        }
        if (value is null)
        {
            if (ok) input.Add(JsonPath.Field(path, "value"), "is required", "必填");
            return null;
        }
        return ok ? new NumberDatum(value.Value, target, previous) : null;
    }

    private static AwardsDatum? Awards(JsonInput input, JsonElement el, string path, Method m)
    {
        if (el.ValueKind != JsonValueKind.Array)
        {
            input.Add(path, "must be a list of awards {\"item\", \"level\"}", "应为奖项列表 {\"item\", \"level\"}");
            return null;
        }
        var list = new List<Award>();
        int i = 0;
        int before = input.Problems.Count;
        foreach (var a in el.EnumerateArray())
        {
            var p = JsonPath.Index(path, i++);
            if (!input.Object(a, p, ["item", "level"])) continue;
            var item = input.String(a, p, "item", required: true);
            var level = input.String(a, p, "level", required: true);
            if (level is not null && !m.Levels!.ContainsKey(level))
            {
                var known = string.Join(", ", m.Levels.Keys);
                input.Add(JsonPath.Field(p, "level"), $"unknown level \"{level}\" (expected one of {known})", $"未知级别“{level}”（应为 {known} 之一）");
                continue;
            }
            if (item is not null && level is not null) list.Add(new Award(item, level));
        }
        return input.Problems.Count == before ? new AwardsDatum(list) : null;
    }

    private static Datum? Events(JsonInput input, JsonElement el, string path, Method m)
    {
        int before = input.Problems.Count;
        switch (el.ValueKind)
        {
            case JsonValueKind.Number:
                {
                    var n = Count(input, el, path);
                    if (n is null) return null;
                    if (m.PerEventByType is not null)
                    {
                        var types = string.Join(", ", m.PerEventByType.Keys);
                        input.Add(path, $"give counts by type ({types}), since points differ by type", $"各类事件分值不同，请按类型（{types}）给出次数");
                        return null;
                    }
                    return new NumberDatum(n.Value);
                }
            case JsonValueKind.Object:
                {
                    // Counts by type. With one perEvent number every type costs the same (§4: "an object from type to
                    // count" whatever perEvent is): the types are kept for the explanation, the points are count × perEvent.
                    var counts = new List<KeyValuePair<string, decimal>>();
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var p in el.EnumerateObject())
                    {
                        var ppath = JsonPath.Field(path, p.Name);
                        if (!seen.Add(p.Name))
                        {
                            input.Add(ppath, "appears more than once", "重复出现");
                            continue;
                        }
                        if (m.PerEventByType is null ? p.Name.Trim().Length == 0 : !m.PerEventByType.ContainsKey(p.Name))
                        {
                            input.Add(ppath, UnknownType(p.Name, m), UnknownTypeZh(p.Name, m));
                            continue;
                        }
                        var n = Count(input, p.Value, ppath);
                        if (n is not null) counts.Add(new(p.Name, n.Value));
                    }
                    return input.Problems.Count == before ? new CountsDatum(counts) : null;
                }
            case JsonValueKind.Array:
                {
                    var events = new List<Event>();
                    var ids = new HashSet<string>(StringComparer.Ordinal);
                    int i = 0;
                    foreach (var e in el.EnumerateArray())
                    {
                        var p = JsonPath.Index(path, i++);
                        if (!input.Object(e, p, ["id", "type", "date", "note"])) continue;
                        var id = input.String(e, p, "id", required: false);
                        var type = input.String(e, p, "type", required: m.PerEventByType is not null);
                        if (id is not null && !ids.Add(id)) input.Add(JsonPath.Field(p, "id"), $"duplicate event id \"{id}\"", $"事件编号“{id}”重复");
                        if (type is not null && m.PerEventByType is not null && !m.PerEventByType.ContainsKey(type))
                        {
                            input.Add(JsonPath.Field(p, "type"), UnknownType(type, m), UnknownTypeZh(type, m));
                        }
                        events.Add(new Event(id, type));
                    }
                    return input.Problems.Count == before ? new EventsDatum(events) : null;
                }
            default:
                input.Add(path, "must be a count, an object of counts by type, or a list of events", "应为次数、按类型的次数对象或事件列表");
                return null;
        }
    }

    private static string UnknownType(string type, Method m) =>
        m.PerEventByType is null ? "the event type must not be empty" : $"unknown event type \"{type}\" (expected one of {string.Join(", ", m.PerEventByType.Keys)})";

    private static string UnknownTypeZh(string type, Method m) =>
        m.PerEventByType is null ? "事件类型不能为空" : $"未知事件类型“{type}”（应为 {string.Join(", ", m.PerEventByType.Keys)} 之一）";

    private static decimal? Count(JsonInput input, JsonElement el, string path)
    {
        var d = input.Number(el, path);
        if (d is null) return null;
        if (d < 0 || d != decimal.Truncate(d.Value))
        {
            input.Add(path, "a count must be a whole number, at least 0", "次数应为不小于 0 的整数");
            return null;
        }
        return d;
    }
}
