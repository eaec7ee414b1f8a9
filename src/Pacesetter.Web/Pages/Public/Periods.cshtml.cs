using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Pacesetter.App.Publication;
using Pacesetter.Web.Localization;

namespace Pacesetter.Web.Pages.Public;

/// <summary>
/// 公示列表 an organization's published periods, newest first, by the scheme's name, each linking to its posting (no
/// sign-in). 404 unless the organization posts publicly.
/// </summary>
[OutputCache(PolicyName = PublicCache.PolicyName)]
public sealed class PeriodsModel(PublicPostings postings) : PageModel
{
    [FromRoute] public string Org { get; set; } = "";

    public PublicOrganization Organization { get; private set; } = null!;
    public IReadOnlyList<PublicPeriod> Periods { get; private set; } = [];
    public bool English { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await postings.PeriodsAsync(Org, HttpContext.RequestAborted) is not { } list) return NotFound();
        (Organization, Periods) = list;
        // The version is the newest revision's id, as the cache's key (PublicCache): it changes with every publication.
        var newest = Periods.Count == 0 ? 0 : await postings.LatestIdAsync(Org, HttpContext.RequestAborted) ?? 0;
        if (PublicCache.NotModified(HttpContext, PublicCache.Tag("p" + newest, HttpContext), varyByLanguage: true))
        {
            return StatusCode(StatusCodes.Status304NotModified);
        }
        English = RequestLanguage.CurrentIsEnglish;
        return Page();
    }
}
