using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Accounts;
using static Pacesetter.Web.Tests.Organizations.OrgTestData;

namespace Pacesetter.Web.Tests.Organizations;

/// <summary>API 令牌: shown once, stored as a hash, authenticates until revoked.</summary>
public partial class TokensTests
{
    private const string Page = "/orgs/dz/tokens";

    [GeneratedRegex("ps_[A-Za-z0-9_-]{43}")]
    private static partial Regex TokenText();

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_new_token_is_shown_once_authenticates_and_stops_after_revocation(string provider)
    {
        using var app = new TestApp(provider);
        var org = await NewOrganization(app, "dz");
        var rep = await User(app, org, "rep", Role(OrgRole.Reporter, unit: "T1"));
        var reporter = await app.SignedIn("rep", Password);

        var response = await OrgTestData.Post(reporter, Page, "Create", new() { ["name"] = "报表脚本" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("它只显示这一次", html);
        var token = TokenText().Match(html).Value;
        Assert.NotEmpty(token);
        var again = await reporter.GetStringAsync(Page);
        Assert.DoesNotContain(token, again);
        Assert.Contains(token[..8] + "…", again);
        Assert.Contains("报表脚本", again);

        var row = await Query(app, db => db.ApiTokens.AsNoTracking().SingleAsync());
        Assert.Equal((ApiTokenService.Hash(token), token[..8], rep.Id, "报表脚本", (DateTimeOffset?)null), (row.TokenHash, row.Prefix, row.UserId, row.Name, row.RevokedAt));

        var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var me = JsonDocument.Parse(await api.GetStringAsync("/api/me")).RootElement;
        Assert.Equal(("rep", "dz", "Reporter", "T1"), (me.GetProperty("userName").GetString(), me.GetProperty("organization").GetString(),
            me.GetProperty("roles")[0].GetProperty("role").GetString(), me.GetProperty("roles")[0].GetProperty("unit").GetString()));
        Assert.NotNull((await Query(app, db => db.ApiTokens.AsNoTracking().SingleAsync())).LastUsedAt);

        await Follow(reporter, await OrgTestData.Post(reporter, Page, "Revoke", new() { ["id"] = row.Id.ToString() }));

        Assert.NotNull((await Query(app, db => db.ApiTokens.AsNoTracking().SingleAsync())).RevokedAt);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/me")).StatusCode);
        Assert.Equal(["token.create", "token.revoke"], (await AuditRows(app, org)).Select(a => a.Kind));
    }

    [Fact]
    public async Task Users_see_their_own_tokens_and_admins_see_all_of_the_organizations()
    {
        using var app = new TestApp();
        var org = await NewOrganization(app, "dz");
        var other = await NewOrganization(app, "other");
        await User(app, org, "boss", Role(OrgRole.Admin));
        await User(app, org, "rep", Role(OrgRole.Reporter, unit: "T1"));
        await User(app, other, "stranger", Role(OrgRole.Admin));
        var admin = await app.SignedIn("boss", Password);
        var reporter = await app.SignedIn("rep", Password);
        var stranger = await app.SignedIn("stranger", Password);
        await OrgTestData.Post(admin, Page, "Create", new() { ["name"] = "管理脚本" });
        await OrgTestData.Post(reporter, Page, "Create", new() { ["name"] = "报表脚本" });
        await OrgTestData.Post(stranger, "/orgs/other/tokens", "Create", new() { ["name"] = "外区脚本" });

        var mine = await reporter.GetStringAsync(Page);
        Assert.Contains("报表脚本", mine);
        Assert.DoesNotContain("管理脚本", mine);
        var all = await admin.GetStringAsync(Page);
        Assert.Contains("报表脚本", all);
        Assert.Contains("管理脚本", all);
        Assert.DoesNotContain("外区脚本", all);

        // A reporter cannot revoke the admin's token.
        var bossToken = await Query(app, db => db.ApiTokens.AsNoTracking().SingleAsync(t => t.Name == "管理脚本"));
        var response = await OrgTestData.Post(reporter, Page, "Revoke", new() { ["id"] = bossToken.Id.ToString() });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null((await Query(app, db => db.ApiTokens.AsNoTracking().SingleAsync(t => t.Id == bossToken.Id))).RevokedAt);
    }

    [Fact]
    public async Task A_token_without_a_name_is_refused()
    {
        using var app = new TestApp();
        var org = await NewOrganization(app, "dz");
        await User(app, org, "boss", Role(OrgRole.Admin));
        var admin = await app.SignedIn("boss", Password);

        var response = await OrgTestData.Post(admin, Page, "Create", new() { ["name"] = " " });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("“令牌名称”须为 1–200 个字符。", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await Query(app, db => db.ApiTokens.CountAsync()));
    }
}
