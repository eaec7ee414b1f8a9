using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Access;
using Pacesetter.App.Benchmarking;
using Pacesetter.App.Exports;
using Pacesetter.App.Writes;
using Pacesetter.Scoring.Benchmarking;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Pages.Schemes;
using Pacesetter.Web.Pages.Supervision;

namespace Pacesetter.Web.Pages.Benchmarks;

/// <summary>
/// 对标 (issue #11 §1, ADR 0038) under <c>/api/orgs/{org}/benchmarks</c>: <c>GET</c> and <c>PUT</c> the organization's
/// benchmarking data (the scoring.md §10 file without <c>year</c>), <c>GET gap?year=</c> exactly the JSON of
/// <c>pacesetter gap</c> on the same data; <c>/orgs/{org}/benchmarks/report.xlsx|docx?year=</c> the 对标 report of a year
/// as files (the page's downloads). The office (admins) writes; admins and leaders read. Handlers parse and
/// render; <see cref="BenchmarkService"/> decides.
/// </summary>
public static class BenchmarksApi
{
    public static IServiceCollection AddBenchmarks(this IServiceCollection services) => services.AddScoped<BenchmarkService>();

    public static RouteGroupBuilder MapBenchmarksApi(this IEndpointRouteBuilder app)
    {
        var group = app.SupervisionGroup("Benchmarks", "/api/orgs/{org}/benchmarks");
        group.MapGet("", Get)
            .WithName("GetBenchmarks")
            .WithSummary("The organization's benchmarking data: the scoring.md §10 file without year (empty lists when none are stored); ETag is the version. Admins and leaders.")
            .Produces<System.Text.Json.JsonElement>();
        group.MapPut("", Put)
            .WithName("PutBenchmarks")
            .WithSummary("Replaces the benchmarking data with a §10 file without year: all or nothing, 400 with every problem and its JSON path; optional If-Match: \"<version>\" (409 when it changed). Admins.")
            .Accepts<System.Text.Json.JsonElement>("application/json")
            .Produces<System.Text.Json.JsonElement>()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapGet("/gap", Gap)
            .WithName("GetBenchmarkGap")
            .WithSummary("Exactly the JSON of `pacesetter gap` on the stored data compared in year (required, yyyy). Admins and leaders.")
            .Produces<System.Text.Json.JsonElement>();
        // The report's files are downloads from the page: under the page's address, signed in by cookie
        // (the /api prefix takes tokens only), as the races' exports are.
        var files = app.MapGroup("/orgs/{org}/benchmarks").RequireAuthorization().WithTags("Benchmarks").AddEndpointFilter(SupervisionEndpoints.InOrganization).ExcludeFromDescription();
        files.MapGet("/report.xlsx", (HttpContext http, [FromQuery] string? year, BenchmarkService b, IStringLocalizer<SchemesText> t, IStringLocalizer<OutcomeText> o, CancellationToken ct) =>
            Report(http, year, "xlsx", b, t, o, ct)).WithName("GetBenchmarkReportXlsx");
        files.MapGet("/report.docx", (HttpContext http, [FromQuery] string? year, BenchmarkService b, IStringLocalizer<SchemesText> t, IStringLocalizer<OutcomeText> o, CancellationToken ct) =>
            Report(http, year, "docx", b, t, o, ct)).WithName("GetBenchmarkReportDocx");
        return group;
    }

    public static bool Reads(Actor actor) => actor.ReadsAll;

    public static bool Writes(Actor actor) => actor.IsAdmin;

    public static async Task<IResult> Get(HttpContext http, BenchmarkService benchmarks, IStringLocalizer<SchemesText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        if (!Reads(actor)) return SchemesApi.Forbidden(text);
        var stored = await benchmarks.GetAsync(actor.OrganizationId, ct);
        http.Response.Headers.ETag = SchemesApi.ETag(stored?.Version ?? 0);
        return TypedResults.Text(stored?.Document ?? BenchmarkService.EmptyDocument, "application/json; charset=utf-8");
    }

