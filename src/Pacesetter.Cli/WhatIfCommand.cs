using System.Globalization;
using System.Text.Json;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Engine;
using Pacesetter.Scoring.Output;

namespace Pacesetter.Cli;

/// <summary><c>pacesetter whatif FILE --unit ID --indicator ID --rank K</c>: the weakest value that reaches rank K.</summary>
public static class WhatIfCommand
{
    public static readonly CliText Summary = new("倒推测算：单位要达到某个名次，一个指标至少需要多少", "the value of one indicator a unit needs to reach a rank");

    private const string HelpZh = """
        用法：pacesetter whatif 文件 --unit 单位编号 --indicator 指标编号 --rank 名次 [--format text|json] [--lang zh|en]

        在其他数据不变的情况下，找出该指标的数据至少为多少（“越低越好”的指标则为至多多少），
        该单位才能在本类别中达到第 K 名或更好。每试一个值都会重新计算整个类别，因为功效系数、位次赋分、
        折合分和平均值都取决于其他单位。查找精确到本类别该指标数据所用的小数位。
        有答案（包括“取任何值都达不到”）时退出码 0；输入有误时退出码 2。
          --format   text 文字（默认）或 json
          --lang     zh 中文（默认）或 en 英文；也可设置环境变量 PACESETTER_LANG=en

        示例文件：examples/zone-2026q3.json
        示例：
          pacesetter whatif examples/zone-2026q3.json --unit T2 --indicator revenue --rank 2
        """;

    private const string HelpEn = """
        Usage: pacesetter whatif FILE --unit ID --indicator ID --rank K [--format text|json] [--lang zh|en]

        Finds the smallest value of the indicator's datum (the largest, for a "lower is better" indicator) with
        which the unit reaches rank K or better in its category, everything else held. The whole category is
        re-scored for each candidate, since efficacy, rank, leaderRatio and averages depend on the other units.
        Values are searched to the finest decimals the category's data for that indicator uses.
        Exit 0 with the answer (including "no value can do it"); exit 2 on bad input.
          --format   text (the default) or json
          --lang     zh (the default) or en; PACESETTER_LANG=en does the same

        Example file: examples/zone-2026q3.json
        Example:
          pacesetter whatif examples/zone-2026q3.json --unit T2 --indicator revenue --rank 2
        """;

    public static int Run(string[] args, CliContext ctx)
    {
        var o = Options.Parse(args, ["unit", "indicator", "rank", "format", "lang"]);
        if (o.Help)
        {
            ctx.Out.Write(Commands.HelpText(HelpZh, HelpEn, o, ctx));
            return ExitCodes.Ok;
        }
        if (o.Positionals.Count != 1) o.Errors.Add(CommonText.OneFile);
        if (o.Get("unit") is null) o.Errors.Add(CommonText.UnitRequired);
        if (o.Get("indicator") is null) o.Errors.Add(new("--indicator：必须指定指标", "--indicator: is required"));
        int rank = 0;
        if (o.Get("rank") is not { } rankText) o.Errors.Add(new("--rank：必须指定名次", "--rank: is required"));
        else if (!int.TryParse(rankText, NumberStyles.None, CultureInfo.InvariantCulture, out rank) || rank < 1) o.Errors.Add(new($"--rank：名次应为 1 或更大的整数，而不是“{rankText}”", $"--rank: must be a whole number of at least 1, not \"{rankText}\""));
        var format = o.Get("format") ?? "text";
        if (format is not ("text" or "json")) o.Errors.Add(new($"--format：格式应为 text 或 json，而不是“{format}”", $"--format: must be text or json, not \"{format}\""));
        o.CheckLanguage(ctx);
        var lang = CliLanguage.Of(o, ctx);
        if (o.Report(ctx, "pacesetter whatif", lang)) return ExitCodes.Invalid;
        var scheme = InputFile.LoadScheme(o.Positionals[0], ctx, lang);
        if (scheme is null) return ExitCodes.Invalid;
        var unit = o.Get("unit")!;
        var indicator = o.Get("indicator")!;
        var category = scheme.Categories.FirstOrDefault(c => c.Units.Contains(unit));
        if (category is null)
        {
            ctx.Error.WriteLine(lang == Language.Chinese ? $"--unit: 方案中没有参加排名的单位“{unit}”" : $"--unit: no ranked unit \"{unit}\" in the scheme");
            return ExitCodes.Invalid;
        }
        if (category.IndicatorIndex(indicator) < 0)
        {
            ctx.Error.WriteLine(lang == Language.Chinese ? $"--indicator: 考核类别“{category.Id}”中没有指标“{indicator}”" : $"--indicator: category \"{category.Id}\" has no indicator \"{indicator}\"");
            return ExitCodes.Invalid;
        }
        var answer = WhatIf.Solve(scheme, unit, indicator, rank);
        if (format == "json") WriteJson(ctx.Out, answer);
        else ctx.Out.WriteLine(Describe(answer, scheme.UnitName(unit), category.Indicators[category.IndicatorIndex(indicator)].Name, lang));
        return ExitCodes.Ok;
    }

