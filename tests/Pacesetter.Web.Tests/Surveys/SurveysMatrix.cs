using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Surveys;
using Pacesetter.Web.Tests.Authorization;
using static Pacesetter.Web.Tests.Authorization.Expect;

namespace Pacesetter.Web.Tests.Surveys;

/// <summary>
/// The authorization matrix's rows of surveys (issue #12): admins write; admins and leaders read surveys, results and
/// exports; reporters, assessors and other organizations neither; a one-time link casts for whoever holds it, signed in
/// or not, of any organization (the token is the credential).
/// </summary>
public static class SurveysMatrix
{
    private const string Api = "/api/orgs/{org}/surveys";
    private const string Survey = "matrix";

    /// <summary>The survey of the demo organization the rows act on (made directly once): towns T1 and T2, two options, leaders.</summary>
    public static string Document(string code, string name = "矩阵测评") =>
        $$"""{"id":"{{code}}","name":"{{name}}","period":"{{AuthzWorld.DataPeriod}}","units":["T1","T2"],"options":[{"id":"a","name":"满意","points":100,"satisfied":true},{"id":"b","name":"不满意","points":0}],"abstain":true,"groups":[{"id":"leaders","name":"领导","weight":1}]}""";

    private static async Task<StoredSurvey> EnsureAsync(Ctx c, string code, SurveyState state = SurveyState.Open)
    {
        await using var db = c.World.App.NewDb();
        var row = await db.Surveys.FirstOrDefaultAsync(s => s.OrganizationId == c.World.OrganizationId && s.Code == code);
        if (row is null)
        {
            row = new StoredSurvey { OrganizationId = c.World.OrganizationId, Code = code, Period = AuthzWorld.DataPeriod, Name = "矩阵测评", Document = Document(code), State = state, UpdatedBy = "admin", UpdatedAt = DateTimeOffset.UtcNow, Version = 1 };
            db.Surveys.Add(row);
        }
        row.State = state;
        await db.SaveChangesAsync();
        return row;
    }

    private static string token = "";

    /// <summary>A fresh one-time link of the survey for its leaders (each caller casts with its own).</summary>
    private static async Task LinkAsync(Ctx c)
    {
        var row = await EnsureAsync(c, Survey);
        token = SurveyService.NewToken();
        await using var db = c.World.App.NewDb();
        db.SurveyLinks.Add(new SurveyLink { OrganizationId = c.World.OrganizationId, SurveyId = row.Id, TokenHash = SurveyService.Hash(token), Group = "leaders" });
        await db.SaveChangesAsync();
    }

    private static async Task<string> CountsAsync(Ctx c)
    {
        await using var db = c.World.App.NewDb();
        var org = c.World.OrganizationId;
        return string.Join(" ", await db.Surveys.CountAsync(s => s.OrganizationId == org), await db.SurveyLinks.CountAsync(l => l.OrganizationId == org),
            await db.SurveyLinks.CountAsync(l => l.OrganizationId == org && l.Used), await db.SurveyBallots.CountAsync(b => b.OrganizationId == org),
            string.Join(",", await db.Surveys.Where(s => s.OrganizationId == org).OrderBy(s => s.Code).Select(s => s.Code + ":" + s.State + ":" + s.Version).ToListAsync()));
    }

    private static Func<Ctx, string> At(string code, string tail = "") => _ => $"/api/orgs/{AuthzWorld.Org}/surveys/{code}{tail}";

