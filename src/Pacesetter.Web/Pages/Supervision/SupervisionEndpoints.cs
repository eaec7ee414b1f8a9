using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Pages.Schemes;
using Pacesetter.Web.Pages.Supervision.Bulletins;
using Pacesetter.Web.Pages.Supervision.Cards;
using Pacesetter.Web.Pages.Supervision.Matters;
using Pacesetter.Web.Pages.Supervision.Messages;
using Pacesetter.Web.Pages.Supervision.Projects;
using Polly;

namespace Pacesetter.Web.Pages.Supervision;

/// <summary>
/// 督查督办 (issue #10): the services and endpoints of supervision, wired by Program.cs's two lines. Each part lives in
/// its folder (Matters, Cards, Projects, Messages, Bulletins) with its pages, its API class and its texts, and adds its
/// registrations and its Map line in its own section below.
/// </summary>
public static class SupervisionEndpoints
{
    public static IServiceCollection AddSupervision(this IServiceCollection services, IConfiguration configuration)
    {
        // ---- Matters and workflow, notifications (Matters/, Messages/Notifications*) ----
        services.AddScoped<App.Supervision.Messages.NotificationService>();
        services.AddScoped<App.Supervision.Matters.MatterService>();
        // ---- Tasks files, cards, rules, month-end evaluations, the scheduler (Cards/) ----
        services.AddScoped<App.Supervision.Cards.TaskFiles>();
        services.AddScoped<App.Supervision.Cards.CardSettingsService>();
        services.AddScoped<App.Supervision.Cards.CardIssuer>();
        App.Supervision.Cards.SchedulerSetup.Add(services, App.Data.DatabaseOptions.From(configuration), configuration);
        // ---- Cards and project figures as data of the race, major projects (Projects/) ----
        services.AddScoped<App.Supervision.Projects.ProjectService>();
        // ---- Webhooks and the outbox, the timeline, the bulletin (Messages/Webhooks*, Bulletins/) ----
        services.AddScoped<App.Supervision.Messages.OutboxDispatcher>();
        services.AddScoped<App.Supervision.Messages.WebhookService>();
        services.AddScoped<App.Supervision.Bulletins.BulletinService>();
        services.AddScoped<App.Supervision.Bulletins.TimelineReader>();
        // The webhooks' HTTP client (ADR 0032): per attempt a timeout, and the transient faults (5xx, 408, 429, network,
        // timeout) retried a few times at once; the outbox retries what is still failing later (30 s × 2ⁿ, 7 days).
        // No request logging: a robot's address holds its key. Real time (not the app's clock, which tests move).
        services.AddHttpClient(App.Supervision.Messages.OutboxDispatcher.Client).RemoveAllLoggers()
            .AddResilienceHandler("webhooks", (builder, context) =>
            {
                var settings = context.ServiceProvider.GetRequiredService<IConfiguration>().GetSection("Supervision:Webhooks");
                builder.TimeProvider = TimeProvider.System;
                var retries = settings.GetValue("Retries", 2);
                if (retries > 0)
                {
                    builder.AddRetry(new Microsoft.Extensions.Http.Resilience.HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = retries,
                        Delay = TimeSpan.FromMilliseconds(settings.GetValue("RetryDelayMs", 1000)),
                        BackoffType = Polly.DelayBackoffType.Exponential,
                        UseJitter = true,
                    });
                }
                builder.AddTimeout(TimeSpan.FromSeconds(settings.GetValue("AttemptTimeoutSeconds", 10.0)));
            });
        return services;
    }

    public static IEndpointRouteBuilder MapSupervision(this IEndpointRouteBuilder app)
    {
        // ---- Matters and workflow, notifications ----
        app.MapMattersApi();
        app.MapNotificationsApi();
        // ---- Tasks files, cards, rules, month-end evaluations ----
        app.MapCardsApi();
        // ---- Major projects ----
        app.MapProjectsApi();
        // ---- Webhooks, the timeline, the bulletin ----
        app.MapWebhooksApi();
        app.MapBulletinsApi();
        return app;
    }

    /// <summary>
    /// The API group of supervision, <c>/api/orgs/{org}/supervision</c>: signed in (401), the token's organization is the
    /// route's (404 otherwise); each handler checks the actor's rights with <see cref="App.Supervision.SupervisionAccess"/>.
    /// </summary>
    public static RouteGroupBuilder SupervisionGroup(this IEndpointRouteBuilder app, string tag, string prefix = "/api/orgs/{org}/supervision") =>
        app.MapGroup(prefix)
            .RequireAuthorization()
            .WithTags(tag)
            .AddEndpointFilter(InOrganization)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem();

    /// <summary>Every endpoint: the token's organization is the route's (else 404 in the caller's language).</summary>
    internal static async ValueTask<object?> InOrganization(EndpointFilterInvocationContext ctx, EndpointFilterDelegate next)
    {
        var http = ctx.HttpContext;
        var org = http.GetRouteValue("org") as string ?? "";
        if (await http.GetActorInAsync(org) is null)
        {
            var text = http.RequestServices.GetRequiredService<IStringLocalizer<SchemesText>>();
            return Outcomes.Problem(StatusCodes.Status404NotFound, text["Api.OrgNotFound"], text["Api.OrgNotFound.Detail", org]);
        }
        return await next(ctx);
    }
}
