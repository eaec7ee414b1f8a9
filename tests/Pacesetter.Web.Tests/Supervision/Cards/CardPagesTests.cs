using System.Net;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Accounts;
using Pacesetter.Web.Tests.Schemes;

namespace Pacesetter.Web.Tests.Supervision.Cards;

/// <summary>
/// The office's two pages of the card rules and the tasks file, through real HTTP with a signed-in session: the rules
/// form saves what <c>PUT rules</c> saves and refuses at each field with the engine's words; the import previews,
/// imports all or nothing, and lists every problem with its JSON path.
/// </summary>
public sealed class CardPagesTests
{
    private static readonly HtmlParser Parser = new();

    private static async Task<(CardsWorld World, HttpClient Page)> OpenAsync()
    {
        var world = await CardsWorld.CreateAsync("Sqlite");
        await world.App.User(world.OrganizationId, "city-office", OrgRole.Admin);
        return (world, await world.App.SignedIn("city-office", SchemeTestSupport.Password));
    }

    private static async Task<string> TokenAsync(HttpClient page, string address) => TestApp.AntiforgeryToken(await page.GetStringAsync(address));

    private static async Task<JsonElement> RulesAsync(CardsWorld world) =>
        JsonDocument.Parse(await world.Admin.GetStringAsync(CardsWorld.Api("rules"))).RootElement;

    private static Dictionary<string, string> RulesForm(string token, int version, string yellowLag, string redLag, string escalateAfter = "2") => new()
    {
        ["__RequestVerificationToken"] = token,
        ["version"] = version.ToString(),
        ["yellowLag"] = yellowLag,
        ["redLag"] = redLag,
        ["notStartedYellowMonths"] = "1",
        ["notStartedRedMonths"] = "3",
        ["escalateAfter"] = escalateAfter,
        ["acknowledgeWorkingDays"] = "2",
        ["verifyWorkingDays"] = "5",
    };

