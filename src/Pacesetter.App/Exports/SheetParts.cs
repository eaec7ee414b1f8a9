using DocumentFormat.OpenXml.Spreadsheet;

namespace Pacesetter.App.Exports;

/// <summary>
/// The pieces every workbook this project writes shares (the leaderboard's <see cref="BoardWorkbook"/>, the 对标 report's
/// <see cref="Benchmarking.GapWorkbook"/>): inline-text cells, column widths counted in characters, 宋体 fonts, the
/// thin border and the header's fill. Each workbook keeps its own cell formats.
/// </summary>
internal static class SheetParts
{
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
}
