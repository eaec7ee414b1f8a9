using System.Net;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Accounts;
using Pacesetter.App.Benchmarking;
using Pacesetter.Web.Tests.Exports;
using Pacesetter.Web.Tests.Schemes;

namespace Pacesetter.Web.Tests.Benchmarks;

/// <summary>
/// 对标数据 from spreadsheets on the edit page (issue #11 §1): files written by other programs (openpyxl, a GB18030
/// CSV as Chinese Excel saves one) go into the grid, are saved by the form, and reach the stored §10 document; a file
/// with any problem changes nothing and says where, cell by cell.
/// </summary>
public sealed class BenchmarkImportTests
{
    private static readonly HtmlParser Parser = new();
    private const string Edit = "/orgs/zone/benchmarks/edit";

    private const string Start = """
        {"indicators": [{"id": "gdp", "name": "地区生产总值", "unit": "亿元", "direction": "higher"}, {"id": "rd", "name": "研发投入强度", "unit": "%", "direction": "higher"}],
         "own": {"name": "示范开发区", "values": {"gdp": {"2024": 820}}},
         "benchmarks": [{"id": "sip", "name": "苏州工业园区", "values": {"gdp": {"2024": 3700}}}]}
        """;

    /// <summary>The wide shape as openpyxl writes it: a blank cell, a thousands separator in a text cell, an id for a name, a percent-formatted cell, a new benchmark.</summary>
    private const string Workbook = """
        import sys, openpyxl
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "对标数据"
        ws.append(["对标对象", "指标", 2024, 2025])
        ws.append(["示范开发区", "地区生产总值", None, 905])
        ws.append(["苏州工业园区", "gdp", 3760, "3,850"])
        ws.append(["昆山开发区", "研发投入强度", 0.032, 0.0325])
        ws["C4"].number_format = "0.0%"
        ws["D4"].number_format = "0.00%"
        wb.save(sys.argv[1])
        """;

