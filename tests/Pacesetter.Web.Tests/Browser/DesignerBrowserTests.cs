using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Pacesetter.App.Accounts;
using Pacesetter.Web.Tests.Schemes;
using static Microsoft.Playwright.Assertions;

namespace Pacesetter.Web.Tests.Browser;

/// <summary>
/// Issue 8 §2 end to end in Chromium: a new organization's admin starts the first period from nothing on the New page,
/// builds a two-category scheme entirely in the designer's forms and saves it as version 1 (warned of unsaved changes
/// before, not after); two reporters enter their figures, the admin approves them, the preview ranks the towns with
/// the composites computed by hand below, and the exported scheme file scores the same with <c>pacesetter score</c>.
/// The organization, its units and its users are made through the application's services (as the platform and Units
/// pages would make them); everything about the scheme goes through the browser.
/// </summary>
public sealed class DesignerBrowserTests : IAsyncLifetime
{
    private const string Org = "newzone";
    private const string Period = "2027-Q1";
    private const string Password = "Designer#2027pass";

    private readonly BrowserApp browser = new();

    public DesignerBrowserTests() => SetDefaultExpectTimeout(15_000);

    public Task InitializeAsync() => browser.InitializeAsync();

    public Task DisposeAsync() => browser.DisposeAsync();

