using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Audit;
using Pacesetter.App.Data;
using Pacesetter.App.Organizations;
using Pacesetter.App.Supervision.Model;
using Pacesetter.App.Supervision.Race;
using Pacesetter.App.Time;
using Pacesetter.App.Writes;
using Pacesetter.Scoring.Supervision;

namespace Pacesetter.App.Supervision.Cards;

/// <summary>One month-end of an evaluation run: cards issued by type, and matters whose cards were lifted.</summary>
public sealed record MonthEndCards(DateOnly Date, int Yellow, int Red, int Lifted);

/// <summary>What an evaluation run did: its month-ends, totals, and the system data it refreshed.</summary>
public sealed record EvaluationRun(DateOnly AsOf, IReadOnlyList<MonthEndCards> MonthEnds, IReadOnlyList<SystemDatumChange> Data)
{
    public int Yellow => MonthEnds.Sum(m => m.Yellow);
    public int Red => MonthEnds.Sum(m => m.Red);
    public int Lifted => MonthEnds.Sum(m => m.Lifted);
}

/// <summary>
/// 月末评定 the month-end evaluation (ADR 0029): for every month-end up to a date that a supervised matter has not been
/// evaluated at (its watermark <see cref="Matter.CardsThrough"/>), the ENGINE (<see cref="CardEvaluator"/>) evaluates
/// the matter at that month-end on the reports dated by then; a yellow or red status issues a card
/// (<c>card-{yyyy-MM}-{matter}</c>, unique per matter and month-end), green or done lifts the matter's standing cards.
/// Each month-end of one organization is its own audited write under the organization's lock (the watermarks are
/// read again there, and the unique key is the last guard), so a rerun, a run on another instance, or a run after an
/// interruption issues each card once.
/// </summary>
public sealed class CardIssuer(PacesetterDb db, TimeProvider clock, Operations.PacesetterMetrics? metrics = null)
{
    private readonly OrgWriter writer = new(db);

    /// <summary>Test seam: runs after each month-end's write committed (a fault here interrupts the run between two month-ends).</summary>
    public Func<DateOnly, Task>? AfterMonthEnd { get; set; }

    /// <summary>The evaluation of <paramref name="organizationId"/>'s matters due up to <paramref name="asOf"/>; 400 <c>$.asOf</c> after today (Beijing).</summary>
    public async Task<WriteOutcome<EvaluationRun>> RunAsync(int organizationId, DateOnly asOf, string actor, CancellationToken ct)
    {
        var today = WorkingDays.Today(clock);
        if (asOf > today)
        {
            var t = CardFileReader.Format(today);
            return WriteOutcome<EvaluationRun>.Invalid("$.asOf", $"must not be after today {t} (Beijing)", $"不得晚于今天 {t}（北京时间）");
        }
        var monthEnds = new List<MonthEndCards>();
        var data = new List<SystemDatumChange>();
        foreach (var monthEnd in await DueMonthEndsAsync(organizationId, asOf, ct))
        {
            var done = await writer.RunAsync(organizationId, actor, w => MonthEndInAsync(w, monthEnd, data), ct: ct);
            if (done.Status == WriteStatus.Conflict) continue; // another run took this month-end: its cards stand
            if (!done.IsOk) return done.As<EvaluationRun>();
            if (done.Value is { } cards)
            {
                monthEnds.Add(cards);
                metrics?.CardsIssued(cards.Yellow, cards.Red);
            }
            if (AfterMonthEnd is { } hook) await hook(monthEnd);
        }
        var run = new EvaluationRun(asOf, monthEnds, data);
        var summary = await writer.RunAsync(organizationId, actor, async w =>
        {
            await w.Audit("card.evaluate", "evaluation", CardFileReader.Format(asOf), after: OrgRules.Json(new
            {
                asOf = CardFileReader.Format(asOf),
                monthEnds = monthEnds.Select(m => new { date = CardFileReader.Format(m.Date), yellow = m.Yellow, red = m.Red, lifted = m.Lifted }),
                yellow = run.Yellow,
                red = run.Red,
                lifted = run.Lifted,
            }));
            return WriteOutcome<EvaluationRun>.Ok(run);
        }, ct: ct);
        return summary;
    }

    /// <summary>Every organization with supervised matters, evaluated up to <paramref name="asOf"/> (the month-end job).</summary>
    public async Task<IReadOnlyList<(int Organization, WriteOutcome<EvaluationRun> Run)>> RunAllAsync(DateOnly asOf, string actor, CancellationToken ct)
    {
        var organizations = await db.Matters.AsNoTracking().Where(m => m.State >= TaskFiles.Supervised).Select(m => m.OrganizationId).Distinct().OrderBy(o => o).ToListAsync(ct);
        var runs = new List<(int, WriteOutcome<EvaluationRun>)>();
        foreach (var organization in organizations) runs.Add((organization, await RunAsync(organization, asOf, actor, ct)));
        return runs;
    }

    /// <summary>Ids per update statement (each id a parameter: well under SQLite's and PostgreSQL's limits).</summary>
    private const int Chunk = 5000;

