using Pacesetter.App.Spreadsheets;
using static Pacesetter.Web.Tests.Spreadsheets.SheetFiles;

namespace Pacesetter.Web.Tests.Spreadsheets;

/// <summary>Workbooks written by openpyxl, LibreOffice and Python's zipfile (workbook.py, package.py), read cell by cell.</summary>
public class XlsxReadingTests
{
    [Fact]
    public async Task Openpyxl_workbook_reads_text_numbers_percents_dates_booleans_merged_ranges_and_Chinese_sheet_names()
    {
        using var files = new SheetFiles();
        var path = files.PathOf("units.xlsx");
        await PythonAsync("workbook.py", path, "0");

        var result = Read(path);

        Assert.Empty(result.Problems);
        Assert.Equal(["镇街", "说明"], result.Sheets.Select(s => s.Name));
        var sheet = result.Sheets[0];
        Assert.Equal([1, 2, 3, 5], sheet.Rows.Select(r => r.Row)); // row 4 is blank
        Assert.Equal(["A5:B5"], sheet.MergedRanges);
        AssertCell(sheet, "A1", CellKind.Text, "单位", null);
        AssertCell(sheet, "A2", CellKind.Text, "城关镇", null);
        AssertCell(sheet, "B2", CellKind.Number, "1234.5", 1234.5m);
        AssertCell(sheet, "B3", CellKind.Number, "-7", -7m);
        AssertCell(sheet, "C2", CellKind.Percent, "0.125", 0.125m);  // 0.0% shows 12.5%
        AssertCell(sheet, "G2", CellKind.Percent, "0.5", 0.5m);      // 0%
        AssertCell(sheet, "D2", CellKind.Date, "2026-03-31", 46112m); // yyyy"年"m"月"d"日": 2026-01-01 is 46023, + 89 days
        AssertCell(sheet, "D3", CellKind.Date, "1999-12-31", 36525m);
        Assert.Equal((CellKind.Date, "2026-03-31T08:30:00"), (sheet.Cell("E2").Kind, sheet.Cell("E2").Text)); // 46112 + 8.5/24
        Assert.Equal((CellKind.Date, "2026-01-01T00:00:01"), (sheet.Cell("E3").Kind, sheet.Cell("E3").Text));
        AssertCell(sheet, "H2", CellKind.Number, "1.5", 1.5m);       // [h]:mm counts hours: a duration, not a date
        AssertCell(sheet, "F2", CellKind.Bool, "TRUE", 1m);
        AssertCell(sheet, "F3", CellKind.Bool, "FALSE", 0m);
        AssertCell(sheet, "A5", CellKind.Text, "合计", null);
        AssertCell(sheet, "B5", CellKind.Empty, null, null);         // the merged range's other cell holds nothing
        AssertCell(result.Sheets[1], "A1", CellKind.Text, "本表由 openpyxl 写成", null);
        Assert.Equal(21, sheet.Rows.Sum(r => r.Cells.Count));         // 6 + 8 + 6 + 1
    }

    [Fact]
    public async Task Formulas_without_a_calculated_value_are_problems_at_their_cells()
    {
        using var files = new SheetFiles();
        var path = files.PathOf("formulas.xlsx");
        await PythonAsync("workbook.py", path, "1"); // openpyxl writes =B2*2 and the others with an empty <v>

        var result = Read(path);

        Assert.Equal(["镇街!B4", "镇街!C4", "镇街!D4", "镇街!E4"], result.Problems.Select(p => p.Where));
        Assert.All(result.Problems, p => Assert.Equal("公式没有计算结果，请在 Excel 中打开并保存后再导入", p.Chinese));
        Assert.Equal("镇街!B4: 公式没有计算结果，请在 Excel 中打开并保存后再导入", result.Problems[0].Line(Pacesetter.Scoring.Language.Chinese));
        Assert.False(result.IsValid);
        Assert.DoesNotContain(result.Sheets[0].Rows, r => r.Row == 4);
    }

    [Fact]
    public async Task LibreOffice_recalculated_workbook_gives_cached_formula_values_errors_and_shared_strings()
    {
        using var files = new SheetFiles();
        var path = files.PathOf("formulas.xlsx");
        await PythonAsync("workbook.py", path, "1");
        // LibreOffice calculates the formulas openpyxl left without a value when it loads the file, and writes their results.
        var converted = await files.ConvertAsync(path, "xlsx");

        var result = Read(converted);

        Assert.Empty(result.Problems);
        var sheet = result.Sheets[0];
        AssertCell(sheet, "B4", CellKind.Number, "2469", 2469m, formula: true); // =B2*2 = 1234.5 × 2
        AssertCell(sheet, "C4", CellKind.Error, "#DIV/0!", null, formula: true);
        AssertCell(sheet, "D4", CellKind.Error, "#N/A", null, formula: true);
        AssertCell(sheet, "E4", CellKind.Text, "城关镇（镇）", null, formula: true);
        AssertCell(sheet, "F2", CellKind.Bool, "TRUE", 1m, formula: true); // LibreOffice writes a boolean as the formula TRUE()
        AssertCell(sheet, "A2", CellKind.Text, "城关镇", null);            // a shared string, as LibreOffice writes text
        AssertCell(sheet, "C2", CellKind.Percent, "0.125", 0.125m);
        AssertCell(sheet, "D2", CellKind.Date, "2026-03-31", 46112m);     // LibreOffice's code YYYY"年"M"月"D"日"
        AssertCell(sheet, "H2", CellKind.Number, "1.5", 1.5m);
        Assert.Equal(["A5:B5"], sheet.MergedRanges);
        Assert.Equal(["镇街", "说明"], result.Sheets.Select(s => s.Name));
    }

