using Pacesetter.App.Data;

namespace Pacesetter.App.Supervision.Messages;

/// <summary>Delivers the webhook outbox: the oldest undelivered message of each endpoint first, with retries.</summary>
public sealed class OutboxDispatcher(PacesetterDb db, IHttpClientFactory http, TimeProvider clock)
{
    /// <summary>Sends what is due now; answers how many messages were delivered.</summary>
    public Task<int> DispatchDueAsync(CancellationToken ct) => throw new NotImplementedException($"{db}{http}{clock}{ct}");
}
