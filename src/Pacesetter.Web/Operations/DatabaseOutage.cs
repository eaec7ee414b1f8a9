using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Data;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Localization;

namespace Pacesetter.Web.Operations;

/// <summary>
/// 系统暂不可用: a request that met the database away (PostgreSQL restarting, its connections closed: <see cref="Outages"/>)
/// answers 503 with <c>Retry-After</c>, never 500 — a page in the person's language that says the system is busy for a
/// moment and to try again (made here, without the layout: the layout reads the database), an htmx fragment, or
/// ProblemDetails for the API. A write answered so was rolled back, unless the outage came between its commit and the
/// answer — which is why the page says to reload before sending again (ADR 0050). Any other exception keeps the
/// framework's handling.
/// </summary>
public sealed class DatabaseOutage(IStringLocalizer<SharedText> text, ILogger<DatabaseOutage> log) : IExceptionHandler
{
    /// <summary>Seconds a client is asked to wait before it tries again.</summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (!Outages.IsOutage(exception) || http.Response.HasStarted) return false;
        log.LogWarning("the database is unavailable: {Path} answered 503 ({Error})", http.Request.Path.Value, exception.GetBaseException().Message);
        await AnswerBusyAsync(http, text, "Outage", ct);
        return true;
    }

    /// <summary>
    /// The answer 503 "unavailable for a moment, try again" with <c>Retry-After</c>: the page, an htmx fragment or
    /// ProblemDetails, its words <paramref name="words"/>.Title and .Text — <c>Outage</c> (the database away) or
    /// <c>Busy</c> (a read the instance's queue has no room for, <see cref="ReadAdmission"/>).
    /// </summary>
    public static async Task AnswerBusyAsync(HttpContext http, IStringLocalizer<SharedText> text, string words, CancellationToken ct)
    {
        // The exception handler runs outside the localization middleware's scope: the request's language from its feature.
        var lang = RequestLanguage.CultureOf(http.UserLanguage());
        using (RequestLanguage.InLanguageOf(http))
        {
            var title = text[words + ".Title"].Value;
            var detail = text[words + ".Text"].Value;
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            http.Response.Headers.CacheControl = "no-store";
            if (Refusals.IsApi(http.Request))
            {
                await Outcomes.Problem(StatusCodes.Status503ServiceUnavailable, title, detail).ExecuteAsync(http);
                return;
            }
            http.Response.ContentType = "text/html; charset=utf-8";
            var (t, d) = (WebUtility.HtmlEncode(title), WebUtility.HtmlEncode(detail));
            if (Refusals.IsHtmx(http.Request))
            {
                await http.Response.WriteAsync($"<div class=\"alert alert-warning\" role=\"alert\" id=\"outage\"><strong>{t}</strong> {d}</div>", ct);
                return;
            }
            var again = WebUtility.HtmlEncode(text["Outage.Again"].Value);
            var here = WebUtility.HtmlEncode(Refusals.RequestedUrl(http));
            var pathBase = WebUtility.HtmlEncode(http.Request.PathBase.Value ?? "");
            await http.Response.WriteAsync($"""
                <!DOCTYPE html>
                <html lang="{lang}">
                <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <title>{t} · {WebUtility.HtmlEncode(text["App.Name"].Value)}</title>
                <link rel="stylesheet" href="{pathBase}/lib/bootstrap/bootstrap.min.css" />
                </head>
                <body>
                <main class="container py-5" id="outage">
                <h1 class="h4">{t}</h1>
                <p>{d}</p>
                <a class="btn btn-primary" href="{(http.Request.Method == "GET" ? here : pathBase + "/")}" id="outage-again">{again}</a>
                </main>
                </body>
                </html>
                """, ct);
        }
    }
}
