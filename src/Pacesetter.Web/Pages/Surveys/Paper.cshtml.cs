using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Access;
using Pacesetter.App.Spreadsheets;
using Pacesetter.App.Surveys;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Output;
using Pacesetter.Scoring.Surveys;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages.Surveys;

/// <summary>
/// 录入纸质选票 (issue #12 §4): ballots counted on paper, entered in one of two ways and always previewed first — how
/// many, how many valid and invalid and why — then confirmed, all or nothing, through
/// <see cref="SurveyService.EnterPaperAsync"/>. (a) Typed: a group, then one ballot a line (<see cref="SurveyPaperLines"/>);
/// the confirmation posts the same lines again. (b) An .xlsx filled from the survey's template
/// (<see cref="SurveyPaperSheet"/>, every problem at its cell); the confirmation posts the ballots read, as the list of
/// surveys.md §2, which the reader checks again. Admins only; others 403; another organization 404.
/// </summary>
// A spreadsheet of 10,000 ballots, and its ballots posted back as JSON for the confirmation.
[RequestSizeLimit(MaxBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxBytes, ValueLengthLimit = MaxBytes)]
public sealed class PaperModel(SurveyService surveys, IStringLocalizer<SurveysText> text) : PageModel
{
    /// <summary>The largest request: the spreadsheet reader's 20 MB and the form around it.</summary>
    public const int MaxBytes = 20 * 1024 * 1024 + 64 * 1024;

    [FromRoute] public string Org { get; set; } = "";
    [FromRoute] public string Id { get; set; } = "";
    [BindProperty] public string? Group { get; set; }
    [BindProperty] public string? Lines { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }
    /// <summary>The ballots read from a spreadsheet, as JSON, posted back to confirm them.</summary>
    [BindProperty] public string? Ballots { get; set; }
    [BindProperty] public string? FileName { get; set; }
    [TempData] public string? Done { get; set; }

    public Actor Actor { get; private set; } = null!;
    public StoredSurvey Row { get; private set; } = null!;
    public Survey Survey { get; private set; } = null!;
    public Dictionary<string, string> UnitNames { get; private set; } = [];
    /// <summary>The preview: what entering would count (null until previewed without a problem).</summary>
    public PaperCheck? Check { get; private set; }
    /// <summary>Which way the preview was made: <c>lines</c> or <c>file</c>.</summary>
    public string? Source { get; private set; }
    /// <summary>The messages under each part of the form: <c>group</c>, <c>lines</c>, <c>file</c>.</summary>
    public Dictionary<string, List<string>> Errors { get; } = new(StringComparer.Ordinal);

    private CancellationToken Ct => HttpContext.RequestAborted;

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ?? Page();

    /// <summary>预览 of the typed lines: nothing stored.</summary>
    public async Task<IActionResult> OnPostPreviewAsync()
    {
        if (await LoadAsync() is { } denied) return denied;
        Source = "lines";
        var (ballots, problems) = SurveyPaperLines.Read(Survey, Group, Lines);
        if (problems.Count > 0) return Refused(problems.Select(p => (p.Path == "group" ? "group" : "lines", p.Message(Outcomes.Language))));
        Check = PaperCheck.Of(Survey, ballots);
        return Page();
    }

    /// <summary>确认录入 of the typed lines, read again: all or nothing.</summary>
    public async Task<IActionResult> OnPostEnterAsync()
    {
        if (await LoadAsync() is { } denied) return denied;
        Source = "lines";
        var (ballots, problems) = SurveyPaperLines.Read(Survey, Group, Lines);
        if (problems.Count > 0) return Refused(problems.Select(p => (p.Path == "group" ? "group" : "lines", p.Message(Outcomes.Language))));
        return await EnterAsync([.. ballots.Select(b => b.Ballot)], "form", "lines");
    }

