using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Publication;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Pages.Schemes;

namespace Pacesetter.Web.Pages.Races;

/// <summary>An objection as the API shows it (its evidence by name and address, never its content).</summary>
public sealed record ObjectionDto(long Id, string Period, int Revision, string Unit, string UnitName, string Reason, string FiledBy, DateTimeOffset FiledAt,
    ObjectionEvidenceDto? Evidence, string State, string? Answer, string? AnsweredBy, DateTimeOffset? AnsweredAt, int Version)
{
    public static ObjectionDto From(ObjectionItem o, string org) => new(o.Id, o.Period, o.Revision, o.Unit, o.UnitName, o.Reason, o.FiledBy, o.FiledAt,
        o.EvidenceName is null ? null : new ObjectionEvidenceDto(o.EvidenceName, o.EvidenceType ?? "", $"/api/orgs/{org}/periods/{o.Period}/objections/{o.Id}/evidence"),
        StateName(o.State), o.Answer, o.AnsweredBy, o.AnsweredAt, o.Version);

    public static ObjectionDto From(Objection o, string org, string unitName) => From(new ObjectionItem(o.Id, o.Period, o.Revision, o.UnitCode, unitName, o.Reason, o.FiledBy,
        o.FiledAt, o.EvidenceName, o.EvidenceType, o.State, o.Answer, o.AnsweredBy, o.AnsweredAt, o.Version), org);

    public static string StateName(ObjectionState s) => s switch
    {
        ObjectionState.Accepted => "accepted",
        ObjectionState.Rejected => "rejected",
        _ => "open",
    };
}

public sealed record ObjectionEvidenceDto(string Name, string Type, string Url);

/// <summary>The publication's state as the API shows it (ADR 0019): <c>notice</c>, <c>awaitingAnswers</c>, <c>final</c> or <c>correctionOpen</c>.</summary>
public sealed record PublicationStatusDto(int Revision, DateTimeOffset PublishedAt, DateTimeOffset NoticeEndsAt, int OpenObjections, string State)
{
    public static PublicationStatusDto? From(PublicationStatus? s) => s is null ? null
        : new(s.Revision, s.PublishedAt, s.NoticeEndsAt, s.OpenObjections, StateName(s.State));

    public static string StateName(PublicationState s) => s switch
    {
        PublicationState.Notice => "notice",
        PublicationState.AwaitingAnswers => "awaitingAnswers",
        PublicationState.Final => "final",
        _ => "correctionOpen",
    };
}

/// <summary>The period's objections the caller may read, and the publication's state (null before publication).</summary>
public sealed record ObjectionsDto(PublicationStatusDto? Publication, List<ObjectionDto> Objections);

/// <summary>An objection filed as JSON (evidence only through a multipart form: fields <c>unit</c>, <c>reason</c>, file <c>evidence</c>).</summary>
public sealed record ObjectionPost(string? Unit, string? Reason);

/// <summary>The admin's answer: accepted (opens a correction) or rejected with the reason; optionally the version answered.</summary>
public sealed record ObjectionAnswer(bool? Accepted, string? Answer, int? Version);

/// <summary>
/// 异议 API (ADR 0019): a unit's reporter files an objection on its own unit's published result during the notice
/// period; the admin answers; admins and leaders read all of a period's objections, a reporter its units'.
/// </summary>
public static class ObjectionsApi
{
    public static RouteGroupBuilder MapObjectionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/orgs/{org}/periods/{period}/objections")
            .RequireAuthorization()
            .WithTags("Objections")
            .AddEndpointFilter(SchemesApi.InOrganizationAndPeriod)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem();

