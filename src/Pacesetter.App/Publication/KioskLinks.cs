using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Access;
using Pacesetter.App.Data;
using Pacesetter.App.Organizations;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;

namespace Pacesetter.App.Publication;

/// <summary>A new kiosk link: its token (shown once, never stored) and its row.</summary>
public sealed record IssuedKioskLink(string Token, KioskLink Row);

/// <summary>
/// 大屏链接 signed, revocable kiosk links (ADR 0023): an admin creates one for a lobby screen or a meeting room; its
/// address <c>/kiosk/{token}</c> shows the latest published leaderboards without signing in, until it is revoked. The
/// token is 32 random bytes; only its SHA-256 is stored, so the database cannot give it away.
/// </summary>
public sealed class KioskLinks(PacesetterDb db, TimeProvider clock)
{
    private readonly OrgWriter writer = new(db);

    /// <summary>A link's name: at most this many characters.</summary>
    public const int NameMax = 64;

    /// <summary>At most this many links of an organization are not revoked at once.</summary>
    public const int ActiveMax = 20;

    public static readonly OrgRules.Field NameField = new("链接名称", "Link name");

    public static readonly Problem TooMany = new("$",
        $"An organization has at most {ActiveMax} kiosk links in use: revoke one that is no longer needed first.",
        $"每个组织最多同时有 {ActiveMax} 个有效的大屏链接，请先撤销不再使用的链接。");

    /// <summary>The stored form of a token: SHA-256 of its UTF-8 bytes, in lower-case hex.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The organization's links, those in use first, newest first (admins only; anyone else sees none).</summary>
    public async Task<List<KioskLink>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAdmin) return [];
        var rows = await db.KioskLinks.AsNoTracking().Where(k => k.OrganizationId == actor.OrganizationId).ToListAsync(ct);
        return rows.OrderBy(k => k.RevokedAt is not null).ThenByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id).ToList();
    }

    /// <summary>A new link named <paramref name="name"/> (1–64 characters), audited as <c>kiosk.create</c>.</summary>
    public async Task<WriteOutcome<IssuedKioskLink>> CreateAsync(Actor actor, string? name, CancellationToken ct = default)
    {
        if (!actor.IsAdmin) return WriteOutcome<IssuedKioskLink>.Forbidden();
        name = name?.Trim() ?? "";
        if (OrgRules.CheckName("$.name", NameField, name, NameMax) is { } badName) return WriteOutcome<IssuedKioskLink>.Invalid([badName]);
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return await writer.RunAsync(actor.OrganizationId, actor.UserName, async w =>
        {
            // Counted under the organization's lock, so two admins at once cannot pass the limit together.
            if (await db.KioskLinks.CountAsync(k => k.OrganizationId == actor.OrganizationId && k.RevokedAt == null, ct) >= ActiveMax)
            {
                return WriteOutcome<IssuedKioskLink>.Conflict(TooMany);
            }
            var row = new KioskLink
            {
                OrganizationId = actor.OrganizationId,
                Name = name,
                TokenHash = Hash(token),
                CreatedBy = actor.UserName,
                CreatedAt = clock.GetUtcNow(),
            };
            db.KioskLinks.Add(row);
            await w.SaveAsync();
            await w.Audit("kiosk.create", "kiosk_link", row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), after: OrgRules.Json(new { name }));
            return WriteOutcome<IssuedKioskLink>.Ok(new IssuedKioskLink(token, row));
        }, ct: ct);
    }

    /// <summary>Revokes a link of the organization (admins only), audited as <c>kiosk.revoke</c>; revoking it again changes nothing.</summary>
    public async Task<WriteOutcome<KioskLink>> RevokeAsync(Actor actor, int id, CancellationToken ct = default)
    {
        if (!actor.IsAdmin) return WriteOutcome<KioskLink>.Forbidden();
        return await writer.RunAsync(actor.OrganizationId, actor.UserName, async w =>
        {
            var row = await db.KioskLinks.FirstOrDefaultAsync(k => k.Id == id && k.OrganizationId == actor.OrganizationId, ct);
            if (row is null) return WriteOutcome<KioskLink>.NotFound();
            if (row.RevokedAt is not null) return WriteOutcome<KioskLink>.Ok(row);
            row.RevokedAt = clock.GetUtcNow();
            await w.Audit("kiosk.revoke", "kiosk_link", row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), before: OrgRules.Json(new { name = row.Name }));
            return WriteOutcome<KioskLink>.Ok(row);
        }, ct: ct);
    }

    /// <summary>The link a token opens, with its organization; null for a token that is unknown, revoked or malformed.</summary>
    public async Task<(KioskLink Link, Organization Organization)?> OpenAsync(string? token, CancellationToken ct = default)
    {
        // 32 bytes in base64url are 43 characters; anything else was never issued.
        if (token is not { Length: 43 } || token.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))) return null;
        var hash = Hash(token);
        var link = await db.KioskLinks.AsNoTracking().FirstOrDefaultAsync(k => k.TokenHash == hash && k.RevokedAt == null, ct);
        if (link is null) return null;
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == link.OrganizationId, ct);
        return (link, org);
    }
}
