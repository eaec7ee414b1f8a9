using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Access;
using Pacesetter.App.Supervision.Messages;
using Pacesetter.App.Supervision.Model;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Pages.Supervision.Matters;

namespace Pacesetter.Web.Pages.Supervision.Messages;

/// <summary>通知 the signed-in member's own notifications, newest first, with "mark read" (one or all). Every member.</summary>
public sealed class NotificationsModel(NotificationService notifications, IStringLocalizer<MattersText> text) : PageModel
{
    [FromRoute] public string Org { get; set; } = "";
    [TempData] public string? Done { get; set; }

    public Actor Actor { get; private set; } = null!;
    public List<Notification> Items { get; private set; } = [];
    public Dictionary<long, string> Codes { get; private set; } = [];
    public int Unread { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null) return NotFound();
        Actor = actor;
        Items = await notifications.ListAsync(actor, false, HttpContext.RequestAborted);
        Codes = await notifications.MatterCodesAsync(actor.OrganizationId, Items.Select(n => n.MatterId), HttpContext.RequestAborted);
        Unread = await notifications.UnreadAsync(actor, HttpContext.RequestAborted);
        return Page();
    }

    /// <summary>Marks one notification read (<paramref name="id"/>) or all of the member's.</summary>
    public async Task<IActionResult> OnPostReadAsync(long? id)
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null) return NotFound();
        var outcome = await notifications.MarkReadAsync(actor, id is { } one ? [one] : null, HttpContext.RequestAborted);
        Done = text["Notifications.Done", outcome.IsOk ? outcome.Value : 0];
        return Redirect(SupervisionRoutes.Notifications(Org));
    }
}
