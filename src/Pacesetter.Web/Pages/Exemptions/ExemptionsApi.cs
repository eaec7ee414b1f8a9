using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Exemptions;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Pages.Supervision;
using Pacesetter.Web.Pages.Supervision.Matters;

namespace Pacesetter.Web.Pages.Exemptions;

/// <summary>
/// 容错免责 (issue #11 §2, ADR 0041) under <c>/api/orgs/{org}/exemptions</c>: <c>POST</c> an application
/// (<c>{"period", "unit", "ref", "reason"}</c> → 201 <c>{"id"}</c>; the office or a reporter of the unit),
/// <c>POST {id}/decision</c> (<c>{"decision": "granted"|"partial"|"refused", "factor"?, "document"?, "reason"}</c>;
/// admins), <c>GET</c> the register (<c>?year=</c>; admins and leaders all, a reporter its units) and <c>GET {id}</c>.
/// Handlers parse and render; <see cref="ExemptionService"/> decides.
/// </summary>
public static class ExemptionsApi
{
    public static IServiceCollection AddExemptions(this IServiceCollection services) => services.AddScoped<ExemptionService>();

    public static RouteGroupBuilder MapExemptionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.SupervisionGroup("Exemptions", "/api/orgs/{org}/exemptions");
        group.MapGet("", List).WithName("ListExemptions")
            .WithSummary("The fault-tolerance register: applications and decisions, newest first; ?year=yyyy by the period's year. Admins and leaders all; a reporter its units.");
        group.MapGet("/{id:int}", Get).WithName("GetExemption").WithSummary("One application and its decision.");
        group.MapPost("", Apply).WithName("ApplyExemption")
            .WithSummary("Applies for an exemption: {\"period\", \"unit\", \"ref\", \"reason\"}, ref as in scoring.md §6 (an adjustment id, a penalty indicator id, or indicatorId/eventId), checked against the period's scheme and data → 201 {\"id\"}. The office, or a reporter of the unit.")
            .Produces(StatusCodes.Status201Created);
        group.MapPost("/{id:int}/decision", Decide).WithName("DecideExemption")
            .WithSummary("Decides: {\"decision\": \"granted\"|\"partial\"|\"refused\", \"factor\"?, \"document\"?, \"reason\"}. Granted (factor 0) or partial becomes an exemption adjustment in a new scheme version; on a published period only while a correction is open (409). Admins.");
        return group;
    }

    public static JsonObject Json(Exemption e) => new()
    {
        ["id"] = e.Id,
        ["period"] = e.Period,
        ["unit"] = e.Unit,
        ["ref"] = e.Ref,
        ["reason"] = e.Reason,
        ["appliedBy"] = e.AppliedBy,
        ["appliedAt"] = e.AppliedAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        ["state"] = e.State.ToString().ToLowerInvariant(),
        ["factor"] = e.Factor,
        ["document"] = e.Document,
        ["decisionReason"] = e.DecisionReason,
        ["decidedBy"] = e.DecidedBy,
        ["decidedAt"] = e.DecidedAt?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        ["schemeVersion"] = e.SchemeVersion,
        ["adjustment"] = e.AdjustmentId,
    };

    private static IResult Invalid(IReadOnlyList<Problem> problems, IStringLocalizer<OutcomeText> text) =>
        WriteOutcome<object>.Invalid(problems).ToHttpResult(_ => TypedResults.Ok(), text);

    public static async Task<IResult> List(HttpContext http, [FromQuery] string? year, ExemptionService exemptions, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        if (!actor.ReadsAll && actor.ReporterUnits.Count == 0) return WriteOutcome<object>.Forbidden().ToHttpResult(_ => TypedResults.Ok(), text);
        int? y = null;
        if (!string.IsNullOrEmpty(year))
        {
            if (year.Length != 4 || !int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)) return Invalid([new Problem("year", $"\"{year}\" is not a year such as 2026", $"“{year}”不是年份，如 2026")], text);
            y = parsed;
        }
        var list = await exemptions.ListAsync(actor, y, ct);
        return TypedResults.Json(new JsonObject { ["exemptions"] = new JsonArray([.. list.Select(Json)]) });
    }

    public static async Task<IResult> Get(HttpContext http, int id, ExemptionService exemptions, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        var e = await exemptions.GetAsync(actor.OrganizationId, id, ct);
        if (e is null) return WriteOutcome<object>.NotFound().ToHttpResult(_ => TypedResults.Ok(), text);
        if (!ExemptionService.MayRead(actor, e)) return WriteOutcome<object>.Forbidden().ToHttpResult(_ => TypedResults.Ok(), text);
        return TypedResults.Json(Json(e));
    }

    public static async Task<IResult> Apply(HttpRequest request, ExemptionService exemptions, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await request.HttpContext.GetActorAsync())!;
        var (body, bad) = await MatterJson.ReadObjectAsync(request, "{\"period\", \"unit\", \"ref\", \"reason\"}", ct);
        if (body is null) return Invalid([bad!], text);
        var r = new MatterJson.Reader(body);
        var application = new ExemptionApplication(r.Text("period"), r.Text("unit"), r.Text("ref"), r.Text("reason"));
        if (r.Problems.Count > 0) return Invalid(r.Problems, text);
        var outcome = await exemptions.ApplyAsync(actor, application, ct);
        return outcome.ToHttpResult(e => TypedResults.Json(new JsonObject { ["id"] = e.Id }, statusCode: StatusCodes.Status201Created), text);
    }

    public static async Task<IResult> Decide(HttpRequest request, int id, ExemptionService exemptions, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await request.HttpContext.GetActorAsync())!;
        var (body, bad) = await MatterJson.ReadObjectAsync(request, "{\"decision\", \"factor\"?, \"document\"?, \"reason\"}", ct);
        if (body is null) return Invalid([bad!], text);
        var r = new MatterJson.Reader(body);
        var decision = new ExemptionDecision(r.Text("decision"), r.Number("factor"), r.Text("document"), r.Text("reason"));
        if (r.Problems.Count > 0) return Invalid(r.Problems, text);
        var outcome = await exemptions.DecideAsync(actor, id, decision, ct);
        return outcome.ToHttpResult(e => TypedResults.Json(Json(e)), text);
    }
}
