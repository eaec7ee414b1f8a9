using System.Text;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Data;
using Pacesetter.App.Supervision.Model;
using Pacesetter.App.Writes;

namespace Pacesetter.App.Supervision.Messages;

/// <summary>
/// Delivers the webhook outbox (ADR 0032): for each enabled endpoint its oldest undelivered message first, then the
/// next, in order — a message that fails blocks its endpoint until it is delivered or given up, so a receiver sees the
/// messages in the order they were written. A failed attempt (an answer other than 2xx, a robot's <c>errcode ≠ 0</c>,
/// a timeout or a network fault, after the HTTP client's own resilience handler has retried the transient ones) is
/// tried again 30 s × 2ⁿ later (at most 1 h apart) for 7 days, then marked failed (shown on the webhooks page with
/// a retry button). Every attempt of a message carries the same delivery id. At least once: a receiver drops repeats
/// by <c>X-Pacesetter-Delivery</c>.
/// </summary>
public sealed class OutboxDispatcher(PacesetterDb db, IHttpClientFactory http, TimeProvider clock, Operations.PacesetterMetrics? metrics = null)
{
    /// <summary>The named HTTP client (registered with its resilience handler by the web host).</summary>
    public const string Client = "webhooks";

    /// <summary>The actor of the delivery bookkeeping.</summary>
    public const string Actor = "system:webhooks";

    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromHours(1);
    public static readonly TimeSpan RetryFor = TimeSpan.FromDays(7);

    /// <summary>How many messages of one endpoint one run sends at most (the next run goes on).</summary>
    public const int PerEndpoint = 100;

    private readonly OrgWriter writer = new(db);

    /// <summary>The wait after the <paramref name="attempts"/>-th failed attempt: 30 s, 1 min, 2 min, … at most 1 h.</summary>
    public static TimeSpan Delay(int attempts)
    {
        var n = Math.Clamp(attempts - 1, 0, 20);
        var seconds = FirstDelay.TotalSeconds * Math.Pow(2, n);
        return seconds >= MaxDelay.TotalSeconds ? MaxDelay : TimeSpan.FromSeconds(seconds);
    }

    /// <summary>Whether the waits after <paramref name="attempts"/> failed attempts add up to the 7 days of retries (the message is then failed).</summary>
    public static bool GivesUp(int attempts)
    {
        var total = TimeSpan.Zero;
        for (var n = 1; n <= attempts; n++) total += Delay(n);
        return total >= RetryFor;
    }

    /// <summary>Sends what is due now; answers how many messages were delivered.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var endpoints = await db.WebhookEndpoints.AsNoTracking()
            .Where(e => e.Enabled && db.Outbox.Any(m => m.EndpointId == e.Id && m.DeliveredAt == null && m.FailedAt == null))
            .OrderBy(e => e.Id).ToListAsync(ct);
        if (endpoints.Count == 0) return 0;
        var orgIds = endpoints.Select(e => e.OrganizationId).Distinct().ToList();
        var slugs = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Slug, ct);
        var delivered = 0;
        foreach (var endpoint in endpoints)
        {
            for (var n = 0; n < PerEndpoint; n++)
            {
                var message = await db.Outbox.AsNoTracking()
                    .Where(m => m.EndpointId == endpoint.Id && m.DeliveredAt == null && m.FailedAt == null)
                    .OrderBy(m => m.Id).FirstOrDefaultAsync(ct);
                // The oldest undelivered message decides: not due yet, the endpoint waits (order is kept).
                if (message is null || message.NextAttemptAt > now) break;
                var result = await SendAsync(endpoint, message, slugs.GetValueOrDefault(endpoint.OrganizationId, ""), ct);
                if (result == Result.Delivered) delivered++;
                // A message to try again later blocks its endpoint; one given up (failed) lets the next one go.
                else if (result == Result.Later) break;
            }
        }
        return delivered;
    }

    private enum Result { Delivered, Later, GivenUp }

    private async Task<Result> SendAsync(WebhookEndpoint endpoint, OutboxMessage message, string organization, CancellationToken ct)
    {
        var request = WebhookFormats.Render(endpoint, message.Body, organization, clock.GetUtcNow());
        int? status = null;
        string? error;
        bool ok;
        try
        {
            using var post = new HttpRequestMessage(HttpMethod.Post, request.Url)
            {
                Content = new StringContent(request.Body, Encoding.UTF8, "application/json"),
            };
            post.Headers.Add("X-Pacesetter-Delivery", request.DeliveryId.ToString());
            post.Headers.Add("X-Pacesetter-Event", request.Kind);
            using var response = await http.CreateClient(Client).SendAsync(post, ct);
            status = (int)response.StatusCode;
            var answer = await response.Content.ReadAsStringAsync(ct);
            (ok, error) = WebhookFormats.Accepted(endpoint.Format, status.Value, WebhookFormats.Clip(answer, 4000));
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is HttpRequestException or TaskCanceledException or TimeoutException
            or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException or InvalidOperationException)
        {
            ok = false;
            error = e is TaskCanceledException or Polly.Timeout.TimeoutRejectedException ? "timeout" : e.GetType().Name + ": " + e.Message;
        }
        error = error is null ? null : WebhookFormats.Clip(WebhookFormats.MaskIn(WebhookFormats.MaskIn(error, request.Url), endpoint.Url), 1000);
        var at = clock.GetUtcNow();
        var outcome = await writer.RunAsync(message.OrganizationId, Actor, async w =>
        {
            var row = await db.Outbox.SingleOrDefaultAsync(m => m.Id == message.Id, w.Ct);
            // Removed with its endpoint, or recorded by another instance: nothing to do.
            if (row is null || row.DeliveredAt is not null) return WriteOutcome<Result>.Ok(ok ? Result.Delivered : Result.Later);
            row.Attempts++;
            row.LastStatus = status;
            row.LastError = error;
            if (ok)
            {
                row.DeliveredAt = at;
                return WriteOutcome<Result>.Ok(Result.Delivered);
            }
            if (GivesUp(row.Attempts))
            {
                row.FailedAt = at;
                return WriteOutcome<Result>.Ok(Result.GivenUp);
            }
            row.NextAttemptAt = at + Delay(row.Attempts);
            return WriteOutcome<Result>.Ok(Result.Later);
        }, ct: CancellationToken.None);
        if (!outcome.IsOk) return Result.Later;
        if (ok) metrics?.WebhookDelivered();
        else metrics?.WebhookFailed(outcome.Value == Result.GivenUp);
        return outcome.Value;
    }
}