    /// <summary>Keeps a screenshot under <c>PACESETTER_SCREENSHOTS</c> when it names a folder.</summary>
    private static async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("PACESETTER_SCREENSHOTS") is not { Length: > 0 } folder) return;
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    [BrowserFact]
    public async Task A_new_organization_builds_its_first_scheme_in_forms_and_the_preview_and_the_cli_agree()
    {
        var app = browser.Server;
        var org = await app.NewOrganization(Org, "新区");
        await app.NewUser(org, "nz-admin", Password, false, Seeding.Role(OrgRole.Admin));
        await app.NewUnit(org, "T1", "城东街道", null);
        await app.NewUnit(org, "T2", "城西街道", null);
        await app.NewUnit(org, "D1", "财政局", null);
        await app.NewUser(org, "nz-t1", Password, false, Seeding.Role(OrgRole.Reporter, "T1"));
        await app.NewUser(org, "nz-t2", Password, false, Seeding.Role(OrgRole.Reporter, "T2"));

        var admin = await browser.NewPageAsync(width: 1366, height: 900);
        await BrowserApp.SignInAsync(admin, "nz-admin", Password, org: Org);

        // 新建考核方案: the period typed, the name follows it in words; an empty start.
        await admin.GotoAsync(Routes.Schemes(Org));
        await BrowserApp.ClickToNewDocumentAsync(admin, admin.Locator("#new-period"));
        await admin.Locator("#Period").FillAsync(Period);
        await Expect(admin.Locator("#Name")).ToHaveValueAsync("2027年第一季度综合考核");
        await admin.Locator("#start-empty").CheckAsync();
        await BrowserApp.ClickToNewDocumentAsync(admin, admin.Locator("#new-submit"));
        await Expect(admin.Locator("#draft")).ToBeVisibleAsync();
        await Expect(admin.Locator("#no-categories")).ToContainTextAsync("方案还没有类别");
        // A draft is unsaved from the start.
        await Expect(admin.Locator("#unsaved")).ToBeVisibleAsync();
        await Expect(admin.Locator("#unsaved")).ToHaveTextAsync("未保存的修改");

        // The scheme's own fields.
        await admin.Locator("#s-coreShareMin").FillAsync("70");
        await admin.Locator("#scheme-part button[type=submit]").ClickAsync();
        await Expect(admin.Locator("#Text")).ToHaveValueAsync(new Regex("\"coreShareMin\": 70"));

        // Two categories.
        await AddCategoryAsync(admin, "towns", "镇街");
        await AddCategoryAsync(admin, "depts", "部门");

        // The indicators, each method's parameters as fields (completion's cap 1.2: at most 120 % counts).
        await AddIndicatorAsync(admin, "towns", "revenue", "一般公共预算收入", "base", "80", core: true, "completion", ("cap", "1.2"));
        await AddIndicatorAsync(admin, "towns", "service", "服务对象满意度", "base", "20", core: false, "leaderRatio");
        await AddIndicatorAsync(admin, "towns", "innovation", "创新加分", "bonus", "3", core: false, "points");
        await AddIndicatorAsync(admin, "depts", "duty", "主责主业", "base", "100", core: true, "manual");

        // The towns: units ticked by name, two grade rows, a tie-break picked by name, labels and flag.
        var towns = admin.Locator("#category-towns");
        await OpenAsync(towns.Locator("details.edit-category"));
        await towns.GetByLabel("城东街道").CheckAsync();
        await towns.GetByLabel("城西街道").CheckAsync();
        var grades = towns.Locator(".grade-rows");
        await grades.Locator(".add-grade").ClickAsync();
        await grades.Locator(".add-grade").ClickAsync();
        await grades.Locator("[data-row] input[name=f_gradeName]").Nth(0).FillAsync("优秀");
        await grades.Locator("[data-row] input[name=f_gradeMin]").Nth(0).FillAsync("100");
        await grades.Locator("[data-row] input[name=f_gradeQuota]").Nth(0).FillAsync("1");
        await grades.Locator("[data-row] input[name=f_gradeName]").Nth(1).FillAsync("良好");
        await grades.Locator("[data-row] input[name=f_gradeMin]").Nth(1).FillAsync("0");
        await towns.Locator(".add-tie-break").ClickAsync();
        await towns.Locator(".tie-break-row select").First.SelectOptionAsync(new SelectOptionValue { Label = "一般公共预算收入" });
        await towns.Locator("#c-towns-pacesetterTop").FillAsync("1");
        await towns.Locator("#c-towns-pacesetterMin").FillAsync("90");
        await towns.Locator("#c-towns-yellowBottom").FillAsync("1");
        await towns.Locator("#c-towns-flagMin").FillAsync("100");
        await towns.Locator(".apply-category").ClickAsync();
        await Expect(admin.Locator("#category-towns .category-units")).ToHaveTextAsync("参加考核的单位：城东街道、城西街道");

        // The departments: T1 is the towns' and cannot be ticked; D1 is.
        var depts = admin.Locator("#category-depts");
        await OpenAsync(depts.Locator("details.edit-category"));
        await Expect(depts.Locator("#c-depts-unit-T1")).ToBeDisabledAsync();
        await Expect(depts.Locator("label[for=c-depts-unit-T1]")).ToContainTextAsync("已在 镇街");
        await depts.GetByLabel("财政局").CheckAsync();
        await depts.Locator(".apply-category").ClickAsync();
        await Expect(admin.Locator("#category-depts .category-units")).ToHaveTextAsync("参加考核的单位：财政局");
        await Expect(admin.Locator("#check-ok")).ToHaveTextAsync("方案有效。");
        await Expect(admin.Locator("#warnings")).ToHaveCountAsync(0);
        await ScreenshotAsync(admin, "designer-desktop");

        // Defect 8: leaving with unsaved changes asks first (the dialog is dismissed: the admin stays).
        var dialogs = new List<string>();
        admin.Dialog += async (_, d) =>
        {
            dialogs.Add(d.Type);
            await d.DismissAsync();
        };
        await admin.Locator("nav[aria-label=breadcrumb] a").First.ClickAsync();
        await Expect(admin.Locator("#draft")).ToBeVisibleAsync();
        Assert.Equal(["beforeunload"], dialogs);
        Assert.EndsWith(Routes.Scheme(Org, Period) + "?start=empty&name=" + Uri.EscapeDataString("2027年第一季度综合考核"), admin.Url);

        // Saved as version 1 with the reason offered; after the save nothing warns.
        await Expect(admin.Locator("#Reason")).ToHaveValueAsync("新建考核方案");
        await BrowserApp.ClickToNewDocumentAsync(admin, admin.Locator("#save"));
        await Expect(admin.Locator("#saved")).ToHaveTextAsync("已保存为第 1 版。");
        await Expect(admin.Locator("#unsaved")).ToBeHiddenAsync();
        await BrowserApp.ClickToNewDocumentAsync(admin, admin.Locator("nav[aria-label=breadcrumb] a").First);
        Assert.Equal(["beforeunload"], dialogs);

        // The phone-sized designer.
        var phone = await browser.NewPageAsync(width: 390, height: 844);
        await BrowserApp.SignInAsync(phone, "nz-admin", Password, org: Org);
        await phone.GotoAsync(Routes.Scheme(Org, Period));
        await Expect(phone.Locator("#check-ok")).ToBeVisibleAsync();
        await ScreenshotAsync(phone, "designer-phone");

        // Two reporters enter and submit their figures.
        await EnterAsync("nz-t1", "T1", ("revenue", "110", "100"), ("service", "18", null), ("innovation", "2", null));
        await EnterAsync("nz-t2", "T2", ("revenue", "95", "100"), ("service", "19.5", null));

        // The admin approves each of them on the entry page of the unit.
        foreach (var (unit, indicators) in new[] { ("T1", new[] { "revenue", "service", "innovation" }), ("T2", new[] { "revenue", "service" }) })
        {
            await admin.GotoAsync(Routes.Entry(Org, Period) + "?unit=" + unit);
            foreach (var i in indicators)
            {
                await admin.Locator($"#approve-{unit}--{i}").ClickAsync();
                await Expect(admin.Locator($"#card-{unit}--{i}")).ToHaveAttributeAsync("data-state", "approved");
            }
        }

        // The preview ranks them. By hand (scoring.md §3–§5):
        //   service is a leaderRatio (折合分): the leader is T2's 19.5, so T1 = 20 × 18 / 19.5 = 18.4615… → 18.46, T2 = 20
        //   T1: revenue completion 110/100 = 1.1 < cap 1.2 → 80 × 110 / 100 = 88; service 18.46; bonus points min(3, 2) = 2
        //       composite 88 + 18.46 + 2 = 108.46 → rank 1, grade 优秀 (≥ 100, quota 1), 标兵 (top 1, ≥ 90), flag (rank 1, ≥ 100)
        //   T2: revenue 80 × 95 / 100 = 76; service 20; no bonus → composite 96 → rank 2, 良好, 黄牌 (bottom 1)
        //   D1: no datum for duty (missing: zero) → composite 0, rank 1 of the departments
        await admin.GotoAsync(Routes.Preview(Org, Period));
        var rows = admin.Locator("#results-towns tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0)).ToHaveAttributeAsync("data-unit", "T1");
        await Expect(rows.Nth(0)).ToHaveAttributeAsync("data-rank", "1");
        await Expect(rows.Nth(0)).ToHaveAttributeAsync("data-composite", "108.46");
        await Expect(rows.Nth(1)).ToHaveAttributeAsync("data-unit", "T2");
        await Expect(rows.Nth(1)).ToHaveAttributeAsync("data-rank", "2");
        await Expect(rows.Nth(1)).ToHaveAttributeAsync("data-composite", "96");
        await Expect(admin.Locator("#flag-holder-towns")).ToBeVisibleAsync();
        await Expect(admin.Locator("#results-depts tbody tr").First).ToHaveAttributeAsync("data-composite", "0");

        // The exported scheme file, scored by the real CLI, gives the same composites.
        var export = await admin.APIRequest.GetAsync($"{Routes.Schemes(Org)}?handler=Export&period={Period}");
        Assert.Equal(200, export.Status);
        var scored = SchemeTestSupport.Score(await export.TextAsync());
        var composites = scored.GetProperty("categories").EnumerateArray()
            .SelectMany(c => c.GetProperty("results").EnumerateArray())
            .ToDictionary(r => r.GetProperty("unit").GetString()!, r => (r.GetProperty("rank").GetInt32(), r.GetProperty("composite").GetDecimal()));
        Assert.Equal(new Dictionary<string, (int, decimal)> { ["T1"] = (1, 108.46m), ["T2"] = (2, 96m), ["D1"] = (1, 0m) }, composites);
        Assert.Equal("T1", scored.GetProperty("categories")[0].GetProperty("flag").GetProperty("holder").GetString());
    }

    private static async Task OpenAsync(ILocator details)
    {
        if (await details.GetAttributeAsync("open") is null) await details.Locator("summary").First.ClickAsync();
    }

    private static async Task AddCategoryAsync(IPage page, string id, string name)
    {
        await page.Locator("#n-id").FillAsync(id);
        await page.Locator("#n-name").FillAsync(name);
        await page.Locator("#add-category button[type=submit]").ClickAsync();
        await Expect(page.Locator($"#category-{id} .category-title")).ToContainTextAsync(name);
    }

    /// <summary>
    /// The indicator form (helper designer-ind's): the kind and the method each redraw the form with the fields they
    /// take, so they are picked first and waited for; then the id, name, weight, core duty and the method's numbers.
    /// </summary>
    private static async Task AddIndicatorAsync(IPage page, string category, string id, string name, string kind, string weight, bool core, string method, params (string Param, string Value)[] parameters)
    {
        var section = page.Locator($"#category-{category}");
        var details = section.Locator("details.add-indicator");
        await OpenAsync(details);
        var p = $"#a-{category}";
        if (await details.Locator($"{p}-kind").InputValueAsync() != kind)
        {
            await details.Locator($"{p}-kind").SelectOptionAsync(kind);
            await Expect(details.Locator($"{p}-method option[value={method}]")).ToHaveCountAsync(1);
        }
        // The kind's redraw may still be settling when the method is chosen (seen under CI's load: the choice went to a
        // form htmx had not taken up yet, and the page kept the kind's default method): choose again, only while the form
        // does not show it (Playwright's choice always fires change, and each change redraws the form).
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await details.Locator($"{p}-method").SelectOptionAsync(method);
            try
            {
                await Expect(details.Locator("input[name=f_shown]")).ToHaveValueAsync(method, new() { Timeout = 5_000 });
                break;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
            }
        }
        await Expect(details.Locator("input[name=f_shown]")).ToHaveValueAsync(method);
        await details.Locator($"{p}-id").FillAsync(id);
        await details.Locator($"{p}-name").FillAsync(name);
        await details.Locator($"{p}-weight").FillAsync(weight);
        if (core) await details.Locator($"{p}-core").CheckAsync();
        foreach (var (param, value) in parameters) await details.Locator($"{p}-{param}").FillAsync(value);
        await details.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator($"#category-{category} tr[data-indicator={id}]")).ToHaveCountAsync(1);
    }

    /// <summary>A reporter signs in and submits each figure (value, and target where the method takes one).</summary>
    private async Task EnterAsync(string user, string unit, params (string Indicator, string Value, string? Target)[] figures)
    {
        var page = await browser.NewPageAsync();
        await BrowserApp.SignInAsync(page, user, Password, org: Org);
        await page.GotoAsync(Routes.Entry(Org, Period));
        foreach (var (indicator, value, target) in figures)
        {
            var d = $"{unit}--{indicator}";
            await page.Locator($"#value-{d}").FillAsync(value);
            if (target is not null) await page.Locator($"#target-{d}").FillAsync(target);
            await page.Locator($"#submit-{d}").ClickAsync();
            await Expect(page.Locator($"#card-{d}")).ToHaveAttributeAsync("data-state", "submitted");
        }
        await page.Context.CloseAsync();
    }
}
