using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Engine;
using Pacesetter.Scoring.Output;
using Pacesetter.Scoring.Text;

namespace Pacesetter.Cli;

/// <summary><c>pacesetter score FILE [--format json|csv|table]</c> (scoring.md §8).</summary>
public static class ScoreCommand
{
    public static readonly CliText Summary = new("对方案文件计分：名次、等次、称号、流动红旗", "score a scheme file: ranks, grades, labels, flag");

    private const string HelpZh = """
        用法：pacesetter score 文件 [--format json|csv|table] [--indent] [--lang zh|en]

        对方案文件（含单位、指标、数据和调整事项）计分并输出结果。
          --format   输出格式：json（输出被重定向或给出 --indent 时的默认值）、csv，或 table 表格（在终端上的默认值）
          --indent   JSON 缩进（每层两个空格）；在终端上默认缩进，重定向时默认为一行的紧凑格式（数值相同）
          --lang     语言：zh 中文（默认）或 en 英文，用于表头和问题说明；也可设置环境变量 PACESETTER_LANG=en。
                     JSON 和 CSV 结果与语言无关。

        退出码：0 计分完成；2 文件有误（标准错误输出每个问题一行：JSON 路径: 说明）。

        示例文件：examples/zone-2026q3.json（某区 2026 年第三季度，两个考核类别）
        示例：
          pacesetter score examples/zone-2026q3.json --format table
          pacesetter score examples/zone-2026q3.json --indent > results.json
        """;

    private const string HelpEn = """
        Usage: pacesetter score FILE [--format json|csv|table] [--indent] [--lang zh|en]

        Scores the scheme file FILE (units, indicators, data and adjustments) and prints the results.
          --format   json (the default when output is redirected or with --indent), csv, or table (the default
                     on a terminal)
          --indent   indent the JSON, two spaces a level; JSON is indented on a terminal and compact (one line,
                     the same values) when redirected, unless --indent is given
          --lang     language of table headings and problem lines: zh (the default) or en; PACESETTER_LANG=en
                     does the same. JSON and CSV results are the same in both languages.

        Exit codes: 0 scored; 2 the file is invalid (one line per problem on standard error, with its JSON path).

        Example file: examples/zone-2026q3.json (a district's 2026 third quarter, two categories)
        Example:
          pacesetter score examples/zone-2026q3.json --format table
          pacesetter score examples/zone-2026q3.json --indent > results.json
        """;

    public static int Run(string[] args, CliContext ctx)
    {
        var o = Options.Parse(args, ["format", "lang"], ["indent"]);
        if (o.Help)
        {
            ctx.Out.Write(Commands.HelpText(HelpZh, HelpEn, o, ctx));
            return ExitCodes.Ok;
        }
        // Asking for indentation asks for JSON, on a terminal too.
        var format = o.Get("format") ?? (ctx.OutputRedirected || o.Has("indent") ? "json" : "table");
        if (format is not ("json" or "csv" or "table")) o.Errors.Add(new($"--format：格式应为 json、csv 或 table，而不是“{format}”", $"--format: must be json, csv or table, not \"{format}\""));
        if (o.Has("indent") && o.Get("indent") != "true") o.Errors.Add(new("--indent：不带取值", "--indent: takes no value"));
        else if (o.Has("indent") && format is "csv" or "table") o.Errors.Add(new($"--indent：仅适用于 --format json，不适用于 {format}", $"--indent: applies to --format json only, not {format}"));
        if (o.Positionals.Count != 1) o.Errors.Add(CommonText.OneFile);
        o.CheckLanguage(ctx);
        var language = CliLanguage.Of(o, ctx);
        if (o.Report(ctx, "pacesetter score", language)) return ExitCodes.Invalid;
        var trace = PhaseTrace.Start(ctx);
        var scheme = InputFile.LoadScheme(o.Positionals[0], ctx, language, trace);
        if (scheme is null) return ExitCodes.Invalid;
        var result = Scorer.Score(scheme);
        trace.Step("score");
        switch (format)
        {
            case "json":
                WriteJson(ctx.Out, result, indented: o.Has("indent") || !ctx.OutputRedirected);
                break;
            case "csv":
                ctx.Out.Write(Csv(result));
                break;
            default:
                ctx.Out.Write(Table(result, language));
                break;
        }
        ctx.Out.Flush();
        trace.Step("write");
        trace.End();
        return ExitCodes.Ok;
    }

