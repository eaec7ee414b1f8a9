using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Data;
using Pacesetter.App.DataEntry;
using Pacesetter.App.Supervision.Model;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Output;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.App.Supervision.Race;

/// <summary>
/// <c>source: "cards"</c> (ADR 0030): a unit's datum is the list of its cards issued at the period's month-ends,
/// <c>[{"id":"card-2026-03-A","type":"yellow"}]</c>, by month then matter code; <c>[]</c> for a unit of the category
/// without a card. A list longer than a datum may be (<see cref="DatumText.MaxLength"/>) is given as counts
/// <c>{"yellow":n,"red":m}</c> instead (no card of it can then be exempted alone).
/// </summary>
public sealed class CardsSource : ISystemDatumSource
{
    public string Writer => "system:cards";

    public bool Handles(string source) => source == DataSources.Cards;

    public async Task<IReadOnlyDictionary<string, JsonNode?>> ValuesAsync(PacesetterDb db, int org, string period, SystemData.Sourced indicator, CancellationToken ct)
    {
        var months = MonthsOf(period);
        var cards = await db.IssuedCards.AsNoTracking()
            .Where(c => c.OrganizationId == org && months.Contains(c.Month))
            .Select(c => new { c.UnitCode, c.Month, c.MatterCode, c.PublicId, c.Type })
            .ToListAsync(ct);
        var byUnit = cards
            .OrderBy(c => c.Month, StringComparer.Ordinal).ThenBy(c => c.MatterCode, StringComparer.Ordinal)
            .ToLookup(c => c.UnitCode, StringComparer.Ordinal);
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var unit in indicator.Units)
        {
            var list = new JsonArray();
            foreach (var c in byUnit[unit]) list.Add(new JsonObject { ["id"] = c.PublicId, ["type"] = TypeName(c.Type) });
            values[unit] = list.ToJsonString(JsonFormats.Compact).Length <= DatumText.MaxLength ? list
                : new JsonObject { ["yellow"] = byUnit[unit].Count(c => c.Type == CardType.Yellow), ["red"] = byUnit[unit].Count(c => c.Type == CardType.Red) };
        }
        return values;
    }

    public static string TypeName(CardType type) => type == CardType.Red ? "red" : "yellow";

    /// <summary>The months (<c>yyyy-MM</c>) of a period.</summary>
    public static List<string> MonthsOf(string period) =>
        Periods.Months(period) is { } m ? [.. Enumerable.Range(m.FirstMonth, m.LastMonth - m.FirstMonth + 1).Select(n => $"{m.Year:D4}-{n:D2}")] : [];
}
