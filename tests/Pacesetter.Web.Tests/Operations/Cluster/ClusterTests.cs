using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Pacesetter.App.Data;
using Pacesetter.App.Supervision.Cards;
using Pacesetter.Cli;
using Pacesetter.Web.Demo;
using Pacesetter.Web.Tests.Supervision.Cards;
using Quartz;

namespace Pacesetter.Web.Tests.Operations.Cluster;

/// <summary>
/// Issue #13's proof on this machine: three instances of the built application on one PostgreSQL database behind nginx
/// (deploy/nginx/pacesetter.conf). A reporter's whole flow through nginx lands on every instance; a publication made on
/// one is served by all; the month-end job fires once with all three up; an instance killed with kill -9 while it runs
/// the job, and another while it publishes, leave nothing half-written: the others finish the work, and the audit
/// chain verifies.
/// </summary>
public class ClusterTests
{
    private const string Period = DemoData.DraftPeriod; // 2026-11: drafts, not published

    [Fact]
    public async Task Three_instances_behind_nginx_share_sessions_publications_and_jobs_and_survive_kill_9()
    {
        if (Databases.PostgresServer is null && !Databases.PostgresRequired) return;
        if (!File.Exists("/usr/sbin/nginx"))
        {
            Assert.False(Databases.PostgresRequired, "nginx is missing (test.sh installs nginx-light)");
            return;
        }
        var settings = Databases.Demo("PostgreSQL");
        // The in-process app makes the cards organization (and drops the database at the end); its scheduler is off.
        await using var world = await CardsWorld.CreateAsync("PostgreSQL", TestApp.On("PostgreSQL", settings));
        await world.ImportAsync(CardsWorld.History());
        int demoId;
        string adminToken;
        await using (var db = world.App.NewDb())
        {
            demoId = await db.Organizations.Where(o => o.Slug == DemoData.Slug).Select(o => o.Id).SingleAsync();
            var adminId = await db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync();
            adminToken = (await world.App.NewToken(demoId, adminId, "cluster", "admin")).Token;
        }
        var owner = settings["ConnectionStrings:PacesetterOwner"]!;

        await using var cluster = await ClusterHost.StartAsync(settings, 3, new Dictionary<string, string?> { ["Supervision:Scheduler:Enabled"] = "true" });
        var (n1, n2, n3) = (cluster.Nodes[0], cluster.Nodes[1], cluster.Nodes[2]);

        // 1. A reporter's whole flow through nginx: sign in, open the entry page, save and submit; the office (admin)
        //    approves. Sessions and antiforgery tokens hold whichever instance answers.
        var served = await Task.WhenAll(cluster.Nodes.Select(ClusterHost.RequestsServedAsync));
        var reporter = await SignInAsync(cluster.Address, "reporter.t1");
        var assessor = await SignInAsync(cluster.Address, "admin");
        var posts = (await Task.WhenAll(cluster.Nodes.Select(ClusterHost.RequestsServedAsync))).Select(c => c.Posts).ToList();
        var entry = Routes.Entry(DemoData.Slug, Period);
        int version;
        await using (var db = world.App.NewDb())
        {
            version = await db.DatumEntries.Where(d => d.OrganizationId == demoId && d.Period == Period && d.UnitCode == "T1" && d.IndicatorId == "revenue").Select(d => d.Version).SingleAsync();
        }
        for (int i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await reporter.GetAsync(entry)).StatusCode);
        var saved = await PostFormAsync(reporter, entry, "Save", new() { ["unit"] = "T1", ["indicator"] = "revenue", ["version"] = $"{version}", ["submit"] = "true", ["value"] = "1.1", ["target"] = "0.9" });
        Assert.True(saved.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"save answered {(int)saved.StatusCode}");
        await using (var db = world.App.NewDb())
        {
            var row = await db.DatumEntries.SingleAsync(d => d.OrganizationId == demoId && d.Period == Period && d.UnitCode == "T1" && d.IndicatorId == "revenue");
            Assert.Equal(("""{"value":1.1,"target":0.9}""", App.DataEntry.DatumState.Submitted, version + 1), (row.Value, row.State, row.Version));
        }
        var approved = await PostFormAsync(assessor, entry + "?unit=T1", "Review", new() { ["unit"] = "T1", ["indicator"] = "revenue", ["version"] = $"{version + 1}", ["decision"] = "approve" }, htmx: true);
        Assert.True(approved.StatusCode == HttpStatusCode.OK, $"{(int)approved.StatusCode} {await approved.Content.ReadAsStringAsync()}");
        await using (var db = world.App.NewDb())
        {
            var row = await db.DatumEntries.SingleAsync(d => d.OrganizationId == demoId && d.Period == Period && d.UnitCode == "T1" && d.IndicatorId == "revenue");
            Assert.Equal(("""{"value":1.1,"target":0.9}""", App.DataEntry.DatumState.Approved, version + 2), (row.Value, row.State, row.Version));
        }
        var servedAfter = await Task.WhenAll(cluster.Nodes.Select(ClusterHost.RequestsServedAsync));
        for (int i = 0; i < 3; i++) Assert.True(servedAfter[i].All > served[i].All, $"node-{i + 1} answered none of the flow's requests");
        // The organization's writes go to one instance of its own (its save box writes them together, ADR 0057): both
        // the save and the review were answered there, by the same node, whoever read the pages before them.
        Assert.Equal(new long[] { 2, 0, 0 }, servedAfter.Zip(posts, (after, before) => after.Posts - before).OrderDescending());

