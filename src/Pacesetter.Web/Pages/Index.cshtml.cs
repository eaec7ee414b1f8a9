using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Pacesetter.App.DataEntry;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages;

/// <summary>
/// The home page: the organization's periods, newest first, each with what it asks of the person signed in (data
/// returned to correct, not yet entered, drafts not submitted, data to review) and its deadline, and where each
/// feature starts (issue #8, defect 12).
/// </summary>
public sealed class IndexModel(DataEntryService entry, IStringLocalizer<SharedText> text) : PageModel
{
    public sealed record Link(string Url, string Text);

    public List<PeriodToDo> Periods { get; private set; } = [];

    public string Org { get; private set; } = "";

    public bool ReadsAll { get; private set; }

    public bool CanReview { get; private set; }

    public async Task OnGetAsync()
    {
        var actor = (await HttpContext.GetActorAsync())!;
        Org = actor.Organization.Slug;
        ReadsAll = actor.ReadsAll;
        CanReview = actor.CanReview;
        Periods = await entry.ToDoAsync(actor, HttpContext.RequestAborted);
    }

    /// <summary>The links of a period's row: reporters and assessors only enter data; admins and leaders see the rest.</summary>
    public IEnumerable<Link> Links(string period)
    {
        yield return new(Routes.Entry(Org, period), text["Nav.DataEntry"]);
        if (!ReadsAll) yield break;
        yield return new(Routes.Matrix(Org, period), text["Nav.Matrix"]);
        yield return new(Routes.Scheme(Org, period), text["Nav.Schemes"]);
        yield return new(Routes.Preview(Org, period), text["Home.Preview"]);
    }
}
