using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Pacesetter.App.Accounts;
using Pacesetter.App.Schemes;
using Pacesetter.Scoring.Output;

namespace Pacesetter.Web.Tests.Schemes;

/// <summary>
/// A scheme file written out — downloaded, in the editor, from the API — has its keys in scoring.md §7's order on both
/// databases (SchemeLayout): PostgreSQL's <c>jsonb</c> keeps no key order, and a file someone wrote in another order
/// (which the spec allows: an object is a map) reads the same afterwards whichever database stored it.
/// </summary>
public class SchemeLayoutTests
{
    /// <summary>A file written from §7's sentences with every object's keys in reverse, a partial label map, a table and
    /// a per-type event map out of order, and units listed in another order than the category's.</summary>
    private const string Scrambled = """
        {"previousFlags":{"towns":"T2"},
         "adjustments":[{"reason":"审计发现问题","type":"blockTop","unit":"T1","id":"a1"}],
         "data":{"T2":{"work":{"value":110,"target":100},"upper":3},"T1":{"upper":1,"work":{"value":90,"target":100}}},
         "categories":[{"flag":{"min":90},
           "labels":{"yellow":{"below":60,"bottom":1},"pacesetter":{"min":90,"top":1}},
           "grades":[{"quota":1,"min":90,"name":"优秀"},{"min":0,"name":"一般"}],
           "tieBreak":["work"],
           "indicators":[
             {"method":{"floor":0.5,"type":"completion","cap":1.2},"core":true,"weight":80,"name":"工作","id":"work"},
             {"method":{"rest":0,"type":"table","points":{"3":10,"1":20,"2":15}},"direction":"lower","weight":20,"name":"上级位次","id":"upper"},
             {"method":{"type":"events","perEvent":{"yellow":0.5,"red":1}},"weight":5,"kind":"penalty","name":"安全","id":"safety"}],
           "units":["T2","T1"],"name":"镇街","id":"towns"}],
         "units":{"T1":"城东街道","T2":"城西街道"},
         "coreShareMin":70,"period":"2026-Q3","name":"测试方案"}
        """;

    /// <summary>The same file in §7's order, by hand: known keys as the spec lists them, units as the category lists them,
    /// the table's and the event map's entries by points, highest first.</summary>
    private const string Arranged = """{"name":"测试方案","period":"2026-Q3","coreShareMin":70,"units":{"T2":"城西街道","T1":"城东街道"},"categories":[{"id":"towns","name":"镇街","units":["T2","T1"],"indicators":[{"id":"work","name":"工作","weight":80,"core":true,"method":{"type":"completion","cap":1.2,"floor":0.5}},{"id":"upper","name":"上级位次","weight":20,"direction":"lower","method":{"type":"table","points":{"1":20,"2":15,"3":10},"rest":0}},{"id":"safety","name":"安全","kind":"penalty","weight":5,"method":{"type":"events","perEvent":{"red":1,"yellow":0.5}}}],"tieBreak":["work"],"grades":[{"name":"优秀","min":90,"quota":1},{"name":"一般","min":0}],"labels":{"pacesetter":{"top":1,"min":90},"yellow":{"bottom":1,"below":60}},"flag":{"min":90}}],"data":{"T2":{"work":{"value":110,"target":100},"upper":3},"T1":{"upper":1,"work":{"value":90,"target":100}}},"adjustments":[{"id":"a1","unit":"T1","type":"blockTop","reason":"审计发现问题"}],"previousFlags":{"towns":"T2"}}""";

    [Fact]
    public void Keys_come_in_the_spec_order_and_maps_by_what_they_mean()
    {
        var file = JsonNode.Parse(Scrambled)!.AsObject();
        var before = file.ToJsonString();

        Assert.Equal(Arranged, SchemeLayout.Arrange(file).ToJsonString(JsonFormats.Compact));
        // Only the order changes, and the input is left as it was.
        Assert.True(JsonNode.DeepEquals(file, SchemeLayout.Arrange(file)));
        Assert.Equal(before, file.ToJsonString());
        // Keys the spec does not name come after the known ones, by key; an arranged file arranges to itself.
        file["zeta"] = 1;
        file["alpha"] = 2;
        Assert.EndsWith("\"previousFlags\":{\"towns\":\"T2\"},\"alpha\":2,\"zeta\":1}", SchemeLayout.Arrange(file).ToJsonString());
        Assert.Equal(Arranged, SchemeLayout.Arrange(JsonNode.Parse(Arranged)!.AsObject()).ToJsonString(JsonFormats.Compact));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_api_the_download_and_the_editor_give_the_same_text_on_both_databases(string provider)
    {
        using var app = new TestApp(provider);
        var org = await app.Organization("zone");
        var api = await app.ApiAs(org, "zone-admin", OrgRole.Admin);
        Assert.Equal(HttpStatusCode.OK, (await api.PutScheme("zone", "2026-Q3", Encoding.UTF8.GetBytes(Scrambled))).StatusCode);

        // The API: the file with its approved data, indented, in §7's order. Data come by unit, then indicator.
        var expected = JsonNode.Parse(Arranged)!.AsObject();
        expected["data"] = JsonNode.Parse("""{"T1":{"upper":1,"work":{"value":90,"target":100}},"T2":{"upper":3,"work":{"value":110,"target":100}}}""");
        var text = await api.GetStringAsync("/api/orgs/zone/periods/2026-Q3/scheme");
        Assert.Equal(expected.ToJsonString(JsonFormats.Indented), text);
        // The download is the same file.
        var page = await app.SignedIn("zone-admin", SchemeTestSupport.Password);
        Assert.Equal(text, await page.GetStringAsync("/orgs/zone/schemes?handler=Export&period=2026-Q3"));
        // The editor shows the stored document (without its data) in the same order.
        expected.Remove("data");
        var editor = await page.GetStringAsync(Routes.Scheme("zone", "2026-Q3"));
        var shown = System.Text.RegularExpressions.Regex.Match(editor, "<textarea[^>]*id=\"saved-text\"[^>]*>([^<]*)</textarea>").Groups[1].Value;
        Assert.Equal(expected.ToJsonString(JsonFormats.Indented), WebUtility.HtmlDecode(shown));
    }
}
