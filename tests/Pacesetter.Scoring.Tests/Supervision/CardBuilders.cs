using System.Globalization;
using Pacesetter.Scoring.Supervision;

namespace Pacesetter.Scoring.Tests.Supervision;

/// <summary>Small tasks for the card tests: <c>Supervised("P1").Schedule("2026-01-01", "2026-12-31").Report("2026-02-01", 20)</c>.</summary>
internal sealed class TaskBuilder(string id)
{
    private string unit = "T1";
    private DateOnly start = Day("2026-01-01");
    private DateOnly due = Day("2026-12-31");
    private readonly List<ProgressReport> progress = [];

    public static TaskBuilder Supervised(string id = "P1") => new(id);

    public static DateOnly Day(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public TaskBuilder Unit(string value)
    {
        unit = value;
        return this;
    }

    public TaskBuilder Schedule(string startDate, string dueDate)
    {
        start = Day(startDate);
        due = Day(dueDate);
        return this;
    }

    public TaskBuilder Report(string date, decimal percent)
    {
        progress.Add(new ProgressReport(Day(date), percent));
        return this;
    }

    public SupervisedTask Build() => new(id, $"任务 {id}", unit, start, due, progress.ToList());

    public TaskEvaluation At(string asOf, CardRules? rules = null) =>
        CardEvaluator.EvaluateTask(Build(), rules ?? CardRules.Default, Day(asOf));
}

internal static class CardText
{
    /// <summary>A history as lines such as <c>2026-02-28 yellow lag</c>, so that a whole history is one readable assertion.</summary>
    public static string[] Lines(this TaskEvaluation evaluation) =>
        evaluation.History.Select(p => Line(p.Date, p.Status, p.Reason)).ToArray();

    public static string Outcome(this TaskEvaluation evaluation) => StatusText(evaluation.Status, evaluation.Reason);

    private static string Line(DateOnly date, CardStatus status, CardReason? reason) =>
        $"{date:yyyy-MM-dd} {StatusText(status, reason)}";

    private static string StatusText(CardStatus status, CardReason? reason) =>
        reason is { } r ? $"{CardNames.Of(status)} {CardNames.Of(r)}" : CardNames.Of(status);
}
