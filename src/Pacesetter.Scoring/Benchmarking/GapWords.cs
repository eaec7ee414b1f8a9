using System.Globalization;

namespace Pacesetter.Scoring.Benchmarking;

/// <summary>The catch-up in words (the command's table, the web's 对标 page): 已领先, 按当前增速无法赶上, 按当前增速约 6.3 年赶上.</summary>
public static class GapWords
{
    public static string CatchUp(GapLine line, bool chinese) => line.CatchUp switch
    {
        Benchmarking.CatchUp.Ahead => chinese ? "已领先" : "ahead",
        Benchmarking.CatchUp.Never => chinese ? "按当前增速无法赶上" : "cannot catch up at current rates",
        Benchmarking.CatchUp.Years => chinese ? $"按当前增速约 {Number(line.Years)} 年赶上" : $"about {Number(line.Years)} years to catch up at current rates",
        _ => "—",
    };

    /// <summary>A figure as printed (its decimals kept), or — when there is none.</summary>
    public static string Number(decimal? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "—";
}
