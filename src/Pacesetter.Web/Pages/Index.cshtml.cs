using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Data;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages;

/// <summary>The home page: the organization's periods and where each feature starts.</summary>
public sealed class IndexModel(PacesetterDb db, IStringLocalizer<SharedText> text) : PageModel
{
    public sealed record PeriodRow(string Period, int Version);

    public sealed record Link(string Url, string Text);

    public List<PeriodRow> Periods { get; private set; } = [];

    public string Org { get; private set; } = "";

    public async Task OnGetAsync()
    {
        var actor = (await HttpContext.GetActorAsync())!;
        Org = actor.Organization.Slug;
        var rows = await db.SchemeVersions.AsNoTracking()
            .Where(s => s.OrganizationId == actor.OrganizationId)
            .GroupBy(s => s.Period)
            .Select(g => new { Period = g.Key, Version = g.Max(s => s.Version) })
            .ToListAsync(HttpContext.RequestAborted);
        Periods = rows.OrderBy(p => p.Period, StringComparer.Ordinal).Select(p => new PeriodRow(p.Period, p.Version)).ToList();
    }

    /// <summary>The links of a period's row.</summary>
    public IEnumerable<Link> Links(string period) =>
    [
        new(Routes.Entry(Org, period), text["Nav.DataEntry"]),
        new(Routes.Matrix(Org, period), text["Nav.Matrix"]),
        new(Routes.Scheme(Org, period), text["Nav.Schemes"]),
        new(Routes.Preview(Org, period), text["Home.Preview"]),
    ];
}
