using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Pacesetter.App.Accounts;
using Pacesetter.App.Supervision;
using Pacesetter.App.Supervision.Messages;
using Pacesetter.App.Supervision.Model;
using Pacesetter.App.Writes;
using Pacesetter.Web.Tests.Schemes;
using static Pacesetter.Web.Tests.Supervision.Messages.LocalReceiver;

namespace Pacesetter.Web.Tests.Supervision.Messages;

/// <summary>
/// The webhook outbox against a receiver on this machine that fails its first calls (ADR 0032): every message arrives
/// once the receiver recovers, in order per endpoint, a repeat with the same delivery id, a delivered message never
/// again; DingTalk's signature checked by the receiver; a robot's <c>errcode ≠ 0</c> retried; a disabled endpoint gets
/// nothing. The app's clock is a <see cref="FakeTimeProvider"/> moved past the backoff (30 s × 2ⁿ); the HTTP client's
/// resilience handler retries once at once and gives an attempt 3 s (a loaded CI machine answers a plain request well within it, so no attempt is repeated by a timeout but the scripted hangs).
/// </summary>
public class WebhookOutboxTests
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);

    private sealed class World : IAsyncDisposable
    {
        public required TestApp App { get; init; }
        public required WebApplicationFactory<Program> Sender { get; init; }
        public required FakeTimeProvider Clock { get; init; }
        public required HttpClient Admin { get; init; }
        public required int Org { get; init; }
        public required LocalReceiver Receiver { get; init; }

        public async Task<int> DispatchAsync()
        {
            using var scope = Sender.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None);
        }

        /// <summary>One event told through <see cref="Notifier"/> in an audited write, as the services do.</summary>
        public async Task TellAsync(string key, string text, string kind = "card")
        {
            using var scope = Sender.Services.CreateScope();
            var writer = scope.ServiceProvider.GetRequiredService<OrgWriter>();
            var outcome = await writer.RunAsync(Org, "tests", async w =>
            {
                await Notifier.NotifyInAsync(w, new NotificationEvent(NotificationKind.Card, new Audience(Admins: true), key, text, "EN " + text, WebhookEvent: kind,
                    Data: new System.Text.Json.Nodes.JsonObject { ["key"] = key }), Clock.GetUtcNow());
                return WriteOutcome<int>.Ok(0);
            });
            Assert.True(outcome.IsOk);
        }

        public async Task<int> AddAsync(object body)
        {
            var response = await Admin.PostAsJsonAsync("/api/orgs/city/webhooks", body);
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        }

        public async ValueTask DisposeAsync()
        {
            await Receiver.DisposeAsync();
            await Sender.DisposeAsync();
            await App.DisposeAsync();
        }
    }

    private static async Task<World> WorldAsync(string provider)
    {
        var clock = new FakeTimeProvider(T0);
        var app = new TestApp(provider) { Clock = clock };
        var org = await app.Organization("city");
        var admin = await app.ApiAs(org, "city-admin", OrgRole.Admin);
        var sender = app.WithWebHostBuilder(b => b
            .UseSetting("Supervision:Webhooks:Retries", "1")
            .UseSetting("Supervision:Webhooks:RetryDelayMs", "0")
            .UseSetting("Supervision:Webhooks:AttemptTimeoutSeconds", "3"));
        return new World { App = app, Sender = sender, Clock = clock, Admin = admin, Org = org, Receiver = await LocalReceiver.StartAsync() };
    }

    private static JsonElement Json(string body) => JsonDocument.Parse(body).RootElement.Clone();

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_receiver_that_fails_its_first_calls_gets_every_message_once_it_recovers_in_order_with_stable_delivery_ids(string provider)
    {
        await using var world = await WorldAsync(provider);
        var r = world.Receiver;
        // JSON: 503 and 503 (the handler's retry) at the first attempt, then a timeout and 200 at the second.
        r.Script("/json", new Answer(200, "ok"), new Answer(503), new Answer(503), Answer.Hangs);
        // DingTalk with 加签: first "send too fast" (200, errcode 130101), then accepted — the signature checked each time.
        r.Script("/ding", null, Answer.Robot(130101));
        r.Secret("/ding", "SECa1b2c3");
        r.Script("/wecom");
        r.Script("/off");
        r.Script("/paused");
        var json = await world.AddAsync(new { name = "督查平台", url = r.Url("/json"), format = "json", events = new[] { "card" } });
        var ding = await world.AddAsync(new { name = "钉钉群", url = r.Url("/ding?access_token=tok123"), format = "dingtalk", secret = "SECa1b2c3", events = Array.Empty<string>() });
        var wecom = await world.AddAsync(new { name = "企业微信群", url = r.Url("/wecom?key=wk456"), format = "wecom" });
        await world.AddAsync(new { name = "停用", url = r.Url("/off"), format = "json", enabled = false });
        var paused = await world.AddAsync(new { name = "暂停", url = r.Url("/paused"), format = "json" });
        // An event the JSON endpoint does not take (reminder): the others get it.
        await world.TellAsync("m1", "#### 红黄牌\n\n道路改造亮黄牌");
        await world.TellAsync("m2", "第二条");
        await world.TellAsync("m3", "第三条", kind: "reminder");
        await world.TellAsync("m4", "第四条");
        var paused1 = await world.Admin.PutAsJsonAsync($"/api/orgs/city/webhooks/{paused}", new { name = "暂停", url = r.Url("/paused"), format = "json", enabled = false });
        Assert.Equal(HttpStatusCode.OK, paused1.StatusCode);

        // First run: JSON fails (503, 503), DingTalk fails (errcode), WeCom takes all four.
        Assert.Equal(4, await world.DispatchAsync());
        Assert.Equal(2, r.At("/json").Count);
        Assert.Single(r.At("/ding"));
        Assert.Equal(4, r.At("/wecom").Count);
        // 29 s later nothing is due: no request at all.
        var before = r.Count;
        world.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, await world.DispatchAsync());
        Assert.Equal(before, r.Count);
        // 30 s after the failure: the JSON endpoint times out, is retried and takes m1, then m2 and m4; DingTalk takes all four.
        world.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(3 + 4, await world.DispatchAsync());
        // Delivered messages are never sent again.
        before = r.Count;
        world.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, await world.DispatchAsync());
        Assert.Equal(before, r.Count);

        await using var db = world.App.NewDb();
        var outbox = await db.Outbox.AsNoTracking().Where(m => m.OrganizationId == world.Org).OrderBy(m => m.Id).ToListAsync();
        string Id(int endpoint, int n) => outbox.Where(m => m.EndpointId == endpoint).ElementAt(n).DeliveryId.ToString();

        // JSON: m1 four times (503, 503, timeout, 200) with one delivery id, then m2 and m4, in order; the body names it too.
        var jsonGot = r.At("/json");
        Assert.Equal([Id(json, 0), Id(json, 0), Id(json, 0), Id(json, 0), Id(json, 1), Id(json, 2)], jsonGot.Select(x => x.Delivery));
        Assert.All(jsonGot, x => Assert.Equal(x.Delivery, Json(x.Body).GetProperty("deliveryId").GetString()));
        Assert.All(jsonGot, x => Assert.Equal("card", x.Event));
        var first = Json(jsonGot[3].Body);
        Assert.Equal("city", first.GetProperty("organization").GetString());
        Assert.Equal("#### 红黄牌\n\n道路改造亮黄牌", first.GetProperty("text").GetString());
        Assert.Equal("2026-06-01T02:00:00Z", first.GetProperty("at").GetString());
        Assert.Equal("m1", first.GetProperty("data").GetProperty("key").GetString());
        Assert.Equal(["m1", "m2", "m4"], jsonGot.Skip(3).Select(x => Json(x.Body).GetProperty("data").GetProperty("key").GetString()));

        // DingTalk: m1 twice (same id), then m2, m3, m4; every request signed, the key kept in the address; markdown ending with 投递编号.
        var dingGot = r.At("/ding");
        Assert.Equal([Id(ding, 0), Id(ding, 0), Id(ding, 1), Id(ding, 2), Id(ding, 3)], dingGot.Select(x => x.Delivery));
        Assert.All(dingGot, x => Assert.True(x.SignatureOk, x.Query));
        Assert.All(dingGot, x => Assert.StartsWith("?access_token=tok123&timestamp=", x.Query));
        var md = Json(dingGot[1].Body);
        Assert.Equal("markdown", md.GetProperty("msgtype").GetString());
        Assert.Equal("红黄牌", md.GetProperty("markdown").GetProperty("title").GetString());
        Assert.Equal($"#### 红黄牌\n\n道路改造亮黄牌\n\n投递编号 {Id(ding, 0)}", md.GetProperty("markdown").GetProperty("text").GetString());
        // WeCom: markdown content, in order.
        var wecomGot = r.At("/wecom");
        Assert.Equal([Id(wecom, 0), Id(wecom, 1), Id(wecom, 2), Id(wecom, 3)], wecomGot.Select(x => x.Delivery));
        Assert.Equal($"第二条\n\n投递编号 {Id(wecom, 1)}", Json(wecomGot[1].Body).GetProperty("markdown").GetProperty("content").GetString());
        // Disabled endpoints get nothing: one disabled from the start (no outbox row), one disabled after its messages were written (kept pending).
        Assert.Empty(r.At("/off"));
        Assert.Empty(r.At("/paused"));
        Assert.Equal(4, outbox.Count(m => m.EndpointId == paused && m.DeliveredAt == null));

        // The deliveries as the office sees them: attempts, last status.
        var deliveries = Json(await world.Admin.GetStringAsync($"/api/orgs/city/webhooks/{json}/deliveries"));
        Assert.Equal(3, deliveries.GetArrayLength());
        var m1 = deliveries[2];
        Assert.Equal(Id(json, 0), m1.GetProperty("deliveryId").GetString());
        Assert.Equal("delivered", m1.GetProperty("state").GetString());
        Assert.Equal(2, m1.GetProperty("attempts").GetInt32());
        Assert.Equal(200, m1.GetProperty("lastStatus").GetInt32());
        Assert.Equal("2026-06-01T02:00:30+00:00", m1.GetProperty("deliveredAt").GetDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture));

        // Secrets and keys are never answered nor audited.
        var list = await world.Admin.GetStringAsync("/api/orgs/city/webhooks");
        Assert.DoesNotContain("SECa1b2c3", list);
        Assert.DoesNotContain("tok123", list);
        Assert.DoesNotContain("wk456", list);
        Assert.Contains("/ding?access_token=***", list);
        Assert.Contains("/wecom?key=***", list);
        var dingRow = Json(list).EnumerateArray().Single(x => x.GetProperty("id").GetInt32() == ding);
        Assert.True(dingRow.GetProperty("secretSet").GetBoolean());
        Assert.Equal("dingtalk", dingRow.GetProperty("format").GetString());
        var audit = await db.AuditEntries.AsNoTracking().Where(a => a.OrganizationId == world.Org && a.Kind.StartsWith("webhook.")).ToListAsync();
        Assert.Equal(6, audit.Count);
        Assert.All(audit, a => Assert.DoesNotContain("SECa1b2c3", (a.Before ?? "") + (a.After ?? "")));
        Assert.All(audit, a => Assert.DoesNotContain("tok123", (a.Before ?? "") + (a.After ?? "")));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_message_given_up_after_seven_days_is_failed_does_not_block_the_next_and_is_sent_again_by_the_retry(string provider)
    {
        await using var world = await WorldAsync(provider);
        var r = world.Receiver;
        r.Script("/json", new Answer(200, "ok"), new Answer(500), new Answer(500));
        var json = await world.AddAsync(new { name = "督查平台", url = r.Url("/json"), format = "json" });
        await world.TellAsync("m1", "第一条");
        await world.TellAsync("m2", "第二条");
        // m1 has failed 173 times already: one more failure makes 7 days of retries.
        await using (var db = world.App.NewDb())
        {
            var m = await db.Outbox.Where(x => x.EndpointId == json).OrderBy(x => x.Id).FirstAsync();
            m.Attempts = 173;
            await db.SaveChangesAsync();
        }
        // m1 fails (500, 500) and is given up; m2 goes next in the same run.
        Assert.Equal(1, await world.DispatchAsync());
        var deliveries = Json(await world.Admin.GetStringAsync($"/api/orgs/city/webhooks/{json}/deliveries"));
        Assert.Equal(["delivered", "failed"], deliveries.EnumerateArray().Select(d => d.GetProperty("state").GetString()));
        var failed = deliveries[1];
        Assert.Equal(174, failed.GetProperty("attempts").GetInt32());
        Assert.Equal(500, failed.GetProperty("lastStatus").GetInt32());
        Assert.Equal("HTTP 500", failed.GetProperty("lastError").GetString());
        var id = failed.GetProperty("deliveryId").GetString();
        // Nothing more is tried for it…
        world.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await world.DispatchAsync());
        // …until the office retries it: the same delivery id arrives.
        var retry = await world.Admin.PostAsync($"/api/orgs/city/webhooks/{json}/deliveries/{id}/retry", null);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("pending", Json(await retry.Content.ReadAsStringAsync()).GetProperty("state").GetString());
        Assert.Equal(1, await world.DispatchAsync());
        Assert.Equal([id, id, null, id], r.At("/json").Select(x => x.Delivery == id ? id : null));
        // Retrying a delivered one is a conflict.
        Assert.Equal(HttpStatusCode.Conflict, (await world.Admin.PostAsync($"/api/orgs/city/webhooks/{json}/deliveries/{id}/retry", null)).StatusCode);
    }

    [Fact]
    public void The_backoff_is_30_seconds_doubling_to_an_hour_for_seven_days()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), OutboxDispatcher.Delay(1));
        Assert.Equal(TimeSpan.FromSeconds(60), OutboxDispatcher.Delay(2));
        Assert.Equal(TimeSpan.FromSeconds(1920), OutboxDispatcher.Delay(7));
        Assert.Equal(TimeSpan.FromHours(1), OutboxDispatcher.Delay(8));
        Assert.Equal(TimeSpan.FromHours(1), OutboxDispatcher.Delay(100));
        // 30 × (2⁷ − 1) = 3810 s, then 3600 s each: 3810 + 166 × 3600 = 601 410 s < 7 days; + 3600 = 605 010 s ≥ 604 800 s.
        Assert.False(OutboxDispatcher.GivesUp(173));
        Assert.True(OutboxDispatcher.GivesUp(174));
    }

    [Fact]
    public void DingTalk_signature_and_masking()
    {
        // HMAC-SHA256("SEC000", "1700000000000\nSEC000"), base64 (checked with Python's hmac).
        Assert.Equal(Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData("SEC000"u8.ToArray(), "1700000000000\nSEC000"u8.ToArray())),
            WebhookFormats.Sign("SEC000", 1700000000000));
        Assert.Equal("https://oapi.dingtalk.com/robot/send?access_token=***", WebhookFormats.Mask("https://oapi.dingtalk.com/robot/send?access_token=abc"));
        Assert.Equal("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***&x=1", WebhookFormats.Mask("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1&x=1"));
        Assert.True(WebhookFormats.Allowed("https://example.com/hook", out _));
        Assert.True(WebhookFormats.Allowed("http://127.0.0.1:9/hook", out _));
        Assert.True(WebhookFormats.Allowed("http://localhost:9/hook", out _));
        Assert.False(WebhookFormats.Allowed("http://example.com/hook", out _));
        Assert.False(WebhookFormats.Allowed("ftp://example.com/hook", out _));
        Assert.False(WebhookFormats.Allowed("https://user:pw@example.com/hook", out _));
        Assert.Equal((false, "errcode 310000: sign not match"), WebhookFormats.Accepted(WebhookFormat.DingTalk, 200, "{\"errcode\":310000,\"errmsg\":\"sign not match\"}"));
        Assert.Equal((true, null), WebhookFormats.Accepted(WebhookFormat.WeCom, 200, "{\"errcode\":0,\"errmsg\":\"ok\"}"));
        Assert.Equal((true, null), WebhookFormats.Accepted(WebhookFormat.Json, 204, ""));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Bad_endpoints_are_refused_naming_each_field_and_nothing_is_stored(string provider)
    {
        await using var world = await WorldAsync(provider);
        var response = await world.Admin.PostAsJsonAsync("/api/orgs/city/webhooks", new { name = "", url = "http://example.com/hook", format = "feishu", events = new[] { "card", "weather" } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problems = Json(await response.Content.ReadAsStringAsync()).GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("path").GetString()).ToList();
        Assert.Equal(["$.name", "$.url", "$.format", "$.events[1]"], problems);
        await using var db = world.App.NewDb();
        Assert.Equal(0, await db.WebhookEndpoints.CountAsync(e => e.OrganizationId == world.Org));
        // A test message to a disabled endpoint: 409; to an enabled one: queued (202) and delivered by the outbox.
        world.Receiver.Script("/json");
        var off = await world.AddAsync(new { name = "停用", url = world.Receiver.Url("/json"), format = "json", enabled = false });
        Assert.Equal(HttpStatusCode.Conflict, (await world.Admin.PostAsync($"/api/orgs/city/webhooks/{off}/test", null)).StatusCode);
        var on = await world.AddAsync(new { name = "启用", url = world.Receiver.Url("/json"), format = "json" });
        var test = await world.Admin.PostAsync($"/api/orgs/city/webhooks/{on}/test", null);
        Assert.Equal(HttpStatusCode.Accepted, test.StatusCode);
        Assert.Equal(1, await world.DispatchAsync());
        Assert.Equal("test", world.Receiver.At("/json").Single().Event);
        // Removing an endpoint removes its outbox.
        Assert.Equal(HttpStatusCode.NoContent, (await world.Admin.DeleteAsync($"/api/orgs/city/webhooks/{on}")).StatusCode);
        Assert.Equal(0, await db.Outbox.CountAsync(m => m.EndpointId == on));
        Assert.Equal(HttpStatusCode.NotFound, (await world.Admin.GetAsync($"/api/orgs/city/webhooks/{on}/deliveries")).StatusCode);
    }
}
