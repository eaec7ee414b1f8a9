using System.Text.Json;
using Pacesetter.Scoring.Output;

namespace Pacesetter.Scoring.Benchmarking;

/// <summary>
/// The JSON of <c>pacesetter gap</c> (scoring.md §10): <c>{"year", "benchmarks": [{"id", "name", "indicators": [{"id",
/// "own", "bench", "gapPercent", "growthOwn", "growthBench", "catchUp", "years"}]}], "ranks": {"gdp": [{"id", "rank"}]}}</c>.
/// Values in their shortest form (905.50 → 905.5); percentages and years with 1 decimal (67 → 67.0); null where a
/// figure cannot be computed.
/// </summary>
public static class GapReportJson
{
    public static string CatchUpName(CatchUp c) => c switch
    {
        CatchUp.Ahead => "ahead",
        CatchUp.Never => "never",
        _ => "years",
    };

    public static string ToJson(GapReport report, bool indented = true)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, indented ? JsonFormats.IndentedWriter : JsonFormats.CompactWriter)) Write(writer, report);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static void Write(Utf8JsonWriter writer, GapReport report)
    {
        writer.WriteStartObject();
        writer.WriteNumber("year", report.Year);
        writer.WriteStartArray("benchmarks");
        foreach (var b in report.Benchmarks)
        {
            writer.WriteStartObject();
            writer.WriteString("id", b.Id);
            writer.WriteString("name", b.Name);
            writer.WriteStartArray("indicators");
            foreach (var line in b.Lines)
            {
                writer.WriteStartObject();
                writer.WriteString("id", line.Indicator.Id);
                Number(writer, "own", line.Own is { } o ? Numbers.Normalize(o) : null);
                Number(writer, "bench", line.Bench is { } v ? Numbers.Normalize(v) : null);
                Number(writer, "gapPercent", line.GapPercent);
                Number(writer, "growthOwn", line.GrowthOwn);
                Number(writer, "growthBench", line.GrowthBench);
                if (line.CatchUp is { } c) writer.WriteString("catchUp", CatchUpName(c));
                else writer.WriteNull("catchUp");
                Number(writer, "years", line.Years);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartObject("ranks");
        foreach (var (indicator, ranks) in report.Ranks)
        {
            writer.WriteStartArray(indicator.Id);
            foreach (var r in ranks)
            {
                writer.WriteStartObject();
                writer.WriteString("id", r.Id);
                writer.WriteNumber("rank", r.Rank);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter writer, string name, decimal? value)
    {
        if (value is { } v) writer.WriteNumber(name, v);
        else writer.WriteNull(name);
    }
}
