using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Accounts;
using Pacesetter.Web.Tests.Exports;
using Pacesetter.Web.Tests.Schemes;

namespace Pacesetter.Web.Tests.Surveys;

/// <summary>
/// The office's 民主测评 pages (issue #12) through the real host: a survey made in the form, its problems said in
/// Chinese at their inputs; paper ballots typed a line each and from the .xlsx template filled by openpyxl, previewed
/// and entered all or nothing, valid and invalid counted as surveys.md §2 says; the survey's page and its result.xlsx
/// (read by openpyxl) holding the hand-worked tally of §3.
/// </summary>
public sealed class SurveyPagesTests
{
    private const string Pages = "/orgs/zone/surveys";
    private const string Id = "2026q3-myd";
    private static readonly HtmlParser Parser = new();

    private static async Task<(TestApp App, HttpClient Office)> OpenAsync(bool linkDuty = false)
    {
        var app = new TestApp("Sqlite");
        var org = await app.Organization("zone");
        var api = await app.ApiAs(org, "zone-api", OrgRole.Admin);
        var scheme = SchemeTestSupport.ExampleJson();
        if (linkDuty)
        {
            // 主责主业目标完成 (bands) takes the survey's score as its datum: the file's entered values of it go.
            var duty = scheme["categories"]!.AsArray().SelectMany(c => c!["indicators"]!.AsArray()).Single(i => (string?)i!["id"] == "duty")!;
            duty["source"] = "surveys/" + Id;
            foreach (var unit in scheme["data"]!.AsObject()) (unit.Value as JsonObject)?.Remove("duty");
        }
        var put = await api.PutScheme("zone", "2026-Q3", scheme.Utf8());
        Assert.True(put.StatusCode == HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        await app.User(org, "zone-admin", OrgRole.Admin);
        return (app, await app.SignedIn("zone-admin", SchemeTestSupport.Password));
    }

    private static async Task<IDocument> PageAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
        return Parser.ParseDocument(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Posts the fields (a key may repeat) with the antiforgery token of <paramref name="page"/>.</summary>
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string page, string url, IEnumerable<(string Key, string Value)> fields)
    {
        var html = await client.GetStringAsync(page);
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).Append(new("__RequestVerificationToken", TestApp.AntiforgeryToken(html)));
        return await client.PostAsync(url, new FormUrlEncodedContent(form));
    }

    private static string Text(IElement? e) => System.Text.RegularExpressions.Regex.Replace(e?.TextContent ?? "", @"\s+", " ").Trim();

    /// <summary>
    /// The survey of these tests: four units, 满意 100 / 基本满意 80 (both satisfied) / 不满意 0, no abstaining, at most
    /// half the units 满意; the leaders (weight 40) and the departments rating each other but not themselves (60).
    /// </summary>
    private static List<(string, string)> Survey(string name = "2026年第三季度机关作风满意度测评") =>
    [
        ("Form.Id", Id), ("Form.Name", name), ("Form.Period", "2026-Q3"),
        ("Form.Units", "T1"), ("Form.Units", "T2"), ("Form.Units", "T3"), ("Form.Units", "D1"),
        ("Form.Options[0].Id", "a"), ("Form.Options[0].Name", "满意"), ("Form.Options[0].Points", "100"), ("Form.Options[0].Satisfied", "true"),
        ("Form.Options[1].Id", "b"), ("Form.Options[1].Name", "基本满意"), ("Form.Options[1].Points", "80"), ("Form.Options[1].Satisfied", "true"),
        ("Form.Options[2].Id", "c"), ("Form.Options[2].Name", "不满意"), ("Form.Options[2].Points", "0"),
        ("Form.Options[3].Id", ""), ("Form.Options[3].Name", ""), ("Form.Options[3].Points", ""),
        ("Form.TopQuota", "50"),
        ("Form.Groups[0].Id", "leaders"), ("Form.Groups[0].Name", "领导评价"), ("Form.Groups[0].Weight", "40"),
        ("Form.Groups[1].Id", ""), ("Form.Groups[1].Name", ""), ("Form.Groups[1].Weight", ""),
        ("Form.Groups[2].Id", "units"), ("Form.Groups[2].Name", "部门互评"), ("Form.Groups[2].Weight", "60"), ("Form.Groups[2].ExcludeSelf", "true"),
    ];

