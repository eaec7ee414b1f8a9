using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pacesetter.Cli;
using Pacesetter.Web.Tests.Schemes;

namespace Pacesetter.Web.Tests.Publication;

/// <summary>
/// Every revision's results equal <c>pacesetter score</c> on its stored input (issue #9 §1, DESIGN.md 2): publish,
/// correct, publish again, and score each revision's <c>GET …/revisions/{n}/input</c> with the real command.
/// </summary>
public class RevisionScoreTests
{
    private const string Period = "2026-10";

    private static JsonObject Scheme() => RollUpWorld.Scheme("2026年10月综合考核", Period, ["A", "B", "C"],
        ("work", "重点工作", 80, """{"type": "manual"}"""),
        ("revenue", "一般公共预算收入", 20, """{"type": "completion", "cap": 1.2, "target": 100}"""));

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Every_revision_equals_pacesetter_score_on_its_stored_input(string provider)
    {
        await using var world = await RollUpWorld.CreateAsync(provider);
        await world.SaveSchemeAsync(Period, Scheme());
        // work as scored; revenue: 20 × min(x/100, 1.2):
        // A 75 + 20 × 1.2 (130 ≥ cap) = 99.00; B 72.5 + 20 × 101.5/100 = 20.30 → 92.80; C 70 + 20 × 88.8/100 = 17.76 → 87.76
        await world.LoadApprovedAsync(Period, [
            ("A", "work", 75), ("A", "revenue", 130),
            ("B", "work", 72.5m), ("B", "revenue", 101.5m),
            ("C", "work", 70), ("C", "revenue", 88.8m),
        ]);
        await world.PublishedAsync(Period);

        var correction = await (await world.Api()).PostAsJsonAsync($"{RollUpWorld.PeriodUrl(Period)}/corrections", new { reason = "城东街道发生重大安全事故，补记一票否决" });
        Assert.True(correction.IsSuccessStatusCode, await correction.Content.ReadAsStringAsync());
        var corrected = Scheme();
        corrected["adjustments"] = JsonNode.Parse("""[{"id": "a1", "unit": "A", "type": "veto", "reason": "重大安全事故"}]""");
        await world.SaveSchemeAsync(Period, corrected, expectedVersion: 1);
        await world.PublishedAsync(Period, expected: 2, reason: "补记一票否决");

        var composites = new List<decimal[]>();
        for (int n = 1; n <= 2; n++)
        {
            var input = await (await world.Api()).GetStringAsync($"{RollUpWorld.PeriodUrl(Period)}/revisions/{n}/input");
            var stored = await world.GetJsonAsync($"{RollUpWorld.PeriodUrl(Period)}/revisions/{n}");
            Assert.Equal(n, stored.GetProperty("revision").GetInt32());

            var scored = SchemeTestSupport.Score(input);
            SchemeTestSupport.AssertSameJson(scored, WithoutPublication(stored));
            composites.Add([.. stored.GetProperty("categories")[0].GetProperty("results").EnumerateArray().Select(r => r.GetProperty("composite").GetDecimal())]);

            // The command prints the same input, byte for byte.
            var cli = CliRunner.Run(world.App, PublishRevisionsCommand.Run, "--org", RollUpWorld.Org, "--period", Period, "--input", n.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(0, cli.Code);
            Assert.Equal(input, cli.Out);
        }
        // Revision 1: A 99.00, B 92.80, C 87.76. Revision 2: A vetoed, ranked last with the same composite.
        Assert.Equal([99.00m, 92.80m, 87.76m], composites[0]);
        Assert.Equal([92.80m, 87.76m, 99.00m], composites[1]);
    }

    /// <summary>The stored results without what publication adds to scoring.md §8 (<c>revision</c>, each unit's <c>change</c>).</summary>
    private static JsonElement WithoutPublication(JsonElement stored)
    {
        var node = JsonNode.Parse(stored.GetRawText())!.AsObject();
        node.Remove("revision");
        foreach (var category in node["categories"]!.AsArray())
        {
            foreach (var result in category!["results"]!.AsArray()) result!.AsObject().Remove("change");
        }
        return JsonDocument.Parse(node.ToJsonString()).RootElement.Clone();
    }
}
