using System.Globalization;
using System.Text;
using System.Text.Json;

using Pacesetter.Scoring.Supervision;

namespace Pacesetter.Scoring.Tests.Supervision.Legacy;

/// <summary>
/// Reads a cards file <c>{"rules": {…}, "tasks": [{"id", "name", "unit", "start", "due", "progress": [{"date", "percent"}]}]}</c>
/// (supervision.md §2). Every problem is collected with its JSON path; <see cref="InvalidInputException"/> carries them all.
/// </summary>
// A copy of Pacesetter.Scoring.Supervision.CardFileReader as it was before issue 10 (commit 7e03db8), the reference the
// faster code is held to by CardLegacyEquivalenceTests: same problems, same report, same bytes.
internal static class LegacyCardFileReader
{
    private static readonly string[] RootFields = ["rules", "tasks"];
    private static readonly string[] RuleFields = ["yellowLag", "redLag", "notStartedYellowMonths", "notStartedRedMonths", "escalateAfter"];
    private static readonly string[] TaskFields = ["id", "name", "unit", "start", "due", "progress"];
    private static readonly string[] ReportFields = ["date", "percent"];

    public static CardFile Read(string json) => Read(Encoding.UTF8.GetBytes(json));

    /// <exception cref="InvalidInputException">the text is empty, not JSON, or not a valid cards file.</exception>
    public static CardFile Read(ReadOnlyMemory<byte> utf8)
    {
        // Editors on Windows often save UTF-8 with a byte order mark, which JsonDocument refuses.
        if (utf8.Span.StartsWith("\uFEFF"u8)) utf8 = utf8[3..];
        if (IsBlank(utf8.Span))
        {
            throw new InvalidInputException([new Problem(JsonPath.Root, "the file is empty", "文件为空")]);
        }
        if (Pacesetter.Scoring.Schemes.JsonScan.Text(utf8.Span) is { Count: > 0 } scan) throw new InvalidInputException(scan);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8);
        }
        catch (JsonException ex)
        {
            // LineNumber and BytePositionInLine are zero-based.
            string where = $"line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}";
            string whereZh = $"第 {ex.LineNumber + 1} 行第 {ex.BytePositionInLine + 1} 字节";
            throw new InvalidInputException([new Problem(JsonPath.Root, $"not valid JSON ({where})", $"不是有效的 JSON（{whereZh}）")]);
        }
        using (document)
        {
            var problems = new List<Problem>();
            var file = ReadFile(document.RootElement, problems);
            if (problems.Count > 0) throw new InvalidInputException(problems);
            return file!;
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> utf8) => utf8.Trim(" \t\r\n"u8).IsEmpty;

    private static CardFile? ReadFile(JsonElement root, List<Problem> problems)
    {
        const string path = JsonPath.Root;
        if (!IsObject(root, path, problems)) return null;
        CheckFields(root, path, RootFields, problems);

        var rules = CardRules.Default;
        if (root.TryGetProperty("rules", out var rulesElement))
        {
            rules = ReadRules(rulesElement, JsonPath.Field(path, "rules"), problems);
        }

        var tasks = new List<SupervisedTask>();
        if (!root.TryGetProperty("tasks", out var tasksElement))
        {
            problems.Add(Missing(JsonPath.Field(path, "tasks")));
        }
        else if (tasksElement.ValueKind != JsonValueKind.Array)
        {
            problems.Add(new Problem(JsonPath.Field(path, "tasks"), "must be a list of tasks", "必须是任务列表（数组）"));
        }
        else
        {
            var firstById = new Dictionary<string, string>(StringComparer.Ordinal);
            int index = 0;
            foreach (var element in tasksElement.EnumerateArray())
            {
                string taskPath = JsonPath.Index(JsonPath.Field(path, "tasks"), index++);
                var task = ReadTask(element, taskPath, problems, out var id);
                if (id is null) continue;
                string idPath = JsonPath.Field(taskPath, "id");
                // The check runs on tasks with other problems too, so that one run reports everything.
                if (!firstById.TryAdd(id, idPath))
                {
                    problems.Add(new Problem(idPath, $"duplicate task id \"{id}\" (first at {firstById[id]})", $"任务编号“{id}”重复（首次出现于 {firstById[id]}）"));
                    continue;
                }
                if (task is not null) tasks.Add(task);
            }
        }
        return new CardFile(rules, tasks);
    }

    private static CardRules ReadRules(JsonElement element, string path, List<Problem> problems)
    {
        var defaults = CardRules.Default;
        if (!IsObject(element, path, problems)) return defaults;
        CheckFields(element, path, RuleFields, problems);
        var yellowLag = OptionalLag(element, path, "yellowLag", defaults.YellowLag, problems);
        var redLag = OptionalLag(element, path, "redLag", defaults.RedLag, problems);
        var yellowMonths = OptionalInteger(element, path, "notStartedYellowMonths", defaults.NotStartedYellowMonths, 0, problems);
        var redMonths = OptionalInteger(element, path, "notStartedRedMonths", defaults.NotStartedRedMonths, 0, problems);
        var escalateAfter = OptionalInteger(element, path, "escalateAfter", defaults.EscalateAfter, 1, problems);
        if (yellowLag is { } y && redLag is { } r && r < y)
        {
            problems.Add(new Problem(JsonPath.Field(path, "redLag"), $"must not be below yellowLag {Numbers.Shortest(y)}", $"不得小于 yellowLag {Numbers.Shortest(y)}"));
        }
        // Like the lags, a red card must not need less than a yellow one; otherwise the yellow threshold would never apply.
        if (yellowMonths is { } ym && redMonths is { } rm && rm < ym)
        {
            problems.Add(new Problem(JsonPath.Field(path, "notStartedRedMonths"), $"must not be below notStartedYellowMonths {ym}", $"不得小于 notStartedYellowMonths {ym}"));
        }
        return new CardRules(
            yellowLag ?? defaults.YellowLag,
            redLag ?? defaults.RedLag,
            yellowMonths ?? defaults.NotStartedYellowMonths,
            redMonths ?? defaults.NotStartedRedMonths,
            escalateAfter ?? defaults.EscalateAfter);
    }

    /// <returns>the value, the default when absent, or null when invalid (a problem is added).</returns>
    private static decimal? OptionalLag(JsonElement parent, string parentPath, string name, decimal fallback, List<Problem> problems)
    {
        if (!parent.TryGetProperty(name, out var element)) return fallback;
        string path = JsonPath.Field(parentPath, name);
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDecimal(out var value))
        {
            problems.Add(new Problem(path, "must be a number of percentage points", "必须是数值（百分点）"));
            return null;
        }
        if (value < 0m)
        {
            problems.Add(new Problem(path, "must be at least 0", "不得小于 0"));
            return null;
        }
        return value;
    }

    private static int? OptionalInteger(JsonElement parent, string parentPath, string name, int fallback, int min, List<Problem> problems)
    {
        if (!parent.TryGetProperty(name, out var element)) return fallback;
        string path = JsonPath.Field(parentPath, name);
        // 2.0 is accepted as 2: JSON does not distinguish them.
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDecimal(out var value) || value != decimal.Truncate(value) || value > int.MaxValue)
        {
            problems.Add(new Problem(path, "must be a whole number", "必须是整数"));
            return null;
        }
        if (value < min)
        {
            problems.Add(new Problem(path, $"must be at least {min}", $"不得小于 {min}"));
            return null;
        }
        return (int)value;
    }

    /// <returns>the task, or null when it has a problem; <paramref name="id"/> is its id when that is valid.</returns>
    private static SupervisedTask? ReadTask(JsonElement element, string path, List<Problem> problems, out string? id)
    {
        id = null;
        if (!IsObject(element, path, problems)) return null;
        int before = problems.Count;
        CheckFields(element, path, TaskFields, problems);
        id = RequiredString(element, path, "id", problems);
        var name = RequiredString(element, path, "name", problems);
        var unit = RequiredString(element, path, "unit", problems);
        var start = RequiredDate(element, path, "start", problems);
        var due = RequiredDate(element, path, "due", problems);
        if (start is { } s && due is { } d && d < s)
        {
            problems.Add(new Problem(JsonPath.Field(path, "due"), $"must not be before start {Format(s)}", $"不得早于开始日期 {Format(s)}"));
        }

        var progress = new List<ProgressReport>();
        if (element.TryGetProperty("progress", out var progressElement))
        {
            string progressPath = JsonPath.Field(path, "progress");
            if (progressElement.ValueKind != JsonValueKind.Array)
            {
                problems.Add(new Problem(progressPath, "must be a list of progress reports", "必须是进度报告列表（数组）"));
            }
            else
            {
                int index = 0;
                foreach (var reportElement in progressElement.EnumerateArray())
                {
                    var report = ReadReport(reportElement, JsonPath.Index(progressPath, index++), problems);
                    if (report is not null) progress.Add(report);
                }
            }
        }
        if (problems.Count > before) return null;
        return new SupervisedTask(id!, name!, unit!, start!.Value, due!.Value, progress);
    }

    private static ProgressReport? ReadReport(JsonElement element, string path, List<Problem> problems)
    {
        if (!IsObject(element, path, problems)) return null;
        CheckFields(element, path, ReportFields, problems);
        var date = RequiredDate(element, path, "date", problems);
        decimal? percent = null;
        string percentPath = JsonPath.Field(path, "percent");
        if (!element.TryGetProperty("percent", out var percentElement))
        {
            problems.Add(Missing(percentPath));
        }
        else if (percentElement.ValueKind != JsonValueKind.Number || !percentElement.TryGetDecimal(out var value))
        {
            problems.Add(new Problem(percentPath, "must be a number from 0 to 100", "必须是 0 到 100 之间的数值"));
        }
        else if (value < 0m || value > 100m)
        {
            problems.Add(new Problem(percentPath, $"must be from 0 to 100, not {Numbers.Shortest(value)}", $"必须在 0 到 100 之间，而不是 {Numbers.Shortest(value)}"));
        }
        else
        {
            percent = value;
        }
        return date is { } d && percent is { } p ? new ProgressReport(d, p) : null;
    }

    private static string? RequiredString(JsonElement parent, string parentPath, string name, List<Problem> problems)
    {
        string path = JsonPath.Field(parentPath, name);
        if (!parent.TryGetProperty(name, out var element))
        {
            problems.Add(Missing(path));
            return null;
        }
        if (element.ValueKind != JsonValueKind.String)
        {
            problems.Add(new Problem(path, "must be a string", "必须是字符串"));
            return null;
        }
        var value = element.GetString()!;
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add(new Problem(path, "must not be empty", "不得为空"));
            return null;
        }
        return value;
    }

    private static DateOnly? RequiredDate(JsonElement parent, string parentPath, string name, List<Problem> problems)
    {
        string path = JsonPath.Field(parentPath, name);
        if (!parent.TryGetProperty(name, out var element))
        {
            problems.Add(Missing(path));
            return null;
        }
        if (element.ValueKind == JsonValueKind.String && TryParseDate(element.GetString(), out var date)) return date;
        string shown = element.ValueKind == JsonValueKind.String ? $"\"{element.GetString()}\"" : element.GetRawText();
        problems.Add(new Problem(path, $"{shown} is not a date as yyyy-MM-dd", $"{shown} 不是 yyyy-MM-dd 格式的日期"));
        return null;
    }

    /// <summary>A calendar date written <c>yyyy-MM-dd</c>, as in files and on the command line.</summary>
    public static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static bool IsObject(JsonElement element, string path, List<Problem> problems)
    {
        if (element.ValueKind == JsonValueKind.Object) return true;
        problems.Add(new Problem(path, "must be an object", "必须是对象"));
        return false;
    }

    /// <summary>Unknown and repeated fields: a typo such as <c>"stat"</c> would otherwise silently fall back to nothing.</summary>
    private static void CheckFields(JsonElement element, string path, string[] known, List<Problem> problems)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            string fieldPath = JsonPath.Field(path, property.Name);
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                problems.Add(new Problem(fieldPath, $"unknown field \"{property.Name}\"", $"未知字段“{property.Name}”"));
            }
            else if (!seen.Add(property.Name))
            {
                problems.Add(new Problem(fieldPath, "appears more than once", "重复出现"));
            }
        }
    }

    private static Problem Missing(string path) => new(path, "is required", "缺少必填项");
}
