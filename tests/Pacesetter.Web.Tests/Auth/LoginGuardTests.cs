using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
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

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSQL")]
    public async Task Instances_on_one_database_spend_one_budget_per_name(string provider)
    {
        // Behind a load balancer a guesser's requests land on every instance in turn (ADR 0053): the wrong passwords are
        // counted in the database, so three on one instance and two on another spend the budget of 5 for both.
        await using var first = new TestApp(provider, demo: true);
        await using var second = TestApp.SecondInstance(first);
        for (int i = 0; i < 3; i++) Assert.Equal((HttpStatusCode.BadRequest, Invalid), await SignIn(first.Browser(), "10.0.0.80", "admin", "wrong " + i));
        for (int i = 0; i < 2; i++) Assert.Equal((HttpStatusCode.BadRequest, Invalid), await SignIn(second.Browser(), "10.0.0.80", "admin", "wrong " + i));
        Assert.Equal((HttpStatusCode.TooManyRequests, TooMany), await SignIn(first.Browser(), "10.0.0.80", "admin", Demo.DemoData.Password));
        Assert.Equal((HttpStatusCode.TooManyRequests, TooMany), await SignIn(second.Browser(), "10.0.0.80", "admin", Demo.DemoData.Password));
        // The owner, from another address, signs in on either.
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn(second.Browser(), "10.0.0.81", "admin", Demo.DemoData.Password)).Status);
        // The table holds two keys (the name, and the name from 10.0.0.80), as hashes: no name and no address in it.
        await using var db = first.NewDb();
        var rows = await db.Set<SignInFailure>().ToListAsync();
        Assert.Equal([5, 5], rows.GroupBy(r => r.Key).Select(g => g.Sum(r => r.Count)));
        string[] expected = [SignInFailures.Hash("name\nDEMO/ADMIN"), SignInFailures.Hash("pair\nDEMO/ADMIN\n10.0.0.80")];
        Assert.Equal(expected.Order(), rows.Select(r => r.Key).Distinct().Order());
        // The stored form is SHA-256 in lower-case hex (of the empty text, the well-known value).
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", SignInFailures.Hash(""));
    }

    [Fact]
    public async Task A_wrong_password_counts_for_fifteen_minutes_and_then_leaves_the_table()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 1, 0, 30, TimeSpan.Zero));
        await using var app = new TestApp(demo: true) { Clock = clock };
        var client = app.Browser();
        // Five wrong passwords at 09:00 Beijing time spend the address's budget for the name.
        for (int i = 0; i < 5; i++) Assert.Equal((HttpStatusCode.BadRequest, Invalid), await SignIn(client, "10.0.0.90", "leader", "wrong " + i));
        // At 09:14:59 they still count (the window is this minute and the 14 before it).
        clock.Advance(TimeSpan.FromSeconds(14 * 60 + 29));
        Assert.Equal((HttpStatusCode.TooManyRequests, TooMany), await SignIn(client, "10.0.0.90", "leader", Demo.DemoData.Password));
        // At 09:15:00 they have left the window: one more wrong password is answered as such, and deletes the old rows.
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((HttpStatusCode.BadRequest, Invalid), await SignIn(client, "10.0.0.90", "leader", "wrong again"));
        await using var db = app.NewDb();
        Assert.Equal([(29_939_115L, 1), (29_939_115L, 1)], (await db.Set<SignInFailure>().ToListAsync()).Select(r => (r.Minute, r.Count)).ToArray());
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn(client, "10.0.0.90", "leader", Demo.DemoData.Password)).Status);
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
    public async Task The_guard_counts_attempts_per_address()
    {
        await using var app = new TestApp();
        await using var db = app.NewDb();
        using var guard = new LoginGuard(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Login:AttemptsPerMinute"] = "30" }).Build(), TimeProvider.System);
        var answers = new List<bool>();
        for (int i = 0; i < 31; i++) answers.Add(await guard.TryAttemptAsync(db, "demo/user" + i, "10.0.0.1"));
        Assert.Equal([.. Enumerable.Repeat(true, 30), false], answers);
        Assert.True(await guard.TryAttemptAsync(db, "demo/user", "10.0.0.2"));
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
