using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pacesetter.App.Accounts;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Demo;

namespace Pacesetter.Web.Tests.Auth;

/// <summary>
/// ADR 0034: the sign-in cookie's ticket remembered per cookie string and a page's antiforgery token per (cookie,
/// user) — a session's repeated requests skip the cryptography, and nothing else changes: a locked user's session
/// ends at the next request although its ticket is remembered, a tampered cookie is refused, every POST still needs a
/// valid token of its own user.
/// </summary>
public class RememberedSessionTests
{
    private static string Cookie(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues("Set-Cookie", out var all) ? all.FirstOrDefault(c => c.StartsWith(name + "=", StringComparison.Ordinal)) ?? "" : "";

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_remembered_session_is_still_refused_when_its_user_is_locked_or_its_cookie_tampered_with(string provider)
    {
        await using var app = new TestApp(provider, demo: true);
        var format = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme).TicketDataFormat;
        Assert.IsType<RememberedTickets>(format);

        // The reporter's session: the first request unprotects the cookie, the next ones find it remembered.
        var reporter = await app.SignedIn("reporter.d1", DemoData.Password);
        for (int i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await reporter.GetAsync("/")).StatusCode);

        // The same cookie with one character changed is another cookie: refused (to the sign-in page).
        using var tampered = app.Browser();
        var raw = await RawCookieAsync(app, "reporter.d1");
        int at = raw.Length / 2;
        var changed = raw[..at] + (raw[at] == 'A' ? 'B' : 'A') + raw[(at + 1)..];
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/"))
        {
            request.Headers.Add("Cookie", "pacesetter.auth=" + changed);
            var refused = await tampered.SendAsync(request);
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.StartsWith("/Account/Login", refused.Headers.Location!.PathAndQuery);
        }
        // The genuine cookie, remembered, still passes.
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/"))
        {
            request.Headers.Add("Cookie", "pacesetter.auth=" + raw);
            Assert.Equal(HttpStatusCode.OK, (await tampered.SendAsync(request)).StatusCode);
        }

