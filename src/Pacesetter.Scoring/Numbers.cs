using System.Globalization;

namespace Pacesetter.Scoring;

/// <summary>The numeric rules of scoring.md §2: decimal arithmetic, 2-decimal half-away-from-zero rounding.</summary>
public static class Numbers
{
    public static decimal Round2(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    public static decimal Round4(decimal value) => Math.Round(value, 4, MidpointRounding.AwayFromZero);

    public static decimal Round1(decimal value) => Math.Round(value, 1, MidpointRounding.AwayFromZero);

    /// <summary>Removes trailing zeros: 2.50 → 2.5, 3.00 → 3.</summary>
    public static decimal Normalize(decimal value)
    {
        var bits = decimal.GetBits(value);
        int scale = (bits[3] >> 16) & 0xFF;
        if (scale == 0) return value;
        // Dividing by 1 with scale 28 keeps the value and drops trailing zeros.
        return value / 1.0000000000000000000000000000m;
    }

    /// <summary>The number in its shortest form, as table keys use it: 2.50 → "2.5", 3 → "3", -0 → "0".</summary>
    public static string Shortest(decimal value)
    {
        var n = Normalize(value);
        if (n == 0m) return "0";
        return n.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Human display: at most the given decimals, no trailing zeros.</summary>
    public static string Show(decimal value, int decimals = 4) =>
        Shortest(Math.Round(value, decimals, MidpointRounding.AwayFromZero));

    public static int Scale(decimal value) => (decimal.GetBits(value)[3] >> 16) & 0xFF;
}
