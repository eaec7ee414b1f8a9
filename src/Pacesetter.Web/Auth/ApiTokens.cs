using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Pacesetter.App.Data;

namespace Pacesetter.Web.Auth;

/// <summary>Bearer tokens for the API: <c>Authorization: Bearer ps_…</c>. Only a token's SHA-256 is stored.</summary>
public sealed class ApiTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, PacesetterDb db)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var token = header["Bearer ".Length..].Trim();
        if (token.Length == 0) return AuthenticateResult.Fail("empty token");
        var hash = App.Accounts.ApiTokenService.Hash(token);
        var row = await db.ApiTokens.FirstOrDefaultAsync(t => t.TokenHash == hash && t.RevokedAt == null, Context.RequestAborted);
        if (row is null) return AuthenticateResult.Fail("unknown or revoked token");
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == row.UserId, Context.RequestAborted);
        if (user is null || user.OrganizationId != row.OrganizationId || (user.LockoutEnd is { } end && end > DateTimeOffset.UtcNow))
        {
            return AuthenticateResult.Fail("the token's user cannot sign in");
        }
        row.LastUsedAt = DateTimeOffset.UtcNow;
        await db.SaveChangesAsync(Context.RequestAborted);
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user.Id), new Claim(ClaimTypes.Name, user.UserName ?? user.Id)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
