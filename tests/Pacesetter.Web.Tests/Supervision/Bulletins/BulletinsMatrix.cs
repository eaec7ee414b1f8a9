using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Supervision.Bulletins;
using Pacesetter.App.Supervision.Model;
using Pacesetter.Web.Tests.Authorization;
using static Pacesetter.Web.Tests.Authorization.Expect;

namespace Pacesetter.Web.Tests.Supervision.Bulletins;

/// <summary>
/// The authorization matrix's rows of supervision's Bulletins endpoints (added to <see cref="AuthorizationTable.Operations"/>):
/// the bulletins (ADR 0033: issued ones read by every member, drafts by admins and leaders — a draft is not found for
/// the others —, written by the office) and the timeline (admins, leaders, reporters; assessors 403). The rows act on a
/// draft (2026-06) and an issued bulletin (2026-05, 〔2026〕第1期) made once per world, and on a fresh draft made by
/// the Arrange of a row that issues one.
/// </summary>
public static class BulletinsMatrix
{
    private const string Api = "/api/orgs/{org}/supervision/bulletins";
    private const string List = "/orgs/{org}/supervision/bulletins";
    private const string Detail = "/orgs/{org}/supervision/bulletins/{bulletin:int}";

    private sealed record Fixture(int Draft, int Issued);

    private static readonly ConditionalWeakTable<AuthzWorld, Fixture> Fixed = new();
    private static readonly ConditionalWeakTable<AuthzWorld, object> Arranged = new();

    private static string Text(string paragraph) => BulletinJson.Write(new BulletinText([new BulletinSection("一、总体情况", [paragraph])], [new BulletinSection("1. Overview", ["test"])]));

    private static Bulletin New(AuthzWorld world, string month, bool issued, int? number = null) => new()
    {
        OrganizationId = world.OrganizationId,
        Month = month,
        State = issued ? BulletinState.Issued : BulletinState.Draft,
        Year = issued ? 2026 : null,
        Number = number,
        Draft = BulletinJson.Write(new BulletinDraft([new BulletinSection("一、总体情况", ["授权测试"])], [new BulletinSection("1. Overview", ["test"])],
            new BulletinFigures(month, 0, 0, 0, 0, [], [], [], [], []))),
        Text = Text("授权测试"),
        IssuedText = issued ? Text("授权测试") : null,
        CreatedBy = "admin",
        CreatedAt = DateTimeOffset.UtcNow,
        IssuedBy = issued ? "admin" : null,
        IssuedAt = issued ? DateTimeOffset.UtcNow : null,
        Version = 1,
    };

    private static async Task<Fixture> FixtureAsync(AuthzWorld world)
    {
        if (Fixed.TryGetValue(world, out var f)) return f;
        await using var db = world.App.NewDb();
        var draft = New(world, "2026-06", issued: false);
        var issued = New(world, "2026-05", issued: true, number: 1);
        db.Bulletins.AddRange(draft, issued);
        await db.SaveChangesAsync();
        f = new Fixture(draft.Id, issued.Id);
        Fixed.AddOrUpdate(world, f);
        return f;
    }

    private static Task Ensure(Ctx c) => FixtureAsync(c.World);

    private static Fixture Of(AuthzWorld world) => Fixed.TryGetValue(world, out var f) ? f : new Fixture(0, 0);

    /// <summary>A month no bulletin of the world has (one per request): 2001-01, 2001-02, …</summary>
    private static string FreshMonth(AuthzWorld world)
    {
        var n = world.Next();
        return $"{2001 + n / 12:D4}-{n % 12 + 1:D2}";
    }

    /// <summary>A fresh draft for a row that issues one.</summary>
    private static async Task ArrangeDraftAsync(Ctx c)
    {
        await using var db = c.World.App.NewDb();
        var b = New(c.World, FreshMonth(c.World), issued: false);
        db.Bulletins.Add(b);
        await db.SaveChangesAsync();
        Arranged.AddOrUpdate(c.World, b.Id);
    }

    private static int ArrangedId(AuthzWorld world) => Arranged.TryGetValue(world, out var id) ? (int)id : 0;

    private static async Task<string> CountAsync(Ctx c)
    {
        await using var db = c.World.App.NewDb();
        return (await db.Bulletins.CountAsync(b => b.OrganizationId == c.World.OrganizationId)).ToString();
    }

    private static async Task<string> RowAsync(AuthzWorld world, int id)
    {
        await using var db = world.App.NewDb();
        var b = await db.Bulletins.AsNoTracking().SingleAsync(x => x.Id == id);
        return $"{b.State}/{b.Number}/{b.Version}";
    }

    private static string ApiOf(int id, string suffix = "") => $"/api/orgs/{AuthzWorld.Org}/supervision/bulletins/{id}{suffix}";

