using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Pacesetter.App.Exports;
using Pacesetter.Scoring.Benchmarking;

namespace Pacesetter.App.Benchmarking;

/// <summary>
/// 对标分析 the benchmarking report (scoring.md §10) as an .xlsx: a sheet 差距分析 with one row per benchmark and indicator
/// (the columns and catch-up words of <c>pacesetter gap</c>'s table, the benchmark's name first) and a sheet 排名 with one
/// row per indicator and ranked party, each under a title line (organization, year, time made in Beijing time). Values
/// are numbers as entered (General), gaps and growths numbers in the format 0.0, ranks integers; a figure the report
/// does not have (no value, or nothing to compute) is an empty cell, so that the columns stay numeric — a note under
/// the table says so. The header row (and on 差距分析 the benchmark and indicator columns) is frozen.
/// </summary>
public static class GapWorkbook
{
    private const uint Text = 1, OneDecimal = 2, Header = 3, Whole = 4, Value = 5, Title = 6;

    /// <summary>The columns of one benchmark's lines, as the command's table (the workbook puts 对标对象 before them).</summary>
    public static readonly IReadOnlyList<string> LineColumns = ["指标", "计量单位", "本组织", "对标对象值", "差距%", "本组织增速%", "对标增速%", "追赶"];

    /// <summary>The file's name: 2025年对标分析.xlsx.</summary>
    public static string FileName(int year) => ExportFile.Safe($"{year}年对标分析") + ".xlsx";

    /// <summary>The title line: 示范开发区2025年对标分析（生成时间 2026-05-01 10:00 北京时间）.</summary>
    public static string TitleLine(GapReport report, string organization, DateTimeOffset generatedChinaTime) =>
        $"{organization}{report.Year}年对标分析（生成时间 {BoardWorkbook.BeijingTime(generatedChinaTime)}）";

