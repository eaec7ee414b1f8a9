using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Accounts;
using Pacesetter.App.Data;
using Pacesetter.App.Organizations;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.App.Access;

/// <summary>
/// Who is acting, in which organization, with which roles: every read and write is checked against this on the
/// server (DESIGN.md 4). Built per request from the signed-in user (cookie or API token).
/// </summary>
public sealed class Actor
{
    public required string UserId { get; init; }
    public required string UserName { get; init; }
    /// <summary>显示名 the name people know the user by (考核办管理员); empty when none was given.</summary>
    public string DisplayName { get; init; } = "";
    /// <summary>What a page calls the user: the display name, else the log-in.</summary>
    public string Name => DisplayName.Length > 0 ? DisplayName : UserName;
    public required Organization Organization { get; init; }
    public required bool IsPlatformAdmin { get; init; }
    public required IReadOnlyList<Membership> Memberships { get; init; }

    public int OrganizationId => Organization.Id;
    public bool IsAdmin => Memberships.Any(m => m.Role == OrgRole.Admin);
    public bool IsLeader => Memberships.Any(m => m.Role == OrgRole.Leader);
    /// <summary>Admins and leaders read everything in the organization.</summary>
    public bool ReadsAll => IsAdmin || IsLeader;

    public IReadOnlyList<string> ReporterUnits => Memberships.Where(m => m.Role == OrgRole.Reporter && m.UnitCode is not null).Select(m => m.UnitCode!).Distinct().ToList();

    public IReadOnlyList<string> AssessedIndicators => Memberships.Where(m => m.Role == OrgRole.Assessor).SelectMany(m => m.IndicatorList()).Distinct().ToList();

    /// <summary>Whether this actor acts in the organization named by <paramref name="slug"/>: its own only (platform admins too — they create organizations, they do not act in them).</summary>
    public bool BelongsTo(string slug) => string.Equals(Organization.Slug, slug, StringComparison.Ordinal);

    /// <summary>May read the data of <paramref name="unit"/> for <paramref name="indicator"/> (drafts included).</summary>
    public bool CanRead(string unit, string indicator) =>
        ReadsAll || ReporterUnits.Contains(unit) || AssessedIndicators.Contains(indicator);

    /// <summary>
    /// May enter or submit the datum (谁推进谁考核, the one write rule of data entry): a reporter its own unit's figures
    /// (<see cref="ReporterEnters"/>), an assessor the indicators it leads for every unit, an admin anything — but for
    /// nobody a roll-up's datum that publication fills from a published period (<see cref="Publication.RollUp.Fills"/>, ADR 0025)
    /// nor a datum the system enters from supervision (<see cref="Supervision.Race.SystemData.Fills"/>, ADR 0030).
    /// </summary>
    public bool CanWrite(string unit, Indicator indicator) => !Publication.RollUp.Fills(indicator) && !Supervision.Race.SystemData.Fills(indicator) && (IsAdmin || (ReporterUnits.Contains(unit) && ReporterEnters(indicator)) || AssessedIndicators.Contains(indicator.Id));

    /// <summary>
    /// What a reporter enters for its unit: base indicators whose datum is a number, and bonus points; levels, events
    /// and manual scores are the leading department's (ADR 0004).
    /// </summary>
    public static bool ReporterEnters(Indicator indicator) => indicator.Method.Type is MethodType.Completion or MethodType.Efficacy
        or MethodType.Rank or MethodType.LeaderRatio or MethodType.Baseline or MethodType.Bands or MethodType.Table or MethodType.Rollup or MethodType.Points;

    /// <summary>Approving or returning data is the organization admin's (考核办).</summary>
    public bool CanReview => IsAdmin;

    public static async Task<Actor?> LoadAsync(PacesetterDb db, string userId, CancellationToken ct = default)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null) return null;
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == user.OrganizationId, ct);
        var memberships = await db.Memberships.AsNoTracking().Where(m => m.UserId == userId && m.OrganizationId == user.OrganizationId).ToListAsync(ct);
        return new Actor
        {
            UserId = user.Id,
            UserName = user.UserName ?? user.Id,
            DisplayName = user.DisplayName,
            Organization = org,
            IsPlatformAdmin = user.IsPlatformAdmin,
            Memberships = memberships,
        };
    }
}
