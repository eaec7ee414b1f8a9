using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Output;
using Pacesetter.Scoring.Supervision;

namespace Pacesetter.Cli;

/// <summary><c>pacesetter cards</c>: 红黄牌督办 red and yellow cards for supervised tasks (supervision.md §2).</summary>
public static class CardsCommand
{
    public const string Summary = "evaluate supervised tasks at a date and issue red/yellow cards (红黄牌督办)";

    private const string Prefix = "pacesetter cards";

    public static string Usage() =>
        """
        Usage: pacesetter cards FILE --as-of DATE [--format json|table] [--lang zh|en]

        Evaluates the tasks of a cards file (督办任务) at DATE by the card rules of the file:
        status, reason, expected (序时进度), actual and lag per task, with its history, and
        the yellow and red cards (红黄牌) issued to each unit at every month-end.

        Options:
          --as-of DATE     evaluation date, yyyy-MM-dd (required; 评定日期)
          --format FORMAT  json or table (default: table on a terminal, json when output is redirected)
          --lang LANG      zh or en: table headings and problem messages
                           (default: Chinese headings, English problem messages)

        Example:
          pacesetter cards tasks-2026.json --as-of 2026-10-31 --format json

        Exit codes: 0 evaluated; 2 invalid file or usage (one line per problem on standard error).

        """;

    public static int Run(string[] args, CliContext ctx)
    {
        var options = Options.Parse(args, ["as-of", "format", "lang"]);
        if (options.Help)
        {
            ctx.Out.Write(Usage());
            return ExitCodes.Ok;
        }

        var errors = new List<string>(options.Errors);
        if (options.Positionals.Count != 1)
        {
            errors.Add(options.Positionals.Count == 0 ? "a FILE is required (缺少文件)" : "give exactly one FILE (只能指定一个文件)");
        }
        var asOfText = options.Get("as-of");
        DateOnly asOf = default;
        if (asOfText is null)
        {
            if (!options.Errors.Any(e => e.StartsWith("--as-of", StringComparison.Ordinal)))
            {
                errors.Add("--as-of is required, e.g. --as-of 2026-10-31 (缺少评定日期)");
            }
        }
        else if (!CardFileReader.TryParseDate(asOfText, out asOf))
        {
            errors.Add($"--as-of: \"{asOfText}\" is not a date as yyyy-MM-dd (日期格式应为 yyyy-MM-dd)");
        }
        var format = options.Get("format") ?? (ctx.OutputRedirected ? "json" : "table");
        if (format is not ("json" or "table"))
        {
            errors.Add($"--format: \"{format}\" is not json or table (输出格式应为 json 或 table)");
        }
        var lang = options.Get("lang");
        if (lang is not (null or "zh" or "en"))
        {
            errors.Add($"--lang: \"{lang}\" is not zh or en (语言应为 zh 或 en)");
        }
        if (errors.Count > 0)
        {
            foreach (var error in errors) ctx.Error.WriteLine($"{Prefix}: {error}");
            return ExitCodes.Invalid;
        }

        var path = options.Positionals[0];
        if (Directory.Exists(path))
        {
            // Reading a directory fails with "access denied", which would send the user looking at permissions.
            ctx.Error.WriteLine($"{Prefix}: cannot read \"{path}\": it is a directory (不是文件)");
            return ExitCodes.Invalid;
        }
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            ctx.Error.WriteLine($"{Prefix}: cannot read \"{path}\": no such file (文件不存在)");
            return ExitCodes.Invalid;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ctx.Error.WriteLine($"{Prefix}: cannot read \"{path}\": {ex.Message} (无法读取文件)");
            return ExitCodes.Invalid;
        }

        CardFile file;
        try
        {
            file = CardFileReader.Read(bytes);
        }
        catch (InvalidInputException ex)
        {
            // Problems are English unless Chinese is asked for: they are often pasted into tickets and logs.
            var language = lang == "zh" ? Language.Chinese : Language.English;
            foreach (var problem in ex.Problems) ctx.Error.WriteLine(problem.Line(language));
            return ExitCodes.Invalid;
        }

