using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;
using Pacesetter.Scoring.Output;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.Web.Pages.Schemes;

/// <summary>
/// The editor's forms over the scheme document (scoring.md §7): the field values of an indicator or a category read
/// from the JSON, and a form edit applied back to it. The JSON stays the single source of truth: an edit changes
/// only the fields of its form, and a field that cannot be applied (a weight that is no number, parameters that are
/// no JSON object) leaves the whole document unchanged and is named in the user's language.
/// </summary>
public static class SchemeForms
{
    public static IReadOnlyList<string> Kinds => MethodTypes.Kinds;
    public static readonly string[] Directions = ["higher", "lower"];
    public static readonly string[] Measures = ["value", "growth"];
    public static readonly string[] Missings = ["zero", "average", "exclude"];
    /// <summary>The engine's own method names (rollup included), base ones first.</summary>
    public static IReadOnlyList<string> Methods => MethodTypes.All;

    /// <summary>The indicator form's fields.</summary>
    public static readonly string[] IndicatorFields = ["id", "name", "kind", "weight", "core", "direction", "measure", "missing", "method", "params"];

    /// <summary>The posted state of one form, shown again with its errors when it could not be applied.</summary>
    public sealed record FormState(string Key, IReadOnlyDictionary<string, string> Values, IReadOnlyDictionary<string, string> Errors);

    /// <summary>What one form shows: its values (posted or read), its errors, and whether it starts open.</summary>
    public sealed record FormModel(string ApplyUrl, string Category, string? Indicator, IReadOnlyDictionary<string, string> Values, IReadOnlyDictionary<string, string> Errors, bool Open)
    {
        /// <summary>A prefix for the ids of the form's fields, unique on the page.</summary>
        public string Prefix => Indicator is null ? $"a-{Category}" : $"i-{Category}-{Indicator}";

        public string Value(string field) => Values.TryGetValue(field, out var v) ? v : "";

        public string? Error(string field) => Errors.TryGetValue(field, out var e) ? e : null;
    }

    /// <summary>The form of the key in the view: the posted values and errors when it was the one that failed, else the values read.</summary>
    public static FormModel For(SchemeView view, string key, string category, string? indicator, IReadOnlyDictionary<string, string> read) =>
        view.Form is { } posted && posted.Key == key
            ? new FormModel(view.ApplyUrl!, category, indicator, posted.Values, posted.Errors, true)
            : new FormModel(view.ApplyUrl!, category, indicator, read, new Dictionary<string, string>(), false);

    public static string IndicatorKey(string category, string? indicator) => $"indicator:{category}:{indicator}";

    public static Dictionary<string, string> IndicatorValues(JsonObject i)
    {
        var values = new Dictionary<string, string>
        {
            ["id"] = Str(i["id"]),
            ["name"] = Str(i["name"]),
            ["kind"] = Str(i["kind"]) is { Length: > 0 } k ? k : "base",
            ["weight"] = i["weight"] is JsonValue w ? (w.GetValueKind() == JsonValueKind.String ? w.GetValue<string>() : w.ToJsonString()) : "",
            ["core"] = i["core"] is JsonValue c && c.TryGetValue<bool>(out var b) && b ? "true" : "",
            ["direction"] = Str(i["direction"]),
            ["measure"] = Str(i["measure"]),
            ["missing"] = Str(i["missing"]),
            ["method"] = "",
            ["params"] = "",
        };
        if (i["method"] is JsonObject m)
        {
            values["method"] = Str(m["type"]);
            var rest = m.DeepClone().AsObject();
            rest.Remove("type");
            values["params"] = rest.ToJsonString(JsonFormats.Compact);
        }
        return values;
    }

    /// <summary>The category with the id, or null.</summary>
    public static JsonObject? Category(JsonObject doc, string id) =>
        (doc["categories"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => Str(c["id"]) == id);

    /// <summary>
    /// Applies the indicator form to the category <paramref name="category"/>: replaces the fields of the indicator
    /// <paramref name="original"/>, or adds a new one when it is null or empty. Returns the field errors; the document
    /// is changed only when there are none.
    /// </summary>
    public static Dictionary<string, string> ApplyIndicator(JsonObject doc, string category, string? original, IReadOnlyDictionary<string, string> values, IStringLocalizer<SchemesText> text)
    {
        var errors = new Dictionary<string, string>();
        var cat = Category(doc, category);
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
            else if (AllIndicatorIds(doc).Contains(id)) errors["id"] = text["Form.DuplicateId", text["Indicator.Id"], id];
        }
        var form = ReadIndicatorForm(values, text, errors);
        if (errors.Count > 0) return errors;

        var indicator = target ?? new JsonObject { ["id"] = id };
        WriteIndicator(indicator, values, form);
        if (target is null)
        {
            if (cat["indicators"] is not JsonArray list) cat["indicators"] = list = [];
            list.Add(indicator);
        }
        return errors;
    }

