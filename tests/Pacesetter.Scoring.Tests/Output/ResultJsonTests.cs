using System.Globalization;
using System.Text;
using System.Text.Json;
using Pacesetter.Scoring.Engine;
using Pacesetter.Scoring.Output;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.Scoring.Tests.Output;

/// <summary>ResultJson hands its output on in blocks while it writes, so a province's results never sit in memory whole.</summary>
public sealed class ResultJsonTests
{
    /// <summary>A stream that keeps what it is given and the size of each write.</summary>
    private sealed class RecordingStream : MemoryStream
    {
        public List<int> Writes { get; } = [];

        public override void Write(byte[] buffer, int offset, int count)
        {
            Writes.Add(count);
            base.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);
    }

    /// <summary>One category of 1,200 units and one completion indicator (weight 10, target 100); unit k has value k.</summary>
    private static SchemeResult Large()
    {
        var ids = Enumerable.Range(0, 1200).Select(k => $"U{k:D4}").ToList();
        var units = string.Join(",", ids.Select(id => $"\"{id}\":\"单位{id}\""));
        var data = string.Join(",", ids.Select((id, k) => $"\"{id}\":{{\"sales\":{k.ToString(CultureInfo.InvariantCulture)}}}"));
        var list = string.Join(",", ids.Select(id => $"\"{id}\""));
        var json = "{\"name\":\"large\",\"period\":\"2026-Q3\",\"units\":{" + units + "},"
            + "\"categories\":[{\"id\":\"c\",\"units\":[" + list + "],"
            + "\"indicators\":[{\"id\":\"sales\",\"weight\":10,\"method\":{\"type\":\"completion\",\"target\":100,\"cap\":1.2}}]}],"
            + "\"data\":{" + data + "}}";
        return Scorer.Score(SchemeReader.Read(json).Require());
    }

    [Fact]
    public void Output_is_flushed_in_blocks_while_writing_and_equals_the_whole_document()
    {
        var result = Large();
        var stream = new RecordingStream();

        using (var w = new Utf8JsonWriter(stream, JsonFormats.CompactWriter))
        {
            ResultJson.Write(w, result);
            // Before the writer's own final flush, most of the document has already reached the stream.
            Assert.True(stream.Writes.Count >= 1, "nothing was written before the end");
            Assert.True(w.BytesPending < ResultJson.FlushAt, $"{w.BytesPending} bytes still pending");
        }

        var text = Encoding.UTF8.GetString(stream.ToArray());
        Assert.Equal(ResultJson.ToJson(result, indented: false), text);
        // 1,200 results of about 197 bytes each: three blocks of 65,536 bytes and the rest, none much larger than a block.
        Assert.True(text.Length > 3 * ResultJson.FlushAt, $"{text.Length} bytes");
        Assert.True(stream.Writes.Count >= 4, $"{stream.Writes.Count} writes");
        Assert.All(stream.Writes, n => Assert.InRange(n, 1, ResultJson.FlushAt + 1_000));
        // Units from U0120 (value 120, 120% of target) on are capped at 10 × 1.2 = 12 points; U0000 (value 0) has 0.
        using var doc = JsonDocument.Parse(text);
        var results = doc.RootElement.GetProperty("categories")[0].GetProperty("results");
        Assert.Equal(1200, results.GetArrayLength());
        Assert.Equal("U0120", results[0].GetProperty("unit").GetString()); // the first of the tied units at the cap, by id
        Assert.Equal(12m, results[0].GetProperty("composite").GetDecimal());
        Assert.Equal("U0000", results[1199].GetProperty("unit").GetString());
        Assert.Equal(0m, results[1199].GetProperty("composite").GetDecimal());
    }

