namespace Pacesetter.App.Spreadsheets;

/// <summary>Excel's A1 addresses: column letters (A … Z, AA … XFD) and a 1-based row number.</summary>
public static class CellAddress
{
    /// <summary>The highest column Excel has (XFD) and its highest row: addresses beyond them are not Excel's.</summary>
    public const int ExcelColumns = 16_384;

    public const int ExcelRows = 1_048_576;

    /// <summary><c>D7</c> for row 7, column 4.</summary>
    public static string Format(int row, int column) => ColumnName(column) + row.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The letters of a 1-based column: 1 → A, 27 → AA.</summary>
    public static string ColumnName(int column)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(column, 1);
        Span<char> letters = stackalloc char[8];
        var i = letters.Length;
        while (column > 0)
        {
            var rest = (column - 1) % 26;
            letters[--i] = (char)('A' + rest);
            column = (column - 1) / 26;
        }
        return new string(letters[i..]);
    }

    /// <summary>Reads <c>D7</c> (letters in either case, then digits) within Excel's bounds.</summary>
    public static bool TryParse(ReadOnlySpan<char> address, out int row, out int column)
    {
        row = 0;
        column = 0;
        var i = 0;
        while (i < address.Length && char.IsAsciiLetter(address[i]))
        {
            column = (column * 26) + (char.ToUpperInvariant(address[i]) - 'A' + 1);
            if (column > ExcelColumns) return false;
            i++;
        }
        if (i == 0 || i == address.Length) return false;
        for (; i < address.Length; i++)
        {
            if (!char.IsAsciiDigit(address[i])) return false;
            row = (row * 10) + (address[i] - '0');
            if (row > ExcelRows) return false;
        }
        return row >= 1;
    }
}
