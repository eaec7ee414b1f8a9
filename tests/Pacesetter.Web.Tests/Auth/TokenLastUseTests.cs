using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Accounts;
using Pacesetter.Web.Tests.Schemes;

namespace Pacesetter.Web.Tests.Auth;

/// <summary>A token's last use is recorded at most once a minute, not written by every API request (issue 7 §2).</summary>
public class TokenLastUseTests
{
    /// <summary>A clock the test moves.</summary>
    private sealed class ManualTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Two_token_requests_within_a_minute_write_the_last_use_once_and_after_61_seconds_again(string provider)
    {
        await using var app = new TestApp(provider);
        var org = await app.Organization("zone");
        var token = await app.Token(org, await app.User(org, "zone-admin", OrgRole.Admin));
        var t0 = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
        var time = new ManualTime(t0);
        await using var host = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(time)));
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        async Task<DateTimeOffset?> Call()
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/orgs/zone/periods/2026-Q3/scheme")).StatusCode);
            await using var db = app.NewDb();
            return (await db.ApiTokens.AsNoTracking().SingleAsync(t => t.OrganizationId == org)).LastUsedAt;
        }

        Assert.Equal(t0, await Call());
        time.Now = t0.AddSeconds(30);
        Assert.Equal(t0, await Call());
        time.Now = t0.AddSeconds(61);
        Assert.Equal(t0.AddSeconds(61), await Call());
        time.Now = t0.AddSeconds(90);
        Assert.Equal(t0.AddSeconds(61), await Call());
    }
}
