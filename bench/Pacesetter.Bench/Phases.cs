using System.Diagnostics;
using System.Text.Json;
using Pacesetter.Scoring.Engine;
using Pacesetter.Scoring.Output;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.Bench;

/// <summary>
/// `bench phases FILE [passes]`: each step of `pacesetter score` on FILE, as the command runs them, pass after pass
/// (the first pass is cold, the later ones warm; a diagnostic, not a benchmark). Run it with
/// DOTNET_TieredCompilation=0 to compile as the command does.
/// </summary>
public static class Phases
{
    public static void Run(string file, int passes)
    {
        for (int pass = 1; pass <= passes; pass++)
        {
            var sw = Stopwatch.StartNew();
            var bytes = File.ReadAllBytes(file);
            var line = $"pass {pass}: read file {sw.ElapsedMilliseconds} ms";
            sw.Restart();
            using (var doc = JsonDocument.Parse(bytes)) line += $", parse JSON {sw.ElapsedMilliseconds} ms";
            sw.Restart();
            var scheme = SchemeReader.Read(bytes).Require();
            line += $", parse+check {sw.ElapsedMilliseconds} ms";
            sw.Restart();
            var result = Scorer.Score(scheme);
            line += $", score {sw.ElapsedMilliseconds} ms";
            sw.Restart();
            using (var w = new Utf8JsonWriter(Stream.Null, JsonFormats.IndentedWriter)) ResultJson.Write(w, result);
            line += $", write indented {sw.ElapsedMilliseconds} ms";
            sw.Restart();
            using (var w = new Utf8JsonWriter(Stream.Null, JsonFormats.CompactWriter)) ResultJson.Write(w, result);
            line += $", write compact {sw.ElapsedMilliseconds} ms";
            sw.Restart();
            using (var w = new Utf8JsonWriter(Stream.Null, JsonFormats.IndentedWriter)) ResultJson.Write(w, result);
            line += $", write indented {sw.ElapsedMilliseconds} ms";
            Console.WriteLine(line + $"; gc paused {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms in all, {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} collections");
        }
    }
}
