using System.IO.Compression;
using System.Text;
using Pacesetter.App.DataEntry;
using Pacesetter.Scoring;
using static Pacesetter.Web.Tests.DataEntry.EvidenceSamples;

namespace Pacesetter.Web.Tests.DataEntry;

/// <summary>
/// Evidence is told by its container, not only its first bytes (ADR 0045): each bad file of the security review (issue #13)
/// is built here from its description and refused with the reason, and real small files still pass.
/// </summary>
public class EvidenceContainerTests
{
    private const string Path = "$.file";

    private static Problem? Refusal(byte[] content) => EvidenceFiles.Inspect(Path, content).Refusal;

    private static byte[] Concat(byte[] a, string b) => [.. a, .. Encoding.ASCII.GetBytes(b)];

    [Fact]
    public void Real_pdf_png_jpeg_docx_and_xlsx_files_pass_with_their_types()
    {
        Assert.Equal(new EvidenceVerdict(EvidenceFiles.Pdf, null), EvidenceFiles.Inspect(Path, Pdf()));
        Assert.Equal(new EvidenceVerdict(EvidenceFiles.Png, null), EvidenceFiles.Inspect(Path, Png()));
        Assert.Equal(new EvidenceVerdict(EvidenceFiles.Jpeg, null), EvidenceFiles.Inspect(Path, Jpeg()));
        Assert.Equal(new EvidenceVerdict(EvidenceFiles.Docx, null), EvidenceFiles.Inspect(Path, Docx()));
        Assert.Equal(new EvidenceVerdict(EvidenceFiles.Xlsx, null), EvidenceFiles.Inspect(Path, Xlsx()));
        // A JPEG padded with zeros (some cameras do) still ends at its EOI.
        Assert.Equal(EvidenceFiles.Jpeg, EvidenceFiles.Detect([.. Jpeg(), 0, 0, 0, 0]));
        // Not an accepted type at all: neither a type nor a refusal (each caller says its "only PDF, PNG, …").
        Assert.Equal(new EvidenceVerdict(null, null), EvidenceFiles.Inspect(Path, [0x4D, 0x5A, 0x90, 0]));
    }

    [Fact]
    public void A_five_byte_pdf_header_is_refused_as_too_short()
    {
        Assert.Equal(new Problem(Path, "Evidence: the PDF file is too short to be a document (5 bytes; at least 32).", "“佐证材料”PDF 文件过短，不是文档（5 字节，至少 32 字节）。"),
            Refusal("%PDF-"u8.ToArray()));
    }

    [Fact]
    public void A_pdf_that_is_also_a_web_page_is_refused_whether_the_page_is_appended_or_in_a_leading_comment()
    {
        var appended = Refusal(Concat(Pdf(), Html));
        var leading = Refusal(Encoding.ASCII.GetBytes("%PDF-1.4\n% <SCRIPT>alert(1)</SCRIPT>\n").Concat(Pdf().Skip("%PDF-1.4\n".Length)).ToArray());

        Assert.Equal(new Problem(Path, "Evidence: the PDF file contains web page markup (<html); a file that is also a web page is refused.", "“佐证材料”PDF 文件中含有网页代码（<html）；同时也是网页的文件不予接受。"), appended);
        Assert.Equal(new Problem(Path, "Evidence: the PDF file contains web page markup (<script); a file that is also a web page is refused.", "“佐证材料”PDF 文件中含有网页代码（<script）；同时也是网页的文件不予接受。"), leading);
    }

    [Fact]
    public void A_pdf_without_a_version_or_cut_before_its_end_marker_is_refused()
    {
        var pdf = Pdf();
        var noVersion = Encoding.ASCII.GetBytes("%PDF-x.y\n").Concat(pdf.Skip(9)).ToArray();
        var cut = pdf[..^7]; // "%%EOF\n" and the line end before it gone

        Assert.Equal(new Problem(Path, "Evidence: the PDF header has no version (%PDF-1.x or %PDF-2.x).", "“佐证材料”PDF 文件头没有版本号（应为 %PDF-1.x 或 %PDF-2.x）。"), Refusal(noVersion));
        Assert.Equal(new Problem(Path, "Evidence: the PDF file has no end marker (%%EOF) in its last 1 KB; it is cut short or has something appended.", "“佐证材料”PDF 文件最后 1 KB 内没有结束标记（%%EOF），文件不完整或后面附加了其他内容。"), Refusal(cut));
        // "%%EOF\n" and 1,018 spaces are exactly the last 1,024 bytes; one space more and the marker's first % is out.
        Assert.Null(Refusal(Concat(pdf, new string(' ', 1018))));
        Assert.NotNull(Refusal(Concat(pdf, new string(' ', 1019))));
    }

