namespace Pacesetter.Scoring.Supervision;

/// <summary>红黄牌规则 card rules: the organization's thresholds (supervision.md §1).</summary>
public sealed record CardRules(
    decimal YellowLag = 10m,
    decimal RedLag = 30m,
    int NotStartedYellowMonths = 1,
    int NotStartedRedMonths = 3,
    int EscalateAfter = 2)
{
    public static CardRules Default { get; } = new();
}

/// <summary>进度报告 progress report: the percent done on a date (0–100).</summary>
public sealed record ProgressReport(DateOnly Date, decimal Percent);

/// <summary>督办任务 supervised task: a key task, assigned matter, livelihood project or project milestone.</summary>
public sealed record SupervisedTask(
    string Id,
    string Name,
    string Unit,
    DateOnly Start,
    DateOnly Due,
    IReadOnlyList<ProgressReport> Progress);

/// <summary>红黄牌文件 cards file: the rules and the tasks they are applied to.</summary>
public sealed record CardFile(CardRules Rules, IReadOnlyList<SupervisedTask> Tasks);

/// <summary>督办状态 task status; <see cref="Green"/>, <see cref="Yellow"/> and <see cref="Red"/> are declared in order of gravity.</summary>
public enum CardStatus
{
    /// <summary>未开始: the evaluation date is before the start.</summary>
    Pending,
    Green,
    /// <summary>黄牌</summary>
    Yellow,
    /// <summary>红牌</summary>
    Red,
    /// <summary>已完成</summary>
    Done,
}

public enum CardReason
{
    /// <summary>逾期</summary>
    Overdue,
    /// <summary>未启动</summary>
    NotStarted,
    /// <summary>滞后于序时进度</summary>
    Lag,
    /// <summary>连续黄牌升级为红牌</summary>
    Escalated,
}

/// <summary>One evaluation point of a task's history: a month-end, or the evaluation date itself.</summary>
public sealed record EvaluationPoint(DateOnly Date, CardStatus Status, CardReason? Reason);

/// <summary>督办结果 a task's status at the evaluation date, with the history that led to it.</summary>
/// <param name="Expected">序时进度 time-elapsed schedule in percent, unrounded; null while pending.</param>
/// <param name="Lag">expected − actual, unrounded; null while pending.</param>
public sealed record TaskEvaluation(
    SupervisedTask Task,
    CardStatus Status,
    CardReason? Reason,
    decimal? Expected,
    decimal Actual,
    decimal? Lag,
    IReadOnlyList<EvaluationPoint> History)
{
    public string Id => Task.Id;
    public string Unit => Task.Unit;
}

/// <summary>The cards a unit was issued at one month-end.</summary>
public sealed record MonthCards(int Year, int Month, int Yellow, int Red)
{
    /// <summary>The month as <c>yyyy-MM</c>.</summary>
    public string Key => $"{Year:D4}-{Month:D2}";
}

/// <summary>A unit's card counts, one entry per month in which any of its tasks had a month-end evaluation.</summary>
public sealed record UnitCards(string Unit, IReadOnlyList<MonthCards> Months);

/// <summary>督查结果 the evaluation of a whole cards file at one date.</summary>
public sealed record CardReport(DateOnly AsOf, IReadOnlyList<TaskEvaluation> Tasks, IReadOnlyList<UnitCards> Units);

/// <summary>The names statuses and reasons have in files and output.</summary>
public static class CardNames
{
    public static string Of(CardStatus status) => status switch
    {
        CardStatus.Pending => "pending",
        CardStatus.Green => "green",
        CardStatus.Yellow => "yellow",
        CardStatus.Red => "red",
        CardStatus.Done => "done",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static string Of(CardReason reason) => reason switch
    {
        CardReason.Overdue => "overdue",
        CardReason.NotStarted => "not-started",
        CardReason.Lag => "lag",
        CardReason.Escalated => "escalated",
        _ => throw new ArgumentOutOfRangeException(nameof(reason)),
    };

    public static string Chinese(CardStatus status) => status switch
    {
        CardStatus.Pending => "未开始",
        CardStatus.Green => "正常",
        CardStatus.Yellow => "黄牌",
        CardStatus.Red => "红牌",
        CardStatus.Done => "已完成",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static string Chinese(CardReason reason) => reason switch
    {
        CardReason.Overdue => "逾期",
        CardReason.NotStarted => "未启动",
        CardReason.Lag => "滞后序时进度",
        CardReason.Escalated => "连续黄牌升级",
        _ => throw new ArgumentOutOfRangeException(nameof(reason)),
    };
}
