using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.DataEntry;

namespace Pacesetter.Web.Tests.DataEntry;

/// <summary>
/// Issue #8, the data-entry defects an office meets on its first day: a submitted datum changes only after 撤回
/// (defect 12), full-width digits are numbers (12), the review panel and the cards speak in names and words rather
/// than codes and JSON, and say who submitted and who reviewed (10), the matrix's counts follow a review (9), and the
/// home page lists the periods newest first with what each asks of the person (12). Through real HTTP, both databases.
/// </summary>
public sealed partial class FirstDayEntryTests
{
    private static KeyValuePair<string, string> F(string k, string v) => new(k, v);

    private static string Compact(string html) => Regex.Replace(html, @"\s+", " ");

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Saving_a_submitted_datum_is_refused_until_it_is_withdrawn_and_the_withdrawal_is_audited(string provider)
    {
        using var world = await EntryWorld.CreateAsync(provider);
        var api = await world.Api("rep-t1");
        Assert.Equal(HttpStatusCode.OK, (await EntryWorld.Put(api, "T1", "revenue", """{"value": 12.6, "target": 11}""", 0, submit: true)).StatusCode);

        var resave = await EntryWorld.Put(api, "T1", "revenue", """{"value": 13, "target": 11}""", 1, submit: false);
        var withdraw = await api.PostAsync($"{EntryWorld.DataUrl}/T1/revenue/withdraw", JsonContent.Create(new { version = 1 }));
        var again = await api.PostAsync($"{EntryWorld.DataUrl}/T1/revenue/withdraw", JsonContent.Create(new { version = 2 }));
        var save = await EntryWorld.Put(api, "T1", "revenue", """{"value": 13, "target": 11}""", 2, submit: true);

        Assert.Equal(HttpStatusCode.Conflict, resave.StatusCode);
        Assert.Equal("该数据已提交，等待审核，不能直接修改；请先点“撤回”。", (await EntryWorld.Json(resave)).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.OK, withdraw.StatusCode);
        var withdrawn = await EntryWorld.Json(withdraw);
        Assert.Equal(("draft", 2), (withdrawn.GetProperty("state").GetString(), withdrawn.GetProperty("version").GetInt32()));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("只有已提交、尚未审核的数据才能撤回。", (await EntryWorld.Json(again)).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.OK, save.StatusCode);
        await using var db = world.Db();
        var row = await db.DatumEntries.SingleAsync();
        Assert.Equal(("""{"value":13,"target":11}""", DatumState.Submitted, 3), (row.Value, row.State, row.Version));
        var audit = await db.AuditEntries.Where(a => a.Entity == "datum").OrderBy(a => a.Seq).Select(a => new { a.Kind, a.Actor, a.Before, a.After }).ToListAsync();
        Assert.Equal(["datum.submit", "datum.withdraw", "datum.submit"], audit.Select(a => a.Kind));
        Assert.Equal("rep-t1", audit[1].Actor);
        Assert.Equal("""{"value":{"value":12.6,"target":11},"state":"submitted","version":1}""", audit[1].Before);
        Assert.Equal("""{"value":{"value":12.6,"target":11},"state":"draft","version":2}""", audit[1].After);
        Assert.Null(await Pacesetter.App.Audit.AuditLog.Verify(db));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_card_of_a_submitted_datum_offers_withdraw_and_the_withdrawn_card_says_who_withdrew_it(string provider)
    {
        using var world = await EntryWorld.CreateAsync(provider);
        await EntryWorld.Put(await world.Api("rep-t1"), "T1", "revenue", """{"value": 12.6, "target": 11}""", 0, submit: true);
        var reporter = await world.Browser("rep-t1");

        var page = await reporter.GetStringAsync(EntryWorld.EntryUrl);
        var save = await EntryWorld.PostForm(reporter, EntryWorld.EntryUrl, "Save", [F("unit", "T1"), F("indicator", "revenue"), F("version", "1"), F("submit", "false"), F("value", "13"), F("target", "11")], htmx: true);
        var saved = await save.Content.ReadAsStringAsync();
        var withdraw = await EntryWorld.PostForm(reporter, EntryWorld.EntryUrl, "Withdraw", [F("unit", "T1"), F("indicator", "revenue"), F("version", "1")], htmx: true);
        var card = Compact(await withdraw.Content.ReadAsStringAsync());

        Assert.Contains("id=\"withdraw-T1--revenue\"", page);
        Assert.DoesNotContain("id=\"save-T1--revenue\"", page);
        Assert.Contains("已提交，等待考核办审核。如需修改，请先撤回", page);
        Assert.Equal(HttpStatusCode.OK, save.StatusCode);
        Assert.Contains("该数据已提交，等待审核，不能直接修改；请先点“撤回”。", saved);
        Assert.Contains("data-state=\"submitted\"", saved);
        Assert.Equal(HttpStatusCode.OK, withdraw.StatusCode);
        Assert.Contains("data-state=\"draft\"", card);
        Assert.Contains("已撤回，现为草稿；修改后请重新提交。", card);
        Assert.Matches(@"data-history=""withdrawn"">撤回：城东填报员，\d{4}-\d\d-\d\d \d\d:\d\d 北京时间<", card);
        Assert.Contains("id=\"save-T1--revenue\"", card);
        Assert.DoesNotContain("id=\"withdraw-T1--revenue\"", card);
    }

    [Theory]
    [InlineData("３.５", "3.5")]
    [InlineData("１２０", "120")]
    [InlineData("３．５", "3.5")]
    [InlineData("３。５", "3.5")]
    [InlineData("１，２００", "1200")]
    [InlineData("1,200.5", "1200.5")]
    [InlineData("－２", "-2")]
    [InlineData("\u3000９６\u3000", "96")]
    public void Full_width_digits_signs_and_thousands_separators_read_as_the_ASCII_number(string typed, string number)
    {
        Assert.True(NumberInput.TryParse(typed, out var d));
        Assert.Equal(decimal.Parse(number, System.Globalization.CultureInfo.InvariantCulture), d);
    }

    [Theory]
    [InlineData("1,2")]
    [InlineData("１２,３４")]
    [InlineData("三")]
    [InlineData("12a")]
    public void A_comma_that_groups_no_thousands_or_a_word_is_not_a_number(string typed) => Assert.False(NumberInput.TryParse(typed, out _));

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Full_width_digits_typed_into_the_entry_form_are_stored_as_ASCII_numbers(string provider)
    {
        using var world = await EntryWorld.CreateAsync(provider);
        var reporter = await world.Browser("rep-t1");

        var revenue = await EntryWorld.PostForm(reporter, EntryWorld.EntryUrl, "Save", [F("unit", "T1"), F("indicator", "revenue"), F("version", "0"), F("submit", "false"), F("value", "１２．６"), F("target", "１１")], htmx: true);
        var land = await EntryWorld.PostForm(reporter, EntryWorld.EntryUrl, "Save", [F("unit", "T1"), F("indicator", "land"), F("version", "0"), F("submit", "true"), F("value", "１，２００")], htmx: true);
        var admin = await world.Browser("admin");
        var cards = await EntryWorld.PostForm(admin, EntryWorld.EntryUrl + "?unit=T1", "Save", [F("unit", "T1"), F("indicator", "cards"), F("version", "0"), F("submit", "false"), F("mode", "counts"), F("count.yellow", "２"), F("count.red", "")], htmx: true);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (revenue.StatusCode, land.StatusCode, cards.StatusCode));
        Assert.Contains("已保存草稿。", await revenue.Content.ReadAsStringAsync());
        await using var db = world.Db();
        var values = await db.DatumEntries.OrderBy(d => d.IndicatorId).Select(d => d.IndicatorId + "=" + d.Value).ToListAsync();
        Assert.Equal(["cards={\"yellow\":2}", "land=1200", "revenue={\"value\":12.6,\"target\":11}"], values);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_review_panel_shows_every_datum_shape_in_words_not_JSON(string provider)
    {
        using var world = await EntryWorld.CreateAsync(provider);
        var api = await world.Api("admin");
        await EntryWorld.Put(api, "T1", "revenue", """{"value": 12.6, "target": 11}""", 0, true);
        await EntryWorld.Put(api, "T1", "industry", """{"value": 105, "previous": 100}""", 0, true);
        await EntryWorld.Put(api, "T1", "land", "420", 0, true);
        await EntryWorld.Put(api, "T1", "honors", """[{"item": "招商引资先进", "level": "province"}, {"item": "文明单位", "level": "national"}]""", 0, true);
        await EntryWorld.Put(api, "T1", "cards", """{"yellow": 1, "red": 2}""", 0, true);
        await EntryWorld.Put(api, "T2", "cards", """[{"id": "c7", "type": "red"}, {"id": "c8", "type": "yellow"}]""", 0, true);
        await EntryWorld.Put(api, "D1", "service", "\"优\"", 0, true);
        await EntryWorld.Put(api, "D1", "complaints", "2", 0, true);
        var admin = await world.Browser("admin");

        async Task<string> Words(string unit, string indicator)
        {
            var html = await admin.GetStringAsync($"{EntryWorld.MatrixUrl}?handler=Cell&unit={unit}&indicator={indicator}");
            Assert.DoesNotContain("{&quot;", html);
            return WebUtility.HtmlDecode(Regex.Match(html, "id=\"cell-value\" class=\"text-break\">([^<]*)<").Groups[1].Value);
        }

        Assert.Equal("完成值 12.6，目标值 11", await Words("T1", "revenue"));
        Assert.Equal("数值 105，上年同期值 100", await Words("T1", "industry"));
        Assert.Equal("数值 420", await Words("T1", "land"));
        Assert.Equal("招商引资先进（省级），文明单位（国家级）", await Words("T1", "honors"));
        Assert.Equal("黄牌 1 次，红牌 2 次", await Words("T1", "cards"));
        Assert.Equal("c7（红牌），c8（黄牌）", await Words("T2", "cards"));
        Assert.Equal("等次 优", await Words("D1", "service"));
        Assert.Equal("2 次", await Words("D1", "complaints"));
    }

    /// <summary>
    /// scoring.md §4 lets a penalty's datum be counts by type even when perEvent is one number (complaints: 1 a
    /// complaint, zeroAt 3). Stored through the API, it is described by type, its form shows the one count field with
    /// the total (which costs the same points) and the types beneath it, and once approved the results score 2 + 1 = 3 complaints as the whole
    /// cap 5.
    /// </summary>
    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Counts_by_type_with_one_number_per_event_are_described_by_type_and_edited_as_their_total(string provider)
    {
        using var world = await EntryWorld.CreateAsync(provider);
        var api = await world.Api("admin");
        Assert.Equal(HttpStatusCode.OK, (await EntryWorld.Put(api, "D1", "complaints", """{"来电": 2, "来信": 1}""", 0, true)).StatusCode);
        var admin = await world.Browser("admin");

        var cell = await admin.GetStringAsync($"{EntryWorld.MatrixUrl}?handler=Cell&unit=D1&indicator=complaints");
        var card = await admin.GetStringAsync($"{EntryWorld.EntryUrl}?handler=Card&unit=D1&indicator=complaints");

        Assert.Equal("来电 2 次，来信 1 次", WebUtility.HtmlDecode(Regex.Match(cell, "id=\"cell-value\" class=\"text-break\">([^<]*)<").Groups[1].Value));
        Assert.Equal("3", Regex.Match(card, "name=\"count\" value=\"([^\"]*)\"").Groups[1].Value);
        Assert.Equal("按类型：来电 2 次，来信 1 次。此处填总次数，各类型每次扣分相同。",
            WebUtility.HtmlDecode(Regex.Match(card, "id=\"count-types-[^\"]*\">([^<]*)<").Groups[1].Value));
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"{EntryWorld.DataUrl}/D1/complaints/review", JsonContent.Create(new { approve = true, version = 1 }))).StatusCode);
        var results = await EntryWorld.Json(await api.GetAsync($"/api/orgs/{EntryWorld.Org}/periods/{EntryWorld.Period}/results"));
        var d1 = results.GetProperty("categories").EnumerateArray().SelectMany(c => c.GetProperty("results").EnumerateArray()).Single(u => u.GetProperty("unit").GetString() == "D1");
        Assert.Equal(5m, d1.GetProperty("indicators").GetProperty("complaints").GetProperty("score").GetDecimal());
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_reviewed_datum_says_who_submitted_it_and_who_approved_it(string provider)
    {
        using var world = await EntryWorld.CreateAsync(provider);
        await EntryWorld.Put(await world.Api("rep-t1"), "T1", "land", "420", 0, true);
        await (await world.Api("admin")).PostAsync($"{EntryWorld.DataUrl}/T1/land/review", JsonContent.Create(new { approve = true, version = 1 }));

        var card = Compact(await (await world.Browser("rep-t1")).GetStringAsync(EntryWorld.EntryUrl));
        var cell = Compact(await (await world.Browser("admin")).GetStringAsync($"{EntryWorld.MatrixUrl}?handler=Cell&unit=T1&indicator=land"));

        foreach (var html in new[] { card, cell })
        {
            Assert.Matches(@"data-history=""submitted"">提交：城东填报员，\d{4}-\d\d-\d\d \d\d:\d\d 北京时间</span> · <span data-history=""approved"">审核通过：考核办管理员，\d{4}-\d\d-\d\d \d\d:\d\d 北京时间<", html);
            Assert.DoesNotContain("admin 于", html);
            Assert.DoesNotContain("rep-t1，", html);
            Assert.DoesNotContain("保存 ·", html);
        }
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Matrix_headers_and_the_cards_fields_name_indicators_levels_and_event_types(string provider)
    {
        using var world = await EntryWorld.CreateAsync(provider);
        var admin = await world.Browser("admin");

        var matrix = await admin.GetStringAsync(EntryWorld.MatrixUrl);
        var entry = await admin.GetStringAsync(EntryWorld.EntryUrl + "?unit=T1");

        Assert.Contains("data-i=\"revenue\" title=\"指标编号 revenue\" class=\"small\">一般公共预算收入</th>", matrix);
        Assert.Contains(">表彰加分</th>", matrix);
        Assert.DoesNotContain(">revenue</th>", matrix);
        Assert.DoesNotContain(">cards</th>", matrix);
        Assert.Contains(">黄牌次数</label>", entry);
        Assert.Contains(">红牌次数</label>", entry);
        Assert.DoesNotContain("“yellow”", entry);
        Assert.Contains("<option value=\"national\">国家级</option>", entry);
        Assert.Contains("<option value=\"province\">省级</option>", entry);
        Assert.Contains("<option value=\"city\">市级</option>", entry);
        Assert.DoesNotContain(">province<", entry);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_review_in_the_matrix_panel_answers_the_pages_new_counts_out_of_band(string provider)
    {
        using var world = await EntryWorld.CreateAsync(provider);
        var api = await world.Api("admin");
        await EntryWorld.Put(api, "T1", "land", "420", 0, true);
        await EntryWorld.Put(api, "T2", "land", "380", 0, true);
        await EntryWorld.Put(api, "D1", "duty", "96", 0, true);
        var admin = await world.Browser("admin");
        var before = await admin.GetStringAsync(EntryWorld.MatrixUrl + "?category=towns");

        var review = await EntryWorld.PostForm(admin, EntryWorld.MatrixUrl + "?category=towns", "Review", [F("unit", "T1"), F("indicator", "land"), F("version", "1"), F("decision", "approve"), F("category", "towns")], htmx: true);
        var html = await review.Content.ReadAsStringAsync();

        // Towns: 5 units × 7 indicators = 35 data; 2 submitted, then 1 submitted and 1 approved.
        Assert.Equal([33, 0, 2, 0, 0], Counts(before));
        Assert.Contains("data-confirm=\"将审核通过 2 项已提交数据（考核类别“镇街”）。确定吗？\"", before);
        Assert.Equal(HttpStatusCode.OK, review.StatusCode);
        Assert.Equal([33, 0, 1, 1, 0], Counts(html));
        Assert.Contains("id=\"legend\" aria-label=\"图例\" hx-swap-oob=\"true\"", html);
        Assert.Contains("id=\"approve-all-form\" class=\"mb-2\" hx-swap-oob=\"true\" data-confirm=\"将审核通过 1 项已提交数据（考核类别“镇街”）。确定吗？\"", html);
        Assert.Contains(">通过当前范围内全部已提交数据 (1)</button>", Compact(html));
        // A unit's bulk review on its entry page asks first too, naming the unit and how many.
        var entry = await admin.GetStringAsync(EntryWorld.EntryUrl + "?unit=T2");
        Assert.Contains("data-confirm=\"将审核通过“城西街道”的 1 项已提交数据。确定吗？\">通过本单位全部已提交数据 (1)</button>", entry);
        Assert.Contains("data-confirm=\"将退回“城西街道”的全部已提交数据。确定吗？\">退回本单位全部已提交数据</button>", entry);
    }

    private static int[] Counts(string html) =>
        new[] { "missing", "draft", "submitted", "approved", "returned" }.Select(s => int.Parse(Regex.Match(html, $"id=\"count-{s}\">(\\d+)<").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Home_lists_periods_newest_first_with_what_each_asks_of_the_reporter_and_its_deadline(string provider)
    {
        using var world = await EntryWorld.CreateAsync(provider);
        var document = world.Example.DeepClone().AsObject();
        document.Remove("data");
        await world.App.SaveScheme(world.OrganizationId, "2026-Q2", document.DeepClone().AsObject());
        await world.App.SaveScheme(world.OrganizationId, "2026-10", document.DeepClone().AsObject());
        // 2030-09-30 10:00 UTC is 18:00 in Beijing (a deadline still ahead).
        await world.App.SetDeadline(world.OrganizationId, EntryWorld.Period, new DateTimeOffset(2030, 9, 30, 10, 0, 0, TimeSpan.Zero));
        var rep = await world.Api("rep-t1");
        await EntryWorld.Put(rep, "T1", "revenue", """{"value": 12.6, "target": 11}""", 0, true);
        await EntryWorld.Put(rep, "T1", "land", "420", 0, false);
        await (await world.Api("admin")).PostAsync($"{EntryWorld.DataUrl}/T1/revenue/review", JsonContent.Create(new { approve = false, reason = "核对目标值", version = 1 }));
        await EntryWorld.Put(rep, "T1", "projects", "6", 0, true);

        var home = Compact(await (await world.Browser("rep-t1")).GetStringAsync("/"));
        var adminHome = Compact(await (await world.Browser("admin")).GetStringAsync("/"));

        Assert.Equal(["2026-10", "2026-Q3", "2026-Q2"], Regex.Matches(home, "data-period=\"([^\"]+)\"").Select(m => m.Groups[1].Value));
        // T1's reporter enters 5 of the town's 7 indicators: revenue returned, land a draft, projects submitted, 2 not entered.
        var q3 = Regex.Match(home, "data-period=\"2026-Q3\">(.*?)</tr>").Groups[1].Value;
        Assert.Contains("data-todo=\"returned\">1 项被退回待更正</span>", q3);
        Assert.Contains("data-todo=\"missing\">2 项未填</span>", q3);
        Assert.Contains("data-todo=\"drafts\">1 项草稿未提交</span>", q3);
        Assert.Contains("data-deadline=\"2030-09-30 18:00 北京时间\"", q3);
        var october = Regex.Match(home, "data-period=\"2026-10\">(.*?)</tr>").Groups[1].Value;
        Assert.Contains("data-todo=\"missing\">5 项未填</span>", october);
        Assert.Contains("未设截止时间", october);
        Assert.DoesNotContain("已截止", q3);
        Assert.Contains("data-todo=\"review\">1 项待审核</span>", Regex.Match(adminHome, "data-period=\"2026-Q3\">(.*?)</tr>").Groups[1].Value);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_users_page_names_the_indicators_an_assessor_leads_and_the_reporters_unit(string provider)
    {
        using var world = await EntryWorld.CreateAsync(provider);
        var category = await world.App.NewCategory(world.OrganizationId, "towns", "镇街", 1);
        await world.App.NewUnit(world.OrganizationId, "T1", "城东街道", category.Id);

        var page = await (await world.Browser("admin")).GetStringAsync(Routes.Users(EntryWorld.Org));

        Assert.Contains(">牵头部门 · 红黄牌督办、服务对象评议</span>", page);
        Assert.Contains(">填报员 · 城东街道（T1）</span>", page);
        Assert.DoesNotContain("cards, service", page);
    }
}
