using Pacesetter.App.Data;

namespace Pacesetter.App.Supervision.Messages;

/// <summary>In-app notifications: the unread count, the list, marking read, and the scan that tells of due and overdue steps.</summary>
public sealed class NotificationService(PacesetterDb db, TimeProvider clock)
{
    /// <summary>Adds the due and overdue notifications of pending steps (once each, by key); answers how many were added.</summary>
    public Task<int> ScanDeadlinesAsync(CancellationToken ct) => throw new NotImplementedException($"{db}{clock}{ct}");
}
