using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Access;
using Pacesetter.App.Data;
using Pacesetter.App.Supervision.Model;
using Pacesetter.App.Time;

namespace Pacesetter.App.Supervision.Bulletins;

/// <summary>A milestone on a bar (a diamond at its due date; filled once done).</summary>
public sealed record TimelineMilestone(string Name, DateOnly Due, DateOnly? DoneOn);

/// <summary>
/// One matter's bar from its start to its due date. <see cref="Status"/>: <c>red</c> or <c>yellow</c> (its standing
/// card), <c>done</c>, <c>pending</c> (not started yet) or <c>green</c>; <see cref="Overdue"/>: past its due date
/// unfinished, or a workflow step past its deadline (hatched).
/// </summary>
public sealed record TimelineBar(string Task, string Name, string Unit, MatterKind Kind, DateOnly Start, DateOnly Due, string Status, string? Card,
    bool Overdue, decimal? Percent, IReadOnlyList<TimelineMilestone> Milestones);

/// <summary>A group of bars (a unit, or a kind of matter).</summary>
public sealed record TimelineGroup(string Key, string Name, string NameEn, IReadOnlyList<TimelineBar> Bars);

/// <summary>The timeline: its range (both days included), today (Beijing) and its groups.</summary>
public sealed record Timeline(string GroupBy, DateOnly From, DateOnly To, DateOnly Today, IReadOnlyList<TimelineGroup> Groups);

/// <summary>
/// 时序可视化 the timeline's data (ADR 0033): the supervised matters the actor reads (admins and leaders all, a reporter
/// its units'), overlapping the range, grouped by unit or by kind, each with its status, milestones and overdue flag.
/// </summary>
public sealed class TimelineReader(PacesetterDb db, TimeProvider clock)
{

    public static (string Zh, string En) KindName(MatterKind k) => k switch
    {
        MatterKind.KeyTask => ("重点工作", "Key tasks"),
        MatterKind.Assigned => ("交办事项", "Assigned matters"),
        MatterKind.Livelihood => ("为民办实事", "Livelihood projects"),
        MatterKind.Secretary => ("书记项目", "Secretaries' projects"),
        _ => ("重大项目节点", "Project milestones"),
    };

    /// <summary>The timeline, or null when the actor has no part in supervision (an assessor).</summary>
    public async Task<Timeline?> ReadAsync(Actor a, string group, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        if (!SupervisionAccess.Supervises(a)) return null;
        var now = clock.GetUtcNow();
        var today = WorkingDays.ChinaDate(now);
        var start = from ?? new DateOnly(today.Year, 1, 1);
        var end = to ?? new DateOnly(start.Year, 12, 31);
        if (end < start) (start, end) = (end, start);
        if (end.DayNumber - start.DayNumber > 3660) end = start.AddYears(10);
        var byUnit = group != "kind";

        var matters = (await db.Matters.AsNoTracking()
            .Where(m => m.OrganizationId == a.OrganizationId && m.State != MatterState.Draft && m.State != MatterState.Approved && m.Start <= end && m.Due >= start)
            .OrderBy(m => m.Position).ThenBy(m => m.Id).ToListAsync(ct))
            .Where(m => SupervisionAccess.CanRead(a, m)).ToList();
        var ids = matters.Select(m => m.Id).ToList();
        var milestones = (await db.Milestones.AsNoTracking().Where(x => x.OrganizationId == a.OrganizationId && ids.Contains(x.MatterId)).ToListAsync(ct))
            .ToLookup(x => x.MatterId);
        var latest = (await db.MatterReports.AsNoTracking().Where(r => r.OrganizationId == a.OrganizationId && ids.Contains(r.MatterId) && r.Date <= today)
                .Select(r => new { r.MatterId, r.Id, r.Date, r.Percent }).ToListAsync(ct))
            .GroupBy(r => r.MatterId).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Date).ThenBy(r => r.Id).Last().Percent);
        var names = await db.Units.AsNoTracking().Where(u => u.OrganizationId == a.OrganizationId).ToDictionaryAsync(u => u.Code, u => u.Name, ct);

        TimelineBar Bar(Matter m)
        {
            decimal? percent = latest.TryGetValue(m.Id, out var p) ? p : null;
            var done = m.State == MatterState.Closed || percent >= 100;
            var status = done ? "done"
                : today < m.Start ? "pending"
                : m.StandingCard == CardType.Red ? "red"
                : m.StandingCard == CardType.Yellow ? "yellow"
                : "green";
            var overdue = !done && (today > m.Due || (m.NextDeadline is { } d && now > d));
            var card = m.StandingCard switch { CardType.Red => "red", CardType.Yellow => "yellow", _ => null };
            return new TimelineBar(m.Code, m.Name, m.UnitCode, m.Kind, m.Start, m.Due, status, done ? null : card, overdue, percent,
                [.. milestones[m.Id].OrderBy(x => x.Due).ThenBy(x => x.Position).Select(x => new TimelineMilestone(x.Name, x.Due, x.DoneOn))]);
        }

        var groups = byUnit
            ? matters.GroupBy(m => m.UnitCode).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new TimelineGroup(g.Key, names.GetValueOrDefault(g.Key, g.Key), names.GetValueOrDefault(g.Key, g.Key), [.. g.Select(Bar)])).ToList()
            : matters.GroupBy(m => m.Kind).OrderBy(g => g.Key)
                .Select(g => new TimelineGroup(g.Key.ToString(), KindName(g.Key).Zh, KindName(g.Key).En, [.. g.Select(Bar)])).ToList();
        return new Timeline(byUnit ? "unit" : "kind", start, end, today, groups);
    }
}