    private IQueryable<Matter> Due(int organizationId, DateOnly monthEnd) =>
        db.Matters.Where(m => m.OrganizationId == organizationId && m.State >= TaskFiles.Supervised && m.Start <= monthEnd
            && (m.CardsThrough == null || m.CardsThrough < monthEnd));

    /// <summary>The month-ends ≤ <paramref name="asOf"/> at which some supervised matter is still to be evaluated, in order.</summary>
    private async Task<List<DateOnly>> DueMonthEndsAsync(int organizationId, DateOnly asOf, CancellationToken ct)
    {
        var last = asOf == CardDates.MonthEnd(asOf) ? asOf : new DateOnly(asOf.Year, asOf.Month, 1).AddDays(-1);
        var firsts = await db.Matters.AsNoTracking()
            .Where(m => m.OrganizationId == organizationId && m.State >= TaskFiles.Supervised && m.Start <= last)
            .Select(m => new { m.Start, m.CardsThrough }).ToListAsync(ct);
        if (firsts.Count == 0) return [];
        var first = firsts.Min(m => m.CardsThrough is { } through ? CardDates.MonthEnd(through.AddDays(1)) : CardDates.MonthEnd(m.Start));
        var list = new List<DateOnly>();
        for (var m = first; m <= last; m = CardDates.MonthEnd(m.AddDays(1))) list.Add(m);
        return list;
    }

    /// <summary>
    /// One month-end of one organization in the open write: evaluate the matters still due, issue, lift, notify, refresh
    /// the data. Written with set statements, not through the change tracker (100,000 matters, bench/month-end.sh): the
    /// cards and their audit rows in bulk (the chain hashed while the cards are inserted), the lifts and the matters'
    /// watermarks and standing cards as updates by id. The rows and audit rows are those the tracked writes made, in the
    /// same order.
    /// </summary>
    private async Task<WriteOutcome<MonthEndCards?>> MonthEndInAsync(AuditedWrite w, DateOnly monthEnd, List<SystemDatumChange> data)
    {
        var org = w.OrganizationId;
        var ct = w.Ct;
        // Read under the organization's lock: a run that got here first has moved the watermarks.
        var matters = await Due(org, monthEnd).AsNoTracking().OrderBy(m => m.Position).ThenBy(m => m.Id)
            .Select(m => new { m.Id, m.Code, m.Name, m.UnitCode, m.Start, m.Due }).ToListAsync(ct);
        if (matters.Count == 0) return WriteOutcome<MonthEndCards?>.Ok(null);
        // The due matters as a subquery, not a list of 100,000 ids as parameters.
        var ids = Due(org, monthEnd).Select(m => m.Id);
        var rules = (await CardSettings.ForAsync(db, org, ct)).ToRules();
        var reports = new Dictionary<long, List<ProgressReport>>();
        await foreach (var r in db.MatterReports.AsNoTracking()
            .Where(r => r.OrganizationId == org && r.Date <= monthEnd && ids.Contains(r.MatterId))
            .OrderBy(r => r.MatterId).ThenBy(r => r.Id)
            .Select(r => new { r.MatterId, r.Date, r.Percent }).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (!reports.TryGetValue(r.MatterId, out var list)) reports[r.MatterId] = list = [];
            list.Add(new ProgressReport(r.Date, r.Percent));
        }
        var standing = (await db.IssuedCards.AsNoTracking().Where(c => c.OrganizationId == org && c.LiftedOn == null && ids.Contains(c.MatterId))
            .Select(c => new { c.Id, c.MatterId, c.MatterCode, c.UnitCode, c.PublicId, c.MonthEnd }).ToListAsync(ct))
            .ToLookup(c => c.MatterId);
        var now = clock.GetUtcNow();
        var issued = new List<IssuedCard>();
        var records = new List<AuditRecord>();
        var yellow = new List<long>();
        var red = new List<long>();
        var cleared = new List<long>();
        var liftedCards = new List<long>();
        int lifted = 0;
        foreach (var matter in matters)
        {
            var task = new SupervisedTask(matter.Code, matter.Name, matter.UnitCode, matter.Start, matter.Due, reports.TryGetValue(matter.Id, out var list) ? list : []);
            var e = CardEvaluator.EvaluateTask(task, rules, monthEnd);
            if (e.Status is CardStatus.Yellow or CardStatus.Red)
            {
                var card = new IssuedCard
                {
                    OrganizationId = org,
                    MatterId = matter.Id,
                    MatterCode = matter.Code,
                    UnitCode = matter.UnitCode,
                    MonthEnd = monthEnd,
                    Month = CardDates.Month(monthEnd),
                    PublicId = CardDates.CardId(monthEnd, matter.Code),
                    Type = e.Status == CardStatus.Yellow ? CardType.Yellow : CardType.Red,
                    Reason = CardNames.Of(e.Reason!.Value),
                    Expected = e.Expected is { } x ? CardReportJson.OneDecimal(x) : null,
                    Actual = e.Actual,
                    Lag = e.Lag is { } l ? CardReportJson.OneDecimal(l) : null,
                    IssuedBy = w.Actor,
                    IssuedAt = now,
                };
                issued.Add(card);
                (card.Type == CardType.Yellow ? yellow : red).Add(matter.Id);
                records.Add(new AuditRecord(w.Actor, "card.issue", "card", card.PublicId, Unit: card.UnitCode, After: OrgRules.Json(new
                {
                    task = card.MatterCode,
                    date = CardFileReader.Format(monthEnd),
                    type = Type(card.Type),
                    reason = card.Reason,
                    expected = card.Expected,
                    actual = card.Actual,
                    lag = card.Lag,
                })));
            }
            else if (e.Status is CardStatus.Green or CardStatus.Done)
            {
                var cards = standing[matter.Id].OrderBy(c => c.MonthEnd).ToList();
                if (cards.Count > 0) lifted++;
                foreach (var card in cards)
                {
                    liftedCards.Add(card.Id);
                    records.Add(new AuditRecord(w.Actor, "card.lift", "card", card.PublicId, Unit: card.UnitCode, After: OrgRules.Json(new
                    {
                        task = card.MatterCode,
                        liftedOn = CardFileReader.Format(monthEnd),
                        status = CardNames.Of(e.Status),
                    })));
                }
                cleared.Add(matter.Id);
            }
        }
        // The cards are inserted while their audit rows are hashed; a card of this month-end already there (another
        // run's) breaks the unique key, which the writer answers as a conflict: that run's cards stand.
        await w.AuditManyAsync(records, async () => await BulkInsert.RowsAsync(db, issued, ct));
        foreach (var chunk in liftedCards.Chunk(Chunk))
        {
            await db.IssuedCards.Where(c => chunk.Contains(c.Id)).ExecuteUpdateAsync(u => u.SetProperty(c => c.LiftedOn, monthEnd), ct);
        }
        // Only the matters whose standing card changes are written (a red card month after month leaves the row alone).
        foreach (var (group, type) in new[] { (yellow, (CardType?)CardType.Yellow), (red, CardType.Red), (cleared, null) })
        {
            foreach (var chunk in group.Chunk(Chunk))
            {
                var rows = db.Matters.Where(m => chunk.Contains(m.Id));
                rows = type is { } t ? rows.Where(m => m.StandingCard == null || m.StandingCard != t) : rows.Where(m => m.StandingCard != null);
                await rows.ExecuteUpdateAsync(u => u.SetProperty(m => m.StandingCard, type), ct);
            }
        }
        // Last: the watermark moves every due matter out of Due.
        await Due(org, monthEnd).ExecuteUpdateAsync(u => u.SetProperty(m => m.CardsThrough, monthEnd), ct);
        await NotifyAsync(w, monthEnd, issued, now);
        await w.SaveAsync();
        data.AddRange(await SystemData.RefreshForMonthEndsInAsync(w, [monthEnd], now));
        return WriteOutcome<MonthEndCards?>.Ok(new MonthEndCards(monthEnd, yellow.Count, red.Count, lifted));
    }

