using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Pacesetter.App.DataEntry;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;
using Pacesetter.Web.Localization;
using Pacesetter.Web.Pages.DataEntry;

namespace Pacesetter.Web;

/// <summary>The resources of <see cref="Outcomes"/> (Resources/OutcomeText.*.resx, from OutcomeText.tsv).</summary>
public sealed class OutcomeText;

/// <summary>
/// The one mapping from an operation's outcome (<see cref="WriteOutcome{T}"/>) to what a person or a program is told:
/// an HTTP status with ProblemDetails for the APIs (problems listed as <c>{ "path", "message" }</c> in the request's
/// language), and the messages of a page.
/// </summary>
public static class Outcomes
{
    /// <summary>The language of messages: the request's (<see cref="RequestLanguage"/>).</summary>
    public static Language Language => RequestLanguage.Current;

    public static int StatusOf(WriteStatus status) => status switch
    {
        WriteStatus.Ok => StatusCodes.Status200OK,
        WriteStatus.NotFound => StatusCodes.Status404NotFound,
        WriteStatus.Forbidden => StatusCodes.Status403Forbidden,
        WriteStatus.Invalid => StatusCodes.Status400BadRequest,
        _ => StatusCodes.Status409Conflict,
    };

    /// <summary>One problem as the APIs list it.</summary>
    public sealed record ProblemItem(string Path, string Message);

    public static List<ProblemItem> Items(IEnumerable<Problem> problems) =>
        problems.Select(p => new ProblemItem(p.Path, p.Message(Language))).ToList();

    /// <summary>The messages a page shows for a refused operation, in the request's language.</summary>
    public static List<string> Messages<T>(this WriteOutcome<T> outcome) => outcome.Problems.Select(p => p.Message(Language)).ToList();

    /// <summary>
    /// The API's answer: <paramref name="ok"/> of the value, or ProblemDetails with the status of the outcome, a title
    /// in the request's language (<paramref name="title"/> and <paramref name="detail"/> when the caller knows better),
    /// and, for invalid input, every problem with its JSON path.
    /// </summary>
    public static IResult ToHttpResult<T>(this WriteOutcome<T> outcome, Func<T, IResult> ok, IStringLocalizer<OutcomeText> text,
        string? title = null, string? detail = null, Dictionary<string, object?>? extensions = null)
    {
        if (outcome.IsOk) return ok(outcome.Value!);
        extensions ??= [];
        switch (outcome.Status)
        {
            case WriteStatus.Invalid:
                extensions["problems"] = Items(outcome.Problems);
                detail ??= text["Outcome.Invalid.Detail", outcome.Problems.Count];
                break;
            case WriteStatus.Conflict or WriteStatus.Forbidden:
                detail ??= outcome.Problems.Count > 0 ? outcome.Problems[0].Message(Language) : null;
                // A conflict with several things in its way (a publication's missing data) names each of them.
                if (outcome.Problems.Count > 1 || outcome.Problems is [{ Path: not "$" and not "$.period" }]) extensions["problems"] = Items(outcome.Problems);
                break;
        }
        return Problem(StatusOf(outcome.Status), title ?? text["Outcome." + outcome.Status], detail, extensions.Count > 0 ? extensions : null);
    }

    /// <summary>The one ProblemDetails builder of the APIs.</summary>
    public static ProblemHttpResult Problem(int status, string title, string? detail = null, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail, extensions: extensions);

    /// <summary>Data entry's outcome (its own refusals: deadline, approved, …): ProblemDetails naming the field (its JSON path) and what is wrong, in the caller's language.</summary>
    public static IResult ToHttpResult(this EntryOutcome outcome, string unit, string indicator, IStringLocalizer<DataEntryText> t)
    {
        var lang = Language;
        switch (outcome.Error)
        {
            case EntryError.NotFound:
                return TypedResults.NotFound();
            case EntryError.Conflict:
                return Problem(StatusCodes.Status409Conflict, t["Error.ConflictGone"],
                    outcome.Row is { } r ? t["Error.Conflict", r.UpdatedBy, r.UpdatedAt.ToString("O", CultureInfo.InvariantCulture), r.Version, r.Value ?? "null"].Value : null,
                    outcome.Row is { } row ? new Dictionary<string, object?> { ["current"] = DatumDto.From(row) } : null);
            case EntryError.Invalid or EntryError.NoValue:
                {
                    var errors = outcome.Problems
                        .GroupBy(p => p.Path.Length > 0 ? p.Path : DataEntryService.DatumPath(unit, indicator) + (p.Field.Length > 0 ? "." + p.Field : ""))
                        .ToDictionary(g => g.Key, g => g.Select(p => p.Message(lang)).ToArray());
                    return TypedResults.ValidationProblem(errors, title: t["Error.Invalid"]);
                }
            default:
                {
                    var title = outcome.Error switch
                    {
                        EntryError.Forbidden => t["Error.Forbidden"],
                        EntryError.DeadlinePassed => t["Api.DeadlinePassed"],
                        EntryError.Approved => t["Error.Approved"],
                        EntryError.NotSubmitted => t["Error.NotSubmitted"],
                        EntryError.ReasonRequired => t["Error.ReasonRequired"],
                        EntryError.Submitted => t["Error.Submitted"],
                        EntryError.NotWithdrawable => t["Error.NotWithdrawable"],
                        EntryError.Published => t["Error.Published"],
                        _ => t["Error.NotFound"],
                    };
                    var status = outcome.Error switch
                    {
                        EntryError.Forbidden or EntryError.DeadlinePassed or EntryError.Approved => StatusCodes.Status403Forbidden,
                        // The datum's state stands in the way (ADR 0014): withdraw first, or nothing to withdraw.
                        EntryError.Submitted or EntryError.NotWithdrawable or EntryError.Published => StatusCodes.Status409Conflict,
                        _ => StatusCodes.Status400BadRequest,
                    };
                    return Problem(status, title, null, new Dictionary<string, object?> { ["code"] = outcome.Error.ToString() });
                }
        }
    }
}
