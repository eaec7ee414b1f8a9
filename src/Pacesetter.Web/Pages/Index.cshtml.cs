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

    public bool ReadsAll { get; private set; }

    public async Task OnGetAsync()
    {
        var actor = (await HttpContext.GetActorAsync())!;
        Org = actor.Organization.Slug;
        ReadsAll = actor.ReadsAll;
        var rows = await db.SchemeVersions.AsNoTracking()
            .Where(s => s.OrganizationId == actor.OrganizationId)
            .GroupBy(s => s.Period)
            .Select(g => new { Period = g.Key, Version = g.Max(s => s.Version) })
            .ToListAsync(HttpContext.RequestAborted);
        Periods = rows.OrderBy(p => p.Period, StringComparer.Ordinal).Select(p => new PeriodRow(p.Period, p.Version)).ToList();
    }

    /// <summary>The links of a period's row.</summary>
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
