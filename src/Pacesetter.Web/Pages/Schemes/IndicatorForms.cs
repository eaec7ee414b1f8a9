using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.Web.Pages.Schemes;

/// <summary>
/// The indicator form of the scheme designer over the scheme document (scoring.md §3, §4, §7, §9): every method's
/// parameters as fields and rows, never as JSON. The JSON stays the single source of truth: applying the form
/// changes only the fields the form shows and leaves every other field of the document as it was (a parameter the
/// form does not know stays while the method stays the same). A field that cannot be applied leaves the whole
/// document unchanged and is named in the user's language; what the engine's reader finds wrong in an indicator is
/// shown next to the field it belongs to.
/// </summary>
/// <remarks>
/// Form field names (posted as <c>f_</c> + key, see _IndicatorForm.cshtml): <c>id name kind weight core direction
/// measure missing method</c>; a scalar parameter by its own name (<c>cap</c>, <c>floor</c>, <c>zeroAt</c> …);
/// rows as <c>&lt;param&gt;_&lt;n&gt;_&lt;cell&gt;</c> with n from 0: rank <c>points_n_s</c>, bands <c>points_n_x</c> and
/// <c>points_n_s</c>, table <c>points_n_key</c>/<c>points_n_value</c>, grade <c>grades_n_key/value</c>, levels
/// <c>levels_n_key/value</c>, events <c>perEvent_n_key/value</c> with <c>perEvent_mode</c> = <c>flat</c> (one number
/// in <c>perEvent</c>) or <c>byType</c>; baseline's "average" as the box <c>baseline_average</c>.
/// </remarks>
public static partial class IndicatorForms
{
    public static IReadOnlyList<string> Kinds => MethodTypes.Kinds;
    public static readonly string[] Directions = ["higher", "lower"];
    public static readonly string[] Measures = ["value", "growth"];
    public static readonly string[] Missings = ["zero", "average", "exclude"];

    /// <summary>The indicator's own fields (the method's parameters come on top, see <see cref="Params"/>).</summary>
    public static readonly string[] CommonFields = ["id", "name", "kind", "weight", "core", "direction", "measure", "missing", "method", "source"];

    /// <summary>
    /// The data sources an indicator of the kind may take (ADR 0030, 0031): a penalty the cards, a base indicator the
    /// project figures; the engine checks the rest (method, perEvent).
    /// </summary>
    public static IReadOnlyList<string> SourcesFor(string kind) => kind switch
    {
        "penalty" => [DataSources.Cards],
        "bonus" => [],
        _ => DataSources.ProjectFigures,
    };

    /// <summary>The longest id and name the form accepts.</summary>
    public const int MaxId = 100, MaxName = 200, MaxKey = 100;

    /// <summary>The methods an indicator of the kind may use (<see cref="MethodTypes.For"/>).</summary>
    public static IReadOnlyList<string> MethodsFor(string kind) => MethodTypes.For(kind switch
    {
        "bonus" => IndicatorKind.Bonus,
        "penalty" => IndicatorKind.Penalty,
        _ => IndicatorKind.Base,
    });

    /// <summary>Whether the method's score depends on <c>direction</c> (bands, table, grade and manual ignore it, §3).</summary>
    public static bool UsesDirection(string method) =>
        method is MethodTypes.Completion or MethodTypes.Efficacy or MethodTypes.Rank or MethodTypes.LeaderRatio or MethodTypes.Baseline;

    public enum ParamKind
    {
        /// <summary>A number; left out when empty.</summary>
        Number,
        /// <summary>A whole number of 1 or more; left out when empty.</summary>
        Whole,
        /// <summary>A yes/no box; false is left out unless the file said it.</summary>
        Flag,
        /// <summary>baseline: a number or "average".</summary>
        NumberOrAverage,
        /// <summary>rank points: one number a row.</summary>
        List,
        /// <summary>bands points: rows x → score.</summary>
        Pairs,
        /// <summary>table, grade, levels: rows key → number.</summary>
        Map,
        /// <summary>events perEvent: one number, or rows type → points.</summary>
        NumberOrMap,
    }

    public sealed record Param(string Name, ParamKind Kind)
    {
        public bool HasRows => Kind is ParamKind.List or ParamKind.Pairs or ParamKind.Map or ParamKind.NumberOrMap;

        /// <summary>The cells of one row.</summary>
        public string[] Cells => Kind switch
        {
            ParamKind.List => ["s"],
            ParamKind.Pairs => ["x", "s"],
            _ => ["key", "value"],
        };
    }

