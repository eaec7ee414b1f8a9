using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Pacesetter.Cli.Tests;

/// <summary>The built <c>pacesetter</c> run as a child process: real standard streams, exit codes, encoding.</summary>
public sealed class ProcessTests : IDisposable
{
    private readonly ExampleFiles files = new();

    public void Dispose() => files.Dispose();

    private static string Dll()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "pacesetter.dll");
        if (File.Exists(beside)) return beside;
        // Fallback: the Cli project's own output for the configuration the tests were built in.
        var config = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));
        var built = Path.Combine(root, "src", "Pacesetter.Cli", "bin", config, "net10.0", "pacesetter.dll");
        Assert.True(File.Exists(built), $"pacesetter.dll is neither at {beside} nor at {built}");
        return built;
    }

    /// <summary>Runs the built executable with PACESETTER_LANG removed from its environment.</summary>
    private static (int Code, string Out, string Error) Run(params string[] args) => RunWith(null, args);

    /// <summary>Runs the built executable with PACESETTER_LANG set to <paramref name="lang"/> (null: removed).</summary>
    private static (int Code, string Out, string Error) RunWith(string? lang, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.Environment.Remove("PACESETTER_LANG");
        if (lang is not null) start.Environment["PACESETTER_LANG"] = lang;
        start.ArgumentList.Add(Dll());
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"pacesetter {string.Join(' ', args)} did not finish within a minute");
        }
        return (process.ExitCode, output.Result, error.Result);
    }

    [Fact]
    public void Scoring_the_example_prints_json_when_output_is_a_pipe()
    {
        var (code, output, error) = Run("score", ExampleFiles.Zone);

        Assert.Equal("", error);
        Assert.Equal(0, code);
        // Compact on a pipe: one line, ended by a line break.
        Assert.EndsWith("]}\n", output);
        Assert.Single(Cli.Lines(output));
        using var json = JsonDocument.Parse(output);
        Assert.Equal("示范开发区2026年第三季度综合考核", json.RootElement.GetProperty("name").GetString());
        Assert.Equal(
            ["towns", "depts", "invest"],
            json.RootElement.GetProperty("categories").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.Equal(105.86m, json.RootElement.GetProperty("categories")[0].GetProperty("results")[0].GetProperty("composite").GetDecimal());
    }

    [Fact]
    public void Non_json_file_exits_2_with_one_line_and_no_stack_trace()
    {
        var (code, output, error) = RunWith("en", "score", files.FileWith("{ \"name\": "));

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal(["$: not valid JSON (line 1, byte 11)"], Cli.Lines(error));
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void Missing_file_exits_2_with_one_line()
    {
        var path = Path.Combine(files.Directory, "none.json");

        var (code, output, error) = RunWith("en", "score", path);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal([$"{path}: no such file"], Cli.Lines(error));
    }

    [Fact]
    public void Invalid_scheme_exits_2_with_one_line_per_problem()
    {
        var (code, output, error) = RunWith("en", "score", files.FileWith(InvalidScheme.Text));

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal(InvalidScheme.Problems.Order(StringComparer.Ordinal), Cli.Lines(error).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Problems_are_in_chinese_by_default_and_the_results_json_is_the_same_in_both_languages()
    {
        var zh = Run("score", files.FileWith(InvalidScheme.Text));
        var scoredZh = Run("score", ExampleFiles.Zone);
        var scoredEn = RunWith("en", "score", ExampleFiles.Zone);

        Assert.Equal(2, zh.Code);
        Assert.Equal("", zh.Out);
        Assert.Equal(InvalidScheme.ProblemsZh.Order(StringComparer.Ordinal), Cli.Lines(zh.Error).Order(StringComparer.Ordinal));
        Assert.Equal(0, scoredZh.Code);
        Assert.Equal(scoredEn, scoredZh);
    }
}
