using System.Text.Json;
using System.Text.Json.Nodes;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Output;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.Web.Pages.Schemes;

/// <summary>
/// What the editor shows of a scheme document: the problems the engine's reader finds (the same paths and texts as
/// <c>pacesetter validate</c>), and a structured view with Σ weights and the core-duty share per category. The view is
/// read leniently from the JSON so that it shows even while the document has problems.
/// </summary>
public sealed class SchemeView
{
    public required IReadOnlyList<Problem> Problems { get; init; }
    public required IReadOnlyList<CategoryView> Categories { get; init; }
    public decimal? CoreShareMin { get; init; }
    public string? Name { get; init; }
    public bool IsValid => Problems.Count == 0;

    /// <summary>What the check says without refusing the scheme: base weights of a category that do not add up to 100.</summary>
    public IReadOnlyList<Problem> Warnings { get; init; } = [];

    /// <summary>The scheme form's values read from the document (name, coreShareMin, previous flag holders).</summary>
    public IReadOnlyDictionary<string, string> SchemeForm { get; init; } = new Dictionary<string, string>();

    /// <summary>The organization's units (read from the database each time the panel is drawn), for the unit picker.</summary>
    public IReadOnlyList<OrgUnit> OrgUnits { get; set; } = [];

    /// <summary>The benchmark gaps a base indicator may take (source, label in words), from the organization's benchmarking data (issue #11 §1).</summary>
    public IReadOnlyList<(string Source, string Label)> NamedSources { get; set; } = [];

    /// <summary>The names of the document's <c>units</c> map (code → name), for units the organization does not have.</summary>
    public IReadOnlyDictionary<string, string> UnitMap { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether the document has a <c>categories</c> list with at least one category.</summary>
    public bool HasCategories => Categories.Count > 0;

    public sealed record OrgUnit(string Code, string Name, bool Retired);

    /// <summary>A unit's name: the organization's, else the document's, else its code.</summary>
    public string UnitName(string code) =>
        OrgUnits.FirstOrDefault(u => u.Code == code)?.Name ?? (UnitMap.TryGetValue(code, out var n) && n.Length > 0 ? n : code);

    /// <summary>The category that holds the unit in the document, or null.</summary>
    public CategoryView? CategoryOf(string unit) => Categories.FirstOrDefault(c => c.UnitCodes.Contains(unit));

    /// <summary>The problems at the path or under it (<c>$.categories[0]</c> holds <c>$.categories[0].grades[1].min</c>).</summary>
    public IEnumerable<Problem> ProblemsAt(string path) =>
        Problems.Where(p => p.Path == path || p.Path.StartsWith(path + ".", StringComparison.Ordinal) || p.Path.StartsWith(path + "[", StringComparison.Ordinal));

    /// <summary>The problems of the scheme itself (none of a category's).</summary>
    public IEnumerable<Problem> SchemeProblems => Problems.Where(p => !p.Path.StartsWith("$.categories[", StringComparison.Ordinal));

    /// <summary>Where a problem is, in words: <c>$.categories[0].grades[1].min</c> is 镇街 › 等次第 2 行 › 最低分.</summary>
    public string Place(string path, Language language) => ProblemPlaces.Describe(path, this, language);

    /// <summary>The editor's address when the reader may apply form edits (admins); null shows no edit controls.</summary>
    public string? ApplyUrl { get; set; }

    /// <summary>The form posted last, with its field errors, when it could not be applied.</summary>
    public SchemeForms.FormState? Form { get; set; }

    /// <summary>The reader's problems inside indicators, by indicator form key and field (<see cref="IndicatorForms.FieldProblems"/>).</summary>
    public IReadOnlyDictionary<string, Dictionary<string, List<Problem>>> IndicatorProblems { get; init; } = new Dictionary<string, Dictionary<string, List<Problem>>>();

    /// <summary>A message about the last form edit that names no field (the document cannot be read, an unknown category).</summary>
    public string? FormError { get; set; }

    public sealed record CategoryView(
        string Id, string Name, int Units, IReadOnlyList<IndicatorView> Indicators,
        decimal BaseWeight, decimal CoreWeight, decimal BonusCap, decimal PenaltyCap,
        string? Grades, string? Labels, string? Flag)
    {
        /// <summary>The category form's values read from the document.</summary>
        public IReadOnlyDictionary<string, string> Form { get; init; } = new Dictionary<string, string>();

        /// <summary>The category's place in the document's list (its problems' paths).</summary>
        public int Index { get; init; }

        public string Path => $"$.categories[{Index}]";

        /// <summary>The units the category lists, in its order.</summary>
        public IReadOnlyList<string> UnitCodes { get; init; } = [];

        /// <summary>主责主业 Σ core weights as a percent of Σ base weights, 2 decimals; null without base weight.</summary>
        public decimal? CoreShare => BaseWeight > 0 ? Math.Round(CoreWeight * 100 / BaseWeight, 2, MidpointRounding.AwayFromZero) : null;
    }

    public sealed record IndicatorView(string Id, string Name, string Kind, string? Weight, bool Core, string? Method, string? Parameters)
    {
        /// <summary>The indicator form's values read from the document.</summary>
        public IReadOnlyDictionary<string, string> Form { get; init; } = new Dictionary<string, string>();
    }


    /// <summary>
    /// Checks <paramref name="text"/> as the period's document, with <paramref name="data"/> (the approved rows) in
    /// place of any <c>data</c> it holds: what would be scored if it were saved.
    /// </summary>
    public static SchemeView Check(string text, JsonObject? data, string period)
    {
        // A string that is not text (a lone \ud800) or nesting too deep is named before the text becomes nodes.
        if (JsonScan.Text(text) is { Count: > 0 } scan) return new SchemeView { Problems = scan, Categories = [] };
        JsonObject? doc = null;
        try
        {
            doc = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
        }
        if (doc is null) return new SchemeView { Problems = SchemeReader.Read(text).Problems is { Count: > 0 } p ? p : [new Problem("$", "must be a JSON object", "应为 JSON 对象")], Categories = [] };
        var merged = doc.DeepClone().AsObject();
        merged["data"] = data?.DeepClone() ?? new JsonObject();
        var problems = SchemeReader.Read(merged.ToJsonString()).Problems.ToList();
        if (doc["period"] is JsonValue pv && pv.TryGetValue<string>(out var filePeriod) && filePeriod != period)
        {
            problems.Add(new Problem("$.period", $"must be \"{period}\", the period being edited, not \"{filePeriod}\"", $"应为正在编辑的考核期“{period}”，而不是“{filePeriod}”"));
        }
        var categories = ReadCategories(doc);
        return new SchemeView
        {
            Problems = problems,
            Categories = categories,
            CoreShareMin = Number(doc["coreShareMin"]),
            Name = doc["name"] is JsonValue n && n.TryGetValue<string>(out var name) ? name : null,
            Warnings = Warn(categories),
            SchemeForm = CategoryForms.SchemeValues(doc),
            UnitMap = (doc["units"] as JsonObject ?? []).Where(u => u.Value is JsonValue).ToDictionary(u => u.Key, u => Str(u.Value) ?? "", StringComparer.Ordinal),
            IndicatorProblems = IndicatorForms.FieldProblems(doc, problems),
        };
    }

    /// <summary>
    /// 基本指标权重合计 ≠ 100: a warning, not a problem (scoring.md leaves the sum free; 100 is what offices mean, and
    /// 95 is usually a slip). A category without base indicators has its own problem already.
    /// </summary>
    private static List<Problem> Warn(List<CategoryView> categories)
    {
        var warnings = new List<Problem>();
        foreach (var c in categories.Where(c => c.Indicators.Any(i => i.Kind == "base") && c.BaseWeight != 100))
        {
            var sum = c.BaseWeight.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);
            var name = c.Name.Length > 0 ? c.Name : c.Id;
            warnings.Add(new Problem(c.Path + ".indicators", $"{name}: the base indicators' weights add up to {sum}, not 100", $"{name}：基本指标权重合计 {sum}，不是 100"));
        }
        return warnings;
    }

