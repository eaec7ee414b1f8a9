using System.Text;
using System.Text.Json;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Benchmarking;
using Pacesetter.Scoring.Output;

namespace Pacesetter.Cli;

/// <summary><c>pacesetter gap</c>: 对标 the gap to benchmark regions (scoring.md §10).</summary>
public static class GapCommand
{
    public static readonly CliText Summary = new("对标分析：与先进地区的差距、增速、追赶年数和排名", "benchmarking: gap, growth, years to catch up and ranks against benchmark regions");

    private const string Prefix = "pacesetter gap";

    private const string HelpZh = """
        用法：pacesetter gap 文件 [--format json|table] [--lang zh|en]

        按对标文件比较本组织与每个对标对象在 year 年的指标：差距百分比（负数为落后）、
        各自的年均增速、按当前增速追赶所需年数，以及每个指标的排名（scoring.md §10）。

        选项：
          --format 格式     json 或 table 表格（在终端上默认 table，输出被重定向时默认 json）
          --lang 语言       zh 中文（默认）或 en 英文，用于表头和问题说明；也可设置环境变量 PACESETTER_LANG=en

        对标文件：{"year": 2026, "indicators": [{"id", "name", "unit", "direction": "higher|lower"}],
        "own": {"name", "values": {"指标": {"2025": 905, …}}}, "benchmarks": [{"id", "name", "values"}]}

        示例文件：examples/benchmarks-2026.gap.json（示范开发区对标苏州工业园区、昆山开发区）
        示例：
          pacesetter gap examples/benchmarks-2026.gap.json --format table

        退出码：0 完成；2 文件或用法有误（标准错误输出每个问题一行）。
        """;

    private const string HelpEn = """
        Usage: pacesetter gap FILE [--format json|table] [--lang zh|en]

        Compares the organization with each benchmark region of the file in its year: the gap
        in percent (negative: behind), each side's average yearly growth, the years to catch up
        at those rates, and each indicator's ranks (scoring.md §10).

        Options:
          --format FORMAT  json or table (default: table on a terminal, json when output is redirected)
          --lang LANG      zh (the default) or en: table headings and problem messages;
                           PACESETTER_LANG=en does the same

        Benchmarking file: {"year": 2026, "indicators": [{"id", "name", "unit", "direction": "higher|lower"}],
        "own": {"name", "values": {"indicator": {"2025": 905, ...}}}, "benchmarks": [{"id", "name", "values"}]}

        Example file: examples/benchmarks-2026.gap.json (a development zone against two others)
        Example:
          pacesetter gap examples/benchmarks-2026.gap.json --format table

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
        GapFile file;
        try
        {
            file = GapFileReader.Read(bytes);
        }
        catch (InvalidInputException ex)
        {
            foreach (var problem in ex.Problems) ctx.Error.WriteLine(problem.Line(language));
            return ExitCodes.Invalid;
        }
        var report = GapCalculator.Compute(file, file.Year!.Value);
        if (format == "json")
        {
            ctx.Out.Write(GapReportJson.ToJson(report));
            ctx.Out.Write('\n');
        }
        else
        {
            ctx.Out.Write(Table(file, report, zh));
        }
        ctx.Out.Flush();
        return ExitCodes.Ok;
    }

    /// <summary>One table per benchmark, then the ranks, in the run's language.</summary>
    public static string Table(GapFile file, GapReport report, bool zh)
    {
        var text = new StringBuilder();
        text.Append(zh ? $"对标分析 {report.Year}年 · {file.Own.Name}\n" : $"Benchmarking {report.Year} · {file.Own.Name}\n");
        foreach (var b in report.Benchmarks)
        {
            text.Append('\n').Append(zh ? $"对标对象：{b.Name}（{b.Id}）\n" : $"Benchmark: {b.Name} ({b.Id})\n");
            var table = zh
                ? new TextTable("指标", "单位", "本组织", "对标对象", "差距%", "本组织增速%", "对标增速%", "追赶")
                : new TextTable("indicator", "unit", "own", "benchmark", "gap %", "own growth %", "benchmark growth %", "catching up");
            table.AlignRight(2, 3, 4, 5, 6);
            foreach (var line in b.Lines)
            {
                table.Add(line.Indicator.Name, line.Indicator.Unit ?? "", Value(line.Own), Value(line.Bench), GapWords.Number(line.GapPercent),
                    GapWords.Number(line.GrowthOwn), GapWords.Number(line.GrowthBench), GapWords.CatchUp(line, zh));
            }
            text.Append(table.ToString());
        }
        text.Append('\n').Append(zh ? "排名（标准竞赛排名，并列同名次）\n" : "Ranks (standard competition ranking: ties share a rank)\n");
        var names = new Dictionary<string, string>(StringComparer.Ordinal) { [GapFile.OwnId] = file.Own.Name };
        foreach (var b in file.Benchmarks) names[b.Id] = b.Name;
        var ranks = zh ? new TextTable("指标", "名次") : new TextTable("indicator", "ranks");
        foreach (var (indicator, list) in report.Ranks)
        {
            ranks.Add(indicator.Name, list.Count == 0 ? "—" : string.Join(zh ? "；" : "; ", list.Select(r => $"{r.Rank} {names[r.Id]}")));
        }
        text.Append(ranks.ToString());
        return text.ToString();
    }

    private static string Value(decimal? value) => value is { } v ? Numbers.Shortest(v) : "—";
}
