using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Access;
using Pacesetter.App.Accounts;
using Pacesetter.App.Supervision;
using Pacesetter.App.Supervision.Matters;
using Pacesetter.App.Writes;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages.Supervision.Matters;

/// <summary>
/// A matter's page: its state and pending step (overdue shown), live card status, the steps' timeline, progress with
/// evidence, instructions and reminders; and the forms of whoever may act — report progress (one column, for a phone),
/// add evidence, take a step, instruct, acknowledge, remind, read a reminder. It parses and renders;
/// <see cref="MatterService"/> decides. A refusal of the actor's rights is 403 in place, a matter it may not read 404.
/// </summary>
public sealed class DetailModel(MatterService matters, People people, IStringLocalizer<MattersText> text) : PageModel
{
    [FromRoute] public string Org { get; set; } = "";
    [FromRoute(Name = "task")] public string Code { get; set; } = "";
    [TempData] public string? Done { get; set; }

    public Actor Actor { get; private set; } = null!;
    public MatterView View { get; private set; } = null!;
    public Dictionary<string, string> UnitNames { get; private set; } = [];
    public List<string> Errors { get; } = [];

    // What was typed, kept when a form is refused.
    public string? ReportPercent { get; private set; }
    public string? ReportDate { get; private set; }
    public string? ReportNarrative { get; private set; }
    public string? ReportReason { get; private set; }

    private CancellationToken Ct => HttpContext.RequestAborted;

    public bool CanReport => SupervisionAccess.CanReport(Actor, View.Matter);
    public bool CanInstruct => SupervisionAccess.CanInstruct(Actor);
    public bool CanRemind => SupervisionAccess.CanRemind(Actor);
    public bool CanAcknowledge => SupervisionAccess.CanAcknowledge(Actor, View.Matter);
    public bool IsRecipient => Actor.ReporterUnits.Contains(View.Matter.UnitCode);
    public IEnumerable<StepRule> Steps => MatterLabels.StepsFrom(View.Matter.State).Where(r => SupervisionAccess.CanStep(Actor, View.Matter, r.Kind));
    public string UnitName(string code) => UnitNames.GetValueOrDefault(code, code);
    /// <summary>Who acted, by name (考核办管理员), not by log-in (admin); a log-in the organization no longer has stays as it is.</summary>
    public Func<string?, string> Person { get; private set; } = n => n ?? "";

