using System.Text.Json;
using System.Text.Json.Nodes;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.App.Publication;

/// <summary>
/// 汇总 roll-up (scoring.md §9, ADR 0025): a quarter's, half-year's or year's base indicators of method
/// <c>{"type": "rollup", "period": "2026-Q1"}</c> take each unit's composite from the latest published revision of
/// that source period, at publication — nobody types them. A rollup indicator without a <c>period</c> (a leadership
/// rating) keeps its entered datum.
/// </summary>
public static class RollUp
{
    /// <summary>Whether the indicator's data are filled at publication from a published period (so nobody enters them).</summary>
    public static bool Fills(Indicator indicator) => indicator.Method is { Type: MethodType.Rollup, Period: not null };

    /// <summary>Whether the scheme document has a rollup indicator with a source period (else the file need not be parsed to be filled).</summary>
    public static bool HasSources(JsonObject document) => Slots(document).Count > 0;

    /// <summary>The source period of a rollup indicator in a scheme document (null: not a rollup, or one whose datum is entered).</summary>
    public static string? SourcePeriod(JsonObject indicator) =>
        indicator["method"] is JsonObject { } m && Text(m["type"]) == MethodTypes.Rollup ? Text(m["period"]) : null;

    /// <summary>
    /// Fills <c>data[unit][indicator]</c> of every rollup indicator with a source period in <paramref name="file"/> (the
    /// assembled scheme file about to be scored) with the unit's composite in that period's latest published revision.
    /// A unit absent from that revision gets no datum (the indicator's <c>missing</c> policy applies). A source period
    /// not published yet leaves the datum out too and is listed, per unit, in what this returns: the publication
    /// refuses unless incomplete data are allowed.
    /// </summary>
    public static async Task<IReadOnlyList<(string Unit, string Indicator, string SourcePeriod)>> FillAsync(PublicationStore store, int org, JsonObject file, CancellationToken ct)
    {
        var slots = Slots(file);
        var missing = new List<(string Unit, string Indicator, string SourcePeriod)>();
        if (slots.Count == 0) return missing;
        if (file["data"] is not JsonObject data)
        {
            data = [];
            file["data"] = data;
        }
        var composites = new Dictionary<string, Dictionary<string, decimal>?>(StringComparer.Ordinal);
        foreach (var source in slots.Select(s => s.Source).Distinct(StringComparer.Ordinal))
        {
            var revision = await store.LatestAsync(org, source, ct);
            composites[source] = revision is null ? null : Composites(PublicationStore.Unzip(revision.Results));
        }
        foreach (var (units, indicator, source) in slots)
        {
            var published = composites[source];
            foreach (var unit in units)
            {
                var values = data[unit] as JsonObject;
                if (published is not null && published.TryGetValue(unit, out var composite))
                {
                    if (values is null)
                    {
                        values = [];
                        data[unit] = values;
                    }
                    values[indicator] = JsonValue.Create(composite);
                    continue;
                }
                // Whatever a row or an import held is not the published figure: no datum, the missing policy decides.
                values?.Remove(indicator);
                if (published is null) missing.Add((unit, indicator, source));
            }
        }
        return missing;
    }

    /// <summary>The rollup indicators with a source period: the units of their category, the indicator id, the source period.</summary>
    private static List<(IReadOnlyList<string> Units, string Indicator, string Source)> Slots(JsonObject file)
    {
        var slots = new List<(IReadOnlyList<string>, string, string)>();
        if (file["categories"] is not JsonArray categories) return slots;
        foreach (var category in categories.OfType<JsonObject>())
        {
            var units = (category["units"] as JsonArray)?.Select(Text).OfType<string>().ToList() ?? [];
            foreach (var indicator in (category["indicators"] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                if (SourcePeriod(indicator) is { } source && Text(indicator["id"]) is { } id) slots.Add((units, id, source));
            }
        }
        return slots;
    }

    /// <summary>Unit → composite of a stored results JSON (scoring.md §8: every category's results).</summary>
    private static Dictionary<string, decimal> Composites(string resultsJson)
    {
        var map = new Dictionary<string, decimal>(StringComparer.Ordinal);
        using var doc = JsonDocument.Parse(resultsJson);
        foreach (var category in doc.RootElement.GetProperty("categories").EnumerateArray())
        {
            foreach (var r in category.GetProperty("results").EnumerateArray())
            {
                map[r.GetProperty("unit").GetString()!] = r.GetProperty("composite").GetDecimal();
            }
        }
        return map;
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
