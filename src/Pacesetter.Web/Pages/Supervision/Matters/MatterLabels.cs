using System.Globalization;
using Pacesetter.App.Supervision.Matters;
using Pacesetter.App.Supervision.Model;
using Pacesetter.Scoring.Supervision;
using Pacesetter.Web.Localization;

namespace Pacesetter.Web.Pages.Supervision.Matters;

/// <summary>Names of kinds, states, steps and card statuses in the request's language (never codes).</summary>
public static class MatterLabels
{
    private static bool English => RequestLanguage.CurrentIsEnglish;

    public static string Kind(MatterKind k) => English ? MatterNames.English(k) : MatterNames.Chinese(k);

    public static string State(MatterState s) => English ? MatterNames.English(s) : MatterNames.Chinese(s);

    public static string Step(StepKind k) => English ? MatterNames.English(k) : MatterNames.Chinese(k);

    public static string Status(CardStatus s) => English ? CardNames.Of(s) switch
    {
        "pending" => "Not started yet",
        "green" => "On schedule",
        "yellow" => "Yellow card",
        "red" => "Red card",
        _ => "Done",
    } : CardNames.Chinese(s);

    public static string Reason(string reason) => reason switch
    {
        "overdue" => English ? "overdue" : CardNames.Chinese(CardReason.Overdue),
        "not-started" => English ? "not started" : CardNames.Chinese(CardReason.NotStarted),
        "lag" => English ? "behind schedule" : CardNames.Chinese(CardReason.Lag),
        "escalated" => English ? "escalated" : CardNames.Chinese(CardReason.Escalated),
        _ => reason,
    };

    public static string Card(CardType t) => t == CardType.Red ? (English ? "Red card" : "红牌") : (English ? "Yellow card" : "黄牌");

    public static string CardClass(CardType? t) => t switch
    {
        CardType.Red => "text-bg-danger",
        CardType.Yellow => "text-bg-warning",
        _ => "text-bg-success",
    };

    public static string StatusClass(CardStatus s) => s switch
    {
        CardStatus.Red => "text-bg-danger",
        CardStatus.Yellow => "text-bg-warning",
        CardStatus.Green => "text-bg-success",
        CardStatus.Done => "text-bg-secondary",
        _ => "text-bg-light",
    };

    public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Number(decimal d) => d.ToString(CultureInfo.InvariantCulture);

    /// <summary>The steps <paramref name="state"/> allows, as a page offers them.</summary>
    public static IEnumerable<StepRule> StepsFrom(MatterState state) => StepRules.All.Where(r => r.From.Contains(state));

    public static string When(DateTimeOffset at) => ChinaTime.Show(at);

    /// <summary>A step's deadline: the end of a day shows as that day's 24:00 (<see cref="ChinaTime.ShowDeadline"/>).</summary>
    public static string Deadline(DateTimeOffset at) => ChinaTime.ShowDeadline(at);
}
