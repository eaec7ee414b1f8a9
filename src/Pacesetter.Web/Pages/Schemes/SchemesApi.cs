using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Data;
using Pacesetter.App.Schemes;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Output;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Localization;
using Pacesetter.Web.Pages.Audit;

namespace Pacesetter.Web.Pages.Schemes;

/// <summary>
/// The schemes API: a period's scheme file in and out, for programs holding a bearer token (its results: <see cref="Results.ResultsApi"/>).
/// <list type="bullet">
/// <item>No token → 401. A token of another organization, or an organization that does not exist → 404 (the API
/// does not reveal which organizations exist). A member without the role → 403.</item>
/// <item>Only admins and leaders read schemes and results (assessors and reporters → 403: the file holds every
/// unit's approved data); only admins PUT.</item>
/// <item>Problems are listed in the ProblemDetails extension <c>problems</c> as <c>{ "path", "message" }</c>, the
/// message in the request's language (<see cref="Localization.RequestLanguage"/>): English for <c>Accept-Language: en</c>,
/// <c>?lang=en</c> or the <c>en</c> culture cookie, Chinese otherwise — the same paths and texts as <c>pacesetter validate</c>.</item>
/// </list>
/// </summary>
public static class SchemesApi
{
    public static RouteGroupBuilder MapSchemesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/orgs/{org}/periods/{period}")
            .RequireAuthorization()
            .WithTags("Schemes")
            .AddEndpointFilter(InOrganizationAndPeriod)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem();

