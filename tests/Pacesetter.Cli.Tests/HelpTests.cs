namespace Pacesetter.Cli.Tests;

/// <summary>
/// <c>pacesetter --help</c> and each verb's <c>--help</c>, and the language rule (ADR 0016): Chinese by default,
/// English with <c>--lang en</c> or <c>PACESETTER_LANG=en</c>.
/// </summary>
public sealed class HelpTests
{
    public static readonly TheoryData<string, string, string> Verbs = new()
    {
        { "score", "用法：pacesetter score 文件 [--format json|csv|table] [--indent] [--lang zh|en]", "Usage: pacesetter score FILE [--format json|csv|table] [--indent] [--lang zh|en]" },
        { "validate", "用法：pacesetter validate 文件 [--lang zh|en]", "Usage: pacesetter validate FILE [--lang zh|en]" },
        { "explain", "用法：pacesetter explain 文件 --unit 单位编号 [--lang zh|en]", "Usage: pacesetter explain FILE --unit ID [--lang zh|en]" },
        { "whatif", "用法：pacesetter whatif 文件 --unit 单位编号 --indicator 指标编号 --rank 名次 [--format text|json] [--lang zh|en]", "Usage: pacesetter whatif FILE --unit ID --indicator ID --rank K [--format text|json] [--lang zh|en]" },
        { "cards", "用法：pacesetter cards 文件 --as-of 日期 [--format json|table] [--lang zh|en]", "Usage: pacesetter cards FILE --as-of DATE [--format json|table] [--lang zh|en]" },
        { "gap", "用法：pacesetter gap 文件 [--format json|table] [--lang zh|en]", "Usage: pacesetter gap FILE [--format json|table] [--lang zh|en]" },
        { "survey", "用法：pacesetter survey 文件 [--format json|table] [--lang zh|en]", "Usage: pacesetter survey FILE [--format json|table] [--lang zh|en]" },
        { "db", "用法：pacesetter db script --provider sqlite|postgresql", "Usage: pacesetter db script --provider sqlite|postgresql" },
        { "token", "用法：pacesetter token create --org 组织 --user 用户 [--name 用途]", "Usage: pacesetter token create --org ORG --user USER [--name NAME]" },
        { "audit", "用法：pacesetter audit verify [--org 组织]", "Usage: pacesetter audit verify [--org ORG]" },
        { "publish", "用法：pacesetter publish --org 组织标识 --period 考核期 [--reason 原因] [--allow-incomplete] [--db 数据库]", "Usage: pacesetter publish --org ORG --period PERIOD [--reason TEXT] [--allow-incomplete] [--db DB]" },
        { "revisions", "用法：pacesetter revisions --org 组织标识 --period 考核期 [--input 版次 | --results 版次] [--db 数据库]", "Usage: pacesetter revisions --org ORG --period PERIOD [--input N | --results N] [--db DB]" },
        { "org", "用法：pacesetter org export --org 组织标识 文件 [--with-passwords]", "Usage: pacesetter org export --org ORG FILE [--with-passwords]" },
        { "admin", "用法：pacesetter admin create --org 组织标识 [--org-name 组织名称] --user 用户名 [--display-name 显示名称] [--generate-password]", "Usage: pacesetter admin create --org ORG [--org-name NAME] --user USER [--display-name NAME] [--generate-password]" },
    };

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public void Help_lists_every_verb_in_chinese_by_default_and_succeeds(string help)
    {
        var (code, output, errors) = Cli.Run(false, help);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Empty(errors);
        var lines = Cli.Lines(output);
        Assert.Equal("用法：pacesetter <命令> [选项]", lines[2]);
        Assert.Equal("  score      对方案文件计分：名次、等次、称号、流动红旗", lines[5]);
        Assert.Contains("语言：提示和表格默认为中文；加 --lang en（或设置环境变量 PACESETTER_LANG=en）改为英文。", lines);
        foreach (var verb in new[] { "score", "validate", "explain", "whatif", "cards", "gap", "survey", "db", "token", "audit", "admin", "publish", "revisions", "org" })
        {
            Assert.Single(lines, l => l.StartsWith($"  {verb} ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Help_is_in_english_with_lang_en_or_pacesetter_lang_en()
    {
        var asked = Cli.Run(false, "--help", "--lang", "en");
        var byVariable = Cli.RunWith("en", false, "--help");

        Assert.Equal(asked.Out, byVariable.Out);
        var lines = Cli.Lines(asked.Out);
        Assert.Equal("Usage: pacesetter <command> [options]", lines[2]);
        Assert.Equal("  score      score a scheme file: ranks, grades, labels, flag", lines[5]);
        Assert.Contains("Language: messages and tables are in Chinese unless --lang en is given (or PACESETTER_LANG=en is set).", lines);
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public void Verb_help_is_in_chinese_by_default_with_its_usage_line_and_an_example(string verb, string usage, string _)
    {
        var (code, output, errors) = Cli.Run(false, verb, "--help");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Empty(errors);
        var lines = Cli.Lines(output);
        Assert.Equal(usage, lines[0]);
        int example = Array.FindIndex(lines, l => l.StartsWith("示例", StringComparison.Ordinal) && l.EndsWith('：'));
        Assert.True(example > 0, "no \"示例：\" heading");
        Assert.StartsWith($"  pacesetter {verb} ", lines[example + 1]);
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public void Verb_help_is_in_english_with_lang_en(string verb, string _, string usage)
    {
        var (code, output, errors) = Cli.Run(false, verb, "--help", "--lang", "en");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Empty(errors);
        var lines = Cli.Lines(output);
        Assert.Equal(usage, lines[0]);
        int example = Array.IndexOf(lines, "Example:");
        Assert.True(example > 0, "no \"Example:\" heading");
        Assert.StartsWith($"  pacesetter {verb} ", lines[example + 1]);
    }

    public static readonly TheoryData<string, string> FileVerbs = new()
    {
        { "score", "zone-2026q3.json" },
        { "validate", "zone-2026q3.json" },
        { "explain", "zone-2026q3.json" },
        { "whatif", "zone-2026q3.json" },
        { "cards", "tasks-2026.tasks.json" },
        { "gap", "benchmarks-2026.gap.json" },
        { "survey", "survey-2026q3.survey.json" },
    };

    [Theory]
    [MemberData(nameof(FileVerbs))]
    public void Every_verb_that_reads_a_file_names_its_example_file_which_exists(string verb, string file)
    {
        var zh = Cli.Lines(Cli.Run(false, verb, "--help").Out);
        var en = Cli.Lines(Cli.Run(false, verb, "--help", "--lang", "en").Out);

        Assert.Single(zh, l => l.StartsWith($"示例文件：examples/{file}", StringComparison.Ordinal));
        Assert.Single(en, l => l.StartsWith($"Example file: examples/{file}", StringComparison.Ordinal));
        Assert.Contains(zh, l => l.StartsWith($"  pacesetter {verb} examples/{file}", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "Data", file)), $"examples/{file} is not in the repository");
    }

    [Fact]
    public void No_command_prints_the_usage_on_standard_error_and_exits_2()
    {
        var (code, output, errors) = Cli.Run(false);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("用法：pacesetter <命令> [选项]", errors);
    }

    [Fact]
    public void Unknown_command_is_refused_with_a_line_naming_it_in_chinese_by_default()
    {
        var zh = Cli.Run(false, "rank", ExampleFiles.Zone);
        var en = Cli.Run(false, "rank", ExampleFiles.Zone, "--lang", "en");

        Assert.Equal(ExitCodes.Invalid, zh.Code);
        Assert.Equal("", zh.Out);
        Assert.Equal(["pacesetter：没有“rank”这个命令。运行 pacesetter --help 查看全部命令。"], zh.Errors);
        Assert.Equal(ExitCodes.Invalid, en.Code);
        Assert.Equal(["pacesetter: unknown command \"rank\". Run 'pacesetter --help'."], en.Errors);
    }

    [Theory]
    [InlineData("score", "")]
    [InlineData("validate", "")]
    [InlineData("explain", "--unit T2")]
    [InlineData("whatif", "--unit T2 --indicator revenue --rank 1")]
    [InlineData("cards", "--as-of 2026-10-31")]
    [InlineData("gap", "")]
    [InlineData("survey", "")]
    public void A_language_other_than_zh_or_en_is_refused_in_chinese_or_in_the_variable_s_language(string verb, string options)
    {
        string[] args = [verb, ExampleFiles.Zone, .. options.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--lang", "fr"];
        var zh = Cli.Run(false, args);
        var en = Cli.RunWith("en", false, args);

        Assert.Equal(2, zh.Code);
        Assert.Equal("", zh.Out);
        Assert.Equal([$"pacesetter {verb}: --lang：语言应为 zh（中文）或 en（英文），而不是“fr”"], zh.Errors);
        Assert.Equal(2, en.Code);
        Assert.Equal([$"pacesetter {verb}: --lang: must be zh or en, not \"fr\""], en.Errors);
    }

    [Fact]
    public void A_pacesetter_lang_other_than_zh_or_en_is_refused()
    {
        var (code, output, errors) = Cli.RunWith("fr", true, "validate", ExampleFiles.Zone);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal(["pacesetter validate: 环境变量 PACESETTER_LANG：语言应为 zh（中文）或 en（英文），而不是“fr”"], errors);
    }

    [Fact]
    public void Lang_zh_on_the_command_line_wins_over_pacesetter_lang_en()
    {
        var (code, output, _) = Cli.RunWith("en", true, "validate", ExampleFiles.Zone, "--lang", "zh");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.StartsWith("有效：", output);
    }
}
