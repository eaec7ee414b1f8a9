using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace Pacesetter.Web.Tests.DataEntry;

/// <summary>Evidence files: stored with their SHA-256, refused above 10 MB or when the content is not an accepted type, read only by who may read the datum.</summary>
public class EvidenceTests
{
    private static readonly byte[] PdfBytes = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
    private static readonly byte[] PngBytes = EvidenceSamples.Png();
    private static readonly byte[] ExeBytes = [0x4D, 0x5A, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF];

    private static async Task<HttpResponseMessage> Upload(HttpClient browser, string unit, string indicator, string name, byte[] content)
    {
        var page = await browser.GetStringAsync(EntryWorld.EntryUrl);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(TestApp.AntiforgeryToken(page)), "__RequestVerificationToken" },
            { new StringContent(unit), "unit" },
            { new StringContent(indicator), "indicator" },
        };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", name);
        return await browser.PostAsync(EntryWorld.EntryUrl + "?handler=Upload", form);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_pdf_is_stored_with_its_exact_sha256_and_downloads_unchanged(string provider)
    {
        using var world = await EntryWorld.CreateAsync(provider);
        var browser = await world.Browser("rep-t1");

        var response = await Upload(browser, "T1", "revenue", "收入报表.pdf", PdfBytes);

        var sha = Convert.ToHexStringLower(SHA256.HashData(PdfBytes));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"SHA-256 {sha}", html);
        await using var db = world.Db();
        var evidence = await db.Evidence.SingleAsync();
        Assert.Equal((sha, "application/pdf", (long)PdfBytes.Length, "收入报表.pdf", "rep-t1"), (evidence.Sha256, evidence.ContentType, evidence.Size, evidence.FileName, evidence.UploadedBy));
        var link = Regex.Match(html, "href=\"([^\"]*handler=Evidence&(?:amp;)?id=\\d+)\"").Groups[1].Value.Replace("&amp;", "&");
        Assert.StartsWith(EntryWorld.EntryUrl + "?handler=Evidence&id=", link);
        var download = await browser.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(PdfBytes, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal(("attachment", "收入报表.pdf", "nosniff"), (download.Content.Headers.ContentDisposition!.DispositionType, download.Content.Headers.ContentDisposition.FileNameStar, string.Join(",", download.Headers.GetValues("X-Content-Type-Options"))));
        // Another unit's reporter cannot download it.
        var other = await (await world.Browser("rep-t2")).GetAsync(link);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Kind == "evidence.add"));
    }

    [Fact]
    public async Task A_file_one_byte_above_10_MB_is_refused_for_its_size()
    {
        using var world = await EntryWorld.CreateAsync();
        var browser = await world.Browser("rep-t1");
        var big = new byte[Limits.EvidenceBytes + 1];
        PdfBytes.CopyTo(big, 0);

        var response = await Upload(browser, "T1", "revenue", "big.pdf", big);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("文件“big.pdf”超过 10 MB 的大小限制", await response.Content.ReadAsStringAsync());
        await using var db = world.Db();
        Assert.Equal(0, await db.Evidence.CountAsync());
    }

    [Fact]
    public async Task A_png_named_pdf_is_accepted_as_png_and_an_exe_named_pdf_is_refused()
    {
        using var world = await EntryWorld.CreateAsync();
        var browser = await world.Browser("rep-t1");

        var png = await Upload(browser, "T1", "revenue", "scan.pdf", PngBytes);
        var exe = await Upload(browser, "T1", "revenue", "report.pdf", ExeBytes);

        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, exe.StatusCode);
        Assert.Contains("文件“report.pdf”的内容不是允许的类型", await exe.Content.ReadAsStringAsync());
        await using var db = world.Db();
        var stored = await db.Evidence.SingleAsync();
        Assert.Equal(("scan.pdf", "image/png"), (stored.FileName, stored.ContentType));
    }

    [Fact]
    public async Task Real_pdf_png_jpeg_docx_and_xlsx_files_upload_and_download_as_attachments_with_nosniff()
    {
        using var world = await EntryWorld.CreateAsync();
        var browser = await world.Browser("rep-t1");
        var files = new[] { ("说明.pdf", EvidenceSamples.Pdf()), ("现场.png", EvidenceSamples.Png()), ("照片.jpg", EvidenceSamples.Jpeg()), ("说明.docx", EvidenceSamples.Docx()), ("台账.xlsx", EvidenceSamples.Xlsx()) };

        foreach (var (name, content) in files) Assert.Equal(HttpStatusCode.OK, (await Upload(browser, "T1", "revenue", name, content)).StatusCode);

        await using var db = world.Db();
        var stored = await db.Evidence.OrderBy(e => e.Id).Select(e => new { e.Id, e.FileName, e.ContentType }).ToListAsync();
        Assert.Equal(["说明.pdf application/pdf", "现场.png image/png", "照片.jpg image/jpeg", "说明.docx application/vnd.openxmlformats-officedocument.wordprocessingml.document", "台账.xlsx application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
            stored.Select(e => $"{e.FileName} {e.ContentType}"));
        foreach (var e in stored)
        {
            var download = await browser.GetAsync($"{EntryWorld.EntryUrl}?handler=Evidence&id={e.Id}");
            Assert.Equal(("attachment", e.FileName, "nosniff"), (download.Content.Headers.ContentDisposition!.DispositionType, download.Content.Headers.ContentDisposition.FileNameStar, string.Join(",", download.Headers.GetValues("X-Content-Type-Options"))));
        }
    }

    [Fact]
    public async Task A_pdf_that_is_also_a_web_page_and_a_png_with_a_page_appended_are_refused_over_http_saying_why()
    {
        using var world = await EntryWorld.CreateAsync();
        var browser = await world.Browser("rep-t1");

        var pdf = await Upload(browser, "T1", "revenue", "收入报表.pdf", [.. EvidenceSamples.Pdf(), .. Encoding.ASCII.GetBytes(EvidenceSamples.Html)]);
        var png = await Upload(browser, "T1", "revenue", "现场.png", [.. EvidenceSamples.Png(), .. Encoding.ASCII.GetBytes(EvidenceSamples.Html)]);
        var pdfHeader = await Upload(browser, "T1", "revenue", "空.pdf", "%PDF-"u8.ToArray());

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (pdf.StatusCode, png.StatusCode, pdfHeader.StatusCode));
        Assert.Contains("文件“收入报表.pdf”未上传：“佐证材料”PDF 文件中含有网页代码（<html）；同时也是网页的文件不予接受。", WebUtility.HtmlDecode(await pdf.Content.ReadAsStringAsync()));
        Assert.Contains("文件“现场.png”未上传：“佐证材料”PNG 文件在结束块（IEND）之后还有 38 字节；附加了其他内容的图片不予接受。", WebUtility.HtmlDecode(await png.Content.ReadAsStringAsync()));
        Assert.Contains("文件“空.pdf”未上传：“佐证材料”PDF 文件过短，不是文档（5 字节，至少 32 字节）。", WebUtility.HtmlDecode(await pdfHeader.Content.ReadAsStringAsync()));
        await using var db = world.Db();
        Assert.Equal(0, await db.Evidence.CountAsync());
    }

    [Fact]
    public async Task A_file_name_with_a_right_to_left_override_is_refused_over_http_and_a_padded_name_is_kept_trimmed()
    {
        using var world = await EntryWorld.CreateAsync();
        var browser = await world.Browser("rep-t1");

        var rtl = await Upload(browser, "T1", "revenue", "发票\u202Efdp.exe", PdfBytes);
        var padded = await Upload(browser, "T1", "revenue", " 发票.pdf. ", PdfBytes);

        Assert.Equal(HttpStatusCode.BadRequest, rtl.StatusCode);
        Assert.Contains("文件名“发票[U+202E]fdp.exe”不能包含文字方向控制字符（U+202E），它们可能伪装文件的类型。", WebUtility.HtmlDecode(await rtl.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.OK, padded.StatusCode);
        await using var db = world.Db();
        Assert.Equal("发票.pdf", (await db.Evidence.SingleAsync()).FileName);
    }

    [Fact]
    public async Task An_office_document_is_told_by_its_parts_and_a_plain_zip_is_refused()
    {
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", App.DataEntry.EvidenceFiles.Detect(Zip("[Content_Types].xml", "xl/workbook.xml"))?.ContentType);
        Assert.Equal(".docx", App.DataEntry.EvidenceFiles.Detect(Zip("[Content_Types].xml", "word/document.xml"))?.Extension);
        Assert.Null(App.DataEntry.EvidenceFiles.Detect(Zip("payload.exe")));
        await Task.CompletedTask;
    }

    private static byte[] Zip(params string[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var e in entries)
            {
                using var w = new StreamWriter(zip.CreateEntry(e).Open());
                w.Write("<x/>");
            }
        }
        return buffer.ToArray();
    }
}
