using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Pacesetter.App.Accounts;
using static Pacesetter.Web.Tests.Organizations.OrgTestData;

namespace Pacesetter.Web.Tests.Auth;

/// <summary>
/// A page that refuses a signed-in person answers 403 with a page in the person's language and a way back (never
/// ProblemDetails JSON, never a redirect to a sign-in or denied page); htmx gets a fragment; the API keeps JSON.
/// </summary>
public partial class RefusalPageTests
{
    private const string Org = "dz";

    /// <summary>Every page a reporter may not open: the six that answered raw JSON and the two scheme pages that redirected.</summary>
    public static readonly string[] RefusingPages =
    [
        Routes.Matrix(Org, "2026-10"),
        Routes.Preview(Org, "2026-10"),
        Routes.Units(Org),
        Routes.Users(Org),
        Routes.Audit(Org),
        "/platform/organizations",
        Routes.Schemes(Org),
        Routes.Scheme(Org, "2026-10"),
    ];

    [GeneratedRegex("ps_[A-Za-z0-9_-]{43}")]
    private static partial Regex TokenText();

    private static async Task<(TestApp App, HttpClient Reporter)> ReporterAsync()
    {
        var app = new TestApp();
        var org = await NewOrganization(app, Org);
        await User(app, org, "rep", Role(OrgRole.Reporter, unit: "T1"));
        return (app, await app.SignedIn("rep", Password));
    }

