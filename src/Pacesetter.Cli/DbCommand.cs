using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Data;

namespace Pacesetter.Cli;

/// <summary><c>pacesetter db script --provider sqlite|postgresql</c>: the SQL that builds the model's schema (for review and for writing migrations).</summary>
public static class DbCommand
{
    public const string Summary = "database tools: the schema's SQL script (数据库工具)";

    private const string Help = """
        Usage: pacesetter db script --provider sqlite|postgresql

        Prints the SQL that creates the application's tables from the current model, for the given database.
        Migrations are written by hand from it (see docs/decisions/0003).

        Example:
          pacesetter db script --provider postgresql > schema.sql
        """;

    public static int Run(string[] args, CliContext ctx)
    {
        var o = Options.Parse(args, ["provider"]);
        if (o.Help)
        {
            ctx.Out.Write(Help + "\n");
            return ExitCodes.Ok;
        }
        if (o.Positionals is not ["script"]) o.Errors.Add("expected the sub-command script (需要子命令 script)");
        var provider = o.Get("provider") ?? "sqlite";
        if (provider is not ("sqlite" or "postgresql")) o.Errors.Add($"--provider: must be sqlite or postgresql, not \"{provider}\"");
        if (o.Errors.Count > 0)
        {
            foreach (var e in o.Errors) ctx.Error.WriteLine($"pacesetter db: {e}");
            return ExitCodes.Invalid;
        }
        var options = provider == "postgresql"
            ? new DatabaseOptions(DatabaseProvider.PostgreSQL, "Host=localhost;Database=pacesetter")
            : new DatabaseOptions(DatabaseProvider.Sqlite, "Data Source=:memory:");
        using var db = new PacesetterDb(options.Build());
        ctx.Out.Write(db.Database.GenerateCreateScript());
        return ExitCodes.Ok;
    }
}