    /// <summary>The indicator form's typed fields once checked: weight, kind, method and its parameters.</summary>
    private sealed record IndicatorForm(decimal? Weight, string Kind, string MethodType, JsonObject? Parameters);

    /// <summary>Checks the indicator form's fields against the engine's names; each wrong field gets an error.</summary>
    private static IndicatorForm ReadIndicatorForm(IReadOnlyDictionary<string, string> values, IStringLocalizer<SchemesText> text, Dictionary<string, string> errors)
    {
        var weightText = Get(values, "weight");
        decimal? weight = null;
        if (weightText.Length > 0)
        {
            if (TryNumber(weightText, out var w)) weight = w;
            else errors["weight"] = text["Form.NotNumber", text["Indicator.Weight"], weightText];
        }
        var kind = Get(values, "kind");
        if (kind.Length > 0 && !Kinds.Contains(kind)) errors["kind"] = text["Form.NotChoice", text["Indicator.Kind"], kind];
        foreach (var (field, choices, label) in new[] { ("direction", Directions, "Indicator.Direction"), ("measure", Measures, "Indicator.Measure"), ("missing", Missings, "Indicator.Missing") })
        {
            var v = Get(values, field);
            if (v.Length > 0 && !choices.Contains(v)) errors[field] = text["Form.NotChoice", text[label], v];
        }
        var methodType = Get(values, "method");
        var paramsText = Get(values, "params");
        JsonObject? parameters = null;
        if (paramsText.Length > 0)
        {
            var scan = JsonScan.Text(paramsText);
            try
            {
                if (scan.Count == 0) parameters = JsonNode.Parse(paramsText) as JsonObject;
            }
            catch (JsonException)
            {
            }
            if (scan.Count > 0) errors["params"] = $"{text["Indicator.Parameters"]}: {scan[0].Message(Localization.RequestLanguage.Current)}";
            else if (parameters is null) errors["params"] = text["Form.NotObject", text["Indicator.Parameters"]];
        }
        if (methodType.Length > 0 && !Methods.Contains(methodType)) errors["method"] = text["Form.NotChoice", text["Indicator.Method"], methodType];
        return new IndicatorForm(weight, kind, methodType, parameters);
    }

    /// <summary>Writes the checked form into the indicator's JSON, leaving defaults out where the file had left them out.</summary>
    private static void WriteIndicator(JsonObject indicator, IReadOnlyDictionary<string, string> values, IndicatorForm form)
    {
        indicator["name"] = Get(values, "name");
        SetOptional(indicator, "kind", form.Kind.Length == 0 ? null : JsonValue.Create(form.Kind), "base");
        if (form.Weight is { } wv) indicator["weight"] = JsonValue.Create(wv);
        else indicator.Remove("weight");
        var core = Get(values, "core") is "true" or "on";
        SetOptional(indicator, "core", JsonValue.Create(core), "false");
        foreach (var field in new[] { "direction", "measure", "missing" })
        {
            var v = Get(values, field);
            SetOptional(indicator, field, v.Length == 0 ? null : JsonValue.Create(v), null);
        }
        if (form.MethodType.Length == 0 && form.Parameters is null) indicator.Remove("method");
        else
        {
            var method = new JsonObject { ["type"] = form.MethodType };
            foreach (var (k, v) in form.Parameters ?? [])
            {
                if (k != "type") method[k] = v?.DeepClone();
            }
            indicator["method"] = method;
        }
    }

    /// <summary>Removes the indicator from the category; false when there is no such indicator.</summary>
    public static bool RemoveIndicator(JsonObject doc, string category, string indicator)
    {
        if (Category(doc, category)?["indicators"] is not JsonArray list) return false;
        var target = list.OfType<JsonObject>().FirstOrDefault(i => Str(i["id"]) == indicator);
        return target is not null && list.Remove(target);
    }

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

    private static bool TryNumber(string s, out decimal d) =>
        decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out d);

    private static string Get(IReadOnlyDictionary<string, string> values, string key) => values.TryGetValue(key, out var v) ? v.Trim() : "";

    private static string Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
}
