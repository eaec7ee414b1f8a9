using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Pacesetter.Scoring.Output;

namespace Pacesetter.Web.Organizations;

/// <summary>The shapes of codes, slugs and names, shared by the organization pages, and the JSON of their audit rows.</summary>
public static partial class OrgRules
{
    public const int NameMax = 200;

    /// <summary>Unit and category codes are the ids of scheme files.</summary>
    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    public static partial Regex Code();

    [GeneratedRegex("^[a-z0-9-]{2,64}$")]
    public static partial Regex Slug();

    public static bool IsName(string? name) => name is { Length: >= 1 and <= NameMax };

    /// <summary>Chinese stays readable in audit rows.</summary>

    public static string Json(object value) => JsonSerializer.Serialize(value, JsonFormats.Compact);

    /// <summary>Identity's errors (password rules, duplicate names) in the user's language; unknown codes keep Identity's text.</summary>
    public static IEnumerable<string> Describe(IdentityResult result, IStringLocalizer<OrganizationText> text, IdentityOptions options) =>
        result.Errors.Select(e => text["Identity." + e.Code, options.Password.RequiredLength, options.Password.RequiredUniqueChars] is { ResourceNotFound: false } s
            ? s.Value
            : e.Description);
}
