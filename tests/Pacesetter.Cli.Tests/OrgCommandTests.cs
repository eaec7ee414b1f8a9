namespace Pacesetter.Cli.Tests;

/// <summary><c>pacesetter org</c>'s usage errors, found before any database is opened (ADR 0049).</summary>
public sealed class OrgCommandTests
{
    [Fact]
    public void Without_a_sub_command_it_says_which_two_there_are_with_exit_2()
    {
        var zh = Cli.Run(false, "org");
        var en = Cli.Run(false, "org", "--lang", "en");

        Assert.Equal(new CliOutcome(ExitCodes.Invalid, "", ["pacesetter org: 需要子命令 export --org 组织 文件 或 import 文件"]).ToString(), zh.ToString());
        Assert.Equal(ExitCodes.Invalid, en.Code);
        Assert.Equal(["pacesetter org: expected the sub-command export --org ORG FILE or import FILE"], en.Errors);
    }

    [Fact]
    public void Export_needs_the_organization_and_keeps_import_options_out()
    {
        var run = Cli.Run(false, "org", "export", "demo.zip", "--source-audit-key-file", "k", "--lang", "en");

        Assert.Equal(ExitCodes.Invalid, run.Code);
        Assert.Equal(["pacesetter org: --org: name the organization to export", "pacesetter org: --source-audit-key-file: for import only"], run.Errors);
        Assert.Empty(run.Out);
    }

    [Fact]
    public void Import_takes_the_organization_from_the_file_and_refuses_a_missing_file()
    {
        var options = Cli.Run(false, "org", "import", "demo.zip", "--org", "demo", "--with-passwords");
        var missing = Cli.Run(false, "org", "import", Path.Combine(Path.GetTempPath(), "no-such-organization-file.zip"), "--lang", "en");

        Assert.Equal(ExitCodes.Invalid, options.Code);
        Assert.Equal(["pacesetter org: --org：只用于 export（导入的组织标识来自文件）", "pacesetter org: --with-passwords：只用于 export"], options.Errors);
        Assert.Equal(ExitCodes.Invalid, missing.Code);
        Assert.Equal([$"pacesetter org: no such file: {Path.Combine(Path.GetTempPath(), "no-such-organization-file.zip")}"], missing.Errors);
    }
}
