using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace Pacesetter.Web.Auth;

/// <summary>
/// How a refusal is answered. A page that refuses a signed-in person (403, from a page model or from a <c>Forbid()</c>
/// under the sign-in cookie) answers 403 with the refusal page <see cref="PagePath"/> in the person's language, rendered
/// in place (no redirect), or a small fragment of it for an htmx request. The API (<c>/api/…</c>) answers ProblemDetails
/// JSON, as every other empty error answer does. A page request without a session still goes to the sign-in page.
/// Likewise a page (not the API, not an htmx fragment) answering an empty 404 shows the not-found page
/// <see cref="NotFoundPath"/> in the person's language with a way back (issue #8), in place; and an empty 400 — a form
/// whose antiforgery token no longer holds (left open for long, signed out in another window) or whose body cannot be
/// read (a NUL character) — shows <see cref="BadRequestPath"/>, which says so and offers the form again.
/// </summary>
public static class Refusals
{
    /// <summary>The refusal page (anonymous, so that rendering it is never refused in turn).</summary>
    public const string PagePath = "/Account/Denied";

    /// <summary>The not-found page (anonymous, like the refusal page).</summary>
    public const string NotFoundPath = "/Account/NotFound";

    /// <summary>The page for a request that cannot be handled as sent (anonymous, like the refusal page).</summary>
    public const string BadRequestPath = "/Account/BadRequest";

    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");

    /// <summary>True for a request sent by htmx (header <c>HX-Request: true</c>), which swaps a fragment, not a page.</summary>
    public static bool IsHtmx(HttpRequest request) => string.Equals(request.Headers["HX-Request"], "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Status code pages: a page's empty 403 → the refusal page; a page's empty 404 or 400 (not for htmx, which swaps no
    /// error) → the not-found page or the bad-request page; every other empty error → ProblemDetails.
    /// </summary>
    public static IApplicationBuilder UseRefusalPages(this IApplicationBuilder app)
    {
        var problemDetails = new StatusCodePagesOptions().HandleAsync;
        return app.UseStatusCodePages(new StatusCodePagesOptions
        {
            HandleAsync = context =>
            {
                var request = context.HttpContext.Request;
                if (IsApi(request)) return problemDetails(context);
                return context.HttpContext.Response.StatusCode switch
                {
                    StatusCodes.Status403Forbidden => RenderAsync(context, PagePath),
                    StatusCodes.Status404NotFound when !IsHtmx(request) => RenderAsync(context, NotFoundPath),
                    StatusCodes.Status400BadRequest when !IsHtmx(request) => RenderAsync(context, BadRequestPath),
                    _ => problemDetails(context),
                };
            },
        });
    }

    /// <summary>Runs the rest of the pipeline again for the page at <paramref name="page"/>, as UseStatusCodePagesWithReExecute does for every status.</summary>
    private static async Task RenderAsync(StatusCodeContext context, string page)
    {
        var http = context.HttpContext;
        var (path, query) = (http.Request.Path, http.Request.QueryString);
        var routeValues = http.Features.Get<IRouteValuesFeature>();
        http.Features.Set<IStatusCodeReExecuteFeature>(new StatusCodeReExecuteFeature
        {
            OriginalPathBase = http.Request.PathBase.Value ?? "",
            OriginalPath = path.Value ?? "",
            OriginalQueryString = query.HasValue ? query.Value : null,
            Endpoint = http.GetEndpoint(),
            RouteValues = routeValues?.RouteValues,
        });
        http.SetEndpoint(null);
        if (routeValues is not null) routeValues.RouteValues = new RouteValueDictionary();
        http.Request.Path = page;
        http.Request.QueryString = QueryString.Empty;
        try
        {
            await context.Next(http);
        }
        finally
        {
            http.Request.Path = path;
            http.Request.QueryString = query;
            http.Features.Set<IStatusCodeReExecuteFeature?>(null);
        }
    }

    /// <summary>The path and query the person asked for: the original one while the refusal page is rendered in its place.</summary>
    public static string RequestedUrl(HttpContext http)
    {
        var (path, query) = Requested(http);
        return path + query;
    }

    /// <summary>The path (with its base) and query string the person asked for.</summary>
    public static (string Path, string Query) Requested(HttpContext http) =>
        http.Features.Get<IStatusCodeReExecuteFeature>() is { } original
            ? (original.OriginalPathBase + original.OriginalPath, original.OriginalQueryString ?? "")
            : (http.Request.PathBase + http.Request.Path, http.Request.QueryString.Value ?? "");

    /// <summary>The page of this site the person sent the request from (the Referer, even when it is the address asked for); null otherwise.</summary>
    public static string? SendingPage(HttpContext http) =>
        Uri.TryCreate(http.Request.Headers.Referer.ToString(), UriKind.Absolute, out var referer)
        && string.Equals(referer.Authority, http.Request.Host.Value, StringComparison.OrdinalIgnoreCase)
            ? referer.PathAndQuery
            : null;

    /// <summary>The page the person came from (the Referer), when it is another page of this site; null otherwise.</summary>
    public static string? PreviousPage(HttpContext http) =>
        SendingPage(http) is { } back && back != RequestedUrl(http) ? back : null;
}