    private static async Task<(TestApp App, int Org, HttpClient Admin)> OpenAsync()
    {
        var app = new TestApp("Sqlite");
        var org = await app.Organization("zone");
        await app.User(org, "zone-office", OrgRole.Admin);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<BenchmarkService>().SaveAsync(org, Encoding.UTF8.GetBytes(Start), 0, "zone-office", default)).IsOk);
        }
        return (app, org, await app.SignedIn("zone-office", SchemeTestSupport.Password));
    }

    /// <summary>The form's fields as the browser would send them: every named input but the file, each select's chosen option.</summary>
    private static List<KeyValuePair<string, string>> Fields(IDocument html)
    {
        var form = html.GetElementById("benchmark-form")!;
        var fields = form.QuerySelectorAll("input[name]").Where(i => i.GetAttribute("type") != "file")
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? "")).ToList();
        foreach (var s in form.QuerySelectorAll("select[name]"))
        {
            var chosen = s.QuerySelector("option[selected]") ?? s.QuerySelector("option");
            fields.Add(new(s.GetAttribute("name")!, chosen!.GetAttribute("value")!));
        }
        return fields;
    }

    private static MultipartFormDataContent Multipart(IEnumerable<KeyValuePair<string, string>> fields, byte[] file, string name)
    {
        var content = new MultipartFormDataContent();
        foreach (var (k, v) in fields) content.Add(new StringContent(v), k);
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new("application/octet-stream");
        content.Add(part, "Upload", name);
        return content;
    }

    private static async Task<string> StoredAsync(TestApp app, int org)
    {
        await using var db = app.NewDb();
        return await db.BenchmarkSets.Where(s => s.OrganizationId == org).Select(s => s.Document).SingleAsync();
    }

    private static string Value(IDocument html, string name) => html.QuerySelector($"input[name='{name}']")?.GetAttribute("value") ?? "(none)";

    [Fact]
    public async Task An_openpyxl_workbook_and_a_GB18030_csv_fill_the_grid_and_the_form_saves_them()
    {
        var (app, org, admin) = await OpenAsync();
        using var _ = app;
        using var files = new Spreadsheets.SheetFiles();
        var xlsx = files.PathOf("benchmarks.xlsx");
        await Office.PythonAsync(Workbook, xlsx);

        var page = Parser.ParseDocument(await admin.GetStringAsync(Edit));
        var read = await admin.PostAsync(Edit + "?handler=Import", Multipart(Fields(page), await File.ReadAllBytesAsync(xlsx), "对标.xlsx"));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var filled = Parser.ParseDocument(await read.Content.ReadAsStringAsync());
        Assert.Equal("已从表格读入 5 个数值，新增对标对象：昆山开发区。尚未保存：请核对下面的表格后点“保存”。", filled.GetElementById("imported")!.TextContent);
        // The blank cell kept 2024's 820; 3.2 % and 3.25 % are the percent figures; 昆山开发区 took the blank row (party 2).
        Assert.Equal(["820", "905", "3760", "3850", "3.2", "3.25", "昆山开发区"],
            new[] { "v:0:0:2024", "v:0:0:2025", "v:1:0:2024", "v:1:0:2025", "v:2:1:2024", "v:2:1:2025", "Form.Benchmarks[1].Name" }.Select(n => Value(filled, n)));
        Assert.Contains("\"2024\":820}}", await StoredAsync(app, org));
        Assert.DoesNotContain("昆山", await StoredAsync(app, org));

        // The admin saves the grid as shown: the stored document holds the file's figures.
        var saved = await admin.PostAsync(Edit + "?handler=Save", new FormUrlEncodedContent(Fields(filled)));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(
            """{"indicators":[{"id":"gdp","name":"地区生产总值","unit":"亿元","direction":"higher"},{"id":"rd","name":"研发投入强度","unit":"%","direction":"higher"}],"own":{"name":"示范开发区","values":{"gdp":{"2024":820,"2025":905}}},"benchmarks":[{"id":"sip","name":"苏州工业园区","values":{"gdp":{"2024":3760,"2025":3850}}},{"id":"b1","name":"昆山开发区","values":{"rd":{"2024":3.2,"2025":3.25}}}]}""",
            await StoredAsync(app, org));

        // The long shape in GB18030 as Chinese Excel saves a CSV: 本组织 for the organization, a year before the span (2023).
        var csv = System.Text.CodePagesEncodingProvider.Instance.GetEncoding(54936)!
            .GetBytes("对标对象,指标,年份,数值\r\n本组织,地区生产总值,2023,745\r\n\"苏州工业园区\",研发投入强度,2025,\"4.0\"\r\n");
        page = Parser.ParseDocument(await admin.GetStringAsync(Edit));
        var gb = Parser.ParseDocument(await (await admin.PostAsync(Edit + "?handler=Import", Multipart(Fields(page), csv, "对标.csv"))).Content.ReadAsStringAsync());
        Assert.Equal("已从表格读入 2 个数值，尚未保存：请核对下面的表格后点“保存”。", gb.GetElementById("imported")!.TextContent);
        Assert.Equal(["2023", "745", "4.0", "905"], new[] { "Form.FirstYear", "v:0:0:2023", "v:1:1:2025", "v:0:0:2025" }.Select(n => Value(gb, n)));

        // The template: the stored data in the wide shape, UTF-8 with a byte-order mark.
        var template = await admin.GetAsync(Edit + "?handler=Template");
        var bytes = await template.Content.ReadAsByteArrayAsync();
        Assert.Equal("\uFEFF对标对象,指标,2024,2025\r\n示范开发区,地区生产总值,820,905\r\n示范开发区,研发投入强度,,\r\n苏州工业园区,地区生产总值,3760,3850\r\n苏州工业园区,研发投入强度,,\r\n昆山开发区,地区生产总值,,\r\n昆山开发区,研发投入强度,3.2,3.25\r\n",
            Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public async Task A_file_with_problems_reads_nothing_and_says_at_which_cell()
    {
        var (app, org, admin) = await OpenAsync();
        using var _ = app;
        var page = Parser.ParseDocument(await admin.GetStringAsync(Edit));
        var before = await StoredAsync(app, org);

        var csv = Encoding.UTF8.GetBytes("对标对象,指标,2024,2025\n示范开发区,人均GDP,1,2\n苏州工业园区,地区生产总值,12a,3800\n苏州工业园区,地区生产总值,,3900\n,地区生产总值,1,\n");
        var bad = await admin.PostAsync(Edit + "?handler=Import", Multipart(Fields(page), csv, "对标数据.csv"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var html = Parser.ParseDocument(await bad.Content.ReadAsStringAsync());
        Assert.Equal(
        [
            "对标数据!B2：未知指标“人均GDP”：请先在“比较的指标”中添加",
            "对标数据!C3：“12a”不是数字",
            "对标数据!D4：同一对标对象、指标、年份的第二个数值（第一个在 D3）",
            "对标数据!A5：缺少对标对象",
        ], html.QuerySelectorAll("#errors li").Select(l => l.TextContent.Trim()));
        // The grid as it was: 3700 for 苏州工业园区 in 2024, no 2025 column (the data span 2024 only): nothing of the file's.
        Assert.Equal(("3700", "(none)"), (Value(html, "v:1:0:2024"), Value(html, "v:1:0:2025")));
        Assert.Null(html.GetElementById("imported"));

        // Not a spreadsheet, a wrong header, a file too large: each said, nothing read.
        var pdf = Parser.ParseDocument(await (await admin.PostAsync(Edit + "?handler=Import", Multipart(Fields(page), "%PDF-1.7\n%âãÏÓ\n"u8.ToArray(), "对标.xlsx"))).Content.ReadAsStringAsync());
        Assert.Contains("PDF", pdf.QuerySelector("#errors li")!.TextContent);
        var header = Parser.ParseDocument(await (await admin.PostAsync(Edit + "?handler=Import", Multipart(Fields(page), "单位,值\n城关镇,1\n"u8.ToArray(), "x.csv"))).Content.ReadAsStringAsync());
        Assert.Equal("x!A1：第一行应为表头：对标对象、指标，然后是各年份（2021、2022……）或“年份、数值”", header.QuerySelector("#errors li")!.TextContent.Trim());
        var large = await admin.PostAsync(Edit + "?handler=Import", Multipart(Fields(page), new byte[BenchmarkSheetLimit + 1], "big.csv"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Contains("文件超过 2 MB", await large.Content.ReadAsStringAsync());
        Assert.Equal(before, await StoredAsync(app, org));
    }

    private const int BenchmarkSheetLimit = Web.Pages.Benchmarks.BenchmarkSheet.MaxBytes;
}
