using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Pacesetter.Bench;

/// <summary>
/// The "tasks" workload of <c>pacesetter cards</c> (bench/cards.sh): 100,000 supervised tasks of 500 units (T001..T500),
/// each with 12 monthly progress reports in 2026, to be evaluated as of 2026-12-31. Progress mostly increases, at a pace
/// of its own per task (some ahead, most a little behind, some far behind); some tasks are never started, a few start
/// after the year end, some finish; so every status and reason of supervision.md §1 appears. Deterministic for a seed.
/// </summary>
public static class Tasks
{
    public const int Count = 100_000;
    public const int Units = 500;
    public const int Seed = 10;

    public static byte[] Generate(int seed = Seed, int count = Count)
    {
        var rng = new Random(seed);
        var yearStart = new DateOnly(2026, 1, 1);
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartObject("rules");
            w.WriteNumber("yellowLag", 10);
            w.WriteNumber("redLag", 30);
            w.WriteNumber("notStartedYellowMonths", 1);
            w.WriteNumber("notStartedRedMonths", 3);
            w.WriteNumber("escalateAfter", 2);
            w.WriteEndObject();
            w.WriteStartArray("tasks");
            for (int i = 1; i <= count; i++)
            {
                double kind = rng.NextDouble();
                // 2 % start after the year end (pending), 8 % never report progress (not started), the rest progress.
                // Tasks never started are spread over the whole year, so some are still yellow at the year end.
                var start = kind < 0.02 ? new DateOnly(2027, 1, 1).AddDays(rng.Next(90))
                    : kind < 0.10 ? yearStart.AddDays(rng.Next(365))
                    : yearStart.AddDays(rng.Next(181));
                var due = start.AddDays(60 + rng.Next(480));
                // The pace: reported progress over the schedule's elapsed share (0.55 far behind … 1.15 ahead).
                double pace = 0.55 + rng.NextDouble() * 0.6;
                bool started = kind >= 0.10;
                w.WriteStartObject();
                w.WriteString("id", $"K{i:D6}");
                w.WriteString("name", $"督办任务{i}");
                w.WriteString("unit", $"T{1 + rng.Next(Units):D3}");
                w.WriteString("start", Format(start));
                w.WriteString("due", Format(due));
                w.WriteStartArray("progress");
                decimal last = 0m;
                for (int month = 1; month <= 12; month++)
                {
                    var date = new DateOnly(2026, month, 18 + rng.Next(11));
                    decimal percent = 0m;
                    if (started && date > start)
                    {
                        double elapsed = Math.Min(1.0, (date.DayNumber - start.DayNumber) / (double)(due.DayNumber - start.DayNumber));
                        double noise = rng.NextDouble() * 8 - 4;
                        double value = Math.Clamp(elapsed * 100 * pace + noise, 0, 100);
                        // Half the reports are whole percents, the others have one decimal; a rare one goes back a little.
                        percent = Math.Round((decimal)value, rng.Next(2), MidpointRounding.AwayFromZero);
                        if (percent < last && rng.Next(20) != 0) percent = last;
                        if (value >= 97) percent = 100m;
                    }
                    last = percent;
                    w.WriteStartObject();
                    w.WriteString("date", Format(date));
                    w.WriteNumber("percent", percent);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return ms.ToArray();
    }

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
