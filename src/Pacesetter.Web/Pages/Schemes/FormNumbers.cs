using System.Globalization;
using Pacesetter.Scoring;

namespace Pacesetter.Web.Pages.Schemes;

/// <summary>
/// Numbers typed into the designer's forms the way an office types them on a Chinese keyboard: full-width digits,
/// point, signs and spaces (<c>３．５</c> → 3.5), and thousands grouped with a comma or a Chinese comma
/// (<c>1,000</c>, <c>1，000</c> → 1000). A comma that does not group thousands (<c>3，5</c>) is no number: the form
/// names the field rather than guessing.
/// </summary>
public static class FormNumbers
{
    /// <summary>The longest number text a form accepts (inputs carry it as maxlength).</summary>
    public const int MaxLength = 30;

    /// <summary>The text with full-width characters made ASCII, spaces trimmed and thousands separators removed: the one rule of <see cref="App.DataEntry.NumberInput"/>.</summary>
    public static string Normalize(string text) => App.DataEntry.NumberInput.Normalize(text);

    /// <summary>A number (sign, decimals, exponent), in its shortest form (3.50 → 3.5); false for anything else.</summary>
    public static bool TryNumber(string text, out decimal value)
    {
        value = 0;
        var t = Normalize(text);
        if (t.Length == 0 || t.Length > MaxLength) return false;
        if (!decimal.TryParse(t, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var d)) return false;
        value = Numbers.Normalize(d);
        return true;
    }

    /// <summary>A whole number of 0 or more.</summary>
    public static bool TryWhole(string text, out int value)
    {
        value = 0;
        var t = Normalize(text);
        return t.Length is > 0 and <= MaxLength && int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
