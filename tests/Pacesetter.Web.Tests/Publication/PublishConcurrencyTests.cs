using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Publication;
using Pacesetter.App.Schemes;
using Pacesetter.App.Writes;

namespace Pacesetter.Web.Tests.Publication;

/// <summary>Publishing twice at once, or two admins at once, yields one revision (issue #9 §1): the other is told 409.</summary>
public class PublishConcurrencyTests
{
    private const string Period = "2026-10";

    /// <summary>200 units × 20 manual indicators (weight 5), all approved: enough work for the two to overlap.</summary>
    private static async Task<RollUpWorld> WorldAsync(string provider)
    {
        var world = await RollUpWorld.CreateAsync(provider);
        var indicators = Enumerable.Range(1, 20).Select(i => ($"k{i:D2}", $"指标{i}", 5m, """{"type": "manual"}""")).ToArray();
        var units = Enumerable.Range(1, 200).Select(u => $"U{u:D3}").ToList();
        await world.SaveSchemeAsync(Period, RollUpWorld.Scheme("2026年10月考核", Period, units, indicators));
        await world.LoadApprovedAsync(Period, units.SelectMany((u, ui) => indicators.Select((k, ki) => (u, k.Item1, (JsonNode)JsonValue.Create((ui + ki) % 6)))));
        return world;
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Two_publish_requests_at_once_make_one_revision_and_one_409(string provider)
    {
        await using var world = await WorldAsync(provider);
        var first = await world.Api();
        var second = await world.Api();

        var responses = await Task.WhenAll(
            first.PostAsync($"{RollUpWorld.PeriodUrl(Period)}/publish", JsonContent()),
            second.PostAsync($"{RollUpWorld.PeriodUrl(Period)}/publish", JsonContent()));

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        await AssertOneRevisionAsync(world);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Two_services_on_two_contexts_publishing_at_once_make_one_revision(string provider)
    {
        await using var world = await WorldAsync(provider);
        await using var one = world.App.NewDb();
        await using var two = world.App.NewDb();
        var a = new PublicationService(one, new SchemeStore(one), TimeProvider.System);
        var b = new PublicationService(two, new SchemeStore(two), TimeProvider.System);

        var outcomes = await Task.WhenAll(
            Task.Run(() => a.PublishAsync(world.OrganizationId, Period, "admin", null, false)),
            Task.Run(() => b.PublishAsync(world.OrganizationId, Period, "admin2", null, false)));

        Assert.Equal([WriteStatus.Ok, WriteStatus.Conflict], outcomes.Select(o => o.Status).Order());
        Assert.Equal(1, outcomes.Single(o => o.IsOk).Value!.Number);
        await AssertOneRevisionAsync(world);
    }

    private static StringContent JsonContent() => new("{}", System.Text.Encoding.UTF8, "application/json");

    private static async Task AssertOneRevisionAsync(RollUpWorld world)
    {
        await using var db = world.App.NewDb();
        Assert.Equal([1], await db.Revisions.Where(r => r.OrganizationId == world.OrganizationId && r.Period == Period).Select(r => r.Number).ToListAsync());
        // One publication audited, not two.
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.OrganizationId == world.OrganizationId && e.Kind == "publication.publish"));
    }
}
