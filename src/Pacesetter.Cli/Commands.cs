using Pacesetter.Scoring;

namespace Pacesetter.Cli;

/// <summary>The verb table of the <c>pacesetter</c> command.</summary>
public static class Commands
{
    public sealed record Verb(string Name, CliText Summary, Func<string[], CliContext, int> Run);

    public static readonly IReadOnlyList<Verb> Verbs =
    [
        new("score", ScoreCommand.Summary, ScoreCommand.Run),
        new("validate", ValidateCommand.Summary, ValidateCommand.Run),
        new("explain", ExplainCommand.Summary, ExplainCommand.Run),
        new("whatif", WhatIfCommand.Summary, WhatIfCommand.Run),
        new("cards", CardsCommand.Summary, CardsCommand.Run),
        new("gap", GapCommand.Summary, GapCommand.Run),
        new("survey", SurveyCommand.Summary, SurveyCommand.Run),
        new("db", DbCommand.Summary, DbCommand.Run),
        new("token", TokenCommand.Summary, TokenCommand.Run),
        new("admin", AdminCommand.Summary, AdminCommand.Run),
        new("audit", AuditCommand.Summary, AuditCommand.Run),
        new("org", OrgCommand.Summary, OrgCommand.Run),
        new("publish", PublishCommand.Summary, PublishCommand.Run),
        new("revisions", PublishRevisionsCommand.Summary, PublishRevisionsCommand.Run),
    ];

    public static int Run(string[] args, CliContext ctx)
    {
        var language = CliLanguage.Of(args, ctx);
        if (args.Length == 0)
        {
            // No command is a usage error: the usage goes to standard error.
            ctx.Error.Write(Usage(language));
            return ExitCodes.Invalid;
        }
        if (args[0] is "-h" or "--help" or "help")
        {
            ctx.Out.Write(Usage(language));
            return ExitCodes.Ok;
        }
        var verb = Verbs.FirstOrDefault(v => v.Name == args[0]);
        if (verb is null)
        {
            ctx.Error.WriteLine(language == Language.Chinese
                ? $"pacesetter：没有“{args[0]}”这个命令。运行 pacesetter --help 查看全部命令。"
                : $"pacesetter: unknown command \"{args[0]}\". Run 'pacesetter --help'.");
            return ExitCodes.Invalid;
        }
        return verb.Run(args[1..], ctx);
    }

    public static string Usage(Language language)
    {
        bool zh = language == Language.Chinese;
        var lines = new List<string>
        {
            zh ? "pacesetter — 对标争先：考核计分与督办" : "pacesetter — 对标争先 assessment scoring and supervision",
            "",
            zh ? "用法：pacesetter <命令> [选项]" : "Usage: pacesetter <command> [options]",
            "",
            zh ? "命令：" : "Commands:",
        };
        lines.AddRange(Verbs.Select(v => $"  {v.Name,-10} {v.Summary.In(language)}"));
        lines.Add("");
        if (zh)
        {
            lines.Add("运行 pacesetter <命令> --help 查看该命令的选项和示例文件（examples/ 目录）。");
            lines.Add("语言：提示和表格默认为中文；加 --lang en（或设置环境变量 PACESETTER_LANG=en）改为英文。");
            lines.Add("计分结果的 JSON 与语言无关。");
        }
        else
        {
            lines.Add("Run 'pacesetter <command> --help' for a command's options and its example file (in examples/).");
            lines.Add("Language: messages and tables are in Chinese unless --lang en is given (or PACESETTER_LANG=en is set).");
            lines.Add("The results JSON is the same in both languages.");
        }
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>A verb's help in the run's language, ending with one line break.</summary>
    public static string HelpText(string zh, string en, Options o, CliContext ctx) =>
        (CliLanguage.Of(o, ctx) == Language.Chinese ? zh : en).Replace("\r", "").TrimEnd('\n') + "\n";
}
