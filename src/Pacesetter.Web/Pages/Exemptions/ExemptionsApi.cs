using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Access;
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
            .WithSummary("The fault-tolerance register: applications and decisions, newest first; ?year=yyyy by the period's year, ?state=pending|granted|partial|refused, ?unit=code. Admins and leaders all; a reporter its units.");
        group.MapGet("/{id:int}", Get).WithName("GetExemption").WithSummary("One application and its decision, with its evidence files.");
        group.MapPost("", Apply).WithName("ApplyExemption")
            .WithSummary("Applies for an exemption: {\"period\", \"unit\", \"ref\", \"reason\"}, ref as in scoring.md §6 (an adjustment id, a penalty indicator id, or indicatorId/eventId), checked against the period's scheme and data → 201 {\"id\"}. The office, or a reporter of the unit.")
            .Produces(StatusCodes.Status201Created);
        group.MapPost("/{id:int}/decision", Decide).WithName("DecideExemption")
            .WithSummary("Decides: {\"decision\": \"granted\"|\"partial\"|\"refused\", \"factor\"?, \"document\"?, \"reason\"}. Granted (factor 0) or partial becomes an exemption adjustment in a new scheme version; on a published period only while a correction is open (409). Admins.");
        group.MapPost("/{id:int}/evidence", AddEvidence).WithName("AddExemptionEvidence")
            .WithSummary("Adds evidence to a pending application: multipart field file (one or more; PDF, PNG, JPEG, .docx, .xlsx told by content; 10 MB in all; at most 5 per application) → 201 with the files. Whoever may apply for the unit.")
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .Produces(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapGet("/{id:int}/evidence/{file:long}", Download).WithName("GetExemptionEvidenceApi").WithSummary("An evidence file of an application. Whoever reads the application.");
        // The register's workbook and the evidence files are also downloads from the page: under the page's address,
        // signed in by cookie (the /api prefix takes tokens only), as the benchmarks' report is.
        var files = app.MapGroup("/orgs/{org}/exemptions").RequireAuthorization().WithTags("Exemptions").AddEndpointFilter(SupervisionEndpoints.InOrganization).ExcludeFromDescription();
        files.MapGet("/register.xlsx", Workbook).WithName("GetExemptionRegisterXlsx");
        files.MapGet("/{id:int}/evidence/{file:long}", Download).WithName("GetExemptionEvidence");
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

    /// <summary>An evidence file as the API lists it (no content).</summary>
    public static JsonObject Json(ExemptionEvidence x, string org) => new()
    {
        ["id"] = x.Id,
        ["file"] = x.FileName,
        ["type"] = x.ContentType,
        ["size"] = x.Size,
        ["sha256"] = x.Sha256,
        ["href"] = "/api" + ExemptionRoutes.Evidence(org, x.ExemptionId, x.Id),
    };

    /// <summary>Whether <paramref name="actor"/> reads the register at all: admins and leaders, and reporters (their units').</summary>
    public static bool ReadsRegister(Actor actor) => actor.ReadsAll || actor.ReporterUnits.Count > 0;

    /// <summary>The register's filters as a request gives them (<c>year</c>, <c>state</c>, <c>unit</c>); a problem at the bad one.</summary>
    public static (int? Year, ExemptionState? State, string? Unit, Problem? Problem) Filters(string? year, string? state, string? unit)
    {
        int? y = null;
        if (!string.IsNullOrEmpty(year))
        {
            if (year.Length != 4 || !int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)) return (null, null, null, new Problem("year", $"\"{year}\" is not a year such as 2026", $"“{year}”不是年份，如 2026"));
            y = parsed;
        }
        ExemptionState? st = null;
        if (!string.IsNullOrEmpty(state))
        {
            st = state switch { "pending" => ExemptionState.Pending, "granted" => ExemptionState.Granted, "partial" => ExemptionState.Partial, "refused" => ExemptionState.Refused, _ => null };
            if (st is null) return (null, null, null, new Problem("state", $"\"{state}\" is not one of pending, granted, partial, refused", $"“{state}”应为 pending（待决定）、granted（免责）、partial（减责）、refused（不予免责）之一"));
        }
        return (y, st, string.IsNullOrEmpty(unit) ? null : unit, null);
    }

    /// <summary>The files of a multipart form's field (a file over the limit is kept as limit + 1 bytes, so that its check names it).</summary>
    public static async Task<List<EvidenceUpload>> UploadsAsync(IEnumerable<IFormFile> files, CancellationToken ct)
    {
        var list = new List<EvidenceUpload>();
        foreach (var file in files)
        {
            if (file.Length > Limits.EvidenceBytes)
            {
                list.Add(new EvidenceUpload(file.FileName, new byte[Limits.EvidenceBytes + 1]));
                continue;
            }
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            list.Add(new EvidenceUpload(file.FileName, buffer.ToArray()));
        }
        return list;
    }

    private static IResult Invalid(IReadOnlyList<Problem> problems, IStringLocalizer<OutcomeText> text) =>
        WriteOutcome<object>.Invalid(problems).ToHttpResult(_ => TypedResults.Ok(), text);

    public static async Task<IResult> List(HttpContext http, [FromQuery] string? year, [FromQuery] string? state, [FromQuery] string? unit, ExemptionService exemptions, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        if (!ReadsRegister(actor)) return WriteOutcome<object>.Forbidden().ToHttpResult(_ => TypedResults.Ok(), text);
        var (y, st, u, problem) = Filters(year, state, unit);
        if (problem is not null) return Invalid([problem], text);
        var list = await exemptions.ListAsync(actor, y, ct, st, u);
        return TypedResults.Json(new JsonObject { ["exemptions"] = new JsonArray([.. list.Select(Json)]) });
    }

    /// <summary>The register as .xlsx (<see cref="ExemptionWorkbook"/>) with the page's filters.</summary>
    public static async Task<IResult> Workbook(HttpContext http, [FromQuery] string? year, [FromQuery] string? state, [FromQuery] string? unit, ExemptionService exemptions, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        if (!ReadsRegister(actor)) return WriteOutcome<object>.Forbidden().ToHttpResult(_ => TypedResults.Ok(), text);
        var (y, st, u, problem) = Filters(year, state, unit);
        if (problem is not null) return Invalid([problem], text);
        var register = await exemptions.RegisterAsync(actor, y, st, u, chinese: true, ct);
        var file = ExemptionWorkbook.Build(register, actor.Organization.Name, y, Localization.ChinaTime.Of(DateTimeOffset.UtcNow));
        return TypedResults.File(file.Bytes, file.ContentType, file.Name);
    }

    /// <summary>An evidence file: 404 when the application or the file is not there, 403 when the caller may not read the application.</summary>
    public static async Task<IResult> Download(HttpContext http, int id, long file, ExemptionService exemptions, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        var application = await exemptions.GetAsync(actor.OrganizationId, id, ct);
        if (application is null) return WriteOutcome<object>.NotFound().ToHttpResult(_ => TypedResults.Ok(), text);
        if (!ExemptionService.MayRead(actor, application)) return WriteOutcome<object>.Forbidden().ToHttpResult(_ => TypedResults.Ok(), text);
        var e = await exemptions.EvidenceForReadAsync(actor, id, file, ct);
        return e is null ? WriteOutcome<object>.NotFound().ToHttpResult(_ => TypedResults.Ok(), text) : EvidenceDownloads.Api(http, e.Content, e.ContentType, e.FileName);
    }

    public static async Task<IResult> AddEvidence(HttpRequest request, string org, int id, ExemptionService exemptions, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await request.HttpContext.GetActorAsync())!;
        if (!request.HasFormContentType) return Invalid([new Problem("$.file", "send the files as multipart/form-data, field \"file\"", "请以 multipart/form-data 上传文件（字段 file）")], text);
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
        {
            var mb = Limits.EvidenceBytes / (1024 * 1024);
            return Outcomes.Problem(StatusCodes.Status413PayloadTooLarge, text["Outcome.Invalid"], new Problem("$.file", $"Evidence: the files may hold at most {mb} MB in all.", $"“佐证材料”文件合计不能超过 {mb} MB。").Message(Outcomes.Language));
        }
        var uploads = await UploadsAsync(form.Files.GetFiles("file"), ct);
        var outcome = await exemptions.AddEvidenceAsync(actor, id, uploads, Limits.EvidenceBytes, ct);
        return outcome.ToHttpResult(list => TypedResults.Json(new JsonObject { ["evidence"] = new JsonArray([.. list.Select(x => Json(x, org))]) }, statusCode: StatusCodes.Status201Created), text);
    }

    public static async Task<IResult> Get(HttpContext http, string org, int id, ExemptionService exemptions, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        var e = await exemptions.GetAsync(actor.OrganizationId, id, ct);
        if (e is null) return WriteOutcome<object>.NotFound().ToHttpResult(_ => TypedResults.Ok(), text);
        if (!ExemptionService.MayRead(actor, e)) return WriteOutcome<object>.Forbidden().ToHttpResult(_ => TypedResults.Ok(), text);
        var json = Json(e);
        json["evidence"] = new JsonArray([.. (await exemptions.EvidenceListAsync(actor.OrganizationId, [id], ct))[id].Select(x => Json(x, org))]);
        return TypedResults.Json(json);
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
