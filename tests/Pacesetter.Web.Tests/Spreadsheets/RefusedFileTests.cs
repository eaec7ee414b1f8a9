using System.IO.Compression;
using Pacesetter.App.Spreadsheets;
using Pacesetter.Web.Tests.Exports;
using static Pacesetter.Web.Tests.Spreadsheets.SheetFiles;

namespace Pacesetter.Web.Tests.Spreadsheets;

/// <summary>Broken and hostile files: each refused as a whole with what to do, in Chinese (and English).</summary>
public class RefusedFileTests
{
    [Fact]
    public void Empty_file_is_refused()
    {
        var result = SpreadsheetReader.Read(ReadOnlyMemory<byte>.Empty, "units.xlsx");

        AssertRefused(result, "文件为空");
        Assert.Equal("the file is empty", result.Problems[0].English);
    }

    [Fact]
    public void Random_bytes_are_refused_as_neither_workbook_nor_csv()
    {
        var bytes = new byte[4096];
        new Random(11).NextBytes(bytes);
        bytes[0] = 0x17; // no signature of any kind, whatever the seed gives

        AssertRefused(SpreadsheetReader.Read(bytes, "units.xlsx"), "文件不是 Excel 工作簿（.xlsx）或 CSV 文件（按文件内容识别）");
    }

    [Fact]
    public async Task Word_document_named_xlsx_is_refused_as_a_Word_document()
    {
        using var files = new SheetFiles();
        var text = files.PathOf("note.txt");
        await File.WriteAllTextAsync(text, "镇街产值说明");
        var docx = await files.ConvertAsync(text, "docx");

        var result = SpreadsheetReader.Read(await File.ReadAllBytesAsync(docx), "units.xlsx");

        AssertRefused(result, "这是 Word 文档，不是表格：请导入 Excel 工作簿（.xlsx）或 CSV 文件");
    }

    [Fact]
    public async Task Pdf_named_xlsx_is_refused_as_a_pdf()
    {
        using var files = new SheetFiles();
        var text = files.PathOf("note.txt");
        await File.WriteAllTextAsync(text, "镇街产值说明");
        var pdf = await files.ConvertAsync(text, "pdf");

        var result = SpreadsheetReader.Read(await File.ReadAllBytesAsync(pdf), "units.xlsx");

        AssertRefused(result, "这是 PDF 文件，不是表格：请导入制作它的 Excel 工作簿（.xlsx）或 CSV 文件");
    }

    [Fact]
    public async Task Old_binary_xls_is_refused_with_save_as_xlsx()
    {
        using var files = new SheetFiles();
        var csv = files.PathOf("units.csv");
        await File.WriteAllTextAsync(csv, "a,1\n");
        var xls = await files.ConvertAsync(csv, "xls");

        var result = Read(xls);

        AssertRefused(result, "这是旧版 Excel 工作簿（.xls）或设有密码的工作簿：请在 Excel 中打开，另存为不设密码的“Excel 工作簿（.xlsx）”后再导入");
    }

