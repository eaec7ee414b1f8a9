using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Audit;
using Pacesetter.App.Data;

namespace Pacesetter.App.Accounts;

/// <summary>Creates and revokes API tokens; used by the UI and by <c>pacesetter token create</c>.</summary>
public sealed class ApiTokenService(PacesetterDb db)
{
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A new token for the user of the organization; returns the token itself (shown once) and its row.</summary>
    public async Task<(string Token, ApiToken Row)> CreateAsync(int organizationId, string userId, string name, string actor, CancellationToken ct = default)
    {
        var token = "ps_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var row = new ApiToken
        {
            OrganizationId = organizationId,
            UserId = userId,
            Name = name,
            TokenHash = Hash(token),
            Prefix = token[..8],
            CreatedAt = DateTimeOffset.UtcNow,
        };
        await db.InTransactionAsync(async () =>
        {
            db.ApiTokens.Add(row);
            await AuditLog.Append(db, organizationId, new AuditRecord(actor, "token.create", "api_token", row.Prefix, After: $"{{\"user\":\"{userId}\",\"name\":{System.Text.Json.JsonSerializer.Serialize(name)}}}"), ct);
            await db.SaveChangesAsync(ct);
            return 0;
        }, ct);
        return (token, row);
    }

    public async Task<bool> RevokeAsync(int organizationId, int tokenId, string actor, CancellationToken ct = default)
    {
        return await db.InTransactionAsync(async () =>
        {
            var row = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId && t.OrganizationId == organizationId, ct);
            if (row is null || row.RevokedAt is not null) return false;
            row.RevokedAt = DateTimeOffset.UtcNow;
            await AuditLog.Append(db, organizationId, new AuditRecord(actor, "token.revoke", "api_token", row.Prefix), ct);
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);
    }
}
