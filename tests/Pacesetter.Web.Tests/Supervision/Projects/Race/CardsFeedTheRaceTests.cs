using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pacesetter.App.DataEntry;
using Pacesetter.App.Supervision.Race;
using Pacesetter.Web.Tests.Schemes;

namespace Pacesetter.Web.Tests.Supervision.Projects.Race;

/// <summary>
/// Cards feed the race (ADR 0030, plan §3 "Penalty datum", §5): the penalty indicator with <c>source: "cards"</c>
/// receives each unit's issued cards of the period as a list of events, entered by the system and audited, refreshed
/// when cards are issued until the period is published, and an exemption naming one card restores its points.
/// </summary>
public class CardsFeedTheRaceTests
{
    private const string T1Q1 = """[{"id":"card-2026-02-D","type":"yellow"},{"id":"card-2026-03-A","type":"yellow"},{"id":"card-2026-03-D","type":"red"}]""";
    private const string T2Q1 = """[{"id":"card-2026-02-B","type":"yellow"},{"id":"card-2026-02-C","type":"yellow"},{"id":"card-2026-03-B","type":"red"},{"id":"card-2026-03-C","type":"red"}]""";
    private const string T3Q1 = """[{"id":"card-2026-01-E","type":"red"},{"id":"card-2026-02-E","type":"yellow"}]""";

    private static string Changes(IEnumerable<SystemDatumChange> changes) =>
        string.Join(" | ", changes.Select(c => $"{c.Period} {c.Indicator} [{string.Join(",", c.ChangedUnits)}]{(c.Locked ? " locked" : "")}"));

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Q1_cards_become_the_penalty_datum_and_an_exemption_of_one_card_restores_its_point(string provider)
    {
        await using var world = await FeedWorld.CreateAsync(provider);
        const string period = "2026-Q1";
        // Saved before any card: every unit of the category gets an empty list, entered by the system.
        await world.SaveSchemeAsync(period, FeedWorld.Scheme(period));
        var data = await world.CardsDataAsync(period);
        Assert.Equal(["T1", "T2", "T3"], data.Keys.Order());
        Assert.All(data.Values, d => Assert.Equal(("[]", "system:cards", DatumState.Approved, 1), d));
        await world.LoadWorkAsync(period);

        Assert.Equal("2026-Q1 cards [T3]", Changes(await world.IssueAsync(1)));
        Assert.Equal("2026-Q1 cards [T1,T2,T3]", Changes(await world.IssueAsync(2)));
        Assert.Equal("2026-Q1 cards [T1,T2]", Changes(await world.IssueAsync(3)));
        // The April cards are of another period: Q1 has nothing to refresh.
        Assert.Equal("", Changes(await world.IssueAsync(4)));

        data = await world.CardsDataAsync(period);
        Assert.Equal((T1Q1, "system:cards", DatumState.Approved, 3), data["T1"]);
        Assert.Equal((T2Q1, "system:cards", DatumState.Approved, 3), data["T2"]);
        Assert.Equal((T3Q1, "system:cards", DatumState.Approved, 3), data["T3"]);
        // Idempotent: a second refresh changes nothing and audits nothing.
        var audited = await world.AuditAsync("datum.system");
        Assert.Equal(9, audited.Count);
        Assert.Equal("2026-Q1 cards []", Changes(await world.RefreshAsync(period)));
        Assert.Equal(9, (await world.AuditAsync("datum.system")).Count);
        Assert.Equal(("2026-Q1/T3/cards", """{"value":[],"state":"approved","version":1}""", """{"value":[{"id":"card-2026-01-E","type":"red"}],"state":"approved","version":2}""", "system:month-end"),
            audited[3]);

        // Nobody enters it by hand: PUT data answers 403 for the admin and for the unit's reporter.
        foreach (var user in new[] { "admin", "rep-t1" })
        {
            var put = await (await world.Api(user)).PutAsJsonAsync($"{FeedWorld.PeriodUrl(period)}/data/T1/cards", new { value = JsonNode.Parse("[]"), version = 3, submit = false });
            Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        }
        Assert.Equal(T1Q1, (await world.CardsDataAsync(period))["T1"].Value);
        // The entry card and the matrix say so, with a link to the issued cards.
        var browser = await world.App.SignedIn("admin", FeedWorld.Password);
        var entry = await browser.GetStringAsync($"/orgs/{FeedWorld.Org}/periods/{period}/entry?unit=T1");
        Assert.Contains("data-source=\"cards\"", entry);
        Assert.Contains($"href=\"/orgs/{FeedWorld.Org}/supervision/cards\"", entry);
        // The closed card shows T1's three cards and no blank rows to fill (nor the hint about them).
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Count(entry, "id=\"eventId-"));
        Assert.DoesNotContain("空行将被忽略", System.Net.WebUtility.HtmlDecode(entry));
        var matrix = await browser.GetStringAsync($"/orgs/{FeedWorld.Org}/periods/{period}/matrix");
        Assert.Contains("data-system=\"cards\"", matrix);
        var cell = await browser.GetStringAsync($"/orgs/{FeedWorld.Org}/periods/{period}/matrix?handler=Cell&unit=T1&indicator=cards");
        Assert.Contains("id=\"cell-system\"", cell);

