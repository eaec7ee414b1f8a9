using Pacesetter.Scoring.Surveys;

namespace Pacesetter.Web.Pages.Surveys;

/// <summary>
/// The fields of the form that makes one-time links (<c>_LinkFields.cshtml</c>): the group, how many, and the rater's
/// unit — asked only of a group that excludes self-rating (<c>js/surveys.js</c> hides it for the others; without
/// script it stays, and is not read for them) — as typed, with the messages under each (keys <c>group</c>,
/// <c>count</c>, <c>rater</c>, "" for the form).
/// </summary>
public sealed record LinkFields(Survey Survey, IReadOnlyDictionary<string, string> UnitNames, string? Group, string? Count, string? Rater,
    IReadOnlyDictionary<string, List<string>> Errors)
{
    /// <summary>How many links the form offers to make when nothing is typed.</summary>
    public const string DefaultCount = "10";

    /// <summary>The field a problem of <c>CreateLinksAsync</c> belongs to.</summary>
    public static string Key(string path) => path switch
    {
        "$.group" => "group",
        "$.count" => "count",
        "$.rater" => "rater",
        _ => "",
    };
}