    [Fact]
    public void A_png_with_a_web_page_after_its_IEND_is_refused_with_the_count_of_trailing_bytes()
    {
        // Html is 38 characters: <html> 6, <script> 8, alert(1) 8, </script> 9, </html> 7.
        Assert.Equal(new Problem(Path, "Evidence: the PNG file has 38 bytes after its end (IEND); a picture with something appended is refused.", "“佐证材料”PNG 文件在结束块（IEND）之后还有 38 字节；附加了其他内容的图片不予接受。"),
            Refusal(Concat(Png(), Html)));
    }

    [Fact]
    public void A_png_whose_chunks_do_not_walk_or_that_holds_no_image_data_is_refused()
    {
        var damaged = new Problem(Path, "Evidence: the PNG file's chunks are damaged (a chunk runs past the end of the file, or IHDR is not first).", "“佐证材料”PNG 文件的数据块已损坏（数据块超出文件末尾，或第一个数据块不是 IHDR）。");
        var png = Png();
        // The signature and the start of an IHDR only (the fixture the evidence tests used before).
        Assert.Equal(damaged, Refusal(png[..16]));
        // Cut inside IDAT.
        Assert.Equal(damaged, Refusal(png[..40]));
        // IDAT first: the signature (8) and IHDR (12 + 13 = 25) removed.
        Assert.Equal(damaged, Refusal([.. png[..8], .. png[33..]]));
        // IHDR straight to IEND.
        Assert.Equal(new Problem(Path, "Evidence: the PNG file holds no image data (IDAT).", "“佐证材料”PNG 文件没有图像数据（IDAT）。"), Refusal([.. png[..33], .. png[^12..]]));
    }

    [Fact]
    public void A_jpeg_that_does_not_end_at_its_EOI_or_carries_a_script_is_refused()
    {
        var noEnd = new Problem(Path, "Evidence: the JPEG file does not end with its end marker (FF D9); it is cut short or has something appended.", "“佐证材料”JPEG 文件不以结束标记（FF D9）结尾，文件不完整或后面附加了其他内容。");
        Assert.Equal(noEnd, Refusal(Concat(Jpeg(), Html)));
        Assert.Equal(noEnd, Refusal(Jpeg()[..^2]));
        // A comment segment (FF FE, length 2 + 8) holding "<script>", the file otherwise whole.
        byte[] withComment = [0xFF, 0xD8, 0xFF, 0xFE, 0x00, 0x0A, .. "<script>"u8, .. Jpeg()[2..]];
        Assert.Equal(new Problem(Path, "Evidence: the JPEG file contains web page markup (<script); a file that is also a web page is refused.", "“佐证材料”JPEG 文件中含有网页代码（<script）；同时也是网页的文件不予接受。"), Refusal(withComment));
    }

    [Theory]
    [InlineData("../../evil.sh", "../../evil.sh")]
    [InlineData("/etc/cron.d/evil", "/etc/cron.d/evil")]
    [InlineData("C:/Windows/evil.dll", "C:/Windows/evil.dll")]
    [InlineData("word\\..\\..\\evil.sh", "word\\..\\..\\evil.sh")]
    [InlineData("word/./document2.xml", "word/./document2.xml")]
    [InlineData("word//evil.xml", "word//evil.xml")]
    [InlineData("word/evil\u0001.xml", "word/evilU+0001.xml")]
    public void A_document_holding_an_entry_that_is_not_a_clean_relative_name_is_refused_naming_it(string entry, string shown)
    {
        Assert.Equal(new Problem(Path, $"Evidence: the Word or Excel file holds an entry with an unsafe name (\"{shown}\"): entry names must be relative, without \"..\", drive letters, backslashes or control characters.",
            $"“佐证材料”Word 或 Excel 文件中有名称不安全的条目（“{shown}”）：条目名称须为相对路径，不能含“..”、盘符、反斜杠或控制字符。"),
            Refusal(Zip((entry, null))));
    }

    [Fact]
    public void A_docx_declaring_300_MB_expanded_is_refused_though_it_is_a_few_hundred_KB()
    {
        var bomb = Zip(("word/media/blank.bin", Zeros(300L * 1024 * 1024)));

        Assert.InRange(bomb.Length, 1, 1024 * 1024);
        Assert.Equal(new Problem(Path, "Evidence: the Word or Excel file expands to more than 100 MB.", "“佐证材料”Word 或 Excel 文件解压后超过 100 MB。"), Refusal(bomb));
    }