    [Fact]
    public async Task Hand_written_package_reads_rich_text_inline_strings_built_in_formats_and_the_1904_date_system()
    {
        using var files = new SheetFiles();
        var path = files.PathOf("package.xlsx");
        await PythonAsync("package.py", path);

        var result = Read(path);

        Assert.Equal([("隐藏", true), ("指标", false)], result.Sheets.Select(s => (s.Name, s.Hidden)));
        var problem = Assert.Single(result.Problems);
        Assert.Equal(("指标!A3", "公式没有计算结果，请在 Excel 中打开并保存后再导入"), (problem.Where, problem.Chinese)); // type str, no <v>
        var sheet = result.Sheets[1];
        Assert.Equal(["A1:B1", "C5:C6"], sheet.MergedRanges);
        AssertCell(sheet, "A1", CellKind.Text, "城关镇", null);
        AssertCell(sheet, "B1", CellKind.Text, "新区街道", null);           // two runs joined, the phonetic guide left out
        AssertCell(sheet, "C1", CellKind.Text, "甲乙", null);               // an inline string of two runs
        AssertCell(sheet, "A2", CellKind.Percent, "0.125", 0.125m);         // built-in 10, 0.00%
        AssertCell(sheet, "B2", CellKind.Date, "1904-01-01", 0m);           // built-in 14; day 0 of the 1904 system
        AssertCell(sheet, "C2", CellKind.Date, "2026-03-31", 44650m);       // built-in 31 (Chinese yyyy年m月d日): 46112 − 1,462 days between the systems
        AssertCell(sheet, "D2", CellKind.Number, "12.5", 12.5m);            // 0.0"%": the sign is quoted, the number not scaled
        AssertCell(sheet, "E2", CellKind.Error, "#DIV/0!", null, formula: true);
        AssertCell(sheet, "B3", CellKind.Empty, null, null);                // a formula whose result is ""
        AssertCell(sheet, "C3", CellKind.Text, " 前后空格 ", null);          // xml:space="preserve" kept
        AssertCell(sheet, "D3", CellKind.Bool, "FALSE", 0m);
        AssertCell(sheet, "E3", CellKind.Empty, null, null);                // styled, no value
        AssertCell(sheet, "A4", CellKind.Number, "7", 7m);                  // a row and cells without their r attribute
        AssertCell(sheet, "B4", CellKind.Number, "8", 8m);
    }

    [Fact]
    public async Task First_sheet_only_reads_the_first_visible_worksheet()
    {
        using var files = new SheetFiles();
        var path = files.PathOf("package.xlsx");
        await PythonAsync("package.py", path);

        var result = Read(path, firstSheetOnly: true);

        Assert.Equal(["指标"], result.Sheets.Select(s => s.Name)); // 隐藏, first in the tabs, is hidden
    }

    [Fact]
    public async Task LibreOffice_converted_csv_names_its_sheet_after_the_file_and_calculates_its_formula()
    {
        using var files = new SheetFiles();
        var csv = files.PathOf("镇街.csv");
        await File.WriteAllTextAsync(csv, "单位,产值,翻倍\n城关镇,1234.5,=B2*2\n\"新区,街道\",\"8\",\n");
        var converted = await files.ConvertAsync(csv, "xlsx", inputFilter: "CSV:44,34,76,1"); // comma, quote, UTF-8, from line 1

        var result = Read(converted);

        Assert.Empty(result.Problems);
        var sheet = Assert.Single(result.Sheets);
        Assert.Equal("镇街", sheet.Name);
        AssertCell(sheet, "A1", CellKind.Text, "单位", null);
        AssertCell(sheet, "B2", CellKind.Number, "1234.5", 1234.5m);
        AssertCell(sheet, "C2", CellKind.Number, "2469", 2469m, formula: true);
        AssertCell(sheet, "A3", CellKind.Text, "新区,街道", null);
        AssertCell(sheet, "B3", CellKind.Number, "8", 8m);
        Assert.Equal(8, sheet.Rows.Sum(r => r.Cells.Count));
    }

    [Fact]
    public async Task Value_beyond_the_row_limit_stops_the_sheet_at_its_cell()
    {
        using var files = new SheetFiles();
        var path = files.PathOf("units.xlsx");
        await PythonAsync("workbook.py", path, "0");

        var result = Read(path, SpreadsheetLimits.Default with { MaxRows = 2 });

        var problem = Assert.Single(result.Problems);
        Assert.Equal(("镇街!A3", "数据超出了可读取的最后一行（第 2 行）"), (problem.Where, problem.Chinese));
    }

    [Fact]
    public async Task Cells_past_the_cell_limit_refuse_the_file()
    {
        using var files = new SheetFiles();
        var path = files.PathOf("units.xlsx");
        await PythonAsync("workbook.py", path, "0");

        var result = Read(path, SpreadsheetLimits.Default with { MaxCells = 21 }); // 镇街 holds 21, 说明 one more: counted over the sheets

        var problem = Assert.Single(result.Problems);
        Assert.Equal(("", "文件中有值的单元格超过 21 个"), (problem.Where, problem.Chinese));
    }
}
