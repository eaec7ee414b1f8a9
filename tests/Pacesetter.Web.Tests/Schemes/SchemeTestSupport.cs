using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pacesetter.App.Accounts;
using Pacesetter.Cli;

namespace Pacesetter.Web.Tests.Schemes;

/// <summary>Organizations, users, tokens and files for the schemes tests.</summary>
public static class SchemeTestSupport
{
    public const string Password = "Schemes#2026pass";

    public static string ExamplePath => Path.Combine(AppContext.BaseDirectory, "Data", "zone-2026q3.json");

    public static byte[] Example() => File.ReadAllBytes(ExamplePath);

    public static JsonObject ExampleJson() => JsonNode.Parse(Example())!.AsObject();

    /// <summary>A new organization with the slug; returns its id.</summary>
    public static Task<int> Organization(this TestApp app, string slug) => app.NewOrganization(slug, slug + " 区");

    /// <summary>A user of the organization with one role and the password <see cref="Password"/>; returns the user id.</summary>
    public static async Task<string> User(this TestApp app, int organizationId, string userName, OrgRole role, string? unit = null, string? indicators = null) =>
        (await app.NewUser(organizationId, userName, Password, false, Seeding.Role(role, unit, indicators))).Id;

    public static async Task<string> Token(this TestApp app, int organizationId, string userId) => (await app.NewToken(organizationId, userId)).Token;

    /// <summary>An API client holding a new token of a new user with the role.</summary>
    public static async Task<HttpClient> ApiAs(this TestApp app, int organizationId, string userName, OrgRole role)
    {
        var user = await app.User(organizationId, userName, role);
        return app.Api(await app.Token(organizationId, user));
    }

    public static HttpClient Api(this TestApp app, string? token)
    {
        var client = app.Browser();
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static Task<HttpResponseMessage> PutScheme(this HttpClient client, string org, string period, byte[] body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/orgs/{org}/periods/{period}/scheme") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    public static byte[] Utf8(this JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    /// <summary>
    /// What the real <c>pacesetter score FILE --format json</c> prints for <paramref name="schemeFile"/>; fails on a
    /// non-zero exit with the command's standard error.
    /// </summary>
    public static JsonElement Score(string schemeFile) =>
        JsonDocument.Parse(Command("score", schemeFile, "--format", "json")).RootElement.Clone();

    /// <summary>
    /// What the real <c>pacesetter VERB FILE ARGS</c> prints on standard output (redirected) for a file holding
    /// <paramref name="fileText"/>; fails on a non-zero exit with the command's standard error.
    /// </summary>
    public static string Command(string verb, string fileText, params string[] args)
    {
        var path = Path.Combine(Path.GetTempPath(), "pacesetter-tests", $"{verb}-{Guid.NewGuid():N}.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, fileText);
        try
        {
            var output = new StringWriter();
            var error = new StringWriter();
            var exit = Commands.Run([verb, path, .. args], new CliContext(output, error, true));
            Assert.True(exit == 0, $"pacesetter {verb} exited {exit}: {error}");
            return output.ToString();
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Asserts two JSON values are equal field by field, naming the first path that differs.</summary>
    public static void AssertSameJson(JsonElement expected, JsonElement actual, string path = "$")
    {
        Assert.True(expected.ValueKind == actual.ValueKind, $"{path}: expected {expected.ValueKind}, got {actual.ValueKind}");
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var names = expected.EnumerateObject().Select(p => p.Name).ToList();
                Assert.True(names.SequenceEqual(actual.EnumerateObject().Select(p => p.Name)), $"{path}: fields differ: [{string.Join(",", names)}] vs [{string.Join(",", actual.EnumerateObject().Select(p => p.Name))}]");
                foreach (var p in expected.EnumerateObject()) AssertSameJson(p.Value, actual.GetProperty(p.Name), $"{path}.{p.Name}");
                break;
            case JsonValueKind.Array:
                Assert.True(expected.GetArrayLength() == actual.GetArrayLength(), $"{path}: {expected.GetArrayLength()} items, got {actual.GetArrayLength()}");
                for (int i = 0; i < expected.GetArrayLength(); i++) AssertSameJson(expected[i], actual[i], $"{path}[{i}]");
                break;
            case JsonValueKind.Number:
                Assert.True(expected.GetDecimal() == actual.GetDecimal(), $"{path}: expected {expected.GetRawText()}, got {actual.GetRawText()}");
                break;
            case JsonValueKind.String:
                Assert.True(expected.GetString() == actual.GetString(), $"{path}: expected {expected.GetString()}, got {actual.GetString()}");
                break;
        }
    }
}

/// <summary>The import page's two steps (ADR 0013): upload for a preview, then confirm it with a reason.</summary>
public static partial class ImportPage
{
    /// <summary>Uploads <paramref name="file"/> on the schemes page <paramref name="list"/>; the page with the preview (or the problems).</summary>
    public static async Task<string> UploadAsync(HttpClient client, string list, byte[] file, string fileName = "zone.json")
    {
        var html = await client.GetStringAsync(list);
        var form = new MultipartFormDataContent { { new StringContent(TestApp.AntiforgeryToken(html)), "__RequestVerificationToken" } };
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(content, "Upload", fileName);
        var response = await client.PostAsync(list + "?handler=Import", form);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The kept upload's id and the plan's token the preview carries to its confirm.</summary>
    public static (string Pending, string Token) Plan(string html) =>
        (HiddenField().Matches(html).Single(m => m.Groups[1].Value == "Pending").Groups[2].Value,
         HiddenField().Matches(html).Single(m => m.Groups[1].Value == "Token").Groups[2].Value);

    /// <summary>Confirms the preview shown in <paramref name="html"/> with <paramref name="reason"/>; the page answered (decoded).</summary>
    public static async Task<string> ConfirmAsync(HttpClient client, string list, string html, string reason, string? token = null)
    {
        var (pending, shown) = Plan(html);
        var response = await client.PostAsync(list + "?handler=Confirm", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = TestApp.AntiforgeryToken(html),
            ["Pending"] = pending,
            ["Token"] = token ?? shown,
            ["FileName"] = "zone.json",
            ["Reason"] = reason,
        }));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Upload and confirm: the page after the confirm.</summary>
    public static async Task<string> ImportAsync(HttpClient client, string list, byte[] file, string reason = "导入测试", string fileName = "zone.json") =>
        await ConfirmAsync(client, list, await UploadAsync(client, list, file, fileName), reason);

    [System.Text.RegularExpressions.GeneratedRegex("<input type=\"hidden\" name=\"(Pending|Token)\" value=\"([^\"]*)\"")]
    private static partial System.Text.RegularExpressions.Regex HiddenField();
}
