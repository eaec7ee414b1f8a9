using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Pacesetter.App.Publication;
using Pacesetter.App.Schemes;

namespace Pacesetter.App.Exports;

/// <summary>
/// The leaderboard and breakdown of a published revision as an .xlsx: a first sheet 说明 (scheme, period, revision,
/// publication time in Beijing time, end of the notice period), then one sheet per category named after it (<see
/// cref="BoardTable"/>), its header row and its rank and unit columns frozen, figures as numbers in the format 0.00,
/// columns wide enough for their Chinese text. Written with the Open XML SDK (ADR 0024: frozen panes and number
/// formats, which a plain sheet writer does not set).
/// </summary>
public static class BoardWorkbook
{
    private const uint Text = 1, Figure = 2, Header = 3, Whole = 4, Key = 5;

    /// <param name="published">The revision's publication time, in Beijing time.</param>
    /// <param name="noticeEnds">The end of its notice period (公示期), in Beijing time.</param>
    public static ExportFile Build(PublishedRace race, string organization, DateTimeOffset published, DateTimeOffset noticeEnds)
    {
        using var stream = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var book = doc.AddWorkbookPart();
            book.Workbook = new Workbook();
            var styles = book.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet();
            var sheets = book.Workbook.AppendChild(new Sheets());
            var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            uint id = 1;

            void Add(string name, Worksheet worksheet)
            {
                var part = book.AddNewPart<WorksheetPart>();
                part.Worksheet = worksheet;
                sheets.Append(new Sheet { Id = book.GetIdOfPart(part), SheetId = id++, Name = SheetName(name, used) });
            }

            var rev = race.Revision;
            var about = new List<IReadOnlyList<BoardCell>>
            {
                Pair("考核方案", race.Scheme.Name),
                Pair("考核期", $"{PeriodNames.Words(rev.Period)}（{rev.Period}）"),
                Pair("组织", organization),
                Pair("修订版本", $"第 {rev.Number} 版"),
                Pair("发布时间", BeijingTime(published)),
                Pair("公示期截止", BeijingTime(noticeEnds)),
            };
            if (rev.Reason is { Length: > 0 } reason) about.Add(Pair("更正原因", reason));
            if (rev.Incomplete) about.Add(Pair("数据", "发布时部分数据缺失，缺失数据按各指标的缺失数据规则计分"));
            about.Add(Pair("说明", "各项得分保留两位小数；名次变化与上一同类考核期比较（↑ 上升，↓ 下降，– 不变，新进 为上期未参加排名）；扣分指标列为扣减的分数。"));
            Add("说明", Sheet(["项目", "内容"], about, frozenColumns: 0));
            foreach (var sheet in BoardTable.Sheets(race)) Add(sheet.CategoryName, Sheet(sheet.Columns, sheet.Rows, frozenColumns: 2));
            book.Workbook.Save();
        }
        return new ExportFile(ExportFile.Safe($"{PeriodNames.Words(race.Revision.Period)}考核结果（第{race.Revision.Number}版）") + ".xlsx", ExportFile.Xlsx, stream.ToArray());
    }

    /// <summary>A time already in Beijing time, labelled: 2026-11-01 10:00 北京时间.</summary>
    public static string BeijingTime(DateTimeOffset chinaTime) => chinaTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " 北京时间";

    private static IReadOnlyList<BoardCell> Pair(string key, string value) => [BoardCell.Of(key), BoardCell.Of(value)];

    /// <summary>
    /// A sheet name Excel accepts: the category's name without <c>[]:*?/\</c>, at most 31 characters, not blank and not
    /// one already used in the workbook (names compare ignoring case), a number added when it is.
    /// </summary>
    public static string SheetName(string name, ISet<string> used)
    {
        var clean = new string(name.Where(c => c is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\') && !char.IsControl(c)).ToArray()).Trim().Trim('\'');
        if (clean.Length == 0) clean = "类别";
        if (clean.Length > 31) clean = clean[..31];
        var candidate = clean;
        for (int n = 2; !used.Add(candidate); n++)
        {
            var suffix = $"({n})";
            candidate = (clean.Length + suffix.Length > 31 ? clean[..(31 - suffix.Length)] : clean) + suffix;
        }
        return candidate;
    }

    private static Worksheet Sheet(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<BoardCell>> rows, int frozenColumns)
    {
        var data = new SheetData();
        var widths = header.Select(SheetParts.Width).ToArray();
        var headerRow = new Row { RowIndex = 1 };
        for (int c = 0; c < header.Count; c++) headerRow.Append(SheetParts.TextCell(Reference(c, 1), header[c], Header));
        data.Append(headerRow);
        uint r = 2;
        foreach (var row in rows)
        {
            var xrow = new Row { RowIndex = r };
            for (int c = 0; c < row.Count; c++)
            {
                var cell = row[c];
                if (cell.Number is { } n)
                {
                    xrow.Append(new Cell { CellReference = Reference(c, r), StyleIndex = cell.Integer ? Whole : Figure, CellValue = new CellValue(n.ToString(CultureInfo.InvariantCulture)) });
                }
                else
                {
                    xrow.Append(SheetParts.TextCell(Reference(c, r), cell.Text ?? "", frozenColumns == 0 && c == 0 ? Key : Text));
                }
                widths[c] = Math.Max(widths[c], SheetParts.Width(cell.ToString()));
            }
            data.Append(xrow);
            r++;
        }
        var view = new SheetView { WorkbookViewId = 0 };
        // Frozen: the header row, and the rank and unit columns of a leaderboard.
        view.Append(frozenColumns > 0
            ? new Pane { HorizontalSplit = frozenColumns, VerticalSplit = 1, TopLeftCell = Reference(frozenColumns, 2), ActivePane = PaneValues.BottomRight, State = PaneStateValues.Frozen }
            : new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen });
        view.Append(new Selection { Pane = frozenColumns > 0 ? PaneValues.BottomRight : PaneValues.BottomLeft });
        var columns = new Columns(widths.Select((w, i) => new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = Math.Min(w, frozenColumns == 0 && i == 1 ? 90 : 40), CustomWidth = true }));
        return new Worksheet(new SheetViews(view), new SheetFormatProperties { DefaultRowHeight = 16.5 }, columns, data);
    }



    /// <summary>A1-style reference of the zero-based column <paramref name="column"/> and one-based row.</summary>
    public static string Reference(int column, uint row)
    {
        var letters = "";
        for (int c = column + 1; c > 0; c = (c - 1) / 26) letters = (char)('A' + (c - 1) % 26) + letters;
        return letters + row.ToString(CultureInfo.InvariantCulture);
    }

    private static Stylesheet Stylesheet()
    {
        return new Stylesheet(
            new Fonts(SheetParts.Song(false), SheetParts.Song(true)) { Count = 2 },
            SheetParts.Fills(),
            SheetParts.Borders(),
            new CellFormats(
                new CellFormat(),
                // Text: 1; figures 0.00 (built-in format 2): 2; header: 3; integers 0 (built-in 1): 4; the 说明 sheet's keys: 5.
                new CellFormat { BorderId = 1, ApplyBorder = true, Alignment = new Alignment { Vertical = VerticalAlignmentValues.Center, WrapText = true } },
                new CellFormat { NumberFormatId = 2, ApplyNumberFormat = true, BorderId = 1, ApplyBorder = true },
                new CellFormat { FontId = 1, ApplyFont = true, FillId = 2, ApplyFill = true, BorderId = 1, ApplyBorder = true, Alignment = new Alignment { Horizontal = HorizontalAlignmentValues.Center, Vertical = VerticalAlignmentValues.Center, WrapText = true } },
                new CellFormat { NumberFormatId = 1, ApplyNumberFormat = true, BorderId = 1, ApplyBorder = true, Alignment = new Alignment { Horizontal = HorizontalAlignmentValues.Center } },
                new CellFormat { FontId = 1, ApplyFont = true, BorderId = 1, ApplyBorder = true, Alignment = new Alignment { Vertical = VerticalAlignmentValues.Center } })
            { Count = 6 });
    }
}
