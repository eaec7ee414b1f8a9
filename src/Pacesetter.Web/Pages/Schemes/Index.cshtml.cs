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
/// 考核方案 the organization's periods and their versions; admins start a period by copying an earlier one, import a
/// scheme file (the rules of <c>PUT …/scheme</c>) and export one. Admins and leaders only.
/// </summary>
public sealed class IndexModel(PacesetterDb db, SchemeStore store, SchemeImporter importer, SchemeFileLimit limit, IStringLocalizer<SchemesText> text) : PageModel
{
    public sealed record VersionRow(int Version, string CreatedBy, DateTimeOffset CreatedAt, string? Reason);

    public sealed record PeriodRow(string Period, IReadOnlyList<VersionRow> Versions);

    public string Org { get; private set; } = "";
    public bool CanEdit { get; private set; }
    public List<PeriodRow> Periods { get; private set; } = [];
    public List<Outcomes.ProblemItem> ImportProblems { get; private set; } = [];
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
        await Audit.AuditHeadHeader.AddAsync(Response, db, Actor.OrganizationId, HttpContext.RequestAborted);
        return File(Encoding.UTF8.GetBytes(file.ToJsonString(JsonFormats.Indented)), "application/json", $"{org}-{period}.json");
    }

    /// <summary>新建考核期: a new period from an earlier one's scheme, without its adjustments and previous flags.</summary>
    public async Task<IActionResult> OnPostCopyAsync(string org)
    {
        if (await LoadAsync(org) is { } denied) return denied;
        if (!CanEdit) return Forbid();
        var target = Target?.Trim() ?? "";
        var outcome = Source is null
            ? WriteOutcome<SchemeVersion>.NotFound()
            : await store.CopyAsync(Actor.OrganizationId, Source, target, Actor.UserName, Reason, HttpContext.RequestAborted);
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
                CopyError = string.Join("; ", outcome.Problems.Select(p => p.Line(Outcomes.Language)));
                break;
        }
        await ReloadAsync();
        return Page();
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
        if (Upload.Length > limit.Bytes)
        {
            ImportError = text["Api.TooLarge", limit.Megabytes];
            return Page();
        }
        using var ms = new MemoryStream();
        await Upload.CopyToAsync(ms, HttpContext.RequestAborted);
        var reason = string.IsNullOrWhiteSpace(Reason) ? null : Reason.Trim();
        var outcome = await importer.ImportAsync(Actor.OrganizationId, null, ms.ToArray(), Actor.UserName, reason, null, HttpContext.RequestAborted);
        if (outcome.Status == WriteStatus.Invalid)
        {
            ImportError = text["Import.Invalid", Upload.FileName, outcome.Problems.Count];
            ImportProblems = Outcomes.Items(outcome.Problems);
        }
        else if (outcome.Status == WriteStatus.Conflict)
        {
            ImportError = text["Api.Conflict"];
        }
        else
        {
            var done = outcome.Value!;
            ImportMessage = text["Import.Done", done.Version.Period, done.Version.Version, done.UnitsCreated, done.UnitsRenamed, done.DataImported];
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
