using Pacesetter.App.Access;
using Pacesetter.App.Supervision.Model;
using Pacesetter.App.Time;

namespace Pacesetter.App.Supervision.Matters;

/// <summary>One step of the workflow: the states it is taken from, the state it leads to, and what it needs.</summary>
/// <param name="Kind">The step.</param>
/// <param name="From">The states it may be taken in.</param>
/// <param name="To">The state it leads to.</param>
/// <param name="NeedsReason">退回 needs a reason.</param>
/// <param name="Hint">What to do first when it is taken out of order (English, Chinese).</param>
public sealed record StepRule(StepKind Kind, IReadOnlyList<MatterState> From, MatterState To, bool NeedsReason, string HintEn, string HintZh);

/// <summary>
/// The workflow of supervision.md §3 as a table (ADR 0027): 立项 → 审核 (a leader) → 下发 (the office) → 签收 (the unit)
/// → 办理 (the unit) → 反馈 (the unit) → 复核 (the office) → 办结 (the office), and 退回 from 反馈 or 复核 back to 办理
/// with a reason. Who takes a step is <see cref="SupervisionAccess.CanStep"/>'s; deadlines are <see cref="NextAfter"/>'s.
/// </summary>
public static class StepRules
{
    public static readonly IReadOnlyList<StepRule> All =
    [
        new(StepKind.Approve, [MatterState.Draft], MatterState.Approved, false, "only a draft is approved", "只有立项（草稿）状态的事项可以审核"),
        new(StepKind.Assign, [MatterState.Approved], MatterState.Assigned, false, "approve first", "请先审核"),
        new(StepKind.Acknowledge, [MatterState.Assigned], MatterState.Acknowledged, false, "assign first", "请先下发"),
        new(StepKind.Start, [MatterState.Acknowledged], MatterState.InProgress, false, "acknowledge first", "请先签收"),
        new(StepKind.Feedback, [MatterState.InProgress], MatterState.Reported, false, "start the work (办理) first", "请先办理"),
        new(StepKind.Verify, [MatterState.Reported], MatterState.Verified, false, "feedback first", "请先反馈"),
        new(StepKind.Return, [MatterState.Reported, MatterState.Verified], MatterState.InProgress, true, "only a reported or verified matter is returned", "只有已反馈或已复核的事项可以退回"),
        new(StepKind.Close, [MatterState.Verified], MatterState.Closed, false, "verify first", "请先复核"),
    ];

    /// <summary>The rule of a step that people take (not 立项 nor a file's import), or null.</summary>
    public static StepRule? Of(StepKind kind) => All.FirstOrDefault(r => r.Kind == kind);

    /// <summary>
    /// The pending step after a matter reached <paramref name="state"/> at <paramref name="at"/>, and its deadline:
    /// 签收 within the acknowledge working days of the assignment (or the deadline the office gave); 反馈 by the end of
    /// the due date; 复核 within the verify working days of the feedback; nothing after 办结.
    /// </summary>
    public static (StepKind? Step, DateTimeOffset? Deadline) NextAfter(MatterState state, Matter m, CardSettings settings, DateTimeOffset at, DateTimeOffset? given = null) => state switch
    {
        MatterState.Draft => (StepKind.Approve, null),
        MatterState.Approved => (StepKind.Assign, null),
        MatterState.Assigned => (StepKind.Acknowledge, given ?? WorkingDays.EndOfWorkingDays(at, settings.AcknowledgeWorkingDays)),
        MatterState.Acknowledged or MatterState.InProgress => (StepKind.Feedback, WorkingDays.EndOfDay(m.Due)),
        MatterState.Reported => (StepKind.Verify, WorkingDays.EndOfWorkingDays(at, settings.VerifyWorkingDays)),
        MatterState.Verified => (StepKind.Close, null),
        _ => (null, null),
    };

    /// <summary>Whether <paramref name="kind"/> answers the pending step (so it is held to its deadline): 退回 answers 复核's.</summary>
    public static bool Answers(StepKind kind, StepKind? pending) =>
        pending is { } p && (p == kind || (kind == StepKind.Return && p == StepKind.Verify));

    /// <summary>A pending step is overdue once <paramref name="now"/> is past its deadline.</summary>
    public static bool IsOverdue(DateTimeOffset? deadline, DateTimeOffset now) => deadline is { } d && now > d;
}

