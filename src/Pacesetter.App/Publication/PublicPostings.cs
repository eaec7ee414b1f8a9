using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Data;
using Pacesetter.Scoring;

namespace Pacesetter.App.Publication;

/// <summary>An organization that posts its published results publicly (公开张榜): what a public page may name.</summary>
public sealed record PublicOrganization(int Id, string Slug, string Name);

/// <summary>One period of an organization's public list: its latest revision and the scheme's name.</summary>
public sealed record PublicPeriod(string Period, string Name, RevisionHeader Revision);

/// <summary>
/// 张榜公示 the reads of the public pages (no sign-in): only organizations whose <c>PublicPosting</c> is on, only
/// published revisions, the latest of each period. Nothing else of the organization is reachable from here: no
/// drafts, no evidence, no people.
/// </summary>
public sealed class PublicPostings(PacesetterDb db, PublicationStore store, RaceReader races)
{
    /// <summary>The organization named <paramref name="slug"/> when it posts publicly; null otherwise (unknown or not posting alike).</summary>
    public Task<PublicOrganization?> OrganizationAsync(string slug, CancellationToken ct = default) =>
        db.Organizations.AsNoTracking()
            .Where(o => o.Slug == slug && o.PublicPosting)
            .Select(o => new PublicOrganization(o.Id, o.Slug, o.Name))
            .SingleOrDefaultAsync(ct);

    /// <summary>
    /// The number of the latest revision of the period that a public page would show (null when there is none, or the
    /// organization does not post publicly): the one query a cached public page costs (ADR 0020).
    /// </summary>
    public Task<int?> LatestNumberAsync(string slug, string period, CancellationToken ct = default) =>
        (from r in db.Revisions
         join o in db.Organizations on r.OrganizationId equals o.Id
         where o.Slug == slug && o.PublicPosting && r.Period == period
         select (int?)r.Number).MaxAsync(ct);

    /// <summary>
    /// The id of the organization's newest revision of any period (null when none, or not posting publicly): it changes
    /// with every publication, so it versions the list of periods.
    /// </summary>
    public Task<long?> LatestIdAsync(string slug, CancellationToken ct = default) =>
        (from r in db.Revisions
         join o in db.Organizations on r.OrganizationId equals o.Id
         where o.Slug == slug && o.PublicPosting
         select (long?)r.Id).MaxAsync(ct);

    /// <summary>The latest published race of the period, with its organization; null when a public page must answer 404.</summary>
    public async Task<(PublicOrganization Organization, PublishedRace Race)?> PostingAsync(string slug, string period, CancellationToken ct = default)
    {
        if (await OrganizationAsync(slug, ct) is not { } org) return null;
        return await races.LatestAsync(org.Id, period, ct) is { } race ? (org, race) : null;
    }

    /// <summary>The organization's published periods, newest first, each with its scheme's name; null when it does not post publicly.</summary>
    public async Task<(PublicOrganization Organization, IReadOnlyList<PublicPeriod> Periods)?> PeriodsAsync(string slug, CancellationToken ct = default)
    {
        if (await OrganizationAsync(slug, ct) is not { } org) return null;
        var list = new List<PublicPeriod>();
        foreach (var header in (await store.LatestAllAsync(org.Id, ct)).OrderByDescending(h => End(h.Period)).ThenByDescending(h => Span(h.Period)))
        {
            // The name as published (the stored input's scheme), read through the race cache.
            var race = await races.RevisionAsync(org.Id, header.Period, header.Number, ct);
            list.Add(new PublicPeriod(header.Period, race?.Scheme.Name ?? header.Period, header));
        }
        return (org, list);
    }

    // Newest first: by the period's last month; a period ending the same month as another (2026-Q3 and 2026-09) comes
    // first when it is the longer one, as a quarter's result sums up its months.
    private static int End(string period) => Periods.Months(period) is { } m ? m.Year * 12 + m.LastMonth : 0;

    private static int Span(string period) => Periods.Months(period) is { } m ? m.LastMonth - m.FirstMonth : 0;
}
