using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Primitives;
using Pacesetter.App.DataEntry;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Schemes;
using Pacesetter.Web.Localization;

namespace Pacesetter.Web.Pages.DataEntry;

/// <summary>
/// The form of one datum: which fields it shows, their current values (from the stored JSON or from what was posted),
/// and the datum JSON built from a posted form, with a problem naming the field for what is not a number.
/// Field names: <c>value</c>, <c>target</c>, <c>previous</c>, <c>grade</c>, <c>item</c>/<c>level</c> (repeated),
/// <c>count</c> or <c>count.TYPE</c>, <c>eventId</c>/<c>eventType</c> (repeated), <c>mode</c> (counts or list).
/// </summary>
public sealed class DatumForm
{
    public const int BlankRows = 2;

    public required Indicator Indicator { get; init; }
    public required InputKind Kind { get; init; }
    public bool NeedsTarget { get; init; }
    public bool TargetOptional { get; init; }
    public bool NeedsPrevious { get; init; }
    /// <summary>Field → values as shown (posted values win over the stored ones, so that a refused form keeps the input).</summary>
    public Dictionary<string, StringValues> Values { get; } = new(StringComparer.Ordinal);

    public string Get(string field, int index = 0) => Values.TryGetValue(field, out var v) && index < v.Count ? v[index] ?? "" : "";

    public int Count(string field) => Values.TryGetValue(field, out var v) ? v.Count : 0;

    /// <summary>The choices in the order of their points, highest first, on every database (<see cref="DatumShape.ByPoints"/>).</summary>
    public IReadOnlyList<string> Grades => DatumShape.ByPoints(Indicator.Method.Grades);
    public IReadOnlyList<string> Levels => DatumShape.ByPoints(Indicator.Method.Levels);
    public IReadOnlyList<string> EventTypes => DatumShape.ByPoints(Indicator.Method.PerEventByType);

    /// <summary>The form of <paramref name="indicator"/>, filled from the stored datum JSON; <paramref name="mode"/> "list" asks for events one by one.</summary>
    public static DatumForm For(Indicator indicator, string? storedJson, string? mode = null)
    {
        var stored = storedJson is null ? null : JsonNode.Parse(storedJson);
        var shape = DatumShape.Of(indicator, eventList: mode == "list" || (mode is null && stored is JsonArray));
        var form = new DatumForm
        {
            Indicator = indicator,
            Kind = shape.Kind,
            NeedsTarget = shape.NeedsTarget,
            TargetOptional = shape.TargetOptional,
            NeedsPrevious = shape.NeedsPrevious,
        };
        form.Fill(stored);
        return form;
    }

    private void Fill(JsonNode? stored)
    {
        switch (Kind)
        {
            case InputKind.Number or InputKind.Score or InputKind.Points:
                if (stored is JsonObject o)
                {
                    Values["value"] = Text(o["value"]);
                    Values["target"] = Text(o["target"]);
                    Values["previous"] = Text(o["previous"]);
                }
                else if (stored is not null) Values["value"] = Text(stored);
                break;
            case InputKind.Grade:
                if (stored is not null) Values["grade"] = Text(stored);
                break;
            case InputKind.Awards:
                {
                    var items = new List<string?>();
                    var levels = new List<string?>();
                    foreach (var a in stored as JsonArray ?? [])
                    {
                        items.Add(Text(a?["item"]));
                        levels.Add(Text(a?["level"]));
                    }
                    Values["item"] = new StringValues(items.ToArray());
                    Values["level"] = new StringValues(levels.ToArray());
                    break;
                }
            case InputKind.Counts:
                if (EventTypes.Count == 0 && stored is not null)
                {
                    // One number per event: the form has one count, the total of counts by type (§4 allows them) or of
                    // a list's events (the form was switched), which costs the same points.
                    Values["count"] = stored switch
                    {
                        JsonObject counts => Total(counts.Select(p => p.Value)),
                        JsonArray list => list.Count.ToString(CultureInfo.InvariantCulture),
                        _ => Text(stored),
                    };
                }
                else if (stored is JsonObject counts)
                {
                    foreach (var (k, v) in counts) Values["count." + k] = Text(v);
                }
                else if (stored is JsonArray list)
                {
                    // A list shown as counts (the form was switched): count the events of each type.
                    foreach (var g in list.GroupBy(e => e?["type"]?.GetValue<string>() ?? "")) Values[g.Key.Length == 0 ? "count" : "count." + g.Key] = g.Count().ToString(CultureInfo.InvariantCulture);
                }
                else if (stored is not null) Values["count"] = Text(stored);
                break;
            case InputKind.Events:
                {
                    var ids = new List<string?>();
                    var types = new List<string?>();
                    foreach (var e in stored as JsonArray ?? [])
                    {
                        ids.Add(Text(e?["id"]));
                        types.Add(Text(e?["type"]));
                    }
                    Values["eventId"] = new StringValues(ids.ToArray());
                    Values["eventType"] = new StringValues(types.ToArray());
                    break;
                }
        }
    }

