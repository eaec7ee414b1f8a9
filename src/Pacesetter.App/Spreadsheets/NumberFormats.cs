namespace Pacesetter.App.Spreadsheets;

/// <summary>
/// What a cell's number format makes of its number: a date, a percent, or a plain number. Excel stores all three as
/// the same number; the format alone tells them apart.
/// </summary>
internal static class NumberFormats
{
    /// <summary>
    /// The built-in formats (ECMA-376 §18.8.30) that are not plain numbers: 9 and 10 percents; 14–22 and 45–47 dates
    /// and times; 27–36 and 50–58 the dates of East Asian locales (in a Chinese Excel <c>yyyy"年"m"月"d"日"</c> and the
    /// like, written without a format code).
    /// </summary>
    public static CellKind BuiltIn(int id) => id switch
    {
        9 or 10 => CellKind.Percent,
        (>= 14 and <= 22) or (>= 27 and <= 36) or (>= 45 and <= 47) or (>= 50 and <= 58) => CellKind.Date,
        _ => CellKind.Number,
    };

    /// <summary>
    /// A format code's kind, from its first section (the one for positive numbers): a percent sign outside quotes makes
    /// a percent; a date or time letter (y m d h s) outside quotes, escapes and brackets makes a date, unless the code
    /// counts elapsed time (<c>[h]:mm</c>), which is a duration, a number.
    /// </summary>
    public static CellKind Code(string code)
    {
        bool percent = false, date = false, elapsed = false;
        for (var i = 0; i < code.Length; i++)
        {
            var ch = code[i];
            switch (ch)
            {
                case ';':
                    i = code.Length;
                    break;
                case '"':
                    var close = code.IndexOf('"', i + 1);
                    i = close < 0 ? code.Length : close;
                    break;
                case '\\' or '_' or '*':
                    i++; // an escaped character, a space as wide as one, a fill character
                    break;
                case '[':
                    var end = code.IndexOf(']', i + 1);
                    if (end < 0) end = code.Length;
                    var inside = code.AsSpan(i + 1, end - i - 1);
                    if (inside.Length > 0 && inside.Trim("hHmMsS").IsEmpty) elapsed = true;
                    i = end;
                    break;
                case '%':
                    percent = true;
                    break;
                case 'G' or 'g' when code.AsSpan(i).StartsWith("general", StringComparison.OrdinalIgnoreCase):
                    i += "general".Length - 1;
                    break;
                case 'y' or 'Y' or 'm' or 'M' or 'd' or 'D' or 'h' or 'H' or 's' or 'S':
                    date = true;
                    break;
            }
        }
        return percent ? CellKind.Percent : elapsed ? CellKind.Number : date ? CellKind.Date : CellKind.Number;
    }
}
