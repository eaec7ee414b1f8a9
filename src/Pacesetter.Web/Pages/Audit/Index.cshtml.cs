using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Accounts;
using Pacesetter.App.Audit;
using Pacesetter.App.Data;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Localization;
using Pacesetter.Web.Pages.Organizations;

namespace Pacesetter.Web.Pages.Audit;

/// <summary>
/// 审计日志 the organization's audit log for its admins and leaders: newest first, 50 a page, filtered by user, unit,
/// period and kind. Members with other roles get 403; users of another organization 404 (it does not exist for them).
/// </summary>
public sealed class IndexModel(PacesetterDb db, People people, IStringLocalizer<AuditText> text, IStringLocalizer<OrganizationText> orgText) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "user")] public string? UserFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "unit")] public string? Unit { get; set; }
    [BindProperty(SupportsGet = true, Name = "period")] public string? Period { get; set; }
    [BindProperty(SupportsGet = true, Name = "kind")] public string? Kind { get; set; }
    // Not "page": Razor Pages keeps that name for its own route value.
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public string Org { get; private set; } = "";
    public List<AuditEntry> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public List<string> Users { get; private set; } = [];
    public List<(string Code, string Name)> Units { get; private set; } = [];
    public List<string> Periods { get; private set; } = [];
    public List<string> Kinds { get; private set; } = [];
    public IReadOnlyDictionary<string, string> DisplayNames { get; private set; } = new Dictionary<string, string>();
    /// <summary>The rows in words (issue #8 defect 10), by sequence number.</summary>
    public Dictionary<long, AuditView> Views { get; } = [];

    public async Task<IActionResult> OnGetAsync(string org)
    {
        var actor = await HttpContext.GetActorInAsync(org);
        if (actor is null) return NotFound();
        if (!actor.ReadsAll) return StatusCode(StatusCodes.Status403Forbidden);
        Org = org;
        var ct = HttpContext.RequestAborted;
        var all = db.AuditEntries.AsNoTracking().Where(a => a.OrganizationId == actor.OrganizationId);

        var query = all;
        if (Empty(UserFilter) is { } user) query = query.Where(a => a.Actor == user);
        if (Empty(Unit) is { } unit) query = query.Where(a => a.Unit == unit);
        if (Empty(Period) is { } period) query = query.Where(a => a.Period == period);
        if (Empty(Kind) is { } kind) query = query.Where(a => a.Kind == kind);
        Total = await query.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        // Seq is the chain's order: newest first without comparing timestamps (SQLite cannot order DateTimeOffset).
        Rows = await query.OrderByDescending(a => a.Seq).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);

        Users = await all.Select(a => a.Actor).Distinct().ToListAsync(ct);
        Users.Sort(StringComparer.Ordinal);
        Periods = await all.Where(a => a.Period != null).Select(a => a.Period!).Distinct().ToListAsync(ct);
        Periods.Sort(StringComparer.Ordinal);
        Kinds = await all.Select(a => a.Kind).Distinct().ToListAsync(ct);
        Kinds.Sort(StringComparer.Ordinal);
        // Units in the organization's category order, then units the log names that are no longer in the list.
        var units = await (from u in db.Units.AsNoTracking()
                           where u.OrganizationId == actor.OrganizationId
                           join c in db.UnitCategories.AsNoTracking() on u.CategoryId equals c.Id into cs
                           from c in cs.DefaultIfEmpty()
                           select new { u.Id, u.Code, u.Name, Order = c == null ? int.MaxValue : c.SortOrder }).ToListAsync(ct);
        var logged = await all.Where(a => a.Unit != null).Select(a => a.Unit!).Distinct().ToListAsync(ct);
        Units = units.OrderBy(u => u.Order).ThenBy(u => u.Id).Select(u => (u.Code, u.Name))
            .Concat(logged.Except(units.Select(u => u.Code)).Order(StringComparer.Ordinal).Select(c => (c, c)))
            .ToList();
        DisplayNames = await people.NamesAsync(actor.OrganizationId, ct);

        // The names the rows of this page need: units, categories, users by id, indicators of each period's current scheme.
        var known = new AuditNames();
        foreach (var u in units) known.Units.TryAdd(u.Code, u.Name);
        foreach (var c in await db.UnitCategories.AsNoTracking().Where(c => c.OrganizationId == actor.OrganizationId).Select(c => new { c.Code, c.Name }).ToListAsync(ct))
        {
            known.Categories.TryAdd(c.Code, c.Name);
        }
        foreach (var u in await db.Users.AsNoTracking().Where(u => u.OrganizationId == actor.OrganizationId).Select(u => new { u.Id, u.UserName }).ToListAsync(ct))
        {
            if (u.UserName is not null) known.UserIds.TryAdd(u.Id, u.UserName);
        }
        var periods = Rows.Where(r => r.Period is not null && r.Entity is "datum" or "unit" or "evidence" or "exemption").Select(r => r.Period!).Distinct().ToList();
        foreach (var p in periods)
        {
            var document = await db.SchemeVersions.AsNoTracking().Where(v => v.OrganizationId == actor.OrganizationId && v.Period == p)
                .OrderByDescending(v => v.Version).Select(v => v.Document).FirstOrDefaultAsync(ct);
            if (document is not null) known.Indicators[p] = AuditNames.IndicatorsOf(document);
        }
        var change = new AuditChange(text, orgText, known, org);
        foreach (var r in Rows) Views[r.Seq] = change.View(r);
        return Page();
    }

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    public string UnitName(string code) => Units.FirstOrDefault(u => u.Code == code) is { Name: { } name } && name != code ? $"{code} {name}" : code;

    /// <summary>The address of another page with the same filters.</summary>
    public string PageUrl(int page)
    {
        var query = new List<string>();
        void Add(string name, string? value)
        {
            if (Empty(value) is { } v) query.Add($"{name}={Uri.EscapeDataString(v)}");
        }
        Add("user", UserFilter);
        Add("unit", Unit);
        Add("period", Period);
        Add("kind", Kind);
        if (page > 1) query.Add($"p={page}");
        return Routes.Audit(Org) + (query.Count > 0 ? "?" + string.Join('&', query) : "");
    }
}