    /// <summary>One notification per unit with cards for its reporters, one summary for the office (and the webhooks' <c>card</c> event).</summary>
    private static async Task NotifyAsync(AuditedWrite w, DateOnly monthEnd, List<IssuedCard> issued, DateTimeOffset at)
    {
        if (issued.Count == 0) return;
        var date = CardFileReader.Format(monthEnd);
        foreach (var unit in issued.GroupBy(c => c.UnitCode).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            int yellow = unit.Count(c => c.Type == CardType.Yellow), red = unit.Count(c => c.Type == CardType.Red);
            var tasks = string.Join("、", unit.Select(c => c.MatterCode));
            await Notifier.NotifyInAsync(w, new NotificationEvent(NotificationKind.Card, new Audience(UnitReporters: unit.Key), $"cards:{date}:{unit.Key}",
                $"{date} 月末评定：本单位黄牌 {yellow} 张、红牌 {red} 张（{tasks}）",
                $"Month-end {date}: your unit received {yellow} yellow and {red} red card(s) ({string.Join(", ", unit.Select(c => c.MatterCode))})",
                CardId: unit.Count() == 1 ? unit.First().PublicId : null), at);
        }
        int y = issued.Count(c => c.Type == CardType.Yellow), r = issued.Count(c => c.Type == CardType.Red);
        var payload = new JsonObject
        {
            ["date"] = date,
            ["yellow"] = y,
            ["red"] = r,
            ["cards"] = new JsonArray(issued.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.PublicId,
                ["task"] = c.MatterCode,
                ["unit"] = c.UnitCode,
                ["type"] = Type(c.Type),
                ["reason"] = c.Reason,
            }).ToArray()),
        };
        await Notifier.NotifyInAsync(w, new NotificationEvent(NotificationKind.Card, new Audience(Admins: true), $"cards:{date}",
            $"{date} 月末评定：共发出黄牌 {y} 张、红牌 {r} 张",
            $"Month-end {date}: {y} yellow and {r} red card(s) issued",
            WebhookEvent: "card", Data: payload), at);
    }

    public static string Type(CardType type) => type == CardType.Yellow ? "yellow" : "red";
}
