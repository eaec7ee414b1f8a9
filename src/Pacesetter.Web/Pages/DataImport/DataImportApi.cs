using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Localization;
using Pacesetter.App.DataEntry;
using Pacesetter.App.DataImport;
using Pacesetter.App.Spreadsheets;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Pages.Supervision;

namespace Pacesetter.Web.Pages.DataImport;

/// <summary>
/// Figures from spreadsheets (issue #11 §3, ADR 0042): <c>GET /api/orgs/{org}/periods/{period}/template.xlsx</c> (also
/// under <c>/orgs/…</c> for the pages' cookie) is the period's template for the caller; <c>POST …/data/import</c>
/// (multipart field <c>file</c>; <c>?preview=true</c> stores nothing) imports a filled template or a long table all or
/// nothing, answering 400 with every problem as <c>{"sheet", "cell", "message"}</c>. Handlers parse and render;
/// <see cref="DataImportService"/> decides.
/// </summary>
public static class DataImportApi
{
    /// <summary>The largest upload: the spreadsheet reader's limit, and the multipart envelope around it.</summary>
    public static long MaxBytes => SpreadsheetLimits.Default.MaxBytes;

    public static IServiceCollection AddDataImport(this IServiceCollection services) => services.AddScoped<DataImportService>();

    public static RouteGroupBuilder MapDataImportApi(this IEndpointRouteBuilder app)
    {
        var group = app.SupervisionGroup("DataImport", "/api/orgs/{org}/periods/{period}");
        group.MapGet("/template.xlsx", Template).WithName("GetDataTemplate")
            .WithSummary("The period's data template for the caller (.xlsx): a sheet per category, units as rows, a column per datum field, drop-downs for grades and award levels, locked headers, and 填报说明. The office all; a reporter its units; an assessor its indicators.");
        group.MapPost("/data/import", Import).WithName("ImportData")
            .WithSummary("Imports a filled template or a long table (unit,indicator,value,target,previous or 单位,指标,值,目标,上期) as .xlsx or .csv (UTF-8, GB18030), multipart field file (20 MB): all or nothing, 400 with every problem as {sheet, cell, message}; ?preview=true stores nothing and lists what would change. An admin's figures are approved, others' drafts; the file is kept with its SHA-256.")
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        var files = app.MapGroup("/orgs/{org}/periods/{period}").RequireAuthorization().WithTags("DataImport").AddEndpointFilter(SupervisionEndpoints.InOrganization).ExcludeFromDescription();
        files.MapGet("/template.xlsx", Template).WithName("GetDataTemplatePage");
        return group;
    }

    public static async Task<IResult> Template(HttpContext http, string period, DataImportService imports, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        var file = await imports.TemplateAsync(actor, period, ct);
        if (file is null) return Refusal(ImportOutcome.Refused(ImportStatus.Forbidden, new SheetProblem("", "", "you enter no datum of this period (or it has no scheme)", "您在本期没有需要填报的数据（或本期没有考核方案）")), text);
        return TypedResults.File(file.Bytes, file.ContentType, file.Name);
    }

    public static async Task<IResult> Import(HttpRequest request, string period, [FromQuery] bool? preview, DataImportService imports, IStringLocalizer<OutcomeText> text, CancellationToken ct)
    {
        var actor = (await request.HttpContext.GetActorAsync())!;
        var (file, name, refusal) = await ReadFileAsync(request, ct);
        if (refusal is not null) return Refusal(refusal, text);
        var outcome = await imports.ImportAsync(actor, period, name!, file!, commit: preview != true, ct);
        return outcome.Status == ImportStatus.Ok ? TypedResults.Json(Json(outcome)) : Refusal(outcome, text);
    }

    /// <summary>
    /// The upload's bytes and name (multipart field <c>file</c>), refused at once when the request says it is larger than
    /// <see cref="MaxBytes"/> (nothing read), or when it turns out so while read.
    /// </summary>
    public static async Task<(byte[]? Content, string? Name, ImportOutcome? Refusal)> ReadFileAsync(HttpRequest request, CancellationToken ct)
    {
        var envelope = MaxBytes + 64 * 1024;
        if (request.ContentLength > envelope) return (null, null, TooLarge());
        if (!request.HasFormContentType) return (null, null, ImportOutcome.Refused(ImportStatus.Invalid, new SheetProblem("", "", "send the file as multipart/form-data, field \"file\"", "请以 multipart/form-data 上传文件（字段 file）")));
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = envelope;
        // The API reads the form here with the import's limit; a page's form was read already (antiforgery), under the
        // limits of its [RequestFormLimits].
        if (request.HttpContext.Features.Get<IFormFeature>() is not { Form: not null })
        {
            request.HttpContext.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions { MultipartBodyLengthLimit = envelope }));
        }
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
        {
            return (null, null, TooLarge());
        }
        var upload = form.Files.GetFile("file");
        if (upload is null || upload.Length == 0) return (null, null, ImportOutcome.Refused(ImportStatus.Invalid, SheetProblems.Empty));
        using var buffer = new MemoryStream();
        await upload.CopyToAsync(buffer, ct);
        return (buffer.ToArray(), upload.FileName, null);
    }

    private static ImportOutcome TooLarge() => ImportOutcome.Refused(ImportStatus.Invalid, SheetProblems.TooLarge(MaxBytes));

    public static JsonObject Json(ImportOutcome o) => new()
    {
        ["file"] = o.FileName,
        ["sha256"] = o.Sha256,
        ["stored"] = o.FileId is not null,
        ["imported"] = o.Data.Count,
        ["unchanged"] = o.Unchanged,
        ["changes"] = new JsonArray([.. o.Data.Select(c => (JsonNode)new JsonObject
        {
            ["unit"] = c.Unit,
            ["unitName"] = c.UnitName,
            ["indicator"] = c.Indicator,
            ["indicatorName"] = c.IndicatorName,
            ["before"] = c.Before is null ? null : JsonNode.Parse(c.Before),
            ["after"] = JsonNode.Parse(c.After),
            ["state"] = DataEntryService.StateName(c.State),
            ["sheet"] = c.Sheet,
            ["cell"] = c.Cell,
        })]),
    };

    /// <summary>A refusal as ProblemDetails: the status of the outcome, its problems as <c>{"sheet", "cell", "message"}</c> in the caller's language.</summary>
    public static IResult Refusal(ImportOutcome o, IStringLocalizer<OutcomeText> text)
    {
        var status = o.Status switch
        {
            ImportStatus.NotFound => StatusCodes.Status404NotFound,
            ImportStatus.Forbidden => StatusCodes.Status403Forbidden,
            ImportStatus.Published or ImportStatus.Conflict => StatusCodes.Status409Conflict,
            _ when o.Problems is [var p] && (p == SheetProblems.TooLarge(MaxBytes)) => StatusCodes.Status413PayloadTooLarge,
            _ => StatusCodes.Status400BadRequest,
        };
        var lang = Outcomes.Language;
        var problems = new JsonArray([.. o.Problems.Select(p => (JsonNode)new JsonObject { ["sheet"] = p.Sheet, ["cell"] = p.Cell, ["message"] = p.Message(lang), ["where"] = p.Line(lang) })]);
        var title = text[status switch { 404 => "Outcome.NotFound", 403 => "Outcome.Forbidden", 409 => "Outcome.Conflict", _ => "Outcome.Invalid" }];
        return Outcomes.Problem(status, title, o.Problems.Count > 0 ? o.Problems[0].Line(lang) : null, new Dictionary<string, object?> { ["problems"] = problems });
    }
}
