using Pacesetter.App.Benchmarking;
using Pacesetter.Scoring.Benchmarking;

namespace Pacesetter.Web.Tests.Exports;

/// <summary>
/// 对标分析 the benchmarking report's workbook and document (issue #11 §1, scoring.md §10), built from a small file worked
/// by hand and opened by Python's openpyxl and LibreOffice rather than by the SDK that wrote them.
/// </summary>
public class GapReportFileTests
{
    /// <summary>
    /// Two benchmarks in 2025; energy is lower-is-better; 昆山开发区 has no energy value and a single GDP year.
    /// 地区生产总值 (higher) against 苏州工业园区: gap (800 − 900) / 900 × 100 = −11.11 → −11.1; own growth 800 / 720 − 1 =
    ///   11.11 % → 11.1; its 900 / 875 − 1 = 2.857 % → 2.9; years ln(900 / 800) / ln(1.11111 / 1.02857) = 0.117783 /
    ///   0.077190 = 1.53 → 1.5. Against 昆山开发区: (800 − 750) / 750 × 100 = 6.67 → 6.7, ahead; its growth: one year, none.
    /// 万元GDP能耗 (lower) against 苏州工业园区: gap (0.50 − 0.45) / 0.50 × 100 = +10.0, ahead (higher would be −10.0);
    ///   own growth 0.45 / 0.50 − 1 = −10.0 %, its 0.50 / 0.52 − 1 = −3.846 % → −3.8. 昆山开发区: no value, all missing.
    /// 研发投入强度 (higher) against 苏州工业园区: (3.0 − 4.0) / 4.0 × 100 = −25.0; own growth 0.0 ≤ 4.0 / 3.8 − 1 = 5.26 %
    ///   → 5.3: never. Against 昆山开发区 (3.0 too): 0.0, ahead; its growth (3.0 / 2.4)^(1/2) − 1 = 11.80 % → 11.8.
    /// Ranks: GDP 900 > 800 > 750; energy 0.45 before 0.50 (lower); R&amp;D 4.0, then 3.0 and 3.0 tied second.
    /// </summary>
    private const string File2025 = """
        { "year": 2025,
          "indicators": [
            { "id": "gdp", "name": "地区生产总值", "unit": "亿元", "direction": "higher" },
            { "id": "energy", "name": "万元GDP能耗", "unit": "吨标准煤", "direction": "lower" },
            { "id": "rd", "name": "研发投入强度", "unit": "%", "direction": "higher" } ],
          "own": { "name": "本区", "values": {
            "gdp": { "2024": 720, "2025": 800 }, "energy": { "2024": 0.50, "2025": 0.45 }, "rd": { "2024": 3.0, "2025": 3.0 } } },
          "benchmarks": [
            { "id": "sip", "name": "苏州工业园区", "values": {
              "gdp": { "2024": 875, "2025": 900 }, "energy": { "2024": 0.52, "2025": 0.50 }, "rd": { "2024": 3.8, "2025": 4.0 } } },
            { "id": "ksd", "name": "昆山开发区", "values": {
              "gdp": { "2025": 750 }, "rd": { "2023": 2.4, "2025": 3.0 } } } ] }
        """;

    private static readonly DateTimeOffset Made = new(2025, 5, 1, 10, 0, 0, TimeSpan.FromHours(8));

    private static (GapReport Report, string OwnName) Report()
    {
        var file = GapFileReader.Read(File2025);
        return (GapCalculator.Compute(file, file.Year!.Value), file.Own.Name);
    }

