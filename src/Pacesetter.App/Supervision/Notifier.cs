using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Accounts;
using Pacesetter.App.Supervision.Model;
using Pacesetter.App.Writes;

namespace Pacesetter.App.Supervision;

/// <summary>Who is told: a unit's reporters, the office (admins), the leaders, or named users — any combination.</summary>
public sealed record Audience(string? UnitReporters = null, bool Admins = false, bool Leaders = false, IReadOnlyList<string>? UserIds = null);

/// <summary>
/// Something people are told about. <paramref name="Key"/> makes it once-only per person (<c>overdue:{matter}:{step}:{deadline}</c>);
/// <paramref name="WebhookEvent"/> names the webhook event kind (<c>card</c>, <c>reminder</c>, <c>instruction</c>,
/// <c>overdue</c>, <c>bulletin</c>) or null when nothing goes out of the application.
/// </summary>
public sealed record NotificationEvent(NotificationKind Kind, Audience Audience, string Key, string TextZh, string TextEn,
    long? MatterId = null, string? CardId = null, long? RefId = null, string? WebhookEvent = null, JsonObject? Data = null);

/// <summary>
/// 通知 the one way supervision tells people (ADR 0032): in-app notifications for the audience and, for each enabled
/// webhook of the organization that takes the event, one outbox message — all in the caller's audited write, so a
/// message exists exactly when what it tells was committed. Delivery is the outbox dispatcher's.
/// </summary>
public static class Notifier
{
    /// <summary>Adds the notifications and outbox messages of <paramref name="e"/> to the open write; answers how many people were notified.</summary>
    public static async Task<int> NotifyInAsync(AuditedWrite w, NotificationEvent e, DateTimeOffset at)
    {
        var db = w.Db;
        var org = w.OrganizationId;
        var roles = db.Memberships.AsNoTracking().Where(m => m.OrganizationId == org);
        var users = new HashSet<string>(StringComparer.Ordinal);
        if (e.Audience.UnitReporters is { } unit)
        {
            users.UnionWith(await roles.Where(m => m.Role == OrgRole.Reporter && m.UnitCode == unit).Select(m => m.UserId).ToListAsync(w.Ct));
        }
        if (e.Audience.Admins) users.UnionWith(await roles.Where(m => m.Role == OrgRole.Admin).Select(m => m.UserId).ToListAsync(w.Ct));
        if (e.Audience.Leaders) users.UnionWith(await roles.Where(m => m.Role == OrgRole.Leader).Select(m => m.UserId).ToListAsync(w.Ct));
        if (e.Audience.UserIds is { } named) users.UnionWith(named);
        if (users.Count > 0)
        {
            var list = users.ToList();
            var already = await db.Notifications.AsNoTracking()
                .Where(n => n.OrganizationId == org && n.Key == e.Key && list.Contains(n.UserId)).Select(n => n.UserId).ToListAsync(w.Ct);
            users.ExceptWith(already);
            foreach (var user in users.Order(StringComparer.Ordinal))
            {
                db.Notifications.Add(new Notification
                {
                    OrganizationId = org,
                    UserId = user,
                    Kind = e.Kind,
                    MatterId = e.MatterId,
                    CardId = e.CardId,
                    RefId = e.RefId,
                    Key = e.Key,
                    TextZh = Clip(e.TextZh),
                    TextEn = Clip(e.TextEn),
                    At = at,
                });
            }
        }
        if (e.WebhookEvent is { } kind)
        {
            var endpoints = await db.WebhookEndpoints.AsNoTracking().Where(x => x.OrganizationId == org && x.Enabled).OrderBy(x => x.Id).ToListAsync(w.Ct);
            foreach (var endpoint in endpoints.Where(x => Takes(x, kind)))
            {
                var delivery = Guid.NewGuid();
                db.Outbox.Add(new OutboxMessage
                {
                    OrganizationId = org,
                    EndpointId = endpoint.Id,
                    DeliveryId = delivery,
                    Kind = kind,
                    Body = Payload(delivery, kind, e, at),
                    CreatedAt = at,
                    NextAttemptAt = at,
                });
            }
        }
        return users.Count;
    }

    /// <summary>Whether an endpoint takes an event kind: its list names it, or the list is empty (all).</summary>
    public static bool Takes(WebhookEndpoint endpoint, string kind)
    {
        var events = endpoint.Events.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return events.Length == 0 || events.Contains(kind, StringComparer.Ordinal);
    }

    /// <summary>
    /// The message as stored in the outbox, format-neutral: <c>{"deliveryId","kind","at","text","textEn","data"}</c>.
    /// The dispatcher turns it into the endpoint's format (plain JSON, DingTalk or WeCom) when it sends.
    /// </summary>
    private static string Payload(Guid delivery, string kind, NotificationEvent e, DateTimeOffset at)
    {
        var o = new JsonObject
        {
            ["deliveryId"] = delivery.ToString(),
            ["kind"] = kind,
            ["at"] = at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["text"] = e.TextZh,
            ["textEn"] = e.TextEn,
            ["data"] = e.Data?.DeepClone() ?? new JsonObject(),
        };
        return o.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static string Clip(string text) => text.Length <= InputLimits.Reason ? text : text[..InputLimits.Reason];
}
