using Pacesetter.Scoring;
using Pacesetter.Scoring.Engine;
using Pacesetter.Scoring.Text;

namespace Pacesetter.Cli;

/// <summary><c>pacesetter explain FILE --unit ID [--lang zh|en]</c>: one unit's breakdown.</summary>
public static class ExplainCommand
{
    public static readonly CliText Summary = new("逐项说明一个单位的得分", "explain one unit's score, indicator by indicator");

    private const string HelpZh = """
        用法：pacesetter explain 文件 --unit 单位编号 [--lang zh|en]

        对方案文件计分，并说明该单位的得分：每个指标的指标值、计算过程和数字、比权重少得的分、
        调整事项和容错免责、名次，以及超过前一名还需要多少分。
        语言：zh 中文（默认）或 en 英文；也可设置环境变量 PACESETTER_LANG=en。

        示例文件：examples/zone-2026q3.json
        示例：
          pacesetter explain examples/zone-2026q3.json --unit T2
        """;

    private const string HelpEn = """
        Usage: pacesetter explain FILE --unit ID [--lang zh|en]

        Scores FILE and explains unit ID: every indicator with its measure, formula and numbers, the points
        lost against the weight, adjustments and exemptions, the rank, and the points needed to pass the unit
        ranked just above. Chinese unless --lang en (or PACESETTER_LANG=en).

        Example file: examples/zone-2026q3.json
        Example:
          pacesetter explain examples/zone-2026q3.json --unit T2 --lang en
        """;

    public static int Run(string[] args, CliContext ctx)
    {
        var o = Options.Parse(args, ["unit", "lang"]);
        if (o.Help)
        {
            ctx.Out.Write(Commands.HelpText(HelpZh, HelpEn, o, ctx));
            return ExitCodes.Ok;
        }
        if (o.Positionals.Count != 1) o.Errors.Add(CommonText.OneFile);
        if (o.Get("unit") is null) o.Errors.Add(CommonText.UnitRequired);
        o.CheckLanguage(ctx);
        var lang = CliLanguage.Of(o, ctx);
        if (o.Report(ctx, "pacesetter explain", lang)) return ExitCodes.Invalid;
        var scheme = InputFile.LoadScheme(o.Positionals[0], ctx, lang);
        if (scheme is null) return ExitCodes.Invalid;
        var result = Scorer.Score(scheme);
        var unit = o.Get("unit")!;
        if (result.Find(unit) is null)
        {
            ctx.Error.WriteLine(lang == Language.Chinese ? $"--unit: 方案中没有参加排名的单位“{unit}”" : $"--unit: no ranked unit \"{unit}\" in the scheme");
            return ExitCodes.Invalid;
        }
        ctx.Out.Write(Explainer.ToText(Explainer.Explain(result, unit, lang), lang));
        return ExitCodes.Ok;
    }
}