    private static string PageOf(int id, string suffix = "") => $"/orgs/{AuthzWorld.Org}/supervision/bulletins/{id}{suffix}";

    public static IReadOnlyList<Operation> Rows { get; } =
    [
        new() { Route = Api, Method = "GET", Expected = AuthorizationTable.All(E401, Ok, Ok, Ok, Ok, E404), Arrange = Ensure },
        new()
        {
            Route = Api, Method = "POST", Expected = AuthorizationTable.All(E401, E403, E403, E403, Ok, E404),
            State = CountAsync, Body = c => Task.FromResult<object>(new { month = FreshMonth(c.World) }),
        },
        // A draft: not found for reporters and assessors; an issued one: every member.
        new() { Route = Api + "/{bulletin:int}", Method = "GET", Expected = AuthorizationTable.All(E401, E404, E404, Ok, Ok, E404), Arrange = Ensure, Address = c => ApiOf(Of(c.World).Draft) },
        new() { Route = Api + "/{bulletin:int}", Method = "GET", Expected = AuthorizationTable.All(E401, Ok, Ok, Ok, Ok, E404), Arrange = Ensure, Address = c => ApiOf(Of(c.World).Issued) },
        new()
        {
            Route = Api + "/{bulletin:int}", Method = "PUT", Expected = AuthorizationTable.All(E401, E403, E403, E403, Ok, E404),
            Arrange = Ensure, Address = c => ApiOf(Of(c.World).Draft), State = c => RowAsync(c.World, Of(c.World).Draft),
            Body = c => Task.FromResult<object>(new { sections = new[] { new { heading = "一、总体情况", paragraphs = new[] { "授权测试" + c.World.Next() } } } }),
        },
        new()
        {
            Route = Api + "/{bulletin:int}/issue", Method = "POST", Expected = AuthorizationTable.All(E401, E403, E403, E403, Ok, E404),
            Arrange = ArrangeDraftAsync, Address = c => ApiOf(ArrangedId(c.World), "/issue"), State = c => RowAsync(c.World, ArrangedId(c.World)),
        },
        new() { Route = Api + "/{bulletin:int}.docx", Method = "GET", Expected = AuthorizationTable.All(E401, Ok, Ok, Ok, Ok, E404), Arrange = Ensure, Address = c => ApiOf(Of(c.World).Issued, ".docx") },
        new() { Route = List, Method = "GET", Expected = AuthorizationTable.All(Login, Ok, Ok, Ok, Ok, E404), Arrange = Ensure },
        new()
        {
            Route = List, Method = "POST", Handler = "Draft", Expected = AuthorizationTable.All(Login, E403, E403, E403, Found, E404),
            State = CountAsync, Body = c => AuthorizationTable.Form(("month", FreshMonth(c.World))),
        },
        new() { Route = Detail, Method = "GET", Expected = AuthorizationTable.All(Login, E404, E404, Ok, Ok, E404), Arrange = Ensure, Address = c => PageOf(Of(c.World).Draft) },
        new() { Route = Detail, Method = "GET", Expected = AuthorizationTable.All(Login, Ok, Ok, Ok, Ok, E404), Arrange = Ensure, Address = c => PageOf(Of(c.World).Issued) },
        new() { Route = Detail, Method = "GET", Handler = "Docx", Expected = AuthorizationTable.All(Login, Ok, Ok, Ok, Ok, E404), Arrange = Ensure, Address = c => PageOf(Of(c.World).Issued) },
        new()
        {
            Route = Detail, Method = "POST", Handler = "Save", Expected = AuthorizationTable.All(Login, E404, E404, E403, Found, E404),
            Arrange = Ensure, Address = c => PageOf(Of(c.World).Draft), State = c => RowAsync(c.World, Of(c.World).Draft),
            Body = async c => AuthorizationTable.Fields(("heading", "一、总体情况"), ("body", "授权测试" + c.World.Next()), ("version", (await RowAsync(c.World, Of(c.World).Draft)).Split('/')[2])),
        },
        new()
        {
            Route = Detail, Method = "POST", Handler = "Issue", Expected = AuthorizationTable.All(Login, E404, E404, E403, Found, E404),
            Arrange = ArrangeDraftAsync, Address = c => PageOf(ArrangedId(c.World)), State = c => RowAsync(c.World, ArrangedId(c.World)),
            Body = _ => AuthorizationTable.Form(("version", "1")),
        },
        new() { Route = Detail + "/print", Method = "GET", Expected = AuthorizationTable.All(Login, Ok, Ok, Ok, Ok, E404), Arrange = Ensure, Address = c => PageOf(Of(c.World).Issued, "/print") },
        new() { Route = "/orgs/{org}/supervision/timeline", Method = "GET", Expected = AuthorizationTable.All(Login, Ok, E403, Ok, Ok, E404) },
    ];
}
