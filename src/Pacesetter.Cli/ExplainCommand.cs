using Pacesetter.Scoring;
using Pacesetter.Scoring.Engine;
using Pacesetter.Scoring.Text;

namespace Pacesetter.Cli;

/// <summary><c>pacesetter explain FILE --unit ID [--lang zh|en]</c>: one unit's breakdown.</summary>
public static class ExplainCommand
{
    public const string Summary = "explain one unit's score, indicator by indicator (得分说明)";

    private const string Help = """
        Usage: pacesetter explain FILE --unit ID [--lang zh|en]

        Scores FILE and explains unit ID: every indicator with its measure, formula and numbers, the points
        lost against the weight, adjustments and exemptions, the rank, and the points needed to pass the unit
        ranked just above. Chinese by default.

        Example:
          pacesetter explain examples/zone-2026q3.json --unit T2 --lang en
        """;

    public static int Run(string[] args, CliContext ctx)
    {
        var o = Options.Parse(args, ["unit", "lang"]);
        if (o.Help)
        {
            ctx.Out.Write(Help + "\n");
            return ExitCodes.Ok;
        }
        if (o.Positionals.Count != 1) o.Errors.Add("expected one FILE (需要且只需要一个文件参数)");
        if (o.Get("unit") is null) o.Errors.Add("--unit: is required (必须指定单位)");
        o.CheckLanguage();
        if (o.Errors.Count > 0)
        {
            foreach (var e in o.Errors) ctx.Error.WriteLine($"pacesetter explain: {e}");
            return ExitCodes.Invalid;
        }
        var lang = InputFile.ParseLanguage(o.Get("lang"), Language.Chinese);
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
