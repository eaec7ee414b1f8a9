using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Playwright;
using Pacesetter.Web.Demo;
using static Microsoft.Playwright.Assertions;

namespace Pacesetter.Web.Tests.Browser;

/// <summary>
/// Issue #3 in a real Chromium against the real server: a reporter fills in, attaches evidence and submits December;
/// the admin returns one datum and approves the rest in the matrix; the reporter corrects and resubmits; the admin
/// approves. Then the same pages in English, on a phone, and the preview's ranking. Every test has its own
/// application and a fresh demo database (the class is created anew for each test, and so is its <see cref="BrowserApp"/>).
/// Htmx swaps are waited for by Playwright's retrying assertions, never by sleeping.
/// </summary>
public sealed class DataEntryBrowserTests : IAsyncLifetime
{
    private const string Org = DemoData.Slug;
    private const string December = "2026-12";
    private const string November = DemoData.DraftPeriod;
    private const string October = "2026-10";
    private const string ReturnReason = "数据与统计报表不一致";

    /// <summary>T1 (城东街道) is a town: the demo scheme gives towns 8 indicators.</summary>
    private const int TownIndicators = 8;

    /// <summary>
    /// Of those the reporter enters the 6 that take numbers; the awards (honors) and the red and yellow cards are
    /// entered by the assessors (ADR 0004), so the reporter sees them read-only.
    /// </summary>
    private const int ReporterIndicators = 6;

    /// <summary>The demo scheme of every month: 8 towns × 8 + 8 departments × 6 + 6 state companies × 6 + 6 teams × 5 data.</summary>
    private const int DataPerMonth = 8 * 8 + 8 * 6 + 6 * 6 + 6 * 5;

    private static readonly string[] States = ["missing", "draft", "submitted", "approved", "returned"];

    private readonly BrowserApp browser = new();

    public DataEntryBrowserTests() => SetDefaultExpectTimeout(15_000);

    public Task InitializeAsync() => browser.InitializeAsync();

    public Task DisposeAsync() => browser.DisposeAsync();

