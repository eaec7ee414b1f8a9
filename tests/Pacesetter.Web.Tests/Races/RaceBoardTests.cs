using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;

namespace Pacesetter.Web.Tests.Races;

/// <summary>
/// Issue #9 §3 through HTTP on both databases: three months published (<see cref="RaceWorld"/>, whose comment holds the
/// figures and the hand-checked ranks), then the flag history API and strip, the board API and page with rank changes,
/// risers and the yellow streak.
/// </summary>
public class RaceBoardTests
{
    private static async Task<JsonElement> JsonAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static JsonElement Category(JsonElement board, string id) => board.GetProperty("categories").EnumerateArray().Single(c => c.GetProperty("id").GetString() == id);

    private static IEnumerable<string?> Holders(JsonElement periods) => periods.EnumerateArray().Select(p => p.GetProperty("holder").GetString());

    private static async Task<IDocument> PageAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
        return new HtmlParser().ParseDocument(html);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_red_flag_changes_hands_over_three_months_as_scoring_section5_says(string provider)
    {
        await using var world = await RaceWorld.CreateAsync(provider);
        var leader = await world.ApiAs("race.leader");

        var flags = await JsonAsync(leader, $"/api/orgs/{RaceWorld.Org}/flags?year=2026");
        Assert.Equal(2026, flags.GetProperty("year").GetInt32());
        // 职能部门 (depts) has no flag rule in RaceWorld's scheme: the history has no line for it.
        Assert.Equal(["towns"], flags.GetProperty("categories").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        var towns = Category(flags, "towns");
        Assert.Equal("镇街", towns.GetProperty("name").GetString());
        var months = towns.GetProperty("kinds").GetProperty("month");
        Assert.Equal(RaceWorld.Months, months.EnumerateArray().Select(p => p.GetProperty("period").GetString()));
        // January: T1 alone at rank 1 → T1. February: T1 and T2 tied, T1 held it → T1 keeps it. March: T2 and T3 tied, T1 not among them → nobody.
        Assert.Equal(["T1", "T1", null], Holders(months));
        Assert.Equal(["东城街道", "东城街道", null], months.EnumerateArray().Select(p => p.GetProperty("holderName").GetString()));
        Assert.Equal(0, towns.GetProperty("kinds").GetProperty("quarter").GetArrayLength());
        Assert.Equal("""{"T1":2}""", towns.GetProperty("counts").GetRawText());

        // The boards say the same with the previous holder: February kept, March moved to nobody.
        var february = Category(await JsonAsync(leader, $"/api/orgs/{RaceWorld.Org}/periods/2026-02/board"), "towns").GetProperty("flag");
        Assert.Equal("""{"holder":"T1","holderName":"东城街道","previous":"T1","previousName":"东城街道","moved":false}""", february.GetRawText());
        var march = Category(await JsonAsync(leader, $"/api/orgs/{RaceWorld.Org}/periods/2026-03/board"), "towns").GetProperty("flag");
        Assert.Equal("""{"holder":null,"holderName":null,"previous":"T1","previousName":"东城街道","moved":true}""", march.GetRawText());

        // Another year has nothing published: every category is absent.
        Assert.Equal(0, (await JsonAsync(leader, $"/api/orgs/{RaceWorld.Org}/flags?year=2025")).GetProperty("categories").GetArrayLength());

        // The strip on /races: one cell per published month with the holder's name, and the count.
        var page = await PageAsync(await world.PageAs("race.leader"), $"/races?year=2026");
        var cells = page.QuerySelectorAll("#strip-towns tr[data-kind=month] td");
        Assert.Equal(RaceWorld.Months, cells.Select(c => c.GetAttribute("data-period")));
        Assert.Equal(["T1", "T1", ""], cells.Select(c => c.GetAttribute("data-holder") ?? ""));
        Assert.Equal(["东城街道", "东城街道", "无人"], cells.Select(c => c.TextContent.Trim()));
        Assert.Equal(2, cells.Count(c => c.QuerySelector(".race-flag") is not null));
        Assert.Equal("东城街道 2 期", page.QuerySelector("#counts-towns [data-unit=T1]")!.TextContent.Trim());
        // 职能部门 raced for no flag: no strip and no count for it (not "本年尚无单位获得流动红旗").
        Assert.Null(page.QuerySelector("#strip-depts"));
        Assert.Null(page.QuerySelector("#counts-depts"));
        // The published periods, newest first, each linked to its board.
        Assert.Equal(["2026-03", "2026-02", "2026-01"], page.QuerySelectorAll("#periods tbody tr").Select(r => r.GetAttribute("data-period")));
        Assert.Equal("/races/2026-03", page.QuerySelector("#periods tbody tr a")!.GetAttribute("href"));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_board_api_gives_rank_changes_risers_and_the_yellow_streak(string provider)
    {
        await using var world = await RaceWorld.CreateAsync(provider);
        var admin = await world.ApiAs("race.admin");

        var march = await JsonAsync(admin, $"/api/orgs/{RaceWorld.Org}/periods/2026-03/board");
        Assert.Equal("2026-03", march.GetProperty("period").GetString());
        Assert.Equal("2026-02", march.GetProperty("previousPeriod").GetString());
        Assert.Equal(1, march.GetProperty("revision").GetProperty("number").GetInt32());
        Assert.Equal(2, march.GetProperty("streak").GetInt32());
        var towns = Category(march, "towns");
        // By rank, then unit id: T2 and T3 share rank 1, T1 and T4 rank 3.
        var rows = towns.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(["T2", "T3", "T1", "T4"], rows.Select(r => r.GetProperty("unit").GetString()));
        Assert.Equal([1, 1, 3, 3], rows.Select(r => r.GetProperty("rank").GetInt32()));
        Assert.Equal([93m, 93m, 88m, 88m], rows.Select(r => r.GetProperty("composite").GetDecimal()));
        // February's ranks 1, 3, 1, 4 → changes 0, +2, −2, +1; previous composites 92, 85, 92, 60.
        Assert.Equal([1, 3, 1, 4], rows.Select(r => r.GetProperty("previousRank").GetInt32()));
        Assert.Equal([92m, 85m, 92m, 60m], rows.Select(r => r.GetProperty("previousComposite").GetDecimal()));
        Assert.Equal([0, 2, -2, 1], rows.Select(r => r.GetProperty("change").GetInt32()));
        Assert.Equal([null, null, "yellow", "yellow"], rows.Select(r => r.GetProperty("label").GetString()));
        Assert.Equal(["优秀", "优秀", "良好", "良好"], rows.Select(r => r.GetProperty("grade").GetString()));
        Assert.All(rows, r => Assert.False(r.GetProperty("flag").GetBoolean()));
        // 进位最快: T3 (+2), then T4 (+1).
        Assert.Equal("""[{"unit":"T3","name":"南湖镇","rank":1,"previousRank":3,"change":2},{"unit":"T4","name":"北山镇","rank":3,"previousRank":4,"change":1}]""",
            towns.GetProperty("risers").GetRawText());
        // 约谈: T4 yellow in January, February and March; T1 only in March (1 < 2).
        Assert.Equal("""[{"unit":"T4","name":"北山镇","rank":3,"periods":3,"since":"2026-01"}]""", towns.GetProperty("yellowStreak").GetRawText());
        // depts: D2…D5 each +1 — three shown, by unit id; D1 fell 4 places.
        var depts = Category(march, "depts");
        Assert.Equal(["D2", "D3", "D4"], depts.GetProperty("risers").EnumerateArray().Select(r => r.GetProperty("unit").GetString()));
        Assert.Equal(-4, depts.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("unit").GetString() == "D1").GetProperty("change").GetInt32());
        Assert.Equal(0, depts.GetProperty("yellowStreak").GetArrayLength());

        // K = 3 still lists T4 (3 in a row); K = 4 nobody.
        var three = Category(await JsonAsync(admin, $"/api/orgs/{RaceWorld.Org}/periods/2026-03/board?streak=3&category=towns"), "towns");
        Assert.Equal(["T4"], three.GetProperty("yellowStreak").EnumerateArray().Select(y => y.GetProperty("unit").GetString()));
        var four = await JsonAsync(admin, $"/api/orgs/{RaceWorld.Org}/periods/2026-03/board?streak=4&category=towns");
        Assert.Equal(1, four.GetProperty("categories").GetArrayLength());
        Assert.Equal(0, Category(four, "towns").GetProperty("yellowStreak").GetArrayLength());

        // February: T4 yellow two months in a row (since January); T2 rose from 2 to 1; T1 holds the flag.
        var february = Category(await JsonAsync(admin, $"/api/orgs/{RaceWorld.Org}/periods/2026-02/board"), "towns");
        Assert.Equal("""[{"unit":"T4","name":"北山镇","rank":4,"periods":2,"since":"2026-01"}]""", february.GetProperty("yellowStreak").GetRawText());
        Assert.Equal(["T2"], february.GetProperty("risers").EnumerateArray().Select(r => r.GetProperty("unit").GetString()));
        Assert.True(february.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("unit").GetString() == "T1").GetProperty("flag").GetBoolean());

        // January: December 2025 is not published, so no unit has a change, and nobody rose; T4's streak is 1 (< 2).
        var january = await JsonAsync(admin, $"/api/orgs/{RaceWorld.Org}/periods/2026-01/board");
        var jan = Category(january, "towns");
        Assert.All(jan.GetProperty("rows").EnumerateArray(), r => Assert.Equal(JsonValueKind.Null, r.GetProperty("change").ValueKind));
        Assert.Equal(0, jan.GetProperty("risers").GetArrayLength());
        Assert.Equal(0, jan.GetProperty("yellowStreak").GetArrayLength());
    }

