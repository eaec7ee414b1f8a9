using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Access;
using Pacesetter.App.Data;
using Pacesetter.App.Organizations;
using Pacesetter.App.Writes;

namespace Pacesetter.App.Accounts;

/// <summary>A new token: the token itself (shown once, never stored) and its row.</summary>
public sealed record IssuedToken(string Token, ApiToken Row);

/// <summary>Creates and revokes API tokens; used by the Tokens page and by <c>pacesetter token create</c>.</summary>
public sealed class ApiTokenService(PacesetterDb db)
{
    private readonly OrgWriter writer = new(db);

    public static readonly OrgRules.Field NameField = new("令牌名称", "Token name");

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The tokens the actor sees: its own; an admin, all of the organization's.</summary>
    public async Task<List<ApiToken>> VisibleAsync(Actor actor, CancellationToken ct = default)
    {
        var query = db.ApiTokens.AsNoTracking().Where(t => t.OrganizationId == actor.OrganizationId);
        if (!actor.IsAdmin) query = query.Where(t => t.UserId == actor.UserId);
        return await query.ToListAsync(ct);
    }

    /// <summary>A new token for the user of the organization, audited as done by <paramref name="actor"/> (a user name, or <c>cli:…</c>).</summary>
    public async Task<WriteOutcome<IssuedToken>> CreateAsync(int organizationId, string userId, string name, string actor, CancellationToken ct = default)
    {
        name = name.Trim();
        if (OrgRules.CheckName("$.name", NameField, name) is { } badName) return WriteOutcome<IssuedToken>.Invalid([badName]);
        if (!await db.Users.AnyAsync(u => u.Id == userId && u.OrganizationId == organizationId, ct)) return WriteOutcome<IssuedToken>.NotFound();
        var token = "ps_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return await writer.RunAsync(organizationId, actor, async w =>
        {
            var row = new ApiToken
            {
                OrganizationId = organizationId,
                UserId = userId,
                Name = name,
                TokenHash = Hash(token),
                Prefix = token[..8],
                CreatedAt = DateTimeOffset.UtcNow,
            };
            db.ApiTokens.Add(row);
            await w.Audit("token.create", "api_token", row.Prefix, after: OrgRules.Json(new { user = userId, name }));
            return WriteOutcome<IssuedToken>.Ok(new IssuedToken(token, row));
        }, ct: ct);
    }

    /// <summary>Revokes a token: one's own, or (admins) any of the organization's; another's or none is not found.</summary>
    public async Task<WriteOutcome<ApiToken>> RevokeAsync(Actor actor, int tokenId, CancellationToken ct = default) =>
        await writer.RunAsync(actor.OrganizationId, actor.UserName, async w =>
        {
            var row = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId && t.OrganizationId == actor.OrganizationId, ct);
            if (row is null || (row.UserId != actor.UserId && !actor.IsAdmin)) return WriteOutcome<ApiToken>.NotFound();
            if (row.RevokedAt is not null) return WriteOutcome<ApiToken>.Ok(row);
            row.RevokedAt = DateTimeOffset.UtcNow;
            await w.Audit("token.revoke", "api_token", row.Prefix);
            return WriteOutcome<ApiToken>.Ok(row);
        }, ct: ct);
}
