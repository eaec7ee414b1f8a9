using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Access;
using Pacesetter.App.Surveys;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Output;
using Pacesetter.Scoring.Surveys;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Pages.Schemes;
using Pacesetter.Web.Pages.Supervision;
using Pacesetter.Web.Pages.Supervision.Matters;

namespace Pacesetter.Web.Pages.Surveys;

/// <summary>
/// 民主测评 / 满意度测评 (issue #12, surveys.md, ADR 0043) under <c>/api/orgs/{org}/surveys</c>: <c>GET</c> the list,
/// <c>GET</c>/<c>PUT {id}</c> the survey object of §1 (admins write; admins and leaders read), <c>POST {id}/links</c>
/// one-time links, <c>POST {id}/ballots</c> paper ballots, <c>GET {id}/result</c> exactly the JSON of
/// <c>pacesetter survey</c>, <c>POST {id}/close</c> and <c>{id}/reopen</c>, and the exports (<c>{id}/file</c> the
/// command's file, <c>{id}/ballots.csv</c>, <c>{id}/result.xlsx</c>). The ballot itself is cast at <c>/s/{token}</c>
/// (the ballot page). Handlers parse and render; <see cref="SurveyService"/> decides.
/// </summary>
public static class SurveysApi
{
    /// <summary>The largest body: a survey, or a request's paper ballots (10,000 ballots of 100 units fit).</summary>
    public const int MaxBytes = 16 * 1024 * 1024;

    public static IServiceCollection AddSurveys(this IServiceCollection services) => services
        .AddSingleton<BallotBox>()
        .AddScoped(sp => new SurveyService(sp.GetRequiredService<App.Data.PacesetterDb>(), sp.GetRequiredService<BallotBox>()));

    public static RouteGroupBuilder MapSurveysApi(this IEndpointRouteBuilder app)
    {
        // A ballot sent as JSON: its own endpoint, ahead of the page's (which takes the form post without script).
        app.MapPost("/s/{token}", (HttpContext http, string token, SurveyService surveys, BallotGuard guard, IStringLocalizer<OutcomeText> outcomes, IStringLocalizer<BallotText> text) =>
                BallotModel.CastJsonAsync(http, token, surveys, guard, outcomes, text))
            .Accepts<JsonObject>("application/json")
            .AllowAnonymous()
            .RequireRateLimiting(BallotGuard.Policy)
            .WithTags("Surveys")
            .WithName("CastBallot")
            .WithSummary("Casts a one-time link's ballot: {\"ratings\": {\"D1\": \"a\", …}} → 201; 400 with why it would be invalid (nothing cast); 404 unknown link; 409 used; 410 closed; 429 an address that floods. No sign-in: the token is the credential.")
            .DisableAntiforgery();
        var group = app.SupervisionGroup("Surveys", "/api/orgs/{org}/surveys");
        group.MapGet("", List).WithName("ListSurveys").WithSummary("The organization's surveys with their state and figures (ballots stored, links made and used). Admins and leaders.");
        group.MapGet("/{id}", Get).WithName("GetSurvey").WithSummary("A survey object (surveys.md §1) as stored; ETag is its version. Admins and leaders.");
        group.MapPut("/{id}", Put).WithName("PutSurvey")
            .WithSummary("Creates or changes a survey: the object of surveys.md §1 (id = the address's, period required, units of the organization), all or nothing, 400 with every problem and its JSON path; optional If-Match. Once ballots are stored, its units, options and groups keep their ids and order (409). Admins.");
        group.MapPost("/{id}/links", Links).WithName("CreateSurveyLinks")
            .WithSummary("Creates one-time links: {\"group\", \"count\" (1–1000), \"rater\"? (the rater's unit, exactly where the group excludes self-rating)} → 201 {\"links\": [{\"token\", \"url\"}]}, the url ending in /s/{token}. The tokens are shown once. Admins.")
            .Produces(StatusCodes.Status201Created);
        group.MapPost("/{id}/ballots", Paper).WithName("EnterSurveyBallots")
            .WithSummary("Enters paper ballots: a list of ballots as in surveys.md §2 (or {\"ballots\": […]}), at most 10,000, all or nothing; a ballot that breaks a rule is counted invalid → 201 {\"entered\", \"valid\", \"invalid\"}. Admins.")
            .Produces(StatusCodes.Status201Created);
        group.MapGet("/{id}/result", Result).WithName("GetSurveyResult").WithSummary("The tally: exactly the JSON of `pacesetter survey` on the survey and its ballots (surveys.md §3). Admins and leaders.");
        group.MapPost("/{id}/close", Close).WithName("CloseSurvey")
            .WithSummary("Closes the survey: no more ballots; every base indicator of the period's scheme whose source is surveys/{id} takes each unit's score as system-entered data (surveys.md §4) → {\"fed\": [{\"indicator\", \"units\", \"locked\"}]}. Admins.");
        group.MapPost("/{id}/reopen", Reopen).WithName("ReopenSurvey")
            .WithSummary("Reopens a closed survey: {\"reason\"} (required); the indicators it fed have no datum until it is closed again. Admins.");
        group.MapGet("/{id}/file", File).WithName("GetSurveyFileApi").WithSummary("The survey and its ballots as the file of `pacesetter survey` (surveys.md §5), anonymous. Admins and leaders.");
        // The exports are also downloads from the pages: under the page's address, signed in by cookie (the /api prefix takes tokens only).
        var files = app.MapGroup("/orgs/{org}/surveys/{id}").RequireAuthorization().WithTags("Surveys").AddEndpointFilter(SupervisionEndpoints.InOrganization).ExcludeFromDescription();
        files.MapGet("/file.json", File).WithName("GetSurveyFile");
        files.MapGet("/ballots.csv", Csv).WithName("GetSurveyBallotsCsv");
        files.MapGet("/result.xlsx", Workbook).WithName("GetSurveyResultXlsx");
        group.MapGet("/{id}/ballots.csv", Csv).WithName("GetSurveyBallotsCsvApi").WithSummary("The ballots, anonymous, as CSV (UTF-8 with BOM): group, rater, then one column per unit. Admins and leaders.");
        group.MapGet("/{id}/result.xlsx", Workbook).WithName("GetSurveyResultXlsxApi").WithSummary("The tally as .xlsx. Admins and leaders.");
        return group;
    }

