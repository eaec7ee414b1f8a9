using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Accounts;

namespace Pacesetter.Web.Tests.Schemes;

/// <summary>The editor's forms: each edit is applied to the posted JSON and answered with the panel; nothing is saved until the save.</summary>
public partial class SchemeFormEditTests
{
    private const string Editor = "/orgs/zone/periods/2026-Q3/scheme";

    private sealed record Zone(TestApp App, int Org, HttpClient Admin, string Page) : IDisposable
    {
        public void Dispose() => App.Dispose();
    }

    private static async Task<Zone> ZoneWithExample()
    {
        var app = new TestApp("Sqlite");
        var org = await app.Organization("zone");
        await app.User(org, "zone-admin", OrgRole.Admin);
        var api = await app.ApiAs(org, "zone-admin2", OrgRole.Admin);
        Assert.Equal(HttpStatusCode.OK, (await api.PutScheme("zone", "2026-Q3", SchemeTestSupport.Example())).StatusCode);
        var admin = await app.SignedIn("zone-admin", SchemeTestSupport.Password);
        return new Zone(app, org, admin, await admin.GetStringAsync(Editor));
    }

    private static async Task<string> StoredDocument(TestApp app)
    {
        await using var db = app.NewDb();
        return (await db.SchemeVersions.OrderByDescending(v => v.Version).FirstAsync()).Document;
    }

