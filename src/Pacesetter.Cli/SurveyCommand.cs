using System.Globalization;
using System.Text;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Surveys;

namespace Pacesetter.Cli;

/// <summary><c>pacesetter survey</c>: 测评计票 the tally of a rating survey (surveys.md §5).</summary>
public static class SurveyCommand
{
    public static readonly CliText Summary = new("测评计票：民主测评、满意度测评的有效票、各单位得分和满意率", "rating surveys: valid ballots, each unit's score and satisfaction");

    private const string Prefix = "pacesetter survey";

    private const string HelpZh = """
        用法：pacesetter survey 文件 [--format json|table] [--lang zh|en]

        按测评文件计票（民主测评、满意度测评，surveys.md §2–§3）：去掉无效票（未评任何单位、评了测评以外的单位
        或没有的选项、不允许弃权时漏评、超过优秀名额），按群体去掉一个最高分和一个最低分（trim），得出每个单位
        在各群体的平均分和票数、按群体权重折算的得分，以及满意率。无效票只计入 invalid，不算文件有误。

        选项：
          --format 格式     json 或 table 表格（在终端上默认 table，输出被重定向时默认 json）
          --lang 语言       zh 中文（默认）或 en 英文，用于表头和问题说明；也可设置环境变量 PACESETTER_LANG=en

        测评文件：{"survey": {"id", "name", "units": ["D1", …], "options": [{"id", "name", "points", "satisfied"}],
        "abstain", "topQuota", "groups": [{"id", "name", "weight", "trim", "trimMin", "excludeSelf"}]},
        "ballots": [{"group", "rater", "ratings": {"D1": "a", …}}]}（说明见 docs/surveys-file.md）

        示例文件：examples/survey-2026q3.survey.json（四个部门，区领导、部门互评、服务对象三个群体）
        示例：
          pacesetter survey examples/survey-2026q3.survey.json --format table

        退出码：0 完成；2 文件或用法有误（标准错误输出每个问题一行）。
        """;

    private const string HelpEn = """
        Usage: pacesetter survey FILE [--format json|table] [--lang zh|en]

        Tallies a rating survey (民主测评, 满意度测评; surveys.md §2–§3): leaves out the invalid ballots (rating no
        unit, a unit not on the survey or an unknown option, a unit unrated where abstaining is not allowed, more
        first options than the top quota), drops one highest and one lowest rating per group where it trims, and
        gives each unit its mean and count per group, its score weighted over the groups, and its satisfaction.
        An invalid ballot is counted in invalid; it is not bad input.

        Options:
          --format FORMAT  json or table (default: table on a terminal, json when output is redirected)
          --lang LANG      zh (the default) or en: table headings and problem messages;
                           PACESETTER_LANG=en does the same

        Survey file: {"survey": {"id", "name", "units": ["D1", ...], "options": [{"id", "name", "points", "satisfied"}],
        "abstain", "topQuota", "groups": [{"id", "name", "weight", "trim", "trimMin", "excludeSelf"}]},
        "ballots": [{"group", "rater", "ratings": {"D1": "a", ...}}]} (see docs/surveys-file.md)

        Example file: examples/survey-2026q3.survey.json (four departments rated by leaders, each other and the public)
        Example:
          pacesetter survey examples/survey-2026q3.survey.json --format table

        Exit codes: 0 done; 2 invalid file or usage (one line per problem on standard error).
        """;

    public static int Run(string[] args, CliContext ctx)
    {
        var options = Options.Parse(args, ["format", "lang"]);
        if (options.Help)
        {
            ctx.Out.Write(Commands.HelpText(HelpZh, HelpEn, options, ctx));
            return ExitCodes.Ok;
        }
        if (options.Positionals.Count != 1)
        {
            options.Errors.Add(options.Positionals.Count == 0 ? new("缺少文件参数", "a FILE is required") : new("只能指定一个文件", "give exactly one FILE"));
        }
        var format = options.Get("format") ?? (ctx.OutputRedirected ? "json" : "table");
        if (format is not ("json" or "table"))
        {
            options.Errors.Add(new($"--format：输出格式应为 json 或 table，而不是“{format}”", $"--format: \"{format}\" is not json or table"));
        }
        options.CheckLanguage(ctx);
        var language = CliLanguage.Of(options, ctx);
        bool zh = language == Language.Chinese;
        if (options.Report(ctx, Prefix, language)) return ExitCodes.Invalid;

        var bytes = InputFile.Load(options.Positionals[0], ctx, language);
        if (bytes is null) return ExitCodes.Invalid;
        SurveyFile file;
        try
        {
            file = SurveyReader.ReadFile(bytes);
        }
        catch (InvalidInputException ex)
        {
            foreach (var problem in ex.Problems) ctx.Error.WriteLine(problem.Line(language));
            return ExitCodes.Invalid;
        }
        var result = SurveyTally.Tally(file.Survey, file.Ballots);
        if (format == "json")
        {
            ctx.Out.Write(SurveyResultJson.ToJson(result));
            ctx.Out.Write('\n');
        }
        else
        {
            ctx.Out.Write(Table(result, zh));
        }
        ctx.Out.Flush();
        return ExitCodes.Ok;
    }

    /// <summary>A line naming the survey and counting its ballots, then one row per unit, in the run's language.</summary>
    public static string Table(SurveyResult result, bool zh)
    {
        var survey = result.Survey;
        var text = new StringBuilder();
        var title = survey.Name == survey.Id ? survey.Id : zh ? $"{survey.Name}（{survey.Id}）" : $"{survey.Name} ({survey.Id})";
        text.Append(zh
            ? $"测评 {title} · 选票 {result.Cast} 张：有效 {result.Valid}，无效 {result.Invalid}\n"
            : $"Survey {title} · ballots cast {result.Cast}: valid {result.Valid}, invalid {result.Invalid}\n");
        text.Append('\n');
        string[] headers =
        [
            zh ? "单位" : "unit",
            zh ? "得分" : "score",
            zh ? "满意率%" : "satisfaction %",
            .. survey.Groups.Select(g => zh ? $"{g.Name} 平均分（票数）" : $"{g.Name} mean (count)"),
        ];
        var table = new TextTable(headers);
        table.AlignRight([.. Enumerable.Range(1, headers.Length - 1)]);
        foreach (var unit in result.Units)
        {
            table.Add(
            [
                unit.Unit,
                unit.Score is { } s ? Numbers.Shortest(s) : "—",
                unit.Satisfaction is { } p ? p.ToString(CultureInfo.InvariantCulture) : "—",
                .. unit.Groups.Select(g => g.Mean is { } m ? $"{Numbers.Shortest(m)} ({g.Count})" : "—"),
            ]);
        }
        text.Append(table.ToString());
        return text.ToString();
    }
}
