using System.Text;
using System.Text.Json;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.Scoring.Benchmarking;

/// <summary>
/// Reads a benchmarking file (scoring.md §10): <c>{"year", "indicators": [{"id", "name", "unit", "direction"}],
/// "own": {"name", "values"}, "benchmarks": [{"id", "name", "values"}]}</c>, <c>values</c> being
/// <c>{indicatorId: {"2025": 905}}</c>. Every problem is collected with its JSON path; <see cref="InvalidInputException"/>
/// carries them all. What the file may leave out: an indicator's <c>name</c> (its id) and <c>unit</c>; the
/// organization's <c>name</c>; a benchmark's <c>name</c> (its id); any <c>values</c>, indicator or year (no value);
/// a value written <c>null</c> (no value). What it may not: an unknown field, a repeated one, an unknown indicator in
/// <c>values</c>, a year that is not a year (four digits, 1000–9999), a direction other than <c>higher</c> or
/// <c>lower</c> (it is required: a wrong guess would turn every gap around), duplicate indicator or benchmark ids (a
/// benchmark may not be called <c>own</c>, the organization's id in <c>ranks</c>), a number beyond 10^15.
/// </summary>
public static class GapFileReader
{
    private static readonly string[] RootFields = ["year", "indicators", "own", "benchmarks"];
    private static readonly string[] IndicatorFields = ["id", "name", "unit", "direction"];
    private static readonly string[] OwnFields = ["name", "values"];
    private static readonly string[] BenchmarkFields = ["id", "name", "values"];
    private static readonly string[] Directions = ["higher", "lower"];

    /// <summary>At most this many indicators, benchmarks, and years per series: an office compares tens, not thousands.</summary>
    public const int MaxItems = 1000;

    /// <summary>The longest id or name.</summary>
    public const int MaxText = 200;

    /// <summary>The organization's name when the file gives none.</summary>
    public const string DefaultOwnName = "本组织";

    public static GapFile Read(string json, bool yearRequired = true) => Read(Encoding.UTF8.GetBytes(json), yearRequired);

    /// <param name="yearRequired">True for <c>pacesetter gap</c>; false for the web application's stored data, where <c>year</c> must be absent (a request names it).</param>
    /// <exception cref="InvalidInputException">the text is empty, not JSON, or not a valid benchmarking file.</exception>
    public static GapFile Read(ReadOnlyMemory<byte> utf8, bool yearRequired = true)
    {
        if (utf8.Span.StartsWith("\uFEFF"u8)) utf8 = utf8[3..];
        if (JsonScan.Text(utf8.Span) is { Count: > 0 } scan) throw new InvalidInputException(scan);
        using var document = JsonInput.Parse(utf8, out var parseProblem);
        if (document is null) throw new InvalidInputException([parseProblem!]);
        var input = new JsonInput();
        var file = ReadFile(document.RootElement, input, yearRequired);
        if (input.Problems.Count > 0) throw new InvalidInputException(input.Problems);
        return file!;
    }

