using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Pacesetter.App.Schemes;
using Pacesetter.Web.Demo;
using Pacesetter.Web.Pages.Exemptions;
using Pacesetter.Web.Tests.Schemes;
using static Microsoft.Playwright.Assertions;

namespace Pacesetter.Web.Tests.Browser;

/// <summary>
/// 容错免责 in Chromium against the demo (issue #11 §2): 城东街道's reporter applies on a phone for the whole 红黄牌督办
/// deduction of November with a PDF; the office, on a desktop, grants it in part (0.5 remains) with a document number;
/// the register shows the decision, and the period's scheme scores as <c>pacesetter score</c> does its exported file.
/// </summary>
public sealed class ExemptionsBrowserTests : IAsyncLifetime
{
    private const string Org = DemoData.Slug;
    private const string November = DemoData.DraftPeriod;

    private readonly BrowserApp browser = new();

    public ExemptionsBrowserTests() => SetDefaultExpectTimeout(15_000);

    public Task InitializeAsync() => browser.InitializeAsync();

    public Task DisposeAsync() => browser.DisposeAsync();

    [BrowserFact]
    public async Task A_reporter_applies_on_a_phone_with_evidence_and_the_office_grants_in_part_on_a_desktop()
    {
        // 城东街道 has two yellow cards in November (entered by the office): 2 × 0.5 = 1 point deducted.
        int org;
        await using (var db = browser.Server.NewDb())
        {
            org = await db.Organizations.Where(o => o.Slug == Org).Select(o => o.Id).SingleAsync();
            using var admin = new HttpClient { BaseAddress = browser.Address };
            admin.DefaultRequestHeaders.Authorization = new("Bearer", await browser.Server.Token(org, await db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync()));
            var put = await admin.PutAsJsonAsync($"/api/orgs/{Org}/periods/{November}/data/T1/cards", new { value = new { yellow = 2 }, version = 0, submit = false });
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }
        var phone = await browser.NewPageAsync(width: 390, height: 844);
        await BrowserApp.SignInAsync(phone, "reporter.t1", DemoData.Password);
        await phone.GotoAsync(ExemptionRoutes.Index(Org));
        await Expect(phone.Locator("#none")).ToHaveTextAsync("没有符合条件的申请。");
        await BrowserApp.ClickToNewDocumentAsync(phone, phone.Locator("#apply"));
        // The reporter's one unit is chosen already; the period by its name.
        await Expect(phone.Locator("#unit option:checked")).ToHaveTextAsync("城东街道");
        await phone.GetByLabel("考核期").SelectOptionAsync(new SelectOptionValue { Label = "2026年11月" });
        await BrowserApp.ClickToNewDocumentAsync(phone, phone.Locator("#show-choices"));
        await phone.GetByLabel("红黄牌督办（整项扣分）").CheckAsync();
        await phone.GetByLabel("申请理由").FillAsync("11月黄牌系上级统一调度导致工期顺延，已提供调度通知。");
        await phone.Locator("#evidence").SetInputFilesAsync(new FilePayload
        {
            Name = "调度通知.pdf",
            MimeType = "application/pdf",
            Buffer = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"),
        });
        await BrowserApp.ClickToNewDocumentAsync(phone, phone.Locator("#submit"));
        await Expect(phone.Locator("#done")).ToContainTextAsync("号容错免责申请，等待考核办决定。");
        var card = phone.Locator("#register section");
        await Expect(card).ToHaveCountAsync(1);
        await Expect(card.GetByRole(AriaRole.Heading)).ToContainTextAsync("城东街道 · 2026年11月");
        await Expect(card.Locator("[data-role=state]")).ToHaveTextAsync("待决定");
        await Expect(card.Locator("[data-role=what]")).ToHaveTextAsync("红黄牌督办（整项扣分）");
        await Expect(card.GetByRole(AriaRole.Link, new() { Name = "调度通知.pdf" })).ToBeVisibleAsync();
        await Expect(card.Locator("form.decide")).ToHaveCountAsync(0);
        Assert.True(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the register fits the phone's width");
        await BrowserApp.ScreenshotAsync(phone, "exemption-phone");

        var desk = await browser.NewPageAsync();
        await BrowserApp.SignInAsync(desk, "admin", DemoData.Password);
        await desk.GotoAsync(ExemptionRoutes.Index(Org, null, "pending", null));
        var pending = desk.Locator("#register section");
        await Expect(pending).ToHaveCountAsync(1);
        await pending.GetByLabel("减责", new() { Exact = true }).CheckAsync();
        await pending.GetByLabel("保留比例（减责）").FillAsync("0.5");
        await pending.GetByLabel("文号（可选）").FillAsync("容错〔2026〕7号");
        await pending.GetByLabel("决定理由").FillAsync("经核实，部分属上级调度");
        await BrowserApp.ClickToNewDocumentAsync(desk, pending.GetByRole(AriaRole.Button, new() { Name = "确认决定" }));
        await Expect(desk.Locator("#done")).ToContainTextAsync("号申请已决定：减责。");
        // Back on the pending ones (the filter kept): none left; the whole register shows the decision.
        await Expect(desk.Locator("#none")).ToBeVisibleAsync();
        await desk.GotoAsync(ExemptionRoutes.Index(Org));
        var decided = desk.Locator("#register section");
        await Expect(decided.Locator("[data-role=state]")).ToHaveTextAsync("减责");
        await Expect(decided.Locator("[data-role=decision]")).ToContainTextAsync("减责（保留 0.5）（容错〔2026〕7号）：经核实，部分属上级调度");
        await Expect(decided.Locator("[data-role=decision]")).ToContainTextAsync("北京时间");
        await BrowserApp.ScreenshotAsync(desk, "exemption-desktop");
        // November is not published: the office's preview explains the unit, with the points restored.
        await BrowserApp.ClickToNewDocumentAsync(desk, decided.Locator("[data-role=results]"));
        await Expect(desk.Locator("#explanation")).ToContainTextAsync("容错免责 红黄牌督办（cards）：恢复 0.5 分（cards ×0.5 容错免责：容错〔2026〕7号：经核实，部分属上级调度）");
        await Expect(desk.Locator("#explanation")).ToContainTextAsync("min(4, 2 × 黄牌 0.5) × 0.5 = 0.5（免责前 1，恢复 0.5）");

        // The decision is the scheme's exemption; the stored period scores as the exported file does.
        await using var scope = browser.Server.Services.CreateAsyncScope();
        var schemes = scope.ServiceProvider.GetRequiredService<SchemeStore>();
        var file = (await schemes.AssembleAsync(org, November, includeUnapproved: true))!;
        var exemption = file["adjustments"]!.AsArray().Single(a => (string?)a!["type"] == "exemption" && (string?)a["unit"] == "T1")!;
        Assert.Equal(("cards", 0.5m, "容错免责：容错〔2026〕7号：经核实，部分属上级调度"), ((string?)exemption["ref"], (decimal)exemption["factor"]!, (string?)exemption["reason"]));
        var (result, problems) = await schemes.ScoreAsync(org, November, includeUnapproved: true);
        Assert.Empty(problems);
        var scored = SchemeTestSupport.Score(file.ToJsonString());
        var row = scored.GetProperty("categories").EnumerateArray().SelectMany(c => c.GetProperty("results").EnumerateArray()).Single(r => r.GetProperty("unit").GetString() == "T1");
        var engine = result!.Categories.SelectMany(c => c.Results).Single(r => r.Unit == "T1");
        // Half of the 1 point remains: penalty 0.5, 0.5 restored — the page's engine and the exported file's alike.
        Assert.Equal((0.5m, 0.5m), (engine.Penalty, row.GetProperty("penalty").GetDecimal()));
        Assert.Equal("cards 0.5", string.Join(" ", row.GetProperty("exemptions").EnumerateArray().Select(x => $"{x.GetProperty("ref").GetString()} {x.GetProperty("restored").GetDecimal()}")));
        Assert.Equal(row.GetProperty("composite").GetDecimal(), engine.Composite);
    }
}
