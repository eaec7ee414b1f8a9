using Microsoft.AspNetCore.Identity;

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
}
