using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Accounts;

namespace Pacesetter.Web.Tests.Schemes;

/// <summary>The schemes list, copy, import, export and the editor, signed in through the login page.</summary>
public class SchemePagesTests
{
    private const string Editor = "/orgs/zone/periods/2026-Q3/scheme";
    private const string List = "/orgs/zone/schemes";
    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private sealed record Zone(TestApp App, int Org, HttpClient Admin, HttpClient Api) : IDisposable
    {
        public void Dispose() => App.Dispose();
    }

    /// <summary>The zone with the example imported, its admin signed in, and an API client of a second admin.</summary>
    private static async Task<Zone> ZoneWithExample(string provider, bool import = true)
    {
        var app = new TestApp(provider);
        var org = await app.Organization("zone");
        await app.User(org, "zone-admin", OrgRole.Admin);
        var api = await app.ApiAs(org, "zone-admin2", OrgRole.Admin);
        if (import) Assert.Equal(HttpStatusCode.OK, (await api.PutScheme("zone", "2026-Q3", SchemeTestSupport.Example())).StatusCode);
        return new Zone(app, org, await app.SignedIn("zone-admin", SchemeTestSupport.Password), api);
    }

    private static async Task<HttpResponseMessage> Post(HttpClient client, string page, string url, Dictionary<string, string> form)
    {
        var html = await client.GetStringAsync(page);
        form["__RequestVerificationToken"] = TestApp.AntiforgeryToken(html);
        return await client.PostAsync(url, new FormUrlEncodedContent(form));
    }