    [BrowserFact]
    public async Task Reporter_submits_December_with_evidence_admin_returns_one_and_approves_the_rest_then_the_corrected_datum()
    {
        var admin = await browser.NewPageAsync();
        await BrowserApp.SignInAsync(admin, "admin", DemoData.Password);
        await admin.GotoAsync(Routes.Matrix(Org, December));
        var start = await CountsAsync(admin);
        Assert.Equal(new Dictionary<string, int> { ["missing"] = DataPerMonth, ["draft"] = 0, ["submitted"] = 0, ["approved"] = 0, ["returned"] = 0 }, start);
        Assert.Equal(DataPerMonth.ToString(CultureInfo.InvariantCulture), await admin.Locator("#count-total").GetAttributeAsync("data-total"));

        // The reporter: an empty December, one card per indicator of the town.
        var reporter = await browser.NewPageAsync();
        await BrowserApp.SignInAsync(reporter, "reporter.t1", DemoData.Password);
        await reporter.GotoAsync(Routes.Entry(Org, December));
        await Expect(reporter.Locator("h1")).ToHaveTextAsync($"数据填报 · {December}");
        var cards = reporter.Locator("[id^='card-T1--']");
        await Expect(cards).ToHaveCountAsync(TownIndicators);
        var all = await CardIdsAsync(reporter, "T1");
        foreach (var d in all)
        {
            await Expect(Card(reporter, d)).ToHaveAttributeAsync("data-state", "missing");
            await Expect(reporter.Locator($"#state-{d}")).ToHaveTextAsync("未填");
        }
        var ids = await WritableAsync(reporter, all);
        Assert.Equal(ReporterIndicators, ids.Count);
        var readOnly = all.Except(ids).ToList();
        foreach (var d in readOnly) await ExpectReadOnlyAsync(reporter, d);

        // Every input every writable card shows, filled in and saved as a draft (each save swaps its card).
        foreach (var d in ids)
        {
            var filled = await FillCardAsync(reporter, d, "96.5");
            Assert.True(filled > 0, $"card {d} shows no input");
            await reporter.Locator($"#save-{d}").ClickAsync();
            await Expect(Card(reporter, d)).ToHaveAttributeAsync("data-state", "draft");
            await Expect(reporter.Locator($"#message-{d}")).ToHaveTextAsync("已保存草稿。");
            await Expect(reporter.Locator($"#state-{d}")).ToHaveTextAsync("草稿");
        }

        // Evidence for the first datum that takes a number: a small real PDF, named in Chinese.
        var returned = await FirstNumberCardAsync(reporter, ids);
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
        var sha = Convert.ToHexStringLower(SHA256.HashData(pdf));
        var file = Path.Combine(Path.GetTempPath(), $"pacesetter-{Guid.NewGuid():N}");
        Directory.CreateDirectory(file);
        var pdfPath = Path.Combine(file, "统计报表.pdf");
        await File.WriteAllBytesAsync(pdfPath, pdf);
        try
        {
            await Card(reporter, returned).Locator("summary").ClickAsync();
            await reporter.Locator($"#file-{returned}").SetInputFilesAsync(pdfPath);
            await reporter.Locator($"#upload-button-{returned}").ClickAsync();
            await Expect(reporter.Locator($"#message-{returned}")).ToHaveTextAsync($"已上传“统计报表.pdf”（{sha}）。");
        }
        finally
        {
            Directory.Delete(file, recursive: true);
        }
        var evidence = reporter.Locator($"#evidence-{returned} li");
        await Expect(evidence).ToHaveCountAsync(1);
        await Expect(evidence).ToHaveAttributeAsync("data-sha256", sha);
        await Expect(evidence).ToContainTextAsync("统计报表.pdf");
        await Expect(evidence).ToContainTextAsync($"{pdf.Length} B · application/pdf");
        await Expect(evidence).ToContainTextAsync($"SHA-256 {sha}");

        // Submit all drafts: a whole-page post, every card submitted, the evidence still there.
        await reporter.Locator("#submit-all").ClickAsync();
        await Expect(reporter.Locator("#notice")).ToHaveTextAsync($"已提交 {ReporterIndicators} 项草稿。");
        foreach (var d in ids)
        {
            await Expect(Card(reporter, d)).ToHaveAttributeAsync("data-state", "submitted");
            await Expect(reporter.Locator($"#state-{d}")).ToHaveTextAsync("已提交");
            // Under review: read-only until withdrawn (撤回, ADR 0014).
            await Expect(reporter.Locator($"#save-{d}")).ToHaveCountAsync(0);
            await Expect(reporter.Locator($"#withdraw-{d}")).ToBeVisibleAsync();
        }
        foreach (var d in readOnly) await Expect(Card(reporter, d)).ToHaveAttributeAsync("data-state", "missing");
        await Expect(reporter.Locator($"#evidence-{returned} li")).ToHaveAttributeAsync("data-sha256", sha);
        await ScreenshotAsync(reporter, "entry-zh.png");

        // The admin's matrix: T1's reporter's data submitted, the assessors' still missing.
        await admin.ReloadAsync();
        var submitted = await CountsAsync(admin);
        Assert.Equal(start["submitted"] + ReporterIndicators, submitted["submitted"]);
        Assert.Equal(start["missing"] - ReporterIndicators, submitted["missing"]);
        Assert.Equal((0, 0, 0), (submitted["draft"], submitted["approved"], submitted["returned"]));
        var columns = await admin.Locator("table#matrix-towns thead th[data-i]").EvaluateAllAsync<string[]>("hs => hs.map(h => h.dataset.i)");
        Assert.Equal(all.Select(d => d["T1--".Length..]), columns);
        var indicators = columns.ToList();
        await Expect(admin.Locator("table#matrix-towns tr[data-u='T1'] td")).ToHaveCountAsync(TownIndicators);
        for (int i = 0; i < TownIndicators; i++)
        {
            var entered = ids.Contains("T1--" + indicators[i]);
            await Expect(Cell(admin, "towns", "T1", i)).ToHaveClassAsync(entered ? "s2" : "s0");
            await Expect(Cell(admin, "towns", "T1", i)).ToHaveTextAsync(entered ? "交" : "缺");
        }

        // Return the datum with evidence, with a reason; the panel shows the evidence first.
        var returnedIndicator = returned["T1--".Length..];
        await OpenCellAsync(admin, "towns", "T1", returnedIndicator);
        await Expect(admin.Locator("#cell-state")).ToHaveAttributeAsync("data-state", "submitted");
        await Expect(admin.Locator("#cell-detail")).ToContainTextAsync("统计报表.pdf");
        await admin.Locator("#cell-reason").FillAsync(ReturnReason);
        await admin.Locator("#cell-return").ClickAsync();
        await Expect(admin.Locator("#cell-state")).ToHaveAttributeAsync("data-state", "returned");
        await Expect(admin.Locator("#cell-message")).ToHaveTextAsync("已退回。");
        await Expect(admin.Locator("#cell-detail")).ToContainTextAsync($"退回原因：{ReturnReason}");
        await Expect(Cell(admin, "towns", "T1", indicators.IndexOf(returnedIndicator))).ToHaveTextAsync("退");

        // Approve the others one by one in the panel.
        foreach (var ind in ids.Select(d => d["T1--".Length..]).Where(i => i != returnedIndicator))
        {
            await OpenCellAsync(admin, "towns", "T1", ind);
            await Expect(admin.Locator("#cell-state")).ToHaveAttributeAsync("data-state", "submitted");
            await admin.Locator("#cell-approve").ClickAsync();
            await Expect(admin.Locator("#cell-state")).ToHaveAttributeAsync("data-state", "approved");
            await Expect(admin.Locator("#cell-message")).ToHaveTextAsync("已审核通过。");
            await Expect(Cell(admin, "towns", "T1", indicators.IndexOf(ind))).ToHaveTextAsync("通");
        }
        await ScreenshotAsync(admin, "matrix-zh.png");

        await admin.ReloadAsync();
        var reviewed = await CountsAsync(admin);
        Assert.Equal(submitted["returned"] + 1, reviewed["returned"]);
        Assert.Equal(submitted["approved"] + ReporterIndicators - 1, reviewed["approved"]);
        Assert.Equal(submitted["submitted"] - ReporterIndicators, reviewed["submitted"]);
        Assert.Equal((submitted["missing"], submitted["draft"]), (reviewed["missing"], reviewed["draft"]));

        // The reporter sees the returned datum and why, corrects it and resubmits; the approved ones are locked.
        await reporter.GotoAsync(Routes.Entry(Org, December));
        await Expect(Card(reporter, returned)).ToHaveAttributeAsync("data-state", "returned");
        await Expect(reporter.Locator($"#state-{returned}")).ToHaveTextAsync("已退回");
        await Expect(reporter.Locator($"#return-reason-{returned}")).ToHaveTextAsync($"退回原因：{ReturnReason}");
        foreach (var d in ids.Where(d => d != returned))
        {
            await Expect(Card(reporter, d)).ToHaveAttributeAsync("data-state", "approved");
            await Expect(reporter.Locator($"#state-{d}")).ToHaveTextAsync("已通过");
            await ExpectReadOnlyAsync(reporter, d);
        }
        await Expect(reporter.Locator($"#value-{returned}")).ToHaveValueAsync("96.5");
        await reporter.Locator($"#value-{returned}").FillAsync("97.2");
        await reporter.Locator($"#submit-{returned}").ClickAsync();
        await Expect(Card(reporter, returned)).ToHaveAttributeAsync("data-state", "submitted");
        await Expect(reporter.Locator($"#message-{returned}")).ToHaveTextAsync("已提交，等待考核办审核。");
        await Expect(reporter.Locator($"#return-reason-{returned}")).ToHaveCountAsync(0);
        await Expect(reporter.Locator($"#value-{returned}")).ToHaveValueAsync("97.2");

        // The admin approves it on T1's entry page; the matrix shows all of T1 approved.
        await admin.GotoAsync($"{Routes.Entry(Org, December)}?unit=T1");
        await Expect(Card(admin, returned)).ToHaveAttributeAsync("data-state", "submitted");
        await Expect(admin.Locator($"#review-{returned}")).ToBeVisibleAsync();
        await admin.Locator($"#approve-{returned}").ClickAsync();
        await Expect(Card(admin, returned)).ToHaveAttributeAsync("data-state", "approved");
        await Expect(admin.Locator($"#message-{returned}")).ToHaveTextAsync("已审核通过。");
        await Expect(admin.Locator($"#review-{returned}")).ToHaveCountAsync(0);

        await admin.GotoAsync(Routes.Matrix(Org, December));
        var done = await CountsAsync(admin);
        Assert.Equal(new Dictionary<string, int> { ["missing"] = DataPerMonth - ReporterIndicators, ["draft"] = 0, ["submitted"] = 0, ["approved"] = ReporterIndicators, ["returned"] = 0 }, done);
        for (int i = 0; i < TownIndicators; i++)
        {
            var entered = ids.Contains("T1--" + indicators[i]);
            await Expect(Cell(admin, "towns", "T1", i)).ToHaveClassAsync(entered ? "s3" : "s0");
            await Expect(Cell(admin, "towns", "T1", i)).ToHaveTextAsync(entered ? "通" : "缺");
        }
        await OpenCellAsync(admin, "towns", "T1", returnedIndicator);
        await Expect(admin.Locator("#cell-value")).ToContainTextAsync("97.2");
    }

