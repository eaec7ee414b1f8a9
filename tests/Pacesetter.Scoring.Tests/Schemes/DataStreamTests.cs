using System.Text;
using System.Text.Json;
using Pacesetter.Scoring.Engine;
using Pacesetter.Scoring.Output;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.Scoring.Tests.Schemes;

/// <summary>
/// The streamed reading of <c>$.data</c> (DataSplit, DatumStream, SchemeReader's ReadDataStream) next to the reading
/// of the whole file as one document: on every file, valid or not, the same problem lines in both languages, in the
/// same order, and for a valid file the same results; and a datum read off the reader is the one the element fast
/// path reads.
/// </summary>
public sealed class DataStreamTests
{
    public static readonly TheoryData<string, string, bool> Extra = new()
    {
        // indicator, datum, read off the reader (beyond DatumFastPathTests.Cases)
        { "typed", """[{ "id": "e1", "type": "red", "date": { "y": 2026, "d": [8, 1] } }, { "type": "yellow" }]""", true },
        { "typed", """[{ "type": "red", "type": "blue" }]""", false },
        { "typed", """[{ "type": "blue", "type": "red" }]""", true },
        { "completion", """{ "value": { "v": 1 } }""", false },
        { "completion", """{ "previous": null, "value": 3, "target": 4 }""", true },
        { "levels", """[{ "level": "city", "item": "a" }, 2]""", false },
        { "events", "[]", true },
        { "events", """[{ "id": "e1" }, { "id": "e2" }, { "id": "e1" }]""", false },
        { "grade", "\"\\u4f18\"", true },
    };

    public static IEnumerable<object[]> AllDatumCases() =>
        DatumFastPathTests.Cases.Concat(Extra).Select(c => new object[] { c[0], c[1] });

    [Theory]
    [MemberData(nameof(AllDatumCases))]
    public void Reader_datum_agrees_with_the_element_fast_path(string indicator, string datum)
    {
        var ind = DatumFastPathTests.Indicators.Single(i => i.Id == indicator);
        using var doc = JsonDocument.Parse(datum);
        var fromElement = DatumFastPath.TryRead(doc.RootElement, ind);
        // The datum between two others, as in a file: after it the reader must stand on its last token.
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes($"[1, {datum}, 7]"));
        reader.Read();
        reader.Read();
        reader.Read();

        var fromReader = DatumStream.TryRead(ref reader, ind);