    private static async Task<string> StoredDocument(TestApp app, string period = "2026-Q3")
    {
        await using var db = app.NewDb();
        return (await db.SchemeVersions.Where(v => v.Period == period).OrderByDescending(v => v.Version).FirstAsync()).Document;
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_editor_shows_the_structure_and_the_core_share_of_each_category(string provider)
    {
        using var zone = await ZoneWithExample(provider);

        var html = await zone.Admin.GetStringAsync(Editor);

        Assert.Contains("方案有效。", html);
        Assert.Contains("一般公共预算收入", html);
        Assert.Contains("目标完成率", html);
        // The method's parameters in words, not as JSON (issue 8 §2).
        Assert.Contains("<td class=\"method-parameters\">封顶系数 1.2 · 保底系数 0.6</td>", System.Net.WebUtility.HtmlDecode(html));
        Assert.DoesNotContain("{\"cap\":1.2,\"floor\":0.6}", System.Net.WebUtility.HtmlDecode(html));
        Assert.Contains("<td class=\"text-end core-share \">75.00%</td>", html);
        Assert.Contains("<td class=\"text-end core-share \">70.00%</td>", html);
        Assert.Contains("<td class=\"text-end core-share \">80.00%</td>", html);
        Assert.Contains("保存新版本", html);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Live_validation_lists_the_problems_of_a_bad_document_with_their_paths(string provider)
    {
        using var zone = await ZoneWithExample(provider);
        var doc = JsonNode.Parse(await StoredDocument(zone.App))!.AsObject();
        doc["categories"]![0]!["indicators"]![0]!["weight"] = 10;
        doc["categories"]![0]!["indicators"]![0]!["method"]!["cap"] = 0.5m;

        var response = await Post(zone.Admin, Editor, Editor + "?handler=Validate", new() { ["Text"] = doc.ToJsonString(Relaxed) });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("<div id=\"check\">", html.TrimStart());
        Assert.Contains("发现 2 个问题", html);
        Assert.Contains("<code class=\"problem-path\">$.categories[0].indicators[0].method.cap</code>: <span class=\"problem-message\">不得小于 1</span>", html);
        // Issue #8 defect 7: the bad cap is the root problem; the indicator still counts in the core share (55 of 80,
        // as the summary says) and stays known to the tie break, and its floor is not compared with the bad cap.
        Assert.DoesNotContain("method.floor", html);
        Assert.Contains("<code class=\"problem-path\">$.categories[0].indicators</code>: <span class=\"problem-message\">主责主业指标权重 55 占基本分指标权重 80 的 68.75%，低于方案要求的 70%（coreShareMin）</span>", html);
        Assert.DoesNotContain("problem-path\">$.categories[0].tieBreak", html);
        // The summary reads the document as written: Σ base weights 80, core share 68.8 %, in red
        Assert.Contains("<td class=\"text-end sum-base\">80</td>", html);
        Assert.Contains("<td class=\"text-end core-share text-danger fw-semibold\">68.75%</td>", html);
    }

    [Fact]
    public async Task Live_validation_checks_the_document_with_the_approved_data()
    {
        using var zone = await ZoneWithExample("Sqlite");
        var doc = JsonNode.Parse(await StoredDocument(zone.App))!.AsObject();
        // Removing an indicator that has approved data orphans them.
        doc["categories"]![2]!["indicators"]!.AsArray().RemoveAt(2);
        doc["categories"]![2]!["indicators"]![0]!["weight"] = 70;

        var response = await Post(zone.Admin, Editor, Editor + "?handler=Validate", new() { ["Text"] = doc.ToJsonString(Relaxed) });

        var html = System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("<code class=\"problem-path\">$.data.I1.visits</code>", html);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Saving_from_a_stale_version_shows_the_newer_version_and_saves_nothing(string provider)
    {
        using var zone = await ZoneWithExample(provider);
        var page = await zone.Admin.GetStringAsync(Editor);
        Assert.Contains("name=\"BaseVersion\" value=\"1\"", page);
        var doc = JsonNode.Parse(await StoredDocument(zone.App))!.AsObject();
        doc["name"] = "改过的名称";
        // Someone else saves version 2 while the page is open.
        Assert.Equal(HttpStatusCode.OK, (await zone.Api.PutScheme("zone", "2026-Q3", SchemeTestSupport.Example(), "\"1\"")).StatusCode);

        var response = await zone.Admin.PostAsync(Editor + "?handler=Save", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Text"] = doc.ToJsonString(Relaxed),
            ["Reason"] = "调整名称",
            ["BaseVersion"] = "1",
            ["__RequestVerificationToken"] = TestApp.AntiforgeryToken(page),
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("id=\"conflict\"", html);
        Assert.Contains("未保存：您基于第 1 版编辑，期间 zone-admin2 于 ", html);
        Assert.Contains("保存了第 2 版", html);
        Assert.Contains("<pre class=\"small bg-body-tertiary p-2 mb-0\" id=\"newer-document\">{\n  \"name\": \"示范开发区2026年第三季度综合考核\"", html);
        Assert.Contains("改过的名称", html); // the user's text is kept
        await using var db = zone.App.NewDb();
        Assert.Equal(2, await db.SchemeVersions.CountAsync());
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Saving_from_the_current_version_stores_a_new_version_with_the_reason(string provider)
    {
        using var zone = await ZoneWithExample(provider);
        var doc = JsonNode.Parse(await StoredDocument(zone.App))!.AsObject();
        doc["name"] = "改过的名称";

        var response = await Post(zone.Admin, Editor, Editor + "?handler=Save", new() { ["Text"] = doc.ToJsonString(Relaxed), ["Reason"] = "调整名称", ["BaseVersion"] = "1" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(Editor + "?saved=2", response.Headers.Location!.OriginalString);
        await using var db = zone.App.NewDb();
        var saved = await db.SchemeVersions.SingleAsync(v => v.Version == 2);
        Assert.Equal(("zone-admin", "调整名称"), (saved.CreatedBy, saved.Reason));
        Assert.Equal("改过的名称", JsonNode.Parse(saved.Document)!["name"]!.GetValue<string>());
        Assert.Contains("已保存为第 2 版。", await zone.Admin.GetStringAsync(Editor + "?saved=2"));
    }

    [Fact]
    public async Task Saving_without_a_reason_is_refused()
    {
        using var zone = await ZoneWithExample("Sqlite");

        var response = await Post(zone.Admin, Editor, Editor + "?handler=Save", new() { ["Text"] = await StoredDocument(zone.App), ["Reason"] = " ", ["BaseVersion"] = "1" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("请填写修改原因。", await response.Content.ReadAsStringAsync());
        await using var db = zone.App.NewDb();
        Assert.Equal(1, await db.SchemeVersions.CountAsync());
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Copying_a_period_creates_the_new_period_named_for_it_with_the_flag_holders_and_without_adjustments(string provider)
    {
        using var zone = await ZoneWithExample(provider);
        // The holders come from 2026-Q3's published revision (issue #9): publish it first.
        Assert.Equal(HttpStatusCode.Created, (await zone.Api.PostAsJsonAsync("/api/orgs/zone/periods/2026-Q3/publish", new { allowIncomplete = true })).StatusCode);
        // The form's name for 2026-Q4: 第三季度 → 第四季度 (the admin may change it; here it is sent as suggested).
        var name = await zone.Admin.GetStringAsync(List + "?handler=CopyName&source=2026-Q3&target=2026-Q4");
        Assert.Equal("示范开发区2026年第四季度综合考核", name);

        var response = await Post(zone.Admin, List, List + "?handler=Copy", new() { ["Source"] = "2026-Q3", ["Target"] = "2026-Q4", ["Name"] = name });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/orgs/zone/periods/2026-Q4/scheme", response.Headers.Location!.OriginalString);
        var copy = JsonNode.Parse(await StoredDocument(zone.App, "2026-Q4"))!.AsObject();
        Assert.Equal("2026-Q4", copy["period"]!.GetValue<string>());
        Assert.Equal("示范开发区2026年第四季度综合考核", copy["name"]!.GetValue<string>());
        Assert.False(copy.ContainsKey("adjustments"));
        // The flag holders of 2026-Q3's published result (examples/zone-2026q3.expected.json: towns T1, depts D2, invest I3).
        Assert.Equal("depts:D2,invest:I3,towns:T1", ImportPreviewTests.Flags(copy));
        Assert.Equal(3, copy["categories"]!.AsArray().Count);
        await using var db = zone.App.NewDb();
        var audit = await db.AuditEntries.SingleAsync(a => a.Kind == "scheme.copy");
        Assert.Equal(("2026-Q3#1", "2026-Q4#1", "zone-admin"), (audit.Before, audit.After, audit.Actor));
        Assert.Equal("复制自 2026-Q3", (await db.SchemeVersions.SingleAsync(v => v.Period == "2026-Q4")).Reason);
        var list = await zone.Admin.GetStringAsync(List);
        Assert.True(list.IndexOf("data-period=\"2026-Q4\"", StringComparison.Ordinal) < list.IndexOf("data-period=\"2026-Q3\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Copying_onto_a_period_that_has_a_scheme_is_refused()
    {
        using var zone = await ZoneWithExample("Sqlite");

        var response = await Post(zone.Admin, List, List + "?handler=Copy", new() { ["Source"] = "2026-Q3", ["Target"] = "2026-Q3" });

        Assert.Contains("考核期 2026-Q3 已有考核方案。", await response.Content.ReadAsStringAsync());
        await using var db = zone.App.NewDb();
        Assert.Equal(1, await db.SchemeVersions.CountAsync());
    }

    private static async Task<HttpResponseMessage> Upload(HttpClient client, byte[] file)
    {
        var html = await client.GetStringAsync(List);
        var form = new MultipartFormDataContent
        {
            { new StringContent(TestApp.AntiforgeryToken(html)), "__RequestVerificationToken" },
        };
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(content, "Upload", "zone.json");
        return await client.PostAsync(List + "?handler=Import", form);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Import_page_lists_the_problems_of_a_bad_file_with_their_paths(string provider)
    {
        using var zone = await ZoneWithExample(provider, import: false);
        var file = SchemeTestSupport.ExampleJson();
        file["data"]!["T9"] = new JsonObject { ["revenue"] = 1 };
        file["categories"]![1]!["indicators"]![1]!["weight"] = -1;

        var response = await Upload(zone.Admin, file.Utf8());

        var html = System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("zone.json 有 2 个问题，未导入任何内容", html);
        Assert.Contains("<code class=\"problem-path\">$.categories[1].indicators[1].weight</code>: <span class=\"problem-message\">不得小于 0</span>", html);
        Assert.Contains("<code class=\"problem-path\">$.data.T9</code>: <span class=\"problem-message\">未知单位“T9”</span>", html);
        await using var db = zone.App.NewDb();
        Assert.Equal(0, await db.SchemeVersions.CountAsync());
        Assert.Equal(0, await db.DatumEntries.CountAsync());
    }

    [Fact]
    public async Task Import_page_imports_a_good_file_and_export_downloads_it()
    {
        using var zone = await ZoneWithExample("Sqlite", import: false);

        var html = await ImportPage.ImportAsync(zone.Admin, List, SchemeTestSupport.Example());

        Assert.Contains("已导入 2026-Q3 第 1 版：新建单位 13 个，更名 0 个，导入数据 54 项，删除数据 0 项。", html);
        var export = await zone.Admin.GetAsync(List + "?handler=Export&period=2026-Q3");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("attachment", export.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("zone-2026-Q3.json", export.Content.Headers.ContentDisposition.FileName);
        var exported = await export.Content.ReadAsStringAsync();
        Assert.Equal(await zone.Api.GetStringAsync("/api/orgs/zone/periods/2026-Q3/scheme"), exported);
        Assert.True(JsonNode.DeepEquals(SchemeTestSupport.ExampleJson()["data"], JsonNode.Parse(exported)!["data"]));
    }

    [Fact]
    public async Task Leaders_read_the_editor_without_saving_and_reporters_are_denied()
    {
        using var zone = await ZoneWithExample("Sqlite");
        await zone.App.User(zone.Org, "zone-leader", OrgRole.Leader);
        await zone.App.User(zone.Org, "zone-reporter", OrgRole.Reporter, unit: "T1");
        var leader = await zone.App.SignedIn("zone-leader", SchemeTestSupport.Password);
        var reporter = await zone.App.SignedIn("zone-reporter", SchemeTestSupport.Password);

        var page = await leader.GetStringAsync(Editor);
        Assert.Contains("只读：只有考核办管理员可以修改方案。", page);
        Assert.DoesNotContain("保存新版本", page);
        var save = await leader.PostAsync(Editor + "?handler=Save", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Text"] = await StoredDocument(zone.App),
            ["Reason"] = "x",
            ["BaseVersion"] = "1",
            ["__RequestVerificationToken"] = TestApp.AntiforgeryToken(page),
        }));
        // Refused in place: 403 with the refusal page, no redirect.
        Assert.Equal(HttpStatusCode.Forbidden, save.StatusCode);
        Assert.Contains("您没有执行此操作的权限。", await save.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.GetAsync(Editor)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.GetAsync(List)).StatusCode);
        await using var db = zone.App.NewDb();
        Assert.Equal(1, await db.SchemeVersions.CountAsync());
    }

    [Fact]
    public async Task Another_organizations_pages_are_not_found()
    {
        using var zone = await ZoneWithExample("Sqlite");
        var other = await zone.App.Organization("other");
        await zone.App.User(other, "other-admin", OrgRole.Admin);
        var intruder = await zone.App.SignedIn("other-admin", SchemeTestSupport.Password);

        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync(Editor)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync(List)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync(List + "?handler=Export&period=2026-Q3")).StatusCode);
    }
}
