using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Data;
using Pacesetter.App.Supervision;
using Pacesetter.App.Supervision.Cards;
using Pacesetter.App.Supervision.Model;
using Pacesetter.App.Time;
using Pacesetter.App.Writes;
using Pacesetter.Scoring.Supervision;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Pages.Schemes;

namespace Pacesetter.Web.Pages.Supervision.Cards;

/// <summary>
/// The tasks file, the cards read, the card rules and the month-end evaluation under <c>/api/orgs/{org}/supervision</c>
/// (ADRs 0028, 0029): <c>PUT/GET tasks</c>, <c>GET cards</c> (exactly <c>pacesetter cards --format json</c>),
/// <c>GET/PUT rules</c>, <c>POST evaluations</c>, <c>GET issued</c>. Handlers parse and render; the services decide.
/// </summary>
public static class CardsApi
{
    public static RouteGroupBuilder MapCardsApi(this IEndpointRouteBuilder app)
    {
        var group = app.SupervisionGroup("Supervision cards");
        group.MapPut("/tasks", PutTasks)
            .WithName("PutTasks")
            .WithSummary("Imports a tasks file as `pacesetter cards` reads it: creates or updates matters by id with their progress; the file's rules, when present, become the card settings; all or nothing (400 with every problem and its JSON path). Admins.")
            .Accepts<JsonElement>("application/json")
            .Produces<TaskImport>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapGet("/tasks", GetTasks)
            .WithName("GetTasks")
            .WithSummary("The tasks file of the supervised matters (assigned or later), which `pacesetter cards` reads. Admins and leaders.")
            .Produces<JsonElement>(StatusCodes.Status200OK, "application/json");
        group.MapGet("/cards", GetCards)
            .WithName("GetCards")
            .WithSummary("Exactly the JSON of `pacesetter cards FILE --as-of D --format json` for the organization's supervised matters and card rules; asOf defaults to today (Beijing). Admins and leaders.")
            .Produces<JsonElement>(StatusCodes.Status200OK, "application/json");
        group.MapGet("/rules", GetRules)
            .WithName("GetCardRules")
            .WithSummary("The card settings (supervision.md §1) and workflow deadlines; ETag is the version. Admins and leaders.")
            .Produces<JsonElement>();
        group.MapPut("/rules", PutRules)
            .WithName("PutCardRules")
            .WithSummary("Saves the card settings (fields absent keep their value); optional If-Match: \"<version>\" (409 when it changed). Admins.")
            .Accepts<JsonElement>("application/json")
            .Produces<JsonElement>()
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/evaluations", Evaluate)
            .WithName("EvaluateCards")
            .WithSummary("Runs the month-end evaluations due up to asOf (not after today, Beijing): issues the cards, lifts those of matters caught up; a second run issues nothing. Admins.")
            .Accepts<EvaluationRequest>("application/json")
            .Produces<EvaluationResponse>();
        group.MapGet("/issued", Issued)
            .WithName("ListIssuedCards")
            .WithSummary("The cards issued at the month-end of month (yyyy-MM), by the matters' order. Admins and leaders; a reporter its unit's.")
            .Produces<List<IssuedCardResponse>>();
        return group;
    }

    public sealed record EvaluationRequest(string? AsOf);

    public sealed record MonthEndResponse(string Date, int Yellow, int Red, int Lifted);

    public sealed record DataResponse(string Period, string Indicator, IReadOnlyList<string> Changed, bool Locked);

    public sealed record EvaluationResponse(string AsOf, IReadOnlyList<MonthEndResponse> MonthEnds, int Yellow, int Red, int Lifted, IReadOnlyList<DataResponse> Data);

    public sealed record IssuedCardResponse(string Id, string Task, string Name, string Unit, string Type, string Reason, string Date,
        decimal? Expected, decimal Actual, decimal? Lag, string? LiftedOn);

    private static IResult Forbidden(IStringLocalizer<SchemesText> text) => SchemesApi.Forbidden(text);