        group.MapGet("", List)
            .WithName("ListObjections")
            .WithSummary("The period's objections the caller may read (admins and leaders: all; a reporter: its units') and the latest revision's state: notice, awaitingAnswers, final or correctionOpen.");
        group.MapPost("", File)
            .WithName("FileObjection")
            .WithSummary("Files an objection (异议) on the caller's own unit's result in the latest revision, during its notice period: JSON {\"unit\",\"reason\"} or a multipart form with unit, reason and an optional evidence file (PDF, PNG, JPEG, .docx, .xlsx; 10 MB). Reporters of the unit.")
            .Accepts<ObjectionPost>("application/json", "multipart/form-data")
            .Produces<ObjectionDto>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapPost("/{id:long}/answer", Answer)
            .WithName("AnswerObjection")
            .WithSummary("Answers an objection: {\"accepted\": true} opens a correction of the period (in the same write); {\"accepted\": false, \"answer\": \"…\"} rejects it with the reason. Optional \"version\": 409 when the objection changed. Admins.")
            .Produces<ObjectionDto>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{id:long}/evidence", Evidence)
            .WithName("ObjectionEvidence")
            .WithSummary("The objection's evidence file. Admins, leaders and the unit's reporters.");
        return group;
    }

    public static async Task<Results<Ok<ObjectionsDto>, ProblemHttpResult>> List(string org, string period, HttpContext http, ObjectionService objections, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        var list = await objections.ListAsync(actor, period, ct: ct);
        if (list is null) return Outcomes.Problem(StatusCodes.Status403Forbidden, text["Outcome.Forbidden"], ObjectionService.NotReporter.Message(Outcomes.Language));
        var status = await objections.StatusAsync(actor.OrganizationId, period, ct);
        return TypedResults.Ok(new ObjectionsDto(PublicationStatusDto.From(status), [.. list.Select(o => ObjectionDto.From(o, org))]));
    }

    public static async Task<IResult> File(string org, string period, HttpRequest request, ObjectionService objections, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await request.HttpContext.GetActorAsync())!;
        ObjectionFiling filing;
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(ct);
            }
            catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
            {
                return Outcomes.Problem(StatusCodes.Status413PayloadTooLarge, text["Outcome.Invalid"], ObjectionService.TooLargeEvidence(Limits.EvidenceBytes).Message(Outcomes.Language));
            }
            var file = form.Files.GetFile("evidence");
            byte[]? content = null;
            if (file is not null && file.Length <= Limits.EvidenceBytes)
            {
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, ct);
                content = buffer.ToArray();
            }
            else if (file is not null)
            {
                return WriteOutcome<Objection>.Invalid([ObjectionService.TooLargeEvidence(Limits.EvidenceBytes)]).ToHttpResult(_ => TypedResults.Ok(), text);
            }
            filing = new ObjectionFiling(form["unit"].ToString(), form["reason"].ToString(), file?.FileName, content);
        }
        else
        {
            ObjectionPost? body;
            try
            {
                body = await request.ReadFromJsonAsync<ObjectionPost>(ct);
            }
            catch (System.Text.Json.JsonException)
            {
                body = null;
            }
            if (body is null) return WriteOutcome<Objection>.Invalid("$", "the body must be a JSON object {\"unit\", \"reason\"}", "请求体须为 JSON 对象 {\"unit\", \"reason\"}").ToHttpResult(_ => TypedResults.Ok(), text);
            filing = new ObjectionFiling(body.Unit ?? "", body.Reason);
        }
        var outcome = await objections.FileAsync(actor, period, filing, Limits.EvidenceBytes, ct);
        if (!outcome.IsOk) return outcome.ToHttpResult(_ => TypedResults.Ok(), text);
        var o = outcome.Value!;
        var names = await objections.UnitNamesAsync(actor.OrganizationId, period, ct);
        return TypedResults.Created($"/api/orgs/{org}/periods/{period}/objections/{o.Id}", ObjectionDto.From(o, org, names.GetValueOrDefault(o.UnitCode, o.UnitCode)));
    }

    public static async Task<IResult> Answer(string org, string period, long id, ObjectionAnswer body, HttpContext http, ObjectionService objections, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        if (body.Accepted is not { } accepted)
        {
            return WriteOutcome<Objection>.Invalid("$.accepted", "Accepted is required: true (accept, opening a correction) or false (reject, with the answer)",
                "请填写“是否采纳”：true（采纳，开启更正）或 false（驳回，并填写答复）").ToHttpResult(_ => TypedResults.Ok(), text);
        }
        var outcome = await objections.AnswerAsync(actor, period, id, accepted, body.Answer, body.Version, ct);
        if (!outcome.IsOk) return outcome.ToHttpResult(_ => TypedResults.Ok(), text);
        var names = await objections.UnitNamesAsync(actor.OrganizationId, period, ct);
        return TypedResults.Ok(ObjectionDto.From(outcome.Value!, org, names.GetValueOrDefault(outcome.Value!.UnitCode, outcome.Value.UnitCode)));
    }

    public static async Task<Results<FileContentHttpResult, NotFound>> Evidence(string period, long id, HttpContext http, ObjectionService objections, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        var o = await objections.EvidenceAsync(actor, period, id, ct);
        if (o?.Evidence is null) return TypedResults.NotFound();
        return EvidenceDownloads.Api(http, o.Evidence, o.EvidenceType, o.EvidenceName);
    }
}