    /// <summary>The parameters of the method, in the order of scoring.md §3–§4 (the reader's own names).</summary>
    public static IReadOnlyList<Param> Params(string method) => method switch
    {
        MethodTypes.Completion => [new("cap", ParamKind.Number), new("floor", ParamKind.Number), new("target", ParamKind.Number)],
        MethodTypes.Efficacy => [new("base", ParamKind.Number), new("span", ParamKind.Number), new("good", ParamKind.Number), new("bad", ParamKind.Number)],
        MethodTypes.Rank => [new("points", ParamKind.List), new("step", ParamKind.Number), new("rest", ParamKind.Number)],
        MethodTypes.Baseline =>
        [
            new("baseline", ParamKind.NumberOrAverage), new("deduct", ParamKind.Number), new("step", ParamKind.Number), new("relative", ParamKind.Flag),
            new("whole", ParamKind.Flag), new("bonusPer", ParamKind.Number), new("bonusCap", ParamKind.Number),
        ],
        MethodTypes.Bands => [new("points", ParamKind.Pairs)],
        MethodTypes.Table => [new("points", ParamKind.Map), new("rest", ParamKind.Number)],
        MethodTypes.Grade => [new("grades", ParamKind.Map)],
        MethodTypes.Levels => [new("levels", ParamKind.Map)],
        MethodTypes.Events => [new("perEvent", ParamKind.NumberOrMap), new("zeroAt", ParamKind.Whole)],
        _ => [],
    };

    /// <summary>The resource key of a parameter's label, e.g. <c>Param.completion.cap</c>; its hint is <c>Hint.…</c>.</summary>
    public static string LabelKey(string method, string param) => $"Param.{method}.{param}";

    public static string HintKey(string method, string param) => $"Hint.{method}.{param}";

    public static string IndicatorKey(string category, string? indicator) => SchemeForms.IndicatorKey(category, indicator);

    // ---- reading the document into fields ----

    /// <summary>The form's values read from an indicator of the document.</summary>
    public static Dictionary<string, string> Values(JsonObject i)
    {
        var values = new Dictionary<string, string>
        {
            ["id"] = Str(i["id"]),
            ["name"] = Str(i["name"]),
            ["kind"] = Str(i["kind"]) is { Length: > 0 } k ? k : "base",
            ["weight"] = Raw(i["weight"]),
            ["core"] = i["core"] is JsonValue c && c.TryGetValue<bool>(out var b) && b ? "true" : "",
            ["direction"] = Str(i["direction"]),
            ["measure"] = Str(i["measure"]),
            ["missing"] = Str(i["missing"]),
            ["source"] = Str(i["source"]),
            ["method"] = "",
        };
        if (i["method"] is not JsonObject m) return values;
        var type = Str(m["type"]);
        values["method"] = type;
        values["shown"] = type;
        foreach (var p in Params(type))
        {
            var node = m[p.Name];
            switch (p.Kind)
            {
                case ParamKind.Flag:
                    values[p.Name] = node is JsonValue fv && fv.TryGetValue<bool>(out var f) && f ? "true" : "";
                    break;
                case ParamKind.NumberOrAverage:
                    if (node is JsonValue av && av.TryGetValue<string>(out var a) && a == "average") values[p.Name + "_average"] = "true";
                    else values[p.Name] = Raw(node);
                    break;
                case ParamKind.List:
                    if (node is JsonArray list)
                    {
                        for (var n = 0; n < list.Count; n++) values[$"{p.Name}_{n}_s"] = Raw(list[n]);
                    }
                    else values[p.Name] = Raw(node);
                    break;
                case ParamKind.Pairs:
                    if (node is JsonArray pairs)
                    {
                        for (var n = 0; n < pairs.Count; n++)
                        {
                            var pair = pairs[n] as JsonArray;
                            values[$"{p.Name}_{n}_x"] = pair is { Count: > 0 } ? Raw(pair[0]) : Raw(pairs[n]);
                            values[$"{p.Name}_{n}_s"] = pair is { Count: > 1 } ? Raw(pair[1]) : "";
                        }
                    }
                    else values[p.Name] = Raw(node);
                    break;
                case ParamKind.Map or ParamKind.NumberOrMap:
                    if (node is JsonObject map)
                    {
                        if (p.Kind == ParamKind.NumberOrMap) values[p.Name + "_mode"] = "byType";
                        var n = 0;
                        foreach (var key in MapRows(map))
                        {
                            values[$"{p.Name}_{n}_key"] = key;
                            values[$"{p.Name}_{n}_value"] = Raw(map[key]);
                            n++;
                        }
                    }
                    else
                    {
                        if (p.Kind == ParamKind.NumberOrMap) values[p.Name + "_mode"] = "flat";
                        values[p.Name] = Raw(node);
                    }
                    break;
                default:
                    values[p.Name] = Raw(node);
                    break;
            }
        }
        return values;
    }

    /// <summary>The row indices present in the values for the parameter, in order.</summary>
    public static List<int> RowIndices(IReadOnlyDictionary<string, string> values, Param p)
    {
        var set = new SortedSet<int>();
        var prefix = p.Name + "_";
        foreach (var key in values.Keys)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var rest = key[prefix.Length..];
            var cut = rest.IndexOf('_');
            if (cut <= 0 || !p.Cells.Contains(rest[(cut + 1)..])) continue;
            if (int.TryParse(rest[..cut], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n < 10_000) set.Add(n);
        }
        return [.. set];
    }

