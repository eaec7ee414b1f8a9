using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pacesetter.App.Data;

namespace Pacesetter.App.Accounts;

/// <summary>The sign-in rules of every door that makes or signs in users (the web host, <c>pacesetter admin create</c>): one copy.</summary>
public static class IdentityRules
{
    public static void Configure(IdentityOptions o)
    {
        o.Lockout.MaxFailedAccessAttempts = 5;
        o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        o.Lockout.AllowedForNewUsers = true;
        o.Password.RequiredLength = 10;
        o.Password.RequireNonAlphanumeric = false;
        o.User.RequireUniqueEmail = false;
    }

    /// <summary>
    /// Identity with these rules on the database, a user name unique within its organization only (ADR 0052): Identity's
    /// own validator, which looks for the name among all users, is replaced by <see cref="OrgUserNameValidator"/>.
    /// </summary>
    public static IdentityBuilder AddPacesetterIdentity(this IServiceCollection services)
    {
        var builder = services.AddIdentityCore<AppUser>(Configure).AddEntityFrameworkStores<PacesetterDb>();
        services.RemoveAll<IUserValidator<AppUser>>();
        services.AddScoped<IUserValidator<AppUser>, OrgUserNameValidator>();
        return builder;
    }
}

/// <summary>
/// A user name is Identity's allowed characters, and no other user of the same organization has it (names are compared
/// as Identity normalizes them). Another organization's "admin" is none of this organization's business (ADR 0052).
/// </summary>
public sealed class OrgUserNameValidator(PacesetterDb db) : IUserValidator<AppUser>
{
    public async Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user)
    {
        var name = await manager.GetUserNameAsync(user);
        var allowed = manager.Options.User.AllowedUserNameCharacters;
        if (string.IsNullOrWhiteSpace(name) || (!string.IsNullOrEmpty(allowed) && name.Any(c => !allowed.Contains(c))))
        {
            return IdentityResult.Failed(manager.ErrorDescriber.InvalidUserName(name));
        }
        var normalized = manager.NormalizeName(name);
        var taken = await db.Users.AsNoTracking()
            .AnyAsync(u => u.OrganizationId == user.OrganizationId && u.NormalizedUserName == normalized && u.Id != user.Id);
        return taken ? IdentityResult.Failed(manager.ErrorDescriber.DuplicateUserName(name)) : IdentityResult.Success;
    }
}
