using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Publication;
using Pacesetter.Web.Demo;
using Pacesetter.Web.Localization;
using Pacesetter.Web.Pages.Races;

namespace Pacesetter.Web.Tests.Exports;

/// <summary>
/// The leaderboard workbook, its CSV and the posting of the demo's published October 2026 (revision 1), checked against
/// the revision's stored results JSON (read from the database, not through the code that wrote the files), the files
/// opened by LibreOffice and Python's openpyxl.
/// </summary>
public class PublishedExportTests(SharedDemo shared) : ReadsSharedDemo(shared)
{
    private const string Period = "2026-10";
    private static string Url(string file, string period = Period) => ExportsModel.Path(DemoData.Slug, period) + "/" + file;

    /// <summary>One published row: category name, rank, unit name, composite, grade, label (words).</summary>
    private sealed record Published(string Category, int Rank, string Unit, string Composite, string Base, string? Grade, string Label, bool Flag);

    /// <summary>The stored results of the latest revision of October, read straight from the revisions table.</summary>
    private static async Task<(List<Published> Rows, Revision Revision)> StoredAsync(TestApp app)
    {
        await using var db = app.NewDb();
        var org = await db.Organizations.Where(o => o.Slug == DemoData.Slug).Select(o => o.Id).SingleAsync();
        var revision = await db.Revisions.AsNoTracking().Where(r => r.OrganizationId == org && r.Period == Period).OrderByDescending(r => r.Number).FirstAsync();
        using var json = JsonDocument.Parse(PublicationStore.Unzip(revision.Results));
        var names = DemoData.Categories.SelectMany(c => c.Units).ToDictionary(u => u.Code, u => u.Name);
        var rows = new List<Published>();
        foreach (var cat in json.RootElement.GetProperty("categories").EnumerateArray())
        {
            var category = DemoData.Categories.Single(c => c.Code == cat.GetProperty("id").GetString()).Name;
            var holder = cat.GetProperty("flag").GetProperty("holder").GetString();
            foreach (var r in cat.GetProperty("results").EnumerateArray())
            {
                var unit = r.GetProperty("unit").GetString()!;
                var label = r.GetProperty("label").GetString() switch { "pacesetter" => "标兵", "winner" => "优胜", "yellow" => "黄牌", _ => "" };
                rows.Add(new(category, r.GetProperty("rank").GetInt32(), names[unit],
                    r.GetProperty("composite").GetDecimal().ToString("0.00", CultureInfo.InvariantCulture),
                    r.GetProperty("base").GetDecimal().ToString("0.00", CultureInfo.InvariantCulture),
                    r.GetProperty("grade").GetString(), label, holder == unit));
            }
        }
        return (rows, revision);
    }

