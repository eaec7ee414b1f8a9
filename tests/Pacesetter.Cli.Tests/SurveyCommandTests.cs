using System.Text.Json;
using Pacesetter.Scoring.Surveys;

namespace Pacesetter.Cli.Tests;

/// <summary><c>pacesetter survey</c> end to end (surveys.md §5): a file on disk, the exit code, standard output and standard error.</summary>
public sealed class SurveyCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("pacesetter-survey-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static string Example => Path.Combine(AppContext.BaseDirectory, "Data", "survey-2026q3.survey.json");

    private static string Expected => Path.Combine(AppContext.BaseDirectory, "Data", "survey-2026q3.expected.json");

    private string FileWith(string content)
    {
        var path = Path.Combine(directory, $"survey-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Redirected_output_is_the_json_of_the_hand_worked_expected_file()
    {
        var (code, output, errors) = Cli.Run(true, "survey", Example);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Empty(errors);
        var differences = new List<string>();
        SameJson(JsonDocument.Parse(File.ReadAllText(Expected)).RootElement, JsonDocument.Parse(output).RootElement, "$", differences);
        Assert.True(differences.Count == 0, string.Join("\n", differences));
        // Satisfaction keeps its one decimal: 5 of 5 is 100.0, not 100.
        Assert.Contains("\"satisfaction\": 100.0,", output);
        // The command's JSON is the engine's, indented, and ends with a line break.
        var file = SurveyReader.ReadFile(File.ReadAllBytes(Example));
        Assert.Equal(SurveyResultJson.ToJson(SurveyTally.Tally(file.Survey, file.Ballots)) + "\n", output);
    }

    [Fact]
    public void The_comparison_of_json_notices_a_number_a_key_and_a_null_that_differ()
    {
        var differences = new List<string>();
        SameJson(JsonDocument.Parse("""{"a": 1.50, "b": [null, 2], "c": 1}""").RootElement,
            JsonDocument.Parse("""{"a": 1.5, "b": [0, 2.1], "d": 1}""").RootElement, "$", differences);

        Assert.Equal(["$.b[0]: Null against Number", "$.b[1]: 2 against 2.1", "$: keys a,b,c against a,b,d"], differences);
    }

    [Fact]
    public void Json_is_the_format_on_a_terminal_when_asked()
    {
        var (code, output, _) = Cli.Run(false, "survey", Example, "--format", "json");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.StartsWith("{\n  \"survey\": \"2026q3-myd\",\n  \"ballots\": {\n    \"cast\": 13,", output);
    }

    [Fact]
    public void The_table_names_the_survey_counts_the_ballots_and_shows_each_unit_in_chinese()
    {
        var (code, output, errors) = Cli.Run(false, "survey", Example);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Empty(errors);
        Assert.Equal(
        [
            "测评 2026年第三季度机关作风满意度测评（2026q3-myd） · 选票 13 张：有效 10，无效 3",
            "",
            "单位   得分  满意率%  区领导 平均分（票数）  部门互评 平均分（票数）  服务对象 平均分（票数）",
            "----  -----  -------  ---------------------  -----------------------  -----------------------",
            "D1       95     88.9                100 (2)                   90 (2)                93.33 (3)",
            "D2       68     77.8                 50 (2)                   80 (2)                   80 (3)",
            "D3     78.5     87.5                 80 (2)                   90 (2)                   65 (4)",
            "D4    82.86    100.0                 80 (2)                        —                86.67 (3)",
        ], Cli.Lines(output));
    }

    [Fact]
    public void The_table_is_in_english_with_lang_en_or_pacesetter_lang_en()
    {
        var asked = Cli.Run(false, "survey", Example, "--lang", "en");
        var byVariable = Cli.RunWith("en", false, "survey", Example, "--format", "table");

        Assert.Equal(ExitCodes.Ok, asked.Code);
        Assert.Equal(asked.Out, byVariable.Out);
        Assert.Equal(
        [
            "Survey 2026年第三季度机关作风满意度测评 (2026q3-myd) · ballots cast 13: valid 10, invalid 3",
            "",
            "unit  score  satisfaction %  区领导 mean (count)  部门互评 mean (count)  服务对象 mean (count)",
            "----  -----  --------------  -------------------  ---------------------  ---------------------",
            "D1       95            88.9              100 (2)                 90 (2)              93.33 (3)",
            "D2       68            77.8               50 (2)                 80 (2)                 80 (3)",
            "D3     78.5            87.5               80 (2)                 90 (2)                 65 (4)",
            "D4    82.86           100.0               80 (2)                      —              86.67 (3)",
        ], Cli.Lines(asked.Out));
    }

    [Fact]
    public void A_unit_rated_by_nobody_and_a_survey_without_a_name_show_dashes_and_the_id()
    {
        var path = FileWith("""
            { "survey": { "id": "kp", "units": ["T1", "T2"], "abstain": true, "options": [ { "id": "ok", "points": 100, "satisfied": true } ],
                          "groups": [ { "id": "g", "weight": 1 } ] },
              "ballots": [ { "group": "g", "ratings": { "T1": "ok" } }, { "group": "g", "ratings": { "T9": "ok" } } ] }
            """);

        var (code, output, _) = Cli.Run(false, "survey", path, "--lang", "en");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(
        [
            "Survey kp · ballots cast 2: valid 1, invalid 1",
            "",
            "unit  score  satisfaction %  g mean (count)",
            "----  -----  --------------  --------------",
            "T1      100           100.0         100 (1)",
            "T2        —               —               —",
        ], Cli.Lines(output));
    }

    [Fact]
    public void Invalid_ballots_are_counted_not_refused()
    {
        var path = FileWith("""
            { "survey": { "id": "s", "units": ["D1", "D2"], "options": [ { "id": "a", "points": 100 }, { "id": "b", "points": 60 } ],
                          "topQuota": 0.5, "groups": [ { "id": "g", "weight": 1 } ] },
              "ballots": [ { "group": "g", "ratings": { "D1": "a", "D2": "a" } }, { "group": "g", "ratings": { "D1": "x", "D2": "b" } },
                           { "group": "g", "ratings": { "D1": "b" } }, { "group": "g", "ratings": { "D1": "a", "D2": "b" } } ] }
            """);

        var (code, output, errors) = Cli.Run(true, "survey", path);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Empty(errors);
        var root = JsonDocument.Parse(output).RootElement;
        // Over the quota (2 > floor(0.5 × 2) = 1), an unknown option, D2 unrated without abstain: only the last is valid.
        Assert.Equal("""{"cast":4,"valid":1,"invalid":3}""", JsonSerializer.Serialize(root.GetProperty("ballots")));
        // D1 100, D2 60; nobody's option is satisfied: 0.0.
        Assert.Equal("""{"unit":"D2","score":60,"satisfaction":0.0,"groups":{"g":{"mean":60,"count":1}}}""", JsonSerializer.Serialize(root.GetProperty("units")[1]));
    }

    [Fact]
    public void A_bad_file_gets_one_line_per_problem_with_its_path_and_exit_2_in_the_run_s_language()
    {
        var path = FileWith("""
            { "survey": { "id": "s", "units": ["D1", "D2"],
                          "options": [ { "id": "a", "points": 100 }, { "id": "b", "points": 120 } ],
                          "groups": [ { "id": "leaders", "weight": 0 }, { "id": "units", "weight": 1, "excludeSelf": true } ] },
              "ballots": [ { "group": "units", "ratings": { "D1": "a" } },
                           { "group": "leaders", "ratings": { "D1": "a", "D2": 1 } },
                           { "group": "public", "ratings": {} } ] }
            """);
        var zh = Cli.Run(true, "survey", path);
        var en = Cli.Run(true, "survey", path, "--lang", "en");

        Assert.Equal(ExitCodes.Invalid, zh.Code);
        Assert.Equal("", zh.Out);
        Assert.Equal(
        [
            "$.survey.options[1].points: 应在 0 到 100 之间",
            "$.survey.groups[0].weight: 应为正数",
            "$.ballots[0].rater: 必填：群体“units”不评本单位，选票须写明评价人所在单位",
            "$.ballots[1].ratings.D2: 应为选项编号，如 \"a\"（弃权写 null 或不写）",
            "$.ballots[2].group: 没有评价群体“public”（本测评的群体：leaders、units）",
        ], zh.Errors);
        Assert.Equal(ExitCodes.Invalid, en.Code);
        Assert.Equal("", en.Out);
        Assert.Equal(
        [
            "$.survey.options[1].points: must be between 0 and 100",
            "$.survey.groups[0].weight: must be a positive number",
            "$.ballots[0].rater: is required: group \"units\" excludes self-rating, so a ballot names its rater's unit",
            "$.ballots[1].ratings.D2: must be an option id such as \"a\" (or null for no rating)",
            "$.ballots[2].group: unknown group \"public\" (the survey's: leaders, units)",
        ], en.Errors);
    }

    [Fact]
    public void Files_that_cannot_be_read_are_named()
    {
        var missing = Cli.Run(true, "survey", Path.Combine(directory, "none.json"));
        Assert.Equal(ExitCodes.Invalid, missing.Code);
        Assert.Equal([$"{Path.Combine(directory, "none.json")}：文件不存在"], missing.Errors);
        var empty = Cli.Run(true, "survey", FileWith("  "));
        Assert.Equal(ExitCodes.Invalid, empty.Code);
        Assert.Equal(["$: 文件为空"], empty.Errors);
        var notJson = Cli.Run(true, "survey", FileWith("{ \"survey\": "), "--lang", "en");
        Assert.StartsWith("$: not valid JSON (line 1, byte ", Assert.Single(notJson.Errors));
        var folder = Cli.Run(true, "survey", directory, "--lang", "en");
        Assert.Equal([$"{directory}: is a directory, not a file"], folder.Errors);
    }

    [Fact]
    public void Usage_problems_are_all_reported_and_exit_2()
    {
        var (code, output, errors) = Cli.Run(true, "survey", "--format", "csv");

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Equal("", output);
        Assert.Equal(["pacesetter survey: 缺少文件参数", "pacesetter survey: --format：输出格式应为 json 或 table，而不是“csv”"], errors);
        var two = Cli.Run(true, "survey", Example, Example, "--lang", "en");
        Assert.Equal(["pacesetter survey: give exactly one FILE"], two.Errors);
    }

    [Fact]
    public void Help_gives_the_usage_the_file_s_shape_the_example_and_the_exit_codes()
    {
        var zh = Cli.Run(false, "survey", "--help");
        var en = Cli.Run(false, "survey", "-h", "--lang", "en");

        Assert.Equal(ExitCodes.Ok, zh.Code);
        var lines = Cli.Lines(zh.Out);
        Assert.Equal("用法：pacesetter survey 文件 [--format json|table] [--lang zh|en]", lines[0]);
        Assert.Contains("  pacesetter survey examples/survey-2026q3.survey.json --format table", lines);
        Assert.Contains("退出码：0 完成；2 文件或用法有误（标准错误输出每个问题一行）。", lines);
        Assert.Equal(ExitCodes.Ok, en.Code);
        var english = Cli.Lines(en.Out);
        Assert.Equal("Usage: pacesetter survey FILE [--format json|table] [--lang zh|en]", english[0]);
        Assert.Contains("Exit codes: 0 done; 2 invalid file or usage (one line per problem on standard error).", english);
        // The example of the help runs.
        Assert.Equal(ExitCodes.Ok, Cli.Run(false, "survey", Example, "--format", "table").Code);
    }

    /// <summary>
    /// Compares two JSON values: objects by their keys in order, lists item by item, numbers by value (93.330 = 93.33),
    /// strings, booleans and nulls exactly; each difference as "path: …".
    /// </summary>
    private static void SameJson(JsonElement expected, JsonElement actual, string path, List<string> differences)
    {
        if (expected.ValueKind != actual.ValueKind)
        {
            differences.Add($"{path}: {expected.ValueKind} against {actual.ValueKind}");
            return;
        }
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var keys = expected.EnumerateObject().Select(p => p.Name).ToList();
                var actualKeys = actual.EnumerateObject().Select(p => p.Name).ToList();
                foreach (var key in keys.Intersect(actualKeys)) SameJson(expected.GetProperty(key), actual.GetProperty(key), $"{path}.{key}", differences);
                if (!keys.SequenceEqual(actualKeys)) differences.Add($"{path}: keys {string.Join(",", keys)} against {string.Join(",", actualKeys)}");
                break;
            case JsonValueKind.Array:
                if (expected.GetArrayLength() != actual.GetArrayLength()) differences.Add($"{path}: {expected.GetArrayLength()} items against {actual.GetArrayLength()}");
                for (int i = 0; i < Math.Min(expected.GetArrayLength(), actual.GetArrayLength()); i++) SameJson(expected[i], actual[i], $"{path}[{i}]", differences);
                break;
            case JsonValueKind.Number:
                if (expected.GetDecimal() != actual.GetDecimal()) differences.Add($"{path}: {expected.GetRawText()} against {actual.GetRawText()}");
                break;
            case JsonValueKind.String:
                if (expected.GetString() != actual.GetString()) differences.Add($"{path}: {expected.GetRawText()} against {actual.GetRawText()}");
                break;
        }
    }
}
