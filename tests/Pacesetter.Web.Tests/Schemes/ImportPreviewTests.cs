using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Schemes;
using Pacesetter.Web.Demo;

namespace Pacesetter.Web.Tests.Schemes;

/// <summary>
/// Issue #8, defect 1 (ADR 0013): a scheme file imported into the demo's 2026-Q3 is previewed in words before anything
/// changes, applied only after the admin confirms with a reason, refused when it would give two units one name or
/// leave data the new scheme cannot read, and leaves a period that scores. Defect 5: a copied period is named for
/// itself and carries the flag holders.
/// </summary>
public class ImportPreviewTests
{
    private const string List = "/orgs/demo/schemes";
    private const string Q3 = "/api/orgs/demo/periods/2026-Q3";

    /// <summary>
    /// examples/zone-2026q3.json with the demo's own unit names, except 城东街道 (T1), renamed 城东街道办事处: the same
    /// three categories (towns T1–T5, departments D1–D4, investment teams I1–I4) with fewer indicators than the demo's.
    /// </summary>
    private static JsonObject DemoFile()
    {
        var file = SchemeTestSupport.ExampleJson();
        var units = new JsonObject { ["T1"] = "城东街道办事处" };
        foreach (var code in new[] { "T2", "T3", "T4", "T5", "D1", "D2", "D3", "D4", "I1", "I2", "I3", "I4" })
        {
            units[code] = DemoData.Categories.SelectMany(c => c.Units).Single(u => u.Code == code).Name;
        }
        file["units"] = units;
        return file;
    }