    [BrowserFact]
    public async Task Entry_matrix_and_preview_speak_English_after_the_language_switch()
    {
        var page = await browser.NewPageAsync();
        await BrowserApp.SignInAsync(page, "admin", DemoData.Password);
        await page.GotoAsync($"{Routes.Entry(Org, November)}?unit=T2");
        await Expect(page.Locator("h1")).ToHaveTextAsync($"数据填报 · {November}");

        await page.Locator("#language-switch").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync($"Data entry · {November}");
        Assert.EndsWith($"{Routes.Entry(Org, November)}?unit=T2", page.Url);
        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal("Data entry · Pacesetter", await page.TitleAsync());
        await Expect(page.Locator("#language-switch")).ToHaveTextAsync("中文");
        await Expect(page.Locator("#show-unit")).ToHaveTextAsync("Show");
        await Expect(page.Locator("#submit-all")).ToHaveTextAsync("Submit all drafts");
        await Expect(page.Locator("#approve-unit")).ToHaveTextAsync("Approve all submitted data of this unit (3)");
        await Expect(page.Locator("#return-unit")).ToHaveTextAsync("Return all submitted data of this unit");
        await Expect(page.Locator("label[for='unit-reason']")).ToHaveTextAsync("Return reason");
        await Expect(page.Locator("#deadline")).ToHaveTextAsync("Deadline: 2026-12-10 18:00 Beijing time");

        // T2's November: three submitted, the rest missing; review buttons in English.
        await Expect(page.Locator("#state-T2--revenue")).ToHaveTextAsync("Submitted");
        await Expect(page.Locator("#state-T2--livelihood")).ToHaveTextAsync("Submitted");
        await Expect(page.Locator("#state-T2--projects")).ToHaveTextAsync("Missing");
        await Expect(page.Locator("#approve-T2--revenue")).ToHaveTextAsync("Approve");
        await Expect(page.Locator("#return-T2--revenue")).ToHaveTextAsync("Return");
        await Expect(page.Locator("#save-T2--projects")).ToHaveTextAsync("Save draft");
        await Expect(page.Locator("#submit-T2--projects")).ToHaveTextAsync("Submit");
        await Expect(page.Locator("label[for='target-T2--revenue']")).ToHaveTextAsync("target");
        await Expect(page.Locator("label[for='previous-T2--industry']")).ToHaveTextAsync("previous");
        await Expect(page.Locator("label[for='count-yellow-T2--cards']")).ToHaveTextAsync("yellow card count");
        await Expect(Card(page, "T2--projects").Locator("summary")).ToHaveTextAsync("Evidence (0)");
        await Expect(page.Locator("label[for='file-T2--projects']")).ToContainTextAsync("Upload evidence");

        await page.Locator("#approve-T2--revenue").ClickAsync();
        await Expect(page.Locator("#state-T2--revenue")).ToHaveTextAsync("Approved");
        await Expect(page.Locator("#message-T2--revenue")).ToHaveTextAsync("Approved.");
        await page.Locator("#return-T2--livelihood").ClickAsync();
        await Expect(page.Locator("#error-T2--livelihood")).ToHaveTextAsync("A return reason is required.");
        await page.Locator("#reason-T2--livelihood").FillAsync("Differs from the statistics report");
        await page.Locator("#return-T2--livelihood").ClickAsync();
        await Expect(page.Locator("#state-T2--livelihood")).ToHaveTextAsync("Returned");
        await Expect(page.Locator("#message-T2--livelihood")).ToHaveTextAsync("Returned.");
        await Expect(page.Locator("#return-reason-T2--livelihood")).ToHaveTextAsync("Returned: Differs from the statistics report");

        await page.GotoAsync($"{Routes.Entry(Org, November)}?unit=T1");
        await Expect(page.Locator("#state-T1--revenue")).ToHaveTextAsync("Draft");

        // The matrix: heading, legend with November's exact counts, letters in English.
        await page.GotoAsync(Routes.Matrix(Org, November));
        await Expect(page.Locator("h1")).ToHaveTextAsync($"Completeness · {November}");
        var legend = page.Locator("#legend");
        // November: T1 3 drafts and D1 1; T2 one submitted left, one approved, one returned.
        await Expect(legend).ToHaveTextAsync($"Legend: M Missing {DataPerMonth - 7} D Draft 4 S Submitted 1 A Approved 1 R Returned 1 {DataPerMonth} expected Click a cell to see the datum and review it.");
        await Expect(page.Locator("#deadline")).ToHaveTextAsync("Deadline: 2026-12-10 18:00 Beijing time");
        await Expect(page.Locator("#count-total")).ToHaveTextAsync($"{DataPerMonth} expected");
        Assert.Equal(new Dictionary<string, int> { ["missing"] = DataPerMonth - 7, ["draft"] = 4, ["submitted"] = 1, ["approved"] = 1, ["returned"] = 1 }, await CountsAsync(page));
        await Expect(Cell(page, "towns", "T2", 0)).ToHaveTextAsync("A");
        await Expect(page.Locator("#approve-all")).ToHaveTextAsync("Approve all submitted data shown (1)");
        await Expect(page.Locator("#preview-link")).ToHaveTextAsync("Preview results");
        await OpenCellAsync(page, "towns", "T2", "industry");
        await Expect(page.Locator("#cell-state")).ToHaveTextAsync("Submitted");
        await Expect(page.Locator("#cell-approve")).ToHaveTextAsync("Approve");
        await Expect(page.Locator("#cell-detail")).ToContainTextAsync("Datum: value 27.1, previous 26");
        await ScreenshotAsync(page, "matrix-en.png");

        // The preview of October: heading, banner, column headings, labels in English.
        await page.GotoAsync(Routes.Preview(Org, October));
        await Expect(page.Locator("h1")).ToHaveTextAsync($"Results preview · {October}");
        await Expect(page.Locator("#matrix-link")).ToHaveTextAsync("Completeness");
        await Expect(page.Locator("#preview-banner")).ToHaveTextAsync("Results preview — Preview: scored from all current data (approved, submitted and draft; returned data left out). Not published results.");
        await Expect(page.Locator("#results-towns thead th")).ToHaveTextAsync(["Rank", "Unit", "Composite", "Base", "Bonus", "Penalty", "Grade", "Label", "Red flag"]);
        var labels = await page.Locator("table[id^='results-'] tbody td:nth-child(8)").AllInnerTextsAsync();
        Assert.Equal(28, labels.Count);
        Assert.All(labels, l => Assert.Contains(l.Trim(), new[] { "", "Pacesetter", "Winner", "Yellow card" }));
        Assert.Contains("Pacesetter", labels.Select(l => l.Trim()));
        await Expect(page.Locator("#flag-towns")).ToContainTextAsync(new System.Text.RegularExpressions.Regex("^(Red flag: .+|Nobody holds the red flag this period)$"));
    }

