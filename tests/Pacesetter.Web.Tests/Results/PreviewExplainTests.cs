using AngleSharp.Html.Parser;
using Pacesetter.Web.Demo;

namespace Pacesetter.Web.Tests.Results;

/// <summary>
/// Issue #8 defect 10: the preview's explanation showed an award as 平安建设:city. It now names the level:
/// 平安建设（市级） in Chinese, 平安建设 (city) in English. 城南街道 (T3) has two awards at city level in October 2026.
/// </summary>
public class PreviewExplainTests(SharedDemo shared) : ReadsSharedDemo(shared)
{
    private static async Task<string> ExplanationAsync(HttpClient client, string query)
    {
        var html = new HtmlParser().ParseDocument(await client.GetStringAsync(Routes.Preview(DemoData.Slug, "2026-10") + query));
        return html.QuerySelector("#explanation")!.TextContent;
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task An_award_is_explained_with_its_level_in_words(string provider)
    {
        var admin = await Shared(provider).SignedIn("admin", DemoData.Password);

        var chinese = await ExplanationAsync(admin, "?explain=T3");
        // 表彰加分 [honors] (bonus, cap 3): both awards at city level, 1 point each.
        Assert.Contains("    计算过程: min(3, 平安建设（市级）1 + 乡村振兴（市级）1) = 2", chinese.Split('\n'));
        Assert.DoesNotContain(":city", chinese, StringComparison.Ordinal);

        var english = await ExplanationAsync(admin, "?explain=T3&lang=en");
        Assert.Contains("平安建设 (city level) 1 + 乡村振兴 (city level) 1", english);
        Assert.DoesNotContain(":city", english, StringComparison.Ordinal);
    }
}
