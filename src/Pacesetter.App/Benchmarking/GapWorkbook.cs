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
        var gaps = report.Benchmarks.SelectMany(b => b.Lines.Select(line => (IReadOnlyList<ReportCell>)
        [
            ReportCell.Of(b.Name),
            ReportCell.Of(line.Indicator.Name),
            ReportCell.Of(line.Indicator.Unit),
            new(null, line.Own, SheetParts.Value),
            new(null, line.Bench, SheetParts.Value),
            new(null, line.GapPercent, SheetParts.OneDecimal),
            new(null, line.GrowthOwn, SheetParts.OneDecimal),
            new(null, line.GrowthBench, SheetParts.OneDecimal),
            ReportCell.Of(line.CatchUp is null ? null : GapWords.CatchUp(line, chinese: true)),
        ]));
        var names = Names(report, ownName);
        var ranks = new List<IReadOnlyList<ReportCell>>();
        foreach (var (indicator, list) in report.Ranks)
        {
            if (list.Count == 0) ranks.Add([ReportCell.Of(indicator.Name), ReportCell.Of(indicator.Unit), new(null, null, SheetParts.Whole), ReportCell.Of(null), new(null, null, SheetParts.Value)]);
            foreach (var r in list)
            {
                ranks.Add([ReportCell.Of(indicator.Name), ReportCell.Of(indicator.Unit), new(null, r.Rank, SheetParts.Whole), ReportCell.Of(names[r.Id]), new(null, PartyValue(report, indicator, r.Id), SheetParts.Value)]);
            }
        }

        using var stream = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var book = doc.AddWorkbookPart();
            book.Workbook = new Workbook();
            var styles = book.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = SheetParts.TableStyles();
            var sheets = book.Workbook.AppendChild(new Sheets());
            uint id = 1;
            void Add(string name, Worksheet worksheet)
            {
                var part = book.AddNewPart<WorksheetPart>();
                part.Worksheet = worksheet;
                sheets.Append(new Sheet { Id = book.GetIdOfPart(part), SheetId = id++, Name = name });
            }
            Add("差距分析", SheetParts.Table(title, ["对标对象", .. LineColumns], gaps, frozenColumns: 2,
                "说明：差距% 为负表示落后，越小越好的指标已按方向换算；增速为有数值的最早年份至比较年份的年均增速；追赶按双方当前增速推算；空白表示缺少数据或无法计算。"));
            Add("排名", SheetParts.Table(title, ["指标", "计量单位", "名次", "名称", "数值"], ranks, frozenColumns: 0,
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
}
