using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Data;
using Pacesetter.App.Publication;
using Pacesetter.App.Schemes;
using Pacesetter.Scoring.Output;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Pages.Audit;
using Pacesetter.Web.Pages.Schemes;

namespace Pacesetter.Web.Pages.Results;

/// <summary>
/// The results API: a period's results, exactly as <c>pacesetter score</c> prints them in JSON. The same rules as the
/// schemes API (<see cref="SchemesApi"/>): no token → 401, another organization → 404, admins and leaders read.
/// </summary>
public static class ResultsApi
{
    public static RouteGroupBuilder MapResultsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/orgs/{org}/periods/{period}")
            .RequireAuthorization()
            .WithTags("Results")
            .AddEndpointFilter(SchemesApi.InOrganizationAndPeriod)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem();

        group.MapGet("/results", GetResults)
            .WithName("GetResults")
            .WithSummary("The period's results: once published, its latest revision as stored (with \"revision\": N and each unit's \"change\"); before, the results of its approved data, exactly as `pacesetter score` prints them in JSON. Admins and leaders.")
            .Produces<JsonObject>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    public static async Task<IResult> GetResults(string period, HttpContext http, SchemeStore store, PublicationStore published, PacesetterDb db, IStringLocalizer<SchemesText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        if (!actor.ReadsAll) return SchemesApi.Forbidden(text);
        if (await published.LatestAsync(actor.OrganizationId, period, ct) is { } revision)
        {
            await AuditHeadHeader.AddAsync(http.Response, db, actor.OrganizationId, ct);
            return Races.PublicationApi.StoredJson(http, revision.Results);
        }
        if (await store.CurrentAsync(actor.OrganizationId, period, ct) is null) return SchemesApi.NoScheme(text, period);
        var (result, problems) = await store.ScoreAsync(actor.OrganizationId, period, ct: ct);
        if (result is null) return SchemesApi.Invalid(text, problems, StatusCodes.Status422UnprocessableEntity);
        await AuditHeadHeader.AddAsync(http.Response, db, actor.OrganizationId, ct);
        return TypedResults.Text(ResultJson.ToJson(result), "application/json; charset=utf-8");
    }
}
