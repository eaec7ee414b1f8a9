using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Pacesetter.Web.Tests.Supervision.Matters;

/// <summary>
/// The nav's unread count (通知 n) on every page of a member: a reminder to T1 shows as 1 on reporter.t1's pages, not on
/// another unit's reporter's; marking it read (an audited-write path of this instance) clears it on the next page at
/// once, though the count is remembered for a moment (ADR 0026).
/// </summary>
public sealed partial class NotificationBadgeTests
{
    [GeneratedRegex("""id="unread-badge">(\d+)<""")]
    private static partial Regex Badge();

    private static async Task<string?> BadgeOnAsync(TestApp app, string user, string path)
    {
        using var browser = await app.SignedIn(user, "Demo#2026pass");
        var response = await browser.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"nav-notifications\"", html);
        var m = Badge().Match(html);
        return m.Success ? m.Groups[1].Value : null;
    }

    [Fact]
    public async Task The_nav_shows_the_members_unread_count_and_clears_it_when_read()
    {
        await using var world = await MatterWorld.CreateAsync("Sqlite", new DateTimeOffset(2026, 11, 2, 2, 0, 0, TimeSpan.Zero));
        Assert.Null(await BadgeOnAsync(world.App, "reporter.t1", "/races"));
        await world.AcknowledgedAsync("N1", "T1", "2026-11-01", "2026-12-31");
        var before = await BadgeOnAsync(world.App, "reporter.t1", "/races");
        await world.Expect(HttpStatusCode.Created, "admin", "/tasks/N1/reminders", new { message = "请本周内报送进度" });
        var after = int.Parse(await BadgeOnAsync(world.App, "reporter.t1", "/races") ?? "0");
        Assert.Equal(int.Parse(before ?? "0") + 1, after);
        // reporter.t2 (another unit) was not reminded: its count did not move.
        Assert.Null(await BadgeOnAsync(world.App, "reporter.t2", "/races"));
        // Reading everything clears the badge on the very next page.
        using var api = await world.As("reporter.t1");
        var read = await api.PostAsync("/api/orgs/demo/notifications/read", JsonContent.Create(new { }));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Null(await BadgeOnAsync(world.App, "reporter.t1", "/races"));
    }
}