    [Fact]
    public async Task The_workbook_opens_in_LibreOffice_with_the_published_figures_and_openpyxl_finds_frozen_headers_and_two_decimals()
    {
        var app = Shared();
        var admin = await app.SignedIn("admin", DemoData.Password);
        var (stored, revision) = await StoredAsync(app);
        // 8 towns + 8 departments + 6 state companies + 6 investment teams.
        Assert.Equal(28, stored.Count);
        var response = await admin.GetAsync(Url("board.xlsx"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2026年10月考核结果（第1版）.xlsx", response.Content.Headers.ContentDisposition!.FileNameStar);
        var dir = Office.Folder();
        try
        {
            var book = Path.Combine(dir, "board.xlsx");
            await File.WriteAllBytesAsync(book, await response.Content.ReadAsByteArrayAsync());
            Office.Keep(book);

            var python = await Office.PythonAsync("""
                import sys, openpyxl
                wb = openpyxl.load_workbook(sys.argv[1])
                print('|'.join(wb.sheetnames))
                for ws in wb.worksheets:
                    print(ws.title, ws.freeze_panes, ws['C2'].number_format, ws['A2'].number_format, round(ws.column_dimensions['B'].width))
                """, book);
            var lines = python.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("说明|镇街|职能部门|国有企业|招商赛马", lines[0]);
            Assert.StartsWith("说明 A2 ", lines[1]);
            foreach (var line in lines.Skip(2))
            {
                // Header row and the rank and unit columns frozen; the composite (C) as 0.00, the rank (A) as 0.
                var parts = line.Split(' ');
                Assert.Equal(["C2", "0.00", "0"], parts[1..4]);
                Assert.True(int.Parse(parts[4], CultureInfo.InvariantCulture) >= 10, line);
            }

            await Office.ConvertAsync([book], dir, Office.CsvAllSheets);
            var about = await File.ReadAllTextAsync(Path.Combine(dir, "board-说明.csv"));
            Assert.Contains("修订版本,第 1 版", about);
            var published = ChinaTime.Of(revision.CreatedAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            Assert.Contains($"发布时间,{published} 北京时间", about);
            Assert.Contains("考核方案,示范开发区2026年10月综合考核", about);

            foreach (var category in stored.GroupBy(r => r.Category))
            {
                var csv = (await File.ReadAllLinesAsync(Path.Combine(dir, $"board-{category.Key}.csv"))).ToList();
                Assert.StartsWith("名次,单位,综合得分,基本分,加分,扣分,等次,称号,流动红旗,名次变化,", csv[0]);
                Assert.EndsWith(",备注,单位编号", csv[0]);
                Assert.Equal(category.Count() + 1, csv.Count);
                // LibreOffice writes each cell as shown: ranks as integers, figures with 2 decimals (96.5 → 96.50).
                foreach (var (row, line) in category.Zip(csv.Skip(1)))
                {
                    var expected = $"{row.Rank},{row.Unit},{row.Composite},{row.Base},";
                    Assert.StartsWith(expected, line);
                    var cells = line.Split(',');
                    Assert.Equal(row.Grade ?? "", cells[6]);
                    Assert.Equal(row.Label, cells[7]);
                    Assert.Equal(row.Flag ? "流动红旗" : "", cells[8]);
                }
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task The_posting_opens_in_LibreOffice_with_every_category_its_figures_notice_period_and_issuer()
    {
        var app = Shared();
        var admin = await app.SignedIn("admin", DemoData.Password);
        var (stored, revision) = await StoredAsync(app);
        var response = await admin.GetAsync(Url("posting.docx"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var dir = Office.Folder();
        try
        {
            var doc = Path.Combine(dir, "posting.docx");
            await File.WriteAllBytesAsync(doc, await response.Content.ReadAsByteArrayAsync());
            Office.Keep(doc);
            await Office.ConvertAsync([doc], dir, Office.Text);
            var text = await File.ReadAllTextAsync(Path.Combine(dir, "posting.txt"));
            var lines = text.Split('\n').Select(l => l.Trim()).ToList();

            Assert.Equal("关于示范开发区2026年10月综合考核结果的公示", lines.First(l => l.Length > 0));
            Assert.Contains("一、镇街", lines);
            Assert.Contains("四、招商赛马", lines);
            Assert.Contains("五、公示期和异议办法", lines);
            // Every published unit's name and composite with 2 decimals, in the table of its category.
            foreach (var row in stored)
            {
                int at = lines.IndexOf(row.Unit);
                Assert.True(at > 0, row.Unit);
                Assert.Equal(row.Composite, lines[at + 1]);
            }
            foreach (var holder in stored.Where(r => r.Flag)) Assert.Contains($"流动红旗：{holder.Unit}", lines);
            var (from, to) = (ChinaTime.Of(revision.CreatedAt), ChinaTime.Of(revision.NoticeEndsAt).AddTicks(-1));
            Assert.Contains($"公示期：{from.Year}年{from.Month}月{from.Day}日至{to.Year}年{to.Month}月{to.Day}日（北京时间）。", lines);
            Assert.Contains("示范开发区考核办", lines);
            Assert.Contains($"{from.Year}年{from.Month}月{from.Day}日", lines);
            // Nothing but the public figures: no reporter, no account, no unit code.
            Assert.DoesNotContain("填报员", text);
            Assert.DoesNotContain("admin", text);
            Assert.DoesNotContain("T1", text);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_csv_is_utf8_with_a_bom_crlf_and_a_category_column_and_unpublished_periods_have_none(string provider)
    {
        var app = Shared(provider);
        var (stored, _) = await StoredAsync(app);
        var leader = await app.SignedIn("leader", DemoData.Password);
        var response = await leader.GetAsync(Url("board.csv"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType!.CharSet);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.EndsWith("\r\n", text);
        Assert.DoesNotContain("\n", text.Replace("\r\n", "", StringComparison.Ordinal));
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("类别,名次,单位,综合得分,基本分,加分,扣分,等次,称号,流动红旗,名次变化,一般公共预算收入,", lines[0]);
        Assert.Equal(29, lines.Length);
        foreach (var (row, line) in stored.Zip(lines.Skip(1))) Assert.StartsWith($"{row.Category},{row.Rank},{row.Unit},{row.Composite},{row.Base},", line);
        // One column per indicator name across the categories: 8 + 6 + 6 + 5 indicators, none shared by name.
        Assert.Equal(1 + 10 + 25 + 2, lines[0].Split(',').Length);

        // November is not published: no results to export, but its task letters are there.
        foreach (var file in new[] { "board.xlsx", "board.csv", "posting.docx" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await leader.GetAsync(Url(file, DemoData.DraftPeriod))).StatusCode);
        }
        var page = new HtmlParser().ParseDocument(await leader.GetStringAsync(ExportsModel.Path(DemoData.Slug, DemoData.DraftPeriod)));
        Assert.NotNull(page.QuerySelector("#unpublished"));
        Assert.NotNull(page.QuerySelector("#letters-zip"));
        var october = new HtmlParser().ParseDocument(await leader.GetStringAsync(ExportsModel.Path(DemoData.Slug, Period)));
        Assert.Contains("第 1 版", october.QuerySelector("#revision")!.TextContent);
        Assert.NotNull(october.QuerySelector("#board-xlsx"));

        var reporter = await app.SignedIn("reporter.t1", DemoData.Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.GetAsync(Url("board.csv"))).StatusCode);
    }
}
