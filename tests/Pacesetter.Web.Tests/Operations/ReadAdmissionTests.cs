using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pacesetter.Web.Demo;
using Pacesetter.Web.Operations;

namespace Pacesetter.Web.Tests.Operations;

/// <summary>
/// Reads take turns, writes go first (ADR 0055): GET and HEAD share <c>Load:ReadConcurrency</c> places and a queue of
/// <c>Load:ReadQueue</c>; writes, the health checks and the metrics never wait for them; a read the queue has no room
/// for is answered 503 "busy" in the person's language, with Retry-After.
/// </summary>
public class ReadAdmissionTests
{
    private static DefaultHttpContext Request(string method, string path)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = method;
        http.Request.Path = path;
        return http;
    }

    [Fact]
    public void Reads_share_the_places_and_writes_health_and_metrics_pass()
    {
        using var limiter = ReadAdmission.Create(permits: 2, queue: 0);

        using var first = limiter.AttemptAcquire(Request("GET", "/p/demo/2026-10"));
        using var second = limiter.AttemptAcquire(Request("HEAD", "/orgs/demo/races/2026-10"));
        using var third = limiter.AttemptAcquire(Request("GET", "/orgs/demo/races/2026-10"));
        using var save = limiter.AttemptAcquire(Request("PUT", "/api/orgs/demo/periods/2026-10/data/T1/land"));
        using var post = limiter.AttemptAcquire(Request("POST", "/orgs/demo/periods/2026-10/entry"));
        using var delete = limiter.AttemptAcquire(Request("DELETE", "/api/orgs/demo/tokens/1"));
        using var healthz = limiter.AttemptAcquire(Request("GET", "/healthz"));
        using var readyz = limiter.AttemptAcquire(Request("GET", "/readyz"));
        using var metrics = limiter.AttemptAcquire(Request("GET", "/metrics"));

        Assert.Equal([true, true, false], new[] { first.IsAcquired, second.IsAcquired, third.IsAcquired });
        Assert.Equal([true, true, true], new[] { save.IsAcquired, post.IsAcquired, delete.IsAcquired });
        Assert.Equal([true, true, true], new[] { healthz.IsAcquired, readyz.IsAcquired, metrics.IsAcquired });
        Assert.Equal(0, limiter.GetStatistics(Request("GET", "/"))!.CurrentAvailablePermits);
        first.Dispose();
        using var fourth = limiter.AttemptAcquire(Request("GET", "/"));
        Assert.True(fourth.IsAcquired);
    }

    [Fact]
    public async Task A_read_without_room_is_answered_busy_while_a_sign_in_and_the_health_check_go_through()
    {
        await using var app = new TestApp(demo: true).With("Load:ReadConcurrency", "1").With("Load:ReadQueue", "0");
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        var browser = app.Browser();
        var token = TestApp.AntiforgeryToken(await browser.GetStringAsync("/Account/Login"));
        var limiter = app.Services.GetRequiredService<IOptions<RateLimiterOptions>>().Value.GlobalLimiter!;

        // The one place taken, as by a long read.
        var held = await limiter.AcquireAsync(Request("GET", "/p/demo/2026-10"));
        Assert.True(held.IsAcquired);
        var busy = await client.GetAsync("/Account/Login?org=demo");
        var busyApi = await client.GetAsync("/api/orgs/demo/units");
        var health = await client.GetAsync("/healthz");
        var signIn = await browser.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Org"] = "demo",
            ["UserName"] = "reporter.t1",
            ["Password"] = DemoData.Password,
            ["__RequestVerificationToken"] = token,
        }));
        held.Dispose();
        var again = await client.GetAsync("/Account/Login?org=demo");
        var home = await browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        Assert.Equal("5", busy.Headers.GetValues("Retry-After").Single());
        var page = await busy.Content.ReadAsStringAsync();
        Assert.Contains("<h1 class=\"h4\">系统繁忙</h1>", page);
        Assert.Contains("当前访问人数较多，请稍等几秒后重试。", page);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, busyApi.StatusCode);
        Assert.Contains("系统繁忙", await busyApi.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        // Signing in is a POST: it went through while the reads' place was taken; its cookie opens the home page after.
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("action=\"/Account/Logout\"", await home.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_queued_read_waits_its_turn_and_is_then_served()
    {
        await using var app = new TestApp(demo: true).With("Load:ReadConcurrency", "1").With("Load:ReadQueue", "10");
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login?org=demo")).StatusCode);
        var limiter = app.Services.GetRequiredService<IOptions<RateLimiterOptions>>().Value.GlobalLimiter!;

        var held = await limiter.AcquireAsync(Request("GET", "/p/demo/2026-10"));
        var waiting = client.GetAsync("/Account/Login?org=demo");
        var queued = await WaitUntilAsync(() => limiter.GetStatistics(Request("GET", "/"))!.CurrentQueuedCount == 1);
        bool answeredWhileHeld = waiting.IsCompleted;
        held.Dispose();
        var served = await waiting;

        Assert.True(queued, "the read never joined the queue");
        Assert.False(answeredWhileHeld);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task Zero_turns_the_queue_off()
    {
        await using var app = new TestApp(demo: true).With("Load:ReadConcurrency", "0");
        _ = app.CreateClient();

        Assert.Null(app.Services.GetRequiredService<IOptions<RateLimiterOptions>>().Value.GlobalLimiter);
    }

    private static async Task<bool> WaitUntilAsync(Func<bool> condition)
    {
        for (int i = 0; i < 200; i++)
        {
            if (condition()) return true;
            await Task.Delay(25);
        }
        return condition();
    }
}
