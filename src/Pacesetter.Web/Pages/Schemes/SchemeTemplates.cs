using System.Globalization;
using System.Text.Json.Nodes;
using Pacesetter.Scoring;
using Pacesetter.Web.Demo;

namespace Pacesetter.Web.Pages.Schemes;

/// <summary>
/// 新建考核方案 the starts of a period's first scheme: empty (a name and a period, no category), or the template of
/// the demo's four categories (镇街、职能部门、国有企业、招商赛马) with their indicators, grades, labels and flags. The
/// template IS the demo's scheme (<see cref="DemoData.Scheme"/>, one source), with the demo's units, adjustments
/// and flag holders taken out: the organization's own units are picked in the designer.
/// </summary>
public static class SchemeTemplates
{
    public const string Empty = "empty";
    public const string Demo = "demo";

    public static readonly string[] All = [Empty, Demo];

    /// <summary>The document a new period starts from; null for an unknown start.</summary>
    public static JsonObject? Start(string start, string period, string name)
    {
        switch (start)
        {
            case Empty:
                return new JsonObject { ["name"] = name, ["period"] = period, ["categories"] = new JsonArray() };
            case Demo:
                var doc = DemoData.Scheme(period, new JsonObject());
                doc["name"] = name;
                doc.Remove("units");
                doc.Remove("adjustments");
                doc.Remove("previousFlags");
                foreach (var c in (doc["categories"] as JsonArray ?? []).OfType<JsonObject>()) c["units"] = new JsonArray();
                return doc;
            default:
                return null;
        }
    }

    private static readonly string[] Numerals = ["一", "二", "三", "四"];

    /// <summary>A period's scheme name in words: 2027-Q1 → 2027年第一季度综合考核, 2027-01 → 2027年1月综合考核, 2027-H2 → 2027年下半年综合考核, 2027 → 2027年度综合考核.</summary>
    public static string DefaultName(string period)
    {
        if (Periods.Months(period) is not { } m) return "";
        var year = m.Year.ToString(CultureInfo.InvariantCulture);
        if (period.Contains('Q')) return $"{year}年第{Numerals[period[^1] - '1']}季度综合考核";
        if (period.Contains('H')) return $"{year}年{(period[^1] == '1' ? "上" : "下")}半年综合考核";
        if (m.FirstMonth == m.LastMonth) return $"{year}年{m.FirstMonth}月综合考核";
        return $"{year}年度综合考核";
    }
}