    [Fact]
    public async Task Each_refusing_page_answers_403_with_a_Chinese_page_and_a_way_home()
    {
        var (app, reporter) = await ReporterAsync();
        using var _ = app;
        var failures = new List<string>();
        foreach (var url in RefusingPages)
        {
            var response = await reporter.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            var html = new HtmlParser().ParseDocument(body);
            var seen = $"{(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType} lang={html.DocumentElement.GetAttribute("lang")} "
                + $"h1={html.QuerySelector("#denied h1")?.TextContent} text={html.QuerySelector("#denied p")?.TextContent} home={html.QuerySelector("#denied-home")?.GetAttribute("href")}";
            const string expected = "403 text/html lang=zh-CN h1=无权访问 text=您没有访问此页面的权限。 home=/";
            if (seen != expected) failures.Add($"{url}: {seen}");
            // The reporter's name and what to do; the navigation of a signed-in person; the switch returns to the refused page.
            if (!body.Contains("当前账户 rep 的角色不包括这项权限。如需要，请联系本组织的管理员。")) failures.Add($"{url}: no explanation");
            var expectedSwitch = "/culture/en?returnUrl=" + Uri.EscapeDataString(url);
            if (html.QuerySelector("#language-switch")?.GetAttribute("href") != expectedSwitch) failures.Add($"{url}: switch {html.QuerySelector("#language-switch")?.GetAttribute("href")}");
        }
        Assert.Empty(failures);
    }

    [Fact]
    public async Task The_refusal_page_links_back_to_the_sites_page_the_person_came_from()
    {
        var (app, reporter) = await ReporterAsync();
        using var _ = app;
        using var request = new HttpRequestMessage(HttpMethod.Get, Routes.Audit(Org));
        request.Headers.Referrer = new Uri($"http://localhost{Routes.Tokens(Org)}?x=1");

        var response = await reporter.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var html = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal(("返回上一页", "/orgs/dz/tokens?x=1"), (html.QuerySelector("#denied-back")?.TextContent, html.QuerySelector("#denied-back")?.GetAttribute("href")));

        // Another site's page is not offered as the way back.
        using var foreign = new HttpRequestMessage(HttpMethod.Get, Routes.Audit(Org));
        foreign.Headers.Referrer = new Uri("https://example.com/orgs/dz/tokens");
        var other = new HtmlParser().ParseDocument(await (await reporter.SendAsync(foreign)).Content.ReadAsStringAsync());
        Assert.Null(other.QuerySelector("#denied-back"));
        Assert.NotNull(other.QuerySelector("#denied-home"));
    }

    [Fact]
    public async Task The_refusal_page_is_in_English_for_a_person_who_chose_English()
    {
        var (app, reporter) = await ReporterAsync();
        using var _ = app;
        await reporter.GetAsync("/culture/en");

        var response = await reporter.GetAsync(Routes.Schemes(Org));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var html = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal(("en", "Access denied", "You are not allowed to see this page.", "Go to the home page", "中文"),
            (html.DocumentElement.GetAttribute("lang"), html.QuerySelector("#denied h1")?.TextContent, html.QuerySelector("#denied p")?.TextContent,
             html.QuerySelector("#denied-home")?.TextContent, html.QuerySelector("#language-switch")?.TextContent));
        Assert.Contains("The roles of rep do not include this. If you need it, ask your organization's administrator.", html.Body!.TextContent);
    }

    [Fact]
    public async Task A_refused_form_post_answers_403_with_the_refusal_page_and_changes_nothing()
    {
        var (app, reporter) = await ReporterAsync();
        using var _ = app;
        // The reporter's own tokens page gives a valid antiforgery token for the session.
        var token = TestApp.AntiforgeryToken(await reporter.GetStringAsync(Routes.Tokens(Org)));

        var response = await reporter.PostAsync(Routes.Units(Org) + "?handler=CreateCategory",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = "C9", ["name"] = "新类别", ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal(("无权访问", "您没有执行此操作的权限。"), (html.QuerySelector("#denied h1")?.TextContent, html.QuerySelector("#denied p")?.TextContent));
        await using var db = app.NewDb();
        Assert.Empty(db.UnitCategories);
    }

    [Fact]
    public async Task An_htmx_request_gets_a_fragment_that_goes_to_the_pages_alert_area()
    {
        var (app, reporter) = await ReporterAsync();
        using var _ = app;
        using var request = new HttpRequestMessage(HttpMethod.Get, Routes.Matrix(Org, "2026-10") + "?handler=Cell&unit=T1&indicator=revenue");
        request.Headers.Add("HX-Request", "true");

        var response = await reporter.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["#page-alert"], response.Headers.GetValues("HX-Retarget"));
        Assert.Equal(["innerHTML show:#page-alert:top"], response.Headers.GetValues("HX-Reswap"));
        var body = (await response.Content.ReadAsStringAsync()).Trim();
        Assert.StartsWith("<div class=\"alert alert-danger", body);
        Assert.DoesNotContain("<html", body);
        Assert.DoesNotContain("<nav", body);
        var alert = new HtmlParser().ParseDocument(body).QuerySelector("#denied")!;
        Assert.Equal("alert", alert.GetAttribute("role"));
        Assert.Equal("无权访问 您没有访问此页面的权限。 回到首页", Regex.Replace(alert.TextContent, @"\s+", " ").Trim());
        Assert.Equal("/", alert.QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task A_page_without_a_session_still_sends_to_sign_in()
    {
        var (app, _) = await ReporterAsync();
        using var __ = app;

        var response = await app.Browser().GetAsync(Routes.Schemes(Org));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task The_api_keeps_answering_ProblemDetails_401_without_credentials_and_403_with_them()
    {
        var (app, reporter) = await ReporterAsync();
        using var _ = app;
        var created = await Post(reporter, Routes.Tokens(Org), "Create", new() { ["name"] = "脚本" });
        var token = TokenText().Match(await created.Content.ReadAsStringAsync()).Value;
        var api = app.CreateClient();
        var url = $"/api/orgs/{Org}/periods/2026-10/scheme";

        var anonymous = await api.GetAsync(url);
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var refused = await api.GetAsync(url);

        Assert.Equal((HttpStatusCode.Unauthorized, "application/problem+json"), (anonymous.StatusCode, anonymous.Content.Headers.ContentType?.MediaType));
        Assert.Equal((HttpStatusCode.Forbidden, "application/problem+json"), (refused.StatusCode, refused.Content.Headers.ContentType?.MediaType));
        Assert.Equal(403, JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetInt32());
    }
}
