using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Data;
using Pacesetter.App.Publication;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Pages.Audit;
using Pacesetter.Web.Pages.Schemes;

namespace Pacesetter.Web.Pages.Races;

/// <summary>
/// 发布 the publication API: publish a period (revision N), list and read its revisions — their results and the exact
/// file scored — and open a correction. The same rules as the schemes API (<see cref="SchemesApi"/>): no token → 401,
/// another organization → 404; admins publish and correct, admins and leaders read.
/// </summary>
public static class PublicationApi
{
    public static RouteGroupBuilder MapPublicationApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/orgs/{org}/periods/{period}")
            .RequireAuthorization()
            .WithTags("Publication")
            .AddEndpointFilter(SchemesApi.InOrganizationAndPeriod)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem();

        group.MapPost("/publish", Publish)
            .WithName("Publish")
            .WithSummary("Scores the period's scheme with its approved data and stores revision N (the file scored and its results). 409 when data are missing or unapproved (each listed in `problems`) unless allowIncomplete, or when the period is published and no correction is open. Admins.")
            .Accepts<PublishRequest>("application/json")
            .Produces<PublishResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/revisions", ListRevisions)
            .WithName("ListRevisions")
            .WithSummary("The period's revisions, oldest first: number, time, who, reason, what changed against the one before, notice period. Admins and leaders.")
            .Produces<List<RevisionResponse>>();
        group.MapGet("/revisions/{n:int}", GetRevision)
            .WithName("GetRevision")
            .WithSummary("The results of revision n, as stored at its publication (scoring.md §8 with \"revision\" and each unit's \"change\"). Admins and leaders.")
            .Produces<JsonObject>(StatusCodes.Status200OK, "application/json");
        group.MapGet("/revisions/{n:int}/input", GetRevisionInput)
            .WithName("GetRevisionInput")
            .WithSummary("The exact scheme file revision n scored (with data, adjustments and previous flags): `pacesetter score` on it prints its results. Admins and leaders.")
            .Produces<JsonObject>(StatusCodes.Status200OK, "application/json");
        group.MapPost("/corrections", OpenCorrection)
            .WithName("OpenCorrection")
            .WithSummary("Opens a correction of the period's latest revision (reason required): its scheme and data may be written again until the next publication. Admins.")
            .Accepts<CorrectionRequest>("application/json")
            .Produces<CorrectionResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    public sealed record PublishRequest(string? Reason, bool? AllowIncomplete);

    public sealed record PublishResponse(string Period, int Revision, DateTimeOffset CreatedAt, string CreatedBy, string? Reason, bool Incomplete,
        IReadOnlyList<MissingDatum> Missing, IReadOnlyList<RevisionChange>? Changes, DateTimeOffset NoticeEndsAt, string? AuditHead);

    public sealed record RevisionResponse(int Revision, DateTimeOffset CreatedAt, string CreatedBy, string? Reason, bool Incomplete,
        IReadOnlyList<MissingDatum> Missing, IReadOnlyList<RevisionChange> Changes, DateTimeOffset NoticeEndsAt);

    public sealed record CorrectionRequest(string? Reason);

    public sealed record CorrectionResponse(string Period, int AfterRevision, string Reason, string OpenedBy, DateTimeOffset OpenedAt);

    public static async Task<IResult> Publish(string org, string period, PublishRequest? body, HttpContext http, PublicationService publication, PacesetterDb db,
        IStringLocalizer<SchemesText> text, IStringLocalizer<OutcomeText> outcomes, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        if (!actor.IsAdmin) return SchemesApi.Forbidden(text);
        var done = await publication.PublishAsync(actor.OrganizationId, period, actor.UserName, body?.Reason, body?.AllowIncomplete ?? false, ct);
        if (!done.IsOk) return done.ToHttpResult(_ => TypedResults.Empty, outcomes);
        var r = done.Value!;
        var head = await App.Audit.AuditLog.HeadAsync(db, actor.OrganizationId, ct);
        var header = PublicationStore.HeaderOf(r);
        return TypedResults.Created($"/api/orgs/{org}/periods/{period}/revisions/{r.Number}",
            new PublishResponse(period, r.Number, r.CreatedAt, r.CreatedBy, r.Reason, r.Incomplete, header.Missing, r.Number > 1 ? header.Changes : null, r.NoticeEndsAt, head?.ToString()));
    }

    public static async Task<IResult> ListRevisions(string period, HttpContext http, PublicationStore store, IStringLocalizer<SchemesText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        if (!actor.ReadsAll) return SchemesApi.Forbidden(text);
        var list = await store.RevisionsAsync(actor.OrganizationId, period, ct);
        return TypedResults.Json(list.Select(h => new RevisionResponse(h.Number, h.CreatedAt, h.CreatedBy, h.Reason, h.Incomplete, h.Missing, h.Changes, h.NoticeEndsAt)).ToList(),
            PublicationStore.Stored);
    }

    public static Task<IResult> GetRevision(string period, int n, HttpContext http, PublicationStore store, PacesetterDb db, IStringLocalizer<SchemesText> text, CancellationToken ct) =>
        StoredFileAsync(period, n, http, store, db, text, r => r.Results, ct);

    public static Task<IResult> GetRevisionInput(string period, int n, HttpContext http, PublicationStore store, PacesetterDb db, IStringLocalizer<SchemesText> text, CancellationToken ct) =>
        StoredFileAsync(period, n, http, store, db, text, r => r.Input, ct);

    private static async Task<IResult> StoredFileAsync(string period, int n, HttpContext http, PublicationStore store, PacesetterDb db, IStringLocalizer<SchemesText> text, Func<Revision, byte[]> file, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        if (!actor.ReadsAll) return SchemesApi.Forbidden(text);
        var revision = await store.RevisionAsync(actor.OrganizationId, period, n, ct);
        if (revision is null) return Outcomes.Problem(StatusCodes.Status404NotFound, text["Api.NoRevision", period, n]);
        await AuditHeadHeader.AddAsync(http.Response, db, actor.OrganizationId, ct);
        return StoredJson(http, file(revision));
    }

    /// <summary>
    /// A stored file as the response: handed on compressed when the client accepts gzip (the stored bytes themselves,
    /// a province's tens of megabytes never inflated), else inflated.
    /// </summary>
    public static IResult StoredJson(HttpContext http, byte[] gzip)
    {
        if (http.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
        {
            http.Response.Headers.ContentEncoding = "gzip";
            http.Response.Headers.Vary = "Accept-Encoding";
            return TypedResults.Bytes(gzip, "application/json; charset=utf-8");
        }
        return TypedResults.Bytes(PublicationStore.UnzipBytes(gzip), "application/json; charset=utf-8");
    }

    public static async Task<IResult> OpenCorrection(string period, CorrectionRequest? body, HttpContext http, PublicationService publication,
        IStringLocalizer<SchemesText> text, IStringLocalizer<OutcomeText> outcomes, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        if (!actor.IsAdmin) return SchemesApi.Forbidden(text);
        var done = await publication.OpenCorrectionAsync(actor.OrganizationId, period, actor.UserName, body?.Reason ?? "", ct);
        return done.ToHttpResult(c => TypedResults.Created($"/api/orgs/{http.GetRouteValue("org")}/periods/{period}/revisions",
            new CorrectionResponse(c.Period, c.AfterRevision, c.Reason, c.OpenedBy, c.OpenedAt)), outcomes);
    }
}
