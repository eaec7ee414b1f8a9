using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Pacesetter.Web.Demo;
using Pacesetter.Web.Operations;

namespace Pacesetter.Web.Tests.Operations;

/// <summary>
/// <c>OpenApi:Access</c> (issue #13, ADR 0048): the API's description for anyone by default, for the signed-in (a
/// session or an API token) or for no one.
/// </summary>
public class OpenApiAccessTests
{
    private const string Document = "/openapi/v1.json";

    private static HttpClient WithToken(TestApp app, string token)
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<string> AdminTokenAsync(TestApp app)
    {
        await using var db = app.NewDb();
        var org = await db.Organizations.Where(o => o.Slug == DemoData.Slug).Select(o => o.Id).SingleAsync();
        var admin = await db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync();
        return (await app.NewToken(org, admin)).Token;
    }

    [Fact]
    public async Task By_default_anyone_reads_the_document()
    {
        await using var app = new TestApp();
        var response = await app.CreateClient().GetAsync(Document);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"openapi\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Anonymous_is_the_default_said_aloud()
    {
        await using var app = new TestApp().With(OpenApiAccess.Setting, "anonymous");
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync(Document)).StatusCode);
    }

    [Fact]
    public async Task Signed_in_takes_a_session_or_an_api_token_and_sends_anyone_else_to_sign_in()
    {
        await using var app = new TestApp(demo: true).With(OpenApiAccess.Setting, "signed-in");

        var anonymous = await app.Browser().GetAsync(Document);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Equal("/Account/Login?ReturnUrl=%2Fopenapi%2Fv1.json", anonymous.Headers.Location?.PathAndQuery);

        var session = await app.SignedIn("reporter.t1", DemoData.Password);
        var bySession = await session.GetAsync(Document);
        Assert.Equal(HttpStatusCode.OK, bySession.StatusCode);
        Assert.Contains("\"openapi\"", await bySession.Content.ReadAsStringAsync());

        var byToken = await WithToken(app, await AdminTokenAsync(app)).GetAsync(Document);
        Assert.Equal(HttpStatusCode.OK, byToken.StatusCode);

        var wrongToken = await WithToken(app, "ps_not-a-token").GetAsync(Document);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongToken.StatusCode);
    }

    [Fact]
    public async Task Off_maps_no_document()
    {
        await using var app = new TestApp(demo: true).With(OpenApiAccess.Setting, "off");
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync(Document)).StatusCode);
        var session = await app.SignedIn("admin", DemoData.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await session.GetAsync(Document)).StatusCode);
    }

    [Fact]
    public void Another_value_stops_the_start_naming_the_setting()
    {
        using var app = new TestApp().With(OpenApiAccess.Setting, "everyone");
        var e = Assert.Throws<InvalidOperationException>(() => app.CreateClient());
        Assert.Equal("OpenApi:Access is 'everyone': it must be anonymous, signed-in or off.", e.Message);
    }
}