    private static void WriteJson(TextWriter output, WhatIfAnswer a)
    {
        var json = JsonSerializer.Serialize(new
        {
            unit = a.Unit,
            indicator = a.Indicator,
            rank = a.TargetRank,
            currentRank = a.CurrentRank,
            currentValue = (object?)a.CurrentValue ?? a.CurrentText,
            possible = a.Possible,
            anyValue = a.AnyValue,
            value = (object?)a.Value ?? a.Text,
            atLeast = a.AtLeast,
            reachedRank = a.ReachedRank,
            reachedComposite = a.ReachedComposite is { } rc ? Numbers.Normalize(rc) : (decimal?)null,
            unsupported = a.Unsupported,
        }, JsonFormats.Indented);
        output.WriteLine(json);
    }

    public static string Describe(WhatIfAnswer a, string unitName, string indicatorName, Language lang)
    {
        var zh = lang == Language.Chinese;
        var current = a.CurrentValue is { } cv ? Numbers.Show(cv) : a.CurrentText ?? (a.HasDatum ? (zh ? "（列表）" : "(a list)") : (zh ? "无数据" : "no datum"));
        var head = zh
            ? $"{unitName}（{a.Unit}）· {indicatorName}（{a.Indicator}）：当前值 {current}，当前第 {a.CurrentRank} 名。"
            : $"{unitName} ({a.Unit}) · {indicatorName} ({a.Indicator}): now {current}, rank {a.CurrentRank}.";
        if (a.Unsupported is not null) return head + (zh ? $"\n无法测算：{a.UnsupportedZh}。" : $"\nCannot be solved: {a.Unsupported}.");
        if (!a.Possible)
        {
            return head + (zh ? $"\n该指标取任何值都无法使其达到第 {a.TargetRank} 名或更好（其他数据不变）。" : $"\nNo value of this indicator reaches rank {a.TargetRank} or better, everything else held.");
        }
        var reached = zh ? $"（届时第 {a.ReachedRank} 名，综合得分 {Numbers.Show(a.ReachedComposite ?? 0)}）" : $" (then rank {a.ReachedRank}, composite {Numbers.Show(a.ReachedComposite ?? 0)})";
        if (a.AnyValue) return head + (zh ? $"\n该指标取任何值都能达到第 {a.TargetRank} 名或更好{reached}。" : $"\nRank {a.TargetRank} or better is reached whatever the value{reached}.");
        var value = a.Text ?? Numbers.Show(a.Value!.Value);
        if (a.Text is not null) return head + (zh ? $"\n至少需要“{value}”才能达到第 {a.TargetRank} 名或更好{reached}。" : $"\nNeeds at least \"{value}\" to reach rank {a.TargetRank} or better{reached}.");
        return head + (a.AtLeast
            ? (zh ? $"\n需达到 {value} 及以上，才能达到第 {a.TargetRank} 名或更好{reached}。" : $"\nNeeds {value} or more to reach rank {a.TargetRank} or better{reached}.")
            : (zh ? $"\n需降至 {value} 及以下，才能达到第 {a.TargetRank} 名或更好{reached}。" : $"\nNeeds {value} or less to reach rank {a.TargetRank} or better{reached}."));
    }
}