    /// <summary>
    /// What the demo file removes from the demo's 2026-Q3 (DemoData.Figures): every datum of the units it no longer has
    /// — T6–T8 (6 + 6 + 5 + honors/cards), D5–D8, the six state companies, I5 and I6 — and of the indicators it drops
    /// from the units it keeps: fixedInvest of T1–T5, reform and innovation of D1–D4, landed and foreign of I1–I4.
    /// </summary>
    private static int DemoRemoved()
    {
        var file = DemoFile();
        var kept = file["categories"]!.AsArray().SelectMany(c => c!["units"]!.AsArray().Select(u => (Unit: u!.GetValue<string>(), Indicators: c["indicators"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToHashSet())))
            .ToDictionary(p => p.Unit, p => p.Indicators);
        return DemoData.Figures("2026-Q3").Count(d => !kept.TryGetValue(d.Unit, out var inds) || !inds.Contains(d.Indicator));
    }

    private static async Task<(TestApp App, HttpClient Page, HttpClient Api)> Demo(string provider)
    {
        var app = new TestApp(provider, demo: true);
        await using var db = app.NewDb();
        var org = await db.Organizations.SingleAsync(o => o.Slug == "demo");
        var admin = await db.Users.SingleAsync(u => u.UserName == "admin");
        var api = app.Api(await app.Token(org.Id, admin.Id));
        // The demo's 2026-Q3 is published (issue #9): an import into it needs a correction opened first.
        var correction = await api.PostAsJsonAsync(Q3 + "/corrections", new { reason = "导入新方案前的更正" });
        Assert.Equal(HttpStatusCode.Created, correction.StatusCode);
        return (app, await app.SignedIn("admin", DemoData.Password), api);
    }

    private static async Task<string> State(TestApp app)
    {
        await using var db = app.NewDb();
        var units = string.Join(",", (await db.Units.OrderBy(u => u.Code).ToListAsync()).Select(u => $"{u.Code}:{u.Name}:{u.CategoryId}:{u.Version}"));
        var data = string.Join(",", (await db.DatumEntries.Where(d => d.Period == "2026-Q3").OrderBy(d => d.Id).ToListAsync()).Select(d => $"{d.Id}:{d.Version}"));
        return $"{await db.SchemeVersions.CountAsync()}|{units}|{data}|{await db.AuditEntries.CountAsync()}";
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_zone_file_is_refused_in_the_demo_because_two_units_would_share_a_name_and_the_period_still_scores(string provider)
    {
        var (app, page, api) = await Demo(provider);
        using var _ = app;
        var before = await State(app);
        var results = await api.GetStringAsync(Q3 + "/results");

        // The API's preview, the API's import and the page give the same refusal, naming both units of each pair.
        var preview = await api.PostAsync(Q3 + "/scheme/preview", new ByteArrayContent(SchemeTestSupport.Example()));
        var put = await api.PutScheme("demo", "2026-Q3", SchemeTestSupport.Example());
        var html = await ImportPage.UploadAsync(page, List, SchemeTestSupport.Example());

        Assert.Equal(HttpStatusCode.BadRequest, preview.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        string[] expected =
        [
            "$.units.T4: “城北街道”(T4) 将改名为“新港镇”，与“新港镇”(T6)重名：同一组织的两个单位不能同名",
            "$.units.T5: “江海街道”(T5) 将改名为“北湖镇”，与“北湖镇”(T7)重名：同一组织的两个单位不能同名",
        ];
        foreach (var response in new[] { preview, put })
        {
            var problems = Json(await response.Content.ReadAsStringAsync()).GetProperty("problems").EnumerateArray()
                .Select(p => $"{p.GetProperty("path").GetString()}: {p.GetProperty("message").GetString()}");
            Assert.Equal(expected, problems);
        }
        Assert.Contains("zone.json 有 2 个问题，未导入任何内容", html);
        Assert.Contains("<code class=\"problem-path\">$.units.T4</code>: <span class=\"problem-message\">“城北街道”(T4) 将改名为“新港镇”，与“新港镇”(T6)重名：同一组织的两个单位不能同名</span>", html);
        Assert.DoesNotContain("id=\"import-preview\"", html);
        // Nothing changed: the period scores as before (200, the same result).
        Assert.Equal(before, await State(app));
        Assert.Equal(results, await api.GetStringAsync(Q3 + "/results"));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_page_previews_the_import_in_words_and_applies_it_after_the_confirm_leaving_a_period_that_scores(string provider)
    {
        var (app, page, api) = await Demo(provider);
        using var _ = app;
        var before = await State(app);
        int removed = DemoRemoved();

        var html = await ImportPage.UploadAsync(page, List, DemoFile().Utf8());

        // Nothing changed yet; the preview says what will.
        Assert.Equal(before, await State(app));
        Assert.Contains("导入预览：zone.json", html);
        Assert.Contains("“示范开发区2026年第三季度综合考核”（2026-Q3）：当前第 1 版，导入后成为第 2 版。", html);
        Assert.Contains("将更名的单位（1 个）", html);
        Assert.Contains("<li>“城东街道”→“城东街道办事处” <small class=\"text-body-secondary\">T1</small></li>", html);
        // The file's 54 values: 5 the demo has not stored (added), 44 stored with another value (changed), 5 the same.
        Assert.Contains($"数据：新增 5 项，修改 44 项，删除 {removed} 项。", html);
        Assert.Contains("本期方案不再包含的类别", html);
        Assert.Contains("<p id=\"preview-categories-dropped\">国有企业</p>", html);
        Assert.Contains("<li>镇街 · 固定资产投资完成额 <small class=\"text-body-secondary\">fixedInvest</small>：删除其本期数据 8 项</li>", html);
        Assert.Contains("<li>临江镇 <small class=\"text-body-secondary\">T8</small>：删除其本期数据 ", html);
        Assert.Contains("确认导入（成为第 2 版）", html);

        var done = await ImportPage.ConfirmAsync(page, List, html, "按新方案重新导入三季度数据");

        Assert.Contains($"已导入 2026-Q3 第 2 版：新建单位 0 个，更名 1 个，导入数据 49 项，删除数据 {removed} 项。", done);
        // The period scores: published again under the correction, its revision 2 is what the command computes from the
        // stored file (less the publication's revision number and rank changes).
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync(Q3 + "/publish", new { reason = "更正后重新发布", allowIncomplete = true })).StatusCode);
        var results = await api.GetAsync(Q3 + "/results");
        Assert.Equal(HttpStatusCode.OK, results.StatusCode);
        // The file scored is the stored input: the imported file's data, with 2026-Q2's published flag holders as its
        // previous flags (ADR 0018), not the file's own.
        var scheme = await api.GetStringAsync(Q3 + "/revisions/2/input");
        var stored = JsonNode.Parse(await results.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(2, stored["revision"]!.GetValue<int>());
        stored.Remove("revision");
        foreach (var row in stored["categories"]!.AsArray().SelectMany(c => c!["results"]!.AsArray())) row!.AsObject().Remove("change");
        SchemeTestSupport.AssertSameJson(SchemeTestSupport.Score(scheme), Json(stored.ToJsonString()));
        Assert.Equal([5, 4, 4], Json(await results.Content.ReadAsStringAsync()).GetProperty("categories").EnumerateArray().Select(c => c.GetProperty("results").GetArrayLength()));
        await using var db = app.NewDb();
        Assert.Equal("城东街道办事处", (await db.Units.SingleAsync(u => u.Code == "T1")).Name);
        Assert.Equal(0, await db.DatumEntries.CountAsync(d => d.Period == "2026-Q3" && (d.UnitCode == "T6" || d.UnitCode.StartsWith("S") || d.IndicatorId == "fixedInvest")));
        // Audited: the removal of T6's data is in its datum.import row (after: every indicator null), with the reason given.
        var t6 = await db.AuditEntries.SingleAsync(a => a.Kind == "datum.import" && a.Key == "2026-Q3/T6" && a.Reason == "导入");
        Assert.True(JsonNode.Parse(t6.After!)!.AsObject().All(p => p.Value is null));
        Assert.Equal(DemoData.Figures("2026-Q3").Count(d => d.Unit == "T6"), JsonNode.Parse(t6.After!)!.AsObject().Count);
        Assert.Equal("按新方案重新导入三季度数据", (await db.SchemeVersions.SingleAsync(v => v.Period == "2026-Q3" && v.Version == 2)).Reason);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_change_between_preview_and_confirm_refuses_the_confirm_and_shows_the_new_preview(string provider)
    {
        var (app, page, api) = await Demo(provider);
        using var _ = app;
        var html = await ImportPage.UploadAsync(page, List, DemoFile().Utf8());
        var (_, token) = ImportPage.Plan(html);

        // Meanwhile someone renames 临江镇 (T8), a unit the file does not have.
        var rename = await api.PutAsJsonAsync("/api/orgs/demo/units/T8", new { name = "临江镇（新区）", category = "towns" });
        Assert.Equal(HttpStatusCode.OK, rename.StatusCode);
        var state = await State(app);

        var refused = await ImportPage.ConfirmAsync(page, List, html, "确认导入");

        Assert.Equal(state, await State(app));
        Assert.Contains("预览之后，本考核期或组织的单位已有变动，未导入。", refused);
        Assert.Contains("<li>临江镇（新区） <small class=\"text-body-secondary\">T8</small>：删除其本期数据 ", refused);
        var (_, newToken) = ImportPage.Plan(refused);
        Assert.NotEqual(token, newToken);

        var done = await ImportPage.ConfirmAsync(page, List, refused, "确认导入");
        Assert.Contains("已导入 2026-Q3 第 2 版", done);
        // The kept upload is gone once imported: confirming it again is refused in words.
        Assert.Contains("导入预览已过期或已处理", await ImportPage.ConfirmAsync(page, List, refused, "再次确认"));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_api_previews_without_writing_and_applies_the_plan_it_named(string provider)
    {
        var (app, _, api) = await Demo(provider);
        using var _ = app;
        var before = await State(app);
        int removed = DemoRemoved();

        var response = await api.PostAsync(Q3 + "/scheme/preview", new ByteArrayContent(DemoFile().Utf8()));
        var withValues = Json(await (await api.PostAsync(Q3 + "/scheme/preview?values=true", new ByteArrayContent(DemoFile().Utf8()))).Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before, await State(app));
        var preview = Json(await response.Content.ReadAsStringAsync());
        Assert.Equal((1, 2), (preview.GetProperty("currentVersion").GetInt32(), preview.GetProperty("newVersion").GetInt32()));
        Assert.Equal("""[{"code":"T1","before":"城东街道","after":"城东街道办事处"}]""", preview.GetProperty("unitsRenamed").GetRawText());
        Assert.Equal((5, 44, removed), (preview.GetProperty("valuesAdded").GetInt32(), preview.GetProperty("valuesChanged").GetInt32(), preview.GetProperty("valuesRemoved").GetInt32()));
        Assert.Equal(JsonValueKind.Null, preview.GetProperty("data")[0].GetProperty("values").ValueKind);
        // With ?values=true: T1's revenue, stored by the demo and replaced by the file's {"value":12.6,"target":11}.
        var t1 = withValues.GetProperty("data").EnumerateArray().Single(d => d.GetProperty("code").GetString() == "T1");
        var revenue = t1.GetProperty("values").EnumerateArray().Single(v => v.GetProperty("indicator").GetString() == "revenue");
        Assert.Equal(("一般公共预算收入", """{"value":12.6,"target":11}"""), (revenue.GetProperty("indicatorName").GetString(), revenue.GetProperty("after").GetString()));
        var token = preview.GetProperty("token").GetString()!;

        var stale = await api.PutAsync(Q3 + "/scheme?plan=0123456789abcdef0123456789abcdef", Content(DemoFile()));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(before, await State(app));
        var put = await api.PutAsync(Q3 + "/scheme?plan=" + token, Content(DemoFile()));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal($$"""{"imported":49,"removed":{{removed}}}""", Json(await put.Content.ReadAsStringAsync()).GetProperty("data").GetRawText());
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync(Q3 + "/results")).StatusCode);
    }

    private static ByteArrayContent Content(JsonObject file)
    {
        var content = new ByteArrayContent(file.Utf8());
        content.Headers.ContentType = new("application/json");
        return content;
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task An_import_that_would_leave_unreadable_data_or_move_a_unit_with_data_is_refused(string provider)
    {
        var (app, page, api) = await Demo(provider);
        using var _ = app;
        var before = await State(app);
        var file = DemoFile();
        // land becomes a grade (优/良…): 城南街道's stored 2026-Q3 land, a number the file does not replace, cannot be read.
        file["categories"]![0]!["indicators"]![3]!["method"] = new JsonObject { ["type"] = "grade", ["grades"] = new JsonObject { ["优"] = 1, ["良"] = 0.8 } };
        file["data"]!["T1"]!["land"] = "优";
        file["data"]!["T2"]!["land"] = "良";
        file["data"]!["T4"]!["land"] = "良";
        file["data"]!["T5"]!["land"] = "良";
        // 招商四局… I4 listed among the departments: it has 2026-Q3 data as an investment team.
        file["categories"]![2]!["units"]!.AsArray().RemoveAt(3);
        file["categories"]![1]!["units"]!.AsArray().Add("I4");
        file["data"]!.AsObject().Remove("I4");

        var response = await api.PostAsync(Q3 + "/scheme/preview", new ByteArrayContent(file.Utf8()));
        var put = await api.PutScheme("demo", "2026-Q3", file.Utf8());
        var html = await ImportPage.UploadAsync(page, List, file.Utf8());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        var problems = Json(await response.Content.ReadAsStringAsync()).GetProperty("problems").EnumerateArray()
            .Select(p => $"{p.GetProperty("path").GetString()}: {p.GetProperty("message").GetString()}").ToList();
        Assert.Equal(
        [
            "$.categories[1].units[4]: “驻沪招商分队”(I4) 在 2026-Q3 已有数据，导入不能把它从“招商赛马”移到“职能部门”；请在“单位”页移动，或在文件中把它留在“招商赛马”",
            "$.data.T3.land: “城南街道”(T3) 已存的“腾出净地(亩)”数据（文件未替换）不符合新方案：应为评议等次（字符串）",
        ], problems);
        Assert.Contains("有 2 个问题，未导入任何内容", html);
        Assert.Equal(before, await State(app));
    }

    [Fact]
    public void Period_names_follow_the_target_period()
    {
        Assert.Equal("示范开发区2027年1月综合考核", PeriodNames.Rename("示范开发区2026年12月综合考核", "2026-12", "2027-01"));
        Assert.Equal("示范开发区2026年第四季度综合考核", PeriodNames.Rename("示范开发区2026年第三季度综合考核", "2026-Q3", "2026-Q4"));
        // The year and the quarter apart: each replaced.
        Assert.Equal("2027年度第一季度考核", PeriodNames.Rename("2026年度第四季度考核", "2026-Q4", "2027-Q1"));
        Assert.Equal("综合考核（2027年1月）", PeriodNames.Rename("综合考核", "2026-12", "2027-01"));
        Assert.Equal("示范开发区2026年下半年考核", PeriodNames.Rename("示范开发区2026年上半年考核", "2026-H1", "2026-H2"));
        Assert.Equal(["2027-01", "2026-Q4", "2027-Q1", "2026-H2", "2027"], new[] { "2026-12", "2026-Q3", "2026-Q4", "2026-H1", "2026" }.Select(p => PeriodNames.Next(p)));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Copying_a_demo_period_names_it_for_the_new_period_and_carries_its_flag_holders(string provider)
    {
        var (app, page, _) = await Demo(provider);
        using var _ = app;

        // The form starts from the newest period, 2026-12, to 2027-01, named for it.
        var form = System.Net.WebUtility.HtmlDecode(await page.GetStringAsync(List));
        Assert.Contains("<input class=\"form-control\" id=\"Target\" name=\"Target\" value=\"2027-01\"", form);
        Assert.Contains("id=\"CopyName\" name=\"Name\" value=\"示范开发区2027年1月综合考核\"", form);
        // The import's file picker states its limit (Limits:SchemeFileBytes, 64 MB by default).
        Assert.Contains("JSON 格式的方案文件（与本页“导出”的文件格式相同），不超过 64 MB。", form);

        // October's flag holders (the demo carried them into November's previousFlags) go to the copy of October.
        var response = await page.PostAsync(List + "?handler=Copy", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = TestApp.AntiforgeryToken(form),
            ["Source"] = "2026-10",
            ["Target"] = "2027-10",
            ["Name"] = "",
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var db = app.NewDb();
        var copy = JsonNode.Parse((await db.SchemeVersions.SingleAsync(v => v.Period == "2027-10")).Document)!;
        Assert.Equal("示范开发区2027年10月综合考核", copy["name"]!.GetValue<string>());
        // The departments have no holder in October's result: left out.
        Assert.Equal("invest:I2,soe:S2,towns:T5", Flags(copy));
        Assert.Equal(Flags(JsonNode.Parse((await db.SchemeVersions.SingleAsync(v => v.Period == "2026-11")).Document)!), Flags(copy));
    }

    /// <summary>previousFlags as category:holder in ordinal order (PostgreSQL's jsonb keeps its own order of keys).</summary>
    internal static string Flags(JsonNode document) =>
        string.Join(",", document["previousFlags"]!.AsObject().Select(p => $"{p.Key}:{p.Value!.GetValue<string>()}").Order(StringComparer.Ordinal));
}
