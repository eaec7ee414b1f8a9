using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Audit;
using Pacesetter.Web.Localization;
using Pacesetter.Web.Pages.Organizations;

namespace Pacesetter.Web.Pages.Audit;

/// <summary>One changed field of an audit row as a person reads it: 名称：城南街道 → 南湖街道 (null: none).</summary>
public sealed record ChangeLine(string Field, string? Before, string? After);

/// <summary>A link the row offers (the scheme's versions, the version itself).</summary>
public sealed record ChangeLink(string Text, string Href);

/// <summary>An audit row in words: what it is about, the changed fields or a summary, links; the raw before/after stay for experts.</summary>
public sealed record AuditView(string Subject, string? SubjectCode, IReadOnlyList<ChangeLine> Lines, string? Summary, IReadOnlyList<ChangeLink> Links);

/// <summary>
/// The names an audit page needs to show rows in words: units, categories, indicators of each period's current scheme,
/// users (by id and by name). Codes with no name show as they are.
/// </summary>
public sealed class AuditNames
{
    public Dictionary<string, string> Units { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Categories { get; } = new(StringComparer.Ordinal);
    /// <summary>Period → indicator id → name.</summary>
    public Dictionary<string, Dictionary<string, string>> Indicators { get; } = new(StringComparer.Ordinal);
    /// <summary>User id → user name.</summary>
    public Dictionary<string, string> UserIds { get; } = new(StringComparer.Ordinal);

    public string Unit(string code) => Units.TryGetValue(code, out var n) ? n : code;

    public string Category(string code) => Categories.TryGetValue(code, out var n) ? n : code;

    public string Indicator(string? period, string id) =>
        period is not null && Indicators.TryGetValue(period, out var names) && names.TryGetValue(id, out var n) ? n : id;

    /// <summary>The indicators' names of a scheme document (categories[].indicators[].id/name); none for a document that does not parse.</summary>
    public static Dictionary<string, string> IndicatorsOf(string document)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (var c in JsonNode.Parse(document)?["categories"] as JsonArray ?? [])
            {
                foreach (var i in c?["indicators"] as JsonArray ?? [])
                {
                    if (i?["id"] is JsonValue id && id.TryGetValue<string>(out var code) && i["name"] is JsonValue name && name.TryGetValue<string>(out var text))
                    {
                        names.TryAdd(code, text);
                    }
                }
            }
        }
        catch (JsonException)
        {
        }
        return names;
    }
}

/// <summary>
/// Audit rows in words (issue #8 defect 10): every kind the application writes shows what changed as "字段：旧 → 新"
/// with names rather than codes, a datum's value in words, a scheme version as a short summary with a link to the
/// versions. Unknown fields of a JSON object still show (their key as label); a text that is not JSON shows as it is.
/// </summary>
public sealed class AuditChange(IStringLocalizer<AuditText> a, IStringLocalizer<OrganizationText> org, AuditNames names, string orgSlug)
{
    private readonly ValueWords words = new(a);

    /// <summary>Fields that are bookkeeping, not content: never a line of their own.</summary>
    private static readonly HashSet<string> Hidden = new(StringComparer.Ordinal) { "version" };

