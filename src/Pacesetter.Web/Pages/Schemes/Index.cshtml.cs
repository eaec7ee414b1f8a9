using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Access;
using Pacesetter.App.Data;
using Pacesetter.App.Schemes;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Output;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Localization;

namespace Pacesetter.Web.Pages.Schemes;

/// <summary>
/// 考核方案 the organization's periods and their versions; admins start a period by copying an earlier one (named for
/// the new period, carrying the flag holders), import a scheme file in two steps — upload and preview, then confirm
/// with a reason (ADR 0013; the rules of <c>PUT …/scheme</c>) — and export one. Admins and leaders only.
/// </summary>
public sealed class IndexModel(PacesetterDb db, SchemeStore store, SchemeImporter importer, SchemeFileLimit limit, PendingImports pending, IStringLocalizer<SchemesText> text) : PageModel
{
    public sealed record VersionRow(int Version, string CreatedBy, DateTimeOffset CreatedAt, string? Reason);

    public sealed record PeriodRow(string Period, IReadOnlyList<VersionRow> Versions);

    /// <summary>How many units' rows the preview lists (the counts above cover all).</summary>
    public const int PreviewUnits = 200;

    public string Org { get; private set; } = "";
    /// <summary>The scheme file's size limit in MB (Limits:SchemeFileBytes), as the form states it.</summary>
    public string FileLimitMegabytes => limit.Megabytes;
    public bool CanEdit { get; private set; }
    public List<PeriodRow> Periods { get; private set; } = [];
    public List<Outcomes.ProblemItem> ImportProblems { get; private set; } = [];
    public string? ImportError { get; private set; }
    public string? ImportMessage { get; private set; }
    public string? CopyError { get; private set; }
    /// <summary>The preview of the file waiting for the admin's confirm.</summary>
    public ImportPreview? Preview { get; private set; }
    /// <summary>Why the preview is shown again (the period changed in between) or the confirm was refused.</summary>
    public string? PreviewNotice { get; private set; }
    public string? UploadName { get; private set; }

