using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Pacesetter.Scoring.Supervision;

/// <summary>
/// Reads a cards file <c>{"rules": {…}, "tasks": [{"id", "name", "unit", "start", "due", "progress": [{"date", "percent"}]}]}</c>
/// (supervision.md §2). Every problem is collected with its JSON path; <see cref="InvalidInputException"/> carries them all.
/// </summary>
public static class CardFileReader
{
    private static readonly string[] RootFields = ["rules", "tasks"];
    private static readonly string[] RuleFields = ["yellowLag", "redLag", "notStartedYellowMonths", "notStartedRedMonths", "escalateAfter"];
    private static readonly string[] TaskFields = ["id", "name", "unit", "start", "due", "progress"];
    private static readonly string[] ReportFields = ["date", "percent"];

    private static readonly string TasksPath = JsonPath.Field(JsonPath.Root, "tasks");

    public static CardFile Read(string json) => Read(Encoding.UTF8.GetBytes(json));

    /// <exception cref="InvalidInputException">the text is empty, not JSON, or not a valid cards file.</exception>
    public static CardFile Read(ReadOnlyMemory<byte> utf8)
    {
        // The common case, a valid file, in one pass over its bytes; any other file with every check, as before.
        var plain = utf8.Span.StartsWith("\uFEFF"u8) ? utf8[3..] : utf8;
        if (CardFileStream.TryRead(plain.Span) is { } file) return file;
        using var document = Parse(utf8);
        var problems = new List<Problem>();
        var checkedFile = ReadFile(document.RootElement, problems);
        if (problems.Count > 0) throw new InvalidInputException(problems);
        return checkedFile!;
    }

    /// <summary>
    /// The <c>rules</c> object of a cards file on its own (the organization's card rules as a settings text): the same
    /// checks and problems as in a file, with paths relative to that object — <c>$.yellowLag</c> where a file's problem
    /// says <c>$.rules.yellowLag</c>, <c>$</c> for the object itself. Absent fields take their defaults.
    /// </summary>
    /// <exception cref="InvalidInputException">the text is empty, not JSON, or not valid card rules.</exception>
    public static CardRules ReadRules(ReadOnlyMemory<byte> utf8)
    {
        using var document = Parse(utf8);
        var problems = new List<Problem>();
        var rules = ReadRules(document.RootElement, JsonPath.Root, problems);
        if (problems.Count > 0) throw new InvalidInputException(problems);
        return rules;
    }

    /// <inheritdoc cref="ReadRules(ReadOnlyMemory{byte})"/>
    public static CardRules ReadRules(string json) => ReadRules(Encoding.UTF8.GetBytes(json));