        // 2. A publication made on node 1 is what nodes 2 and 3 serve (each within RecentReads.Keep, ADR 0026).
        var api1 = Api(n1.Address, adminToken);
        var published = await api1.PostAsJsonAsync(PeriodApi("publish"), new { reason = "11月赛马结果发布", allowIncomplete = true });
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        Assert.Equal(1, (await Json(published)).GetProperty("revision").GetInt32());
        var expected = await api1.GetStringAsync(PeriodApi("revisions/1"));
        foreach (var node in new[] { n2, n3 })
        {
            Assert.Equal(new[] { 1 }, await RevisionsAsync(Api(node.Address, adminToken), 1));
            Assert.Equal(expected, await Api(node.Address, adminToken).GetStringAsync(PeriodApi("revisions/1")));
        }

        // 3. The month-end job fires once with all three up, and a node killed while it runs the job is taken over: the
        //    test holds the cards organization's lock, so the job waits inside its write on whichever node took it.
        int cardsBefore = await CardsAsync(world);
        Assert.Equal(0, cardsBefore);
        var quartz = await ClientSchedulerAsync(settings["ConnectionStrings:Pacesetter"]!);
        await using (var held = await HoldLockAsync(owner, world.OrganizationId))
        {
            await quartz.TriggerJob(MonthEndCardsJob.Key, new JobDataMap { ["asOf"] = "2026-07-31" });
            var running = await WaitingNodeAsync(owner);
            cluster.Nodes.Single(n => n.Name == running).Kill();
        }
        var survivors = cluster.Nodes.Where(n => n.Alive).ToList();
        int cards = 0;
        for (int i = 0; i < 240 && cards < 23; i++)
        {
            await Task.Delay(500);
            cards = await CardsAsync(world);
        }
        await Task.Delay(3000);
        // July 31 from nothing: June's 18 cards and July's 5 (SchedulerTests works them out by hand), each issued once.
        Assert.Equal(23, await CardsAsync(world));
        long runs = 0;
        foreach (var node in survivors) runs += await ClusterHost.CounterAsync(node, "pacesetter_jobs_completed_total", "job=\"month-end-cards\"");
        Assert.Equal(1, runs);
        await quartz.Shutdown();

        // 4. A node killed with kill -9 in the middle of a publication (a correction's revision 2): the write dies with it,
        //    nothing is half-written, and the same request sent again through nginx is finished by another node.
        var viaNginx = Api(cluster.Address, adminToken);
        Assert.Equal(HttpStatusCode.Created, (await viaNginx.PostAsJsonAsync(PeriodApi("corrections"), new { reason = "更正T1数据" })).StatusCode);
        HttpResponseMessage cut;
        await using (var held = await HoldLockAsync(owner, demoId))
        {
            var sending = viaNginx.PostAsJsonAsync(PeriodApi("publish"), new { reason = "更正后重新发布", allowIncomplete = true });
            var publishing = await WaitingNodeAsync(owner);
            cluster.Nodes.Single(n => n.Name == publishing).Kill();
            await held.DisposeAsync();
            cut = await sending;
        }
        Assert.Equal(HttpStatusCode.BadGateway, cut.StatusCode);
        Assert.Equal(new[] { 1 }, await RevisionsAsync(viaNginx, 1));
        var again = await viaNginx.PostAsJsonAsync(PeriodApi("publish"), new { reason = "更正后重新发布", allowIncomplete = true });
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(2, (await Json(again)).GetProperty("revision").GetInt32());
        Assert.Equal(new[] { 1, 2 }, await RevisionsAsync(viaNginx, 2));
        Assert.Single(cluster.Nodes, n => n.Alive);

        // The audit chains of both organizations verify: nothing half-written, nothing lost.
        var output = new StringWriter();
        var error = new StringWriter();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        Assert.True(AuditCommand.Run(["verify"], new CliContext(output, error, true), configuration) == 0, output + "\n" + error);

