using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Supervision.Model;
using Pacesetter.Web.Tests.Authorization;
using static Pacesetter.Web.Tests.Authorization.Expect;

namespace Pacesetter.Web.Tests.Supervision.Messages;

/// <summary>
/// The authorization matrix's rows of supervision's Messages endpoints (added to <see cref="AuthorizationTable.Operations"/>):
/// the webhooks, API and page, the office's only (ADR 0032). The rows act on the demo organization's endpoint made
/// once per world (JSON, enabled, to the discard port of this machine — the dispatcher never runs in the matrix), and
/// on an endpoint or a failed delivery made by a row's Arrange when the request consumes it.
/// </summary>
public static class MessagesMatrix
{
    private const string Api = "/api/orgs/{org}/webhooks";
    private const string Page = "/orgs/{org}/webhooks";
    private const string Url = "http://127.0.0.1:9/hook";

    private static readonly ConditionalWeakTable<AuthzWorld, object> Fixed = new();
    private static readonly ConditionalWeakTable<AuthzWorld, object> Arranged = new();
    private static readonly ConditionalWeakTable<AuthzWorld, object> Failed = new();

    private static async Task<int> EndpointAsync(AuthzWorld world)
    {
        if (Fixed.TryGetValue(world, out var id)) return (int)id;
        var e = await NewEndpointAsync(world);
        Fixed.AddOrUpdate(world, e);
        return e;
    }

    private static async Task<int> NewEndpointAsync(AuthzWorld world)
    {
        await using var db = world.App.NewDb();
        var e = new WebhookEndpoint
        {
            OrganizationId = world.OrganizationId,
            Name = "授权测试推送",
            Url = Url,
            Format = WebhookFormat.Json,
            Events = "",
            Enabled = true,
            CreatedBy = "admin",
            CreatedAt = DateTimeOffset.UtcNow,
            Version = 1,
        };
        db.WebhookEndpoints.Add(e);
        await db.SaveChangesAsync();
        return e.Id;
    }

    /// <summary>A fresh endpoint for a row that removes one.</summary>
    private static async Task ArrangeEndpointAsync(Ctx c) => Arranged.AddOrUpdate(c.World, await NewEndpointAsync(c.World));

    private static int ArrangedId(AuthzWorld world) => Arranged.TryGetValue(world, out var id) ? (int)id : 0;

    /// <summary>A failed delivery of the fixed endpoint, for a row that retries one.</summary>
    private static async Task ArrangeFailedAsync(Ctx c)
    {
        var endpoint = await EndpointAsync(c.World);
        await using var db = c.World.App.NewDb();
        var now = DateTimeOffset.UtcNow;
        var delivery = Guid.NewGuid();
        db.Outbox.Add(new OutboxMessage
        {
            OrganizationId = c.World.OrganizationId,
            EndpointId = endpoint,
            DeliveryId = delivery,
            Kind = "test",
            Body = $"{{\"deliveryId\":\"{delivery}\",\"kind\":\"test\",\"at\":\"2026-10-12T02:00:00Z\",\"text\":\"授权测试\",\"textEn\":\"test\",\"data\":{{}}}}",
            CreatedAt = now,
            Attempts = 174,
            NextAttemptAt = now,
            FailedAt = now,
            LastStatus = 503,
        });
        await db.SaveChangesAsync();
        Failed.AddOrUpdate(c.World, delivery);
    }

    private static Guid FailedId(AuthzWorld world) => Failed.TryGetValue(world, out var id) ? (Guid)id : Guid.Empty;

    private static async Task<string> CountAsync(Ctx c)
    {
        await using var db = c.World.App.NewDb();
        return (await db.WebhookEndpoints.CountAsync(e => e.OrganizationId == c.World.OrganizationId)).ToString();
    }

    private static async Task<string> VersionAsync(Ctx c)
    {
        var id = await EndpointAsync(c.World);
        await using var db = c.World.App.NewDb();
        return (await db.WebhookEndpoints.AsNoTracking().SingleAsync(e => e.Id == id)).Version.ToString();
    }

    private static async Task<string> ArrangedExistsAsync(Ctx c)
    {
        var id = ArrangedId(c.World);
        await using var db = c.World.App.NewDb();
        return (await db.WebhookEndpoints.AnyAsync(e => e.Id == id)).ToString();
    }

    private static async Task<string> OutboxAsync(Ctx c)
    {
        var id = await EndpointAsync(c.World);
        await using var db = c.World.App.NewDb();
        return (await db.Outbox.CountAsync(m => m.EndpointId == id)).ToString();
    }

