using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Organizations;
using Pacesetter.App.Publication;
using Pacesetter.Web.Pages.Races;

namespace Pacesetter.Web.Pages.Kiosk;

/// <summary>
/// 大屏 the kiosk view (no sign-in: the link's token is the key): the latest published period's leaderboards, one
/// category after another every <c>?seconds=</c> (default 15), in large type on a dark screen, with the organization's
/// name, the period and the time in Beijing. A revoked or unknown token answers 404. Read from the stored results only.
/// </summary>
[AllowAnonymous]
public sealed class ShowModel(KioskLinks links, CockpitReader reader, TimeProvider clock, IStringLocalizer<CockpitText> text) : PageModel
{
    public const int DefaultSeconds = 15;
    public const int SecondsMin = 1;
    public const int SecondsMax = 600;

    /// <summary>A board shows at most this many rows (in 1080 pixels of height); a larger category takes several boards.</summary>
    public const int RowsPerBoard = 12;

    /// <summary>One screen of the rotation: a category's rows (or a part of them), by name.</summary>
    public sealed record Board(string Category, string Name, string? FlagUnit, string? FlagHolder, IReadOnlyList<RaceRow> Rows, int Part, int Parts, bool HasFlag);

    [FromRoute] public string Token { get; set; } = "";

    /// <summary>The interval between boards in seconds (<c>?seconds=</c>, 1–600).</summary>
    [BindProperty(SupportsGet = true)] public string? Seconds { get; set; }

    public int Interval { get; private set; } = DefaultSeconds;
    public bool Missing { get; private set; }
    public string? Error { get; private set; }
    public Organization? Organization { get; private set; }
    public PublishedRace? Race { get; private set; }
    public List<Board> Boards { get; } = [];
    public DateTimeOffset Now { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        // The address holds the key: never cached, indexed or passed on as a referrer.
        Response.Headers.CacheControl = "no-store";
        Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
        Response.Headers["Referrer-Policy"] = "no-referrer";
        Now = clock.GetUtcNow();
        var opened = await links.OpenAsync(Token, HttpContext.RequestAborted);
        if (opened is not { } o)
        {
            Missing = true;
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        Organization = o.Organization;
        if (Seconds is { Length: > 0 } s)
        {
            if (int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= SecondsMin and <= SecondsMax) Interval = n;
            else
            {
                Error = text["Kiosk.SecondsInvalid"];
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            }
        }
        Race = await reader.LatestAsync(o.Organization.Id, HttpContext.RequestAborted);
        if (Race is null) return Page();
        foreach (var c in Race.Result.Categories)
        {
            var name = Race.Category(c.Id)?.Name ?? c.Id;
            var hasFlag = Race.RacesForFlag(c.Id);
            var holder = c.Flag.Holder is { } h ? Race.Scheme.UnitName(h) : null;
            int parts = Math.Max(1, (c.Rows.Count + RowsPerBoard - 1) / RowsPerBoard);
            for (int part = 0; part < parts; part++)
            {
                Boards.Add(new Board(c.Id, name, c.Flag.Holder, holder, c.Rows.Skip(part * RowsPerBoard).Take(RowsPerBoard).ToList(), part + 1, parts, hasFlag));
            }
        }
        return Page();
    }

    public string UnitName(string unit) => Race?.Scheme.UnitName(unit) ?? unit;

    /// <summary>The label's word (标兵 / 优胜 / 黄牌), empty for none.</summary>
    public string LabelWord(string? label) => label is null ? "" : text["Label." + label];

    /// <summary>Rank change against the previous period of the same kind: ↑2, ↓1, –, or “new” without a previous rank.</summary>
    public (string Text, string Css) Change(RaceRow row)
    {
        if (row.Change?.PreviousRank is not { } previous) return (row.Change is null ? "" : text["Kiosk.New"], "kiosk-new");
        int up = previous - row.Rank;
        return up > 0 ? ($"↑{up}", "kiosk-up") : up < 0 ? ($"↓{-up}", "kiosk-down") : ("–", "kiosk-same");
    }
}
