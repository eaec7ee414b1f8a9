using Pacesetter.Scoring;

namespace Pacesetter.Cli;

/// <summary><c>pacesetter validate FILE</c>: every check of <c>score</c>, without scoring.</summary>
public static class ValidateCommand
{
    public const string Summary = "check a scheme file without scoring it (校验方案文件)";

    private const string Help = """
        Usage: pacesetter validate FILE [--lang zh|en]

        Reads the scheme file FILE and checks all of it (scheme, data, adjustments) without scoring.
        Exit 0 with a one-line summary, or exit 2 with one line per problem and its JSON path.
        Strings must be Unicode text (no invalid UTF-8, no lone \ud800); lists and objects nest at
        most 64 levels, a datum at most 8 (ADR 0010).

        Example:
          pacesetter validate examples/zone-2026q3.json
        """;

    public static int Run(string[] args, CliContext ctx)
    {
        var o = Options.Parse(args, ["lang"]);
        if (o.Help)
        {
            ctx.Out.Write(Help + "\n");
            return ExitCodes.Ok;
        }
        if (o.Positionals.Count != 1) o.Errors.Add("expected one FILE (需要且只需要一个文件参数)");
        o.CheckLanguage();
        if (o.Errors.Count > 0)
        {
            foreach (var e in o.Errors) ctx.Error.WriteLine($"pacesetter validate: {e}");
            return ExitCodes.Invalid;
        }
        var lang = InputFile.ParseLanguage(o.Get("lang"), Language.English);
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
