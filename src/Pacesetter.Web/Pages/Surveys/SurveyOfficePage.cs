using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pacesetter.App.Access;
using Pacesetter.App.Surveys;
using Pacesetter.Scoring.Surveys;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages.Surveys;

/// <summary>The survey an admin's page acts on: who acts, the stored survey, its parsed object and the organization's unit names.</summary>
public sealed record SurveyOfficePage(Actor Actor, StoredSurvey Row, Survey Survey, Dictionary<string, string> UnitNames)
{
    /// <summary>The survey of the address for an admin of the organization; else the refusal (404 another organization or no survey, 403 not an admin).</summary>
    public static async Task<(SurveyOfficePage? Page, IActionResult? Refusal)> ForAdminAsync(PageModel page, string org, string id, SurveyService surveys)
    {
        var ct = page.HttpContext.RequestAborted;
        var actor = await page.HttpContext.GetActorInAsync(org);
        if (actor is null) return (null, page.NotFound());
        if (!actor.IsAdmin) return (null, page.StatusCode(StatusCodes.Status403Forbidden));
        var row = await surveys.GetAsync(actor.OrganizationId, id, ct);
        if (row is null) return (null, page.NotFound());
        return (new SurveyOfficePage(actor, row, SurveyService.Parse(row), await surveys.UnitNamesAsync(actor.OrganizationId, ct)), null);
    }
}