    /// <summary>The checks of any JSON text at the edge, then the document over the bytes as they are.</summary>
    private static JsonDocument Parse(ReadOnlyMemory<byte> utf8)
    {
        // Editors on Windows often save UTF-8 with a byte order mark, which JsonDocument refuses.
        if (utf8.Span.StartsWith("\uFEFF"u8)) utf8 = utf8[3..];
        if (IsBlank(utf8.Span))
        {
            throw new InvalidInputException([new Problem(JsonPath.Root, "the file is empty", "文件为空")]);
        }
        if (Schemes.JsonScan.Text(utf8.Span) is { Count: > 0 } scan) throw new InvalidInputException(scan);
        try
        {
            return JsonDocument.Parse(utf8);
        }
        catch (JsonException ex)
        {
            // LineNumber and BytePositionInLine are zero-based.
            string where = $"line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}";
            string whereZh = $"第 {ex.LineNumber + 1} 行第 {ex.BytePositionInLine + 1} 字节";
            throw new InvalidInputException([new Problem(JsonPath.Root, $"not valid JSON ({where})", $"不是有效的 JSON（{whereZh}）")]);
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> utf8) => utf8.Trim(" \t\r\n"u8).IsEmpty;

    /// <summary>
    /// Where an object is. A file of 100,000 tasks has more than a million objects and fields, nearly all valid: their
    /// paths (<c>$.tasks[7].progress[3]</c>) are only built for a problem.
    /// </summary>
    private readonly struct Where(string? path, int task, int report)
    {
        public static Where At(string path) => new(path, -1, -1);

        public static Where Task(int task) => new(null, task, -1);

        public static Where Report(int task, int report) => new(null, task, report);

        public string Path => path
            ?? (report < 0 ? TaskPath(task) : JsonPath.Index(JsonPath.Field(TaskPath(task), "progress"), report));

        public string Field(string name) => JsonPath.Field(Path, name);
    }

    private static string TaskPath(int task) => JsonPath.Index(TasksPath, task);

    /// <summary>
    /// The fields of an object in one pass: unknown and repeated ones are problems (a typo such as <c>"stat"</c> would
    /// otherwise silently fall back to nothing), in the object's order; the value of each known field goes to
    /// <paramref name="values"/> at its index in <paramref name="known"/> — the last one when repeated, as
    /// <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/> finds it.
    /// </summary>
    /// <returns>one bit per known field present, bit i for <c>known[i]</c>.</returns>
    private static int ReadFields(JsonElement element, Where where, string[] known, Span<JsonElement> values, List<Problem> problems)
    {
        int present = 0;
        foreach (var property in element.EnumerateObject())
        {
            int index = IndexOf(property, known);
            if (index < 0)
            {
                problems.Add(new Problem(where.Field(property.Name), $"unknown field \"{property.Name}\"", $"未知字段“{property.Name}”"));
                continue;
            }
            int bit = 1 << index;
            if ((present & bit) != 0)
            {
                problems.Add(new Problem(where.Field(property.Name), "appears more than once", "重复出现"));
            }
            present |= bit;
            values[index] = property.Value;
        }
        return present;
    }

    private static int IndexOf(JsonProperty property, string[] known)
    {
        for (int i = 0; i < known.Length; i++)
        {
            if (property.NameEquals(known[i])) return i;
        }
        return -1;
    }

    private static bool Has(int present, int index) => (present & (1 << index)) != 0;

    private static CardFile? ReadFile(JsonElement root, List<Problem> problems)
    {
        var where = Where.At(JsonPath.Root);
        if (!IsObject(root, where, problems)) return null;
        Span<JsonElement> fields = new JsonElement[RootFields.Length];
        int present = ReadFields(root, where, RootFields, fields, problems);

        var rules = CardRules.Default;
        if (Has(present, 0))
        {
            rules = ReadRules(fields[0], where.Field("rules"), problems);
        }

        var tasks = new List<SupervisedTask>();
        if (!Has(present, 1))
        {
            problems.Add(Missing(where.Field("tasks")));
        }
        else if (fields[1].ValueKind != JsonValueKind.Array)
        {
            problems.Add(new Problem(where.Field("tasks"), "must be a list of tasks", "必须是任务列表（数组）"));
        }
        else
        {
            var tasksElement = fields[1];
            tasks.Capacity = tasksElement.GetArrayLength();
            // The index of the task where each id was first seen; its path is only written for a duplicate.
            var firstById = new Dictionary<string, int>(tasks.Capacity, StringComparer.Ordinal);
            var taskFields = new JsonElement[TaskFields.Length];
            var reportFields = new JsonElement[ReportFields.Length];
            int index = 0;
            foreach (var element in tasksElement.EnumerateArray())
            {
                int at = index++;
                var task = ReadTask(element, at, taskFields, reportFields, problems, out var id);
                if (id is null) continue;
                // The check runs on tasks with other problems too, so that one run reports everything.
                if (!firstById.TryAdd(id, at))
                {
                    string idPath = JsonPath.Field(TaskPath(at), "id");
                    string first = JsonPath.Field(TaskPath(firstById[id]), "id");
                    problems.Add(new Problem(idPath, $"duplicate task id \"{id}\" (first at {first})", $"任务编号“{id}”重复（首次出现于 {first}）"));
                    continue;
                }
                if (task is not null) tasks.Add(task);
            }
        }
        return new CardFile(rules, tasks);
    }

    internal static CardRules ReadRules(JsonElement element, string path, List<Problem> problems)
    {
        var defaults = CardRules.Default;
        var where = Where.At(path);
        if (!IsObject(element, where, problems)) return defaults;
        Span<JsonElement> fields = new JsonElement[RuleFields.Length];
        int present = ReadFields(element, where, RuleFields, fields, problems);
        var yellowLag = OptionalLag(fields, present, 0, where, defaults.YellowLag, problems);
        var redLag = OptionalLag(fields, present, 1, where, defaults.RedLag, problems);
        var yellowMonths = OptionalInteger(fields, present, 2, where, defaults.NotStartedYellowMonths, 0, problems);
        var redMonths = OptionalInteger(fields, present, 3, where, defaults.NotStartedRedMonths, 0, problems);
        var escalateAfter = OptionalInteger(fields, present, 4, where, defaults.EscalateAfter, 1, problems);
        // A file that gives only the yellow threshold, above the red one's default, is told so where it wrote something:
        // at the yellow field, naming the default it meets (the file has no red field to point at).
        if (yellowLag is { } y && redLag is { } r && r < y)
        {
            problems.Add(Has(present, 1)
                ? new Problem(where.Field("redLag"), $"must not be below yellowLag {Numbers.Shortest(y)}", $"不得小于 yellowLag {Numbers.Shortest(y)}")
                : new Problem(where.Field("yellowLag"), $"is above redLag's default {Numbers.Shortest(r)}: give redLag too, at least {Numbers.Shortest(y)}",
                    $"大于 redLag 的默认值 {Numbers.Shortest(r)}：请同时给出不小于 {Numbers.Shortest(y)} 的 redLag"));
        }
        // Like the lags, a red card must not need less than a yellow one; otherwise the yellow threshold would never apply.
        if (yellowMonths is { } ym && redMonths is { } rm && rm < ym)
        {
            problems.Add(Has(present, 3)
                ? new Problem(where.Field("notStartedRedMonths"), $"must not be below notStartedYellowMonths {ym}", $"不得小于 notStartedYellowMonths {ym}")
                : new Problem(where.Field("notStartedYellowMonths"), $"is above notStartedRedMonths' default {rm}: give notStartedRedMonths too, at least {ym}",
                    $"大于 notStartedRedMonths 的默认值 {rm}：请同时给出不小于 {ym} 的 notStartedRedMonths"));
        }
        return new CardRules(
            yellowLag ?? defaults.YellowLag,
            redLag ?? defaults.RedLag,
            yellowMonths ?? defaults.NotStartedYellowMonths,
            redMonths ?? defaults.NotStartedRedMonths,
            escalateAfter ?? defaults.EscalateAfter);
    }

    /// <returns>the value, the default when absent, or null when invalid (a problem is added).</returns>
    private static decimal? OptionalLag(ReadOnlySpan<JsonElement> fields, int present, int index, Where where, decimal fallback, List<Problem> problems)
    {
        if (!Has(present, index)) return fallback;
        var element = fields[index];
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDecimal(out var value))
        {
            problems.Add(new Problem(where.Field(RuleFields[index]), "must be a number of percentage points", "必须是数值（百分点）"));
            return null;
        }
        if (value < 0m)
        {
            problems.Add(new Problem(where.Field(RuleFields[index]), "must be at least 0", "不得小于 0"));
            return null;
        }
        return value;
    }