        // An exemption naming one card (scoring.md §6): the scheme save resolves it against the system's datum.
        await world.SaveSchemeAsync(period, FeedWorld.Scheme(period,
            """[{"id": "x1", "unit": "T2", "type": "exemption", "ref": "cards/card-2026-03-B", "factor": 0, "reason": "容错免责"}]"""), expectedVersion: 1);
        // Data entry still knows the period: the stored document names a card that lives in the data, not in the document.
        Assert.Contains("data-source=\"cards\"", await browser.GetStringAsync($"/orgs/{FeedWorld.Org}/periods/{period}/entry?unit=T1"));
        // So do the task letters (目标责任书): they need the indicators, not the adjustments.
        var letter = await browser.GetAsync($"/orgs/{FeedWorld.Org}/races/{period}/exports/letters/T1.docx");
        Assert.Equal(HttpStatusCode.OK, letter.StatusCode);
        await world.PublishAsync(period);
        var revision = await world.GetJsonAsync($"{FeedWorld.PeriodUrl(period)}/revisions/1");
        // T1 90 − (0.5 + 0.5 + 1) = 88.00; T2 92 − 3 + 1 restored = 90.00; T3 85 − (1 + 0.5) = 83.50.
        Assert.Equal((2.00m, 88.00m, ""), FeedWorld.Result(revision, "T1"));
        Assert.Equal((2.00m, 90.00m, "cards:1.00"), FeedWorld.Result(revision, "T2"));
        Assert.Equal((1.50m, 83.50m, ""), FeedWorld.Result(revision, "T3"));

        // The revision's input holds the cards, and `pacesetter score` on it gives the stored results.
        var input = await (await world.Api()).GetStringAsync($"{FeedWorld.PeriodUrl(period)}/revisions/1/input");
        Assert.Equal(T2Q1, JsonNode.Parse(input)!["data"]!["T2"]!["cards"]!.ToJsonString());
        SchemeTestSupport.AssertSameJson(SchemeTestSupport.Score(input), WithoutPublication(revision));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Q2_datum_grows_before_publication_stays_after_and_a_correction_takes_the_june_cards(string provider)
    {
        await using var world = await FeedWorld.CreateAsync(provider);
        const string period = "2026-Q2";
        await world.SaveSchemeAsync(period, FeedWorld.Scheme(period));
        await world.LoadWorkAsync(period);
        for (int m = 1; m <= 3; m++) Assert.Equal("", Changes(await world.IssueAsync(m)));
        Assert.Equal("2026-Q2 cards [T1,T2]", Changes(await world.IssueAsync(4)));
        var data = await world.CardsDataAsync(period);
        Assert.Equal("""[{"id":"card-2026-04-A","type":"red"},{"id":"card-2026-04-D","type":"red"}]""", data["T1"].Value);
        Assert.Equal("""[{"id":"card-2026-04-C","type":"red"}]""", data["T2"].Value);
        Assert.Equal("[]", data["T3"].Value);

        // May, before publishing: the datum grows by itself, audited with before and after.
        Assert.Equal("2026-Q2 cards [T1,T2]", Changes(await world.IssueAsync(5)));
        var may = (await world.AuditAsync("datum.system")).TakeLast(2).ToList();
        Assert.Equal(("2026-Q2/T1/cards",
            """{"value":[{"id":"card-2026-04-A","type":"red"},{"id":"card-2026-04-D","type":"red"}],"state":"approved","version":2}""",
            """{"value":[{"id":"card-2026-04-A","type":"red"},{"id":"card-2026-04-D","type":"red"},{"id":"card-2026-05-D","type":"red"}],"state":"approved","version":3}""",
            "system:month-end"), may[0]);
        Assert.Equal("2026-Q2/T2/cards", may[1].Key);

        var first = await world.PublishAsync(period);
        Assert.Equal(1, first.GetProperty("revision").GetInt32());
        var revision1 = await world.GetJsonAsync($"{FeedWorld.PeriodUrl(period)}/revisions/1");
        Assert.Equal((3.00m, 87.00m, ""), FeedWorld.Result(revision1, "T1"));
        Assert.Equal((3.00m, 89.00m, ""), FeedWorld.Result(revision1, "T2"));
        Assert.Equal((0.00m, 85.00m, ""), FeedWorld.Result(revision1, "T3"));

        // June: cards are issued, the published Q2 is untouched and says so.
        int audits = (await world.AuditAsync("datum.system")).Count;
        Assert.Equal("2026-Q2 cards [] locked", Changes(await world.IssueAsync(6)));
        Assert.Equal(audits, (await world.AuditAsync("datum.system")).Count);
        Assert.Equal(3, JsonNode.Parse((await world.CardsDataAsync(period))["T1"].Value!)!.AsArray().Count);

        // A correction opens the period: an exemption of one Q2 card of T2, then revision 2 takes the June cards.
        var correction = await (await world.Api()).PostAsJsonAsync($"{FeedWorld.PeriodUrl(period)}/corrections", new { reason = "补记六月红黄牌" });
        Assert.True(correction.IsSuccessStatusCode, await correction.Content.ReadAsStringAsync());
        await world.SaveSchemeAsync(period, FeedWorld.Scheme(period,
            """[{"id": "x2", "unit": "T2", "type": "exemption", "ref": "cards/card-2026-05-B", "factor": 0, "reason": "容错免责"}]"""), expectedVersion: 1);
        var second = await world.PublishAsync(period, "补记六月红黄牌");
        Assert.Equal(2, second.GetProperty("revision").GetInt32());
        Assert.Equal(["T1", "T2"], second.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("unit").GetString()!).Order());
        var revision2 = await world.GetJsonAsync($"{FeedWorld.PeriodUrl(period)}/revisions/2");
        // T1: 4 red → 4.00. T2: 5 red, min(4, 5) = 4.00; exempting one still leaves 4 red ≥ the cap: restored 0.
        Assert.Equal((4.00m, 86.00m, ""), FeedWorld.Result(revision2, "T1"));
        Assert.Equal((4.00m, 88.00m, "cards:0.00"), FeedWorld.Result(revision2, "T2"));
        var data2 = await world.CardsDataAsync(period);
        Assert.Equal(5, JsonNode.Parse(data2["T2"].Value!)!.AsArray().Count);

