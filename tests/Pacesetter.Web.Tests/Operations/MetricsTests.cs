using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Pacesetter.App.Accounts;
using Pacesetter.Web.Tests.Schemes;
using Pacesetter.Web.Tests.Surveys;

namespace Pacesetter.Web.Tests.Operations;

/// <summary>
/// /metrics in Prometheus's text format (issue #13, ADR 0046): ASP.NET Core's request durations and the Pacesetter
/// meter's counters with exact values after a known number of actions, counted by this host alone (a host of its own
/// per test; other hosts in the process count theirs).
/// </summary>
public class MetricsTests
{
    /// <summary>The value of the sample <paramref name="series"/> (name and labels as exported, e.g. <c>pacesetter_ballots_cast_total</c>), null when absent.</summary>
    private static double? Sample(string text, string series)
    {
        var m = Regex.Match(text, "^" + Regex.Escape(series) + @"(\{[^}]*\})? (\S+)", RegexOptions.Multiline);
        return m.Success ? double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private static double? Labelled(string text, string name, string label)
    {
        var m = Regex.Match(text, "^" + Regex.Escape(name) + @"\{[^}]*" + Regex.Escape(label) + @"[^}]*\} (\S+)", RegexOptions.Multiline);
        return m.Success ? double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    /// <summary>A phone's ballot, unit codes as written (not camel-cased).</summary>
    private static JsonContent Ballot(object ratings) => JsonContent.Create(new { ratings }, options: new JsonSerializerOptions());

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Metrics_count_three_ballots_one_publication_and_its_scoring_exactly(string provider)
    {
        await using var app = new TestApp(provider);
        var org = await app.Organization("zone");
        var admin = await app.ApiAs(org, "zone-admin", OrgRole.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutScheme("zone", "2026-Q3", SchemeTestSupport.ExampleJson().Utf8())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync("/api/orgs/zone/surveys/myd", new StringContent(SurveyApiTests.Survey, Encoding.UTF8, "application/json"))).StatusCode);
        var links = await admin.PostAsJsonAsync("/api/orgs/zone/surveys/myd/links", new { group = "leaders", count = 4 });
        var tokens = JsonDocument.Parse(await links.Content.ReadAsStringAsync()).RootElement.GetProperty("links").EnumerateArray().Select(l => l.GetProperty("token").GetString()!).ToList();
        var phone = app.Browser();

        // Three ballots cast; a fourth link's ballot refused before the box (an unknown option) and the first link again (used): 3.
        foreach (var token in tokens.Take(3))
        {
            Assert.Equal(HttpStatusCode.Created, (await phone.PostAsync($"/s/{token}", Ballot(new { T1 = "a", T2 = "b", D1 = "c" }))).StatusCode);
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await phone.PostAsync($"/s/{tokens[3]}", Ballot(new { T1 = "x" }))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await phone.PostAsync($"/s/{tokens[0]}", Ballot(new { T1 = "a" }))).StatusCode);
        // One preview scored, one publication (scored too); a second publication without a correction is refused and counts nothing.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/orgs/zone/periods/2026-Q3/results")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/orgs/zone/periods/2026-Q3/publish", new { allowIncomplete = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync("/api/orgs/zone/periods/2026-Q3/publish", new { allowIncomplete = true })).StatusCode);

        var response = await app.CreateClient().GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(3, Sample(text, "pacesetter_ballots_cast_total"));
        Assert.Equal(1, Sample(text, "pacesetter_publications_total"));
        Assert.Equal(1, Labelled(text, "pacesetter_scoring_duration_seconds_count", "operation=\"publish\""));
        Assert.Equal(1, Labelled(text, "pacesetter_scoring_duration_seconds_count", "operation=\"preview\""));
        // Nothing was issued or sent: no series yet.
        Assert.Null(Sample(text, "pacesetter_cards_issued_total"));
        Assert.Null(Sample(text, "pacesetter_webhook_deliveries_total"));
        // ASP.NET Core's request durations by route, the probes left out.
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", text);
        Assert.Single(text.Split('\n'), l => l.StartsWith("http_server_request_duration_seconds_count{", StringComparison.Ordinal)
            && l.Contains("http_response_status_code=\"201\"") && l.Contains("http_route=\"/s/{token}\"") && l.EndsWith("} 3", StringComparison.Ordinal));
        Assert.DoesNotContain(text.Split('\n'), l => l.StartsWith("http_server_request_duration", StringComparison.Ordinal) && l.Contains("http_route=\"/metrics\""));
        Assert.DoesNotContain(tokens[0], text);
    }

    [Fact]
    public async Task Metrics_off_leaves_no_endpoint()
    {
        var settings = Databases.Empty("Sqlite");
        settings["Metrics:Enabled"] = "false";
        await using var app = TestApp.On("Sqlite", settings);

        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/readyz")).StatusCode);
    }
}
