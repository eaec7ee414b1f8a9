using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pacesetter.App.Access;
using Pacesetter.App.Surveys;
using Pacesetter.App.Writes;
using Pacesetter.Scoring.Surveys;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Pages.Public;

namespace Pacesetter.Web.Pages.Surveys;

/// <summary>One link of the printable sheet: its address and QR code (an SVG <c>data:</c> address).</summary>
public sealed record LinkCard(int Number, string Url, string QrCode);

/// <summary>
/// 生成一次性链接 (issue #12 §3): the form (group, how many, the rater's unit for a group that excludes self-rating)
/// and, posted, the links made by <see cref="SurveyService.CreateLinksAsync"/> as a printable sheet — one card per link
/// with its QR code, the survey, the group and the rater's unit, the address in small print — and every address a
/// line in a text box to send by message. Only the tokens' hashes are stored: the sheet is shown this once (not
/// cached). Admins only; others 403; another organization 404.
/// </summary>
public sealed class LinksModel(SurveyService surveys) : PageModel
{
    [FromRoute] public string Org { get; set; } = "";
    [FromRoute] public string Id { get; set; } = "";
    [BindProperty] public string? Group { get; set; }
    [BindProperty] public string? Count { get; set; }
    [BindProperty] public string? Rater { get; set; }

    public Actor Actor { get; private set; } = null!;
    public StoredSurvey Row { get; private set; } = null!;
    public Survey Survey { get; private set; } = null!;
    public Dictionary<string, string> UnitNames { get; private set; } = [];
    public Dictionary<string, List<string>> Errors { get; } = new(StringComparer.Ordinal);
    /// <summary>The links just made (empty until the form is posted and accepted).</summary>
    public List<LinkCard> Cards { get; private set; } = [];
    /// <summary>The group and rater's unit of the links made.</summary>
    public SurveyGroup? MadeFor { get; private set; }
    public string? MadeRater { get; private set; }

    private CancellationToken Ct => HttpContext.RequestAborted;

    public LinkFields Fields => new(Survey, UnitNames, Group, Count, Rater, Errors);

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ?? Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await LoadAsync() is { } denied) return denied;
        // The rater's unit is read only for a group that excludes self-rating (the field stays visible without script).
        var group = Group is null ? null : Survey.Groups.FirstOrDefault(g => g.Id == Group);
        var rater = group is { ExcludeSelf: true } && !string.IsNullOrWhiteSpace(Rater) ? Rater.Trim() : null;
        int? count = string.IsNullOrWhiteSpace(Count) ? null
            : int.TryParse(Count.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        var outcome = await surveys.CreateLinksAsync(Actor, Id, Group, count, rater, Ct);
        if (outcome.Status == WriteStatus.Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
        if (outcome.Status == WriteStatus.NotFound) return NotFound();
        if (!outcome.IsOk)
        {
            foreach (var p in outcome.Problems)
            {
                var key = LinkFields.Key(p.Path);
                if (!Errors.TryGetValue(key, out var list)) Errors[key] = list = [];
                list.Add(p.Message(Outcomes.Language));
            }
            Response.StatusCode = Outcomes.StatusOf(outcome.Status);
            return Page();
        }
        MadeFor = group;
        MadeRater = rater;
        Cards = [.. outcome.Value!.Select((token, i) =>
        {
            var url = SurveysApi.BallotUrl(Request, token);
            return new LinkCard(i + 1, url, PostingQr.DataUri(url));
        })];
        // The tokens are answered once: neither the browser nor a proxy keeps the sheet.
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    private async Task<IActionResult?> LoadAsync()
    {
        var (found, refusal) = await SurveyOfficePage.ForAdminAsync(this, Org, Id, surveys);
        if (found is null) return refusal;
        (Actor, Row, Survey, UnitNames) = (found.Actor, found.Row, found.Survey, found.UnitNames);
        return null;
    }

    public string UnitName(string code) => UnitNames.GetValueOrDefault(code, code);
}
