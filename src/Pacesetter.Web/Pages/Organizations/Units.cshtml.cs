using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Access;
using Pacesetter.App.Organizations;
using Pacesetter.App.Writes;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Localization;

namespace Pacesetter.Web.Pages.Organizations;

/// <summary>
/// 单位与类别 the organization's unit categories and units: admins create, rename, move, retire and reinstate them;
/// leaders read. The page parses the forms and renders; <see cref="UnitService"/> checks, writes and audits.
/// </summary>
public sealed class UnitsModel(UnitService units, IStringLocalizer<OrganizationText> text) : PageModel
{
    public sealed record CategoryForm(string Code, string Name, string Order);

    public sealed record UnitForm(string Code, string Name, string CategoryId);

    [BindProperty(SupportsGet = true)] public string Org { get; set; } = "";

    public Actor Actor { get; private set; } = null!;
    public List<UnitCategory> Categories { get; private set; } = [];
    public List<Unit> Units { get; private set; } = [];
    public List<string> Errors { get; } = [];
    /// <summary>A stale form: what the row holds now.</summary>
    public string? Conflict { get; private set; }
    [TempData] public string? Done { get; set; }

    /// <summary>What the create forms held when the server refused them, to show them again.</summary>
    public CategoryForm NewCategory { get; private set; } = new("", "", "");
    public UnitForm NewUnit { get; private set; } = new("", "", "");

    private CancellationToken Ct => HttpContext.RequestAborted;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await Deny(write: false) is { } denied) return denied;
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostCreateCategoryAsync(string? code, string? name, string? order, string? reason)
    {
        if (await Deny(write: true) is { } denied) return denied;
        NewCategory = new(code?.Trim() ?? "", name?.Trim() ?? "", order ?? "");
        // No order: after the existing categories (issue #8: it went to the top as 0).
        var outcome = OrgRules.TryParseOrder(order, out var sortOrder)
            ? await units.CreateCategoryAsync(Actor, code ?? "", name ?? "", sortOrder, reason, Ct)
            : WriteOutcome<UnitCategory>.Invalid([OrgRules.BadOrder("$.order")]);
        return await Render(outcome, c => text["Done.CategoryCreated", c.Code], null);
    }

    public async Task<IActionResult> OnPostRenameCategoryAsync(int id, string? name, string? order, int version, string? reason)
    {
        if (await Deny(write: true) is { } denied) return denied;
        var current = await units.CategoryAsync(Actor.OrganizationId, id, Ct);
        // No order: the category keeps its place; an order that is not a whole number is refused.
        var sortOrder = OrgRules.TryParseOrder(order, out var typed) ? typed ?? current?.SortOrder : null;
        var outcome = await units.UpdateCategoryAsync(Actor, id, name ?? "", sortOrder, version, reason, Ct);
        return await Render(outcome, c => text["Done.CategoryRenamed", c.Code],
            c => text["Conflict.Category", c.Code, c.Name, c.SortOrder]);
    }

    public async Task<IActionResult> OnPostCreateUnitAsync(string? code, string? name, string? categoryId, string? reason)
    {
        if (await Deny(write: true) is { } denied) return denied;
        NewUnit = new(code?.Trim() ?? "", name?.Trim() ?? "", categoryId ?? "");
        var outcome = await units.CreateUnitAsync(Actor, code ?? "", name ?? "", CategoryId(categoryId), reason, Ct);
        return await Render(outcome, u => text["Done.UnitCreated", u.Code], null);
    }

    public async Task<IActionResult> OnPostRenameUnitAsync(int id, string? name, int version, string? reason)
    {
        if (await Deny(write: true) is { } denied) return denied;
        return await RenderUnit(await units.RenameUnitAsync(Actor, id, name ?? "", version, reason, Ct), "Done.UnitRenamed");
    }

    public async Task<IActionResult> OnPostMoveUnitAsync(int id, string? categoryId, int version, string? reason)
    {
        if (await Deny(write: true) is { } denied) return denied;
        return await RenderUnit(await units.MoveUnitAsync(Actor, id, CategoryId(categoryId), version, reason, Ct), "Done.UnitMoved");
    }

    public async Task<IActionResult> OnPostRetireUnitAsync(int id, int version, string? reason)
    {
        if (await Deny(write: true) is { } denied) return denied;
        return await RenderUnit(await units.RetireUnitAsync(Actor, id, version, reason, Ct), "Done.UnitRetired");
    }

    public async Task<IActionResult> OnPostReinstateUnitAsync(int id, int version, string? reason)
    {
        if (await Deny(write: true) is { } denied) return denied;
        return await RenderUnit(await units.ReinstateUnitAsync(Actor, id, version, reason, Ct), "Done.UnitReinstated");
    }

    /// <summary>The category of a unit's own state, named by its code.</summary>
    public string CategoryLabel(int? categoryId) =>
        Categories.FirstOrDefault(c => c.Id == categoryId) is { } c ? $"{c.Name}（{c.Code}）" : text["Units.NoCategory"];

    private Task<IActionResult> RenderUnit(WriteOutcome<Unit> outcome, string done) =>
        Render(outcome, u => text[done, u.Code], u => text["Conflict.Unit", u.Code, u.Name, CategoryLabel(u.CategoryId),
            u.RetiredAt is { } at ? text["Units.RetiredOn", ChinaTime.Date(at)] : text["Units.Active"]]);

    /// <summary>
    /// Renders an outcome: done → back to the list with its message; refused → the page again with the messages and
    /// the status of the outcome (a stale form shows what the row holds now).
    /// </summary>
    private async Task<IActionResult> Render<T>(WriteOutcome<T> outcome, Func<T, string> done, Func<T, string>? conflict)
    {
        switch (outcome.Status)
        {
            case WriteStatus.Ok:
                Done = done(outcome.Value!);
                return Redirect(Routes.Units(Org));
            case WriteStatus.NotFound:
                return NotFound();
            case WriteStatus.Forbidden:
                return StatusCode(StatusCodes.Status403Forbidden);
        }
        Response.StatusCode = Outcomes.StatusOf(outcome.Status);
        await LoadAsync();
        // Conflict has a value when the row is known: it reads differently now; else (a code taken in between) its message.
        if (outcome.Status == WriteStatus.Conflict && outcome.Value is { } now && conflict is not null) Conflict = conflict(now);
        else Errors.AddRange(outcome.Messages());
        return Page();
    }

    /// <summary>Not in this organization: 404; in it without the role: 403.</summary>
    private async Task<IActionResult?> Deny(bool write)
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null) return NotFound();
        Actor = actor;
        return actor.IsAdmin || (!write && actor.IsLeader) ? null : StatusCode(StatusCodes.Status403Forbidden);
    }

    private async Task LoadAsync()
    {
        Categories = await units.CategoriesAsync(Actor.OrganizationId, Ct);
        Units = await units.UnitsAsync(Actor.OrganizationId, ct: Ct);
    }

    /// <summary>The category picked in a form: empty is none; anything but an id is an unknown category (-1).</summary>
    private static int? CategoryId(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null
            : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1;
}
