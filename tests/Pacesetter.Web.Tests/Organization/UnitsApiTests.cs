using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Accounts;
using static Pacesetter.Web.Tests.Organizations.OrgTestData;

namespace Pacesetter.Web.Tests.Organizations;

/// <summary>单位与类别 API: the Units page's service behind <c>/api/orgs/{org}/units|categories</c>, with exact bodies.</summary>
public class UnitsApiTests
{
    private static async Task<(TestApp App, int Org, HttpClient Admin, HttpClient Leader, HttpClient Reporter)> Start(string provider)
    {
        var app = new TestApp(provider);
        var org = await NewOrganization(app, "dz");
        var boss = await User(app, org, "boss", Role(OrgRole.Admin));
        var lead = await User(app, org, "lead", Role(OrgRole.Leader));
        var rep = await User(app, org, "rep", Role(OrgRole.Reporter, unit: "T1"));
        async Task<HttpClient> Client(AppUser user)
        {
            var client = app.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await app.NewToken(org, user.Id)).Token);
            return client;
        }
        return (app, org, await Client(boss), await Client(lead), await Client(rep));
    }

    private static async Task AssertJson(string expected, HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        var actual = JsonNode.Parse(body);
        // ProblemDetails carry the request's trace id, different every time.
        if (actual is JsonObject o) o.Remove("traceId");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}\n     got {actual!.ToJsonString()}");
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task An_admin_creates_and_updates_categories_and_units_which_admins_and_leaders_read(string provider)
    {
        var (app, org, admin, leader, reporter) = await Start(provider);
        using var _ = app;

        await AssertJson("""{"id":"towns","name":"镇街","order":1,"version":1}""",
            await admin.PutAsJsonAsync("/api/orgs/dz/categories/towns", new { name = "镇街", order = 1 }));
        // A new category without an order goes after the existing ones (issue #8: it went to the top as 0).
        await AssertJson("""{"id":"depts","name":"部门","order":2,"version":1}""",
            await admin.PutAsJsonAsync("/api/orgs/dz/categories/depts", new { name = "部门" }));
        // An update without an order keeps it; the version counts the change.
        await AssertJson("""{"id":"towns","name":"街镇","order":1,"version":2}""",
            await admin.PutAsJsonAsync("/api/orgs/dz/categories/towns", new { name = "街镇" }));
        await AssertJson("""{"code":"T1","name":"一号镇","category":"towns","retiredAt":null,"version":1}""",
            await admin.PutAsJsonAsync("/api/orgs/dz/units/T1", new { name = "一号镇", category = "towns" }));
        await AssertJson("""{"code":"T1","name":"第一镇","category":"depts","retiredAt":null,"version":2}""",
            await admin.PutAsJsonAsync("/api/orgs/dz/units/T1", new { name = "第一镇", category = "depts" }));
        await AssertJson("""{"code":"T2","name":"二号镇","category":null,"retiredAt":null,"version":1}""",
            await admin.PutAsJsonAsync("/api/orgs/dz/units/T2", new { name = "二号镇" }));
        // The same values again change nothing: no new version, no audit row.
        await AssertJson("""{"code":"T2","name":"二号镇","category":null,"retiredAt":null,"version":1}""",
            await admin.PutAsJsonAsync("/api/orgs/dz/units/T2", new { name = "二号镇", category = (string?)null }));

        const string units = """[{"code":"T1","name":"第一镇","category":"depts","retiredAt":null,"version":2},{"code":"T2","name":"二号镇","category":null,"retiredAt":null,"version":1}]""";
        const string categories = """[{"id":"towns","name":"街镇","order":1,"version":2},{"id":"depts","name":"部门","order":2,"version":1}]""";
        await AssertJson(units, await admin.GetAsync("/api/orgs/dz/units"));
        await AssertJson(units, await leader.GetAsync("/api/orgs/dz/units"));
        await AssertJson(categories, await leader.GetAsync("/api/orgs/dz/categories"));
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.GetAsync("/api/orgs/dz/units")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.PutAsJsonAsync("/api/orgs/dz/units/T3", new { name = "三号镇" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/orgs/elsewhere/units")).StatusCode);

        // The same audit rows as the Units page writes: 2 + 1 category rows, 2 + 1 unit rows.
        Assert.Equal(
            [
                ("category.create", "towns", "", """{"code":"towns","name":"镇街","order":1}"""),
                ("category.create", "depts", "", """{"code":"depts","name":"部门","order":2}"""),
                ("category.rename", "towns", """{"code":"towns","name":"镇街","order":1}""", """{"code":"towns","name":"街镇","order":1}"""),
                ("unit.create", "T1", "", """{"code":"T1","name":"一号镇","category":"towns","retiredAt":null}"""),
                ("unit.rename", "T1", """{"code":"T1","name":"一号镇","category":"towns","retiredAt":null}""", """{"code":"T1","name":"第一镇","category":"depts","retiredAt":null}"""),
                ("unit.create", "T2", "", """{"code":"T2","name":"二号镇","category":null,"retiredAt":null}"""),
            ],
            (await AuditRows(app, org)).Select(a => (a.Kind, a.Key, a.Before ?? "", a.After ?? "")));
        Assert.All(await AuditRows(app, org), a => Assert.Equal("boss", a.Actor));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Bad_input_is_refused_with_every_problem_and_its_json_path_in_the_callers_language(string provider)
    {
        var (app, org, admin, _, _) = await Start(provider);
        using var __ = app;

        var english = new HttpRequestMessage(HttpMethod.Put, "/api/orgs/dz/units/T%201") { Content = JsonContent.Create(new { name = "", category = "nope" }) };
        english.Headers.AcceptLanguage.ParseAdd("en");
        await AssertJson("""
            {"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"The request is not valid","status":400,
             "detail":"3 problem(s) found; nothing was stored.",
             "problems":[
               {"path":"$.code","message":"Code may hold only letters, digits, underscores and hyphens, 1–64 characters."},
               {"path":"$.name","message":"Name must be 1–200 characters long."},
               {"path":"$.category","message":"Category is not a category of this organization."}]}
            """, await admin.SendAsync(english), HttpStatusCode.BadRequest);

        // Chinese by default; a name of 201 characters is one too many.
        await AssertJson("""
            {"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"请求有误","status":400,
             "detail":"发现 1 个问题，未保存任何内容。",
             "problems":[{"path":"$.name","message":"“名称”须为 1–200 个字符。"}]}
            """, await admin.PutAsJsonAsync("/api/orgs/dz/categories/towns", new { name = new string('镇', 201), order = 1 }), HttpStatusCode.BadRequest);

        Assert.Equal(0, await Query(app, db => db.Units.CountAsync()));
        Assert.Equal(0, await Query(app, db => db.UnitCategories.CountAsync()));
        Assert.Empty(await AuditRows(app, org));
    }
}
