using System.Text.RegularExpressions;
using Pacesetter.Scoring;

namespace Pacesetter.Web.Pages.Schemes;

/// <summary>
/// Where a problem of the scheme is, said in words the office uses: <c>$.categories[0].grades[1].min</c> is
/// “镇街 › 等次第 2 行 › 最低分” (“镇街 › grade row 2 › minimum”). Parts it has no word for (an indicator's method
/// parameters) stay as they are; the JSON path is shown small beside it for experts.
/// </summary>
public static partial class ProblemPlaces
{
    [GeneratedRegex(@"\.([A-Za-z0-9_-]+)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]")]
    private static partial Regex Step();

    private static readonly Dictionary<string, (string Zh, string En)> Words = new(StringComparer.Ordinal)
    {
        ["name"] = ("名称", "name"),
        ["id"] = ("编号", "id"),
        ["period"] = ("考核期", "period"),
        ["coreShareMin"] = ("主责主业权重下限", "minimum core share"),
        ["previousFlags"] = ("上期流动红旗", "previous red flags"),
        ["units"] = ("单位", "units"),
        ["categories"] = ("类别", "categories"),
        ["indicators"] = ("指标", "indicators"),
        ["tieBreak"] = ("同分排序", "tie break"),
        ["grades"] = ("等次", "grades"),
        ["labels"] = ("标兵/优胜/黄牌", "labels"),
        ["pacesetter"] = ("标兵", "pacesetter"),
        ["winner"] = ("优胜", "winner"),
        ["yellow"] = ("黄牌", "yellow card"),
        ["flag"] = ("流动红旗", "red flag"),
        ["top"] = ("名额", "places"),
        ["min"] = ("最低分", "minimum"),
        ["bottom"] = ("末位数", "bottom places"),
        ["below"] = ("低于分数", "below"),
        ["quota"] = ("名额", "quota"),
        ["quotaShare"] = ("名额比例", "quota share"),
        ["weight"] = ("权重", "weight"),
        ["kind"] = ("类型", "kind"),
        ["core"] = ("主责主业", "core duty"),
        ["method"] = ("计分方法", "method"),
        ["adjustments"] = ("加减分调整", "adjustments"),
        ["data"] = ("数据", "data"),
    };

    public static string Describe(string path, SchemeView view, Language language)
    {
        bool zh = language == Language.Chinese;
        var parts = new List<string>();
        if (!path.StartsWith('$')) return path;
        var steps = Step().Matches(path, 1).Select(m => m.Groups[1].Success ? (Key: m.Groups[1].Value, Index: (int?)null) : m.Groups[2].Success ? (Key: (string?)null!, Index: int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)) : (Key: m.Groups[3].Value, Index: null)).ToList();
        if (steps.Count == 0) return zh ? "方案" : "scheme";
        SchemeView.CategoryView? category = null;
        string? parent = null;
        for (int i = 0; i < steps.Count; i++)
        {
            var (key, index) = steps[i];
            if (index is { } n)
            {
                switch (parent)
                {
                    case "categories":
                        category = view.Categories.FirstOrDefault(c => c.Index == n);
                        parts[^1] = category is null ? (zh ? $"第 {n + 1} 个类别" : $"category {n + 1}") : category.Name.Length > 0 ? category.Name : category.Id;
                        break;
                    case "indicators" when category is not null && n < category.Indicators.Count:
                        var ind = category.Indicators[n];
                        parts[^1] = zh ? $"指标“{(ind.Name.Length > 0 ? ind.Name : ind.Id)}”" : $"indicator \"{(ind.Name.Length > 0 ? ind.Name : ind.Id)}\"";
                        break;
                    case "grades":
                        parts[^1] = zh ? $"等次第 {n + 1} 行" : $"grade row {n + 1}";
                        break;
                    case "tieBreak":
                        parts[^1] = zh ? $"同分排序第 {n + 1} 项" : $"tie break {n + 1}";
                        break;
                    case "units":
                        parts[^1] = zh ? $"第 {n + 1} 个单位" : $"unit {n + 1}";
                        break;
                    default:
                        parts[^1] += $"[{n}]";
                        break;
                }
                parent = null;
                continue;
            }
            // A unit's or a category's own key (units.T1, previousFlags.towns) is named, not translated.
            if (parent is "units" && i == 1) parts[^1] = (zh ? "单位“" : "unit \"") + view.UnitName(key!) + (zh ? "”" : "\"");
            else if (parent is "previousFlags" && i == 1) parts[^1] = (zh ? "上期流动红旗 › " : "previous red flags › ") + (view.Categories.FirstOrDefault(c => c.Id == key)?.Name ?? key);
            // "labels" before a label's own name says nothing more: 镇街 › 优胜 › 名额.
            else if (key == "labels" && i + 1 < steps.Count) parts.Add("");
            else parts.Add(Words.TryGetValue(key!, out var w) ? (zh ? w.Zh : w.En) : key!);
            parent = key;
        }
        return string.Join(" › ", parts.Where(p => p.Length > 0));
    }
}
