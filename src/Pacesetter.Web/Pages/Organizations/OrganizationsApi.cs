using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Data;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages.Organizations;

/// <summary>The API of accounts: who the bearer of a token is (to check a new token and to learn one's roles).</summary>
public static class OrganizationsApi
{
    public sealed record MeRole(string Role, string? Unit, IReadOnlyList<string>? Indicators);

    public sealed record Me(string UserName, string DisplayName, string Organization, IReadOnlyList<MeRole> Roles);

    public static IEndpointRouteBuilder MapOrganizationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Accounts").RequireAuthorization();
        group.MapGet("/me", GetMe).WithName("GetMe").WithSummary("The signed-in user (the token's owner): its organization and roles.");
        return app;
    }

    private static async Task<Results<Ok<Me>, UnauthorizedHttpResult>> GetMe(HttpContext http, PacesetterDb db)
    {
        var actor = await http.GetActorAsync();
        if (actor is null) return TypedResults.Unauthorized();
        var displayName = await db.Users.AsNoTracking().Where(u => u.Id == actor.UserId).Select(u => u.DisplayName).FirstAsync(http.RequestAborted);
        var roles = actor.Memberships
            .OrderBy(m => m.Role).ThenBy(m => m.UnitCode, StringComparer.Ordinal)
            .Select(m => new MeRole(m.Role.ToString(), m.UnitCode, m.Indicators is null ? null : m.IndicatorList()))
            .ToList();
        return TypedResults.Ok(new Me(actor.UserName, displayName, actor.Organization.Slug, roles));
    }
}
