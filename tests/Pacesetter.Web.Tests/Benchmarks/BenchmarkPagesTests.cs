using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Accounts;
using Pacesetter.Scoring.Benchmarking;
using Pacesetter.Web.Pages.Benchmarks;
using Pacesetter.Web.Tests.Schemes;

namespace Pacesetter.Web.Tests.Benchmarks;

/// <summary>
/// The 对标 page and its edit form through the host (issue #11 §1), on data written from scoring.md §10's sentences
/// (not our example): a lower-is-better indicator, a benchmark without a value, a benchmark of 0, equal values, a
/// benchmark with one year only.
/// </summary>
public sealed class BenchmarkPagesTests
{
    private static readonly HtmlParser Parser = new();
    private const string Page = "/orgs/zone/benchmarks";
    private const string Edit = "/orgs/zone/benchmarks/edit";

    /// <summary>
    /// Compared in 2025. pollution (lower): own 40 → 30 (2022 → 2025), a 30 → 27. jobs (新增就业, higher): own 5000 in
    /// 2025 only; 乙 4000 → 5000 (2024 → 2025); a none. zero (higher, names left out): own 3, a 0.
    /// </summary>
    public const string SpecEdges = """
        {"indicators": [{"id": "pollution", "direction": "lower"}, {"id": "jobs", "name": "新增就业", "direction": "higher"}, {"id": "zero", "direction": "higher"}],
         "own": {"values": {"pollution": {"2022": 40, "2025": 30}, "jobs": {"2025": 5000}, "zero": {"2025": 3}}},
         "benchmarks": [{"id": "a", "values": {"pollution": {"2022": 30, "2025": 27}, "zero": {"2025": 0}}},
                        {"id": "b", "name": "乙", "values": {"jobs": {"2024": 4000, "2025": 5000}}}]}
        """;

    private static GapFile Edges => GapFileReader.Read(SpecEdges, yearRequired: false);