        Assert.Equal(DatumFastPathTests.Describe(fromElement), DatumFastPathTests.Describe(fromReader));
        if (fromReader is null) return;
        Assert.True(reader.Read());
        Assert.Equal(7, reader.GetInt32());
    }

    private const string Head = """
        {
          "name": "stream", "period": "2026-Q3", "units": { "U1": "一", "U2": "二", "U3": "三", "U9": "九" },
          "categories": [{ "id": "c", "units": ["U1", "U2", "U3"], "indicators": [
            { "id": "a", "weight": 60, "method": { "type": "completion", "target": 100 } },
            { "id": "g", "weight": 30, "method": { "type": "grade", "grades": { "优": 1, "良": 0.8 } } },
            { "id": "t", "kind": "penalty", "weight": 2, "method": { "type": "events", "perEvent": { "yellow": 0.5, "red": 1 } } },
            { "id": "l", "kind": "bonus", "weight": 2, "method": { "type": "levels", "levels": { "national": 1, "city": 0.3 } } }
          ] }],
        """;

    private const string ValidData = """
        { "U1": { "a": 95, "g": "优", "t": { "yellow": 1 }, "l": [{ "item": "x", "level": "city" }] },
          "U2": { "a": { "value": 80, "target": 90 }, "g": "良", "t": [{ "id": "e1", "type": "red" }] },
          "U3": { "g": "优", "a": 100, "t": null } }
        """;

    private static string File(string data, string tail = "") => Head + "\n\"data\": " + data + tail + "\n}";

    public static readonly TheoryData<string, string, bool> Files = new()
    {
        // case, file, $.data cut out by DataSplit's scan (then streamed, unless the rest or the data prove not to be JSON:
        // the whole file is then read as one document)
        { "valid", File(ValidData), true },
        { "valid, comments inside data", File("{ /* a */ \"U1\": { \"a\": 95 // b\n }, \"U2\": { \"g\": \"良\" } }"), true },
        { "valid, escaped names", File("""{ "\u0055\u0031": { "\u0061": 95, "g": "\u4f18" } }"""), true },
        { "valid, data first", "{ \"data\": " + ValidData + ", " + Head[1..].TrimEnd().TrimEnd(',') + " }", true },
        { "valid, exemption of a streamed event",
            File(ValidData, """, "adjustments": [{ "id": "x1", "unit": "U2", "type": "exemption", "ref": "t/e1", "reason": "r" }]"""), true },
        { "unknown unit, unit in no category", File("""{ "U7": { "a": 1 }, "U9": { "a": 2 }, "U1": { "a": 3 } }"""), true },
        { "unit data not an object", File("""{ "U1": 5, "U2": [ { "a": 1 } ], "U3": { "a": 1 } }"""), true },
        { "unit twice", File("""{ "U1": { "a": 1 }, "U2": { "a": 2 }, "U1": { "a": "x" } }"""), true },
        { "unknown and repeated indicators", File("""{ "U1": { "a": 1, "zz": { "deep": [1] }, "a": 2, "g": "优", "g": "良" } }"""), true },
        { "bad data of every kind", File("""
            { "U1": { "a": "95", "g": "极好", "t": { "blue": 1, "red": 1.5 }, "l": [{ "item": "x", "level": "world" }, 3] },
              "U2": { "a": { "value": 1, "note": 2 }, "t": [{ "id": "e1", "type": "red" }, { "id": "e1", "type": "grey" }], "g": 1 },
              "U3": { "a": { "target": 0 }, "t": 2, "l": { "item": "x" } } }
            """), true },
        { "out of range and nested", File("""{ "U1": { "a": 1e20, "g": { "x": { "y": [] } } }, "U2": { "a": { "value": 1e300 } } }"""), true },
        { "data not an object", File("[]"), false },
        { "valid, data twice (left to the document)", File(ValidData, ", \"data\": {}"), false },
        { "valid, data null", File("null"), false },
        { "valid, no data", Head + "\n\"adjustments\": []\n}", false },
        { "not JSON inside data", File("""{ "U1": { "a": 95, } }"""), true },
        { "not JSON after data", File(ValidData, ",,"), true },
        { "not JSON before data", Head.Replace("\"name\":", "\"name\" ", StringComparison.Ordinal) + "\n\"data\": " + ValidData + "\n}", true },
        { "brackets crossed inside data", File("""{ "U1": { "a": [95} ], "g": "优" } }"""), false },
        { "brackets crossed, counts balanced", File("""{ "U1": { "a": [95 } ] }"""), true },
        { "data closed early", File("""{ "U1": { "a": 95 } } }, "x": { """), false },
        { "unclosed string inside data", File("""{ "U1": { "a": "95 } }"""), false },
        { "valid, brackets, quotes and comments inside strings and comments", File("""
            { /* } ] { "data": */ "U1": { "a": 95, // }}}
              "g": "优" }, "U2": { "g": "良", "t": [{ "id": "e}\"]{", "type": "red" }] } }
            """), true },
        { "valid, escaped root names (left to the document)", "{ \"\\u0064ata\": " + ValidData + ", " + Head[1..].TrimEnd().TrimEnd(',') + " }", false },
        // The root is depth 1, data 2, U1 3, the arrays 4 on. A datum nests at most 8 levels (JsonScan.DatumMaxDepth):
        // the split declines a deeper one, and the document reader's scan names it at the datum's path.
        { "at a datum's depth limit", File("{ \"U1\": { \"zz\": " + new string('[', 8) + new string(']', 8) + " } }"), true },
        { "past a datum's depth limit", File("{ \"U1\": { \"zz\": " + new string('[', 9) + new string(']', 9) + " } }"), false },
        { "at the document's depth limit inside data", File("{ \"U1\": { \"zz\": " + new string('[', 61) + new string(']', 61) + " } }"), false },
        { "past the document's depth limit inside data", File("{ \"U1\": { \"zz\": " + new string('[', 62) + new string(']', 62) + " } }"), false },
        { "unclosed comment after the root", File(ValidData) + " /* x", false },
        { "valid, comment after the root", File(ValidData) + " // done", true },
        { "trailing content", File(ValidData) + " {}", false },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Streamed_data_read_as_the_whole_document(string name, string file, bool streamed)
    {
        var bytes = Encoding.UTF8.GetBytes(file);

        var split = DataSplit.TrySplit(bytes, out _, out _);
        var stream = SchemeReader.Read(bytes);
        var document = SchemeReader.ReadDocument(bytes);

        Assert.True(streamed == split, name);
        Assert.Equal(Lines(document, Language.English), Lines(stream, Language.English));
        Assert.Equal(Lines(document, Language.Chinese), Lines(stream, Language.Chinese));
        Assert.Equal(document.IsValid, stream.IsValid);
        Assert.Equal(name.StartsWith("valid", StringComparison.Ordinal), stream.IsValid);
        if (stream.IsValid)
        {
            Assert.Equal(ResultJson.ToJson(Scorer.Score(document.Require())), ResultJson.ToJson(Scorer.Score(stream.Require())));
        }
    }

    [Fact]
    public void A_byte_order_mark_is_skipped_as_by_the_document()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(File(ValidData))).ToArray();

        Assert.True(DataSplit.TrySplit(bytes, out var rest, out var data));
        Assert.True(SchemeReader.Read(bytes).IsValid);
        // The cut-out value starts at its brace and ends at its closing one; the rest holds {} in its place.
        Assert.Equal((byte)'{', data.Span[0]);
        Assert.Equal((byte)'}', data.Span[^1]);
        Assert.Contains("\"data\": {}", Encoding.UTF8.GetString(rest.Span), StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_of_streamed_data_carry_their_paths()
    {
        var read = SchemeReader.Read(File("""{ "U7": { "a": 1 }, "U1": { "a": 2, "zz": 1, "a": 3, "g": "极好" }, "U1": {} }"""));

        Assert.Equal(
        [
            "$.data.U7: unknown unit \"U7\"",
            "$.data.U1.zz: unknown indicator \"zz\" in category \"c\"",
            "$.data.U1.a: indicator \"a\" appears twice",
            "$.data.U1.g: unknown grade \"极好\" (expected one of 优, 良)",
            "$.data.U1: unit \"U1\" appears twice in data",
        ], Lines(read, Language.English));
    }

    private static string[] Lines(SchemeReadResult read, Language language) => read.Problems.Select(p => p.Line(language)).ToArray();
}
