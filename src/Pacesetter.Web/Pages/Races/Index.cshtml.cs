using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pacesetter.App.Publication;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Localization;

namespace Pacesetter.Web.Pages.Races;

/// <summary>
/// 赛马比拼 the published periods, newest first, each linked to its leaderboards, and the red flag strip of a year
/// (流动红旗: per category, the holder of each published month and quarter). Every member of the organization (ADR 0021).
/// </summary>
public sealed class IndexModel(RaceHistory history, TimeProvider clock) : PageModel
{
    /// <summary>The year of the flag strip; by default the year of the newest published period (else this year in China).</summary>
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }

    public IReadOnlyList<RevisionHeader> Published { get; private set; } = [];
    public FlagHistory Flags { get; private set; } = null!;
    /// <summary>The years with a published period, newest first (the strip's year switch).</summary>
    public IReadOnlyList<int> Years { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (await HttpContext.GetActorAsync() is not { } actor) return Challenge();
        var ct = HttpContext.RequestAborted;
        Published = await history.PublishedAsync(actor.OrganizationId, ct);
        Years = Published.Select(h => Scoring.Periods.Months(h.Period)!.Value.Year).Distinct().OrderDescending().ToList();
        var year = Year is >= FlagsYear.Min and <= FlagsYear.Max ? Year.Value : Years.Count > 0 ? Years[0] : ChinaTime.Of(clock.GetUtcNow()).Year;
        Year = year;
        Flags = await history.FlagsAsync(actor.OrganizationId, year, ct);
        return Page();
    }
}

/// <summary>The years a flag history may be asked for (four digits, as periods have).</summary>
public static class FlagsYear
{
    public const int Min = 1000;
    public const int Max = 9999;
}
