using System.Text.Json;
using Pacesetter.Scoring.Benchmarking;

namespace Pacesetter.Cli.Tests;

/// <summary><c>pacesetter gap</c> end to end (files read by the verbs' shared <see cref="InputFile"/>) (scoring.md §10): a file on disk, the exit code, standard output and standard error.</summary>
public sealed class GapCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("pacesetter-gap-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static string Example => Path.Combine(AppContext.BaseDirectory, "Data", "benchmarks-2026.gap.json");

    private string FileWith(string content)
    {
        var path = Path.Combine(directory, $"gap-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Redirected_output_is_the_json_of_the_spec_with_the_hand_worked_figures()
    {
        var (code, output, errors) = Cli.Run(true, "gap", Example);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Empty(errors);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(2026, root.GetProperty("year").GetInt32());
        var gdp = root.GetProperty("benchmarks")[0].GetProperty("indicators")[0];
        // (1000 − 3686) / 3686 × 100 = −72.9; 9.6 % against 4.8 % a year; ln(3.686) / ln(1.09583 / 1.04826) = 29.4 years.
        Assert.Equal("""{"id":"gdp","own":1000,"bench":3686,"gapPercent":-72.9,"growthOwn":9.6,"growthBench":4.8,"catchUp":"years","years":29.4}""",
            JsonSerializer.Serialize(gdp));
        Assert.Equal("""[{"id":"sip","rank":1},{"id":"own","rank":2},{"id":"ksd","rank":2}]""", JsonSerializer.Serialize(root.GetProperty("ranks").GetProperty("rd")));
        // The command's JSON is the engine's, indented, and ends with a line break.
        Assert.Equal(GapReportJson.ToJson(GapCalculator.Compute(GapFileReader.Read(File.ReadAllText(Example)), 2026)) + "\n", output);
    }

    [Fact]
    public void The_table_says_the_catch_up_in_words_in_chinese_or_english()
    {
        var zh = Cli.Run(false, "gap", Example);
        var en = Cli.Run(false, "gap", Example, "--lang", "en");

        Assert.Equal(ExitCodes.Ok, zh.Code);
        var lines = Cli.Lines(zh.Out);
        Assert.Equal("对标分析 2026年 · 示范开发区", lines[0]);
        Assert.Contains("地区生产总值  亿元        1000      3686  -72.9          9.6        4.8  按当前增速约 29.4 年赶上", lines);
        Assert.Contains("研发投入强度  %            3.3         4  -17.5          3.2        5.4  按当前增速无法赶上", lines);
        Assert.Contains("地区生产总值  亿元        1000       980    2.0          9.6       -6.7  已领先", lines);
        Assert.Contains("研发投入强度  1 苏州工业园区；2 示范开发区；2 昆山开发区", lines);
        Assert.Equal(ExitCodes.Ok, en.Code);
        Assert.Contains(Cli.Lines(en.Out), l => l.EndsWith("-18.4          -4.7                -1.7  about 5.4 years to catch up at current rates", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bad_file_gets_one_line_per_problem_and_exit_2_in_the_run_s_language()
    {
        var path = FileWith("""
            { "year": 2026, "indicators": [ { "id": "gdp", "direction": "more" } ],
              "own": { "values": { "gpd": { "2026": 1 } } }, "benchmarks": [ { "id": "sip", "values": { "gdp": { "26": 3 } } } ] }
            """);
        var zh = Cli.Run(true, "gap", path);
        var en = Cli.Run(true, "gap", path, "--lang", "en");

        Assert.Equal(ExitCodes.Invalid, zh.Code);
        Assert.Equal("", zh.Out);
        Assert.Equal(
        [
            "$.indicators[0].direction: 应为 higher, lower 之一，而不是“more”",
            "$.own.values.gpd: 未知指标“gpd”（indicators 中没有）",
            "$.benchmarks[0].values.gdp.26: “26”不是年份（四位数字，如 \"2025\"）",
        ], zh.Errors);
        Assert.Equal("$.own.values.gpd: unknown indicator \"gpd\" (not in indicators)", en.Errors[1]);
    }

    [Fact]
    public void Files_that_cannot_be_read_are_named()
    {
        var missing = Cli.Run(true, "gap", Path.Combine(directory, "none.json"));
        Assert.Equal(ExitCodes.Invalid, missing.Code);
        Assert.Equal([$"{Path.Combine(directory, "none.json")}：文件不存在"], missing.Errors);
        var empty = Cli.Run(true, "gap", FileWith("  "));
        Assert.Equal(["$: 文件为空"], empty.Errors);
        var folder = Cli.Run(true, "gap", directory, "--lang", "en");
        Assert.Equal([$"{directory}: is a directory, not a file"], folder.Errors);
    }
}