        var report = CardEvaluator.Evaluate(file, asOf);
        if (format == "json") WriteJson(ctx.Out, report);
        else WriteTable(ctx.Out, report, lang == "en" ? Language.English : Language.Chinese);
        return ExitCodes.Ok;
    }

    private static void WriteJson(TextWriter output, CardReport report)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, JsonFormats.IndentedWriter))
        {
            CardReportJson.Write(writer, report);
        }
        output.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        output.Write('\n');
    }

    private static void WriteTable(TextWriter output, CardReport report, Language language)
    {
        bool zh = language == Language.Chinese;
        output.Write(zh ? $"红黄牌督办 截至 {Date(report.AsOf)}\n\n" : $"Cards as of {Date(report.AsOf)}\n\n");

        var taskRows = new List<string[]>
        {
            zh ? ["任务", "单位", "状态", "原因", "序时进度", "实际进度", "滞后"]
               : ["task", "unit", "status", "reason", "expected", "actual", "lag"],
        };
        foreach (var task in report.Tasks)
        {
            taskRows.Add(
            [
                task.Id,
                task.Unit,
                zh ? CardNames.Chinese(task.Status) : CardNames.Of(task.Status),
                task.Reason is { } r ? (zh ? CardNames.Chinese(r) : CardNames.Of(r)) : "-",
                OneDecimal(task.Expected),
                task.Actual.ToString(CultureInfo.InvariantCulture),
                OneDecimal(task.Lag),
            ]);
        }
        WriteRows(output, taskRows, rightAlignedFrom: 4);

        output.Write('\n');
        var monthRows = new List<string[]> { zh ? ["单位", "月份", "黄牌", "红牌"] : ["unit", "month", "yellow", "red"] };
        foreach (var unit in report.Units)
        {
            foreach (var month in unit.Months)
            {
                monthRows.Add([unit.Unit, month.Key, month.Yellow.ToString(CultureInfo.InvariantCulture), month.Red.ToString(CultureInfo.InvariantCulture)]);
            }
        }
        WriteRows(output, monthRows, rightAlignedFrom: 2);
    }

    private static string Date(DateOnly date) => CardFileReader.Format(date);

    private static string OneDecimal(decimal? value) =>
        value is { } v ? CardReportJson.OneDecimal(v).ToString(CultureInfo.InvariantCulture) : "-";

    /// <summary>Columns padded to the widest cell; numbers (from <paramref name="rightAlignedFrom"/> on) aligned right.</summary>
    private static void WriteRows(TextWriter output, List<string[]> rows, int rightAlignedFrom)
    {
        int columns = rows[0].Length;
        var widths = new int[columns];
        foreach (var row in rows)
        {
            for (int c = 0; c < columns; c++) widths[c] = Math.Max(widths[c], Width(row[c]));
        }
        var line = new StringBuilder();
        foreach (var row in rows)
        {
            line.Clear();
            for (int c = 0; c < columns; c++)
            {
                var padding = new string(' ', widths[c] - Width(row[c]));
                if (c > 0) line.Append("  ");
                line.Append(c >= rightAlignedFrom ? padding + row[c] : row[c] + padding);
            }
            output.Write(line.ToString().TrimEnd());
            output.Write('\n');
        }
    }

    /// <summary>Terminal columns a text takes: Chinese characters and full-width forms take two.</summary>
    private static int Width(string text)
    {
        int width = 0;
        foreach (var ch in text)
        {
            width += ch is >= '\u1100' and <= '\u115F' or >= '\u2E80' and <= '\uA4CF' or >= '\uAC00' and <= '\uD7A3'
                or >= '\uF900' and <= '\uFAFF' or >= '\uFE30' and <= '\uFE4F' or >= '\uFF00' and <= '\uFF60' or >= '\uFFE0' and <= '\uFFE6'
                ? 2 : 1;
        }
        return width;
    }
}
