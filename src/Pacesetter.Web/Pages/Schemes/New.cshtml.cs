using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Access;
using Pacesetter.App.Organizations;
using Pacesetter.App.Schemes;
using Pacesetter.Scoring;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Localization;

namespace Pacesetter.Web.Pages.Schemes;

/// <summary>
/// 新建考核方案 a period's first scheme from nothing (a new organization has no period to copy): the admin names the
/// period and the scheme and picks a start — empty, or the template of the demo's four categories. Nothing is saved
/// here: the designer opens the new document as a draft, and its first save is version 1 (ADR 0012).
/// </summary>
public sealed class NewModel(SchemeStore store, IStringLocalizer<SchemesText> text) : PageModel
{
    public string Org { get; private set; } = "";

    [BindProperty] public string? Period { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string Start { get; set; } = SchemeTemplates.Empty;

    public Dictionary<string, string> Errors { get; } = [];

    public async Task<IActionResult> OnGetAsync(string org)
    {
        if (await LoadAsync(org) is { } denied) return denied;
        // The quarter of today in Beijing, as a first suggestion.
        var now = ChinaTime.Of(DateTimeOffset.UtcNow);
        Period = $"{now.Year}-Q{(now.Month + 2) / 3}";
        Name = SchemeTemplates.DefaultName(Period);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string org)
    {
        if (await LoadAsync(org) is { } denied) return denied;
        var period = (Period ?? "").Trim();
        var name = (Name ?? "").Trim();
        if (period.Length == 0) Errors["period"] = text["New.PeriodRequired"];
        else if (period.Length > 16 || !Periods.IsValid(period)) Errors["period"] = text["New.PeriodInvalid", period];
        else if (await store.CurrentAsync(actor.OrganizationId, period, HttpContext.RequestAborted) is not null) Errors["period"] = text["New.PeriodExists", period];
        if (name.Length == 0 && Errors.Count == 0) name = SchemeTemplates.DefaultName(period);
        if (name.Length > 0 && !OrgRules.IsName(name)) Errors["name"] = text["Form.NameLength", text["Scheme.Name"], OrgRules.NameMax];
        if (!SchemeTemplates.All.Contains(Start)) Errors["start"] = text["Form.NotChoice", text["New.Start"], Start];
        if (Errors.Count > 0) return Page();
        return Redirect($"{Routes.Scheme(org, period)}?start={Uri.EscapeDataString(Start)}&name={Uri.EscapeDataString(name)}");
    }

    private Actor actor = null!;

    /// <summary>Null for an admin of the organization; else 404 (another organization) or 403 (not an admin).</summary>
    private async Task<IActionResult?> LoadAsync(string org)
    {
        Org = org;
        if (await HttpContext.GetActorInAsync(org) is not Actor a) return NotFound();
        if (!a.IsAdmin) return Forbid();
        actor = a;
        return null;
    }
}
