using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Access;
using Pacesetter.App.Data;
using Pacesetter.App.Supervision.Model;

namespace Pacesetter.App.Supervision.Cards;

/// <summary>An issued card with its matter's name.</summary>
public sealed record IssuedCardView(IssuedCard Card, string Name, int Position);

/// <summary>Reads of the issued cards: a month's (by the matters' order), a matter's history.</summary>
public static class IssuedCards
{
    /// <summary>The cards issued at the month-end of <paramref name="month"/> (yyyy-MM) that <paramref name="actor"/> reads (a reporter: its unit's).</summary>
    public static async Task<List<IssuedCardView>> ListAsync(PacesetterDb db, Actor actor, string month, CancellationToken ct)
    {
        var rows = await (from c in db.IssuedCards.AsNoTracking()
                          join m in db.Matters.AsNoTracking() on c.MatterId equals m.Id
                          where c.OrganizationId == actor.OrganizationId && c.Month == month
                          orderby m.Position, m.Id
                          select new { Card = c, m.Name, m.Position }).ToListAsync(ct);
        return rows.Where(r => SupervisionAccess.ReadsUnit(actor, r.Card.UnitCode)).Select(r => new IssuedCardView(r.Card, r.Name, r.Position)).ToList();
    }

    /// <summary>A matter's cards, oldest first (its card history: issued, and lifted with the date).</summary>
    public static Task<List<IssuedCard>> HistoryAsync(PacesetterDb db, long matterId, CancellationToken ct) =>
        db.IssuedCards.AsNoTracking().Where(c => c.MatterId == matterId).OrderBy(c => c.MonthEnd).ToListAsync(ct);
}
