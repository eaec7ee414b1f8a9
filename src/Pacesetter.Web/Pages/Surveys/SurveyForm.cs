using System.Globalization;
using System.Text.Json.Nodes;
using Pacesetter.App.Spreadsheets;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Surveys;

namespace Pacesetter.Web.Pages.Surveys;

/// <summary>An option's row in the form; a field left empty binds as null and is kept as "".</summary>
public sealed class OptionRow
{
    public string Id { get; set => field = value ?? ""; } = "";
    public string Name { get; set => field = value ?? ""; } = "";
    public string Points { get; set => field = value ?? ""; } = "";
    public bool Satisfied { get; set; }
    public bool IsBlank => Id.Trim().Length == 0 && Name.Trim().Length == 0 && Points.Trim().Length == 0;
}

/// <summary>A rater group's row in the form.</summary>
public sealed class GroupRow
{
    public string Id { get; set => field = value ?? ""; } = "";
    public string Name { get; set => field = value ?? ""; } = "";
    public string Weight { get; set => field = value ?? ""; } = "";
    public bool Trim { get; set; }
    public string TrimMin { get; set => field = value ?? ""; } = "";
    public bool ExcludeSelf { get; set; }
    public bool IsBlank => Id.Trim().Length == 0 && Name.Trim().Length == 0 && Weight.Trim().Length == 0 && TrimMin.Trim().Length == 0;
}

/// <summary>Where a problem of the survey object is in the form: the input's name (the key its message shows under), the row of a table (1-based) and the field, or a unit.</summary>
public sealed record FormPlace(string Key, string Section, int? Row = null, string? Field = null, string? Unit = null);

/// <summary>
/// The survey object of surveys.md §1 as a form for people who never see JSON: the id (of a new survey), name,
/// period, the units ticked, options and rater groups as rows, abstaining and the top quota in percent. It becomes the
/// object <c>PUT …/surveys/{id}</c> takes (<see cref="Document"/>), saved by <see cref="App.Surveys.SurveyService"/>, so
/// that the form and the API are checked by the same reader. Blank rows are left out; a number that cannot be read
/// is passed on as typed, for the reader to say so at its place; the problems' JSON paths come back as the form's
/// inputs (<see cref="Place"/>).
/// </summary>
public sealed class SurveyForm
{
    public string Id { get; set => field = value ?? ""; } = "";
    public string Name { get; set => field = value ?? ""; } = "";
    public string Period { get; set => field = value ?? ""; } = "";
    /// <summary>The units ticked, in the form's order.</summary>
    public List<string> Units { get; set; } = [];
    public List<OptionRow> Options { get; set; } = [];
    public bool Abstain { get; set; }
    /// <summary>The top quota in percent (30 = 0.3); blank: none.</summary>
    public string TopQuota { get; set => field = value ?? ""; } = "";
    public List<GroupRow> Groups { get; set; } = [];

    /// <summary>The stored survey as the form shows it.</summary>
    public static SurveyForm Of(Survey survey) => new()
    {
        Id = survey.Id,
        Name = survey.Name,
        Period = survey.Period ?? "",
        Units = [.. survey.Units],
        Options = [.. survey.Options.Select(o => new OptionRow { Id = o.Id, Name = o.Name, Points = Numbers.Shortest(o.Points), Satisfied = o.Satisfied })],
        Abstain = survey.Abstain,
        TopQuota = survey.TopQuota is { } q ? Numbers.Shortest(q * 100m) : "",
        Groups = [.. survey.Groups.Select(g => new GroupRow
        {
            Id = g.Id,
            Name = g.Name,
            Weight = Numbers.Shortest(g.Weight),
            Trim = g.Trim,
            TrimMin = g.TrimMin == SurveyGroup.DefaultTrimMin ? "" : g.TrimMin.ToString(CultureInfo.InvariantCulture),
            ExcludeSelf = g.ExcludeSelf,
        })],
    };

    /// <summary>
    /// A new survey: every unit ticked, the options 满意 100 / 基本满意 80 (both satisfied) / 不满意 0 as a, b, c, and one
    /// group, the leaders' rating of weight 100 — named in the page's language.
    /// </summary>
    public static SurveyForm New(IEnumerable<string> units, (string Satisfied, string Fair, string Dissatisfied) options, string leaders) => new()
    {
        Units = [.. units],
        Options =
        [
            new OptionRow { Id = "a", Name = options.Satisfied, Points = "100", Satisfied = true },
            new OptionRow { Id = "b", Name = options.Fair, Points = "80", Satisfied = true },
            new OptionRow { Id = "c", Name = options.Dissatisfied, Points = "0" },
        ],
        Groups = [new GroupRow { Id = "leaders", Name = leaders, Weight = "100" }],
    };

    /// <summary>Adds empty rows to type into, up to the reader's limits.</summary>
    public void AddBlankRows(int options, int groups)
    {
        for (var n = 0; n < options && Options.Count < SurveyReader.MaxOptions; n++) Options.Add(new OptionRow());
        for (var n = 0; n < groups && Groups.Count < SurveyReader.MaxGroups; n++) Groups.Add(new GroupRow());
    }

