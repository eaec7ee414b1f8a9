using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Access;
using Pacesetter.App.Benchmarking;
using Pacesetter.App.Writes;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Localization;

namespace Pacesetter.Web.Pages.Benchmarks;

/// <summary>
/// 维护对标数据 (issue #11 §1): the office types its indicators, benchmark regions and values by year into a form
/// (<see cref="BenchmarkForm"/>), which becomes the §10 document that <c>PUT …/benchmarks</c> takes and is saved by
/// <see cref="BenchmarkService"/> against the version shown: the same checks, the same audit row. "更新表格" redraws the
/// grid after rows or years change without saving. Admins only (403 for others, 404 for another organization).
/// </summary>
// A grid of 20 parties × 100 indicators × 30 years is larger than ASP.NET Core's default of 1,024 form values.
[RequestFormLimits(ValueCountLimit = 70_000)]
public sealed class EditModel(BenchmarkService benchmarks, IStringLocalizer<BenchmarksText> text) : PageModel
{
    [FromRoute] public string Org { get; set; } = "";
    [BindProperty] public BenchmarkForm Form { get; set; } = new();
    [BindProperty] public int Version { get; set; }
    [TempData] public string? Done { get; set; }
    /// <summary>A spreadsheet to read into the grid (<see cref="BenchmarkSheet"/>).</summary>
    [BindProperty] public IFormFile? Upload { get; set; }

    /// <summary>What a spreadsheet's import put into the grid (not yet saved).</summary>
    public string? Imported { get; private set; }

    public Actor Actor { get; private set; } = null!;
    /// <summary>The problems of a refused save: where in the form (in words) and what.</summary>
    public List<(string Place, string Message)> Problems { get; } = [];
    /// <summary>The value cells with a problem (their input is marked).</summary>
    public HashSet<string> BadCells { get; } = new(StringComparer.Ordinal);

    private CancellationToken Ct => HttpContext.RequestAborted;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await DenyAsync() is { } denied) return denied;
        var stored = await benchmarks.GetAsync(Actor.OrganizationId, Ct);
        Version = stored?.Version ?? 0;
        Form = BenchmarkForm.Of(await benchmarks.FileAsync(Actor.OrganizationId, Ct), DefaultYears());
        return Page();
    }

    /// <summary>更新表格: the grid again with the rows and years typed (and <paramref name="add"/> empty rows), nothing saved.</summary>
    public async Task<IActionResult> OnPostLayoutAsync(string? add)
    {
        if (await DenyAsync() is { } denied) return denied;
        ReadValues();
        Form.AddBlankRows(add == "indicator" ? 3 : 0, add == "benchmark" ? 1 : 0);
        return Page();
    }

    /// <summary>
    /// 从表格读入: the spreadsheet's values go into the grid as typed (all or nothing, each problem at its cell); the
    /// admin checks them and saves. Nothing is stored here.
    /// </summary>
    public async Task<IActionResult> OnPostImportAsync()
    {
        if (await DenyAsync() is { } denied) return denied;
        ReadValues();
        if (Upload is null || Upload.Length == 0)
        {
            Problems.Add(("", text["Edit.NoFile"]));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        if (Upload.Length > BenchmarkSheet.MaxBytes)
        {
            Problems.Add(("", text["Edit.FileTooLarge", BenchmarkSheet.MaxBytes / 1024 / 1024]));
            Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return Page();
        }
        using var buffer = new MemoryStream();
        await Upload.CopyToAsync(buffer, Ct);
        var outcome = BenchmarkSheet.Import(Form, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), Path.GetFileName(Upload.FileName));
        if (outcome.Problems.Count > 0)
        {
            foreach (var p in outcome.Problems) Problems.Add((p.Where, p.Message(Outcomes.Language)));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Imported = outcome.AddedBenchmarks.Count == 0
            ? text["Edit.Imported", outcome.Values]
            : text["Edit.ImportedAdded", outcome.Values, string.Join(RequestLanguage.CurrentIsEnglish ? ", " : "、", outcome.AddedBenchmarks)];
        return Page();
    }

    /// <summary>The stored data as a CSV in the import's wide shape: the template to fill in Excel or WPS.</summary>
    public async Task<IActionResult> OnGetTemplateAsync()
    {
        if (await DenyAsync() is { } denied) return denied;
        var form = BenchmarkForm.Of(await benchmarks.FileAsync(Actor.OrganizationId, Ct), DefaultYears(), 0, 0);
        return File(BenchmarkSheet.Template(form), "text/csv; charset=utf-8", "对标数据.csv");
    }

    public async Task<IActionResult> OnPostSaveAsync()
    {
        if (await DenyAsync() is { } denied) return denied;
        ReadValues();
        var zh = !RequestLanguage.CurrentIsEnglish;
        var own = Form.Check();
        if (own.Count > 0)
        {
            foreach (var (place, chinese, english) in own)
            {
                if (place.StartsWith("v:", StringComparison.Ordinal)) BadCells.Add(place);
                Problems.Add((place.Length == 0 ? "" : Form.Place(place, zh), zh ? chinese : english));
            }
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var document = Encoding.UTF8.GetBytes(Form.Document().ToJsonString());
        var saved = await benchmarks.SaveAsync(Actor.OrganizationId, document, Version, Actor.UserName, Ct);
        if (saved.IsOk)
        {
            Done = text["Edit.Saved", saved.Value!.Version];
            return Redirect(BenchmarkRoutes.Index(Org));
        }
        Response.StatusCode = Outcomes.StatusOf(saved.Status);
        if (saved.Status == WriteStatus.Conflict)
        {
            Problems.Add(("", text["Edit.Changed"]));
            return Page();
        }
        foreach (var p in saved.Problems) Problems.Add((Form.Place(p.Path, zh), p.Message(Outcomes.Language)));
        return Page();
    }

    /// <summary>The grid's cells as typed (<c>v:party:indicator:year</c>), each clipped to the stated length.</summary>
    private void ReadValues()
    {
        foreach (var (key, value) in Request.Form.Where(f => f.Key.StartsWith("v:", StringComparison.Ordinal)))
        {
            if (!key.StartsWith("v:", StringComparison.Ordinal) || key.Length > 40) continue;
            var typed = (string?)value ?? "";
            if (typed.Trim().Length == 0) continue;
            Form.Values[key] = typed.Length > BenchmarkForm.MaxNumber + 10 ? typed[..(BenchmarkForm.MaxNumber + 10)] : typed;
        }
    }

    /// <summary>The years a form without data offers: the four before this one (Beijing time), as yearbooks lag a year.</summary>
    private static (int First, int Last) DefaultYears()
    {
        var year = ChinaTime.Of(DateTimeOffset.UtcNow).Year;
        return (year - 4, year - 1);
    }

    private async Task<IActionResult?> DenyAsync()
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null) return NotFound();
        if (!BenchmarksApi.Writes(actor)) return StatusCode(StatusCodes.Status403Forbidden);
        Actor = actor;
        return null;
    }
}
