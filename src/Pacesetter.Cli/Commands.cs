namespace Pacesetter.Cli;

/// <summary>The verb table of the <c>pacesetter</c> command.</summary>
public static class Commands
{
    public sealed record Verb(string Name, string Summary, Func<string[], CliContext, int> Run);

    public static readonly IReadOnlyList<Verb> Verbs =
    [
        new("score", ScoreCommand.Summary, ScoreCommand.Run),
        new("validate", ValidateCommand.Summary, ValidateCommand.Run),
        new("explain", ExplainCommand.Summary, ExplainCommand.Run),
        new("whatif", WhatIfCommand.Summary, WhatIfCommand.Run),
        new("cards", CardsCommand.Summary, CardsCommand.Run),
        new("db", DbCommand.Summary, DbCommand.Run),
        new("token", TokenCommand.Summary, TokenCommand.Run),
        new("admin", AdminCommand.Summary, AdminCommand.Run),
        new("audit", AuditCommand.Summary, AuditCommand.Run),
    ];

    public static int Run(string[] args, CliContext ctx)
    {
        if (args.Length == 0)
        {
            // No command is a usage error: the usage goes to standard error.
            ctx.Error.Write(Usage());
            return ExitCodes.Invalid;
        }
        if (args[0] is "-h" or "--help" or "help")
        {
            ctx.Out.Write(Usage());
            return ExitCodes.Ok;
        }
        var verb = Verbs.FirstOrDefault(v => v.Name == args[0]);
        if (verb is null)
        {
            ctx.Error.WriteLine($"pacesetter: unknown command \"{args[0]}\" (未知命令). Run 'pacesetter --help'.");
            return ExitCodes.Invalid;
        }
        return verb.Run(args[1..], ctx);
    }

    public static string Usage()
    {
        var lines = new List<string>
        {
            "pacesetter — 对标争先 assessment scoring and supervision",
            "",
            "Usage: pacesetter <command> [options]",
            "",
            "Commands:",
        };
        lines.AddRange(Verbs.Select(v => $"  {v.Name,-10} {v.Summary}"));
        lines.Add("");
        lines.Add("Run 'pacesetter <command> --help' for a command's options and an example.");
        return string.Join('\n', lines) + "\n";
    }
}
