using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pacesetter.Cli.Tests;

/// <summary><c>pacesetter score</c> (scoring.md §8) on the worked example and on broken files.</summary>
public sealed class ScoreCommandTests : IDisposable
{
    private readonly ExampleFiles files = new();

    public void Dispose() => files.Dispose();

    [Fact]
    public void Example_scored_as_json_equals_the_expected_result_field_by_field()
    {
        var (code, output, errors) = Cli.Run(true, "score", ExampleFiles.Zone, "--format", "json");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Empty(errors);
        using var actual = JsonDocument.Parse(output);
        using var expected = JsonDocument.Parse(File.ReadAllText(ExampleFiles.ZoneExpected));
        var differences = new List<string>();
        Compare(expected.RootElement, actual.RootElement, "$", differences);
        Assert.Empty(differences);
    }

    [Fact]
    public void Json_is_the_default_format_when_output_is_redirected()
    {
        var byDefault = Cli.Run(true, "score", ExampleFiles.Zone);
        var asJson = Cli.Run(true, "score", ExampleFiles.Zone, "--format", "json");

        Assert.Equal(ExitCodes.Ok, byDefault.Code);
        Assert.StartsWith("{", byDefault.Out);
        Assert.Equal(asJson.Out, byDefault.Out);
    }

    [Fact]
    public void Redirected_json_is_one_compact_line_and_indent_changes_only_whitespace()
    {
        var compact = Cli.Run(true, "score", ExampleFiles.Zone);
        var indented = Cli.Run(true, "score", ExampleFiles.Zone, "--indent");

        Assert.Equal((ExitCodes.Ok, ExitCodes.Ok), (compact.Code, indented.Code));
        Assert.Empty(compact.Errors.Concat(indented.Errors));
        // Compact: the whole document on one line, then the final line break.
        Assert.Single(Cli.Lines(compact.Out));
        Assert.StartsWith(
            "{\"name\":\"示范开发区2026年第三季度综合考核\",\"period\":\"2026-Q3\",\"categories\":[{\"id\":\"towns\","
            + "\"flag\":{\"holder\":\"T1\",\"previous\":\"T3\",\"moved\":true},\"results\":[{\"unit\":\"T1\",\"rank\":1,"
            + "\"composite\":105.86,\"base\":104.36,\"bonus\":2,\"penalty\":0.5,\"grade\":\"优秀\",\"label\":\"pacesetter\",",
            compact.Out);
        // Indented: two spaces a level.
        Assert.Equal(["{", "  \"name\": \"示范开发区2026年第三季度综合考核\",", "  \"period\": \"2026-Q3\",", "  \"categories\": ["], Cli.Lines(indented.Out)[..4]);
        // The same document, byte for byte once the whitespace between tokens is taken out.
        Assert.Equal(compact.Out, Minify(indented.Out) + "\n");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(compact.Out), JsonNode.Parse(indented.Out)));
    }

    [Fact]
    public void Indented_example_equals_the_expected_result_field_by_field()
    {
        var (code, output, errors) = Cli.Run(true, "score", ExampleFiles.Zone, "--indent");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Empty(errors);
        using var actual = JsonDocument.Parse(output);
        using var expected = JsonDocument.Parse(File.ReadAllText(ExampleFiles.ZoneExpected));
        var differences = new List<string>();
        Compare(expected.RootElement, actual.RootElement, "$", differences);
        Assert.Empty(differences);
    }

    [Fact]
    public void Json_is_indented_on_a_terminal_and_indent_alone_means_json()
    {
        var asked = Cli.Run(false, "score", ExampleFiles.Zone, "--format", "json");
        var indentOnly = Cli.Run(false, "score", ExampleFiles.Zone, "--indent");
        var redirected = Cli.Run(true, "score", ExampleFiles.Zone, "--indent");

        Assert.Equal("  \"name\": \"示范开发区2026年第三季度综合考核\",", Cli.Lines(asked.Out)[1]);
        Assert.Equal(asked.Out, indentOnly.Out);
        Assert.Equal(asked.Out, redirected.Out);
    }

    [Theory]
    [InlineData("csv", "pacesetter score: --indent: applies to --format json only, not csv")]
    [InlineData("table", "pacesetter score: --indent: applies to --format json only, not table")]
    public void Indent_with_another_format_is_a_usage_error(string format, string line)
    {
        var (code, output, errors) = Cli.RunWith("en", true, "score", ExampleFiles.Zone, "--format", format, "--indent");

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Equal("", output);
        Assert.Equal([line], errors);
    }

    [Fact]
    public void Indent_takes_no_value()
    {
        var (code, output, errors) = Cli.RunWith("en", true, "score", ExampleFiles.Zone, "--indent=4");

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Equal("", output);
        Assert.Equal(["pacesetter score: --indent: takes no value"], errors);
    }

    /// <summary>The JSON text without the whitespace between its tokens (strings kept as they are).</summary>
    private static string Minify(string json)
    {
        var sb = new System.Text.StringBuilder(json.Length);
        bool inString = false, escaped = false;
        foreach (var ch in json)
        {
            if (inString)
            {
                sb.Append(ch);
                if (escaped) escaped = false;
                else if (ch == '\\') escaped = true;
                else if (ch == '"') inString = false;
            }
            else if (!char.IsWhiteSpace(ch))
            {
                sb.Append(ch);
                inString = ch == '"';
            }
        }
        return sb.ToString();
    }

    [Fact]
    public void Json_scores_have_at_most_two_decimals()
    {
        var output = Cli.Run(true, "score", ExampleFiles.Zone, "--format", "json").Out;

        using var json = JsonDocument.Parse(output);
        var tooFine = new List<string>();
        foreach (var category in json.RootElement.GetProperty("categories").EnumerateArray())
        {
            foreach (var r in category.GetProperty("results").EnumerateArray())
            {
                var unit = r.GetProperty("unit").GetString();
                foreach (var field in new[] { "composite", "base", "bonus", "penalty" }) Check($"{unit}.{field}", r.GetProperty(field));
                foreach (var ind in r.GetProperty("indicators").EnumerateObject()) Check($"{unit}.{ind.Name}", ind.Value.GetProperty("score"));
            }
        }
        Assert.Empty(tooFine);

        void Check(string where, JsonElement number)
        {
            var text = number.GetRawText();
            int dot = text.IndexOf('.');
            if (text.Contains('e') || text.Contains('E') || (dot >= 0 && text.Length - dot - 1 > 2)) tooFine.Add($"{where} = {text}");
        }
    }

    [Fact]
    public void Csv_has_the_header_row_and_one_row_per_unit_with_exact_figures()
    {
        var (code, output, errors) = Cli.Run(true, "score", ExampleFiles.Zone, "--format", "csv");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Empty(errors);
        var rows = output.Split("\r\n");
        Assert.Equal("", rows[^1]);
        rows = rows[..^1];
        Assert.Equal(
            "category,unit,name,rank,composite,base,bonus,penalty,grade,label,vetoed,blockTop,flag,"
            + "revenue,industry,projects,land,livelihood,honors,cards,duty,service,upper,complaints,signed,started,visits",
            rows[0]);
        Assert.Equal(
            ["T1", "T3", "T5", "T2", "T4", "D2", "D1", "D4", "D3", "I3", "I1", "I2", "I4"],
            rows.Skip(1).Select(r => r.Split(',')[1]));
        Assert.Equal("towns,T1,城东街道,1,105.86,104.36,2,0.5,优秀,pacesetter,false,false,true,34.36,25,20,10,15,2,0.5,,,,,,,", rows[1]);
        Assert.Equal("towns,T2,城西街道,4,82.88,83.38,0,0.5,良好,,false,false,false,27.3,17.7,16,7.38,15,0,0.5,,,,,,,", rows[4]);
        Assert.Equal("depts,D3,自然资源局,4,43.45,48.45,0,5,一般,yellow,false,true,false,,,,,,,,30.45,14,4,5,,,", rows[9]);
        Assert.Equal("invest,I2,招商二局,3,81.63,81.63,0,0,,,false,false,false,,,,,,,,,,,,41,20.63,20", rows[12]);
    }

    [Fact]
    public void Table_with_chinese_headings_is_the_default_on_a_terminal()
    {
        var (code, output, errors) = Cli.Run(false, "score", ExampleFiles.Zone);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Empty(errors);
        var lines = Cli.Lines(output);
        Assert.Equal("示范开发区2026年第三季度综合考核 (2026-Q3)", lines[0]);
        Assert.Equal("镇街 [towns]  流动红旗: 城东街道 (T1)  上期: T3", lines[2]);
        Assert.Equal("名次  单位编号  单位      综合得分  基本分  加分  扣分  等次    称号  备注", lines[3]);
        Assert.Equal("   1  T1        城东街道    105.86  104.36     2   0.5  优秀    标兵  流动红旗", lines[5]);
        Assert.Equal("   4  T2        城西街道     82.88   83.38     0   0.5  良好          容错免责 红黄牌督办 +1", lines[8]);
    }

    /// <summary>
    /// A category without a <c>flag</c> rule races for no flag (§5: the flag is <c>flag: {"min"}</c>): the table's
    /// heading says nothing of one, while a category with the rule and no holder says 空缺 (vacant).
    /// </summary>
    [Fact]
    public void Table_names_no_flag_for_a_category_without_a_flag_rule_and_a_vacant_one_for_a_category_with_it()
    {
        var path = files.FileWith("""
            { "name": "红旗", "period": "2026-11", "units": { "A": "甲镇", "B": "乙镇", "C": "丙局", "D": "丁局" },
              "categories": [
                { "id": "towns", "name": "镇街", "units": ["A", "B"],
                  "indicators": [{ "id": "x", "weight": 100, "core": true, "method": { "type": "manual" } }] },
                { "id": "depts", "name": "部门", "units": ["C", "D"], "flag": { "min": 99 },
                  "indicators": [{ "id": "x", "weight": 100, "core": true, "method": { "type": "manual" } }] } ],
              "data": { "A": { "x": 90 }, "B": { "x": 80 }, "C": { "x": 90 }, "D": { "x": 80 } } }
            """);

        var (code, output, _) = Cli.Run(false, "score", path, "--format", "table");
        var (_, english, _) = Cli.Run(false, "score", path, "--format", "table", "--lang", "en");

        Assert.Equal(ExitCodes.Ok, code);
        var lines = Cli.Lines(output);
        Assert.Equal("镇街 [towns]", lines[2]);
        Assert.Equal("部门 [depts]  流动红旗: 空缺", lines.Single(l => l.StartsWith("部门", StringComparison.Ordinal)));
        Assert.Contains("镇街 [towns]\n", english);
        Assert.DoesNotContain("Red flag", english.Split("部门")[0]);
        Assert.Contains("部门 [depts]  Red flag: nobody\n", english);
    }

    [Fact]
    public void Table_in_english_with_lang_en()
    {
        var (code, output, _) = Cli.Run(false, "score", ExampleFiles.Zone, "--format", "table", "--lang", "en");

        Assert.Equal(ExitCodes.Ok, code);
        var lines = Cli.Lines(output);
        Assert.Equal("镇街 [towns]  Red flag: 城东街道 (T1)  previous: T3", lines[2]);
        Assert.Equal("Rank  Unit  Name      Composite    Base  Bonus  Penalty  Grade   Label        Notes", lines[3]);
        Assert.Equal("   1  T1    城东街道     105.86  104.36      2      0.5  优秀    pacesetter   red flag", lines[5]);
        Assert.Equal("   5  T4    新港镇        39.27   42.27      0        3  不达标  yellow card", lines[9]);
        Assert.DoesNotContain("名次", output);
    }

    [Fact]
    public void Table_format_is_used_when_asked_for_even_if_output_is_redirected()
    {
        var (code, output, _) = Cli.Run(true, "score", ExampleFiles.Zone, "--format", "table");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("名次  单位编号  单位      综合得分  基本分  加分  扣分  等次    称号  备注", Cli.Lines(output)[3]);
    }

    [Fact]
    public void Invalid_file_prints_one_line_per_problem_with_its_json_path_and_nothing_on_standard_output()
    {
        var (code, output, errors) = Cli.RunWith("en", true, "score", files.FileWith(InvalidScheme.Text), "--format", "json");

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Equal("", output);
        Assert.Equal(InvalidScheme.Problems.Order(StringComparer.Ordinal), errors.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Problems_and_usage_errors_are_in_chinese_by_default_and_the_json_results_do_not_depend_on_the_language()
    {
        var invalid = Cli.Run(true, "score", files.FileWith(InvalidScheme.Text));
        var badFormat = Cli.Run(true, "score", ExampleFiles.Zone, "--format", "xml");
        var zh = Cli.Run(true, "score", ExampleFiles.Zone);
        var en = Cli.RunWith("en", true, "score", ExampleFiles.Zone);

        Assert.Equal(ExitCodes.Invalid, invalid.Code);
        Assert.Equal("", invalid.Out);
        Assert.Equal(InvalidScheme.ProblemsZh.Order(StringComparer.Ordinal), invalid.Errors.Order(StringComparer.Ordinal));
        Assert.Equal(ExitCodes.Invalid, badFormat.Code);
        Assert.Equal(["pacesetter score: --format：格式应为 json、csv 或 table，而不是“xml”"], badFormat.Errors);
        Assert.Equal(ExitCodes.Ok, zh.Code);
        Assert.Equal(en.Out, zh.Out);
    }

    [Fact]
    public void Invalid_file_problems_are_in_chinese_with_lang_zh()
    {
        var (code, output, errors) = Cli.Run(true, "score", files.FileWith(InvalidScheme.Text), "--lang", "zh");

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Equal("", output);
        Assert.Equal(InvalidScheme.ProblemsZh.Order(StringComparer.Ordinal), errors.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Data_and_adjustment_problems_are_each_reported_with_their_path()
    {
        var root = JsonNode.Parse(File.ReadAllText(ExampleFiles.Zone))!;
        root["data"]!["T2"]!["revenue"]!["target"] = 0;
        root["data"]!["D1"]!["service"] = "极好";
        root["data"]!["D4"]!["duty"] = "abc";
        root["adjustments"]!.AsArray().Add(JsonNode.Parse("""{ "id": "x2", "unit": "T4", "type": "exemption", "ref": "nothing", "reason": "r" }"""));
        root["adjustments"]!.AsArray().Add(JsonNode.Parse("""{ "id": "a9", "unit": "T9", "type": "veto", "reason": "r" }"""));
        root["categories"]![1]!["units"]!.AsArray().Add("T1");

        var (code, output, errors) = Cli.RunWith("en", true, "score", files.FileWith(root.ToJsonString()));

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Equal("", output);
        string[] expected =
        [
            "$.categories[1].units[4]: unit \"T1\" is already in category \"towns\"",
            "$.data.T2.revenue.target: the target must be above 0",
            "$.data.D1.service: unknown grade \"极好\" (expected one of 优, 良, 中, 差)",
            "$.data.D4.duty: must be a number or {\"value\": …}",
            "$.adjustments[2].ref: \"nothing\" names no adjustment and no indicator of category \"towns\"",
            "$.adjustments[3].unit: unknown unit \"T9\"",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), errors.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("{ \"name\": ", "$: not valid JSON (line 1, byte 11)")]
    [InlineData("hello", "$: not valid JSON (line 1, byte 1)")]
    [InlineData("", "$: the file is empty")]
    [InlineData("  \n ", "$: the file is empty")]
    [InlineData("[1, 2]", "$: must be an object")]
    public void File_that_is_not_a_json_object_is_one_clear_line(string content, string line)
    {
        var (code, output, errors) = Cli.RunWith("en", true, "score", files.FileWith(content));

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Equal("", output);
        Assert.Equal([line], errors);
    }

    [Fact]
    public void Missing_file_is_one_clear_line()
    {
        var path = Path.Combine(files.Directory, "none.json");

        var (code, output, errors) = Cli.RunWith("en", true, "score", path);

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Equal("", output);
        Assert.Equal([$"{path}: no such file"], errors);
    }

    [Fact]
    public void Directory_instead_of_a_file_is_one_clear_line()
    {
        var (code, output, errors) = Cli.RunWith("en", true, "score", files.Directory);

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Equal("", output);
        Assert.Equal([$"{files.Directory}: is a directory, not a file"], errors);
    }

    [Theory]
    [InlineData(new[] { "--verbose" }, "pacesetter score: --verbose: unknown option")]
    [InlineData(new[] { "--format", "xml" }, "pacesetter score: --format: must be json, csv or table, not \"xml\"")]
    [InlineData(new[] { "--format" }, "pacesetter score: --format: a value is required")]
    public void Bad_option_is_refused_with_a_line_naming_it(string[] options, string line)
    {
        var (code, output, errors) = Cli.RunWith("en", true, ["score", ExampleFiles.Zone, .. options]);

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Equal("", output);
        Assert.Equal([line], errors);
    }

    [Fact]
    public void No_file_is_refused()
    {
        var (code, output, errors) = Cli.RunWith("en", true, "score", "--format", "json");

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Equal("", output);
        Assert.Equal(["pacesetter score: expected one FILE"], errors);
    }

    [Fact]
    public void Two_files_are_refused()
    {
        var (code, output, errors) = Cli.RunWith("en", true, "score", ExampleFiles.Zone, ExampleFiles.Zone);

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Equal("", output);
        Assert.Equal(["pacesetter score: expected one FILE"], errors);
    }

    /// <summary>
    /// Collects every difference between the expected result and the command's: numbers compared as decimals,
    /// <c>measure</c> after rounding to 4 decimals (the expected file shows it "to 4 decimals for reference"),
    /// and <c>baseFactor</c> allowed in a result only when one of its indicators was excluded (score null).
    /// </summary>
    private static void Compare(JsonElement expected, JsonElement actual, string path, List<string> differences)
    {
        if (expected.ValueKind != actual.ValueKind)
        {
            differences.Add($"{path}: expected {expected.ValueKind} {expected.GetRawText()}, got {actual.ValueKind} {actual.GetRawText()}");
            return;
        }
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                {
                    var names = actual.EnumerateObject().Select(p => p.Name).ToList();
                    foreach (var p in expected.EnumerateObject())
                    {
                        if (actual.TryGetProperty(p.Name, out var a)) Compare(p.Value, a, $"{path}.{p.Name}", differences);
                        else differences.Add($"{path}.{p.Name}: missing");
                    }
                    foreach (var name in names.Where(n => !expected.TryGetProperty(n, out _)))
                    {
                        bool excluded = actual.TryGetProperty("indicators", out var inds)
                            && inds.EnumerateObject().Any(i => i.Value.GetProperty("score").ValueKind == JsonValueKind.Null);
                        if (!(name == "baseFactor" && excluded)) differences.Add($"{path}.{name}: not expected ({actual.GetProperty(name).GetRawText()})");
                    }
                    if (names.Count != names.Distinct(StringComparer.Ordinal).Count()) differences.Add($"{path}: duplicate property names");
                    break;
                }
            case JsonValueKind.Array:
                {
                    int n = expected.GetArrayLength();
                    if (n != actual.GetArrayLength()) differences.Add($"{path}: expected {n} items, got {actual.GetArrayLength()}");
                    for (int i = 0; i < Math.Min(n, actual.GetArrayLength()); i++) Compare(expected[i], actual[i], $"{path}[{i}]", differences);
                    break;
                }
            case JsonValueKind.Number:
                {
                    var e = decimal.Parse(expected.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);
                    var a = decimal.Parse(actual.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);
                    if (path.EndsWith(".measure", StringComparison.Ordinal)) a = Math.Round(a, 4, MidpointRounding.AwayFromZero);
                    if (e != a) differences.Add($"{path}: expected {expected.GetRawText()}, got {actual.GetRawText()}");
                    break;
                }
            case JsonValueKind.String:
                if (expected.GetString() != actual.GetString()) differences.Add($"{path}: expected \"{expected.GetString()}\", got \"{actual.GetString()}\"");
                break;
            default:
                break; // true, false, null: the kinds already matched.
        }
    }
}