    /// <summary>Posts a form edit with the document text; returns the status and the decoded panel.</summary>
    private static async Task<(HttpStatusCode Status, string Html)> Apply(HttpClient client, string page, string query, string document, params (string Field, string Value)[] fields)
    {
        // Repeated fields (units, tie-breaks, grade cells) are posted in order, as the page posts them.
        var form = new List<KeyValuePair<string, string>> { new("Text", document), new("BaseVersion", "1"), new("__RequestVerificationToken", TestApp.AntiforgeryToken(page)) };
        foreach (var (field, value) in fields) form.Add(new("f_" + field, value));
        var response = await client.PostAsync(Editor + "?handler=" + query, new FormUrlEncodedContent(form));
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>The unit fields of the category at <paramref name="index"/> as the unit picker posts them (its units ticked).</summary>
    private static (string, string)[] Units(JsonObject doc, int index) =>
        [.. doc["categories"]![index]!["units"]!.AsArray().Select(u => ("units", u!.GetValue<string>()))];

    private static JsonObject Textarea(string html) =>
        JsonNode.Parse(TextareaRegex().Match(html).Groups[1].Value)!.AsObject();

    [GeneratedRegex("<textarea[^>]*id=\"Text\"[^>]*>(.*?)</textarea>", RegexOptions.Singleline)]
    private static partial Regex TextareaRegex();

    private static (string, string)[] IndustryFields(string weight, string cap = "1.2") =>
        [("id", "industry"), ("name", "规上工业增加值增速"), ("kind", "base"), ("weight", weight), ("measure", "growth"), ("method", "completion"), ("cap", cap), ("floor", "0.6")];

    private static JsonObject Industry(JsonObject doc) =>
        doc["categories"]![0]!["indicators"]!.AsArray().OfType<JsonObject>().Single(i => i["id"]!.GetValue<string>() == "industry");

    [Fact]
    public async Task Applying_an_indicator_edit_changes_only_that_indicator_and_the_weight_summary()
    {
        using var zone = await ZoneWithExample();
        var before = JsonNode.Parse(await StoredDocument(zone.App))!.AsObject();
        var industry = Industry(before);
        var type = industry["method"]!["type"]!.GetValue<string>();
        (string, string)[] fields = [("id", "industry"), ("name", industry["name"]!.GetValue<string>()), ("kind", "base"), ("weight", "30"), ("measure", "growth"), ("method", type)];
        if (industry["core"] is not null) fields = [.. fields, ("core", "true")];

        var (status, html) = await Apply(zone.Admin, zone.Page, "ApplyIndicator&category=towns&indicator=industry", before.ToJsonString(), fields);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("<div class=\"row g-3\" id=\"panel\">", html.TrimStart());
        var after = Textarea(html);
        var expected = before.DeepClone().AsObject();
        Industry(expected)["weight"] = 30;
        Assert.True(JsonNode.DeepEquals(expected, after), Industry(after).ToJsonString() + " vs " + Industry(expected).ToJsonString());
        Assert.Equal(30, Industry(after)["weight"]!.GetValue<int>());
        // Σ base weights of the towns: 30 + 30 + 20 + 10 + 15
        Assert.Contains("<tr data-category=\"towns\">", html);
        Assert.Contains("<td class=\"text-end sum-base\">105</td>", html);
        Assert.Equal(1, await zone.App.NewDb().SchemeVersions.CountAsync());
    }

    [Fact]
    public async Task The_form_offers_and_applies_the_engines_rollup_method()
    {
        using var zone = await ZoneWithExample();
        var before = JsonNode.Parse(await StoredDocument(zone.App))!.AsObject();
        // The method list is the engine's own (MethodTypes), so the roll-up method of scoring.md §9 is offered.
        Assert.Contains("<option value=\"rollup\">汇总折算</option>", WebUtility.HtmlDecode(zone.Page));

        var (status, html) = await Apply(zone.Admin, zone.Page, "ApplyIndicator&category=towns&indicator=industry", before.ToJsonString(),
            ("id", "industry"), ("name", "规上工业增加值增速"), ("kind", "base"), ("weight", "20"), ("measure", "value"), ("method", "rollup"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("field-error", html);
        Assert.Equal("""{"type":"rollup"}""", Industry(Textarea(html))["method"]!.ToJsonString());
    }

    [Fact]
    public async Task A_weight_that_is_no_number_is_named_next_to_the_field_and_leaves_the_document_unchanged()
    {
        using var zone = await ZoneWithExample();
        var before = JsonNode.Parse(await StoredDocument(zone.App))!.AsObject();

        var (status, html) = await Apply(zone.Admin, zone.Page, "ApplyIndicator&category=towns&indicator=industry", before.ToJsonString(), IndustryFields("三十"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<div class=\"invalid-feedback field-error\" data-field=\"weight\">权重：“三十”不是数字。</div>", html);
        Assert.Contains("value=\"三十\"", html);
        Assert.True(JsonNode.DeepEquals(before, Textarea(html)));
        Assert.Contains("<td class=\"text-end sum-base\">100</td>", html);

        var (_, badCap) = await Apply(zone.Admin, zone.Page, "ApplyIndicator&category=towns&indicator=industry", before.ToJsonString(), IndustryFields("30", "一点二"));
        Assert.Contains("data-field=\"cap\">封顶系数：“一点二”不是数字。</div>", badCap);
        Assert.True(JsonNode.DeepEquals(before, Textarea(badCap)));
    }

    [Fact]
    public async Task The_field_message_is_in_english_for_english_readers()
    {
        using var zone = await ZoneWithExample();
        await zone.Admin.GetAsync("/culture/en");
        var page = await zone.Admin.GetStringAsync(Editor);

        var (_, html) = await Apply(zone.Admin, page, "ApplyIndicator&category=towns&indicator=industry", await StoredDocument(zone.App), IndustryFields("x"));

        Assert.Contains("data-field=\"weight\">Weight: \"x\" is not a number.</div>", html);
    }

    [Fact]
    public async Task Adding_and_removing_an_indicator_changes_the_category_list()
    {
        using var zone = await ZoneWithExample();
        var before = JsonNode.Parse(await StoredDocument(zone.App))!.AsObject();

        var (_, added) = await Apply(zone.Admin, zone.Page, "ApplyIndicator&category=invest", before.ToJsonString(),
            ("id", "talent"), ("name", "引进人才"), ("kind", "bonus"), ("weight", "2"), ("method", "points"));

        var doc = Textarea(added);
        var invest = doc["categories"]![2]!["indicators"]!.AsArray();
        Assert.Equal(["signed", "started", "visits", "talent"], invest.Select(i => i!["id"]!.GetValue<string>()));
        Assert.Equal("{\"id\":\"talent\",\"name\":\"引进人才\",\"kind\":\"bonus\",\"weight\":2,\"method\":{\"type\":\"points\"}}",
            invest[3]!.ToJsonString(new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Assert.Contains("<tr data-indicator=\"talent\">", added);

        var (_, duplicate) = await Apply(zone.Admin, zone.Page, "ApplyIndicator&category=invest", doc.ToJsonString(), ("id", "revenue"), ("name", "重复"), ("weight", "1"));
        Assert.Contains("data-field=\"id\">编号：方案中已有编号“revenue”。</div>", duplicate);
        Assert.True(JsonNode.DeepEquals(doc, Textarea(duplicate)));

        var (_, removed) = await Apply(zone.Admin, zone.Page, "RemoveIndicator&category=invest&indicator=talent", doc.ToJsonString());
        Assert.True(JsonNode.DeepEquals(before, Textarea(removed)));
        Assert.DoesNotContain("data-indicator=\"talent\"", removed);
    }

    [Fact]
    public async Task Editing_the_grades_and_labels_of_a_category_rewrites_them_and_then_saves_as_a_new_version()
    {
        using var zone = await ZoneWithExample();
        var before = JsonNode.Parse(await StoredDocument(zone.App))!.AsObject();

        var (_, html) = await Apply(zone.Admin, zone.Page, "ApplyCategory&category=depts", before.ToJsonString(),
            [.. Units(before, 1), ("name", "部门"), ("tieBreak", "duty"), ("tieBreak", "service"),
            ("gradeName", "优秀"), ("gradeMin", "92"), ("gradeQuota", ""), ("gradeShare", "0.2"),
            ("gradeName", "良好"), ("gradeMin", "80"), ("gradeQuota", "3"), ("gradeShare", ""),
            ("gradeName", "一般"), ("gradeMin", "0"), ("gradeQuota", ""), ("gradeShare", ""),
            ("pacesetterTop", "1"), ("pacesetterMin", "92"), ("winnerTop", "2"), ("winnerMin", "85"), ("yellowBottom", "1"), ("yellowBelow", ""), ("flagMin", "95")]);

        var doc = Textarea(html);
        var depts = doc["categories"]![1]!.AsObject();
        var relaxed = new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        Assert.Equal("部门", depts["name"]!.GetValue<string>());
        Assert.Equal("[\"duty\",\"service\"]", depts["tieBreak"]!.ToJsonString());
        Assert.Equal("[{\"name\":\"优秀\",\"min\":92,\"quotaShare\":0.2},{\"name\":\"良好\",\"min\":80,\"quota\":3},{\"name\":\"一般\",\"min\":0}]", depts["grades"]!.ToJsonString(relaxed));
        Assert.Equal("{\"pacesetter\":{\"top\":1,\"min\":92},\"yellow\":{\"bottom\":1},\"winner\":{\"top\":2,\"min\":85}}", depts["labels"]!.ToJsonString());
        Assert.Equal("{\"min\":95}", depts["flag"]!.ToJsonString());
        Assert.Contains("<div class=\"alert alert-success py-2\" role=\"status\" id=\"check-ok\">方案有效。</div>", html);
        // The other categories are as they were.
        Assert.True(JsonNode.DeepEquals(before["categories"]![0], doc["categories"]![0]));
        Assert.True(JsonNode.DeepEquals(before["categories"]![2], doc["categories"]![2]));

        var (_, bad) = await Apply(zone.Admin, zone.Page, "ApplyCategory&category=depts", before.ToJsonString(), [.. Units(before, 1), ("name", "部门"), ("gradeName", "优秀"), ("gradeMin", "九十"), ("winnerTop", "1.5")]);
        Assert.Contains("data-field=\"grades.0\">等次第 1 行：最低分：“九十”不是数字。</div>", bad);
        Assert.Contains("data-field=\"winnerTop\">优胜名额：“1.5”不是非负整数。</div>", bad);
        Assert.True(JsonNode.DeepEquals(before, Textarea(bad)));

        // The existing save stores the applied document as version 2.
        var save = await zone.Admin.PostAsync(Editor + "?handler=Save", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Text"] = doc.ToJsonString(),
            ["Reason"] = "调整部门等次",
            ["BaseVersion"] = "1",
            ["__RequestVerificationToken"] = TestApp.AntiforgeryToken(zone.Page),
        }));
        Assert.Equal(HttpStatusCode.Redirect, save.StatusCode);
        await using var db = zone.App.NewDb();
        var saved = await db.SchemeVersions.SingleAsync(v => v.Version == 2);
        var stored = JsonNode.Parse(saved.Document)!;
        Assert.Equal("[{\"name\":\"优秀\",\"min\":92,\"quotaShare\":0.2},{\"name\":\"良好\",\"min\":80,\"quota\":3},{\"name\":\"一般\",\"min\":0}]", stored["categories"]![1]!["grades"]!.ToJsonString(relaxed));
        Assert.Equal("{\"min\":95}", stored["categories"]![1]!["flag"]!.ToJsonString());
    }

    [Fact]
    public async Task Leaders_see_no_edit_controls_and_cannot_apply_edits()
    {
        using var zone = await ZoneWithExample();
        Assert.Contains("indicator-form", zone.Page);
        Assert.Contains("category-form", zone.Page);
        await zone.App.User(zone.Org, "zone-leader", OrgRole.Leader);
        var leader = await zone.App.SignedIn("zone-leader", SchemeTestSupport.Password);
        var page = await leader.GetStringAsync(Editor);
        Assert.DoesNotContain("indicator-form", page);
        Assert.DoesNotContain("category-form", page);
        Assert.DoesNotContain("handler=RemoveIndicator", page);

        var document = await StoredDocument(zone.App);
        foreach (var query in new[] { "ApplyIndicator&category=towns&indicator=industry", "ApplyCategory&category=towns", "RemoveIndicator&category=towns&indicator=industry" })
        {
            var response = await leader.PostAsync(Editor + "?handler=" + query, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Text"] = document,
                ["f_weight"] = "30",
                ["__RequestVerificationToken"] = TestApp.AntiforgeryToken(page),
            }));
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{query}: {response.StatusCode} {response.Headers.Location}");
        }
    }
}