    public static IReadOnlyList<Operation> Rows { get; } =
    [
        new() { Route = Api, Method = "GET", Expected = AuthorizationTable.All(E401, E403, E403, Ok, Ok, E404), Arrange = c => EnsureAsync(c, Survey) },
        new() { Route = Api + "/{id}", Method = "GET", Expected = AuthorizationTable.All(E401, E403, E403, Ok, Ok, E404), Arrange = c => EnsureAsync(c, Survey), Address = At(Survey) },
        new()
        {
            Route = Api + "/{id}", Method = "PUT", Expected = AuthorizationTable.All(E401, E403, E403, E403, Ok, E404),
            Address = At("matrix-put"), Body = _ => Task.FromResult<object>(Document("matrix-put")), State = CountsAsync,
        },
        new()
        {
            Route = Api + "/{id}/links", Method = "POST", Expected = AuthorizationTable.All(E401, E403, E403, E403, Ok, E404),
            Arrange = c => EnsureAsync(c, Survey), Address = At(Survey, "/links"), Body = _ => Task.FromResult<object>(new { group = "leaders", count = 2 }), State = CountsAsync,
        },
        new()
        {
            Route = Api + "/{id}/ballots", Method = "POST", Expected = AuthorizationTable.All(E401, E403, E403, E403, Ok, E404),
            Arrange = c => EnsureAsync(c, Survey), Address = At(Survey, "/ballots"),
            Body = _ => Task.FromResult<object>("""[{"group":"leaders","ratings":{"T1":"a","T2":"b"}}]"""), State = CountsAsync,
        },
        new() { Route = Api + "/{id}/result", Method = "GET", Expected = AuthorizationTable.All(E401, E403, E403, Ok, Ok, E404), Arrange = c => EnsureAsync(c, Survey), Address = At(Survey, "/result") },
        new() { Route = Api + "/{id}/file", Method = "GET", Expected = AuthorizationTable.All(E401, E403, E403, Ok, Ok, E404), Arrange = c => EnsureAsync(c, Survey), Address = At(Survey, "/file") },
        new() { Route = Api + "/{id}/ballots.csv", Method = "GET", Expected = AuthorizationTable.All(E401, E403, E403, Ok, Ok, E404), Arrange = c => EnsureAsync(c, Survey), Address = At(Survey, "/ballots.csv") },
        new() { Route = Api + "/{id}/result.xlsx", Method = "GET", Expected = AuthorizationTable.All(E401, E403, E403, Ok, Ok, E404), Arrange = c => EnsureAsync(c, Survey), Address = At(Survey, "/result.xlsx") },
        new()
        {
            Route = Api + "/{id}/close", Method = "POST", Expected = AuthorizationTable.All(E401, E403, E403, E403, Ok, E404),
            Arrange = c => EnsureAsync(c, "matrix-close"), Address = At("matrix-close", "/close"), State = CountsAsync,
        },
        new()
        {
            Route = Api + "/{id}/reopen", Method = "POST", Expected = AuthorizationTable.All(E401, E403, E403, E403, Ok, E404),
            Arrange = c => EnsureAsync(c, "matrix-reopen", SurveyState.Closed), Address = At("matrix-reopen", "/reopen"),
            Body = _ => Task.FromResult<object>(new { reason = "矩阵：补录纸质票" }), State = CountsAsync,
        },
        new() { Route = "/orgs/{org}/surveys/{id}/file.json", Method = "GET", Expected = AuthorizationTable.All(Login, E403, E403, Ok, Ok, E404), Arrange = c => EnsureAsync(c, Survey), Address = _ => $"/orgs/{AuthzWorld.Org}/surveys/{Survey}/file.json" },
        new() { Route = "/orgs/{org}/surveys/{id}/ballots.csv", Method = "GET", Expected = AuthorizationTable.All(Login, E403, E403, Ok, Ok, E404), Arrange = c => EnsureAsync(c, Survey), Address = _ => $"/orgs/{AuthzWorld.Org}/surveys/{Survey}/ballots.csv" },
        new() { Route = "/orgs/{org}/surveys/{id}/result.xlsx", Method = "GET", Expected = AuthorizationTable.All(Login, E403, E403, Ok, Ok, E404), Arrange = c => EnsureAsync(c, Survey), Address = _ => $"/orgs/{AuthzWorld.Org}/surveys/{Survey}/result.xlsx" },
        // The ballot: whoever holds a link, each caller with a fresh one.
        new() { Route = "/s/{token}", Method = "GET", Expected = AuthorizationTable.All(Ok, Ok, Ok, Ok, Ok, Ok), Arrange = LinkAsync, Address = _ => $"/s/{token}" },
        new()
        {
            Route = "/s/{token}", Method = "POST", Expected = AuthorizationTable.All(Ok, Ok, Ok, Ok, Ok, Ok), Arrange = LinkAsync, Address = _ => $"/s/{token}",
            Body = _ => AuthorizationTable.Form(("r.T1", "a"), ("r.T2", "b")), State = CountsAsync,
        },
    ];

}
