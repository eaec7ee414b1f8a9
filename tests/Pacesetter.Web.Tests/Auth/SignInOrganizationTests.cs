using System.Net;
using System.Text.RegularExpressions;
using Pacesetter.Web.Demo;

namespace Pacesetter.Web.Tests.Auth;

/// <summary>
/// The sign-in form asks for the organization, since a user name is unique within its organization only (ADR 0052),
/// and fills it in so that people rarely type it: from <c>?org=</c>, from the organization page that sent them to sign
/// in, from their last sign-in on this browser, or as the installation's only organization.
/// </summary>
public sealed class SignInOrganizationTests
{
    /// <summary>The organization field's value and the text under it.</summary>
    private static async Task<(string Value, string Help)> FormAsync(HttpClient client, string address)
    {
        var html = await client.GetStringAsync(address);
        var input = Regex.Match(html, "<input [^>]*id=\"Org\"[^>]*>").Value;
        var value = Regex.Match(input, "value=\"([^\"]*)\"").Groups[1].Value;
        var help = Regex.Match(html, "<div class=\"form-text\" id=\"Org-help\">([^<]*)</div>").Groups[1].Value;
        return (value, help);
    }

    private const string Help = "本组织的登录地址已带有它；不知道时请问本组织管理员。";

    [Fact]
    public async Task The_only_organization_is_filled_in_and_the_user_name_has_the_focus()
    {
        await using var app = new TestApp(demo: true);
        var client = app.Browser();
        Assert.Equal(("demo", DemoData.OrganizationName), await FormAsync(client, "/Account/Login"));
        var html = await client.GetStringAsync("/Account/Login");
        Assert.Matches("<input [^>]*autofocus=\"autofocus\"[^>]*id=\"UserName\"|<input [^>]*id=\"UserName\"[^>]*autofocus=\"autofocus\"", html);
        Assert.DoesNotMatch("<input [^>]*id=\"Org\"[^>]*autofocus", html);
    }

    [Fact]
    public async Task With_two_organizations_the_address_the_page_sent_from_or_the_last_sign_in_fills_it_in()
    {
        await using var app = new TestApp(demo: true);
        await app.NewOrganization("qs", "青山片区");
        var client = app.Browser();

        // Nothing to go by: empty, with the focus on it and the hint under it.
        Assert.Equal(("", Help), await FormAsync(client, "/Account/Login"));
        Assert.Matches("<input [^>]*id=\"Org\"[^>]*autofocus=\"autofocus\"|<input [^>]*autofocus=\"autofocus\"[^>]*id=\"Org\"", await client.GetStringAsync("/Account/Login"));
        // The organization's sign-in address, in any letter case; an organization page that needed a sign-in.
        Assert.Equal(("qs", "青山片区"), await FormAsync(client, "/Account/Login?org=QS"));
        var redirected = await client.GetAsync("/orgs/qs/audit");
        Assert.Equal(HttpStatusCode.Redirect, redirected.StatusCode);
        Assert.Equal(("qs", "青山片区"), await FormAsync(client, redirected.Headers.Location!.PathAndQuery));
        // A slug of no organization is kept as typed, without a name; one the rule refuses is dropped.
        Assert.Equal(("nowhere", Help), await FormAsync(client, "/Account/Login?org=nowhere"));
        Assert.Equal(("", Help), await FormAsync(client, "/Account/Login?org=%3Cb%3E"));

        // After a sign-in to the demo, this browser is offered the demo; the cookie holds the slug and nothing else.
        var page = await client.GetStringAsync("/Account/Login");
        var signIn = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Org"] = "demo",
            ["UserName"] = "admin",
            ["Password"] = DemoData.Password,
            ["__RequestVerificationToken"] = TestApp.AntiforgeryToken(page),
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var remembered = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("pacesetter.org=", StringComparison.Ordinal));
        Assert.StartsWith("pacesetter.org=demo; max-age=31536000;", remembered);
        Assert.Contains("httponly", remembered);
        Assert.Equal(("demo", DemoData.OrganizationName), await FormAsync(client, "/Account/Login"));
        // The address still wins over the remembered organization.
        Assert.Equal(("qs", "青山片区"), await FormAsync(client, "/Account/Login?org=qs"));
    }
}
