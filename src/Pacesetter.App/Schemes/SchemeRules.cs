using System.Text.Json.Nodes;
using Pacesetter.App.Organizations;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.App.Schemes;

/// <summary>
/// The organization's rules for a scheme file it stores (issue 7, findings 4 and 7). The scoring specification
/// (scoring.md §7) does not restrict ids, and <c>pacesetter score</c> keeps reading any; but a file stored in an
/// organization creates and renames its units and categories and keys its data rows by unit and indicator, so it
/// follows the same rules as the Units page (<see cref="OrgRules"/>) and the limits of <see cref="InputLimits"/>:
/// unit and category codes by <see cref="OrgRules.Code"/>, their names 1–200 characters without control characters,
/// indicator ids 1–64 characters without control characters, the reason at most 2000 characters, and no NUL in any
/// text of the document (PostgreSQL stores it as <c>jsonb</c>, which cannot hold U+0000). A pure check over the file
/// already read, run before any write (the import's validation stage, the editor's save, the copy of a period).
/// </summary>
public static class SchemeRules
{
    /// <param name="scheme">The file as the engine read it (valid).</param>
    /// <param name="file">The same file as JSON (its <c>data</c>, checked datum by datum elsewhere, is not walked).</param>
    /// <param name="reason">The reason given with it (trimmed; null: none).</param>
    /// <param name="reasonPath">Where the reason came from: the query parameter or form field <c>reason</c>.</param>
    public static List<Problem> Check(Scheme scheme, JsonObject file, string? reason, string reasonPath = "reason")
    {
        var problems = new List<Problem>(OrgRules.CheckReason(reason, reasonPath));
        foreach (var unit in scheme.Units.Where(u => u.Named))
        {
            var path = JsonPath.Field(JsonPath.Field(JsonPath.Root, "units"), unit.Id);
            if (!OrgRules.Code().IsMatch(unit.Id)) problems.Add(OrgRules.BadCode(path, OrgRules.UnitCodeField));
            if (OrgRules.CheckName(path, OrgRules.UnitNameField, unit.Name) is { } name) problems.Add(name);
        }
        for (int i = 0; i < scheme.Categories.Count; i++)
        {
            var category = scheme.Categories[i];
            var path = JsonPath.Index(JsonPath.Field(JsonPath.Root, "categories"), i);
            if (!OrgRules.Code().IsMatch(category.Id)) problems.Add(OrgRules.BadCode(JsonPath.Field(path, "id"), OrgRules.CategoryCodeField));
            if (OrgRules.CheckName(JsonPath.Field(path, "name"), OrgRules.CategoryNameField, category.Name) is { } name) problems.Add(name);
            for (int j = 0; j < category.Units.Count; j++)
            {
                if (!OrgRules.Code().IsMatch(category.Units[j])) problems.Add(OrgRules.BadCode(JsonPath.Index(JsonPath.Field(path, "units"), j), OrgRules.UnitCodeField));
            }
            for (int k = 0; k < category.Indicators.Count; k++)
            {
                if (!OrgRules.IsIndicatorId(category.Indicators[k].Id)) problems.Add(OrgRules.BadIndicatorId(JsonPath.Field(JsonPath.Index(JsonPath.Field(path, "indicators"), k), "id")));
            }
        }
        var named = problems.Select(p => p.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, value) in file)
        {
            if (key == "data") continue;
            Nul(value, JsonPath.Field(JsonPath.Root, key), key, problems, named);
        }
        return problems;
    }

    /// <summary>Every string and field name holding NUL under <paramref name="node"/>, unless a rule above already named its place.</summary>
    private static void Nul(JsonNode? node, string path, string key, List<Problem> problems, HashSet<string> named)
    {
        if (InputLimits.HasNul(key) && named.Add(path)) problems.Add(OrgRules.NoNul(path));
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o) Nul(v, JsonPath.Field(path, k), k, problems, named);
                break;
            case JsonArray a:
                for (int i = 0; i < a.Count; i++) Nul(a[i], JsonPath.Index(path, i), "", problems, named);
                break;
            case JsonValue v when v.TryGetValue<string>(out var s) && InputLimits.HasNul(s) && named.Add(path):
                problems.Add(OrgRules.NoNul(path));
                break;
        }
    }
}
