using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;

namespace Pacesetter.App.DataEntry;

/// <summary>An accepted evidence type, recognized by content: its MIME type and usual extension.</summary>
public sealed record EvidenceType(string ContentType, string Extension);

/// <summary>
/// What <see cref="EvidenceFiles.Inspect"/> found: the type, or (type null) a <paramref name="Refusal"/> saying why a file that
/// starts like an accepted type is not one; both null when the content is none of the accepted types at all.
/// </summary>
public sealed record EvidenceVerdict(EvidenceType? Type, Problem? Refusal);

/// <summary>
/// 佐证材料 types, told by their content, never by the file name: PDF, PNG, JPEG, and Office Open XML documents (a ZIP
/// holding a Word or Excel part). Anything else is refused (ADR 0004). Beyond the first bytes the container is checked
/// (ADR 0045), so that a file that is also a web page, or an archive that unpacks outside its folder or to a flood, is refused.
/// </summary>
public static class EvidenceFiles
{
    public static readonly EvidenceType Pdf = new("application/pdf", ".pdf");
    public static readonly EvidenceType Png = new("image/png", ".png");
    public static readonly EvidenceType Jpeg = new("image/jpeg", ".jpg");
    public static readonly EvidenceType Docx = new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx");
    public static readonly EvidenceType Xlsx = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx");

    /// <summary>A Word or Excel file holds at most this many ZIP entries (a real one holds tens, a large workbook hundreds).</summary>
    public const int MaxZipEntries = 5000;

    /// <summary>A Word or Excel file's entries, by their declared sizes, expand to at most this many bytes (100 MB).</summary>
    public const long MaxExpandedBytes = 100L * 1024 * 1024;

    /// <summary>An entry larger than <see cref="RatioCheckedAbove"/> may be compressed at most this many times (a ZIP bomb's is about 1000:1).</summary>
    public const int MaxCompressionRatio = 200;

    /// <summary>Entries up to this size (1 MB) are not held to <see cref="MaxCompressionRatio"/>: a small blank part compresses well.</summary>
    public const long RatioCheckedAbove = 1024 * 1024;

    /// <summary>
    /// The smallest PDF taken for a document, in bytes: a header (<c>%PDF-1.7</c> and a line end, 9), the smallest object
    /// (<c>1 0 obj&lt;&lt;&gt;&gt;endobj</c>, 17) and <c>%%EOF</c> with a line end (6).
    /// </summary>
    public const int MinPdfBytes = 32;

    /// <summary>A PDF's <c>%%EOF</c> marker must lie within its last this many bytes (1 KB; writers add at most a line end after it).</summary>
    public const int PdfEofWindow = 1024;

    /// <summary>The first and the last this many bytes (4 KB) of a PDF, PNG or JPEG are searched for HTML, where a browser sniffing for a page looks.</summary>
    public const int HtmlScanBytes = 4096;

    /// <summary>Bytes allowed after a PNG's IEND chunk: none, so nothing (a web page, a script) rides on the picture.</summary>
    public const int PngTrailingBytes = 0;

    private static ReadOnlySpan<byte> PdfMagic => "%PDF-"u8;
    private static ReadOnlySpan<byte> PngMagic => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static ReadOnlySpan<byte> JpegMagic => [0xFF, 0xD8, 0xFF];
    private static ReadOnlySpan<byte> ZipMagic => [0x50, 0x4B, 0x03, 0x04];
    private static readonly string[] HtmlMarkers = ["<html", "<script", "<!doctype"];

    /// <summary>The type of <paramref name="content"/>, or null when it is none of the accepted ones or is refused (<see cref="Inspect"/>).</summary>
    public static EvidenceType? Detect(byte[] content) => Inspect("$", content).Type;