    private static List<CategoryView> ReadCategories(JsonObject doc)
    {
        var list = new List<CategoryView>();
        if (doc["categories"] is not JsonArray categories) return list;
        var index = -1;
        foreach (var node in categories)
        {
            index++;
            if (node is not JsonObject c) continue;
            var indicators = new List<IndicatorView>();
            decimal baseWeight = 0, coreWeight = 0, bonus = 0, penalty = 0;
            if (c["indicators"] is JsonArray inds)
            {
                foreach (var i in inds.OfType<JsonObject>())
                {
                    var kind = Str(i["kind"]) ?? "base";
                    var weight = Number(i["weight"]);
                    var core = i["core"] is JsonValue cv && cv.TryGetValue<bool>(out var b) && b;
                    switch (kind)
                    {
                        case "base":
                            baseWeight += weight ?? 0;
                            if (core) coreWeight += weight ?? 0;
                            break;
                        case "bonus":
                            bonus += weight ?? 0;
                            break;
                        case "penalty":
                            penalty += weight ?? 0;
                            break;
                    }
                    string? type = null, parameters = null;
                    if (i["method"] is JsonObject m)
                    {
                        type = Str(m["type"]);
                        var rest = m.DeepClone().AsObject();
                        rest.Remove("type");
                        parameters = rest.Count == 0 ? null : rest.ToJsonString(JsonFormats.Compact);
                    }
                    indicators.Add(new IndicatorView(Str(i["id"]) ?? "", Str(i["name"]) ?? "", kind, i["weight"]?.ToJsonString(), core, type, parameters) { Form = IndicatorForms.Values(i) });
                }
            }
            list.Add(new CategoryView(
                Str(c["id"]) ?? "", Str(c["name"]) ?? "", (c["units"] as JsonArray)?.Count ?? 0, indicators,
                baseWeight, coreWeight, bonus, penalty,
                c["grades"]?.ToJsonString(JsonFormats.Compact), c["labels"]?.ToJsonString(JsonFormats.Compact), c["flag"]?.ToJsonString(JsonFormats.Compact))
            { Form = CategoryForms.CategoryValues(c), Index = index, UnitCodes = [.. (c["units"] as JsonArray ?? []).Select(u => Str(u) ?? "")] });
        }
        return list;
    }

    private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static decimal? Number(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<decimal>(out var d) ? d : null;
}
