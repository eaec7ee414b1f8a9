using System.Diagnostics;
using Pacesetter.Scoring.Engine;
using Pacesetter.Scoring.Schemes;
namespace Pacesetter.Bench;
public static class Phases
{
    public static void Run(Scheme scheme)
    {
        for (int rep = 0; rep < 3; rep++)
        {
            long ctor = 0, compose = 0;
            var perType = new Dictionary<string, long>();
            foreach (var c in scheme.Categories)
            {
                var sw = Stopwatch.StartNew();
                var run = new CategoryRun(scheme, c);
                ctor += sw.ElapsedTicks;
                for (int j = 0; j < c.Indicators.Count; j++)
                {
                    sw.Restart();
                    run.ComputeColumn(j);
                    var k = c.Indicators[j].Kind + ":" + c.Indicators[j].Method.Type;
                    perType[k] = perType.GetValueOrDefault(k) + sw.ElapsedTicks;
                }
                sw.Restart();
                run.Compose();
                compose += sw.ElapsedTicks;
            }
            double ms(long t) => t * 1000.0 / Stopwatch.Frequency;
            Console.WriteLine($"ctor {ms(ctor):F1} compose {ms(compose):F1} " + string.Join(" ", perType.Select(p => $"{p.Key}={ms(p.Value):F1}")));
        }
    }
}