    private static IResult Refuse<T>(WriteOutcome<T> outcome, IStringLocalizer<OutcomeText> text) => outcome.ToHttpResult(_ => TypedResults.Ok(), text);

    public static JsonObject Summary(SurveySummary s) => new()
    {
        ["id"] = s.Row.Code,
        ["name"] = s.Row.Name,
        ["period"] = s.Row.Period,
        ["state"] = s.Row.State == SurveyState.Closed ? "closed" : "open",
        ["ballots"] = s.Ballots,
        ["links"] = s.Links,
        ["linksUsed"] = s.LinksUsed,
        ["version"] = s.Row.Version,
    };

    public static async Task<IResult> List(HttpContext http, SurveyService surveys, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        if (!SurveyService.MayRead(actor)) return Refuse(WriteOutcome<object>.Forbidden(), text);
        var list = await surveys.ListAsync(actor.OrganizationId, ct);
        return TypedResults.Json(new JsonObject { ["surveys"] = new JsonArray([.. list.Select(Summary)]) });
    }

    /// <summary>The survey of the address that <paramref name="actor"/> may read, or the refusal.</summary>
    private static async Task<(StoredSurvey? Row, IResult? Refusal)> ReadableAsync(Actor actor, string id, SurveyService surveys, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        if (!SurveyService.MayRead(actor)) return (null, Refuse(WriteOutcome<object>.Forbidden(), text));
        var row = await surveys.GetAsync(actor.OrganizationId, id, ct);
        return row is null ? (null, Refuse(WriteOutcome<object>.NotFound(), text)) : (row, null);
    }

