using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Audit;
using Pacesetter.Web.Demo;

// Not "…Tests.Audit": that namespace would hide Pacesetter.App.Audit from tests that write Audit.AuditLog.
namespace Pacesetter.Web.Tests.AuditTrail;

/// <summary>
/// Issue #8 defect 10: the audit log showed before/after as raw JSON and names as codes. Each row now says what changed
/// in words ("字段：旧 → 新"), a datum's value in words, a scheme version as a summary with links; the raw JSON stays,
/// collapsed, for experts. Rows are appended as the application writes them (same kinds, same before/after shapes).
/// </summary>
public class AuditChangeTests
{
    private const string Page = "/orgs/demo/audit";

    /// <summary>A row as a person reads it: kind | subject [code] | changed lines | summary | links ("-" for none).</summary>
    private static string Read(IElement tr)
    {
        string Text(string selector) => string.Join(" / ", tr.QuerySelectorAll(selector).Select(e => string.Join(' ', e.TextContent.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))));
        var subject = tr.QuerySelector(".audit-subject")!.TextContent.Trim();
        string[] parts = [Text(".audit-kind"), string.Join(' ', subject.Split(' ', StringSplitOptions.RemoveEmptyEntries)), Text(".audit-lines li"), Text(".audit-summary"), Text(".audit-links a")];
        return string.Join(" | ", parts.Select(x => x.Length == 0 ? "-" : x));
    }

    /// <summary>The visible text of a row: everything but the collapsed raw record.</summary>
    private static string Visible(IElement tr)
    {
        var copy = (IElement)tr.Clone();
        foreach (var raw in copy.QuerySelectorAll("details.audit-raw").ToList()) raw.Remove();
        return copy.TextContent;
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Every_kind_of_row_says_what_changed_in_words_with_names(string provider)
    {
        await using var app = new TestApp(provider, demo: true);
        _ = app.Server;
        int org;
        using (var db = app.NewDb()) org = await db.Organizations.Where(o => o.Slug == DemoData.Slug).Select(o => o.Id).SingleAsync();
        await app.AppendAudit(org,
        [
            new AuditRecord("reporter.t1", "datum.save", "datum", "2026-11/T1/revenue", "2026-11", "T1", null, """{"value":{"value":1.02,"target":0.9},"state":"draft","version":1}"""),
            new AuditRecord("reporter.t2", "datum.submit", "datum", "2026-11/T2/industry", "2026-11", "T2",
                """{"value":{"value":27.1,"previous":26},"state":"draft","version":1}""", """{"value":{"value":27.5,"previous":26},"state":"submitted","version":2}"""),
            new AuditRecord("admin", "datum.approve", "datum", "2026-11/T2/revenue", "2026-11", "T2",
                """{"value":{"value":0.97,"target":1},"state":"submitted","version":2}""", """{"value":{"value":0.97,"target":1},"state":"approved","version":3}"""),
            new AuditRecord("admin", "datum.return", "datum", "2026-11/T1/cards", "2026-11", "T1",
                """{"value":{"yellow":1,"red":0},"state":"submitted","version":1}""", """{"value":{"yellow":1,"red":0},"state":"returned","version":2,"returnReason":"与督办单不符"}""", "与督办单不符"),
            new AuditRecord("admin", "datum.save", "datum", "2026-11/T1/honors", "2026-11", "T1", null, """{"value":[{"item":"平安建设","level":"city"},{"item":"营商环境","level":"national"}],"state":"draft","version":1}"""),
            new AuditRecord("admin", "datum.save", "datum", "2026-11/D1/service", "2026-11", "D1", """{"value":"良","state":"draft","version":1}""", """{"value":"优","state":"draft","version":2}"""),
            new AuditRecord("admin", "unit.rename", "unit", "T3", Unit: "T3", Before: """{"code":"T3","name":"城南街道","category":"towns","retiredAt":null}""", After: """{"code":"T3","name":"南湖街道","category":"towns","retiredAt":null}""", Reason: "区划调整"),
            new AuditRecord("admin", "unit.move", "unit", "T4", Unit: "T4", Before: """{"code":"T4","name":"城北街道","category":"towns","retiredAt":null}""", After: """{"code":"T4","name":"城北街道","category":"depts","retiredAt":null}"""),
            new AuditRecord("admin", "unit.retire", "unit", "T5", Unit: "T5", Before: """{"code":"T5","name":"江海街道","category":"towns","retiredAt":null}""", After: """{"code":"T5","name":"江海街道","category":"towns","retiredAt":"2026-11-30T16:00:00Z"}"""),
            new AuditRecord("admin", "unit.rename", "unit", "T6", "2026-12", "T6", "新港镇", "新港街道", "导入考核方案"),
            new AuditRecord("admin", "category.rename", "category", "towns", Before: """{"code":"towns","name":"镇街","order":1}""", After: """{"code":"towns","name":"镇（街道）","order":1}"""),
            new AuditRecord("admin", "role.grant", "user", "reporter.t1", After: """{"role":"Reporter","unit":"T1"}"""),
            new AuditRecord("admin", "period.deadline", "period", "2026-12", "2026-12", Before: """{"deadline":null}""", After: """{"deadline":"2027-01-10T02:00:00+00:00"}"""),
            new AuditRecord("reporter.t1", "evidence.add", "evidence", "2026-11/T1/revenue/ab12", "2026-11", "T1", After: """{"file":"报表.pdf","type":"application/pdf","size":12345,"sha256":"ab12"}"""),
            new AuditRecord("admin", "scheme.copy", "scheme", "2026-12#1", "2026-12", Before: "2026-11#1", After: "2026-12#1"),
            new AuditRecord("admin", "datum.save", "datum", "2026-11/T2/cards", "2026-11", "T2", null, """{"value":{"yellow":1,"red":0},"state":"draft","version":1}"""),
        ]);

        var client = await app.SignedIn("admin", DemoData.Password);
        var html = new HtmlParser().ParseDocument(await client.GetStringAsync(Page));
        var rows = html.QuerySelectorAll("#audit tbody tr").Take(16).Reverse().ToList();

        Assert.Equal(string.Join('\n',
        [
            "保存数据 | 城东街道 · 一般公共预算收入 T1 · revenue | 填报值：（无） → 实际值 1.02，目标值 0.9 / 状态：（无） → 草稿 | - | -",
            "提交数据 | 城西街道 · 规上工业应税销售增幅 T2 · industry | 填报值：实际值 27.1，上期值 26 → 实际值 27.5，上期值 26 / 状态：草稿 → 已提交 | - | -",
            "审核通过 | 城西街道 · 一般公共预算收入 T2 · revenue | 状态：已提交 → 已通过 | - | -",
            "退回数据 | 城东街道 · 红黄牌督办 T1 · cards | 状态：已提交 → 已退回 / 退回理由：（无） → 与督办单不符 | - | -",
            "保存数据 | 城东街道 · 表彰加分 T1 · honors | 填报值：（无） → 平安建设（市级）、营商环境（国家级） / 状态：（无） → 草稿 | - | -",
            "保存数据 | 经济发展局 · 服务对象评议 D1 · service | 填报值：良 → 优 | - | -",
            "单位更名 | 城南街道 T3 | 名称：城南街道 → 南湖街道 | - | -",
            "调整单位类别 | 城北街道 T4 | 类别：镇街 → 职能部门 | - | -",
            "停用单位 | 江海街道 T5 | 停用时间：（无） → 2026-12-01 00:00 北京时间 | - | -",
            "单位更名 | 新港镇 T6 | 名称：新港镇 → 新港街道 | - | -",
            "修改类别 | 镇街 towns | 名称：镇街 → 镇（街道） | - | -",
            "授予角色 | reporter.t1 | 角色：（无） → 填报员 / 单位：（无） → 城东街道 | - | -",
            "设置填报截止时间 | 2026-12 | 填报截止时间：（无） → 2027-01-10 10:00 北京时间 | - | -",
            "上传佐证材料 | 城东街道 · 一般公共预算收入 T1 · revenue | 文件：（无） → 报表.pdf / 文件类型：（无） → application/pdf / 大小：（无） → 12,345 字节 / SHA-256：（无） → ab12 | - | -",
            "复制考核方案 | 2026-12 第 1 版 | 复制：2026-11 第 1 版 → 2026-12 第 1 版 | - | 打开方案 / 方案各版本",
            "保存数据 | 城西街道 · 红黄牌督办 T2 · cards | 填报值：（无） → 黄牌 1 次，红牌 0 次 / 状态：（无） → 草稿 | - | -",
        ]), string.Join('\n', rows.Select(Read)));

        // No raw JSON outside the collapsed raw record, which every row with a before or after keeps.
        Assert.All(rows, tr => Assert.DoesNotContain("{\"", Visible(tr), StringComparison.Ordinal));
        Assert.Equal("""{"value":{"value":1.02,"target":0.9},"state":"draft","version":1}""", rows[0].QuerySelectorAll("details.audit-raw pre")[1].TextContent);
    }

    [Fact]
    public async Task A_scheme_version_is_a_summary_with_links_and_the_demo_import_is_counted()
    {
        await using var app = new TestApp(demo: true);
        var client = await app.SignedIn("admin", DemoData.Password);

        var html = new HtmlParser().ParseDocument(await client.GetStringAsync(Page + "?period=2026-02&kind=scheme.save"));
        var row = Assert.Single(html.QuerySelectorAll("#audit tbody tr"));
        Assert.Equal("保存考核方案 | 2026-02 第 1 版 | - | 《示范开发区2026年2月综合考核》：4 个类别、25 项指标、28 个单位 | 打开方案 / 方案各版本", Read(row));
        Assert.Equal("/orgs/demo/periods/2026-02/scheme", row.QuerySelector(".audit-links a")!.GetAttribute("href"));
        using (var db = app.NewDb())
        {
            Assert.Equal((await db.SchemeVersions.SingleAsync(s => s.Period == "2026-02")).Document, row.QuerySelectorAll("details.audit-raw pre")[1].TextContent);
        }

        html = new HtmlParser().ParseDocument(await client.GetStringAsync(Page + "?kind=datum.import&unit=D1&period=2026-01"));
        row = Assert.Single(html.QuerySelectorAll("#audit tbody tr"));
        Assert.Equal("导入单位数据 | 经济发展局 D1 | 信访与投诉：（无） → 3 / 主责主业目标完成：（无） → 96.4 / 重点改革攻坚：（无） → 15 / 服务对象评议：（无） → 良 / 上级条线考核位次：（无） → 8 | - | -", Read(row));

        html = new HtmlParser().ParseDocument(await client.GetStringAsync(Page + "?kind=data.import"));
        row = Assert.Single(html.QuerySelectorAll("#audit tbody tr"));
        Assert.StartsWith("导入数据 | 多个考核期 | 已通过数据（条）：（无） → 1914 / 草稿数据（条）：（无） → 7 / 考核期：（无） → 2026-01、2026-02、", Read(row));
        Assert.DoesNotContain("{\"", Visible(row), StringComparison.Ordinal);
    }
}
