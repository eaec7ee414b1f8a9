using System.Globalization;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;

namespace Pacesetter.App.Spreadsheets;

/// <summary>
/// An .xlsx workbook: the ZIP's central directory checked first (entries, declared sizes, names, what kind of package),
/// then the parts read with the Open XML SDK's SAX reader through a stream that counts what is unpacked, so that no
/// part is ever held as a DOM and a size lied about in the directory is caught while reading.
/// </summary>
internal static class XlsxReader
{
    private const string RelationshipsNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    public static SpreadsheetReadResult Read(ReadOnlyMemory<byte> content, SpreadsheetLimits limits, bool firstSheetOnly)
    {
        var bytes = MemoryMarshal.TryGetArray(content, out var segment) ? segment : new ArraySegment<byte>(content.ToArray());
        using var stream = new MemoryStream(bytes.Array!, bytes.Offset, bytes.Count, writable: false);
        if (Inspect(stream, limits) is { } refused) return SpreadsheetReadResult.Refused(refused);
        stream.Position = 0;
        try
        {
            using var document = SpreadsheetDocument.Open(stream, false, new OpenSettings { AutoSave = false });
            if (document.WorkbookPart is not { } workbook) return SpreadsheetReadResult.Refused(SheetProblems.NotSpreadsheet);
            return new Run(workbook, limits).Read(firstSheetOnly);
        }
        catch (ExpansionLimitException)
        {
            return SpreadsheetReadResult.Refused(SheetProblems.ExpandsTooMuch(limits.MaxExpandedBytes));
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or XmlException or IOException or FormatException
                                      or InvalidOperationException or ArgumentException or NotSupportedException or KeyNotFoundException)
        {
            // Whatever the SDK or the ZIP reader finds wrong in a package that passed the directory's checks.
            return SpreadsheetReadResult.Refused(SheetProblems.Damaged);
        }
    }

