using System.Text.Json;
using Microsoft.Playwright;

namespace Pacesetter.Web.Tests.Browser;

/// <summary>The login page in a real Chromium: Chinese first, readable CJK glyphs, sign-in, the language switch.</summary>
public class LoginPageTests(BrowserApp browser) : IClassFixture<BrowserApp>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>The app is shared by the class: each test fails on its own pages' policy violations.</summary>
    public Task DisposeAsync() => browser.EnsureNoPolicyViolationsAsync();

    [BrowserFact]
    public async Task Login_page_renders_in_Chinese_with_CJK_glyphs()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/Login");

        Assert.Equal("登录", (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.Equal("zh-CN", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal("登录 · 对标争先", await page.TitleAsync());
        // With a CJK font the two characters are two different drawings; without one both are the same empty box.
        var glyphs = await page.EvaluateAsync<JsonElement>("""
            () => {
              const draw = ch => {
                const c = document.createElement('canvas'); c.width = 48; c.height = 48;
                const x = c.getContext('2d'); x.font = '40px sans-serif'; x.fillStyle = '#000'; x.fillText(ch, 4, 40);
                return Array.from(x.getImageData(0, 0, 48, 48).data);
              };
              const a = draw('登'), b = draw('录');
              return { inked: a.some(v => v !== 0), same: a.every((v, i) => v === b[i]) };
            }
            """);
        Assert.True(glyphs.GetProperty("inked").GetBoolean(), "登 drew nothing: no font for CJK text");
        Assert.False(glyphs.GetProperty("same").GetBoolean(), "登 and 录 drew the same box: no CJK font (apt-get install fonts-noto-cjk)");

        var file = Path.Combine(Path.GetTempPath(), $"pacesetter-login-{Guid.NewGuid():N}.png");
        try
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
            var size = new FileInfo(file).Length;
            Assert.InRange(size, 5_000, 5_000_000);
            // PACESETTER_SCREENSHOTS=folder keeps the picture, for a person to look at.
            if (Environment.GetEnvironmentVariable("PACESETTER_SCREENSHOTS") is { Length: > 0 } keep)
            {
                Directory.CreateDirectory(keep);
                File.Copy(file, Path.Combine(keep, "login.png"), overwrite: true);
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    [BrowserFact]
    public async Task Demo_admin_signs_in_through_the_form()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");
        Assert.Contains("/Account/Login", page.Url);
        // The only organization is filled in, named under its field, and the user name has the focus (ADR 0052).
        await Assertions.Expect(page.GetByLabel("组织标识", new() { Exact = true })).ToHaveValueAsync("demo");
        Assert.Equal("示范开发区", (await page.Locator("#Org-help").InnerTextAsync()).Trim());
        await Assertions.Expect(page.GetByLabel("用户名", new() { Exact = true })).ToBeFocusedAsync();

        await BrowserApp.SignInAsync(page, "admin", Demo.DemoData.Password);

        Assert.Equal(browser.Address.ToString(), page.Url);
        Assert.Contains("示范开发区", await page.Locator("nav .navbar-brand").InnerTextAsync());
        Assert.True(await page.GetByRole(AriaRole.Button, new() { Name = "退出", Exact = true }).IsVisibleAsync());
    }

    [BrowserFact]
    public async Task Language_switch_turns_the_pages_into_English_and_back()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/Login");

        await BrowserApp.ClickToNewDocumentAsync(page, page.Locator("#language-switch"));
        Assert.Contains("/Account/Login", page.Url);
        Assert.Equal("Sign in", (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));

        await BrowserApp.SignInAsync(page, "admin", Demo.DemoData.Password, "User name", "Password", "Sign in", orgLabel: "Organization");
        var signOut = page.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true });
        Assert.True(await signOut.IsVisibleAsync());

        await page.Locator("#language-switch").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "退出", Exact = true }).WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "退出", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/Account/Login**");
        Assert.Equal("登录", (await page.Locator("h1").InnerTextAsync()).Trim());
    }

    [BrowserFact]
    public async Task Wrong_password_shows_the_error_in_the_chosen_language()
    {
        var page = await browser.NewPageAsync();
        await BrowserApp.SignInAsync(page, "admin", "not the password");

        Assert.Equal("组织标识、用户名或密码不正确。", (await page.GetByRole(AriaRole.Alert).InnerTextAsync()).Trim());
        Assert.Contains("/Account/Login", page.Url);

        await BrowserApp.ClickToNewDocumentAsync(page, page.Locator("#language-switch"));
        Assert.Contains("/Account/Login", page.Url);
        await BrowserApp.SignInAsync(page, "admin", "still not the password", "User name", "Password", "Sign in", orgLabel: "Organization");

        Assert.Equal("The organization, user name or password is not right.", (await page.GetByRole(AriaRole.Alert).InnerTextAsync()).Trim());
    }
}
