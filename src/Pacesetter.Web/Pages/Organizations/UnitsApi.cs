using Microsoft.Extensions.Localization;
using Pacesetter.App.Organizations;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages.Organizations;

/// <summary>A unit as the API shows it: its code (the id of scheme files), name, category id (null: none), retirement and version.</summary>
public sealed record UnitDto(string Code, string Name, string? Category, DateTimeOffset? RetiredAt, int Version);

/// <summary>A category as the API shows it: its id (its code in scheme files), name, order and version.</summary>
public sealed record CategoryDto(string Id, string Name, int Order, int Version);

/// <summary>A unit to create or update: its name and its category's id (null or absent: none).</summary>
public sealed record UnitPut(string? Name, string? Category);

/// <summary>A category to create or update: its name and order (absent: after the existing ones for a new one, else unchanged).</summary>
public sealed record CategoryPut(string? Name, int? Order);

/// <summary>
/// 单位与类别 API: integrations sync units and categories from an organization directory. The same service as the
/// Units page (<see cref="UnitService"/>), so the same checks, versions and audit rows.
/// <list type="bullet">
/// <item>No token → 401; another organization → 404; GET: admins and leaders (who read the Units page), others 403;
/// PUT: admins only, others 403.</item>
/// <item>PUT creates the row when its code is new, else renames (and moves or reorders) it; the answer is the row as
/// it now stands. A category is named by its id, the code scheme files use.</item>
/// <item>Bad input → 400 ProblemDetails listing <c>{ "path", "message" }</c> (<c>$.code</c> the route's code,
/// <c>$.name</c>, <c>$.category</c>, <c>$.order</c>) in the request's language; a code taken in between → 409.</item>
/// </list>
/// </summary>
public static class UnitsApi
{
    public static IEndpointRouteBuilder MapUnitsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/orgs/{org}")
            .RequireAuthorization()
            .WithTags("Units")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/units", ListUnits).WithName("ListUnits")
            .WithSummary("The organization's units by code, retired ones included. Admins and leaders.")
            .Produces<List<UnitDto>>();
        group.MapPut("/units/{code}", PutUnit).WithName("PutUnit")
            .WithSummary("Creates the unit with this code, or renames it and moves it to the category (by id; null: none). Admins; audited.")
            .Produces<UnitDto>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/categories", ListCategories).WithName("ListCategories")
            .WithSummary("The organization's unit categories by order. Admins and leaders.")
            .Produces<List<CategoryDto>>();
        group.MapPut("/categories/{id}", PutCategory).WithName("PutCategory")
            .WithSummary("Creates the category with this id, or renames and reorders it. Admins; audited.")
            .Produces<CategoryDto>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<IResult> ListUnits(string org, HttpContext http, UnitService units, IStringLocalizer<OutcomeText> text)
    {
        var actor = await http.GetActorInAsync(org);
        if (actor is null) return Outcomes.Problem(StatusCodes.Status404NotFound, text["Outcome.NotFound"]);
        if (!actor.ReadsAll) return Outcomes.Problem(StatusCodes.Status403Forbidden, text["Outcome.Forbidden"]);
        var codes = (await units.CategoriesAsync(actor.OrganizationId, http.RequestAborted)).ToDictionary(c => c.Id, c => c.Code);
        var rows = await units.UnitsAsync(actor.OrganizationId, ct: http.RequestAborted);
        return TypedResults.Ok(rows.Select(u => Dto(u, codes)).ToList());
    }

    private static async Task<IResult> PutUnit(string org, string code, UnitPut body, HttpContext http, UnitService units, IStringLocalizer<OutcomeText> text)
    {
        var actor = await http.GetActorInAsync(org);
        if (actor is null) return Outcomes.Problem(StatusCodes.Status404NotFound, text["Outcome.NotFound"]);
        int? categoryId = null;
        if (body.Category is { } category)
        {
            // An unknown id is the service's problem at $.category (-1 is no category's id).
            categoryId = actor.IsAdmin ? (await units.CategoryByCodeAsync(actor.OrganizationId, category, http.RequestAborted))?.Id ?? -1 : null;
        }
        var outcome = await units.PutUnitAsync(actor, code, body.Name ?? "", categoryId, http.RequestAborted);
        var codes = outcome.IsOk ? (await units.CategoriesAsync(actor.OrganizationId, http.RequestAborted)).ToDictionary(c => c.Id, c => c.Code) : [];
        return outcome.ToHttpResult(u => TypedResults.Ok(Dto(u, codes)), text);
    }

    private static async Task<IResult> ListCategories(string org, HttpContext http, UnitService units, IStringLocalizer<OutcomeText> text)
    {
        var actor = await http.GetActorInAsync(org);
        if (actor is null) return Outcomes.Problem(StatusCodes.Status404NotFound, text["Outcome.NotFound"]);
        if (!actor.ReadsAll) return Outcomes.Problem(StatusCodes.Status403Forbidden, text["Outcome.Forbidden"]);
        var rows = await units.CategoriesAsync(actor.OrganizationId, http.RequestAborted);
        return TypedResults.Ok(rows.Select(Dto).ToList());
    }

    private static async Task<IResult> PutCategory(string org, string id, CategoryPut body, HttpContext http, UnitService units, IStringLocalizer<OutcomeText> text)
    {
        var actor = await http.GetActorInAsync(org);
        if (actor is null) return Outcomes.Problem(StatusCodes.Status404NotFound, text["Outcome.NotFound"]);
        var outcome = await units.PutCategoryAsync(actor, id, body.Name ?? "", body.Order, http.RequestAborted);
        return outcome.ToHttpResult(c => TypedResults.Ok(Dto(c)), text);
    }

    private static UnitDto Dto(Unit u, Dictionary<int, string> categories) =>
        new(u.Code, u.Name, u.CategoryId is { } c ? categories.GetValueOrDefault(c) : null, u.RetiredAt, u.Version);

    private static CategoryDto Dto(UnitCategory c) => new(c.Code, c.Name, c.SortOrder, c.Version);
}