    private static async Task CreateAsync(HttpClient office)
    {
        var created = await PostAsync(office, Pages + "/new", Pages + "/new", Survey());
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal($"{Pages}/{Id}", created.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_survey_is_made_in_the_form_and_every_problem_is_said_in_Chinese_at_its_input()
    {
        var (app, office) = await OpenAsync();
        using var _ = app;

        // A new survey: every unit ticked, 满意/基本满意/不满意 and the leaders' rating, blank rows to add to, the scheme's period offered.
        var blank = await PageAsync(office, Pages + "/new");
        Assert.Equal(13, blank.QuerySelectorAll("#units input[name='Form.Units'][checked]").Length);
        Assert.Equal(["镇街", "职能部门", "招商赛马"], blank.QuerySelectorAll("#units [data-category] > .fw-semibold").Select(Text));
        Assert.Equal("城东街道", Text(blank.QuerySelector("label[for='unit-T1']")));
        string Row(IElement row) => string.Join("|", row.QuerySelectorAll("input").Select(i => i.GetAttribute("type") == "checkbox" ? (i.HasAttribute("checked") ? "✓" : "·") : i.GetAttribute("value")));
        Assert.Equal(["a|满意|100|✓", "b|基本满意|80|✓", "c|不满意|0|·", "|||·", "|||·"], blank.QuerySelectorAll("#option-rows tbody tr").Select(Row));
        Assert.Equal(["leaders|领导评价|100|·||·", "|||·||·", "|||·||·", "|||·||·"], blank.QuerySelectorAll("#group-rows tbody tr").Select(Row));
        Assert.Equal(["2026-Q3"], blank.QuerySelectorAll("#scheme-periods option").Select(o => o.GetAttribute("value")));

        // Problems: each at its input (a blank row skipped, so the fourth option of the object is the form's fifth row).
        var fields = Survey().Where(f => !f.Item1.StartsWith("Form.Options[3]", StringComparison.Ordinal)).ToList();
        fields.RemoveAll(f => f.Item1 is "Form.Options[1].Points" or "Form.TopQuota" or "Form.Groups[0].Weight");
        fields.AddRange([
            ("Form.Options[1].Points", "八十"), ("Form.TopQuota", "150"), ("Form.Groups[0].Weight", "0"), ("Form.Groups[2].TrimMin", "2"),
            ("Form.Options[3].Id", ""), ("Form.Options[4].Id", "d"), ("Form.Options[4].Name", "很不满意"), ("Form.Options[4].Points", "-5"),
        ]);
        var refused = await PostAsync(office, Pages + "/new", Pages + "/new", fields);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = Parser.ParseDocument(await refused.Content.ReadAsStringAsync());
        string At(string field) => string.Join(" / ", page.QuerySelectorAll($".field-error[data-field='{field}']").Select(Text));
        Assert.Equal("应为数值", At("Form.Options[1].Points"));
        Assert.Equal("应在 0 到 100 之间", At("Form.Options[4].Points"));
        Assert.Equal("应为正数", At("Form.Groups[0].Weight"));
        Assert.Equal("不得小于 3", At("Form.Groups[2].TrimMin"));
        Assert.Equal("优秀名额应为 0 到 100 之间的百分数，如 30；空白为不限。", At("Form.TopQuota"));
        Assert.Contains("is-invalid", page.QuerySelector("input[name='Form.Options[4].Points']")!.ClassName);
        Assert.Equal(["选项第 2 行 · 分值：应为数值", "选项第 5 行 · 分值：应在 0 到 100 之间", "优秀名额：优秀名额应为 0 到 100 之间的百分数，如 30；空白为不限。",
            "评价群体第 1 行 · 权重：应为正数", "评价群体第 3 行 · 最少票数：不得小于 3"], page.QuerySelectorAll("#errors li").Select(Text));
        Assert.Equal("未保存：有 5 个问题。", Text(page.QuerySelector("#errors .fw-semibold")));
        // What was typed stays, the units ticked too.
        Assert.Equal("八十", page.QuerySelector("input[name='Form.Options[1].Points']")!.GetAttribute("value"));
        Assert.Equal(["T1", "T2", "T3", "D1"], page.QuerySelectorAll("#units input[checked]").Select(i => i.GetAttribute("value")));
        await using (var db = app.NewDb()) Assert.Equal(0, await db.Surveys.CountAsync());

        // No unit: said at the units, by the service's checks.
        var noUnits = await PostAsync(office, Pages + "/new", Pages + "/new", Survey().Where(f => f.Item1 != "Form.Units"));
        Assert.Equal(HttpStatusCode.BadRequest, noUnits.StatusCode);
        Assert.Equal("不能为空", Text(Parser.ParseDocument(await noUnits.Content.ReadAsStringAsync()).QuerySelector(".field-error[data-field='Form.Units']")));

        // Saved: the object of surveys.md §1, blank rows left out, the quota a fraction; the survey's page says so.
        await CreateAsync(office);
        await using (var db = app.NewDb())
        {
            Assert.Equal("""{"id":"2026q3-myd","name":"2026年第三季度机关作风满意度测评","period":"2026-Q3","units":["T1","T2","T3","D1"],"options":[{"id":"a","name":"满意","points":100,"satisfied":true},{"id":"b","name":"基本满意","points":80,"satisfied":true},{"id":"c","name":"不满意","points":0,"satisfied":false}],"abstain":false,"topQuota":0.5,"groups":[{"id":"leaders","name":"领导评价","weight":40,"trim":false,"trimMin":5,"excludeSelf":false},{"id":"units","name":"部门互评","weight":60,"trim":false,"trimMin":5,"excludeSelf":true}]}""",
                await db.Surveys.Select(s => s.Document).SingleAsync());
        }
        var shown = await PageAsync(office, $"{Pages}/{Id}");
        Assert.Equal("已创建测评“2026年第三季度机关作风满意度测评”。", Text(shown.GetElementById("done")));
        Assert.Equal("进行中", Text(shown.GetElementById("state")));
        Assert.Equal(("0", "0", "0", "0 / 0"), (Text(shown.QuerySelector("[data-role=cast]")), Text(shown.QuerySelector("[data-role=valid]")), Text(shown.QuerySelector("[data-role=invalid]")), Text(shown.QuerySelector("#counts [data-role=links]"))));
        Assert.Equal("满意 100 分（计入满意）、基本满意 80 分（计入满意）、不满意 0 分", Text(shown.QuerySelector("[data-role=options]")));
        Assert.Equal("不允许弃权（须评价每个单位，否则为无效票）；评为“满意”的单位不超过 50%（4 个单位时最多 2 个），超过的选票作废", Text(shown.QuerySelector("[data-role=rules]")));
        Assert.StartsWith("2026年第三季度考核方案中还没有以本测评为数据来源的指标。", Text(shown.GetElementById("fed-none")));
        Assert.Equal("surveys/2026q3-myd", Text(shown.QuerySelector("#fed-none code")));
        Assert.Equal(["城东街道", "城西街道", "江海街道", "经济发展局"], shown.QuerySelectorAll("#result tbody tr td:first-child").Select(Text));
        Assert.All(shown.QuerySelectorAll("#result [data-role=score]"), s => Assert.Equal("—", Text(s)));
        // The list.
        var list = await PageAsync(office, Pages);
        Assert.Equal("2026年第三季度机关作风满意度测评 2026q3-myd|2026年第三季度|进行中|0|0 / 0",
            string.Join("|", list.QuerySelectorAll("#surveys tbody tr td").Select(Text)));

        // The id is taken; the edit form shows the survey as stored and saves a change.
        var taken = await PostAsync(office, Pages + "/new", Pages + "/new", Survey());
        Assert.Equal("编号“2026q3-myd”已被其他测评使用", Text(Parser.ParseDocument(await taken.Content.ReadAsStringAsync()).QuerySelector(".field-error[data-field='Form.Id']")));
        var edit = await PageAsync(office, $"{Pages}/{Id}/edit");
        Assert.Null(edit.QuerySelector("input[name='Form.Id']"));
        Assert.Equal("50", edit.QuerySelector("input[name='Form.TopQuota']")!.GetAttribute("value"));
        Assert.Equal(["leaders|领导评价|40|·||·", "units|部门互评|60|·||✓", "|||·||·", "|||·||·", "|||·||·"], edit.QuerySelectorAll("#group-rows tbody tr").Select(Row));
        var changed = Survey("2026年三季度作风测评").Where(f => f.Item1 != "Form.Id").Append(("Version", "1"));
        var saved = await PostAsync(office, $"{Pages}/{Id}/edit", $"{Pages}/{Id}/edit", changed);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("已保存测评“2026年三季度作风测评”。", Text((await PageAsync(office, $"{Pages}/{Id}")).GetElementById("done")));
        // A version since changed: refused, nothing saved.
        var stale = await PostAsync(office, $"{Pages}/{Id}/edit", $"{Pages}/{Id}/edit", Survey("又一个名字").Where(f => f.Item1 != "Form.Id").Append(("Version", "1")));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(["已被他人修改，请刷新后重试"], Parser.ParseDocument(await stale.Content.ReadAsStringAsync()).QuerySelectorAll("#errors li").Select(Text));
    }

    private static async Task<HttpResponseMessage> LinesAsync(HttpClient office, string handler, string group, string lines) =>
        await PostAsync(office, $"{Pages}/{Id}/paper", $"{Pages}/{Id}/paper?handler={handler}", [("Group", group), ("Lines", lines)]);

    /// <summary>
    /// The leaders' six paper ballots (a blank line between): aabc and a b b b valid; aaab gives 满意 to three of four
    /// units, over the quota of two; x is no option; '-' leaves T2 unrated where abstaining is not allowed; b,b,c,c valid.
    /// </summary>
    private const string LeaderLines = "aabc\na b b b\naaab\na x b c\na - b c\n\nb,b,c,c\n";

    /// <summary>
    /// The departments' three: T1 leaves itself out (valid, its quota floor(0.5 × 3) = 1); T2 rates itself a, ignored
    /// (valid); D1 gives 满意 to two of the three others, over the quota.
    /// </summary>
    private const string UnitLines = "T1: a b c\nT2: a a b c\nD1:aab";

    [Fact]
    public async Task Paper_ballots_typed_a_line_each_are_previewed_entered_all_or_nothing_and_tallied_exactly()
    {
        var (app, office) = await OpenAsync(linkDuty: true);
        using var _ = app;
        await CreateAsync(office);

        // The form names the units in their order, the options, and how a line is written.
        var form = await PageAsync(office, $"{Pages}/{Id}/paper");
        Assert.Equal(["城东街道 T1", "城西街道 T2", "江海街道 T3", "经济发展局 D1"], form.QuerySelectorAll("#unit-order li").Select(Text));
        Assert.Equal("选项：a 满意 b 基本满意 c 不满意 - 弃权", Text(form.GetElementById("option-legend")));
        Assert.Contains("也可连写，如 aaaa。", Text(form.GetElementById("paper-lines-help")));

        // Lines that cannot be ballots: each said by its number, nothing entered.
        var bad = await LinesAsync(office, "Preview", "leaders", "aab\nT1: a b c a\n\naabc");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["第 1 行：应按单位顺序录入 4 项评价，“-”为弃权；本行有 3 项", "第 2 行：“领导评价”不记评价人单位：请去掉“T1:”"],
            Parser.ParseDocument(await bad.Content.ReadAsStringAsync()).QuerySelectorAll(".field-error[data-field=lines] li").Select(Text));
        var badRater = await LinesAsync(office, "Enter", "units", "T1: a b c\nX9: a b c\na b c");
        Assert.Equal(["第 2 行：评价人单位“X9”不是本测评的单位", "第 3 行：应以评价人所在单位的编号加冒号开头，如 T1: …"],
            Parser.ParseDocument(await badRater.Content.ReadAsStringAsync()).QuerySelectorAll(".field-error[data-field=lines] li").Select(Text));
        await using (var db = app.NewDb()) Assert.Equal(0, await db.SurveyBallots.CountAsync());

        // The preview counts: an unknown option, a unit unrated and the quota broken are invalid, not refused.
        var preview = Parser.ParseDocument(await (await LinesAsync(office, "Preview", "leaders", LeaderLines)).Content.ReadAsStringAsync());
        Assert.Equal("共 6 张选票：有效 3 张，无效 3 张。", Text(preview.GetElementById("preview-counts")));
        Assert.Equal(["1 张含本测评没有的选项：第 4 行", "1 张有单位未评价（本测评不允许弃权）：第 5 行", "1 张超过优秀名额：第 3 行"],
            preview.QuerySelectorAll("#preview-invalid li").Select(Text));
        Assert.Equal("确认录入这 6 张选票", Text(preview.GetElementById("confirm")));
        await using (var db = app.NewDb()) Assert.Equal(0, await db.SurveyBallots.CountAsync());

        var entered = await LinesAsync(office, "Enter", "leaders", LeaderLines);
        Assert.Equal(HttpStatusCode.Redirect, entered.StatusCode);
        Assert.Equal("已录入 6 张纸质选票：有效 3 张，无效 3 张。", Text((await PageAsync(office, $"{Pages}/{Id}")).GetElementById("done")));
        var units = Parser.ParseDocument(await (await LinesAsync(office, "Preview", "units", UnitLines)).Content.ReadAsStringAsync());
        Assert.Equal("共 3 张选票：有效 2 张，无效 1 张。", Text(units.GetElementById("preview-counts")));
        Assert.Equal(["1 张超过优秀名额：第 3 行"], units.QuerySelectorAll("#preview-invalid li").Select(Text));
        Assert.Equal(HttpStatusCode.Redirect, (await LinesAsync(office, "Enter", "units", UnitLines)).StatusCode);
        await using (var db = app.NewDb())
        {
            // Stored as typed: the rater only in the group that excludes self-rating; the entry audited with its source.
            Assert.Equal(["leaders||0-12", "leaders||0001", "leaders||0012", "leaders||0111", "leaders||0?12", "leaders||1122", "units|D1|001-", "units|T1|-012", "units|T2|0012"],
                (await db.SurveyBallots.Select(b => b.Group + "|" + b.Rater + "|" + b.Codes).ToListAsync()).Order(StringComparer.Ordinal));
            Assert.Equal(["{\"ballots\":6,\"valid\":3,\"invalid\":3,\"from\":\"form\"}", "{\"ballots\":3,\"valid\":2,\"invalid\":1,\"from\":\"form\"}"],
                await db.AuditEntries.Where(e => e.Kind == "survey.paper").OrderBy(e => e.Id).Select(e => e.After!).ToListAsync());
        }

        // The tally by hand. Valid: leaders aabc, abbb, bbcc; departments T1 (T2 a, T3 b, D1 c) and T2 (T1 a, T3 b, D1 c).
        //   leaders  T1 100,100,80 → 93.33   T2 100,80,80 → 86.67   T3 80,80,0 → 53.33   D1 0,80,0 → 26.67
        //   units    T1 100 (1)              T2 100 (1)             T3 80,80 → 80        D1 0,0 → 0
        //   score = (40 × leaders + 60 × units) / 100: T1 97.332 → 97.33, T2 94.668 → 94.67, T3 69.332 → 69.33, D1 10.668 → 10.67
        //   satisfied ÷ ratings: T1 4/4, T2 4/4, T3 4/5, D1 1/5
        var shown = await PageAsync(office, $"{Pages}/{Id}");
        Assert.Equal(("9", "5", "4"), (Text(shown.QuerySelector("[data-role=cast]")), Text(shown.QuerySelector("[data-role=valid]")), Text(shown.QuerySelector("[data-role=invalid]"))));
        Assert.Equal(["城东街道|97.33|100.0|93.33|3|100|1", "城西街道|94.67|100.0|86.67|3|100|1", "江海街道|69.33|80.0|53.33|3|80|2", "经济发展局|10.67|20.0|26.67|3|0|2"],
            shown.QuerySelectorAll("#result tbody tr").Select(r => string.Join("|", r.QuerySelectorAll("td").Select(Text))));
        var chart = JsonNode.Parse(shown.GetElementById("survey-scores")!.TextContent)!;
        Assert.Equal(["城东街道", "城西街道", "江海街道", "经济发展局"], chart["units"]!.AsArray().Select(u => (string)u!));
        Assert.Equal([97.33m, 94.67m, 69.33m, 10.67m], chart["scores"]!.AsArray().Select(u => (decimal)u!));
        Assert.NotNull(shown.QuerySelector("script[src^='/lib/echarts/echarts.min.js']"));
        Assert.Equal(["主责主业目标完成 duty"], shown.QuerySelectorAll("#fed-list li").Select(Text));

        // result.xlsx, read by openpyxl: the same figures.
        var xlsx = await office.GetAsync($"{Pages}/{Id}/result.xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        var dir = Office.Folder();
        try
        {
            var book = Path.Combine(dir, "result.xlsx");
            await File.WriteAllBytesAsync(book, await xlsx.Content.ReadAsByteArrayAsync());
            Office.Keep(book);
            var lines = (await Office.PythonAsync("""
                import sys, openpyxl
                ws = openpyxl.load_workbook(sys.argv[1]).active
                print(ws.title)
                for row in ws.iter_rows(min_row=1, max_row=6):
                    print('|'.join('' if c.value is None else repr(c.value) for c in row))
                """, book)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("测评结果", lines[0]);
            Assert.StartsWith("'2026年第三季度机关作风满意度测评（2026-Q3）测评结果：收回 9 张，有效 5 张，无效 4 张（进行中，生成时间 ", lines[1]);
            Assert.EndsWith(" 北京时间）'", lines[1].Split('|')[0]);
            Assert.Equal("'单位'|'编号'|'综合得分'|'满意率（%）'|'领导评价平均分'|'领导评价计入票数'|'部门互评平均分'|'部门互评计入票数'", lines[2]);
            Assert.Equal(["'城东街道'|'T1'|97.33|100.0|93.33|3|100|1", "'城西街道'|'T2'|94.67|100.0|86.67|3|100|1", "'江海街道'|'T3'|69.33|80.0|53.33|3|80|2", "'经济发展局'|'D1'|10.67|20.0|26.67|3|0|2"], lines[3..7]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        // Ballots are stored: the form shows the units, options and groups fixed, with no rows to add.
        var edit = await PageAsync(office, $"{Pages}/{Id}/edit");
        Assert.StartsWith("已有选票：", Text(edit.GetElementById("fixed")));
        Assert.Equal(["城东街道", "城西街道", "江海街道", "经济发展局"], edit.QuerySelectorAll("#units li").Select(Text));
        Assert.Equal(3, edit.QuerySelectorAll("#option-rows tbody tr").Length);
        Assert.True(edit.QuerySelector("input[name='Form.Options[0].Id']")!.HasAttribute("readonly"));
        Assert.True(edit.QuerySelector("input[name='Form.Period']")!.HasAttribute("readonly"));

        // Closing feeds 主责主业目标完成 with each unit's score; reopening needs a reason.
        var close = await PostAsync(office, $"{Pages}/{Id}", $"{Pages}/{Id}?handler=Close", []);
        Assert.Equal(HttpStatusCode.Redirect, close.StatusCode);
        var closed = await PageAsync(office, $"{Pages}/{Id}");
        Assert.Equal("测评已关闭，各单位的综合得分已填入：主责主业目标完成。", Text(closed.GetElementById("done")));
        Assert.Equal("已关闭", Text(closed.GetElementById("state")));
        Assert.StartsWith("已关闭（zone-admin 于 ", Text(closed.QuerySelector("#facts [data-role=state]")));
        Assert.Null(closed.GetElementById("links-form"));
        var noReason = await PostAsync(office, $"{Pages}/{Id}", $"{Pages}/{Id}?handler=Reopen", [("Reason", " ")]);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal("必填：重新开启测评的原因", Text(Parser.ParseDocument(await noReason.Content.ReadAsStringAsync()).QuerySelector(".field-error[data-field=Reason]")));
        // Closed: no paper ballot is taken.
        var late = await LinesAsync(office, "Enter", "leaders", "aabc");
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("测评已关闭：请先（说明原因）重新开启", Text(Parser.ParseDocument(await late.Content.ReadAsStringAsync()).QuerySelector(".field-error[data-field=lines] li")));
        var reopen = await PostAsync(office, $"{Pages}/{Id}", $"{Pages}/{Id}?handler=Reopen", [("Reason", "补录一张迟到的纸质选票")]);
        Assert.Equal(HttpStatusCode.Redirect, reopen.StatusCode);
        Assert.Equal("测评已重新开启。", Text((await PageAsync(office, $"{Pages}/{Id}")).GetElementById("done")));
    }

    /// <summary>Fills the survey's template as a person would in another program: group and rater by name, options by name or id, a typo.</summary>
    private const string Fill = """
        import sys, datetime, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        print('|'.join(wb.sheetnames))
        ws = wb['选票']
        print('|'.join(str(c.value) for c in ws[1]))
        print('|'.join(str(c.value) for c in ws[2]))
        print(ws.freeze_panes, ';'.join(f'{dv.sqref}={dv.formula1}' for dv in ws.data_validations.dataValidation))
        ws.append(['领导评价', None, '满意', '基本满意', 'b', '不满意'])
        ws.append(['部门互评', '城东街道', '-', 'a', 'a', 'c'])
        ws.append(['leaders', None, '满易', 'a', 'b', 'c'])
        if sys.argv[3] == 'bad':
            ws['C5'] = datetime.date(2026, 9, 1)
            ws['B3'] = '城西街道'
            ws.append(['群众', None, 'a', 'a', 'b', 'c'])
        wb.save(sys.argv[2])
        """;

    [Fact]
    public async Task Paper_ballots_from_the_xlsx_template_filled_by_openpyxl_are_counted_and_a_bad_cell_is_said_at_its_address()
    {
        var (app, office) = await OpenAsync();
        using var _ = app;
        await CreateAsync(office);
        var paper = await PageAsync(office, $"{Pages}/{Id}/paper");
        var href = paper.GetElementById("template")!.GetAttribute("href")!;
        Assert.Equal($"{Pages}/{Id}/paper-template.xlsx", href);
        var template = await office.GetAsync(href);
        Assert.Equal(HttpStatusCode.OK, template.StatusCode);
        Assert.Equal("2026年第三季度机关作风满意度测评纸质选票录入模板.xlsx", template.Content.Headers.ContentDisposition!.FileNameStar);

        var dir = Office.Folder();
        try
        {
            var blank = Path.Combine(dir, "template.xlsx");
            await File.WriteAllBytesAsync(blank, await template.Content.ReadAsByteArrayAsync());
            Office.Keep(blank);
            var good = Path.Combine(dir, "good.xlsx");
            var bad = Path.Combine(dir, "bad.xlsx");
            var lines = (await Office.PythonAsync(Fill, blank, good, "good")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            await Office.PythonAsync(Fill, blank, bad, "bad");
            Assert.Equal("选票|填写说明", lines[0]);
            Assert.Equal("群体|评价人单位|城东街道|城西街道|江海街道|经济发展局", lines[1]);
            Assert.Equal("group|rater|T1|T2|T3|D1", lines[2]);
            Assert.Equal("C3 A3:A2002=\"领导评价,部门互评\";B3:B2002=\"城东街道,城西街道,江海街道,经济发展局\";C3:F2002=\"满意,基本满意,不满意\"", lines[3]);

            async Task<IDocument> PreviewAsync(string file)
            {
                var html = await office.GetStringAsync($"{Pages}/{Id}/paper");
                var form = new MultipartFormDataContent { { new StringContent(TestApp.AntiforgeryToken(html)), "__RequestVerificationToken" } };
                form.Add(new ByteArrayContent(await File.ReadAllBytesAsync(file)), "Upload", Path.GetFileName(file));
                return Parser.ParseDocument(await (await office.PostAsync($"{Pages}/{Id}/paper?handler=PreviewFile", form)).Content.ReadAsStringAsync());
            }

            // Every problem at its cell; nothing entered.
            var refused = await PreviewAsync(bad);
            Assert.Equal(["选票!B3: “领导评价”不记评价人单位：请留空", "选票!C5: 应填选项编号或名称（a 满意、b 基本满意、c 不满意），而不是日期", "选票!A6: “群众”不是本测评的评价群体（领导评价、部门互评）"],
                refused.QuerySelectorAll(".field-error[data-field=file] li").Select(Text));
            Assert.Null(refused.GetElementById("preview"));

            // The typo 满易 is no option: the ballot counts invalid, as on paper; 城东街道's three others with two 满意 break the quota of one.
            var preview = await PreviewAsync(good);
            Assert.Equal("预览（尚未录入） · good.xlsx", Text(preview.GetElementById("preview-title")));
            Assert.Equal("共 3 张选票：有效 1 张，无效 2 张。", Text(preview.GetElementById("preview-counts")));
            Assert.Equal(["1 张含本测评没有的选项：选票 第 5 行", "1 张超过优秀名额：选票 第 4 行"], preview.QuerySelectorAll("#preview-invalid li").Select(Text));
            var ballots = preview.QuerySelector("#confirm-form input[name=Ballots]")!.GetAttribute("value")!;
            Assert.Equal("""[{"group":"leaders","ratings":{"T1":"a","T2":"b","T3":"b","D1":"c"}},{"group":"units","rater":"T1","ratings":{"T2":"a","T3":"a","D1":"c"}},{"group":"leaders","ratings":{"T1":"满易","T2":"a","T3":"b","D1":"c"}}]""", ballots);
            await using (var db = app.NewDb()) Assert.Equal(0, await db.SurveyBallots.CountAsync());

            var entered = await PostAsync(office, $"{Pages}/{Id}/paper", $"{Pages}/{Id}/paper?handler=EnterFile", [("Ballots", ballots), ("FileName", "good.xlsx")]);
            Assert.Equal(HttpStatusCode.Redirect, entered.StatusCode);
            Assert.Equal("已录入 3 张纸质选票：有效 1 张，无效 2 张。", Text((await PageAsync(office, $"{Pages}/{Id}")).GetElementById("done")));
            await using (var db = app.NewDb())
            {
                Assert.Equal(["leaders||0112|", "leaders||?012|{\"T1\":\"满易\"}", "units|T1|-002|"], (await db.SurveyBallots.Select(b => b.Group + "|" + b.Rater + "|" + b.Codes + "|" + b.Extra).ToListAsync()).Order(StringComparer.Ordinal));
                Assert.Equal("{\"ballots\":3,\"valid\":1,\"invalid\":2,\"from\":\"xlsx\"}", await db.AuditEntries.Where(e => e.Kind == "survey.paper").Select(e => e.After!).SingleAsync());
            }
            // The anonymous CSV says what the paper held.
            var csv = (await office.GetStringAsync($"{Pages}/{Id}/ballots.csv")).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("group,rater,T1,T2,T3,D1,other", csv[0]);
            Assert.Equal(["leaders,,a,b,b,c,", "leaders,,满易,a,b,c,", "units,T1,,a,a,c,"], csv[1..].Order(StringComparer.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Links_are_made_for_a_group_and_its_raters_unit_and_shown_once_as_a_sheet_of_QR_codes()
    {
        var (app, office) = await OpenAsync();
        using var _ = app;
        await CreateAsync(office);

        // The departments' links name the rater's unit: without one, said at the field; nothing made.
        var noRater = await PostAsync(office, $"{Pages}/{Id}", $"{Pages}/{Id}/links", [("Group", "units"), ("Count", "2"), ("Rater", "")]);
        Assert.Equal(HttpStatusCode.BadRequest, noRater.StatusCode);
        var refused = Parser.ParseDocument(await noRater.Content.ReadAsStringAsync());
        Assert.Equal("必填：“部门互评”不评本单位，链接须指明评价人所在单位", Text(refused.QuerySelector(".field-error[data-field=rater]")));
        Assert.Equal("units", refused.QuerySelector("#link-group option[selected]")!.GetAttribute("value"));
        var tooMany = await PostAsync(office, $"{Pages}/{Id}", $"{Pages}/{Id}/links", [("Group", "leaders"), ("Count", "五")]);
        Assert.Equal("应在 1 到 1000 之间", Text(Parser.ParseDocument(await tooMany.Content.ReadAsStringAsync()).QuerySelector(".field-error[data-field=count]")));

        var made = await PostAsync(office, $"{Pages}/{Id}", $"{Pages}/{Id}/links", [("Group", "units"), ("Count", "2"), ("Rater", "T3")]);
        Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        Assert.True(made.Headers.CacheControl!.NoStore, "the sheet is not kept");
        var sheet = Parser.ParseDocument(await made.Content.ReadAsStringAsync());
        Assert.Equal("已为“部门互评”（评价人单位：江海街道）生成 2 个一次性链接。", Text(sheet.GetElementById("made")));
        Assert.StartsWith("这些链接只显示这一次", Text(sheet.GetElementById("once")));
        var cards = sheet.QuerySelectorAll(".qr-card");
        Assert.Equal(2, cards.Length);
        var urls = Text(sheet.GetElementById("urls")).Split(' ');
        Assert.Equal(2, urls.Length);
        foreach (var (card, url) in cards.Zip(urls))
        {
            Assert.Matches("^http://localhost/s/[A-Za-z0-9_-]{43}$", url);
            Assert.Equal(url, Text(card.QuerySelector(".qr-url")));
            Assert.Equal("部门互评 · 江海街道", Text(card.QuerySelector(".qr-group")));
            Assert.Equal("2026年第三季度机关作风满意度测评", Text(card.QuerySelector(".qr-survey")));
            Assert.StartsWith("data:image/svg+xml;base64,", card.QuerySelector("img.qr-code")!.GetAttribute("src"));
        }
        await using (var db = app.NewDb())
        {
            // Only the tokens' hashes are kept.
            var hashes = await db.SurveyLinks.Select(l => l.Group + "|" + l.Rater + "|" + l.TokenHash).ToListAsync();
            Assert.Equal(urls.Select(u => "units|T3|" + Pacesetter.App.Surveys.SurveyService.Hash(u[^43..])).Order(StringComparer.Ordinal), hashes.Order(StringComparer.Ordinal));
        }
        // The leaders' links name nobody: a rater left in the form is not read for them.
        var leaders = Parser.ParseDocument(await (await PostAsync(office, $"{Pages}/{Id}", $"{Pages}/{Id}/links", [("Group", "leaders"), ("Count", "1"), ("Rater", "T1")])).Content.ReadAsStringAsync());
        Assert.Equal("已为“领导评价”生成 1 个一次性链接。", Text(leaders.GetElementById("made")));
        Assert.Equal("0 / 3", Text((await PageAsync(office, $"{Pages}/{Id}")).QuerySelector("#counts [data-role=links]")));
    }
}
