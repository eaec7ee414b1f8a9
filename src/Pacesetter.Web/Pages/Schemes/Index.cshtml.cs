using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Access;
using Pacesetter.App.Audit;
using Pacesetter.App.Data;
using Pacesetter.App.Schemes;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Output;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Localization;
using Pacesetter.Web.Schemes;

namespace Pacesetter.Web.Pages.Schemes;

/// <summary>
/// 考核方案 the organization's periods and their versions; admins start a period by copying an earlier one, import a
/// scheme file (the rules of <c>PUT …/scheme</c>) and export one. Admins and leaders only.
/// </summary>
public sealed class IndexModel(PacesetterDb db, SchemeStore store, SchemeImporter importer, IStringLocalizer<SchemesText> text) : PageModel
{
    public sealed record VersionRow(int Version, string CreatedBy, DateTimeOffset CreatedAt, string? Reason);

    public sealed record PeriodRow(string Period, IReadOnlyList<VersionRow> Versions);

    public string Org { get; private set; } = "";
    public bool CanEdit { get; private set; }
    public List<PeriodRow> Periods { get; private set; } = [];
    public List<SchemesApi.ProblemItem> ImportProblems { get; private set; } = [];
    public string? ImportError { get; private set; }
    public string? ImportMessage { get; private set; }
    public string? CopyError { get; private set; }

    [BindProperty] public string? Source { get; set; }
    [BindProperty] public string? Target { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }

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
        return File(Encoding.UTF8.GetBytes(file.ToJsonString(JsonFormats.Indented)), "application/json", $"{org}-{period}.json");
    }

    /// <summary>新建考核期: a new period from an earlier one's scheme, without its adjustments and previous flags.</summary>
    public async Task<IActionResult> OnPostCopyAsync(string org)
    {
        if (await LoadAsync(org) is { } denied) return denied;
        if (!CanEdit) return Forbid();
        var source = Source is null ? null : await store.CurrentAsync(Actor.OrganizationId, Source, HttpContext.RequestAborted);
        var target = Target?.Trim() ?? "";
        if (source is null) CopyError = text["Copy.NoSource"];
        else if (!Scoring.Periods.IsValid(target)) CopyError = text["Copy.BadTarget", target];
        if (CopyError is not null) return Page();

        var doc = JsonNode.Parse(source!.Document)!.AsObject();
        doc.Remove("adjustments");
        doc.Remove("previousFlags");
        doc["period"] = target;
        var reason = string.IsNullOrWhiteSpace(Reason) ? $"复制自 {source.Period}" : Reason.Trim();
        SaveOutcome outcome;
        try
        {
            outcome = await db.InTransactionAsync(async () =>
            {
                await db.LockOrganizationAsync(Actor.OrganizationId, HttpContext.RequestAborted);
                // Expected version 0: the target period must not have a scheme yet.
                var saved = await store.SaveAsync(Actor.OrganizationId, target, doc, Actor.UserName, reason, 0, HttpContext.RequestAborted);
                if (saved.Saved is null) return saved;
                await AuditLog.Append(db, Actor.OrganizationId, new AuditRecord(Actor.UserName, "scheme.copy", "scheme", $"{target}#1", target, null, $"{source.Period}#{source.Version}", $"{target}#1", reason), HttpContext.RequestAborted);
                await db.SaveChangesAsync(HttpContext.RequestAborted);
                return saved;
            }, HttpContext.RequestAborted);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            outcome = new SaveOutcome(null, await store.CurrentAsync(Actor.OrganizationId, target, HttpContext.RequestAborted), []);
        }
        if (outcome.Conflict)
        {
            CopyError = text["Copy.Exists", target];
            await ReloadAsync();
            return Page();
        }
        if (outcome.Problems.Count > 0)
        {
            CopyError = string.Join("; ", outcome.Problems.Select(p => p.Line(RequestLanguage.Current)));
            await ReloadAsync();
            return Page();
        }
        return Redirect(Routes.Scheme(org, target));
    }

    /// <summary>导入 a scheme file: its document, units and data, as the PUT API does.</summary>
    public async Task<IActionResult> OnPostImportAsync(string org)
    {
        if (await LoadAsync(org) is { } denied) return denied;
        if (!CanEdit) return Forbid();
        if (Upload is null || Upload.Length == 0)
        {
            ImportError = text["Import.NoFile"];
            return Page();
        }
        if (Upload.Length > SchemeImporter.MaxBytes)
        {
            ImportError = text["Api.TooLarge", SchemeImporter.MaxBytes / 1024 / 1024];
            return Page();
        }
        using var ms = new MemoryStream();
        await Upload.CopyToAsync(ms, HttpContext.RequestAborted);
        var reason = string.IsNullOrWhiteSpace(Reason) ? null : Reason.Trim();
        var outcome = await importer.ImportAsync(Actor.OrganizationId, null, ms.ToArray(), Actor.UserName, reason, null, HttpContext.RequestAborted);
        if (outcome.Problems.Count > 0)
        {
            ImportError = text["Import.Invalid", Upload.FileName, outcome.Problems.Count];
            ImportProblems = SchemesApi.Items(outcome.Problems);
        }
        else if (outcome.Conflict)
        {
            ImportError = text["Api.Conflict"];
        }
        else
        {
            ImportMessage = text["Import.Done", outcome.Saved!.Period, outcome.Saved.Version, outcome.UnitsCreated, outcome.UnitsRenamed, outcome.DataImported];
        }
        await ReloadAsync();
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

    private async Task ReloadAsync()
    {
        var rows = await db.SchemeVersions.AsNoTracking()
            .Where(s => s.OrganizationId == Actor.OrganizationId)
            .Select(s => new { s.Period, s.Version, s.CreatedBy, s.CreatedAt, s.Reason })
            .ToListAsync(HttpContext.RequestAborted);
        Periods = rows.GroupBy(r => r.Period)
            .OrderByDescending(g => Scoring.Periods.Months(g.Key)?.Year).ThenByDescending(g => Scoring.Periods.Months(g.Key)?.LastMonth).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new PeriodRow(g.Key, g.OrderByDescending(r => r.Version).Select(r => new VersionRow(r.Version, r.CreatedBy, r.CreatedAt, r.Reason)).ToList()))
            .ToList();
    }
}
