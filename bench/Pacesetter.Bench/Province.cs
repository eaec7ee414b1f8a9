using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Pacesetter.Bench;

/// <summary>
/// The "province" workload: 10,000 units in 20 categories, 100 indicators per category mixing every method,
/// one datum per unit and indicator (1,000,000 values). Deterministic for a given seed.
/// </summary>
public static class Province
{
    public const int Categories = 20;
    public const int UnitsPerCategory = 500;
    public const int IndicatorsPerCategory = 100;

    private static readonly string[] BaseMethods = ["completion", "efficacy", "rank", "leaderRatio", "baseline", "bands", "table", "grade", "manual", "completion-lower", "efficacy-growth", "baseline-average"];

    /// <param name="categories">How many categories (default 20); the publication bench asks for fewer to try it out small.</param>
    /// <param name="unitsPerCategory">How many units in each (default 500; at least 14, the adjustments name units 7, 11 and 13).</param>
    public static byte[] Generate(int seed = 2026, int categories = Categories, int unitsPerCategory = UnitsPerCategory)
    {
        if (categories < 1 || unitsPerCategory < 14) throw new ArgumentOutOfRangeException(nameof(unitsPerCategory), "a province needs a category of at least 14 units");
        var rng = new Random(seed);
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("name", "全省开发区2026年第三季度综合考核（基准测试）");
            w.WriteString("period", "2026-Q3");
            w.WriteNumber("coreShareMin", 70);
            w.WriteStartObject("units");
            for (int c = 0; c < categories; c++)
            {
                for (int u = 0; u < unitsPerCategory; u++) w.WriteString(UnitId(c, u), $"第{c + 1}类单位{u + 1}");
            }
            w.WriteEndObject();
            w.WriteStartArray("categories");
            var methods = new string[categories][];
            for (int c = 0; c < categories; c++) methods[c] = WriteCategory(w, c, rng, unitsPerCategory);
            w.WriteEndArray();
            w.WriteStartObject("data");
            for (int c = 0; c < categories; c++)
            {
                for (int u = 0; u < unitsPerCategory; u++)
                {
                    w.WriteStartObject(UnitId(c, u));
                    for (int i = 0; i < IndicatorsPerCategory; i++) WriteDatum(w, $"i{i}", methods[c][i], rng, u);
                    w.WriteEndObject();
                }
            }
            w.WriteEndObject();
            w.WriteStartArray("adjustments");
            for (int c = 0; c < categories; c++)
            {
                WriteAdjustment(w, null, UnitId(c, 7), "veto", "重大安全生产事故", null);
                WriteAdjustment(w, $"b{c}", UnitId(c, 11), "blockTop", "省级通报批评", null);
                WriteAdjustment(w, null, UnitId(c, 13), "exemption", "容错免责：政策调整", "i99");
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return ms.ToArray();
    }

    public static string UnitId(int c, int u) => $"U{c:D2}{u:D3}";

    private static void WriteAdjustment(Utf8JsonWriter w, string? id, string unit, string type, string reason, string? reference)
    {
        w.WriteStartObject();
        if (id is not null) w.WriteString("id", id);
        w.WriteString("unit", unit);
        w.WriteString("type", type);
        w.WriteString("reason", reason);
        if (reference is not null)
        {
            w.WriteString("ref", reference);
            w.WriteNumber("factor", 0.5m);
        }
        w.WriteEndObject();
    }

    private static string[] WriteCategory(Utf8JsonWriter w, int c, Random rng, int unitsPerCategory)
    {
        var kinds = new string[IndicatorsPerCategory];
        w.WriteStartObject();
        w.WriteString("id", $"c{c}");
        w.WriteString("name", $"第{c + 1}类");
        w.WriteStartArray("units");
        for (int u = 0; u < unitsPerCategory; u++) w.WriteStringValue(UnitId(c, u));
        w.WriteEndArray();
        w.WriteStartArray("indicators");
        // 90 base indicators of weight 1 (72 core), 5 bonus, 5 penalty.
        for (int i = 0; i < IndicatorsPerCategory; i++)
        {
            w.WriteStartObject();
            w.WriteString("id", $"i{i}");
            w.WriteString("name", $"指标{i}");
            if (i < 90)
            {
                var method = BaseMethods[(i + c) % BaseMethods.Length];
                kinds[i] = method;
                w.WriteNumber("weight", 1.2m);
                w.WriteBoolean("core", i < 72);
                if (method == "completion-lower") w.WriteString("direction", "lower");
                if (method == "efficacy-growth") w.WriteString("measure", "growth");
                if (i % 17 == 3) w.WriteString("missing", i % 2 == 0 ? "average" : "exclude");
                w.WriteStartObject("method");
                switch (method)
                {
                    case "completion" or "completion-lower":
                        w.WriteString("type", "completion");
                        w.WriteNumber("cap", 1.2m);
                        w.WriteNumber("floor", 0.5m);
                        w.WriteNumber("target", 100);
                        break;
                    case "efficacy" or "efficacy-growth":
                        w.WriteString("type", "efficacy");
                        break;
                    case "rank":
                        w.WriteString("type", "rank");
                        w.WriteNumber("step", 0.01m);
                        break;
                    case "leaderRatio":
                        w.WriteString("type", "leaderRatio");
                        break;
                    case "baseline" or "baseline-average":
                        w.WriteString("type", "baseline");
                        if (method == "baseline") w.WriteNumber("baseline", 90);
                        else w.WriteString("baseline", "average");
                        w.WriteNumber("deduct", 0.05m);
                        w.WriteNumber("bonusPer", 0.01m);
                        w.WriteNumber("bonusCap", 0.2m);
                        break;
                    case "bands":
                        w.WriteString("type", "bands");
                        w.WriteStartArray("points");
                        foreach (var (x, s) in new[] { (60m, 0m), (80m, 0.72m), (100m, 1.2m) })
                        {
                            w.WriteStartArray();
                            w.WriteNumberValue(x);
                            w.WriteNumberValue(s);
                            w.WriteEndArray();
                        }
                        w.WriteEndArray();
                        break;
                    case "table":
                        w.WriteString("type", "table");
                        w.WriteStartObject("points");
                        for (int k = 1; k <= 5; k++) w.WriteNumber(k.ToString(CultureInfo.InvariantCulture), 1.2m - 0.1m * k);
                        w.WriteEndObject();
                        w.WriteNumber("rest", 0.5m);
                        break;
                    case "grade":
                        w.WriteString("type", "grade");
                        w.WriteStartObject("grades");
                        w.WriteNumber("优", 1);
                        w.WriteNumber("良", 0.85m);
                        w.WriteNumber("中", 0.7m);
                        w.WriteNumber("差", 0.5m);
                        w.WriteEndObject();
                        break;
                    default:
                        w.WriteString("type", "manual");
                        break;
                }
                w.WriteEndObject();
            }
            else if (i < 95)
            {
                kinds[i] = i % 2 == 0 ? "levels" : "points";
                w.WriteString("kind", "bonus");
                w.WriteNumber("weight", 1);
                w.WriteStartObject("method");
                w.WriteString("type", kinds[i]);
                if (kinds[i] == "levels")
                {
                    w.WriteStartObject("levels");
                    w.WriteNumber("national", 1);
                    w.WriteNumber("province", 0.6m);
                    w.WriteNumber("city", 0.3m);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            else
            {
                kinds[i] = i % 2 == 0 ? "events-typed" : "events";
                w.WriteString("kind", "penalty");
                w.WriteNumber("weight", 2);
                w.WriteStartObject("method");
                w.WriteString("type", "events");
                if (kinds[i] == "events-typed")
                {
                    w.WriteStartObject("perEvent");
                    w.WriteNumber("yellow", 0.5m);
                    w.WriteNumber("red", 1);
                    w.WriteEndObject();
                }
                else
                {
                    w.WriteNumber("perEvent", 0.3m);
                    w.WriteNumber("zeroAt", 5);
                }
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("tieBreak");
        w.WriteStringValue("i0");
        w.WriteStringValue("i1");
        w.WriteEndArray();
        w.WriteStartArray("grades");
        WriteGrade(w, "优秀", 90, 0.2m);
        WriteGrade(w, "良好", 80, null);
        WriteGrade(w, "一般", 0, null);
        w.WriteEndArray();
        w.WriteStartObject("labels");
        w.WriteStartObject("pacesetter");
        w.WriteNumber("top", 3);
        w.WriteNumber("min", 90);
        w.WriteEndObject();
        w.WriteStartObject("winner");
        w.WriteNumber("top", 30);
        w.WriteEndObject();
        w.WriteStartObject("yellow");
        w.WriteNumber("bottom", 10);
        w.WriteNumber("below", 60);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("flag");
        w.WriteNumber("min", 90);
        w.WriteEndObject();
        w.WriteEndObject();
        return kinds;
    }

    private static void WriteGrade(Utf8JsonWriter w, string name, decimal min, decimal? share)
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteNumber("min", min);
        if (share is { } s) w.WriteNumber("quotaShare", s);
        w.WriteEndObject();
    }

    private static decimal Value(Random rng, decimal lo, decimal hi) => Math.Round(lo + (hi - lo) * (decimal)rng.NextDouble(), 2);

    private static void WriteDatum(Utf8JsonWriter w, string id, string kind, Random rng, int unit)
    {
        switch (kind)
        {
            case "completion" or "completion-lower":
                if (unit % 3 == 0)
                {
                    w.WriteStartObject(id);
                    w.WriteNumber("value", Value(rng, 40, 140));
                    w.WriteNumber("target", Value(rng, 80, 120));
                    w.WriteEndObject();
                }
                else w.WriteNumber(id, Value(rng, 40, 140));
                break;
            case "efficacy-growth":
                w.WriteStartObject(id);
                w.WriteNumber("value", Value(rng, 50, 150));
                w.WriteNumber("previous", Value(rng, 60, 120));
                w.WriteEndObject();
                break;
            case "table":
                w.WriteNumber(id, rng.Next(1, 8));
                break;
            case "grade":
                w.WriteString(id, (rng.Next(4)) switch { 0 => "优", 1 => "良", 2 => "中", _ => "差" });
                break;
            case "manual":
                w.WriteNumber(id, Value(rng, 0, 1.2m));
                break;
            case "levels":
                w.WriteStartArray(id);
                int n = rng.Next(0, 3);
                for (int k = 0; k < n; k++)
                {
                    w.WriteStartObject();
                    w.WriteString("item", $"事项{rng.Next(3)}");
                    w.WriteString("level", (rng.Next(3)) switch { 0 => "national", 1 => "province", _ => "city" });
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                break;
            case "points":
                w.WriteNumber(id, Value(rng, 0, 1.5m));
                break;
            case "events-typed":
                w.WriteStartObject(id);
                w.WriteNumber("yellow", rng.Next(0, 3));
                w.WriteNumber("red", rng.Next(0, 2));
                w.WriteEndObject();
                break;
            case "events":
                w.WriteStartArray(id);
                int e = rng.Next(0, 6);
                for (int k = 0; k < e; k++)
                {
                    w.WriteStartObject();
                    w.WriteString("id", $"e{k}");
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                break;
            default:
                w.WriteNumber(id, Value(rng, 40, 140));
                break;
        }
    }
}