    [Fact]
    public async Task GapReportFile_workbook_opens_in_openpyxl_with_numbers_one_decimal_blanks_for_missing_and_frozen_headers()
    {
        var (report, own) = Report();
        var file = GapWorkbook.Build(report, "示范开发区", own, Made);
        Assert.Equal("2025年对标分析.xlsx", file.Name);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file.ContentType);
        var dir = Office.Folder();
        try
        {
            var book = Path.Combine(dir, "gap.xlsx");
            await File.WriteAllBytesAsync(book, file.Bytes);
            Office.Keep(book);
            // repr: numbers bare (a written 10.0 stays a float), text quoted, an empty cell None; trailing empty cells of a
            // row left out, a row without any value printed as -.
            var python = await Office.PythonAsync("""
                import sys, openpyxl
                wb = openpyxl.load_workbook(sys.argv[1])
                print('|'.join(wb.sheetnames))
                for ws in wb.worksheets:
                    print(ws.title, ws.freeze_panes)
                    for row in ws.iter_rows():
                        values = [repr(c.value) for c in row]
                        while values and values[-1] == 'None': values.pop()
                        print('|'.join(values) or '-')
                    print('|'.join(c.number_format for c in ws[3]))
                """, book);
            var lines = python.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            string[] gaps =
            [
                "差距分析 C3",
                "'示范开发区2025年对标分析（生成时间 2025-05-01 10:00 北京时间）'",
                "'对标对象'|'指标'|'计量单位'|'本组织'|'对标对象值'|'差距%'|'本组织增速%'|'对标增速%'|'追赶'",
                "'苏州工业园区'|'地区生产总值'|'亿元'|800|900|-11.1|11.1|2.9|'按当前增速约 1.5 年赶上'",
                "'苏州工业园区'|'万元GDP能耗'|'吨标准煤'|0.45|0.5|10.0|-10.0|-3.8|'已领先'",
                "'苏州工业园区'|'研发投入强度'|'%'|3.0|4.0|-25.0|0.0|5.3|'按当前增速无法赶上'",
                "'昆山开发区'|'地区生产总值'|'亿元'|800|750|6.7|11.1|None|'已领先'",
                "'昆山开发区'|'万元GDP能耗'|'吨标准煤'|0.45",
                "'昆山开发区'|'研发投入强度'|'%'|3.0|3.0|0.0|0.0|11.8|'已领先'",
                "-",
                "'说明：差距% 为负表示落后，越小越好的指标已按方向换算；增速为有数值的最早年份至比较年份的年均增速；追赶按双方当前增速推算；空白表示缺少数据或无法计算。'",
                "General|General|General|General|General|0.0|0.0|0.0|General",
            ];
            string[] ranks =
            [
                "排名 A3",
                "'示范开发区2025年对标分析（生成时间 2025-05-01 10:00 北京时间）'",
                "'指标'|'计量单位'|'名次'|'名称'|'数值'",
                "'地区生产总值'|'亿元'|1|'苏州工业园区'|900",
                "'地区生产总值'|'亿元'|2|'本区'|800",
                "'地区生产总值'|'亿元'|3|'昆山开发区'|750",
                "'万元GDP能耗'|'吨标准煤'|1|'本区'|0.45",
                "'万元GDP能耗'|'吨标准煤'|2|'苏州工业园区'|0.5",
                "'研发投入强度'|'%'|1|'苏州工业园区'|4.0",
                "'研发投入强度'|'%'|2|'本区'|3.0",
                "'研发投入强度'|'%'|2|'昆山开发区'|3.0",
                "-",
                "'说明：按2025年数值排名（越大越好的指标从大到小，越小越好的从小到大），标准竞赛排名，并列同名次；空白表示无人有数值。'",
                "General|General|0|General|General",
            ];
            Assert.Equal(["差距分析|排名", .. gaps, .. ranks], lines);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task GapReportFile_document_reads_in_LibreOffice_with_the_title_summaries_tables_and_ranks()
    {
        var (report, own) = Report();
        var file = GapDocument.Build(report, "示范开发区", own, Made);
        Assert.Equal("2025年对标分析报告.docx", file.Name);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", file.ContentType);
        var dir = Office.Folder();
        try
        {
            var doc = Path.Combine(dir, "gap.docx");
            await File.WriteAllBytesAsync(doc, file.Bytes);
            Office.Keep(doc);
            await Office.ConvertAsync([doc], dir, Office.Text);
            var lines = (await File.ReadAllTextAsync(Path.Combine(dir, "gap.txt"))).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

            Assert.Equal("示范开发区2025年对标分析报告", lines[0]);
            Assert.StartsWith("将本区2025年各项指标与2个对标对象（苏州工业园区、昆山开发区）逐项比较。", lines[1]);
            Contains(lines,
                "一、与苏州工业园区对标",
                "与苏州工业园区相比，3 项指标中 1 项已领先，1 项按当前增速约 1.5 年赶上，1 项按当前增速无法赶上。",
                "指标", "计量单位", "本组织", "对标对象值", "差距%", "本组织增速%", "对标增速%", "追赶",
                "地区生产总值", "亿元", "800", "900", "-11.1", "11.1", "2.9", "按当前增速约 1.5 年赶上",
                "万元GDP能耗", "吨标准煤", "0.45", "0.5", "10.0", "-10.0", "-3.8", "已领先",
                "研发投入强度", "%", "3", "4", "-25.0", "0.0", "5.3", "按当前增速无法赶上",
                "二、与昆山开发区对标",
                "与昆山开发区相比，3 项指标中 2 项已领先，1 项缺少可比数据。");
            Contains(lines,
                "地区生产总值", "亿元", "800", "750", "6.7", "11.1", "—", "已领先",
                "万元GDP能耗", "吨标准煤", "0.45", "—", "—", "—", "—", "—",
                "研发投入强度", "%", "3", "3", "0.0", "0.0", "11.8", "已领先",
                "三、排名");
            Contains(lines,
                "指标", "名次",
                "地区生产总值", "1 苏州工业园区；2 本区；3 昆山开发区",
                "万元GDP能耗", "1 本区；2 苏州工业园区",
                "研发投入强度", "1 苏州工业园区；2 本区；2 昆山开发区",
                "生成时间：2025年5月1日 10:00（北京时间）");
            Assert.Equal("生成时间：2025年5月1日 10:00（北京时间）", lines[^1]);
            Assert.DoesNotContain(lines, l => l.Contains("ahead", StringComparison.Ordinal) || l.Contains("sip", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Asserts that <paramref name="expected"/> are consecutive lines of <paramref name="lines"/> (a table's cells are a line each).</summary>
    private static void Contains(IReadOnlyList<string> lines, params string[] expected)
    {
        for (int at = 0; at + expected.Length <= lines.Count; at++)
        {
            if (lines.Skip(at).Take(expected.Length).SequenceEqual(expected)) return;
        }
        Assert.Fail($"not found in order:\n{string.Join('\n', expected)}\n--- in ---\n{string.Join('\n', lines)}");
    }

    [Fact]
    public void GapReportFile_summary_lists_several_catch_up_years_behind_without_growth_and_missing_data()
    {
        static GapLine Line(string id, decimal? gap, CatchUp? catchUp, decimal? years = null) =>
            new(new GapIndicator(id, id, null, GapDirection.Higher), 1m, gap is null ? null : 2m, gap, null, null, catchUp, years);
        var benchmark = new GapBenchmark("sip", "苏州工业园区",
        [
            Line("a", -72.9m, CatchUp.Years, 29.4m),
            Line("b", -18.4m, CatchUp.Years, 5.4m),
            Line("c", -17.5m, CatchUp.Never),
            Line("d", -3.0m, null),
            Line("e", null, null),
        ]);
        Assert.Equal("与苏州工业园区相比，5 项指标中 2 项按当前增速分别约 29.4 年、5.4 年赶上，1 项按当前增速无法赶上，1 项落后、增速无法计算，1 项缺少可比数据。", GapDocument.Summary(benchmark));
        Assert.Equal("与昆山开发区相比，没有可比较的指标。", GapDocument.Summary(new GapBenchmark("ksd", "昆山开发区", [])));
    }
}
