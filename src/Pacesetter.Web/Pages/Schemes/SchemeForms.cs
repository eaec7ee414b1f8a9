using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;
using Pacesetter.Scoring.Output;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.Web.Pages.Schemes;

/// <summary>
/// The editor's forms over the scheme document (scoring.md §7): the field values of a category read from the JSON,
/// and a form edit applied back to it (the indicator form is <see cref="IndicatorForms"/>). The JSON stays the single source of truth: an edit changes
/// only the fields of its form, and a field that cannot be applied (a weight that is no number, parameters that are
/// no JSON object) leaves the whole document unchanged and is named in the user's language.
/// </summary>
public static class SchemeForms
{
    /// <summary>The category form's fields.</summary>
    public static readonly string[] CategoryFields = ["name", "tieBreak", "grades", "pacesetterTop", "pacesetterMin", "winnerTop", "winnerMin", "yellowBottom", "yellowBelow", "flagMin"];


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

    public static string CategoryKey(string category) => $"category:{category}";

    public static Dictionary<string, string> CategoryValues(JsonObject c)
    {
        var values = new Dictionary<string, string>
        {
            ["name"] = Str(c["name"]),
            ["tieBreak"] = c["tieBreak"] is JsonArray t ? string.Join(",", t.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : n?.ToJsonString() ?? "")) : "",
            ["grades"] = "",
        };
        if (c["grades"] is JsonArray grades)
        {
            values["grades"] = string.Join("\n", grades.OfType<JsonObject>().Select(g =>
            {
                var parts = new List<string> { Str(g["name"]), Raw(g["min"]) };
                if (g["quota"] is not null || g["quotaShare"] is not null) parts.Add(Raw(g["quota"]));
                if (g["quotaShare"] is not null) parts.Add(Raw(g["quotaShare"]));
                return string.Join(",", parts);
            }));
        }
        var labels = c["labels"] as JsonObject;
        values["pacesetterTop"] = Raw(labels?["pacesetter"]?["top"]);
        values["pacesetterMin"] = Raw(labels?["pacesetter"]?["min"]);
        values["winnerTop"] = Raw(labels?["winner"]?["top"]);
        values["winnerMin"] = Raw(labels?["winner"]?["min"]);
        values["yellowBottom"] = Raw(labels?["yellow"]?["bottom"]);
        values["yellowBelow"] = Raw(labels?["yellow"]?["below"]);
        values["flagMin"] = Raw((c["flag"] as JsonObject)?["min"]);
        return values;
    }

    /// <summary>The category with the id, or null.</summary>
    public static JsonObject? Category(JsonObject doc, string id) =>
        (doc["categories"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => Str(c["id"]) == id);

    /// <summary>Applies the category form: name, tie break, grades, labels and flag. Returns the field errors; the document is changed only when there are none.</summary>
    public static Dictionary<string, string> ApplyCategory(JsonObject doc, string category, IReadOnlyDictionary<string, string> values, IStringLocalizer<SchemesText> text)
    {
        var errors = new Dictionary<string, string>();
        var cat = Category(doc, category);
        if (cat is null)
        {
            errors[""] = text["Form.NoCategory", category];
            return errors;
        }
        var tieBreak = Split(Get(values, "tieBreak"));
        var grades = ReadGrades(Get(values, "grades"), text, errors);
        var numbers = ReadCategoryNumbers(values, text, errors);
        if (errors.Count > 0) return errors;

        cat["name"] = Get(values, "name");
        if (tieBreak.Count == 0) cat.Remove("tieBreak");
        else cat["tieBreak"] = new JsonArray([.. tieBreak.Select(t => (JsonNode?)JsonValue.Create(t))]);
        if (grades is null or { Count: 0 }) cat.Remove("grades");
        else cat["grades"] = grades;
        WriteLabels(cat, numbers);
        if (numbers["flagMin"] is null) cat.Remove("flag");
        else
        {
            var flag = cat["flag"] as JsonObject ?? [];
            flag["min"] = numbers["flagMin"];
            cat["flag"] = flag;
        }
        return errors;
    }

    /// <summary>Grades, one per line: <c>name, min[, quota[, quotaShare]]</c>; null when the field is empty.</summary>
    private static JsonArray? ReadGrades(string gradesText, IStringLocalizer<SchemesText> text, Dictionary<string, string> errors)
    {
        if (gradesText.Length == 0) return null;
        JsonArray grades = [];
        var lines = gradesText.Split('\n').Select(l => l.Trim()).ToList();
        for (var n = 0; n < lines.Count; n++)
        {
            if (lines[n].Length == 0) continue;
            var grade = GradeLine(lines[n]);
            if (grade is null)
            {
                errors["grades"] = text["Form.GradeLine", n + 1, lines[n]];
                break;
            }
            grades.Add(grade);
        }
        return grades;
    }

    /// <summary>One grade line as JSON, or null when it is not <c>name, min[, quota[, quotaShare]]</c>.</summary>
    private static JsonObject? GradeLine(string line)
    {
        var parts = line.Split([',', '，']).Select(p => p.Trim()).ToArray();
        if (parts[0].Length == 0 || parts.Length < 2 || parts.Length > 4 || !TryNumber(parts[1], out var min)) return null;
        var grade = new JsonObject { ["name"] = parts[0], ["min"] = min };
        if (parts.Length > 2 && parts[2].Length > 0)
        {
            if (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var quota)) return null;
            grade["quota"] = quota;
        }
        if (parts.Length > 3 && parts[3].Length > 0)
        {
            if (!TryNumber(parts[3], out var share)) return null;
            grade["quotaShare"] = share;
        }
        return grade;
    }

    /// <summary>The labels' and flag's numbers: whole counts for top and bottom, numbers for the minimums; null when left empty.</summary>
    private static Dictionary<string, JsonNode?> ReadCategoryNumbers(IReadOnlyDictionary<string, string> values, IStringLocalizer<SchemesText> text, Dictionary<string, string> errors)
    {
        var numbers = new Dictionary<string, JsonNode?>();
        foreach (var (field, integer, label) in new[]
                 {
                     ("pacesetterTop", true, "Form.PacesetterTop"), ("pacesetterMin", false, "Form.PacesetterMin"),
                     ("winnerTop", true, "Form.WinnerTop"), ("winnerMin", false, "Form.WinnerMin"),
                     ("yellowBottom", true, "Form.YellowBottom"), ("yellowBelow", false, "Form.YellowBelow"),
                     ("flagMin", false, "Form.FlagMin"),
                 })
        {
            var v = Get(values, field);
            if (v.Length == 0) numbers[field] = null;
            else if (integer && int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var i)) numbers[field] = JsonValue.Create(i);
            else if (!integer && TryNumber(v, out var d)) numbers[field] = JsonValue.Create(d);
            else errors[field] = text[integer ? "Form.NotCount" : "Form.NotNumber", text[label], v];
        }
        return numbers;
    }

    /// <summary>Writes the pacesetter, winner and yellow rules; a label whose two fields are empty is removed.</summary>
    private static void WriteLabels(JsonObject cat, Dictionary<string, JsonNode?> numbers)
    {
        var labels = cat["labels"] as JsonObject ?? [];
        foreach (var (label, a, b, fa, fb) in new[] { ("pacesetter", "top", "min", "pacesetterTop", "pacesetterMin"), ("winner", "top", "min", "winnerTop", "winnerMin"), ("yellow", "bottom", "below", "yellowBottom", "yellowBelow") })
        {
            if (numbers[fa] is null && numbers[fb] is null)
            {
                labels.Remove(label);
                continue;
            }
            var o = labels[label] as JsonObject ?? [];
            SetOptional(o, a, numbers[fa], null);
            SetOptional(o, b, numbers[fb], null);
            labels[label] = o;
        }
        if (labels.Count == 0) cat.Remove("labels");
        else cat["labels"] = labels;
    }

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

    private static List<string> Split(string s) => [.. s.Split([',', '，', ' ', ';', '；']).Select(p => p.Trim()).Where(p => p.Length > 0)];

    private static bool TryNumber(string s, out decimal d) =>
        decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out d);

    private static string Get(IReadOnlyDictionary<string, string> values, string key) => values.TryGetValue(key, out var v) ? v.Trim() : "";

    private static string Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    private static string Raw(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };
}
