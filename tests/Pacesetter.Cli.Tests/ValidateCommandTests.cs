namespace Pacesetter.Cli.Tests;

/// <summary><c>pacesetter validate</c>: every check of <c>score</c>, a one-line summary instead of results.</summary>
public sealed class ValidateCommandTests : IDisposable
{
    private readonly ExampleFiles files = new();

    public void Dispose() => files.Dispose();

    [Fact]
    public void Valid_example_gives_a_one_line_summary_naming_its_categories_and_units()
    {
        var (code, output, errors) = Cli.RunWith("en", true, "validate", ExampleFiles.Zone);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Empty(errors);
        Assert.Equal(
            ["valid: 示范开发区2026年第三季度综合考核 (2026-Q3), 3 categories, 13 units, 14 indicators, 54 data values, 2 adjustments"],
            Cli.Lines(output));
    }

    [Fact]
    public void Summary_problems_and_usage_errors_are_in_chinese_by_default()
    {
        var valid = Cli.Run(true, "validate", ExampleFiles.Zone);
        var invalid = Cli.Run(true, "validate", files.FileWith(InvalidScheme.Text));
        var noFile = Cli.Run(true, "validate");
        var missing = Path.Combine(files.Directory, "none.json");
        var notThere = Cli.Run(true, "validate", missing);

        Assert.Equal(ExitCodes.Ok, valid.Code);
        Assert.Equal(["有效：示范开发区2026年第三季度综合考核（2026-Q3），3 个考核类别，13 个单位，14 个指标，54 项数据，2 项调整"], Cli.Lines(valid.Out));
        Assert.Equal(ExitCodes.Invalid, invalid.Code);
        Assert.Equal(InvalidScheme.ProblemsZh.Order(StringComparer.Ordinal), invalid.Errors.Order(StringComparer.Ordinal));
        Assert.Equal(ExitCodes.Invalid, noFile.Code);
        Assert.Equal(["pacesetter validate: 需要且只需要一个文件参数"], noFile.Errors);
        Assert.Equal(ExitCodes.Invalid, notThere.Code);
        Assert.Equal([$"{missing}：文件不存在"], notThere.Errors);
    }

    [Fact]
    public void Summary_is_in_english_with_pacesetter_lang_en_and_lang_en()
    {
        var byVariable = Cli.RunWith("en", true, "validate", ExampleFiles.Zone);
        var asked = Cli.Run(true, "validate", ExampleFiles.Zone, "--lang", "en");

        Assert.Equal(ExitCodes.Ok, byVariable.Code);
        Assert.Equal(byVariable.Out, asked.Out);
        Assert.StartsWith("valid: 示范开发区2026年第三季度综合考核 (2026-Q3), 3 categories", byVariable.Out);
    }

    [Fact]
    public void Summary_is_in_chinese_with_lang_zh()
    {
        var (code, output, _) = Cli.Run(true, "validate", ExampleFiles.Zone, "--lang", "zh");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(
            ["有效：示范开发区2026年第三季度综合考核（2026-Q3），3 个考核类别，13 个单位，14 个指标，54 项数据，2 项调整"],
            Cli.Lines(output));
    }

    [Fact]
    public void Invalid_file_gives_the_same_problem_lines_as_score()
    {
        var path = files.FileWith(InvalidScheme.Text);

        var validated = Cli.RunWith("en", true, "validate", path);
        var scored = Cli.RunWith("en", true, "score", path);

        Assert.Equal(ExitCodes.Invalid, validated.Code);
        Assert.Equal("", validated.Out);
        Assert.Equal(InvalidScheme.Problems.Order(StringComparer.Ordinal), validated.Errors.Order(StringComparer.Ordinal));
        Assert.Equal(scored.Errors, validated.Errors);
    }

    [Fact]
    public void Invalid_file_problems_are_in_chinese_with_lang_zh()
    {
        var (code, output, errors) = Cli.Run(true, "validate", files.FileWith(InvalidScheme.Text), "--lang", "zh");

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Equal("", output);
        Assert.Equal(InvalidScheme.ProblemsZh.Order(StringComparer.Ordinal), errors.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void No_file_is_refused()
    {
        var (code, output, errors) = Cli.RunWith("en", true, "validate");

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Equal("", output);
        Assert.Equal(["pacesetter validate: expected one FILE"], errors);
    }
}