    /// <summary>预览 of a filled template: nothing stored; the ballots read go into the confirmation's form.</summary>
    public async Task<IActionResult> OnPostPreviewFileAsync()
    {
        if (await LoadAsync() is { } denied) return denied;
        Source = "file";
        if (Upload is null || Upload.Length == 0) return Refused([("file", SheetProblems.Empty.Message(Outcomes.Language))]);
        await using var stream = Upload.OpenReadStream();
        var read = await SpreadsheetReader.ReadAsync(stream, Upload.FileName, cancellationToken: Ct);
        if (!read.IsValid) return Refused(read.Problems.Select(p => ("file", p.Line(Outcomes.Language))));
        var (ballots, problems) = SurveyPaperSheet.Read(read.Sheets, Survey, UnitNames);
        if (problems.Count > 0) return Refused(problems.Select(p => ("file", p.Line(Outcomes.Language))));
        if (ballots.Count == 0) return Refused([("file", text["Paper.NoBallots"].Value)]);
        Check = PaperCheck.Of(Survey, ballots);
        Ballots = SurveyFileJson.BallotsJson(ballots.Select(b => b.Ballot));
        FileName = Path.GetFileName(Upload.FileName);
        return Page();
    }

    /// <summary>确认录入 of the ballots a file's preview read (checked again by the reader of surveys.md §2).</summary>
    public async Task<IActionResult> OnPostEnterFileAsync()
    {
        if (await LoadAsync() is { } denied) return denied;
        Source = "file";
        List<Ballot> ballots;
        try
        {
            ballots = SurveyReader.ReadBallots(Survey, Encoding.UTF8.GetBytes(Ballots ?? ""), SurveyService.MaxPaperBallots);
        }
        catch (InvalidInputException e)
        {
            return Refused(e.Problems.Select(p => ("file", p.Line(Outcomes.Language))));
        }
        return await EnterAsync(ballots, "xlsx", "file");
    }

    private async Task<IActionResult> EnterAsync(List<Ballot> ballots, string source, string field)
    {
        var outcome = await surveys.EnterPaperAsync(Actor, Id, ballots, DateTimeOffset.UtcNow, Ct, source);
        if (outcome.IsOk)
        {
            var (valid, invalid) = outcome.Value;
            Done = text["Paper.Done", valid + invalid, valid, invalid];
            return Redirect(SurveyRoutes.Survey(Org, Id));
        }
        if (outcome.Status == WriteStatus.Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
        if (outcome.Status == WriteStatus.NotFound) return NotFound();
        return Refused(outcome.Problems.Select(p => (field, p.Message(Outcomes.Language))), Outcomes.StatusOf(outcome.Status));
    }

    private PageResult Refused(IEnumerable<(string Key, string Message)> problems, int status = StatusCodes.Status400BadRequest)
    {
        foreach (var (key, message) in problems)
        {
            if (!Errors.TryGetValue(key, out var list)) Errors[key] = list = [];
            list.Add(message);
        }
        Check = null;
        Response.StatusCode = status;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync()
    {
        var (found, refusal) = await SurveyOfficePage.ForAdminAsync(this, Org, Id, surveys);
        if (found is null) return refusal;
        (Actor, Row, Survey, UnitNames) = (found.Actor, found.Row, found.Survey, found.UnitNames);
        return null;
    }

    public string UnitName(string code) => UnitNames.GetValueOrDefault(code, code);

    /// <summary>The rows of invalid ballots in words: 第 3、7 行 / lines 3, 7 (at most 20, then 等).</summary>
    public string Rows(IReadOnlyList<int> rows, bool zh)
    {
        var shown = string.Join(zh ? "、" : ", ", rows.Take(20));
        var more = rows.Count > 20 ? (zh ? " 等" : ", …") : "";
        return Source == "file"
            ? zh ? $"{SurveyPaperSheet.SheetName} 第 {shown}{more} 行" : $"{SurveyPaperSheet.SheetName} rows {shown}{more}"
            : zh ? $"第 {shown}{more} 行" : $"line{(rows.Count > 1 ? "s" : "")} {shown}{more}";
    }
}
