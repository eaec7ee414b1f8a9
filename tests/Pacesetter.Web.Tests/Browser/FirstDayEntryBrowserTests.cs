using System.Globalization;
using Microsoft.Playwright;
using Pacesetter.Web.Demo;
using static Microsoft.Playwright.Assertions;

namespace Pacesetter.Web.Tests.Browser;

/// <summary>
/// Issue #8 in Chromium on the demo: after a review in the matrix's cell panel every count on the page is right
/// (defect 9), bulk approval asks first and does nothing when declined, a reporter withdraws a submitted datum
/// (defect 12), and the home, entry and matrix pages in Chinese at desktop and phone size (screenshots kept under
/// PACESETTER_SCREENSHOTS as <c>&lt;page&gt;-&lt;desktop|phone&gt;.png</c>).
/// </summary>
public sealed class FirstDayEntryBrowserTests : IAsyncLifetime
{
    private const string Org = DemoData.Slug;
    private const string November = DemoData.DraftPeriod;
    private static readonly string[] States = ["missing", "draft", "submitted", "approved", "returned"];

    private readonly BrowserApp browser = new();

    public FirstDayEntryBrowserTests() => SetDefaultExpectTimeout(15_000);

    public Task InitializeAsync() => browser.InitializeAsync();

    public Task DisposeAsync() => browser.DisposeAsync();

    [BrowserFact]
    public async Task After_a_review_in_the_cell_panel_every_count_is_right_and_bulk_approval_asks_first()
    {
        var admin = await browser.NewPageAsync(width: 1366, height: 900);
        await BrowserApp.SignInAsync(admin, "admin", DemoData.Password);
        await admin.GotoAsync(Routes.Matrix(Org, November));
        var start = await CountsAsync(admin);
        var submitted = start["submitted"];
        Assert.True(submitted >= 2, $"the demo's November has {submitted} submitted data");
        await Expect(admin.Locator("#approve-all")).ToHaveTextAsync($"通过当前范围内全部已提交数据 ({submitted})");

        // Approve one submitted datum in the cell panel: the legend and the bulk approval's count follow at once.
        var cell = admin.Locator("table.mx td.s2").First;
        await cell.ClickAsync();
        await admin.Locator("#cell-approve").ClickAsync();
        await Expect(admin.Locator("#cell-message")).ToHaveTextAsync("已审核通过。");
        await Expect(admin.Locator("#count-submitted")).ToHaveTextAsync(N(submitted - 1));
        await Expect(admin.Locator("#count-approved")).ToHaveTextAsync(N(start["approved"] + 1));
        await Expect(admin.Locator("#count-missing")).ToHaveTextAsync(N(start["missing"]));
        await Expect(admin.Locator("#approve-all")).ToHaveTextAsync($"通过当前范围内全部已提交数据 ({submitted - 1})");
        await Expect(admin.Locator("table.mx td.sel")).ToHaveTextAsync("通");
        await Expect(admin.Locator("table.mx td.s2")).ToHaveCountAsync(submitted - 1);

        // Bulk approval asks first, naming how many data of which scope; declined, nothing is approved.
        var expected = $"将审核通过 {submitted - 1} 项已提交数据（全部考核类别）。确定吗？";
        var asked = new List<string>();
        var accept = false;
        admin.Dialog += async (_, dialog) =>
        {
            asked.Add(dialog.Message);
            if (accept) await dialog.AcceptAsync();
            else await dialog.DismissAsync();
        };
        await admin.Locator("#approve-all").ClickAsync();
        await Expect(admin.Locator("#count-submitted")).ToHaveTextAsync(N(submitted - 1));
        Assert.Equal([expected], asked);
        await Expect(admin.Locator("#notice")).ToHaveCountAsync(0);

        accept = true;
        await BrowserApp.ClickToNewDocumentAsync(admin, admin.Locator("#approve-all"));
        Assert.Equal([expected, expected], asked);
        await Expect(admin.Locator("#notice")).ToHaveTextAsync($"已处理 {submitted - 1} 项数据。");
        await Expect(admin.Locator("#count-submitted")).ToHaveTextAsync("0");
        await Expect(admin.Locator("#count-approved")).ToHaveTextAsync(N(start["approved"] + submitted));
        await Expect(admin.Locator("#approve-all")).ToBeDisabledAsync();
    }

