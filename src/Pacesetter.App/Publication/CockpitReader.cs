using System.Globalization;
using Pacesetter.Scoring;

namespace Pacesetter.App.Publication;

/// <summary>
/// Reads what the leaders' screen and the kiosk show, from the published revisions only (the stored results through
/// <see cref="RaceReader"/>, cached by revision): never a preview, never a re-score.
/// </summary>
public sealed class CockpitReader(PublicationStore store, RaceReader races, TimeProvider clock)
{
    /// <summary>
    /// The leaders' screen of <paramref name="year"/> (null: the latest year with a published month, else this year in
    /// China): each published month's latest revision.
    /// </summary>
    public async Task<CockpitFigures> YearAsync(int organizationId, int? year, CancellationToken ct = default)
    {
        var headers = await store.LatestAllAsync(organizationId);
        var months = headers.Where(h => IsMonth(h.Period)).ToList();
        var years = months.Select(h => YearOf(h.Period)).Distinct().Order().ToList();
        int shown = year ?? (years.Count > 0 ? years[^1] : clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).Year);
        var published = new List<PublishedRace>();
        foreach (var h in months.Where(h => YearOf(h.Period) == shown))
        {
            if (await races.RevisionAsync(organizationId, h.Period, h.Number, ct) is { } race) published.Add(race);
        }
        return CockpitFigures.Of(shown, years, published);
    }

    /// <summary>
    /// The latest published period of any kind, for the kiosk: the one that ends last (2026-10 after 2026-Q3); of two
    /// that end together (2026-09 and 2026-Q3), the one published last, then the month. Null when nothing is published.
    /// </summary>
    public async Task<PublishedRace?> LatestAsync(int organizationId, CancellationToken ct = default)
    {
        var headers = await store.LatestAllAsync(organizationId);
        var latest = headers
            .Where(h => Periods.Months(h.Period) is not null)
            .OrderByDescending(h => Periods.Months(h.Period)!.Value.Year)
            .ThenByDescending(h => Periods.Months(h.Period)!.Value.LastMonth)
            .ThenByDescending(h => h.CreatedAt)
            .ThenBy(h => h.Period.Length)
            .FirstOrDefault();
        return latest is null ? null : await races.RevisionAsync(organizationId, latest.Period, latest.Number, ct);
    }

    private static bool IsMonth(string period) => Periods.Months(period) is { } m && m.FirstMonth == m.LastMonth && period.Length == 7;

    private static int YearOf(string period) => int.Parse(period[..4], CultureInfo.InvariantCulture);
}