    private List<int> KeptOptions => [.. Options.Select((r, i) => (r, i)).Where(x => !x.r.IsBlank).Select(x => x.i)];

    private List<int> KeptGroups => [.. Groups.Select((r, i) => (r, i)).Where(x => !x.r.IsBlank).Select(x => x.i)];

    private List<string> KeptUnits => [.. Units.Select(u => (u ?? "").Trim()).Where(u => u.Length > 0)];

    /// <summary>The survey object of §1 with <paramref name="id"/> (the address's, or the one typed for a new survey).</summary>
    public JsonObject Document(string id)
    {
        var o = new JsonObject { ["id"] = id };
        if (Name.Trim().Length > 0) o["name"] = Name.Trim();
        if (Period.Trim().Length > 0) o["period"] = Period.Trim();
        o["units"] = new JsonArray([.. KeptUnits.Select(u => (JsonNode)u)]);
        var options = new JsonArray();
        foreach (var i in KeptOptions)
        {
            var r = Options[i];
            var x = new JsonObject { ["id"] = r.Id.Trim() };
            if (r.Name.Trim().Length > 0) x["name"] = r.Name.Trim();
            if (Number(r.Points) is { } points) x["points"] = points;
            x["satisfied"] = r.Satisfied;
            options.Add(x);
        }
        o["options"] = options;
        o["abstain"] = Abstain;
        if (TopQuota.Trim().Length > 0)
        {
            o["topQuota"] = ParseNumber(TopQuota) is { } percent ? JsonValue.Create(percent / 100m) : JsonValue.Create(TopQuota.Trim());
        }
        var groups = new JsonArray();
        foreach (var i in KeptGroups)
        {
            var r = Groups[i];
            var x = new JsonObject { ["id"] = r.Id.Trim() };
            if (r.Name.Trim().Length > 0) x["name"] = r.Name.Trim();
            if (Number(r.Weight) is { } weight) x["weight"] = weight;
            x["trim"] = r.Trim;
            if (Number(r.TrimMin) is { } trimMin) x["trimMin"] = trimMin;
            x["excludeSelf"] = r.ExcludeSelf;
            groups.Add(x);
        }
        o["groups"] = groups;
        return o;
    }

    /// <summary>A number as people type it (full-width digits, separators, a trailing %: the figure before it); null for anything else.</summary>
    public static decimal? ParseNumber(string text) =>
        text.Length <= 40 && NumberText.Parse(text) is { } n ? (n.Percent ? n.Value * 100m / 1.000000000000000000000000000000000m : n.Value) : null;

    /// <summary>The field's number, its text as typed when it is not one (the reader then says so at its place), nothing when blank.</summary>
    private static JsonNode? Number(string text) =>
        text.Trim().Length == 0 ? null : ParseNumber(text) is { } n ? JsonValue.Create(n) : JsonValue.Create(text.Trim());

    /// <summary>
    /// The input a JSON path of the survey object points at: <c>$.options[1].points</c> → the points of the form's
    /// second kept option row; <c>$.units[3]</c> → the units, naming the fourth unit ticked; "" for the form as a whole.
    /// </summary>
    public FormPlace Place(string path)
    {
        switch (path)
        {
            case "$.id": return new FormPlace("Form.Id", "id");
            case "$.name": return new FormPlace("Form.Name", "name");
            case "$.period": return new FormPlace("Form.Period", "period");
            case "$.abstain": return new FormPlace("Form.Abstain", "abstain");
            case "$.topQuota": return new FormPlace("Form.TopQuota", "topQuota");
            case "$.units": return new FormPlace("Form.Units", "units");
            case "$.options": return new FormPlace("Form.Options", "options");
            case "$.groups": return new FormPlace("Form.Groups", "groups");
        }
        if (Index(path, "$.units[") is { } u)
        {
            var units = KeptUnits;
            return new FormPlace("Form.Units", "units", Unit: u < units.Count ? units[u] : null);
        }
        if (Index(path, "$.options[") is { } o && KeptOptions is var kept && o < kept.Count)
        {
            var field = Rest(path);
            return new FormPlace(field is null ? "Form.Options" : $"Form.Options[{kept[o]}].{Pascal(field)}", "options", kept[o] + 1, field);
        }
        if (Index(path, "$.groups[") is { } g && KeptGroups is var keptGroups && g < keptGroups.Count)
        {
            var field = Rest(path);
            return new FormPlace(field is null ? "Form.Groups" : $"Form.Groups[{keptGroups[g]}].{Pascal(field)}", "groups", keptGroups[g] + 1, field);
        }
        return new FormPlace("", "");
    }

    private static string? Rest(string path)
    {
        var end = path.IndexOf(']', StringComparison.Ordinal);
        var rest = path[(end + 1)..].TrimStart('.');
        return rest.Length == 0 ? null : rest;
    }

    private static string Pascal(string field) => char.ToUpperInvariant(field[0]) + field[1..];

    private static int? Index(string path, string prefix)
    {
        if (!path.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var end = path.IndexOf(']', prefix.Length);
        return end > prefix.Length && int.TryParse(path.AsSpan(prefix.Length, end - prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : null;
    }
}
