using System.Net;
using AngleSharp.Html.Parser;
using Pacesetter.Web.Demo;

namespace Pacesetter.Web.Tests.Auth;

/// <summary>
/// Issue #8: a page answering 404 showed ProblemDetails JSON. Now a page in the person's language with the address asked
/// for and a way back, like the refusal page; the API and htmx keep their answers. And <c>/favicon.ico</c> is an icon.
/// Likewise an empty 400 of a page (a form whose token no longer holds, a NUL in a field) answers a page that offers the
/// form again (issue #13, noticed in the walk-through).
/// </summary>
public class NotFoundPageTests(SharedDemo shared) : ReadsSharedDemo(shared)
{
    private const string Org = DemoData.Slug;

    private static async Task<string> SeenAsync(HttpResponseMessage response)
    {
        var html = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        return $"{(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType} lang={html.DocumentElement.GetAttribute("lang")} "
            + $"title={html.Title} h1={html.QuerySelector("#not-found h1")?.TextContent} address={html.QuerySelector("#not-found-address")?.TextContent} "
            + $"back={html.QuerySelector("#not-found-back")?.GetAttribute("href")} home={html.QuerySelector("#not-found-home")?.TextContent}@{html.QuerySelector("#not-found-home")?.GetAttribute("href")}";
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task An_unknown_address_and_an_unknown_period_answer_a_Chinese_page_with_a_way_home(string provider)
    {
        var admin = await Shared(provider).SignedIn("admin", DemoData.Password);

        Assert.Equal("404 text/html lang=zh-CN title=找不到页面 · 对标争先 h1=找不到页面 address=/orgs/demo/nothing?x=1 back= home=回到首页@/",
            await SeenAsync(await admin.GetAsync($"/orgs/{Org}/nothing?x=1")));
        // A page whose model answers NotFound(): the preview of an organization that does not exist.
        Assert.Equal("404 text/html lang=zh-CN title=找不到页面 · 对标争先 h1=找不到页面 address=/orgs/nosuch/periods/2026-10/preview back= home=回到首页@/",
            await SeenAsync(await admin.GetAsync(Routes.Preview("nosuch", "2026-10"))));

        // From a page of the site: a way back to it.
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/orgs/{Org}/nothing");
        request.Headers.Referrer = new Uri(admin.BaseAddress!, Routes.Schemes(Org));
        Assert.Equal("404 text/html lang=zh-CN title=找不到页面 · 对标争先 h1=找不到页面 address=/orgs/demo/nothing back=/orgs/demo/schemes home=回到首页@/",
            await SeenAsync(await admin.SendAsync(request)));
    }

    [Fact]
    public async Task The_not_found_page_is_English_for_a_person_who_chose_English()
    {
        var admin = await Shared().SignedIn("admin", DemoData.Password);
        await admin.GetAsync("/culture/en?returnUrl=/");   // the language switch's cookie
        var response = await admin.GetAsync($"/orgs/{Org}/nothing");

        Assert.Equal("404 text/html lang=en title=Page not found · Pacesetter h1=Page not found address=/orgs/demo/nothing back= home=Go to the home page@/",
            await SeenAsync(response));
    }

    [Fact]
    public async Task The_API_and_htmx_keep_their_answers()
    {
        var admin = await Shared().SignedIn("admin", DemoData.Password);

        var api = await admin.GetAsync($"/api/orgs/{Org}/nothing");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);

        using var htmx = new HttpRequestMessage(HttpMethod.Get, $"/orgs/{Org}/nothing");
        htmx.Headers.Add("HX-Request", "true");
        var fragment = await admin.SendAsync(htmx);
        Assert.Equal(HttpStatusCode.NotFound, fragment.StatusCode);
        Assert.Equal("application/problem+json", fragment.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<string> RefusedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        var html = new HtmlParser().ParseDocument(body);
        return $"{(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType} lang={html.DocumentElement.GetAttribute("lang")} "
            + $"title={html.Title} h1={html.QuerySelector("#bad-request h1")?.TextContent} again={html.QuerySelector("#bad-request-again")?.GetAttribute("href")} "
            + $"home={html.QuerySelector("#bad-request-home")?.GetAttribute("href")}";
    }

    private static HttpRequestMessage LoginPost(string token, string userName, string? referer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Org"] = Org,
                ["UserName"] = userName,
                ["Password"] = "x",
                ["__RequestVerificationToken"] = token,
            }),
        };
        if (referer is not null) request.Headers.Referrer = new Uri("http://localhost" + referer);
        return request;
    }

    [Fact]
    public async Task A_form_that_cannot_be_handled_answers_a_page_that_offers_it_again_not_json()
    {
        var client = Shared().Browser();
        var page = await client.GetStringAsync("/Account/Login?org=demo");
        var token = TestApp.AntiforgeryToken(page);

        // A token that no longer holds (the page was open too long, or the person signed in elsewhere since): the page
        // it was sent from is offered again.
        Assert.Equal("400 text/html lang=zh-CN title=无法处理此请求 · 对标争先 h1=无法处理此请求 again=/Account/Login?org=demo home=/",
            await RefusedAsync(await client.SendAsync(LoginPost("CfDJ8-no-longer-valid", "admin", "/Account/Login?org=demo"))));
        // A NUL in a field (the framework refuses the form before the page runs); without a Referer the address asked for.
        Assert.Equal("400 text/html lang=zh-CN title=无法处理此请求 · 对标争先 h1=无法处理此请求 again=/Account/Login home=/",
            await RefusedAsync(await client.SendAsync(LoginPost(token, "ad\0min"))));
        // A Referer from another site is not offered.
        using (var foreign = LoginPost("CfDJ8-no-longer-valid", "admin"))
        {
            foreign.Headers.Referrer = new Uri("https://evil.example/Account/Login");
            Assert.EndsWith("again=/Account/Login home=/", await RefusedAsync(await client.SendAsync(foreign)));
        }
        // What was typed is not shown back; the form still works with a good token.
        var refused = await (await client.SendAsync(LoginPost("CfDJ8-no-longer-valid", "typed-name-zzz"))).Content.ReadAsStringAsync();
        Assert.DoesNotContain("typed-name-zzz", refused);
        var wrong = await client.SendAsync(LoginPost(token, "admin"));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("组织标识、用户名或密码不正确。", await wrong.Content.ReadAsStringAsync());

        // htmx swaps no error: it keeps ProblemDetails.
        using var htmx = LoginPost("CfDJ8-no-longer-valid", "admin");
        htmx.Headers.Add("HX-Request", "true");
        var fragment = await client.SendAsync(htmx);
        Assert.Equal(HttpStatusCode.BadRequest, fragment.StatusCode);
        Assert.Equal("application/problem+json", fragment.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_bad_request_page_is_English_for_a_person_who_chose_English()
    {
        var client = Shared().Browser();
        await client.GetAsync("/culture/en?returnUrl=/");
        Assert.Equal("400 text/html lang=en title=This request could not be handled · Pacesetter h1=This request could not be handled again=/Account/Login home=/",
            await RefusedAsync(await client.SendAsync(LoginPost("CfDJ8-no-longer-valid", "admin"))));
    }

    [Fact]
    public async Task The_favicon_is_an_icon_and_every_page_links_it()
    {
        var client = Shared().Browser();
        var icon = await client.GetAsync("/favicon.ico");
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/x-icon", icon.Content.Headers.ContentType?.MediaType);
        var bytes = await icon.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0, 0, 1, 0, 2, 0 }, bytes[..6]);   // an ICO with two images (16 and 32 px)

        var svg = await client.GetAsync("/favicon.svg");
        Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);

        var login = new HtmlParser().ParseDocument(await client.GetStringAsync("/Account/Login"));
        Assert.Equal("/favicon.ico /favicon.svg", string.Join(' ', login.QuerySelectorAll("link[rel=icon]").Select(l => l.GetAttribute("href"))));
    }
}
