using Pacesetter.Scoring;

namespace Pacesetter.Cli;

/// <summary><c>pacesetter validate FILE</c>: every check of <c>score</c>, without scoring.</summary>
public static class ValidateCommand
{
    public static readonly CliText Summary = new("校验方案文件，不计分", "check a scheme file without scoring it");

    private const string HelpZh = """
        用法：pacesetter validate 文件 [--lang zh|en]

        读取方案文件并检查全部内容（方案、数据、调整事项），不计分。
        没有问题时输出一行概况，退出码 0；有问题时每个问题一行（JSON 路径: 说明），退出码 2。
        文字须为有效的 Unicode（不能有无效的 UTF-8 或单独的 \ud800）；列表和对象最多嵌套 64 层，一项数据最多 8 层（ADR 0010）。
        语言：zh 中文（默认）或 en 英文；也可设置环境变量 PACESETTER_LANG=en。

        示例文件：examples/zone-2026q3.json
        示例：
          pacesetter validate examples/zone-2026q3.json
        """;

    private const string HelpEn = """
        Usage: pacesetter validate FILE [--lang zh|en]

        Reads the scheme file FILE and checks all of it (scheme, data, adjustments) without scoring.
        Exit 0 with a one-line summary, or exit 2 with one line per problem and its JSON path.
        Strings must be Unicode text (no invalid UTF-8, no lone \ud800); lists and objects nest at
        most 64 levels, a datum at most 8 (ADR 0010).
        Language: zh (the default) or en; PACESETTER_LANG=en does the same.

        Example file: examples/zone-2026q3.json
        Example:
          pacesetter validate examples/zone-2026q3.json
        """;

    public static int Run(string[] args, CliContext ctx)
    {
        var o = Options.Parse(args, ["lang"]);
        if (o.Help)
        {
            ctx.Out.Write(Commands.HelpText(HelpZh, HelpEn, o, ctx));
            return ExitCodes.Ok;
        }
        if (o.Positionals.Count != 1) o.Errors.Add(CommonText.OneFile);
        o.CheckLanguage(ctx);
        var lang = CliLanguage.Of(o, ctx);
        if (o.Report(ctx, "pacesetter validate", lang)) return ExitCodes.Invalid;
        var scheme = InputFile.LoadScheme(o.Positionals[0], ctx, lang);
        if (scheme is null) return ExitCodes.Invalid;
        int indicators = scheme.Categories.Sum(c => c.Indicators.Count);
        int values = scheme.DataCount();
        ctx.Out.WriteLine(lang == Language.Chinese
            ? $"有效：{scheme.Name}（{scheme.Period}），{scheme.Categories.Count} 个考核类别，{scheme.Units.Count} 个单位，{indicators} 个指标，{values} 项数据，{scheme.Adjustments.Count} 项调整"
            : $"valid: {scheme.Name} ({scheme.Period}), {scheme.Categories.Count} categories, {scheme.Units.Count} units, {indicators} indicators, {values} data values, {scheme.Adjustments.Count} adjustments");
        return ExitCodes.Ok;
    }
}
