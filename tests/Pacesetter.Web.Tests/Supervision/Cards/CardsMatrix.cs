using Microsoft.EntityFrameworkCore;
using Pacesetter.Web.Tests.Authorization;
using static Pacesetter.Web.Tests.Authorization.Expect;

namespace Pacesetter.Web.Tests.Supervision.Cards;

/// <summary>The authorization matrix's rows of supervision's Cards endpoints (added to <see cref="AuthorizationTable.Operations"/>).</summary>
public static class CardsMatrix
{
    private const string Api = "/api/orgs/{org}/supervision";

    private static async Task<string> MattersAsync(Ctx c)
    {
        await using var db = c.World.App.NewDb();
        return (await db.Matters.CountAsync(m => m.OrganizationId == c.World.OrganizationId)).ToString();
    }

    private static async Task<string> RulesVersionAsync(Ctx c)
    {
        await using var db = c.World.App.NewDb();
        return (await db.CardSettings.Where(s => s.OrganizationId == c.World.OrganizationId).Select(s => (int?)s.Version).SingleOrDefaultAsync() ?? 0).ToString();
    }

    private static async Task<string> EvaluationsAsync(Ctx c)
    {
        await using var db = c.World.App.NewDb();
        return (await db.AuditEntries.CountAsync(e => e.OrganizationId == c.World.OrganizationId && e.Kind == "card.evaluate")).ToString();
    }

    public static IReadOnlyList<Operation> Rows { get; } =
    [
        // The tasks file: the office imports (each request a new matter X{n} of T1); admins and leaders export.
        new()
        {
            Route = Api + "/tasks", Method = "PUT", Expected = AuthorizationTable.All(E401, E403, E403, E403, Ok, E404),
            Arrange = async c => { await SupervisionFixtures.EnsureAsync(c.World); },
            Body = c => Task.FromResult<object>($$"""{"tasks":[{"id":"X{{c.World.Next()}}","name":"矩阵导入","unit":"T1","start":"2026-01-01","due":"2026-12-31","progress":[{"date":"2026-02-01","percent":10}]}]}"""),
            State = MattersAsync,
        },
        new() { Route = Api + "/tasks", Method = "GET", Expected = AuthorizationTable.All(E401, E403, E403, Ok, Ok, E404), Arrange = async c => { await SupervisionFixtures.EnsureAsync(c.World); } },
        new() { Route = Api + "/cards", Method = "GET", Expected = AuthorizationTable.All(E401, E403, E403, Ok, Ok, E404), Query = _ => "asOf=2026-06-30", Arrange = async c => { await SupervisionFixtures.EnsureAsync(c.World); } },
        new() { Route = Api + "/rules", Method = "GET", Expected = AuthorizationTable.All(E401, E403, E403, Ok, Ok, E404) },
        new()
        {
            Route = Api + "/rules", Method = "PUT", Expected = AuthorizationTable.All(E401, E403, E403, E403, Ok, E404),
            Body = _ => Task.FromResult<object>(new { yellowLag = 10 }),
            State = RulesVersionAsync,
        },
        // Evaluations: each run writes one card.evaluate summary row, whatever it finds due.
        new()
        {
            Route = Api + "/evaluations", Method = "POST", Expected = AuthorizationTable.All(E401, E403, E403, E403, Ok, E404),
            Arrange = async c => { await SupervisionFixtures.EnsureAsync(c.World); },
            Body = _ => Task.FromResult<object>(new { asOf = "2026-06-30" }),
            State = EvaluationsAsync,
        },
        new() { Route = Api + "/issued", Method = "GET", Expected = AuthorizationTable.All(E401, Ok, E403, Ok, Ok, E404), Query = _ => "month=2026-06" },
        // The card rules' page: leaders read, the office saves against the version shown.
        new() { Route = "/orgs/{org}/supervision/rules", Method = "GET", Expected = AuthorizationTable.All(Login, E403, E403, Ok, Ok, E404) },
        new()
        {
            Route = "/orgs/{org}/supervision/rules", Method = "POST", Expected = AuthorizationTable.All(Login, E403, E403, E403, Found, E404),
            Body = async c => AuthorizationTable.Fields([("version", await RulesVersionAsync(c)), ("yellowLag", "10"), ("redLag", "30"), ("notStartedYellowMonths", "1"),
                ("notStartedRedMonths", "3"), ("escalateAfter", "2"), ("acknowledgeWorkingDays", "1"), ("verifyWorkingDays", "3")]),
            State = RulesVersionAsync,
        },
        // The tasks file's import page: the office only; the preview and an expired confirm write nothing.
        new() { Route = "/orgs/{org}/supervision/import", Method = "GET", Expected = AuthorizationTable.All(Login, E403, E403, E403, Ok, E404) },
        new() { Route = "/orgs/{org}/supervision/import", Method = "GET", Handler = "File", Expected = AuthorizationTable.All(Login, E403, E403, E403, Ok, E404) },
        new()
        {
            Route = "/orgs/{org}/supervision/import", Method = "POST", Handler = "Preview", Expected = AuthorizationTable.All(Login, E403, E403, E403, Ok, E404),
            Arrange = async c => { await SupervisionFixtures.EnsureAsync(c.World); },
            Multipart = c =>
            {
                var file = new ByteArrayContent("{\"tasks\":[{\"id\":\"IMP1\",\"name\":\"预览\",\"unit\":\"T1\",\"start\":\"2026-01-01\",\"due\":\"2026-12-31\"}]}"u8.ToArray());
                file.Headers.ContentType = new("application/json");
                return Task.FromResult(new MultipartFormDataContent { { new StringContent(c.Antiforgery), "__RequestVerificationToken" }, { file, "Upload", "tasks.json" } });
            },
            Sees = (_, html) => html.Contains("新建督办事项 1 项", StringComparison.Ordinal),
        },
        new()
        {
            Route = "/orgs/{org}/supervision/import", Method = "POST", Handler = "Confirm", Expected = AuthorizationTable.All(Login, E403, E403, E403, Ok, E404),
            Body = _ => AuthorizationTable.Form(("Pending", "00000000000000000000000000000000")),
            Sees = (_, html) => html.Contains("预览已过期或已处理", StringComparison.Ordinal),
        },
        new()
        {
            Route = "/orgs/{org}/supervision/import", Method = "POST", Handler = "Cancel", Expected = AuthorizationTable.All(Login, E403, E403, E403, Ok, E404),
            Body = _ => AuthorizationTable.Form(("Pending", "00000000000000000000000000000000")),
            Sees = (_, html) => html.Contains("已取消导入", StringComparison.Ordinal),
        },
        // Pages: the month's cards (reporters their unit's), 立即评定 for the office, a matter's card history.
        new() { Route = "/orgs/{org}/supervision/cards", Method = "GET", Expected = AuthorizationTable.All(Login, Ok, E403, Ok, Ok, E404) },
        new()
        {
            Route = "/orgs/{org}/supervision/cards", Method = "POST", Handler = "Evaluate", Expected = AuthorizationTable.All(Login, E403, E403, E403, Found, E404),
            Arrange = async c => { await SupervisionFixtures.EnsureAsync(c.World); },
            State = EvaluationsAsync,
        },
        new()
        {
            Route = "/orgs/{org}/supervision/tasks/{task}/cards", Method = "GET", Expected = AuthorizationTable.All(Login, Ok, E403, Ok, Ok, E404),
            Arrange = async c => { await SupervisionFixtures.EnsureAsync(c.World); },
            Address = _ => $"/orgs/{AuthzWorld.Org}/supervision/tasks/M1/cards",
        },
    ];
}
