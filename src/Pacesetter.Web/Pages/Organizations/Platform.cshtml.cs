using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Access;
using Pacesetter.App.Organizations;
using Pacesetter.App.Writes;
using Pacesetter.Web.Auth;
using Org = Pacesetter.App.Organizations.Organization;

namespace Pacesetter.Web.Pages.Organizations;

/// <summary>The platform's organizations: platform admins list them and create one with its first admin (<see cref="OrganizationService"/>).</summary>
public sealed class PlatformModel(OrganizationService organizations, IStringLocalizer<OrganizationText> text) : PageModel
{
    public sealed record OrgRow(Org Organization, int Users);

    public sealed record NewOrgForm(string Slug, string Name, string AdminUserName);

    public Actor Actor { get; private set; } = null!;
    public List<OrgRow> Rows { get; private set; } = [];
    public List<string> Errors { get; } = [];
    [TempData] public string? Done { get; set; }
    public NewOrgForm NewOrg { get; private set; } = new("", "", "");

    private CancellationToken Ct => HttpContext.RequestAborted;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await Deny() is { } denied) return denied;
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? slug, string? name, string? adminUserName, string? adminPassword)
    {
        if (await Deny() is { } denied) return denied;
        NewOrg = new(slug?.Trim() ?? "", name?.Trim() ?? "", adminUserName?.Trim() ?? "");
        var outcome = await organizations.CreateAsync(Actor, slug ?? "", name ?? "", adminUserName ?? "", adminPassword, Ct);
        if (outcome.IsOk)
        {
            Done = text["Done.OrganizationCreated", outcome.Value!.Slug, NewOrg.AdminUserName];
            return Redirect(PlatformPath);
        }
        if (outcome.Status == WriteStatus.Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
        Errors.AddRange(outcome.Messages());
        Response.StatusCode = outcome.Status == WriteStatus.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        await LoadAsync();
        return Page();
    }

    public const string PlatformPath = "/platform/organizations";

    private async Task<IActionResult?> Deny()
    {
        var actor = await HttpContext.GetActorAsync();
        if (actor is null || !actor.IsPlatformAdmin) return StatusCode(StatusCodes.Status403Forbidden);
        Actor = actor;
        return null;
    }

    private async Task LoadAsync() =>
        Rows = (await organizations.ListAsync(Ct)).Select(x => new OrgRow(x.Organization, x.Users)).ToList();
}