    public AuditView View(AuditEntry e)
    {
        var before = Parse(e.Before);
        var after = Parse(e.After);
        var (subject, code) = Subject(e);
        var links = new List<ChangeLink>();
        string? summary = null;
        List<ChangeLine> lines;
        switch (e.Kind)
        {
            case "scheme.save":
                summary = SchemeSummary(after, e.Key);
                lines = [];
                if (e.Period is { } p)
                {
                    links.Add(new ChangeLink(a["Link.Scheme"], Routes.Scheme(orgSlug, p)));
                    links.Add(new ChangeLink(a["Link.Versions"], Routes.Schemes(orgSlug)));
                }
                break;
            case "scheme.copy":
                lines = [new ChangeLine(a["Field.source"], Version(e.Before), Version(e.After))];
                if (e.Period is { } target) links.Add(new ChangeLink(a["Link.Scheme"], Routes.Scheme(orgSlug, target)));
                links.Add(new ChangeLink(a["Link.Versions"], Routes.Schemes(orgSlug)));
                break;
            case "benchmarks.save":
                // The §10 document in counts and names (the values are many; the raw record keeps them).
                lines = [new ChangeLine(a["Field.benchmarks"], BenchmarkSummary(before), BenchmarkSummary(after))];
                links.Add(new ChangeLink(a["Link.Benchmarks"], Pages.Benchmarks.BenchmarkRoutes.Index(orgSlug)));
                break;
            case "data.sheet":
                // {indicator: {value, state, version}} of one unit from a spreadsheet: one line per indicator, by its name.
                lines = Lines(before, after, key => names.Indicator(e.Period, key), (_, v) => v is JsonObject row
                    ? $"{Words(row["value"])}（{Field("state", row["state"])}）"
                    : Words(v));
                links.Add(new ChangeLink(a["Link.Entry"], Routes.Entry(orgSlug, e.Period ?? "")));
                break;
            case "exemption.apply" or "exemption.decide" or "exemption.evidence":
                // What is applied for by the indicator's name (an event under it), as the register says it.
                lines = Lines(before, after, Label, (key, v) => key == "ref" && v is JsonValue r && r.TryGetValue<string>(out var reference)
                    ? (reference.Split('/') is [var indicator, var eventId] ? a["Ref.Event", names.Indicator(e.Period, indicator), eventId] : names.Indicator(e.Period, reference))
                    : Field(key, v));
                links.Add(new ChangeLink(a["Link.Exemptions"], Pages.Exemptions.ExemptionRoutes.Index(orgSlug)));
                break;
            case "survey.create" or "survey.save":
                // The survey object (surveys.md §1) in words: its name, units, options and groups with their weights.
                lines = [new ChangeLine(a["Field.survey"], SurveySummary(before), SurveySummary(after))];
                links.Add(new ChangeLink(a["Link.Survey"], $"/orgs/{orgSlug}/surveys/{Uri.EscapeDataString(e.Key)}"));
                break;
            case "survey.links" or "survey.paper" or "survey.close" or "survey.reopen" or "survey.ballot":
                // A ballot's row names the survey only (issue #12 §5); the others their counts, a group by its id.
                lines = Lines(before, after, Label, (key, v) => key == "rater" && v is JsonValue r && r.TryGetValue<string>(out var unit) ? names.Unit(unit) : Field(key, v));
                links.Add(new ChangeLink(a["Link.Survey"], $"/orgs/{orgSlug}/surveys/{Uri.EscapeDataString(e.Key)}"));
                break;
            case "datum.import":
                // {indicator: value} of one unit: one line per indicator, by its name.
                lines = Lines(before, after, key => names.Indicator(e.Period, key), (_, v) => Words(v));
                break;
            default:
                if (before is JsonObject || after is JsonObject)
                {
                    lines = Lines(before, after, Label, (key, v) => Field(key, v));
                }
                else
                {
                    // A text that is not an object (an import's unit name, category code, category name).
                    var field = e.Kind switch
                    {
                        "unit.category" => "category",
                        _ => "name",
                    };
                    lines = e.Before is null && e.After is null ? [] : [new ChangeLine(Label(field), Plain(field, before, e.Before), Plain(field, after, e.After))];
                }
                break;
        }
        return new AuditView(subject, code, lines, summary, links);
    }

    /// <summary>What the row is about, by name, and its code (shown small) where the name is not the code.</summary>
    private (string Subject, string? Code) Subject(AuditEntry e)
    {
        switch (e.Entity)
        {
            case "datum" when e.Key.Split('/') is [var period, var unit, var indicator]:
                return ($"{names.Unit(unit)} · {names.Indicator(period, indicator)}", $"{unit} · {indicator}");
            case "unit" when e.Key.Split('/') is [_, var unit]:
                return (names.Unit(unit), unit);
            case "unit":
                return (names.Unit(e.Key), e.Key);
            case "category" or "unit_category":
                return (names.Category(e.Key), e.Key);
            case "evidence" when e.Key.Split('/') is [var period, var unit, var indicator, _]:
                return ($"{names.Unit(unit)} · {names.Indicator(period, indicator)}", $"{unit} · {indicator}");
            case "scheme":
                return (Version(e.Key) ?? e.Key, null);
            case "datum":
                return (e.Period ?? a["Subject.AllPeriods"].Value, null);
            case "period":
                return (e.Key, null);
            case "audit":
                return (a["Subject.Chain"], null);
            case "exemption":
                return (a["Subject.Exemption", e.Key], null);
            case "api_token":
                return (a["Subject.Token", e.Key], null);
            default:
                return (e.Key, null);
        }
    }

