using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Pacesetter.App.Exports;
using Pacesetter.App.Spreadsheets;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Surveys;
using Sheet = Pacesetter.App.Spreadsheets.Sheet;

namespace Pacesetter.App.Surveys;

/// <summary>
/// 纸质选票模板 (issue #12 §4): an .xlsx to type paper ballots into, one a row, and its reading back. The sheet 选票 has
/// the columns 群体, 评价人单位, then one per survey unit headed by the unit's name, with the keys in row 2 (<c>group</c>,
/// <c>rater</c>, the units' codes) as the data template has them (<see cref="DataImport.DataTemplate"/>); ballots from
/// row 3. A group is its id or name; a rater's unit (only in a group that excludes self-rating) its code or name; a
/// rating the option's id or name, blank for none. A sheet 填写说明 lists the options, groups and units.
/// <para>Every problem is said at its cell (<c>选票!C5</c>): a group the survey does not have, a rater's unit missing,
/// unknown or not wanted, a cell that holds a date, a truth value or an error, a column of a unit not on the survey.
/// A rating that names no option of the survey is not a problem: the ballot is counted invalid, as the paper was
/// (surveys.md §2, issue #12 §7).</para>
/// </summary>
public static class SurveyPaperSheet
{
    public const string SheetName = "选票";
    public const string InstructionsSheet = "填写说明";
    public const string GroupKey = "group", RaterKey = "rater";

    /// <summary>The rows of the template that offer the drop-down lists (ballots may go further down).</summary>
    public const int ListedRows = 2000;

    private const uint Header = 1, Key = 2, Input = 3;

    public static string FileName(StoredSurvey row) => ExportFile.Safe($"{row.Name}纸质选票录入模板") + ".xlsx";

