using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Accounts;
using Pacesetter.App.Data;

namespace Pacesetter.Web.Tests.DataEntry;

/// <summary>
/// An organization \"zone\" with the worked example's scheme for 2026-Q3 (without its data and its event exemption) and one user per role:
/// admin, leader, rep-t1 (reporter of T1), rep-t2 (reporter of T2), assessor (indicators cards and service).
/// </summary>
public sealed class EntryWorld : IDisposable
{
    public const string Password = "Test#2026pass";
    public const string Org = "zone";
    public const string Period = "2026-Q3";

    public TestApp App { get; }
    public int OrganizationId { get; private set; }
    public JsonObject Example { get; }
    private readonly Dictionary<string, string> tokens = [];

    private EntryWorld(TestApp app)
    {
        App = app;
        Example = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "zone-2026q3.json")))!.AsObject();
        // The example's exemption x1 names event c1 of T2's data: a document without data cannot hold it.
        Example["adjustments"]!.AsArray().RemoveAt(0);
    }

    public static string EntryUrl => Routes.Entry(Org, Period);
    public static string MatrixUrl => Routes.Matrix(Org, Period);
    public static string PreviewUrl => Routes.Preview(Org, Period);
    public static string DataUrl => $"/api/orgs/{Org}/periods/{Period}/data";

    /// <summary>The display names of admin and rep-t1: the pages name people by them, the API by user name.</summary>
    public const string AdminName = "考核办管理员", ReporterName = "城东填报员";

    public static Task<EntryWorld> CreateAsync(string provider = "Sqlite") => CreateAsync(new TestApp(provider));

    /// <summary>The world in <paramref name="app"/>, an app on an empty database made by the test (a setting of its own).</summary>
    public static async Task<EntryWorld> CreateAsync(TestApp app)
    {
        var world = new EntryWorld(app);
        await world.SetUpAsync();
        return world;
    }

    private async Task SetUpAsync()
    {
        OrganizationId = await App.NewOrganization(Org, "测试开发区");
        await App.NewPerson(OrganizationId, "admin", AdminName, Password, false, Seeding.Role(OrgRole.Admin));
        await App.NewUser(OrganizationId, "leader", Password, false, Seeding.Role(OrgRole.Leader));
        await App.NewPerson(OrganizationId, "rep-t1", ReporterName, Password, false, Seeding.Role(OrgRole.Reporter, unit: "T1"));
        await App.NewUser(OrganizationId, "rep-t2", Password, false, Seeding.Role(OrgRole.Reporter, unit: "T2"));
        await App.NewUser(OrganizationId, "assessor", Password, false, Seeding.Role(OrgRole.Assessor, indicators: "cards,service"));

        var document = Example.DeepClone().AsObject();
        document.Remove("data");
        await App.SaveScheme(OrganizationId, Period, document);
    }

    /// <summary>An API client with a bearer token of <paramref name="user"/>.</summary>
    public async Task<HttpClient> Api(string user)
    {
        if (!tokens.TryGetValue(user, out var token))
        {
            await using var db = App.NewDb();
            var id = await db.Users.Where(u => u.UserName == user).Select(u => u.Id).SingleAsync();
            token = (await App.NewToken(OrganizationId, id, "test", user)).Token;
            tokens[user] = token;
        }
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public Task<HttpClient> Browser(string user) => App.SignedIn(user, Password);

    /// <summary>PUT a datum through the API.</summary>
    public static Task<HttpResponseMessage> Put(HttpClient api, string unit, string indicator, string valueJson, int version, bool submit) =>
        api.PutAsync($"{DataUrl}/{unit}/{indicator}", JsonContent.Create(new { value = JsonNode.Parse(valueJson), version, submit }));

    public static async Task<JsonElement> Json(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    /// <summary>Posts a page form (with the antiforgery token of <paramref name="pageUrl"/>) to a handler.</summary>
    public static async Task<HttpResponseMessage> PostForm(HttpClient browser, string pageUrl, string handler, IEnumerable<KeyValuePair<string, string>> fields, bool htmx = false)
    {
        var page = await browser.GetStringAsync(pageUrl);
        var all = fields.ToList();
        all.Add(new("__RequestVerificationToken", TestApp.AntiforgeryToken(page)));
        var request = new HttpRequestMessage(HttpMethod.Post, $"{pageUrl.Split('?')[0]}?handler={handler}") { Content = new FormUrlEncodedContent(all) };
        if (htmx) request.Headers.Add("HX-Request", "true");
        return await browser.SendAsync(request);
    }

    public PacesetterDb Db() => App.NewDb();

    public void Dispose() => App.Dispose();
}
