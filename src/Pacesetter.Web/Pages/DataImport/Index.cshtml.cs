using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Access;
using Pacesetter.App.DataEntry;
using Pacesetter.App.DataImport;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Localization;

namespace Pacesetter.Web.Pages.DataImport;

/// <summary>
/// 从表格导入 (issue #11 §3): the period's template to download, then a file to upload — "预览" lists what would change
/// (or every problem at its cell) without storing anything, "确认导入" imports the same file (its SHA-256 must be the
/// previewed one's) through <see cref="DataImportService"/>, the API's door. Whoever enters data of the period; others 403.
/// </summary>
// The import's 20 MB file (SpreadsheetLimits) in its multipart envelope: larger than the site's 10 MB form limit.
[RequestSizeLimit(20 * 1024 * 1024 + 64 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 20 * 1024 * 1024 + 64 * 1024)]
public sealed class IndexModel(DataImportService imports, DataEntryService entry, IStringLocalizer<DataImportText> text) : PageModel
{
    [FromRoute] public string Org { get; set; } = "";
    [FromRoute] public string Period { get; set; } = "";
    [TempData] public string? Done { get; set; }

    public Actor Actor { get; private set; } = null!;
    public PeriodView View { get; private set; } = null!;
    /// <summary>The preview or the refusal of the file just posted.</summary>
    public ImportOutcome? Outcome { get; private set; }

    private CancellationToken Ct => HttpContext.RequestAborted;

    public async Task<IActionResult> OnGetAsync() => await DenyAsync() ?? Page();

    /// <summary>预览: what the file would change, nothing stored (htmx swaps the fragment in; without script the whole page).</summary>
    public async Task<IActionResult> OnPostPreviewAsync()
    {
        if (await DenyAsync() is { } denied) return denied;
        Outcome = await RunAsync(commit: false, expectedSha: null);
        return Request.Headers.ContainsKey("HX-Request") ? Partial("_Preview", this) : Page();
    }

    /// <summary>确认导入: the previewed file (<paramref name="sha"/>) imported; back to the page with what was done.</summary>
    public async Task<IActionResult> OnPostImportAsync(string? sha)
    {
        if (await DenyAsync() is { } denied) return denied;
        Outcome = await RunAsync(commit: true, expectedSha: sha ?? "");
        if (Outcome.Status != ImportStatus.Ok)
        {
            Response.StatusCode = Outcome.Status switch { ImportStatus.Published or ImportStatus.Conflict => 409, _ => 400 };
            return Page();
        }
        Done = text["Done", Outcome.Data.Count, Outcome.Unchanged, Outcome.FileName];
        return Redirect(DataImportRoutes.Page(Org, Period));
    }

    private async Task<ImportOutcome> RunAsync(bool commit, string? expectedSha)
    {
        var (content, name, refusal) = await DataImportApi.ReadFileAsync(Request, Ct);
        if (refusal is not null) return refusal;
        if (expectedSha is not null && !string.Equals(expectedSha, EvidenceFiles.Sha256(content!), StringComparison.Ordinal))
        {
            return ImportOutcome.Refused(ImportStatus.Invalid, new App.Spreadsheets.SheetProblem("", "", "the file is not the one previewed: preview it again", "文件与预览时的不同：请重新预览"));
        }
        return await imports.ImportAsync(Actor, Period, name!, content!, commit, Ct);
    }

    private async Task<IActionResult?> DenyAsync()
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null) return NotFound();
        var view = await entry.PeriodAsync(actor.OrganizationId, Period, Ct);
        if (view is null) return NotFound();
        if (TemplateColumns.For(view.Scheme, actor).Count == 0) return StatusCode(StatusCodes.Status403Forbidden);
        (Actor, View) = (actor, view);
        return null;
    }

    public static string Shown(string? json) => json is null ? "—" : json.Length > 80 ? json[..80] + "…" : json;

    public bool Chinese => !RequestLanguage.CurrentIsEnglish;
}
