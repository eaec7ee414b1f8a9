using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Access;
using Pacesetter.App.Data;
using Pacesetter.App.Supervision.Matters;
using Pacesetter.App.Supervision.Model;
using Pacesetter.App.Time;
using Pacesetter.App.Writes;

namespace Pacesetter.App.Supervision.Messages;

/// <summary>
/// In-app notifications (ADR 0032): the unread count, the list, marking read (each person their own), and the scan
/// that tells of due and overdue steps — a day before a pending step's deadline (<see cref="NotificationKind.StepDue"/>)
/// and once it has passed (<see cref="NotificationKind.StepOverdue"/>, also to the webhooks taking <c>overdue</c>),
/// once each: the notification's key names the matter, the step and its deadline, so a second scan adds nothing.
/// Marking read is the person's own bookkeeping, written through <see cref="OrgWriter"/> without an audit row.
/// </summary>
public sealed class NotificationService(PacesetterDb db, TimeProvider clock)
{
    /// <summary>How long before a deadline its step is told as due.</summary>
    public static readonly TimeSpan DueNotice = TimeSpan.FromDays(1);

    /// <summary>The most notifications a list shows (newest first).</summary>
    public const int ListLimit = 200;

    private IQueryable<Notification> Own(Actor a) => db.Notifications.AsNoTracking().Where(n => n.OrganizationId == a.OrganizationId && n.UserId == a.UserId);

    /// <summary>How many of <paramref name="a"/>'s notifications are unread.</summary>
    public Task<int> UnreadAsync(Actor a, CancellationToken ct = default) => Own(a).CountAsync(n => n.ReadAt == null, ct);

    /// <summary><paramref name="a"/>'s notifications, newest first (by id: SQLite does not order instants) (unread only when asked), at most <see cref="ListLimit"/>.</summary>
    public Task<List<Notification>> ListAsync(Actor a, bool unreadOnly, CancellationToken ct = default) =>
        (unreadOnly ? Own(a).Where(n => n.ReadAt == null) : Own(a)).OrderByDescending(n => n.Id).Take(ListLimit).ToListAsync(ct);

    /// <summary>The codes of the matters the notifications name (id → code).</summary>
    public async Task<Dictionary<long, string>> MatterCodesAsync(int org, IEnumerable<long?> ids, CancellationToken ct = default)
    {
        var list = ids.Where(i => i is not null).Select(i => i!.Value).Distinct().ToList();
        return await db.Matters.AsNoTracking().Where(m => m.OrganizationId == org && list.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Code, ct);
    }

    /// <summary>Marks <paramref name="a"/>'s notifications read: those of <paramref name="ids"/> (others' ids are ignored), or all when null; answers how many changed.</summary>
    public async Task<WriteOutcome<int>> MarkReadAsync(Actor a, IReadOnlyList<long>? ids, CancellationToken ct = default)
    {
        if (ids is { Count: > 1000 }) return WriteOutcome<int>.Invalid("$.ids", "at most 1000 ids at once", "一次最多 1000 个");
        return await new OrgWriter(db).RunAsync(a.OrganizationId, a.UserName, async w =>
        {
            var q = db.Notifications.Where(n => n.OrganizationId == a.OrganizationId && n.UserId == a.UserId && n.ReadAt == null);
            if (ids is not null) q = q.Where(n => ids.Contains(n.Id));
            var rows = await q.ToListAsync(ct);
            var now = clock.GetUtcNow();
            foreach (var n in rows) n.ReadAt = now;
            return WriteOutcome<int>.Ok(rows.Count);
        }, ct: ct);
    }

    /// <summary>Adds the due and overdue notifications of pending steps (once each, by key); answers how many were added.</summary>
    public async Task<int> ScanDeadlinesAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var horizon = now + DueNotice;
        var pending = await db.Matters.AsNoTracking()
            .Where(m => m.NextDeadline != null && m.NextStep != null && m.State != MatterState.Closed)
            .Select(m => new { m.Id, m.OrganizationId, m.Code, m.Name, m.UnitCode, m.NextStep, m.NextDeadline })
            .ToListAsync(ct);
        // The instants compare in memory: SQLite keeps them as text.
        var due = pending.Where(m => m.NextDeadline!.Value <= horizon).OrderBy(m => m.OrganizationId).ThenBy(m => m.Id).ToList();
        var added = 0;
        foreach (var org in due.GroupBy(m => m.OrganizationId))
        {
            var outcome = await new OrgWriter(db).RunAsync(org.Key, "system:deadlines", async w =>
            {
                var n = 0;
                foreach (var m in org)
                {
                    var deadline = m.NextDeadline!.Value;
                    var step = m.NextStep!.Value;
                    var overdue = now > deadline;
                    var key = $"{(overdue ? "overdue" : "due")}:{m.Id}:{MatterNames.Of(step)}:{deadline.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}";
                    if (await db.Notifications.AnyAsync(x => x.OrganizationId == org.Key && x.Key == key, ct)) continue;
                    // The unit's steps go to its reporters and the office; the office's own to the office.
                    var unitStep = step is StepKind.Acknowledge or StepKind.Start or StepKind.Feedback;
                    var audience = new Audience(UnitReporters: unitStep ? m.UnitCode : null, Admins: true);
                    var at = WorkingDays.ShowDeadline(deadline);
                    var e = overdue
                        ? new NotificationEvent(NotificationKind.StepOverdue, audience, key,
                            $"督办事项“{m.Name}”的“{MatterNames.Chinese(step)}”已逾期（期限：北京时间 {at}）",
                            $"\"{MatterNames.English(step)}\" of the matter \"{m.Name}\" is overdue (deadline {at} Beijing time)",
                            MatterId: m.Id, WebhookEvent: "overdue",
                            Data: new() { ["task"] = m.Code, ["unit"] = m.UnitCode, ["step"] = MatterNames.Of(step), ["deadline"] = deadline.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) })
                        : new NotificationEvent(NotificationKind.StepDue, audience, key,
                            $"督办事项“{m.Name}”的“{MatterNames.Chinese(step)}”将于北京时间 {at} 到期",
                            $"\"{MatterNames.English(step)}\" of the matter \"{m.Name}\" is due by {at} Beijing time",
                            MatterId: m.Id);
                    n += await Notifier.NotifyInAsync(w, e, now);
                }
                return WriteOutcome<int>.Ok(n);
            }, ct: ct);
            added += outcome.IsOk ? outcome.Value : 0;
        }
        return added;
    }
}
