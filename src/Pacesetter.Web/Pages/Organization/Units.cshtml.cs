using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Access;
using Pacesetter.App.Audit;
using Pacesetter.App.Data;
using Pacesetter.App.Organizations;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Localization;
using Pacesetter.Web.Organizations;

namespace Pacesetter.Web.Pages.Organizations;

/// <summary>
/// 单位与类别 the organization's unit categories and units: admins create, rename, move, retire and reinstate them;
/// leaders read. Every change is audited in its transaction and checked against the row's version.
/// </summary>
public sealed class UnitsModel(PacesetterDb db, IStringLocalizer<OrganizationText> text) : PageModel
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

    /// <summary>The audit row's reason column holds this many characters.</summary>
    private const int ReasonMax = 2000;

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
        code = code?.Trim() ?? "";
        name = name?.Trim() ?? "";
        NewCategory = new(code, name, order ?? "");
        CheckCode(code);
        CheckName(name);
        var sortOrder = ParseOrder(order);
        if (Errors.Count == 0 && await db.UnitCategories.AnyAsync(c => c.OrganizationId == Actor.OrganizationId && c.Code == code, Ct))
        {
            Errors.Add(text["Error.CategoryCodeTaken", code]);
        }
        if (Errors.Count > 0) return await Refused(StatusCodes.Status400BadRequest);
        var row = new UnitCategory { OrganizationId = Actor.OrganizationId, Code = code, Name = name, SortOrder = sortOrder, Version = 1 };
        return await SaveAsync(async () =>
        {
            db.UnitCategories.Add(row);
            await Audit("category.create", "category", code, null, null, CategoryState(row), reason);
        }, text["Done.CategoryCreated", code], null);
    }

    public async Task<IActionResult> OnPostRenameCategoryAsync(int id, string? name, string? order, int version, string? reason)
    {
        if (await Deny(write: true) is { } denied) return denied;
        var row = await db.UnitCategories.FirstOrDefaultAsync(c => c.Id == id && c.OrganizationId == Actor.OrganizationId, Ct);
        if (row is null) return NotFound();
        name = name?.Trim() ?? "";
        CheckName(name);
        var sortOrder = order is null ? row.SortOrder : ParseOrder(order);
        if (Errors.Count > 0) return await Refused(StatusCodes.Status400BadRequest);
        if (row.Version != version) return await CategoryConflict(id);
        var before = CategoryState(row);
        row.Name = name;
        row.SortOrder = sortOrder;
        row.Version++;
        return await SaveAsync(
            () => Audit("category.rename", "category", row.Code, null, before, CategoryState(row), reason),
            text["Done.CategoryRenamed", row.Code], () => CategoryConflict(id));
    }

    public async Task<IActionResult> OnPostCreateUnitAsync(string? code, string? name, string? categoryId, string? reason)
    {
        if (await Deny(write: true) is { } denied) return denied;
        code = code?.Trim() ?? "";
        name = name?.Trim() ?? "";
        NewUnit = new(code, name, categoryId ?? "");
        CheckCode(code);
        CheckName(name);
        var category = await CategoryOf(categoryId);
        if (Errors.Count == 0 && await db.Units.AnyAsync(u => u.OrganizationId == Actor.OrganizationId && u.Code == code, Ct))
        {
            Errors.Add(text["Error.UnitCodeTaken", code]);
        }
        if (Errors.Count > 0) return await Refused(StatusCodes.Status400BadRequest);
        var row = new Unit { OrganizationId = Actor.OrganizationId, Code = code, Name = name, CategoryId = category?.Id, Version = 1 };
        return await SaveAsync(async () =>
        {
            db.Units.Add(row);
            await Audit("unit.create", "unit", code, code, null, UnitState(row, category), reason);
        }, text["Done.UnitCreated", code], null);
    }

    public async Task<IActionResult> OnPostRenameUnitAsync(int id, string? name, int version, string? reason)
    {
        if (await Deny(write: true) is { } denied) return denied;
        var row = await FindUnit(id);
        if (row is null) return NotFound();
        name = name?.Trim() ?? "";
        CheckName(name);
        if (Errors.Count > 0) return await Refused(StatusCodes.Status400BadRequest);
        return await ChangeUnit(row, version, "unit.rename", u => u.Name = name, reason, text["Done.UnitRenamed", row.Code]);
    }

    public async Task<IActionResult> OnPostMoveUnitAsync(int id, string? categoryId, int version, string? reason)
    {
        if (await Deny(write: true) is { } denied) return denied;
        var row = await FindUnit(id);
        if (row is null) return NotFound();
        var category = await CategoryOf(categoryId);
        if (Errors.Count > 0) return await Refused(StatusCodes.Status400BadRequest);
        return await ChangeUnit(row, version, "unit.move", u => u.CategoryId = category?.Id, reason, text["Done.UnitMoved", row.Code]);
    }

    public async Task<IActionResult> OnPostRetireUnitAsync(int id, int version, string? reason)
    {
        if (await Deny(write: true) is { } denied) return denied;
        var row = await FindUnit(id);
        if (row is null) return NotFound();
        if (row.RetiredAt is not null && row.Version == version) return Redirect(Routes.Units(Org));
        // Whole seconds: the date shown and the audit row agree on every database.
        var now = DateTimeOffset.UtcNow;
        return await ChangeUnit(row, version, "unit.retire", u => u.RetiredAt = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond)), reason, text["Done.UnitRetired", row.Code]);
    }

    public async Task<IActionResult> OnPostReinstateUnitAsync(int id, int version, string? reason)
    {
        if (await Deny(write: true) is { } denied) return denied;
        var row = await FindUnit(id);
        if (row is null) return NotFound();
        if (row.RetiredAt is null && row.Version == version) return Redirect(Routes.Units(Org));
        return await ChangeUnit(row, version, "unit.reinstate", u => u.RetiredAt = null, reason, text["Done.UnitReinstated", row.Code]);
    }

    /// <summary>The category of a unit's own state, named by its code.</summary>
    public string CategoryLabel(int? categoryId) =>
        Categories.FirstOrDefault(c => c.Id == categoryId) is { } c ? $"{c.Name}（{c.Code}）" : text["Units.NoCategory"];

    private async Task<IActionResult> ChangeUnit(Unit row, int version, string kind, Action<Unit> change, string? reason, string done)
    {
        if (Errors.Count > 0) return await Refused(StatusCodes.Status400BadRequest);
        if (row.Version != version) return await UnitConflict(row.Id);
        var before = UnitState(row, await CategoryById(row.CategoryId));
        change(row);
        row.Version++;
        return await SaveAsync(
            async () => await Audit(kind, "unit", row.Code, row.Code, before, UnitState(row, await CategoryById(row.CategoryId)), reason),
            done, () => UnitConflict(row.Id));
    }

    private async Task<IActionResult> SaveAsync(Func<Task> change, string done, Func<Task<IActionResult>>? conflict)
    {
        try
        {
            await db.InTransactionAsync(async () =>
            {
                await change();
                await db.SaveChangesAsync(Ct);
                return 0;
            }, Ct);
        }
        catch (DbUpdateConcurrencyException) when (conflict is not null)
        {
            db.ChangeTracker.Clear();
            return await conflict();
        }
        catch (DbUpdateException)
        {
            // Another admin created the same code between the check and the save (the unique index refused it).
            db.ChangeTracker.Clear();
            Errors.Add(text["Error.Duplicate"]);
            return await Refused(StatusCodes.Status409Conflict);
        }
        Done = done;
        return Redirect(Routes.Units(Org));
    }

    private async Task<IActionResult> UnitConflict(int id)
    {
        var now = await db.Units.AsNoTracking().FirstAsync(u => u.Id == id, Ct);
        await LoadAsync();
        Conflict = text["Conflict.Unit", now.Code, now.Name, CategoryLabel(now.CategoryId),
            now.RetiredAt is { } at ? text["Units.RetiredOn", ChinaTime.Date(at)] : text["Units.Active"]];
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private async Task<IActionResult> CategoryConflict(int id)
    {
        var now = await db.UnitCategories.AsNoTracking().FirstAsync(c => c.Id == id, Ct);
        await LoadAsync();
        Conflict = text["Conflict.Category", now.Code, now.Name, now.SortOrder];
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private async Task<IActionResult> Refused(int status)
    {
        Response.StatusCode = status;
        await LoadAsync();
        return Page();
    }

    /// <summary>Not in this organization: 404; in it without the role: 403.</summary>
    private async Task<IActionResult?> Deny(bool write)
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null) return NotFound();
        Actor = actor;
        if (write && Request.Form.TryGetValue("reason", out var reason) && reason.ToString().Trim().Length > ReasonMax)
        {
            Errors.Add(text["Error.Reason", text["Field.Reason"], ReasonMax]);
        }
        return actor.IsAdmin || (!write && actor.IsLeader) ? null : StatusCode(StatusCodes.Status403Forbidden);
    }

    private async Task LoadAsync()
    {
        Categories = await db.UnitCategories.AsNoTracking().Where(c => c.OrganizationId == Actor.OrganizationId).ToListAsync(Ct);
        Categories = Categories.OrderBy(c => c.SortOrder).ThenBy(c => c.Code, StringComparer.Ordinal).ToList();
        Units = await db.Units.AsNoTracking().Where(u => u.OrganizationId == Actor.OrganizationId).ToListAsync(Ct);
        Units = Units.OrderBy(u => u.Code, StringComparer.Ordinal).ToList();
    }

    private Task<Unit?> FindUnit(int id) => db.Units.FirstOrDefaultAsync(u => u.Id == id && u.OrganizationId == Actor.OrganizationId, Ct);

    private Task<UnitCategory?> CategoryById(int? id) =>
        id is null ? Task.FromResult<UnitCategory?>(null) : db.UnitCategories.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, Ct);

    /// <summary>The category picked in a form (empty: none); an unknown one is a field error.</summary>
    private async Task<UnitCategory?> CategoryOf(string? categoryId)
    {
        if (string.IsNullOrWhiteSpace(categoryId)) return null;
        var category = int.TryParse(categoryId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? await db.UnitCategories.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.OrganizationId == Actor.OrganizationId, Ct)
            : null;
        if (category is null) Errors.Add(text["Error.Category", text["Field.Category"]]);
        return category;
    }

    private void CheckCode(string code)
    {
        if (!OrgRules.Code().IsMatch(code)) Errors.Add(text["Error.Code", text["Field.Code"]]);
    }

    private void CheckName(string name)
    {
        if (!OrgRules.IsName(name)) Errors.Add(text["Error.Name", text["Field.Name"], OrgRules.NameMax]);
    }

    private int ParseOrder(string? order)
    {
        if (string.IsNullOrWhiteSpace(order)) return 0;
        if (int.TryParse(order.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n is >= -100000 and <= 100000) return n;
        Errors.Add(text["Error.Order", text["Field.Order"]]);
        return 0;
    }

    private async Task Audit(string kind, string entity, string key, string? unit, string? before, string after, string? reason) =>
        await AuditLog.Append(db, Actor.OrganizationId, new AuditRecord(Actor.UserName, kind, entity, key, null, unit, before, after,
            string.IsNullOrWhiteSpace(reason) ? null : reason.Trim()), Ct);

    private static string CategoryState(UnitCategory c) => OrgRules.Json(new { code = c.Code, name = c.Name, order = c.SortOrder });

    private static string UnitState(Unit u, UnitCategory? category) => OrgRules.Json(new
    {
        code = u.Code,
        name = u.Name,
        category = category?.Code,
        retiredAt = u.RetiredAt?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
    });
}