        // Locking the user renews its security stamp: the remembered ticket's stamp no longer matches, the session ends.
        var admin = await app.SignedIn("admin", DemoData.Password);
        var token = TestApp.AntiforgeryToken(await admin.GetStringAsync("/"));
        string userId;
        await using (var db = app.NewDb()) userId = await db.Users.Where(u => u.UserName == "reporter.d1").Select(u => u.Id).SingleAsync();
        var locked = await admin.PostAsync(Routes.Users(DemoData.Slug) + "?handler=Lock",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["userId"] = userId, ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, locked.StatusCode);
        var after = await reporter.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/Account/Login", after.Headers.Location!.PathAndQuery);
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/"))
        {
            request.Headers.Add("Cookie", "pacesetter.auth=" + raw);
            Assert.Equal(HttpStatusCode.Redirect, (await tampered.SendAsync(request)).StatusCode);
        }
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_cookie_saved_before_signing_out_opens_nothing_afterwards(string provider)
    {
        await using var app = new TestApp(provider, demo: true);
        var raw = await RawCookieAsync(app, "admin");
        var other = await RawCookieAsync(app, "admin");
        using var replay = app.Browser();
        async Task<HttpStatusCode> Open(string cookie)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Routes.Audit(DemoData.Slug));
            request.Headers.Add("Cookie", "pacesetter.auth=" + cookie);
            return (await replay.SendAsync(request)).StatusCode;
        }
        Assert.Equal(HttpStatusCode.OK, await Open(raw));
        Assert.Equal(HttpStatusCode.OK, await Open(other));

        // Sign out with the first cookie (its page token from a page it opened).
        string token;
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/"))
        {
            request.Headers.Add("Cookie", "pacesetter.auth=" + raw);
            var home = await replay.SendAsync(request);
            token = TestApp.AntiforgeryToken(await home.Content.ReadAsStringAsync());
            var antiforgery = home.Headers.TryGetValues("Set-Cookie", out var set) ? set.Where(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal)).Select(c => c.Split(';')[0]).ToList() : [];
            using var logout = new HttpRequestMessage(HttpMethod.Post, "/Account/Logout")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }),
            };
            logout.Headers.Add("Cookie", string.Join("; ", antiforgery.Prepend("pacesetter.auth=" + raw)));
            Assert.Equal(HttpStatusCode.Redirect, (await replay.SendAsync(logout)).StatusCode);
        }
        // The saved cookie, and the user's other session, open nothing now: sent to sign in.
        Assert.Equal(HttpStatusCode.Redirect, await Open(raw));
        Assert.Equal(HttpStatusCode.Redirect, await Open(other));
        // Signing in again works.
        Assert.Equal(HttpStatusCode.OK, await Open(await RawCookieAsync(app, "admin")));
    }

    /// <summary>The raw sign-in cookie of a fresh session of <paramref name="user"/>.</summary>
    private static async Task<string> RawCookieAsync(TestApp app, string user)
    {
        using var client = app.Browser();
        var page = await client.GetStringAsync("/Account/Login");
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Org"] = DemoData.Slug,
            ["UserName"] = user,
            ["Password"] = DemoData.Password,
            ["__RequestVerificationToken"] = TestApp.AntiforgeryToken(page),
        }));
        var cookie = Cookie(response, "pacesetter.auth");
        Assert.False(string.IsNullOrEmpty(cookie), "no sign-in cookie");
        return cookie["pacesetter.auth=".Length..].Split(';')[0];
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_page_token_is_made_once_per_session_and_posts_are_still_checked(string provider)
    {
        await using var app = new TestApp(provider, demo: true);
        Assert.IsType<RememberedAntiforgery>(app.Services.GetRequiredService<IAntiforgery>());
        var leader = await app.SignedIn("leader", DemoData.Password);
        var first = TestApp.AntiforgeryToken(await leader.GetStringAsync("/"));
        var second = TestApp.AntiforgeryToken(await leader.GetStringAsync("/races"));
        Assert.False(string.IsNullOrEmpty(first));
        Assert.Equal(first, second);

        // Another user's token (its own session, its own cookie) is not this user's: a POST with it is refused.
        var reporter = await app.SignedIn("reporter.d1", DemoData.Password);
        var other = TestApp.AntiforgeryToken(await reporter.GetStringAsync("/"));
        Assert.NotEqual(first, other);
        Assert.Equal(HttpStatusCode.BadRequest, (await leader.PostAsync("/Account/Logout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = other }))).StatusCode);
        // No token: refused. The remembered token: accepted (the sign-out goes through).
        Assert.Equal(HttpStatusCode.BadRequest, (await leader.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string>()))).StatusCode);
        var signedOut = await leader.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = first }));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await leader.GetAsync("/")).StatusCode);
    }

    /// <summary>A format that counts its unprotections and knows one cookie.</summary>
    private sealed class CountingFormat : ISecureDataFormat<AuthenticationTicket>
    {
        public int Unprotected { get; private set; }

        public string Protect(AuthenticationTicket data) => "good";

        public string Protect(AuthenticationTicket data, string? purpose) => "good";

        public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

        public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
        {
            Unprotected++;
            if (protectedText != "good") return null;
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "u1")], "test");
            return new AuthenticationTicket(new ClaimsPrincipal(identity), new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UtcNow.AddHours(1) }, "test");
        }
    }

    [Fact]
    public void A_ticket_is_unprotected_once_each_request_gets_its_own_copy_and_a_refused_cookie_is_not_remembered()
    {
        var inner = new CountingFormat();
        using var remembered = new RememberedTickets(inner);
        var first = remembered.Unprotect("good")!;
        first.Properties.ExpiresUtc = DateTimeOffset.UtcNow.AddYears(1);
        first.Principal.Identities.First().AddClaim(new Claim("extra", "x"));
        var second = remembered.Unprotect("good")!;
        Assert.Equal(1, inner.Unprotected);
        Assert.True(second.Properties.ExpiresUtc < DateTimeOffset.UtcNow.AddHours(2));
        Assert.Null(second.Principal.FindFirst("extra"));
        Assert.Equal("u1", second.Principal.FindFirstValue(ClaimTypes.NameIdentifier));

        Assert.Null(remembered.Unprotect("goad"));
        Assert.Null(remembered.Unprotect("goad"));
        Assert.Equal(3, inner.Unprotected);
        Assert.Null(remembered.Unprotect(null));
    }
}
