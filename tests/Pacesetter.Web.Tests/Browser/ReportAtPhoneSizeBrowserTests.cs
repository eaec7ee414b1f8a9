using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pacesetter.App.Supervision.Model;
using Pacesetter.Web.Demo;
using Pacesetter.Web.Pages.Supervision;
using static Microsoft.Playwright.Assertions;

namespace Pacesetter.Web.Tests.Browser;

/// <summary>
/// 报送进度 from a phone (issue #10: "from a phone as easily as from a desk"): at 390×844, reporter.t1 of 城东街道 reports
/// 60 % with a photo on matter M1 (T1, 办理中), sees the report listed with its photo, and the page never scrolls sideways.
/// </summary>
public sealed class ReportAtPhoneSizeBrowserTests : IAsyncLifetime
{
    private const string Org = DemoData.Slug;

    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private readonly BrowserApp browser = new();

    public ReportAtPhoneSizeBrowserTests() => SetDefaultExpectTimeout(15_000);

    public Task InitializeAsync() => browser.InitializeAsync();

    public Task DisposeAsync() => browser.DisposeAsync();

    private async Task SeedAsync()
    {
        await using var db = browser.Server.NewDb();
        var org = await db.Organizations.Where(o => o.Slug == Org).Select(o => o.Id).SingleAsync();
        db.Matters.Add(new Matter
        {
            OrganizationId = org,
            Code = "M1",
            Name = "老旧小区改造提升工程",
            Kind = MatterKind.Livelihood,
            UnitCode = "T1",
            Leader = "分管领导",
            Start = new DateOnly(2026, 1, 1),
            Due = new DateOnly(2027, 12, 31),
            Frequency = ReportFrequency.Monthly,
            State = MatterState.InProgress,
            NextStep = StepKind.Feedback,
            NextDeadline = new DateTimeOffset(2027, 12, 31, 16, 0, 0, TimeSpan.Zero),
            Position = 1,
            CreatedBy = "admin",
            CreatedAt = DateTimeOffset.UtcNow,
            Version = 1,
        });
        await db.SaveChangesAsync();
    }

    [BrowserFact]
    public async Task Reporter_reports_60_percent_with_a_photo_at_phone_size_and_sees_it_listed()
    {
        await SeedAsync();
        var page = await browser.NewPageAsync(width: 390, height: 844);
        await BrowserApp.SignInAsync(page, "reporter.t1", DemoData.Password);
        await page.GotoAsync(SupervisionRoutes.Tasks(Org));
        await Expect(page.Locator("#matters [data-task='M1']")).ToContainTextAsync("老旧小区改造提升工程");
        var list = await PageChecks.CheckAsync(page);
        Assert.True(list.Clean(phone: true), list.ToString());

        await BrowserApp.ClickToNewDocumentAsync(page, page.Locator("#matters [data-task='M1']"));
        var form = page.Locator("#report-form");
        await Expect(form).ToBeVisibleAsync();
        // The form is one column of big inputs: the percent asks for the decimal keypad, the file input offers the camera.
        await Expect(page.Locator("#report-percent")).ToHaveAttributeAsync("inputmode", "decimal");
        await Expect(page.Locator("#report-file")).ToHaveAttributeAsync("accept", "image/*,application/pdf");
        await Expect(page.Locator("#report-file")).ToHaveAttributeAsync("capture", "environment");
        var percentBox = (await page.Locator("#report-percent").BoundingBoxAsync())!;
        var narrativeBox = (await page.Locator("#report-narrative").BoundingBoxAsync())!;
        Assert.True(percentBox.Width > 300, $"the percent input is {percentBox.Width} px wide");
        Assert.True(percentBox.Height >= 44, $"the percent input is {percentBox.Height} px high");
        Assert.True(narrativeBox.Y > percentBox.Y + percentBox.Height - 1, "the fields stack in one column");

        await page.GetByLabel("完成百分比（%）").FillAsync("60");
        await page.GetByLabel("进展情况").FillAsync("完成 3 栋楼外立面改造，开始管网施工。");
        await page.Locator("#report-file").SetInputFilesAsync(new FilePayload { Name = "现场照片.png", MimeType = "image/png", Buffer = Png });
        await BrowserApp.ClickToNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "报送" }));

        await Expect(page.Locator("#done")).ToHaveTextAsync("已报送进度 60%。");
        var item = page.Locator("#progress-list li").First;
        await Expect(item.Locator(".report-percent")).ToHaveTextAsync("60%");
        await Expect(item).ToContainTextAsync("完成 3 栋楼外立面改造");
        await Expect(item.Locator(".evidence-link")).ToHaveTextAsync("佐证材料：现场照片.png");
        await Expect(page.Locator("#matter-state")).ToHaveTextAsync("办理中");
        var detail = await PageChecks.CheckAsync(page);
        Assert.True(detail.Clean(phone: true), detail.ToString());
        Assert.True(detail.Overflow <= 0, $"the page scrolls sideways by {detail.Overflow} px");
        await BrowserApp.ScreenshotAsync(page, "matter-report-phone");

        // The photo downloads as it was sent.
        var href = await item.Locator(".evidence-link").GetAttributeAsync("href");
        var download = await page.APIRequest.GetAsync(href!);
        Assert.Equal(200, download.Status);
        Assert.Equal(Png, await download.BodyAsync());
    }
}
