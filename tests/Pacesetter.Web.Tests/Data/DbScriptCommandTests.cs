using Pacesetter.Cli;

namespace Pacesetter.Web.Tests.Data;

/// <summary><c>pacesetter db script</c> still prints the model's schema for review (ADR 0006), per provider.</summary>
public class DbScriptCommandTests
{
    private static CliRunner.Outcome Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = DbCommand.Run(args, new CliContext(output, error, true));
        return new CliRunner.Outcome(code, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("sqlite", "\"Document\" TEXT NOT NULL")]
    [InlineData("postgresql", "\"Document\" jsonb NOT NULL")]
    public void The_script_creates_every_table_of_the_model(string provider, string document)
    {
        var run = Run("script", "--provider", provider);

        Assert.Equal(0, run.Code);
        Assert.Equal("", run.Error);
        // 43 tables: 4 of Identity's user store and the 39 of the application (revisions, corrections, objections and
        // kiosk links since issue #9; the 16 of supervision since issue #10; the benchmarking data, the exemptions and their evidence, the imported spreadsheets since issue #11; surveys, their links and ballots since issue #12; the
        // sign-in guard's counts of wrong passwords since ADR 0053). The
        // script is the model's: Quartz's qrtz_ tables come from their own migration's SQL, not from the model.
        Assert.Equal(43, run.Out.Split("CREATE TABLE ").Length - 1);
        Assert.Contains(document, run.Out);
        Assert.DoesNotContain("__EFMigrationsHistory", run.Out);
    }

    [Fact]
    public void The_help_points_to_dotnet_ef_for_migrations()
    {
        var run = Run("--help");

        Assert.Equal(0, run.Code);
        Assert.Contains("dotnet ef migrations script", run.Out);
        Assert.Contains("docs/decisions/0006-generated-migrations.md", run.Out);
    }
}