    [BrowserFact]
    public async Task On_a_phone_the_cards_stack_full_width_and_submitting_works()
    {
        const int width = 390;
        var page = await browser.NewPageAsync(width: width, height: 844);
        await BrowserApp.SignInAsync(page, "reporter.t1", DemoData.Password);
        await page.GotoAsync(Routes.Entry(Org, December));
        await Expect(page.Locator("[id^='card-T1--']")).ToHaveCountAsync(TownIndicators);
        var all = await CardIdsAsync(page, "T1");
        var ids = await WritableAsync(page, all);

        // One column: every card nearly as wide as the screen, each below the one before, nothing wider than the screen.
        double? lastY = null;
        foreach (var d in all)
        {
            var box = await Card(page, d).Locator(".card").BoundingBoxAsync() ?? throw new InvalidOperationException($"card {d} has no box");
            Assert.InRange(box.Width, width * 0.9, width);
            Assert.InRange(box.X, 0, width * 0.05);
            if (lastY is { } y) Assert.True(box.Y > y, $"card {d} is not below the card before it");
            lastY = box.Y + box.Height - 1;
        }
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the entry page scrolls sideways on a phone");

        // The first card submitted straight away, the second saved and then submitted with "submit all drafts".
        var first = ids[0];
        await FillCardAsync(page, first, "1.05");
        var submit = page.Locator($"#submit-{first}");
        await submit.ScrollIntoViewIfNeededAsync();
        await Expect(submit).ToBeVisibleAsync();
        await Expect(submit).ToBeInViewportAsync();
        var button = await submit.BoundingBoxAsync();
        Assert.True(button is { Width: > 0 } && button.X + button.Width <= width, "the submit button is cut off");
        await submit.ClickAsync();
        await Expect(Card(page, first)).ToHaveAttributeAsync("data-state", "submitted");
        await Expect(page.Locator($"#state-{first}")).ToHaveTextAsync("已提交");

        var second = ids[1];
        await FillCardAsync(page, second, "25.3");
        await page.Locator($"#save-{second}").ClickAsync();
        await Expect(Card(page, second)).ToHaveAttributeAsync("data-state", "draft");
        var submitAll = page.Locator("#submit-all");
        await Expect(submitAll).ToBeVisibleAsync();
        await submitAll.ClickAsync();
        await Expect(page.Locator("#notice")).ToHaveTextAsync("已提交 1 项草稿。");
        await Expect(Card(page, second)).ToHaveAttributeAsync("data-state", "submitted");
        await Expect(page.Locator("[id^='card-T1--'][data-state='submitted']")).ToHaveCountAsync(2);
        await ScreenshotAsync(page, "entry-phone.png");
    }

