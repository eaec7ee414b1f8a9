namespace Pacesetter.App.Spreadsheets;

/// <summary>
/// Reads an uploaded spreadsheet into cells with addresses: an Excel workbook (.xlsx, told by its content) or a CSV
/// file (text has no signature, so a file is read as CSV only when named <c>.csv</c>). Broken and hostile files are
/// refused with a problem saying what to do; nothing is ever thrown for a bad file (ADR 0039).
/// </summary>
public static class SpreadsheetReader
{
    private static ReadOnlySpan<byte> ZipMagic => "PK\u0003\u0004"u8;
    private static ReadOnlySpan<byte> EmptyZipMagic => "PK\u0005\u0006"u8;
    private static ReadOnlySpan<byte> PdfMagic => "%PDF-"u8;

    /// <summary>The OLE2 compound file of .xls workbooks, and of .xlsx ones encrypted with a password.</summary>
    private static ReadOnlySpan<byte> CompoundFileMagic => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <summary>
    /// Reads <paramref name="content"/> (an upload's stream, read asynchronously: a request body may not be read
    /// synchronously) up to <see cref="SpreadsheetLimits.MaxBytes"/>, then the file. <paramref name="fileName"/> names
    /// a CSV's sheet and tells a CSV file from others; <paramref name="firstSheetOnly"/> reads the first visible worksheet alone.
    /// </summary>
    public static async Task<SpreadsheetReadResult> ReadAsync(Stream content, string fileName, SpreadsheetLimits? limits = null,
        bool firstSheetOnly = false, CancellationToken cancellationToken = default)
    {
        limits ??= SpreadsheetLimits.Default;
        var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        while (true)
        {
            // Never more than one byte past the limit, however long the stream: that byte is enough to refuse it.
            var want = (int)Math.Min(chunk.Length, limits.MaxBytes + 1 - buffer.Length);
            var n = await content.ReadAsync(chunk.AsMemory(0, want), cancellationToken);
            if (n == 0) break;
            buffer.Write(chunk, 0, n);
            if (buffer.Length > limits.MaxBytes) return SpreadsheetReadResult.Refused(SheetProblems.TooLarge(limits.MaxBytes));
        }
        return Read(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), fileName, limits, firstSheetOnly);
    }

    /// <summary>The synchronous <see cref="ReadAsync"/>, for a stream that may be read so (a file, a buffered form file).</summary>
    public static SpreadsheetReadResult Read(Stream content, string fileName, SpreadsheetLimits? limits = null, bool firstSheetOnly = false) =>
        ReadAsync(new SynchronousReads(content), fileName, limits, firstSheetOnly).GetAwaiter().GetResult();

    /// <summary>Reads a file already in memory.</summary>
    public static SpreadsheetReadResult Read(ReadOnlyMemory<byte> content, string fileName, SpreadsheetLimits? limits = null, bool firstSheetOnly = false)
    {
        limits ??= SpreadsheetLimits.Default;
        var span = content.Span;
        if (span.Length == 0) return SpreadsheetReadResult.Refused(SheetProblems.Empty);
        if (span.Length > limits.MaxBytes) return SpreadsheetReadResult.Refused(SheetProblems.TooLarge(limits.MaxBytes));
        if (span.StartsWith(ZipMagic) || span.StartsWith(EmptyZipMagic)) return XlsxReader.Read(content, limits, firstSheetOnly);
        if (span.StartsWith(CompoundFileMagic)) return SpreadsheetReadResult.Refused(SheetProblems.OldExcel);
        if (span.StartsWith(PdfMagic)) return SpreadsheetReadResult.Refused(SheetProblems.Pdf);
        if (IsCsvName(fileName)) return CsvReader.Read(span, SheetName(fileName), limits);
        return SpreadsheetReadResult.Refused(SheetProblems.NotSpreadsheet);
    }

    private static bool IsCsvName(string fileName) => BaseName(fileName).EndsWith(".csv", StringComparison.OrdinalIgnoreCase);

    /// <summary>A CSV's sheet name in messages: the file's name without folders (a browser may send them) and extension.</summary>
    internal static string SheetName(string fileName) => Path.GetFileNameWithoutExtension(BaseName(fileName));

    private static string BaseName(string fileName) => fileName[(fileName.LastIndexOfAny(['/', '\\']) + 1)..];

    /// <summary>Lets the synchronous read share the bounded copy: its ReadAsync reads synchronously.</summary>
    private sealed class SynchronousReads(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(inner.Read(buffer.Span));
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