    private static string Total(IEnumerable<JsonNode?> counts) =>
        counts.Sum(c => c?.GetValue<decimal>() ?? 0m).ToString(CultureInfo.InvariantCulture);

    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };

    /// <summary>
    /// Builds the datum JSON from a posted form, or the problems of fields that are not numbers; null JSON with no
    /// problems when the form is empty (the datum is cleared). The engine checks the rest.
    /// </summary>
    public (JsonNode? Value, List<FieldProblem> Problems) Build(IFormCollection posted)
    {
        foreach (var key in new[] { "value", "target", "previous", "grade", "item", "level", "eventId", "eventType", "count" }) if (posted.ContainsKey(key)) Values[key] = posted[key];
        foreach (var (k, v) in posted) if (k.StartsWith("count.", StringComparison.Ordinal)) Values[k] = v;
        var problems = new List<FieldProblem>();
        switch (Kind)
        {
            case InputKind.Number or InputKind.Score or InputKind.Points:
                {
                    var value = Number("value", problems);
                    var target = NeedsTarget ? Number("target", problems) : null;
                    var previous = NeedsPrevious ? Number("previous", problems) : null;
                    if (problems.Count > 0) return (null, problems);
                    if (value is null && target is null && previous is null) return (null, problems);
                    if (value is null) problems.Add(Required("value"));
                    if (NeedsTarget && !TargetOptional && target is null) problems.Add(Required("target"));
                    if (NeedsPrevious && previous is null) problems.Add(Required("previous"));
                    if (problems.Count > 0) return (null, problems);
                    if (target is null && previous is null) return (JsonValue.Create(value!.Value), problems);
                    var o = new JsonObject { ["value"] = value };
                    if (target is not null) o["target"] = target;
                    if (previous is not null) o["previous"] = previous;
                    return (o, problems);
                }
            case InputKind.Grade:
                {
                    var g = Get("grade").Trim();
                    return (g.Length == 0 ? null : JsonValue.Create(g), problems);
                }
            case InputKind.Awards:
                {
                    var list = new JsonArray();
                    for (int i = 0; i < Math.Max(Count("item"), Count("level")); i++)
                    {
                        var item = Get("item", i).Trim();
                        var level = Get("level", i).Trim();
                        if (item.Length == 0 && level.Length == 0) continue;
                        list.Add(new JsonObject { ["item"] = item.Length == 0 ? null : item, ["level"] = level.Length == 0 ? null : level });
                    }
                    return (list.Count == 0 ? null : list, problems);
                }
            case InputKind.Events:
                {
                    var list = new JsonArray();
                    for (int i = 0; i < Math.Max(Count("eventId"), Count("eventType")); i++)
                    {
                        var id = Get("eventId", i).Trim();
                        var type = Get("eventType", i).Trim();
                        if (id.Length == 0 && type.Length == 0) continue;
                        var e = new JsonObject();
                        if (id.Length > 0) e["id"] = id;
                        if (type.Length > 0) e["type"] = type;
                        list.Add(e);
                    }
                    return (list.Count == 0 ? null : list, problems);
                }
            default:
                {
                    if (EventTypes.Count == 0)
                    {
                        var n = Number("count", problems);
                        return (n is null ? null : JsonValue.Create(n.Value), problems);
                    }
                    var o = new JsonObject();
                    foreach (var t in EventTypes)
                    {
                        var n = Number("count." + t, problems, t);
                        if (n is not null) o[t] = n;
                    }
                    return (problems.Count > 0 || o.Count == 0 ? null : o, problems);
                }
        }
    }

    private decimal? Number(string field, List<FieldProblem> problems, string? engineField = null)
    {
        var text = Get(field).Trim();
        if (text.Length == 0) return null;
        // Full-width digits from a Chinese input method count as their ASCII forms (NumberInput, issue #8 defect 12).
        if (NumberInput.TryParse(text, out var d)) return d;
        problems.Add(new FieldProblem(engineField ?? FieldOf(field), "", "must be a number", "必须是数字"));
        return null;
    }

    private FieldProblem Required(string field) => new(FieldOf(field), "", "is required", "必填");

    /// <summary>Form field → the field name under the datum as the engine's paths give it ("" for a plain number).</summary>
    private static string FieldOf(string field) => field is "value" or "count" ? "" : field;

    /// <summary>The label of a problem's field, e.g. 「目标值」, 「第 1 条·级别」, 「“red”次数」.</summary>
    public string Label(string field, IStringLocalizer<DataEntryText> t)
    {
        if (field.Length == 0 || field == "value") return Main(t);
        if (field is "target" or "previous") return t["Field." + field];
        if (field.StartsWith('['))
        {
            var close = field.IndexOf(']');
            var index = int.TryParse(field.AsSpan(1, close - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i + 1 : 0;
            var rest = field[(close + 1)..].TrimStart('.');
            return rest.Length == 0 ? t["Field.Row", index, Main(t)] : t["Field.Row", index, t["Field." + rest]];
        }
        return Kind == InputKind.Counts ? t["Field.CountOf", Pacesetter.Scoring.Text.Terms.For(RequestLanguage.Current).EventTypeName(field)] : field;
    }

    /// <summary>The label of the datum's main input.</summary>
    public string Main(IStringLocalizer<DataEntryText> t) => Kind switch
    {
        InputKind.Score => t["Field.score"],
        InputKind.Points => t["Field.points"],
        InputKind.Grade => t["Field.grade"],
        InputKind.Awards => t["Field.awards"],
        InputKind.Counts => t["Field.count"],
        InputKind.Events => t["Field.events"],
        // Beside a target the value is what was achieved (完成值 / 目标值), as the datum's description says it.
        _ => NeedsTarget ? t["Words.Achieved"] : t["Field.value"],
    };

    /// <summary>A problem as the user reads it: 「目标值」目标值应大于 0.</summary>
    public string Describe(FieldProblem p, IStringLocalizer<DataEntryText> t) =>
        t["Problem.Format", Label(p.Field, t), p.Message(RequestLanguage.Current)];
}
