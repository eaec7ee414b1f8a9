using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Access;
using Pacesetter.App.Data;
using Pacesetter.App.Organizations;
using Pacesetter.App.Supervision.Model;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;

namespace Pacesetter.App.Supervision.Messages;

/// <summary>An endpoint as typed: <paramref name="Secret"/> null keeps the stored one, "" removes it.</summary>
public sealed record WebhookInput(string? Name, string? Url, string? Format, string? Secret, IReadOnlyList<string>? Events, bool? Enabled);

/// <summary>A delivery's state as shown: <c>pending</c>, <c>delivered</c> or <c>failed</c>.</summary>
public static class DeliveryState
{
    public static string Of(OutboxMessage m) => m.DeliveredAt is not null ? "delivered" : m.FailedAt is not null ? "failed" : "pending";
}

/// <summary>
/// The organization's outgoing webhooks (ADR 0032), the office's: list, add, change, remove, send a test message, the
/// deliveries and their retry. The secret and the keys in a robot's address are never answered (masked) nor audited.
/// </summary>
public sealed class WebhookService(PacesetterDb db, TimeProvider clock)
{
    private readonly OrgWriter writer = new(db);

    public static readonly OrgRules.Field NameField = new("名称", "Name");

    /// <summary>The endpoints of the actor's organization, or null when the actor is not its office.</summary>
    public async Task<List<WebhookEndpoint>?> ListAsync(Actor a, CancellationToken ct)
    {
        if (!SupervisionAccess.Manages(a)) return null;
        return await db.WebhookEndpoints.AsNoTracking().Where(x => x.OrganizationId == a.OrganizationId).OrderBy(x => x.Id).ToListAsync(ct);
    }

    public async Task<WriteOutcome<WebhookEndpoint>> GetAsync(Actor a, int id, CancellationToken ct)
    {
        if (!SupervisionAccess.Manages(a)) return WriteOutcome<WebhookEndpoint>.Forbidden();
        var e = await db.WebhookEndpoints.AsNoTracking().SingleOrDefaultAsync(x => x.OrganizationId == a.OrganizationId && x.Id == id, ct);
        return e is null ? WriteOutcome<WebhookEndpoint>.NotFound() : WriteOutcome<WebhookEndpoint>.Ok(e);
    }

    /// <summary>Every problem of the input (JSON paths); the format parsed.</summary>
    public static List<Problem> Check(WebhookInput i, bool creating, WebhookEndpoint? current, out WebhookFormat format)
    {
        var problems = new List<Problem>();
        format = current?.Format ?? WebhookFormat.Json;
        if (OrgRules.CheckName("$.name", NameField, i.Name?.Trim()) is { } badName) problems.Add(badName);
        var url = i.Url?.Trim() ?? "";
        if (url.Length == 0) problems.Add(new Problem("$.url", "the address is required", "请填写地址"));
        else if (url.Length > InputLimits.Url) problems.Add(new Problem("$.url", $"at most {InputLimits.Url} characters", $"不得超过 {InputLimits.Url} 个字符"));
        else if (!WebhookFormats.Allowed(url, out _))
        {
            problems.Add(new Problem("$.url", "must be an https:// address (http only to this machine: 127.0.0.1, localhost)",
                "须为 https:// 地址（http 仅限本机：127.0.0.1、localhost）"));
        }
        if (i.Format is null && creating) format = WebhookFormat.Json;
        else if (i.Format is not null)
        {
            if (WebhookFormats.Parse(i.Format) is { } f) format = f;
            else problems.Add(new Problem("$.format", $"must be json, dingtalk or wecom, not \"{WebhookFormats.Clip(i.Format, 40)}\"", $"须为 json、dingtalk 或 wecom，而不是“{WebhookFormats.Clip(i.Format, 40)}”"));
        }
        if (i.Secret is { Length: > 0 } s && (s.Length > InputLimits.Name || InputLimits.HasControl(s)))
        {
            problems.Add(new Problem("$.secret", $"at most {InputLimits.Name} characters, no control characters", $"不得超过 {InputLimits.Name} 个字符，且不含控制字符"));
        }
        if (i.Events is { } events)
        {
            for (var n = 0; n < events.Count; n++)
            {
                if (!WebhookFormats.Events.Contains(events[n]))
                {
                    problems.Add(new Problem($"$.events[{n}]", $"unknown event \"{WebhookFormats.Clip(events[n] ?? "", 40)}\" (card, reminder, instruction, overdue, bulletin)",
                        $"未知事件“{WebhookFormats.Clip(events[n] ?? "", 40)}”（card、reminder、instruction、overdue、bulletin）"));
                }
            }
        }
        return problems;
    }