    [Fact]
    public void Compact_and_indented_results_are_the_same_document()
    {
        var result = Large();

        var compact = ResultJson.ToJson(result, indented: false);
        var indented = ResultJson.ToJson(result, indented: true);

        Assert.DoesNotContain('\n', compact);
        Assert.StartsWith("{\n  \"name\": \"large\",\n  \"period\": \"2026-Q3\",", indented);
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(compact), System.Text.Json.Nodes.JsonNode.Parse(indented)));
    }

    /// <summary>
    /// Indicators of every output shape: a completion with <c>missing: exclude</c> (score null for U2), a grade whose
    /// names need escaping (text measures), a manual base indicator and a penalty (no measure), an indicator id to escape.
    /// </summary>
    private const string Shapes = """
        {
          "name": "shapes", "period": "2026-Q3", "units": { "U1": "一", "U2": "二", "U3": "三" },
          "categories": [{ "id": "c", "units": ["U1", "U2", "U3"], "indicators": [
            { "id": "a", "weight": 60, "missing": "exclude", "method": { "type": "completion", "target": 3 } },
            { "id": "g<\"引\">", "weight": 30, "method": { "type": "grade", "grades": { "优\"\\": 1, "良<b>": 0.8 } } },
            { "id": "m", "weight": 10, "method": { "type": "manual" } },
            { "id": "t", "kind": "penalty", "weight": 2, "method": { "type": "events", "perEvent": { "yellow": 0.5 } } }
          ] }],
          "data": { "U1": { "a": 2, "g<\"引\">": "优\"\\", "m": 7.5, "t": { "yellow": 1 } },
                    "U2": { "g<\"引\">": "良<b>", "t": { "yellow": 3 } },
                    "U3": { "a": 1, "m": 3 } }
        }
        """;

    /// <summary>The indented form without its whitespace: every byte outside a string that is not a space or line break.</summary>
    private static string Squeeze(string indented)
    {
        var text = new StringBuilder(indented.Length);
        bool inString = false;
        for (int i = 0; i < indented.Length; i++)
        {
            char ch = indented[i];
            if (inString)
            {
                text.Append(ch);
                if (ch == '\\') text.Append(indented[++i]);
                else if (ch == '"') inString = false;
            }
            else if (ch == '"')
            {
                text.Append(ch);
                inString = true;
            }
            else if (ch is not (' ' or '\n' or '\r')) text.Append(ch);
        }
        return text.ToString();
    }

    private static string Write(SchemeResult result, JsonWriterOptions options)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, options)) ResultJson.Write(w, result);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// The compact output formats each unit's indicators by hand (CellsText); the indented output goes through the
    /// writer call by call (ResultJson.WriteCells). Side by side, with the command's encoder and the default one that
    /// escapes Chinese, the compact bytes are the indented ones without their whitespace.
    /// </summary>
    [Fact]
    public void Compact_cells_are_the_bytes_the_writer_makes_of_them()
    {
        var shapes = Scorer.Score(SchemeReader.Read(Shapes).Require());
        var example = Scorer.Score(SchemeReader.Read(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "zone-2026q3.json"))).Require());
        foreach (var encoder in new[] { System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, System.Text.Encodings.Web.JavaScriptEncoder.Default })
        {
            foreach (var result in new[] { shapes, example, Large() })
            {
                var compact = Write(result, new JsonWriterOptions { Encoder = encoder });
                var indented = Write(result, new JsonWriterOptions { Encoder = encoder, Indented = true });
                Assert.Equal(Squeeze(indented), compact);
            }
        }

        var text = Write(shapes, JsonFormats.CompactWriter);
        // U1: a = 2 of target 3 → 60 × 2/3 = 40 points, measure the value 2; grade 优"\ → 30 × 1 = 30; manual 7.5 → 7.5;
        // one yellow card → 0.5 (a penalty: no measure). U2: a missing and excluded → score null, measure null;
        // 良<b> → 30 × 0.8 = 24; manual missing → 0, measure null; three yellow cards → 1.5.
        Assert.Contains("\"indicators\":{\"a\":{\"score\":40,\"measure\":2},\"g<\\\"引\\\">\":{\"score\":30,\"measure\":\"优\\\"\\\\\"},\"m\":{\"score\":7.5,\"measure\":7.5},\"t\":{\"score\":0.5}}", text);
        Assert.Contains("\"indicators\":{\"a\":{\"score\":null,\"measure\":null},\"g<\\\"引\\\">\":{\"score\":24,\"measure\":\"良<b>\"},\"m\":{\"score\":0,\"measure\":null},\"t\":{\"score\":1.5}}", text);
    }
}
