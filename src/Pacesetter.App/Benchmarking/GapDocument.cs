using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;
using Pacesetter.App.Exports;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Benchmarking;

namespace Pacesetter.App.Benchmarking;

/// <summary>
/// 对标分析报告 the benchmarking report (scoring.md §10) as a .docx in the government layout (<see cref="Word"/>): the
/// title 示范开发区2025年对标分析报告, how the figures are made, then per benchmark a heading, a sentence summing it up
/// (<see cref="Summary"/>) and the table of <c>pacesetter gap</c> (<see cref="GapWorkbook.LineColumns"/>, its numbers and
/// catch-up words, — where there is no figure), then the ranks, and the time it was made in Beijing time.
/// </summary>
public static class GapDocument
{
    private static readonly string[] Numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

    /// <summary>The title: 示范开发区2025年对标分析报告.</summary>
    public static string Title(string organization, int year) => $"{organization}{year}年对标分析报告";

    /// <summary>The file's name: 2025年对标分析报告.docx.</summary>
    public static string FileName(int year) => ExportFile.Safe($"{year}年对标分析报告") + ".docx";

    /// <summary>
    /// One benchmark in a sentence: 与苏州工业园区相比，3 项指标中 1 项已领先，1 项按当前增速约 1.5 年赶上，1 项按当前增速无法赶上。
    /// Several catch-ups in years read 2 项按当前增速分别约 1.5 年、2.1 年赶上; a line behind without both growths, 1 项落后、
    /// 增速无法计算; a line without both values (or against 0), 1 项缺少可比数据.
    /// </summary>
    public static string Summary(GapBenchmark benchmark)
    {
        var lines = benchmark.Lines;
        if (lines.Count == 0) return $"与{benchmark.Name}相比，没有可比较的指标。";
        var parts = new List<string>();
        int ahead = lines.Count(l => l.CatchUp == CatchUp.Ahead);
        if (ahead > 0) parts.Add($"{ahead} 项已领先");
        var years = lines.Where(l => l.CatchUp == CatchUp.Years).Select(l => GapWords.Number(l.Years)).ToList();
        if (years.Count == 1) parts.Add($"1 项按当前增速约 {years[0]} 年赶上");
        else if (years.Count > 1) parts.Add($"{years.Count} 项按当前增速分别约 {string.Join(" 年、", years)} 年赶上");
        int never = lines.Count(l => l.CatchUp == CatchUp.Never);
        if (never > 0) parts.Add($"{never} 项按当前增速无法赶上");
        int noGrowth = lines.Count(l => l.CatchUp is null && l.GapPercent is not null);
        if (noGrowth > 0) parts.Add($"{noGrowth} 项落后、增速无法计算");
        int missing = lines.Count(l => l.GapPercent is null);
        if (missing > 0) parts.Add($"{missing} 项缺少可比数据");
        return $"与{benchmark.Name}相比，{lines.Count} 项指标中 {string.Join("，", parts)}。";
    }

    /// <param name="organization">The organization's name, in the title.</param>
    /// <param name="ownName">How the organization is named in the text and the ranks (本组织, or its name).</param>
    /// <param name="generatedChinaTime">When the file is made, in Beijing time.</param>
    public static ExportFile Build(GapReport report, string organization, string ownName, DateTimeOffset generatedChinaTime)
    {
        var content = new List<OpenXmlElement>
        {
            Word.Title(Title(organization, report.Year)),
            Word.P(report.Benchmarks.Count == 0
                ? $"{report.Year}年暂无对标对象。"
                : $"将{ownName}{report.Year}年各项指标与{report.Benchmarks.Count}个对标对象（{string.Join("、", report.Benchmarks.Select(b => b.Name))}）逐项比较。"
                    + $"差距为两者之差占对标对象数值的百分比，负数表示落后，越小越好的指标已按方向换算；增速为有数值的最早年份至{report.Year}年的年均增速；"
                    + "追赶年数按双方当前年均增速推算；“—”表示缺少数据或无法计算。", indent: true),
        };
        int section = 0;
        foreach (var b in report.Benchmarks)
        {
            content.Add(Word.Heading($"{Numeral(section++)}、与{b.Name}对标"));
            content.Add(Word.P(Summary(b), indent: true));
            var rows = b.Lines.Select(line => (IReadOnlyList<string>)
            [
                line.Indicator.Name,
                line.Indicator.Unit ?? "",
                Value(line.Own),
                Value(line.Bench),
                GapWords.Number(line.GapPercent),
                GapWords.Number(line.GrowthOwn),
                GapWords.Number(line.GrowthBench),
                GapWords.CatchUp(line, chinese: true),
            ]);
            // 156 mm of text width: the catch-up words take the most.
            content.Add(Word.Table(GapWorkbook.LineColumns, rows, [1500, 800, 850, 950, 800, 950, 950, 2044], Word.Size5, [false, true, true, true, true, true, true, false]));
        }
        content.Add(Word.Heading($"{Numeral(section)}、排名"));
        content.Add(Word.P($"按{report.Year}年数值排名，越大越好的指标从大到小、越小越好的指标从小到大，并列者名次相同（标准竞赛排名）。", indent: true));
        var names = GapWorkbook.Names(report, ownName);
        var ranks = report.Ranks.Select(r => (IReadOnlyList<string>)
        [
            r.Indicator.Name,
            r.Ranks.Count == 0 ? "—" : string.Join("；", r.Ranks.Select(x => $"{x.Rank} {names[x.Id]}")),
        ]);
        content.Add(Word.Table(["指标", "名次"], ranks, [2200, 6644], Word.Size5, [false, false]));
        content.Add(Word.P("", before: 240));
        content.Add(Word.P($"生成时间：{Date(generatedChinaTime)}（北京时间）", align: JustificationValues.Right));
        return new ExportFile(FileName(report.Year), ExportFile.Docx, Word.Save(content));
    }

    /// <summary>2026年5月1日 10:00.</summary>
    private static string Date(DateTimeOffset chinaTime) => PostingDocument.Date(chinaTime) + chinaTime.ToString(" HH:mm", CultureInfo.InvariantCulture);

    private static string Numeral(int i) => i < Numerals.Length ? Numerals[i] : (i + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>A value as entered, in its shortest form, as the command prints it.</summary>
    private static string Value(decimal? value) => value is { } v ? Numbers.Shortest(v) : "—";
}
