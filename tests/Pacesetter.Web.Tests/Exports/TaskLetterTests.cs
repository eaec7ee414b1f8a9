using System.IO.Compression;
using System.Net;
using AngleSharp.Html.Parser;
using Pacesetter.Web.Demo;
using Pacesetter.Web.Pages.Races;

namespace Pacesetter.Web.Tests.Exports;

/// <summary>
/// 目标责任书 (issue #9 §4): every unit's task letter of the demo's November 2026 — a period still being entered, not
/// published — as a zip of one .docx per unit, opened by LibreOffice and Python rather than by the SDK that wrote them.
/// </summary>
public class TaskLetterTests(SharedDemo shared) : ReadsSharedDemo(shared)
{
    private const string Period = DemoData.DraftPeriod;
    private static string Url(string file) => ExportsModel.Path(DemoData.Slug, Period) + "/" + file;

    [Fact]
    public async Task Every_units_letter_is_in_the_zip_and_LibreOffice_reads_its_indicators_targets_and_rules()
    {
        var admin = await Shared().SignedIn("admin", DemoData.Password);
        var response = await admin.GetAsync(Url("letters.zip"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        var dir = Office.Folder();
        try
        {
            var zipPath = Path.Combine(dir, "letters.zip");
            await File.WriteAllBytesAsync(zipPath, await response.Content.ReadAsByteArrayAsync());

            // Python's zipfile decodes a name as UTF-8 only when the entry's UTF-8 flag is set (else as CP437).
            var names = (await Office.PythonAsync("import sys, zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))", zipPath))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries);
            // 8 towns + 8 departments + 6 state companies + 6 investment teams = 28 units, in the scheme's order.
            Assert.Equal(28, names.Length);
            Assert.Equal("城东街道-目标责任书.docx", names[0]);
            Assert.Contains("产业链招商专班-目标责任书.docx", names);

            var one = await admin.GetAsync(Url("letters/T1.docx"));
            Assert.Equal(HttpStatusCode.OK, one.StatusCode);
            // RFC 5987: the UTF-8 name in filename*.
            Assert.Equal("城东街道-目标责任书.docx", one.Content.Headers.ContentDisposition!.FileNameStar);
            Assert.Contains("filename*=UTF-8''%E5%9F%8E%E4%B8%9C%E8%A1%97%E9%81%93", one.Content.Headers.GetValues("Content-Disposition").Single());

            using (var zip = ZipFile.OpenRead(zipPath))
            {
                zip.GetEntry("经济发展局-目标责任书.docx")!.ExtractToFile(Path.Combine(dir, "d1.docx"));
                zip.GetEntry("城投集团-目标责任书.docx")!.ExtractToFile(Path.Combine(dir, "s1.docx"));
            }
            await File.WriteAllBytesAsync(Path.Combine(dir, "t1.docx"), await one.Content.ReadAsByteArrayAsync());
            Office.Keep(Path.Combine(dir, "t1.docx"), Path.Combine(dir, "d1.docx"));
            await Office.ConvertAsync([Path.Combine(dir, "t1.docx"), Path.Combine(dir, "d1.docx"), Path.Combine(dir, "s1.docx")], dir, Office.Text);

            var t1 = await File.ReadAllTextAsync(Path.Combine(dir, "t1.txt"));
            Assert.Contains("城东街道2026年11月目标责任书", t1);
            Assert.Contains("考核类别：镇街", t1);
            Assert.Contains("《示范开发区2026年11月综合考核》", t1);
            // 一般公共预算收入: weight 25, core, T1's own target 0.9 (its November datum), cap 1.2 → 25 × 1.2 = 30 points, floor 0.6.
            Assert.Contains("一般公共预算收入", t1);
            Assert.Contains("0.9", t1);
            Assert.Contains("完成率 = 实际值 ÷ 目标值，得分 = 25 × 实际值 ÷ 目标值；完成率达到 120% 及以上得 30 分（超额完成封顶）；完成率低于 60% 得 0 分", t1);
            // 规上工业应税销售增幅 is a growth measure scored by efficacy (base 60, span 40).
            Assert.Contains("实际值取增幅（%）", t1);
            Assert.Contains("功效分 = 60 + 40 × (实际值 − 不允许值) ÷ (满意值 − 不允许值)，在 60 至 100 之间；得分 = 20 × 功效分 ÷ 100", t1);
            // 新开工亿元以上项目: points by rank 15, 13, … 1.
            Assert.Contains("第 1 名 15 分，第 2 名 13 分", t1);
            // 腾出净地: missing data at the category's average.
            Assert.Contains("无有效数据时按本类别有数据单位的平均得分计", t1);
            // 表彰加分 (levels, cap 3) and 红黄牌督办 (events, cap 4), by the glossary's names.
            Assert.Contains("国家级 3 分，省级 2 分，市级 1 分；同一事项按最高级别计一次，合计不超过 3 分", t1);
            Assert.Contains("红牌每次扣 1 分，黄牌每次扣 0.5 分；合计不超过 4 分", t1);
            // Base weights 25 + 20 + 15 + 15 + 10 + 15 = 100, core 25 + 20 + 15 + 15 = 75.
            Assert.Contains("基本分指标权重合计 100 分，其中主责主业指标 75 分，占 75%", t1);
            Assert.Contains("综合得分 90 分及以上为优秀（不超过 2 个），综合得分 80 分及以上为良好，综合得分 70 分及以上为达标，其余为不达标", t1);
            Assert.Contains("标兵：第 1 名及以前且综合得分不低于 90 分", t1);
            Assert.Contains("黄牌：排名末 1 位或综合得分低于 70 分或被一票否决", t1);
            Assert.Contains("流动红旗：本类别第 1 名且综合得分不低于 88 分的单位获得", t1);
            // The signature lines of both sides.
            Assert.Contains("考核办（盖章）", t1);
            Assert.Contains("示范开发区考核办", t1);
            Assert.Contains("被考核单位（盖章）", t1);
            Assert.Equal(2, t1.Split("负责人（签字）：").Length - 1);
            Assert.DoesNotContain("completion", t1);
            Assert.DoesNotContain("{", t1);

            var d1 = await File.ReadAllTextAsync(Path.Combine(dir, "d1.txt"));
            // 服务对象评议 (weight 20): 优 1, 良 0.85, 中 0.7, 差 0.5 → 20, 17, 14, 10 points.
            Assert.Contains("优 得 20 分，良 得 17 分，中 得 14 分，差 得 10 分", d1);
            Assert.Contains("实际值 60 及以下得 0 分，80 得 33 分，100 及以上得 55 分", d1);
            Assert.Contains("综合得分 90 分及以上为优秀（不超过本类别单位数的 25%）", d1);
            Assert.Contains("发生 3 次及以上扣满 5 分", d1);

            var s1 = await File.ReadAllTextAsync(Path.Combine(dir, "s1.txt"));
            // 资产负债率: lower is better, the scheme's target 65, cap 1.1 → 20 × 1.1 = 22.
            Assert.Contains("完成率 = 目标值 ÷ 实际值（数值越低越好），得分 = 20 × 目标值 ÷ 实际值；完成率达到 110% 及以上得 22 分", s1);
            Assert.Contains("满意值 110、不允许值 100", s1);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_reporter_downloads_its_own_units_letter_only(string provider)
    {
        var reporter = await Shared(provider).SignedIn("reporter.t1", DemoData.Password);
        var own = await reporter.GetAsync(Url("letters/T1.docx"));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", own.Content.Headers.ContentType!.MediaType);
        // A .docx is a zip whose first entry is written by the SDK: PK\x03\x04.
        Assert.Equal("PK"u8.ToArray(), (await own.Content.ReadAsByteArrayAsync())[..2]);
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.GetAsync(Url("letters/T2.docx"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.GetAsync(Url("letters.zip"))).StatusCode);

        var page = new HtmlParser().ParseDocument(await reporter.GetStringAsync(ExportsModel.Path(DemoData.Slug, Period)));
        Assert.NotNull(page.QuerySelector("#letter-T1"));
        Assert.Null(page.QuerySelector("#letter-T2"));
        Assert.Null(page.QuerySelector("#letters-zip"));
        Assert.Null(page.QuerySelector("#published"));

        var admin = await Shared(provider).SignedIn("admin", DemoData.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(Url("letters/NOPE.docx"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(ExportsModel.Path(DemoData.Slug, "2031-01") + "/letters.zip")).StatusCode);
        var adminPage = new HtmlParser().ParseDocument(await admin.GetStringAsync(ExportsModel.Path(DemoData.Slug, Period)));
        // 28 units' links and the zip.
        Assert.Equal(28, adminPage.QuerySelectorAll("[id^=letter-]").Length);
        Assert.NotNull(adminPage.QuerySelector("#letters-zip"));
    }
}
