using System.Text.Json;
using System.Text.RegularExpressions;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Output;

namespace Pacesetter.App.Organizations;

/// <summary>
/// The shapes of codes, slugs and names that the organization services check (their lengths: <see cref="InputLimits"/>),
/// their messages in Chinese and English (each names its field, as the form labels it), and the JSON of their audit
/// rows. Every route that creates or renames a unit or a category — the Units page, its API, a scheme import —
/// checks with these.
/// </summary>
public static partial class OrgRules
{
    public const int NameMax = InputLimits.Name;
    public const int UserNameMax = InputLimits.UserName;
    /// <summary>The audit row's reason column holds this many characters.</summary>
    public const int ReasonMax = InputLimits.Reason;
    public const int OrderLimit = 100000;

    /// <summary>Unit and category codes are the ids of scheme files (<see cref="InputLimits.Code"/> characters at most).</summary>
    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    public static partial Regex Code();

    [GeneratedRegex("^[a-z0-9-]{2,64}$")]
    public static partial Regex Slug();

    /// <summary>A name: 1–<see cref="NameMax"/> characters, no control character.</summary>
    public static bool IsName(string? name) => name is { Length: >= 1 and <= NameMax } && !InputLimits.HasControl(name);

    /// <summary>
    /// An indicator id of a scheme stored in an organization (the data rows' and assessors' column): 1–64 characters
    /// without control characters. The scoring specification does not restrict ids; the organization's columns do.
    /// </summary>
    public static bool IsIndicatorId(string? id) => id is { Length: >= 1 and <= InputLimits.Code } && !InputLimits.HasControl(id);

    /// <summary>The problem of a single-line name (<paramref name="name"/> already trimmed), or null when it is one.</summary>
    public static Problem? CheckName(string path, Field f, string? name, int max = NameMax) =>
        name is null || name.Length == 0 || name.Length > max ? BadName(path, f, max)
        : InputLimits.HasControl(name) ? NoControl(path, f)
        : null;

    /// <summary>Chinese stays readable in audit rows.</summary>
    public static string Json(object value) => JsonSerializer.Serialize(value, JsonFormats.Compact);

    /// <summary>A field as a message names it: its label in both languages.</summary>
    public sealed record Field(string Chinese, string English);

    public static readonly Field CodeField = new("代码", "Code");
    public static readonly Field NameField = new("名称", "Name");
    public static readonly Field OrderField = new("排序", "Order");
    public static readonly Field CategoryField = new("类别", "Category");
    public static readonly Field ReasonField = new("原因", "Reason");
    public static readonly Field UnitCodeField = new("单位代码", "Unit code");
    public static readonly Field UnitNameField = new("单位名称", "Unit name");
    public static readonly Field CategoryCodeField = new("类别代码", "Category code");
    public static readonly Field CategoryNameField = new("类别名称", "Category name");
    public static readonly Field IndicatorIdField = new("指标 id", "Indicator id");
    public static readonly Field FileNameField = new("文件名", "File name");

    public static Problem BadCode(string path, Field f) =>
        new(path, $"{f.English} may hold only letters, digits, underscores and hyphens, 1–64 characters.", $"“{f.Chinese}”只能由字母、数字、下划线和连字符组成，长度 1–64 个字符。");

    public static Problem BadName(string path, Field f, int max = NameMax) =>
        new(path, $"{f.English} must be 1–{max} characters long.", $"“{f.Chinese}”须为 1–{max} 个字符。");

    public static Problem TooLong(string path, Field f, int max) =>
        new(path, $"{f.English} may be at most {max} characters long.", $"“{f.Chinese}”最多 {max} 个字符。");

    public static Problem NoControl(string path, Field f) =>
        new(path, $"{f.English} may not contain control characters.", $"“{f.Chinese}”不能包含控制字符。");

    public static Problem NoNul(string path, Field f) =>
        new(path, $"{f.English} may not contain the NUL character (U+0000).", $"“{f.Chinese}”不能包含 NUL 字符（U+0000）。");

    /// <summary>NUL in a text of a scheme file that has no label of its own: the path names it.</summary>
    public static Problem NoNul(string path) =>
        new(path, "may not contain the NUL character (U+0000).", "不能包含 NUL 字符（U+0000）。");

    public static Problem BadIndicatorId(string path) =>
        new(path, $"{IndicatorIdField.English} must be 1–{InputLimits.Code} characters long, without control characters.",
            $"“{IndicatorIdField.Chinese}”须为 1–{InputLimits.Code} 个字符，且不能包含控制字符。");

    public static Problem BadOrder(string path) =>
        new(path, $"{OrderField.English} must be a whole number.", $"“{OrderField.Chinese}”须为整数。");

    public static Problem Required(string path, Field f) => new(path, $"{f.English} is required.", $"请填写“{f.Chinese}”。");

    public static Problem NoSuchCategory(string path) =>
        new(path, $"{CategoryField.English} is not a category of this organization.", $"“{CategoryField.Chinese}”不是本组织的类别。");

    /// <summary>The checks every audited change makes on its reason: at most <see cref="ReasonMax"/> characters (trimmed), no NUL.</summary>
    public static IEnumerable<Problem> CheckReason(string? reason, string path = "$.reason")
    {
        if (reason is null) yield break;
        if (reason.Trim().Length > ReasonMax) yield return TooLong(path, ReasonField, ReasonMax);
        if (InputLimits.HasNul(reason)) yield return NoNul(path, ReasonField);
    }

    /// <summary>
    /// An order as typed in a form: empty gives null (a new category goes after the existing ones, a changed one keeps
    /// its place); otherwise a whole number within ±100000. False for anything else.
    /// </summary>
    public static bool TryParseOrder(string? text, out int? order)
    {
        order = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!int.TryParse(text.Trim(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n)
            || Math.Abs(n) > OrderLimit) return false;
        order = n;
        return true;
    }
}
