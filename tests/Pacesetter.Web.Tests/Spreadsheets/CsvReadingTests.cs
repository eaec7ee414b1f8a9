using System.Text;
using System.Text.Json;
using Pacesetter.App.Spreadsheets;
using static Pacesetter.Web.Tests.Spreadsheets.SheetFiles;

namespace Pacesetter.Web.Tests.Spreadsheets;

/// <summary>CSV files as Excel and people write them: UTF-8 with and without BOM, GB18030, RFC 4180 quoting.</summary>
public class CsvReadingTests
{
    /// <summary>Three records (CRLF), a comma and doubled quotes in a quoted field, a line break inside quotes, full-width digits.</summary>
    private const string Units = "单位,产值,备注\r\n城关镇,1234.5,\"含逗号,和\"\"引号\"\"\"\r\n\"新区街道\",\"１，２３４\",\"两行\n说明\"\r\n";

    [Theory]
    [InlineData("utf-8")]
    [InlineData("utf-8-sig")]
    [InlineData("gb18030")]
    public async Task Csv_in_each_encoding_Excel_writes_reads_the_same_cells(string encoding)
    {
        using var files = new SheetFiles();
        var path = files.PathOf("镇街数据.csv");
        // Python writes the bytes: utf-8-sig is UTF-8 with the byte order mark Excel's "CSV UTF-8" writes.
        await Pacesetter.Web.Tests.Exports.Office.PythonAsync(
            "import json, sys; open(sys.argv[1], 'wb').write(json.loads(sys.argv[2]).encode(sys.argv[3]))", path, JsonSerializer.Serialize(Units), encoding);
        var start = encoding switch { "utf-8" => "e58d95", "utf-8-sig" => "efbbbfe58d95", _ => "b5a5" }; // 单 in UTF-8, after a BOM, in GB18030
        Assert.StartsWith(start, Convert.ToHexStringLower(await File.ReadAllBytesAsync(path)));

        var result = Read(path);

        Assert.Empty(result.Problems);
        var sheet = Assert.Single(result.Sheets);
        Assert.Equal("镇街数据", sheet.Name);
        Assert.Equal([1, 2, 3], sheet.Rows.Select(r => r.Row));
        AssertCell(sheet, "A1", CellKind.Text, "单位", null);
        AssertCell(sheet, "B2", CellKind.Text, "1234.5", null);
        AssertCell(sheet, "C2", CellKind.Text, "含逗号,和\"引号\"", null);
        AssertCell(sheet, "A3", CellKind.Text, "新区街道", null);
        AssertCell(sheet, "C3", CellKind.Text, "两行\n说明", null);
        Assert.Equal(new ParsedNumber(1234m, false), sheet.Cell("B3").ToNumber()); // １，２３４
        Assert.Equal(new ParsedNumber(1234.5m, false), sheet.Cell("B2").ToNumber());
    }

    [Fact]
    public void Lf_line_ends_blank_lines_and_empty_fields_keep_Excel_row_and_column_numbers()
    {
        var result = SpreadsheetReader.Read("a,,c\n\n,d,\ne"u8.ToArray(), "x.csv");

        var sheet = Assert.Single(result.Sheets);
        Assert.Equal([(1, "A1"), (1, "C1"), (3, "B3"), (4, "A4")], sheet.Rows.SelectMany(r => r.Cells).Select(c => (c.Row, c.Address)));
        AssertCell(sheet, "B3", CellKind.Text, "d", null);
        AssertCell(sheet, "B1", CellKind.Empty, null, null);
    }

    [Fact]
    public void Unclosed_quote_is_a_problem_at_the_cell_it_opens()
    {
        var result = SpreadsheetReader.Read("a,b\nc,\"d,e\nf\n"u8.ToArray(), "镇街.csv");

        var problem = Assert.Single(result.Problems);
        Assert.Equal(("镇街!B2", "引号中的文字没有结束（缺少一个 \"）"), (problem.Where, problem.Chinese));
    }

    [Fact]
    public void Text_after_a_closing_quote_is_a_problem_at_its_cell()
    {
        var result = SpreadsheetReader.Read("\"ab\"c,d\n"u8.ToArray(), "镇街.csv");

        var problem = Assert.Single(result.Problems);
        Assert.Equal(("镇街!A1", "引号中的文字结束后应紧跟逗号或换行（引号内的引号应写成 \"\"）"), (problem.Where, problem.Chinese));
    }

    [Fact]
    public void Value_beyond_the_column_limit_is_refused_at_its_cell()
    {
        var result = SpreadsheetReader.Read("a,b,c\n"u8.ToArray(), "镇街.csv", SpreadsheetLimits.Default with { MaxColumns = 2 });

        var problem = Assert.Single(result.Problems);
        Assert.Equal(("镇街!C1", "数据超出了可读取的最后一列（B 列，第 2 列）"), (problem.Where, problem.Chinese));
    }

    [Fact]
    public void Cells_past_the_cell_limit_refuse_the_file()
    {
        var result = SpreadsheetReader.Read("a,b\nc,d\n"u8.ToArray(), "镇街.csv", SpreadsheetLimits.Default with { MaxCells = 3 });

        var problem = Assert.Single(result.Problems);
        Assert.Equal(("", "文件中有值的单元格超过 3 个"), (problem.Where, problem.Chinese));
    }

    [Fact]
    public void Binary_file_named_csv_is_refused_as_not_text()
    {
        AssertRefused(SpreadsheetReader.Read(new byte[] { 0x61, 0x2C, 0x00, 0x62 }, "x.csv"),
            "CSV 文件不是 UTF-8 或 GB18030 编码的文本：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再导入");
        AssertRefused(SpreadsheetReader.Read(new byte[] { 0x61, 0xFF, 0x62 }, "x.csv"), // 0xFF begins no character in either
            "CSV 文件不是 UTF-8 或 GB18030 编码的文本：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再导入");
    }

    [Fact]
    public void Utf16_text_is_refused_with_save_as_csv_utf8()
    {
        var utf16 = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("a,b\n")).ToArray();

        AssertRefused(SpreadsheetReader.Read(utf16, "x.csv"), "文件是 Unicode（UTF-16）文本：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再导入");
    }

    [Fact]
    public void Text_not_named_csv_is_refused()
    {
        AssertRefused(SpreadsheetReader.Read("a,b\n"u8.ToArray(), "units.xlsx"), "文件不是 Excel 工作簿（.xlsx）或 CSV 文件（按文件内容识别）");
    }
}
