using System.Text.Json;
using Pacesetter.Scoring.Output;
using Pacesetter.Scoring.Surveys;

namespace Pacesetter.App.Surveys;

/// <summary>
/// How a stored ballot's ratings are written: one character per survey unit, in the survey's order — the option's
/// position as <c>0–9</c>, <c>A–J</c>; <c>-</c> unrated; <c>?</c> an option the survey does not have — and, for a paper
/// ballot, what the characters cannot hold (a unit not on the survey, an unknown option's id) as JSON beside them.
/// 100,000 ballots of 200 units are 20 MB of characters, read back without parsing JSON.
/// </summary>
public static class SurveyCodes
{
    private const string Digits = "0123456789ABCDEFGHIJ";

    public static string Encode(CodedBallot ballot)
    {
        var chars = new char[ballot.Codes.Length];
        for (int i = 0; i < chars.Length; i++)
        {
            chars[i] = ballot.Codes[i] switch
            {
                CodedBallot.Unrated => '-',
                CodedBallot.Unknown => '?',
                var c => Digits[c],
            };
        }
        return new string(chars);
    }

    /// <summary>The ratings of <paramref name="ballot"/> the codes cannot hold, as a JSON object; null when there are none.</summary>
    public static string? Extra(Survey survey, Ballot ballot)
    {
        var extra = ballot.Ratings.Where(r => survey.UnitIndex(r.Key) < 0 || survey.OptionIndex(r.Value) < 0).ToList();
        if (extra.Count == 0) return null;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, JsonFormats.CompactWriter))
        {
            writer.WriteStartObject();
            foreach (var (unit, option) in extra) writer.WriteString(unit, option);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// The code of each stored character (<see cref="Digits"/> → the option's position, <c>?</c> → unknown); any other
    /// character, <c>-</c> included, reads as unrated.
    /// </summary>
    private static readonly byte[] CodeOf = CodeTable();

    private static byte[] CodeTable()
    {
        var table = new byte[128];
        Array.Fill(table, CodedBallot.Unrated);
        for (int i = 0; i < Digits.Length; i++) table[Digits[i]] = (byte)i;
        table['?'] = CodedBallot.Unknown;
        return table;
    }

    /// <summary>The ballot as the tally reads it.</summary>
    public static CodedBallot Decode(Survey survey, SurveyBallot row) => Decode(survey, row.Group, row.Rater, row.Codes, row.Extra);

    /// <summary>
    /// A stored ballot's columns as the tally reads them: one code per survey unit (a unit past the stored characters
    /// unrated), whether the paper named a unit not on the survey, the group's and the rater's positions.
    /// </summary>
    public static CodedBallot Decode(Survey survey, string group, string? rater, string text, string? extra)
    {
        var codes = new byte[survey.Units.Count];
        int stored = Math.Min(codes.Length, text.Length);
        for (int i = 0; i < stored; i++)
        {
            char c = text[i];
            codes[i] = c < 128 ? CodeOf[c] : CodedBallot.Unrated;
        }
        if (stored < codes.Length) codes.AsSpan(stored).Fill(CodedBallot.Unrated);
        bool foreign = false;
        int groupIndex = survey.GroupIndex(group);
        if (extra is not null)
        {
            using var document = JsonDocument.Parse(extra);
            foreach (var p in document.RootElement.EnumerateObject())
            {
                if (survey.UnitIndex(p.Name) < 0) foreign |= CodedBallot.Foreign(survey, groupIndex, rater, p.Name);
            }
        }
        return new CodedBallot(groupIndex, rater, rater is null ? -1 : survey.UnitIndex(rater), codes, foreign);
    }

    /// <summary>The ballot as written (surveys.md §2), for the exports: the survey's units in order, then what the paper held besides.</summary>
    public static Ballot Written(Survey survey, SurveyBallot row)
    {
        var ratings = new List<KeyValuePair<string, string>>();
        Dictionary<string, string>? extra = null;
        if (row.Extra is not null)
        {
            using var document = JsonDocument.Parse(row.Extra);
            extra = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
        }
        for (int i = 0; i < survey.Units.Count && i < row.Codes.Length; i++)
        {
            char c = row.Codes[i];
            if (c == '-') continue;
            var unit = survey.Units[i];
            if (c == '?') ratings.Add(new(unit, extra?.GetValueOrDefault(unit) ?? "?"));
            else ratings.Add(new(unit, survey.Options[Digits.IndexOf(c)].Id));
        }
        if (extra is not null)
        {
            foreach (var (unit, option) in extra)
            {
                if (survey.UnitIndex(unit) < 0) ratings.Add(new(unit, option));
            }
        }
        return new Ballot(row.Group, row.Rater, ratings);
    }
}