    [Fact]
    public async Task A_category_that_raced_for_the_flag_and_never_won_it_says_so_in_the_year()
    {
        await using var world = await RaceWorld.CreateAsync("Sqlite");
        // January 2027 (January 2026's figures again, 95 at most) with 镇街's flag at 99 points: nobody reaches it.
        var january = RaceWorld.Scheme(0);
        january["period"] = "2027-01";
        january["name"] = "赛马测试区2027年1月考核";
        january["categories"]![0]!["flag"] = new System.Text.Json.Nodes.JsonObject { ["min"] = 99 };
        using (var scope = world.App.Services.CreateScope())
        {
            var sp = scope.ServiceProvider;
            Seeding.Ok(await sp.GetRequiredService<Pacesetter.App.Schemes.SchemeImporter>().ImportAsync(world.OrganizationId, "2027-01", System.Text.Encoding.UTF8.GetBytes(january.ToJsonString()), "race.admin", "赛马测试", null));
            Seeding.Ok(await sp.GetRequiredService<Pacesetter.App.Publication.PublicationService>().PublishAsync(world.OrganizationId, "2027-01", "race.admin", null, false));
        }
        var page = await PageAsync(await world.PageAs("race.leader"), "/races?year=2027");
        Assert.Equal(["2027-01"], page.QuerySelectorAll("#strip-towns tr[data-kind=month] td").Select(c => c.GetAttribute("data-period")));
        Assert.Equal("无人", page.QuerySelector("#strip-towns tr[data-kind=month] td")!.TextContent.Trim());
        Assert.Equal("得旗次数： 本年尚无单位获得流动红旗。", Squash(page.QuerySelector("#counts-towns")!.TextContent));
        Assert.Null(page.QuerySelector("#counts-depts"));
    }

