using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Accounts;

namespace Pacesetter.Web.Tests.Schemes;

/// <summary>
/// The designer through real HTTP (issue 8 §2): a new period from nothing, categories added, moved and removed, units
/// picked from the organization's units, the scheme's own fields, the base-weight warning, problems placed in words,
/// and the first save as version 1.
/// </summary>
public sealed partial class SchemeDesignerTests
{
    private const string Editor = "/orgs/fresh/periods/2027-Q1/scheme";
    private const string New = "/orgs/fresh/schemes/new";
    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private sealed record Fresh(TestApp App, int Org, HttpClient Admin, int Towns) : IDisposable
    {
        public void Dispose() => App.Dispose();
    }

    /// <summary>A new organization with no period: two unit categories, four units, an admin signed in.</summary>
    private static async Task<Fresh> NewOrganization(string provider)
    {
        var app = new TestApp(provider);
        var org = await app.Organization("fresh");
        await app.User(org, "fresh-admin", OrgRole.Admin);
        var towns = await app.NewCategory(org, "towns", "镇街", 1);
        var depts = await app.NewCategory(org, "depts", "部门", 2);
        await app.NewUnit(org, "T1", "城东街道", towns.Id);
        await app.NewUnit(org, "T2", "城西街道", towns.Id);
        await app.NewUnit(org, "D1", "财政局", depts.Id);
        await app.NewUnit(org, "D2", "审计局", depts.Id);
        return new Fresh(app, org, await app.SignedIn("fresh-admin", SchemeTestSupport.Password), towns.Id);
    }