    [Fact]
    public async Task The_rules_form_saves_against_the_version_shown_and_refuses_at_each_field_with_the_engines_words()
    {
        var (world, page) = await OpenAsync();
        await using var _ = world;
        const string address = "/orgs/city/supervision/rules";

        var html = Parser.ParseDocument(await page.GetStringAsync(address));
        Assert.Equal(["10", "30", "1", "3", "2", "1", "3"], new[] { "yellowLag", "redLag", "notStartedYellowMonths", "notStartedRedMonths", "escalateAfter", "acknowledgeWorkingDays", "verifyWorkingDays" }
            .Select(f => html.GetElementById(f)!.GetAttribute("value")));
        var token = TestApp.AntiforgeryToken(html.DocumentElement.OuterHtml);

        // A red threshold below the yellow one and a count that is not a number: 400, each at its field, nothing saved.
        var bad = await page.PostAsync(address, new FormUrlEncodedContent(RulesForm(token, 0, "10", "5", "两")));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var refused = Parser.ParseDocument(await bad.Content.ReadAsStringAsync());
        Assert.Equal("有 2 处需要修改，未保存。", refused.GetElementById("errors")!.TextContent.Trim());
        Assert.Equal("不得小于 黄牌阈值 10", refused.GetElementById("redLag-error")!.TextContent.Trim());
        Assert.Contains("整数", refused.GetElementById("escalateAfter-error")!.TextContent);
        Assert.Equal("5", refused.GetElementById("redLag")!.GetAttribute("value"));
        Assert.Contains("is-invalid", refused.GetElementById("redLag")!.ClassName);
        Assert.Null(refused.GetElementById("yellowLag-error"));
        Assert.Equal(30m, (await RulesAsync(world)).GetProperty("redLag").GetDecimal());

        // Saved: the redirect, the API's rules, one audit row.
        var saved = await page.PostAsync(address, new FormUrlEncodedContent(RulesForm(token, 0, "15", "40", "3")));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(address, saved.Headers.Location!.OriginalString);
        Assert.Equal("""{"yellowLag":15,"redLag":40,"notStartedYellowMonths":1,"notStartedRedMonths":3,"escalateAfter":3,"acknowledgeWorkingDays":2,"verifyWorkingDays":5}""",
            (await RulesAsync(world)).GetRawText());
        Assert.Contains("亮牌规则已保存", await page.GetStringAsync(address));
        await using (var db = world.App.NewDb())
        {
            Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.OrganizationId == world.OrganizationId && e.Kind == "supervision.rules" && e.Actor == "city-office"));
        }

        // The same form again (version 0, now 1): 409, the rules of now shown, nothing saved.
        var stale = await page.PostAsync(address, new FormUrlEncodedContent(RulesForm(token, 0, "12", "30")));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var now = Parser.ParseDocument(await stale.Content.ReadAsStringAsync());
        Assert.Contains("规则已被他人修改", now.GetElementById("errors")!.TextContent);
        Assert.Equal("15", now.GetElementById("yellowLag")!.GetAttribute("value"));
        Assert.Equal(15m, (await RulesAsync(world)).GetProperty("yellowLag").GetDecimal());

        // A leader reads them without a save button.
        await world.App.User(world.OrganizationId, "city-head", OrgRole.Leader);
        var leader = Parser.ParseDocument(await (await world.App.SignedIn("city-head", SchemeTestSupport.Password)).GetStringAsync(address));
        Assert.Null(leader.GetElementById("save"));
        Assert.NotNull(leader.GetElementById("read-only"));
        Assert.Equal("40", leader.GetElementById("redLag")!.GetAttribute("value"));
    }

    private static MultipartFormDataContent Upload(string token, string json, string name = "tasks.json")
    {
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        file.Headers.ContentType = new("application/json");
        return new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { file, "Upload", name } };
    }

    private static async Task<int> MattersAsync(CardsWorld world)
    {
        await using var db = world.App.NewDb();
        return await db.Matters.CountAsync(m => m.OrganizationId == world.OrganizationId);
    }

    [Fact]
    public async Task The_import_previews_then_imports_a_file_written_from_the_spec_with_partial_rules_and_a_task_without_progress()
    {
        var (world, page) = await OpenAsync();
        await using var _ = world;
        const string address = "/orgs/city/supervision/import";
        // The office had raised the yellow threshold; the file's partial rules make the rest the engine's defaults, as the command reads them.
        Assert.Equal(HttpStatusCode.OK, (await world.Admin.PutAsync(CardsWorld.Api("rules"), new StringContent("""{"yellowLag": 15}""", Encoding.UTF8, "application/json"))).StatusCode);
        const string file = """
            { "rules": { "redLag": 25 },
              "tasks": [ { "id": "K1", "name": "老旧小区改造", "unit": "T1", "start": "2026-03-01", "due": "2026-12-31",
                           "progress": [ { "date": "2026-04-30", "percent": 10 }, { "date": "2026-06-30", "percent": 35 } ] },
                         { "id": "K2", "name": "农贸市场提升", "unit": "T2", "start": "2026-05-01", "due": "2026-10-31" } ] }
            """;

        var token = await TokenAsync(page, address);
        var preview = await page.PostAsync(address + "?handler=Preview", Upload(token, file, "二季度任务.json"));
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var shown = Parser.ParseDocument(await preview.Content.ReadAsStringAsync());
        Assert.Equal("导入“二季度任务.json”将会：", shown.QuerySelector("#preview h2")!.TextContent);
        Assert.Equal("新建督办事项 2 项", shown.GetElementById("preview-created")!.TextContent);
        Assert.StartsWith("更新已有事项 0 项", shown.GetElementById("preview-updated")!.TextContent);
        Assert.Equal("导入进度记录 2 条", shown.GetElementById("preview-reports")!.TextContent);
        Assert.StartsWith("以文件中的 rules 替换", shown.GetElementById("preview-rules")!.TextContent);
        Assert.Equal(0, await MattersAsync(world));
        Assert.Equal(15m, (await RulesAsync(world)).GetProperty("yellowLag").GetDecimal());

        var pending = shown.QuerySelector("#preview input[name=Pending]")!.GetAttribute("value")!;
        var confirm = await page.PostAsync(address + "?handler=Confirm", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Pending"] = pending,
            ["FileName"] = "二季度任务.json",
        }));
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        var done = Parser.ParseDocument(await confirm.Content.ReadAsStringAsync());
        Assert.StartsWith("已导入：新建 2 项，更新 0 项，进度记录 2 条。 亮牌规则已按文件更新。", done.GetElementById("import-done")!.TextContent.Trim());
        Assert.Equal(2, await MattersAsync(world));
        var rules = await RulesAsync(world);
        Assert.Equal(10m, rules.GetProperty("yellowLag").GetDecimal());
        Assert.Equal(25m, rules.GetProperty("redLag").GetDecimal());

        // The cards of the imported matters are those of the command on the same file (rules as it reads them).
        CardsWorld.AssertSame(CardsWorld.Command(Encoding.UTF8.GetBytes(file), "2026-07-31"), await world.CardsAsync("2026-07-31"));

        // Imported matters wait for their 反馈 by the end of their due date (Beijing): K2's (31 October) has passed on 2 December.
        foreach (var (task, deadline, overdue) in new[] { ("K1", "2026-12-31T16:00:00Z", false), ("K2", "2026-10-31T16:00:00Z", true) })
        {
            var next = JsonDocument.Parse(await world.Admin.GetStringAsync(CardsWorld.Api("tasks/" + task))).RootElement.GetProperty("next");
            Assert.Equal(("feedback", deadline, overdue), (next.GetProperty("step").GetString(), next.GetProperty("deadline").GetString(), next.GetProperty("overdue").GetBoolean()));
        }

        // Imported again with a later due date (the API, the same import): the deadline follows it.
        await world.ImportAsync(CardsWorld.Utf8("""{"tasks":[{"id":"K2","name":"农贸市场提升","unit":"T2","start":"2026-05-01","due":"2026-12-20"}]}"""));
        var moved = JsonDocument.Parse(await world.Admin.GetStringAsync(CardsWorld.Api("tasks/K2"))).RootElement.GetProperty("next");
        Assert.Equal(("2026-12-20T16:00:00Z", false), (moved.GetProperty("deadline").GetString(), moved.GetProperty("overdue").GetBoolean()));

        // The kept upload is gone: confirming again says so and changes nothing.
        var again = await page.PostAsync(address + "?handler=Confirm", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["Pending"] = pending }));
        Assert.Contains("预览已过期或已处理", await again.Content.ReadAsStringAsync());

        // The file downloaded from the page names both matters.
        var download = await page.GetAsync(address + "?handler=File");
        Assert.Equal("attachment; filename=\"tasks.json\"", download.Content.Headers.ContentDisposition!.ToString());
        Assert.Equal(["K1", "K2"], JsonDocument.Parse(await download.Content.ReadAsStringAsync()).RootElement.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task A_bad_file_lists_every_problem_with_its_path_and_a_cancelled_preview_imports_nothing()
    {
        var (world, page) = await OpenAsync();
        await using var _ = world;
        const string address = "/orgs/city/supervision/import";
        var token = await TokenAsync(page, address);
        const string bad = """
            { "tasks": [ { "id": "B1", "name": "道路", "unit": "T7", "start": "2026-03-01", "due": "2026-12-31", "progress": [ { "date": "2026-04-30", "percent": 120 } ] },
                         { "id": "B2", "name": "桥梁", "unit": "T9", "start": "2026-03-01", "due": "2026-02-01" } ] }
            """;
        var refused = await page.PostAsync(address + "?handler=Preview", Upload(token, bad));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = Parser.ParseDocument(await refused.Content.ReadAsStringAsync());
        var problems = html.QuerySelectorAll("#problems li").Select(li => li.QuerySelector(".problem-path")!.TextContent).ToList();
        // The engine's problems and, though the file does not read, the unknown and the retired unit too.
        Assert.Equal(["$.tasks[0].progress[0].percent", "$.tasks[1].due", "$.tasks[0].unit", "$.tasks[1].unit"], problems);
        Assert.StartsWith("“tasks.json”有 ", html.QuerySelector("#import-error .fw-semibold")!.TextContent);
        Assert.Equal(0, await MattersAsync(world));

        // A file that reads: an unknown and a retired unit, both named with their words.
        const string units = """
            { "tasks": [ { "id": "B1", "name": "道路", "unit": "T7", "start": "2026-03-01", "due": "2026-12-31" },
                         { "id": "B2", "name": "桥梁", "unit": "T9", "start": "2026-03-01", "due": "2026-12-31" } ] }
            """;
        var unitsHtml = Parser.ParseDocument(await (await page.PostAsync(address + "?handler=Preview", Upload(token, units))).Content.ReadAsStringAsync());
        Assert.Equal(["$.tasks[0].unit: 未知单位“T7”", "$.tasks[1].unit: 单位“T9”已撤销"],
            unitsHtml.QuerySelectorAll("#problems li").Select(li => li.TextContent.Trim()));

        // A good file previewed and cancelled: nothing imported, and the kept upload is gone.
        var ok = Parser.ParseDocument(await (await page.PostAsync(address + "?handler=Preview", Upload(token, """{"tasks":[{"id":"C1","name":"绿道","unit":"T3","start":"2026-01-01","due":"2026-06-30"}]}"""))).Content.ReadAsStringAsync());
        var pending = ok.QuerySelector("#preview input[name=Pending]")!.GetAttribute("value")!;
        var cancelled = await page.PostAsync(address + "?handler=Cancel", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["Pending"] = pending }));
        Assert.Contains("已取消导入", await cancelled.Content.ReadAsStringAsync());
        var after = await page.PostAsync(address + "?handler=Confirm", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["Pending"] = pending }));
        Assert.Contains("预览已过期或已处理", await after.Content.ReadAsStringAsync());
        Assert.Equal(0, await MattersAsync(world));

        // Without a file: the form says so.
        var empty = await page.PostAsync(address + "?handler=Preview", new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("请选择要导入的任务文件", await empty.Content.ReadAsStringAsync());
    }
}