    [Fact]
    public async Task A_category_without_a_flag_rule_has_no_flag_on_the_leaders_screen_the_unit_page_or_the_posting()
    {
        await using var world = await RaceWorld.CreateAsync("Sqlite");
        var leader = await world.PageAs("race.leader");

        // The leaders' screen (March, the latest): 镇街's flag is vacant; 职能部门 races for none.
        var cockpit = await PageAsync(leader, "/races/cockpit");
        Assert.Equal("空缺", Squash(cockpit.QuerySelector("#flag-towns")!.TextContent));
        Assert.Null(cockpit.QuerySelector("#flag-depts"));
        Assert.DoesNotContain("流动红旗", cockpit.QuerySelector("#glance-depts")!.TextContent);
        Assert.Equal(["镇街", "空缺", "东城街道"], cockpit.QuerySelectorAll("#flag-table tr[data-category=towns] td").Take(3).Select(td => Squash(td.TextContent)));
        Assert.Equal(["职能部门", "本类别不设流动红旗"], cockpit.QuerySelectorAll("#flag-table tr[data-category=depts] td").Take(2).Select(td => Squash(td.TextContent)));

        // A unit's page: T1 of 镇街 says it does not hold the flag; D1 of 职能部门 says nothing of one.
        Assert.Equal("未获得", Squash((await PageAsync(leader, "/races/2026-03/units/T1")).QuerySelector("#flag")!.TextContent));
        var d1 = await PageAsync(leader, "/races/2026-03/units/D1");
        Assert.Null(d1.QuerySelector("#flag"));
        // No card headed 流动红旗 (the page's help still names the flag among the published figures in general).
        Assert.DoesNotContain(d1.QuerySelectorAll(".card-body > div"), e => e.TextContent.Trim() == "流动红旗");
        Assert.Contains((await PageAsync(leader, "/races/2026-03/units/T1")).QuerySelectorAll(".card-body > div"), e => e.TextContent.Trim() == "流动红旗");

        // The posting (Word): one flag line, for 镇街.
        var admin = await world.PageAs("race.admin");
        var response = await admin.GetAsync(Pages.Races.ExportsModel.Path(RaceWorld.Org, "2026-03") + "/posting.docx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var dir = Exports.Office.Folder();
        try
        {
            var doc = Path.Combine(dir, "posting.docx");
            await File.WriteAllBytesAsync(doc, await response.Content.ReadAsByteArrayAsync());
            await Exports.Office.ConvertAsync([doc], dir, Exports.Office.Text);
            var lines = (await File.ReadAllTextAsync(Path.Combine(dir, "posting.txt"))).Split('\n').Select(l => l.Trim()).ToList();
            Assert.Equal(["流动红旗：本期空缺"], lines.Where(l => l.Contains("流动红旗", StringComparison.Ordinal)));
            Assert.True(lines.IndexOf("一、镇街") < lines.IndexOf("流动红旗：本期空缺") && lines.IndexOf("流动红旗：本期空缺") < lines.IndexOf("二、职能部门"));

            // The leaderboard workbook: 镇街's sheet has the 流动红旗 column, 职能部门's has none (openpyxl reads the headers).
            var book = Path.Combine(dir, "board.xlsx");
            await File.WriteAllBytesAsync(book, await admin.GetByteArrayAsync(Pages.Races.ExportsModel.Path(RaceWorld.Org, "2026-03") + "/board.xlsx"));
            var headers = await Exports.Office.PythonAsync("""
                import sys, openpyxl
                wb = openpyxl.load_workbook(sys.argv[1])
                for ws in wb.worksheets[1:]:
                    h = [str(c.value) for c in ws[1]]
                    print(ws.title + ':' + ','.join(h[:h.index('名次变化') + 1]))
                """, book);
            Assert.Equal(["镇街:名次,单位,综合得分,基本分,加分,扣分,等次,称号,流动红旗,名次变化", "职能部门:名次,单位,综合得分,基本分,加分,扣分,等次,称号,名次变化"],
                headers.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            // The CSV holds both categories: the column is there for 镇街 and empty on 职能部门's rows, the columns after it in place.
            var csv = (await admin.GetStringAsync(Pages.Races.ExportsModel.Path(RaceWorld.Org, "2026-03") + "/board.csv")).TrimStart('\uFEFF').Split("\r\n");
            Assert.StartsWith("类别,名次,单位,综合得分,基本分,加分,扣分,等次,称号,流动红旗,名次变化,", csv[0]);
            var d1Row = csv.Single(l => l.EndsWith(",D1", StringComparison.Ordinal)).Split(',');
            // 财政局 fell from 1st in February to 5th: ↓4 stays under 名次变化.
            Assert.Equal(("职能部门", "财政局", "", "↓4", "D1"), (d1Row[0], d1Row[2], d1Row[9], d1Row[10], d1Row[^1]));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_board_page_shows_arrows_risers_the_interview_list_and_the_revision(string provider)
    {
        await using var world = await RaceWorld.CreateAsync(provider);
        var leader = await world.PageAs("race.leader");

        var page = await PageAsync(leader, $"/races/2026-03");
        var rows = page.QuerySelectorAll("#board-table-towns tbody tr");
        Assert.Equal(["T2", "T3", "T1", "T4"], rows.Select(r => r.GetAttribute("data-unit")));
        // Rank change: – for none, ↑ 2, ↓ 2, ↑ 1 (the words for screen readers beside the arrows).
        Assert.Equal(["–", "↑ 2", "↓ 2", "↑ 1"], rows.Select(r => Visible(r.QuerySelector(".race-move")!)));
        Assert.Equal(["名次不变", "上升 2 名", "下降 2 名", "上升 1 名"], rows.Select(r => r.QuerySelector(".race-move")!.GetAttribute("title")));
        Assert.Equal(["93.00", "93.00", "88.00", "88.00"], rows.Select(r => r.QuerySelector("td.fw-bold")!.TextContent.Trim()));
        Assert.Equal(["", "", "黄牌", "黄牌"], rows.Select(r => r.QuerySelector("[data-label]")?.TextContent.Trim() ?? ""));
        Assert.Equal("/races/2026-03/units/T2", rows[0].QuerySelector(".race-unit a")!.GetAttribute("href"));
        Assert.Equal("本期无人获得流动红旗 （上期：东城街道）", Squash(page.QuerySelector("#flag-towns")!.TextContent));
        // 职能部门 has no flag rule: the board says nothing of a flag there, neither a line nor a column.
        Assert.Null(page.QuerySelector("#flag-depts"));
        Assert.Contains("流动红旗", page.QuerySelector("#board-table-towns thead")!.TextContent);
        Assert.DoesNotContain("流动红旗", page.QuerySelector("#board-table-depts thead")!.TextContent);
        Assert.All(page.QuerySelectorAll("#board-table-depts tbody tr"), r => Assert.Equal(9, r.QuerySelectorAll("td").Length));
        // Nor does the results preview.
        var preview = await PageAsync(await world.PageAs("race.admin"), Routes.Preview(RaceWorld.Org, "2026-03"));
        Assert.NotNull(preview.QuerySelector("#flag-towns"));
        Assert.Contains("流动红旗", preview.QuerySelector("#results-towns thead")!.TextContent);
        Assert.Null(preview.QuerySelector("#flag-depts"));
        Assert.DoesNotContain("流动红旗", preview.QuerySelector("#results-depts thead")!.TextContent);
        Assert.Equal(["南湖镇 ↑2 第 3 名 → 第 1 名", "北山镇 ↑1 第 4 名 → 第 3 名"], page.QuerySelectorAll("#risers-towns li").Select(Visible));
        Assert.Equal(["北山镇 连续 3 期，自2026年1月起"], page.QuerySelectorAll("#streak-towns li").Select(l => Squash(l.TextContent)));
        Assert.StartsWith("第1版 · 发布于 ", Squash(page.QuerySelector("#revision")!.TextContent));
        Assert.Contains("北京时间", page.QuerySelector("#revision")!.TextContent);
        Assert.Contains("名次变化与上一个月（2026年2月）已发布的结果相比", page.QuerySelector("#change-help")!.TextContent);
        // The switcher: the earlier month, no later one; every published period in the menu.
        Assert.Equal("/races/2026-02", page.QuerySelector("#earlier")!.GetAttribute("href"));
        Assert.Null(page.QuerySelector("#later"));
        Assert.Equal(["2026-03", "2026-02", "2026-01"], page.QuerySelectorAll("#period-switch .dropdown-item").Select(a => a.GetAttribute("data-period")));

        // January: every unit 新 (December 2025 unpublished), and the help says there is nothing to compare with.
        var january = await PageAsync(leader, $"/races/2026-01");
        Assert.All(january.QuerySelectorAll("#board-table-towns .race-move"), m => Assert.Equal("新", Visible(m)));
        Assert.Contains("上一个月（2025年12月）没有发布结果", january.QuerySelector("#change-help")!.TextContent);
        Assert.NotNull(january.QuerySelector("#board-table-towns tr[data-unit=T1] #flag-holder-towns"));

        // A reporter reads the board: its unit marked and linked, other units not linked, no interview list.
        var reporter = await PageAsync(await world.PageAs("race.t1"), $"/races/2026-03");
        var mine = reporter.QuerySelector("#board-table-towns tr[data-unit=T1]")!;
        Assert.Contains("race-mine", mine.ClassName);
        Assert.NotNull(mine.QuerySelector(".race-unit a"));
        Assert.Null(reporter.QuerySelector("#board-table-towns tr[data-unit=T2] .race-unit a"));
        Assert.Null(reporter.QuerySelector("#streak-towns"));
        Assert.Null(reporter.QuerySelector("#streak-form"));

        // ?streak=4: the form keeps the choice and the list is empty.
        var four = await PageAsync(leader, $"/races/2026-03?streak=4");
        Assert.Equal("4", four.QuerySelector("#streak option[selected]")!.GetAttribute("value"));
        Assert.Equal("没有连续 4 期获黄牌的单位。", four.QuerySelector("#streak-towns .card-body p:last-child")!.TextContent.Trim());

        // An unpublished period and a period that is not one: not found.
        Assert.Equal(HttpStatusCode.NotFound, (await leader.GetAsync($"/races/2026-04")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await leader.GetAsync($"/races/2026-13")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_race_api_names_the_field_it_refuses(string provider)
    {
        await using var world = await RaceWorld.CreateAsync(provider);
        var admin = await world.ApiAs("race.admin");
        var board = $"/api/orgs/{RaceWorld.Org}/periods/2026-03/board";

        async Task<(HttpStatusCode, string)> Get(string url)
        {
            var r = await admin.GetAsync(url);
            return (r.StatusCode, await r.Content.ReadAsStringAsync());
        }

        foreach (var (url, field, message) in new[]
        {
            (board + "?streak=1", "streak", "streak：应为 2 到 12 之间的整数，而不是“1”。"),
            (board + "?streak=13", "streak", "streak：应为 2 到 12 之间的整数，而不是“13”。"),
            (board + "?streak=two", "streak", "streak：应为 2 到 12 之间的整数，而不是“two”。"),
            (board + "?category=nope", "category", "category：本期没有编号为“nope”的类别。"),
            ($"/api/orgs/{RaceWorld.Org}/flags?year=26", "year", "year：应为四位数的年份（如 2026），而不是“26”。"),
        })
        {
            var (status, body) = await Get(url);
            Assert.True(status == HttpStatusCode.BadRequest, $"{url}: {(int)status} {body}");
            Assert.Equal(message, JsonDocument.Parse(body).RootElement.GetProperty("errors").GetProperty(field)[0].GetString());
        }
        var (notPublished, problem) = await Get($"/api/orgs/{RaceWorld.Org}/periods/2026-04/board");
        Assert.Equal(HttpStatusCode.NotFound, notPublished);
        Assert.Equal("考核期 2026-04 尚未发布", JsonDocument.Parse(problem).RootElement.GetProperty("title").GetString());
        // English for an integration that asks for it.
        admin.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var (_, english) = await Get(board + "?streak=1");
        Assert.Equal("streak: must be a whole number from 2 to 12, not \"1\".", JsonDocument.Parse(english).RootElement.GetProperty("errors").GetProperty("streak")[0].GetString());
    }

    /// <summary>The text a sighted reader sees (visually hidden words left out), spaces squashed.</summary>
    private static string Visible(IElement e)
    {
        var copy = (IElement)e.Clone();
        foreach (var hidden in copy.QuerySelectorAll(".visually-hidden").ToList()) hidden.Remove();
        return Squash(copy.TextContent);
    }

    private static string Squash(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();
}