    private static async Task<string> FailedStateAsync(Ctx c)
    {
        var delivery = FailedId(c.World);
        await using var db = c.World.App.NewDb();
        return (await db.Outbox.AsNoTracking().SingleAsync(m => m.DeliveryId == delivery)).FailedAt is null ? "pending" : "failed";
    }

    /// <summary>The fixed endpoint's address (made by the row's Arrange: <see cref="Ensure"/>).</summary>
    private static Func<Ctx, string> At(string suffix) => c => $"/api/orgs/{AuthzWorld.Org}/webhooks/{(Fixed.TryGetValue(c.World, out var id) ? (int)id : 0)}{suffix}";

    private static Task Ensure(Ctx c) => EndpointAsync(c.World);

    private static object NewBody(Ctx c) => new { name = "授权测试" + c.World.Next(), url = Url, format = "json" };

    public static IReadOnlyList<Operation> Rows { get; } =
    [
        new() { Route = Api, Method = "GET", Expected = AuthorizationTable.All(E401, E403, E403, E403, Ok, E404), Arrange = Ensure },
        new()
        {
            Route = Api, Method = "POST", Expected = AuthorizationTable.All(E401, E403, E403, E403, Ok, E404),
            State = CountAsync, Body = c => Task.FromResult(NewBody(c)),
        },
        new()
        {
            Route = Api + "/{webhook:int}", Method = "PUT", Expected = AuthorizationTable.All(E401, E403, E403, E403, Ok, E404),
            Arrange = Ensure, Address = At(""), State = VersionAsync, Body = c => Task.FromResult(NewBody(c)),
        },
        new()
        {
            Route = Api + "/{webhook:int}", Method = "DELETE", Expected = AuthorizationTable.All(E401, E403, E403, E403, Ok, E404),
            Arrange = ArrangeEndpointAsync, State = ArrangedExistsAsync, Address = c => $"/api/orgs/{AuthzWorld.Org}/webhooks/{ArrangedId(c.World)}",
        },
        new()
        {
            Route = Api + "/{webhook:int}/test", Method = "POST", Expected = AuthorizationTable.All(E401, E403, E403, E403, Ok, E404),
            Arrange = Ensure, Address = At("/test"), State = OutboxAsync,
        },
        new() { Route = Api + "/{webhook:int}/deliveries", Method = "GET", Expected = AuthorizationTable.All(E401, E403, E403, E403, Ok, E404), Arrange = Ensure, Address = At("/deliveries") },
        new()
        {
            Route = Api + "/{webhook:int}/deliveries/{delivery:guid}/retry", Method = "POST", Expected = AuthorizationTable.All(E401, E403, E403, E403, Ok, E404),
            Arrange = ArrangeFailedAsync, State = FailedStateAsync, Address = c => At($"/deliveries/{FailedId(c.World)}/retry")(c),
        },
        new() { Route = Page, Method = "GET", Expected = AuthorizationTable.All(Login, E403, E403, E403, Ok, E404), Arrange = Ensure },
        new()
        {
            Route = Page, Method = "POST", Handler = "Create", Expected = AuthorizationTable.All(Login, E403, E403, E403, Found, E404),
            State = CountAsync, Body = c => AuthorizationTable.Form(("name", "授权测试" + c.World.Next()), ("url", Url), ("format", "json"), ("enabled", "true")),
        },
        new()
        {
            Route = Page, Method = "POST", Handler = "Save", Expected = AuthorizationTable.All(Login, E403, E403, E403, Found, E404),
            State = VersionAsync,
            Body = async c => AuthorizationTable.Fields(("id", (await EndpointAsync(c.World)).ToString()), ("name", "授权测试" + c.World.Next()), ("url", Url),
                ("format", "json"), ("enabled", "true"), ("version", await VersionAsync(c))),
        },
        new()
        {
            Route = Page, Method = "POST", Handler = "Delete", Expected = AuthorizationTable.All(Login, E403, E403, E403, Found, E404),
            Arrange = ArrangeEndpointAsync, State = ArrangedExistsAsync, Body = c => AuthorizationTable.Form(("id", ArrangedId(c.World).ToString())),
        },
        new()
        {
            Route = Page, Method = "POST", Handler = "Test", Expected = AuthorizationTable.All(Login, E403, E403, E403, Found, E404),
            State = OutboxAsync, Body = async c => AuthorizationTable.Fields(("id", (await EndpointAsync(c.World)).ToString())),
        },
        new()
        {
            Route = Page, Method = "POST", Handler = "Retry", Expected = AuthorizationTable.All(Login, E403, E403, E403, Found, E404),
            Arrange = ArrangeFailedAsync, State = FailedStateAsync,
            Body = async c => AuthorizationTable.Fields(("id", (await EndpointAsync(c.World)).ToString()), ("delivery", FailedId(c.World).ToString())),
        },
    ];
}
