using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Pacesetter.App.Exports;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Surveys;

namespace Pacesetter.App.Surveys;

/// <summary>
/// A survey's exports: the tally as .xlsx (one sheet 测评结果: a row per unit in the survey's order — its name and code,
/// score, satisfaction in percent, then each group's mean and count — under a title line with the survey, its ballots
/// and the time made in Beijing time) and the ballots as CSV (anonymous: group, rater where the group excludes
/// self-rating, then one column per survey unit holding the option's id, and a last column with what a paper ballot
/// held besides; fields as every CSV of the project, <see cref="BoardCsv.TextField"/>).
/// </summary>
public static class SurveyExports
{
    public static ExportFile Workbook(SurveyResult result, StoredSurvey row, IReadOnlyDictionary<string, string> unitNames, DateTimeOffset generatedChinaTime)
    {
        var survey = result.Survey;
        var header = new List<string> { "单位", "编号", "综合得分", "满意率（%）" };
        foreach (var g in survey.Groups)
        {
            header.Add($"{g.Name}平均分");
            header.Add($"{g.Name}计入票数");
        }
        var rows = result.Units.Select(u =>
        {
            var cells = new List<ReportCell>
            {
                ReportCell.Of(unitNames.GetValueOrDefault(u.Unit, u.Unit)),
                ReportCell.Of(u.Unit),
                new(null, u.Score, SheetParts.Value),
                new(null, u.Satisfaction, SheetParts.Value),
            };
            foreach (var m in u.Groups)
            {
                cells.Add(new(null, m.Mean, SheetParts.Value));
                cells.Add(new(null, m.Count, SheetParts.Whole));
            }
            return (IReadOnlyList<ReportCell>)cells;
        });
        var title = $"{row.Name}（{row.Period}）测评结果：收回 {result.Cast} 张，有效 {result.Valid} 张，无效 {result.Invalid} 张（{(row.State == SurveyState.Closed ? "已关闭" : "进行中")}，生成时间 {BoardWorkbook.BeijingTime(generatedChinaTime)}）";
        var weights = string.Join("、", survey.Groups.Select(g => $"{g.Name} {Numbers.Shortest(g.Weight)}"));
        using var stream = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(stream, DocumentFormat.OpenXml.SpreadsheetDocumentType.Workbook))
        {
            var book = doc.AddWorkbookPart();
            book.Workbook = new DocumentFormat.OpenXml.Spreadsheet.Workbook();
            book.AddNewPart<WorkbookStylesPart>().Stylesheet = SheetParts.TableStyles();
            var part = book.AddNewPart<WorksheetPart>();
            part.Worksheet = SheetParts.Table(title, header, rows, frozenColumns: 2,
                $"说明：综合得分 = 各评价群体平均分按权重（{weights}）加权，没有评价的群体不计、其余权重重新归一，保留两位小数；满意率为有效票中评为满意类选项的比例（去掉最高最低分之前）；空白表示没有评价。");
            book.Workbook.AppendChild(new Sheets()).Append(new Sheet { Id = book.GetIdOfPart(part), SheetId = 1, Name = "测评结果" });
            book.Workbook.Save();
        }
        return new ExportFile(ExportFile.Safe($"{row.Name}测评结果") + ".xlsx", ExportFile.Xlsx, stream.ToArray());
    }

    /// <summary>The ballots as CSV, UTF-8 with a BOM (Excel opens it in Chinese).</summary>
    public static byte[] Csv(Survey survey, IEnumerable<Ballot> ballots)
    {
        var text = new StringBuilder();
        text.Append("group,rater");
        foreach (var unit in survey.Units) text.Append(',').Append(BoardCsv.TextField(unit));
        text.Append(",other\r\n");
        foreach (var ballot in ballots)
        {
            text.Append(BoardCsv.TextField(ballot.Group)).Append(',').Append(BoardCsv.TextField(ballot.Rater ?? ""));
            var ratings = ballot.Ratings.ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
            foreach (var unit in survey.Units) text.Append(',').Append(BoardCsv.TextField(ratings.GetValueOrDefault(unit) ?? ""));
            var other = string.Join(";", ballot.Ratings.Where(r => survey.UnitIndex(r.Key) < 0).Select(r => $"{r.Key}={r.Value}"));
            text.Append(',').Append(BoardCsv.TextField(other)).Append("\r\n");
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }
}