    [Fact]
    public void The_radar_gives_each_party_its_share_of_the_year_s_best_and_the_trend_keeps_every_year_of_the_span()
    {
        // pollution (lower): best 27 → own 27 / 30 = 90.0 %, a 100 %, 乙 no value. jobs: own and 乙 5000 = best, a none.
        // zero (higher): best 3 → own 100 %, a 0 / 3 = 0 %.
        var radar = BenchmarkCharts.Radar(Edges, 2025);
        Assert.Equal([("pollution", new decimal?[] { 90.0m, 100m, null }), ("jobs", [100m, null, 100m]), ("zero", [100m, 0m, null])],
            radar.Select(a => (a.Indicator.Id, a.Shares.ToArray())));
        // 2022: pollution own 40, a 30 → own 30 / 40 = 75.0 %; nobody has jobs or zero.
        Assert.Equal([75.0m, 100m, null], BenchmarkCharts.Radar(Edges, 2022)[0].Shares);
        Assert.Equal([null, null, null], BenchmarkCharts.Radar(Edges, 2022)[1].Shares);
        // 2 / 3 = 66.666… → 66.7 (half away from zero); a lower value of 3 against a best of 2 → 66.7 too.
        var thirds = GapFileReader.Read("""{"indicators": [{"id": "h", "direction": "higher"}, {"id": "l", "direction": "lower"}], "own": {"values": {"h": {"2025": 2}, "l": {"2025": 3}}}, "benchmarks": [{"id": "x", "values": {"h": {"2025": 3}, "l": {"2025": 2}}}]}""", yearRequired: false);
        Assert.Equal([(66.7m, 100m), (66.7m, 100m)], BenchmarkCharts.Radar(thirds, 2025).Select(a => (a.Shares[0]!.Value, a.Shares[1]!.Value)));

        Assert.Equal([2022, 2024, 2025], BenchmarkCharts.Years(Edges));
        Assert.Equal(2025, BenchmarkCharts.DefaultYear(Edges));
        var trend = BenchmarkCharts.Trends(Edges);
        Assert.Equal([2022, 2023, 2024, 2025], trend[0].Years);
        Assert.Equal([[40m, null, null, 30m], [30m, null, null, 27m], [null, null, null, null]], trend[0].Values.Select(v => v.ToArray()));
        Assert.Equal([null, null, 4000m, 5000m], trend[1].Values[2]);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("0", "ahead")]
    [InlineData("12.5", "ahead")]
    [InlineData("-0.1", "near")]
    [InlineData("-9.9", "near")]
    [InlineData("-10", "behind")]
    [InlineData("-29.9", "behind")]
    [InlineData("-30", "far")]
    [InlineData("-74.3", "far")]
    public void A_gap_is_shaded_by_its_shortfall(string? gap, string? shade) =>
        Assert.Equal(shade, BenchmarkCharts.Shortfall(gap is null ? null : decimal.Parse(gap, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("1,234.5", "1234.5")]
    [InlineData(" １２３．５ ", "123.5")]
    [InlineData("1，234", "1234")]
    [InlineData("－８", "-8")]
    [InlineData("12a", null)]
    [InlineData("1.2.3", null)]
    [InlineData("", null)]
    [InlineData("1e5", null)]
    [InlineData("3.4%", "3.4")]
    [InlineData("１２％", "12")]
    public void A_value_is_read_as_people_type_it(string typed, string? number) =>
        Assert.Equal(number, BenchmarkForm.ParseNumber(typed)?.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static async Task<(TestApp App, int Org, HttpClient Admin)> OpenAsync()
    {
        var app = new TestApp("Sqlite");
        var org = await app.Organization("zone");
        await app.User(org, "zone-office", OrgRole.Admin);
        return (app, org, await app.SignedIn("zone-office", SchemeTestSupport.Password));
    }

    private static async Task SaveAsync(TestApp app, int org, string document)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var saved = await scope.ServiceProvider.GetRequiredService<App.Benchmarking.BenchmarkService>().SaveAsync(org, Encoding.UTF8.GetBytes(document), null, "zone-office", default);
        Assert.True(saved.IsOk);
    }

    [Fact]
    public async Task The_page_shows_the_engine_s_gap_shaded_with_the_catch_up_in_words_the_ranks_and_the_charts_data()
    {
        var (app, org, admin) = await OpenAsync();
        using var _ = app;

        // No data yet: the way to enter them.
        var empty = Parser.ParseDocument(await admin.GetStringAsync(Page));
        Assert.Contains("还没有对标数据", empty.GetElementById("no-data")!.TextContent);
        Assert.Equal(Edit, empty.GetElementById("edit-link")!.GetAttribute("href"));

        await SaveAsync(app, org, SpecEdges);
        var html = Parser.ParseDocument(await admin.GetStringAsync(Page));
        Assert.Equal("2025", html.QuerySelector("#year option[selected]")!.GetAttribute("value"));
        Assert.Equal(["2022", "2024", "2025"], html.QuerySelectorAll("#year option").Select(o => o.GetAttribute("value")));
        var sections = html.QuerySelectorAll("section.benchmark").ToList();
        Assert.Equal(["与a对标", "与乙对标"], sections.Select(s => s.QuerySelector("h2")!.TextContent));
        Assert.Equal("2025年比较 3 项指标：按当前增速可赶上 1 项，缺少数值无法比较 2 项。", sections[0].QuerySelector(".benchmark-summary")!.TextContent);
        Assert.Equal("2025年比较 3 项指标：已领先 1 项，缺少数值无法比较 2 项。", sections[1].QuerySelector(".benchmark-summary")!.TextContent);
        // pollution against a: (27 − 30) / 27 × 100 = −11.1 (behind 10–30 %); growth (30/40)^(1/3) − 1 = −9.1 %
        // against (27/30)^(1/3) − 1 = −3.5 %; ln(30/27) / ln(0.9655/0.9086) = 1.7 years.
        var pollution = sections[0].QuerySelector("tr[data-indicator=pollution]")!;
        Assert.Equal("behind", pollution.GetAttribute("data-shortfall"));
        Assert.Contains("gap-behind", pollution.ClassName);
        Assert.Equal(["pollution （越低越好）", "", "30", "27", "-11.1", "-9.1", "-3.5", "按当前增速约 1.7 年赶上"], pollution.QuerySelectorAll("td").Select(t => t.TextContent.Trim()));
        // zero against a benchmark of 0: no gap, no shade; jobs against 乙: equal, 0.0 counts as ahead.
        Assert.Equal("", sections[0].QuerySelector("tr[data-indicator=zero]")!.GetAttribute("data-shortfall"));
        var jobs = sections[1].QuerySelector("tr[data-indicator=jobs]")!;
        Assert.Equal(("ahead", "0.0", "25.0", "已领先"), (jobs.GetAttribute("data-shortfall"), jobs.QuerySelector(".gap")!.TextContent, jobs.QuerySelectorAll("td")[6].TextContent, jobs.QuerySelector(".catch-up")!.TextContent));
        Assert.Equal(["第 1 名 a；第 2 名 本组织", "第 1 名 本组织；第 1 名 乙", "第 1 名 本组织；第 2 名 a"],
            html.QuerySelectorAll("#ranks tbody tr").Select(r => r.QuerySelectorAll("td")[1].TextContent));
        Assert.Equal(["90.0%", "100%", "—"], html.QuerySelectorAll("#radar-table tr[data-indicator=pollution] td").Skip(1).Select(t => t.TextContent));
        var radar = JsonNode.Parse(html.GetElementById("benchmark-radar")!.TextContent)!;
        Assert.Equal("""{"indicators":["pollution","新增就业","zero"],"parties":["本组织","a","乙"],"values":[[90.0,100,100],[100,null,0],[null,100,null]]}""", radar.ToJsonString(Pacesetter.Scoring.Output.JsonFormats.Compact));
        var trend = JsonNode.Parse(html.GetElementById("benchmark-trend")!.TextContent)!;
        Assert.Equal("[[40,null,null,30],[30,null,null,27],[null,null,null,null]]", trend["indicators"]![0]!["values"]!.ToJsonString());

        // Another year: 2022 compares pollution only (40 against 30: (30 − 40) / 30 = −33.3, far behind; one year, no growth).
        var y2022 = Parser.ParseDocument(await admin.GetStringAsync(Page + "?year=2022"));
        var p2022 = y2022.QuerySelector("section.benchmark tr[data-indicator=pollution]")!;
        Assert.Equal(("far", "-33.3", "—"), (p2022.GetAttribute("data-shortfall"), p2022.QuerySelector(".gap")!.TextContent, p2022.QuerySelector(".catch-up")!.TextContent));
        // A year without data shows the default one.
        Assert.Equal("2025", Parser.ParseDocument(await admin.GetStringAsync(Page + "?year=1999")).QuerySelector("#year option[selected]")!.GetAttribute("value"));

        // The report's files of the year shown.
        var xlsx = await admin.GetAsync(html.GetElementById("download-xlsx")!.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal((App.Exports.ExportFile.Xlsx, "2025年对标分析.xlsx"), (xlsx.Content.Headers.ContentType!.MediaType, xlsx.Content.Headers.ContentDisposition!.FileNameStar));
        var docx = await admin.GetAsync(html.GetElementById("download-docx")!.GetAttribute("href"));
        Assert.Equal((App.Exports.ExportFile.Docx, "2025年对标分析报告.docx"), (docx.Content.Headers.ContentType!.MediaType, docx.Content.Headers.ContentDisposition!.FileNameStar));
        Assert.Equal("PK"u8.ToArray(), (await docx.Content.ReadAsByteArrayAsync())[..2]);

        // A leader reads without the edit link; the save's audit row is in words.
        await app.User(org, "zone-head", OrgRole.Leader);
        var leader = await app.SignedIn("zone-head", SchemeTestSupport.Password);
        Assert.Null(Parser.ParseDocument(await leader.GetStringAsync(Page)).GetElementById("edit-link"));
        var audit = Parser.ParseDocument(await admin.GetStringAsync("/orgs/zone/audit?kind=benchmarks.save"));
        Assert.Contains("对标数据：（无） → 3 项指标（pollution、新增就业、zero）、2 个对标对象（a、乙）、9 个数值", System.Text.RegularExpressions.Regex.Replace(audit.QuerySelector(".audit-change")!.TextContent, @"\s+", " "));
    }

    private static Dictionary<string, string> Form(string token, int version, params (string Key, string Value)[] fields)
    {
        var form = new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var (k, v) in fields) form[k] = v;
        return form;
    }

    private static readonly (string, string)[] Gdp =
    [
        ("Form.OwnName", "示范开发区"), ("Form.Indicators[0].Name", "地区生产总值"), ("Form.Indicators[0].Unit", "亿元"), ("Form.Indicators[0].Direction", "higher"),
        ("Form.Indicators[1].Name", ""), ("Form.Benchmarks[0].Name", "苏州工业园区"), ("Form.FirstYear", "2024"), ("Form.LastYear", "2025"),
        ("v:0:0:2024", "８２０"), ("v:0:0:2025", "905"), ("v:1:0:2024", "3,300"), ("v:1:0:2025", "3，515"),
    ];

    private static async Task<string> StoredAsync(TestApp app, int org)
    {
        await using var db = app.NewDb();
        return await db.BenchmarkSets.Where(s => s.OrganizationId == org).Select(s => s.Document).SingleOrDefaultAsync() ?? "";
    }

    [Fact]
    public async Task The_form_saves_the_document_the_API_takes_and_refuses_at_the_place_in_words_storing_nothing()
    {
        var (app, org, admin) = await OpenAsync();
        using var _ = app;
        var token = TestApp.AntiforgeryToken(await admin.GetStringAsync(Edit));

        // A value that is not a number: 400, said at its place, the cell marked, nothing stored.
        var bad = await admin.PostAsync(Edit + "?handler=Save", new FormUrlEncodedContent(Form(token, 0, [.. Gdp, ("v:1:0:2025", "35l5")])));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var refused = Parser.ParseDocument(await bad.Content.ReadAsStringAsync());
        Assert.Equal(["苏州工业园区 · 地区生产总值 · 2025年：“35l5”不是数字"], refused.QuerySelectorAll("#errors li").Select(l => l.TextContent.Trim()));
        Assert.Contains("is-invalid", refused.QuerySelector("input[name='v:1:0:2025']")!.ClassName);
        Assert.Equal("35l5", refused.QuerySelector("input[name='v:1:0:2025']")!.GetAttribute("value"));
        // A problem the engine finds (two indicators with one id): at the form's row, in the engine's words.
        var dup = await admin.PostAsync(Edit + "?handler=Save", new FormUrlEncodedContent(Form(token, 0, [.. Gdp, ("Form.Indicators[0].Id", "gdp"), ("Form.Indicators[1].Name", "人均GDP"), ("Form.Indicators[1].Id", "gdp")])));
        Assert.Equal(HttpStatusCode.BadRequest, dup.StatusCode);
        var places = Parser.ParseDocument(await dup.Content.ReadAsStringAsync()).QuerySelectorAll("#errors li .problem-place").Select(p => p.TextContent).ToList();
        Assert.Equal(["指标第 2 行 · 编号"], places);
        Assert.Equal("", await StoredAsync(app, org));

        // Saved: blank ids numbered, full-width digits and separators read, the blank row left out; the page's message.
        var saved = await admin.PostAsync(Edit + "?handler=Save", new FormUrlEncodedContent(Form(token, 0, Gdp)));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(Page, saved.Headers.Location!.OriginalString);
        Assert.Equal("""{"indicators":[{"id":"i1","name":"地区生产总值","unit":"亿元","direction":"higher"}],"own":{"name":"示范开发区","values":{"i1":{"2024":820,"2025":905}}},"benchmarks":[{"id":"b1","name":"苏州工业园区","values":{"i1":{"2024":3300,"2025":3515}}}]}""",
            await StoredAsync(app, org));
        var page = Parser.ParseDocument(await admin.GetStringAsync(Page));
        Assert.Equal("对标数据已保存（第 1 版）。", page.GetElementById("done")!.TextContent);
        // (905 − 3515) / 3515 = −74.3 %; growth 905/820 − 1 = 10.4 % against 3515/3300 − 1 = 6.5 %;
        // ln(3515/905) / ln(1.10366/1.06515) = 38.2 years.
        var row = page.QuerySelector("section.benchmark tr[data-indicator=i1]")!;
        Assert.Equal(["地区生产总值 （越高越好）", "亿元", "905", "3515", "-74.3", "10.4", "6.5", "按当前增速约 38.2 年赶上"], row.QuerySelectorAll("td").Select(t => t.TextContent.Trim()));

        // The form again shows what was saved; redrawing with more rows stores nothing.
        var again = Parser.ParseDocument(await admin.GetStringAsync(Edit));
        Assert.Equal(("i1", "820", "3515"), (again.QuerySelector("input[name='Form.Indicators[0].Id']")!.GetAttribute("value"),
            again.QuerySelector("input[name='v:0:0:2024']")!.GetAttribute("value"), again.QuerySelector("input[name='v:1:0:2025']")!.GetAttribute("value")));
        var layout = await admin.PostAsync(Edit + "?handler=Layout", new FormUrlEncodedContent(Form(token, 1, [.. Gdp, ("add", "indicator"), ("Form.LastYear", "2026")])));
        Assert.Equal(HttpStatusCode.OK, layout.StatusCode);
        var redrawn = Parser.ParseDocument(await layout.Content.ReadAsStringAsync());
        Assert.Equal(5, redrawn.QuerySelectorAll("#indicator-rows tbody tr").Length);
        Assert.Equal(["2024", "2025", "2026"], redrawn.QuerySelectorAll(".value-grid[data-party='0'] thead th").Skip(1).Select(t => t.TextContent));
        Assert.Equal("８２０", redrawn.QuerySelector("input[name='v:0:0:2024']")!.GetAttribute("value"));

        // A save on the version first shown (0, now 1): 409, nothing changed.
        var stale = await admin.PostAsync(Edit + "?handler=Save", new FormUrlEncodedContent(Form(token, 0, [.. Gdp, ("v:0:0:2025", "1000")])));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("已被他人修改", Parser.ParseDocument(await stale.Content.ReadAsStringAsync()).GetElementById("errors")!.TextContent);
        Assert.Contains("\"2025\":905", await StoredAsync(app, org));
        await using var db = app.NewDb();
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.OrganizationId == org && e.Kind == "benchmarks.save" && e.Actor == "zone-office"));
    }
}
