using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Accounts;
using Pacesetter.App.Audit;
using Pacesetter.App.Data;
using Pacesetter.App.Writes;
using Pacesetter.Web.Demo;
using Pacesetter.Web.Localization;
using static Pacesetter.Web.Tests.Organizations.OrgTestData;

namespace Pacesetter.Web.Tests.Localization;

/// <summary>Every time shown to a person is China time (UTC+8), written one way and labelled 北京时间 / Beijing time.</summary>
public partial class ChinaTimeTests
{
    // 15:05:09 UTC is 23:05:09 in Beijing (UTC+8), the same day; 16:30 UTC on 30 November is 00:30 on 1 December there.
    private static readonly DateTimeOffset Evening = new(2026, 11, 30, 15, 5, 9, 123, TimeSpan.Zero);
    private static readonly DateTimeOffset PastMidnight = new(2026, 11, 30, 16, 30, 0, TimeSpan.Zero);

    private static T InCulture<T>(string culture, Func<T> f)
    {
        var saved = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo(culture);
            return f();
        }
        finally
        {
            CultureInfo.CurrentUICulture = saved;
        }
    }

    [Fact]
    public void Show_writes_the_minute_on_Chinas_clock_with_the_label_in_the_requests_language()
    {
        Assert.Equal("2026-11-30 23:05 北京时间", InCulture("zh-CN", () => ChinaTime.Show(Evening)));
        Assert.Equal("2026-11-30 23:05 Beijing time", InCulture("en", () => ChinaTime.Show(Evening)));
        Assert.Equal("2026-12-01 00:30 北京时间", InCulture("zh-CN", () => ChinaTime.Show(PastMidnight)));
        // The same instant written with another offset is the same China time: 08:05:09 at UTC−7 = 15:05:09 UTC.
        Assert.Equal("2026-11-30 23:05 北京时间", InCulture("zh-CN", () => ChinaTime.Show(Evening.ToOffset(TimeSpan.FromHours(-7)))));
        Assert.Equal("—", ChinaTime.Show((DateTimeOffset?)null));
        Assert.Equal("2026-11-30 23:05:09 Beijing time", InCulture("en", () => ChinaTime.ShowSeconds(Evening)));
        Assert.Equal("2026-12-01", ChinaTime.Date(PastMidnight));
        Assert.Equal("<time datetime=\"2026-11-30T15:05:09Z\">2026-11-30 23:05:09 北京时间</time>",
            InCulture("zh-CN", () => Html(ChinaTime.Element(Evening, seconds: true))));
    }

    /// <summary>The HTML as the application writes it (Chinese as is, not as entities).</summary>
    private static string Html(Microsoft.AspNetCore.Html.IHtmlContent content)
    {
        using var w = new StringWriter();
        content.WriteTo(w, System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All));
        return w.ToString();
    }

    [Fact]
    public void Inputs_are_read_and_filled_in_China_time()
    {
        // 18:00 in Beijing is 10:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 12, 10, 10, 0, 0, TimeSpan.Zero), ChinaTime.ParseInput("2026-12-10T18:00"));
        Assert.Equal(new DateTimeOffset(2026, 12, 10, 10, 0, 30, TimeSpan.Zero), ChinaTime.ParseInput("2026-12-10T18:00:30"));
        Assert.Null(ChinaTime.ParseInput("2026-12-10"));
        Assert.Null(ChinaTime.ParseInput("tomorrow"));
        Assert.Null(ChinaTime.ParseInput(null));
        Assert.Equal("2026-12-01T00:30", ChinaTime.Input(PastMidnight));
    }

    [Fact]
    public async Task The_audit_view_shows_a_known_instant_in_China_time_to_the_second()
    {
        using var app = new TestApp();
        var org = await NewOrganization(app, "dz");
        await User(app, org, "boss", Role(OrgRole.Admin));
        await using (var db = app.NewDb())
        {
            await new OrgWriter(db).RunAsync(org, "boss", async w =>
            {
                var entry = await w.Audit("unit.create", "unit", "T1", after: """{"code":"T1"}""");
                entry.At = Evening;
                entry.Hash = AuditLog.HashOf(entry, w.Key);
                return WriteOutcome<int>.Ok(0);
            });
        }
        var client = await app.SignedIn("boss", Password);

        var chinese = new HtmlParser().ParseDocument(await client.GetStringAsync(Routes.Audit("dz")));
        await client.GetAsync("/culture/en");
        var english = new HtmlParser().ParseDocument(await client.GetStringAsync(Routes.Audit("dz")));

        var time = chinese.QuerySelector("#audit tbody tr time")!;
        Assert.Equal(("2026-11-30T15:05:09Z", "2026-11-30 23:05:09 北京时间"), (time.GetAttribute("datetime"), time.TextContent));
        Assert.Equal("2026-11-30 23:05:09 Beijing time", english.QuerySelector("#audit tbody tr time")!.TextContent);
    }

    [Fact]
    public async Task The_token_list_shows_created_and_last_used_in_China_time()
    {
        using var app = new TestApp();
        var org = await NewOrganization(app, "dz");
        await User(app, org, "rep", Role(OrgRole.Reporter, unit: "T1"));
        var client = await app.SignedIn("rep", Password);
        Assert.Equal(HttpStatusCode.OK, (await Post(client, Routes.Tokens("dz"), "Create", new() { ["name"] = "脚本" })).StatusCode);
        int id;
        await using (var db = app.NewDb())
        {
            var row = await db.ApiTokens.SingleAsync();
            (row.CreatedAt, row.LastUsedAt, id) = (Evening, PastMidnight, row.Id);
            await db.SaveChangesAsync();
        }

        var html = new HtmlParser().ParseDocument(await client.GetStringAsync(Routes.Tokens("dz")));

        var cells = html.QuerySelector($"#token-{id}")!.Children.Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(("2026-11-30 23:05 北京时间", "2026-12-01 00:30 北京时间", "—"), (cells[3], cells[4], cells[5]));
    }

    [GeneratedRegex(@"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\s+\d{1,2}:\d{2}(:\d{2})?(?<after>.{0,12})")]
    private static partial Regex ShownTime();

    [Fact]
    public async Task Every_time_on_the_demos_pages_is_labelled_China_time()
    {
        using var app = new TestApp(demo: true);
        var admin = await app.SignedIn("admin", DemoData.Password);
        string[] pages =
        [
            Routes.Schemes(DemoData.Slug), Routes.Scheme(DemoData.Slug, DemoData.DraftPeriod), Routes.Audit(DemoData.Slug),
            Routes.Entry(DemoData.Slug, DemoData.DraftPeriod) + "?unit=T1", Routes.Matrix(DemoData.Slug, DemoData.DraftPeriod),
            "/platform/organizations",
        ];
        var failures = new List<string>();
        foreach (var page in pages)
        {
            var html = new HtmlParser().ParseDocument(await admin.GetStringAsync(page));
            foreach (var hidden in html.QuerySelectorAll("script, textarea, pre").ToList()) hidden.Remove();
            var times = ShownTime().Matches(html.Body!.TextContent).ToList();
            if (times.Count == 0) failures.Add($"{page}: no time shown");
            failures.AddRange(times.Where(m => !m.Groups["after"].Value.StartsWith(" 北京时间", StringComparison.Ordinal)).Select(m => $"{page}: {m.Value}"));
        }
        Assert.Empty(failures);
    }

    [Fact]
    public void No_page_or_view_writes_a_time_itself()
    {
        var web = Path.Combine(Root(), "src", "Pacesetter.Web");
        var own = Path.Combine(web, "Localization", "ChinaTime.cs");
        var found = new List<string>();
        foreach (var file in Sources(web).Where(f => f != own))
        {
            var text = File.ReadAllText(file);
            foreach (var pattern in new[] { "ToLocalTime(", "ToOffset(", "TimeZoneInfo" }) if (text.Contains(pattern, StringComparison.Ordinal)) found.Add($"{Path.GetRelativePath(web, file)}: {pattern}");
            // A view formats no date itself (ToString("yyyy…") / ("HH…"), nor the "g"/"f" patterns); ChinaTime does.
            if (file.EndsWith(".cshtml", StringComparison.Ordinal) && Regex.IsMatch(text, """ToString\("(yyyy|HH|[gGfFdDtTuUsOo]")""")) found.Add($"{Path.GetRelativePath(web, file)}: formats a time");
        }
        Assert.Empty(found);
    }

    /// <summary>The C# and Razor sources under a folder (not bin/ or obj/).</summary>
    internal static IEnumerable<string> Sources(string folder) =>
        Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    internal static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Pacesetter.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("the repository root (Pacesetter.slnx) is not above " + AppContext.BaseDirectory);
    }
}
