using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Pacesetter.App.Accounts;
using Pacesetter.Cli;
using Pacesetter.Web.Tests.Localization;
using Pacesetter.Web.Tests.Schemes;

namespace Pacesetter.Web.Tests.Supervision.Cards;

/// <summary>
/// An organization <c>city</c> with towns T1, T2, T3 (and T9 retired), an admin and a leader with tokens, and a clock
/// at 2026-12-02 10:00 Beijing; the files and the command the cards tests hold the application against.
/// </summary>
public sealed class CardsWorld : IAsyncDisposable
{
    public const string Org = "city";

    public required TestApp App { get; init; }
    public required int OrganizationId { get; init; }
    public required HttpClient Admin { get; init; }
    public required HttpClient Leader { get; init; }

    public static DateTimeOffset Now => new(2026, 12, 2, 2, 0, 0, TimeSpan.Zero);

    public static async Task<CardsWorld> CreateAsync(string provider, TestApp? app = null)
    {
        app ??= new TestApp(provider) { Clock = new FakeTimeProvider(Now) };
        var org = await app.Organization(Org);
        foreach (var (code, name) in new[] { ("T1", "城东街道"), ("T2", "城西街道"), ("T3", "城南街道"), ("T9", "旧城街道") }) await app.NewUnit(org, code, name, null);
        await using (var db = app.NewDb())
        {
            await db.Units.Where(u => u.OrganizationId == org && u.Code == "T9").ExecuteUpdateAsync(s => s.SetProperty(u => u.RetiredAt, Now));
        }
        var admin = await app.ApiAs(org, "city-admin", OrgRole.Admin);
        admin.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        return new CardsWorld
        {
            App = app,
            OrganizationId = org,
            Admin = admin,
            Leader = await app.ApiAs(org, "city-leader", OrgRole.Leader),
        };
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();

    public static string Api(string rest) => $"/api/orgs/{Org}/supervision/{rest}";

    /// <summary>The §3 scenario file (plan.md §3): six tasks of T1, T2, T3, default rules.</summary>
    public static string HistoryPath => Path.Combine(ChinaTimeTests.Root(), "tests", "Pacesetter.Web.Tests", "Supervision", "history-2026.tasks.json");

    /// <summary>The example of the command's help: four tasks of T1 and T2 with rules.</summary>
    public static string ExamplePath => Path.Combine(AppContext.BaseDirectory, "Data", "tasks-2026.tasks.json");

    public static byte[] History() => File.ReadAllBytes(HistoryPath);

    public static async Task<HttpResponseMessage> PutTasks(HttpClient client, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return await client.PutAsync(Api("tasks"), content);
    }

    public async Task ImportAsync(byte[] body)
    {
        var put = await PutTasks(Admin, body);
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
    }

    public async Task<string> CardsAsync(string asOf)
    {
        var get = await Leader.GetAsync(Api($"cards?asOf={asOf}"));
        var body = await get.Content.ReadAsStringAsync();
        Assert.True(get.IsSuccessStatusCode, body);
        return body;
    }

    public async Task<JsonElement> EvaluateAsync(string asOf)
    {
        var post = await Admin.PostAsJsonAsync(Api("evaluations"), new { asOf });
        var body = await post.Content.ReadAsStringAsync();
        Assert.True(post.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>What <c>pacesetter cards FILE --as-of D --format json</c> prints for <paramref name="file"/>.</summary>
    public static string Command(byte[] file, string asOf)
    {
        var path = Path.Combine(Path.GetTempPath(), "pacesetter-tests", $"tasks-{Guid.NewGuid():N}.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, file);
        try
        {
            var output = new StringWriter();
            var error = new StringWriter();
            var exit = Commands.Run(["cards", path, "--as-of", asOf, "--format", "json"], new CliContext(output, error, true));
            Assert.True(exit == 0, $"pacesetter cards exited {exit}: {error}");
            return output.ToString();
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The web answer equals the command's output byte for byte, and node by node with the order of fields.</summary>
    public static void AssertSame(string command, string web)
    {
        SchemeTestSupport.AssertSameJson(JsonDocument.Parse(command).RootElement, JsonDocument.Parse(web).RootElement);
        Assert.Equal(command, web);
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
