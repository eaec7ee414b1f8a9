using Pacesetter.App.Access;
using Pacesetter.App.Supervision.Model;

namespace Pacesetter.App.Supervision;

/// <summary>
/// Who may do what in supervision (ADR 0027), the one place of these rules: pages and API handlers ask here, never
/// re-code them. The office (督查室) is the organization admin; leaders approve (审核) and write instructions (批示);
/// a reporter acts for its unit; assessors have no part in supervision (issued bulletins excepted).
/// </summary>
public static class SupervisionAccess
{
    private static IEnumerable<string> CoUnits(Matter m) => CoUnits(m.CoUnits);

    private static IEnumerable<string> CoUnits(string? coUnits) =>
        (coUnits ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Admins and leaders read every matter; a reporter the matters of its unit, as responsible or co-unit.</summary>
    public static bool CanRead(Actor a, Matter m) => CanRead(a, m.UnitCode, m.CoUnits);

    /// <summary>As <see cref="CanRead(Actor, Matter)"/> from a matter's unit and co-units alone (a query that reads only those).</summary>
    public static bool CanRead(Actor a, string unit, string? coUnits) =>
        a.ReadsAll || a.ReporterUnits.Contains(unit) || CoUnits(coUnits).Any(a.ReporterUnits.Contains);

    /// <summary>Whether <paramref name="a"/> may see supervision at all (the hub, cards, projects, the timeline): not an assessor only.</summary>
    public static bool Supervises(Actor a) => a.ReadsAll || a.ReporterUnits.Count > 0;

    /// <summary>Reads the matters, cards and projects of <paramref name="unit"/>.</summary>
    public static bool ReadsUnit(Actor a, string unit) => a.ReadsAll || a.ReporterUnits.Contains(unit);

    /// <summary>Only the responsible unit reports progress (its reporter, or the office on its behalf); a co-unit does not.</summary>
    public static bool CanReport(Actor a, Matter m) => a.IsAdmin || a.ReporterUnits.Contains(m.UnitCode);

    /// <summary>Whether <paramref name="a"/> is a reporter of a co-unit only (refused with 403 naming the unit).</summary>
    public static bool IsCoUnitOnly(Actor a, Matter m) => !CanReport(a, m) && CoUnits(m).Any(a.ReporterUnits.Contains);

    /// <summary>
    /// Who takes each step: 审核 a leader; 立项, 下发, 复核, 退回, 办结 the office; 签收, 办理 and 反馈 the responsible unit's
    /// reporter, or the office on its behalf.
    /// </summary>
    public static bool CanStep(Actor a, Matter m, StepKind k) => k switch
    {
        StepKind.Approve => a.IsLeader,
        StepKind.Create or StepKind.Assign or StepKind.Verify or StepKind.Return or StepKind.Close or StepKind.Import => a.IsAdmin,
        StepKind.Acknowledge or StepKind.Start or StepKind.Feedback => a.IsAdmin || a.ReporterUnits.Contains(m.UnitCode),
        _ => false,
    };

    /// <summary>批示: leaders.</summary>
    public static bool CanInstruct(Actor a) => a.IsLeader;

    /// <summary>Acknowledging an instruction: the responsible unit's reporter.</summary>
    public static bool CanAcknowledge(Actor a, Matter m) => a.ReporterUnits.Contains(m.UnitCode);

    /// <summary>催办: the office.</summary>
    public static bool CanRemind(Actor a) => a.IsAdmin;

    /// <summary>Creating and editing matters, importing tasks files, card settings, evaluations, projects, webhooks, bulletins: the office.</summary>
    public static bool Manages(Actor a) => a.IsAdmin;

    /// <summary>The office's settings and overviews that leaders read too (cards, rules, the tasks file, project figures, bulletin drafts).</summary>
    public static bool Oversees(Actor a) => a.ReadsAll;
}
