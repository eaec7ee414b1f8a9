using Microsoft.Extensions.Localization;
using Pacesetter.App.Supervision.Messages;
using Pacesetter.App.Supervision.Model;
using Pacesetter.App.Writes;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages.Supervision.Messages;

/// <summary>An endpoint as answered: the address with its keys masked, never the secret (only whether one is set).</summary>
public sealed record WebhookDto(int Id, string Name, string Url, string Format, bool SecretSet, IReadOnlyList<string> Events, bool Enabled,
    string CreatedBy, DateTimeOffset CreatedAt, int Version)
{
    public static WebhookDto From(WebhookEndpoint e) => new(e.Id, e.Name, WebhookFormats.Mask(e.Url), WebhookFormats.Name(e.Format), !string.IsNullOrEmpty(e.Secret),
        e.Events.Split(',', StringSplitOptions.RemoveEmptyEntries), e.Enabled, e.CreatedBy, e.CreatedAt, e.Version);
}

/// <summary>One delivery (an outbox message) of an endpoint: <c>state</c> pending, delivered or failed.</summary>
public sealed record DeliveryDto(Guid DeliveryId, string Kind, string State, DateTimeOffset CreatedAt, int Attempts, DateTimeOffset? NextAttemptAt,
    DateTimeOffset? DeliveredAt, DateTimeOffset? FailedAt, int? LastStatus, string? LastError)
{
    public static DeliveryDto From(OutboxMessage m) => new(m.DeliveryId, m.Kind, DeliveryState.Of(m), m.CreatedAt, m.Attempts,
        m.DeliveredAt is null && m.FailedAt is null ? m.NextAttemptAt : null, m.DeliveredAt, m.FailedAt, m.LastStatus, m.LastError);
}

/// <summary>An endpoint to add or change: <c>secret</c> omitted keeps the stored one, "" removes it; <c>events</c> [] = all.</summary>
public sealed record WebhookBody(string? Name, string? Url, string? Format, string? Secret, List<string>? Events, bool? Enabled, int? Version)
{
    public WebhookInput Input => new(Name, Url, Format, Secret, Events, Enabled);
}

/// <summary>
/// 消息推送 the organization's outgoing webhooks (ADR 0032), the office's only: plain JSON, the DingTalk group robot
/// (with its 加签 secret) or the WeCom group robot; a test message; each endpoint's deliveries and the retry of a failed one.
/// </summary>
public static class WebhooksApi
{
    public static RouteGroupBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var group = app.SupervisionGroup("Webhooks", "/api/orgs/{org}/webhooks");
        group.MapGet("", List)
            .WithName("ListWebhooks")
            .WithSummary("The organization's webhook endpoints (addresses with their keys masked, never the secret). Admins.")
            .Produces<List<WebhookDto>>();
        group.MapPost("", Create)
            .WithName("CreateWebhook")
            .WithSummary("Adds an endpoint: {\"name\",\"url\" (https; http only to loopback),\"format\":\"json|dingtalk|wecom\",\"secret\"? (DingTalk 加签),\"events\":[card,reminder,instruction,overdue,bulletin] ([] = all),\"enabled\"}. Admins.")
            .Accepts<WebhookBody>("application/json")
            .Produces<WebhookDto>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPut("/{webhook:int}", Update)
            .WithName("UpdateWebhook")
            .WithSummary("Changes an endpoint (the masked address as answered keeps the stored one; secret omitted keeps it, \"\" removes it); \"version\" optional: 409 when it changed. Admins.")
            .Accepts<WebhookBody>("application/json")
            .Produces<WebhookDto>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/{webhook:int}", Delete)
            .WithName("DeleteWebhook")
            .WithSummary("Removes an endpoint and its undelivered messages. Admins.")
            .Produces(StatusCodes.Status204NoContent);
        group.MapPost("/{webhook:int}/test", Test)
            .WithName("TestWebhook")
            .WithSummary("Queues a test message to the endpoint (delivered by the outbox like any other); 409 when the endpoint is disabled. Admins.")
            .Produces<DeliveryDto>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{webhook:int}/deliveries", Deliveries)
            .WithName("WebhookDeliveries")
            .WithSummary("The endpoint's latest 100 deliveries, newest first: delivery id, kind, state (pending, delivered, failed), attempts, last status and error. Admins.")
            .Produces<List<DeliveryDto>>();
        group.MapPost("/{webhook:int}/deliveries/{delivery:guid}/retry", Retry)
            .WithName("RetryWebhookDelivery")
            .WithSummary("Tries a failed delivery again from now (same delivery id, a fresh series of retries); 409 when it has not failed. Admins.")
            .Produces<DeliveryDto>()
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    public static async Task<IResult> List(HttpContext http, WebhookService webhooks, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        var list = await webhooks.ListAsync(actor, ct);
        if (list is null) return WriteOutcome<int>.Forbidden().ToHttpResult(_ => TypedResults.Ok(), text);
        return TypedResults.Ok(list.Select(WebhookDto.From).ToList());
    }

    public static async Task<IResult> Create(string org, WebhookBody body, HttpContext http, WebhookService webhooks, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        var outcome = await webhooks.CreateAsync(actor, body.Input, ct);
        return outcome.ToHttpResult(e => TypedResults.Created($"/api/orgs/{org}/webhooks/{e.Id}", WebhookDto.From(e)), text);
    }

    public static async Task<IResult> Update(int webhook, WebhookBody body, HttpContext http, WebhookService webhooks, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        var outcome = await webhooks.UpdateAsync(actor, webhook, body.Input, body.Version, ct);
        return outcome.ToHttpResult(e => TypedResults.Ok(WebhookDto.From(e)), text);
    }

    public static async Task<IResult> Delete(int webhook, HttpContext http, WebhookService webhooks, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        var outcome = await webhooks.DeleteAsync(actor, webhook, ct);
        return outcome.ToHttpResult(_ => TypedResults.NoContent(), text);
    }

    public static async Task<IResult> Test(string org, int webhook, HttpContext http, WebhookService webhooks, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        var outcome = await webhooks.TestAsync(actor, webhook, ct);
        return outcome.ToHttpResult(m => TypedResults.Accepted($"/api/orgs/{org}/webhooks/{webhook}/deliveries", DeliveryDto.From(m)), text);
    }

    public static async Task<IResult> Deliveries(int webhook, HttpContext http, WebhookService webhooks, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        var outcome = await webhooks.DeliveriesAsync(actor, webhook, 100, ct);
        return outcome.ToHttpResult(list => TypedResults.Ok(list.Select(DeliveryDto.From).ToList()), text);
    }

    public static async Task<IResult> Retry(int webhook, Guid delivery, HttpContext http, WebhookService webhooks, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        var outcome = await webhooks.RetryAsync(actor, webhook, delivery, ct);
        return outcome.ToHttpResult(m => TypedResults.Ok(DeliveryDto.From(m)), text);
    }
}
