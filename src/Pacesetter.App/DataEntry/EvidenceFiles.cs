using System.IO.Compression;
using System.Security.Cryptography;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;

namespace Pacesetter.App.DataEntry;

/// <summary>An accepted evidence type, recognized by content: its MIME type and usual extension.</summary>
public sealed record EvidenceType(string ContentType, string Extension);

/// <summary>
/// 佐证材料 types, told by their content (magic bytes), never by the file name: PDF, PNG, JPEG, and Office Open XML
/// documents (a ZIP holding a Word or Excel part). Anything else is refused (ADR 0004).
/// </summary>
public static class EvidenceFiles
{
    public static readonly EvidenceType Pdf = new("application/pdf", ".pdf");
    public static readonly EvidenceType Png = new("image/png", ".png");
    public static readonly EvidenceType Jpeg = new("image/jpeg", ".jpg");
    public static readonly EvidenceType Docx = new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx");
    public static readonly EvidenceType Xlsx = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx");

    private static ReadOnlySpan<byte> PdfMagic => "%PDF-"u8;
    private static ReadOnlySpan<byte> PngMagic => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static ReadOnlySpan<byte> JpegMagic => [0xFF, 0xD8, 0xFF];
    private static ReadOnlySpan<byte> ZipMagic => [0x50, 0x4B, 0x03, 0x04];

    /// <summary>The type of <paramref name="content"/>, or null when it is none of the accepted ones.</summary>
    public static EvidenceType? Detect(byte[] content)
    {
        var span = content.AsSpan();
        if (span.StartsWith(PdfMagic)) return Pdf;
        if (span.StartsWith(PngMagic)) return Png;
        if (span.StartsWith(JpegMagic)) return Jpeg;
        if (span.StartsWith(ZipMagic)) return Office(content);
        return null;
    }

    /// <summary>A ZIP is accepted only when it is a Word or Excel document: a plain archive could hide anything.</summary>
    private static EvidenceType? Office(byte[] content)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            bool types = false, word = false, excel = false;
            foreach (var e in zip.Entries)
            {
                if (e.FullName == "[Content_Types].xml") types = true;
                else if (e.FullName == "word/document.xml") word = true;
                else if (e.FullName == "xl/workbook.xml") excel = true;
            }
            return !types ? null : word ? Docx : excel ? Xlsx : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>
    /// An uploaded evidence file checked as every upload is, its problem said at <paramref name="path"/> (a JSON path or
    /// form field): no control character in its name, not empty, at most <paramref name="limit"/> bytes, an accepted type.
    /// On success the type and the name it is kept under (its folder dropped, shortened, the detected type's extension).
    /// </summary>
    public static (EvidenceType? Type, string Name, Problem? Problem) Check(string path, string? fileName, byte[] content, long limit)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        if (InputLimits.HasControl(name)) return (null, name, Organizations.OrgRules.NoControl(path, Organizations.OrgRules.FileNameField));
        var mb = limit / (1024 * 1024);
        if (content.LongLength > limit) return (null, name, new Problem(path, $"Evidence: the file may hold at most {mb} MB.", $"“佐证材料”文件不能超过 {mb} MB。"));
        if (content.Length == 0) return (null, name, new Problem(path, "Evidence: the file is empty.", "“佐证材料”文件为空。"));
        if (Detect(content) is not { } type)
        {
            return (null, name, new Problem(path, "Evidence: only PDF, PNG, JPEG, Word (.docx) or Excel (.xlsx) files are accepted (told by their content).",
                "“佐证材料”只接受 PDF、PNG、JPEG、Word（.docx）或 Excel（.xlsx）文件（按文件内容识别）。"));
        }
        if (name.Length == 0) name = "evidence" + type.Extension;
        if (name.Length > InputLimits.FileNameKept) name = name[..(InputLimits.FileNameKept - type.Extension.Length)] + type.Extension;
        return (type, DownloadName(name, type.ContentType), null);
    }

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
