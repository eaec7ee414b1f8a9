using Pacesetter.App.Writes;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.App.Supervision.Race;

/// <summary>One datum the system entered or changed (for the evaluation's answer and the audit).</summary>
public sealed record SystemDatumChange(string Period, string Indicator, IReadOnlyList<string> ChangedUnits, bool Locked);

/// <summary>
/// 系统填报 data the system enters (ADR 0030): an indicator whose <c>source</c> names supervision (issued cards, project
/// figures) takes each unit's datum from there, entered by the system, audited as <c>datum.system</c>, and refreshed
/// when its source changes before the period's publication.
/// </summary>
public static class SystemData
{
    /// <summary>Whether the system fills the indicator's datum (nobody enters it by hand).</summary>
    public static bool Fills(Indicator indicator) => false; // filled by the race part (its Source field)

    /// <summary>Refreshes the system-filled data of <paramref name="period"/> in the open write; nothing while the period is published without an open correction.</summary>
    public static Task<IReadOnlyList<SystemDatumChange>> RefreshInAsync(AuditedWrite w, string period) =>
        Task.FromResult<IReadOnlyList<SystemDatumChange>>([]);

    /// <summary>Refreshes every period with a scheme that contains one of the month-ends <paramref name="monthEnds"/> (after an evaluation).</summary>
    public static Task<IReadOnlyList<SystemDatumChange>> RefreshForMonthEndsInAsync(AuditedWrite w, IEnumerable<DateOnly> monthEnds) =>
        Task.FromResult<IReadOnlyList<SystemDatumChange>>([]);
}
