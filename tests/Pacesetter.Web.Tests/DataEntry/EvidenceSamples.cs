using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Pacesetter.Web.Tests.DataEntry;

/// <summary>Small real evidence files, built here byte by byte (or by the Open XML SDK), and the bad ones the security review sent in.</summary>
public static class EvidenceSamples
{
    /// <summary>A one-page PDF 1.4 with a correct cross-reference table.</summary>
    public static byte[] Pdf()
    {
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        };
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = pdf.Length;
        pdf.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var o in offsets) pdf.Append($"{o:D10} 00000 n \n");
        pdf.Append($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    /// <summary>A 1×1 red RGB PNG: signature, IHDR, IDAT (one filter byte and one pixel, zlib), IEND, with their CRCs.</summary>
    public static byte[] Png()
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
        using (var pixels = new MemoryStream())
        {
            using (var z = new ZLibStream(pixels, CompressionLevel.SmallestSize, leaveOpen: true)) z.Write([0, 0xFF, 0, 0]);
            Chunk(png, "IDAT", pixels.ToArray());
        }
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> four = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(four, (uint)data.Length);
        png.Write(four);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(four, Crc32(typed));
        png.Write(four);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }

    /// <summary>
    /// An 8×8 mid-grey baseline JPEG: SOI, JFIF, a quantization table of ones, SOF0 (one component), a DC and an AC Huffman
    /// table of one 1-bit code each (DC difference 0, end of block), the scan (bits <c>00</c> padded with ones: 0x3F), EOI.
    /// </summary>
    public static byte[] Jpeg() =>
    [
        0xFF, 0xD8,
        0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
        0xFF, 0xDB, 0x00, 0x43, 0x00, .. Enumerable.Repeat((byte)1, 64),
        0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x08, 0x00, 0x08, 0x01, 0x01, 0x11, 0x00,
        0xFF, 0xC4, 0x00, 0x14, 0x00, 0x01, .. new byte[15], 0x00,
        0xFF, 0xC4, 0x00, 0x14, 0x10, 0x01, .. new byte[15], 0x00,
        0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00,
        0x3F,
        0xFF, 0xD9,
    ];

    /// <summary>A Word document of one paragraph, written by the Open XML SDK.</summary>
    public static byte[] Docx()
    {
        using var buffer = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(buffer, WordprocessingDocumentType.Document))
        {
            doc.AddMainDocumentPart().Document = new W.Document(new W.Body(new W.Paragraph(new W.Run(new W.Text("营收完成情况说明")))));
        }
        return buffer.ToArray();
    }

    /// <summary>An Excel workbook of one sheet with one number, written by the Open XML SDK.</summary>
    public static byte[] Xlsx()
    {
        using var buffer = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var book = doc.AddWorkbookPart();
            book.Workbook = new Workbook();
            var sheet = book.AddNewPart<WorksheetPart>();
            sheet.Worksheet = new Worksheet(new SheetData(new Row(new Cell { CellReference = "A1", CellValue = new CellValue(1.12m), DataType = CellValues.Number }) { RowIndex = 1 }));
            book.Workbook.AppendChild(new Sheets(new Sheet { Id = book.GetIdOfPart(sheet), SheetId = 1, Name = "Sheet1" }));
        }
        return buffer.ToArray();
    }

    /// <summary>What a polyglot appends: a page with a script.</summary>
    public const string Html = "<html><script>alert(1)</script></html>";

    /// <summary>A ZIP with the parts of a Word document and then <paramref name="more"/> (each written by the action, if any).</summary>
    public static byte[] Zip(params (string Name, Action<Stream>? Write)[] more)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, write) in new (string, Action<Stream>?)[] { ("[Content_Types].xml", null), ("word/document.xml", null) }.Concat(more))
            {
                using var s = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                if (write is null) s.Write("<x/>"u8);
                else write(s);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>Writes <paramref name="bytes"/> zeros, a megabyte at a time.</summary>
    public static Action<Stream> Zeros(long bytes) => s =>
    {
        var block = new byte[1024 * 1024];
        for (var left = bytes; left > 0; left -= block.Length) s.Write(block, 0, (int)Math.Min(block.Length, left));
    };
}
