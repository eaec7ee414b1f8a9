using System.Text.Json.Nodes;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Output;

namespace Pacesetter.App.DataEntry;

/// <summary>A datum as it is stored: its compact JSON, at most <see cref="MaxLength"/> characters (the column's size on both databases).</summary>
public static class DatumText
{
    /// <summary>The most characters a datum's stored JSON may hold (<c>datum_entries.value</c>).</summary>
    public const int MaxLength = 20000;

    /// <summary>The stored form of a datum: compact JSON, non-ASCII text unescaped.</summary>
    public static string Of(JsonNode value) => value.ToJsonString(JsonFormats.Compact);

    /// <summary>The problem of a stored form longer than <see cref="MaxLength"/>, at the datum's path; null when it fits.</summary>
    public static Problem? TooLong(string text, string path) =>
        text.Length <= MaxLength ? null : new Problem(path,
            $"is {text.Length} characters long as JSON: a datum holds at most {MaxLength}",
            $"按 JSON 计有 {text.Length} 个字符：一项数据最多 {MaxLength} 个字符");
}
