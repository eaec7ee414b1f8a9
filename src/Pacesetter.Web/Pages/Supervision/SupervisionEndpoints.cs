using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Pages.Schemes;
using Pacesetter.Web.Pages.Supervision.Cards;

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
        // ---- Tasks files, cards, rules, month-end evaluations, the scheduler (Cards/) ----
        services.AddScoped<App.Supervision.Cards.TaskFiles>();
        services.AddScoped<App.Supervision.Cards.CardSettingsService>();
        services.AddScoped<App.Supervision.Cards.CardIssuer>();
        App.Supervision.Cards.SchedulerSetup.Add(services, App.Data.DatabaseOptions.From(configuration), configuration);
        // ---- Cards and project figures as data of the race, major projects (Projects/) ----
        // ---- Webhooks and the outbox, the timeline, the bulletin (Messages/Webhooks*, Bulletins/) ----
        services.AddScoped<App.Supervision.Messages.OutboxDispatcher>();
        return services;
    }

    public static IEndpointRouteBuilder MapSupervision(this IEndpointRouteBuilder app)
    {
        // ---- Matters and workflow, notifications ----
        // ---- Tasks files, cards, rules, month-end evaluations ----
        app.MapCardsApi();
        // ---- Major projects ----
        // ---- Webhooks, the timeline, the bulletin ----
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