    public static async Task<IResult> Put(HttpRequest request, [FromHeader(Name = "If-Match")] string? ifMatch, BenchmarkService benchmarks,
        IStringLocalizer<SchemesText> text, IStringLocalizer<OutcomeText> outcomes, CancellationToken ct)
    {
        var actor = (await request.HttpContext.GetActorAsync())!;
        if (!Writes(actor)) return SchemesApi.Forbidden(text);
        int? expected = null;
        if (!string.IsNullOrWhiteSpace(ifMatch) && ifMatch.Trim() != "*")
        {
            if (SchemesApi.ParseETag(ifMatch) is not { } v)
            {
                return WriteOutcome<BenchmarkSet>.Invalid("If-Match", $"\"{ifMatch}\" is not a version such as \"3\"", $"“{ifMatch}”不是版本号（如 \"3\"）").ToHttpResult(_ => TypedResults.Ok(), outcomes);
            }
            expected = v;
        }
        var body = await SchemesApi.ReadBodyAsync(request, BenchmarkService.MaxBytes, ct);
        if (body is null)
        {
            return Outcomes.Problem(StatusCodes.Status413PayloadTooLarge, text["Api.BadRequest"], text["Api.BenchmarksTooLarge", BenchmarkService.MaxBytes / 1024]);
        }
        var done = await benchmarks.SaveAsync(actor.OrganizationId, body, expected, actor.UserName, ct);
        return done.ToHttpResult(s =>
        {
            request.HttpContext.Response.Headers.ETag = SchemesApi.ETag(s.Version);
            return TypedResults.Ok(new { version = s.Version });
        }, outcomes);
    }

    public static async Task<IResult> Gap(HttpContext http, [FromQuery] string? year, BenchmarkService benchmarks, IStringLocalizer<SchemesText> text,
        IStringLocalizer<OutcomeText> outcomes, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        if (!Reads(actor)) return SchemesApi.Forbidden(text);
        if (Year(year) is not { } y) return BadYear(year, outcomes);
        var report = await benchmarks.GapAsync(actor.OrganizationId, y, ct);
        return TypedResults.Text(GapReportJson.ToJson(report) + "\n", "application/json; charset=utf-8");
    }

    /// <summary>The 对标 report of a year as a file (<c>xlsx</c> or <c>docx</c>), from the same gap as <see cref="Gap"/>.</summary>
    public static async Task<IResult> Report(HttpContext http, string? year, string format, BenchmarkService benchmarks, IStringLocalizer<SchemesText> text,
        IStringLocalizer<OutcomeText> outcomes, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        if (!Reads(actor)) return SchemesApi.Forbidden(text);
        if (Year(year) is not { } y) return BadYear(year, outcomes);
        var data = await benchmarks.FileAsync(actor.OrganizationId, ct);
        var report = GapCalculator.Compute(data, y);
        var now = Localization.ChinaTime.Of(DateTimeOffset.UtcNow);
        var file = format == "docx"
            ? GapDocument.Build(report, actor.Organization.Name, data.Own.Name, now)
            : GapWorkbook.Build(report, actor.Organization.Name, data.Own.Name, now);
        return TypedResults.File(file.Bytes, file.ContentType, file.Name);
    }

    /// <summary>A year as a request names it: four digits.</summary>
    private static int? Year(string? year) =>
        year is { Length: 4 } && int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y >= 1000 ? y : null;

    private static IResult BadYear(string? year, IStringLocalizer<OutcomeText> outcomes)
    {
        var shown = year ?? "";
        return WriteOutcome<GapReport>.Invalid("year", $"\"{shown}\" is not a year such as 2026 (?year=2026)", $"“{shown}”不是年份，如 2026（?year=2026）")
            .ToHttpResult(_ => TypedResults.Ok(), outcomes);
    }
}
