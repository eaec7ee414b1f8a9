using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pacesetter.Web.Demo;
using static Microsoft.Playwright.Assertions;

namespace Pacesetter.Web.Tests.Browser;

/// <summary>
/// 投票 in Chromium at a phone's size, 390 × 844 (issue #12 §3): a one-time link opens the ballot without signing in, in
/// Chinese; the top quota is counted as one chooses and a ballot over it, or with a unit unrated, cannot be sent; the
/// cast ballot is thanked, stored once, and the link then says it has voted.
/// </summary>
public sealed class SurveyBallotBrowserTests : IAsyncLifetime
{
    private readonly BrowserApp browser = new();

    public SurveyBallotBrowserTests() => SetDefaultExpectTimeout(15_000);

    public Task InitializeAsync() => browser.InitializeAsync();

    public Task DisposeAsync() => browser.DisposeAsync();

    /// <summary>The demo's admin through the API, on the browser's server.</summary>
    private async Task<HttpClient> AdminAsync()
    {
        await using var db = browser.Server.NewDb();
        var org = await db.Organizations.Where(o => o.Slug == DemoData.Slug).Select(o => o.Id).SingleAsync();
        var admin = await db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync();
        var client = new HttpClient { BaseAddress = browser.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await browser.Server.NewToken(org, admin)).Token);
        return client;
    }

    [BrowserFact]
    public async Task A_phone_ballot_counts_the_quota_and_is_cast_once()
    {
        using var admin = await AdminAsync();
        var survey = """
            { "id": "2026-11-myd", "name": "2026年11月机关作风满意度测评", "period": "2026-11", "units": ["T1", "T2", "T3", "T4"],
              "options": [ { "id": "a", "name": "满意", "points": 100, "satisfied": true }, { "id": "b", "name": "基本满意", "points": 80, "satisfied": true },
                           { "id": "c", "name": "不满意", "points": 0 } ],
              "topQuota": 0.5, "groups": [ { "id": "public", "name": "服务对象", "weight": 1 } ] }
            """;
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync($"/api/orgs/{DemoData.Slug}/surveys/2026-11-myd", new StringContent(survey, Encoding.UTF8, "application/json"))).StatusCode);
        var links = JsonDocument.Parse(await (await admin.PostAsJsonAsync($"/api/orgs/{DemoData.Slug}/surveys/2026-11-myd/links", new { group = "public", count = 1 })).Content.ReadAsStringAsync());
        var url = links.RootElement.GetProperty("links")[0].GetProperty("url").GetString()!;

        var page = await browser.NewPageAsync(width: 390, height: 844);
        await page.GotoAsync(new Uri(url).PathAndQuery);
        await Expect(page.Locator("#survey-name")).ToHaveTextAsync("2026年11月机关作风满意度测评");
        await Expect(page.Locator("#ballot-as")).ToHaveTextAsync("评价身份：服务对象");
        await Expect(page.Locator("#ballot-intro")).ToContainTextAsync("请对下列 4 个单位逐一选择评价。");
        await Expect(page.Locator("#ballot-intro")).ToContainTextAsync("“满意”最多评 2 个单位");
        await Expect(page.Locator("fieldset[data-unit='T1'] legend")).ToHaveTextAsync("1.城东街道");
        await Expect(page.Locator("#ballot-submit")).ToBeDisabledAsync();

        // 满意 for three units: over floor(0.5 × 4) = 2, said at once, nothing can be sent.
        await page.Locator("label[for='r-0-a']").ClickAsync();
        await page.Locator("label[for='r-1-a']").ClickAsync();
        await Expect(page.Locator("#ballot-status")).ToHaveTextAsync("已评“满意” 2 / 2 个 · 还有 2 个单位未评价");
        await page.Locator("label[for='r-2-a']").ClickAsync();
        await Expect(page.Locator("#ballot-status")).ToHaveTextAsync("“满意”超过名额：最多 2 个，请改评其他单位 · 还有 1 个单位未评价");
        await Expect(page.Locator("#ballot-status")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("over"));
        await Expect(page.Locator("#ballot-submit")).ToBeDisabledAsync();
        await page.Locator("label[for='r-2-b']").ClickAsync();
        // Abstaining is not allowed: the fourth unit must be rated.
        await Expect(page.Locator("#ballot-status")).ToHaveTextAsync("已评“满意” 2 / 2 个 · 还有 1 个单位未评价");
        await Expect(page.Locator("#ballot-submit")).ToBeDisabledAsync();
        await page.Locator("label[for='r-3-c']").ClickAsync();
        await Expect(page.Locator("#ballot-submit")).ToBeEnabledAsync();
        // Touch targets of at least 48 px, one column, nothing wider than the phone, names not codes.
        var box = await page.Locator("label[for='r-3-c']").BoundingBoxAsync();
        Assert.True(box!.Height >= 48, $"the option is {box.Height} px high");
        var findings = await PageChecks.CheckAsync(page);
        Assert.True(findings.Clean(phone: true), findings.ToString());
        await BrowserApp.ScreenshotAsync(page, "survey-ballot");

        await page.Locator("#ballot-submit").ClickAsync();
        await Expect(page.Locator("#ballot-done")).ToBeVisibleAsync();
        await Expect(page.Locator("#ballot-done")).ToContainTextAsync("投票成功，感谢您的参与！");
        await Expect(page.Locator("#ballot-form")).ToHaveCountAsync(0);
        await BrowserApp.ScreenshotAsync(page, "survey-ballot-cast");

        // Stored once: T1 a, T2 a, T3 b, T4 c; the link then says it has voted.
        var result = JsonDocument.Parse(await admin.GetStringAsync($"/api/orgs/{DemoData.Slug}/surveys/2026-11-myd/result")).RootElement;
        Assert.Equal(1, result.GetProperty("ballots").GetProperty("valid").GetInt32());
        Assert.Equal([100m, 100m, 80m, 0m], result.GetProperty("units").EnumerateArray().Select(u => u.GetProperty("score").GetDecimal()));
        await page.ReloadAsync();
        await Expect(page.Locator("#ballot-used")).ToHaveTextAsync("此链接已经投过票，每个链接只能投一次。");
    }
}