    private static GapFile? ReadFile(JsonElement root, JsonInput input, bool yearRequired)
    {
        var path = JsonPath.Root;
        // A stored file's "year" gets its own message below, not "unknown field".
        if (!input.Fields(root, path, RootFields)) return null;
        if (!yearRequired && root.TryGetProperty("year", out _))
        {
            input.Add(JsonPath.Field(path, "year"), "is not stored: the year compared is named by the request (?year=)", "不随数据保存：比较的年份在查询时指定（?year=）");
        }
        int? year = yearRequired ? Year(root, path, input) : null;

        var indicators = new List<GapIndicator>();
        var indicatorPath = JsonPath.Field(path, "indicators");
        if (!root.TryGetProperty("indicators", out var indicatorsElement)) input.Add(indicatorPath, "is required", "必填");
        else if (input.Array(indicatorsElement, indicatorPath) && Count(indicatorsElement, indicatorPath, input))
        {
            var first = new Dictionary<string, int>(StringComparer.Ordinal);
            int i = 0;
            foreach (var element in indicatorsElement.EnumerateArray())
            {
                int at = i++;
                var ipath = JsonPath.Index(indicatorPath, at);
                if (!input.Fields(element, ipath, IndicatorFields)) continue;
                var id = Text(element, ipath, "id", required: true, input);
                var name = Text(element, ipath, "name", required: false, input);
                var unit = Text(element, ipath, "unit", required: false, input);
                var direction = input.Choice(element, ipath, "direction", Directions, required: true);
                if (id is null) continue;
                if (!first.TryAdd(id, at))
                {
                    var firstPath = JsonPath.Field(JsonPath.Index(indicatorPath, first[id]), "id");
                    input.Add(JsonPath.Field(ipath, "id"), $"duplicate indicator id \"{id}\" (first at {firstPath})", $"指标编号“{id}”重复（首次出现于 {firstPath}）");
                    continue;
                }
                if (direction is null) continue;
                indicators.Add(new GapIndicator(id, name ?? id, unit, direction == "lower" ? GapDirection.Lower : GapDirection.Higher));
            }
        }
        // Values are checked against every indicator the file names, including one with another problem (no second message for it).
        var known = new HashSet<string>(StringComparer.Ordinal);
        if (indicatorsElement.ValueKind == JsonValueKind.Array)
        {
            foreach (var element in indicatorsElement.EnumerateArray())
            {
                if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String) known.Add(idElement.GetString()!);
            }
        }

        GapParty? own = null;
        var ownPath = JsonPath.Field(path, "own");
        if (!root.TryGetProperty("own", out var ownElement)) input.Add(ownPath, "is required", "必填");
        else if (input.Fields(ownElement, ownPath, OwnFields))
        {
            var name = Text(ownElement, ownPath, "name", required: false, input) ?? DefaultOwnName;
            own = new GapParty(GapFile.OwnId, name, Values(ownElement, ownPath, known, input));
        }

