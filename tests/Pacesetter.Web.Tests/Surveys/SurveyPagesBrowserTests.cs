using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pacesetter.Web.Demo;
using Pacesetter.Web.Tests.Browser;
using static Microsoft.Playwright.Assertions;

namespace Pacesetter.Web.Tests.Surveys;

/// <summary>
/// 民主测评 in Chromium against the demo, at desktop size (issue #12): the office opens 民主测评 from the menu, makes a
/// survey in the form (every unit ticked, the default options and the leaders' rating), makes three one-time links for
/// the leaders and gets the sheet of QR codes to print — three cards, each with its code drawn, the survey and the
/// group, the links one a line to send — which prints without the page's navigation.
/// </summary>
public sealed class SurveyPagesBrowserTests : IAsyncLifetime
{
    private const string Org = DemoData.Slug;

    private readonly BrowserApp browser = new();

    public SurveyPagesBrowserTests() => SetDefaultExpectTimeout(15_000);

    public Task InitializeAsync() => browser.InitializeAsync();

    public Task DisposeAsync() => browser.DisposeAsync();

    [BrowserFact]
    public async Task The_office_makes_a_survey_and_prints_three_QR_codes_for_the_leaders()
    {
        var page = await browser.NewPageAsync();
        await BrowserApp.SignInAsync(page, "admin", DemoData.Password);
        await BrowserApp.ClickToNewDocumentAsync(page, page.Locator("#nav-surveys"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("民主测评与满意度测评");
        await Expect(page.Locator("#none")).ToHaveTextAsync("还没有测评：点击“新建测评”开始。");
        await BrowserApp.ClickToNewDocumentAsync(page, page.Locator("#new-survey"));

        // The form as it opens: the demo's 28 units ticked, the options and the leaders' rating ready.
        await Expect(page.Locator("#units input[type=checkbox]:checked")).ToHaveCountAsync(28);
        await page.GetByLabel("测评编号").FillAsync("2026-11-myd");
        await page.GetByLabel("测评名称").FillAsync("2026年11月机关作风满意度测评");
        await page.GetByLabel("考核期", new() { Exact = true }).FillAsync("2026-11");
        // Two units left out.
        await page.GetByLabel("城投集团").UncheckAsync();
        await page.GetByLabel("产业投资集团").UncheckAsync();
        await page.GetByLabel("优秀名额（%）").FillAsync("30");
        await BrowserApp.ScreenshotAsync(page, "survey-new");
        await BrowserApp.ClickToNewDocumentAsync(page, page.Locator("#save"));

        await Expect(page.Locator("#done")).ToHaveTextAsync("已创建测评“2026年11月机关作风满意度测评”。");
        await Expect(page.Locator("#state")).ToHaveTextAsync("进行中");
        await Expect(page.Locator("#facts [data-role=rules]")).ToHaveTextAsync("不允许弃权（须评价每个单位，否则为无效票）；评为“满意”的单位不超过 30%（26 个单位时最多 7 个），超过的选票作废");
        await Expect(page.Locator("#result tbody tr")).ToHaveCountAsync(26);
        await Expect(page.Locator("#result tbody tr").First.Locator("td").First).ToHaveTextAsync("城东街道");
        Assert.True((await PageChecks.CheckAsync(page)).Clean(phone: false), (await PageChecks.CheckAsync(page)).ToString());
        await BrowserApp.ScreenshotAsync(page, "survey-page");

        // Three links for the leaders: the group that names no rater, so the rater's field is not asked.
        await Expect(page.Locator("#link-rater-field")).ToHaveCountAsync(0);
        await Expect(page.Locator("#link-group option:checked")).ToHaveTextAsync("领导评价");
        await page.GetByLabel("数量").FillAsync("3");
        await BrowserApp.ClickToNewDocumentAsync(page, page.Locator("#make-links"));

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("2026年11月机关作风满意度测评 · 投票二维码");
        await Expect(page.Locator("#made")).ToHaveTextAsync("已为“领导评价”生成 3 个一次性链接。");
        await Expect(page.Locator("#once")).ToContainTextAsync("这些链接只显示这一次");
        var cards = page.Locator(".qr-card");
        await Expect(cards).ToHaveCountAsync(3);
        var urls = (await page.Locator("#urls").InputValueAsync()).Split('\n');
        Assert.Equal(3, urls.Length);
        for (var i = 0; i < 3; i++)
        {
            var card = cards.Nth(i);
            Assert.Matches($"^{browser.Address.ToString().TrimEnd('/')}/s/[A-Za-z0-9_-]{{43}}$", urls[i]);
            await Expect(card.Locator(".qr-url")).ToHaveTextAsync(urls[i]);
            await Expect(card.Locator(".qr-survey")).ToHaveTextAsync("2026年11月机关作风满意度测评");
            await Expect(card.Locator(".qr-group")).ToHaveTextAsync("领导评价");
            await Expect(card.Locator(".qr-number")).ToHaveTextAsync($"{i + 1} / 3");
            // The QR code is drawn: the SVG loaded at its size.
            Assert.True(await card.Locator("img.qr-code").EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), $"QR code {i + 1} is drawn");
        }
        Assert.Equal(3, urls.Distinct().Count());
        Assert.True((await PageChecks.CheckAsync(page)).Clean(phone: false), (await PageChecks.CheckAsync(page)).ToString());
        await BrowserApp.ScreenshotAsync(page, "survey-qr-sheet");

        // Printed: the cards alone, three a row, no navigation, warning or buttons.
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(page.Locator("nav.navbar")).ToBeHiddenAsync();
        await Expect(page.Locator("#once")).ToBeHiddenAsync();
        await Expect(page.Locator("#print")).ToBeHiddenAsync();
        await Expect(cards.First).ToBeVisibleAsync();
        var tops = await cards.EvaluateAllAsync<double[]>("cards => cards.map(c => Math.round(c.getBoundingClientRect().top))");
        Assert.True(tops.Distinct().Count() == 1, $"three cards in a row when printed: {string.Join(", ", tops)}");
        await BrowserApp.ScreenshotAsync(page, "survey-qr-print");

        // Only the tokens' hashes are stored: three unused links of the leaders.
        await using (var db = browser.Server.NewDb())
        {
            Assert.Equal(["leaders||False", "leaders||False", "leaders||False"],
                (await db.SurveyLinks.Select(l => new { l.Group, l.Rater, l.Used }).ToListAsync()).Select(l => $"{l.Group}|{l.Rater}|{l.Used}"));
        }

        // Paper ballots typed with the keyboard alone, written together (every option id is one letter): seven 满意 of
        // 26 is the quota, eight is over it; a unit left unrated is invalid here.
        await page.EmulateMediaAsync(new() { Media = Media.Screen });
        await BrowserApp.ClickToNewDocumentAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "返回测评" }));
        await BrowserApp.ClickToNewDocumentAsync(page, page.Locator("#paper"));
        await Expect(page.Locator("#unit-order li")).ToHaveCountAsync(26);
        await page.Locator("#paper-lines").FocusAsync();
        var lines = new string('a', 7) + new string('b', 19) + "\n" + new string('a', 8) + new string('b', 18) + "\n" + new string('b', 26) + "\n" + new string('c', 25) + "-";
        await page.Keyboard.TypeAsync(lines);
        // Each step checked before the next, so that a failure says which (CI once waited 30 s for a preview that never
        // came, and the log could not say whether the text, the focus or the request was missing).
        await Expect(page.Locator("#paper-lines")).ToHaveValueAsync(lines);
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("#preview-lines")).ToBeFocusedAsync();
        await BrowserApp.ToNewDocumentAsync(page, () => page.Keyboard.PressAsync("Enter"));
        Assert.EndsWith("/paper?handler=Preview", page.Url);
        await Expect(page.Locator("#preview-counts")).ToHaveTextAsync("共 4 张选票：有效 2 张，无效 2 张。");
        await Expect(page.Locator("#preview-invalid li")).ToHaveTextAsync(["1 张有单位未评价（本测评不允许弃权）：第 4 行", "1 张超过优秀名额：第 2 行"]);
        await BrowserApp.ScreenshotAsync(page, "survey-paper-preview");
        await BrowserApp.ClickToNewDocumentAsync(page, page.Locator("#confirm"));
        await Expect(page.Locator("#done")).ToHaveTextAsync("已录入 4 张纸质选票：有效 2 张，无效 2 张。");
        // The first seven units: (100 + 80) / 2 = 90; the others (80 + 80) / 2 = 80; every rating satisfied.
        await Expect(page.Locator("#result tbody tr[data-unit='T1'] td")).ToHaveTextAsync(["城东街道", "90", "100.0", "90", "2"]);
        await Expect(page.Locator("#result tbody tr[data-unit='D1'] td")).ToHaveTextAsync(["经济发展局", "80", "100.0", "80", "2"]);
        await Expect(page.Locator("#score-chart canvas")).ToHaveCountAsync(1);
        await BrowserApp.ScreenshotAsync(page, "survey-result");
    }
}
