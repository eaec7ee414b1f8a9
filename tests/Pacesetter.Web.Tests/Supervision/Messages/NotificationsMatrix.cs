using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Supervision.Model;
using Pacesetter.Web.Tests.Authorization;
using static Pacesetter.Web.Tests.Authorization.AuthorizationTable;
using static Pacesetter.Web.Tests.Authorization.Expect;

namespace Pacesetter.Web.Tests.Supervision.Messages;

/// <summary>
/// The authorization matrix's rows of the notifications endpoints (added to <see cref="AuthorizationTable.Operations"/>):
/// every member reads and marks its own notifications, in its own organization (the other organization's admin its own).
/// </summary>
public static class NotificationsMatrix
{
    private static string OrgOf(Ctx c) => c.Caller == Caller.OtherOrgAdmin ? AuthzWorld.OtherOrg : AuthzWorld.Org;

    /// <summary>The caller's user id (null for the anonymous caller).</summary>
    private static async Task<(string? Id, int Org)> CallerAsync(Ctx c)
    {
        var user = AuthzWorld.UserOf(c.Caller);
        if (user is null) return (null, 0);
        await using var db = c.World.App.NewDb();
        var row = await db.Users.Where(u => u.UserName == user).Select(u => new { u.Id, u.OrganizationId }).SingleAsync();
        return (row.Id, row.OrganizationId);
    }

    /// <summary>One unread notification for the caller.</summary>
    private static async Task UnreadForCallerAsync(Ctx c)
    {
        var (id, org) = await CallerAsync(c);
        if (id is null) return;
        await using var db = c.World.App.NewDb();
        db.Notifications.Add(new Notification
        {
            OrganizationId = org,
            UserId = id,
            Kind = NotificationKind.Reminder,
            Key = "authz:" + Guid.NewGuid(),
            TextZh = "授权测试通知",
            TextEn = "Authorization test notification",
            At = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
    }

    private static async Task<string> UnreadOfCallerAsync(Ctx c)
    {
        var (id, _) = await CallerAsync(c);
        await using var db = c.World.App.NewDb();
        return $"{await db.Notifications.CountAsync(n => n.UserId == id && n.ReadAt == null)} unread";
    }

    public static IReadOnlyList<Operation> Rows { get; } =
    [
        new()
        {
            Route = "/api/orgs/{org}/notifications", Method = "GET", Expected = All(E401, Ok, Ok, Ok, Ok, Ok),
            Address = c => $"/api/orgs/{OrgOf(c)}/notifications",
        },
        new()
        {
            Route = "/api/orgs/{org}/notifications/read", Method = "POST", Expected = All(E401, Ok, Ok, Ok, Ok, Ok),
            Arrange = UnreadForCallerAsync, Address = c => $"/api/orgs/{OrgOf(c)}/notifications/read",
            Body = _ => Task.FromResult<object>(new { }),
            State = UnreadOfCallerAsync,
        },
        new()
        {
            Route = "/orgs/{org}/notifications", Method = "GET", Expected = All(Login, Ok, Ok, Ok, Ok, Ok),
            Address = c => $"/orgs/{OrgOf(c)}/notifications",
        },
        new()
        {
            Route = "/orgs/{org}/notifications", Method = "POST", Handler = "Read", Expected = All(Login, Found, Found, Found, Found, Found),
            Arrange = UnreadForCallerAsync, Address = c => $"/orgs/{OrgOf(c)}/notifications",
            State = UnreadOfCallerAsync,
        },
    ];
}
