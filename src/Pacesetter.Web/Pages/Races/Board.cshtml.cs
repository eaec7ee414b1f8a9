using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pacesetter.App.Access;
using Pacesetter.App.Publication;
using Pacesetter.Scoring;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Rendering;

namespace Pacesetter.Web.Pages.Races;

/// <summary>
/// 排行榜 a published period's leaderboards (ADR 0021): per category rank, composite, base, bonus, penalty, grade, label,
/// flag and rank change against the previous period of the kind; 进位最快 the biggest risers; 约谈 the units yellow K
/// periods in a row (admins and leaders); the revision shown and the other published periods. Every member of the
/// organization reads it (results are announced to all units); a reporter's own unit is marked and linked.
/// </summary>
[Spliced]
public sealed class BoardModel(RaceHistory history, ObjectionService objections) : PageModel
{
    [FromRoute] public string Period { get; set; } = "";
    /// <summary>K of the interview list: yellow this many periods in a row (2–12); another value shows the default.</summary>
    [BindProperty(SupportsGet = true)] public int? Streak { get; set; }

    public Actor Actor { get; private set; } = null!;
    public RaceBoard Board { get; private set; } = null!;
    /// <summary>Where the latest revision stands (公示中, 待答复, 更正中, 已定稿): the objections' one rule (ADR 0019).</summary>
    public PublicationState Standing { get; private set; }
    /// <summary>Every published period, newest first (the switcher).</summary>
    public IReadOnlyList<RevisionHeader> Published { get; private set; } = [];
    /// <summary>The published periods of the same kind just before and after this one, if any.</summary>
    public string? Earlier { get; private set; }
    public string? Later { get; private set; }
    /// <summary>Whether the previous period of the kind is published (else there is no rank change).</summary>
    public bool PreviousPublished { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await HttpContext.GetActorAsync() is not { } actor) return Challenge();
        if (!Periods.IsValid(Period)) return NotFound();
        Actor = actor;
        var streak = Streak is >= RaceHistory.MinStreak and <= RaceHistory.MaxStreak ? Streak.Value : RaceHistory.DefaultStreak;
        var ct = HttpContext.RequestAborted;
        var board = await history.BoardAsync(actor.OrganizationId, Period, streak, ct: ct);
        if (board is null) return NotFound();
        Board = board;
        Streak = streak;
        Standing = (await objections.StatusAsync(actor.OrganizationId, Period, ct))!.State;
        Published = await history.PublishedAsync(actor.OrganizationId, ct);
        var kind = Periods.Kind(Period);
        var sameKind = Published.Where(h => Periods.Kind(h.Period) == kind).Select(h => h.Period).OrderBy(p => p, StringComparer.Ordinal).ToList();
        int at = sameKind.IndexOf(Period);
        Earlier = at > 0 ? sameKind[at - 1] : null;
        Later = at >= 0 && at < sameKind.Count - 1 ? sameKind[at + 1] : null;
        PreviousPublished = board.PreviousPeriod is { } previous && sameKind.Contains(previous);
        return Page();
    }

    /// <summary>
    /// What the rendered tables depend on besides the language: the revision shown, the organization's newest revision
    /// (a correction of an earlier period changes the 约谈 runs), K, and what the reader sees — every unit linked and
    /// the interview list (admins, leaders) or a reporter's own units marked and linked.
    /// </summary>
    public string TablesKey => string.Join('|', Board.Race.Revision.Id, Published.Count == 0 ? 0 : Published.Max(h => h.Id), Board.Streak,
        Actor.ReadsAll ? "*" : string.Join(',', Actor.ReporterUnits.Order(StringComparer.Ordinal)));

    /// <summary>约谈 is a management list: admins and leaders see it.</summary>
    public bool ShowsInterviews => Actor.ReadsAll;

    /// <summary>A unit's page is linked for those who may read it: admins and leaders every unit, a reporter its own.</summary>
    public bool Links(string unit) => Actor.ReadsAll || Actor.ReporterUnits.Contains(unit);

    public bool Mine(string unit) => Actor.ReporterUnits.Contains(unit);
}