    /// <summary>The ZIP's central directory alone (nothing unpacked): a refusal, or null when the workbook may be opened.</summary>
    private static SheetProblem? Inspect(Stream stream, SpreadsheetLimits limits)
    {
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            var entries = zip.Entries;
            if (entries.Count > limits.MaxZipEntries) return SheetProblems.TooManyEntries(limits.MaxZipEntries);
            long declared = 0;
            bool types = false, excel = false, word = false, openDocument = false;
            foreach (var e in entries)
            {
                if (Unsafe(e.FullName)) return SheetProblems.UnsafeEntry(e.FullName);
                declared += e.Length;
                if (e.Length > limits.MaxExpandedBytes || declared > limits.MaxExpandedBytes) return SheetProblems.ExpandsTooMuch(limits.MaxExpandedBytes);
                if (e.FullName == "[Content_Types].xml") types = true;
                else if (e.FullName.StartsWith("xl/", StringComparison.Ordinal)) excel = true;
                else if (e.FullName == "word/document.xml") word = true;
                else if (e.FullName == "mimetype" || e.FullName == "content.xml") openDocument = true;
            }
            if (word) return SheetProblems.Word;
            if (!types && openDocument) return SheetProblems.OpenDocument;
            return types && excel ? null : SheetProblems.NotSpreadsheet;
        }
        catch (InvalidDataException)
        {
            return SheetProblems.Damaged;
        }
    }

    /// <summary>A name that would leave a folder it was unpacked into: a <c>..</c> step, a root, a drive.</summary>
    private static bool Unsafe(string name) =>
        name.Length == 0 || name[0] is '/' or '\\' || name.Contains(':') || name.Split('/', '\\').Contains("..");

    /// <summary>One reading of a workbook: its date system, styles and shared strings, then its worksheets.</summary>
    private sealed class Run(WorkbookPart workbook, SpreadsheetLimits limits)
    {
        private readonly ExpansionBudget budget = new(limits.MaxExpandedBytes);
        private readonly Problems problems = new(limits.MaxProblems);
        private bool date1904;
        private CellKind[] styles = [];
        private List<string> strings = [];
        private int cells;

        public SpreadsheetReadResult Read(bool firstSheetOnly)
        {
            var entries = ReadWorkbook();
            if (entries.Count > limits.MaxSheets) return SpreadsheetReadResult.Refused(SheetProblems.TooManySheets(limits.MaxSheets));
            var worksheets = entries
                .Select(e => (e.Name, e.Hidden, Part: workbook.GetPartById(e.RelationshipId) as WorksheetPart))
                .Where(e => e.Part is not null)
                .ToList();
            if (firstSheetOnly) worksheets = worksheets.Where(w => !w.Hidden).Take(1).ToList();
            if (worksheets.Count == 0) return SpreadsheetReadResult.Refused(SheetProblems.NoSheets);
            ReadStyles();
            ReadStrings();
            var sheets = new List<Sheet>();
            foreach (var (name, hidden, part) in worksheets)
            {
                if (problems.Full) break;
                sheets.Add(ReadSheet(name, hidden, part!));
            }
            return new SpreadsheetReadResult(sheets, problems.List);
        }

        private OpenXmlPartReader Open(OpenXmlPart part) =>
            new(new CountingStream(part.GetStream(FileMode.Open, FileAccess.Read), budget), part.Features,
                new OpenXmlPartReaderOptions { CloseStream = true, IgnoreWhitespace = false });

        private List<(string Name, bool Hidden, string RelationshipId)> ReadWorkbook()
        {
            var list = new List<(string, bool, string)>();
            using var reader = Open(workbook);
            while (reader.Read())
            {
                if (!reader.IsStartElement) continue;
                if (reader.LocalName == "workbookPr")
                {
                    var value = Attribute(reader, "date1904");
                    date1904 = value is "1" or "true";
                }
                else if (reader.LocalName == "sheet")
                {
                    string name = "", id = "", state = "";
                    foreach (var a in reader.Attributes)
                    {
                        if (a.LocalName == "name" && a.NamespaceUri.Length == 0) name = a.Value ?? "";
                        else if (a.LocalName == "state") state = a.Value ?? "";
                        else if (a.LocalName == "id" && a.NamespaceUri == RelationshipsNamespace) id = a.Value ?? "";
                    }
                    list.Add((name, state is "hidden" or "veryHidden", id));
                    if (list.Count > limits.MaxSheets) break;
                }
            }
            return list;
        }

        /// <summary>The kind each cell format (<c>cellXfs</c>, by index) gives a number: built-in format ids or the workbook's own codes.</summary>
        private void ReadStyles()
        {
            if (workbook.WorkbookStylesPart is not { } part) return;
            var codes = new Dictionary<int, string>();
            var kinds = new List<CellKind>();
            var inCellFormats = false;
            using var reader = Open(part);
            while (reader.Read())
            {
                if (reader.LocalName == "cellXfs") inCellFormats = reader.IsStartElement;
                if (!reader.IsStartElement) continue;
                if (reader.LocalName == "numFmt" && int.TryParse(Attribute(reader, "numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                {
                    codes[id] = Attribute(reader, "formatCode") ?? "";
                }
                else if (reader.LocalName == "xf" && inCellFormats)
                {
                    var format = int.TryParse(Attribute(reader, "numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var f) ? f : 0;
                    kinds.Add(codes.TryGetValue(format, out var code) ? NumberFormats.Code(code) : NumberFormats.BuiltIn(format));
                }
            }
            styles = [.. kinds];
        }

        /// <summary>The shared strings, rich text runs joined, phonetic guides (<c>rPh</c>) left out.</summary>
        private void ReadStrings()
        {
            if (workbook.SharedStringTablePart is not { } part) return;
            var list = new List<string>();
            using var reader = Open(part);
            var text = new System.Text.StringBuilder();
            var phonetic = 0;
            while (reader.Read())
            {
                switch (reader.LocalName)
                {
                    case "si" when reader.IsStartElement:
                        text.Clear();
                        break;
                    case "si" when reader.IsEndElement:
                        list.Add(text.ToString());
                        break;
                    case "rPh":
                        phonetic += reader.IsStartElement ? 1 : reader.IsEndElement ? -1 : 0;
                        break;
                    case "t" when reader.IsStartElement && phonetic == 0:
                        text.Append(reader.GetText());
                        break;
                }
            }
            strings = list;
        }

        private Sheet ReadSheet(string name, bool hidden, WorksheetPart part)
        {
            var rows = new List<SheetRow>();
            var merged = new List<string>();
            List<SheetCell>? current = null;
            int row = 0, column = 0, lastRow = 0, lastColumn = 0;
            using var reader = Open(part);
            while (reader.Read())
            {
                if (!reader.IsStartElement) continue;
                switch (reader.LocalName)
                {
                    case "row":
                        row = int.TryParse(Attribute(reader, "r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : row + 1;
                        column = 0;
                        break;
                    case "c":
                        var address = Attribute(reader, "r");
                        if (address is null) column++;
                        else if (!CellAddress.TryParse(address, out row, out column))
                        {
                            problems.Add(SheetProblems.BadCell(name, address));
                            return Done();
                        }
                        var cell = ReadCell(reader, name, row, column);
                        if (cell is null) break;
                        if (cell.Row < lastRow || (cell.Row == lastRow && cell.Column <= lastColumn))
                        {
                            problems.Add(SheetProblems.BadCell(name, cell.Address)); // out of order or twice: Excel refuses such a sheet too
                            return Done();
                        }
                        if (cell.Row > limits.MaxRows || cell.Column > limits.MaxColumns)
                        {
                            problems.Add(cell.Row > limits.MaxRows ? SheetProblems.RowBeyond(name, cell.Address, limits.MaxRows) : SheetProblems.ColumnBeyond(name, cell.Address, limits.MaxColumns));
                            return Done();
                        }
                        if (++cells > limits.MaxCells)
                        {
                            problems.Add(SheetProblems.TooManyCells(limits.MaxCells));
                            problems.Stop();
                            return Done();
                        }
                        if (cell.Row != lastRow)
                        {
                            current = [];
                            rows.Add(new SheetRow(cell.Row, current));
                        }
                        current!.Add(cell);
                        (lastRow, lastColumn) = (cell.Row, cell.Column);
                        break;
                    case "mergeCell":
                        if (Attribute(reader, "ref") is { } range) merged.Add(range);
                        break;
                }
                if (problems.Full) break;
            }
            return Done();

            Sheet Done() => new(name, rows, merged, hidden);
        }

        /// <summary>The cell the reader stands on, read to its end; null when it holds no value (or a problem was noted).</summary>
        private SheetCell? ReadCell(OpenXmlPartReader reader, string sheet, int row, int column)
        {
            string? type = null, value = null, inline = null;
            var style = 0;
            foreach (var a in reader.Attributes)
            {
                if (a.LocalName == "t") type = a.Value;
                else if (a.LocalName == "s" && !int.TryParse(a.Value, NumberStyles.None, CultureInfo.InvariantCulture, out style)) style = 0;
            }
            var formula = false;
            var depth = reader.Depth;
            while (reader.Read() && !(reader.IsEndElement && reader.Depth == depth))
            {
                if (!reader.IsStartElement) continue;
                switch (reader.LocalName)
                {
                    case "f":
                        formula = true;
                        break;
                    case "v":
                        value = reader.GetText();
                        break;
                    case "is":
                        inline = ReadInline(reader);
                        break;
                }
            }
            var where = CellAddress.Format(row, column);
            SheetCell Cell(CellKind kind, string? text, decimal? number) => new(row, column, kind, text, number, formula);

            if (type == "inlineStr") return Text(inline ?? value);
            // A formula's result of "" is an empty <v> of type str; an empty <v> elsewhere (openpyxl writes one) is no result.
            if (value is null || (value.Length == 0 && type != "str"))
            {
                if (formula) problems.Add(SheetProblems.FormulaWithoutValue(sheet, where));
                return null;
            }
            switch (type)
            {
                case "s":
                    if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < strings.Count) return Text(strings[index]);
                    problems.Add(SheetProblems.BadCell(sheet, where));
                    return null;
                case "str":
                    return Text(value);
                case "b":
                    return value is "1" or "true" ? Cell(CellKind.Bool, "TRUE", 1) : value is "0" or "false" ? Cell(CellKind.Bool, "FALSE", 0) : Bad();
                case "e":
                    return Cell(CellKind.Error, value, null);
                case "d":
                    return DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) && Dates.Serial(at, date1904) is { } serial
                        ? Cell(CellKind.Date, Dates.Iso(serial, date1904), serial)
                        : Bad();
                case null or "n":
                    if (!decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                    {
                        problems.Add(double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                            ? SheetProblems.NumberOutOfRange(sheet, where, value)
                            : SheetProblems.BadCell(sheet, where));
                        return null;
                    }
                    var kind = style < styles.Length ? styles[style] : CellKind.Number;
                    if (kind == CellKind.Date && Dates.Iso(number, date1904) is { } iso) return Cell(CellKind.Date, iso, number);
                    return Cell(kind == CellKind.Percent ? CellKind.Percent : CellKind.Number, number.ToString(CultureInfo.InvariantCulture), number);
                default:
                    return Bad();
            }

            SheetCell? Text(string? text)
            {
                if (string.IsNullOrEmpty(text)) return null;
                if (text.Length > limits.MaxTextLength)
                {
                    problems.Add(SheetProblems.TextTooLong(sheet, where, limits.MaxTextLength));
                    return null;
                }
                return Cell(CellKind.Text, text, null);
            }

            SheetCell? Bad()
            {
                problems.Add(SheetProblems.BadCell(sheet, where));
                return null;
            }
        }

        /// <summary>An inline string's text (<c>&lt;is&gt;</c>), runs joined, phonetic guides left out; the reader left on its end.</summary>
        private static string ReadInline(OpenXmlPartReader reader)
        {
            var depth = reader.Depth;
            var text = new System.Text.StringBuilder();
            var phonetic = 0;
            while (reader.Read() && !(reader.IsEndElement && reader.Depth == depth))
            {
                if (reader.LocalName == "rPh") phonetic += reader.IsStartElement ? 1 : reader.IsEndElement ? -1 : 0;
                else if (reader.LocalName == "t" && reader.IsStartElement && phonetic == 0) text.Append(reader.GetText());
            }
            return text.ToString();
        }

        private static string? Attribute(OpenXmlPartReader reader, string localName)
        {
            foreach (var a in reader.Attributes)
            {
                if (a.LocalName == localName) return a.Value;
            }
            return null;
        }
    }

    /// <summary>Problems up to the limit; then one saying the rest are not listed, and the read stops.</summary>
    private sealed class Problems(int limit)
    {
        public List<SheetProblem> List { get; } = [];

        public bool Full { get; private set; }

        public void Add(SheetProblem problem)
        {
            if (Full) return;
            if (List.Count == limit)
            {
                List.Add(SheetProblems.TooManyProblems(limit));
                Full = true;
                return;
            }
            List.Add(problem);
        }

        public void Stop() => Full = true;
    }
}

/// <summary>Excel's serial day numbers: days since 1899-12-30 (the 1900 system) or since 1904-01-01 (<c>date1904</c>).</summary>
internal static class Dates
{
    private static readonly DateTime Base1900 = new(1899, 12, 30);
    private static readonly DateTime Base1904 = new(1904, 1, 1);

    /// <summary>
    /// The ISO form of a serial: <c>2026-03-31</c>, <c>2026-03-31T08:30:00</c> (to the second), or a time of day alone
    /// (<c>08:30:00</c>) for a serial below 1; null outside Excel's dates (negative, or after 9999-12-31). In the 1900
    /// system serials below 60 are a day later than the rest (Excel counts a 1900-02-29 that never was; its 60 reads as 1900-02-28).
    /// </summary>
    public static string? Iso(decimal serial, bool date1904)
    {
        if (serial < 0 || serial >= (date1904 ? 2_957_004 : 2_958_466)) return null;
        var days = (long)decimal.Floor(serial);
        var seconds = (long)decimal.Round((serial - days) * 86_400m, MidpointRounding.AwayFromZero);
        if (seconds == 86_400) (days, seconds) = (days + 1, 0);
        if (days == 0 && seconds > 0 && !date1904) return TimeSpan.FromSeconds(seconds).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
        var at = (date1904 ? Base1904 : days < 60 ? Base1900.AddDays(1) : Base1900).AddDays(days).AddSeconds(seconds);
        if (at.Year > 9999) return null;
        return at.ToString(seconds == 0 ? "yyyy-MM-dd" : "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
    }

    /// <summary>The serial of a date (a cell of type <c>d</c> holds an ISO date instead of a serial); null before the system's first day.</summary>
    public static decimal? Serial(DateTime at, bool date1904)
    {
        var days = (decimal)(at - (date1904 ? Base1904 : Base1900)).TotalDays;
        if (!date1904 && days < 61) days -= 1;
        return days < 0 ? null : decimal.Round(days, 10);
    }
}

/// <summary>The bytes a read may still unpack, shared by every part it reads.</summary>
internal sealed class ExpansionBudget(long limit)
{
    private long remaining = limit;

    public void Take(int bytes)
    {
        remaining -= bytes;
        if (remaining < 0) throw new ExpansionLimitException();
    }
}

/// <summary>Thrown when the unpacked bytes pass the limit, whatever the ZIP's directory declared.</summary>
internal sealed class ExpansionLimitException : Exception;

/// <summary>A part's stream that counts the bytes read out of it against the budget.</summary>
internal sealed class CountingStream(Stream inner, ExpansionBudget budget) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        budget.Take(n);
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