        for (int n = 1; n <= 2; n++)
        {
            var input = await (await world.Api()).GetStringAsync($"{FeedWorld.PeriodUrl(period)}/revisions/{n}/input");
            SchemeTestSupport.AssertSameJson(SchemeTestSupport.Score(input), WithoutPublication(n == 1 ? revision1 : revision2));
        }
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task An_imported_file_s_cards_are_not_taken_the_preview_says_so_and_its_exemption_must_name_an_issued_card(string provider)
    {
        await using var world = await FeedWorld.CreateAsync(provider);
        const string period = "2026-Q1";
        // The Q1 cards are issued before the period has a scheme (nothing to refresh yet).
        for (int m = 1; m <= 3; m++) Assert.Equal("", Changes(await world.IssueAsync(m)));
        var api = await world.Api();
        var browser = await world.App.SignedIn("admin", FeedWorld.Password);
        var list = $"/orgs/{FeedWorld.Org}/schemes";

        // A file as `pacesetter score` reads it (scoring.md §7): its own cards for T1 and T2, none for T3 (a unit may
        // leave a datum out), and an exemption of its own event c9 of T2.
        static JsonObject File(string exemptedRef)
        {
            var file = FeedWorld.Scheme(period, $$"""[{"id": "x1", "unit": "T2", "type": "exemption", "ref": "{{exemptedRef}}", "factor": 0, "reason": "容错免责"}]""");
            file["data"] = JsonNode.Parse("""
                {"T1": {"work": 90, "cards": [{"id": "c9", "type": "red"}]},
                 "T2": {"work": 92, "cards": [{"id": "c9", "type": "red"}, {"id": "c8", "type": "yellow"}]},
                 "T3": {"work": 85}}
                """);
            return file;
        }

        // The file alone reads (c9 is T2's event in it), but the period is scored with the cards the system issued,
        // where T2 has no c9: refused by the preview, the PUT and the page, with the path and why; nothing stored.
        const string refused = "$.adjustments[0].ref: 单位“T2”的“cards”中没有事件“c9”（“红黄牌督办”的数据由系统填报，按系统数据核对，文件中的这些数据不导入）";
        foreach (var response in new[] { await api.PostAsync($"{FeedWorld.PeriodUrl(period)}/scheme/preview", new ByteArrayContent(File("cards/c9").Utf8())),
                                         await api.PutScheme(FeedWorld.Org, period, File("cards/c9").Utf8()) })
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
            Assert.Equal([refused], JsonDocument.Parse(body).RootElement.GetProperty("problems").EnumerateArray()
                .Select(p => $"{p.GetProperty("path").GetString()}: {p.GetProperty("message").GetString()}"));
        }
        var page = await ImportPage.UploadAsync(browser, list, File("cards/c9").Utf8());
        Assert.Contains("“红黄牌督办”的数据由系统填报，按系统数据核对，文件中的这些数据不导入", page);
        Assert.DoesNotContain("id=\"import-preview\"", page);
        Assert.Empty(await world.CardsDataAsync(period));

