using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Access;
using Pacesetter.App.Supervision;
using Pacesetter.App.Supervision.Cards;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Pages.Schemes;

namespace Pacesetter.Web.Pages.Supervision.Cards;

/// <summary>
/// 导入任务文件 the tasks file of <c>pacesetter cards</c> from the office's desk (ADR 0028), as the scheme import does
/// it (ADR 0013): the upload is checked and kept, the preview says what the import would do (matters created and
/// updated, progress reports, whether the file's rules become the card settings) or lists every problem with its JSON
/// path; the admin confirms or cancels. <see cref="TaskFiles"/> checks and writes, exactly as <c>PUT tasks</c>.
/// </summary>
public sealed class ImportModel(TaskFiles files, SchemeFileLimit limit, PendingImports pendingImports, IStringLocalizer<CardsText> text) : PageModel
{
    private readonly PendingImports pending = pendingImports.Of("tasks");

    [FromRoute] public string Org { get; set; } = "";
    [BindProperty] public IFormFile? Upload { get; set; }
    /// <summary>The kept upload's id, carried from the preview to the confirm.</summary>
    [BindProperty] public string? Pending { get; set; }
    [BindProperty] public string? FileName { get; set; }

    public Actor Actor { get; private set; } = null!;
    public string FileLimitMegabytes => limit.Megabytes;
    public TaskImport? Preview { get; private set; }
    public TaskImport? Imported { get; private set; }
    public string? Error { get; private set; }
    public List<Outcomes.ProblemItem> Problems { get; private set; } = [];
    public string? Message { get; private set; }

    private CancellationToken Ct => HttpContext.RequestAborted;

    public async Task<IActionResult> OnGetAsync() => await DenyAsync() ?? Page();

    /// <summary>The current tasks file of the supervised matters (what <c>GET tasks</c> answers), to edit and import again.</summary>
    public async Task<IActionResult> OnGetFileAsync()
    {
        if (await DenyAsync() is { } denied) return denied;
        var file = await files.FileAsync(Actor.OrganizationId, Ct);
        Response.Headers.ContentDisposition = "attachment; filename=\"tasks.json\"";
        Response.ContentType = "application/json; charset=utf-8";
        await TaskFiles.WriteFileAsync(Response.Body, file, Ct);
        return new EmptyResult();
    }

    /// <summary>Step 1: the file is checked and kept, and what its import would do is shown; nothing is changed.</summary>
    public async Task<IActionResult> OnPostPreviewAsync()
    {
        if (await DenyAsync() is { } denied) return denied;
        if (Upload is null || Upload.Length == 0)
        {
            Error = text["Import.NoFile"];
            return Refused(StatusCodes.Status400BadRequest);
        }
        if (Upload.Length > limit.Bytes)
        {
            Error = text["Api.TooLarge", limit.Megabytes];
            return Refused(StatusCodes.Status413PayloadTooLarge);
        }
        using var ms = new MemoryStream();
        await Upload.CopyToAsync(ms, Ct);
        var bytes = ms.ToArray();
        var name = Path.GetFileName(Upload.FileName);
        FileName = name.Length > 200 ? name[..200] : name;
        var outcome = await files.PreviewAsync(Actor.OrganizationId, bytes, Ct);
        if (!outcome.IsOk) return Invalid(outcome.Problems);
        Preview = outcome.Value;
        Pending = await pending.SaveAsync(Actor.OrganizationId, Actor.UserName, bytes, Ct);
        return Page();
    }

    /// <summary>Step 2: the kept file is imported, checked again (all or nothing).</summary>
    public async Task<IActionResult> OnPostConfirmAsync()
    {
        if (await DenyAsync() is { } denied) return denied;
        var bytes = await pending.ReadAsync(Actor.OrganizationId, Actor.UserName, Pending, Ct);
        if (bytes is null)
        {
            Error = text["Import.Expired"];
            return Page();
        }
        var outcome = await files.ImportAsync(Actor.OrganizationId, bytes, Actor.UserName, Ct);
        // Imported, or refused because the organization changed since the preview (a unit retired): the kept file goes either way.
        pending.Delete(Actor.OrganizationId, Actor.UserName, Pending);
        if (!outcome.IsOk) return Invalid(outcome.Problems);
        Imported = outcome.Value;
        return Page();
    }

    /// <summary>Cancelled: the kept file is removed.</summary>
    public async Task<IActionResult> OnPostCancelAsync()
    {
        if (await DenyAsync() is { } denied) return denied;
        pending.Delete(Actor.OrganizationId, Actor.UserName, Pending);
        Message = text["Import.Cancelled"];
        return Page();
    }

    private PageResult Invalid(IReadOnlyList<Scoring.Problem> problems)
    {
        Error = text["Import.Invalid", FileName ?? "", problems.Count];
        Problems = Outcomes.Items(problems);
        return Refused(StatusCodes.Status400BadRequest);
    }

    private PageResult Refused(int status)
    {
        Response.StatusCode = status;
        return Page();
    }

    private async Task<IActionResult?> DenyAsync()
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null) return NotFound();
        if (!SupervisionAccess.Manages(actor)) return StatusCode(StatusCodes.Status403Forbidden);
        Actor = actor;
        return null;
    }
}