    /// <summary>The template of <paramref name="survey"/>, its units named by <paramref name="unitNames"/> (code → name).</summary>
    public static ExportFile Template(StoredSurvey row, Survey survey, IReadOnlyDictionary<string, string> unitNames)
    {
        using var stream = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var book = doc.AddWorkbookPart();
            book.Workbook = new Workbook();
            book.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
            var sheets = book.Workbook.AppendChild(new Sheets());
            var ballots = book.AddNewPart<WorksheetPart>();
            ballots.Worksheet = BallotSheet(survey, unitNames);
            sheets.Append(new DocumentFormat.OpenXml.Spreadsheet.Sheet { Id = book.GetIdOfPart(ballots), SheetId = 1, Name = SheetName });
            var help = book.AddNewPart<WorksheetPart>();
            help.Worksheet = Instructions(row, survey, unitNames);
            sheets.Append(new DocumentFormat.OpenXml.Spreadsheet.Sheet { Id = book.GetIdOfPart(help), SheetId = 2, Name = InstructionsSheet });
            book.Workbook.Save();
        }
        return new ExportFile(FileName(row), ExportFile.Xlsx, stream.ToArray());
    }

    private static Worksheet BallotSheet(Survey survey, IReadOnlyDictionary<string, string> unitNames)
    {
        var header = new Row { RowIndex = 1 };
        var keys = new Row { RowIndex = 2 };
        header.Append(SheetParts.TextCell("A1", "群体", Header), SheetParts.TextCell("B1", "评价人单位", Header));
        keys.Append(SheetParts.TextCell("A2", GroupKey, Key), SheetParts.TextCell("B2", RaterKey, Key));
        var widths = new List<double> { Math.Max(12, survey.Groups.Max(g => SheetParts.Width(g.Name))), 14 };
        for (int u = 0; u < survey.Units.Count; u++)
        {
            var code = survey.Units[u];
            var name = unitNames.GetValueOrDefault(code, code);
            header.Append(SheetParts.TextCell(BoardWorkbook.Reference(u + 2, 1), name, Header));
            keys.Append(SheetParts.TextCell(BoardWorkbook.Reference(u + 2, 2), code, Key));
            widths.Add(Math.Min(20, Math.Max(8, SheetParts.Width(name) * 0.7)));
        }
        var view = new SheetView { WorkbookViewId = 0 };
        view.Append(new Pane { HorizontalSplit = 2, VerticalSplit = 2, TopLeftCell = "C3", ActivePane = PaneValues.BottomRight, State = PaneStateValues.Frozen });
        view.Append(new Selection { Pane = PaneValues.BottomRight, ActiveCell = "A3", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A3" } });
        // The input columns are text (an option id such as "1" stays as typed) with a border.
        var columns = new Columns(widths.Select((w, i) => new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = w, CustomWidth = true, Style = Input }));
        var worksheet = new Worksheet(new SheetViews(view), new SheetFormatProperties { DefaultRowHeight = 16.5 }, columns, new SheetData(header, keys));
        var validations = new DataValidations();
        void List(string range, IEnumerable<string> choices, string title)
        {
            var items = choices.ToList();
            var text = "\"" + string.Join(",", items) + "\"";
            // Excel takes a typed list of at most 255 characters without commas or quotes in its items.
            if (items.Count == 0 || text.Length > 255 || items.Any(x => x.Contains(',') || x.Contains('"'))) return;
            // A suggestion, not a rule: an id typed instead of a name is read too, and a rating off the list counts invalid.
            validations.Append(new DataValidation
            {
                Type = DataValidationValues.List,
                AllowBlank = true,
                ShowErrorMessage = false,
                ShowInputMessage = true,
                PromptTitle = title,
                Prompt = string.Join("、", items),
                SequenceOfReferences = new ListValue<StringValue> { InnerText = range },
                Formula1 = new Formula1(text),
            });
        }
        var last = (ListedRows + 2).ToString(CultureInfo.InvariantCulture);
        List($"A3:A{last}", survey.Groups.Select(g => g.Name), "评价群体");
        if (survey.Groups.Any(g => g.ExcludeSelf)) List($"B3:B{last}", survey.Units.Select(u => unitNames.GetValueOrDefault(u, u)), "评价人单位");
        var lastUnit = BoardWorkbook.Reference(survey.Units.Count + 1, 3)[..^1];
        List($"C3:{lastUnit}{last}", survey.Options.Select(o => o.Name), "选项");
        if (validations.HasChildren)
        {
            validations.Count = (uint)validations.ChildElements.Count;
            worksheet.Append(validations);
        }
        return worksheet;
    }

    private static Worksheet Instructions(StoredSurvey row, Survey survey, IReadOnlyDictionary<string, string> unitNames)
    {
        var lines = new List<(string Text, bool Bold)>
        {
            ($"{row.Name}（{row.Period}）纸质选票录入模板", true),
            ("1. 在“选票”工作表中每行录入一张纸质选票：“群体”填评价群体的名称或编号；不评本单位的群体须在“评价人单位”填写评价人所在单位（名称或编号），其他群体留空。", false),
            ("2. 每个单位一列（第 2 行是系统识别用的单位编号，请勿修改）：填选项名称或编号；空白表示未评价（弃权）。", false),
            (survey.Abstain ? "3. 本测评允许弃权：未评价的单位不计入。" : "3. 本测评不允许弃权：有单位未评价的选票为无效票。", false),
            ("4. 与纸质选票一致：选项不属于本测评、超过优秀名额、未评价任何单位的选票照常录入，计为无效票。", false),
            ("5. 填好后在测评的“录入纸质选票”页面上传本文件，先预览有效票和无效票张数，确认后一次录入；有任何问题时指出所在单元格（如 选票!C5），整个文件都不录入。", false),
            ("", false),
            ("选项（按优劣顺序）：", true),
        };
        foreach (var o in survey.Options)
        {
            lines.Add(($"{o.Id}　{o.Name}　{Numbers.Shortest(o.Points)} 分{(o.Satisfied ? "，计入满意" : "")}", false));
        }
        if (survey.TopLimit(survey.Units.Count) is { } limit)
        {
            lines.Add(($"优秀名额：每张选票评为“{survey.Options[0].Name}”的单位不超过 {Numbers.Shortest(survey.TopQuota!.Value * 100m)}%（{survey.Units.Count} 个单位时最多 {limit} 个）。", false));
        }
        lines.Add(("", false));
        lines.Add(("评价群体：", true));
        foreach (var g in survey.Groups)
        {
            lines.Add(($"{g.Id}　{g.Name}{(g.ExcludeSelf ? "（须填写评价人单位；不评本单位）" : "（评价人单位留空）")}", false));
        }
        lines.Add(("", false));
        lines.Add(("被测评单位（编号　名称）：", true));
        foreach (var u in survey.Units) lines.Add(($"{u}　{unitNames.GetValueOrDefault(u, u)}", false));
        var data = new SheetData();
        uint r = 1;
        foreach (var (text, bold) in lines)
        {
            var xrow = new Row { RowIndex = r };
            if (text.Length > 0) xrow.Append(SheetParts.TextCell("A" + r.ToString(CultureInfo.InvariantCulture), text, bold ? Header : 0));
            data.Append(xrow);
            r++;
        }
        return new Worksheet(new Columns(new Column { Min = 1, Max = 1, Width = 120, CustomWidth = true }), data);
    }

    private static Stylesheet Styles() => new(
        new Fonts(SheetParts.Song(false), SheetParts.Song(true), Gray()) { Count = 3 },
        SheetParts.Fills(),
        SheetParts.Borders(),
        new CellStyleFormats(new CellFormat()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { FontId = 1, ApplyFont = true, FillId = 2, ApplyFill = true, BorderId = 1, ApplyBorder = true, Alignment = new Alignment { Horizontal = HorizontalAlignmentValues.Center, Vertical = VerticalAlignmentValues.Center, WrapText = true } },
            new CellFormat { FontId = 2, ApplyFont = true, BorderId = 1, ApplyBorder = true, Alignment = new Alignment { Horizontal = HorizontalAlignmentValues.Center } },
            // Text (@): what is typed stays as typed.
            new CellFormat { NumberFormatId = 49, ApplyNumberFormat = true, BorderId = 1, ApplyBorder = true })
        { Count = 4 },
        new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });

    private static Font Gray()
    {
        var f = new Font();
        f.Append(new FontSize { Val = 8 }, new Color { Rgb = "FF808080" }, new FontName { Val = "宋体" }, new FontCharSet { Val = 134 });
        return f;
    }

    /// <summary>
    /// The ballots of a filled template (its sheet 选票, or the first sheet keyed <c>group</c> in A2), each with its row,
    /// and every problem at its cell. The caller enters nothing when there is any problem.
    /// </summary>
    public static (List<PaperBallot> Ballots, List<SheetProblem> Problems) Read(IReadOnlyList<Sheet> sheets, Survey survey, IReadOnlyDictionary<string, string> unitNames)
    {
        var ballots = new List<PaperBallot>();
        var problems = new List<SheetProblem>();
        var sheet = sheets.FirstOrDefault(s => s.Name == SheetName && IsTemplate(s)) ?? sheets.FirstOrDefault(IsTemplate);
        if (sheet is null)
        {
            problems.Add(new SheetProblem("", "", $"not the paper ballot template of this survey (row 2 of sheet {SheetName} holds group, rater and the units' codes): download the template on this page",
                $"不是本测评的纸质选票模板（“{SheetName}”工作表第 2 行应为 group、rater 和各单位编号）：请在本页下载模板"));
            return (ballots, problems);
        }
        void Add(string cell, string english, string chinese)
        {
            if (problems.Count < SurveyPaperLines.MaxProblems) problems.Add(new SheetProblem(sheet.Name, cell, english, chinese));
        }

        // Row 2 keys the unit columns by code.
        var columns = new List<(int Column, int Unit)>();
        var seen = new HashSet<int>();
        foreach (var cell in sheet.Rows.FirstOrDefault(r => r.Row == 2)?.Cells ?? [])
        {
            if (cell.Column <= 2) continue;
            var code = Text(cell);
            if (code.Length == 0) continue;
            var u = survey.UnitIndex(code);
            if (u < 0) Add(cell.Address, $"the column's unit \"{code}\" is not on the survey (download the template again)", $"该列的单位“{code}”不在本测评中（请重新下载模板）");
            else if (!seen.Add(u)) Add(cell.Address, $"the unit \"{code}\" has a column already", $"单位“{code}”的列重复");
            else columns.Add((cell.Column, u));
        }
        foreach (var missing in Enumerable.Range(0, survey.Units.Count).Where(u => !seen.Contains(u)).Take(5))
        {
            var code = survey.Units[missing];
            Add("", $"the survey's unit {unitNames.GetValueOrDefault(code, code)} ({code}) has no column (download the template again)", $"本测评的单位“{unitNames.GetValueOrDefault(code, code)}”（{code}）没有对应的列（请重新下载模板）");
        }
        if (problems.Count > 0) return (ballots, problems);

        var byName = survey.Units.GroupBy(u => unitNames.GetValueOrDefault(u, u), StringComparer.Ordinal).Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single(), StringComparer.Ordinal);
        var options = string.Join("、", survey.Options.Select(o => $"{o.Id} {o.Name}"));
        var optionsEn = string.Join(", ", survey.Options.Select(o => $"{o.Id} {o.Name}"));
        foreach (var row in sheet.Rows.Where(r => r.Row >= 3))
        {
            var groupCell = sheet.Cell(row.Row, 1);
            var raterCell = sheet.Cell(row.Row, 2);
            var cells = columns.Select(c => (c.Unit, Cell: sheet.Cell(row.Row, c.Column))).ToList();
            if (groupCell.Kind == CellKind.Empty && raterCell.Kind == CellKind.Empty && cells.All(c => c.Cell.Kind == CellKind.Empty)) continue;
            if (ballots.Count >= SurveyService.MaxPaperBallots)
            {
                Add(groupCell.Address, $"at most {SurveyService.MaxPaperBallots} ballots at once", $"一次最多录入 {SurveyService.MaxPaperBallots} 张选票");
                break;
            }
            int before = problems.Count;
            var groupText = Text(groupCell);
            SurveyGroup? group = survey.Groups.FirstOrDefault(g => g.Id == groupText) ?? survey.Groups.FirstOrDefault(g => g.Name == groupText);
            if (group is null)
            {
                var groups = string.Join("、", survey.Groups.Select(g => g.Name));
                if (groupText.Length == 0) Add(groupCell.Address, $"the group is missing ({string.Join(", ", survey.Groups.Select(g => g.Name))})", $"缺少评价群体（{groups}）");
                else Add(groupCell.Address, $"\"{groupText}\" is not a group of the survey ({string.Join(", ", survey.Groups.Select(g => g.Name))})", $"“{groupText}”不是本测评的评价群体（{groups}）");
            }
            string? rater = null;
            var raterText = Text(raterCell);
            if (group is { ExcludeSelf: true })
            {
                rater = survey.UnitIndex(raterText) >= 0 ? raterText : byName.GetValueOrDefault(raterText);
                if (raterText.Length == 0) Add(raterCell.Address, $"the rater's unit is required: \"{group.Name}\" does not rate its own unit", $"须填写评价人单位：“{group.Name}”不评本单位");
                else if (rater is null) Add(raterCell.Address, $"\"{raterText}\" is not a unit of the survey (its name or code)", $"“{raterText}”不是本测评的单位（名称或编号）");
            }
            else if (group is not null && raterText.Length > 0)
            {
                Add(raterCell.Address, $"\"{group.Name}\" names no rater's unit: leave the cell blank", $"“{group.Name}”不记评价人单位：请留空");
            }
            var ratings = new List<KeyValuePair<string, string>>();
            foreach (var (unit, cell) in cells)
            {
                if (cell.Kind == CellKind.Empty) continue;
                if (cell.Kind is not (CellKind.Text or CellKind.Number))
                {
                    var what = cell.Kind switch
                    {
                        CellKind.Date => ("a date", "日期"),
                        CellKind.Bool => ("a truth value", "逻辑值"),
                        CellKind.Error => ($"the error {cell.Text}", $"错误值 {cell.Text}"),
                        _ => ("a percent", "百分数"),
                    };
                    Add(cell.Address, $"an option's id or name is expected ({optionsEn}), not {what.Item1}", $"应填选项编号或名称（{options}），而不是{what.Item2}");
                    continue;
                }
                var text = Text(cell);
                if (text.Length == 0 || SurveyPaperLines.IsAbstention(text)) continue;
                var option = survey.Options.FirstOrDefault(o => o.Id == text) ?? survey.Options.FirstOrDefault(o => o.Name == text);
                if (option is null && text.Length > SurveyReader.MaxId)
                {
                    Add(cell.Address, $"an option's id or name is expected ({optionsEn})", $"应填选项编号或名称（{options}）");
                    continue;
                }
                // An option the survey does not have stays as written: the ballot is counted invalid.
                ratings.Add(new(survey.Units[unit], option?.Id ?? text));
            }
            if (problems.Count > before || group is null) continue;
            ballots.Add(new PaperBallot(row.Row, new Ballot(group.Id, rater, ratings)));
        }
        return (ballots, problems);
    }

    /// <summary>Whether the sheet is keyed as the template: <c>group</c> in A2 and <c>rater</c> in B2.</summary>
    public static bool IsTemplate(Sheet sheet) => Text(sheet.Cell(2, 1)) == GroupKey && Text(sheet.Cell(2, 2)) == RaterKey;

    /// <summary>A cell's text as typed: text trimmed, a number in its invariant form.</summary>
    private static string Text(SheetCell cell) => cell.Kind == CellKind.Empty ? "" : (cell.Text ?? "").Trim();
}
