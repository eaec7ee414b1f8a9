using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Accounts;
using Pacesetter.Web.Tests.Exports;
using Pacesetter.Web.Tests.Schemes;

namespace Pacesetter.Web.Tests.DataImport;

/// <summary>
/// Figures from spreadsheets (issue #11 §3): the period's template opened and filled by openpyxl, imported back, and
/// the scheme's export holds exactly those figures; a long table written as CSV and turned into .xlsx by LibreOffice;
/// broken files refused at their cell with nothing stored.
/// </summary>
public sealed class DataImportTests
{
    private const string Q3 = "/api/orgs/zone/periods/2026-Q3";

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static List<string> Problems(JsonElement body) =>
        [.. body.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("where").GetString()!)];

    private static MultipartFormDataContent Upload(byte[] content, string name) => new() { { new ByteArrayContent(content), "file", name } };

    private static async Task<HttpClient> TokenAsync(TestApp app, int org, string user)
    {
        await using var db = app.NewDb();
        return app.Api(await app.Token(org, await db.Users.Where(u => u.UserName == user).Select(u => u.Id).SingleAsync()));
    }

    /// <summary>Fills the template as a person would in another program: numbers, a thousands separator typed as text, a percent cell, a chosen grade, a full-width digit.</summary>
    private const string Fill = """
        import sys, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        print('|'.join(wb.sheetnames))
        towns, depts = wb['镇街'], wb['职能部门']
        print(towns.protection.sheet, towns['A3'].protection.locked, towns['C3'].protection.locked)
        print('|'.join(str(c.value) for c in towns[1]))
        print('|'.join(str(c.value) for c in towns[2]))
        print('|'.join(f'{towns.cell(row=r, column=1).value}:{towns.cell(row=r, column=2).value}' for r in range(3, towns.max_row + 1)))
        print(';'.join(f'{dv.sqref}={dv.formula1}' for ws in (towns, depts) for dv in ws.data_validations.dataValidation))
        towns['C3'] = 13.2; towns['D3'] = 12
        towns['H3'] = '1,250'
        towns['I3'] = 0.98; towns['I3'].number_format = '0%'
        towns['J3'] = '招商引资'; towns['K3'] = 'city'
        towns['Q3'] = 2
        depts['D3'] = '良'; depts['F3'] = '２'
        wb.save(sys.argv[2])
        """;

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_template_filled_by_openpyxl_imports_back_and_the_scheme_holds_exactly_its_figures(string provider)
    {
        using var app = new TestApp(provider);
        var org = await app.Organization("zone");
        var admin = await app.ApiAs(org, "zone-admin", OrgRole.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutScheme("zone", "2026-Q3", SchemeTestSupport.Example())).StatusCode);

        var template = await admin.GetAsync(Q3 + "/template.xlsx");
        Assert.Equal(HttpStatusCode.OK, template.StatusCode);
        Assert.Equal("2026年第三季度数据填报模板.xlsx", template.Content.Headers.ContentDisposition!.FileNameStar);
        var dir = Office.Folder();
        try
        {
            var blank = Path.Combine(dir, "template.xlsx");
            var filled = Path.Combine(dir, "filled.xlsx");
            await File.WriteAllBytesAsync(blank, await template.Content.ReadAsByteArrayAsync());
            Office.Keep(blank);
            var lines = (await Office.PythonAsync(Fill, blank, filled)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("镇街|职能部门|招商赛马|填报说明", lines[0]);
            // Protected: the unit cells locked, the input cells not.
            Assert.Equal("True True False", lines[1]);
            Assert.Equal("单位编号|单位名称|一般公共预算收入·完成值|一般公共预算收入·目标值|规上工业应税销售增幅·完成值|规上工业应税销售增幅·上期值|新开工亿元以上项目|腾出净地(亩)|为民办实事完成率|"
                + "表彰加分·奖项1|表彰加分·级别1|表彰加分·奖项2|表彰加分·级别2|表彰加分·奖项3|表彰加分·级别3|红黄牌督办·红牌次数|红黄牌督办·黄牌次数", lines[2]);
            Assert.Equal("unit|name|revenue.value|revenue.target|industry.value|industry.previous|projects.value|land.value|livelihood.value|honors.item1|honors.level1|honors.item2|honors.level2|honors.item3|honors.level3|cards.count.red|cards.count.yellow", lines[3]);
            Assert.Equal("T1:城东街道|T2:城西街道|T3:江海街道|T4:新港镇|T5:北湖镇", lines[4]);
            Assert.Equal("K3:K7=\"national,province,city\";M3:M7=\"national,province,city\";O3:O7=\"national,province,city\";D3:D6=\"优,良,中,差\"", lines[5]);

            var bytes = await File.ReadAllBytesAsync(filled);
            // The preview lists what would change and stores nothing.
            var preview = await JsonOf(await admin.PostAsync(Q3 + "/data/import?preview=true", Upload(bytes, "filled.xlsx")));
            Assert.Equal((7, 0, false), (preview.GetProperty("imported").GetInt32(), preview.GetProperty("unchanged").GetInt32(), preview.GetProperty("stored").GetBoolean()));
            Assert.Equal("T1 revenue {\"value\":12.6,\"target\":11} → {\"value\":13.2,\"target\":12} approved 镇街!C3",
                preview.GetProperty("changes").EnumerateArray().Select(c => $"{c.GetProperty("unit").GetString()} {c.GetProperty("indicator").GetString()} {c.GetProperty("before").GetRawText()} → {c.GetProperty("after").GetRawText()} {c.GetProperty("state").GetString()} {c.GetProperty("sheet").GetString()}!{c.GetProperty("cell").GetString()}").First());
            var exported = (await JsonOf(await admin.GetAsync(Q3 + "/scheme"))).GetProperty("data");
            Assert.Equal("""{"value":12.6,"target":11}""", JsonSerializer.Serialize(exported.GetProperty("T1").GetProperty("revenue")));

            var imported = await admin.PostAsync(Q3 + "/data/import", Upload(bytes, "filled.xlsx"));
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
            var result = await JsonOf(imported);
            Assert.Equal((7, true), (result.GetProperty("imported").GetInt32(), result.GetProperty("stored").GetBoolean()));

            // The scheme's export holds exactly the file's figures (the percent cell as shown, 98), and T1's industry as it was.
            var data = (await JsonOf(await admin.GetAsync(Q3 + "/scheme"))).GetProperty("data");
            string D(string unit, string indicator) => JsonSerializer.Serialize(data.GetProperty(unit).GetProperty(indicator), Pacesetter.Scoring.Output.JsonFormats.Compact);
            Assert.Equal(["""{"value":13.2,"target":12}""", "1250", "98", """[{"item":"招商引资","level":"city"}]""", """{"yellow":2}""", """{"value":148,"previous":120}""", "\"良\"", "2"],
                [D("T1", "revenue"), D("T1", "land"), D("T1", "livelihood"), D("T1", "honors"), D("T1", "cards"), D("T1", "industry"), D("D1", "service"), D("D1", "complaints")]);
            // Kept with its checksum, audited per unit; importing the same file again changes nothing.
            await using (var db = app.NewDb())
            {
                var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
                Assert.Equal((sha, 7), await db.DataImportFiles.Select(f => new ValueTuple<string, int>(f.Sha256, f.Count)).SingleAsync());
                Assert.Equal(["D1", "T1"], await db.AuditEntries.Where(e => e.OrganizationId == org && e.Kind == "data.sheet").OrderBy(e => e.Unit).Select(e => e.Unit!).ToListAsync());
                Assert.All(await db.AuditEntries.Where(e => e.Kind == "data.sheet").Select(e => e.Reason).ToListAsync(), r => Assert.Contains(sha, r));
            }
            // The audit page says the unit's imported data by indicator names, values in words and states.
            var office = await app.SignedIn("zone-admin", SchemeTestSupport.Password);
            var audit = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await office.GetStringAsync("/orgs/zone/audit?kind=data.sheet&unit=D1"));
            var line = System.Text.RegularExpressions.Regex.Replace(Assert.Single(audit.QuerySelectorAll("#audit tbody tr")).TextContent, @"\s+", " ");
            Assert.Contains("服务对象评议：优（已通过） → 良（已通过）", line);
            Assert.Contains("信访与投诉：（无） → 2（已通过）", line);
            Assert.Contains("filled.xlsx", line);
            var again = await JsonOf(await admin.PostAsync(Q3 + "/data/import", Upload(bytes, "filled.xlsx")));
            Assert.Equal((0, 7), (again.GetProperty("imported").GetInt32(), again.GetProperty("unchanged").GetInt32()));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_reporters_long_table_made_by_LibreOffice_enters_drafts_and_broken_files_store_nothing()
    {
        using var app = new TestApp("Sqlite");
        var org = await app.Organization("zone");
        var admin = await app.ApiAs(org, "zone-admin", OrgRole.Admin);
        var scheme = SchemeTestSupport.ExampleJson();
        scheme["data"] = new JsonObject();
        // The file's exemption names an event of its data: without the data, without the adjustments.
        scheme["adjustments"] = new JsonArray();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutScheme("zone", "2026-Q3", Encoding.UTF8.GetBytes(scheme.ToJsonString()))).StatusCode);
        await app.User(org, "zone-t1", OrgRole.Reporter, unit: "T1");
        var reporter = await TokenAsync(app, org, "zone-t1");

        // A reporter's template holds its unit only.
        var dir = Office.Folder();
        try
        {
            var template = Path.Combine(dir, "t1.xlsx");
            await File.WriteAllBytesAsync(template, await reporter.GetByteArrayAsync(Q3 + "/template.xlsx"));
            var lines = (await Office.PythonAsync("""
                import sys, openpyxl
                wb = openpyxl.load_workbook(sys.argv[1])
                print('|'.join(wb.sheetnames))
                ws = wb.worksheets[0]
                print('|'.join(f'{ws.cell(row=r, column=1).value}:{ws.cell(row=r, column=2).value}' for r in range(3, ws.max_row + 1)))
                """, template)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(["镇街|填报说明", "T1:城东街道"], lines);

            // The long shape with Chinese headers, a unit by name, an indicator by name, a thousands separator; LibreOffice makes the .xlsx.
            var csv = Path.Combine(dir, "long.csv");
            await File.WriteAllTextAsync(csv, "单位,指标,值,目标,上期\n城东街道,一般公共预算收入,13.5,12,\nT1,腾出净地(亩),\"1,300\",,\n", new UTF8Encoding(true));
            await Office.ConvertAsync([csv], dir, "xlsx", "CSV:44,34,76,1");
            var xlsx = await File.ReadAllBytesAsync(Path.Combine(dir, "long.xlsx"));
            var imported = await reporter.PostAsync(Q3 + "/data/import", Upload(xlsx, "long.xlsx"));
            Assert.True(imported.StatusCode == HttpStatusCode.OK, await imported.Content.ReadAsStringAsync());
            await using (var db = app.NewDb())
            {
                Assert.Equal(["T1 land 1300 Draft zone-t1", "T1 revenue {\"value\":13.5,\"target\":12} Draft zone-t1"],
                    (await db.DatumEntries.Where(d => d.OrganizationId == org).ToListAsync()).OrderBy(d => d.IndicatorId).Select(d => $"{d.UnitCode} {d.IndicatorId} {d.Value} {d.State} {d.UpdatedBy}"));
            }

            // Another unit's figure, a word for a number, a line without its target: each at its cell, nothing stored.
            var bad = Encoding.UTF8.GetBytes("unit,indicator,value,target,previous\nT2,revenue,10,9,\nT1,land,12a,,\nT1,revenue,14,,\n");
            var refused = await reporter.PostAsync(Q3 + "/data/import", Upload(bad, "数据.csv"));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal(["数据!C3: “12a”不是数字", "数据!D4: “一般公共预算收入”须填写目标值", "数据!C2: 您不能填报“城西街道”的“一般公共预算收入”"], Problems(await JsonOf(refused)));
            // Not a spreadsheet; empty; too large (refused from its length, before reading).
            Assert.Equal(["文件不是 Excel 工作簿（.xlsx）或 CSV 文件（按文件内容识别）"], Problems(await JsonOf(await reporter.PostAsync(Q3 + "/data/import", Upload(Encoding.UTF8.GetBytes("hello"), "notes.txt")))));
            var huge = await reporter.PostAsync(Q3 + "/data/import", Upload(new byte[21 * 1024 * 1024], "huge.xlsx"));
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
            await using (var db = app.NewDb())
            {
                Assert.Equal(2, await db.DatumEntries.CountAsync(d => d.OrganizationId == org));
                Assert.Equal(1, await db.DataImportFiles.CountAsync());
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Formulas_dates_merged_cells_and_a_zip_bomb_are_said_at_their_place_and_nothing_is_stored()
    {
        using var app = new TestApp("Sqlite");
        var org = await app.Organization("zone");
        var admin = await app.ApiAs(org, "zone-admin", OrgRole.Admin);
        var scheme = SchemeTestSupport.ExampleJson();
        scheme["data"] = new JsonObject();
        scheme["adjustments"] = new JsonArray();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutScheme("zone", "2026-Q3", Encoding.UTF8.GetBytes(scheme.ToJsonString()))).StatusCode);
        var dir = Office.Folder();
        try
        {
            // openpyxl stores a formula without its calculated value (as a program that never calculated it); a date; a
            // merged cell over two units' land (its value stands in the first cell only).
            var book = Path.Combine(dir, "long.xlsx");
            await Office.PythonAsync("""
                import sys, datetime, openpyxl
                wb = openpyxl.Workbook(); ws = wb.active; ws.title = '十一月'
                ws.append(['单位', '指标', '值', '目标'])
                ws.append(['T1', 'revenue', '=12+1', 12])
                ws.append(['T2', 'land', datetime.date(2026, 11, 3)])
                ws.append(['T3', 'land', 300]); ws.append(['T4', 'land', None])
                ws.merge_cells('C4:C5')
                wb.save(sys.argv[1])
                """, book);
            var refused = await admin.PostAsync(Q3 + "/data/import", Upload(await File.ReadAllBytesAsync(book), "long.xlsx"));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal(["十一月!C2: 公式没有计算结果，请在 Excel 中打开并保存后再导入", "十一月!C3: “2026-11-03”不是数字"], Problems(await JsonOf(refused)));

            // A ZIP whose one entry unpacks to 300 MB of zeros (about 300 KB packed): refused from its directory.
            var bomb = Path.Combine(dir, "bomb.xlsx");
            await Office.PythonAsync("""
                import sys, zipfile
                with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
                    z.writestr('[Content_Types].xml', '<Types/>')
                    with z.open('xl/worksheets/sheet1.xml', 'w', force_zip64=True) as f:
                        block = bytes(1024 * 1024)
                        for _ in range(300): f.write(block)
                """, bomb);
            var bombed = await admin.PostAsync(Q3 + "/data/import", Upload(await File.ReadAllBytesAsync(bomb), "bomb.xlsx"));
            Assert.Equal(HttpStatusCode.BadRequest, bombed.StatusCode);
            Assert.Equal(["工作簿解压后超过 256 MB"], Problems(await JsonOf(bombed)));
            await using var db = app.NewDb();
            Assert.Equal((0, 0), (await db.DatumEntries.CountAsync(d => d.OrganizationId == org), await db.DataImportFiles.CountAsync()));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
