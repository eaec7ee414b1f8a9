using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Accounts;
using Pacesetter.App.DataEntry;
using Pacesetter.App.Organizations;
using Pacesetter.App.Schemes;
using Pacesetter.App.Writes;
using Pacesetter.Web.Tests.DataEntry;
using Pacesetter.Web.Tests.Schemes;

namespace Pacesetter.Web.Tests.Writes;

/// <summary>
/// Issue 7, findings 4 and 7: every text a write stores has a stated limit (<see cref="InputLimits"/>) checked before
/// the database — a 400 naming the field, the same on SQLite and PostgreSQL, nothing stored — the limit itself is
/// accepted, NUL is refused everywhere, and a scheme file stored in an organization follows the organization's rules
/// for unit and category codes and indicator ids.
/// </summary>
public class InputLimitsTests
{
    private const string Scheme = "/api/orgs/zone/periods/2026-Q3/scheme";

    private static async Task<T> Call<T>(TestApp app, Func<IServiceProvider, Task<T>> call)
    {
        using var scope = app.Services.CreateScope();
        return await call(scope.ServiceProvider);
    }

    private static async Task<JsonElement> Body(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    /// <summary>The problems of a ProblemDetails answer as (path, message).</summary>
    private static async Task<List<(string Path, string Message)>> Problems(HttpResponseMessage response)
    {
        var body = await Body(response);
        if (body.TryGetProperty("problems", out var list))
        {
            return list.EnumerateArray().Select(p => (p.GetProperty("path").GetString()!, p.GetProperty("message").GetString()!)).ToList();
        }
        return body.GetProperty("errors").EnumerateObject().SelectMany(e => e.Value.EnumerateArray().Select(m => (e.Name, m.GetString()!))).ToList();
    }

    private static async Task<EntryWorld> Submitted(string provider)
    {
        var world = await EntryWorld.CreateAsync(provider);
        var rep = await world.Api("rep-t1");
        Assert.Equal(HttpStatusCode.OK, (await EntryWorld.Put(rep, "T1", "revenue", """{"value": 12.6, "target": 11}""", 0, submit: true)).StatusCode);
        return world;
    }

    private static Task<HttpResponseMessage> Return(HttpClient admin, string reason) =>
        admin.PostAsync($"{EntryWorld.DataUrl}/T1/revenue/review", JsonContent.Create(new { approve = false, reason, version = 1 }));

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_return_reason_over_2000_characters_or_with_NUL_is_a_400_naming_the_reason_and_2000_are_accepted(string provider)
    {
        using var world = await Submitted(provider);
        var admin = await world.Api("admin");

        var tooLong = await Return(admin, new string('退', 2001));
        var nul = await Return(admin, "数据有误\0请核实");

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal([("$.reason", "“原因”最多 2000 个字符。")], await Problems(tooLong));
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
        Assert.Equal([("$.reason", "“原因”不能包含 NUL 字符（U+0000）。")], await Problems(nul));
        await using (var db = world.Db())
        {
            var row = await db.DatumEntries.SingleAsync();
            Assert.Equal((DatumState.Submitted, 1, (string?)null), (row.State, row.Version, row.ReturnReason));
            Assert.Equal(0, await db.AuditEntries.CountAsync(a => a.Kind == "datum.return"));
        }

        var exactly = await Return(admin, new string('退', 2000));

        Assert.Equal(HttpStatusCode.OK, exactly.StatusCode);
        await using (var db = world.Db())
        {
            var row = await db.DatumEntries.SingleAsync();
            Assert.Equal((DatumState.Returned, 2, 2000), (row.State, row.Version, row.ReturnReason!.Length));
            Assert.Equal(2000, (await db.AuditEntries.SingleAsync(a => a.Kind == "datum.return")).Reason!.Length);
        }
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_bulk_return_of_the_entry_page_refuses_a_reason_over_2000_characters_and_stores_nothing(string provider)
    {
        using var world = await Submitted(provider);
        var browser = await world.Browser("admin");

        var response = await EntryWorld.PostForm(browser, EntryWorld.EntryUrl + "?unit=T1", "ReviewUnit",
            [new("unit", "T1"), new("decision", "return"), new("reason", new string('退', 2001))]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("“原因”最多 2000 个字符。", await response.Content.ReadAsStringAsync());
        await using var db = world.Db();
        Assert.Equal(DatumState.Submitted, (await db.DatumEntries.SingleAsync()).State);
    }

    /// <summary>The worked example with its T1, towns or revenue renamed everywhere it appears.</summary>
    private static byte[] Renamed(string from, string to, Action<JsonObject>? change = null)
    {
        var text = Encoding.UTF8.GetString(SchemeTestSupport.Example()).Replace($"\"{from}\"", JsonSerializer.Serialize(to, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        var file = JsonNode.Parse(text)!.AsObject();
        change?.Invoke(file);
        return file.Utf8();
    }

    private static async Task<(TestApp App, int Org, HttpClient Admin)> Zone(string provider)
    {
        var app = new TestApp(provider);
        var org = await app.Organization("zone");
        return (app, org, await app.ApiAs(org, "zone-admin", OrgRole.Admin));
    }

    private static async Task AssertNothingStored(TestApp app)
    {
        await using var db = app.NewDb();
        Assert.Equal((0, 0, 0, 0), (await db.SchemeVersions.CountAsync(), await db.Units.CountAsync(), await db.UnitCategories.CountAsync(), await db.DatumEntries.CountAsync()));
    }

    public static TheoryData<string, string, string, string, string> OversizedSchemes()
    {
        var data = new TheoryData<string, string, string, string, string>();
        var u100 = new string('U', 100);
        var c80 = new string('c', 80);
        var i100 = new string('i', 100);
        foreach (var provider in Databases.Providers())
        {
            data.Add(provider, "T1", u100, "$.units." + u100 + "|$.categories[0].units[0]", "“单位代码”只能由字母、数字、下划线和连字符组成，长度 1–64 个字符。");
            data.Add(provider, "towns", c80, "$.categories[0].id", "“类别代码”只能由字母、数字、下划线和连字符组成，长度 1–64 个字符。");
            data.Add(provider, "revenue", i100, "$.categories[0].indicators[0].id", "“指标 id”须为 1–64 个字符，且不能包含控制字符。");
            // Finding 7: the Units page's code rule holds for a scheme file too.
            data.Add(provider, "T1", "U\"><img src=x onerror=alert(1)>", "$.units['U\"><img src=x onerror=alert(1)>']|$.categories[0].units[0]", "“单位代码”只能由字母、数字、下划线和连字符组成，长度 1–64 个字符。");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(OversizedSchemes))]
    public async Task A_scheme_with_an_id_over_its_limit_or_against_the_code_rule_is_a_400_naming_each_place_and_stores_nothing(string provider, string from, string to, string paths, string message)
    {
        var (app, _, admin) = await Zone(provider);
        using var __ = app;

        var response = await admin.PutScheme("zone", "2026-Q3", Renamed(from, to));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problems = await Problems(response);
        Assert.Equal(paths.Split('|'), problems.Select(p => p.Path));
        Assert.All(problems, p => Assert.Equal(message, p.Message));
        await AssertNothingStored(app);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_scheme_with_a_300_character_unit_name_or_a_3000_character_reason_is_a_400_naming_them_and_stores_nothing(string provider)
    {
        var (app, _, admin) = await Zone(provider);
        using var __ = app;
        var english = new HttpRequestMessage(HttpMethod.Put, Scheme + "?reason=" + new string('r', 3000))
        {
            Content = new ByteArrayContent(Renamed("x", "x", f => f["units"]!["T1"] = new string('名', 300))),
        };
        english.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        english.Headers.AcceptLanguage.ParseAdd("en");

        var response = await admin.SendAsync(english);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            [
                ("reason", "Reason may be at most 2000 characters long."),
                ("$.units.T1", "Unit name must be 1–200 characters long."),
            ],
            await Problems(response));
        await AssertNothingStored(app);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_new_version_of_an_existing_period_with_a_3000_character_reason_or_a_100_character_indicator_id_is_a_400_and_keeps_version_1(string provider)
    {
        var (app, _, admin) = await Zone(provider);
        using var __ = app;
        Assert.Equal(HttpStatusCode.OK, (await admin.PutScheme("zone", "2026-Q3", SchemeTestSupport.Example())).StatusCode);
        var request = new HttpRequestMessage(HttpMethod.Put, Scheme + "?reason=" + new string('r', 3000)) { Content = new ByteArrayContent(SchemeTestSupport.Example()) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var reason = await admin.SendAsync(request);
        var indicator = await admin.PutScheme("zone", "2026-Q3", Renamed("revenue", new string('i', 100)));

        Assert.Equal(HttpStatusCode.BadRequest, reason.StatusCode);
        Assert.Equal([("reason", "“原因”最多 2000 个字符。")], await Problems(reason));
        Assert.Equal(HttpStatusCode.BadRequest, indicator.StatusCode);
        Assert.Equal(["$.categories[0].indicators[0].id"], (await Problems(indicator)).Select(p => p.Path));
        await using var db = app.NewDb();
        Assert.Equal([1], await db.SchemeVersions.Select(v => v.Version).ToListAsync());
        Assert.Equal(0, await db.DatumEntries.CountAsync(d => d.IndicatorId.Length > 64));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_scheme_at_every_limit_is_imported_and_a_datum_of_its_64_character_indicator_is_saved(string provider)
    {
        var (app, org, admin) = await Zone(provider);
        using var __ = app;
        var unit = new string('U', 64);
        var indicator = new string('i', 64);
        var category = new string('c', 64);
        var file = JsonNode.Parse(Renamed("T1", unit))!.AsObject();
        var text = file.ToJsonString().Replace("\"revenue\"", $"\"{indicator}\"").Replace("\"towns\"", $"\"{category}\"");
        file = JsonNode.Parse(text)!.AsObject();
        file["units"]![unit] = new string('名', 200);
        file["categories"]![0]!["name"] = new string('类', 200);
        // The example's exemption x1 names event c1 of T2's data: data entry reads the stored document without data.
        file["adjustments"]!.AsArray().RemoveAt(0);
        var request = new HttpRequestMessage(HttpMethod.Put, Scheme + "?reason=" + new string('r', 2000)) { Content = new ByteArrayContent(file.Utf8()) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await admin.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        await using (var db = app.NewDb())
        {
            Assert.Equal(200, (await db.Units.SingleAsync(u => u.Code == unit)).Name.Length);
            Assert.Equal(200, (await db.UnitCategories.SingleAsync(c => c.Code == category)).Name.Length);
            Assert.Equal(2000, (await db.SchemeVersions.SingleAsync()).Reason!.Length);
            Assert.Equal("""{"value":12.6,"target":11}""", (await db.DatumEntries.SingleAsync(d => d.UnitCode == unit && d.IndicatorId == indicator)).Value);
        }
        var admin2 = await app.ApiAs(org, "second-admin", OrgRole.Admin);
        var put = await admin2.PutAsync($"/api/orgs/zone/periods/2026-Q3/data/{unit}/{indicator}", JsonContent.Create(new { value = JsonNode.Parse("""{"value": 13, "target": 11}"""), version = 1, submit = false }));
        Assert.True(put.StatusCode == HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        Assert.Equal(2, (await EntryWorld.Json(put)).GetProperty("version").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_editors_save_applies_the_same_rules_as_the_import(string provider)
    {
        var (app, org, _) = await Zone(provider);
        using var __ = app;
        var document = JsonNode.Parse(Renamed("revenue", new string('i', 65)))!.AsObject();
        document.Remove("data");
        // The example's exemption x1 names event c1 of T2's data: a document without data cannot hold it.
        document["adjustments"]!.AsArray().RemoveAt(0);

        var refused = await Call(app, sp => sp.GetRequiredService<SchemeStore>().SaveAsync(org, "2026-Q3", document, "admin", "编辑\0保存", 0));

        Assert.Equal(WriteStatus.Invalid, refused.Status);
        Assert.Equal(["reason", "$.categories[0].indicators[0].id"], refused.Problems.Select(p => p.Path));
        await AssertNothingStored(app);
    }

    [Fact]
    public void A_database_error_that_is_not_a_conflict_is_never_reported_as_one()
    {
        var tooLong = new Npgsql.PostgresException("value too long for type character varying(2000)", "ERROR", "ERROR", Npgsql.PostgresErrorCodes.StringDataRightTruncation);
        var nul = new Npgsql.PostgresException("invalid byte sequence for encoding \"UTF8\": 0x00", "ERROR", "ERROR", Npgsql.PostgresErrorCodes.CharacterNotInRepertoire);
        var unique = new Npgsql.PostgresException("duplicate key value violates unique constraint", "ERROR", "ERROR", Npgsql.PostgresErrorCodes.UniqueViolation);

        Assert.False(OrgWriter.IsConflict(new DbUpdateConcurrencyException("batch failed", tooLong)));
        Assert.False(OrgWriter.IsConflict(new DbUpdateException("save failed", tooLong)));
        Assert.False(OrgWriter.IsConflict(new DbUpdateException("save failed", nul)));
        Assert.True(OrgWriter.IsConflict(new DbUpdateConcurrencyException("0 rows affected", (Exception?)null)));
        Assert.True(OrgWriter.IsConflict(new DbUpdateException("save failed", unique)));
    }

    [Fact]
    public void The_scoring_command_still_reads_any_id_the_specification_allows()
    {
        var file = Renamed("T1", "U\"><img src=x onerror=alert(1)>");
        var read = Pacesetter.Scoring.Schemes.SchemeReader.Read(file);
        Assert.True(read.IsValid, string.Join("; ", read.Problems));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task NUL_in_a_scheme_file_is_a_400_with_its_path(string provider)
    {
        var (app, _, admin) = await Zone(provider);
        using var __ = app;

        var response = await admin.PutScheme("zone", "2026-Q3", Renamed("x", "x", f =>
        {
            f["name"] = "方案\0名称";
            f["units"]!["T2"] = "城\0西";
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            [
                ("$.units.T2", "“单位名称”不能包含控制字符。"),
                ("$.name", "不能包含 NUL 字符（U+0000）。"),
            ],
            await Problems(response));
        await AssertNothingStored(app);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task An_evidence_file_name_with_NUL_is_a_400_naming_the_file_and_stores_nothing(string provider)
    {
        using var world = await EntryWorld.CreateAsync(provider);
        var browser = await world.Browser("rep-t1");
        var page = await browser.GetStringAsync(EntryWorld.EntryUrl);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(TestApp.AntiforgeryToken(page)), "__RequestVerificationToken" },
            { new StringContent("T1"), "unit" },
            { new StringContent("revenue"), "indicator" },
        };
        var file = new ByteArrayContent(DataEntry.EvidenceSamples.Pdf());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "收入\0报表.pdf");

        var response = await browser.PostAsync(EntryWorld.EntryUrl + "?handler=Upload", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("“文件名”不能包含控制字符。", await response.Content.ReadAsStringAsync());
        await using var db = world.Db();
        Assert.Equal((0, 0), (await db.Evidence.CountAsync(), await db.DatumEntries.CountAsync()));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task NUL_in_a_name_or_a_reason_of_the_organization_pages_is_a_400_naming_the_field(string provider)
    {
        var (app, org, admin) = await Zone(provider);
        using var __ = app;

        var unit = await admin.PutAsJsonAsync("/api/orgs/zone/units/T1", new { name = "城\0东" });
        var category = await admin.PutAsJsonAsync("/api/orgs/zone/categories/towns", new { name = "镇\0街" });
        var inCategory = await admin.PutAsJsonAsync("/api/orgs/zone/units/T2", new { name = "城西街道", category = "to\0wns" });
        App.Access.Actor actor;
        await using (var read = app.NewDb())
        {
            var me = await read.Users.SingleAsync(u => u.UserName == "zone-admin");
            actor = new App.Access.Actor
            {
                UserId = me.Id,
                UserName = "zone-admin",
                Organization = await read.Organizations.SingleAsync(o => o.Id == org),
                IsPlatformAdmin = false,
                Memberships = [new Membership { UserId = me.Id, OrganizationId = org, Role = OrgRole.Admin }],
            };
        }
        var reasoned = await Call(app, sp => sp.GetRequiredService<UnitService>().CreateUnitAsync(actor, "T9", "九号镇", null, "新设\0单位"));
        var token = await Call(app, sp => sp.GetRequiredService<ApiTokenService>().CreateAsync(org, actor.UserId, "令\0牌", "zone-admin"));
        var user = await Call(app, sp => sp.GetRequiredService<UserService>().CreateAsync(actor, "new-user", "新\0用户", "Test#2026pass"));
        var grant = await Call(app, sp => sp.GetRequiredService<UserService>().GrantAsync(actor, actor.UserId, OrgRole.Reporter, "T\01", null));

        Assert.Equal(HttpStatusCode.BadRequest, unit.StatusCode);
        Assert.Equal([("$.name", "“名称”不能包含控制字符。")], await Problems(unit));
        Assert.Equal(HttpStatusCode.BadRequest, category.StatusCode);
        Assert.Equal([("$.name", "“名称”不能包含控制字符。")], await Problems(category));
        Assert.Equal(HttpStatusCode.BadRequest, inCategory.StatusCode);
        Assert.Equal([("$.category", "“类别”不是本组织的类别。")], await Problems(inCategory));
        Assert.Equal(["$.reason"], reasoned.Problems.Select(p => p.Path));
        Assert.Equal(["$.name"], token.Problems.Select(p => p.Path));
        Assert.Equal(["$.displayName"], user.Problems.Select(p => p.Path));
        Assert.Equal(["$.unit"], grant.Problems.Select(p => p.Path));
        await using var db = app.NewDb();
        Assert.Equal((0, 0, 0), (await db.Units.CountAsync(), await db.UnitCategories.CountAsync(), await db.Users.CountAsync(u => u.UserName == "new-user")));
    }
}
