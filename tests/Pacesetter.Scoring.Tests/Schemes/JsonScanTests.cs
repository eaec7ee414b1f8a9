using System.Text;
using System.Text.Json;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.Scoring.Tests.Schemes;

/// <summary>
/// The check of JSON text at the edge (issue 7, findings 1 and 5): strings that are not text and nesting too deep,
/// each at its path; and a datum checked on its own against its indicator (<see cref="DatumCheck"/>).
/// </summary>
public class JsonScanTests
{
    private const string NotText = "a string is not valid text: invalid UTF-8 bytes or an unpaired surrogate (\\ud800–\\udfff)";

    private static string[] Lines(IEnumerable<Problem> problems) => [.. problems.Select(p => p.ToString())];

    private static string Nested(int levels) => new string('[', levels) + new string(']', levels);

    private const string Scheme = """
        {
          "name": "n", "period": "2026-Q3",
          "categories": [ { "id": "towns", "units": ["T1", "T2"], "indicators": [
            { "id": "land", "weight": 10, "method": { "type": "leaderRatio" } },
            { "id": "cards", "kind": "penalty", "weight": 4, "method": { "type": "events", "perEvent": { "yellow": 0.5, "red": 1 } } } ] } ],
          "data": { "T1": { "land": 420, "cards": [ { "id": "e1", "type": "red", "note": "NOTE" } ] }, "T2": { "land": LAND } }
        }
        """;

    private static byte[] File(string note = "ok", string land = "310") => Encoding.UTF8.GetBytes(Scheme.Replace("NOTE", note).Replace("LAND", land));

    [Theory]
    [InlineData("\\ud800", "lone high surrogate")]
    [InlineData("\\udc00", "lone low surrogate")]
    [InlineData("a\\ud83d\\u0041", "high surrogate followed by a letter")]
    [InlineData("\\ud83d", "high surrogate at the end")]
    public void An_escaped_unpaired_surrogate_is_named_at_its_path_with_line_and_byte_by_the_file_reader(string note, string _)
    {
        var read = SchemeReader.Read(File(note));

        Assert.Null(read.Scheme);
        Assert.Equal([$"$.data.T1.cards[0].note: {NotText} (line 6, byte 82)"], Lines(read.Problems));
        // The document reader (the streamed reader's reference) says the same.
        Assert.Equal(Lines(read.Problems), Lines(SchemeReader.ReadDocument(File(note)).Problems));
    }

    [Theory]
    [InlineData("\\ud83d\\ude00")]
    [InlineData("\\\\ud800")]
    [InlineData("😀 记 \\n \\u4e2d")]
    public void Paired_surrogates_escaped_backslashes_and_plain_text_are_text(string note)
    {
        Assert.True(SchemeReader.Read(File(note)).IsValid);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_named_at_their_path()
    {
        var bytes = File("X");
        int at = bytes.AsSpan().IndexOf("\"X\""u8) + 1;
        bytes[at] = 0xFF;

        var read = SchemeReader.Read(bytes);

        Assert.Equal([$"$.data.T1.cards[0].note: {NotText} (line 6, byte 82)"], Lines(read.Problems));
    }

    [Fact]
    public void A_datum_nests_at_most_8_levels_and_a_deeper_one_is_named_at_the_datums_path_not_at_the_root()
    {
        // 8 levels is read, and refused for its shape; 9 and 63 are refused for their depth, at the datum.
        Assert.Equal(["$.data.T2.land: must be a number or {\"value\": …}"], Lines(SchemeReader.Read(File(land: Nested(8))).Problems));
        const string tooDeep = "$.data.T2.land: lists and objects nest more than 8 levels deep: a datum is a number, a string, {\"value\", …}, a list of awards or events, or counts by type";
        Assert.Equal([tooDeep], Lines(SchemeReader.Read(File(land: Nested(9))).Problems));
        Assert.Equal([tooDeep], Lines(SchemeReader.Read(File(land: Nested(63))).Problems));
        Assert.Equal([tooDeep], Lines(SchemeReader.Read(File(land: "{\"value\": " + Nested(500) + "}")).Problems));
    }

    [Fact]
    public void Outside_the_data_a_document_nests_at_most_64_levels_named_where_it_goes_deeper()
    {
        // The root and $.units are two levels: the 63rd list is the 65th.
        var json = "{\"name\": \"n\", \"period\": \"2026-Q3\", \"categories\": [], \"units\": {\"T1\": " + Nested(63) + "}}";

        var problems = Lines(SchemeReader.Read(json).Problems);

        Assert.Equal([$"$.units.T1{string.Concat(Enumerable.Repeat("[0]", 62))}: lists and objects nest more than 64 levels deep"], problems);
    }

    [Fact]
    public void A_field_name_that_is_not_text_is_named_at_its_object()
    {
        var bytes = File();
        var at = bytes.AsSpan().IndexOf("\"land\": 420"u8) + 2;
        bytes[at] = 0xC3; // "a" of "land" → a lead byte with no continuation

        Assert.Equal(["$.data.T1: a field name is not valid text: invalid UTF-8 bytes or an unpaired surrogate (\\ud800–\\udfff) (line 6, byte 21)"], Lines(SchemeReader.Read(bytes).Problems));
    }

    private static Indicator Indicator(string id) => SchemeReader.Read(File()).Require().Categories[0].Indicators.Single(i => i.Id == id);

    [Theory]
    [InlineData("land", "420", new string[0])]
    [InlineData("land", "{\"value\": 420, \"target\": 400, \"previous\": 380}", new string[0])]
    [InlineData("land", "[420]", new[] { "$.data.T1.land: must be a number or {\"value\": …}" })]
    [InlineData("land", "{\"value\": 420, \"goal\": 1}", new[] { "$.data.T1.land.goal: unknown field" })]
    [InlineData("land", "\"420\"", new[] { "$.data.T1.land: must be a number or {\"value\": …}" })]
    [InlineData("land", "[[[[[[[[[1]]]]]]]]]", new[] { "$.data.T1.land: lists and objects nest more than 8 levels deep: a datum is a number, a string, {\"value\", …}, a list of awards or events, or counts by type" })]
    [InlineData("cards", "2", new[] { "$.data.T1.cards: give counts by type (yellow, red), since points differ by type" })]
    [InlineData("cards", "{\"yellow\": 2, \"red\": 0}", new string[0])]
    [InlineData("cards", "[{\"type\": \"red\"}, {\"id\": \"e2\", \"type\": \"yellow\", \"date\": \"2026-08-01\"}]", new string[0])]
    [InlineData("cards", "[{\"id\": \"e1\", \"type\": \"red\", \"note\": \"\\ud800\"}]", new[] { "$.data.T1.cards[0].note: " + NotText })]
    [InlineData("cards", "null", new string[0])]
    public void A_datum_is_checked_on_its_own_with_the_problems_the_file_reader_gives(string indicator, string json, string[] expected)
    {
        Assert.Equal(expected, Lines(DatumCheck.Check(Indicator(indicator), Encoding.UTF8.GetBytes(json), "$.data.T1." + indicator)));
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(expected, Lines(DatumCheck.Check(Indicator(indicator), doc.RootElement, "$.data.T1." + indicator)));
    }

    [Fact]
    public void Any_text_the_cards_reader_reads_is_checked_first()
    {
        var ex = Assert.Throws<InvalidInputException>(() => Pacesetter.Scoring.Supervision.CardFileReader.Read("{ \"tasks\": [ { \"id\": \"P\\ud800\" } ] }"));

        Assert.Equal([$"$.tasks[0].id: {NotText} (line 1, byte 22)"], Lines(ex.Problems));
    }
}
