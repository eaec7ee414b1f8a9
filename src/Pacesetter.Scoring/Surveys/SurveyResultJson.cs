using System.Text.Json;
using Pacesetter.Scoring.Output;

namespace Pacesetter.Scoring.Surveys;

/// <summary>
/// The result JSON of surveys.md §3, written alike by <c>pacesetter survey</c> and <c>GET …/surveys/{id}/result</c>:
/// <c>{"survey", "ballots": {"cast", "valid", "invalid"}, "units": [{"unit", "score", "satisfaction", "groups":
/// {"leaders": {"mean", "count"}}}]}</c>. Means and scores in their shortest form (85.50 → 85.5); satisfaction with
/// its one decimal (75 → 75.0); every group under every unit, in the survey's order, a group without a rating of the
/// unit as <c>{"mean": null, "count": 0}</c>.
/// </summary>
public static class SurveyResultJson
{
    public static string ToJson(SurveyResult result, bool indented = true)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, indented ? JsonFormats.IndentedWriter : JsonFormats.CompactWriter)) Write(writer, result);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static void Write(Utf8JsonWriter writer, SurveyResult result)
    {
        writer.WriteStartObject();
        writer.WriteString("survey", result.Survey.Id);
        writer.WriteStartObject("ballots");
        writer.WriteNumber("cast", result.Cast);
        writer.WriteNumber("valid", result.Valid);
        writer.WriteNumber("invalid", result.Invalid);
        writer.WriteEndObject();
        writer.WriteStartArray("units");
        foreach (var unit in result.Units)
        {
            writer.WriteStartObject();
            writer.WriteString("unit", unit.Unit);
            Number(writer, "score", unit.Score is { } s ? Numbers.Normalize(s) : null);
            Number(writer, "satisfaction", unit.Satisfaction);
            writer.WriteStartObject("groups");
            for (int g = 0; g < result.Survey.Groups.Count; g++)
            {
                writer.WriteStartObject(result.Survey.Groups[g].Id);
                Number(writer, "mean", unit.Groups[g].Mean is { } m ? Numbers.Normalize(m) : null);
                writer.WriteNumber("count", unit.Groups[g].Count);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter writer, string name, decimal? value)
    {
        if (value is { } v) writer.WriteNumber(name, v);
        else writer.WriteNull(name);
    }
}
