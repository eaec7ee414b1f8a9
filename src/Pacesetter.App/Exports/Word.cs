using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Pacesetter.App.Exports;

/// <summary>
/// The pieces of a Word document in the layout of Chinese government documents (GB/T 9704: A4, margins 37/35/28/26
/// mm, the title in 宋体 二号, the text in 仿宋_GB2312 三号 on a 28-point line, headings in 黑体), written with the
/// Open XML SDK. Fonts are named; a computer without 仿宋_GB2312 substitutes its own 仿宋.
/// </summary>
internal static class Word
{
    public const string Song = "宋体";
    public const string FangSong = "仿宋_GB2312";
    public const string Hei = "黑体";

    /// <summary>Font sizes in half points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt, 五号 10.5 pt.</summary>
    public const int Size2 = 44, Size3 = 32, Size4 = 28, SizeSmall4 = 24, Size5 = 21;

    /// <summary>A4 width less the left and right margins, in twentieths of a point (210 − 28 − 26 mm = 156 mm).</summary>
    public const int TextWidth = 8844;

    public static RunProperties Font(string font, int halfPoints, bool bold = false)
    {
        var rp = new RunProperties(
            new RunFonts { Ascii = font, HighAnsi = font, EastAsia = font, ComplexScript = font },
            new FontSize { Val = halfPoints.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            new FontSizeComplexScript { Val = halfPoints.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        if (bold) rp.PrependChild(new Bold());
        return rp;
    }

    /// <summary>A paragraph of one run. <paramref name="indent"/>: a first-line indent of two characters (正文首行缩进).</summary>
    public static Paragraph P(string text, string font = FangSong, int size = Size3, bool bold = false, JustificationValues? align = null,
        bool indent = false, bool exactLine = true, int before = 0, int after = 0)
    {
        var pp = new ParagraphProperties();
        pp.Append(new SpacingBetweenLines
        {
            Before = before.ToString(System.Globalization.CultureInfo.InvariantCulture),
            After = after.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Line = exactLine ? "560" : "240",
            LineRule = exactLine ? LineSpacingRuleValues.Exact : LineSpacingRuleValues.Auto,
        });
        // Two characters of the run's size (Word reads the characters, LibreOffice the twips).
        if (indent) pp.Append(new Indentation { FirstLineChars = 200, FirstLine = (size * 20).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        if (align is { } a) pp.Append(new Justification { Val = a });
        return new Paragraph(pp, new Run(Font(font, size, bold), new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
    }

    public static Paragraph Title(string text) => P(text, Song, Size2, bold: true, align: JustificationValues.Center, exactLine: false, before: 0, after: 240);

    public static Paragraph Heading(string text) => P(text, Hei, Size3, indent: true);

    /// <summary>A bordered table; the header row repeats on every page; <paramref name="widths"/> in twentieths of a point.</summary>
    public static Table Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, IReadOnlyList<int> widths, int size = SizeSmall4,
        IReadOnlyList<bool>? centered = null)
    {
        static BorderType Line<T>() where T : BorderType, new() => new T { Val = BorderValues.Single, Size = 4, Color = "000000" };
        var table = new Table(new TableProperties(
            new TableWidth { Width = widths.Sum().ToString(System.Globalization.CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
            new TableJustification { Val = TableRowAlignmentValues.Center },
            new TableBorders(Line<TopBorder>(), Line<LeftBorder>(), Line<BottomBorder>(), Line<RightBorder>(), Line<InsideHorizontalBorder>(), Line<InsideVerticalBorder>()),
            new TableLayout { Type = TableLayoutValues.Fixed }));
        table.Append(new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString(System.Globalization.CultureInfo.InvariantCulture) })));
        table.Append(Row(header, widths, size, header: true, centered: null));
        foreach (var row in rows) table.Append(Row(row, widths, size, header: false, centered));
        return table;
    }

    private static TableRow Row(IReadOnlyList<string> cells, IReadOnlyList<int> widths, int size, bool header, IReadOnlyList<bool>? centered)
    {
        var tr = new TableRow();
        var rowProps = new TableRowProperties(new CantSplit());
        if (header) rowProps.Append(new TableHeader());
        tr.Append(rowProps);
        for (int i = 0; i < cells.Count; i++)
        {
            bool center = header || (centered is not null && i < centered.Count && centered[i]);
            var cell = new TableCell(new TableCellProperties(
                new TableCellWidth { Width = widths[i].ToString(System.Globalization.CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
                new TableCellVerticalAlignment { Val = TableVerticalAlignmentValues.Center }));
            cell.Append(P(cells[i], header ? Hei : FangSong, size, align: center ? JustificationValues.Center : JustificationValues.Left, exactLine: false));
            tr.Append(cell);
        }
        return tr;
    }

    /// <summary>
    /// The signatures, side by side without borders: each column's lines (the office's and the unit's seal, who signs,
    /// the date), kept on one page.
    /// </summary>
    public static Table Signatures(IReadOnlyList<string> left, IReadOnlyList<string> right)
    {
        var half = TextWidth / 2;
        var table = new Table(new TableProperties(
            new TableWidth { Width = TextWidth.ToString(System.Globalization.CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
            new TableBorders(new TopBorder { Val = BorderValues.None }, new LeftBorder { Val = BorderValues.None }, new BottomBorder { Val = BorderValues.None },
                new RightBorder { Val = BorderValues.None }, new InsideHorizontalBorder { Val = BorderValues.None }, new InsideVerticalBorder { Val = BorderValues.None }),
            new TableLayout { Type = TableLayoutValues.Fixed }));
        table.Append(new TableGrid(new GridColumn { Width = half.ToString(System.Globalization.CultureInfo.InvariantCulture) }, new GridColumn { Width = half.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        var row = new TableRow(new TableRowProperties(new CantSplit()));
        foreach (var lines in new[] { left, right })
        {
            var cell = new TableCell(new TableCellProperties(new TableCellWidth { Width = half.ToString(System.Globalization.CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa }));
            foreach (var line in lines) cell.Append(P(line, exactLine: false, after: 240));
            row.Append(cell);
        }
        table.Append(row);
        return table;
    }

    /// <summary>The document: its body elements on A4 with the government margins, and 仿宋 三号 as the default text.</summary>
    public static byte[] Save(IEnumerable<OpenXmlElement> content)
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = new Styles(new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { Ascii = FangSong, HighAnsi = FangSong, EastAsia = FangSong, ComplexScript = FangSong },
                    new FontSize { Val = Size3.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                    new Languages { Val = "zh-CN", EastAsia = "zh-CN" })),
                new ParagraphPropertiesDefault()));
            var body = new Body();
            foreach (var element in content) body.Append(element);
            body.Append(new SectionProperties(
                new PageSize { Width = 11906, Height = 16838 },
                new PageMargin { Top = 2098, Bottom = 1984, Left = 1588, Right = 1474, Header = 851, Footer = 992, Gutter = 0 }));
            main.Document = new Document(body);
            main.Document.Save();
        }
        return stream.ToArray();
    }
}
