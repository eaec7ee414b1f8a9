using System.Globalization;

namespace Pacesetter.App.Spreadsheets;

/// <summary>
/// The reader's refusals, each with what to do about it: offices hold these files in Excel, so the advice is Excel's
/// (save as .xlsx, open and save again), in the words of a Chinese Excel's menus.
/// </summary>
public static class SheetProblems
{
    private const string Whole = "";

    public static readonly SheetProblem Empty = new(Whole, Whole, "the file is empty", "文件为空");

    public static readonly SheetProblem OldExcel = new(Whole, Whole,
        "this is an old Excel workbook (.xls) or one protected by a password: open it in Excel and save it as an Excel workbook (.xlsx) without a password",
        "这是旧版 Excel 工作簿（.xls）或设有密码的工作簿：请在 Excel 中打开，另存为不设密码的“Excel 工作簿（.xlsx）”后再导入");

    public static readonly SheetProblem Pdf = new(Whole, Whole,
        "this is a PDF file, not a spreadsheet: import the Excel workbook (.xlsx) or CSV file it was made from",
        "这是 PDF 文件，不是表格：请导入制作它的 Excel 工作簿（.xlsx）或 CSV 文件");

    public static readonly SheetProblem Word = new(Whole, Whole,
        "this is a Word document, not a spreadsheet: import an Excel workbook (.xlsx) or a CSV file",
        "这是 Word 文档，不是表格：请导入 Excel 工作簿（.xlsx）或 CSV 文件");

    public static readonly SheetProblem OpenDocument = new(Whole, Whole,
        "this is an OpenDocument spreadsheet (.ods): save it as an Excel workbook (.xlsx)",
        "这是 OpenDocument 表格（.ods）：请另存为“Excel 工作簿（.xlsx）”后再导入");

    public static readonly SheetProblem NotSpreadsheet = new(Whole, Whole,
        "the file is not an Excel workbook (.xlsx) or a CSV file (told by its content)",
        "文件不是 Excel 工作簿（.xlsx）或 CSV 文件（按文件内容识别）");

    public static readonly SheetProblem Damaged = new(Whole, Whole,
        "the workbook is damaged and cannot be read: open it in Excel and save it again",
        "工作簿已损坏，无法读取：请在 Excel 中打开并重新保存后再导入");

    public static readonly SheetProblem NoSheets = new(Whole, Whole, "the workbook has no worksheet", "工作簿中没有工作表");

    public static readonly SheetProblem NotText = new(Whole, Whole,
        "the CSV file is not text in UTF-8 or GB18030: save it from Excel as “CSV UTF-8 (Comma delimited)”",
        "CSV 文件不是 UTF-8 或 GB18030 编码的文本：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再导入");

    public static readonly SheetProblem Utf16 = new(Whole, Whole,
        "the file is Unicode (UTF-16) text: save it from Excel as “CSV UTF-8 (Comma delimited)”",
        "文件是 Unicode（UTF-16）文本：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再导入");

    public static SheetProblem TooLarge(long limit) =>
        new(Whole, Whole, $"the file is larger than {Size(limit, false)}", $"文件超过 {Size(limit, true)}");

    public static SheetProblem TooManyEntries(int limit) =>
        new(Whole, Whole, $"the workbook (a ZIP package) holds more than {N(limit)} entries", $"工作簿（ZIP 压缩包）包含的条目超过 {N(limit)} 个");

    public static SheetProblem ExpandsTooMuch(long limit) =>
        new(Whole, Whole, $"the workbook unpacks to more than {Size(limit, false)}", $"工作簿解压后超过 {Size(limit, true)}");

    public static SheetProblem UnsafeEntry(string name) =>
        new(Whole, Whole, $"the workbook holds an entry with an unsafe name ({NumberText.Shown(name)})", $"工作簿包含名称不安全的条目（{NumberText.Shown(name)}）");

    public static SheetProblem TooManySheets(int limit) =>
        new(Whole, Whole, $"the workbook has more than {N(limit)} worksheets", $"工作簿的工作表超过 {N(limit)} 个");

    public static SheetProblem TooManyCells(int limit) =>
        new(Whole, Whole, $"the file holds more than {N(limit)} cells with a value", $"文件中有值的单元格超过 {N(limit)} 个");

    public static SheetProblem TooManyProblems(int limit) =>
        new(Whole, Whole, $"more than {N(limit)} problems; the rest are not listed", $"问题超过 {N(limit)} 个，其余未列出");

    public static SheetProblem RowBeyond(string sheet, string cell, int limit) =>
        new(sheet, cell, $"a value beyond row {N(limit)}, the last one read", $"数据超出了可读取的最后一行（第 {N(limit)} 行）");

    public static SheetProblem ColumnBeyond(string sheet, string cell, int limit) =>
        new(sheet, cell, $"a value beyond column {CellAddress.ColumnName(limit)} ({N(limit)}), the last one read",
            $"数据超出了可读取的最后一列（{CellAddress.ColumnName(limit)} 列，第 {N(limit)} 列）");

    public static SheetProblem TextTooLong(string sheet, string cell, int limit) =>
        new(sheet, cell, $"the text is longer than {N(limit)} characters", $"文字超过 {N(limit)} 个字符");

    public static SheetProblem FormulaWithoutValue(string sheet, string cell) =>
        new(sheet, cell, "the formula has no calculated value: open the file in Excel and save it before importing",
            "公式没有计算结果，请在 Excel 中打开并保存后再导入");

    public static SheetProblem NumberOutOfRange(string sheet, string cell, string text) =>
        new(sheet, cell, $"the number {NumberText.Shown(text)} is out of range", $"数值 {NumberText.Shown(text)} 超出范围");

    public static SheetProblem BadCell(string sheet, string cell) =>
        new(sheet, cell, "the cell's content is damaged: open the file in Excel and save it again", "单元格内容已损坏：请在 Excel 中打开并重新保存后再导入");

    public static SheetProblem UnclosedQuote(string sheet, string cell) =>
        new(sheet, cell, "the quoted text is not closed (a \" is missing)", "引号中的文字没有结束（缺少一个 \"）");

    public static SheetProblem TextAfterQuote(string sheet, string cell) =>
        new(sheet, cell, "after a quoted text comes a comma or the end of the line, not more text (write a quote inside quotes as \"\")",
            "引号中的文字结束后应紧跟逗号或换行（引号内的引号应写成 \"\"）");

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A limit in MB when it is a whole number of them (the usual case), in bytes otherwise.</summary>
    private static string Size(long bytes, bool chinese) =>
        bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 ? $"{N(bytes / (1024 * 1024))} MB" : chinese ? $"{N(bytes)} 字节" : $"{N(bytes)} bytes";
}
