using System.Diagnostics;
using BenchmarkDotNet.Running;
using Pacesetter.Bench;
using Pacesetter.Scoring.Engine;
using Pacesetter.Scoring.Schemes;

// bench generate FILE  — writes the province scheme file for the end-to-end command measurement.
// bench generate-tasks FILE — writes the cards file of bench/cards.sh (100,000 tasks, 500 units, 12 reports, seed 10).
// bench card-phases FILE [N] — each step of `pacesetter cards` on FILE as of 2026-12-31, N passes (default 3).
// bench quick          — one timed pass of each in-process operation (a smoke check, not a measurement).
// bench phases FILE [N] — each step of `pacesetter score` on FILE, N passes (default 3; the first is cold).
// bench [BenchmarkDotNet args] — the measured benchmarks.
if (args.Length >= 2 && args[0] == "generate")
{
    var bytes = Province.Generate();
    File.WriteAllBytes(args[1], bytes);
    Console.WriteLine($"{args[1]}: {bytes.Length / 1_000_000.0:F1} MB");
    return 0;
}
if (args.Length >= 2 && args[0] == "generate-tasks")
{
    var bytes = Tasks.Generate();
    File.WriteAllBytes(args[1], bytes);
    Console.WriteLine($"{args[1]}: {bytes.Length / 1_000_000.0:F1} MB");
    return 0;
}
if (args.Length >= 2 && args[0] == "card-phases")
{
    CardPhases.Run(args[1], args.Length >= 3 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3);
    return 0;
}
if (args.Length >= 2 && args[0] == "phases")
{
    Phases.Run(args[1], args.Length >= 3 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3);
    return 0;
}
if (args.Length >= 1 && args[0] == "quick")
{
    var bytes = Province.Generate();
    var sw = Stopwatch.StartNew();
    var scheme = SchemeReader.Read(bytes).Require();
    Console.WriteLine($"read+validate {sw.ElapsedMilliseconds} ms");
    for (int i = 0; i < 5; i++)
    {
        sw.Restart();
        var r = Scorer.Score(scheme);
        Console.WriteLine($"score {sw.ElapsedMilliseconds} ms ({r.Categories.Count} categories)");
    }
    for (int i = 0; i < 3; i++)
    {
        sw.Restart();
        var a = WhatIf.Solve(scheme, Province.UnitId(3, 250), "i1", 10);
        Console.WriteLine($"whatif {sw.ElapsedMilliseconds} ms → {a.Value} rank {a.ReachedRank}");
    }
    return 0;
}
BenchmarkSwitcher.FromAssembly(typeof(ProvinceBenchmarks).Assembly).Run(args);
return 0;