/// <summary>The names matters, states and steps have in the API and the audit rows, and their Chinese and English labels.</summary>
public static class MatterNames
{
    public static string Of(MatterKind k) => k switch
    {
        MatterKind.KeyTask => "key-task",
        MatterKind.Assigned => "assigned",
        MatterKind.Livelihood => "livelihood",
        MatterKind.Secretary => "secretary",
        _ => "milestone",
    };

    public static MatterKind? Kind(string? name) => name switch
    {
        "key-task" => MatterKind.KeyTask,
        "assigned" => MatterKind.Assigned,
        "livelihood" => MatterKind.Livelihood,
        "secretary" => MatterKind.Secretary,
        "milestone" => MatterKind.ProjectMilestone,
        _ => null,
    };

    public static string Of(MatterState s) => s switch
    {
        MatterState.Draft => "draft",
        MatterState.Approved => "approved",
        MatterState.Assigned => "assigned",
        MatterState.Acknowledged => "acknowledged",
        MatterState.InProgress => "in-progress",
        MatterState.Reported => "reported",
        MatterState.Verified => "verified",
        _ => "closed",
    };

    public static MatterState? State(string? name) => Enum.GetValues<MatterState>().Cast<MatterState?>().FirstOrDefault(s => Of(s!.Value) == name);

    public static string Of(StepKind k) => k switch
    {
        StepKind.Create => "create",
        StepKind.Approve => "approve",
        StepKind.Assign => "assign",
        StepKind.Acknowledge => "acknowledge",
        StepKind.Start => "start",
        StepKind.Feedback => "feedback",
        StepKind.Verify => "verify",
        StepKind.Return => "return",
        StepKind.Close => "close",
        _ => "import",
    };

    public static StepKind? Step(string? name) => Enum.GetValues<StepKind>().Cast<StepKind?>().FirstOrDefault(s => Of(s!.Value) == name);

    public static string Of(ReportFrequency f) => f switch
    {
        ReportFrequency.Weekly => "weekly",
        ReportFrequency.Quarterly => "quarterly",
        _ => "monthly",
    };

    public static ReportFrequency? Frequency(string? name) => name switch
    {
        "weekly" => ReportFrequency.Weekly,
        "monthly" => ReportFrequency.Monthly,
        "quarterly" => ReportFrequency.Quarterly,
        _ => null,
    };

    public static string Chinese(MatterKind k) => k switch
    {
        MatterKind.KeyTask => "重点工作",
        MatterKind.Assigned => "交办事项",
        MatterKind.Livelihood => "为民办实事",
        MatterKind.Secretary => "书记项目",
        _ => "重大项目节点",
    };

    public static string English(MatterKind k) => k switch
    {
        MatterKind.KeyTask => "Key task",
        MatterKind.Assigned => "Assigned matter",
        MatterKind.Livelihood => "Livelihood project",
        MatterKind.Secretary => "Secretary's project",
        _ => "Project milestone",
    };

    public static string Chinese(MatterState s) => s switch
    {
        MatterState.Draft => "立项",
        MatterState.Approved => "已审核",
        MatterState.Assigned => "已下发",
        MatterState.Acknowledged => "已签收",
        MatterState.InProgress => "办理中",
        MatterState.Reported => "已反馈",
        MatterState.Verified => "已复核",
        _ => "已办结",
    };

    public static string English(MatterState s) => s switch
    {
        MatterState.Draft => "Draft",
        MatterState.Approved => "Approved",
        MatterState.Assigned => "Assigned",
        MatterState.Acknowledged => "Acknowledged",
        MatterState.InProgress => "In progress",
        MatterState.Reported => "Completion reported",
        MatterState.Verified => "Verified",
        _ => "Closed",
    };

    public static string Chinese(StepKind k) => k switch
    {
        StepKind.Create => "立项",
        StepKind.Approve => "审核",
        StepKind.Assign => "下发",
        StepKind.Acknowledge => "签收",
        StepKind.Start => "办理",
        StepKind.Feedback => "反馈",
        StepKind.Verify => "复核",
        StepKind.Return => "退回",
        StepKind.Close => "办结",
        _ => "导入",
    };

    public static string English(StepKind k) => k switch
    {
        StepKind.Create => "Create",
        StepKind.Approve => "Approve",
        StepKind.Assign => "Assign",
        StepKind.Acknowledge => "Acknowledge",
        StepKind.Start => "Start",
        StepKind.Feedback => "Report completion",
        StepKind.Verify => "Verify",
        StepKind.Return => "Return",
        StepKind.Close => "Close",
        _ => "Import",
    };
}