        group.MapGet("/scheme", GetScheme)
            .WithName("GetScheme")
            .WithSummary("The period's scheme file with its approved data and adjustments; ETag is the version. Admins and leaders.")
            .Produces<JsonObject>(StatusCodes.Status200OK, "application/json");
        group.MapPut("/scheme", PutScheme)
            .WithName("PutScheme")
            .WithSummary("Imports a scheme file: a new version, its units, its data as approved rows, the data of units and indicators it no longer has removed, in one transaction; refused (400) when the period could not be scored afterwards or two units would share a name. Admins. Optional If-Match: \"<version>\"; optional ?plan=<token of POST …/scheme/preview>: 409 unless the plan is still the one previewed.")
            .Accepts<JsonObject>("application/json")
            .Produces<ImportResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapPost("/scheme/preview", PreviewScheme)
            .WithName("PreviewScheme")
            .WithSummary("What importing the scheme file would change (units renamed and added, indicators and data dropped, data replaced, the new version), without changing anything; 400 with the problems when it would be refused. ?values=true lists every changed value. Its token, given to PUT as ?plan=, applies exactly this plan. Admins.")
            .Accepts<JsonObject>("application/json")
            .Produces<ImportPreview>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return group;
    }

    /// <summary>Every endpoint: the token's organization is the route's (else 404), the period is a period (else 400).</summary>
    internal static async ValueTask<object?> InOrganizationAndPeriod(EndpointFilterInvocationContext ctx, EndpointFilterDelegate next)
    {
        var http = ctx.HttpContext;
        var text = http.RequestServices.GetRequiredService<IStringLocalizer<SchemesText>>();
        var org = http.GetRouteValue("org") as string ?? "";
        var period = http.GetRouteValue("period") as string ?? "";
        if (await http.GetActorInAsync(org) is null)
        {
            return Outcomes.Problem(StatusCodes.Status404NotFound, text["Api.OrgNotFound"], text["Api.OrgNotFound.Detail", org]);
        }
        if (!Periods.IsValid(period))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["period"] = [text["Api.BadPeriod", period]] }, title: text["Api.BadRequest"]);
        }
        return await next(ctx);
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetScheme(string period, HttpContext http, SchemeStore store, PacesetterDb db, IStringLocalizer<SchemesText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        if (!actor.ReadsAll) return Forbidden(text);
        var current = await store.CurrentAsync(actor.OrganizationId, period, ct);
        var file = current is null ? null : await store.AssembleAsync(actor.OrganizationId, period, ct: ct);
        if (current is null || file is null) return NoScheme(text, period);
        http.Response.Headers.ETag = ETag(current.Version);
        await AuditHeadHeader.AddAsync(http.Response, db, actor.OrganizationId, ct);
        return TypedResults.Text(SchemeLayout.Arrange(file).ToJsonString(JsonFormats.Indented), "application/json; charset=utf-8");
    }

    public sealed record ImportResponse(string Period, int Version, UnitCounts Units, DataCounts Data);

    public sealed record UnitCounts(int Created, int Renamed);

    public sealed record DataCounts(int Imported, int Removed);

    public static async Task<IResult> PutScheme(
        string period, HttpRequest request, [FromHeader(Name = "If-Match")] string? ifMatch, [FromQuery] string? reason, [FromQuery] string? plan,
        SchemeImporter importer, SchemeFileLimit limit, IStringLocalizer<SchemesText> text, IStringLocalizer<OutcomeText> outcomes, CancellationToken ct)
    {
        var actor = (await request.HttpContext.GetActorAsync())!;
        if (!actor.IsAdmin) return Forbidden(text);
        int? expected = null;
        if (!string.IsNullOrWhiteSpace(ifMatch) && ifMatch.Trim() != "*")
        {
            if (ParseETag(ifMatch) is not { } v)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["If-Match"] = [text["Api.BadIfMatch", ifMatch]] }, title: text["Api.BadRequest"]);
            }
            expected = v;
        }
        var body = await ReadBodyAsync(request, limit.Bytes, ct);
        if (body is null)
        {
            return Outcomes.Problem(StatusCodes.Status413PayloadTooLarge, text["Api.TooLarge", limit.Megabytes]);
        }
        var outcome = await importer.ImportAsync(actor.OrganizationId, period, body, actor.UserName, reason, expected, ct, string.IsNullOrWhiteSpace(plan) ? null : plan.Trim());
        switch (outcome.Status)
        {
            case WriteStatus.Invalid:
                return outcome.ToHttpResult(_ => TypedResults.Ok(), outcomes, text["Api.Invalid"], text["Api.Invalid.Detail", outcome.Problems.Count]);
            case WriteStatus.Conflict when outcome.Value?.Version is { } current:
                return outcome.ToHttpResult(_ => TypedResults.Ok(), outcomes, text["Api.Conflict"],
                    text["Api.Conflict.Detail", current.Version, current.CreatedBy, current.CreatedAt.ToString("u", CultureInfo.InvariantCulture), expected ?? 0],
                    new Dictionary<string, object?> { ["currentVersion"] = current.Version, ["savedBy"] = current.CreatedBy, ["savedAt"] = current.CreatedAt });
        }
        return outcome.ToHttpResult(imported =>
        {
            request.HttpContext.Response.Headers.ETag = ETag(imported.Version.Version);
            return TypedResults.Ok(new ImportResponse(period, imported.Version.Version, new UnitCounts(imported.UnitsCreated, imported.UnitsRenamed), new DataCounts(imported.DataImported, imported.DataRemoved)));
        }, outcomes);
    }

    /// <summary><c>POST …/scheme/preview</c>: the import's preview, nothing written.</summary>
    public static async Task<IResult> PreviewScheme(
        string period, HttpRequest request, [FromQuery] bool? values,
        SchemeImporter importer, SchemeFileLimit limit, IStringLocalizer<SchemesText> text, IStringLocalizer<OutcomeText> outcomes, CancellationToken ct)
    {
        var actor = (await request.HttpContext.GetActorAsync())!;
        if (!actor.IsAdmin) return Forbidden(text);
        var body = await ReadBodyAsync(request, limit.Bytes, ct);
        if (body is null)
        {
            return Outcomes.Problem(StatusCodes.Status413PayloadTooLarge, text["Api.TooLarge", limit.Megabytes]);
        }
        var outcome = await importer.PreviewAsync(actor.OrganizationId, period, body, actor.UserName, ct);
        if (!outcome.IsOk) return outcome.ToHttpResult(_ => TypedResults.Ok(), outcomes, text["Api.Invalid"], text["Api.Invalid.Detail", outcome.Problems.Count]);
        var preview = outcome.Value!;
        if (values != true) preview = preview with { Data = [.. preview.Data.Select(d => d with { Values = null })] };
        return TypedResults.Ok(preview);
    }


    internal static ProblemHttpResult Invalid(IStringLocalizer<SchemesText> text, IReadOnlyList<Problem> problems, int status) =>
        Outcomes.Problem(status, text["Api.Invalid"], text["Api.Invalid.Detail", problems.Count],
            new Dictionary<string, object?> { ["problems"] = Outcomes.Items(problems) });

    internal static ProblemHttpResult Forbidden(IStringLocalizer<SchemesText> text) => Outcomes.Problem(StatusCodes.Status403Forbidden, text["Api.Forbidden"]);

    internal static ProblemHttpResult NoScheme(IStringLocalizer<SchemesText> text, string period) => Outcomes.Problem(StatusCodes.Status404NotFound, text["Api.NoScheme", period]);

    public static string ETag(int version) => $"\"{version}\"";

    /// <summary><c>"3"</c>, <c>W/"3"</c> or <c>3</c> → 3.</summary>
    public static int? ParseETag(string value)
    {
        var v = value.Trim();
        if (v.StartsWith("W/", StringComparison.Ordinal)) v = v[2..];
        v = v.Trim('"');
        return int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    /// <summary>The request body, or null when it is larger than a scheme file may be.</summary>
    internal static async Task<byte[]?> ReadBodyAsync(HttpRequest request, long limit, CancellationToken ct)
    {
        if (request.ContentLength > limit) return null;
        // Kestrel refuses bodies over 30 MB by default: this route reads up to the scheme file's own limit.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit + 1;
        if (request.ContentLength is { } length)
        {
            // A stated length: read into an array of exactly that size (a phone's ballot is a few hundred bytes).
            var body = new byte[length];
            int read = 0, n;
            while (read < body.Length && (n = await request.Body.ReadAsync(body.AsMemory(read), ct)) > 0) read += n;
            // The server holds a body to its stated length (Kestrel refuses one that runs short or long).
            return read < body.Length ? body[..read] : body;
        }
        using var ms = new MemoryStream();
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int n;
            while ((n = await request.Body.ReadAsync(buffer, ct)) > 0)
            {
                if (ms.Length + n > limit) return null;
                ms.Write(buffer, 0, n);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
        return ms.ToArray();
    }
}
