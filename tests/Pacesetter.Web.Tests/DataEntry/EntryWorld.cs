using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Accounts;
using Pacesetter.App.Data;
using Pacesetter.App.Organizations;
using Pacesetter.App.Schemes;

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

    public static async Task<EntryWorld> CreateAsync(string provider = "Sqlite")
    {
        var world = new EntryWorld(new TestApp(provider));
        await world.SetUpAsync();
        return world;
    }

    private async Task SetUpAsync()
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PacesetterDb>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var org = new Organization { Slug = Org, Name = "测试开发区", CreatedAt = DateTimeOffset.UtcNow };
        db.Organizations.Add(org);
        await db.SaveChangesAsync();
        OrganizationId = org.Id;
        await AddUser(db, users, "admin", new Membership { UserId = "", Role = OrgRole.Admin });
        await AddUser(db, users, "leader", new Membership { UserId = "", Role = OrgRole.Leader });
        await AddUser(db, users, "rep-t1", new Membership { UserId = "", Role = OrgRole.Reporter, UnitCode = "T1" });
        await AddUser(db, users, "rep-t2", new Membership { UserId = "", Role = OrgRole.Reporter, UnitCode = "T2" });
        await AddUser(db, users, "assessor", new Membership { UserId = "", Role = OrgRole.Assessor, Indicators = "cards,service" });

        var document = Example.DeepClone().AsObject();
        document.Remove("data");
        var store = scope.ServiceProvider.GetRequiredService<SchemeStore>();
        await db.InTransactionAsync(async () =>
        {
            var outcome = await store.SaveAsync(OrganizationId, Period, document, "admin", "test scheme", 0);
            Assert.True(outcome.Saved is not null, string.Join("; ", outcome.Problems));
            await db.SaveChangesAsync();
            return 0;
        });
    }

    private async Task AddUser(PacesetterDb db, UserManager<AppUser> users, string name, Membership membership)
    {
        var user = new AppUser { UserName = name, DisplayName = name, OrganizationId = OrganizationId };
        var result = await users.CreateAsync(user, Password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        membership.UserId = user.Id;
        membership.OrganizationId = OrganizationId;
        db.Memberships.Add(membership);
        await db.SaveChangesAsync();
    }

    /// <summary>An API client with a bearer token of <paramref name="user"/>.</summary>
    public async Task<HttpClient> Api(string user)
    {
        if (!tokens.TryGetValue(user, out var token))
        {
            using var scope = App.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<PacesetterDb>();
            var id = await db.Users.Where(u => u.UserName == user).Select(u => u.Id).SingleAsync();
            (token, _) = await scope.ServiceProvider.GetRequiredService<ApiTokenService>().CreateAsync(OrganizationId, id, "test", user);
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