    /// <summary>
    /// The posted values made ready to read and show again: rows renumbered from 0 without the empty ones (a row
    /// removed in the browser leaves a gap), and the parameters dropped when the method changed since they were shown.
    /// </summary>
    public static Dictionary<string, string> Tidy(IReadOnlyDictionary<string, string> posted)
    {
        var values = posted.ToDictionary(kv => kv.Key, kv => kv.Value);
        var method = Get(values, "method");
        var shown = Get(values, "shown");
        var keep = new HashSet<string>(CommonFields) { "shown", "addrow", "copyTo" };
        if (values.ContainsKey("shown") && shown != method)
        {
            foreach (var key in values.Keys.Where(k => !keep.Contains(k)).ToList()) values.Remove(key);
            values["shown"] = method;
            return values;
        }
        foreach (var p in Params(method).Where(p => p.HasRows))
        {
            var rows = RowIndices(values, p)
                .Select(n => p.Cells.Select(c => Get(values, $"{p.Name}_{n}_{c}")).ToArray())
                .Where(cells => cells.Any(c => c.Length > 0))
                .ToList();
            foreach (var key in values.Keys.Where(k => k.StartsWith(p.Name + "_", StringComparison.Ordinal) && !k.EndsWith("_mode", StringComparison.Ordinal) && !k.EndsWith("_rows", StringComparison.Ordinal)).ToList())
            {
                values.Remove(key);
            }
            for (var n = 0; n < rows.Count; n++)
            {
                for (var c = 0; c < p.Cells.Length; c++) values[$"{p.Name}_{n}_{p.Cells[c]}"] = rows[n][c];
            }
        }
        return values;
    }

    /// <summary>The rows the form shows for the parameter: those filled, one empty to type into, at least three, more when asked.</summary>
    public static int RowsShown(IReadOnlyDictionary<string, string> values, Param p)
    {
        var filled = RowIndices(values, p) is { Count: > 0 } list ? list[^1] + 1 : 0;
        var asked = FormNumbers.TryWhole(Get(values, p.Name + "_rows"), out var r) ? Math.Min(r, 200) : 0;
        if (Get(values, "addrow") == p.Name) asked = Math.Max(asked, Math.Max(filled + 1, 3)) + 1;
        return Math.Max(Math.Max(filled + 1, 3), asked);
    }

    // ---- applying the form to the document ----