    /// <summary>Party names by id in the ranks: <see cref="GapFile.OwnId"/> is <paramref name="ownName"/>, a benchmark its name.</summary>
    public static IReadOnlyDictionary<string, string> Names(GapReport report, string ownName)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal) { [GapFile.OwnId] = ownName };
        foreach (var b in report.Benchmarks) names[b.Id] = b.Name;
        return names;
    }

    /// <param name="organization">The organization's name, in the title line.</param>
    /// <param name="ownName">How the organization is named among the ranked parties (本组织, or its name).</param>
    /// <param name="generatedChinaTime">When the file is made, in Beijing time.</param>
    public static ExportFile Build(GapReport report, string organization, string ownName, DateTimeOffset generatedChinaTime)
    {
        var title = TitleLine(report, organization, generatedChinaTime);
        var gaps = report.Benchmarks.SelectMany(b => b.Lines.Select(line => (IReadOnlyList<GapCell>)
        [
            GapCell.Of(b.Name),
            GapCell.Of(line.Indicator.Name),
            GapCell.Of(line.Indicator.Unit),
            new(null, line.Own, Value),
            new(null, line.Bench, Value),
            new(null, line.GapPercent, OneDecimal),
            new(null, line.GrowthOwn, OneDecimal),
            new(null, line.GrowthBench, OneDecimal),
            GapCell.Of(line.CatchUp is null ? null : GapWords.CatchUp(line, chinese: true)),
        ]));
        var names = Names(report, ownName);
        var ranks = new List<IReadOnlyList<GapCell>>();
        foreach (var (indicator, list) in report.Ranks)
        {
            if (list.Count == 0) ranks.Add([GapCell.Of(indicator.Name), GapCell.Of(indicator.Unit), new(null, null, Whole), GapCell.Of(null), new(null, null, Value)]);
            foreach (var r in list)
            {
                ranks.Add([GapCell.Of(indicator.Name), GapCell.Of(indicator.Unit), new(null, r.Rank, Whole), GapCell.Of(names[r.Id]), new(null, PartyValue(report, indicator, r.Id), Value)]);
            }
        }

        using var stream = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var book = doc.AddWorkbookPart();
            book.Workbook = new Workbook();
            var styles = book.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet();
            var sheets = book.Workbook.AppendChild(new Sheets());
            uint id = 1;
            void Add(string name, Worksheet worksheet)
            {
                var part = book.AddNewPart<WorksheetPart>();
                part.Worksheet = worksheet;
                sheets.Append(new Sheet { Id = book.GetIdOfPart(part), SheetId = id++, Name = name });
            }
            Add("差距分析", Sheet(title, ["对标对象", .. LineColumns], gaps, frozenColumns: 2,
                "说明：差距% 为负表示落后，越小越好的指标已按方向换算；增速为有数值的最早年份至比较年份的年均增速；追赶按双方当前增速推算；空白表示缺少数据或无法计算。"));
            Add("排名", Sheet(title, ["指标", "计量单位", "名次", "名称", "数值"], ranks, frozenColumns: 0,
                $"说明：按{report.Year}年数值排名（越大越好的指标从大到小，越小越好的从小到大），标准竞赛排名，并列同名次；空白表示无人有数值。"));
            book.Workbook.Save();
        }
        return new ExportFile(FileName(report.Year), ExportFile.Xlsx, stream.ToArray());
    }

    /// <summary>A ranked party's value of the year, from the lines (the organization's is on every benchmark's line).</summary>
    private static decimal? PartyValue(GapReport report, GapIndicator indicator, string id)
    {
        foreach (var b in report.Benchmarks)
        {
            var line = b.Lines.FirstOrDefault(l => l.Indicator.Id == indicator.Id);
            if (line is null) continue;
            if (id == GapFile.OwnId) return line.Own;
            if (b.Id == id) return line.Bench;
        }
        return null;
    }

    /// <summary>A cell: text, or a number (null: an empty cell) in the style of its column.</summary>
    private readonly record struct GapCell(string? Text, decimal? Number, uint Style)
    {
        public static GapCell Of(string? text) => new(text, null, GapWorkbook.Text);

        public override string ToString() => Number is { } n ? n.ToString(CultureInfo.InvariantCulture) : Text ?? "";
    }

    private static Worksheet Sheet(string title, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<GapCell>> rows, int frozenColumns, string note)
    {
        var data = new SheetData();
        var widths = header.Select(SheetParts.Width).ToArray();
        data.Append(new Row(SheetParts.TextCell("A1", title, Title)) { RowIndex = 1 });
        var headerRow = new Row { RowIndex = 2 };
        for (int c = 0; c < header.Count; c++) headerRow.Append(SheetParts.TextCell(BoardWorkbook.Reference(c, 2), header[c], Header));
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
                else if (cell.Text is { Length: > 0 } text) xrow.Append(SheetParts.TextCell(reference, text, cell.Style));
                // Nothing to show: a bordered cell without a value, which a formula or a filter reads as blank.
                else xrow.Append(new Cell { CellReference = reference, StyleIndex = cell.Style });
                widths[c] = Math.Max(widths[c], SheetParts.Width(cell.ToString()));
            }
            data.Append(xrow);
            r++;
        }
        data.Append(new Row(SheetParts.TextCell(BoardWorkbook.Reference(0, r + 1), note, 0)) { RowIndex = r + 1 });
        var view = new SheetView { WorkbookViewId = 0 };
        // Frozen: the title and header rows, and on 差距分析 the benchmark and indicator columns.
        view.Append(frozenColumns > 0
            ? new Pane { HorizontalSplit = frozenColumns, VerticalSplit = 2, TopLeftCell = BoardWorkbook.Reference(frozenColumns, 3), ActivePane = PaneValues.BottomRight, State = PaneStateValues.Frozen }
            : new Pane { VerticalSplit = 2, TopLeftCell = "A3", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen });
        view.Append(new Selection { Pane = frozenColumns > 0 ? PaneValues.BottomRight : PaneValues.BottomLeft });
        var columns = new Columns(widths.Select((w, i) => new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = Math.Min(w, 40), CustomWidth = true }));
        return new Worksheet(new SheetViews(view), new SheetFormatProperties { DefaultRowHeight = 16.5 }, columns, data);
    }



    private static Stylesheet Stylesheet()
    {
        return new Stylesheet(
            // 0.0: the report's one decimal, kept on whole figures (2.0, 0.0).
            new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "0.0" }) { Count = 1 },
            new Fonts(SheetParts.Song(false), SheetParts.Song(true), SheetParts.Song(true, 14)) { Count = 3 },
            SheetParts.Fills(),
            SheetParts.Borders(),
            new CellFormats(
                new CellFormat(),
                // Text: 1; one decimal 0.0: 2; header: 3; integers 0 (built-in 1): 4; values as entered (General): 5; title: 6.
                new CellFormat { BorderId = 1, ApplyBorder = true, Alignment = new Alignment { Vertical = VerticalAlignmentValues.Center, WrapText = true } },
                new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true, BorderId = 1, ApplyBorder = true },
                new CellFormat { FontId = 1, ApplyFont = true, FillId = 2, ApplyFill = true, BorderId = 1, ApplyBorder = true, Alignment = new Alignment { Horizontal = HorizontalAlignmentValues.Center, Vertical = VerticalAlignmentValues.Center, WrapText = true } },
                new CellFormat { NumberFormatId = 1, ApplyNumberFormat = true, BorderId = 1, ApplyBorder = true, Alignment = new Alignment { Horizontal = HorizontalAlignmentValues.Center } },
                new CellFormat { NumberFormatId = 0, BorderId = 1, ApplyBorder = true },
                new CellFormat { FontId = 2, ApplyFont = true })
            { Count = 7 });
    }
}
