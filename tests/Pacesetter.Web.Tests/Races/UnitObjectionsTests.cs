using System.Net;
using Microsoft.EntityFrameworkCore;
using Pacesetter.Web.Demo;

namespace Pacesetter.Web.Tests.Races;

/// <summary>
/// Issue #9 §1: a unit's objections and answers are on the unit's page, and its reporter files one from there during
/// the notice period (the demo's October is in it).
/// </summary>
public class UnitObjectionsTests
{
    [Fact]
    public async Task The_reporter_files_an_objection_from_its_units_page_and_finds_it_there()
    {
        using var app = new TestApp("Sqlite", demo: true);
        var reporter = await app.SignedIn("reporter.t1", DemoData.Password);

        var html = await reporter.GetStringAsync("/races/2026-10/units/T1");

        // The filing form posts to the organization's publication page and comes back to this page.
        Assert.Contains("id=\"file-objection-T1\"", html);
        Assert.Contains("action=\"/orgs/demo/races/2026-10/publish?handler=File\"", html);
        var form = new MultipartFormDataContent
        {
            { new StringContent(TestApp.AntiforgeryToken(html)), "__RequestVerificationToken" },
            { new StringContent("T1"), "unit" },
            { new StringContent("/races/2026-10/units/T1"), "returnUrl" },
            { new StringContent("财政收入口径与统计局不一致"), "reason" },
        };
        var filed = await reporter.PostAsync("/orgs/demo/races/2026-10/publish?handler=File", form);

        Assert.Equal(HttpStatusCode.Redirect, filed.StatusCode);
        Assert.StartsWith("/races/2026-10/units/T1", filed.Headers.Location!.OriginalString);
        Assert.Contains("财政收入口径与统计局不一致", await reporter.GetStringAsync("/races/2026-10/units/T1"));
        await using var db = app.NewDb();
        var objection = await db.Objections.SingleAsync();
        Assert.Equal(("T1", "reporter.t1", 1), (objection.UnitCode, objection.FiledBy, objection.Revision));
        // The leader reads it on the same page, without a form; another unit's page does not show it.
        var leader = await app.SignedIn("leader", DemoData.Password);
        var seen = await leader.GetStringAsync("/races/2026-10/units/T1");
        Assert.Contains("财政收入口径与统计局不一致", seen);
        Assert.DoesNotContain("id=\"file-objection-T1\"", seen);
        Assert.DoesNotContain("财政收入口径与统计局不一致", await leader.GetStringAsync("/races/2026-10/units/T2"));
    }
}