    [BindProperty] public string? Source { get; set; }
    [BindProperty] public string? Target { get; set; }
    /// <summary>The new period's scheme name (prefilled from the source's, for the target period).</summary>
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }
    /// <summary>The kept upload (<see cref="PendingImports"/>) and the preview's token, carried from the preview to the confirm.</summary>
    [BindProperty] public string? Pending { get; set; }
    [BindProperty] public string? Token { get; set; }
    [BindProperty] public string? FileName { get; set; }

    public async Task<IActionResult> OnGetAsync(string org)
    {
        if (await LoadAsync(org) is { } denied) return denied;
        return Page();
    }

    /// <summary>The period's scheme file with its approved data, as a download.</summary>
    public async Task<IActionResult> OnGetExportAsync(string org, string period)
    {
        if (await LoadAsync(org) is { } denied) return denied;
        if (!Scoring.Periods.IsValid(period ?? "")) return NotFound();
        var file = await store.AssembleAsync(Actor.OrganizationId, period!, ct: HttpContext.RequestAborted);
        if (file is null) return NotFound();
        await Audit.AuditHeadHeader.AddAsync(Response, db, Actor.OrganizationId, HttpContext.RequestAborted);
        return File(Encoding.UTF8.GetBytes(SchemeLayout.Arrange(file).ToJsonString(JsonFormats.Indented)), "application/json", $"{org}-{period}.json");
    }

    /// <summary>新建考核期: a new period from an earlier one's scheme, without its adjustments and previous flags.</summary>
    public async Task<IActionResult> OnPostCopyAsync(string org)
    {
        if (await LoadAsync(org) is { } denied) return denied;
        if (!CanEdit) return Forbid();
        var target = Target?.Trim() ?? "";
        var outcome = Source is null
            ? WriteOutcome<SchemeVersion>.NotFound()
            : await store.CopyAsync(Actor.OrganizationId, Source, target, Actor.UserName, Reason, HttpContext.RequestAborted, Name);
        switch (outcome.Status)
        {
            case WriteStatus.Ok:
                return Redirect(Routes.Scheme(org, target));
            case WriteStatus.NotFound:
                CopyError = text["Copy.NoSource"];
                return Page();
            case WriteStatus.Invalid when outcome.Problems is [{ Path: "$.period" }]:
                CopyError = text["Copy.BadTarget", target];
                return Page();
            case WriteStatus.Conflict:
                CopyError = text["Copy.Exists", target];
                break;
            default:
                CopyError = string.Join(" ", outcome.Problems.Select(p => p.Message(Outcomes.Language)));
                break;
        }
        await ReloadAsync();
        return Page();
    }

    /// <summary>The name a copy of <paramref name="source"/> gets in <paramref name="target"/> (the copy form fills its name field with it).</summary>
    public async Task<IActionResult> OnGetCopyNameAsync(string org, string? source, string? target)
    {
        if (await LoadAsync(org) is { } denied) return denied;
        var name = SuggestedName(source, target?.Trim());
        return Content(name ?? "", "text/plain; charset=utf-8");
    }

    private string? SuggestedName(string? source, string? target)
    {
        if (source is null || target is null || !Scoring.Periods.IsValid(target)) return null;
        var from = Currents.FirstOrDefault(c => c.Period == source);
        if (from is null) return null;
        var name = JsonNode.Parse(from.Document)?["name"]?.GetValue<string>() ?? "";
        return PeriodNames.Rename(name, source, target);
    }

    /// <summary>导入, step 1: the file is kept and its preview shown; nothing is changed.</summary>
    public async Task<IActionResult> OnPostImportAsync(string org)
    {
        if (await LoadAsync(org) is { } denied) return denied;
        if (!CanEdit) return Forbid();
        if (Upload is null || Upload.Length == 0)
        {
            ImportError = text["Import.NoFile"];
            return Page();
        }
        if (Upload.Length > limit.Bytes)
        {
            ImportError = text["Api.TooLarge", limit.Megabytes];
            return Page();
        }
        using var ms = new MemoryStream();
        await Upload.CopyToAsync(ms, HttpContext.RequestAborted);
        var bytes = ms.ToArray();
        UploadName = Path.GetFileName(Upload.FileName);
        if (UploadName.Length > 200) UploadName = UploadName[..200];
        var outcome = await importer.PreviewAsync(Actor.OrganizationId, null, bytes, Actor.UserName, HttpContext.RequestAborted);
        if (!outcome.IsOk)
        {
            ImportError = text["Import.Invalid", UploadName, outcome.Problems.Count];
            ImportProblems = Outcomes.Items(outcome.Problems);
            return Page();
        }
        Preview = outcome.Value;
        Pending = await pending.SaveAsync(Actor.OrganizationId, Actor.UserName, bytes, HttpContext.RequestAborted);
        Token = Preview!.Token;
        return Page();
    }

    /// <summary>导入, step 2: the kept file is imported with the reason, if its plan is still the one previewed; else the new preview is shown.</summary>
    public async Task<IActionResult> OnPostConfirmAsync(string org)
    {
        if (await LoadAsync(org) is { } denied) return denied;
        if (!CanEdit) return Forbid();
        UploadName = FileName is { Length: > 0 and <= 200 } f ? f : "";
        var bytes = await pending.ReadAsync(Actor.OrganizationId, Actor.UserName, Pending, HttpContext.RequestAborted);
        if (bytes is null)
        {
            ImportError = text["Import.Expired"];
            return Page();
        }
        var reason = string.IsNullOrWhiteSpace(Reason) ? null : Reason.Trim();
        if (reason is null)
        {
            // The preview again, with the field's message.
            return await PreviewAgainAsync(bytes, text["Import.ReasonRequired"]);
        }
        var outcome = await importer.ImportAsync(Actor.OrganizationId, null, bytes, Actor.UserName, reason, null, HttpContext.RequestAborted, Token ?? "");
        switch (outcome.Status)
        {
            case WriteStatus.Ok:
                pending.Delete(Actor.OrganizationId, Actor.UserName, Pending);
                var done = outcome.Value!;
                ImportMessage = text["Import.Done", done.Version.Period, done.Version.Version, done.UnitsCreated, done.UnitsRenamed, done.DataImported, done.DataRemoved];
                await ReloadAsync();
                return Page();
            case WriteStatus.Conflict:
                return await PreviewAgainAsync(bytes, text["Import.Changed"]);
            default:
                // The reason's problem (too long), or the file no longer fits the organization: shown with the preview when there is one.
                return await PreviewAgainAsync(bytes, string.Join(" ", outcome.Problems.Select(p => p.Message(Outcomes.Language))));
        }
    }

    /// <summary>导入, cancelled: the kept file is removed.</summary>
    public async Task<IActionResult> OnPostCancelAsync(string org)
    {
        if (await LoadAsync(org) is { } denied) return denied;
        if (!CanEdit) return Forbid();
        pending.Delete(Actor.OrganizationId, Actor.UserName, Pending);
        ImportMessage = text["Import.Cancelled"];
        return Page();
    }

    private async Task<IActionResult> PreviewAgainAsync(byte[] bytes, string notice)
    {
        var again = await importer.PreviewAsync(Actor.OrganizationId, null, bytes, Actor.UserName, HttpContext.RequestAborted);
        if (!again.IsOk)
        {
            pending.Delete(Actor.OrganizationId, Actor.UserName, Pending);
            ImportError = text["Import.Invalid", UploadName ?? "", again.Problems.Count];
            ImportProblems = Outcomes.Items(again.Problems);
            return Page();
        }
        Preview = again.Value;
        Token = Preview!.Token;
        PreviewNotice = notice;
        ModelState.Remove(nameof(Token));
        return Page();
    }

    private Actor Actor { get; set; } = null!;

    private async Task<IActionResult?> LoadAsync(string org)
    {
        Org = org;
        if (await HttpContext.GetActorInAsync(org) is not Actor actor) return NotFound();
        if (!actor.ReadsAll) return Forbid();
        Actor = actor;
        CanEdit = actor.IsAdmin;
        await ReloadAsync();
        return null;
    }

    /// <summary>The current version of every period (the copy's name suggestions).</summary>
    public List<SchemeVersion> Currents { get; private set; } = [];

    private async Task ReloadAsync()
    {
        Currents = await store.CurrentAllAsync(Actor.OrganizationId, HttpContext.RequestAborted);
        var rows = await db.SchemeVersions.AsNoTracking()
            .Where(s => s.OrganizationId == Actor.OrganizationId)
            .Select(s => new { s.Period, s.Version, s.CreatedBy, s.CreatedAt, s.Reason })
            .ToListAsync(HttpContext.RequestAborted);
        Periods = rows.GroupBy(r => r.Period)
            .OrderByDescending(g => Scoring.Periods.Months(g.Key)?.Year).ThenByDescending(g => Scoring.Periods.Months(g.Key)?.LastMonth).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new PeriodRow(g.Key, g.OrderByDescending(r => r.Version).Select(r => new VersionRow(r.Version, r.CreatedBy, r.CreatedAt, r.Reason)).ToList()))
            .ToList();
        // The copy form: from the newest period to the next of its kind, named for it (the admin may change all three).
        if (Periods.Count > 0 && Request.Method == "GET")
        {
            Source ??= Periods[0].Period;
            Target ??= PeriodNames.Next(Source);
            Name ??= SuggestedName(Source, Target);
        }
    }
}
