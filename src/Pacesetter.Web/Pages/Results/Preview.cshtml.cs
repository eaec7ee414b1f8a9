using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pacesetter.App.Access;
using Pacesetter.App.Schemes;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Engine;
using Pacesetter.Scoring.Text;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Localization;

namespace Pacesetter.Web.Pages.Results;

/// <summary>
/// 结果预览 the period's results at any time, from every current datum (approved, submitted, draft) through the
/// engine, marked as a preview; per category a ranked table and a bar chart, and a unit's explanation on request.
/// </summary>
public sealed class PreviewModel(SchemeStore schemes) : PageModel
{
    [FromRoute] public string Org { get; set; } = "";
    [FromRoute] public string Period { get; set; } = "";
    /// <summary>The unit whose explanation is shown.</summary>
    [BindProperty(SupportsGet = true)] public string? Explain { get; set; }

    public Actor Actor { get; private set; } = null!;
    public SchemeResult? Result { get; private set; }
    public IReadOnlyList<Problem> Problems { get; private set; } = [];
    public string? Explanation { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null) return NotFound();
        if (!actor.ReadsAll) return StatusCode(StatusCodes.Status403Forbidden);
        Actor = actor;
        (Result, Problems) = await schemes.ScoreAsync(actor.OrganizationId, Period, includeUnapproved: true, HttpContext.RequestAborted);
        if (Result is not null && Explain is { Length: > 0 } unit && Result.Find(unit) is not null)
        {
            Explanation = Explainer.ToText(Explainer.Explain(Result, unit, RequestLanguage.Current), RequestLanguage.Current);
        }
        return Page();
    }
}
