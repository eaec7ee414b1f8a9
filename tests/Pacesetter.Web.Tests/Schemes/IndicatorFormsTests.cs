using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pacesetter.Scoring.Schemes;
using Pacesetter.Web.Pages.Schemes;

namespace Pacesetter.Web.Tests.Schemes;

/// <summary>
/// Issue 8 §2: the indicator form of the scheme designer without JSON. For every method of scoring.md §3, §4 and §9
/// the fields produce exactly the method object the spec describes (optional parameters left out when left empty,
/// partial maps as given), the engine's reader accepts it, and reading it back fills the same fields.
/// </summary>
public class IndicatorFormsTests
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static IStringLocalizer<SchemesText> Text()
    {
        var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance);
        return new StringLocalizer<SchemesText>(factory);
    }

    /// <summary>A one-category scheme (coreShareMin left out) with one base indicator, the one the tests add beside it.</summary>
    private static JsonObject Doc() => JsonNode.Parse("""
        { "name": "测试", "period": "2026-Q3", "units": { "U1": "一", "U2": "二" },
          "categories": [ { "id": "c", "name": "类", "units": ["U1", "U2"],
            "indicators": [ { "id": "first", "name": "甲", "weight": 30, "method": { "type": "manual" } } ] },
            { "id": "d", "name": "乙类", "units": [],
            "indicators": [ { "id": "second", "name": "乙", "weight": 10, "method": { "type": "manual" } } ] } ] }
        """)!.AsObject();

    private static T InChinese<T>(Func<T> f) => In("zh-CN", f);

    private static T In<T>(string culture, Func<T> f)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            return f();
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    /// <summary>Adds an indicator "x" to the category c from the fields; returns the errors and the document.</summary>
    private static (Dictionary<string, string> Errors, JsonObject Doc) Add(params (string Field, string Value)[] fields)
    {
        var doc = Doc();
        var values = new Dictionary<string, string> { ["id"] = "x", ["name"] = "新指标", ["weight"] = "70" };
        foreach (var (f, v) in fields) values[f] = v;
        var errors = InChinese(() => IndicatorForms.Apply(doc, "c", null, values, Text()));
        return (errors, doc);
    }

    private static JsonObject Indicator(JsonObject doc, string id = "x") =>
        doc["categories"]![0]!["indicators"]!.AsArray().OfType<JsonObject>().Single(i => i["id"]!.GetValue<string>() == id);

    /// <summary>The problems the engine's reader finds in the document (no data).</summary>
    private static List<string> Problems(JsonObject doc)
    {
        var copy = doc.DeepClone().AsObject();
        copy["data"] = new JsonObject();
        return [.. SchemeReader.Read(copy.ToJsonString()).Problems.Select(p => p.ToString())];
    }

    /// <summary>
    /// The fields give exactly <paramref name="method"/>; the reader accepts the document; the fields read back from
    /// it are the fields posted (rows renumbered, empty ones dropped), and posting them again changes nothing.
    /// </summary>
    private static void RoundTrip(string expectedIndicator, params (string Field, string Value)[] fields)
    {
        var (errors, doc) = Add(fields);
        Assert.Empty(errors);
        var indicator = Indicator(doc);
        Assert.Equal(expectedIndicator, indicator.ToJsonString(Relaxed));
        Assert.Empty(Problems(doc));

        var read = IndicatorForms.Values(indicator);
        foreach (var (f, v) in fields.Where(f => f.Value.Length > 0 && !f.Field.EndsWith("_mode", StringComparison.Ordinal)))
        {
            Assert.True(read.TryGetValue(f, out var back), $"{f} is not read back from {indicator.ToJsonString(Relaxed)}");
            Assert.Equal(Normalized(v), back);
        }
        var again = doc.DeepClone().AsObject();
        var errors2 = InChinese(() => IndicatorForms.Apply(again, "c", "x", read, Text()));
        Assert.Empty(errors2);
        Assert.True(JsonNode.DeepEquals(doc, again), again.ToJsonString(Relaxed));
    }

    private static string Normalized(string v) => v == "on" ? "true" : v;

    [Fact]
    public void Completion_writes_cap_and_floor_and_leaves_the_target_out_when_empty()
    {
        // §3: completion (cap 1, at least 1; floor 0, below cap; target optional)
        RoundTrip("""{"id":"x","name":"新指标","weight":70,"method":{"type":"completion","cap":1.2,"floor":0.6}}""",
            ("method", "completion"), ("cap", "1.2"), ("floor", "0.6"), ("target", ""));
        RoundTrip("""{"id":"x","name":"新指标","weight":70,"method":{"type":"completion","target":100}}""",
            ("method", "completion"), ("target", "100"));
    }

    [Fact]
    public void Efficacy_writes_only_the_bounds_given()
    {
        RoundTrip("""{"id":"x","name":"新指标","weight":70,"method":{"type":"efficacy"}}""", ("method", "efficacy"));
        RoundTrip("""{"id":"x","name":"新指标","weight":70,"method":{"type":"efficacy","base":50,"span":50,"good":120}}""",
            ("method", "efficacy"), ("base", "50"), ("span", "50"), ("good", "120"), ("bad", ""));
    }

    [Fact]
    public void Rank_writes_points_as_a_list_of_rows_or_a_step_and_rest()
    {
        RoundTrip("""{"id":"x","name":"新指标","weight":70,"method":{"type":"rank","points":[20,18,16]}}""",
            ("method", "rank"), ("points_0_s", "20"), ("points_1_s", "18"), ("points_2_s", "16"), ("points_3_s", ""));
        RoundTrip("""{"id":"x","name":"新指标","weight":70,"method":{"type":"rank","step":4,"rest":2}}""",
            ("method", "rank"), ("step", "4"), ("rest", "2"));

        var (both, doc) = Add(("method", "rank"), ("points_0_s", "20"), ("step", "4"));
        Assert.Equal("各名次得分与每降一名减分：填写其中一项（只能一项）。", both["points"]);
        Assert.True(JsonNode.DeepEquals(Doc(), doc));
        var (neither, _) = Add(("method", "rank"));
        Assert.Equal("各名次得分与每降一名减分：填写其中一项（只能一项）。", neither["points"]);
    }

    [Fact]
    public void Methods_without_parameters_write_the_type_only()
    {
        RoundTrip("""{"id":"x","name":"新指标","weight":70,"method":{"type":"leaderRatio"}}""", ("method", "leaderRatio"));
        RoundTrip("""{"id":"x","name":"新指标","weight":70,"method":{"type":"manual"}}""", ("method", "manual"));
        // §9 roll-up: weight × value ÷ 100, no parameters
        RoundTrip("""{"id":"x","name":"新指标","weight":70,"method":{"type":"rollup"}}""", ("method", "rollup"));
        RoundTrip("""{"id":"x","name":"新指标","kind":"bonus","weight":70,"method":{"type":"points"}}""", ("kind", "bonus"), ("method", "points"));
    }

    [Fact]
    public void Baseline_writes_a_number_or_average_and_the_boxes_only_when_ticked()
    {
        RoundTrip("""{"id":"x","name":"新指标","weight":70,"method":{"type":"baseline","baseline":95,"deduct":0.5,"step":1}}""",
            ("method", "baseline"), ("baseline", "95"), ("deduct", "0.5"), ("step", "1"), ("relative", ""), ("whole", ""));
        RoundTrip("""{"id":"x","name":"新指标","weight":70,"method":{"type":"baseline","baseline":"average","deduct":2,"relative":true,"whole":true,"bonusPer":1,"bonusCap":5}}""",
            ("method", "baseline"), ("baseline_average", "true"), ("deduct", "2"), ("relative", "on"), ("whole", "true"), ("bonusPer", "1"), ("bonusCap", "5"));

        var (errors, doc) = Add(("method", "baseline"), ("baseline", "95"), ("baseline_average", "true"), ("deduct", "1"));
        Assert.Equal("达标值：填数值或勾选“取本类平均值”，不能同时。", errors["baseline"]);
        Assert.True(JsonNode.DeepEquals(Doc(), doc));
    }

    [Fact]
    public void Bands_write_the_rows_as_pairs_in_order()
    {
        RoundTrip("""{"id":"x","name":"新指标","weight":70,"method":{"type":"bands","points":[[60,0],[80,42],[100,70]]}}""",
            ("method", "bands"), ("points_0_x", "60"), ("points_0_s", "0"), ("points_1_x", "80"), ("points_1_s", "42"), ("points_2_x", "100"), ("points_2_s", "70"));

        // A row removed in the browser leaves a gap: the rows are renumbered.
        var (_, doc) = Add(("method", "bands"), ("points_0_x", "60"), ("points_0_s", "0"), ("points_2_x", "100"), ("points_2_s", "70"));
        Assert.Equal("[[60,0],[100,70]]", Indicator(doc)["method"]!["points"]!.ToJsonString());

        var (errors, unchanged) = Add(("method", "bands"), ("points_0_x", "60"), ("points_0_s", "0"), ("points_1_x", ""), ("points_1_s", "42"));
        Assert.Equal("分档第 2 行：请填写完整。", errors["points_1_x"]);
        Assert.True(JsonNode.DeepEquals(Doc(), unchanged));
    }

    [Fact]
    public void Table_writes_number_keys_in_their_shortest_form_and_text_keys_as_typed()
    {
        // §3: the key being the number in its shortest form (2.50 → "2.5") or the string; rest (0)
        var (errors, doc) = Add(("method", "table"), ("points_0_key", "1"), ("points_0_value", "10"), ("points_1_key", "2.50"), ("points_1_value", "9"),
            ("points_2_key", "优"), ("points_2_value", "8"), ("rest", "4"));
        Assert.Empty(errors);
        Assert.Equal("""{"type":"table","points":{"1":10,"2.5":9,"优":8},"rest":4}""", Indicator(doc)["method"]!.ToJsonString(Relaxed));
        Assert.Empty(Problems(doc));
        RoundTrip("""{"id":"x","name":"新指标","weight":70,"method":{"type":"table","points":{"1":10,"2":9}}}""",
            ("method", "table"), ("points_0_key", "1"), ("points_0_value", "10"), ("points_1_key", "2"), ("points_1_value", "9"));

        var (duplicate, unchanged) = Add(("method", "table"), ("points_0_key", "2"), ("points_0_value", "10"), ("points_1_key", "2.0"), ("points_1_value", "9"));
        Assert.Equal("对照表第 2 行：“2”与前面的行重复。", duplicate["points_1_key"]);
        Assert.True(JsonNode.DeepEquals(Doc(), unchanged));
    }

    [Fact]
    public void Grade_and_levels_write_maps_from_their_rows()
    {
        RoundTrip("""{"id":"x","name":"新指标","weight":70,"method":{"type":"grade","grades":{"优":1,"良":0.85}}}""",
            ("method", "grade"), ("grades_0_key", "优"), ("grades_0_value", "1"), ("grades_1_key", "良"), ("grades_1_value", "0.85"));
        RoundTrip("""{"id":"x","name":"新指标","kind":"bonus","weight":70,"method":{"type":"levels","levels":{"national":3,"province":2,"city":1}}}""",
            ("kind", "bonus"), ("method", "levels"), ("levels_0_key", "national"), ("levels_0_value", "3"), ("levels_1_key", "province"), ("levels_1_value", "2"),
            ("levels_2_key", "city"), ("levels_2_value", "1"));
    }

    [Fact]
    public void Events_write_one_number_or_points_by_type_and_zeroAt_when_given()
    {
        RoundTrip("""{"id":"x","name":"新指标","kind":"penalty","weight":70,"method":{"type":"events","perEvent":1,"zeroAt":3}}""",
            ("kind", "penalty"), ("method", "events"), ("perEvent_mode", "flat"), ("perEvent", "1"), ("zeroAt", "3"));
        // A partial map: only the types given (§4: e.g. {"yellow": 0.5, "red": 1}), listed by points, highest first (ADR 0051).
        RoundTrip("""{"id":"x","name":"新指标","kind":"penalty","weight":70,"method":{"type":"events","perEvent":{"red":1,"yellow":0.5}}}""",
            ("kind", "penalty"), ("method", "events"), ("perEvent_mode", "byType"), ("perEvent_0_key", "red"), ("perEvent_0_value", "1"),
            ("perEvent_1_key", "yellow"), ("perEvent_1_value", "0.5"), ("zeroAt", ""));
        var read = IndicatorForms.Values(JsonNode.Parse("""{"id":"x","name":"新指标","kind":"penalty","weight":70,"method":{"type":"events","perEvent":{"yellow":0.5,"other":0.5,"red":1}}}""")!.AsObject());
        Assert.Equal(["red", "other", "yellow"], new[] { read["perEvent_0_key"], read["perEvent_1_key"], read["perEvent_2_key"] });

        var (errors, doc) = Add(("kind", "penalty"), ("method", "events"), ("perEvent_mode", "flat"), ("perEvent", "1"), ("zeroAt", "1.5"));
        Assert.Equal("达到几次扣满：“1.5”不是不小于 1 的整数。", errors["zeroAt"]);
        Assert.True(JsonNode.DeepEquals(Doc(), doc));
    }

    [Fact]
    public void The_method_list_follows_the_kind_and_a_method_of_another_kind_is_refused()
    {
        Assert.Equal(["completion", "efficacy", "rank", "leaderRatio", "baseline", "bands", "table", "grade", "manual", "rollup"], IndicatorForms.MethodsFor("base"));
        Assert.Equal(["levels", "points"], IndicatorForms.MethodsFor("bonus"));
        Assert.Equal(["events"], IndicatorForms.MethodsFor("penalty"));

        var (errors, doc) = Add(("kind", "bonus"), ("method", "completion"), ("cap", "1.2"));
        Assert.Equal("计分方法：加分指标只能用 按级别加分、按分值加分。", errors["method"]);
        Assert.True(JsonNode.DeepEquals(Doc(), doc));
    }

    [Fact]
    public void A_field_that_is_no_number_is_named_in_Chinese_and_English_and_the_document_is_unchanged()
    {
        var doc = Doc();
        var values = new Dictionary<string, string> { ["id"] = "x", ["name"] = "新指标", ["weight"] = "70", ["method"] = "completion", ["cap"] = "abc", ["floor"] = "0.6" };
        var zh = InChinese(() => IndicatorForms.Apply(doc, "c", null, values, Text()));
        var en = In("en", () => IndicatorForms.Apply(doc, "c", null, values, Text()));
        Assert.Equal(new Dictionary<string, string> { ["cap"] = "封顶系数：“abc”不是数字。" }, zh);
        Assert.Equal(new Dictionary<string, string> { ["cap"] = "Cap factor: \"abc\" is not a number." }, en);
        Assert.True(JsonNode.DeepEquals(Doc(), doc));
    }

    [Fact]
    public void Full_width_digits_and_thousands_commas_are_numbers()
    {
        var (errors, doc) = Add(("weight", "３０"), ("method", "completion"), ("cap", "１．２"), ("target", "1，000"));
        Assert.Empty(errors);
        Assert.Equal("""{"id":"x","name":"新指标","weight":30,"method":{"type":"completion","cap":1.2,"target":1000}}""", Indicator(doc).ToJsonString(Relaxed));

        Assert.True(FormNumbers.TryNumber("－３．５０", out var d));
        Assert.Equal("-3.5", d.ToString(CultureInfo.InvariantCulture));
        Assert.True(FormNumbers.TryNumber("12,345.5", out d));
        Assert.Equal(12345.5m, d);
        // A comma that does not group thousands is no number: the form does not guess 3.5 or 35.
        var (refused, unchanged) = Add(("weight", "3，5"));
        Assert.Equal("权重：“3，5”不是数字。", refused["weight"]);
        Assert.True(JsonNode.DeepEquals(Doc(), unchanged));
    }

    [Fact]
    public void An_edit_keeps_what_the_form_does_not_show()
    {
        var doc = Doc();
        var first = Indicator(doc, "first");
        first["direction"] = "lower";
        first["method"] = JsonNode.Parse("""{"type":"completion","cap":1.2,"note":"上级文件第 3 条"}""");
        var values = IndicatorForms.Values(first);
        values["cap"] = "1.3";
        values["weight"] = "35";
        Assert.Empty(InChinese(() => IndicatorForms.Apply(doc, "c", "first", values, Text())));
        Assert.Equal("""{"id":"first","name":"甲","weight":35,"method":{"type":"completion","cap":1.3,"note":"上级文件第 3 条"},"direction":"lower"}""", Indicator(doc, "first").ToJsonString(Relaxed));

        // Bands ignore the direction: the form does not show it, and the file keeps it.
        var bands = IndicatorForms.Values(Indicator(doc, "first"));
        bands.Remove("direction");
        bands["method"] = "bands";
        bands["points_0_x"] = "0";
        bands["points_0_s"] = "0";
        bands["points_1_x"] = "100";
        bands["points_1_s"] = "35";
        bands.Remove("shown");
        Assert.Empty(InChinese(() => IndicatorForms.Apply(doc, "c", "first", bands, Text())));
        Assert.Equal("""{"id":"first","name":"甲","weight":35,"method":{"type":"bands","points":[[0,0],[100,35]]},"direction":"lower"}""", Indicator(doc, "first").ToJsonString(Relaxed));
    }

    [Fact]
    public void A_changed_method_drops_the_fields_of_the_method_shown_before()
    {
        var values = IndicatorForms.Tidy(new Dictionary<string, string> { ["id"] = "x", ["method"] = "efficacy", ["shown"] = "completion", ["cap"] = "1.2", ["weight"] = "10" });
        Assert.Equal(new Dictionary<string, string> { ["id"] = "x", ["method"] = "efficacy", ["shown"] = "efficacy", ["weight"] = "10" }, values);
    }

    [Fact]
    public void A_copy_goes_to_the_end_of_the_other_category_under_a_free_id()
    {
        var doc = Doc();
        Indicator(doc, "first")["method"] = JsonNode.Parse("""{"type":"completion","cap":1.2}""");
        doc["categories"]![1]!["indicators"]!.AsArray().Add(JsonNode.Parse("""{"id":"first-2","name":"已有","weight":1,"method":{"type":"manual"}}"""));
        Assert.Equal("first-3", IndicatorForms.FreeId(["first", "first-2", "second"], "first"));

        Assert.Empty(InChinese(() => IndicatorForms.Copy(doc, "c", "first", "d", Text())));
        Assert.Equal("""[{"id":"second","name":"乙","weight":10,"method":{"type":"manual"}},{"id":"first-2","name":"已有","weight":1,"method":{"type":"manual"}},{"id":"first-3","name":"甲","weight":30,"method":{"type":"completion","cap":1.2}}]""",
            doc["categories"]![1]!["indicators"]!.ToJsonString(Relaxed));

        var before = doc.DeepClone();
        Assert.Equal(new Dictionary<string, string> { ["copyTo"] = "复制到类别：“nowhere”不是可选值。" }, InChinese(() => IndicatorForms.Copy(doc, "c", "first", "nowhere", Text())));
        Assert.True(JsonNode.DeepEquals(before, doc));
    }

    [Fact]
    public void Reader_problems_are_mapped_to_the_fields_they_belong_to()
    {
        var doc = Doc();
        var first = Indicator(doc, "first");
        first["method"] = JsonNode.Parse("""{"type":"bands","points":[[60,0],[80,20],[100,90]]}""");
        var second = doc["categories"]![1]!["indicators"]![0]!.AsObject();
        second["method"] = JsonNode.Parse("""{"type":"grade","grades":{"优":1,"差":1.5}}""");
        second["weight"] = -1;
        var problems = SchemeReader.Read(doc.ToJsonString()).Problems;

        var fields = IndicatorForms.FieldProblems(doc, problems);

        Assert.Equal(["points_2_s"], fields["indicator:c:first"].Keys);
        Assert.Equal("分值应在 0 到 30（权重）之间", fields["indicator:c:first"]["points_2_s"].Single().Chinese);
        // 差 (1.5) is the first row: a map is listed by points, highest first (ADR 0051).
        Assert.Equal(["grades_0_value", "weight"], fields["indicator:d:second"].Keys.Order());
        Assert.Equal("应在 0 到 1 之间", fields["indicator:d:second"]["grades_0_value"].Single().Chinese);
        Assert.Equal("分档第 3 行", InChinese(() => IndicatorForms.FieldLabel("bands", "points_2_s", Text())));
    }
}
