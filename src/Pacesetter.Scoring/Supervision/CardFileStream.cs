using System.Text.Json;

namespace Pacesetter.Scoring.Supervision;

/// <summary>
/// The plain valid cards file read in one pass of a <see cref="Utf8JsonReader"/> over its bytes, straight into the
/// model: no <see cref="JsonDocument"/>, no separate scan. It accepts only what <see cref="CardFileReader"/> accepts, read
/// to the same tasks: the fields it knows, each once and of the right kind, dates written <c>dddd-dd-dd</c>, percents
/// 0–100, distinct ids, rules without a problem. At anything else — a problem, an escaped date, a string that is not
/// Unicode text, a syntax error — it gives up, and the checked reader reads the whole file again and reports what it
/// finds, as before (<c>CardLegacyEquivalenceTests</c> hold the two to the code before issue 10).
/// </summary>
internal static class CardFileStream
{
    /// <summary>Thrown inside the pass to give up; never leaves it.</summary>
    private sealed class NotPlain : Exception;

    private static readonly NotPlain GiveUp = new();

    /// <returns>the file, or null when it is not plain (the caller reads it with the checks).</returns>
    public static CardFile? TryRead(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8);
            var file = ReadFile(ref reader);
            // Nothing but white space may follow (the reader throws at anything else).
            if (reader.Read()) return null;
            return file;
        }
        catch (Exception ex) when (ex is NotPlain or JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static void Next(ref Utf8JsonReader reader, JsonTokenType expected)
    {
        if (!reader.Read() || reader.TokenType != expected) throw GiveUp;
    }

    private static CardFile ReadFile(ref Utf8JsonReader reader)
    {
        Next(ref reader, JsonTokenType.StartObject);
        CardRules? rules = null;
        List<SupervisedTask>? tasks = null;
        while (true)
        {
            if (!reader.Read()) throw GiveUp;
            if (reader.TokenType == JsonTokenType.EndObject) break;
            if (reader.ValueTextEquals("rules"u8) && rules is null)
            {
                if (!reader.Read()) throw GiveUp;
                // A few numbers: read by the checked code, which must find nothing wrong.
                using var document = JsonDocument.ParseValue(ref reader);
                var problems = new List<Problem>();
                rules = CardFileReader.ReadRules(document.RootElement, JsonPath.Field(JsonPath.Root, "rules"), problems);
                if (problems.Count > 0) throw GiveUp;
            }
            else if (reader.ValueTextEquals("tasks"u8) && tasks is null)
            {
                tasks = ReadTasks(ref reader);
            }
            else
            {
                throw GiveUp;
            }
        }
        if (tasks is null) throw GiveUp;
        return new CardFile(rules ?? CardRules.Default, tasks);
    }

    private static List<SupervisedTask> ReadTasks(ref Utf8JsonReader reader)
    {
        Next(ref reader, JsonTokenType.StartArray);
        var tasks = new List<SupervisedTask>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            if (!reader.Read()) throw GiveUp;
            if (reader.TokenType == JsonTokenType.EndArray) return tasks;
            if (reader.TokenType != JsonTokenType.StartObject) throw GiveUp;
            var task = ReadTask(ref reader);
            if (!ids.Add(task.Id)) throw GiveUp;
            tasks.Add(task);
        }
    }

    private static SupervisedTask ReadTask(ref Utf8JsonReader reader)
    {
        string? id = null, name = null, unit = null;
        DateOnly? start = null, due = null;
        List<ProgressReport>? progress = null;
        while (true)
        {
            if (!reader.Read()) throw GiveUp;
            if (reader.TokenType == JsonTokenType.EndObject) break;
            if (reader.ValueTextEquals("id"u8) && id is null) id = Text(ref reader);
            else if (reader.ValueTextEquals("name"u8) && name is null) name = Text(ref reader);
            else if (reader.ValueTextEquals("unit"u8) && unit is null) unit = Text(ref reader);
            else if (reader.ValueTextEquals("start"u8) && start is null) start = Date(ref reader);
            else if (reader.ValueTextEquals("due"u8) && due is null) due = Date(ref reader);
            else if (reader.ValueTextEquals("progress"u8) && progress is null) progress = ReadProgress(ref reader);
            else throw GiveUp;
        }
        if (id is null || name is null || unit is null || start is not { } s || due is not { } d || d < s) throw GiveUp;
        return new SupervisedTask(id, name, unit, s, d, progress ?? []);
    }

    private static List<ProgressReport> ReadProgress(ref Utf8JsonReader reader)
    {
        Next(ref reader, JsonTokenType.StartArray);
        var progress = new List<ProgressReport>();
        while (true)
        {
            if (!reader.Read()) throw GiveUp;
            if (reader.TokenType == JsonTokenType.EndArray) return progress;
            if (reader.TokenType != JsonTokenType.StartObject) throw GiveUp;
            DateOnly? date = null;
            decimal? percent = null;
            while (true)
            {
                if (!reader.Read()) throw GiveUp;
                if (reader.TokenType == JsonTokenType.EndObject) break;
                if (reader.ValueTextEquals("date"u8) && date is null)
                {
                    date = Date(ref reader);
                }
                else if (reader.ValueTextEquals("percent"u8) && percent is null)
                {
                    Next(ref reader, JsonTokenType.Number);
                    if (!reader.TryGetDecimal(out var value) || value < 0m || value > 100m) throw GiveUp;
                    percent = value;
                }
                else
                {
                    throw GiveUp;
                }
            }
            if (date is not { } d || percent is not { } p) throw GiveUp;
            progress.Add(new ProgressReport(d, p));
        }
    }

    /// <summary>A string that is Unicode text (the reader refuses bytes that are not UTF-8; an escaped lone surrogate is checked here) and not blank.</summary>
    private static string Text(ref Utf8JsonReader reader)
    {
        Next(ref reader, JsonTokenType.String);
        var text = reader.GetString()!;
        if (reader.ValueIsEscaped && !IsUnicode(text)) throw GiveUp;
        if (string.IsNullOrWhiteSpace(text)) throw GiveUp;
        return text;
    }

    private static bool IsUnicode(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(text[i])) return false;
        }
        return true;
    }

    private static DateOnly Date(ref Utf8JsonReader reader)
    {
        Next(ref reader, JsonTokenType.String);
        if (reader.ValueIsEscaped || reader.HasValueSequence || !CardFileReader.TryParseRawDate(reader.ValueSpan, out var date)) throw GiveUp;
        return date;
    }
}
