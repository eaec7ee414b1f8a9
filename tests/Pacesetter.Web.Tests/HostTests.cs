using System.Net;
using System.Text.Json;

namespace Pacesetter.Web.Tests;

/// <summary>The host itself: health, OpenAPI, sign-in, and the API's 401 on both databases.</summary>
public class HostTests(SharedDemo shared) : ReadsSharedDemo(shared)
{
    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Health_answers_ok_without_credentials(string provider)
    {
        using var app = new TestApp(provider);
        var response = await app.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApi_document_is_served()
    {
        using var app = new TestApp();
        var json = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json"));

        Assert.True(json.RootElement.GetProperty("paths").TryGetProperty("/api/me", out _));
    }

    [Fact]
    public async Task A_page_without_a_session_redirects_to_the_login_page()
    {
        using var app = new TestApp();
        var response = await app.Browser().GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/Login?ReturnUrl=%2F", response.Headers.Location!.PathAndQuery);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Demo_admin_signs_in_and_sees_the_organization(string provider)
    {
        var app = Shared(provider);
        var client = await app.SignedIn("admin", Demo.DemoData.Password);
        var home = await client.GetStringAsync("/");

        Assert.Contains("示范开发区", home);
    }

    [Theory]
    [InlineData("demo", "", "", false, true, true)]
    [InlineData("demo", "admin", "", false, false, true)]
    [InlineData("demo", "  ", "x", false, true, false)]
    [InlineData("", "admin", "x", true, false, false)]
    [InlineData(" ", "", "x", true, true, false)]
    public async Task Login_with_an_empty_field_shows_the_form_again_with_the_field_message(string org, string user, string password, bool orgMessage, bool userMessage, bool passwordMessage)
    {
        // Issue #8 defect 2: an empty field bound as null and the page answered 500 (NullReferenceException). Nothing is
        // written (no sign-in is attempted), so the shared read-only host serves.
        var client = Shared("Sqlite").Browser();
        var page = await client.GetStringAsync("/Account/Login");
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Org"] = org,
            ["UserName"] = user,
            ["Password"] = password,
            ["__RequestVerificationToken"] = TestApp.AntiforgeryToken(page),
        }));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(orgMessage, html.Contains("<div class=\"invalid-feedback\" id=\"Org-error\">请填写组织标识。</div>", StringComparison.Ordinal));
        Assert.Equal(userMessage, html.Contains("<div class=\"invalid-feedback\" id=\"UserName-error\">请填写用户名。</div>", StringComparison.Ordinal));
        Assert.Equal(passwordMessage, html.Contains("<div class=\"invalid-feedback\" id=\"Password-error\">请填写密码。</div>", StringComparison.Ordinal));
        Assert.Contains("<form method=\"post\"", html);
    }

    [Fact]
    public async Task Login_password_is_not_shown_while_typing_nor_sent_back()
    {
        // Issue #8 defect 3: the password field was type="text".
        var client = Shared("Sqlite").Browser();
        var page = await client.GetStringAsync("/Account/Login");
        Assert.Matches("<input type=\"password\"[^>]*id=\"Password\"", page);
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Org"] = Demo.DemoData.Slug,
            ["UserName"] = "",
            ["Password"] = "secret-typed-once",
            ["__RequestVerificationToken"] = TestApp.AntiforgeryToken(page),
        }));
        Assert.DoesNotContain("secret-typed-once", await response.Content.ReadAsStringAsync());
    }
}
