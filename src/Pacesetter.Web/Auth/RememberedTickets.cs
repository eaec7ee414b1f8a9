using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Pacesetter.Web.Auth;

/// <summary>
/// The sign-in cookie's ticket, unprotected once per cookie and remembered for a few minutes (ADR 0034): a session's
/// requests send the same cookie string again and again, and each time the default format decrypted and authenticated
/// it (AES-CBC and HMAC) and deserialized the principal — a tenth of a leaderboard request's processor. Remembered by
/// the exact cookie string (and purpose), so a changed or tampered cookie is another key and goes through the default
/// format, which refuses it; a cookie the default refuses is never remembered. The handler still checks the ticket's
/// expiry and runs <see cref="SessionCheck"/> (the security stamp) on every request, so a locked user or a reset
/// password ends the session exactly as before. Each request gets its own copy of the ticket (the handler changes a
/// ticket's properties when it renews the cookie). Bounded: <see cref="Entries"/> cookies of <see cref="Kept"/> each.
/// </summary>
public sealed class RememberedTickets(ISecureDataFormat<AuthenticationTicket> inner) : ISecureDataFormat<AuthenticationTicket>, IDisposable
{
    /// <summary>How long an unprotected ticket is remembered after its cookie was first read.</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromMinutes(5);

    /// <summary>At most this many cookies are remembered (the least recently used go first when full).</summary>
    public const int Entries = 10_000;

    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = Entries });

    public ISecureDataFormat<AuthenticationTicket> Inner => inner;

    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (string.IsNullOrEmpty(protectedText)) return inner.Unprotect(protectedText, purpose);
        var key = (protectedText, purpose);
        if (cache.TryGetValue(key, out AuthenticationTicket? kept) && kept is not null) return Copy(kept);
        var ticket = inner.Unprotect(protectedText, purpose);
        if (ticket is null) return null;
        var until = DateTimeOffset.UtcNow + Kept;
        if (ticket.Properties.ExpiresUtc is { } expires && expires < until) until = expires;
        cache.Set(key, Copy(ticket), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = until });
        return ticket;
    }

    public void Dispose() => cache.Dispose();

    private static AuthenticationTicket Copy(AuthenticationTicket ticket) =>
        new(new ClaimsPrincipal(ticket.Principal.Identities.Select(i => i.Clone())), ticket.Properties.Clone(), ticket.AuthenticationScheme);

    /// <summary>Wraps the application cookie's format (set by the cookie handler's own post-configuration, which runs first).</summary>
    public sealed class Setup(string scheme) : IPostConfigureOptions<CookieAuthenticationOptions>
    {
        public void PostConfigure(string? name, CookieAuthenticationOptions options)
        {
            if (name != scheme || options.TicketDataFormat is null or RememberedTickets) return;
            options.TicketDataFormat = new RememberedTickets(options.TicketDataFormat);
        }
    }
}
