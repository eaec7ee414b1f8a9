using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Pacesetter.App.Data;
using Pacesetter.App.Writes;

namespace Pacesetter.Web.Auth;

/// <summary>Bearer tokens for the API: <c>Authorization: Bearer ps_…</c>. Only a token's SHA-256 is stored.</summary>
/// <remarks>
/// The token's last use is written at most once a minute (<see cref="LastUsedPrecision"/>): a write per request made
/// every API call a database write, queued behind any long write (issue 7 §2).
/// </remarks>
public sealed class ApiTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, PacesetterDb db, TimeProvider time,
    RecentReads recent, IMemoryCache memory)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    /// <summary>How stale a token's recorded last use may be.</summary>
    public static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var token = header["Bearer ".Length..].Trim();
        if (token.Length == 0) return AuthenticateResult.Fail("empty token");
        var hash = App.Accounts.ApiTokenService.Hash(token);
        // The token and its user in one query, remembered for a moment and never past a write of this process
        // (RecentReads, ADR 0026): a revocation — by hand or by a password reset, both audited writes — refuses the
        // token at once here and within RecentReads.Keep on another instance, as the sign-in cookie's check does.
        var found = await recent.GetAsync(("api-token", hash), () => db.ApiTokens.AsNoTracking().Where(t => t.TokenHash == hash && t.RevokedAt == null)
            .Select(t => new
            {
                t.Id,
                t.OrganizationId,
                t.LastUsedAt,
                User = db.Users.Where(u => u.Id == t.UserId).Select(u => new { u.Id, u.UserName, u.OrganizationId, u.LockoutEnd }).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(Context.RequestAborted));
        if (found is null) return AuthenticateResult.Fail("unknown or revoked token");
        var user = found.User;
        var now = time.GetUtcNow();
        if (user is null || user.OrganizationId != found.OrganizationId || (user.LockoutEnd is { } end && end > now))
        {
            return AuthenticateResult.Fail("the token's user cannot sign in");
        }
        // The remembered row's last use may be older than the database's: when it says a stamp is due, and this process
        // has not looked in the last minute, the database's last use is read and stamped over if it is a minute old.
        var looked = ("api-token-looked", found.Id);
        if ((found.LastUsedAt is not { } last || now - last >= LastUsedPrecision)
            && !(memory.TryGetValue(looked, out DateTimeOffset seenAt) && now - seenAt < LastUsedPrecision))
        {
            var seen = await db.ApiTokens.AsNoTracking().Where(t => t.Id == found.Id).Select(t => t.LastUsedAt).FirstOrDefaultAsync(Context.RequestAborted);
            bool due = seen is not { } recorded || now - recorded >= LastUsedPrecision;
            if (due) await StampAsync(found.Id, seen, now);
            memory.Set(looked, due ? now : seen!.Value, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = LastUsedPrecision });
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user.Id), new Claim(ClaimTypes.Name, user.UserName ?? user.Id)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>
    /// Records the token's use. Only the stamp read is replaced: of requests racing past the check, one writes. On SQLite
    /// a writer holding the database (an import) is not waited for beyond a second: the request goes on, and a later one
    /// records the use.
    /// </summary>
    private async Task StampAsync(int id, DateTimeOffset? seen, DateTimeOffset now)
    {
        var timeout = db.Database.GetCommandTimeout();
        if (!db.IsPostgres) db.Database.SetCommandTimeout(1);
        try
        {
            await db.ApiTokens.Where(t => t.Id == id && t.LastUsedAt == seen)
                .ExecuteUpdateAsync(u => u.SetProperty(t => t.LastUsedAt, now), Context.RequestAborted);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6)
        {
            Logger.LogDebug("token {Id}: last use not recorded, the database is busy", id);
        }
        finally
        {
            db.Database.SetCommandTimeout(timeout);
        }
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