    [Fact]
    public void Many_small_entries_expanding_past_100_MB_are_refused_and_one_entry_compressed_above_200_to_1_is_refused()
    {
        // Entries of 1 MB are not held to the ratio (1 MB is not above 1 MB). 100 of them and the two 4-byte parts:
        // 100 × 1,048,576 + 8 = 104,857,608 bytes, 8 over 100 MB (104,857,600); 99 of them: 103,809,032, within.
        var many = Zip([.. Enumerable.Range(1, 100).Select(i => ($"word/media/{i}.bin", (Action<Stream>?)Zeros(1024 * 1024)))]);
        var fewer = Zip([.. Enumerable.Range(1, 99).Select(i => ($"word/media/{i}.bin", (Action<Stream>?)Zeros(1024 * 1024)))]);
        // One entry of 20 MB of zeros: about 1000:1.
        var dense = Zip(("word/media/blank.bin", Zeros(20L * 1024 * 1024)));

        Assert.Equal(new Problem(Path, "Evidence: the Word or Excel file expands to more than 100 MB.", "“佐证材料”Word 或 Excel 文件解压后超过 100 MB。"), Refusal(many));
        Assert.Equal(EvidenceFiles.Docx, EvidenceFiles.Detect(fewer));
        Assert.Equal(new Problem(Path, "Evidence: the Word or Excel file's entry \"word/media/blank.bin\" is compressed more than 200:1.", "“佐证材料”Word 或 Excel 文件的条目“word/media/blank.bin”压缩比超过 200:1。"), Refusal(dense));
    }

    [Fact]
    public void An_xlsx_of_60000_entries_is_refused_and_5000_entries_pass()
    {
        static byte[] Workbook(int entries)
        {
            using var buffer = new MemoryStream();
            using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            {
                zip.CreateEntry("[Content_Types].xml");
                zip.CreateEntry("xl/workbook.xml");
                for (var i = 2; i < entries; i++) zip.CreateEntry($"xl/media/{i}.bin", CompressionLevel.NoCompression);
            }
            return buffer.ToArray();
        }

        Assert.Equal(new Problem(Path, "Evidence: the Word or Excel file holds 60000 entries; at most 5000 are accepted.", "“佐证材料”Word 或 Excel 文件包含 60000 个条目，最多接受 5000 个。"), Refusal(Workbook(60_000)));
        Assert.Equal(new Problem(Path, "Evidence: the Word or Excel file holds 5001 entries; at most 5000 are accepted.", "“佐证材料”Word 或 Excel 文件包含 5001 个条目，最多接受 5000 个。"), Refusal(Workbook(5001)));
        Assert.Equal(EvidenceFiles.Xlsx, EvidenceFiles.Detect(Workbook(5000)));
    }

    [Fact]
    public void A_file_that_starts_like_a_zip_but_is_not_one_is_refused_and_a_plain_zip_is_not_a_document()
    {
        Assert.Equal(new Problem(Path, "Evidence: the file starts like a Word or Excel file but is not a readable ZIP archive.", "“佐证材料”文件开头像 Word 或 Excel 文件，但不是可读取的 ZIP 压缩包。"),
            Refusal([0x50, 0x4B, 0x03, 0x04, .. "not really a zip"u8]));
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true)) zip.CreateEntry("payload.exe");
        Assert.Equal(new EvidenceVerdict(null, null), EvidenceFiles.Inspect(Path, buffer.ToArray()));
    }

    [Fact]
    public void Check_says_the_refusal_at_the_files_place_and_keeps_a_real_file_under_its_checked_name()
    {
        var (type, name, problem) = EvidenceFiles.Check("$.file[1]", "  C:\\扫描\\现场照片.png. ", Png(), 10 * 1024 * 1024);
        Assert.Equal((EvidenceFiles.Png, "现场照片.png", (Problem?)null), (type, name, problem));

        var refused = EvidenceFiles.Check("$.file[1]", "报告.pdf", "%PDF-"u8.ToArray(), 10 * 1024 * 1024);
        Assert.Equal("$.file[1]", refused.Problem!.Path);
        Assert.Equal("Evidence: the PDF file is too short to be a document (5 bytes; at least 32).", refused.Problem.English);
    }
}
