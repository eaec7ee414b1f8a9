using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Pacesetter.App.Publication;
using Pacesetter.Web.Localization;

namespace Pacesetter.Web.Pages.Public;

/// <summary>
/// 张榜公示 the public posting of a period (no sign-in): the latest published revision of every category — rank, unit,
/// composite, grade, label, the red flag, rank change — the notice period and how to object, printable on A4 with a QR
/// code of its address. 404 unless the organization posts publicly and the period is published.
/// </summary>
[OutputCache(PolicyName = PublicCache.PolicyName)]
public sealed class PostingModel(PublicPostings postings) : PageModel
{
    [FromRoute] public string Org { get; set; } = "";
    [FromRoute] public string Period { get; set; } = "";

    public PublicOrganization Organization { get; private set; } = null!;
    public PublishedRace Race { get; private set; } = null!;
    public IReadOnlyList<PostingCategory> Categories { get; private set; } = [];
    /// <summary>The page's absolute address (the QR code's text).</summary>
    public string Address { get; private set; } = "";
    public string QrCode { get; private set; } = "";
    public bool English { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await postings.PostingAsync(Org, Period, HttpContext.RequestAborted) is not { } posting) return NotFound();
        (Organization, Race) = posting;
        if (PublicCache.NotModified(HttpContext, PublicCache.Tag("r" + Race.Revision.Number, HttpContext), varyByLanguage: true))
        {
            return StatusCode(StatusCodes.Status304NotModified);
        }
        English = RequestLanguage.CurrentIsEnglish;
        Categories = PostingTable.Of(Race);
        Address = $"{Request.Scheme}://{Request.Host}{Request.PathBase}{PublicRoutes.Posting(Org, Period)}";
        QrCode = PostingQr.DataUri(Address);
        return Page();
    }
}