    private static int? OptionalInteger(ReadOnlySpan<JsonElement> fields, int present, int index, Where where, int fallback, int min, List<Problem> problems)
    {
        if (!Has(present, index)) return fallback;
        var element = fields[index];
        // 2.0 is accepted as 2: JSON does not distinguish them.
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDecimal(out var value) || value != decimal.Truncate(value) || value > int.MaxValue)
        {
            problems.Add(new Problem(where.Field(RuleFields[index]), "must be a whole number", "必须是整数"));
            return null;
        }
        if (value < min)
        {
            problems.Add(new Problem(where.Field(RuleFields[index]), $"must be at least {min}", $"不得小于 {min}"));
            return null;
        }
        return (int)value;
    }

    /// <returns>the task, or null when it has a problem; <paramref name="id"/> is its id when that is valid.</returns>
    private static SupervisedTask? ReadTask(JsonElement element, int index, JsonElement[] fields, JsonElement[] reportFields, List<Problem> problems, out string? id)
    {
        id = null;
        var where = Where.Task(index);
        if (!IsObject(element, where, problems)) return null;
        int before = problems.Count;
        int present = ReadFields(element, where, TaskFields, fields, problems);
        id = RequiredString(fields, present, 0, TaskFields, where, problems);
        var name = RequiredString(fields, present, 1, TaskFields, where, problems);
        var unit = RequiredString(fields, present, 2, TaskFields, where, problems);
        var start = RequiredDate(fields, present, 3, TaskFields, where, problems);
        var due = RequiredDate(fields, present, 4, TaskFields, where, problems);
        if (start is { } s && due is { } d && d < s)
        {
            problems.Add(new Problem(where.Field("due"), $"must not be before start {Format(s)}", $"不得早于开始日期 {Format(s)}"));
        }

        List<ProgressReport> progress;
        var progressElement = fields[5];
        if (!Has(present, 5))
        {
            progress = [];
        }
        else if (progressElement.ValueKind != JsonValueKind.Array)
        {
            progress = [];
            problems.Add(new Problem(where.Field("progress"), "must be a list of progress reports", "必须是进度报告列表（数组）"));
        }
        else
        {
            progress = new List<ProgressReport>(progressElement.GetArrayLength());
            int at = 0;
            foreach (var reportElement in progressElement.EnumerateArray())
            {
                var report = ReadReport(reportElement, Where.Report(index, at++), reportFields, problems);
                if (report is not null) progress.Add(report);
            }
        }
        if (problems.Count > before) return null;
        return new SupervisedTask(id!, name!, unit!, start!.Value, due!.Value, progress);
    }

    private static ProgressReport? ReadReport(JsonElement element, Where where, JsonElement[] fields, List<Problem> problems)
    {
        if (!IsObject(element, where, problems)) return null;
        int present = ReadFields(element, where, ReportFields, fields, problems);
        var date = RequiredDate(fields, present, 0, ReportFields, where, problems);
        decimal? percent = null;
        var percentElement = fields[1];
        if (!Has(present, 1))
        {
            problems.Add(Missing(where.Field("percent")));
        }
        else if (percentElement.ValueKind != JsonValueKind.Number || !percentElement.TryGetDecimal(out var value))
        {
            problems.Add(new Problem(where.Field("percent"), "must be a number from 0 to 100", "必须是 0 到 100 之间的数值"));
        }
        else if (value < 0m || value > 100m)
        {
            problems.Add(new Problem(where.Field("percent"), $"must be from 0 to 100, not {Numbers.Shortest(value)}", $"必须在 0 到 100 之间，而不是 {Numbers.Shortest(value)}"));
        }
        else
        {
            percent = value;
        }
        return date is { } d && percent is { } p ? new ProgressReport(d, p) : null;
    }

    private static string? RequiredString(ReadOnlySpan<JsonElement> fields, int present, int index, string[] names, Where where, List<Problem> problems)
    {
        if (!Has(present, index))
        {
            problems.Add(Missing(where.Field(names[index])));
            return null;
        }
        var element = fields[index];
        if (element.ValueKind != JsonValueKind.String)
        {
            problems.Add(new Problem(where.Field(names[index]), "must be a string", "必须是字符串"));
            return null;
        }
        var value = element.GetString()!;
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add(new Problem(where.Field(names[index]), "must not be empty", "不得为空"));
            return null;
        }
        return value;
    }

    private static DateOnly? RequiredDate(ReadOnlySpan<JsonElement> fields, int present, int index, string[] names, Where where, List<Problem> problems)
    {
        if (!Has(present, index))
        {
            problems.Add(Missing(where.Field(names[index])));
            return null;
        }
        var element = fields[index];
        if (element.ValueKind == JsonValueKind.String)
        {
            // The common case straight off the bytes, without a string; anything else (escapes too) as before.
            if (TryParseRawDate(JsonMarshal.GetRawUtf8Value(element), out var date)) return date;
            if (TryParseDate(element.GetString(), out date)) return date;
        }
        string shown = element.ValueKind == JsonValueKind.String ? $"\"{element.GetString()}\"" : element.GetRawText();
        problems.Add(new Problem(where.Field(names[index]), $"{shown} is not a date as yyyy-MM-dd", $"{shown} 不是 yyyy-MM-dd 格式的日期"));
        return null;
    }

    /// <summary>
    /// A string token's raw bytes (quotes included or not) that are a valid date written <c>dddd-dd-dd</c> — a subset
    /// of what <see cref="TryParseDate(string?, out DateOnly)"/> accepts, read to the same date; false for anything else.
    /// </summary>
    internal static bool TryParseRawDate(ReadOnlySpan<byte> raw, out DateOnly date)
    {
        date = default;
        if (raw.Length == 12 && raw[0] == (byte)'"' && raw[11] == (byte)'"') raw = raw[1..11];
        if (raw.Length != 10 || raw[4] != (byte)'-' || raw[7] != (byte)'-') return false;
        if (!Digits(raw[..4], out int year) || !Digits(raw[5..7], out int month) || !Digits(raw[8..], out int day)) return false;
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        date = new DateOnly(year, month, day);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (var b in text)
        {
            if (b is < (byte)'0' or > (byte)'9') return false;
            value = value * 10 + (b - '0');
        }
        return true;
    }

    /// <summary>A calendar date written <c>yyyy-MM-dd</c>, as in files and on the command line.</summary>
    public static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static bool IsObject(JsonElement element, Where where, List<Problem> problems)
    {
        if (element.ValueKind == JsonValueKind.Object) return true;
        problems.Add(new Problem(where.Path, "must be an object", "必须是对象"));
        return false;
    }

    private static Problem Missing(string path) => new(path, "is required", "缺少必填项");
}
