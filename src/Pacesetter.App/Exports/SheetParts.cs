using System.Globalization;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Pacesetter.App.Exports;

/// <summary>
/// The pieces every workbook this project writes shares (the leaderboard's <see cref="BoardWorkbook"/>, the 对标 report's
/// <see cref="Benchmarking.GapWorkbook"/>): inline-text cells, column widths counted in characters, 宋体 fonts, the
/// thin border and the header's fill; and the plain report table (<see cref="Table"/> with <see cref="TableStyles"/>) of
/// the 对标 report and the 容错免责 register: a title line, a header row, rows, a note, frozen panes.
/// </summary>
internal static class SheetParts
{
    /// <summary>The cell formats of <see cref="TableStyles"/>: text, one decimal (0.0), header, integer, a value as entered (General), title.</summary>
    public const uint Text = 1, OneDecimal = 2, Header = 3, Whole = 4, Value = 5, Title = 6;

    /// <summary>A column's width in characters: a Chinese character counts two, with a margin.</summary>
    public static double Width(string text) => Math.Max(8, text.Sum(ch => ch > 0x2E80 ? 2 : 1) + 2.5);

    public static Cell TextCell(string reference, string text, uint style) =>
        new() { CellReference = reference, DataType = CellValues.InlineString, StyleIndex = style, InlineString = new InlineString(new Text(text)) };

    /// <summary>宋体 of <paramref name="size"/> points (GB2312 character set), bold or not.</summary>
    public static Font Song(bool bold, int size = 11)
    {
        var f = new Font();
        if (bold) f.Append(new Bold());
        f.Append(new FontSize { Val = size }, new FontName { Val = "宋体" }, new FontCharSet { Val = 134 });
        return f;
    }

    /// <summary>The fills: none and gray125 (required first by the format), then the header's light blue (fill 2).</summary>
    public static Fills Fills() => new(
        new Fill(new PatternFill { PatternType = PatternValues.None }),
        new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
        new Fill(new PatternFill(new ForegroundColor { Rgb = "FFE7ECF3" }) { PatternType = PatternValues.Solid }))
    { Count = 3 };

    /// <summary>The borders: none (border 0) and thin on every side (border 1).</summary>
    public static Borders Borders() => new(
        new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()),
        new Border(
            new LeftBorder { Style = BorderStyleValues.Thin }, new RightBorder { Style = BorderStyleValues.Thin },
            new TopBorder { Style = BorderStyleValues.Thin }, new BottomBorder { Style = BorderStyleValues.Thin }, new DiagonalBorder()))
    { Count = 2 };

    /// <summary>
    /// A sheet of a title line (row 1), the header (row 2), the rows from row 3 and a note a row below them; the columns
    /// as wide as their longest text (at most 40); the title and header rows frozen, and the first
    /// <paramref name="frozenColumns"/> columns.
    /// </summary>
    public static Worksheet Table(string title, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<ReportCell>> rows, int frozenColumns, string note)
    {
        var data = new SheetData();
        var widths = header.Select(Width).ToArray();
        data.Append(new Row(TextCell("A1", title, Title)) { RowIndex = 1 });
        var headerRow = new Row { RowIndex = 2 };
        for (int c = 0; c < header.Count; c++) headerRow.Append(TextCell(BoardWorkbook.Reference(c, 2), header[c], Header));
        data.Append(headerRow);
        uint r = 3;
        foreach (var row in rows)
        {
            var xrow = new Row { RowIndex = r };
            for (int c = 0; c < row.Count; c++)
            {
                var cell = row[c];
                var reference = BoardWorkbook.Reference(c, r);
                if (cell.Number is { } n) xrow.Append(new Cell { CellReference = reference, StyleIndex = cell.Style, CellValue = new CellValue(n.ToString(CultureInfo.InvariantCulture)) });
                else if (cell.Text is { Length: > 0 } text) xrow.Append(TextCell(reference, text, cell.Style));
                // Nothing to show: a bordered cell without a value, which a formula or a filter reads as blank.
                else xrow.Append(new Cell { CellReference = reference, StyleIndex = cell.Style });
                widths[c] = Math.Max(widths[c], Width(cell.ToString()));
            }
            data.Append(xrow);
            r++;
        }
        data.Append(new Row(TextCell(BoardWorkbook.Reference(0, r + 1), note, 0)) { RowIndex = r + 1 });
        var view = new SheetView { WorkbookViewId = 0 };
        view.Append(frozenColumns > 0
            ? new Pane { HorizontalSplit = frozenColumns, VerticalSplit = 2, TopLeftCell = BoardWorkbook.Reference(frozenColumns, 3), ActivePane = PaneValues.BottomRight, State = PaneStateValues.Frozen }
            : new Pane { VerticalSplit = 2, TopLeftCell = "A3", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen });
        view.Append(new Selection { Pane = frozenColumns > 0 ? PaneValues.BottomRight : PaneValues.BottomLeft });
        var columns = new Columns(widths.Select((w, i) => new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = Math.Min(w, 40), CustomWidth = true }));
        return new Worksheet(new SheetViews(view), new SheetFormatProperties { DefaultRowHeight = 16.5 }, columns, data);
    }

    /// <summary>The styles of <see cref="Table"/>'s cells (the constants above index them).</summary>
    public static Stylesheet TableStyles() => new(
        // 0.0: one decimal, kept on whole figures (2.0, 0.0).
        new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "0.0" }) { Count = 1 },
        new Fonts(Song(false), Song(true), Song(true, 14)) { Count = 3 },
        Fills(),
        Borders(),
        new CellStyleFormats(new CellFormat()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { BorderId = 1, ApplyBorder = true, Alignment = new Alignment { Vertical = VerticalAlignmentValues.Center, WrapText = true } },
            new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true, BorderId = 1, ApplyBorder = true },
            new CellFormat { FontId = 1, ApplyFont = true, FillId = 2, ApplyFill = true, BorderId = 1, ApplyBorder = true, Alignment = new Alignment { Horizontal = HorizontalAlignmentValues.Center, Vertical = VerticalAlignmentValues.Center, WrapText = true } },
            new CellFormat { NumberFormatId = 1, ApplyNumberFormat = true, BorderId = 1, ApplyBorder = true, Alignment = new Alignment { Horizontal = HorizontalAlignmentValues.Center } },
            new CellFormat { NumberFormatId = 0, BorderId = 1, ApplyBorder = true },
            new CellFormat { FontId = 2, ApplyFont = true })
        { Count = 7 },
        // The Normal cell style, which Excel adds on saving and openpyxl warns without.
        new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
}

/// <summary>A cell of <see cref="SheetParts.Table"/>: text, or a number (null: an empty cell) in the style of its column.</summary>
internal readonly record struct ReportCell(string? Text, decimal? Number, uint Style)
{
    public static ReportCell Of(string? text) => new(text, null, SheetParts.Text);

    public override string ToString() => Number is { } n ? n.ToString(CultureInfo.InvariantCulture) : Text ?? "";
}
