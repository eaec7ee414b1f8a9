using System.Diagnostics;

namespace Pacesetter.Cli;

/// <summary>
/// With <c>PACESETTER_TRACE=1</c>, one line per step of a command on standard error (milliseconds since the previous
/// step, wall and processor, and since the process started), and the collector's figures at the end: where the time of a large file goes.
/// </summary>
public sealed class PhaseTrace
{
    private readonly TextWriter? error;
    private readonly Stopwatch watch = Stopwatch.StartNew();
    private TimeSpan cpu = TimeSpan.Zero;
    private long allocated;

    private PhaseTrace(TextWriter? error) => this.error = error;

    public static PhaseTrace Start(CliContext ctx)
    {
        var on = Environment.GetEnvironmentVariable("PACESETTER_TRACE") is { Length: > 0 } v && v != "0";
        var trace = new PhaseTrace(on ? ctx.Error : null);
        if (on)
        {
            trace.cpu = Cpu();
            trace.allocated = GC.GetTotalAllocatedBytes();
            trace.error!.WriteLine($"trace: runtime start {SinceStart():F0} ms (cpu {trace.cpu.TotalMilliseconds:F0} ms)");
        }
        return trace;
    }

    public void Step(string name)
    {
        if (error is null) return;
        var now = Cpu();
        var bytes = GC.GetTotalAllocatedBytes();
        error.WriteLine($"trace: {name} {watch.Elapsed.TotalMilliseconds:F0} ms (cpu {(now - cpu).TotalMilliseconds:F0} ms, "
            + $"allocated {(bytes - allocated) >> 20} MB, gc paused {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms so far; at {SinceStart():F0} ms)");
        cpu = now;
        allocated = bytes;
        watch.Restart();
    }

    public void End()
    {
        if (error is null) return;
        using var self = Process.GetCurrentProcess();
        error.WriteLine($"trace: gc {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} (gen0/1/2), "
            + $"paused {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms, allocated {GC.GetTotalAllocatedBytes() >> 20} MB, "
            + $"peak working set {self.PeakWorkingSet64 >> 20} MB");
    }

    private static TimeSpan Cpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private static double SinceStart()
    {
        using var self = Process.GetCurrentProcess();
        return (DateTime.Now - self.StartTime).TotalMilliseconds;
    }
}
