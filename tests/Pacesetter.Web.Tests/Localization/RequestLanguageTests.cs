using System.Globalization;
using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Pacesetter.Scoring;
using Pacesetter.Web.Localization;

namespace Pacesetter.Web.Tests.Localization;

/// <summary>
/// Chinese first (ADR 0006): a page is in English only when the person chose it (switch → cookie, or ?lang=en); the
/// browser's Accept-Language is not followed on pages. The API follows Accept-Language (SchemesApiTests has the case).
/// </summary>
public class RequestLanguageTests
{
    /// <summary>The sign-in page's html lang and title, for a request with the given headers.</summary>
    private static async Task<(string? Lang, string? Title)> SignInPage(HttpClient client, string url, string? acceptLanguage = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (acceptLanguage is not null) request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        var html = new HtmlParser().ParseDocument(await (await client.SendAsync(request)).Content.ReadAsStringAsync());
        return (html.DocumentElement.GetAttribute("lang"), html.QuerySelector("h1")?.TextContent);
    }

    [Fact]
    public async Task A_browser_asking_for_English_still_gets_Chinese_until_the_person_chooses_English()
    {
        using var app = new TestApp();
        var client = app.Browser();

        Assert.Equal(("zh-CN", "登录"), await SignInPage(client, "/Account/Login", "en-US,en;q=0.9"));
        Assert.Equal(("en", "Sign in"), await SignInPage(client, "/Account/Login?lang=en", "zh-CN"));
        Assert.Equal(("zh-CN", "登录"), await SignInPage(client, "/Account/Login"));   // ?lang= is for that request only

        await client.GetAsync("/culture/en");
        Assert.Equal(("en", "Sign in"), await SignInPage(client, "/Account/Login", "zh-CN"));
        Assert.Equal(("zh-CN", "登录"), await SignInPage(client, "/Account/Login?lang=zh"));
        Assert.Equal(("en", "Sign in"), await SignInPage(client, "/Account/Login?lang=fr"));   // an unknown ?lang= is ignored
    }

    [Fact]
    public async Task The_language_switch_returns_to_the_page_without_its_lang_parameter()
    {
        using var app = new TestApp();

        var html = new HtmlParser().ParseDocument(await app.Browser().GetStringAsync("/Account/Login?lang=en&returnUrl=%2Forgs%2Fdz%2Faudit"));

        // English now, so the switch leads to Chinese, back to /Account/Login?returnUrl=/orgs/dz/audit (no lang=en to undo it).
        Assert.Equal("/culture/zh-CN?returnUrl=" + Uri.EscapeDataString("/Account/Login?returnUrl=%2Forgs%2Fdz%2Faudit"),
            html.QuerySelector("#language-switch")!.GetAttribute("href"));
    }

    [Fact]
    public async Task The_language_switch_returns_only_to_this_site_and_never_fails()
    {
        using var app = new TestApp();
        var client = app.Browser();
        // Addresses a browser would take to another host (\\ and a tab are dropped or read as /): home instead, not 500.
        foreach (var (returnUrl, expected) in new[]
        {
            ("/%5Cevil.example", "/"), ("/%09/evil.example", "/"), ("//evil.example", "/"), ("https://evil.example/", "/"),
            ("/%0d%0aSet-Cookie:x=1", "/"), ("", "/"), ("/orgs/dz/audit?x=1", "/orgs/dz/audit?x=1"), ("/", "/"),
        })
        {
            var response = await client.GetAsync("/culture/en?returnUrl=" + returnUrl);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(expected, response.Headers.Location!.OriginalString);
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/culture/fr?returnUrl=/")).StatusCode);
    }

    [Fact]
    public async Task The_rule_reads_lang_then_the_cookie_then_Accept_Language_for_the_api_only()
    {
        var options = RequestLanguage.Options();
        async Task<string?> Pick(string path, string? query, string? acceptLanguage, string? cookie)
        {
            var http = new DefaultHttpContext();
            http.Request.Path = path;
            if (query is not null) http.Request.QueryString = new QueryString(query);
            if (acceptLanguage is not null) http.Request.Headers.AcceptLanguage = acceptLanguage;
            if (cookie is not null) http.Request.Headers.Cookie = ".AspNetCore.Culture=" + Uri.EscapeDataString(cookie);
            foreach (var provider in options.RequestCultureProviders)
            {
                if (await provider.DetermineProviderCultureResult(http) is { } r) return r.UICultures[0].Value;
            }
            return null;   // → the default, zh-CN
        }

        Assert.Null(await Pick("/orgs/dz/audit", null, "en-US,en;q=0.9", null));
        Assert.Equal("en-US", await Pick("/api/orgs/dz/periods/2026-10/scheme", null, "en-US,en;q=0.9", null));
        Assert.Equal("en", await Pick("/orgs/dz/audit", "?lang=EN", "zh-CN", null));
        Assert.Equal("zh-CN", await Pick("/orgs/dz/audit", "?lang=zh", null, "c=en|uic=en"));
        Assert.Equal("en", await Pick("/orgs/dz/audit", null, null, "c=en|uic=en"));
        Assert.Equal("en", await Pick("/api/me", null, "zh-CN", "c=en|uic=en"));
    }

    [Fact]
    public void A_requests_language_is_the_ui_culture_localization_chose_for_it()
    {
        var http = new DefaultHttpContext();
        Assert.Equal(Language.Chinese, http.UserLanguage());   // before (or without) localization: Chinese
        http.Features.Set<IRequestCultureFeature>(new RequestCultureFeature(new RequestCulture("zh-CN", "en"), null));
        Assert.Equal(Language.English, http.UserLanguage());
        http.Features.Set<IRequestCultureFeature>(new RequestCultureFeature(new RequestCulture("en", "zh-CN"), null));
        Assert.Equal(Language.Chinese, http.UserLanguage());
    }

    [Fact]
    public void Only_RequestLanguage_decides_the_language()
    {
        var web = Path.Combine(ChinaTimeTests.Root(), "src", "Pacesetter.Web");
        var own = Path.Combine(web, "Localization", "RequestLanguage.cs");
        // RememberedText keys its remembered texts by the UI culture the resource manager looks them up in: it mirrors
        // the framework's lookup, it decides nothing.
        var remembered = Path.Combine(web, "Localization", "RememberedText.cs");
        var found = new List<string>();
        foreach (var file in ChinaTimeTests.Sources(web).Where(f => f != own && f != remembered))
        {
            var text = File.ReadAllText(file);
            foreach (var pattern in new[] { "CurrentUICulture", "TwoLetterISOLanguageName", "AcceptLanguage", "Accept-Language\"", "RequestCulture(" })
            {
                if (text.Contains(pattern, StringComparison.Ordinal)) found.Add($"{Path.GetRelativePath(web, file)}: {pattern}");
            }
        }
        Assert.Empty(found);
    }

    [Fact]
    public void The_current_language_is_the_ui_cultures()
    {
        var saved = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            Assert.Equal((Language.English, "en"), (RequestLanguage.Current, RequestLanguage.CurrentCulture));
            CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
            Assert.Equal((Language.Chinese, "zh-CN"), (RequestLanguage.Current, RequestLanguage.CurrentCulture));
        }
        finally
        {
            CultureInfo.CurrentUICulture = saved;
        }
    }
}