    private async Task<IActionResult?> LoadAsync()
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null) return NotFound();
        if (!SupervisionAccess.Supervises(actor)) return StatusCode(StatusCodes.Status403Forbidden);
        Actor = actor;
        var view = await matters.GetAsync(actor, Code, Ct);
        if (view is null) return NotFound();
        View = view;
        UnitNames = await matters.UnitNamesAsync(actor.OrganizationId, Ct);
        Person = await people.OfAsync(actor.OrganizationId, Ct);
        return null;
    }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ?? Page();

    /// <summary>After a write: back to the page with its message; a refusal of rights 403/404; otherwise the page with the problems.</summary>
    private async Task<IActionResult> AfterAsync<T>(WriteOutcome<T> outcome, Func<T, string> done)
    {
        if (outcome.IsOk)
        {
            Done = done(outcome.Value!);
            return Redirect(SupervisionRoutes.Task(Org, Code));
        }
        if (outcome.Status == WriteStatus.NotFound) return NotFound();
        if (outcome.Status == WriteStatus.Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
        if (await LoadAsync() is { } denied) return denied;
        Errors.AddRange(outcome.Messages());
        return Page();
    }

    private async Task<(byte[]? Content, string? Error)> ReadFileAsync(IFormFile? file)
    {
        if (file is null || file.Length == 0) return (null, null);
        if (file.Length > Limits.EvidenceBytes) return (null, text["Error.TooLarge", Limits.EvidenceBytes / (1024 * 1024)]);
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, Ct);
        return (buffer.ToArray(), null);
    }

    public async Task<IActionResult> OnPostReportAsync(string? percent, string? date, string? narrative, string? reason, IFormFile? file)
    {
        if (await LoadAsync() is { } denied) return denied;
        (ReportPercent, ReportDate, ReportNarrative, ReportReason) = (percent, date, narrative, reason);
        DateOnly? day = null;
        if (!string.IsNullOrWhiteSpace(date))
        {
            if (DateOnly.TryParseExact(date.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) day = d;
            else Errors.Add(text["Error.Date"]);
        }
        decimal? value = null;
        if (!string.IsNullOrWhiteSpace(percent))
        {
            if (decimal.TryParse(percent.Trim().TrimEnd('%').Replace('，', '.').Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var p)) value = p;
            else Errors.Add(text["Error.Percent"]);
        }
        var (content, fileError) = await ReadFileAsync(file);
        if (fileError is not null) Errors.Add(fileError);
        if (Errors.Count > 0)
        {
            // Who may report is told before what is wrong with the form.
            if (!SupervisionAccess.CanReport(Actor, View.Matter)) return StatusCode(StatusCodes.Status403Forbidden);
            return Page();
        }
        var outcome = await matters.ReportAsync(Actor, Code, new ReportInput(day, value, narrative, reason), Ct);
        if (outcome.IsOk && content is not null)
        {
            var evidence = await matters.AddEvidenceAsync(Actor, Code, outcome.Value!.Report.Id, file!.FileName, content, Limits.EvidenceBytes, Ct);
            if (!evidence.IsOk)
            {
                (ReportPercent, ReportDate, ReportNarrative, ReportReason) = (null, null, null, null);
                return await AfterAsync(evidence, _ => "");
            }
        }
        return await AfterAsync(outcome, r => text["Report.Done", MatterLabels.Number(r.Report.Percent)]);
    }

    public async Task<IActionResult> OnPostUploadAsync(long report, IFormFile? file)
    {
        if (await LoadAsync() is { } denied) return denied;
        var (content, fileError) = await ReadFileAsync(file);
        if (content is null)
        {
            if (!SupervisionAccess.CanReport(Actor, View.Matter)) return StatusCode(StatusCodes.Status403Forbidden);
            Errors.Add(fileError ?? text["Error.File"]);
            return Page();
        }
        return await AfterAsync(await matters.AddEvidenceAsync(Actor, Code, report, file!.FileName, content, Limits.EvidenceBytes, Ct), _ => text["Upload.Done"]);
    }

    public async Task<IActionResult> OnPostStepAsync(string? step, string? reason) =>
        await LoadAsync() ?? await AfterAsync(await matters.StepAsync(Actor, Code, new StepInput(step ?? "", reason, null), Ct), s => text["Step.Done", MatterLabels.Step(s.Step.Kind)]);

    public async Task<IActionResult> OnPostInstructAsync(string? instruction) =>
        await LoadAsync() ?? await AfterAsync(await matters.InstructAsync(Actor, Code, instruction, Ct), _ => text["Instruct.Done"]);

    public async Task<IActionResult> OnPostAcknowledgeAsync(long id) =>
        await LoadAsync() ?? await AfterAsync(await matters.AcknowledgeAsync(Actor, Code, id, Ct), _ => text["Acknowledge.Done"]);

    public async Task<IActionResult> OnPostRemindAsync(string? message) =>
        await LoadAsync() ?? await AfterAsync(await matters.RemindAsync(Actor, Code, message, Ct),
            s => s.Recipients.Count == 0 ? text["Remind.Nobody"] : text["Remind.Done", string.Join("、", s.Recipients)]);

    public async Task<IActionResult> OnPostReadReminderAsync(long id)
    {
        if (await LoadAsync() is { } denied) return denied;
        // The reminder must be one of this matter's.
        if (View.Reminders.All(r => r.Reminder.Id != id)) return NotFound();
        return await AfterAsync(await matters.ReadReminderAsync(Actor, id, Ct), _ => text["ReadReminder.Done"]);
    }

    public async Task<IActionResult> OnGetEvidenceAsync(long id)
    {
        if (await LoadAsync() is { } denied) return denied;
        var e = await matters.EvidenceAsync(Actor, Code, id, Ct);
        return e is null ? NotFound() : EvidenceDownloads.Page(HttpContext, e.Content, e.ContentType, e.FileName);
    }
}
