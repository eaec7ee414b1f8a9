namespace Pacesetter.Cli.Tests;

/// <summary><c>pacesetter --help</c> and each verb's <c>--help</c>.</summary>
public sealed class HelpTests
{
    public static readonly TheoryData<string, string> Verbs = new()
    {
        { "score", "Usage: pacesetter score FILE [--format json|csv|table] [--indent] [--lang zh|en]" },
        { "validate", "Usage: pacesetter validate FILE [--lang zh|en]" },
        { "explain", "Usage: pacesetter explain FILE --unit ID [--lang zh|en]" },
        { "whatif", "Usage: pacesetter whatif FILE --unit ID --indicator ID --rank K [--format text|json] [--lang zh|en]" },
        { "cards", "Usage: pacesetter cards FILE --as-of DATE [--format json|table] [--lang zh|en]" },
        { "token", "Usage: pacesetter token create --org ORG --user USER [--name NAME]" },
        { "audit", "Usage: pacesetter audit verify [--org ORG]" },
        { "admin", "Usage: pacesetter admin create --org ORG [--org-name NAME] --user USER [--display-name NAME] [--generate-password]" },
    };

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public void Help_lists_every_verb_and_succeeds(string help)
    {
        var (code, output, errors) = Cli.Run(false, help);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Empty(errors);
        var lines = Cli.Lines(output);
        Assert.Contains("Usage: pacesetter <command> [options]", lines);
        foreach (var verb in new[] { "score", "validate", "explain", "whatif", "cards", "token", "audit", "admin" })
        {
            Assert.Single(lines, l => l.StartsWith($"  {verb} ", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public void Verb_help_shows_its_usage_line_and_an_example_and_succeeds(string verb, string usage)
    {
        var (code, output, errors) = Cli.Run(false, verb, "--help");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Empty(errors);
        var lines = Cli.Lines(output);
        Assert.Equal(usage, lines[0]);
        int example = Array.IndexOf(lines, "Example:");
        Assert.True(example > 0, "no \"Example:\" heading");
        Assert.StartsWith($"  pacesetter {verb} ", lines[example + 1]);
    }

    [Fact]
    public void No_command_prints_the_usage_and_fails()
    {
        var (code, output, errors) = Cli.Run(false);

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Contains("Usage: pacesetter <command> [options]", output + string.Join('\n', errors));
    }

    [Fact]
    public void Unknown_command_is_refused_with_a_line_naming_it()
    {
        var (code, output, errors) = Cli.Run(false, "publish", ExampleFiles.Zone);

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Equal("", output);
        Assert.Equal(["pacesetter: unknown command \"publish\" (未知命令). Run 'pacesetter --help'."], errors);
    }

    [Fact]
    public void No_command_prints_the_usage_on_standard_error_and_exits_2()
    {
        var (code, output, errors) = Cli.Run(false);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("Usage: pacesetter <command> [options]", string.Join("\n", errors));
    }

    [Theory]
    [InlineData("score", "")]
    [InlineData("validate", "")]
    [InlineData("explain", "--unit T2")]
    [InlineData("whatif", "--unit T2 --indicator revenue --rank 1")]
    public void A_language_other_than_zh_or_en_is_refused(string verb, string options)
    {
        string[] args = [verb, ExampleFiles.Zone, .. options.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--lang", "fr"];
        var (code, output, errors) = Cli.Run(false, args);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal([$"pacesetter {verb}: --lang: must be zh or en, not \"fr\" (语言应为 zh 或 en)"], errors);
    }
}