        // 5. Sign-in attempts are counted at nginx for all instances together (30 a minute, 10 at once, per address): of 20
        //    wrong passwords sent at once, each for another name (so no instance's budget per name is reached), the
        //    first 11 reach the application ("用户名或密码不正确", 400) and 9 are answered by nginx (429, both languages).
        var guesser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = cluster.Address };
        var form = TestApp.AntiforgeryToken(await guesser.GetStringAsync("/Account/Login"));
        var guesses = await Task.WhenAll(Enumerable.Range(1, 20).Select(i => guesser.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Org"] = DemoData.Slug,
            ["UserName"] = $"guess{i}",
            ["Password"] = "Wrong#2026pass",
            ["__RequestVerificationToken"] = form,
        }))));
        var answers = await Task.WhenAll(guesses.Select(async g => ((int)g.StatusCode, await g.Content.ReadAsStringAsync(), g.Headers.RetryAfter?.Delta)));
        Assert.Equal(11, answers.Count(a => a.Item1 == 400 && a.Item2.Contains("用户名或密码不正确", StringComparison.Ordinal)));
        Assert.Equal(9, answers.Count(a => a.Item1 == 429 && a.Item2.Contains("登录尝试过于频繁，请 1 分钟后再试。", StringComparison.Ordinal)
            && a.Item2.Contains("Too many sign-in attempts", StringComparison.Ordinal) && a.Item3 == TimeSpan.FromSeconds(60)));
        // Showing the sign-in page is not an attempt.
        Assert.Equal(HttpStatusCode.OK, (await guesser.GetAsync("/Account/Login")).StatusCode);
        string PeriodApi(string rest) => $"/api/orgs/{DemoData.Slug}/periods/{Period}/{rest}";
    }

    private static HttpClient Api(Uri address, string token)
    {
        var client = new HttpClient { BaseAddress = address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    /// <summary>The revisions the node lists, asked until the last is <paramref name="last"/> (at most 5 s: another instance's reads are remembered for 2 s).</summary>
    private static async Task<int[]> RevisionsAsync(HttpClient api, int last)
    {
        int[] revisions = [];
        for (int i = 0; i < 25; i++)
        {
            var list = JsonDocument.Parse(await api.GetStringAsync($"/api/orgs/{DemoData.Slug}/periods/{Period}/revisions")).RootElement;
            revisions = [.. list.EnumerateArray().Select(r => r.GetProperty("revision").GetInt32())];
            if (revisions.LastOrDefault() == last) break;
            await Task.Delay(200);
        }
        return revisions;
    }

    private static async Task<HttpClient> SignInAsync(Uri address, string user)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = address };
        var page = await client.GetStringAsync("/Account/Login");
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Org"] = DemoData.Slug,
            ["UserName"] = user,
            ["Password"] = DemoData.Password,
            ["__RequestVerificationToken"] = TestApp.AntiforgeryToken(page),
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string pageUrl, string handler, Dictionary<string, string> fields, bool htmx = false)
    {
        var page = await browser.GetStringAsync(pageUrl);
        fields["__RequestVerificationToken"] = TestApp.AntiforgeryToken(page);
        var request = new HttpRequestMessage(HttpMethod.Post, $"{pageUrl.Split('?')[0]}?handler={handler}") { Content = new FormUrlEncodedContent(fields) };
        if (htmx) request.Headers.Add("HX-Request", "true");
        return await browser.SendAsync(request);
    }

    private static async Task<int> CardsAsync(CardsWorld world)
    {
        await using var db = world.App.NewDb();
        return await db.IssuedCards.CountAsync(c => c.OrganizationId == world.OrganizationId);
    }

    /// <summary>The organization's write lock (ADR 0008: an advisory lock keyed by its id), held by the test until disposed: the next audited write of that organization waits inside its transaction.</summary>
    private static async Task<HeldLock> HoldLockAsync(string connectionString, int organizationId)
    {
        var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"SELECT pg_advisory_lock({organizationId})", conn);
        await cmd.ExecuteNonQueryAsync();
        return new HeldLock(conn);
    }

    private sealed class HeldLock(NpgsqlConnection conn) : IAsyncDisposable
    {
        private bool released;

        public async ValueTask DisposeAsync()
        {
            if (released) return;
            released = true;
            await conn.DisposeAsync();
        }
    }

    /// <summary>The node whose backend waits for a lock in the database (its Application Name), asked until one does (30 s at most).</summary>
    private static async Task<string> WaitingNodeAsync(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        for (int i = 0; i < 300; i++)
        {
            await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT application_name FROM pg_stat_activity WHERE datname = @db AND wait_event_type = 'Lock' AND application_name LIKE 'pacesetter-node-%'", conn);
            cmd.Parameters.AddWithValue("db", database!);
            if (await cmd.ExecuteScalarAsync() is string name) return name["pacesetter-".Length..];
            await Task.Delay(100);
        }
        throw new TimeoutException("no node waited for the organization's lock");
    }

    /// <summary>A Quartz scheduler of this test process on the cluster's job store, never started: it only adds triggers, which the cluster's nodes fire.</summary>
    private static async Task<IScheduler> ClientSchedulerAsync(string connectionString) =>
        await QuartzSchedulerBuilder.Create(q =>
            {
                q.ConfigureScheduler(o =>
                {
                    o.InstanceName = "pacesetter";
                    o.InstanceId = "test-client";
                });
                q.UsePersistentStore(s =>
                {
                    s.UseSystemTextJsonSerializer();
                    s.ConfigureStore(o => o.TablePrefix = "qrtz_");
                    s.UsePostgres(connectionString);
                    s.UseClustering();
                });
            })
            .BuildScheduler();
}
