using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Accounts;
using Pacesetter.Web.Tests.Exports;
using Pacesetter.Web.Tests.Schemes;

namespace Pacesetter.Web.Tests.Exemptions;

/// <summary>
/// The 容错免责 register and its forms (issue #11 §2): evidence attached to an application (by the page's form, or by
/// the API afterwards), checked by content and kept all or nothing; what a unit may apply for named from the period's
/// scheme and data; the register filtered by year, state and unit, and its .xlsx opened by openpyxl; the office's
/// decision from the page.
/// </summary>
public sealed class ExemptionRegisterTests
{
    private const string Api = "/api/orgs/zone/exemptions";
    private const string Register = "/orgs/zone/exemptions";
    private static readonly HtmlParser Parser = new();
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
    private static readonly byte[] Png = DataEntry.EvidenceSamples.Png();

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static List<string> Problems(JsonElement body) =>
        [.. body.GetProperty("problems").EnumerateArray().Select(p => $"{p.GetProperty("path").GetString()}: {p.GetProperty("message").GetString()}")];

    private static MultipartFormDataContent Files(string field, params (string Name, byte[] Content)[] files)
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, bytes) in files) content.Add(new ByteArrayContent(bytes), field, name);
        return content;
    }

    private static async Task<(TestApp App, int Org, HttpClient Admin, HttpClient T2)> OpenAsync(string provider)
    {
        var app = new TestApp(provider);
        var org = await app.Organization("zone");
        var admin = await app.ApiAs(org, "zone-admin", OrgRole.Admin);
        await app.User(org, "zone-t2", OrgRole.Reporter, unit: "T2");
        await using var db = app.NewDb();
        var t2 = app.Api(await app.Token(org, await db.Users.Where(u => u.UserName == "zone-t2").Select(u => u.Id).SingleAsync()));
        Assert.Equal(HttpStatusCode.OK, (await admin.PutScheme("zone", "2026-Q3", SchemeTestSupport.Example())).StatusCode);
        return (app, org, admin, t2);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Evidence_is_checked_by_content_kept_all_or_nothing_and_read_only_by_who_reads_the_application(string provider)
    {
        var (app, org, admin, t2) = await OpenAsync(provider);
        using var _ = app;
        var id = (await JsonOf(await t2.PostAsJsonAsync(Api, new { period = "2026-Q3", unit = "T2", @ref = "cards/c2", reason = "暴雨停工" }))).GetProperty("id").GetInt32();

        // A PDF and a PNG in one request: both kept, named as sent, typed by content.
        var added = await t2.PostAsync($"{Api}/{id}/evidence", Files("file", ("气象证明.pdf", Pdf), ("现场照片.png", Png)));
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var files = (await JsonOf(added)).GetProperty("evidence").EnumerateArray().Select(e => (e.GetProperty("file").GetString(), e.GetProperty("type").GetString(), e.GetProperty("size").GetInt64())).ToList();
        Assert.Equal([("气象证明.pdf", "application/pdf", (long)Pdf.Length), ("现场照片.png", "image/png", (long)Png.Length)], files);
        // A text file named .pdf among good ones: the whole request refused at its place, nothing added.
        var bad = await t2.PostAsync($"{Api}/{id}/evidence", Files("file", ("说明.pdf", Pdf), ("假的.pdf", Encoding.UTF8.GetBytes("不是PDF"))));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["$.file[1]: “佐证材料”只接受 PDF、PNG、JPEG、Word（.docx）或 Excel（.xlsx）文件（按文件内容识别）。"], Problems(await JsonOf(bad)));
        // A Word file declaring 300 MB expanded (a few hundred KB sent) and a name turned around by U+202E: each said at its place.
        var bomb = DataEntry.EvidenceSamples.Zip(("word/media/blank.bin", DataEntry.EvidenceSamples.Zeros(300L * 1024 * 1024)));
        var worse = await t2.PostAsync($"{Api}/{id}/evidence", Files("file", ("说明.docx", bomb), ("照片\u202Egnp.exe", Png)));
        Assert.Equal(["$.file[0]: “佐证材料”Word 或 Excel 文件解压后超过 100 MB。", "$.file[1]: 文件名“照片[U+202E]gnp.exe”不能包含文字方向控制字符（U+202E），它们可能伪装文件的类型。"], Problems(await JsonOf(worse)));
        // At most five per application: two kept, four more refused.
        var many = await t2.PostAsync($"{Api}/{id}/evidence", Files("file", ("1.pdf", Pdf), ("2.pdf", Pdf), ("3.pdf", Pdf), ("4.pdf", Pdf)));
        Assert.Equal(["$.file: 每项申请最多 5 个“佐证材料”文件（已有 2 个）。"], Problems(await JsonOf(many)));
        // Another unit's reporter neither adds nor reads; the office does both.
        await app.User(org, "zone-t1", OrgRole.Reporter, unit: "T1");
        await using (var db = app.NewDb())
        {
            var t1 = app.Api(await app.Token(org, await db.Users.Where(u => u.UserName == "zone-t1").Select(u => u.Id).SingleAsync()));
            Assert.Equal(HttpStatusCode.Forbidden, (await t1.PostAsync($"{Api}/{id}/evidence", Files("file", ("1.pdf", Pdf)))).StatusCode);
            var href = (await JsonOf(await admin.GetAsync($"{Api}/{id}"))).GetProperty("evidence")[0].GetProperty("href").GetString()!;
            Assert.Equal(HttpStatusCode.Forbidden, (await t1.GetAsync(href)).StatusCode);
            var download = await t2.GetAsync(href);
            Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
            Assert.Equal(("attachment", "nosniff"), (download.Content.Headers.ContentDisposition!.DispositionType, string.Join(",", download.Headers.GetValues("X-Content-Type-Options"))));
            Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
            Assert.Equal(2, await db.ExemptionEvidence.CountAsync(e => e.ExemptionId == id));
            // Audited with the files' checksums.
            var audit = await db.AuditEntries.Where(e => e.OrganizationId == org && e.Kind == "exemption.evidence").Select(e => e.After).SingleAsync();
            Assert.Contains(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Png)), audit);
        }
        // Decided: no more evidence (409).
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"{Api}/{id}/decision", new { decision = "refused", reason = "证明不足" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await t2.PostAsync($"{Api}/{id}/evidence", Files("file", ("1.pdf", Pdf)))).StatusCode);

        // The register's filters: state and unit; a state it does not know is said.
        var t4 = (await JsonOf(await admin.PostAsJsonAsync(Api, new { period = "2026-Q3", unit = "T4", @ref = "cards", reason = "上级统一调度" }))).GetProperty("id").GetInt32();
        static async Task<List<int>> Ids(HttpClient c, string query) => [.. (await JsonOf(await c.GetAsync(Api + query))).GetProperty("exemptions").EnumerateArray().Select(e => e.GetProperty("id").GetInt32())];
        Assert.Equal([t4], await Ids(admin, "?state=pending"));
        Assert.Equal([id], await Ids(admin, "?state=refused&unit=T2&year=2026"));
        Assert.Empty(await Ids(t2, "?unit=T4"));
        var unknown = await admin.GetAsync(Api + "?state=done");
        Assert.Equal(["state: “done”应为 pending（待决定）、granted（免责）、partial（减责）、refused（不予免责）之一"], Problems(await JsonOf(unknown)));
    }

    [Fact]
    public async Task A_reporter_applies_on_the_page_with_evidence_the_office_decides_there_and_the_register_exports_to_xlsx()
    {
        var (app, org, admin, _) = await OpenAsync("Sqlite");
        using var __ = app;
        var reporter = await app.SignedIn("zone-t2", SchemeTestSupport.Password);

        // What T2 may apply for, in words: c1 is exempted already by the file's x1.
        var apply = Parser.ParseDocument(await reporter.GetStringAsync(Register + "/apply?period=2026-Q3&unit=T2"));
        Assert.Equal(["cards|红黄牌督办（整项扣分）|", "cards/c1|红黄牌督办 · 事件 c1（红牌） （已免责或已有待决定的申请）|disabled", "cards/c2|红黄牌督办 · 事件 c2（黄牌）|"],
            apply.QuerySelectorAll("#application input[name=ref]").Select(i => $"{i.GetAttribute("value")}|{string.Join(" ", i.ParentElement!.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))}|{(i.HasAttribute("disabled") ? "disabled" : "")}"));
        // A reporter's units only: T2.
        Assert.Equal(["", "T2"], apply.QuerySelectorAll("#unit option").Select(o => o.GetAttribute("value")));

        var token = TestApp.AntiforgeryToken(apply.DocumentElement.OuterHtml);
        MultipartFormDataContent Form(string reason, params (string Name, byte[] Content)[] files)
        {
            var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new StringContent("2026-Q3"), "period" }, { new StringContent("T2"), "unit" }, { new StringContent("cards/c2"), "ref" }, { new StringContent(reason), "reason" } };
            foreach (var (name, bytes) in files) form.Add(new ByteArrayContent(bytes), "evidence", name);
            return form;
        }
        // A file that is not evidence: refused with its place in words, nothing stored.
        var refused = await reporter.PostAsync(Register + "/apply", Form("暴雨停工", ("气象证明.pdf", Pdf), ("记录.txt", Encoding.UTF8.GetBytes("文字"))));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("第 2 个佐证材料：“佐证材料”只接受 PDF、PNG、JPEG、Word（.docx）或 Excel（.xlsx）文件（按文件内容识别）。",
            Parser.ParseDocument(await refused.Content.ReadAsStringAsync()).QuerySelector("#errors li")!.TextContent);
        await using (var db = app.NewDb()) Assert.Equal(0, await db.Exemptions.CountAsync());

        var done = await reporter.PostAsync(Register + "/apply", Form("暴雨停工，经气象部门证明", ("气象证明.pdf", Pdf)));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        int id;
        await using (var db = app.NewDb()) id = await db.Exemptions.Select(e => e.Id).SingleAsync();
        var shown = Parser.ParseDocument(await reporter.GetStringAsync(Register));
        Assert.Equal($"已提交第 {id} 号容错免责申请，等待考核办决定。", shown.GetElementById("done")!.TextContent);
        var card = shown.GetElementById($"exemption-{id}")!;
        Assert.Equal(("红黄牌督办 · 事件 c2（黄牌）", "待决定", "气象证明.pdf"), (card.QuerySelector("[data-role=what]")!.TextContent, card.QuerySelector("[data-role=state]")!.TextContent, card.QuerySelector("[data-role=evidence] a")!.TextContent));
        // The reporter has no decision form; the office has.
        Assert.Null(card.QuerySelector("form.decide"));
        var office = await app.SignedIn("zone-admin", SchemeTestSupport.Password);
        var officePage = Parser.ParseDocument(await office.GetStringAsync(Register));
        Assert.NotNull(officePage.QuerySelector($"#exemption-{id} form.decide"));

        // 减责 with "50%": what remains is 0.5; a factor that is not a number is said in words, nothing decided.
        var officeToken = TestApp.AntiforgeryToken(officePage.DocumentElement.OuterHtml);
        FormUrlEncodedContent Decision(string factor) => new(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = officeToken,
            ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["decision"] = "partial",
            ["factor"] = factor,
            ["document"] = "容错〔2026〕3号",
            ["reason"] = "部分可归责",
        });
        var typo = await office.PostAsync(Register + "?handler=Decide", Decision("一半"));
        Assert.Equal(HttpStatusCode.BadRequest, typo.StatusCode);
        Assert.Equal("保留比例“一半”不是数字，如 0.5 或 50%。", Parser.ParseDocument(await typo.Content.ReadAsStringAsync()).QuerySelector($"#exemption-{id} [data-role=errors] li")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, (await office.PostAsync(Register + "?handler=Decide", Decision("50%"))).StatusCode);
        var decided = Parser.ParseDocument(await office.GetStringAsync(Register + "?state=partial")).GetElementById($"exemption-{id}")!;
        Assert.StartsWith("减责（保留 0.5）（容错〔2026〕3号）：部分可归责", decided.QuerySelector("[data-role=decision]")!.TextContent.Trim());
        Assert.Contains("形成考核方案第 2 版", decided.QuerySelector("[data-role=decision]")!.TextContent);
        var scheme = await JsonOf(await admin.GetAsync("/api/orgs/zone/periods/2026-Q3/scheme"));
        Assert.Equal("cards/c2 0.5 容错免责：容错〔2026〕3号：部分可归责", scheme.GetProperty("adjustments").EnumerateArray().Where(a => a.GetProperty("id").GetString() == $"exemption-{id}")
            .Select(a => $"{a.GetProperty("ref").GetString()} {a.GetProperty("factor").GetDecimal()} {a.GetProperty("reason").GetString()}").Single());
        Assert.Empty(Parser.ParseDocument(await office.GetStringAsync(Register + "?state=pending")).QuerySelectorAll("#register section"));

        // The audit page names what was applied for and the evidence file, not codes.
        var applyRow = System.Text.RegularExpressions.Regex.Replace(Parser.ParseDocument(await office.GetStringAsync("/orgs/zone/audit?kind=exemption.apply")).QuerySelector("#audit tbody tr")!.TextContent, @"\s+", " ");
        Assert.Contains("红黄牌督办 · 事件 c2", applyRow);
        Assert.Contains("佐证材料：（无） → 气象证明.pdf", applyRow);

        // The register as .xlsx, opened by openpyxl: the row as the page shows it, the times in Beijing time.
        var xlsx = await office.GetAsync(Register + "/register.xlsx?year=2026");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("2026年容错免责登记.xlsx", xlsx.Content.Headers.ContentDisposition!.FileNameStar);
        var dir = Office.Folder();
        var book = Path.Combine(dir, "register.xlsx");
        await File.WriteAllBytesAsync(book, await xlsx.Content.ReadAsByteArrayAsync());
        Office.Keep(book);
        var python = await Office.PythonAsync("""
            import sys, openpyxl
            ws = openpyxl.load_workbook(sys.argv[1]).active
            print(ws.title, ws.freeze_panes)
            for row in ws.iter_rows(min_row=2, max_row=3):
                print('|'.join('' if c.value is None else str(c.value) for c in row))
            """, book);
        var lines = python.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("容错免责登记 D3", lines[0]);
        Assert.Equal("编号|考核期|单位|申请免责事项|申请理由|申请人|申请时间|佐证材料|状态|保留比例|文号|决定理由|决定人|决定时间|方案版本", lines[1]);
        var cells = lines[2].Split('|');
        Assert.Equal([id.ToString(System.Globalization.CultureInfo.InvariantCulture), "2026-Q3", "城西街道", "红黄牌督办 · 事件 c2（黄牌）", "暴雨停工，经气象部门证明", "zone-t2"], cells[..6]);
        Assert.EndsWith(" 北京时间", cells[6]);
        Assert.Equal(["气象证明.pdf", "减责", "0.5", "容错〔2026〕3号", "部分可归责", "zone-admin"], cells[7..13]);
        Assert.Equal("2", cells[14]);
    }
}
