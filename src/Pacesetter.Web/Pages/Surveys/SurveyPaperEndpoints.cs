using Microsoft.Extensions.Localization;
using Pacesetter.App.Surveys;
using Pacesetter.App.Writes;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Pages.Supervision;

namespace Pacesetter.Web.Pages.Surveys;

/// <summary>
/// The paper entry page's download (issue #12 §4): <c>/orgs/{org}/surveys/{id}/paper-template.xlsx</c>, the survey's
/// template to type paper ballots into (<see cref="SurveyPaperSheet"/>), under the page's address and signed in by
/// its cookie. Admins, who enter paper ballots; others 403; another organization 404.
/// </summary>
public static class SurveyPaperEndpoints
{
    public static RouteGroupBuilder MapSurveyPaperTemplate(this IEndpointRouteBuilder app)
    {
        var files = app.MapGroup("/orgs/{org}/surveys/{id}").RequireAuthorization().WithTags("Surveys").AddEndpointFilter(SupervisionEndpoints.InOrganization).ExcludeFromDescription();
        files.MapGet("/paper-template.xlsx", Template).WithName("GetSurveyPaperTemplate");
        return files;
    }

    public static async Task<IResult> Template(HttpContext http, string id, SurveyService surveys, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        if (!actor.IsAdmin) return WriteOutcome<object>.Forbidden().ToHttpResult(_ => TypedResults.Ok(), text);
        var row = await surveys.GetAsync(actor.OrganizationId, id, ct);
        if (row is null) return WriteOutcome<object>.NotFound().ToHttpResult(_ => TypedResults.Ok(), text);
        var file = SurveyPaperSheet.Template(row, SurveyService.Parse(row), await surveys.UnitNamesAsync(actor.OrganizationId, ct));
        return TypedResults.File(file.Bytes, file.ContentType, file.Name);
    }
}
