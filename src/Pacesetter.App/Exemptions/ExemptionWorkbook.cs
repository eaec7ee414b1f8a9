using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Pacesetter.App.Exports;

namespace Pacesetter.App.Exemptions;

/// <summary>
/// 容错免责登记表 the register as an .xlsx: one sheet 容错免责登记 with a row per application (newest first, as the page
/// lists them) under a title line (organization, year or 全部, time made in Beijing time): its number, period, unit, what
/// it applies for, reason, applicant and time, evidence files, state, what remains (a number, empty unless decided
/// granted or partial), document number, decision's reason, who decided and when, the scheme version it made. Times
/// are Beijing time; the header row and the number and unit columns are frozen.
/// </summary>
public static class ExemptionWorkbook
{
    public static readonly IReadOnlyList<string> Columns =
        ["编号", "考核期", "单位", "申请免责事项", "申请理由", "申请人", "申请时间", "佐证材料", "状态", "保留比例", "文号", "决定理由", "决定人", "决定时间", "方案版本"];

    /// <summary>The state in words: 待决定, 免责, 减责, 不予免责.</summary>
    public static string StateWord(ExemptionState state, bool chinese) => state switch
    {
        ExemptionState.Pending => chinese ? "待决定" : "Pending",
        ExemptionState.Granted => chinese ? "免责" : "Granted",
        ExemptionState.Partial => chinese ? "减责" : "Granted in part",
        _ => chinese ? "不予免责" : "Refused",
    };

    /// <summary>The file's name: 2026年容错免责登记.xlsx (全部 without a year).</summary>
    public static string FileName(int? year) => ExportFile.Safe(year is { } y ? $"{y}年容错免责登记" : "容错免责登记") + ".xlsx";

    public static ExportFile Build(IReadOnlyList<ExemptionView> register, string organization, int? year, DateTimeOffset generatedChinaTime)
    {
        var title = $"{organization}{(year is { } y ? y.ToString(CultureInfo.InvariantCulture) + "年" : "")}容错免责登记（生成时间 {BoardWorkbook.BeijingTime(generatedChinaTime)}）";
        var rows = register.Select(v =>
        {
            var e = v.Exemption;
            return (IReadOnlyList<ReportCell>)
            [
                new(null, e.Id, SheetParts.Whole),
                ReportCell.Of(e.Period),
                ReportCell.Of(v.UnitName),
                ReportCell.Of(v.What),
                ReportCell.Of(e.Reason),
                ReportCell.Of(e.AppliedBy),
                ReportCell.Of(BoardWorkbook.BeijingTime(e.AppliedAt.ToOffset(Time.WorkingDays.ChinaOffset))),
                ReportCell.Of(string.Join("、", v.Evidence.Select(x => x.FileName))),
                ReportCell.Of(StateWord(e.State, chinese: true)),
                new(null, e.Factor, SheetParts.Value),
                ReportCell.Of(e.Document),
                ReportCell.Of(e.DecisionReason),
                ReportCell.Of(e.DecidedBy),
                ReportCell.Of(e.DecidedAt is { } at ? BoardWorkbook.BeijingTime(at.ToOffset(Time.WorkingDays.ChinaOffset)) : null),
                new(null, e.SchemeVersion, SheetParts.Whole),
            ];
        });
        using var stream = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var book = doc.AddWorkbookPart();
            book.Workbook = new Workbook();
            book.AddNewPart<WorkbookStylesPart>().Stylesheet = SheetParts.TableStyles();
            var part = book.AddNewPart<WorksheetPart>();
            part.Worksheet = SheetParts.Table(title, Columns, rows, frozenColumns: 3,
                "说明：保留比例为决定后该项扣分保留的比例（0 为全部免除，0.5 为减半）；免责或减责决定形成考核方案的新版本（方案版本）；时间均为北京时间。");
            book.Workbook.AppendChild(new Sheets()).Append(new Sheet { Id = book.GetIdOfPart(part), SheetId = 1, Name = "容错免责登记" });
            book.Workbook.Save();
        }
        return new ExportFile(FileName(year), ExportFile.Xlsx, stream.ToArray());
    }
}
