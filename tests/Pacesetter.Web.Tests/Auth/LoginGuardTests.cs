using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Accounts;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Tests.Auth;

/// <summary>
/// Sign-in says nothing of which names exist and cannot be used to lock anyone out (issue #13, security review; ADR
/// 0047): an unknown name and a real one get the same answers, status and message, attempt after attempt; a guesser's
/// address is stopped after 5 wrong passwords for a name, the owner signing in from another address is not; an address
/// has 30 attempts a minute; an account locked by its admin says so only to someone who gave its password.
/// </summary>
public sealed class LoginGuardTests
{
    private static async Task<(HttpStatusCode Status, string Message)> SignIn(HttpClient client, string address, string user, string password, string org = "demo")
    {
        var page = await client.GetStringAsync("/Account/Login");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Org"] = org,
                ["UserName"] = user,
                ["Password"] = password,
                ["__RequestVerificationToken"] = TestApp.AntiforgeryToken(page),
            }),
        };
        request.Headers.Add(TestApp.AddressHeader, address);
        var response = await client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        var alert = System.Text.RegularExpressions.Regex.Match(html, "role=\"alert\"[^>]*>\\s*([^<]*?)\\s*<").Groups[1].Value;
        return (response.StatusCode, alert);
    }

    private const string Invalid = "组织标识、用户名或密码不正确。";
    private const string TooMany = "登录尝试过于频繁，请 15 分钟后再试。";

    [Fact]
    public async Task A_real_name_and_an_unknown_one_are_answered_alike_and_the_owner_is_not_locked_out()
    {
        await using var app = new TestApp(demo: true);
        var client = app.Browser();
        var real = new List<(HttpStatusCode, string)>();
        var unknown = new List<(HttpStatusCode, string)>();
        for (int i = 0; i < 7; i++)
        {
            real.Add(await SignIn(client, "10.0.0.66", "admin", "wrong password " + i));
            unknown.Add(await SignIn(client, "10.0.0.66", "no-such-user", "wrong password " + i));
        }
        // Five wrong passwords, then the address is stopped for that name: the same for both names.
        (HttpStatusCode, string)[] expected = [.. Enumerable.Repeat((HttpStatusCode.BadRequest, Invalid), 5), (HttpStatusCode.TooManyRequests, TooMany), (HttpStatusCode.TooManyRequests, TooMany)];
        Assert.Equal(expected, real);
        Assert.Equal(expected, unknown);
        // The right password from the guesser's address is refused for now too; from the owner's address it signs in.
        Assert.Equal((HttpStatusCode.TooManyRequests, TooMany), await SignIn(client, "10.0.0.66", "admin", Demo.DemoData.Password));
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn(app.Browser(), "10.0.0.7", "admin", Demo.DemoData.Password)).Status);
        // Another name from the guesser's address is not affected.
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn(app.Browser(), "10.0.0.66", "leader", Demo.DemoData.Password)).Status);
        // Identity's own lockout is not used: the account has no failures counted and no lockout set.
        await using var db = app.NewDb();
        var admin = db.Users.Single(u => u.UserName == "admin");
        Assert.Equal((0, null), (admin.AccessFailedCount, admin.LockoutEnd));
    }

    [Fact]
    public async Task An_unknown_organization_is_answered_as_a_wrong_password_and_the_budget_per_name_is_per_organization()
    {
        // A user name is unique within its organization (ADR 0052): the organization is part of who signs in.
        await using var app = new TestApp(demo: true);
        var other = await app.NewOrganization("qs", "青山片区");
        await app.NewUser(other, "admin", "Qingshan2027pass");
        var client = app.Browser();
        // The demo admin's right password with no such organization, or with another organization that has an "admin":
        // the answer of a wrong password.
        Assert.Equal((HttpStatusCode.BadRequest, Invalid), await SignIn(client, "10.0.0.70", "admin", Demo.DemoData.Password, org: "nowhere"));
        Assert.Equal((HttpStatusCode.BadRequest, Invalid), await SignIn(client, "10.0.0.70", "admin", Demo.DemoData.Password, org: "qs"));
        Assert.Equal((HttpStatusCode.BadRequest, Invalid), await SignIn(client, "10.0.0.70", "admin", "Qingshan2027pass", org: "demo"));
        // A slug the rule refuses is no organization's (upper case is taken as lower case, below).
        Assert.Equal((HttpStatusCode.BadRequest, Invalid), await SignIn(client, "10.0.0.70", "admin", Demo.DemoData.Password, org: "demo'--"));
        // Four more wrong passwords for demo's admin from this address spend its budget of 5; qs's admin is another person.
        for (int i = 0; i < 4; i++) Assert.Equal((HttpStatusCode.BadRequest, Invalid), await SignIn(client, "10.0.0.70", "admin", "wrong", org: "demo"));
        Assert.Equal((HttpStatusCode.TooManyRequests, TooMany), await SignIn(client, "10.0.0.70", "admin", Demo.DemoData.Password, org: "demo"));
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn(app.Browser(), "10.0.0.70", "admin", "Qingshan2027pass", org: "QS")).Status);
    }

    [Fact]
    public async Task An_address_has_thirty_attempts_a_minute_whatever_the_names()
    {
        await using var app = new TestApp(demo: true).With("Login:AttemptsPerMinute", "30");
        var client = app.Browser();
        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 31; i++) statuses.Add((await SignIn(client, "10.0.0.99", "user" + i, "x")).Status);
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.BadRequest, 30), HttpStatusCode.TooManyRequests], statuses);
        // The 31st from another address is answered as usual.
        Assert.Equal((HttpStatusCode.BadRequest, Invalid), await SignIn(client, "10.0.0.98", "user31", "x"));
    }

    [Fact]
    public async Task A_name_tried_from_many_addresses_is_stopped_after_fifty_wrong_passwords()
    {
        await using var app = new TestApp(demo: true);
        var client = app.Browser();
        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 51; i++) statuses.Add((await SignIn(client, $"10.1.{i / 4}.{i % 4 + 1}", "leader", "wrong")).Status);
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.BadRequest, 50), HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task A_locked_account_says_so_only_with_its_password()
    {
        await using var app = new TestApp(demo: true);
        await using (var db = app.NewDb())
        {
            var leader = db.Users.Single(u => u.UserName == "leader");
            leader.LockoutEnabled = true;
            leader.LockoutEnd = DateTimeOffset.MaxValue;
            await db.SaveChangesAsync();
        }
        var client = app.Browser();
        Assert.Equal((HttpStatusCode.BadRequest, Invalid), await SignIn(client, "10.0.0.5", "leader", "wrong"));
        Assert.Equal((HttpStatusCode.BadRequest, "此账户已被本组织管理员锁定，请联系管理员解锁。"), await SignIn(client, "10.0.0.5", "leader", Demo.DemoData.Password));
    }

    [Fact]
    public void The_guard_counts_attempts_per_address()
    {
        using var guard = new LoginGuard(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Login:AttemptsPerMinute"] = "30" }).Build());
        Assert.Equal([.. Enumerable.Repeat(true, 30), false], Enumerable.Range(0, 31).Select(i => guard.TryAttempt("user" + i, "10.0.0.1")));
        Assert.True(guard.TryAttempt("user", "10.0.0.2"));
    }

    [Fact]
    public void An_unknown_name_costs_one_hash_like_a_real_one()
    {
        var hasher = new CountingHasher();
        var user = new AppUser { UserName = "zhang" };
        user.PasswordHash = hasher.HashPassword(user, "Zhang2026pass");
        hasher.Verified = 0;
        Assert.True(LoginGuard.Check(hasher, user, "Zhang2026pass"));
        Assert.False(LoginGuard.Check(hasher, user, "wrong"));
        Assert.False(LoginGuard.Check(hasher, null, "Zhang2026pass"));
        Assert.False(LoginGuard.Check(hasher, new AppUser { UserName = "no-password" }, "x"));
        Assert.Equal(4, hasher.Verified);
    }

    private sealed class CountingHasher : IPasswordHasher<AppUser>
    {
        private readonly PasswordHasher<AppUser> inner = new();
        public int Verified { get; set; }

        public string HashPassword(AppUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
        {
            Verified++;
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
