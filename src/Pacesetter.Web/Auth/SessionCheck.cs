using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Pacesetter.App.Data;
using Pacesetter.App.Writes;

namespace Pacesetter.Web.Auth;

/// <summary>
/// Every signed-in request's check that its session still stands: the cookie's security stamp must equal the user's.
/// Locking a user or resetting its password renews the stamp (UserService), so open sessions end at the next request
/// (Identity's own validator checks every 30 minutes by default; checked on every request it also rebuilt the principal
/// and re-issued the cookie each time). The stamp is read through <see cref="RecentReads"/>: never past a write of this
/// process, at most its moment behind a write made on another instance (ADR 0026).
/// </summary>
public static class SessionCheck
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var stampClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var userId = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = context.Principal?.FindFirstValue(stampClaim);
        var ct = context.HttpContext.RequestAborted;
        var current = userId is null ? null : await services.GetRequiredService<RecentReads>().GetAsync(("security-stamp", userId), () =>
            services.GetRequiredService<PacesetterDb>().Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.SecurityStamp).FirstOrDefaultAsync(ct));
        if (current is not null && stamp is not null && string.Equals(current, stamp, StringComparison.Ordinal)) return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(context.Scheme.Name);
    }
}