    [BrowserFact]
    public async Task Preview_of_October_ranks_every_category_with_a_chart()
    {
        var page = await browser.NewPageAsync();
        await BrowserApp.SignInAsync(page, "admin", DemoData.Password);
        await page.GotoAsync(Routes.Preview(Org, October));
        await Expect(page.Locator("h1")).ToContainTextAsync($"结果预览 · {October}");

        var expected = DemoData.Categories.ToDictionary(c => c.Code, c => c.Units.Count);
        int holders = 0;
        await Expect(page.Locator("table[id^='results-']")).ToHaveCountAsync(expected.Count);
        foreach (var (category, units) in expected)
        {
            var rows = page.Locator($"table#results-{category} tbody tr");
            await Expect(rows).ToHaveCountAsync(units);
            var ranks = new List<int>();
            var composites = new List<decimal>();
            var seen = new HashSet<string>();
            for (int i = 0; i < units; i++)
            {
                var r = rows.Nth(i);
                ranks.Add(int.Parse((await r.GetAttributeAsync("data-rank"))!, CultureInfo.InvariantCulture));
                composites.Add(decimal.Parse((await r.GetAttributeAsync("data-composite"))!, CultureInfo.InvariantCulture));
                seen.Add((await r.GetAttributeAsync("data-unit"))!);
            }
            Assert.Equal(Enumerable.Range(1, units), ranks);
            for (int i = 1; i < units; i++) Assert.True(composites[i] <= composites[i - 1], $"{category}: rank {i + 1} has {composites[i]} above rank {i}'s {composites[i - 1]}");
            Assert.Equal(DemoData.Categories.Single(c => c.Code == category).Units.Select(u => u.Code).ToHashSet(), seen);

            // The red flag: a badge in its holder's row (the holder named above the table), none without a holder.
            var flag = (await page.Locator($"#flag-{category}").InnerTextAsync()).Trim();
            var holder = System.Text.RegularExpressions.Regex.Match(flag, "^流动红旗：.+（(\\w+)）$");
            if (holder.Success)
            {
                await Expect(page.Locator($"table#results-{category} [id^='flag-holder-']")).ToHaveCountAsync(1);
                holders++;
                await Expect(page.Locator($"table#results-{category} tr[data-unit='{holder.Groups[1].Value}'] #flag-holder-{category}")).ToHaveTextAsync("流动红旗");
            }
            else
            {
                Assert.Equal("本期无人获得流动红旗", flag);
                await Expect(page.Locator($"#flag-holder-{category}")).ToHaveCountAsync(0);
            }

            // ECharts drew the category's chart: a canvas of the container's size.
            var canvas = page.Locator($"#chart-{category} canvas");
            await Expect(canvas).ToHaveCountAsync(1);
            var box = await canvas.BoundingBoxAsync();
            Assert.True(box is { Width: > 100, Height: >= 220 }, $"{category}: the chart's canvas is {box?.Width}×{box?.Height}");
        }
        Assert.True(holders > 0, "October has no red flag holder: the flag badge went untested");
        await ScreenshotAsync(page, "preview-zh.png");
    }