    private static IResult BadField(string field, string message, IStringLocalizer<SchemesText> text) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: text["Api.BadRequest"]);

    public static async Task<IResult> PutTasks(HttpRequest request, TaskFiles files, SchemeFileLimit limit, IStringLocalizer<CardsText> t,
        IStringLocalizer<SchemesText> text, IStringLocalizer<OutcomeText> outcomes, CancellationToken ct)
    {
        var actor = (await request.HttpContext.GetActorAsync())!;
        if (!SupervisionAccess.Manages(actor)) return Forbidden(text);
        var body = await SchemesApi.ReadBodyAsync(request, limit.Bytes, ct);
        if (body is null) return Outcomes.Problem(StatusCodes.Status413PayloadTooLarge, t["Api.TooLarge", limit.Megabytes]);
        var done = await files.ImportAsync(actor.OrganizationId, body, actor.UserName, ct);
        if (done.Status == WriteStatus.Invalid) return done.ToHttpResult(_ => TypedResults.Ok(), outcomes, t["Api.Invalid"], t["Api.Invalid.Detail", done.Problems.Count]);
        return done.ToHttpResult(v => TypedResults.Ok(v), outcomes);
    }

    public static async Task<IResult> GetTasks(HttpContext http, TaskFiles files, IStringLocalizer<SchemesText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        if (!SupervisionAccess.Oversees(actor)) return Forbidden(text);
        var file = await files.FileAsync(actor.OrganizationId, ct);
        return new StreamedJson(s => TaskFiles.WriteFileAsync(s, file, ct));
    }

    public static async Task<IResult> GetCards(HttpContext http, [FromQuery] string? asOf, TaskFiles files, TimeProvider clock, IStringLocalizer<CardsText> t,
        IStringLocalizer<SchemesText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        if (!SupervisionAccess.Oversees(actor)) return Forbidden(text);
        var date = WorkingDays.Today(clock);
        if (asOf is not null && !CardFileReader.TryParseDate(asOf, out date)) return BadField("asOf", t["Api.BadDate", asOf], text);
        var report = await files.ReportAsync(actor.OrganizationId, date, ct);
        return new StreamedJson(s => TaskFiles.WriteReportAsync(s, report, ct));
    }

    public static async Task<IResult> GetRules(HttpContext http, CardSettingsService settings, IStringLocalizer<SchemesText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        if (!SupervisionAccess.Oversees(actor)) return Forbidden(text);
        var s = await settings.GetAsync(actor.OrganizationId, ct);
        http.Response.Headers.ETag = SchemesApi.ETag(s.Version);
        return TypedResults.Text(CardSettingsService.Json(s).ToJsonString(), "application/json; charset=utf-8");
    }

    public static async Task<IResult> PutRules(HttpRequest request, [FromHeader(Name = "If-Match")] string? ifMatch, CardSettingsService settings,
        IStringLocalizer<SchemesText> text, IStringLocalizer<OutcomeText> outcomes, CancellationToken ct)
    {
        var actor = (await request.HttpContext.GetActorAsync())!;
        if (!SupervisionAccess.Manages(actor)) return Forbidden(text);
        int? expected = null;
        if (!string.IsNullOrWhiteSpace(ifMatch) && ifMatch.Trim() != "*")
        {
            if (SchemesApi.ParseETag(ifMatch) is not { } v) return BadField("If-Match", text["Api.BadIfMatch", ifMatch], text);
            expected = v;
        }
        var body = await SchemesApi.ReadBodyAsync(request, 64 * 1024, ct);
        if (body is null) return Outcomes.Problem(StatusCodes.Status413PayloadTooLarge, text["Api.BadRequest"]);
        var done = await settings.SaveAsync(actor.OrganizationId, body, expected, actor.UserName, ct);
        return done.ToHttpResult(s =>
        {
            request.HttpContext.Response.Headers.ETag = SchemesApi.ETag(s.Version);
            return TypedResults.Text(CardSettingsService.Json(s).ToJsonString(), "application/json; charset=utf-8");
        }, outcomes);
    }

    public static async Task<IResult> Evaluate(HttpContext http, EvaluationRequest? body, CardIssuer issuer, IStringLocalizer<CardsText> t,
        IStringLocalizer<SchemesText> text, IStringLocalizer<OutcomeText> outcomes, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        if (!SupervisionAccess.Manages(actor)) return Forbidden(text);
        if (body?.AsOf is not { } asOfText || !CardFileReader.TryParseDate(asOfText, out var asOf))
        {
            var shown = body?.AsOf ?? "";
            return WriteOutcome<EvaluationRun>.Invalid("$.asOf", $"\"{shown}\" is not a date as yyyy-MM-dd", $"“{shown}”不是 yyyy-MM-dd 格式的日期")
                .ToHttpResult(_ => TypedResults.Ok(), outcomes);
        }
        var done = await issuer.RunAsync(actor.OrganizationId, asOf, actor.UserName, ct);
        return done.ToHttpResult(r => TypedResults.Ok(Response(r)), outcomes);
    }

    public static EvaluationResponse Response(EvaluationRun r) => new(
        CardFileReader.Format(r.AsOf),
        r.MonthEnds.Select(m => new MonthEndResponse(CardFileReader.Format(m.Date), m.Yellow, m.Red, m.Lifted)).ToList(),
        r.Yellow, r.Red, r.Lifted,
        r.Data.Select(d => new DataResponse(d.Period, d.Indicator, d.ChangedUnits, d.Locked)).ToList());

    public static async Task<IResult> Issued(HttpContext http, [FromQuery] string? month, PacesetterDb db, IStringLocalizer<CardsText> t,
        IStringLocalizer<SchemesText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        if (!SupervisionAccess.Supervises(actor)) return Forbidden(text);
        if (!CardDates.TryParseMonth(month, out _)) return BadField("month", t["Api.BadMonth", month ?? ""], text);
        var cards = await IssuedCards.ListAsync(db, actor, month!, ct);
        return TypedResults.Ok(cards.Select(c => new IssuedCardResponse(c.Card.PublicId, c.Card.MatterCode, c.Name, c.Card.UnitCode, CardIssuer.Type(c.Card.Type), c.Card.Reason,
            CardFileReader.Format(c.Card.MonthEnd), c.Card.Expected, c.Card.Actual, c.Card.Lag, c.Card.LiftedOn is { } l ? CardFileReader.Format(l) : null)).ToList());
    }

    /// <summary>JSON written straight to the response body (a card report of 100,000 matters is never one string).</summary>
    private sealed class StreamedJson(Func<Stream, Task> write) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.ContentType = "application/json; charset=utf-8";
            await write(http.Response.Body);
        }
    }
}
