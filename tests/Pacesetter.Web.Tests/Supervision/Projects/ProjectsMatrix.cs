using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Supervision.Model;
using Pacesetter.Web.Tests.Authorization;
using static Pacesetter.Web.Tests.Authorization.Expect;

namespace Pacesetter.Web.Tests.Supervision.Projects;

/// <summary>
/// The authorization matrix's rows of supervision's Projects endpoints (added to <see cref="AuthorizationTable.Operations"/>):
/// projects read by admins, leaders and a reporter of the project's unit, written by the office; the figures for
/// admins and leaders; and (ADR 0030) a datum the system enters, which nobody may PUT.
/// </summary>
public static class ProjectsMatrix
{
    private const string Api = "/api/orgs/{org}/supervision/projects";
    private const string Pages = "/orgs/{org}/supervision/projects";
    /// <summary>The project whose stage the stage rows move (reset to 在谈 before each request).</summary>
    private const string Moving = "PJS";
    /// <summary>A period of its own whose scheme takes the cards (<c>source: "cards"</c>).</summary>
    private const string SourcedPeriod = "2027-01";

    private static string ApiAt(string rest) => $"/api/orgs/{AuthzWorld.Org}/supervision/projects{rest}";
    private static string PageAt(string rest) => $"/orgs/{AuthzWorld.Org}/supervision/projects{rest}";

    private static async Task Fixtures(Ctx c) => await SupervisionFixtures.EnsureAsync(c.World);

    private static async Task<string> Count(Ctx c)
    {
        await using var db = c.World.App.NewDb();
        return $"{await db.Projects.CountAsync(p => p.OrganizationId == c.World.OrganizationId)} projects";
    }

    private static async Task<string> ProjectState(Ctx c, string code)
    {
        await using var db = c.World.App.NewDb();
        var p = await db.Projects.AsNoTracking().SingleAsync(x => x.OrganizationId == c.World.OrganizationId && x.Code == code);
        return $"v{p.Version} {p.Name} {p.Stage} {p.StageOn:yyyy-MM-dd}";
    }

    /// <summary>PJS in 在谈 since 2026-01-01 (created once), so that a stage change to 签约 is possible.</summary>
    private static async Task ResetMoving(Ctx c)
    {
        await Fixtures(c);
        await using var db = c.World.App.NewDb();
        var p = await db.Projects.FirstOrDefaultAsync(x => x.OrganizationId == c.World.OrganizationId && x.Code == Moving);
        if (p is null)
        {
            db.Projects.Add(p = new Project
            {
                OrganizationId = c.World.OrganizationId,
                Code = Moving,
                Name = "授权测试阶段项目",
                Investment = 3,
                UnitCode = "T1",
                CreatedBy = "admin",
                CreatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
                Version = 1,
            });
        }
        p.Stage = ProjectStage.Negotiating;
        p.StageOn = new DateOnly(2026, 1, 1);
        await db.SaveChangesAsync();
    }

    /// <summary>The sourced period's scheme (saved once): towns T1, T2 with work and the cards' penalty.</summary>
    private static async Task SourcedScheme(Ctx c)
    {
        await using (var db = c.World.App.NewDb())
        {
            if (await db.SchemeVersions.AnyAsync(s => s.OrganizationId == c.World.OrganizationId && s.Period == SourcedPeriod)) return;
        }
        var doc = JsonNode.Parse($$"""
            { "name": "系统填报授权测试", "period": "{{SourcedPeriod}}",
              "categories": [{ "id": "towns", "units": ["T1", "T2"], "indicators": [
                { "id": "work", "weight": 100, "method": { "type": "manual" } },
                { "id": "cards", "kind": "penalty", "weight": 4, "source": "cards", "method": { "type": "events", "perEvent": { "yellow": 0.5, "red": 1 } } } ] }] }
            """)!.AsObject();
        await c.World.App.SaveScheme(c.World.OrganizationId, SourcedPeriod, doc);
    }

    private static async Task<string> SourcedDatum(Ctx c)
    {
        await using var db = c.World.App.NewDb();
        var row = await db.DatumEntries.AsNoTracking().SingleAsync(d => d.OrganizationId == c.World.OrganizationId && d.Period == SourcedPeriod && d.UnitCode == "T1" && d.IndicatorId == "cards");
        return $"v{row.Version} {row.State} {row.Value} {row.UpdatedBy}";
    }

