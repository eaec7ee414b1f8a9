using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pacesetter.App.Access;
using Pacesetter.App.Benchmarking;
using Pacesetter.Scoring.Benchmarking;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages.Benchmarks;

/// <summary>
/// 对标分析 (issue #11 §1): the organization against its benchmark regions in a year — the gap table shaded by
/// shortfall with the catch-up in words, the ranks, a radar (each indicator as a share of the best) and a trend per
/// indicator. The figures are the engine's (<see cref="BenchmarkService.GapAsync"/>, the same as <c>pacesetter gap</c>).
/// Admins and leaders read (<see cref="BenchmarksApi.Reads"/>); other members 403; another organization 404.
/// </summary>
public sealed class IndexModel(BenchmarkService benchmarks) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    /// <summary>The edit page's "saved" message after its redirect.</summary>
    [TempData] public string? Done { get; set; }

    public string Org { get; private set; } = "";
    public Actor Actor { get; private set; } = null!;
    public GapFile Data { get; private set; } = null!;
    /// <summary>The years with any value, ascending (the year selector).</summary>
    public IReadOnlyList<int> Years { get; private set; } = [];
    /// <summary>The gap in <see cref="Year"/>; null without data.</summary>
    public GapReport? Report { get; private set; }
    public IReadOnlyList<RadarAxis> Radar { get; private set; } = [];
    public IReadOnlyList<TrendSeries> Trends { get; private set; } = [];
    /// <summary>When and by whom the data were last saved (null: never).</summary>
    public BenchmarkSet? Stored { get; private set; }

    public async Task<IActionResult> OnGetAsync(string org)
    {
        var actor = await HttpContext.GetActorInAsync(org);
        if (actor is null) return NotFound();
        if (!BenchmarksApi.Reads(actor)) return StatusCode(StatusCodes.Status403Forbidden);
        Org = org;
        Actor = actor;
        var ct = HttpContext.RequestAborted;
        Stored = await benchmarks.GetAsync(actor.OrganizationId, ct);
        Data = await benchmarks.FileAsync(actor.OrganizationId, ct);
        Years = BenchmarkCharts.Years(Data);
        // A year outside the data shows the default one (a bookmark of a year since removed still opens).
        if (Year is not { } y || !Years.Contains(y)) Year = BenchmarkCharts.DefaultYear(Data);
        if (Year is { } year && Data.Indicators.Count > 0)
        {
            Report = GapCalculator.Compute(Data, year);
            Radar = BenchmarkCharts.Radar(Data, year);
            Trends = BenchmarkCharts.Trends(Data);
        }
        return Page();
    }

    /// <summary>The parties' names in the charts' order (the organization first).</summary>
    public IReadOnlyList<string> PartyNames => [.. BenchmarkCharts.Parties(Data).Select(p => p.Name)];

    /// <summary>The radar's data (the page's JSON block <c>#benchmark-radar</c>): axes, parties and their shares.</summary>
    public string RadarJson() => JsonSerializer.Serialize(new
    {
        indicators = Radar.Select(a => a.Indicator.Name),
        parties = PartyNames,
        // Per party, its share on each axis (null: no value; the chart leaves the point out).
        values = PartyNames.Select((_, p) => Radar.Select(a => a.Shares[p])),
    });

    /// <summary>The trend charts' data (<c>#benchmark-trend</c>): per indicator its name, unit and each party's values by year.</summary>
    public string TrendJson() => JsonSerializer.Serialize(new
    {
        parties = PartyNames,
        indicators = Trends.Select(t => new { id = t.Indicator.Id, name = t.Indicator.Name, unit = t.Indicator.Unit, years = t.Years, values = t.Values }),
    });
}
