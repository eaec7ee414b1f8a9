using Pacesetter.App.Supervision.Messages;
using Pacesetter.App.Writes;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages.Supervision.Messages;

/// <summary>
/// The signed-in member's unread notifications for the layout (the nav link and, on a phone, the menu button): read
/// once per request, remembered for a moment, never past a write of this instance (ADR 0026).
/// </summary>
public static class UnreadCount
{
    public static async Task<int> OfAsync(HttpContext http)
    {
        if (http.Items.TryGetValue(typeof(UnreadCount), out var known) && known is int n) return n;
        var actor = await http.GetActorAsync();
        var notifications = http.RequestServices.GetRequiredService<NotificationService>();
        var recent = http.RequestServices.GetRequiredService<RecentReads>();
        var unread = actor is null || !App.Supervision.SupervisionAccess.Supervises(actor)
            ? 0
            : await recent.GetAsync(("unread-notifications", actor.UserId), () => notifications.UnreadAsync(actor, http.RequestAborted));
        http.Items[typeof(UnreadCount)] = unread;
        return unread;
    }
}