    /// <summary>
    /// Writes the results as JSON (scoring.md §8), indented or compact, followed by one line break. On the real standard
    /// output the bytes go straight to its stream in blocks of about 64 KB; no string of the whole output is built.
    /// </summary>
    public static void WriteJson(TextWriter output, SchemeResult result, bool indented)
    {
        var options = indented ? IndentedJson : CompactJson;
        output.Flush();
        if (output is StreamWriter sw)
        {
            using (var w = new Utf8JsonWriter(sw.BaseStream, options)) ResultJson.Write(w, result);
            sw.BaseStream.WriteByte((byte)'\n');
            sw.BaseStream.Flush();
            return;
        }
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, options)) ResultJson.Write(w, result);
        output.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        output.Write('\n');
    }

    // ResultJson writes a well-formed document: the writer's own structure checks are skipped.
    private static readonly JsonWriterOptions IndentedJson = JsonFormats.IndentedWriter with { SkipValidation = true };
    private static readonly JsonWriterOptions CompactJson = JsonFormats.CompactWriter with { SkipValidation = true };

    /// <summary>One row per unit; one column per indicator id of the whole scheme (empty where the category lacks it).</summary>
    public static string Csv(SchemeResult result)
    {
        var ids = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in result.Categories)
        {
            foreach (var ind in c.Category.Indicators) if (seen.Add(ind.Id)) ids.Add(ind.Id);
        }
        var sb = new StringBuilder();
        var head = new List<string> { "category", "unit", "name", "rank", "composite", "base", "bonus", "penalty", "grade", "label", "vetoed", "blockTop", "flag" };
        head.AddRange(ids);
        sb.AppendJoin(',', head.Select(CsvCell)).Append("\r\n");
        foreach (var c in result.Categories)
        {
            var col = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int j = 0; j < c.Category.Indicators.Count; j++) col[c.Category.Indicators[j].Id] = j;
            foreach (var r in c.Results)
            {
                var cells = new List<string>
                {
                    c.Category.Id, r.Unit, r.Name, r.Rank.ToString(CultureInfo.InvariantCulture), N(r.Composite), N(r.Base), N(r.Bonus), N(r.Penalty),
                    r.Grade ?? "", r.Label ?? "", r.Vetoed ? "true" : "false", r.BlockTop ? "true" : "false", c.Flag.Holder == r.Unit ? "true" : "false",
                };
                foreach (var id in ids) cells.Add(col.TryGetValue(id, out var j) && r.Cells[j].Score is { } s ? N(s) : "");
                sb.AppendJoin(',', cells.Select(CsvCell)).Append("\r\n");
            }
        }
        return sb.ToString();
    }

    private static string N(decimal d) => Numbers.Shortest(d);

    private static string CsvCell(string s) =>
        s.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    public static string Table(SchemeResult result, Language lang)
    {
        var t = Terms.For(lang);
        var sb = new StringBuilder();
        sb.Append(result.Scheme.Name).Append(" (").Append(result.Scheme.Period).Append(")\n");
        foreach (var c in result.Categories)
        {
            sb.Append('\n').Append(c.Category.Name).Append(" [").Append(c.Category.Id).Append(']');
            // A category whose scheme sets no flag rule races for no flag: its heading says nothing of one.
            if (c.Category.Flag is not null)
            {
                sb.Append("  ").Append(t.FlagHeading).Append(": ").Append(c.Flag.Holder is { } h ? $"{result.Scheme.UnitName(h)} ({h})" : t.Nobody);
                if (c.Flag.Previous is { } p) sb.Append("  ").Append(t.PreviousHolder).Append(": ").Append(p);
            }
            sb.Append('\n');
            var table = new TextTable(t.Rank, t.Unit, t.Name, t.Composite, t.Base, t.Bonus, t.Penalty, t.Grade, t.Label, t.Notes).AlignRight(0, 3, 4, 5, 6);
            foreach (var r in c.Results)
            {
                var notes = new List<string>();
                if (r.Vetoed) notes.Add(t.Veto);
                if (r.BlockTop) notes.Add(t.BlockTop);
                if (c.Flag.Holder == r.Unit) notes.Add(t.Flag);
                // The indicator by its name (its id is in the explanation): 容错免责 红黄牌督办 +1.
                foreach (var e in r.Exemptions) notes.Add($"{t.Exemption} {(c.Category.IndicatorIndex(e.Ref) is var k and >= 0 ? c.Category.Indicators[k].Name : e.Ref)} +{N(e.Restored)}");
                table.Add(r.Rank.ToString(CultureInfo.InvariantCulture), r.Unit, r.Name, N(r.Composite), N(r.Base), N(r.Bonus), N(r.Penalty),
                    r.Grade ?? "", t.LabelName(r.Label), string.Join("; ", notes));
            }
            sb.Append(table);
        }
        return sb.ToString();
    }
}
