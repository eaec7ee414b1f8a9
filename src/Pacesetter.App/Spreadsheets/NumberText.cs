using System.Globalization;

namespace Pacesetter.App.Spreadsheets;

/// <summary>
/// Numbers as users type them into a CSV or a text cell: full-width digits and signs (<c>１２３．５</c>), thousands
/// separators in groups of three (<c>1,234.5</c>, <c>1，234</c>), spaces around, a trailing percent sign (<c>12.5%</c>
/// is 0.125, flagged as a percent). Anything else is refused rather than guessed: <c>12,5</c> (a decimal comma or a
/// misplaced separator?), <c>1.2.3</c>, <c>12a</c>, exponents, brackets for negatives, an empty text.
/// </summary>
public static class NumberText
{
    /// <summary>The number <paramref name="text"/> writes, or null when it is not one.</summary>
    public static ParsedNumber? Parse(string? text)
    {
        if (text is null) return null;
        Span<char> buffer = text.Length <= 128 ? stackalloc char[text.Length] : new char[text.Length];
        var n = 0;
        foreach (var ch in text) buffer[n++] = Narrow(ch);
        var s = ((ReadOnlySpan<char>)buffer[..n]).Trim();
        var percent = s.EndsWith('%');
        if (percent) s = s[..^1].TrimEnd();

        Span<char> plain = stackalloc char[Math.Min(s.Length, 64)];
        if (s.Length > plain.Length) return null;
        var length = 0;
        var i = 0;
        if (i < s.Length && (s[i] == '+' || s[i] == '-')) plain[length++] = s[i++];
        var intStart = i;
        var group = -1; // digits since the last separator; -1 before any separator
        var lead = 0;  // digits before the first separator
        for (; i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == ','); i++)
        {
            if (s[i] == ',')
            {
                if ((group < 0 && (lead == 0 || lead > 3)) || (group >= 0 && group != 3)) return null;
                group = 0;
                continue;
            }
            if (group >= 0) group++;
            else lead++;
            plain[length++] = s[i];
        }
        if (group >= 0 && group != 3) return null;
        var intDigits = lead + Math.Max(group, 0);
        var fracDigits = 0;
        if (i < s.Length && s[i] == '.')
        {
            plain[length++] = '.';
            for (i++; i < s.Length && char.IsAsciiDigit(s[i]); i++)
            {
                plain[length++] = s[i];
                fracDigits++;
            }
            if (fracDigits == 0) return null;
        }
        if (i != s.Length || (intDigits == 0 && fracDigits == 0) || i == intStart) return null;
        if (!decimal.TryParse(plain[..length], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)) return null;
        return new ParsedNumber(percent ? value / 100m : value, percent);
    }

    /// <summary>The problem of a text that should have been a number, at its cell.</summary>
    public static SheetProblem NotANumber(string sheet, string cell, string? text) =>
        new(sheet, cell, $"“{Shown(text)}” is not a number", $"“{Shown(text)}”不是数字");

    /// <summary>A cell's text as shown in a message: at most 40 characters.</summary>
    internal static string Shown(string? text) => text is null ? "" : text.Length <= 40 ? text : text[..40] + "…";

    /// <summary>Full-width digits, signs, point, comma and percent to their ASCII forms; full-width and no-break spaces to a space.</summary>
    private static char Narrow(char ch) => ch switch
    {
        >= '０' and <= '９' => (char)('0' + (ch - '０')),
        '．' => '.',
        '，' => ',',
        '＋' => '+',
        '－' or '−' => '-',
        '％' => '%',
        '\u3000' or '\u00A0' => ' ',
        _ => ch,
    };
}
