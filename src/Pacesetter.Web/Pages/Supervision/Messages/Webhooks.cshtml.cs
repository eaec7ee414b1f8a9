using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Access;
using Pacesetter.App.Supervision;
using Pacesetter.App.Supervision.Messages;
using Pacesetter.App.Supervision.Model;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages.Supervision.Messages;

/// <summary>
/// 消息推送 the organization's webhooks (ADR 0032), the office's page: the endpoints (address masked, secret never
/// shown), a form to add one and one to change each, a test message, and an endpoint's deliveries with the retry of a
/// failed one. Everything is done by <see cref="WebhookService"/>; this page parses and renders.
/// </summary>
public sealed class WebhooksModel(WebhookService webhooks, IStringLocalizer<WebhooksText> text) : PageModel
{
    [FromRoute] public string Org { get; set; } = "";
    /// <summary>The endpoint whose deliveries are shown.</summary>
    [BindProperty(SupportsGet = true)] public int? Show { get; set; }
    [TempData] public string? Done { get; set; }

    public Actor Actor { get; private set; } = null!;
    public List<WebhookEndpoint> Endpoints { get; private set; } = [];
    public List<OutboxMessage> Deliveries { get; private set; } = [];
    public List<string> Errors { get; } = [];

    private CancellationToken Ct => HttpContext.RequestAborted;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await DenyAsync() is { } denied) return denied;
        await LoadAsync();
        return Page();
    }

    private static WebhookInput Input(string? name, string? url, string? format, string? secret, bool clearSecret, List<string>? events, bool enabled) =>
        new(name, url, format, clearSecret ? "" : string.IsNullOrEmpty(secret) ? null : secret, events ?? [], enabled);

    public async Task<IActionResult> OnPostCreateAsync(string? name, string? url, string? format, string? secret, List<string>? events, bool enabled)
    {
        if (await DenyAsync() is { } denied) return denied;
        var outcome = await webhooks.CreateAsync(Actor, Input(name, url, format, secret, false, events, enabled), Ct);
        if (!outcome.IsOk) return await Refused(outcome.Messages(), outcome.Status);
        Done = text["Done.Saved", outcome.Value!.Name];
        return Redirect(SupervisionRoutes.Webhooks(Org));
    }

    public async Task<IActionResult> OnPostSaveAsync(int id, string? name, string? url, string? format, string? secret, bool clearSecret, List<string>? events, bool enabled, int version)
    {
        if (await DenyAsync() is { } denied) return denied;
        var outcome = await webhooks.UpdateAsync(Actor, id, Input(name, url, format, secret, clearSecret, events, enabled), version, Ct);
        if (outcome.Status == App.Writes.WriteStatus.NotFound) return NotFound();
        if (!outcome.IsOk) return await Refused(outcome.Messages(), outcome.Status);
        Done = text["Done.Saved", outcome.Value!.Name];
        return Redirect(SupervisionRoutes.Webhooks(Org));
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id)
    {
        if (await DenyAsync() is { } denied) return denied;
        var outcome = await webhooks.DeleteAsync(Actor, id, Ct);
        if (!outcome.IsOk) return NotFound();
        Done = text["Done.Deleted"];
        return Redirect(SupervisionRoutes.Webhooks(Org));
    }

    public async Task<IActionResult> OnPostTestAsync(int id)
    {
        if (await DenyAsync() is { } denied) return denied;
        var outcome = await webhooks.TestAsync(Actor, id, Ct);
        if (outcome.Status == App.Writes.WriteStatus.NotFound) return NotFound();
        if (!outcome.IsOk) return await Refused(outcome.Messages(), outcome.Status);
        Done = text["Done.TestQueued", outcome.Value!.DeliveryId];
        return Redirect(SupervisionRoutes.Webhooks(Org) + "?show=" + id);
    }

    public async Task<IActionResult> OnPostRetryAsync(int id, Guid delivery)
    {
        if (await DenyAsync() is { } denied) return denied;
        var outcome = await webhooks.RetryAsync(Actor, id, delivery, Ct);
        if (outcome.Status == App.Writes.WriteStatus.NotFound) return NotFound();
        if (!outcome.IsOk) return await Refused(outcome.Messages(), outcome.Status);
        Done = text["Done.Retried", delivery];
        return Redirect(SupervisionRoutes.Webhooks(Org) + "?show=" + id);
    }

    private async Task<IActionResult> Refused(List<string> messages, App.Writes.WriteStatus status)
    {
        Errors.AddRange(messages);
        Response.StatusCode = Outcomes.StatusOf(status);
        await LoadAsync();
        return Page();
    }

    private async Task<IActionResult?> DenyAsync()
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null) return NotFound();
        if (!SupervisionAccess.Manages(actor)) return StatusCode(StatusCodes.Status403Forbidden);
        Actor = actor;
        return null;
    }

    private async Task LoadAsync()
    {
        Endpoints = await webhooks.ListAsync(Actor, Ct) ?? [];
        if (Show is { } id && Endpoints.Any(e => e.Id == id))
        {
            Deliveries = (await webhooks.DeliveriesAsync(Actor, id, 100, Ct)).Value ?? [];
        }
    }
}
