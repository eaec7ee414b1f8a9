using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Pacesetter.App.Data;
using Pacesetter.Web.Tests.DataEntry;

namespace Pacesetter.Web.Tests.Operations;

/// <summary>
/// PostgreSQL restarted while the application serves (issue #13 §4, ADR 0050), made with a relay between them
/// (<see cref="TcpRelay"/>) so that the server the other tests share keeps running: a restart between two requests is
/// not seen at all (the reads are tried again, an audited write starts again on a fresh connection); during the outage
/// pages answer 503 with a page in the person's language, the API 503 ProblemDetails, never 500; afterwards everything
/// works without restarting the application, and no acknowledged write is lost.
/// </summary>
public class OutageTests
{
    private sealed record Relayed(EntryWorld World, TcpRelay Relay, string Direct) : IAsyncDisposable
    {
        public PacesetterDb DirectDb() => new(new DatabaseOptions(DatabaseProvider.PostgreSQL, Direct).Build());

        public async ValueTask DisposeAsync()
        {
            await Relay.DisposeAsync();
            World.Dispose();
        }
    }

    private static async Task<Relayed> StartAsync()
    {
        var settings = Databases.Empty("PostgreSQL");
        var direct = settings["ConnectionStrings:Pacesetter"]!;
        var builder = new NpgsqlConnectionStringBuilder(direct);
        var relay = new TcpRelay(builder.Host!, builder.Port);
        builder.Host = "127.0.0.1";
        builder.Port = relay.Port;
        settings["ConnectionStrings:Pacesetter"] = builder.ConnectionString;
        var world = await EntryWorld.CreateAsync(TestApp.On("PostgreSQL", settings));
        return new Relayed(world, relay, direct);
    }

    private static string Revenue(int k) => $$"""{"value": {{k}}, "target": 11}""";

