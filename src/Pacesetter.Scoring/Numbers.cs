using System.Globalization;

namespace Pacesetter.Scoring;

/// <summary>The numeric rules of scoring.md §2: decimal arithmetic, 2-decimal half-away-from-zero rounding.</summary>
public static class Numbers
{
    public static decimal Round2(decimal value) => value.Scale <= 2 ? value : Math.Round(value, 2, MidpointRounding.AwayFromZero);

    public static decimal Round4(decimal value) => value.Scale <= 4 ? value : Math.Round(value, 4, MidpointRounding.AwayFromZero);

    public static decimal Round1(decimal value) => Math.Round(value, 1, MidpointRounding.AwayFromZero);

    /// <summary>A percentage as published: 1 decimal, half away from zero, always written with its decimal (67 → 67.0, −0.04 → 0.0, never −0.0).</summary>
    public static decimal OneDecimal(decimal value)
    {
        var rounded = Round1(value);
        // Adding 0.0m gives scale 1 to a whole number; a rounded −0.04 becomes 0.0, not −0.0.
        return rounded == 0m ? 0.0m : rounded + 0.0m;
    }

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

    /// <summary>
    /// <c>a × b / c</c>, multiplying first (scoring.md §2), so that a figure exact in decimal stays exact:
    /// 3 × 2.005 / 3 = 2.005, where 3 × (2.005 / 3) is 2.0049999…. Only when the product leaves decimal's range
    /// (two inputs near the 10¹⁵ bound) is the quotient taken first.
    /// </summary>
    public static decimal MulDiv(decimal a, decimal b, decimal c)
    {
        try
        {
            return a * b / c;
        }
        catch (OverflowException)
        {
            return a * (b / c);
        }
    }
}

/// <summary>Published figures as whole cents: exact for every 2-decimal figure, and cheap to add and compare.</summary>
public static class Cents
{
    public static decimal ToDecimal(long cents)
    {
        bool negative = cents < 0;
        ulong a = negative ? (ulong)(-cents) : (ulong)cents;
        return new decimal((int)(uint)a, (int)(uint)(a >> 32), 0, negative, 2);
    }

    /// <summary>The cents of a figure already rounded to 2 decimals (any trailing zeros).</summary>
    public static long FromRounded(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        int scale = (bits[3] >> 16) & 0xFF;
        if (bits[2] == 0 && scale <= 2)
        {
            ulong mantissa = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
            if (mantissa < 1UL << 56)
            {
                long c = (long)(scale == 2 ? mantissa : scale == 1 ? mantissa * 10 : mantissa * 100);
                return bits[3] < 0 ? -c : c;
            }
        }
        return decimal.ToInt64(Numbers.Round2(value) * 100m);
    }
}
