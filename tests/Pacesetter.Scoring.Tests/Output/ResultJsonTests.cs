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
}