    [Fact]
    public async Task A_restart_between_two_requests_is_not_seen()
    {
        if (Databases.PostgresServer is null) return;
        await using var r = await StartAsync();
        var api = await r.World.Api("rep-t1");
        var browser = await r.World.Browser("rep-t1");
        Assert.Equal(HttpStatusCode.OK, (await EntryWorld.Put(api, "T1", "revenue", Revenue(1), 0, submit: false)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(EntryWorld.EntryUrl)).StatusCode);
        int before = r.Relay.Accepted;

        r.Relay.Cut();

        // Every pooled connection is dead: the first read meets one, and is tried again on a fresh one.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(EntryWorld.EntryUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync(EntryWorld.DataUrl)).StatusCode);
        r.Relay.Cut();
        // An audited write whose lock statement meets a dead connection starts again.
        Assert.Equal(HttpStatusCode.OK, (await EntryWorld.Put(api, "T1", "revenue", Revenue(2), 1, submit: false)).StatusCode);
        Assert.True(r.Relay.Accepted > before);
        await using var db = r.DirectDb();
        var row = await db.DatumEntries.SingleAsync();
        Assert.Equal(("""{"value":2,"target":11}""", 2), (row.Value, row.Version));
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Entity == "datum" && a.Kind == "datum.save"));
    }

    [Fact]
    public async Task During_an_outage_pages_answer_503_in_the_persons_language_and_the_api_503_problem_details()
    {
        if (Databases.PostgresServer is null) return;
        await using var r = await StartAsync();
        var api = await r.World.Api("rep-t1");
        var browser = await r.World.Browser("rep-t1");
        var english = await r.World.Browser("rep-t2");
        Assert.Equal(HttpStatusCode.Found, (await english.GetAsync("/culture/en?returnUrl=/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(EntryWorld.EntryUrl)).StatusCode);

        r.Relay.Down();

        var page = await browser.GetAsync(EntryWorld.EntryUrl);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Equal("5", page.Headers.RetryAfter?.ToString());
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"zh-CN\">", html);
        Assert.Contains("<h1 class=\"h4\">系统暂时无法访问</h1>", html);
        Assert.Contains("数据库正在重启或暂时连接不上。请稍等几秒后重试；如果刚才是在提交，重试前请先刷新页面，看是否已经保存。", html);
        Assert.Contains($"href=\"{EntryWorld.EntryUrl}\" id=\"outage-again\">重试</a>", html);
        Assert.DoesNotContain("Exception", html);
        Assert.DoesNotContain("Npgsql", html);

        var englishPage = await english.GetAsync("/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, englishPage.StatusCode);
        Assert.Contains("<h1 class=\"h4\">The system is unavailable for a moment</h1>", await englishPage.Content.ReadAsStringAsync());

        var write = await EntryWorld.Put(api, "T1", "revenue", Revenue(1), 0, submit: false);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, write.StatusCode);
        Assert.Equal("application/problem+json", write.Content.Headers.ContentType?.MediaType);
        var problem = await EntryWorld.Json(write);
        Assert.Equal((503, "系统暂时无法访问"), (problem.GetProperty("status").GetInt32(), problem.GetProperty("title").GetString()));
        var read = await api.GetAsync(EntryWorld.DataUrl);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, read.StatusCode);

        r.Relay.Up();

        // Back without restarting the application.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(EntryWorld.EntryUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await EntryWorld.Put(api, "T1", "revenue", Revenue(1), 0, submit: false)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await english.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Writes_through_outages_every_acknowledged_one_is_kept_and_none_answers_500()
    {
        if (Databases.PostgresServer is null) return;
        await using var r = await StartAsync();
        var api = await r.World.Api("rep-t1");
        var acknowledged = new List<int>();
        var unanswered = new List<int>();
        var statuses = new Dictionary<HttpStatusCode, int>();
        int version = 0;
        using var done = new CancellationTokenSource();
        // Outages while the writer writes: every 700 ms either a cut (a restart between two statements) or, each fourth
        // time, a 500 ms outage — often enough to land inside writes, seldom enough for writes to go through between.
        int faulted = 0;
        var faults = Task.Run(async () =>
        {
            for (int i = 0; !done.IsCancellationRequested; i++, Interlocked.Increment(ref faulted))
            {
                await Task.Delay(700);
                if (i % 4 == 3)
                {
                    r.Relay.Down();
                    await Task.Delay(500);
                    r.Relay.Up();
                }
                else
                {
                    r.Relay.Cut();
                }
            }
        });
        // Writes one after another until two outages and six cuts have passed under them and three writes went through
        // (or for 15 s at most; a few dozen writes on this machine).
        var until = DateTime.UtcNow.AddSeconds(15);
        for (int k = 1; DateTime.UtcNow < until && !(Volatile.Read(ref faulted) >= 8 && acknowledged.Count >= 3); k++)
        {
            var response = await EntryWorld.Put(api, "T1", "revenue", Revenue(k), version, submit: false);
            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
            if (response.StatusCode == HttpStatusCode.OK)
            {
                acknowledged.Add(k);
                version = (await EntryWorld.Json(response)).GetProperty("version").GetInt32();
            }
            else
            {
                unanswered.Add(k);
                // What the database holds now (a commit whose answer was cut may have landed), read around the relay.
                await using var db = r.DirectDb();
                version = await db.DatumEntries.Select(d => d.Version).SingleOrDefaultAsync();
            }
        }
        done.Cancel();
        await faults;
        r.Relay.Up();

        Assert.DoesNotContain(HttpStatusCode.InternalServerError, statuses.Keys);
        Assert.All(statuses.Keys, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable, HttpStatusCode.Conflict }));
        Assert.True(acknowledged.Count >= 3, $"only {acknowledged.Count} writes went through: {string.Join(", ", statuses)}");
        await using var check = r.DirectDb();
        var saved = (await check.AuditEntries.Where(a => a.Kind == "datum.save").Select(a => a.After!).ToListAsync())
            .Select(a => JsonDocument.Parse(a).RootElement.GetProperty("value").GetProperty("value").GetInt32()).ToHashSet();
        // Every acknowledged write is in the database; anything else there is a write whose answer the outage cut.
        Assert.Empty(acknowledged.Except(saved));
        Assert.Empty(saved.Except(acknowledged).Except(unanswered));
        var row = await check.DatumEntries.SingleAsync();
        Assert.Equal(saved.Count, row.Version);
    }
}
