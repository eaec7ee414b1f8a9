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
    public static readonly CliText Summary = new("红黄牌督办：按日期评定督办任务并发出红黄牌", "evaluate supervised tasks at a date and issue red/yellow cards");

    private const string Prefix = "pacesetter cards";

    private const string HelpZh = """
        用法：pacesetter cards 文件 --as-of 日期 [--format json|table] [--lang zh|en]

        按督办任务文件中的红黄牌规则，评定截至该日期的每项任务：状态、原因、序时进度、实际进度和滞后，
        以及历次评定；并列出每个单位每月月末获得的黄牌和红牌数。

        选项：
          --as-of 日期      评定日期，格式 yyyy-MM-dd（必填）
          --format 格式     json 或 table 表格（在终端上默认 table，输出被重定向时默认 json）
          --lang 语言       zh 中文（默认）或 en 英文，用于表头和问题说明；也可设置环境变量 PACESETTER_LANG=en

        督办任务文件：{"rules": {红黄牌规则，可省略}, "tasks": [{"id", "name", "unit", "start", "due",
        "progress": [{"date", "percent"}]}]}；规则默认：滞后序时进度 10 个百分点黄牌（yellowLag）、30 个红牌（redLag），
        未启动满 1 个月黄牌、满 3 个月红牌，连续 2 次黄牌升为红牌（escalateAfter）。

        示例文件：examples/tasks-2026.tasks.json（城东街道、城西街道的四项督办任务）
        示例：
          pacesetter cards examples/tasks-2026.tasks.json --as-of 2026-10-31 --format table

        退出码：0 评定完成；2 文件或用法有误（标准错误输出每个问题一行）。
        """;

    private const string HelpEn = """
        Usage: pacesetter cards FILE --as-of DATE [--format json|table] [--lang zh|en]

        Evaluates the tasks of a cards file (督办任务) at DATE by the card rules of the file:
        status, reason, expected (序时进度), actual and lag per task, with its history, and
        the yellow and red cards (红黄牌) issued to each unit at every month-end.

        Options:
          --as-of DATE     evaluation date, yyyy-MM-dd (required)
          --format FORMAT  json or table (default: table on a terminal, json when output is redirected)
          --lang LANG      zh (the default) or en: table headings and problem messages;
                           PACESETTER_LANG=en does the same

        Tasks file: {"rules": {card rules, optional}, "tasks": [{"id", "name", "unit", "start", "due",
        "progress": [{"date", "percent"}]}]}; default rules: yellow at 10 points behind schedule (yellowLag),
        red at 30 (redLag), yellow after 1 month not started and red after 3, red after 2 yellows running
        (escalateAfter).

        Example file: examples/tasks-2026.tasks.json (four supervised tasks of two towns)
        Example:
          pacesetter cards examples/tasks-2026.tasks.json --as-of 2026-10-31 --format table

        Exit codes: 0 evaluated; 2 invalid file or usage (one line per problem on standard error).
        """;

    public static int Run(string[] args, CliContext ctx)
    {
        var options = Options.Parse(args, ["as-of", "format", "lang"]);
        if (options.Help)
        {
            ctx.Out.Write(Commands.HelpText(HelpZh, HelpEn, options, ctx));
            return ExitCodes.Ok;
        }

        if (options.Positionals.Count != 1)
        {
            options.Errors.Add(options.Positionals.Count == 0 ? new("缺少文件参数", "a FILE is required") : new("只能指定一个文件", "give exactly one FILE"));
        }
        var asOfText = options.Get("as-of");
        DateOnly asOf = default;
        if (asOfText is null)
        {
            if (!options.Errors.Any(e => e.En.StartsWith("--as-of", StringComparison.Ordinal)))
            {
                options.Errors.Add(new("--as-of：缺少评定日期，如 --as-of 2026-10-31", "--as-of is required, e.g. --as-of 2026-10-31"));
            }
        }
        else if (!CardFileReader.TryParseDate(asOfText, out asOf))
        {
            options.Errors.Add(new($"--as-of：“{asOfText}”不是 yyyy-MM-dd 格式的日期", $"--as-of: \"{asOfText}\" is not a date as yyyy-MM-dd"));
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

        var path = options.Positionals[0];
        var trace = PhaseTrace.Start(ctx);
        if (Directory.Exists(path))
        {
            // Reading a directory fails with "access denied", which would send the user looking at permissions.
            ctx.Error.WriteLine(zh ? $"{Prefix}：无法读取“{path}”：是文件夹而不是文件" : $"{Prefix}: cannot read \"{path}\": it is a directory");
            return ExitCodes.Invalid;
        }
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            ctx.Error.WriteLine(zh ? $"{Prefix}：无法读取“{path}”：文件不存在" : $"{Prefix}: cannot read \"{path}\": no such file");
            return ExitCodes.Invalid;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ctx.Error.WriteLine(zh ? $"{Prefix}：无法读取“{path}”：{ex.Message}" : $"{Prefix}: cannot read \"{path}\": {ex.Message}");
            return ExitCodes.Invalid;
        }
        trace.Step("read");

        CardFile file;
        try
        {
            file = CardFileReader.Read(bytes);
        }
        catch (InvalidInputException ex)
        {
            foreach (var problem in ex.Problems) ctx.Error.WriteLine(problem.Line(language));
            return ExitCodes.Invalid;
        }

        trace.Step("parse and check");
        var report = CardEvaluator.Evaluate(file, asOf);
        trace.Step("evaluate");
        if (format == "json") WriteJson(ctx.Out, report);
        else WriteTable(ctx.Out, report, language);
        ctx.Out.Flush();
        trace.Step("write");
        trace.End();
        return ExitCodes.Ok;
    }

    /// <summary>
    /// The indented JSON and a line break. On the process's standard output (a UTF-8 <see cref="StreamWriter"/>) the
    /// writer's bytes go straight to the stream in 64 KB blocks; elsewhere (tests) they are decoded into the writer
    /// block by block. Either way the output is never held whole, as bytes or as a string.
    /// </summary>
    private static void WriteJson(TextWriter output, CardReport report)
    {
        if (output is StreamWriter { Encoding: UTF8Encoding utf8 } writer && utf8.Preamble.IsEmpty)
        {
            writer.Flush();
            CardReportJson.Write(writer.BaseStream, report, JsonFormats.IndentedWriter);
            writer.BaseStream.Write("\n"u8);
            writer.BaseStream.Flush();
            return;
        }
        using (var stream = new TextWriterStream(output))
        {
            CardReportJson.Write(stream, report, JsonFormats.IndentedWriter);
        }
        output.Write('\n');
    }

    /// <summary>A write-only stream that decodes UTF-8 into a <see cref="TextWriter"/> (a character split across writes included).</summary>
    private sealed class TextWriterStream(TextWriter output) : Stream
    {
        private readonly Decoder decoder = new UTF8Encoding(false, true).GetDecoder();
        private char[] chars = new char[4096];

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            int needed = decoder.GetCharCount(buffer, flush: false);
            if (needed > chars.Length) chars = new char[needed];
            int written = decoder.GetChars(buffer, chars, flush: false);
            output.Write(chars, 0, written);
        }

        public override void Flush() => output.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    private static void WriteTable(TextWriter output, CardReport report, Language language)
    {
        bool zh = language == Language.Chinese;
        output.Write(zh ? $"红黄牌督办 截至 {Date(report.AsOf)}\n\n" : $"Cards as of {Date(report.AsOf)}\n\n");

        var taskRows = new List<string[]>
        {
            zh ? ["任务", "名称", "单位", "状态", "原因", "序时进度", "实际进度", "滞后"]
               : ["task", "name", "unit", "status", "reason", "expected", "actual", "lag"],
        };
        foreach (var task in report.Tasks)
        {
            taskRows.Add(
            [
                task.Id,
                task.Task.Name,
                task.Unit,
                zh ? CardNames.Chinese(task.Status) : CardNames.Of(task.Status),
                task.Reason is { } r ? (zh ? CardNames.Chinese(r) : CardNames.Of(r)) : "-",
                OneDecimal(task.Expected),
                task.Actual.ToString(CultureInfo.InvariantCulture),
                OneDecimal(task.Lag),
            ]);
        }
        WriteRows(output, taskRows, rightAlignedFrom: 5);

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
