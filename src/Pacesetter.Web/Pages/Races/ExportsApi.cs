using Microsoft.AspNetCore.Http.HttpResults;
using Pacesetter.App.Exports;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Localization;

namespace Pacesetter.Web.Pages.Races;

/// <summary>
/// 导出 the period's files for people signed in with the cookie (ADR 0024), linked from the exports page
/// (<c>/orgs/{org}/races/{period}/exports</c>): every unit's task letter as a zip, one unit's letter, the leaderboard
/// workbook and CSV and the posting of the latest published revision. Admins and leaders download everything, a reporter
/// its own unit's letter; another organization, an unknown period, unit or an unpublished period: 404 (the not-found
/// page); a refusal: 403 (the refusal page). Names are UTF-8 in Content-Disposition (<c>filename*</c>, RFC 5987).
/// </summary>
public static class ExportsApi
{
    public const string Prefix = "/orgs/{org}/races/{period}/exports";

    public static RouteGroupBuilder MapExportsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Prefix).RequireAuthorization().WithTags("Exports").ExcludeFromDescription();
        group.MapGet("/letters.zip", Letters).WithName("ExportLetters");
        group.MapGet("/letters/{unit}.docx", Letter).WithName("ExportLetter");
        group.MapGet("/board.xlsx", (string org, string period, HttpContext http, ExportService exports, CancellationToken ct) =>
            Published(org, period, PublishedExport.Workbook, http, exports, ct)).WithName("ExportBoardWorkbook");
        group.MapGet("/board.csv", (string org, string period, HttpContext http, ExportService exports, CancellationToken ct) =>
            Published(org, period, PublishedExport.Csv, http, exports, ct)).WithName("ExportBoardCsv");
        group.MapGet("/posting.docx", (string org, string period, HttpContext http, ExportService exports, CancellationToken ct) =>
            Published(org, period, PublishedExport.Posting, http, exports, ct)).WithName("ExportPosting");
        return group;
    }

    public static async Task<Results<FileContentHttpResult, StatusCodeHttpResult>> Letters(string org, string period, HttpContext http, ExportService exports, CancellationToken ct) =>
        await http.GetActorInAsync(org) is { } actor && Periods.IsValid(period) ? Answer(await exports.LettersAsync(actor, period, ct)) : TypedResults.StatusCode(StatusCodes.Status404NotFound);

    public static async Task<Results<FileContentHttpResult, StatusCodeHttpResult>> Letter(string org, string period, string unit, HttpContext http, ExportService exports, CancellationToken ct) =>
        await http.GetActorInAsync(org) is { } actor && Periods.IsValid(period) ? Answer(await exports.LetterAsync(actor, period, unit, ct)) : TypedResults.StatusCode(StatusCodes.Status404NotFound);

    public static async Task<Results<FileContentHttpResult, StatusCodeHttpResult>> Published(string org, string period, PublishedExport kind, HttpContext http, ExportService exports, CancellationToken ct) =>
        await http.GetActorInAsync(org) is { } actor && Periods.IsValid(period) ? Answer(await exports.PublishedAsync(actor, period, kind, ChinaTime.Of, ct)) : TypedResults.StatusCode(StatusCodes.Status404NotFound);

    /// <summary>The file, or an empty 403/404 that the refusal and not-found pages fill in (ADR 0007, 0015).</summary>
    private static Results<FileContentHttpResult, StatusCodeHttpResult> Answer(WriteOutcome<ExportFile> outcome) =>
        outcome is { IsOk: true, Value: { } file }
            ? TypedResults.File(file.Bytes, file.ContentType, file.Name)
            : TypedResults.StatusCode(Outcomes.StatusOf(outcome.Status));
}
