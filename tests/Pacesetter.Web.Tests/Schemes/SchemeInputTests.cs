using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Accounts;

namespace Pacesetter.Web.Tests.Schemes;

/// <summary>
/// Issue 7, findings 1 and 5, for whole scheme files and the editor: a lone surrogate (<c>"\ud800"</c>) or bytes that
/// are not UTF-8 answered 500 on <c>PUT …/scheme</c>, the import page and the editor; a datum nested 63 levels was
/// reported at <c>$</c>. Now each is a problem at its path (and line and byte), and nothing is saved.
/// </summary>
public class SchemeInputTests
{
    private const string Editor = "/orgs/zone/periods/2026-Q3/scheme";
    private const string List = "/orgs/zone/schemes";

    /// <summary>The example file with T1's name (<c>城东街道</c>) spoilt: an escaped lone surrogate, or a byte that is not UTF-8.</summary>
    public static (byte[] Escaped, byte[] Raw) SpoiltFiles()
    {
        var text = SchemeTestSupport.ExampleJson().ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Contains("\"T1\":\"城东街道\"", text);
        var escaped = Encoding.UTF8.GetBytes(text.Replace("\"T1\":\"城东街道\"", "\"T1\":\"城东\\ud800街道\""));
        var parts = text.Split("\"T1\":\"城东街道\"");
        byte[] raw = [.. Encoding.UTF8.GetBytes(parts[0] + "\"T1\":\"城东"), 0xFF, .. Encoding.UTF8.GetBytes("街道\"" + parts[1])];
        return (escaped, raw);
    }

    /// <summary>The byte (1-based, the file being one line) where the string of T1's name starts.</summary>
    private static int NameByte(byte[] file) => file.AsSpan().IndexOf("\"T1\":\"城东"u8) + 6;

    private static string NameProblem(byte[] file) =>
        $"$.units.T1: 字符串不是有效的文本：含有无效的 UTF-8 字节或不成对的代理项（\\ud800–\\udfff）（第 1 行第 {NameByte(file)} 个字节处）";

