using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Organizations;

namespace Pacesetter.Web.Pages.Schemes;

/// <summary>
/// The designer's forms over everything of the scheme document (scoring.md §7) but its indicators: the scheme's
/// name, <c>coreShareMin</c> and <c>previousFlags</c>; the categories (add, remove, move, rename); a category's units
/// picked from the organization's units, its grades as rows, its labels, flag and tie-breaks. As with the indicator
/// form, the JSON stays the one source of truth: a form reads its fields from the document and writes back only
/// those fields; a field that cannot be applied leaves the whole document unchanged and is named in the user's
/// language.
/// </summary>
/// <remarks>
/// Lists travel in the form values as lines: <c>units</c> and <c>tieBreak</c> one id a line, <c>grades</c> one grade a
/// line as <c>name⇥min⇥quota⇥quotaShare</c> (empty cells for parts left out). The page posts them as repeated fields
/// (<see cref="Posted"/>).
/// </remarks>
public static class CategoryForms
{
    /// <summary>The category form's fields.</summary>
    public static readonly string[] CategoryFields = ["name", "units", "tieBreak", "grades", "pacesetterTop", "pacesetterMin", "winnerTop", "winnerMin", "yellowBottom", "yellowBelow", "flagMin"];

    /// <summary>The label and flag fields: (field, whole count?, label key).</summary>
    public static readonly (string Field, bool Count, string Label)[] LabelFields =
    [
        ("pacesetterTop", true, "Form.PacesetterTop"), ("pacesetterMin", false, "Form.PacesetterMin"),
        ("winnerTop", true, "Form.WinnerTop"), ("winnerMin", false, "Form.WinnerMin"),
        ("yellowBottom", true, "Form.YellowBottom"), ("yellowBelow", false, "Form.YellowBelow"),
        ("flagMin", false, "Form.FlagMin"),
    ];

    /// <summary>What the category form shows: its values and errors, the category as read, and the view (the organization's units, the problems).</summary>
    public sealed record CategoryFormModel(SchemeForms.FormModel Form, SchemeView.CategoryView Category, SchemeView View);

    /// <summary>One grade row as the form shows it.</summary>
    public sealed record GradeRow(string Name, string Min, string Quota, string QuotaShare);

    public static string CategoryKey(string category) => $"category:{category}";

    public const string SchemeKey = "scheme";

    public const string NewCategoryKey = "category:+";

    /// <summary>The scheme form's field holding the previous flag holder of a category.</summary>
    public static string PreviousFlagField(string category) => "previousFlag." + category;

    // ---- Reading the document ----

