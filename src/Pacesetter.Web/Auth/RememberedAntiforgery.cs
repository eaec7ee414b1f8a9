using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Pacesetter.Web.Auth;

/// <summary>
/// The framework's antiforgery with the request token a page embeds remembered per (antiforgery cookie, user) for a few
/// minutes (ADR 0034). Every page's layout carries a token (htmx's header, the sign-out form); making it read the
/// cookie token (decrypt, HMAC) and wrote a new request token (encrypt, HMAC) on every request. A request token is
/// valid for as long as its cookie token and user are the same — any number of them may be in use at once — so the
/// one made for this cookie and user serves again. Validation is the framework's, untouched: every POST still needs a
/// cookie token and a matching request token for its user.
/// Only a token made from the request's own valid cookie is remembered (a missing or unreadable cookie gets a new one
/// from the framework, with its Set-Cookie), keyed by the exact cookie string and the identifier the framework binds
/// the token to (the first authenticated identity's sub, name identifier or UPN, or none for an anonymous reader).
/// </summary>
public sealed class RememberedAntiforgery : IAntiforgery, IDisposable
{
    /// <summary>How long a request token is remembered after it was made.</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromMinutes(5);

    /// <summary>At most this many (cookie, user) pairs are remembered.</summary>
    public const int Entries = 10_000;

    private const string Anonymous = "\0anonymous";
    private const string ItemsKey = "pacesetter.antiforgery";
    private readonly IAntiforgery inner;
    private readonly AntiforgeryOptions options;
    private readonly bool remembers;
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = Entries });

    public RememberedAntiforgery(IAntiforgery inner, IOptions<AntiforgeryOptions> options, IServiceProvider services)
    {
        this.inner = inner;
        this.options = options.Value;
        // A token with additional data may depend on the request: nothing is remembered then. The framework's own
        // provider (registered by default) adds none.
        remembers = services.GetService<IAntiforgeryAdditionalDataProvider>() is not { } data
            || (data.GetType().Assembly == typeof(IAntiforgery).Assembly && data.GetType().Name == "DefaultAntiforgeryAdditionalDataProvider");
    }

    /// <summary>Puts this in front of the registered antiforgery (after AddRazorPages / AddAntiforgery).</summary>
    public static void Register(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IAntiforgery));
        var type = registered.ImplementationType ?? throw new InvalidOperationException("the antiforgery service is not registered by type");
        services.Remove(registered);
        services.AddSingleton<IAntiforgery>(sp => new RememberedAntiforgery((IAntiforgery)ActivatorUtilities.CreateInstance(sp, type),
            sp.GetRequiredService<IOptions<AntiforgeryOptions>>(), sp));
    }

    public AntiforgeryTokenSet GetAndStoreTokens(HttpContext httpContext)
    {
        // Within one request the tokens stay the same: those remembered, or the framework's own (it keeps them on the request).
        var items = httpContext.Items;
        if (items.TryGetValue(ItemsKey, out var earlier))
        {
            if (earlier is not AntiforgeryTokenSet same) return inner.GetAndStoreTokens(httpContext);
            if (!httpContext.Response.HasStarted) DoNotCache(httpContext.Response.Headers);
            return same;
        }
        var key = Key(httpContext);
        if (key is not null && cache.TryGetValue(key.Value, out AntiforgeryTokenSet? kept) && kept is not null)
        {
            items[ItemsKey] = kept;
            if (!httpContext.Response.HasStarted) DoNotCache(httpContext.Response.Headers);
            return kept;
        }
        items[ItemsKey] = null;
        var tokens = inner.GetAndStoreTokens(httpContext);
        if (key is null) return tokens;
        // A request whose cookie was missing or unusable got a new cookie token (Set-Cookie): not remembered.
        if (tokens.RequestToken is not null && !SetsCookie(httpContext.Response.Headers, key.Value.Name))
        {
            cache.Set(key.Value, tokens, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Kept });
        }
        return tokens;
    }

    public AntiforgeryTokenSet GetTokens(HttpContext httpContext) => inner.GetTokens(httpContext);

    public Task<bool> IsRequestValidAsync(HttpContext httpContext) => inner.IsRequestValidAsync(httpContext);

    public Task ValidateRequestAsync(HttpContext httpContext) => inner.ValidateRequestAsync(httpContext);

    public void SetCookieTokenAndHeader(HttpContext httpContext) => inner.SetCookieTokenAndHeader(httpContext);

    public void Dispose() => cache.Dispose();

    /// <summary>What the request token depends on, or null when it is not to be remembered.</summary>
    private (string Name, string Cookie, string User)? Key(HttpContext http)
    {
        if (!remembers || options.Cookie.Name is not { } name) return null;
        // The framework refuses (throws) on plain HTTP with a Secure-only cookie: let it.
        if (options.Cookie.SecurePolicy == CookieSecurePolicy.Always && !http.Request.IsHttps) return null;
        if (http.Request.Cookies[name] is not { Length: > 0 } cookie) return null;
        return User(http.User) is { } user ? (name, cookie, user) : null;
    }

    /// <summary>
    /// The identity the framework binds a request token to (DefaultClaimUidExtractor): the first authenticated identity's
    /// sub, name identifier or UPN claim; no authenticated identity: anonymous. Anything else (an identity bound by all its
    /// claims or by its name) is not remembered.
    /// </summary>
    private static string? User(ClaimsPrincipal? principal)
    {
        if (principal is null) return Anonymous;
        foreach (var identity in principal.Identities)
        {
            if (!identity.IsAuthenticated) continue;
            foreach (var type in (ReadOnlySpan<string>)["sub", ClaimTypes.NameIdentifier, ClaimTypes.Upn])
            {
                var claim = identity.FindFirst(c => string.Equals(c.Type, type, StringComparison.Ordinal));
                if (claim is { Value.Length: > 0 }) return string.Join('\n', claim.Type, claim.Value, claim.Issuer);
            }
            return null;
        }
        return Anonymous;
    }

    private static bool SetsCookie(IHeaderDictionary headers, string name)
    {
        foreach (var cookie in headers.SetCookie)
        {
            if (cookie is not null && cookie.StartsWith(name + "=", StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>The framework's no-cache headers for a response that carries a token.</summary>
    private static void DoNotCache(IHeaderDictionary headers)
    {
        if (!(CacheControlHeaderValue.TryParse(headers.CacheControl.ToString(), out var cc) && cc.NoCache && cc.NoStore)) headers.CacheControl = "no-cache, no-store";
        if (!(headers.Pragma.Count > 0 && string.Equals(headers.Pragma[0], "no-cache", StringComparison.OrdinalIgnoreCase))) headers.Pragma = "no-cache";
    }
}
