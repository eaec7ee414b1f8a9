using System.Globalization;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Net.Http.Headers;
using Pacesetter.App.Publication;
using Pacesetter.App.Writes;
using Pacesetter.Web.Localization;

namespace Pacesetter.Web.Pages.Public;

/// <summary>
/// The public pages' cache (ADR 0020): the rendered page (or CSV) is kept in the output cache under its address, its
/// language and the number of the revision it shows, so that a publication day's crowd costs one small query each
/// (the latest revision's number) and no rendering; a correction's revision N+1 is a new key and shows at once. The
/// list of periods is keyed by the organization's newest revision id. That one query is itself remembered for a moment
/// and never past a write (<see cref="RecentReads"/>, ADR 0026), so that a crowd costs no database work and no
/// per-request services (a scoped database context is made only when the number is not known). Nothing is cached for a page that answers 404
/// (not published, or the organization does not post publicly), nor a response that sets a cookie.
/// </summary>
public sealed class PublicCache(RecentReads recent) : IOutputCachePolicy
{
    public const string PolicyName = "public-posting";

    /// <summary>How long a browser or a proxy may keep a public page without asking again.</summary>
    public const int MaxAgeSeconds = 60;

    /// <summary>How long the server keeps a rendered page (a new revision replaces it at once anyway).</summary>
    private static readonly TimeSpan Kept = TimeSpan.FromMinutes(30);

    /// <summary>The sign-in cookie (Program.cs): a request carrying it may get it renewed, which must never be stored.</summary>
    private const string SignInCookie = "pacesetter.auth";

    async ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var version = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
            ? await VersionAsync(http, cancellation)
            : null;
        context.EnableOutputCaching = version is not null;
        context.AllowCacheLookup = version is not null;
        context.AllowCacheStorage = version is not null && !http.Request.Cookies.ContainsKey(SignInCookie);
        context.AllowLocking = true;
        if (version is null) return;
        context.ResponseExpirationTimeSpan = Kept;
        context.CacheVaryByRules.VaryByValues["version"] = version;
        context.CacheVaryByRules.VaryByValues["language"] = RequestLanguage.CultureOf(http.UserLanguage());
        context.Tags.Add(PolicyName);
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK || response.Headers.ContainsKey(HeaderNames.SetCookie)) context.AllowCacheStorage = false;
        return ValueTask.CompletedTask;
    }

    /// <summary>What the public page asked for shows: <c>r3</c> (revision 3 of the period), <c>p42</c> (the list, up to revision id 42), or null (404).</summary>
    private async Task<string?> VersionAsync(HttpContext http, CancellationToken ct)
    {
        if (http.GetRouteValue("org") is not string org) return null;
        if (http.GetRouteValue("period") is string period)
        {
            return await recent.GetAsync(("public-number", org, period), () => Postings(http).LatestNumberAsync(org, period, ct)) is { } number
                ? "r" + number.ToString(CultureInfo.InvariantCulture) : null;
        }
        return await recent.GetAsync(("public-list", org), () => Postings(http).LatestIdAsync(org, ct)) is { } id ? "p" + id.ToString(CultureInfo.InvariantCulture) : null;
    }

    private static PublicPostings Postings(HttpContext http) => http.RequestServices.GetRequiredService<PublicPostings>();

    /// <summary>
    /// The validators and freshness of a public answer: <c>ETag</c> <paramref name="tag"/> (the revision it shows), a
    /// short public <c>max-age</c>, <c>Vary: Cookie</c> for a page whose language the language switch's cookie picks.
    /// True when the request's <c>If-None-Match</c> already names it: then answer 304 without a body.
    /// </summary>
    public static bool NotModified(HttpContext http, string tag, bool varyByLanguage)
    {
        var etag = new EntityTagHeaderValue("\"" + tag + "\"");
        var headers = http.Response.GetTypedHeaders();
        headers.ETag = etag;
        headers.CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromSeconds(MaxAgeSeconds) };
        if (varyByLanguage) http.Response.Headers.Vary = HeaderNames.Cookie;
        var asked = http.Request.GetTypedHeaders().IfNoneMatch;
        return asked is { Count: > 0 } && asked.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: false));
    }

    /// <summary>The tag of a public page: the revision shown and the language (<c>r3-zh-CN</c>).</summary>
    public static string Tag(string version, HttpContext http) => version + "-" + RequestLanguage.CultureOf(http.UserLanguage());
}
