using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Pacesetter.Web.Demo;
using static Microsoft.Playwright.Assertions;

namespace Pacesetter.Web.Tests.Browser;

/// <summary>
/// Issue 8 §2 in a real Chromium: the demo's admin adds a <c>bands</c> indicator with three rows and a
/// <c>completion</c> indicator to the departments entirely through the fields (no JSON typed), sees the running
/// total and the core share change while typing the weight, applies both and saves a new version.
/// </summary>
public sealed class IndicatorFormBrowserTests : IAsyncLifetime
{
    private const string Org = DemoData.Slug;
    private const string Period = DemoData.DraftPeriod;

    private readonly BrowserApp browser = new();

    public IndicatorFormBrowserTests() => SetDefaultExpectTimeout(15_000);

    public Task InitializeAsync() => browser.InitializeAsync();

    public Task DisposeAsync() => browser.DisposeAsync();

    [BrowserFact]
    public async Task Admin_adds_a_bands_and_a_completion_indicator_through_the_fields_and_saves()
    {
        var page = await browser.NewPageAsync(width: 1366, height: 900);
        await BrowserApp.SignInAsync(page, "admin", DemoData.Password);
        await page.GotoAsync(Routes.Scheme(Org, Period));
        var before = JsonNode.Parse(await page.Locator("#Text").InputValueAsync())!.AsObject();

        // 职能部门: base weights 55 + 15 + 20 + 10 = 100, core 55 + 15 = 70.
        await page.Locator("#category-depts .add-indicator > summary").ClickAsync();
        var form = page.Locator("#a-depts-form");
        await Expect(form.Locator(".rt-total")).ToHaveTextAsync("100");
        await Expect(form.Locator(".rt-share")).ToHaveTextAsync("70.00%");
        await Expect(form.Locator(".rt-not100")).ToBeHiddenAsync();
        await form.Locator("[name='f_id']").FillAsync("quality");
        await form.Locator("[name='f_name']").FillAsync("工作质量");
        // Typed key by key, the total follows before anything is applied.
        await form.Locator("[name='f_weight']").PressSequentiallyAsync("1");
        await Expect(form.Locator(".rt-total")).ToHaveTextAsync("101");
        await Expect(form.Locator(".rt-not100")).ToBeVisibleAsync();
        await Expect(form.Locator(".rt-not100")).ToHaveTextAsync("（不是 100）");
        await form.Locator("[name='f_weight']").PressSequentiallyAsync("0");
        await Expect(form.Locator(".rt-total")).ToHaveTextAsync("110");
        await Expect(form.Locator(".rt-share")).ToHaveTextAsync("63.64%");
        await Expect(form.Locator(".rt-low")).ToBeVisibleAsync();
        await form.Locator("[name='f_core']").CheckAsync();
        // (70 + 10) / 110
        await Expect(form.Locator(".rt-share")).ToHaveTextAsync("72.73%");
        await Expect(form.Locator(".rt-low")).ToBeHiddenAsync();

        // The method in words; its fields come with it: three rows for the bands.
        await form.Locator("[name='f_method']").SelectOptionAsync(new SelectOptionValue { Label = "分档插值" });
        await Expect(form.Locator("[name='f_points_2_x']")).ToBeVisibleAsync();
        await Expect(form.Locator("[name='f_weight']")).ToHaveValueAsync("10");
        foreach (var (n, x, s) in new[] { (0, "60", "0"), (1, "80", "6"), (2, "100", "10") })
        {
            await form.Locator($"[name='f_points_{n}_x']").FillAsync(x);
            await form.Locator($"[name='f_points_{n}_s']").FillAsync(s);
        }
        await ScreenshotAsync(page, form, "scheme-indicator-form-desktop.png");
        await form.GetByRole(AriaRole.Button, new() { Name = "添加", Exact = true }).ClickAsync();
        await Expect(page.Locator("tr[data-indicator='quality']")).ToBeVisibleAsync();
        await Expect(page.Locator("tr[data-category='depts'] .sum-base")).ToHaveTextAsync("110");
        await Expect(page.Locator("tr[data-category='depts'] .core-share")).ToHaveTextAsync("72.73%");

        // A completion indicator, its weight in full-width digits.
        await page.Locator("#category-depts .add-indicator > summary").ClickAsync();
        form = page.Locator("#a-depts-form");
        await form.Locator("[name='f_id']").FillAsync("speed");
        await form.Locator("[name='f_name']").FillAsync("办理时效");
        await form.Locator("[name='f_weight']").PressSequentiallyAsync("５");
        await Expect(form.Locator(".rt-total")).ToHaveTextAsync("115");
        await form.Locator("[name='f_core']").CheckAsync();
        // (80 + 5) / 115
        await Expect(form.Locator(".rt-share")).ToHaveTextAsync("73.91%");
        await form.Locator("[name='f_method']").SelectOptionAsync(new SelectOptionValue { Label = "目标完成率" });
        await Expect(form.Locator("[name='f_cap']")).ToBeVisibleAsync();
        await Expect(form.GetByText("默认 1，不低于 1；如 1.2 表示最多得权重的 1.2 倍")).ToBeVisibleAsync();
        await form.Locator("[name='f_cap']").FillAsync("1.2");
        await form.Locator("[name='f_floor']").FillAsync("0.6");
        await form.GetByRole(AriaRole.Button, new() { Name = "添加", Exact = true }).ClickAsync();
        await Expect(page.Locator("tr[data-indicator='speed']")).ToBeVisibleAsync();
        await Expect(page.Locator("tr[data-indicator='speed'] .method-parameters")).ToHaveTextAsync("封顶系数 1.2 · 保底系数 0.6");
        await Expect(page.Locator("#check-ok")).ToBeVisibleAsync();

        await ScreenshotAsync(page, page.Locator("#category-depts"), "scheme-designer-desktop.png");

        await page.Locator("#Reason").FillAsync("职能部门增加工作质量、办理时效");
        await BrowserApp.ClickToNewDocumentAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "保存新版本" }));
        await Expect(page.Locator("#saved")).ToBeVisibleAsync();

        var saved = JsonNode.Parse(await page.Locator("#Text").InputValueAsync())!.AsObject();
        var depts = saved["categories"]!.AsArray().Single(c => c!["id"]!.GetValue<string>() == "depts")!["indicators"]!.AsArray();
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"id":"quality","name":"工作质量","weight":10,"core":true,"method":{"type":"bands","points":[[60,0],[80,6],[100,10]]}}"""), depts[^2]), depts[^2]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"id":"speed","name":"办理时效","weight":5,"core":true,"method":{"type":"completion","cap":1.2,"floor":0.6}}"""), depts[^1]), depts[^1]!.ToJsonString());
        // Everything else is as it was.
        depts.RemoveAt(depts.Count - 1);
        depts.RemoveAt(depts.Count - 1);
        before.Remove("data");
        saved.Remove("data");
        Assert.True(JsonNode.DeepEquals(before, saved));
    }

    /// <summary>PACESETTER_SCREENSHOTS=folder keeps a picture of the page scrolled to <paramref name="at"/>, for a person to look at.</summary>
    private static async Task ScreenshotAsync(IPage page, ILocator at, string name)
    {
        if (Environment.GetEnvironmentVariable("PACESETTER_SCREENSHOTS") is not { Length: > 0 } folder) return;
        Directory.CreateDirectory(folder);
        await at.ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name) });
    }
}
