using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Access;
using Pacesetter.App.Data;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;

namespace Pacesetter.App.Organizations;

/// <summary>
/// 单位与类别 the organization's unit categories and units: admins create, rename, move, retire and reinstate them
/// (the Units page and <c>/api/orgs/{org}/units|categories</c>); admins and leaders read them. Every change is one
/// audited write, checked against the row's version when the caller names the version it edits.
/// </summary>
public sealed class UnitService(PacesetterDb db)
{
    private readonly OrgWriter writer = new(db);

    public static readonly Problem Duplicate = new("$.code", "The code is already used: another admin has just created it.", "代码已被使用：另一位管理员刚刚创建了它。");

    /// <summary>The organization's categories by order, then code.</summary>
    public async Task<List<UnitCategory>> CategoriesAsync(int organizationId, CancellationToken ct = default)
    {
        var rows = await db.UnitCategories.AsNoTracking().Where(c => c.OrganizationId == organizationId).ToListAsync(ct);
        return rows.OrderBy(c => c.SortOrder).ThenBy(c => c.Code, StringComparer.Ordinal).ToList();
    }

    /// <summary>The organization's units (retired ones included) by code.</summary>
    public async Task<List<Unit>> UnitsAsync(int organizationId, bool activeOnly = false, CancellationToken ct = default)
    {
        var q = db.Units.AsNoTracking().Where(u => u.OrganizationId == organizationId);
        if (activeOnly) q = q.Where(u => u.RetiredAt == null);
        return (await q.ToListAsync(ct)).OrderBy(u => u.Code, StringComparer.Ordinal).ToList();
    }

