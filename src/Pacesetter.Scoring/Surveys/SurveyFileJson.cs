using System.Text.Json;
using Pacesetter.Scoring.Output;

namespace Pacesetter.Scoring.Surveys;

/// <summary>
/// Writes a survey (surveys.md §1) and the file of <c>pacesetter survey</c> (§5) as <see cref="SurveyReader"/> reads
/// them back: every field written, defaults included, so that a file exported by the web application says all it means.
/// </summary>
public static class SurveyFileJson
{
    public static string ToJson(Survey survey, IEnumerable<Ballot>? ballots, bool indented = true)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, indented ? JsonFormats.IndentedWriter : JsonFormats.CompactWriter))
        {
            if (ballots is null) WriteSurvey(writer, survey);
            else
            {
                writer.WriteStartObject();
                writer.WritePropertyName("survey");
                WriteSurvey(writer, survey);
                writer.WriteStartArray("ballots");
                foreach (var ballot in ballots) WriteBallot(writer, ballot);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>A list of ballots (surveys.md §2) on one line, as <c>POST …/ballots</c> takes it.</summary>
    public static string BallotsJson(IEnumerable<Ballot> ballots)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, JsonFormats.CompactWriter))
        {
            writer.WriteStartArray();
            foreach (var ballot in ballots) WriteBallot(writer, ballot);
            writer.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static void WriteSurvey(Utf8JsonWriter writer, Survey survey)
    {
        writer.WriteStartObject();
        writer.WriteString("id", survey.Id);
        writer.WriteString("name", survey.Name);
        if (survey.Period is not null) writer.WriteString("period", survey.Period);
        writer.WriteStartArray("units");
        foreach (var unit in survey.Units) writer.WriteStringValue(unit);
        writer.WriteEndArray();
        writer.WriteStartArray("options");
        foreach (var option in survey.Options)
        {
            writer.WriteStartObject();
            writer.WriteString("id", option.Id);
            writer.WriteString("name", option.Name);
            writer.WriteNumber("points", Numbers.Normalize(option.Points));
            writer.WriteBoolean("satisfied", option.Satisfied);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteBoolean("abstain", survey.Abstain);
        if (survey.TopQuota is { } q) writer.WriteNumber("topQuota", Numbers.Normalize(q));
        writer.WriteStartArray("groups");
        foreach (var group in survey.Groups)
        {
            writer.WriteStartObject();
            writer.WriteString("id", group.Id);
            writer.WriteString("name", group.Name);
            writer.WriteNumber("weight", Numbers.Normalize(group.Weight));
            writer.WriteBoolean("trim", group.Trim);
            writer.WriteNumber("trimMin", group.TrimMin);
            writer.WriteBoolean("excludeSelf", group.ExcludeSelf);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static void WriteBallot(Utf8JsonWriter writer, Ballot ballot)
    {
        writer.WriteStartObject();
        writer.WriteString("group", ballot.Group);
        if (ballot.Rater is not null) writer.WriteString("rater", ballot.Rater);
        writer.WriteStartObject("ratings");
        foreach (var (unit, option) in ballot.Ratings) writer.WriteString(unit, option);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
