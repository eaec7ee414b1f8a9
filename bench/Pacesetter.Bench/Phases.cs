using System.Diagnostics;
using System.Text.Json;
using Pacesetter.Scoring.Engine;
using Pacesetter.Scoring.Output;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.Bench;

/// <summary>`bench phases FILE`: one cold pass of each step of `pacesetter score`, as the command runs them (a diagnostic, not a benchmark).</summary>
public static class Phases
{
    public static void Run(string file)
    {
        var sw = Stopwatch.StartNew();
        var bytes = File.ReadAllBytes(file);
        Console.WriteLine($"read file   {sw.ElapsedMilliseconds} ms");
        sw.Restart();
        using (var doc = JsonDocument.Parse(bytes)) Console.WriteLine($"parse JSON  {sw.ElapsedMilliseconds} ms ({doc.RootElement.ValueKind})");
        sw.Restart();
        using (var doc = JsonDocument.Parse(bytes))
        {
            long n = 0;
            decimal acc = 0;
            foreach (var unit in doc.RootElement.GetProperty("data").EnumerateObject())
            {
                foreach (var p in unit.Value.EnumerateObject())
                {
                    n++;
                    if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetDecimal(out var d)) acc += d;
                }
            }
            Console.WriteLine($"walk data   {sw.ElapsedMilliseconds} ms ({n} values, parse included)");
        }
        sw.Restart();
        var scheme = SchemeReader.Read(bytes).Require();
        Console.WriteLine($"read+check  {sw.ElapsedMilliseconds} ms");
        sw.Restart();
        var result = Scorer.Score(scheme);
        Console.WriteLine($"score       {sw.ElapsedMilliseconds} ms");
        sw.Restart();
        using (var w = new Utf8JsonWriter(Stream.Null, new JsonWriterOptions { Indented = true, SkipValidation = true })) ResultJson.Write(w, result);
        Console.WriteLine($"write JSON  {sw.ElapsedMilliseconds} ms");
    }
}
