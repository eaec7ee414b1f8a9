using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Pacesetter.App.DataEntry;

/// <summary>
/// A number as a person types it into a form, read the one way every field reads it (data entry, and the scheme
/// designer through <c>FormNumbers</c>): full-width digits and
/// signs from a Chinese input method (<c>３.５</c>, <c>１２０</c>, <c>－２</c>, <c>３。５</c>) count as their ASCII
/// forms, and commas (<c>,</c> or <c>，</c>) are accepted only as thousands separators (<c>１，２００</c> is 1200).
/// </summary>
public static partial class NumberInput
{
    /// <summary>The text with full-width digits, signs and decimal points made ASCII, spaces (also U+3000) trimmed, and thousands separators removed where they group digits by three.</summary>
    public static string Normalize(string text)
    {
        var b = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            b.Append(c switch
            {
                >= '０' and <= '９' => (char)('0' + (c - '０')),
                '．' or '。' => '.',
                '，' => ',',
                '－' or '−' => '-',
                '＋' => '+',
                'ｅ' => 'e',
                'Ｅ' => 'E',
                '\u3000' => ' ',
                _ => c,
            });
        }
        var s = b.ToString().Trim();
        return Grouped().IsMatch(s) ? s.Replace(",", "", StringComparison.Ordinal) : s;
    }

    /// <summary>The number in <paramref name="text"/> after <see cref="Normalize"/>; false when it is not a number.</summary>
    public static bool TryParse(string text, out decimal value) =>
        decimal.TryParse(Normalize(text), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value);

    [GeneratedRegex(@"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")]
    private static partial Regex Grouped();
}
