using System.Globalization;
using System.Text;
using System.Text.Json;
using Pacesetter.Scoring.Output;
using Pacesetter.Scoring.Supervision;
using Pacesetter.Scoring.Tests.Supervision.Legacy;

namespace Pacesetter.Scoring.Tests.Supervision;

/// <summary>
/// Issue 10 made the cards file's reader, the evaluator and the report's writer faster; this holds them to the code as
/// it was (<c>Legacy/</c>) on random files with fixed seeds: a few hundred tasks with random dates, percents and rules,
/// valid and spoilt. A valid file must give the same report byte for byte; an invalid one the same problems, in the
/// same order, with the same paths and texts.
/// </summary>
public class CardLegacyEquivalenceTests
{
    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 12)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Valid_random_files_give_the_same_report_byte_for_byte(int seed)
    {
        var rng = new Random(seed);
        var json = RandomFile(rng, spoil: 0);
        var asOf = new DateOnly(2025, 11, 1).AddDays(rng.Next(500));

        var legacy = LegacyCardEvaluator.Evaluate(LegacyCardFileReader.Read(json), asOf);
        var report = CardEvaluator.Evaluate(CardFileReader.Read(Encoding.UTF8.GetBytes(json)), asOf);

        Assert.NotNull(CardFileStream.TryRead(Encoding.UTF8.GetBytes(json)));
        string expected = LegacyOutput(legacy);
        Assert.Equal(expected, LegacyOutput(report));
        Assert.Equal(expected, StreamOutput(report));
        Assert.Equal(expected, BufferOutput(report));
        Assert.Equal(Compact(legacy), Compact(report));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Spoilt_random_files_give_the_same_problems_in_the_same_order(int seed)
    {
        var rng = new Random(1000 + seed);
        var json = RandomFile(rng, spoil: 0.03);

        var legacy = Problems(() => LegacyCardFileReader.Read(json));
        var problems = Problems(() => CardFileReader.Read(json));

        Assert.NotEmpty(legacy);
        Assert.Null(CardFileStream.TryRead(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(legacy, problems);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Rules_alone_give_the_problems_of_the_file_relative_to_the_rules_object(int seed)
    {
        var rng = new Random(2000 + seed);
        var rules = RandomRules(rng, spoil: 0.3);

        var inFile = Problems(() => LegacyCardFileReader.Read($$"""{"rules": {{rules}}, "tasks": []}"""))
            .Select(p => p.Replace("$.rules", "$", StringComparison.Ordinal)).ToList();
        var alone = Problems(() => CardFileReader.ReadRules(Encoding.UTF8.GetBytes(rules)));

        Assert.Equal(inFile, alone);
        if (inFile.Count == 0)
        {
            Assert.Equal(LegacyCardFileReader.Read($$"""{"rules": {{rules}}, "tasks": []}""").Rules, CardFileReader.ReadRules(Encoding.UTF8.GetBytes(rules)));
        }
    }

    [Fact]
    public void Edge_cases_of_dates_and_fields_give_the_same_problems()
    {
        string[] files =
        [
            """{"tasks": [{"id": "P1", "name": "n", "unit": "T1", "start": "2026-02-30", "due": "26-01-01", "progress": [{"date": "2026\u002D01-05", "percent": 5}]}]}""",
            """{"tasks": [{"id": "P1", "name": "n", "unit": "T1", "start": "\u0032026-01-05", "due": "2026-1-5", "progress": [{"date": " 2026-01-05", "percent": 5}]}]}""",
            """{"tasks": [{"id": "P1", "name": "n", "unit": "T1", "start": "0000-01-01", "due": "9999-12-31", "progress": [{"date": 20260105, "percent": "5"}]}]}""",
            """{"tasks": [{"id": "P1", "name": "n", "name": 3, "unit": "T1", "start": "2026-01-01", "due": "2026-12-31", "progress": [{"date": "2026-01-05", "percent": 5, "percent": 101}]}]}""",
            """{"tasks": [{"id": "P1", "name": "n", "unit": "T1", "start": "2026-01-01", "due": "2026-12-31", "progress": [{"date": "2026-01-05", "percent": 5, "per cent": 1, "": 2}]}]}""",
            """{"tasks": [{"id": "P1", "n\u0061me": "n", "unit": "T1", "start": "2026-01-01", "due": "2026-12-31"}, {"id": "P1", "name": " ", "unit": "", "start": "2026-01-01", "due": "2026-12-31", "progress": {}}]}""",
            """{"tasks": [1, [], {"id": 1}, {"id": "P1"}, {"id": "P1", "name": "n", "unit": "T1", "start": "2026-01-01", "due": "2026-12-31", "progress": [1, {}]}]}""",
            """{"rules": {"yellowLag": 40, "redLag": 30, "notStartedYellowMonths": 2.5, "notStartedRedMonths": -1, "escalateAfter": 0, "x": 1}, "tasks": {}}""",
            """{"rules": [], "tasks": [], "tasks": [], "other": null}""",
            """[]""",
            """{"rules": {"yellowLag": "10", "redLag": 1e1, "notStartedYellowMonths": 3, "notStartedRedMonths": 2, "escalateAfter": 1e10}}""",
        ];
        foreach (var json in files)
        {
            Assert.Equal(Problems(() => LegacyCardFileReader.Read(json)), Problems(() => CardFileReader.Read(json)));
        }
    }

    [Fact]
    public void Text_that_is_not_unicode_or_not_json_gives_the_same_problems()
    {
        const string task = "\"name\": \"n\", \"unit\": \"T1\", \"start\": \"2026-01-01\", \"due\": \"2026-12-31\"";
        byte[][] files =
        [
            Encoding.UTF8.GetBytes($$"""{"tasks": [{"id": "P\ud800", {{task}}}]}"""),
            Encoding.UTF8.GetBytes($$"""{"tasks": [{"id": "P\udc00\ud800", {{task}}}]}"""),
            [.. "{\"tasks\": [{\"id\": \"P"u8, 0xFF, .. Encoding.UTF8.GetBytes($"\", {task}}}]}}")],
            [.. "{\"tasks\": [{\"id\": \"P"u8, 0xED, 0xA0, 0x80, .. Encoding.UTF8.GetBytes($"\", {task}}}]}}")],
            [.. "{\"tasks\": [{\"i"u8, 0xC3, .. Encoding.UTF8.GetBytes($"d\": \"P1\", {task}}}]}}")],
            Encoding.UTF8.GetBytes($$"""{"tasks": [{"id": "P1", {{task}}}]} x"""),
            Encoding.UTF8.GetBytes($$"""{"tasks": [{"id": "P1", {{task}}} /* c */]}"""),
            Encoding.UTF8.GetBytes($$"""{"tasks": [{"id": "P1", {{task}}}],}"""),
            Encoding.UTF8.GetBytes($$"""{"rules": {"yellowLag": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}, "tasks": []}"""),
            [.. "\uFEFF"u8, .. Encoding.UTF8.GetBytes($$"""{"tasks": [{"id": "P1", {{task}}}, {"id": "P1", {{task}}}]}""")],
            [],
            " \n"u8.ToArray(),
        ];
        foreach (var bytes in files)
        {
            Assert.Null(CardFileStream.TryRead(bytes));
            Assert.Equal(Problems(() => LegacyCardFileReader.Read(bytes)), Problems(() => CardFileReader.Read(bytes)));
        }
    }

    [Fact]
    public void A_plain_file_with_escaped_text_and_a_byte_order_mark_is_read_in_one_pass_to_the_same_tasks()
    {
        byte[] bytes = [.. "\uFEFF"u8, .. Encoding.UTF8.GetBytes("""
            {"tasks": [{"id": "P\u0031", "name": "\u9053\u8def \ud83d\ude00 \"x\"", "unit": "T1", "start": "2026-01-01", "due": "2026-12-31",
                        "progress": [{"percent": 12.50, "date": "2026-02-01"}]}], "rules": {"escalateAfter": 3}}
            """)];
        var asOf = new DateOnly(2026, 6, 30);

        Assert.NotNull(CardFileStream.TryRead(bytes.AsSpan(3)));
        var legacy = LegacyCardFileReader.Read(bytes);
        var file = CardFileReader.Read(bytes);
        Assert.Equal(legacy.Rules, file.Rules);
        Assert.Equal(legacy.Tasks[0].Name, file.Tasks[0].Name);
        Assert.Equal(LegacyOutput(LegacyCardEvaluator.Evaluate(legacy, asOf)), StreamOutput(CardEvaluator.Evaluate(file, asOf)));
    }

    [Fact]
    public void Dates_written_with_escapes_or_numbers_in_other_forms_read_as_before()
    {
        const string json = """
            {"rules": {"yellowLag": 1.50, "redLag": 3e1},
             "tasks": [{"id": "P\u0031", "name": "n", "unit": "T1", "start": "\u0032026-01-05", "due": "2026-06-30",
                        "progress": [{"date": "2026-02-01", "percent": 1.0}, {"date": "2026-03-01", "percent": 25e0}, {"date": "2026-03-01", "percent": 0.250E2}]}]}
            """;
        var asOf = new DateOnly(2026, 4, 30);

        Assert.Equal(
            LegacyOutput(LegacyCardEvaluator.Evaluate(LegacyCardFileReader.Read(json), asOf)),
            StreamOutput(CardEvaluator.Evaluate(CardFileReader.Read(json), asOf)));
    }

    private static List<string> Problems(Func<object> read)
    {
        try
        {
            read();
            return [];
        }
        catch (InvalidInputException ex)
        {
            return ex.Problems.Select(p => $"{p.Path} | {p.English} | {p.Chinese}").ToList();
        }
    }

    /// <summary>The command's JSON before issue 10: the indented writer into a buffer, then a line break.</summary>
    private static string LegacyOutput(CardReport report)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, JsonFormats.IndentedWriter))
        {
            LegacyCardReportJson.Write(writer, report);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    private static string StreamOutput(CardReport report)
    {
        using var stream = new MemoryStream();
        CardReportJson.Write(stream, report, JsonFormats.IndentedWriter);
        stream.Write("\n"u8);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string BufferOutput(CardReport report)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, JsonFormats.IndentedWriter))
        {
            CardReportJson.Write(writer, report);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    private static string Compact(CardReport report)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            CardReportJson.Write(writer, report);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// A file of 200 to 400 tasks of 1 to 30 units: schedules in 2025–2027 (some due on the start day), 0 to 15 reports
    /// in any order (same dates repeated, decimals of any scale), random rules. With <paramref name="spoil"/> &gt; 0
    /// each field is spoilt with that probability (missing, repeated, unknown, of the wrong type, out of range).
    /// </summary>
    private static string RandomFile(Random rng, double spoil)
    {
        var text = new StringBuilder();
        text.Append('{');
        if (rng.Next(4) != 0) text.Append("\"rules\": ").Append(RandomRules(rng, spoil)).Append(", ");
        text.Append("\"tasks\": [");
        int count = 200 + rng.Next(201);
        int units = 1 + rng.Next(30);
        for (int i = 0; i < count; i++)
        {
            if (i > 0) text.Append(",\n");
            var start = new DateOnly(2025, 1, 1).AddDays(rng.Next(900));
            var due = rng.Next(20) == 0 ? start : start.AddDays(rng.Next(600));
            var fields = new List<string>
            {
                Field(rng, spoil, "id", Str(rng.Next(30) == 0 && spoil > 0 ? $"P{rng.Next(i + 1)}" : $"P{i}")),
                Field(rng, spoil, "name", Str($"任务 {i} \"引号\"")),
                Field(rng, spoil, "unit", Str($"T{rng.Next(units)}")),
                Field(rng, spoil, "start", Str(Day(start))),
                Field(rng, spoil, "due", Str(Day(spoil > 0 && rng.NextDouble() < spoil ? start.AddDays(-1) : due))),
            };
            if (rng.Next(10) != 0)
            {
                var reports = new List<string>();
                int n = rng.Next(16);
                for (int r = 0; r < n; r++)
                {
                    var date = start.AddDays(rng.Next(-60, 500));
                    if (r > 0 && rng.Next(6) == 0) date = start; // repeated dates: the one listed last counts
                    reports.Add("{" + string.Join(", ", new[]
                    {
                        Field(rng, spoil, "date", Str(Day(date))),
                        Field(rng, spoil, "percent", Percent(rng, spoil)),
                    }.Where(f => f.Length > 0)) + "}");
                }
                fields.Add(Field(rng, spoil, "progress", "[" + string.Join(", ", reports) + "]"));
            }
            text.Append('{').Append(string.Join(", ", fields.Where(f => f.Length > 0))).Append('}');
        }
        text.Append("]}");
        return text.ToString();
    }

    private static string RandomRules(Random rng, double spoil)
    {
        decimal yellow = rng.Next(5) == 0 ? 0m : Math.Round((decimal)(rng.NextDouble() * 30), rng.Next(3));
        decimal red = yellow + Math.Round((decimal)(rng.NextDouble() * 40), rng.Next(3));
        int yellowMonths = rng.Next(4);
        int redMonths = yellowMonths + rng.Next(4);
        var fields = new List<string>();
        if (rng.Next(5) != 0) fields.Add(Field(rng, spoil, "yellowLag", Num(yellow)));
        if (rng.Next(5) != 0) fields.Add(Field(rng, spoil, "redLag", Num(red)));
        if (rng.Next(5) != 0) fields.Add(Field(rng, spoil, "notStartedYellowMonths", Num(yellowMonths)));
        if (rng.Next(5) != 0) fields.Add(Field(rng, spoil, "notStartedRedMonths", Num(redMonths)));
        if (rng.Next(5) != 0) fields.Add(Field(rng, spoil, "escalateAfter", Num(1 + rng.Next(4))));
        return "{" + string.Join(", ", fields.Where(f => f.Length > 0)) + "}";
    }

    private static string Percent(Random rng, double spoil)
    {
        int kind = rng.Next(10);
        decimal value = kind == 0 ? 0m : kind == 1 ? 100m : Math.Round((decimal)(rng.NextDouble() * 100), rng.Next(4));
        if (spoil > 0 && rng.NextDouble() < spoil) value = rng.Next(2) == 0 ? -0.5m : 100.25m;
        // The same number written in other ways: trailing zeros and exponents keep their scale as the reader gives it.
        return rng.Next(8) switch
        {
            0 => Num(value) + (Num(value).Contains('.', StringComparison.Ordinal) ? "0" : ".0"),
            1 => Num(value * 10) + "e-1",
            _ => Num(value),
        };
    }

    /// <summary>The field as written, or spoilt: left out, repeated (the same value or another), misnamed, or given a value of the wrong kind.</summary>
    private static string Field(Random rng, double spoil, string name, string value)
    {
        string field = $"\"{name}\": {value}";
        if (spoil == 0 || rng.NextDouble() >= spoil) return field;
        return rng.Next(7) switch
        {
            0 => "",
            1 => rng.Next(2) == 0 ? $"{field}, {field}" : $"{field}, \"{name}\": \"x\"",
            2 => $"\"{name}s\": {value}",
            3 => $"\"{name}\": null",
            4 => $"\"{name}\": \"\"",
            5 => $"\"{name}\": [{value}]",
            _ => $"\"{name}\": {{}}",
        };
    }

    private static string Str(string value) => JsonSerializer.Serialize(value, JsonFormats.Compact);

    private static string Num(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