    public Task<Unit?> UnitAsync(int organizationId, int id, CancellationToken ct = default) =>
        db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id && u.OrganizationId == organizationId, ct);

    public Task<UnitCategory?> CategoryAsync(int organizationId, int id, CancellationToken ct = default) =>
        db.UnitCategories.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.OrganizationId == organizationId, ct);

    /// <summary>The category with this code; none for a code the rule refuses (PostgreSQL cannot even be asked about one holding NUL).</summary>
    public async Task<UnitCategory?> CategoryByCodeAsync(int organizationId, string code, CancellationToken ct = default) =>
        OrgRules.Code().IsMatch(code) ? await db.UnitCategories.AsNoTracking().FirstOrDefaultAsync(c => c.Code == code && c.OrganizationId == organizationId, ct) : null;

    public async Task<WriteOutcome<UnitCategory>> CreateCategoryAsync(Actor actor, string code, string name, int? order, string? reason, CancellationToken ct = default) =>
        actor.IsAdmin
            ? await writer.RunAsync(actor.OrganizationId, actor.UserName, w => CreateCategoryInAsync(w, code, name, order, reason),
                () => Task.FromResult(WriteOutcome<UnitCategory>.Conflict(Duplicate)), ct)
            : WriteOutcome<UnitCategory>.Forbidden();

    /// <summary>
    /// Creates a category of the write's organization inside an open write (the Units page's, the API's, the demo's).
    /// Without an order it goes after the existing ones (the greatest order + 1; 1 for the first), never to the top.
    /// </summary>
    public async Task<WriteOutcome<UnitCategory>> CreateCategoryInAsync(AuditedWrite w, string code, string name, int? order, string? reason = null)
    {
        code = code.Trim();
        name = name.Trim();
        var problems = new List<Problem>();
        if (!OrgRules.Code().IsMatch(code)) problems.Add(OrgRules.BadCode("$.code", OrgRules.CodeField));
        if (OrgRules.CheckName("$.name", OrgRules.NameField, name) is { } badName) problems.Add(badName);
        problems.AddRange(OrgRules.CheckReason(reason));
        if (problems.Count == 0 && await db.UnitCategories.AnyAsync(c => c.OrganizationId == w.OrganizationId && c.Code == code, w.Ct))
        {
            problems.Add(new("$.code", $"The category code {code} is already used.", $"类别代码“{code}”已被使用。"));
        }
        if (problems.Count > 0) return WriteOutcome<UnitCategory>.Invalid(problems);
        order ??= Math.Min(OrgRules.OrderLimit, (await db.UnitCategories.Where(c => c.OrganizationId == w.OrganizationId).MaxAsync(c => (int?)c.SortOrder, w.Ct) ?? 0) + 1);
        var row = new UnitCategory { OrganizationId = w.OrganizationId, Code = code, Name = name, SortOrder = order.Value, Version = 1 };
        db.UnitCategories.Add(row);
        await w.Audit("category.create", "category", code, after: CategoryState(row), reason: reason);
        // Units point at it by id.
        await w.SaveAsync();
        return WriteOutcome<UnitCategory>.Ok(row);
    }

    /// <summary>Renames or reorders a category; <paramref name="expectedVersion"/> null: whatever its version (the API's PUT).</summary>
    public async Task<WriteOutcome<UnitCategory>> UpdateCategoryAsync(Actor actor, int id, string name, int? order, int? expectedVersion, string? reason, CancellationToken ct = default)
    {
        if (!actor.IsAdmin) return WriteOutcome<UnitCategory>.Forbidden();
        name = name.Trim();
        var problems = new List<Problem>();
        if (OrgRules.CheckName("$.name", OrgRules.NameField, name) is { } badName) problems.Add(badName);
        if (order is null) problems.Add(OrgRules.BadOrder("$.order"));
        problems.AddRange(OrgRules.CheckReason(reason));
        if (await CategoryAsync(actor.OrganizationId, id, ct) is null) return WriteOutcome<UnitCategory>.NotFound();
        if (problems.Count > 0) return WriteOutcome<UnitCategory>.Invalid(problems);
        return await writer.RunAsync(actor.OrganizationId, actor.UserName, async w =>
        {
            var row = await db.UnitCategories.FirstAsync(c => c.Id == id, ct);
            if (expectedVersion is { } v && row.Version != v) return WriteOutcome<UnitCategory>.Conflict(WriteMessages.Changed, row);
            if (row.Name == name && row.SortOrder == order) return WriteOutcome<UnitCategory>.Ok(row);
            var before = CategoryState(row);
            row.Name = name;
            row.SortOrder = order!.Value;
            row.Version++;
            await w.Audit("category.rename", "category", row.Code, before: before, after: CategoryState(row), reason: reason);
            return WriteOutcome<UnitCategory>.Ok(row);
        }, async () => WriteOutcome<UnitCategory>.Conflict(WriteMessages.Changed, await CategoryAsync(actor.OrganizationId, id, ct)), ct);
    }

    /// <summary>PUT of the API: creates the category with this code, or renames and reorders it (no order: 0 for a new one, else unchanged).</summary>
    public async Task<WriteOutcome<UnitCategory>> PutCategoryAsync(Actor actor, string code, string name, int? order, CancellationToken ct = default)
    {
        if (!actor.IsAdmin) return WriteOutcome<UnitCategory>.Forbidden();
        if (OrgRules.Code().IsMatch(code) && await CategoryByCodeAsync(actor.OrganizationId, code, ct) is { } existing)
        {
            return await UpdateCategoryAsync(actor, existing.Id, name, order ?? existing.SortOrder, null, null, ct);
        }
        return await CreateCategoryAsync(actor, code, name, order, null, ct);
    }

    public async Task<WriteOutcome<Unit>> CreateUnitAsync(Actor actor, string code, string name, int? categoryId, string? reason, CancellationToken ct = default) =>
        actor.IsAdmin
            ? await writer.RunAsync(actor.OrganizationId, actor.UserName, w => CreateUnitInAsync(w, code, name, categoryId, reason),
                () => Task.FromResult(WriteOutcome<Unit>.Conflict(Duplicate)), ct)
            : WriteOutcome<Unit>.Forbidden();

    /// <summary>Creates a unit of the write's organization inside an open write.</summary>
    public async Task<WriteOutcome<Unit>> CreateUnitInAsync(AuditedWrite w, string code, string name, int? categoryId, string? reason = null)
    {
        code = code.Trim();
        name = name.Trim();
        var problems = new List<Problem>();
        if (!OrgRules.Code().IsMatch(code)) problems.Add(OrgRules.BadCode("$.code", OrgRules.CodeField));
        if (OrgRules.CheckName("$.name", OrgRules.NameField, name) is { } badName) problems.Add(badName);
        problems.AddRange(OrgRules.CheckReason(reason));
        var category = await CategoryOfAsync(w.OrganizationId, categoryId, problems, w.Ct);
        if (problems.Count == 0 && await db.Units.AnyAsync(u => u.OrganizationId == w.OrganizationId && u.Code == code, w.Ct))
        {
            problems.Add(new("$.code", $"The unit code {code} is already used (retired units included).", $"单位代码“{code}”已被使用（包括已撤销的单位）。"));
        }
        if (problems.Count > 0) return WriteOutcome<Unit>.Invalid(problems);
        var row = new Unit { OrganizationId = w.OrganizationId, Code = code, Name = name, CategoryId = category?.Id, Version = 1 };
        db.Units.Add(row);
        await w.Audit("unit.create", "unit", code, unit: code, after: UnitState(row, category), reason: reason);
        return WriteOutcome<Unit>.Ok(row);
    }

    public Task<WriteOutcome<Unit>> RenameUnitAsync(Actor actor, int id, string name, int? expectedVersion, string? reason, CancellationToken ct = default)
    {
        name = name.Trim();
        List<Problem> problems = OrgRules.CheckName("$.name", OrgRules.NameField, name) is { } badName ? [badName] : [];
        return ChangeUnitAsync(actor, id, expectedVersion, "unit.rename", problems, reason, u => u.Name == name, u => u.Name = name, ct);
    }

    public async Task<WriteOutcome<Unit>> MoveUnitAsync(Actor actor, int id, int? categoryId, int? expectedVersion, string? reason, CancellationToken ct = default)
    {
        var problems = new List<Problem>();
        var category = actor.IsAdmin ? await CategoryOfAsync(actor.OrganizationId, categoryId, problems, ct) : null;
        return await ChangeUnitAsync(actor, id, expectedVersion, "unit.move", problems, reason, u => u.CategoryId == category?.Id, u => u.CategoryId = category?.Id, ct);
    }

    /// <summary>Retires the unit (its history is kept); a retired unit is left as it is.</summary>
    public Task<WriteOutcome<Unit>> RetireUnitAsync(Actor actor, int id, int? expectedVersion, string? reason, CancellationToken ct = default)
    {
        // Whole seconds: the date shown and the audit row agree on every database.
        var now = DateTimeOffset.UtcNow;
        var at = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        return ChangeUnitAsync(actor, id, expectedVersion, "unit.retire", [], reason, u => u.RetiredAt is not null, u => u.RetiredAt = at, ct);
    }

    public Task<WriteOutcome<Unit>> ReinstateUnitAsync(Actor actor, int id, int? expectedVersion, string? reason, CancellationToken ct = default) =>
        ChangeUnitAsync(actor, id, expectedVersion, "unit.reinstate", [], reason, u => u.RetiredAt is null, u => u.RetiredAt = null, ct);

    /// <summary>PUT of the API: creates the unit with this code, or renames it and moves it to the category (null: none).</summary>
    public async Task<WriteOutcome<Unit>> PutUnitAsync(Actor actor, string code, string name, int? categoryId, CancellationToken ct = default)
    {
        if (!actor.IsAdmin) return WriteOutcome<Unit>.Forbidden();
        var existing = OrgRules.Code().IsMatch(code)
            ? await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.OrganizationId == actor.OrganizationId && u.Code == code, ct)
            : null;
        if (existing is null) return await CreateUnitAsync(actor, code, name, categoryId, null, ct);
        name = name.Trim();
        var problems = new List<Problem>();
        if (OrgRules.CheckName("$.name", OrgRules.NameField, name) is { } badName) problems.Add(badName);
        var category = await CategoryOfAsync(actor.OrganizationId, categoryId, problems, ct);
        var kind = existing.Name != name ? "unit.rename" : "unit.move";
        return await ChangeUnitAsync(actor, existing.Id, null, kind, problems, null,
            u => u.Name == name && u.CategoryId == category?.Id,
            u =>
            {
                u.Name = name;
                u.CategoryId = category?.Id;
            }, ct);
    }

    /// <summary>
    /// One change of a unit: refused without the admin role (403), for another organization's or no unit (404), with
    /// problems (400), or when the version differs (409, with the row as it stands); a change that changes nothing
    /// writes nothing.
    /// </summary>
    private async Task<WriteOutcome<Unit>> ChangeUnitAsync(Actor actor, int id, int? expectedVersion, string kind, List<Problem> problems, string? reason,
        Func<Unit, bool> unchanged, Action<Unit> change, CancellationToken ct)
    {
        if (!actor.IsAdmin) return WriteOutcome<Unit>.Forbidden();
        problems.AddRange(OrgRules.CheckReason(reason));
        if (await UnitAsync(actor.OrganizationId, id, ct) is null) return WriteOutcome<Unit>.NotFound();
        if (problems.Count > 0) return WriteOutcome<Unit>.Invalid(problems);
        return await writer.RunAsync(actor.OrganizationId, actor.UserName, async w =>
        {
            var row = await db.Units.FirstAsync(u => u.Id == id, ct);
            if (expectedVersion is { } v && row.Version != v) return WriteOutcome<Unit>.Conflict(WriteMessages.Changed, row);
            if (unchanged(row)) return WriteOutcome<Unit>.Ok(row);
            var before = UnitState(row, await CategoryAsync(actor.OrganizationId, row.CategoryId ?? 0, ct));
            change(row);
            row.Version++;
            var after = UnitState(row, await CategoryAsync(actor.OrganizationId, row.CategoryId ?? 0, ct));
            await w.Audit(kind, "unit", row.Code, unit: row.Code, before: before, after: after, reason: reason);
            return WriteOutcome<Unit>.Ok(row);
        }, async () => WriteOutcome<Unit>.Conflict(WriteMessages.Changed, await UnitAsync(actor.OrganizationId, id, ct)), ct);
    }

    /// <summary>The category named by id (null: none); an unknown one is a problem of <c>$.category</c>.</summary>
    private async Task<UnitCategory?> CategoryOfAsync(int organizationId, int? categoryId, List<Problem> problems, CancellationToken ct)
    {
        if (categoryId is null) return null;
        var category = await CategoryAsync(organizationId, categoryId.Value, ct);
        if (category is null) problems.Add(OrgRules.NoSuchCategory("$.category"));
        return category;
    }

    public static string CategoryState(UnitCategory c) => OrgRules.Json(new { code = c.Code, name = c.Name, order = c.SortOrder });

    public static string UnitState(Unit u, UnitCategory? category) => OrgRules.Json(new
    {
        code = u.Code,
        name = u.Name,
        category = category?.Code,
        retiredAt = u.RetiredAt?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
    });
}
