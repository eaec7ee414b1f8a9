using System.Text.Json;
using System.Text.RegularExpressions;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Output;

namespace Pacesetter.App.Organizations;

/// <summary>
/// The shapes of codes, slugs and names that the organization services check, their messages in Chinese and English
/// (each names its field, as the form labels it), and the JSON of their audit rows.
/// </summary>
public static partial class OrgRules
{
    public const int NameMax = 200;
    public const int UserNameMax = 256;
    /// <summary>The audit row's reason column holds this many characters.</summary>
    public const int ReasonMax = 2000;
    public const int OrderLimit = 100000;

    /// <summary>Unit and category codes are the ids of scheme files.</summary>
    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    public static partial Regex Code();

    [GeneratedRegex("^[a-z0-9-]{2,64}$")]
    public static partial Regex Slug();

    public static bool IsName(string? name) => name is { Length: >= 1 and <= NameMax };

    /// <summary>Chinese stays readable in audit rows.</summary>
    public static string Json(object value) => JsonSerializer.Serialize(value, JsonFormats.Compact);

    /// <summary>A field as a message names it: its label in both languages.</summary>
    public sealed record Field(string Chinese, string English);

    public static readonly Field CodeField = new("代码", "Code");
    public static readonly Field NameField = new("名称", "Name");
    public static readonly Field OrderField = new("排序", "Order");
    public static readonly Field CategoryField = new("类别", "Category");
    public static readonly Field ReasonField = new("原因", "Reason");

    public static Problem BadCode(string path, Field f) =>
        new(path, $"{f.English} may hold only letters, digits, underscores and hyphens, 1–64 characters.", $"“{f.Chinese}”只能由字母、数字、下划线和连字符组成，长度 1–64 个字符。");

    public static Problem BadName(string path, Field f, int max = NameMax) =>
        new(path, $"{f.English} must be 1–{max} characters long.", $"“{f.Chinese}”须为 1–{max} 个字符。");

    public static Problem TooLong(string path, Field f, int max) =>
        new(path, $"{f.English} may be at most {max} characters long.", $"“{f.Chinese}”最多 {max} 个字符。");

    public static Problem BadOrder(string path) =>
        new(path, $"{OrderField.English} must be a whole number.", $"“{OrderField.Chinese}”须为整数。");

    public static Problem Required(string path, Field f) => new(path, $"{f.English} is required.", $"请填写“{f.Chinese}”。");

    public static Problem NoSuchCategory(string path) =>
        new(path, $"{CategoryField.English} is not a category of this organization.", $"“{CategoryField.Chinese}”不是本组织的类别。");

    /// <summary>The checks every audited change of the organization pages makes on its reason.</summary>
    public static IEnumerable<Problem> CheckReason(string? reason)
    {
        if (reason is not null && reason.Trim().Length > ReasonMax) yield return TooLong("$.reason", ReasonField, ReasonMax);
    }

    /// <summary>An order as typed in a form: empty is 0; otherwise a whole number within ±100000.</summary>
    public static int? ParseOrder(string? order)
    {
        if (string.IsNullOrWhiteSpace(order)) return 0;
        return int.TryParse(order.Trim(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n)
            && Math.Abs(n) <= OrderLimit ? n : null;
    }
}