    [BrowserFact]
    public async Task A_reporter_withdraws_a_submitted_datum_changes_it_and_submits_it_again()
    {
        var reporter = await browser.NewPageAsync();
        await BrowserApp.SignInAsync(reporter, "reporter.t1", DemoData.Password);
        await reporter.GotoAsync(Routes.Entry(Org, "2026-12"));
        var card = reporter.Locator("[id^='card-T1--'][data-state='missing']").Filter(new() { Has = reporter.Locator("input[name='value']") }).First;
        var d = (await card.GetAttributeAsync("id"))!["card-".Length..];
        await FillAsync(reporter, d, "９６．５");
        await reporter.Locator($"#submit-{d}").ClickAsync();
        await Expect(Card(reporter, d)).ToHaveAttributeAsync("data-state", "submitted");
        await Expect(reporter.Locator($"#save-{d}")).ToHaveCountAsync(0);
        await Expect(reporter.Locator($"#value-{d}")).ToBeDisabledAsync();
        await Expect(reporter.Locator($"#value-{d}")).ToHaveValueAsync("96.5");

        await reporter.Locator($"#withdraw-{d}").ClickAsync();
        await Expect(Card(reporter, d)).ToHaveAttributeAsync("data-state", "draft");
        await Expect(reporter.Locator($"#message-{d}")).ToHaveTextAsync("已撤回，现为草稿；修改后请重新提交。");
        await Expect(reporter.Locator($"#state-{d}")).ToHaveTextAsync("草稿");
        await Expect(reporter.Locator($"#history-{d} [data-history='withdrawn']")).ToContainTextAsync("撤回：城东街道填报员，");
        await FillAsync(reporter, d, "９７");
        await reporter.Locator($"#submit-{d}").ClickAsync();
        await Expect(Card(reporter, d)).ToHaveAttributeAsync("data-state", "submitted");
        await Expect(reporter.Locator($"#value-{d}")).ToHaveValueAsync("97");
    }

    [BrowserFact]
    public async Task Home_entry_and_matrix_in_Chinese_at_desktop_and_phone_size_show_names_and_what_to_do()
    {
        foreach (var (size, width, height) in new[] { ("desktop", 1366, 900), ("phone", 390, 844) })
        {
            var reporter = await browser.NewPageAsync(width: width, height: height);
            await BrowserApp.SignInAsync(reporter, "reporter.t1", DemoData.Password);
            await reporter.GotoAsync("/");
            var periods = await reporter.Locator("#periods tbody tr").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.period)");
            // Newest first: the fourth quarter and December end together, then November, October, the third quarter.
            Assert.Equal(["2026-Q4", "2026-12", "2026-11", "2026-10", "2026-Q3"], periods.Take(5));
            await Expect(reporter.Locator("#periods tr[data-period='2026-12'] [data-todo='missing']")).ToHaveTextAsync("6 项未填");
            await ScreenshotAsync(reporter, $"home-{size}.png");

            await reporter.GotoAsync(Routes.Entry(Org, November));
            await Expect(reporter.Locator("[id^='card-T1--']")).ToHaveCountAsync(8);
            await Expect(reporter.Locator("body")).Not.ToContainTextAsync("“yellow”");
            await Expect(reporter.Locator("body")).Not.ToContainTextAsync("{\"");
            await ScreenshotAsync(reporter, $"entry-{size}.png");

            var admin = await browser.NewPageAsync(width: width, height: height);
            await BrowserApp.SignInAsync(admin, "admin", DemoData.Password);
            await admin.GotoAsync(Routes.Matrix(Org, November));
            var headers = await admin.Locator("table.mx thead th[data-i]").EvaluateAllAsync<string[][]>("hs => hs.map(h => [h.dataset.i, h.textContent.trim()])");
            Assert.NotEmpty(headers);
            Assert.All(headers, h => Assert.NotEqual(h[0], h[1]));
            await admin.Locator("table.mx td.s2").First.ClickAsync();
            await Expect(admin.Locator("#cell-value")).Not.ToContainTextAsync("{");
            await ScreenshotAsync(admin, $"matrix-{size}.png");
        }
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static ILocator Card(IPage page, string d) => page.Locator($"#card-{d}");

    /// <summary>Types into every number input of the card (value, and target or previous where it has them).</summary>
    private static async Task FillAsync(IPage page, string d, string text)
    {
        foreach (var field in new[] { "value", "target", "previous" })
        {
            var input = page.Locator($"#{field}-{d}");
            if (await input.CountAsync() > 0) await input.FillAsync(field == "value" ? text : "１００");
        }
    }

    private static async Task<Dictionary<string, int>> CountsAsync(IPage page)
    {
        var counts = new Dictionary<string, int>();
        foreach (var s in States) counts[s] = int.Parse(await page.Locator($"#count-{s}").InnerTextAsync(), CultureInfo.InvariantCulture);
        return counts;
    }

    /// <summary>A full-page screenshot to a temporary file (kept in PACESETTER_SCREENSHOTS when set); fails on an empty picture.</summary>
    private static async Task ScreenshotAsync(IPage page, string name)
    {
        var file = Path.Combine(Path.GetTempPath(), $"pacesetter-{Guid.NewGuid():N}-{name}");
        try
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
            Assert.InRange(new FileInfo(file).Length, 10_000, 20_000_000);
            if (Environment.GetEnvironmentVariable("PACESETTER_SCREENSHOTS") is { Length: > 0 } keep)
            {
                Directory.CreateDirectory(keep);
                File.Copy(file, Path.Combine(keep, name), overwrite: true);
            }
        }
        finally
        {
            File.Delete(file);
        }
    }
}
