using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Accounts;
using static Pacesetter.Web.Tests.Organizations.OrgTestData;

namespace Pacesetter.Web.Tests.Organizations;

/// <summary>
/// Issue #8 (12): a category saved on the Units page without an order jumped to the top (order 0). Without an order
/// it now goes after the existing ones; a rename with the order left empty keeps the category's place.
/// </summary>
public class CategoryOrderTests
{
    private const string Page = "/orgs/dz/units";

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_category_without_an_order_goes_last_and_a_rename_without_one_keeps_its_place(string provider)
    {
        using var app = new TestApp(provider);
        var org = await NewOrganization(app, "dz");
        await User(app, org, "boss", Role(OrgRole.Admin));
        var admin = await app.SignedIn("boss", Password);
        Task<HttpResponseMessage> Create(string code, string name, string order) =>
            Post(admin, Page, "CreateCategory", new() { ["code"] = code, ["name"] = name, ["order"] = order });
        async Task<string> Orders() => string.Join(", ", (await Query(app, db => db.UnitCategories.AsNoTracking().OrderBy(c => c.Id).ToListAsync())).Select(c => $"{c.Code}={c.SortOrder}"));

        await Follow(admin, await Create("towns", "镇街", ""));   // the first: 1
        await Follow(admin, await Create("depts", "部门", "5"));
        await Follow(admin, await Create("soe", "国有企业", " "));  // after depts (5): 6
        var page = await Follow(admin, await Create("invest", "招商赛马", ""));
        Assert.Equal("towns=1, depts=5, soe=6, invest=7", await Orders());

        var html = new HtmlParser().ParseDocument(page);
        Assert.Equal(["category-towns", "category-depts", "category-soe", "category-invest"], html.QuerySelectorAll("section.card[id^=category-]").Select(s => s.Id));
        Assert.Equal("整数，小的排在前面；留空则排在已有类别之后。", html.QuerySelector("#cat-order-help")!.TextContent);

        // A rename with the order emptied keeps the place; an order that is not a number is refused, naming the field.
        var soe = await Query(app, db => db.UnitCategories.AsNoTracking().SingleAsync(c => c.Code == "soe"));
        await Follow(admin, await Post(admin, Page, "RenameCategory", new() { ["id"] = soe.Id.ToString(), ["name"] = "国企", ["order"] = "", ["version"] = "1" }));
        var refused = await Post(admin, Page, "RenameCategory", new() { ["id"] = soe.Id.ToString(), ["name"] = "国企", ["order"] = "末尾", ["version"] = "2" });
        Assert.Contains("“排序”须为整数。", await refused.Content.ReadAsStringAsync());
        Assert.Equal("towns=1, depts=5, soe=6, invest=7", await Orders());
        Assert.Equal("国企", (await Query(app, db => db.UnitCategories.AsNoTracking().SingleAsync(c => c.Code == "soe"))).Name);
    }
}
