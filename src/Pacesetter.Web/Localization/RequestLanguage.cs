using System.Globalization;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.WebUtilities;
using Pacesetter.Scoring;

namespace Pacesetter.Web.Localization;

/// <summary>
/// The one rule for the language of a request (ADR 0006). Chinese first: a page is in English only when the person chose
/// English — with the language switch (the culture cookie) or <c>?lang=en</c> on the address. The browser's
/// Accept-Language is not followed on pages (a Chinese user on an English operating system still gets Chinese). The API
/// also follows <c>Accept-Language</c>, since an integration has no cookie and asks for its language that way.
/// Everything that needs the language asks here: <see cref="Current"/> during a request (the request localization
/// middleware has set the culture), <see cref="UserLanguage"/> for an <see cref="HttpContext"/>.
/// </summary>
public static class RequestLanguage
{
    public const string Chinese = "zh-CN";
    public const string English = "en";

    /// <summary>The supported cultures, Chinese first (the default).</summary>
    public static readonly IReadOnlyList<string> Cultures = [Chinese, English];

    /// <summary>The query parameter that picks the language of one request: <c>?lang=en</c> or <c>?lang=zh</c>.</summary>
    public const string QueryKey = "lang";

    /// <summary>The language of the current request (its UI culture).</summary>
    public static Language Current => IsEnglish(CultureInfo.CurrentUICulture) ? Language.English : Language.Chinese;

    /// <summary>True when the current request is in English.</summary>
    public static bool CurrentIsEnglish => Current == Language.English;

    /// <summary>The culture name of the current request, as in <c>&lt;html lang&gt;</c>: <c>zh-CN</c> or <c>en</c>.</summary>
    public static string CurrentCulture => CurrentIsEnglish ? English : Chinese;

    /// <summary>The language of a request, from the culture the localization middleware chose for it.</summary>
    public static Language UserLanguage(this HttpContext http) =>
        http.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture is { } c && IsEnglish(c) ? Language.English : Language.Chinese;

    /// <summary>
    /// Makes the request's language the UI culture until disposed, for code that runs outside the localization
    /// middleware's scope (the exception handler, <see cref="Operations.DatabaseOutage"/>), so that the texts it looks up
    /// are in the person's language.
    /// </summary>
    public static IDisposable InLanguageOf(HttpContext http)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(CultureOf(http.UserLanguage()));
        return new Restore(previous);
    }

    private sealed class Restore(CultureInfo previous) : IDisposable
    {
        public void Dispose() => CultureInfo.CurrentUICulture = previous;
    }

    /// <summary>The culture name for a language.</summary>
    public static string CultureOf(Language language) => language == Language.English ? English : Chinese;

    private static bool IsEnglish(CultureInfo culture) => culture.TwoLetterISOLanguageName == "en";

    /// <summary>Request localization with this rule: <c>?lang=</c>, then the cookie, then (API only) Accept-Language, else Chinese.</summary>
    public static RequestLocalizationOptions Options()
    {
        var options = new RequestLocalizationOptions()
            .SetDefaultCulture(Chinese)
            .AddSupportedCultures([.. Cultures])
            .AddSupportedUICultures([.. Cultures]);
        options.RequestCultureProviders =
        [
            new LangQueryProvider { Options = options },
            new CookieRequestCultureProvider { Options = options },
            new ApiAcceptLanguageProvider { Options = options },
        ];
        return options;
    }

    /// <summary>
    /// The language switch's link: to the other language, then back to the page asked for (the original one when a
    /// refusal page stands in for it), without a <c>?lang=</c> that would undo the choice.
    /// </summary>
    public static string SwitchUrl(HttpContext http)
    {
        var (path, query) = Pacesetter.Web.Auth.Refusals.Requested(http);
        var kept = QueryHelpers.ParseQuery(query).Where(p => !string.Equals(p.Key, QueryKey, StringComparison.OrdinalIgnoreCase));
        var back = path + new QueryBuilder(kept).ToQueryString();
        return $"/culture/{(CurrentIsEnglish ? Chinese : English)}?returnUrl={Uri.EscapeDataString(back)}";
    }

    /// <summary>
    /// Where the language switch returns to: <paramref name="returnUrl"/> when it is a path of this site (one leading
    /// slash, not <c>//</c> or <c>/\</c>, which browsers read as another host, and no control character such as a tab
    /// that browsers drop), else the home page. The framework's rule for a local redirect, checked here so that a bad
    /// address is answered with home instead of an error.
    /// </summary>
    public static string ReturnPath(string? returnUrl) =>
        returnUrl is { Length: > 0 } r && r[0] == '/' && (r.Length == 1 || (r[1] != '/' && r[1] != '\\')) && !r.Any(char.IsControl) ? r : "/";

    /// <summary>Remembers the person's choice (the language switch) for a year.</summary>
    public static void Remember(HttpResponse response, string culture) =>
        response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, Secure = response.HttpContext.Request.IsHttps });

    /// <summary><c>?lang=en</c> (or <c>en-US</c> …) → English, <c>?lang=zh</c> (or <c>zh-CN</c> …) → Chinese; anything else is ignored.</summary>
    private sealed class LangQueryProvider : RequestCultureProvider
    {
        public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
        {
            var value = httpContext.Request.Query[QueryKey].ToString().Trim().ToLowerInvariant();
            string? culture = value == "en" || value.StartsWith("en-", StringComparison.Ordinal) ? English
                : value == "zh" || value.StartsWith("zh-", StringComparison.Ordinal) ? Chinese
                : null;
            return Task.FromResult(culture is null ? null : new ProviderCultureResult(culture));
        }
    }

    /// <summary>Accept-Language, for <c>/api</c> requests only.</summary>
    private sealed class ApiAcceptLanguageProvider : RequestCultureProvider
    {
        private readonly AcceptLanguageHeaderRequestCultureProvider inner = new();

        public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext) =>
            httpContext.Request.Path.StartsWithSegments("/api")
                ? inner.DetermineProviderCultureResult(httpContext)
                : Task.FromResult<ProviderCultureResult?>(null);
    }
}