    public static Dictionary<string, string> CategoryValues(JsonObject c)
    {
        var values = new Dictionary<string, string>
        {
            ["name"] = Str(c["name"]),
            ["units"] = Lines(c["units"] as JsonArray),
            ["tieBreak"] = Lines(c["tieBreak"] as JsonArray),
            ["grades"] = "",
        };
        if (c["grades"] is JsonArray grades)
        {
            values["grades"] = string.Join("\n", grades.OfType<JsonObject>().Select(g => string.Join("\t", Str(g["name"]), Raw(g["min"]), Raw(g["quota"]), Raw(g["quotaShare"]))));
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

    /// <summary>The scheme form's values: name, coreShareMin and the previous flag holder of every category.</summary>
    public static Dictionary<string, string> SchemeValues(JsonObject doc)
    {
        var values = new Dictionary<string, string>
        {
            ["name"] = Str(doc["name"]),
            ["coreShareMin"] = Raw(doc["coreShareMin"]),
        };
        var flags = doc["previousFlags"] as JsonObject;
        foreach (var c in CategoriesOf(doc)) values[PreviousFlagField(Str(c["id"]))] = Str(flags?[Str(c["id"])]);
        return values;
    }

    /// <summary>The grade rows of the form's <c>grades</c> value.</summary>
    public static List<GradeRow> GradeRows(string grades) =>
        [.. SplitLines(grades).Select(l =>
        {
            var p = l.Split('\t');
            string At(int i) => i < p.Length ? p[i] : "";
            return new GradeRow(At(0), At(1), At(2), At(3));
        })];

    /// <summary>The lines of a list value (units, tieBreak).</summary>
    public static List<string> SplitLines(string value) => [.. value.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0)];

    /// <summary>
    /// The category form's values from the posted fields (<paramref name="field"/> gives every value of a field, in
    /// the page's order): repeated <c>f_units</c>, <c>f_tieBreak</c> and grade cells <c>f_gradeName</c>,
    /// <c>f_gradeMin</c>, <c>f_gradeQuota</c>, <c>f_gradeShare</c>; a grade row left wholly empty is dropped.
    /// </summary>
    public static Dictionary<string, string> Posted(Func<string, IReadOnlyList<string>> field)
    {
        string One(string f) => field("f_" + f) is { Count: > 0 } v ? v[0] : "";
        var values = new Dictionary<string, string>();
        foreach (var f in CategoryFields.Except(["units", "tieBreak", "grades"])) values[f] = One(f);
        values["units"] = string.Join("\n", field("f_units").Select(u => u.Trim()).Where(u => u.Length > 0));
        values["tieBreak"] = string.Join("\n", field("f_tieBreak").Select(u => u.Trim()).Where(u => u.Length > 0));
        var names = field("f_gradeName");
        var mins = field("f_gradeMin");
        var quotas = field("f_gradeQuota");
        var shares = field("f_gradeShare");
        var rows = new List<string>();
        for (int i = 0; i < new[] { names.Count, mins.Count, quotas.Count, shares.Count }.Max(); i++)
        {
            string At(IReadOnlyList<string> l) => i < l.Count ? l[i].Replace('\t', ' ').Replace('\n', ' ').Trim() : "";
            var row = new[] { At(names), At(mins), At(quotas), At(shares) };
            if (row.All(c => c.Length == 0)) continue;
            rows.Add(string.Join("\t", row));
        }
        values["grades"] = string.Join("\n", rows);
        return values;
    }

    // ---- Applying a form ----

    /// <summary>
    /// Applies the category form: name, units, tie-breaks, grades, labels and flag. <paramref name="unitNames"/> are
    /// the organization's units (code → name): a unit picked is written into the category's <c>units</c> and its name
    /// into the scheme's <c>units</c> map; a unit no longer in any category leaves the map. Returns the field errors
    /// (grade rows as <c>grades.{row}</c>); the document is changed only when there are none.
    /// </summary>
    public static Dictionary<string, string> ApplyCategory(JsonObject doc, string category, IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string> unitNames, IStringLocalizer<SchemesText> text)
    {
        var errors = new Dictionary<string, string>();
        var cat = Category(doc, category);
        if (cat is null)
        {
            errors[""] = text["Form.NoCategory", category];
            return errors;
        }
        var name = Get(values, "name");
        if (!OrgRules.IsName(name)) errors["name"] = text["Form.NameLength", text["Form.CategoryName"], OrgRules.NameMax];
        var units = SplitLines(Get(values, "units")).Select(u => u.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var named = doc["units"] as JsonObject;
        foreach (var u in units)
        {
            var other = CategoriesOf(doc).FirstOrDefault(c => c != cat && (c["units"] as JsonArray ?? []).Any(x => Str(x) == u));
            if (other is not null) errors["units"] = text["Form.UnitElsewhere", UnitName(u, unitNames, named), Str(other["name"]) is { Length: > 0 } n ? n : Str(other["id"])];
            else if (!unitNames.ContainsKey(u) && named?[u] is null && !(cat["units"] as JsonArray ?? []).Any(x => Str(x) == u)) errors["units"] = text["Form.NoUnit", u];
        }
        var indicatorIds = (cat["indicators"] as JsonArray ?? []).OfType<JsonObject>().Select(i => Str(i["id"])).ToHashSet(StringComparer.Ordinal);
        var tieBreak = SplitLines(Get(values, "tieBreak")).Select(t => t.Trim()).Distinct(StringComparer.Ordinal).ToList();
        foreach (var t in tieBreak.Where(t => !indicatorIds.Contains(t))) errors["tieBreak"] = text["Form.NoIndicatorHere", t];
        var grades = ReadGrades(GradeRows(Get(values, "grades")), text, errors);
        var numbers = ReadCategoryNumbers(values, text, errors);
        if (errors.Count > 0) return errors;

        cat["name"] = name;
        var before = (cat["units"] as JsonArray ?? []).Select(Str).ToList();
        cat["units"] = new JsonArray([.. units.Select(u => (JsonNode?)JsonValue.Create(u))]);
        SyncUnitMap(doc, units, before, unitNames);
        if (tieBreak.Count == 0) cat.Remove("tieBreak");
        else cat["tieBreak"] = new JsonArray([.. tieBreak.Select(t => (JsonNode?)JsonValue.Create(t))]);
        if (grades.Count == 0) cat.Remove("grades");
        else cat["grades"] = grades;
        WriteLabels(cat, numbers);
        if (numbers["flagMin"] is null) cat.Remove("flag");
        else
        {
            var flag = cat["flag"] as JsonObject ?? [];
            flag["min"] = numbers["flagMin"];
            cat["flag"] = flag;
        }
        // A previous flag holder that has left the category is no holder of it any more.
        if (doc["previousFlags"] is JsonObject flags && Str(flags[category]) is { Length: > 0 } holder && !units.Contains(holder))
        {
            flags.Remove(category);
            if (flags.Count == 0) doc.Remove("previousFlags");
        }
        return errors;
    }

    /// <summary>Names of picked units from the organization; units that left every category leave the map.</summary>
    private static void SyncUnitMap(JsonObject doc, List<string> units, List<string> before, IReadOnlyDictionary<string, string> unitNames)
    {
        var map = doc["units"] as JsonObject;
        foreach (var u in units)
        {
            if (!unitNames.TryGetValue(u, out var n)) continue;
            if (map is null) doc["units"] = map = [];
            if (Str(map[u]) != n) map[u] = n;
        }
        if (map is null) return;
        var inUse = CategoriesOf(doc).SelectMany(c => (c["units"] as JsonArray ?? []).Select(Str)).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in before.Where(u => !inUse.Contains(u))) map.Remove(gone);
    }

    /// <summary>Applies the scheme form: name, coreShareMin (empty: left out) and the previous flag holder of each category (empty: none).</summary>
    public static Dictionary<string, string> ApplyScheme(JsonObject doc, IReadOnlyDictionary<string, string> values, IStringLocalizer<SchemesText> text)
    {
        var errors = new Dictionary<string, string>();
        var name = Get(values, "name");
        if (!OrgRules.IsName(name)) errors["name"] = text["Form.NameLength", text["Scheme.Name"], OrgRules.NameMax];
        var shareText = Get(values, "coreShareMin");
        decimal? share = null;
        if (shareText.Length > 0)
        {
            if (!TryNumber(shareText, out var s)) errors["coreShareMin"] = text["Form.NotNumber", text["Scheme.CoreShareMin"], shareText];
            else if (s is < 0 or > 100) errors["coreShareMin"] = text["Form.Between", text["Scheme.CoreShareMin"], 0, 100];
            else share = s;
        }
        var flags = new List<(string Category, string Unit)>();
        foreach (var c in CategoriesOf(doc))
        {
            var id = Str(c["id"]);
            var holder = Get(values, PreviousFlagField(id));
            if (holder.Length == 0) continue;
            if (!(c["units"] as JsonArray ?? []).Any(u => Str(u) == holder)) errors[PreviousFlagField(id)] = text["Form.FlagNotInCategory", holder, Str(c["name"])];
            else flags.Add((id, holder));
        }
        if (errors.Count > 0) return errors;

        doc["name"] = name;
        if (share is { } v) doc["coreShareMin"] = v;
        else doc.Remove("coreShareMin");
        var previous = doc["previousFlags"] as JsonObject;
        // Holders of categories the form does not show (ids the document does not have) are kept as they were.
        var ids = CategoriesOf(doc).Select(c => Str(c["id"])).ToHashSet(StringComparer.Ordinal);
        var kept = previous?.Where(p => !ids.Contains(p.Key)).Select(p => (p.Key, p.Value?.DeepClone())).ToList() ?? [];
        if (flags.Count == 0 && kept.Count == 0) doc.Remove("previousFlags");
        else
        {
            var o = new JsonObject();
            foreach (var (k, node) in kept) o[k] = node;
            foreach (var (k, u) in flags) o[k] = u;
            doc["previousFlags"] = o;
        }
        return errors;
    }

    /// <summary>Adds an empty category (id and name) at the end. Errors by field: <c>id</c>, <c>name</c>.</summary>
    public static Dictionary<string, string> AddCategory(JsonObject doc, IReadOnlyDictionary<string, string> values, IStringLocalizer<SchemesText> text)
    {
        var errors = new Dictionary<string, string>();
        var id = Get(values, "id");
        var name = Get(values, "name");
        if (!OrgRules.Code().IsMatch(id)) errors["id"] = text["Form.CategoryCode"];
        else if (Category(doc, id) is not null) errors["id"] = text["Form.DuplicateId", text["Form.CategoryId"], id];
        if (!OrgRules.IsName(name)) errors["name"] = text["Form.NameLength", text["Form.CategoryName"], OrgRules.NameMax];
        if (errors.Count > 0) return errors;
        if (doc["categories"] is not JsonArray list) doc["categories"] = list = [];
        list.Add(new JsonObject { ["id"] = id, ["name"] = name, ["units"] = new JsonArray(), ["indicators"] = new JsonArray() });
        return errors;
    }

    /// <summary>Removes the category with its units' names (units in no other category) and its previous flag holder; false when there is none.</summary>
    public static bool RemoveCategory(JsonObject doc, string category)
    {
        var cat = Category(doc, category);
        if (cat is null || doc["categories"] is not JsonArray list) return false;
        var units = (cat["units"] as JsonArray ?? []).Select(Str).ToList();
        list.Remove(cat);
        if (doc["units"] is JsonObject map)
        {
            var inUse = CategoriesOf(doc).SelectMany(c => (c["units"] as JsonArray ?? []).Select(Str)).ToHashSet(StringComparer.Ordinal);
            foreach (var u in units.Where(u => !inUse.Contains(u))) map.Remove(u);
        }
        if (doc["previousFlags"] is JsonObject flags)
        {
            flags.Remove(category);
            if (flags.Count == 0) doc.Remove("previousFlags");
        }
        return true;
    }

    /// <summary>Moves the category one place up (<paramref name="by"/> −1) or down (+1); false when it cannot move.</summary>
    public static bool MoveCategory(JsonObject doc, string category, int by)
    {
        var cat = Category(doc, category);
        if (cat is null || doc["categories"] is not JsonArray list) return false;
        var at = list.IndexOf(cat);
        var to = at + Math.Sign(by);
        if (by == 0 || to < 0 || to >= list.Count) return false;
        list.RemoveAt(at);
        list.Insert(to, cat);
        return true;
    }

    /// <summary>What removing the category loses, for the confirmation: its units and indicators.</summary>
    public static (int Units, int Indicators) Contents(JsonObject doc, string category)
    {
        var cat = Category(doc, category);
        return ((cat?["units"] as JsonArray)?.Count ?? 0, (cat?["indicators"] as JsonArray)?.Count ?? 0);
    }

    /// <summary>Grade rows as JSON: name required, min a number, quota a whole count, quotaShare a number (both optional).</summary>
    private static JsonArray ReadGrades(List<GradeRow> rows, IStringLocalizer<SchemesText> text, Dictionary<string, string> errors)
    {
        JsonArray grades = [];
        for (int n = 0; n < rows.Count; n++)
        {
            var r = rows[n];
            var key = $"grades.{n}";
            var grade = new JsonObject();
            if (r.Name.Trim().Length == 0) errors[key] = text["Form.GradeRow", n + 1, text["Form.Required", text["Grade.Name"]]];
            else if (!OrgRules.IsName(r.Name.Trim())) errors[key] = text["Form.GradeRow", n + 1, text["Form.NameLength", text["Grade.Name"], OrgRules.NameMax]];
            else grade["name"] = r.Name.Trim();
            if (!TryNumber(r.Min, out var min)) errors[key] = text["Form.GradeRow", n + 1, r.Min.Trim().Length == 0 ? text["Form.Required", text["Grade.Min"]] : text["Form.NotNumber", text["Grade.Min"], r.Min]];
            else grade["min"] = min;
            if (r.Quota.Trim().Length > 0)
            {
                if (int.TryParse(r.Quota.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var quota)) grade["quota"] = quota;
                else errors[key] = text["Form.GradeRow", n + 1, text["Form.NotCount", text["Grade.Quota"], r.Quota]];
            }
            if (r.QuotaShare.Trim().Length > 0)
            {
                if (TryNumber(r.QuotaShare, out var share)) grade["quotaShare"] = share;
                else errors[key] = text["Form.GradeRow", n + 1, text["Form.NotNumber", text["Grade.QuotaShare"], r.QuotaShare]];
            }
            grades.Add(grade);
        }
        return grades;
    }

    /// <summary>The labels' and flag's numbers: whole counts for top and bottom, numbers for the minimums; null when left empty.</summary>
    private static Dictionary<string, JsonNode?> ReadCategoryNumbers(IReadOnlyDictionary<string, string> values, IStringLocalizer<SchemesText> text, Dictionary<string, string> errors)
    {
        var numbers = new Dictionary<string, JsonNode?>();
        foreach (var (field, integer, label) in LabelFields)
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
            Set(o, a, numbers[fa]);
            Set(o, b, numbers[fb]);
            labels[label] = o;
        }
        if (labels.Count == 0) cat.Remove("labels");
        else cat["labels"] = labels;
    }

    private static void Set(JsonObject o, string key, JsonNode? value)
    {
        if (value is null) o.Remove(key);
        else o[key] = value;
    }

    // ---- Small readers ----

    /// <summary>The category with the id, or null.</summary>
    public static JsonObject? Category(JsonObject doc, string id) => CategoriesOf(doc).FirstOrDefault(c => Str(c["id"]) == id);

    public static IEnumerable<JsonObject> CategoriesOf(JsonObject doc) => (doc["categories"] as JsonArray ?? []).OfType<JsonObject>();

    private static string UnitName(string code, IReadOnlyDictionary<string, string> unitNames, JsonObject? map) =>
        unitNames.TryGetValue(code, out var n) ? n : Str(map?[code]) is { Length: > 0 } m ? m : code;

    private static string Lines(JsonArray? list) => list is null ? "" : string.Join("\n", list.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : n?.ToJsonString() ?? ""));

    private static bool TryNumber(string s, out decimal d) =>
        decimal.TryParse(s.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out d);

    private static string Get(IReadOnlyDictionary<string, string> values, string key) => values.TryGetValue(key, out var v) ? v.Trim() : "";

    private static string Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    private static string Raw(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        _ => node.ToJsonString(),
    };
}