    // ---- helpers ----

    private static ILocator Card(IPage page, string d) => page.Locator($"#card-{d}");

    private static ILocator Cell(IPage page, string category, string unit, int column) =>
        page.Locator($"table#matrix-{category} tr[data-u='{unit}'] td").Nth(column);

    /// <summary>The cards' datum ids (<c>Unit--indicator</c>) in page order.</summary>
    private static async Task<List<string>> CardIdsAsync(IPage page, string unit)
    {
        var ids = await page.Locator($"[id^='card-{unit}--']").EvaluateAllAsync<string[]>("cards => cards.map(c => c.id.substring(5))");
        return [.. ids];
    }

    /// <summary>The cards this user may write: those with a save button.</summary>
    private static async Task<List<string>> WritableAsync(IPage page, IEnumerable<string> ids)
    {
        var writable = new List<string>();
        foreach (var d in ids)
        {
            if (await page.Locator($"#save-{d}").CountAsync() == 1) writable.Add(d);
        }
        return writable;
    }

    /// <summary>
    /// A card shown but not for this user to change: no save or submit button, every field disabled; a list with no
    /// rows (awards, events) shows "（无）" instead of blank rows.
    /// </summary>
    private static async Task ExpectReadOnlyAsync(IPage page, string d)
    {
        await Expect(page.Locator($"#save-{d}")).ToHaveCountAsync(0);
        await Expect(page.Locator($"#submit-{d}")).ToHaveCountAsync(0);
        var fields = Fields(page, d);
        int n = await fields.CountAsync();
        if (n == 0) await Expect(page.Locator($"#form-{d} .no-rows")).ToHaveTextAsync("（无）");
        else await Expect(page.Locator($"#form-{d} .no-rows")).ToHaveCountAsync(0);
        for (int i = 0; i < n; i++) await Expect(fields.Nth(i)).ToBeDisabledAsync();
    }