        var benchmarks = new List<GapParty>();
        var benchmarksPath = JsonPath.Field(path, "benchmarks");
        if (!root.TryGetProperty("benchmarks", out var benchmarksElement)) input.Add(benchmarksPath, "is required", "必填");
        else if (input.Array(benchmarksElement, benchmarksPath) && Count(benchmarksElement, benchmarksPath, input))
        {
            var first = new Dictionary<string, int>(StringComparer.Ordinal);
            int i = 0;
            foreach (var element in benchmarksElement.EnumerateArray())
            {
                int at = i++;
                var bpath = JsonPath.Index(benchmarksPath, at);
                if (!input.Fields(element, bpath, BenchmarkFields)) continue;
                var id = Text(element, bpath, "id", required: true, input);
                var name = Text(element, bpath, "name", required: false, input);
                var values = Values(element, bpath, known, input);
                if (id is null) continue;
                if (id == GapFile.OwnId)
                {
                    input.Add(JsonPath.Field(bpath, "id"), "\"own\" is the organization's id in the ranks: choose another", "“own”是排名中本组织的编号，请换一个");
                    continue;
                }
                if (!first.TryAdd(id, at))
                {
                    var firstPath = JsonPath.Field(JsonPath.Index(benchmarksPath, first[id]), "id");
                    input.Add(JsonPath.Field(bpath, "id"), $"duplicate benchmark id \"{id}\" (first at {firstPath})", $"对标对象编号“{id}”重复（首次出现于 {firstPath}）");
                    continue;
                }
                benchmarks.Add(new GapParty(id, name ?? id, values));
            }
        }
        return own is null ? null : new GapFile(year, indicators, own, benchmarks);
    }

    private static int? Year(JsonElement root, string path, JsonInput input)
    {
        var ypath = JsonPath.Field(path, "year");
        if (!root.TryGetProperty("year", out var element))
        {
            input.Add(ypath, "is required, e.g. 2026", "必填，如 2026");
            return null;
        }
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDecimal(out var d) || d != decimal.Truncate(d) || d < 1000 || d > 9999)
        {
            input.Add(ypath, "must be a year such as 2026", "应为年份，如 2026");
            return null;
        }
        return (int)d;
    }

    private static bool Count(JsonElement array, string path, JsonInput input)
    {
        if (array.GetArrayLength() <= MaxItems) return true;
        input.Add(path, $"at most {MaxItems} entries", $"最多 {MaxItems} 项");
        return false;
    }

    private static string? Text(JsonElement element, string path, string name, bool required, JsonInput input)
    {
        var text = input.String(element, path, name, required);
        if (text is null) return null;
        if (text.Length > MaxText)
        {
            input.Add(JsonPath.Field(path, name), $"at most {MaxText} characters", $"最多 {MaxText} 个字");
            return null;
        }
        return text.Trim();
    }

    /// <summary><c>{indicatorId: {"2025": 905}}</c>; absent or null = no values.</summary>
    private static IReadOnlyDictionary<string, IReadOnlyDictionary<int, decimal>> Values(JsonElement party, string path, HashSet<string> known, JsonInput input)
    {
        var result = new Dictionary<string, IReadOnlyDictionary<int, decimal>>(StringComparer.Ordinal);
        if (!JsonInput.TryField(party, "values", out var values)) return result;
        var vpath = JsonPath.Field(path, "values");
        if (values.ValueKind != JsonValueKind.Object)
        {
            input.Add(vpath, "must be an object of indicators, each an object of years: {\"gdp\": {\"2025\": 905}}", "应为 {指标: {年份: 数值}} 形式，如 {\"gdp\": {\"2025\": 905}}");
            return result;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var indicator in values.EnumerateObject())
        {
            var ipath = JsonPath.Field(vpath, indicator.Name);
            if (!seen.Add(indicator.Name))
            {
                input.Add(ipath, "appears more than once", "重复出现");
                continue;
            }
            if (!known.Contains(indicator.Name))
            {
                input.Add(ipath, $"unknown indicator \"{indicator.Name}\" (not in indicators)", $"未知指标“{indicator.Name}”（indicators 中没有）");
                continue;
            }
            if (indicator.Value.ValueKind == JsonValueKind.Null) continue;
            if (indicator.Value.ValueKind != JsonValueKind.Object)
            {
                input.Add(ipath, "must be an object of years: {\"2025\": 905}", "应为 {年份: 数值} 形式，如 {\"2025\": 905}");
                continue;
            }
            var byYear = new Dictionary<int, decimal>();
            int count = 0;
            foreach (var entry in indicator.Value.EnumerateObject())
            {
                var ypath = JsonPath.Field(ipath, entry.Name);
                if (++count > MaxItems)
                {
                    input.Add(ipath, $"at most {MaxItems} years", $"最多 {MaxItems} 个年份");
                    break;
                }
                if (!IsYear(entry.Name, out int y))
                {
                    input.Add(ypath, $"\"{entry.Name}\" is not a year (four digits, such as \"2025\")", $"“{entry.Name}”不是年份（四位数字，如 \"2025\"）");
                    continue;
                }
                if (byYear.ContainsKey(y))
                {
                    input.Add(ypath, "appears more than once", "重复出现");
                    continue;
                }
                if (entry.Value.ValueKind == JsonValueKind.Null) continue;
                if (input.Number(entry.Value, ypath) is { } v) byYear[y] = v;
            }
            result[indicator.Name] = byYear;
        }
        return result;
    }

    private static bool IsYear(string text, out int year)
    {
        year = 0;
        if (text.Length != 4) return false;
        foreach (var ch in text)
        {
            if (!char.IsAsciiDigit(ch)) return false;
            year = year * 10 + (ch - '0');
        }
        return year >= 1000;
    }
}
