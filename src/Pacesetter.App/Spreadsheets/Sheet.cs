using System.Globalization;
using Pacesetter.Scoring;

namespace Pacesetter.App.Spreadsheets;

/// <summary>What a cell holds, told by its value and (in a workbook) its number format.</summary>
public enum CellKind
{
    /// <summary>No value: an absent cell, a blank one, or empty text.</summary>
    Empty,
    Number,
    Text,
    /// <summary>TRUE or FALSE; <see cref="SheetCell.Number"/> is 1 or 0.</summary>
    Bool,
    /// <summary>A serial day number under a date or time format; <see cref="SheetCell.Text"/> is its ISO form.</summary>
    Date,
    /// <summary>A number under a percent format, as stored: 0.125 for 12.5 %.</summary>
    Percent,
    /// <summary>An error value such as <c>#DIV/0!</c> or <c>#N/A</c> (in <see cref="SheetCell.Text"/>).</summary>
    Error,
}

/// <summary>
/// One cell: its 1-based row and column, its kind, its text (the text of a Text cell, the invariant form of a number,
/// the ISO date of a Date cell, TRUE/FALSE, the error's code) and its number for Number, Percent, Date and Bool cells.
/// <see cref="Formula"/> says that the value is a formula's cached result.
/// </summary>
public sealed record SheetCell(int Row, int Column, CellKind Kind, string? Text, decimal? Number, bool Formula)
{
    /// <summary>The cell's address as Excel writes it: <c>D7</c>.</summary>
    public string Address => CellAddress.Format(Row, Column);

    /// <summary>
    /// The cell as a number the way users write one: the number of a Number or Percent cell, or a Text cell parsed by
    /// <see cref="NumberText.Parse"/> (a CSV's cells are all text); null for anything else (dates and booleans too).
    /// </summary>
    public ParsedNumber? ToNumber() => Kind switch
    {
        CellKind.Number => new ParsedNumber(Number!.Value, false),
        CellKind.Percent => new ParsedNumber(Number!.Value, true),
        CellKind.Text => NumberText.Parse(Text),
        _ => null,
    };
}

/// <summary>A row holding at least one value, its cells in column order (blank cells left out).</summary>
public sealed record SheetRow(int Row, IReadOnlyList<SheetCell> Cells);

/// <summary>
/// A worksheet (or a CSV file, named after the file): its rows with values in row order (blank rows left out, so the
/// row numbers are Excel's) and its merged ranges as written (<c>B2:D2</c>), for an importer that refuses merged cells
/// where it expects data.
/// </summary>
public sealed record Sheet(string Name, IReadOnlyList<SheetRow> Rows, IReadOnlyList<string> MergedRanges, bool Hidden = false)
{
    /// <summary>The cell at <paramref name="row"/>, <paramref name="column"/> (1-based); an Empty cell when it holds no value.</summary>
    public SheetCell Cell(int row, int column)
    {
        var r = Find(Rows, row, x => x.Row);
        if (r >= 0)
        {
            var cells = Rows[r].Cells;
            var c = Find(cells, column, x => x.Column);
            if (c >= 0) return cells[c];
        }
        return new SheetCell(row, column, CellKind.Empty, null, null, false);
    }

    /// <summary>The cell at an address such as <c>D7</c>.</summary>
    public SheetCell Cell(string address) =>
        CellAddress.TryParse(address, out var row, out var column) ? Cell(row, column) : throw new ArgumentException($"not a cell address: {address}", nameof(address));

    private static int Find<T>(IReadOnlyList<T> items, int key, Func<T, int> keyOf)
    {
        int lo = 0, hi = items.Count - 1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) / 2);
            var k = keyOf(items[mid]);
            if (k == key) return mid;
            if (k < key) lo = mid + 1;
            else hi = mid - 1;
        }
        return -1;
    }
}

/// <summary>
/// One reason a file or a cell cannot be read: where (the sheet and the cell, such as <c>镇街</c> and <c>D7</c>; both
/// empty when it is about the whole file, the cell empty when about a whole sheet) and what, in English and Chinese.
/// </summary>
public sealed record SheetProblem(string Sheet, string Cell, string English, string Chinese)
{
    /// <summary><c>镇街!D7</c>, <c>镇街</c>, or empty for the whole file.</summary>
    public string Where => Sheet.Length == 0 ? Cell : Cell.Length == 0 ? Sheet : $"{Sheet}!{Cell}";

    public string Message(Language language) => language == Language.Chinese ? Chinese : English;

    /// <summary>The problem as one line: <c>镇街!D7: 不是数字</c>, or the message alone for the whole file.</summary>
    public string Line(Language language) => Where.Length == 0 ? Message(language) : $"{Where}: {Message(language)}";

    public override string ToString() => Line(Language.English);
}

/// <summary>
/// The outcome of reading a spreadsheet: its sheets as far as they were read (none when the file as a whole was refused)
/// and every problem found. An importer takes the sheets only when <see cref="IsValid"/>; a preview may show them anyway.
/// </summary>
public sealed record SpreadsheetReadResult(IReadOnlyList<Sheet> Sheets, IReadOnlyList<SheetProblem> Problems)
{
    public bool IsValid => Problems.Count == 0;

    internal static SpreadsheetReadResult Refused(SheetProblem problem) => new([], [problem]);
}

/// <summary>
/// The limits a read is held to, each checked as early as it can be (the size while copying the upload, the ZIP's
/// entries and declared sizes before anything is unpacked, the unpacked bytes while they are read, the cells as they
/// are met). The defaults suit a unit's figures or a benchmark table with room to spare.
/// </summary>
/// <param name="MaxBytes">The file's size; a longer stream is refused after reading one byte past it.</param>
/// <param name="MaxZipEntries">Entries in an .xlsx package (a workbook of a few sheets holds about 10–30).</param>
/// <param name="MaxExpandedBytes">Bytes of an .xlsx once unpacked, declared and actually read (zip bombs).</param>
/// <param name="MaxCells">Cells holding a value, over all sheets read.</param>
/// <param name="MaxRows">The highest row number a value may sit in.</param>
/// <param name="MaxColumns">The highest column number a value may sit in.</param>
/// <param name="MaxSheets">Worksheets in a workbook.</param>
/// <param name="MaxTextLength">Characters of one cell's text (Excel's own limit is 32,767).</param>
/// <param name="MaxProblems">Problems reported before the read stops listing them.</param>
public sealed record SpreadsheetLimits(
    long MaxBytes = 20 * 1024 * 1024,
    int MaxZipEntries = 1_000,
    long MaxExpandedBytes = 256 * 1024 * 1024,
    int MaxCells = 1_000_000,
    int MaxRows = 1_048_576,
    int MaxColumns = 1_000,
    int MaxSheets = 100,
    int MaxTextLength = 32_767,
    int MaxProblems = 100)
{
    public static SpreadsheetLimits Default { get; } = new();
}

/// <summary>A number read from a text: its value (already divided by 100 for a percent) and whether it was written as a percent.</summary>
public readonly record struct ParsedNumber(decimal Value, bool Percent)
{
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture) + (Percent ? " (%)" : "");
}
