using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Accounts;
using Pacesetter.Web.Tests.Schemes;

namespace Pacesetter.Web.Tests.Exemptions;

/// <summary>
/// 容错免责 through HTTP (issue #11 §2): a unit's reporter applies, the office decides; a granted or partial decision
/// is an exemption adjustment in a new scheme version whose effect equals <c>pacesetter score</c> on the exported
/// file; a published period takes a decision only with a correction open, and the next revision lists the change.
/// </summary>
public sealed class ExemptionsApiTests
{
    private const string Api = "/api/orgs/zone/exemptions";
    private const string Q3 = "/api/orgs/zone/periods/2026-Q3";

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static List<string> Problems(JsonElement body) =>
        [.. body.GetProperty("problems").EnumerateArray().Select(p => $"{p.GetProperty("path").GetString()}: {p.GetProperty("message").GetString()}")];

    private static JsonElement Row(JsonElement results, string unit) =>
        results.GetProperty("categories").EnumerateArray().SelectMany(c => c.GetProperty("results").EnumerateArray()).Single(r => r.GetProperty("unit").GetString() == unit);

    private static string Exempted(JsonElement row) =>
        string.Join(" ", row.GetProperty("exemptions").EnumerateArray().Select(x => $"{x.GetProperty("ref").GetString()}:{x.GetProperty("restored").GetDecimal()}"));

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_reporter_applies_the_office_decides_and_the_scheme_scores_as_pacesetter_score(string provider)
    {
        using var app = new TestApp(provider);
        var org = await app.Organization("zone");
        var admin = await app.ApiAs(org, "zone-admin", OrgRole.Admin);
        var leader = await app.ApiAs(org, "zone-leader", OrgRole.Leader);
        await app.User(org, "zone-t2", OrgRole.Reporter, unit: "T2");
        var t2 = app.Api(await app.Token(org, await UserIdAsync(app, "zone-t2")));
        Assert.Equal(HttpStatusCode.OK, (await admin.PutScheme("zone", "2026-Q3", SchemeTestSupport.Example())).StatusCode);

        // T2's cards: c1 red (1, already exempted by the file's x1) and c2 yellow (0.5). Its reporter applies for c2.
        var applied = await t2.PostAsJsonAsync(Api, new { period = "2026-Q3", unit = "T2", @ref = "cards/c2", reason = "暴雨停工，经气象部门证明" });
        Assert.Equal(HttpStatusCode.Created, applied.StatusCode);
        var first = (await JsonOf(applied)).GetProperty("id").GetInt32();
        // Another unit, an event the data do not hold, a missing reason, an unknown period: refused, nothing stored.
        Assert.Equal(HttpStatusCode.Forbidden, (await t2.PostAsJsonAsync(Api, new { period = "2026-Q3", unit = "T1", @ref = "cards", reason = "x" })).StatusCode);
        var bad = await t2.PostAsJsonAsync(Api, new { period = "2026-Q3", unit = "T2", @ref = "cards/c9", reason = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Single(Problems(await JsonOf(bad)), p => p.StartsWith("$.ref: ", StringComparison.Ordinal));
        var empty = await t2.PostAsJsonAsync(Api, new { period = "2026-13", unit = "T2", @ref = "cards" });
        Assert.Equal(["$.reason: 请填写“原因”。", "$.period: “2026-13”不是考核期，如 2026-03 或 2026-Q1"], Problems(await JsonOf(empty)));
        // The office applies for T4's whole cards deduction and D3's blockTop a1.
        var t4 = (await JsonOf(await admin.PostAsJsonAsync(Api, new { period = "2026-Q3", unit = "T4", @ref = "cards", reason = "上级统一调度" }))).GetProperty("id").GetInt32();
        var d3 = (await JsonOf(await admin.PostAsJsonAsync(Api, new { period = "2026-Q3", unit = "D3", @ref = "a1", reason = "通报对象有误" }))).GetProperty("id").GetInt32();

        // Only the office decides; a partial decision needs a factor between 0 and 1.
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.PostAsJsonAsync($"{Api}/{first}/decision", new { decision = "granted", reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await t2.PostAsJsonAsync($"{Api}/{first}/decision", new { decision = "granted", reason = "x" })).StatusCode);
        var noFactor = await admin.PostAsJsonAsync($"{Api}/{t4}/decision", new { decision = "partial", reason = "x" });
        Assert.Equal(["$.factor: 减责须给出大于 0、小于 1 的 factor（保留的比例，如 0.5）"], Problems(await JsonOf(noFactor)));

        var granted = await admin.PostAsJsonAsync($"{Api}/{first}/decision", new { decision = "granted", document = "容错〔2026〕3号", reason = "经核实属不可抗力" });
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        var g = await JsonOf(granted);
        Assert.Equal(("granted", 0m, 2, "exemption-" + first), (g.GetProperty("state").GetString(), g.GetProperty("factor").GetDecimal(), g.GetProperty("schemeVersion").GetInt32(), g.GetProperty("adjustment").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync($"{Api}/{first}/decision", new { decision = "refused", reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"{Api}/{t4}/decision", new { decision = "partial", factor = 0.5, reason = "部分因素可归责" })).StatusCode);
        var refused = await JsonOf(await admin.PostAsJsonAsync($"{Api}/{d3}/decision", new { decision = "refused", reason = "通报属实" }));
        Assert.Equal(("refused", JsonValueKind.Null), (refused.GetProperty("state").GetString(), refused.GetProperty("schemeVersion").ValueKind));

        // The scheme now holds two exemption adjustments (versions 2 and 3; the refusal saved none).
        var scheme = await JsonOf(await admin.GetAsync(Q3 + "/scheme"));
        Assert.Equal(["x1 exemption T2 cards/c1 0", "a1 blockTop D3  ", $"exemption-{first} exemption T2 cards/c2 0", $"exemption-{t4} exemption T4 cards 0.5"],
            scheme.GetProperty("adjustments").EnumerateArray().Select(a => string.Join(" ", a.GetProperty("id").GetString(), a.GetProperty("type").GetString(), a.GetProperty("unit").GetString(),
                a.TryGetProperty("ref", out var r) ? r.GetString() : "", a.TryGetProperty("factor", out var f) ? f.GetDecimal().ToString(System.Globalization.CultureInfo.InvariantCulture) : "")));
        // `pacesetter score` on the exported file: T2 keeps nothing of 1.5 (c1 by x1, c2 by the decision); T4 keeps half
        // of yellow 2 × 0.5 + red 2 × 1 = 3, restored 1.5.
        var scored = SchemeTestSupport.Score(scheme.GetRawText());
        Assert.Equal((0m, "cards:1.5"), (Row(scored, "T2").GetProperty("penalty").GetDecimal(), Exempted(Row(scored, "T2"))));
        Assert.Equal((1.5m, "cards:1.5"), (Row(scored, "T4").GetProperty("penalty").GetDecimal(), Exempted(Row(scored, "T4"))));

        // Published: the same figures; then a decision needs an open correction, and the next revision lists the change.
        var published = await admin.PostAsJsonAsync(Q3 + "/publish", new { reason = "三季度发布", allowIncomplete = true });
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        var revision1 = await JsonOf(await admin.GetAsync(Q3 + "/revisions/1"));
        foreach (var unit in new[] { "T1", "T2", "T3", "T4", "T5", "D3" })
        {
            Assert.Equal(Row(scored, unit).GetProperty("composite").GetDecimal(), Row(revision1, unit).GetProperty("composite").GetDecimal());
        }
        var t1 = (await JsonOf(await admin.PostAsJsonAsync(Api, new { period = "2026-Q3", unit = "T1", @ref = "cards", reason = "误发黄牌" }))).GetProperty("id").GetInt32();
        var locked = await admin.PostAsJsonAsync($"{Api}/{t1}/decision", new { decision = "granted", reason = "确属误发" });
        Assert.Equal(HttpStatusCode.Conflict, locked.StatusCode);
        Assert.Equal("pending", (await JsonOf(await admin.GetAsync($"{Api}/{t1}"))).GetProperty("state").GetString());
        // Factors read back from the database as decided, on both databases (numeric(9,4) on PostgreSQL said 0.0000 and 0.5000).
        Assert.Contains("\"factor\":0,", await admin.GetStringAsync($"{Api}/{first}"));
        Assert.Contains("\"factor\":0.5,", await admin.GetStringAsync($"{Api}/{t4}"));
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync(Q3 + "/corrections", new { reason = "容错免责决定" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"{Api}/{t1}/decision", new { decision = "granted", reason = "确属误发" })).StatusCode);
        var second = await JsonOf(await admin.PostAsJsonAsync(Q3 + "/publish", new { reason = "更正后重新发布", allowIncomplete = true }));
        var change = second.GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("unit").GetString() == "T1");
        // T1's yellow (0.5) restored: its composite rises by 0.5.
        Assert.Equal(0.5m, change.GetProperty("compositeAfter").GetDecimal() - change.GetProperty("compositeBefore").GetDecimal());

        // The register: a reporter sees its unit's; the office all, newest first; every step audited.
        Assert.Equal([first], (await JsonOf(await t2.GetAsync(Api))).GetProperty("exemptions").EnumerateArray().Select(e => e.GetProperty("id").GetInt32()));
        Assert.Equal([t1, d3, t4, first], (await JsonOf(await leader.GetAsync(Api + "?year=2026"))).GetProperty("exemptions").EnumerateArray().Select(e => e.GetProperty("id").GetInt32()));
        Assert.Empty((await JsonOf(await leader.GetAsync(Api + "?year=2025"))).GetProperty("exemptions").EnumerateArray());
        await using var db = app.NewDb();
        Assert.Equal((4, 4), (await db.AuditEntries.CountAsync(e => e.OrganizationId == org && e.Kind == "exemption.apply"),
            await db.AuditEntries.CountAsync(e => e.OrganizationId == org && e.Kind == "exemption.decide")));
    }

    private static async Task<string> UserIdAsync(TestApp app, string userName)
    {
        await using var db = app.NewDb();
        return await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
    }
}
