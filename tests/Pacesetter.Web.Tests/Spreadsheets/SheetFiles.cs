using Pacesetter.App.Spreadsheets;
using Pacesetter.Web.Tests.Exports;

namespace Pacesetter.Web.Tests.Spreadsheets;

/// <summary>
/// Spreadsheets written at test time by programs other than Pacesetter (openpyxl, Python's zipfile, LibreOffice), in a
/// folder of the test's own, and the reader's assertions.
/// </summary>
internal sealed class SheetFiles : IDisposable
{
    public string Folder { get; } = Office.Folder();

    public string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>Runs one of this folder's Python scripts (copied next to the tests) with <paramref name="args"/>.</summary>
    public static Task<string> PythonAsync(string script, params string[] args) =>
        Office.PythonAsync(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Spreadsheets", script)), args);

    /// <summary>LibreOffice's conversion of <paramref name="file"/> to <paramref name="extension"/>; the converted file's path.</summary>
    public async Task<string> ConvertAsync(string file, string extension, string? inputFilter = null)
    {
        var output = Path.Combine(Folder, "converted");
        Directory.CreateDirectory(output);
        await Office.ConvertAsync([file], output, extension, inputFilter);
        var converted = Path.Combine(output, Path.GetFileNameWithoutExtension(file) + "." + extension);
        Assert.True(File.Exists(converted), $"LibreOffice wrote no {converted}");
        return converted;
    }

    public static SpreadsheetReadResult Read(string path, SpreadsheetLimits? limits = null, bool firstSheetOnly = false)
    {
        using var file = File.OpenRead(path);
        return SpreadsheetReader.Read(file, Path.GetFileName(path), limits, firstSheetOnly);
    }

    public static void AssertCell(Sheet sheet, string address, CellKind kind, string? text, decimal? number, bool formula = false)
    {
        Assert.True(CellAddress.TryParse(address, out var row, out var column));
        Assert.Equal(new SheetCell(row, column, kind, text, number, formula), sheet.Cell(address));
    }

    /// <summary>The file as a whole refused with one problem: <paramref name="chinese"/>, about no sheet or cell.</summary>
    public static void AssertRefused(SpreadsheetReadResult result, string chinese)
    {
        Assert.Empty(result.Sheets);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(("", "", chinese), (problem.Sheet, problem.Cell, problem.Chinese));
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