    private static async Task<(HttpStatusCode Status, string Html, string? Location)> Post(HttpClient client, string page, string url, IEnumerable<(string, string)> fields)
    {
        var form = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", TestApp.AntiforgeryToken(page)) };
        form.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)));
        var response = await client.PostAsync(url, new FormUrlEncodedContent(form));
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), response.Headers.Location?.OriginalString);
    }

    /// <summary>A form edit of the editor on <paramref name="document"/> (a draft: base version 0).</summary>
    private static async Task<(HttpStatusCode Status, string Html)> Apply(HttpClient client, string page, string handler, JsonObject document, params (string, string)[] fields)
    {
        var (status, html, _) = await Post(client, page, Editor + "?handler=" + handler, [("Text", document.ToJsonString()), ("BaseVersion", "0"), .. fields.Select(f => ("f_" + f.Item1, f.Item2))]);
        return (status, html);
    }

    private static JsonObject Textarea(string html) => JsonNode.Parse(TextareaRegex().Match(html).Groups[1].Value)!.AsObject();

    [GeneratedRegex("<textarea[^>]*id=\"Text\"[^>]*>(.*?)</textarea>", RegexOptions.Singleline)]
    private static partial Regex TextareaRegex();

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_new_period_page_checks_the_period_and_opens_an_unsaved_draft(string provider)
    {
        using var fresh = await NewOrganization(provider);
        var list = await fresh.Admin.GetStringAsync("/orgs/fresh/schemes");
        Assert.Contains($"<a class=\"btn btn-sm btn-primary\" id=\"new-period\" href=\"{New}\">新建考核方案</a>", list);
        var page = await fresh.Admin.GetStringAsync(New);
        Assert.Contains("写成 2027-Q1（季度）、2027-01（月）、2027-H1（半年）或 2027（年度）。", page);

        var (status, bad, _) = await Post(fresh.Admin, page, New, [("Period", "2027年一季度"), ("Name", ""), ("Start", "demo")]);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("data-field=\"period\">考核期：“2027年一季度”不是考核期，应写成 2027-Q1（季度）、2027-01（月）、2027-H1（半年）或 2027（年度）。</div>", bad);
        var (_, longName, _) = await Post(fresh.Admin, page, New, [("Period", "2027-Q1"), ("Name", new string('名', 201)), ("Start", "empty")]);
        Assert.Contains("data-field=\"name\">方案名称：须为 1–200 个字符，不能含控制字符。</div>", longName);

        // A name left empty is the period's name in words.
        var (redirect, _, location) = await Post(fresh.Admin, page, New, [("Period", "2027-Q1"), ("Name", ""), ("Start", "demo")]);
        Assert.Equal(HttpStatusCode.Redirect, redirect);
        Assert.Equal(Editor + "?start=demo&name=" + Uri.EscapeDataString("2027年第一季度综合考核"), location);

        var draft = WebUtility.HtmlDecode(await fresh.Admin.GetStringAsync(location));
        Assert.Contains("这是新的考核方案，尚未保存。", draft);
        Assert.Contains(">保存为第 1 版</button>", draft);
        Assert.Contains("value=\"新建考核方案\"", draft);
        var doc = Textarea(draft);
        Assert.Equal("2027年第一季度综合考核", doc["name"]!.GetValue<string>());
        Assert.Equal("2027-Q1", doc["period"]!.GetValue<string>());
        Assert.Equal("[\"towns\",\"depts\",\"soe\",\"invest\"]", new JsonArray([.. doc["categories"]!.AsArray().Select(c => c!["id"]!.DeepClone())]).ToJsonString());
        // Nothing is saved yet; the organization's units are offered in the picker, by name with the code beside.
        await using (var db = fresh.App.NewDb()) Assert.Equal(0, await db.SchemeVersions.CountAsync());
        Assert.Contains("城东街道 <span class=\"text-body-secondary small\">T1</span>", draft);
        // An empty category list is explained next to where a category is added.
        var empty = WebUtility.HtmlDecode(await fresh.Admin.GetStringAsync(Editor + "?start=empty&name=x"));
        Assert.Contains("<p class=\"small mb-2\" id=\"no-categories\">方案还没有类别。先添加一个类别（如“镇街”），再勾选它的单位、添加指标。</p>", empty);

        // The period must not have a scheme yet; a leader neither starts one nor opens a draft.
        await fresh.App.SaveScheme(fresh.Org, "2027-Q2", JsonNode.Parse("""{"name":"x","period":"2027-Q2","units":{"T1":"城东街道"},"categories":[{"id":"towns","name":"镇街","units":["T1"],"indicators":[{"id":"a","weight":100,"method":{"type":"manual"}}]}]}""")!.AsObject());
        var (_, exists, _) = await Post(fresh.Admin, page, New, [("Period", "2027-Q2"), ("Name", ""), ("Start", "empty")]);
        Assert.Contains("data-field=\"period\">考核期：2027-Q2 已有方案，请在方案列表中打开它。</div>", exists);
        await fresh.App.User(fresh.Org, "fresh-leader", OrgRole.Leader);
        var leader = await fresh.App.SignedIn("fresh-leader", SchemeTestSupport.Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.GetAsync(New)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await leader.GetAsync(Editor + "?start=demo")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fresh.Admin.GetAsync(Editor)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_scheme_is_built_in_the_forms_and_its_first_save_is_version_1(string provider)
    {
        using var fresh = await NewOrganization(provider);
        var page = await fresh.Admin.GetStringAsync(Editor + "?start=empty&name=" + Uri.EscapeDataString("2027年第一季度综合考核"));
        var doc = Textarea(WebUtility.HtmlDecode(page));

        // Two categories added; the second moved up, then down again.
        var (status, html) = await Apply(fresh.Admin, page, "AddCategory", doc, ("id", "towns"), ("name", "镇街"));
        Assert.Equal(HttpStatusCode.OK, status);
        (_, html) = await Apply(fresh.Admin, page, "AddCategory", Textarea(html), ("id", "depts"), ("name", "部门"));
        doc = Textarea(html);
        Assert.Equal("""[{"id":"towns","name":"镇街","units":[],"indicators":[]},{"id":"depts","name":"部门","units":[],"indicators":[]}]""", doc["categories"]!.ToJsonString(Relaxed));
        // The engine's problems with an empty category are said in words next to it.
        Assert.Contains("<li>镇街 › 指标：至少应有一个指标</li>", html);
        var (_, dup) = await Apply(fresh.Admin, page, "AddCategory", doc, ("id", "towns"), ("name", "再一个"));
        Assert.Contains("data-field=\"id\">类别代码：方案中已有编号“towns”。</div>", dup);
        Assert.True(JsonNode.DeepEquals(doc, Textarea(dup)));
        (_, html) = await Apply(fresh.Admin, page, "MoveCategory&category=depts&by=-1", doc);
        Assert.Equal("""["depts","towns"]""", new JsonArray([.. Textarea(html)["categories"]!.AsArray().Select(c => c!["id"]!.DeepClone())]).ToJsonString());
        (_, html) = await Apply(fresh.Admin, page, "MoveCategory&category=depts&by=1", Textarea(html));
        Assert.True(JsonNode.DeepEquals(doc, Textarea(html)));

        // The indicator form redraws itself for a method on a draft too (its fields are tested elsewhere).
        var (redraw, form) = await Apply(fresh.Admin, page, "IndicatorForm&category=towns", doc, ("kind", "base"), ("method", "completion"));
        Assert.Equal(HttpStatusCode.OK, redraw);
        Assert.Contains("name=\"f_cap\"", form);
        // Indicators come from the indicator form (another test); here they are typed in the expert view.
        doc["categories"]![0]!["indicators"] = JsonNode.Parse("""[{"id":"revenue","name":"一般公共预算收入","weight":70,"core":true,"method":{"type":"completion"}},{"id":"safety","name":"安全生产","weight":25,"method":{"type":"manual"}}]""");
        doc["categories"]![1]!["indicators"] = JsonNode.Parse("""[{"id":"duty","name":"主责主业","weight":100,"core":true,"method":{"type":"manual"}}]""");

        // Towns: T1 and T2 ticked, two grade rows, a tie-break, labels and flag.
        (_, html) = await Apply(fresh.Admin, page, "ApplyCategory&category=towns", doc,
            ("name", "镇街"), ("units", "T1"), ("units", "T2"), ("tieBreak", "safety"), ("tieBreak", "revenue"),
            ("gradeName", "优秀"), ("gradeMin", "90"), ("gradeQuota", "1"), ("gradeShare", ""),
            ("gradeName", "一般"), ("gradeMin", "0"), ("gradeQuota", ""), ("gradeShare", ""),
            ("pacesetterTop", "1"), ("pacesetterMin", "90"), ("winnerTop", ""), ("winnerMin", ""), ("yellowBottom", "1"), ("yellowBelow", "60"), ("flagMin", "88"));
        doc = Textarea(html);
        Assert.Equal("""{"id":"towns","name":"镇街","units":["T1","T2"],"indicators":[{"id":"revenue","name":"一般公共预算收入","weight":70,"core":true,"method":{"type":"completion"}},{"id":"safety","name":"安全生产","weight":25,"method":{"type":"manual"}}],"tieBreak":["safety","revenue"],"grades":[{"name":"优秀","min":90,"quota":1},{"name":"一般","min":0}],"labels":{"pacesetter":{"top":1,"min":90},"yellow":{"bottom":1,"below":60}},"flag":{"min":88}}""",
            doc["categories"]![0]!.ToJsonString(Relaxed));
        Assert.Equal("""{"T1":"城东街道","T2":"城西街道"}""", doc["units"]!.ToJsonString(Relaxed));
        // The towns' base weights add up to 95: a warning beside a valid scheme … once the departments have units.
        Assert.Contains("镇街：基本指标权重合计 95，不是 100", html);
        // In the departments' picker, T1 is shown as the towns' and cannot be ticked twice.
        Assert.Matches("id=\"c-depts-unit-T1\" name=\"f_units\" value=\"T1\" disabled=\"disabled\" />\\s*<label class=\"form-check-label\" for=\"c-depts-unit-T1\">城东街道 <span class=\"text-body-secondary small\">T1</span><span class=\"text-body-secondary small unit-elsewhere\">（已在 镇街）</span>", html);
        var (_, twice) = await Apply(fresh.Admin, page, "ApplyCategory&category=depts", doc, ("name", "部门"), ("units", "T1"));
        Assert.Contains("data-field=\"units\">单位“城东街道”已在类别“镇街”中，一个单位只能属于一个类别。</div>", twice);

        // A unit added on the Units page is in the picker at once (the panel reads the organization's units each time).
        await fresh.App.NewUnit(fresh.Org, "D3", "统计局", null);
        (_, html) = await Apply(fresh.Admin, page, "ApplyCategory&category=depts", doc, ("name", "部门"), ("units", "D1"), ("units", "D2"), ("units", "D3"));
        Assert.Contains("统计局 <span class=\"text-body-secondary small\">D3</span>", html);
        doc = Textarea(html);
        Assert.Equal("""["D1","D2","D3"]""", doc["categories"]![1]!["units"]!.ToJsonString());
        Assert.Contains("<div class=\"alert alert-success py-2\" role=\"status\" id=\"check-ok\">方案有效。</div>", html);
        Assert.Contains("<li class=\"warning\" data-path=\"$.categories[0].indicators\">镇街：基本指标权重合计 95，不是 100</li>", html);

        // The scheme's own fields: coreShareMin and last period's flag holder of the towns, picked by name.
        Assert.Contains("<option value=\"T2\">城西街道</option>", html);
        (_, html) = await Apply(fresh.Admin, page, "ApplyScheme", doc, ("name", "2027年第一季度综合考核"), ("coreShareMin", "60"), ("previousFlag.towns", "T2"), ("previousFlag.depts", ""));
        doc = Textarea(html);
        Assert.Equal(60, doc["coreShareMin"]!.GetValue<int>());
        Assert.Equal("""{"towns":"T2"}""", doc["previousFlags"]!.ToJsonString());
        var (_, badShare) = await Apply(fresh.Admin, page, "ApplyScheme", doc, ("name", "x"), ("coreShareMin", "七十"));
        Assert.Contains("data-field=\"coreShareMin\">主责主业权重下限：“七十”不是数字。</div>", badShare);

        // A third category removed again: the confirmation names what is lost.
        (_, html) = await Apply(fresh.Admin, page, "AddCategory", doc, ("id", "soe"), ("name", "国企"));
        Assert.Contains("hx-confirm=\"删除类别“镇街”？其 2 个单位将移出方案，2 个指标及其设置将一并删除（保存前不会生效）。\"", html);
        (_, html) = await Apply(fresh.Admin, page, "RemoveCategory&category=soe", Textarea(html));
        Assert.True(JsonNode.DeepEquals(doc, Textarea(html)));

        // The first save: version 1, with the reason 新建考核方案, audited.
        var (saved, _, location) = await Post(fresh.Admin, page, Editor + "?handler=Save", [("Text", doc.ToJsonString()), ("BaseVersion", "0"), ("Reason", "新建考核方案")]);
        Assert.Equal(HttpStatusCode.Redirect, saved);
        Assert.Equal(Editor + "?saved=1", location);
        await using var db = fresh.App.NewDb();
        var version = await db.SchemeVersions.SingleAsync();
        Assert.Equal((1, "2027-Q1", "fresh-admin", "新建考核方案"), (version.Version, version.Period, version.CreatedBy, version.Reason));
        Assert.True(JsonNode.DeepEquals(doc, JsonNode.Parse(version.Document)));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Kind == "scheme.save" && a.Key == "2027-Q1#1" && a.Reason == "新建考核方案"));
        // Saved: the editor holds what was saved (no unsaved-changes marker is due; the page's script compares the two).
        var after = WebUtility.HtmlDecode(await fresh.Admin.GetStringAsync(Editor + "?saved=1"));
        Assert.True(JsonNode.DeepEquals(Textarea(after), JsonNode.Parse(SavedRegex().Match(after).Groups[1].Value)));
        // A second first save is a conflict, not a second version 1.
        var (again, conflict, _) = await Post(fresh.Admin, page, Editor + "?handler=Save", [("Text", doc.ToJsonString()), ("BaseVersion", "0"), ("Reason", "新建考核方案")]);
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Contains("id=\"conflict\"", conflict);
    }

    [GeneratedRegex("<textarea id=\"saved-text\"[^>]*>(.*?)</textarea>", RegexOptions.Singleline)]
    private static partial Regex SavedRegex();

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Problems_are_placed_in_words_next_to_their_part(string provider)
    {
        using var fresh = await NewOrganization(provider);
        var page = await fresh.Admin.GetStringAsync(Editor + "?start=empty&name=x");
        var doc = JsonNode.Parse("""
            {"name":"x","period":"2027-Q1","units":{"T1":"城东街道"},"categories":[{"id":"towns","name":"镇街","units":["T1"],
             "indicators":[{"id":"a","name":"甲","weight":100,"method":{"type":"manual"}}],
             "grades":[{"name":"优秀","min":90},{"name":"一般","min":"零"}],"labels":{"winner":{"top":-1}}}]}
            """)!.AsObject();
        var (_, html, _) = await Post(fresh.Admin, page, Editor + "?handler=Validate", [("Text", doc.ToJsonString()), ("BaseVersion", "0")]);

        Assert.Contains("<span class=\"problem-place fw-semibold\">镇街 › 等次第 2 行 › 最低分</span> <code class=\"problem-path\">$.categories[0].grades[1].min</code>", html);
        Assert.Contains("<span class=\"problem-place fw-semibold\">镇街 › 优胜 › 名额</span> <code class=\"problem-path\">$.categories[0].labels.winner.top</code>", html);
        // … and again beside the grade row and the label fields of the category's form.
        Assert.Matches("<div class=\"col-12 text-danger small part-problem\">[^<]+</div>\\s*</div>\\s*<template>", html);
        Assert.Contains("<div class=\"text-danger small part-problem\">镇街 › 优胜 › 名额：", html);
    }
}
