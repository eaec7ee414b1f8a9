using System.Diagnostics;
using System.Text.Json;
using Pacesetter.Scoring.Output;
using Pacesetter.Scoring.Supervision;

namespace Pacesetter.Bench;

/// <summary>
/// `bench card-phases FILE [passes]`: each step of `pacesetter cards FILE --as-of 2026-12-31 --format json`, pass after
/// pass (the first cold, the later ones warm; a diagnostic, not a benchmark): where the time of bench/cards.sh goes.
/// </summary>
public static class CardPhases
{
    public static void Run(string file, int passes)
    {
        var asOf = new DateOnly(2026, 12, 31);
        for (int pass = 1; pass <= passes; pass++)
        {
            var sw = Stopwatch.StartNew();
            var bytes = File.ReadAllBytes(file);
            var line = $"pass {pass}: read file {sw.ElapsedMilliseconds} ms";
            sw.Restart();
            using (JsonDocument.Parse(bytes)) line += $", parse JSON {sw.ElapsedMilliseconds} ms";
            sw.Restart();
            var cards = CardFileReader.Read(bytes);
            line += $", parse+check {sw.ElapsedMilliseconds} ms";
            sw.Restart();
            var report = CardEvaluator.Evaluate(cards, asOf);
            line += $", evaluate {sw.ElapsedMilliseconds} ms";
            sw.Restart();
            CardReportJson.Write(Stream.Null, report, JsonFormats.IndentedWriter);
            line += $", write {sw.ElapsedMilliseconds} ms";
            Console.WriteLine(line + $"; gc paused {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms in all, {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} collections");
        }
    }
}
