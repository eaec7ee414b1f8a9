using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pacesetter.Web.Pages.Schemes;

namespace Pacesetter.Web.Tests.Schemes;

/// <summary>
/// The designer's forms over everything but the indicators (<see cref="CategoryForms"/>), without a host: every field
/// read from the JSON and written back gives the same document, parts left out stay left out, and each edit changes
/// exactly its fields.
/// </summary>
public sealed class CategoryFormsTests : IDisposable
{
    private readonly CultureInfo before = CultureInfo.CurrentUICulture;

    private static readonly IStringLocalizer<SchemesText> Text = new StringLocalizer<SchemesText>(
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance));

    public CategoryFormsTests() => CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");

    public void Dispose() => CultureInfo.CurrentUICulture = before;

    private static readonly Dictionary<string, string> Org = new() { ["T1"] = "城东街道", ["T2"] = "城西街道", ["T3"] = "江海街道", ["D1"] = "经济发展局" };

    /// <summary>A document with every field of a category and of the scheme the forms edit.</summary>
    private static JsonObject Full() => JsonNode.Parse("""
        {
          "name": "2027年第一季度综合考核", "period": "2027-Q1", "coreShareMin": 70,
          "units": { "T1": "城东街道", "T2": "城西街道", "D1": "经济发展局" },
          "categories": [
            { "id": "towns", "name": "镇街", "units": ["T2", "T1"],
              "indicators": [ { "id": "revenue", "name": "收入", "weight": 60, "core": true, "method": { "type": "completion" } },
                              { "id": "safety", "name": "安全", "weight": 40, "method": { "type": "manual" } } ],
              "tieBreak": ["safety", "revenue"],
              "grades": [ { "name": "优秀", "min": 90, "quota": 1 }, { "name": "良好", "min": 80, "quotaShare": 0.25 }, { "name": "一般", "min": 0 } ],
              "labels": { "pacesetter": { "top": 1, "min": 90 }, "winner": { "top": 3, "min": 80.5 }, "yellow": { "bottom": 1, "below": 60 } },
              "flag": { "min": 88 } },
            { "id": "depts", "name": "职能部门", "units": ["D1"],
              "indicators": [ { "id": "duty", "name": "主业", "weight": 100, "core": true, "method": { "type": "manual" } } ] }
          ],
          "previousFlags": { "towns": "T1" }
        }
        """)!.AsObject();

    [Fact]
    public void Every_category_field_read_and_written_back_gives_the_same_document()
    {
        var doc = Full();
        var values = CategoryForms.CategoryValues(CategoryForms.Category(doc, "towns")!);
        Assert.Equal("镇街", values["name"]);
        Assert.Equal("T2\nT1", values["units"]);
        Assert.Equal("safety\nrevenue", values["tieBreak"]);
        Assert.Equal("优秀\t90\t1\t\n良好\t80\t\t0.25\n一般\t0\t\t", values["grades"]);
        Assert.Equal(("1", "90", "3", "80.5", "1", "60", "88"),
            (values["pacesetterTop"], values["pacesetterMin"], values["winnerTop"], values["winnerMin"], values["yellowBottom"], values["yellowBelow"], values["flagMin"]));

        // Written back into a copy whose category has lost every field the form edits.
        var target = Full();
        var towns = CategoryForms.Category(target, "towns")!;
        foreach (var f in new[] { "tieBreak", "grades", "labels", "flag" }) towns.Remove(f);
        towns["name"] = "x";
        towns["units"] = new JsonArray();
        ((JsonObject)target["units"]!).Remove("T1");
        ((JsonObject)target["units"]!).Remove("T2");
        target["previousFlags"] = new JsonObject { ["towns"] = "T1" };
        var errors = CategoryForms.ApplyCategory(target, "towns", values, Org, Text);

        Assert.Empty(errors);
        // The units map gets the names back (in the order of the picks); the rest is as it was.
        var expected = Full();
        expected["units"] = JsonNode.Parse("""{ "D1": "经济发展局", "T2": "城西街道", "T1": "城东街道" }""");
        Assert.True(JsonNode.DeepEquals(expected, target), target.ToJsonString());
    }

    [Fact]
    public void Parts_left_out_stay_left_out()
    {
        var doc = JsonNode.Parse("""{ "name": "n", "period": "2027", "categories": [ { "id": "c", "indicators": [] } ] }""")!.AsObject();
        var values = CategoryForms.CategoryValues(CategoryForms.Category(doc, "c")!);
        Assert.All(values, v => Assert.Equal("", v.Value));
        values["name"] = "类别";

        Assert.Empty(CategoryForms.ApplyCategory(doc, "c", values, Org, Text));

        // No tieBreak, grades, labels, flag or units map appear; units is an empty list.
        Assert.Equal("""{"name":"n","period":"2027","categories":[{"id":"c","indicators":[],"name":"类别","units":[]}]}""", doc.ToJsonString(Relaxed));
        // The scheme form: no coreShareMin, no previousFlags.
        var scheme = CategoryForms.SchemeValues(doc);
        Assert.Equal(new Dictionary<string, string> { ["name"] = "n", ["coreShareMin"] = "", ["previousFlag.c"] = "" }, scheme);
        Assert.Empty(CategoryForms.ApplyScheme(doc, scheme, Text));
        Assert.Equal("""{"name":"n","period":"2027","categories":[{"id":"c","indicators":[],"name":"类别","units":[]}]}""", doc.ToJsonString(Relaxed));
    }

    [Fact]
    public void The_scheme_form_round_trips_name_core_share_and_previous_flags()
    {
        var doc = Full();
        var values = CategoryForms.SchemeValues(doc);
        Assert.Equal(new Dictionary<string, string> { ["name"] = "2027年第一季度综合考核", ["coreShareMin"] = "70", ["previousFlag.towns"] = "T1", ["previousFlag.depts"] = "" }, values);
        var target = Full();
        target.Remove("coreShareMin");
        target.Remove("previousFlags");
        target["name"] = "x";

        Assert.Empty(CategoryForms.ApplyScheme(target, values, Text));

        Assert.Equal(Full()["coreShareMin"]!.ToJsonString(), target["coreShareMin"]!.ToJsonString());
        Assert.Equal("""{"towns":"T1"}""", target["previousFlags"]!.ToJsonString());
        Assert.Equal("2027年第一季度综合考核", target["name"]!.GetValue<string>());

        // A holder who is not in the category, a share above 100, an empty name: named by field, nothing changed.
        var bad = new Dictionary<string, string>(values) { ["coreShareMin"] = "150", ["previousFlag.depts"] = "T1", ["name"] = " " };
        var errors = CategoryForms.ApplyScheme(target, bad, Text);
        Assert.Equal("主责主业权重下限：应在 0 到 100 之间。", errors["coreShareMin"]);
        Assert.Equal("上期流动红旗：单位“T1”不在类别“职能部门”中。", errors["previousFlag.depts"]);
        Assert.Equal("方案名称：须为 1–200 个字符，不能含控制字符。", errors["name"]);
        Assert.True(JsonNode.DeepEquals(Full(), target));
    }

    [Fact]
    public void A_unit_of_another_category_an_unknown_tie_break_and_a_bad_grade_row_are_refused_by_field()
    {
        var doc = Full();
        var values = CategoryForms.CategoryValues(CategoryForms.Category(doc, "towns")!);
        values["units"] = "T1\nD1";
        values["tieBreak"] = "duty";
        values["grades"] = "优秀\t九十\t\t\n\t80\t\t";
        values["winnerTop"] = "1.5";

        var errors = CategoryForms.ApplyCategory(doc, "towns", values, Org, Text);

        Assert.Equal("单位“经济发展局”已在类别“职能部门”中，一个单位只能属于一个类别。", errors["units"]);
        Assert.Equal("同分排序：“duty”不是本类别的指标。", errors["tieBreak"]);
        Assert.Equal("等次第 1 行：最低分：“九十”不是数字。", errors["grades.0"]);
        Assert.Equal("等次第 2 行：等次名称：必填。", errors["grades.1"]);
        Assert.Equal("优胜名额：“1.5”不是非负整数。", errors["winnerTop"]);
        Assert.True(JsonNode.DeepEquals(Full(), doc));
    }

    [Fact]
    public void Units_picked_get_their_names_and_units_dropped_leave_the_map_and_the_flag()
    {
        var doc = Full();
        var values = CategoryForms.CategoryValues(CategoryForms.Category(doc, "towns")!);
        // T1 (last period's flag holder) leaves; T3 joins.
        values["units"] = "T2\nT3";

        Assert.Empty(CategoryForms.ApplyCategory(doc, "towns", values, Org, Text));

        Assert.Equal("""["T2","T3"]""", doc["categories"]![0]!["units"]!.ToJsonString());
        Assert.Equal("""{"T2":"城西街道","D1":"经济发展局","T3":"江海街道"}""", doc["units"]!.ToJsonString(Relaxed));
        Assert.Null(doc["previousFlags"]);
    }

    [Fact]
    public void Categories_are_added_moved_and_removed_with_their_units_and_flag()
    {
        var doc = Full();
        Assert.Empty(CategoryForms.AddCategory(doc, new Dictionary<string, string> { ["id"] = "soe", ["name"] = "国有企业" }, Text));
        Assert.Equal("""{"id":"soe","name":"国有企业","units":[],"indicators":[]}""", doc["categories"]![2]!.ToJsonString(Relaxed));
        var dup = CategoryForms.AddCategory(doc, new Dictionary<string, string> { ["id"] = "towns", ["name"] = "" }, Text);
        Assert.Equal("类别代码：方案中已有编号“towns”。", dup["id"]);
        Assert.Equal("类别名称：须为 1–200 个字符，不能含控制字符。", dup["name"]);
        Assert.Equal("类别代码：只能由字母、数字、下划线和连字符组成，长度 1–64 个字符，如 towns。", CategoryForms.AddCategory(doc, new Dictionary<string, string> { ["id"] = "镇 街", ["name"] = "x" }, Text)["id"]);

        Assert.True(CategoryForms.MoveCategory(doc, "soe", -1));
        Assert.False(CategoryForms.MoveCategory(doc, "towns", -1));
        Assert.Equal(["towns", "soe", "depts"], Ids(doc));
        Assert.True(CategoryForms.MoveCategory(doc, "towns", 1));
        Assert.Equal(["soe", "towns", "depts"], Ids(doc));

        Assert.Equal((2, 2), CategoryForms.Contents(doc, "towns"));
        Assert.True(CategoryForms.RemoveCategory(doc, "towns"));
        Assert.False(CategoryForms.RemoveCategory(doc, "towns"));
        Assert.Equal(["soe", "depts"], Ids(doc));
        Assert.Equal("""{"D1":"经济发展局"}""", doc["units"]!.ToJsonString(Relaxed));
        Assert.Null(doc["previousFlags"]);
    }

    [Fact]
    public void Posted_rows_become_lines_and_wholly_empty_grade_rows_are_dropped()
    {
        var form = new Dictionary<string, string[]>
        {
            ["f_name"] = ["镇街"],
            ["f_units"] = ["T1", " T2 "],
            ["f_tieBreak"] = ["revenue", ""],
            ["f_gradeName"] = ["优秀", "", "一般"],
            ["f_gradeMin"] = ["90", "", "0"],
            ["f_gradeQuota"] = ["1", "", ""],
            ["f_gradeShare"] = ["", "", ""],
        };
        var values = CategoryForms.Posted(f => form.TryGetValue(f, out var v) ? v : []);
        Assert.Equal("镇街", values["name"]);
        Assert.Equal("T1\nT2", values["units"]);
        Assert.Equal("revenue", values["tieBreak"]);
        Assert.Equal("优秀\t90\t1\t\n一般\t0\t\t", values["grades"]);
        Assert.Equal("", values["flagMin"]);
    }

    [Theory]
    [InlineData("2027-Q1", "2027年第一季度综合考核")]
    [InlineData("2027-01", "2027年1月综合考核")]
    [InlineData("2027-12", "2027年12月综合考核")]
    [InlineData("2027-H2", "2027年下半年综合考核")]
    [InlineData("2027", "2027年度综合考核")]
    [InlineData("2027-13", "")]
    public void A_new_period_is_named_in_words(string period, string name) => Assert.Equal(name, SchemeTemplates.DefaultName(period));

    [Fact]
    public void The_template_is_the_demo_scheme_without_units_adjustments_and_flags()
    {
        var template = SchemeTemplates.Start(SchemeTemplates.Demo, "2027-Q1", "新方案")!;
        var demo = Demo.DemoData.Scheme("2027-Q1", new JsonObject());
        Assert.Equal("新方案", template["name"]!.GetValue<string>());
        Assert.Null(template["units"]);
        Assert.Null(template["adjustments"]);
        Assert.Null(template["previousFlags"]);
        Assert.Equal(["towns", "depts", "soe", "invest"], Ids(template));
        Assert.All(template["categories"]!.AsArray(), c => Assert.Empty(c!["units"]!.AsArray()));
        // Everything else is the demo's own: indicators, grades, labels, flags.
        for (int i = 0; i < 4; i++)
        {
            var d = demo["categories"]![i]!.AsObject();
            d["units"] = new JsonArray();
            Assert.True(JsonNode.DeepEquals(d, template["categories"]![i]));
        }
        Assert.Equal("""{"name":"空","period":"2027","categories":[]}""", SchemeTemplates.Start(SchemeTemplates.Empty, "2027", "空")!.ToJsonString(Relaxed));
        Assert.Null(SchemeTemplates.Start("other", "2027", "x"));
    }

    private static string[] Ids(JsonObject doc) => [.. doc["categories"]!.AsArray().Select(c => c!["id"]!.GetValue<string>())];

    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