    public static IReadOnlyList<Operation> Rows { get; } =
    [
        // API: read by admins, leaders and a reporter (its units' projects); written by the office.
        new() { Route = Api, Method = "GET", Expected = AuthorizationTable.All(E401, Ok, E403, Ok, Ok, E404), Arrange = Fixtures },
        new()
        {
            Route = Api, Method = "POST", Expected = AuthorizationTable.All(E401, E403, E403, E403, Ok, E404), Arrange = Fixtures, State = Count,
            Body = c => Task.FromResult<object>(new { id = $"X{c.World.Next()}", name = "授权测试新项目", investment = 2, unit = "T1", stage = "negotiating", stageOn = "2026-01-05" }),
        },
        new() { Route = Api + "/figures", Method = "GET", Expected = AuthorizationTable.All(E401, E403, E403, Ok, Ok, E404), Arrange = Fixtures, Query = _ => "period=2026-Q2" },
        new() { Route = Api + "/{project}", Method = "GET", Expected = AuthorizationTable.All(E401, Ok, E403, Ok, Ok, E404), Arrange = Fixtures, Address = _ => ApiAt("/PJ1") },
        new()
        {
            Route = Api + "/{project}", Method = "PUT", Expected = AuthorizationTable.All(E401, E403, E403, E403, Ok, E404), Arrange = Fixtures, Address = _ => ApiAt("/PJ1"),
            State = c => ProjectState(c, "PJ1"),
            Body = c => Task.FromResult<object>(new { name = $"授权测试项目{c.World.Next()}", investment = 12, unit = "T1" }),
        },
        new()
        {
            Route = Api + "/{project}/stages", Method = "POST", Expected = AuthorizationTable.All(E401, E403, E403, E403, Ok, E404), Arrange = ResetMoving,
            Address = _ => ApiAt("/" + Moving + "/stages"), State = c => ProjectState(c, Moving),
            Body = _ => Task.FromResult<object>(new { stage = "signed", on = "2026-02-01" }),
        },
        // Pages: the list and a project for those who read them; the office's forms.
        new() { Route = Pages, Method = "GET", Expected = AuthorizationTable.All(Login, Ok, E403, Ok, Ok, E404), Arrange = Fixtures },
        new()
        {
            Route = Pages, Method = "POST", Handler = "Create", Expected = AuthorizationTable.All(Login, E403, E403, E403, Found, E404), Arrange = Fixtures, State = Count,
            Body = c => AuthorizationTable.Form(("id", $"Y{c.World.Next()}"), ("name", "授权测试页面项目"), ("investment", "1.5"), ("unit", "T2"), ("stage", "negotiating"), ("stageOn", "2026-01-05")),
        },
        new() { Route = Pages + "/{project}", Method = "GET", Expected = AuthorizationTable.All(Login, Ok, E403, Ok, Ok, E404), Arrange = Fixtures, Address = _ => PageAt("/PJ1") },
        new()
        {
            Route = Pages + "/{project}", Method = "POST", Handler = "Save", Expected = AuthorizationTable.All(Login, E403, E403, E403, Found, E404), Arrange = Fixtures,
            Address = _ => PageAt("/PJ1"), State = c => ProjectState(c, "PJ1"),
            Body = c => AuthorizationTable.Form(("name", $"授权测试项目页{c.World.Next()}"), ("investment", "12"), ("unit", "T1")),
        },
        new()
        {
            Route = Pages + "/{project}", Method = "POST", Handler = "Stage", Expected = AuthorizationTable.All(Login, E403, E403, E403, Found, E404), Arrange = ResetMoving,
            Address = _ => PageAt("/" + Moving), State = c => ProjectState(c, Moving),
            Body = _ => AuthorizationTable.Form(("stage", "signed"), ("on", "2026-02-01")),
        },
        // ADR 0030: a datum the system enters (source "cards") is written by nobody, the admin included.
        new()
        {
            Route = "/api/orgs/{org}/periods/{period}/data/{unit}/{indicator}", Method = "PUT", Expected = AuthorizationTable.All(E401, E403, E404, E403, E403, E404),
            Arrange = SourcedScheme, Address = _ => $"/api/orgs/{AuthzWorld.Org}/periods/{SourcedPeriod}/data/T1/cards", State = SourcedDatum,
            Body = _ => Task.FromResult<object>(new { value = JsonNode.Parse("""{"yellow":1}"""), version = 1, submit = false }),
        },
    ];
}