    /// <summary>What an audit row records of an endpoint: never the secret, the address masked.</summary>
    public static string Snapshot(WebhookEndpoint e) => OrgRules.Json(new
    {
        name = e.Name,
        url = WebhookFormats.Mask(e.Url),
        format = WebhookFormats.Name(e.Format),
        secretSet = !string.IsNullOrEmpty(e.Secret),
        events = e.Events,
        enabled = e.Enabled,
        version = e.Version,
    });

    public async Task<WriteOutcome<WebhookEndpoint>> CreateAsync(Actor a, WebhookInput i, CancellationToken ct)
    {
        if (!SupervisionAccess.Manages(a)) return WriteOutcome<WebhookEndpoint>.Forbidden();
        var problems = Check(i, creating: true, null, out var format);
        if (problems.Count > 0) return WriteOutcome<WebhookEndpoint>.Invalid(problems);
        return await writer.RunAsync(a.OrganizationId, a.UserName, async w =>
        {
            var e = new WebhookEndpoint
            {
                OrganizationId = a.OrganizationId,
                Name = i.Name!.Trim(),
                Url = i.Url!.Trim(),
                Format = format,
                Secret = string.IsNullOrEmpty(i.Secret) ? null : i.Secret,
                Events = string.Join(',', (i.Events ?? []).Distinct().OrderBy(WebhookFormats.Order)),
                Enabled = i.Enabled ?? true,
                CreatedBy = a.UserName,
                CreatedAt = clock.GetUtcNow(),
                Version = 1,
            };
            db.WebhookEndpoints.Add(e);
            await w.SaveAsync();
            await w.Audit("webhook.save", "webhook", e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), after: Snapshot(e));
            return WriteOutcome<WebhookEndpoint>.Ok(e);
        }, ct: ct);
    }

    public async Task<WriteOutcome<WebhookEndpoint>> UpdateAsync(Actor a, int id, WebhookInput i, int? version, CancellationToken ct)
    {
        if (!SupervisionAccess.Manages(a)) return WriteOutcome<WebhookEndpoint>.Forbidden();
        return await writer.RunAsync(a.OrganizationId, a.UserName, async w =>
        {
            var e = await db.WebhookEndpoints.SingleOrDefaultAsync(x => x.OrganizationId == a.OrganizationId && x.Id == id, ct);
            if (e is null) return WriteOutcome<WebhookEndpoint>.NotFound();
            if (version is { } v && v != e.Version) return WriteOutcome<WebhookEndpoint>.Conflict(WriteMessages.Changed, e);
            // The address as answered (keys masked) sent back unchanged keeps the stored one.
            if (i.Url?.Trim() is { } typed && typed == WebhookFormats.Mask(e.Url)) i = i with { Url = e.Url };
            var problems = Check(i, creating: false, e, out var format);
            if (problems.Count > 0) return WriteOutcome<WebhookEndpoint>.Invalid(problems);
            var before = Snapshot(e);
            e.Name = i.Name!.Trim();
            e.Url = i.Url!.Trim();
            e.Format = format;
            if (i.Secret is not null) e.Secret = i.Secret.Length == 0 ? null : i.Secret;
            if (i.Events is { } events) e.Events = string.Join(',', events.Distinct().OrderBy(WebhookFormats.Order));
            if (i.Enabled is { } enabled) e.Enabled = enabled;
            e.Version++;
            await w.Audit("webhook.save", "webhook", id.ToString(System.Globalization.CultureInfo.InvariantCulture), before: before, after: Snapshot(e));
            return WriteOutcome<WebhookEndpoint>.Ok(e);
        }, ct: ct);
    }

    /// <summary>Removes the endpoint and its outbox (what was not delivered is not sent).</summary>
    public async Task<WriteOutcome<int>> DeleteAsync(Actor a, int id, CancellationToken ct)
    {
        if (!SupervisionAccess.Manages(a)) return WriteOutcome<int>.Forbidden();
        return await writer.RunAsync(a.OrganizationId, a.UserName, async w =>
        {
            var e = await db.WebhookEndpoints.SingleOrDefaultAsync(x => x.OrganizationId == a.OrganizationId && x.Id == id, ct);
            if (e is null) return WriteOutcome<int>.NotFound();
            var messages = await db.Outbox.Where(m => m.EndpointId == id).ToListAsync(ct);
            db.Outbox.RemoveRange(messages);
            db.WebhookEndpoints.Remove(e);
            await w.Audit("webhook.delete", "webhook", id.ToString(System.Globalization.CultureInfo.InvariantCulture), before: Snapshot(e),
                reason: messages.Count(m => m.DeliveredAt is null) is var pending and > 0 ? $"{pending} undelivered message(s) dropped / 丢弃未投递消息 {pending} 条" : null);
            return WriteOutcome<int>.Ok(id);
        }, ct: ct);
    }

    /// <summary>Queues a test message to the endpoint (sent by the dispatcher like any other); a disabled endpoint refuses (409).</summary>
    public async Task<WriteOutcome<OutboxMessage>> TestAsync(Actor a, int id, CancellationToken ct)
    {
        if (!SupervisionAccess.Manages(a)) return WriteOutcome<OutboxMessage>.Forbidden();
        return await writer.RunAsync(a.OrganizationId, a.UserName, async w =>
        {
            var e = await db.WebhookEndpoints.AsNoTracking().SingleOrDefaultAsync(x => x.OrganizationId == a.OrganizationId && x.Id == id, ct);
            if (e is null) return WriteOutcome<OutboxMessage>.NotFound();
            if (!e.Enabled) return WriteOutcome<OutboxMessage>.Conflict(new Problem("$.enabled", "the endpoint is disabled: enable it first", "该接收地址已停用，请先启用"));
            var now = clock.GetUtcNow();
            var delivery = Guid.NewGuid();
            var body = new JsonObject
            {
                ["deliveryId"] = delivery.ToString(),
                ["kind"] = "test",
                ["at"] = now.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
                ["text"] = $"#### 督查督办测试消息\n\n{a.Organization.Name}：这是一条测试消息，收到即表示推送配置正确。",
                ["textEn"] = $"#### Supervision test message\n\n{a.Organization.Name}: a test message; receiving it means the webhook is set up correctly.",
                ["data"] = new JsonObject { ["by"] = a.UserName },
            };
            var m = new OutboxMessage
            {
                OrganizationId = a.OrganizationId,
                EndpointId = id,
                DeliveryId = delivery,
                Kind = "test",
                Body = body.ToJsonString(),
                CreatedAt = now,
                NextAttemptAt = now,
            };
            db.Outbox.Add(m);
            await w.Audit("webhook.test", "webhook", id.ToString(System.Globalization.CultureInfo.InvariantCulture), after: OrgRules.Json(new { deliveryId = delivery }));
            return WriteOutcome<OutboxMessage>.Ok(m);
        }, ct: ct);
    }

    /// <summary>The endpoint's latest deliveries (newest first, at most <paramref name="take"/>).</summary>
    public async Task<WriteOutcome<List<OutboxMessage>>> DeliveriesAsync(Actor a, int id, int take, CancellationToken ct)
    {
        if (!SupervisionAccess.Manages(a)) return WriteOutcome<List<OutboxMessage>>.Forbidden();
        if (!await db.WebhookEndpoints.AnyAsync(x => x.OrganizationId == a.OrganizationId && x.Id == id, ct)) return WriteOutcome<List<OutboxMessage>>.NotFound();
        var list = await db.Outbox.AsNoTracking().Where(m => m.OrganizationId == a.OrganizationId && m.EndpointId == id)
            .OrderByDescending(m => m.Id).Take(take).ToListAsync(ct);
        return WriteOutcome<List<OutboxMessage>>.Ok(list);
    }

    /// <summary>A failed delivery tried again from now, with a fresh series of retries (its delivery id unchanged).</summary>
    public async Task<WriteOutcome<OutboxMessage>> RetryAsync(Actor a, int id, Guid delivery, CancellationToken ct)
    {
        if (!SupervisionAccess.Manages(a)) return WriteOutcome<OutboxMessage>.Forbidden();
        return await writer.RunAsync(a.OrganizationId, a.UserName, async w =>
        {
            var m = await db.Outbox.SingleOrDefaultAsync(x => x.OrganizationId == a.OrganizationId && x.EndpointId == id && x.DeliveryId == delivery, ct);
            if (m is null) return WriteOutcome<OutboxMessage>.NotFound();
            if (m.FailedAt is null) return WriteOutcome<OutboxMessage>.Conflict(new Problem("$.deliveryId", "only a failed delivery is retried", "只能重试投递失败的消息"));
            m.FailedAt = null;
            m.Attempts = 0;
            m.NextAttemptAt = clock.GetUtcNow();
            await w.Audit("webhook.retry", "webhook", id.ToString(System.Globalization.CultureInfo.InvariantCulture), after: OrgRules.Json(new { deliveryId = delivery }));
            return WriteOutcome<OutboxMessage>.Ok(m);
        }, ct: ct);
    }
}
