using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Pacesetter.App.Exports;
using Pacesetter.App.Schemes;

namespace Pacesetter.App.DataImport;

/// <summary>
/// 数据填报模板 (issue #11 §3): an .xlsx made from the period's scheme for who downloads it — one sheet per category
/// (named as the category) with the units as rows (code and name) and a column per datum field headed in Chinese
/// (<see cref="TemplateColumns"/>), the fields' keys in row 2, input from row 3; drop-downs for grades and award
/// levels; the unit and header cells locked (the sheet protected without a password, the input cells unlocked), a
/// cell the downloader does not enter grey and locked — and a sheet 填报说明 last. Blank cells change nothing on import.
/// </summary>
public static class DataTemplate
{
    /// <summary>The marker in A2 by which an import knows the template's sheets.</summary>
    public const string KeyMarker = "unit";

    public const string InstructionsSheet = "填报说明";

    private const uint Header = 1, KeyRow = 2, Unit = 3, Input = 4, Closed = 5;

    public static string FileName(string period) => ExportFile.Safe($"{PeriodNames.Words(period)}数据填报模板") + ".xlsx";

    /// <param name="writes">Whether the downloader enters this unit's datum of this indicator (else the cell is grey and locked).</param>
    public static ExportFile Build(string organization, string period, IReadOnlyList<TemplateSheet> sheets, Func<string, Scoring.Schemes.Indicator, bool> writes)
    {
        using var stream = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var book = doc.AddWorkbookPart();
            book.Workbook = new Workbook();
            book.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
            var list = book.Workbook.AppendChild(new Sheets());
            uint id = 1;
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            void Add(string name, Worksheet worksheet)
            {
                var part = book.AddNewPart<WorksheetPart>();
                part.Worksheet = worksheet;
                list.Append(new Sheet { Id = book.GetIdOfPart(part), SheetId = id++, Name = name });
            }
            foreach (var s in sheets) Add(SheetName(s.Category.Name, s.Category.Id, names), CategorySheet(s, writes));
            Add(InstructionsSheet, Instructions(organization, period, sheets));
            book.Workbook.Save();
        }
        return new ExportFile(FileName(period), ExportFile.Xlsx, stream.ToArray());
    }

    /// <summary>A sheet's name as Excel takes it: at most 31 characters, none of <c>[]:*?/\</c>, unique.</summary>
    public static string SheetName(string name, string id, ISet<string> taken)
    {
        var clean = new string([.. name.Select(ch => "[]:*?/\\".Contains(ch) ? '_' : ch)]).Trim('\'');
        if (clean.Length == 0) clean = id;
        if (clean.Length > 31) clean = clean[..31];
        var candidate = clean;
        for (var n = 2; !taken.Add(candidate) || candidate.Equals(InstructionsSheet, StringComparison.OrdinalIgnoreCase); n++)
        {
            var suffix = "_" + n;
            candidate = clean[..Math.Min(clean.Length, 31 - suffix.Length)] + suffix;
        }
        return candidate;
    }

    private static Worksheet CategorySheet(TemplateSheet s, Func<string, Scoring.Schemes.Indicator, bool> writes)
    {
        var data = new SheetData();
        var header = new Row { RowIndex = 1 };
        var keys = new Row { RowIndex = 2 };
        header.Append(SheetParts.TextCell("A1", "单位编号", Header), SheetParts.TextCell("B1", "单位名称", Header));
        keys.Append(SheetParts.TextCell("A2", KeyMarker, KeyRow), SheetParts.TextCell("B2", "name", KeyRow));
        var widths = new List<double> { 10, 16 };
        for (int c = 0; c < s.Columns.Count; c++)
        {
            header.Append(SheetParts.TextCell(BoardWorkbook.Reference(c + 2, 1), s.Columns[c].Header, Header));
            keys.Append(SheetParts.TextCell(BoardWorkbook.Reference(c + 2, 2), s.Columns[c].Key, KeyRow));
            widths.Add(Math.Min(30, Math.Max(12, SheetParts.Width(s.Columns[c].Header) * 0.7)));
        }
        data.Append(header, keys);
        uint r = 3;
        foreach (var (unit, name) in s.Units)
        {
            var row = new Row { RowIndex = r };
            row.Append(SheetParts.TextCell("A" + r, unit, Unit), SheetParts.TextCell("B" + r, name, Unit));
            widths[1] = Math.Max(widths[1], SheetParts.Width(name));
            for (int c = 0; c < s.Columns.Count; c++)
            {
                row.Append(new Cell { CellReference = BoardWorkbook.Reference(c + 2, r), StyleIndex = writes(unit, s.Columns[c].Indicator) ? Input : Closed });
            }
            data.Append(row);
            r++;
        }
        var last = r - 1;
        var view = new SheetView { WorkbookViewId = 0 };
        view.Append(new Pane { HorizontalSplit = 2, VerticalSplit = 2, TopLeftCell = "C3", ActivePane = PaneValues.BottomRight, State = PaneStateValues.Frozen });
        view.Append(new Selection { Pane = PaneValues.BottomRight, ActiveCell = "C3", SequenceOfReferences = new ListValue<StringValue> { InnerText = "C3" } });
        var worksheet = new Worksheet(new SheetViews(view), new SheetFormatProperties { DefaultRowHeight = 16.5 },
            new Columns(widths.Select((w, i) => new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = w, CustomWidth = true })), data,
            // Protected without a password: the headers, keys and units stay as made; input cells are unlocked.
            new SheetProtection { Sheet = true, Objects = true, Scenarios = true, FormatColumns = false, FormatRows = false, FormatCells = false, SelectLockedCells = false, SelectUnlockedCells = false });
        var validations = new DataValidations();
        for (int c = 0; c < s.Columns.Count; c++)
        {
            var col = s.Columns[c];
            IReadOnlyList<string> choices = col.Field == "grade" ? col.Shape.Grades : col.Field.StartsWith("level", StringComparison.Ordinal) ? col.Shape.Levels : [];
            var listText = "\"" + string.Join(",", choices) + "\"";
            // Excel takes a typed list of at most 255 characters without commas or quotes in its items.
            if (choices.Count == 0 || listText.Length > 255 || choices.Any(x => x.Contains(',') || x.Contains('"')) || last < 3) continue;
            var letter = BoardWorkbook.Reference(c + 2, 3)[..^1];
            validations.Append(new DataValidation
            {
                Type = DataValidationValues.List,
                AllowBlank = true,
                ShowErrorMessage = true,
                ErrorTitle = "请从列表中选择",
                Error = "请选择：" + string.Join("、", choices),
                SequenceOfReferences = new ListValue<StringValue> { InnerText = $"{letter}3:{letter}{last}" },
                Formula1 = new Formula1(listText),
            });
        }
        if (validations.HasChildren)
        {
            validations.Count = (uint)validations.ChildElements.Count;
            worksheet.Append(validations);
        }
        return worksheet;
    }

    private static Worksheet Instructions(string organization, string period, IReadOnlyList<TemplateSheet> sheets)
    {
        string[] lines =
        [
            $"{organization} {PeriodNames.Words(period)} 数据填报模板",
            "1. 每个考核类别一张工作表：每行一个单位，每列一项指标的一个数据（列名写明“完成值、目标值、上期值、等次、次数”等）。",
            "2. 只填写白色单元格；灰色单元格不是您填报的数据，单位编号、单位名称和前两行已锁定，请勿修改（第 2 行是系统识别各列用的标识）。",
            "3. 数字可带千位分隔符或写成全角；百分比单元格按显示的数值读取（如 12.5% 读作 12.5）；公式读取其计算结果。",
            "4. 等次、获奖级别请从下拉列表中选择；空白单元格表示不修改该数据。",
            "5. 填好后在“数据填报”页选择“从表格导入”上传本文件，或用接口 POST /api/orgs/{组织}/periods/{考核期}/data/import。导入时先列出将要变动的数据供确认；有任何问题时指出所在单元格（如 镇街!D7），整个文件都不导入。",
            "6. 也可上传每行一个数据的简表（.xlsx 第一张工作表或 .csv），表头为 单位,指标,值,目标,上期（或 unit,indicator,value,target,previous）。",
            $"本模板含 {sheets.Count} 张考核类别工作表、{sheets.Sum(s => s.Units.Count)} 个单位。",
        ];
        var data = new SheetData();
        uint r = 1;
        foreach (var line in lines) data.Append(new Row(SheetParts.TextCell("A" + r, line, r == 1 ? Header : 0)) { RowIndex = r++ });
        return new Worksheet(new Columns(new Column { Min = 1, Max = 1, Width = 120, CustomWidth = true }), data);
    }

    private static Stylesheet Styles() => new(
        new Fonts(SheetParts.Song(false), SheetParts.Song(true), Gray()) { Count = 3 },
        new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFE7ECF3" }) { PatternType = PatternValues.Solid }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFD9D9D9" }) { PatternType = PatternValues.Solid }))
        { Count = 4 },
        SheetParts.Borders(),
        // The Normal cell style (openpyxl warns of a workbook without one; Excel adds it on saving).
        new CellStyleFormats(new CellFormat()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            // Header: bold on the header fill, wrapped; key row: small grey; unit: bordered text; input: unlocked; closed: grey, locked.
            new CellFormat { FontId = 1, ApplyFont = true, FillId = 2, ApplyFill = true, BorderId = 1, ApplyBorder = true, Alignment = new Alignment { Horizontal = HorizontalAlignmentValues.Center, Vertical = VerticalAlignmentValues.Center, WrapText = true } },
            new CellFormat { FontId = 2, ApplyFont = true, BorderId = 1, ApplyBorder = true },
            new CellFormat { BorderId = 1, ApplyBorder = true },
            new CellFormat { BorderId = 1, ApplyBorder = true, ApplyProtection = true, Protection = new Protection { Locked = false } },
            new CellFormat { FillId = 3, ApplyFill = true, BorderId = 1, ApplyBorder = true })
        { Count = 6 },
        new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });

    private static Font Gray()
    {
        var f = new Font();
        f.Append(new FontSize { Val = 8 }, new Color { Rgb = "FF808080" }, new FontName { Val = "宋体" }, new FontCharSet { Val = 134 });
        return f;
    }
}
