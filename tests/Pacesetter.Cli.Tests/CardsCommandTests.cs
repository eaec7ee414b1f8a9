using System.Text.Json;
using Pacesetter.Cli;

namespace Pacesetter.Cli.Tests;

/// <summary><c>pacesetter cards</c> end to end: a file on disk, the exit code, standard output and standard error.</summary>
public sealed class CardsCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("pacesetter-cards-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    // P1: 2026-01-01 → 2026-04-11 (100 days) at 40 % on day 50 (2026-02-20): yellow by lag 10.0.
    private const string ValidFile = """
        { "tasks": [
            { "id": "P1", "name": "道路改造", "unit": "T1", "start": "2026-01-01", "due": "2026-04-11",
              "progress": [ { "date": "2026-01-01", "percent": 40 } ] } ] }
        """;

    private string FileWith(string content)
    {
        var path = Path.Combine(directory, $"cards-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Runs with no environment variable set: Chinese unless <c>--lang en</c> is among the arguments.</summary>
    private static (int Code, string Out, string[] Errors) Run(bool outputRedirected, params string[] args) => RunWith(null, outputRedirected, args);

    /// <summary>Runs with <paramref name="lang"/> as the value of PACESETTER_LANG (null: unset).</summary>
    private static (int Code, string Out, string[] Errors) RunWith(string? lang, bool outputRedirected, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CardsCommand.Run(args, new CliContext(output, error, outputRedirected, name => name == "PACESETTER_LANG" ? lang : null));
        var errors = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (code, output.ToString(), errors);
    }

    [Fact]
    public void Valid_file_prints_the_json_of_the_spec_when_output_is_redirected()
    {
        var (code, output, errors) = Run(true, FileWith(ValidFile), "--as-of", "2026-02-20");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Empty(errors);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("2026-02-20", root.GetProperty("asOf").GetString());
        var task = root.GetProperty("tasks")[0];
        Assert.Equal("P1", task.GetProperty("id").GetString());
        Assert.Equal("T1", task.GetProperty("unit").GetString());
        Assert.Equal("yellow", task.GetProperty("status").GetString());
        Assert.Equal("lag", task.GetProperty("reason").GetString());
        Assert.Equal("50.0", task.GetProperty("expected").GetRawText());
        Assert.Equal("40", task.GetProperty("actual").GetRawText());
        Assert.Equal("10.0", task.GetProperty("lag").GetRawText());
        Assert.Equal(
            ["2026-01-31 green", "2026-02-20 yellow"],
            task.GetProperty("history").EnumerateArray().Select(p => $"{p.GetProperty("date").GetString()} {p.GetProperty("status").GetString()}"));
        var unit = root.GetProperty("units")[0];
        Assert.Equal("T1", unit.GetProperty("unit").GetString());
        Assert.Equal("""{"month":"2026-01","yellow":0,"red":0}""", JsonSerializer.Serialize(unit.GetProperty("months")[0]));
    }

    [Fact]
    public void Table_with_chinese_headings_is_the_default_on_a_terminal()
    {
        var (code, output, _) = Run(false, FileWith(ValidFile), "--as-of", "2026-02-20");

        Assert.Equal(ExitCodes.Ok, code);
        var lines = output.Split('\n');
        Assert.Equal("红黄牌督办 截至 2026-02-20", lines[0]);
        Assert.Equal("任务  名称      单位  状态  原因          序时进度  实际进度  滞后", lines[2]);
        Assert.Equal("P1    道路改造  T1    黄牌  滞后序时进度      50.0        40  10.0", lines[3]);
    }

    [Fact]
    public void Table_in_english_lists_tasks_then_unit_months()
    {
        var (code, output, _) = Run(true, FileWith(ValidFile), "--as-of", "2026-02-20", "--format", "table", "--lang", "en");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(
            """
            Cards as of 2026-02-20

            task  name      unit  status  reason  expected  actual   lag
            P1    道路改造  T1    yellow  lag         50.0      40  10.0

            unit  month    yellow  red
            T1    2026-01       0    0

            """.ReplaceLineEndings("\n"),
            output);
    }

    [Fact]
    public void Invalid_file_prints_one_line_per_problem_and_nothing_on_standard_output()
    {
        var path = FileWith("""
            { "tasks": [ { "id": "P1", "name": "n", "unit": "T1", "start": "2026-03-01", "due": "2026-02-28",
                           "progress": [ { "date": "2026-03-05", "percent": 101 } ] } ] }
            """);

        var (code, output, errors) = RunWith("en", true, path, "--as-of", "2026-10-31");

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Equal("", output);
        Assert.Equal(
            ["$.tasks[0].due: must not be before start 2026-03-01", "$.tasks[0].progress[0].percent: must be from 0 to 100, not 101"],
            errors);
    }

    [Fact]
    public void Problems_are_in_chinese_with_lang_zh()
    {
        var path = FileWith("""{ "tasks": [], "asOf": "2026-10-31" }""");

        var (code, _, errors) = Run(true, path, "--as-of", "2026-10-31", "--lang", "zh");

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Equal(["$.asOf: 未知字段“asOf”"], errors);
    }

    [Fact]
    public void Missing_file_is_one_clear_line()
    {
        var path = Path.Combine(directory, "none.json");

        var (code, output, errors) = RunWith("en", true, path, "--as-of", "2026-10-31");

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Equal("", output);
        Assert.Equal([$"pacesetter cards: cannot read \"{path}\": no such file"], errors);
    }

    [Theory]
    [InlineData("", "$: the file is empty")]
    [InlineData("{ \"tasks\": [", "$: not valid JSON (line 1, byte 13)")]
    public void Empty_or_non_json_file_is_one_clear_line(string content, string line)
    {
        var (code, output, errors) = RunWith("en", true, FileWith(content), "--as-of", "2026-10-31");

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Equal("", output);
        Assert.Equal([line], errors);
    }

    [Theory]
    [InlineData(new string[0], "pacesetter cards: --as-of is required, e.g. --as-of 2026-10-31")]
    [InlineData(new[] { "--as-of", "2026-02-30" }, "pacesetter cards: --as-of: \"2026-02-30\" is not a date as yyyy-MM-dd")]
    [InlineData(new[] { "--as-of" }, "pacesetter cards: --as-of: a value is required")]
    public void Missing_or_bad_as_of_date_is_one_clear_line(string[] asOf, string line)
    {
        var (code, output, errors) = RunWith("en", true, [FileWith(ValidFile), .. asOf]);

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Equal("", output);
        Assert.Equal([line], errors);
    }

    [Fact]
    public void Unknown_format_is_refused()
    {
        var (code, _, errors) = RunWith("en", true, FileWith(ValidFile), "--as-of", "2026-10-31", "--format", "csv");

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Equal(["pacesetter cards: --format: \"csv\" is not json or table"], errors);
    }

    [Fact]
    public void Help_prints_usage_with_the_example_file_in_chinese_by_default_and_succeeds()
    {
        var (code, output, errors) = Run(true, "--help");
        var en = Run(true, "--help", "--lang", "en");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Empty(errors);
        Assert.StartsWith("用法：pacesetter cards 文件 --as-of 日期", output);
        Assert.Contains("  pacesetter cards examples/tasks-2026.tasks.json --as-of 2026-10-31 --format table\n", output);
        Assert.StartsWith("Usage: pacesetter cards FILE --as-of DATE", en.Out);
        Assert.Contains("  pacesetter cards examples/tasks-2026.tasks.json --as-of 2026-10-31 --format table\n", en.Out);
    }

    [Fact]
    public void Problems_and_usage_errors_are_in_chinese_by_default()
    {
        var path = FileWith("""
            { "tasks": [ { "id": "P1", "name": "n", "unit": "T1", "start": "2026-03-01", "due": "2026-02-28",
                           "progress": [ { "date": "2026-03-05", "percent": 101 } ] } ] }
            """);

        var problems = Run(true, path, "--as-of", "2026-10-31");
        var usage = Run(true, path, "--as-of", "2026-02-30");

        Assert.Equal(ExitCodes.Invalid, problems.Code);
        Assert.Equal("", problems.Out);
        Assert.Equal(["$.tasks[0].due: 不得早于开始日期 2026-03-01", "$.tasks[0].progress[0].percent: 必须在 0 到 100 之间，而不是 101"], problems.Errors);
        Assert.Equal(ExitCodes.Invalid, usage.Code);
        Assert.Equal(["pacesetter cards: --as-of：“2026-02-30”不是 yyyy-MM-dd 格式的日期"], usage.Errors);
    }

    /// <summary>examples/tasks-2026.tasks.json, the example file of <c>pacesetter cards --help</c>.</summary>
    private static string ExampleTasks { get; } = Path.Combine(AppContext.BaseDirectory, "Data", "tasks-2026.tasks.json");

    [Fact]
    public void The_example_tasks_file_gives_its_hand_checked_table()
    {
        // P1 03-01 → 12-31 (305 days), day 244 on 10-31: expected 100 × 244 ÷ 305 = 80.0, actual 60, lag 20.0 — yellow,
        // and yellow at 09-30 too (69.8 − 45 = 24.8): escalated to red. P2 reached 100 on 09-20: done.
        // P3 07-01 → 12-31 (183 days), day 122: 66.7, nothing reported for 4 whole months: red, not started.
        // P4 due 08-31 at 70: red, overdue (expected clamped to 100, lag 30.0).
        var (code, output, errors) = Run(false, ExampleTasks, "--as-of", "2026-10-31");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Empty(errors);
        var lines = output.Split('\n');
        Assert.Equal(
        [
            "红黄牌督办 截至 2026-10-31",
            "",
            "任务  名称            单位  状态    原因          序时进度  实际进度  滞后",
            "P1    中山路道路改造  T1    红牌    连续黄牌升级      80.0        60  20.0",
            "P2    老旧小区改造    T1    已完成  -                100.0       100   0.0",
            "P3    污水管网建设    T2    红牌    未启动            66.7         0  66.7",
            "P4    便民服务中心    T2    红牌    逾期             100.0        70  30.0",
            "",
            "单位  月份     黄牌  红牌",
        ], lines[..9]);
        Assert.Contains("T1    2026-10     0     1", lines);
        Assert.Contains("T2    2026-10     0     2", lines);
    }

    /// <summary>The example's JSON as the command wrote it before issue 10 made it faster: the output must not change by a byte.</summary>
    private static string ExampleExpected { get; } = Path.Combine(AppContext.BaseDirectory, "Data", "tasks-2026.cards-2026-10-31.expected.json");

    [Fact]
    public void The_example_tasks_file_as_json_is_byte_for_byte_the_output_of_before_through_a_text_writer_and_on_standard_output()
    {
        var expected = File.ReadAllBytes(ExampleExpected);

        var (code, output, errors) = Run(true, ExampleTasks, "--as-of", "2026-10-31", "--format", "json");
        // As on the process's standard output: a UTF-8 StreamWriter, whose stream the JSON is written to directly.
        using var stdout = new MemoryStream();
        var writer = new StreamWriter(stdout, new System.Text.UTF8Encoding(false), 1 << 16) { AutoFlush = false };
        writer.Write("before ");
        int streamed = CardsCommand.Run([ExampleTasks, "--as-of", "2026-10-31", "--format", "json"], new CliContext(writer, new StringWriter(), true, _ => null));
        writer.Flush();

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Empty(errors);
        Assert.Equal(expected, System.Text.Encoding.UTF8.GetBytes(output));
        Assert.Equal(ExitCodes.Ok, streamed);
        Assert.Equal([.. "before "u8, .. expected], stdout.ToArray());
    }

    [Fact]
    public void The_example_tasks_file_as_json_names_each_status_and_reason()
    {
        var (code, output, errors) = Run(true, ExampleTasks, "--as-of", "2026-10-31");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Empty(errors);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(
            ["P1 red escalated 80.0 60 20.0", "P2 done  100.0 100 0.0", "P3 red not-started 66.7 0 66.7", "P4 red overdue 100.0 70 30.0"],
            json.RootElement.GetProperty("tasks").EnumerateArray().Select(t =>
                $"{t.GetProperty("id").GetString()} {t.GetProperty("status").GetString()} {t.GetProperty("reason").GetString()} {t.GetProperty("expected").GetRawText()} {t.GetProperty("actual").GetRawText()} {t.GetProperty("lag").GetRawText()}"));
    }
}