    /// <summary>
    /// Applies the indicator form to the category: replaces the fields of the indicator <paramref name="original"/>,
    /// or adds a new one when it is null or empty. Returns the field errors; the document is changed only when there
    /// are none.
    /// </summary>
    public static Dictionary<string, string> Apply(JsonObject doc, string category, string? original, IReadOnlyDictionary<string, string> posted, IStringLocalizer<SchemesText> text)
    {
        var values = Tidy(posted);
        var errors = new Dictionary<string, string>();
        var cat = SchemeForms.Category(doc, category);
        if (cat is null)
        {
            errors[""] = text["Form.NoCategory", category];
            return errors;
        }
        var isNew = string.IsNullOrEmpty(original);
        JsonObject? target = null;
        if (!isNew)
        {
            target = (cat["indicators"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(i => Str(i["id"]) == original);
            if (target is null)
            {
                errors[""] = text["Form.NoIndicator", original!];
                return errors;
            }
        }
        var id = isNew ? Get(values, "id") : original!;
        if (isNew)
        {
            if (id.Length == 0) errors["id"] = text["Form.Required", text["Indicator.Id"]];
            else if (id.Length > MaxId) errors["id"] = text["Form.TooLong", text["Indicator.Id"], MaxId];
            else if (id.Contains('/')) errors["id"] = text["Form.IdSlash", text["Indicator.Id"]];
            else if (AllIndicatorIds(doc).Contains(id)) errors["id"] = text["Form.DuplicateId", text["Indicator.Id"], id];
        }
        var name = Get(values, "name");
        if (name.Length > MaxName) errors["name"] = text["Form.TooLong", text["Indicator.Name"], MaxName];

        decimal? weight = null;
        var weightText = Get(values, "weight");
        if (weightText.Length > 0)
        {
            if (FormNumbers.TryNumber(weightText, out var w)) weight = w;
            else errors["weight"] = text["Form.NotNumber", text["Indicator.Weight"], weightText];
        }
        var kind = Get(values, "kind");
        if (kind.Length > 0 && !Kinds.Contains(kind)) errors["kind"] = text["Form.NotChoice", text["Indicator.Kind"], kind];
        foreach (var (field, choices, label) in new[] { ("direction", Directions, "Indicator.Direction"), ("measure", Measures, "Indicator.Measure"), ("missing", Missings, "Indicator.Missing") })
        {
            var v = Get(values, field);
            if (v.Length > 0 && !choices.Contains(v)) errors[field] = text["Form.NotChoice", text[label], v];
        }
        var source = Get(values, "source");
        if (source.Length > 0 && !DataSources.IsKnown(source)) errors["source"] = text["Form.NotChoice", text["Indicator.Source"], source];
        var method = Get(values, "method");
        if (method.Length > 0 && !MethodsFor(kind).Contains(method))
        {
            errors["method"] = text["Form.MethodForKind", text["Indicator.Method"], text["Kind." + (Kinds.Contains(kind) ? kind : "base")],
                string.Join("、", MethodsFor(kind).Select(m => text["Method." + m].Value))];
        }
        var parameters = errors.ContainsKey("method") ? [] : ReadParams(method, values, text, errors);
        if (errors.Count > 0) return errors;

        var indicator = target ?? new JsonObject { ["id"] = id };
        indicator["name"] = name;
        SetOptional(indicator, "kind", kind.Length == 0 ? null : JsonValue.Create(kind), "base");
        if (weight is { } wv) indicator["weight"] = JsonValue.Create(wv);
        else indicator.Remove("weight");
        if (kind is "" or "base")
        {
            SetOptional(indicator, "core", JsonValue.Create(Get(values, "core") is "true" or "on"), "false");
            foreach (var field in new[] { "measure", "missing" })
            {
                var v = Get(values, field);
                SetOptional(indicator, field, v.Length == 0 ? null : JsonValue.Create(v), null);
            }
            // A method that ignores the direction does not show it: the file keeps what it had.
            if (UsesDirection(method) || values.ContainsKey("direction"))
            {
                var v = Get(values, "direction");
                SetOptional(indicator, "direction", v.Length == 0 ? null : JsonValue.Create(v), null);
            }
        }
        WriteMethod(indicator, method, parameters);
        // 系统填报: where the system takes the datum from; left out for data entered by people.
        SetOptional(indicator, "source", source.Length == 0 ? null : JsonValue.Create(source), null);
        if (target is null)
        {
            if (cat["indicators"] is not JsonArray list) cat["indicators"] = list = [];
            list.Add(indicator);
        }
        return errors;
    }

    /// <summary>Writes the method: the same type keeps the parameters the form does not know; another type starts afresh.</summary>
    private static void WriteMethod(JsonObject indicator, string type, Dictionary<string, JsonNode?> parameters)
    {
        if (type.Length == 0)
        {
            indicator.Remove("method");
            return;
        }
        var existing = indicator["method"] as JsonObject;
        var method = existing is not null && Str(existing["type"]) == type ? existing : new JsonObject { ["type"] = type };
        foreach (var (k, v) in parameters)
        {
            // A box left empty (false, the default) is written only where the file said it.
            if (v is null || (v is JsonValue b && b.GetValueKind() == JsonValueKind.False && !method.ContainsKey(k))) method.Remove(k);
            else method[k] = v;
        }
        if (!ReferenceEquals(method, existing)) indicator["method"] = method;
    }

    /// <summary>The method's parameters read from the fields: a JSON value to write, or null to leave the parameter out.</summary>
    private static Dictionary<string, JsonNode?> ReadParams(string method, Dictionary<string, string> values, IStringLocalizer<SchemesText> text, Dictionary<string, string> errors)
    {
        var result = new Dictionary<string, JsonNode?>();
        foreach (var p in Params(method))
        {
            string label = text[LabelKey(method, p.Name)];
            var v = Get(values, p.Name);
            switch (p.Kind)
            {
                case ParamKind.Number:
                    result[p.Name] = ReadNumber(v, p.Name, label, text, errors);
                    break;
                case ParamKind.Whole:
                    if (v.Length == 0) result[p.Name] = null;
                    else if (FormNumbers.TryWhole(v, out var whole) && whole >= 1) result[p.Name] = JsonValue.Create(whole);
                    else errors[p.Name] = text["Form.NotPositiveWhole", label, v];
                    break;
                case ParamKind.Flag:
                    result[p.Name] = JsonValue.Create(v is "true" or "on");
                    break;
                case ParamKind.NumberOrAverage:
                    if (Get(values, p.Name + "_average") is "true" or "on")
                    {
                        if (v.Length > 0) errors[p.Name] = text["Form.NumberOrAverage", label];
                        else result[p.Name] = JsonValue.Create("average");
                    }
                    else result[p.Name] = ReadNumber(v, p.Name, label, text, errors);
                    break;
                case ParamKind.List:
                    result[p.Name] = ReadList(values, p, label, text, errors);
                    break;
                case ParamKind.Pairs:
                    result[p.Name] = ReadPairs(values, p, label, text, errors);
                    break;
                case ParamKind.Map:
                    result[p.Name] = ReadMap(values, p, label, method == MethodTypes.Table, text, errors);
                    break;
                case ParamKind.NumberOrMap:
                    result[p.Name] = Get(values, p.Name + "_mode") == "byType"
                        ? ReadMap(values, p, label, false, text, errors)
                        : ReadNumber(v, p.Name, label, text, errors);
                    break;
            }
        }
        if (method == MethodTypes.Rank && !errors.ContainsKey("points") && !errors.ContainsKey("step"))
        {
            var hasPoints = result["points"] is not null;
            var hasStep = result["step"] is not null;
            if (hasPoints == hasStep) errors["points"] = text["Form.PointsOrStep", text[LabelKey(method, "points")], text[LabelKey(method, "step")]];
        }
        return result;
    }

    private static JsonNode? ReadNumber(string v, string field, string label, IStringLocalizer<SchemesText> text, Dictionary<string, string> errors)
    {
        if (v.Length == 0) return null;
        if (FormNumbers.TryNumber(v, out var d)) return JsonValue.Create(d);
        errors[field] = text["Form.NotNumber", label, v];
        return null;
    }

    private static JsonArray? ReadList(Dictionary<string, string> values, Param p, string label, IStringLocalizer<SchemesText> text, Dictionary<string, string> errors)
    {
        JsonArray list = [];
        foreach (var n in RowIndices(values, p))
        {
            var s = Get(values, $"{p.Name}_{n}_s");
            if (s.Length == 0) continue;
            if (FormNumbers.TryNumber(s, out var d)) list.Add(JsonValue.Create(d));
            else errors[$"{p.Name}_{n}_s"] = text["Form.RowNotNumber", label, n + 1, s];
        }
        return list.Count == 0 ? null : list;
    }

    private static JsonArray? ReadPairs(Dictionary<string, string> values, Param p, string label, IStringLocalizer<SchemesText> text, Dictionary<string, string> errors)
    {
        JsonArray list = [];
        foreach (var n in RowIndices(values, p))
        {
            var x = Get(values, $"{p.Name}_{n}_x");
            var s = Get(values, $"{p.Name}_{n}_s");
            if (x.Length == 0 && s.Length == 0) continue;
            var ok = true;
            foreach (var (cell, v) in new[] { ("x", x), ("s", s) })
            {
                if (v.Length == 0)
                {
                    errors[$"{p.Name}_{n}_{cell}"] = text["Form.RowIncomplete", label, n + 1];
                    ok = false;
                }
                else if (!FormNumbers.TryNumber(v, out _))
                {
                    errors[$"{p.Name}_{n}_{cell}"] = text["Form.RowNotNumber", label, n + 1, v];
                    ok = false;
                }
            }
            if (!ok) continue;
            FormNumbers.TryNumber(x, out var xd);
            FormNumbers.TryNumber(s, out var sd);
            list.Add(new JsonArray(JsonValue.Create(xd), JsonValue.Create(sd)));
        }
        return list.Count == 0 ? null : list;
    }

    private static JsonObject? ReadMap(Dictionary<string, string> values, Param p, string label, bool numberKeys, IStringLocalizer<SchemesText> text, Dictionary<string, string> errors)
    {
        JsonObject map = [];
        foreach (var n in RowIndices(values, p))
        {
            var key = Get(values, $"{p.Name}_{n}_key");
            var v = Get(values, $"{p.Name}_{n}_value");
            if (key.Length == 0 && v.Length == 0) continue;
            // A table's key that is a number is written in its shortest form, as the engine matches it (§3: 2.50 → "2.5").
            if (numberKeys && FormNumbers.TryNumber(key, out var kd)) key = Numbers.Shortest(kd);
            if (key.Length == 0) errors[$"{p.Name}_{n}_key"] = text["Form.RowIncomplete", label, n + 1];
            else if (key.Length > MaxKey) errors[$"{p.Name}_{n}_key"] = text["Form.RowTooLong", label, n + 1, MaxKey];
            else if (map.ContainsKey(key)) errors[$"{p.Name}_{n}_key"] = text["Form.RowDuplicate", label, n + 1, key];
            if (v.Length == 0) errors[$"{p.Name}_{n}_value"] = text["Form.RowIncomplete", label, n + 1];
            else if (!FormNumbers.TryNumber(v, out _)) errors[$"{p.Name}_{n}_value"] = text["Form.RowNotNumber", label, n + 1, v];
            if (errors.ContainsKey($"{p.Name}_{n}_key") || errors.ContainsKey($"{p.Name}_{n}_value")) continue;
            FormNumbers.TryNumber(v, out var d);
            map[key] = JsonValue.Create(d);
        }
        return map.Count == 0 ? null : map;
    }

    /// <summary>Removes the indicator from the category; false when there is no such indicator.</summary>
    public static bool Remove(JsonObject doc, string category, string indicator)
    {
        if (SchemeForms.Category(doc, category)?["indicators"] is not JsonArray list) return false;
        var target = list.OfType<JsonObject>().FirstOrDefault(i => Str(i["id"]) == indicator);
        return target is not null && list.Remove(target);
    }

    // ---- copying an indicator to another category ----

    /// <summary>The first id not used in the document: <c>revenue-2</c>, <c>revenue-3</c> …</summary>
    public static string FreeId(IEnumerable<string> used, string id)
    {
        var set = used.ToHashSet(StringComparer.Ordinal);
        for (var n = 2; ; n++)
        {
            var candidate = $"{id}-{n}";
            if (!set.Contains(candidate)) return candidate;
        }
    }

    /// <summary>
    /// Copies the indicator as it stands in the document to the end of the category <paramref name="target"/> under
    /// a free id (<see cref="FreeId"/>). Returns the errors (field <c>copyTo</c>); the document changes only without.
    /// </summary>
    public static Dictionary<string, string> Copy(JsonObject doc, string category, string indicator, string target, IStringLocalizer<SchemesText> text)
    {
        var errors = new Dictionary<string, string>();
        var source = (SchemeForms.Category(doc, category)?["indicators"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(i => Str(i["id"]) == indicator);
        if (source is null)
        {
            errors[""] = text["Form.NoIndicator", indicator];
            return errors;
        }
        if (target.Length == 0)
        {
            errors["copyTo"] = text["Form.Required", text["Form.CopyTo"]];
            return errors;
        }
        var to = SchemeForms.Category(doc, target);
        if (to is null || target == category)
        {
            errors["copyTo"] = text["Form.NotChoice", text["Form.CopyTo"], target];
            return errors;
        }
        var copy = source.DeepClone().AsObject();
        copy["id"] = FreeId(AllIndicatorIds(doc), indicator);
        if (to["indicators"] is not JsonArray list) to["indicators"] = list = [];
        list.Add(copy);
        return errors;
    }

    // ---- the reader's problems next to their fields ----

    [GeneratedRegex(@"^\$\.categories\[(\d+)\]\.indicators\[(\d+)\](.*)$")]
    private static partial Regex IndicatorPath();

    [GeneratedRegex(@"^\.method(?:\.([A-Za-z_][A-Za-z0-9_-]*))?(.*)$")]
    private static partial Regex MethodPath();

    [GeneratedRegex(@"^\[(\d+)\](?:\[(\d+)\])?")]
    private static partial Regex IndexPath();

    /// <summary>
    /// The reader's problems that lie inside an indicator, by the indicator's form key and then by the field they
    /// belong to (<c>$.categories[0].indicators[1].method.cap</c> → <c>cap</c>; a bands row → <c>points_n_x</c>).
    /// A problem of the indicator as a whole is under the field "".
    /// </summary>
    public static Dictionary<string, Dictionary<string, List<Problem>>> FieldProblems(JsonObject doc, IEnumerable<Problem> problems)
    {
        var result = new Dictionary<string, Dictionary<string, List<Problem>>>();
        var categories = doc["categories"] as JsonArray;
        foreach (var problem in problems)
        {
            var m = IndicatorPath().Match(problem.Path);
            if (!m.Success || categories is null) continue;
            var c = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var i = int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (c >= categories.Count || categories[c] is not JsonObject cat || cat["indicators"] is not JsonArray inds || i >= inds.Count || inds[i] is not JsonObject ind) continue;
            var field = Field(ind, m.Groups[3].Value);
            var key = IndicatorKey(Str(cat["id"]), Str(ind["id"]));
            if (!result.TryGetValue(key, out var fields)) result[key] = fields = [];
            if (!fields.TryGetValue(field, out var list)) fields[field] = list = [];
            list.Add(problem);
        }
        return result;
    }

    /// <summary>The form field a path inside an indicator belongs to.</summary>
    private static string Field(JsonObject indicator, string rest)
    {
        if (rest.Length == 0) return "";
        var mm = MethodPath().Match(rest);
        if (!mm.Success)
        {
            var name = rest.TrimStart('.');
            return CommonFields.Contains(name) ? name : "";
        }
        if (!mm.Groups[1].Success || mm.Groups[1].Value == "type") return "method";
        var method = indicator["method"] as JsonObject;
        var type = Str(method?["type"]);
        var param = Params(type).FirstOrDefault(p => p.Name == mm.Groups[1].Value);
        if (param is null) return "method";
        var tail = mm.Groups[2].Value;
        if (tail.Length == 0 || !param.HasRows) return param.Name;
        var ix = IndexPath().Match(tail);
        if (ix.Success && param.Kind is ParamKind.List or ParamKind.Pairs)
        {
            var n = ix.Groups[1].Value;
            if (param.Kind == ParamKind.List) return $"{param.Name}_{n}_s";
            return ix.Groups[2].Success && ix.Groups[2].Value == "1" ? $"{param.Name}_{n}_s" : $"{param.Name}_{n}_x";
        }
        if (param.Kind is ParamKind.Map or ParamKind.NumberOrMap && method?[param.Name] is JsonObject map)
        {
            var keys = MapRows(map);
            for (var n = 0; n < keys.Count; n++)
            {
                if (tail == "." + keys[n] || tail == JsonPath.Field("", keys[n])) return $"{param.Name}_{n}_value";
            }
        }
        return param.Name;
    }

    /// <summary>
    /// A map's keys as the form lists them: by their points, highest first, then by key (what is not a number last), as
    /// the entry form, the template and the texts list them (ADR 0051): a PostgreSQL <c>jsonb</c> document keeps no
    /// key order, so the document's own order cannot be what the form shows.
    /// </summary>
    private static List<string> MapRows(JsonObject map) => Pacesetter.App.Schemes.SchemeLayout.KeysByPoints(map);

    /// <summary>The label of a form field in the user's language, for a message next to it.</summary>
    public static string FieldLabel(string method, string field, IStringLocalizer<SchemesText> text)
    {
        if (field.Length == 0) return text["Indicator.Name"];
        if (CommonFields.Contains(field)) return text["Indicator." + char.ToUpperInvariant(field[0]) + field[1..]];
        var parts = field.Split('_');
        if (parts.Length == 3 && int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            return text["Form.Row", text[LabelKey(method, parts[0])], n + 1];
        }
        return text[LabelKey(method, field)];
    }

    // ---- what the editor shows ----

    /// <summary>
    /// The indicator form (of an indicator, or the "add" form when <paramref name="indicator"/> is null) in the view:
    /// the posted values and errors when it was the form posted last, else the values read and the reader's problems
    /// next to their fields; the category's other base weights for the running total; the categories to copy to.
    /// </summary>
    public static IndicatorFormModel Form(SchemeView view, SchemeView.CategoryView category, SchemeView.IndicatorView? indicator, IStringLocalizer<SchemesText> text)
    {
        var key = IndicatorKey(category.Id, indicator?.Id);
        var read = indicator?.Form ?? new Dictionary<string, string> { ["kind"] = "base" };
        var others = category.Indicators.Where(i => indicator is null || !ReferenceEquals(i, indicator)).ToList();
        decimal othersBase = 0, othersCore = 0;
        foreach (var o in others.Where(o => o.Kind == "base"))
        {
            var w = FormNumbers.TryNumber(o.Weight ?? "", out var d) ? d : 0;
            othersBase += w;
            if (o.Core) othersCore += w;
        }
        var allIds = view.Categories.SelectMany(c => c.Indicators).Select(i => i.Id);
        var model = new IndicatorFormModel
        {
            ApplyUrl = view.ApplyUrl!,
            Category = category.Id,
            Indicator = indicator?.Id,
            Values = read,
            Errors = new Dictionary<string, string>(),
            OthersBase = othersBase,
            OthersCore = othersCore,
            CoreShareMin = view.CoreShareMin,
            CopyTargets = [.. view.Categories.Where(c => c.Id != category.Id).Select(c => (c.Id, c.Name))],
            CopyId = indicator is null ? null : FreeId(allIds, indicator.Id),
            NamedSources = view.NamedSources,
        };
        if (view.Form is { } posted && posted.Key == key)
        {
            return model with { Values = posted.Values, Errors = posted.Errors, Open = true };
        }
        if (indicator is not null && view.IndicatorProblems.TryGetValue(key, out var fields))
        {
            var language = Localization.RequestLanguage.Current;
            var method = read.TryGetValue("method", out var m) ? m : "";
            var errors = fields.ToDictionary(kv => kv.Key, kv => $"{FieldLabel(method, kv.Key, text)}：{string.Join("；", kv.Value.Select(p => p.Message(language)))}");
            return model with { Errors = errors, Open = true };
        }
        return model;
    }

    /// <summary>The method's parameters in words for the indicator table (no JSON): <c>封顶系数 1.2 · 保底系数 0.6</c>.</summary>
    public static string Describe(IReadOnlyDictionary<string, string> values, IStringLocalizer<SchemesText> text)
    {
        var method = Get(values, "method");
        var parts = new List<string>();
        foreach (var p in Params(method))
        {
            string label = text[LabelKey(method, p.Name)];
            switch (p.Kind)
            {
                case ParamKind.Flag:
                    if (Get(values, p.Name) == "true") parts.Add(label);
                    break;
                case ParamKind.NumberOrAverage:
                    if (Get(values, p.Name + "_average") == "true") parts.Add($"{label} {text[LabelKey(method, p.Name + "_average")]}");
                    else if (Get(values, p.Name) is { Length: > 0 } b) parts.Add($"{label} {b}");
                    break;
                case ParamKind.List or ParamKind.Pairs or ParamKind.Map or ParamKind.NumberOrMap:
                    var rows = RowIndices(values, p)
                        .Select(n => p.Kind == ParamKind.List ? Get(values, $"{p.Name}_{n}_s") : $"{KeyName(method, Get(values, $"{p.Name}_{n}_{p.Cells[0]}"))}→{Get(values, $"{p.Name}_{n}_{p.Cells[1]}")}")
                        .ToList();
                    if (rows.Count > 0) parts.Add($"{label} {string.Join(text["Form.ListSeparator"], rows)}");
                    else if (Get(values, p.Name) is { Length: > 0 } flat) parts.Add($"{label} {flat}");
                    break;
                default:
                    if (Get(values, p.Name) is { Length: > 0 } v) parts.Add($"{label} {v}");
                    break;
            }
        }
        return string.Join(" · ", parts);
    }

    /// <summary>A row's key as people read it: award levels and event types by the glossary (national → 国家级, red → 红牌).</summary>
    private static string KeyName(string method, string key) => method switch
    {
        MethodTypes.Levels => Scoring.Text.Terms.For(Localization.RequestLanguage.Current).LevelName(key),
        MethodTypes.Events => Scoring.Text.Terms.For(Localization.RequestLanguage.Current).EventTypeName(key),
        _ => key,
    };

    // ---- helpers ----

    private static HashSet<string> AllIndicatorIds(JsonObject doc) =>
        [.. (doc["categories"] as JsonArray ?? []).OfType<JsonObject>().SelectMany(c => (c["indicators"] as JsonArray ?? []).OfType<JsonObject>()).Select(i => Str(i["id"]))];

    /// <summary>Sets the field; removes it when null; leaves it out when absent and the value is the default.</summary>
    private static void SetOptional(JsonObject o, string key, JsonNode? value, string? defaultText)
    {
        if (value is null)
        {
            o.Remove(key);
            return;
        }
        var asText = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value.ToJsonString();
        if (!o.ContainsKey(key) && asText == defaultText) return;
        o[key] = value;
    }

    public static string Get(IReadOnlyDictionary<string, string> values, string key) => values.TryGetValue(key, out var v) ? v.Trim() : "";

    private static string Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    private static string Raw(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => node.ToJsonString(),
    };
}

/// <summary>What one indicator form shows: values (posted or read), errors next to fields, the running total's figures, copy targets.</summary>
public sealed record IndicatorFormModel
{
    public required string ApplyUrl { get; init; }
    public required string Category { get; init; }
    public string? Indicator { get; init; }
    public required IReadOnlyDictionary<string, string> Values { get; init; }
    public required IReadOnlyDictionary<string, string> Errors { get; init; }
    public bool Open { get; init; }

    /// <summary>Σ weights of the category's other base indicators, and of those among them that are core.</summary>
    public decimal OthersBase { get; init; }
    public decimal OthersCore { get; init; }
    public decimal? CoreShareMin { get; init; }

    /// <summary>The categories the indicator may be copied to (id, name), and the id the copy would get.</summary>
    public IReadOnlyList<(string Id, string Name)> CopyTargets { get; init; } = [];
    public string? CopyId { get; init; }

    /// <summary>The named sources a base indicator may take (source, label) besides <see cref="IndicatorForms.SourcesFor"/>: the benchmark gaps and the period's surveys.</summary>
    public IReadOnlyList<(string Source, string Label)> NamedSources { get; init; } = [];

    /// <summary>The sources offered for the form's kind, each with its label (a fixed source's label is the page's text <c>Source.{name}</c>).</summary>
    public IReadOnlyList<(string Source, string? Label)> OfferedSources =>
        [.. IndicatorForms.SourcesFor(Kind).Select(s => (s, (string?)null)), .. Kind == "base" ? NamedSources.Select(b => (b.Source, (string?)b.Label)) : []];

    /// <summary>A prefix for the ids of the form's fields, unique on the page.</summary>
    public string Prefix => Indicator is null ? $"a-{Category}" : $"i-{Category}-{Indicator}";

    public string Value(string field) => Values.TryGetValue(field, out var v) ? v : "";

    public string? Error(string field) => Errors.TryGetValue(field, out var e) ? e : null;

    public string Kind => Value("kind") is { Length: > 0 } k && IndicatorForms.Kinds.Contains(k) ? k : "base";

    public string Method => Value("method");

    public IReadOnlyList<string> Methods => IndicatorForms.MethodsFor(Kind);

    public bool IsCore => Value("core") is "true" or "on";

    /// <summary>Σ base weights of the category with this form's weight as typed (an unreadable weight counts 0).</summary>
    public decimal Total => OthersBase + (Kind == "base" && FormNumbers.TryNumber(Value("weight"), out var w) ? w : 0);

    public decimal CoreTotal => OthersCore + (Kind == "base" && IsCore && FormNumbers.TryNumber(Value("weight"), out var w) ? w : 0);

    /// <summary>The core share in percent with 2 decimals, half away from zero; null without base weight.</summary>
    public decimal? Share => Total > 0 ? Math.Round(CoreTotal * 100 / Total, 2, MidpointRounding.AwayFromZero) : null;
}