    public static async Task<IResult> Get(HttpContext http, string id, SurveyService surveys, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        var (row, refusal) = await ReadableAsync(actor, id, surveys, text, ct);
        if (refusal is not null) return refusal;
        http.Response.Headers.ETag = SchemesApi.ETag(row!.Version);
        http.Response.Headers["X-Survey-State"] = row.State == SurveyState.Closed ? "closed" : "open";
        return TypedResults.Text(SurveyFileJson.ToJson(SurveyService.Parse(row), null), "application/json; charset=utf-8");
    }

    public static async Task<IResult> Put(HttpRequest request, string id, [FromHeader(Name = "If-Match")] string? ifMatch, SurveyService surveys,
        IStringLocalizer<SchemesText> schemesText, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await request.HttpContext.GetActorAsync())!;
        if (!actor.IsAdmin) return Refuse(WriteOutcome<object>.Forbidden(), text);
        int? expected = null;
        if (!string.IsNullOrWhiteSpace(ifMatch) && ifMatch.Trim() != "*")
        {
            if (SchemesApi.ParseETag(ifMatch) is not { } v) return Refuse(WriteOutcome<object>.Invalid("If-Match", $"\"{ifMatch}\" is not a version such as \"3\"", $"“{ifMatch}”不是版本号（如 \"3\"）"), text);
            expected = v;
        }
        var body = await SchemesApi.ReadBodyAsync(request, SurveyService.MaxDocument, ct);
        if (body is null) return TooLarge(SurveyService.MaxDocument);
        var outcome = await surveys.SaveAsync(actor, id, body, expected, ct);
        return outcome.ToHttpResult(s =>
        {
            request.HttpContext.Response.Headers.ETag = SchemesApi.ETag(s.Version);
            return TypedResults.Ok(new { version = s.Version });
        }, text);
    }

    private static IResult TooLarge(int bytes) => Outcomes.Problem(StatusCodes.Status413PayloadTooLarge,
        new Problem("$", "Request too large", "请求过大").Message(Outcomes.Language),
        new Problem("$", $"at most {bytes / 1024} KB", $"不能超过 {bytes / 1024} KB").Message(Outcomes.Language));

    /// <summary>The address of a link's ballot page, from the request's scheme and host (behind a proxy, its forwarded ones).</summary>
    public static string BallotUrl(HttpRequest request, string token) => $"{request.Scheme}://{request.Host}{request.PathBase}/s/{token}";

    public static async Task<IResult> Links(HttpRequest request, string id, SurveyService surveys, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await request.HttpContext.GetActorAsync())!;
        var (body, bad) = await MatterJson.ReadObjectAsync(request, "{\"group\", \"count\", \"rater\"?}", ct);
        if (body is null) return Refuse(WriteOutcome<object>.Invalid([bad!]), text);
        var r = new MatterJson.Reader(body);
        var group = r.Text("group");
        var count = r.Number("count");
        var rater = r.Text("rater");
        if (count is { } c && c != decimal.Truncate(c)) r.Problems.Add(new Problem("$.count", "must be a whole number", "应为整数"));
        if (r.Problems.Count > 0) return Refuse(WriteOutcome<object>.Invalid(r.Problems), text);
        int? n = count is { } x && x == decimal.Truncate(x) && x >= int.MinValue && x <= int.MaxValue ? (int)x : count is null ? null : 0;
        var outcome = await surveys.CreateLinksAsync(actor, id, group, n, rater, ct);
        return outcome.ToHttpResult(tokens => TypedResults.Json(new JsonObject
        {
            ["links"] = new JsonArray([.. tokens.Select(t => new JsonObject { ["token"] = t, ["url"] = BallotUrl(request, t) })]),
        }, statusCode: StatusCodes.Status201Created), text);
    }

    public static async Task<IResult> Paper(HttpRequest request, string id, SurveyService surveys, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await request.HttpContext.GetActorAsync())!;
        if (!actor.IsAdmin) return Refuse(WriteOutcome<object>.Forbidden(), text);
        var row = await surveys.GetAsync(actor.OrganizationId, id, ct);
        if (row is null) return Refuse(WriteOutcome<object>.NotFound(), text);
        var body = await SchemesApi.ReadBodyAsync(request, MaxBytes, ct);
        if (body is null) return TooLarge(MaxBytes);
        List<Ballot> ballots;
        try
        {
            ballots = SurveyReader.ReadBallots(SurveyService.Parse(row), body, SurveyService.MaxPaperBallots);
        }
        catch (InvalidInputException e)
        {
            return Refuse(WriteOutcome<object>.Invalid(e.Problems), text);
        }
        var outcome = await surveys.EnterPaperAsync(actor, id, ballots, DateTimeOffset.UtcNow, ct, "api");
        return outcome.ToHttpResult(v => TypedResults.Json(new JsonObject { ["entered"] = v.Valid + v.Invalid, ["valid"] = v.Valid, ["invalid"] = v.Invalid }, statusCode: StatusCodes.Status201Created), text);
    }

    public static async Task<IResult> Result(HttpContext http, string id, SurveyService surveys, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        var (row, refusal) = await ReadableAsync(actor, id, surveys, text, ct);
        if (refusal is not null) return refusal;
        var result = await surveys.ResultAsync(row!, ct);
        return TypedResults.Text(SurveyResultJson.ToJson(result), "application/json; charset=utf-8");
    }

    public static async Task<IResult> Close(HttpContext http, string id, SurveyService surveys, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        var outcome = await surveys.CloseAsync(actor, id, ct);
        return outcome.ToHttpResult(c => TypedResults.Json(new JsonObject
        {
            ["state"] = "closed",
            ["fed"] = new JsonArray([.. c.Fed.Select(f => new JsonObject { ["indicator"] = f.Indicator, ["units"] = new JsonArray([.. f.ChangedUnits.Select(u => (JsonNode)u)]), ["locked"] = f.Locked })]),
        }), text);
    }

    public static async Task<IResult> Reopen(HttpRequest request, string id, SurveyService surveys, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await request.HttpContext.GetActorAsync())!;
        var (body, bad) = await MatterJson.ReadObjectAsync(request, "{\"reason\"}", ct);
        if (body is null) return Refuse(WriteOutcome<object>.Invalid([bad!]), text);
        var r = new MatterJson.Reader(body);
        var reason = r.Text("reason");
        if (r.Problems.Count > 0) return Refuse(WriteOutcome<object>.Invalid(r.Problems), text);
        var outcome = await surveys.ReopenAsync(actor, id, reason, ct);
        return outcome.ToHttpResult(_ => TypedResults.Json(new JsonObject { ["state"] = "open" }), text);
    }

    public static async Task<IResult> File(HttpContext http, string id, SurveyService surveys, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        var (row, refusal) = await ReadableAsync(actor, id, surveys, text, ct);
        if (refusal is not null) return refusal;
        var survey = SurveyService.Parse(row!);
        var json = SurveyFileJson.ToJson(survey, await surveys.BallotsAsync(row!, survey, ct));
        return TypedResults.File(Encoding.UTF8.GetBytes(json), "application/json; charset=utf-8", $"{row!.Code}.survey.json");
    }

    public static async Task<IResult> Csv(HttpContext http, string id, SurveyService surveys, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        var (row, refusal) = await ReadableAsync(actor, id, surveys, text, ct);
        if (refusal is not null) return refusal;
        var survey = SurveyService.Parse(row!);
        var bytes = SurveyExports.Csv(survey, await surveys.BallotsAsync(row!, survey, ct));
        return TypedResults.File(bytes, "text/csv; charset=utf-8", $"{row!.Code}-ballots.csv");
    }

    public static async Task<IResult> Workbook(HttpContext http, string id, SurveyService surveys, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        var (row, refusal) = await ReadableAsync(actor, id, surveys, text, ct);
        if (refusal is not null) return refusal;
        var result = await surveys.ResultAsync(row!, ct);
        var names = await surveys.UnitNamesAsync(actor.OrganizationId, ct);
        var file = SurveyExports.Workbook(result, row!, names, Localization.ChinaTime.Of(DateTimeOffset.UtcNow));
        return TypedResults.File(file.Bytes, file.ContentType, file.Name);
    }
}