    /// <summary>
    /// The type of <paramref name="content"/> told by its first bytes and confirmed by its structure; a refusal (said at
    /// <paramref name="path"/>) when it starts like an accepted type but is not a sound one; neither when it is no accepted type.
    /// </summary>
    public static EvidenceVerdict Inspect(string path, byte[] content)
    {
        var span = content.AsSpan();
        if (span.StartsWith(PdfMagic)) return Verdict(Pdf, PdfProblem(span), path);
        if (span.StartsWith(PngMagic)) return Verdict(Png, PngProblem(span), path);
        if (span.StartsWith(JpegMagic)) return Verdict(Jpeg, JpegProblem(span), path);
        if (span.StartsWith(ZipMagic)) return Office(path, content);
        return new EvidenceVerdict(null, null);
    }

    private static EvidenceVerdict Verdict(EvidenceType type, (string English, string Chinese)? problem, string path) =>
        problem is { } p ? new EvidenceVerdict(null, new Problem(path, "Evidence: " + p.English, "“佐证材料”" + p.Chinese)) : new EvidenceVerdict(type, null);

    private static (string, string)? PdfProblem(ReadOnlySpan<byte> pdf)
    {
        if (pdf.Length < MinPdfBytes) return ($"the PDF file is too short to be a document ({pdf.Length} bytes; at least {MinPdfBytes}).", $"PDF 文件过短，不是文档（{pdf.Length} 字节，至少 {MinPdfBytes} 字节）。");
        if (!(pdf[5] is (byte)'1' or (byte)'2' && pdf[6] == '.' && char.IsAsciiDigit((char)pdf[7])))
        {
            return ("the PDF header has no version (%PDF-1.x or %PDF-2.x).", "PDF 文件头没有版本号（应为 %PDF-1.x 或 %PDF-2.x）。");
        }
        if (pdf[^Math.Min(PdfEofWindow, pdf.Length)..].IndexOf("%%EOF"u8) < 0) return ("the PDF file has no end marker (%%EOF) in its last 1 KB; it is cut short or has something appended.", "PDF 文件最后 1 KB 内没有结束标记（%%EOF），文件不完整或后面附加了其他内容。");
        return HtmlProblem(pdf, "PDF");
    }

    /// <summary>A chunk walk from the signature: IHDR first, every chunk inside the file, image data, and IEND the last bytes.</summary>
    private static (string, string)? PngProblem(ReadOnlySpan<byte> png)
    {
        (string, string) damaged = ("the PNG file's chunks are damaged (a chunk runs past the end of the file, or IHDR is not first).", "PNG 文件的数据块已损坏（数据块超出文件末尾，或第一个数据块不是 IHDR）。");
        var at = PngMagic.Length;
        var data = false;
        for (var first = true; ; first = false)
        {
            if (png.Length - at < 12) return damaged;
            var length = BinaryPrimitives.ReadUInt32BigEndian(png[at..]);
            var type = png.Slice(at + 4, 4);
            if (length > (uint)(png.Length - at - 12)) return damaged;
            foreach (var b in type)
            {
                if (!char.IsAsciiLetter((char)b)) return damaged;
            }
            if (first && !(type.SequenceEqual("IHDR"u8) && length == 13)) return damaged;
            if (type.SequenceEqual("IDAT"u8)) data = true;
            at += 12 + (int)length;
            if (!type.SequenceEqual("IEND"u8)) continue;
            if (!data) return ("the PNG file holds no image data (IDAT).", "PNG 文件没有图像数据（IDAT）。");
            var trailing = png.Length - at;
            return trailing > PngTrailingBytes
                ? ($"the PNG file has {trailing} bytes after its end (IEND); a picture with something appended is refused.", $"PNG 文件在结束块（IEND）之后还有 {trailing} 字节；附加了其他内容的图片不予接受。")
                : null;
        }
    }

    private static (string, string)? JpegProblem(ReadOnlySpan<byte> jpeg)
    {
        var end = jpeg.TrimEnd((byte)0);
        if (end.Length < 4 || !end.EndsWith([(byte)0xFF, (byte)0xD9])) return ("the JPEG file does not end with its end marker (FF D9); it is cut short or has something appended.", "JPEG 文件不以结束标记（FF D9）结尾，文件不完整或后面附加了其他内容。");
        return HtmlProblem(jpeg, "JPEG");
    }

