using System.Diagnostics;

namespace Pacesetter.Web.Tests.Exports;

/// <summary>
/// Programs other than the one that wrote a file, to open it: LibreOffice in headless mode (Debian's
/// libreoffice-writer-nogui and libreoffice-calc-nogui) converting documents to text and workbooks to CSV, and Debian's
/// python3 with openpyxl reading a workbook's frozen panes and number formats. Both are in test.sh's packages; a test
/// that needs one fails, saying which package to install, when it is missing (never a skip).
/// </summary>
public static class Office
{
    public static string Soffice => Find(Environment.GetEnvironmentVariable("PACESETTER_SOFFICE") ?? "soffice")
        ?? throw new InvalidOperationException("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui (test.sh installs them)");

    private static string? Find(string program)
    {
        if (Path.IsPathRooted(program)) return File.Exists(program) ? program : null;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(dir, program);
            if (File.Exists(path)) return path;
        }
        return null;
    }

    /// <summary>
    /// Converts <paramref name="files"/> (all of one kind) in one LibreOffice run into <paramref name="output"/>, with
    /// a profile of its own (so that runs in parallel do not share one): <c>txt:Text (encoded):UTF8</c> for documents,
    /// or the CSV filter with every sheet to its own file (<c>NAME-SHEET.csv</c>, LibreOffice 7.2 and later).
    /// <paramref name="inputFilter"/> names the filter that reads the files when their name does not say enough (a CSV's encoding).
    /// </summary>
    public static async Task ConvertAsync(IReadOnlyList<string> files, string output, string target, string? inputFilter = null)
    {
        var profile = Path.Combine(Path.GetTempPath(), "pacesetter-soffice-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo(Soffice)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] filter = inputFilter is null ? [] : ["--infilter=" + inputFilter];
        foreach (var a in new[] { $"-env:UserInstallation=file://{profile}", "--headless", "--norestore" }.Concat(filter).Concat(["--convert-to", target, "--outdir", output]).Concat(files)) start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"soffice exited {process.ExitCode}: {await stdout} {await stderr}");
        }
        finally
        {
            try { Directory.Delete(profile, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Text of documents: <c>docx → txt</c>.</summary>
    public const string Text = "txt:Text (encoded):UTF8";

    /// <summary>Every sheet of a workbook to CSV: comma, double quote, UTF-8 (76), first line 1, formatted as shown, all sheets (-1).</summary>
    public const string CsvAllSheets = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1";

    /// <summary>Runs Debian's python3 on <paramref name="script"/> with <paramref name="args"/>; its standard output.</summary>
    public static async Task<string> PythonAsync(string script, params string[] args)
    {
        var python = Find("/usr/bin/python3") ?? throw new InvalidOperationException("python3 is not installed: apt-get install python3-openpyxl");
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"python3 exited {process.ExitCode} (python3-openpyxl installed?): {await stderr}");
        return await stdout;
    }

    /// <summary>Keeps a copy of the files in <c>PACESETTER_SCREENSHOTS</c> when it names a folder, to be looked at (as the screenshots).</summary>
    public static void Keep(params string[] files)
    {
        if (Environment.GetEnvironmentVariable("PACESETTER_SCREENSHOTS") is not { Length: > 0 } folder) return;
        Directory.CreateDirectory(folder);
        foreach (var f in files) File.Copy(f, Path.Combine(folder, "export-" + Path.GetFileName(f)), overwrite: true);
    }

    /// <summary>A folder of its own for a test's files, removed by the caller.</summary>
    public static string Folder()
    {
        var dir = Path.Combine(Path.GetTempPath(), "pacesetter-exports-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
