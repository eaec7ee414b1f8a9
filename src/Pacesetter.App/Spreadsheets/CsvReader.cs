using System.Text;

namespace Pacesetter.App.Spreadsheets;

/// <summary>
/// A CSV file as Excel writes one: UTF-8 with or without a byte order mark (“CSV UTF-8”), or GB18030 (a Chinese Excel's
/// plain “CSV”), told apart by trying strict UTF-8 first; RFC 4180 quoting (commas, doubled quotes and line breaks
/// inside quotes), CRLF or LF. Every field is Text (numbers are for <see cref="NumberText"/> to read); empty fields are blank cells.
/// </summary>
internal static class CsvReader
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>GB18030 from the shared framework's code pages, strict; taken from the provider rather than registered, to change no global state.</summary>
    private static readonly Encoding Gb18030 = CodePagesEncodingProvider.Instance.GetEncoding(54936, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)!;

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    public static SpreadsheetReadResult Read(ReadOnlySpan<byte> content, string sheet, SpreadsheetLimits limits)
    {
        if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || content.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return SpreadsheetReadResult.Refused(SheetProblems.Utf16);
        }
        var text = Decode(content);
        if (text is null || text.AsSpan().IndexOfAnyInRange('\0', '\b') >= 0 || text.AsSpan().IndexOfAnyInRange('\u000E', '\u001F') >= 0)
        {
            return SpreadsheetReadResult.Refused(SheetProblems.NotText); // control characters: a binary file named .csv
        }
        return Parse(text, sheet, limits);
    }

    private static string? Decode(ReadOnlySpan<byte> content)
    {
        try
        {
            if (content.StartsWith(Utf8Bom)) return Utf8.GetString(content[Utf8Bom.Length..]);
            try
            {
                return Utf8.GetString(content);
            }
            catch (DecoderFallbackException)
            {
                return Gb18030.GetString(content);
            }
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static SpreadsheetReadResult Parse(string s, string sheet, SpreadsheetLimits limits)
    {
        var rows = new List<SheetRow>();
        var problems = new List<SheetProblem>();
        var cells = new List<SheetCell>();
        var field = new StringBuilder();
        int row = 1, column = 1, count = 0, i = 0;
        while (true)
        {
            var address = CellAddress.Format(Math.Min(row, CellAddress.ExcelRows), Math.Min(column, CellAddress.ExcelColumns));
            string text;
            if (i < s.Length && s[i] == '"')
            {
                field.Clear();
                var closed = false;
                for (i++; i < s.Length; i++)
                {
                    if (s[i] != '"')
                    {
                        field.Append(s[i]);
                    }
                    else if (i + 1 < s.Length && s[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        closed = true;
                        i++;
                        break;
                    }
                }
                if (!closed)
                {
                    problems.Add(SheetProblems.UnclosedQuote(sheet, address));
                    break;
                }
                if (i < s.Length && s[i] is not (',' or '\r' or '\n'))
                {
                    if (!Add(SheetProblems.TextAfterQuote(sheet, address))) break;
                    while (i < s.Length && s[i] is not (',' or '\r' or '\n')) i++;
                }
                text = field.ToString();
            }
            else
            {
                var start = i;
                while (i < s.Length && s[i] is not (',' or '\r' or '\n')) i++;
                text = s[start..i];
            }

            if (text.Length > 0)
            {
                if (row > limits.MaxRows)
                {
                    problems.Add(SheetProblems.RowBeyond(sheet, address, limits.MaxRows));
                    break;
                }
                if (column > limits.MaxColumns)
                {
                    problems.Add(SheetProblems.ColumnBeyond(sheet, address, limits.MaxColumns));
                    break;
                }
                if (++count > limits.MaxCells)
                {
                    problems.Add(SheetProblems.TooManyCells(limits.MaxCells));
                    break;
                }
                if (text.Length > limits.MaxTextLength)
                {
                    if (!Add(SheetProblems.TextTooLong(sheet, address, limits.MaxTextLength))) break;
                }
                else
                {
                    cells.Add(new SheetCell(row, column, CellKind.Text, text, null, false));
                }
            }

            if (i >= s.Length)
            {
                EndRow();
                break;
            }
            if (s[i] == ',')
            {
                column++;
                i++;
                continue;
            }
            i += s[i] == '\r' && i + 1 < s.Length && s[i + 1] == '\n' ? 2 : 1;
            EndRow();
            if (i >= s.Length) break;
        }
        return new SpreadsheetReadResult([new Sheet(sheet, rows, [])], problems);

        void EndRow()
        {
            if (cells.Count > 0)
            {
                rows.Add(new SheetRow(row, cells));
                cells = [];
            }
            row++;
            column = 1;
        }

        bool Add(SheetProblem problem)
        {
            if (problems.Count == limits.MaxProblems)
            {
                problems.Add(SheetProblems.TooManyProblems(limits.MaxProblems));
                return false;
            }
            problems.Add(problem);
            return true;
        }
    }
}