    [Fact]
    public void Zip_bomb_is_refused_from_its_directory_before_anything_is_unpacked()
    {
        // 11 MB of zeros compress to about 11 KB; the directory declares the 11 MB.
        var bomb = Zip(zip =>
        {
            using var entry = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Optimal).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 11; i++) entry.Write(zeros);
        });
        Assert.True(bomb.Length < 100_000);

        var result = SpreadsheetReader.Read(bomb, "units.xlsx", SpreadsheetLimits.Default with { MaxExpandedBytes = 10 * 1024 * 1024 });

        AssertRefused(result, "工作簿解压后超过 10 MB");
        Assert.Equal("the workbook unpacks to more than 10 MB", result.Problems[0].English);
    }

    [Fact]
    public void Zip_with_too_many_entries_is_refused()
    {
        var many = Zip(zip =>
        {
            for (var i = 0; i <= 1_000; i++) zip.CreateEntry($"xl/media/image{i}.png");
        });

        AssertRefused(SpreadsheetReader.Read(many, "units.xlsx"), "工作簿（ZIP 压缩包）包含的条目超过 1,000 个");
    }

    [Fact]
    public void Entry_whose_name_climbs_out_of_its_folder_is_refused()
    {
        var climbing = Zip(zip =>
        {
            zip.CreateEntry("[Content_Types].xml");
            zip.CreateEntry("xl/../../etc/cron.d/job");
        });

        AssertRefused(SpreadsheetReader.Read(climbing, "units.xlsx"), "工作簿包含名称不安全的条目（xl/../../etc/cron.d/job）");
    }

    [Fact]
    public void Zip_that_is_no_workbook_is_refused()
    {
        var plain = Zip(zip => zip.CreateEntry("readme.txt"));

        AssertRefused(SpreadsheetReader.Read(plain, "units.xlsx"), "文件不是 Excel 工作簿（.xlsx）或 CSV 文件（按文件内容识别）");
    }

    [Fact]
    public async Task Workbook_whose_directory_understates_a_part_is_refused_as_damaged()
    {
        using var files = new SheetFiles();
        var path = files.PathOf("units.xlsx");
        await PythonAsync("workbook.py", path, "0");
        // The sheet's declared size, in its directory entry and its local header, set to 100 bytes (it is larger).
        await Office.PythonAsync("""
            import struct, sys
            path = sys.argv[1]
            data = bytearray(open(path, "rb").read())
            at = data.find(b"PK\x01\x02")
            while at >= 0:
                length = struct.unpack_from("<H", data, at + 28)[0]
                if data[at + 46:at + 46 + length] == b"xl/worksheets/sheet1.xml":
                    struct.pack_into("<I", data, at + 24, 100)
                    struct.pack_into("<I", data, struct.unpack_from("<I", data, at + 42)[0] + 22, 100)
                at = data.find(b"PK\x01\x02", at + 4)
            open(path, "wb").write(data)
            """, path);

        var result = Read(path);

        AssertRefused(result, "工作簿已损坏，无法读取：请在 Excel 中打开并重新保存后再导入");
    }

    [Fact]
    public void Counting_stream_stops_a_part_that_unpacks_past_the_budget()
    {
        // The guard behind the directory's check: 100 bytes read against a budget of 60 (.NET's ZIP reader already
        // refuses a part longer than declared, above; the count holds whatever reads the parts).
        using var stream = new CountingStream(new MemoryStream(new byte[100]), new ExpansionBudget(60));
        var buffer = new byte[50];

        Assert.Equal(50, stream.Read(buffer));
        Assert.Throws<ExpansionLimitException>(() => stream.Read(buffer));
    }

    [Fact]
    public async Task Stream_longer_than_the_limit_is_refused_after_reading_one_byte_past_it()
    {
        var upload = new Zeros(200L * 1024 * 1024);

        var result = await SpreadsheetReader.ReadAsync(upload, "units.xlsx");

        AssertRefused(result, "文件超过 20 MB");
        Assert.Equal(20L * 1024 * 1024 + 1, upload.BytesRead); // of 200 MB
    }

    [Fact]
    public void File_over_a_limit_in_bytes_says_so_in_bytes()
    {
        var result = SpreadsheetReader.Read(new MemoryStream(new byte[1001]), "units.csv", SpreadsheetLimits.Default with { MaxBytes = 1000 });

        AssertRefused(result, "文件超过 1,000 字节");
    }

    private static byte[] Zip(Action<ZipArchive> fill)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true)) fill(zip);
        return buffer.ToArray();
    }

    /// <summary>An upload of <c>length</c> zero bytes that counts what is read of it.</summary>
    private sealed class Zeros(long length) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
        public override void Flush() { }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - BytesRead);
            Array.Clear(buffer, offset, n);
            BytesRead += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = (int)Math.Min(buffer.Length, length - BytesRead);
            buffer.Span[..n].Clear();
            BytesRead += n;
            return ValueTask.FromResult(n);
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
