using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Operations;

/// <summary>
/// Who reads the API's description, <c>/openapi/v1.json</c> (issue #13, ADR 0048), by <c>OpenApi:Access</c>:
/// <c>anonymous</c> (the default: it describes the routes, no data), <c>signed-in</c> (a session cookie or an API token;
/// without either a redirect to the sign-in page, a wrong token 401) or <c>off</c> (not mapped: 404).
/// </summary>
public static class OpenApiAccess
{
    public const string Setting = "OpenApi:Access";

    /// <summary>The cookie of a browser, or the bearer token of a program when it sends one.</summary>
    private const string Scheme = "openapi";

    public enum Level { Anonymous, SignedIn, Off }

    public static Level From(IConfiguration configuration) => configuration[Setting]?.Trim().ToLowerInvariant() switch
    {
        null or "" or "anonymous" => Level.Anonymous,
        "signed-in" => Level.SignedIn,
        "off" => Level.Off,
        var other => throw new InvalidOperationException($"{Setting} is '{other}': it must be anonymous, signed-in or off."),
    };

    /// <summary>The document and its description services, as <c>OpenApi:Access</c> says (a wrong value stops the start).</summary>
    public static WebApplicationBuilder AddOpenApiDocument(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi();
        if (From(builder.Configuration) == Level.SignedIn)
        {
            builder.Services.AddAuthentication().AddPolicyScheme(Scheme, "cookie or token", o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.Count > 0 ? ApiTokenHandler.SchemeName : IdentityConstants.ApplicationScheme);
        }
        return builder;
    }

    public static WebApplication MapOpenApiDocument(this WebApplication app)
    {
        switch (From(app.Configuration))
        {
            case Level.Anonymous:
                app.MapOpenApi().AllowAnonymous();
                break;
            case Level.SignedIn:
                app.MapOpenApi().RequireAuthorization(new AuthorizationPolicyBuilder(Scheme).RequireAuthenticatedUser().Build());
                break;
        }
        return app;
    }
}
