using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Accounts;
using Pacesetter.Web.Demo;

namespace Pacesetter.Web.Tests.Schemes;

/// <summary>The demo organization's every period: the API's results are what the command computes from the exported file.</summary>
public class SchemesDemoTests
{
    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Results_equal_the_command_for_every_demo_period(string provider)
    {
        using var app = new TestApp(provider, demo: true);
        _ = app.Services;
        await using var db = app.NewDb();
        var org = await db.Organizations.SingleAsync(o => o.Slug == "demo");
        var admin = await db.Users.SingleAsync(u => u.UserName == "admin");
        var api = app.Api(await app.Token(org.Id, admin.Id));
        var periods = await db.SchemeVersions.Where(v => v.OrganizationId == org.Id).Select(v => v.Period).Distinct().ToListAsync();

        Assert.True(periods.Count >= 16, $"the demo has {periods.Count} periods, expected at least 16");
        foreach (var period in periods.Order(StringComparer.Ordinal))
        {
            var scheme = await api.GetAsync($"/api/orgs/demo/periods/{period}/scheme");
            Assert.True(scheme.StatusCode == HttpStatusCode.OK, $"{period}: GET scheme {(int)scheme.StatusCode}");
            var results = await api.GetAsync($"/api/orgs/demo/periods/{period}/results");
            Assert.True(results.StatusCode == HttpStatusCode.OK, $"{period}: GET results {(int)results.StatusCode} {await results.Content.ReadAsStringAsync()}");
            // A published period answers its stored revision (issue #9): the same figures, plus the revision's number and
            // each unit's rank change, which `pacesetter score` does not know.
            var answered = System.Text.Json.Nodes.JsonNode.Parse(await results.Content.ReadAsStringAsync())!.AsObject();
            Assert.Equal(DemoData.PublishedPeriods.Contains(period), answered.Remove("revision"));
            foreach (var row in answered["categories"]!.AsArray().SelectMany(c => c!["results"]!.AsArray())) row!.AsObject().Remove("change");
            SchemeTestSupport.AssertSameJson(
                SchemeTestSupport.Score(await scheme.Content.ReadAsStringAsync()),
                JsonDocument.Parse(answered.ToJsonString()).RootElement,
                $"{period}: $");
        }
    }
}