    /// <summary>A web page inside a document or picture (a polyglot) is refused: a browser that sniffs would run it.</summary>
    private static (string, string)? HtmlProblem(ReadOnlySpan<byte> content, string kind)
    {
        var head = content[..Math.Min(HtmlScanBytes, content.Length)];
        var tail = content[Math.Max(0, content.Length - HtmlScanBytes)..];
        foreach (var marker in HtmlMarkers)
        {
            if (ContainsAscii(head, marker) || ContainsAscii(tail, marker))
            {
                return ($"the {kind} file contains web page markup ({marker}); a file that is also a web page is refused.", $"{kind} 文件中含有网页代码（{marker}）；同时也是网页的文件不予接受。");
            }
        }
        return null;
    }

    private static bool ContainsAscii(ReadOnlySpan<byte> haystack, string marker)
    {
        for (var i = 0; i + marker.Length <= haystack.Length; i++)
        {
            var j = 0;
            while (j < marker.Length && char.ToLowerInvariant((char)haystack[i + j]) == marker[j]) j++;
            if (j == marker.Length) return true;
        }
        return false;
    }

    /// <summary>
    /// A ZIP is accepted only when it is a Word or Excel document (a plain archive could hide anything) whose entries are all
    /// clean relative names, at most <see cref="MaxZipEntries"/>, expanding to at most <see cref="MaxExpandedBytes"/> by
    /// their declared sizes, none compressed more than <see cref="MaxCompressionRatio"/>:1 above <see cref="RatioCheckedAbove"/>.
    /// </summary>
    private static EvidenceVerdict Office(string path, byte[] content)
    {
        EvidenceVerdict Refuse(string english, string chinese) => new(null, new Problem(path, "Evidence: " + english, "“佐证材料”" + chinese));
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            var entries = zip.Entries;
            if (entries.Count > MaxZipEntries)
            {
                return Refuse($"the Word or Excel file holds {entries.Count} entries; at most {MaxZipEntries} are accepted.", $"Word 或 Excel 文件包含 {entries.Count} 个条目，最多接受 {MaxZipEntries} 个。");
            }
            foreach (var e in entries)
            {
                if (!CleanEntryName(e.FullName))
                {
                    return Refuse($"the Word or Excel file holds an entry with an unsafe name (\"{Shown(e.FullName)}\"): entry names must be relative, without \"..\", drive letters, backslashes or control characters.",
                        $"Word 或 Excel 文件中有名称不安全的条目（“{Shown(e.FullName)}”）：条目名称须为相对路径，不能含“..”、盘符、反斜杠或控制字符。");
                }
            }
            long total = 0;
            foreach (var e in entries) total = total > MaxExpandedBytes ? total : total + e.Length;
            if (total > MaxExpandedBytes)
            {
                var mb = MaxExpandedBytes / (1024 * 1024);
                return Refuse($"the Word or Excel file expands to more than {mb} MB.", $"Word 或 Excel 文件解压后超过 {mb} MB。");
            }
            foreach (var e in entries)
            {
                if (e.Length > RatioCheckedAbove && e.Length > (long)MaxCompressionRatio * e.CompressedLength)
                {
                    return Refuse($"the Word or Excel file's entry \"{Shown(e.FullName)}\" is compressed more than {MaxCompressionRatio}:1.", $"Word 或 Excel 文件的条目“{Shown(e.FullName)}”压缩比超过 {MaxCompressionRatio}:1。");
                }
            }
            bool types = false, word = false, excel = false;
            foreach (var e in entries)
            {
                if (e.FullName == "[Content_Types].xml") types = true;
                else if (e.FullName == "word/document.xml") word = true;
                else if (e.FullName == "xl/workbook.xml") excel = true;
            }
            return new EvidenceVerdict(!types ? null : word ? Docx : excel ? Xlsx : null, null);
        }
        catch (InvalidDataException)
        {
            return Refuse("the file starts like a Word or Excel file but is not a readable ZIP archive.", "文件开头像 Word 或 Excel 文件，但不是可读取的 ZIP 压缩包。");
        }
    }

    /// <summary>Relative, with no empty, <c>.</c> or <c>..</c> segment (a folder's trailing <c>/</c> aside), no drive letter, backslash or control character.</summary>
    private static bool CleanEntryName(string name)
    {
        if (name.Length == 0 || name[0] == '/' || name.Contains('\\') || name.Contains(':')) return false;
        foreach (var c in name)
        {
            if (char.IsControl(c)) return false;
        }
        var segments = (name.EndsWith('/') ? name[..^1] : name).Split('/');
        return segments.All(s => s.Length > 0 && s != "." && s != "..");
    }

    /// <summary>An entry name as shown in a message: control characters as <c>U+XXXX</c>, at most 100 characters.</summary>
    private static string Shown(string name)
    {
        var b = new StringBuilder();
        foreach (var c in name.Length > 100 ? name[..100] + "…" : name) b.Append(char.IsControl(c) ? $"U+{(int)c:X4}" : c);
        return b.ToString();
    }

    /// <summary>
    /// An uploaded evidence file checked as every upload is, its problem said at <paramref name="path"/> (a JSON path or
    /// form field): a safe name (<see cref="FileNames.Check"/>), not empty, at most <paramref name="limit"/> bytes, an accepted
    /// and sound type (<see cref="Inspect"/>). On success the type and the name it is kept under (<see cref="StoredName"/>).
    /// </summary>
    public static (EvidenceType? Type, string Name, Problem? Problem) Check(string path, string? fileName, byte[] content, long limit)
    {
        var (name, bad) = FileNames.Check(path, fileName);
        if (bad is not null) return (null, name, bad);
        var mb = limit / (1024 * 1024);
        if (content.LongLength > limit) return (null, name, new Problem(path, $"Evidence: the file may hold at most {mb} MB.", $"“佐证材料”文件不能超过 {mb} MB。"));
        if (content.Length == 0) return (null, name, new Problem(path, "Evidence: the file is empty.", "“佐证材料”文件为空。"));
        var verdict = Inspect(path, content);
        if (verdict.Refusal is { } refusal) return (null, name, refusal);
        if (verdict.Type is not { } type) return (null, name, Unrecognized(path));
        return (type, StoredName(name, type), null);
    }

    /// <summary>The refusal of content that is none of the accepted types.</summary>
    public static Problem Unrecognized(string path) => new(path, "Evidence: only PDF, PNG, JPEG, Word (.docx) or Excel (.xlsx) files are accepted (told by their content).",
        "“佐证材料”只接受 PDF、PNG、JPEG、Word（.docx）或 Excel（.xlsx）文件（按文件内容识别）。");

    /// <summary>The name an evidence file is kept under: its checked name (or <c>evidence</c> when none was given) shortened, with its type's extension.</summary>
    public static string StoredName(string name, EvidenceType type) =>
        DownloadName(FileNames.Shorten(name.Length == 0 ? "evidence" + type.Extension : name, type.Extension), type.ContentType);

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>The name to download under: the uploaded name with the extension of the detected type.</summary>
    public static string DownloadName(string fileName, string contentType)
    {
        var type = new[] { Pdf, Png, Jpeg, Docx, Xlsx }.FirstOrDefault(t => t.ContentType == contentType);
        if (type is null) return fileName;
        var ext = Path.GetExtension(fileName);
        if (string.Equals(ext, type.Extension, StringComparison.OrdinalIgnoreCase) || (type == Jpeg && string.Equals(ext, ".jpeg", StringComparison.OrdinalIgnoreCase))) return fileName;
        return Path.GetFileNameWithoutExtension(fileName) + type.Extension;
    }
}
