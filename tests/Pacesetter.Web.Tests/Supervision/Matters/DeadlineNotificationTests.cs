using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Supervision.Messages;
using Pacesetter.App.Supervision.Model;

namespace Pacesetter.Web.Tests.Supervision.Matters;

/// <summary>
/// The deadline scan (ADR 0032): a pending step is told as due a day before its deadline and as overdue after it, each
/// once however often the scan runs; reminders, instructions and overdue steps reach the webhooks that take them, once.
/// </summary>
public sealed class DeadlineNotificationTests
{
    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Due_and_overdue_are_told_once_each_and_reach_the_webhooks_taking_them(string provider)
    {
        // Monday 2026-11-02 10:00 Beijing: 签收 is due at 00:00 Wednesday Beijing = 2026-11-03T16:00:00Z.
        await using var world = await MatterWorld.CreateAsync(provider, new DateTimeOffset(2026, 11, 2, 2, 0, 0, TimeSpan.Zero));
        await using (var db = world.App.NewDb())
        {
            db.WebhookEndpoints.Add(new WebhookEndpoint { OrganizationId = world.OrganizationId, Name = "督查群", Url = "https://example.org/hook", Format = WebhookFormat.Json, Events = "reminder,overdue", Enabled = true, CreatedBy = "admin", CreatedAt = world.Clock.GetUtcNow(), Version = 1 });
            db.WebhookEndpoints.Add(new WebhookEndpoint { OrganizationId = world.OrganizationId, Name = "停用", Url = "https://example.org/off", Format = WebhookFormat.Json, Events = "", Enabled = false, CreatedBy = "admin", CreatedAt = world.Clock.GetUtcNow(), Version = 1 });
            await db.SaveChangesAsync();
        }
        await world.Expect(HttpStatusCode.Created, "admin", "/tasks", new { id = "N1", name = "背街小巷整治", kind = "assigned", unit = "T1", start = "2026-11-01", due = "2026-12-31" });
        await world.Expect(HttpStatusCode.Created, "leader", "/tasks/N1/steps", new { step = "approve" });
        var assigned = await world.Expect(HttpStatusCode.Created, "admin", "/tasks/N1/steps", new { step = "assign" });
        Assert.Equal("2026-11-03T16:00:00Z", assigned.GetProperty("next").GetProperty("deadline").GetString());

        Task<int> Scan() => world.With(sp => sp.GetRequiredService<NotificationService>().ScanDeadlinesAsync(CancellationToken.None));
        async Task<List<string>> Kinds(NotificationKind kind)
        {
            await using var db = world.App.NewDb();
            var users = db.Users.Select(u => new { u.Id, u.UserName });
            return await db.Notifications.Where(n => n.Kind == kind).Join(users, n => n.UserId, u => u.Id, (n, u) => u.UserName!).OrderBy(n => n).ToListAsync();
        }
        async Task<List<string>> Outbox()
        {
            await using var db = world.App.NewDb();
            return await db.Outbox.OrderBy(o => o.Id).Select(o => o.Kind).ToListAsync();
        }

        // Monday 18:00 Beijing: more than a day before the deadline — nothing yet.
        world.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, await Scan());
        // Tuesday 08:00 Beijing (2026-11-03T00:00Z): within a day — due, to the unit's reporter and the office, once.
        world.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 3, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(2, await Scan());
        Assert.Equal(0, await Scan());
        Assert.Equal(["admin", "reporter.t1"], await Kinds(NotificationKind.StepDue));
        Assert.Empty(await Outbox());
        // Wednesday 01:00 Beijing: overdue, once; the webhook taking "overdue" gets one message, the disabled one none.
        world.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 3, 17, 0, 0, TimeSpan.Zero));
        Assert.Equal(2, await Scan());
        Assert.Equal(0, await Scan());
        Assert.Equal(["admin", "reporter.t1"], await Kinds(NotificationKind.StepOverdue));
        Assert.Equal(["overdue"], await Outbox());
        var overdue = await world.Get("admin", "/tasks/N1");
        Assert.True(overdue.GetProperty("next").GetProperty("overdue").GetBoolean());

        // A reminder goes to the webhook (it takes "reminder"); an instruction does not (it does not take "instruction").
        await world.Expect(HttpStatusCode.Created, "admin", "/tasks/N1/reminders", new { message = "请今天内签收" });
        await world.Expect(HttpStatusCode.Created, "leader", "/tasks/N1/instructions", new { text = "抓紧落实" });
        Assert.Equal(["overdue", "reminder"], await Outbox());
        Assert.Equal(["reporter.t1"], await Kinds(NotificationKind.Reminder));
        Assert.Equal(["reporter.t1"], await Kinds(NotificationKind.Instruction));
        await using var check = world.App.NewDb();
        var body = await check.Outbox.OrderBy(o => o.Id).Select(o => o.Body).LastAsync();
        Assert.Contains("\"text\":\"督查室催办“背街小巷整治”：请今天内签收\"", body);

        // Once acknowledged, the scan has nothing more to tell about 签收.
        await world.Expect(HttpStatusCode.Created, "reporter.t1", "/tasks/N1/steps", new { step = "acknowledge" });
        Assert.Equal(0, await Scan());
    }
}