    private static async Task<List<string>> Problems(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return json.GetProperty("problems").EnumerateArray().Select(p => $"{p.GetProperty("path").GetString()}: {p.GetProperty("message").GetString()}").ToList();
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Put_scheme_refuses_strings_that_are_not_text_and_a_datum_nested_too_deep_at_their_paths(string provider)
    {
        using var app = new TestApp(provider);
        var org = await app.Organization("zone");
        var api = await app.ApiAs(org, "zone-admin", OrgRole.Admin);
        var (escaped, raw) = SpoiltFiles();

        Assert.Equal([NameProblem(escaped)], await Problems(await api.PutScheme("zone", "2026-Q3", escaped)));
        Assert.Equal([NameProblem(raw)], await Problems(await api.PutScheme("zone", "2026-Q3", raw)));

        var deep = SchemeTestSupport.ExampleJson();
        deep["data"]!["T1"]!["land"] = JsonNode.Parse(DataEntry.DatumInputTests.Nested(63));
        Assert.Equal(["$.data.T1.land: 数组与对象嵌套超过 8 层：数据应为数值、字符串、{\"value\", …}、奖项或事件列表、按类型的次数"],
            await Problems(await api.PutScheme("zone", "2026-Q3", deep.Utf8())));

        // A field name that is not text is named at the object holding it.
        var names = SchemeTestSupport.ExampleJson().ToJsonString().Replace("\"land\":420", "\"la\\udc00nd\":420");
        var nameProblems = await Problems(await api.PutScheme("zone", "2026-Q3", Encoding.UTF8.GetBytes(names)));
        Assert.Single(nameProblems);
        Assert.StartsWith("$.data.T1: 字段名不是有效的文本：含有无效的 UTF-8 字节或不成对的代理项（\\ud800–\\udfff）（第 1 行第 ", nameProblems[0]);

        await using var db = app.NewDb();
        Assert.Equal(0, await db.SchemeVersions.CountAsync());
        Assert.Equal(0, await db.DatumEntries.CountAsync());
        Assert.Equal(0, await db.Units.CountAsync());
    }

    private static async Task<HttpResponseMessage> Upload(HttpClient client, byte[] file)
    {
        var html = await client.GetStringAsync(List);
        var form = new MultipartFormDataContent
        {
            { new StringContent(TestApp.AntiforgeryToken(html)), "__RequestVerificationToken" },
        };
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(content, "Upload", "zone.json");
        return await client.PostAsync(List + "?handler=Import", form);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Import_page_lists_a_string_that_is_not_text_at_its_path(string provider)
    {
        using var app = new TestApp(provider);
        var org = await app.Organization("zone");
        await app.User(org, "zone-admin", OrgRole.Admin);
        var admin = await app.SignedIn("zone-admin", SchemeTestSupport.Password);
        var (escaped, raw) = SpoiltFiles();

        foreach (var file in new[] { escaped, raw })
        {
            var response = await Upload(admin, file);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            Assert.Contains("zone.json 有 1 个问题，未导入任何内容", html);
            Assert.Contains($"<code class=\"problem-path\">$.units.T1</code>: <span class=\"problem-message\">字符串不是有效的文本：含有无效的 UTF-8 字节或不成对的代理项（\\ud800–\\udfff）（第 1 行第 {NameByte(file)} 个字节处）</span>", html);
        }
        await using var db = app.NewDb();
        Assert.Equal(0, await db.SchemeVersions.CountAsync());
    }

    /// <summary>
    /// The editor's validate, save and apply with a lone surrogate in the text: the problem is listed at its path and
    /// nothing is saved or applied. (A form cannot carry bytes that are not UTF-8: ASP.NET Core decodes them to U+FFFD.)
    /// </summary>
    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Editor_validate_save_and_apply_name_a_lone_surrogate_at_its_path(string provider)
    {
        using var app = new TestApp(provider);
        var org = await app.Organization("zone");
        await app.User(org, "zone-admin", OrgRole.Admin);
        var api = await app.ApiAs(org, "zone-admin2", OrgRole.Admin);
        Assert.Equal(HttpStatusCode.OK, (await api.PutScheme("zone", "2026-Q3", SchemeTestSupport.Example())).StatusCode);
        var admin = await app.SignedIn("zone-admin", SchemeTestSupport.Password);
        string document;
        await using (var db = app.NewDb()) document = (await db.SchemeVersions.SingleAsync()).Document;
        Assert.Contains("\"name\": \"示范开发区2026年第三季度综合考核\"", document);
        if (provider == "Sqlite") Assert.Contains("\n  \"name\": \"示范开发区2026年第三季度综合考核\"", document);
        var text = document.Replace("\"name\": \"示范开发区2026年第三季度综合考核\"", "\"name\": \"示范开发区\\ud800\"");
        // Where the name's string starts: line and byte in line (PostgreSQL returns its jsonb on one line).
        var bytes = Encoding.UTF8.GetBytes(text);
        int at = bytes.AsSpan().IndexOf("\"示范开发区\\ud800\""u8);
        int line = bytes.AsSpan(0, at).Count((byte)'\n') + 1;
        int column = at - bytes.AsSpan(0, at).LastIndexOf((byte)'\n');
        var expected = $"<code class=\"problem-path\">$.name</code>: <span class=\"problem-message\">字符串不是有效的文本：含有无效的 UTF-8 字节或不成对的代理项（\\ud800–\\udfff）（第 {line} 行第 {column} 个字节处）</span>";

        async Task<(HttpStatusCode, string)> Post(string handler, Dictionary<string, string> fields)
        {
            var page = await admin.GetStringAsync(Editor);
            fields["Text"] = text;
            fields["BaseVersion"] = "1";
            fields["__RequestVerificationToken"] = TestApp.AntiforgeryToken(page);
            var response = await admin.PostAsync(Editor + "?handler=" + handler, new FormUrlEncodedContent(fields));
            return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        }

        var (status, html) = await Post("Validate", []);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("发现 1 个问题", html);
        Assert.Contains(expected, html);

        (status, html) = await Post("Save", new() { ["Reason"] = "改名" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(expected, html);

        (status, html) = await Post("ApplyIndicator&category=towns&indicator=land", new()
        {
            ["f_id"] = "land",
            ["f_name"] = "土地",
            ["f_kind"] = "base",
            ["f_weight"] = "10",
            ["f_method"] = "leaderRatio",
        });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("编辑框中的 JSON 无法解析，请先修正后再使用表单。", html);
        Assert.Contains(expected, html);

        await using (var db = app.NewDb()) Assert.Equal(1, await db.SchemeVersions.CountAsync());
    }
}