    /// <summary>"2026-11#3" → 2026-11 第 3 版.</summary>
    private string? Version(string? key)
    {
        if (key is null) return null;
        var hash = key.LastIndexOf('#');
        return hash > 0 && int.TryParse(key.AsSpan(hash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? a["Scheme.Version", key[..hash], v]
            : key;
    }

    private string? SchemeSummary(JsonNode? document, string key)
    {
        if (document is not JsonObject d) return Version(key);
        var categories = d["categories"] as JsonArray ?? [];
        var indicators = categories.Sum(c => (c?["indicators"] as JsonArray)?.Count ?? 0);
        var units = (d["units"] as JsonObject)?.Count ?? 0;
        var name = d["name"] is JsonValue n && n.TryGetValue<string>(out var s) ? s : "";
        return a["Scheme.Summary", name, categories.Count, indicators, units];
    }

    /// <summary>对标数据 in words: 3 项指标（地区生产总值、…）、2 个对标对象（苏州工业园区、…）、24 个数值.</summary>
    /// <summary>A survey as one line: "2026年第三季度满意度测评：3 个单位；满意 100、基本满意 80、不满意 0；区领导 40、服务对象 30".</summary>
    private string? SurveySummary(JsonNode? document)
    {
        if (document is not JsonObject d) return null;
        static string Text(JsonNode? n) => n is JsonValue v && v.TryGetValue<string>(out var t) ? t : n?.ToJsonString() ?? "";
        var options = string.Join("、", (d["options"] as JsonArray ?? []).OfType<JsonObject>().Select(o => $"{Text(o["name"])} {o["points"]?.ToJsonString()}"));
        var groups = string.Join("、", (d["groups"] as JsonArray ?? []).OfType<JsonObject>().Select(g => $"{Text(g["name"])} {g["weight"]?.ToJsonString()}"));
        return a["Survey.Summary", Text(d["name"]), (d["units"] as JsonArray)?.Count ?? 0, options, groups];
    }

    private string? BenchmarkSummary(JsonNode? document)
    {
        if (document is not JsonObject d) return null;
        static string? Name(JsonNode? o) => o is JsonObject obj
            ? (obj["name"] is JsonValue n && n.TryGetValue<string>(out var name) ? name : obj["id"] is JsonValue i && i.TryGetValue<string>(out var id) ? id : null)
            : null;
        static int Count(JsonNode? values) => (values as JsonObject)?.Sum(v => (v.Value as JsonObject)?.Count ?? 0) ?? 0;
        var indicators = (d["indicators"] as JsonArray ?? []).Select(Name).OfType<string>().ToList();
        var benchmarks = (d["benchmarks"] as JsonArray ?? []).ToList();
        var values = Count((d["own"] as JsonObject)?["values"]) + benchmarks.Sum(b => Count((b as JsonObject)?["values"]));
        var names = benchmarks.Select(Name).OfType<string>().ToList();
        return a["Benchmarks.Summary", indicators.Count, string.Join(a["List.Separator"], indicators), names.Count, string.Join(a["List.Separator"], names), values];
    }

    private List<ChangeLine> Lines(JsonNode? before, JsonNode? after, Func<string, string> label, Func<string, JsonNode?, string?> show)
    {
        var b = before as JsonObject;
        var n = after as JsonObject;
        var keys = new List<string>();
        foreach (var (k, _) in b ?? []) keys.Add(k);
        foreach (var (k, _) in n ?? []) if (!keys.Contains(k)) keys.Add(k);
        var lines = new List<ChangeLine>();
        foreach (var k in keys)
        {
            if (Hidden.Contains(k)) continue;
            var old = b?[k];
            var now = n?[k];
            // A field the change left as it was is not a change (but a created thing shows all it was created with).
            if (b is not null && n is not null && JsonNode.DeepEquals(old, now)) continue;
            lines.Add(new ChangeLine(label(k), b is null ? null : show(k, old), n is null ? null : show(k, now)));
        }
        return lines;
    }

    /// <summary>The label of a field: 名称, 类别, 状态…; an unknown field by its key.</summary>
    private string Label(string field) => words.Label(field);

    /// <summary>A field's value in words.</summary>
    private string? Field(string field, JsonNode? value)
    {
        if (value is null) return null;
        var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        switch (field)
        {
            case "value":
                return Words(value);
            case "state" when text is not null:
                return a["State." + text] is { ResourceNotFound: false } st ? st.Value : text;
            case "category" when text is not null:
                return names.Category(text);
            case "unit" when text is not null:
                return names.Unit(text);
            case "role" when text is not null:
                return org["Role." + text] is { ResourceNotFound: false } r ? r.Value : text;
            case "user" when value is JsonValue id:
                var key = id.ToJsonString().Trim('"');
                return names.UserIds.TryGetValue(key, out var user) ? user : key;
            case "retiredAt" or "deadline" when text is not null:
                return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? ChinaTime.Show(at) : text;
            case "size" when value is JsonValue size && size.TryGetValue<long>(out var bytes):
                return a["Format.Bytes", bytes.ToString("N0", CultureInfo.InvariantCulture)];
            case "evidence" when value is JsonArray files:
                return string.Join(a["List.Separator"], files.Select(f => f?["file"] is JsonValue name && name.TryGetValue<string>(out var n) ? n : Words(f)));
            case "indicators" when value is JsonArray list:
                return list.Count == 0 ? a["List.Empty"] : string.Join(a["List.Separator"], list.Select(i => i is JsonValue iv && iv.TryGetValue<string>(out var c) ? names.Indicator(null, c) : Words(i)));
            case "indicators" when text is not null:
                return string.Join(a["List.Separator"], text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            default:
                return Words(value);
        }
    }

    private string? Plain(string field, JsonNode? parsed, string? raw) =>
        raw is null ? null : field == "category" ? names.Category(raw) : parsed is JsonValue ? Words(parsed) : raw;

    /// <summary>A value in words (<see cref="ValueWords"/>).</summary>
    public string Words(JsonNode? value) => words.Of(value);

    private static JsonNode? Parse(string? text)
    {
        if (text is null) return null;
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }
}