    private static ILocator Fields(IPage page, string d) => page.Locator($"#form-{d} input:not([type=hidden]):not([type=file]), #form-{d} select");

    /// <summary>The first card that takes a plain number (<c>#value-…</c>).</summary>
    private static async Task<string> FirstNumberCardAsync(IPage page, IEnumerable<string> ids)
    {
        foreach (var d in ids)
        {
            if (await page.Locator($"#value-{d}").CountAsync() == 1) return d;
        }
        throw new InvalidOperationException("no card takes a number");
    }

    /// <summary>
    /// Fills every input the card's form shows, by the field's name: numbers for value/target/previous, 1 for counts,
    /// an item for awards, the first real option of a select. Returns how many inputs it filled.
    /// </summary>
    private static async Task<int> FillCardAsync(IPage page, string d, string value)
    {
        var fields = Fields(page, d);
        int n = await fields.CountAsync();
        for (int i = 0; i < n; i++)
        {
            var field = fields.Nth(i);
            var name = await field.GetAttributeAsync("name") ?? "";
            var tag = await field.EvaluateAsync<string>("e => e.tagName");
            if (tag == "SELECT")
            {
                await field.SelectOptionAsync(new SelectOptionValue { Index = 1 });
                continue;
            }
            var text = name switch
            {
                "value" => value,
                "target" => "90",
                "previous" => "88",
                "item" => "营商环境",
                _ when name.StartsWith("count", StringComparison.Ordinal) => "1",
                "eventId" => $"e{i}",
                _ => throw new InvalidOperationException($"card {d} shows an input named '{name}' this test does not know"),
            };
            await field.FillAsync(text);
        }
        return n;
    }

    /// <summary>Clicks a matrix cell and waits for the side panel to show that cell.</summary>
    private static async Task OpenCellAsync(IPage page, string category, string unit, string indicator)
    {
        var headers = await page.Locator($"table#matrix-{category} thead th[data-i]").EvaluateAllAsync<string[]>("hs => hs.map(h => h.dataset.i)");
        int column = Array.IndexOf(headers, indicator);
        Assert.True(column >= 0, $"no column {indicator} in {category}");
        await Cell(page, category, unit, column).ClickAsync();
        await Expect(page.Locator("#cell-detail")).ToHaveAttributeAsync("data-cell", $"{unit}/{indicator}");
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