        // Naming a card the system issued to T2 (card-2026-03-B, red): the preview counts the work values only (3
        // added) and says that the file's 2 values of the cards indicator are not imported.
        var good = File("cards/card-2026-03-B");
        var preview = await api.PostAsync($"{FeedWorld.PeriodUrl(period)}/scheme/preview", new ByteArrayContent(good.Utf8()));
        var previewBody = await preview.Content.ReadAsStringAsync();
        Assert.True(preview.StatusCode == HttpStatusCode.OK, previewBody);
        var pv = JsonDocument.Parse(previewBody).RootElement;
        Assert.Equal((3, 0, 0), (pv.GetProperty("valuesAdded").GetInt32(), pv.GetProperty("valuesChanged").GetInt32(), pv.GetProperty("valuesRemoved").GetInt32()));
        Assert.Equal("""[{"id":"cards","name":"红黄牌督办","source":"cards","valuesNotTaken":2}]""", pv.GetProperty("systemFilled").GetRawText().Replace(" ", "").Replace("\n", ""));
        page = await ImportPage.UploadAsync(browser, list, good.Utf8());
        Assert.Contains("数据：新增 3 项，修改 0 项，删除 0 项。", page);
        Assert.Contains("由系统填报的指标（1 个）", page);
        Assert.Contains("<li data-indicator=\"cards\">“红黄牌督办”：数据取自红黄牌（已发出的牌，按事件计扣分） <small class=\"text-body-secondary\">cards</small>；文件中的 2 项数据不导入，以系统数据为准</li>", page);

        // Confirmed: the cards datum is the system's (entered by system:cards, audited datum.system), the work values
        // the file's (audited datum.import, without the cards).
        var done = await ImportPage.ConfirmAsync(browser, list, page, "导入一季度方案");
        Assert.DoesNotContain("class=\"problem-path\"", done);
        var data = await world.CardsDataAsync(period);
        Assert.Equal((T1Q1, "system:cards", DatumState.Approved, 1), data["T1"]);
        Assert.Equal((T2Q1, "system:cards", DatumState.Approved, 1), data["T2"]);
        Assert.Equal((T3Q1, "system:cards", DatumState.Approved, 1), data["T3"]);
        Assert.Equal(3, (await world.AuditAsync("datum.system")).Count);
        var imported = await world.AuditAsync("datum.import");
        Assert.Equal([("2026-Q1/T1", """{"work":null}""", """{"work":90}"""), ("2026-Q1/T2", """{"work":null}""", """{"work":92}"""), ("2026-Q1/T3", """{"work":null}""", """{"work":85}""")],
            imported.Select(a => (a.Key, a.Before, a.After)));

        // Published: T2 92 − (0.5 + 0.5 + 1 + 1) + 1 restored (card-2026-03-B) = 90.00, as when the scheme is saved in the designer.
        await world.PublishAsync(period);
        var revision = await world.GetJsonAsync($"{FeedWorld.PeriodUrl(period)}/revisions/1");
        Assert.Equal((2.00m, 88.00m, ""), FeedWorld.Result(revision, "T1"));
        Assert.Equal((2.00m, 90.00m, "cards:1.00"), FeedWorld.Result(revision, "T2"));
        Assert.Equal((1.50m, 83.50m, ""), FeedWorld.Result(revision, "T3"));
    }

    /// <summary>The stored results without what publication adds to scoring.md §8 (<c>revision</c>, each unit's <c>change</c>).</summary>
    private static JsonElement WithoutPublication(JsonElement stored)
    {
        var node = JsonNode.Parse(stored.GetRawText())!.AsObject();
        node.Remove("revision");
        foreach (var category in node["categories"]!.AsArray())
        {
            foreach (var result in category!["results"]!.AsArray()) result!.AsObject().Remove("change");
        }
        return JsonDocument.Parse(node.ToJsonString()).RootElement.Clone();
    }
}
