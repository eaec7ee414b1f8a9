using System.Text.Json;

namespace Pacesetter.Scoring.Schemes;

/// <summary>Reads typed values out of a JsonElement, recording a problem (with its JSON path) for each wrong one.</summary>
internal sealed class JsonInput
{
    /// <summary>No figure of an assessment comes near this; the bound keeps every formula inside decimal's range.</summary>
    public const decimal MaxMagnitude = 1_000_000_000_000_000m;

    public List<Problem> Problems { get; } = [];

    public void Add(string path, string english, string chinese) => Problems.Add(new Problem(path, english, chinese));

    public static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 };

    public static JsonDocument? Parse(ReadOnlyMemory<byte> utf8, out Problem? problem)
    {
        problem = null;
        var span = utf8.Span;
        if (span.Length >= 3 && span[0] == 0xEF && span[1] == 0xBB && span[2] == 0xBF) utf8 = utf8[3..];
        if (IsBlank(utf8.Span))
        {
            problem = new Problem(JsonPath.Root, "the file is empty", "文件为空");
            return null;
        }
        try
        {
            return JsonDocument.Parse(utf8, DocumentOptions);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $"line {line + 1}, byte {ex.BytePositionInLine + 1}" : "unknown position";
            var whereZh = ex.LineNumber is { } l ? $"第 {l + 1} 行第 {ex.BytePositionInLine + 1} 个字节处" : "未知位置";
            problem = new Problem(JsonPath.Root, $"not valid JSON ({where})", $"不是有效的 JSON（{whereZh}）");
            return null;
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> s)
    {
        foreach (var b in s)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return false;
        }
        return true;
    }

    /// <summary>Checks that <paramref name="el"/> is an object whose fields are all in <paramref name="allowed"/>.</summary>
    public bool Object(JsonElement el, string path, ReadOnlySpan<string> allowed)
    {
        if (el.ValueKind != JsonValueKind.Object)
        {
            Add(path, "must be an object", "应为 {…} 形式的一组设置");
            return false;
        }
        foreach (var prop in el.EnumerateObject())
        {
            bool known = false;
            foreach (var a in allowed)
            {
                if (prop.NameEquals(a))
                {
                    known = true;
                    break;
                }
            }
            if (!known) Add(JsonPath.Field(path, prop.Name), "unknown field", "未知字段");
        }
        return true;
    }

    /// <summary>An object whose fields are all in <paramref name="allowed"/> and none repeated (each repeat named at its path).</summary>
    public bool Fields(JsonElement el, string path, ReadOnlySpan<string> allowed)
    {
        if (!Object(el, path, allowed)) return false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in el.EnumerateObject())
        {
            if (!seen.Add(property.Name)) Add(JsonPath.Field(path, property.Name), "appears more than once", "重复出现");
        }
        return true;
    }

    public bool Array(JsonElement el, string path)
    {
        if (el.ValueKind == JsonValueKind.Array) return true;
        Add(path, "must be a list", "应为 […] 形式的列表");
        return false;
    }

    public static bool TryField(JsonElement obj, string name, out JsonElement value)
    {
        if (obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null) return true;
        value = default;
        return false;
    }

    public string? String(JsonElement obj, string path, string name, bool required, bool nonEmpty = true)
    {
        var p = JsonPath.Field(path, name);
        if (!TryField(obj, name, out var v))
        {
            if (required) Add(p, "is required", "必填");
            return null;
        }
        if (v.ValueKind != JsonValueKind.String)
        {
            Add(p, "must be a string", "应为文字（加引号的字符串）");
            return null;
        }
        var s = v.GetString()!;
        if (nonEmpty && s.Trim().Length == 0)
        {
            Add(p, "must not be empty", "不能为空");
            return null;
        }
        return s;
    }

    public decimal? Number(JsonElement obj, string path, string name, bool required)
    {
        var p = JsonPath.Field(path, name);
        if (!TryField(obj, name, out var v))
        {
            if (required) Add(p, "is required", "必填");
            return null;
        }
        return Number(v, p);
    }

    public decimal? Number(JsonElement v, string path)
    {
        if (v.ValueKind != JsonValueKind.Number)
        {
            Add(path, "must be a number", "应为数值");
            return null;
        }
        if (!v.TryGetDecimal(out var d) || Math.Abs(d) > MaxMagnitude)
        {
            Add(path, "number out of range (at most 10^15 in size)", "数值超出范围（绝对值不超过 10^15）");
            return null;
        }
        return d;
    }

    public int? WholeNumber(JsonElement obj, string path, string name, bool required, int min)
    {
        var p = JsonPath.Field(path, name);
        var d = Number(obj, path, name, required);
        if (d is null) return null;
        if (d != decimal.Truncate(d.Value) || d > int.MaxValue)
        {
            Add(p, "must be a whole number", "应为整数");
            return null;
        }
        if (d < min)
        {
            Add(p, $"must be at least {min}", $"不得小于 {min}");
            return null;
        }
        return (int)d.Value;
    }

    public bool? Bool(JsonElement obj, string path, string name)
    {
        if (!TryField(obj, name, out var v)) return null;
        if (v.ValueKind is JsonValueKind.True or JsonValueKind.False) return v.GetBoolean();
        Add(JsonPath.Field(path, name), "must be true or false", "应为 true 或 false");
        return null;
    }

    /// <summary>A string field that must be one of <paramref name="choices"/>; null when absent.</summary>
    public string? Choice(JsonElement obj, string path, string name, string[] choices, bool required = false)
    {
        var s = String(obj, path, name, required);
        if (s is null) return null;
        if (System.Array.IndexOf(choices, s) >= 0) return s;
        var list = string.Join(", ", choices);
        Add(JsonPath.Field(path, name), $"must be one of {list}, not \"{s}\"", $"应为 {list} 之一，而不是“{s}”");
        return null;
    }
}
