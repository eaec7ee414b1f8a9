using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Pacesetter.Web.Operations;

/// <summary>
/// The security headers of every answer (issue #13, ADR 0048) — pages, API, static files, errors, refusals, 404s and
/// 429s alike, because they are set when the answer starts, whatever wrote it; no <c>Server</c> header; HSTS and
/// <c>Secure</c> cookies when the request came over HTTPS (behind nginx: its forwarded scheme), so that plain http on
/// localhost (<c>./run.sh</c>, the tests) keeps working.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Scripts only from files of this site (no inline script, no handler attribute, no eval); styles from files and
    /// inline (style attributes, ECharts' tooltips: ADR 0048); never framed, forms post only here.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

    /// <summary>A referrer goes only to this site (the refusal page's way back reads it); pages whose address is a token (a ballot, a kiosk) send none.</summary>
    public const string ReferrerPolicy = "same-origin";

    /// <summary>A year, subdomains left to the domain's owner: Pacesetter is often one host name among a government's others.</summary>
    public const string StrictTransportSecurity = "max-age=31536000";

    /// <summary>Kestrel's <c>Server</c> header off; the sign-in, antiforgery cookies <c>Secure</c> when the request is HTTPS.</summary>
    public static WebApplicationBuilder AddSecurityHeaders(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<KestrelServerOptions>(o => o.AddServerHeader = false);
        builder.Services.Configure<AntiforgeryOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        builder.Services.Configure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        return builder;
    }

    /// <summary>First in the pipeline: the headers are added as the answer starts, after the exception handler or the status-code pages cleared and rewrote it.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        http.Response.OnStarting(Add, http);
        return next(http);
    });

    private static Task Add(object state)
    {
        var http = (HttpContext)state;
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        // A page may ask for less (the ballot's and the kiosk's token addresses: no-referrer).
        if (!headers.ContainsKey("Referrer-Policy")) headers["Referrer-Policy"] = ReferrerPolicy;
        // Removed over http: an answer replayed from the output cache may have been stored from an https request.
        if (http.Request.IsHttps) headers.StrictTransportSecurity = StrictTransportSecurity;
        else headers.Remove("Strict-Transport-Security");
        return Task.CompletedTask;
    }
}
