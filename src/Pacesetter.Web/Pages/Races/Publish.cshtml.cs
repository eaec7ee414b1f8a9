using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Access;
using Pacesetter.App.Publication;
using Pacesetter.App.Schemes;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Schemes;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages.Races;

/// <summary>
/// 发布与公示 a period's publication (ADR 0019). The admin sees what would be published and what is missing or
/// unapproved (in words), and confirms with a reason and, when data are missing, "publish with missing data"; after
/// publication: the revisions (who, when, why, what changed), each revision's results and its input file, the notice
/// period and its state, the correction form, and the objections with their answer forms. Leaders read it all; a
/// unit's reporter sees the notice period and its own unit's objections and files one. Everything is done by the
/// application services (PublicationService, ObjectionService); this page parses and renders.
/// </summary>
public sealed class PublishModel(PublicationService publication, PublicationStore store, RaceReader races, ObjectionService objections, SchemeStore schemes,
    IStringLocalizer<PublicationText> text) : PageModel
{
    [FromRoute] public string Org { get; set; } = "";
    [FromRoute] public string Period { get; set; } = "";
    /// <summary>The revision whose results are shown (the latest by default).</summary>
    [BindProperty(SupportsGet = true)] public int? Revision { get; set; }
    [TempData] public string? Done { get; set; }

    public Actor Actor { get; private set; } = null!;
    public PublishCheck? Check { get; private set; }
    /// <summary>The period's current scheme (names of units and indicators for the missing list), when it reads.</summary>
    public Scheme? Current { get; private set; }
    public PublicationStatus? Status { get; private set; }
    public List<RevisionHeader> Revisions { get; private set; } = [];
    public Correction? OpenCorrection { get; private set; }
    public List<Correction> Corrections { get; private set; } = [];
    /// <summary>The revision shown (results, names).</summary>
    public PublishedRace? Shown { get; private set; }
    /// <summary>The latest revision (names of the changes and objections).</summary>
    public PublishedRace? Latest { get; private set; }
    public List<ObjectionItem> Objections { get; private set; } = [];
    /// <summary>The reporter's units whose result it may object to now, with their names.</summary>
    public List<UnitObjections> Filing { get; private set; } = [];
    public List<string> Errors { get; } = [];
    /// <summary>The organization's notice period for its next publications, in working days.</summary>
    public int NoticeWorkingDays => Actor.Organization.NoticeWorkingDays;
    /// <summary>公开张榜: whether the organization's published results are posted at <c>/public/{org}</c>.</summary>
    public bool PublicPosting => Actor.Organization.PublicPosting;

    // What the admin typed, kept when a form is refused.
    public string? PublishReason { get; private set; }
    public bool AllowIncomplete { get; private set; }
    public string? CorrectionReason { get; private set; }
    public long? AnswerId { get; private set; }
    public string? AnswerText { get; private set; }

    public bool IsAdmin => Actor.IsAdmin;
    public bool ReadsAll => Actor.ReadsAll;
    private CancellationToken Ct => HttpContext.RequestAborted;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await DenyAsync() is { } denied) return denied;
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostPublishAsync(string? reason, bool allowIncomplete)
    {
        if (await DenyAsync(admin: true) is { } denied) return denied;
        var outcome = await publication.PublishAsync(Actor.OrganizationId, Period, Actor.UserName, reason, allowIncomplete, Ct);
        if (outcome.IsOk)
        {
            Done = text["Done.Published", outcome.Value!.Number];
            return Redirect(PublishRoutes.Publish(Org, Period));
        }
        (PublishReason, AllowIncomplete) = (reason, allowIncomplete);
        // The missing data are listed by name in the table above; the refusal says how many, not one line per datum.
        if (outcome.Status == WriteStatus.Conflict && outcome.Problems.Count > 0 && outcome.Problems.All(p => p.Path.StartsWith("$.data.", StringComparison.Ordinal)))
        {
            string refused = text["Publish.MissingRefused", outcome.Problems.Count];
            outcome = WriteOutcome<Revision>.Conflict(new Problem("$", refused, refused));
        }
        return await RefusedAsync(outcome);
    }

    public async Task<IActionResult> OnPostCorrectionAsync(string? reason)
    {
        if (await DenyAsync(admin: true) is { } denied) return denied;
        var outcome = await publication.OpenCorrectionAsync(Actor.OrganizationId, Period, Actor.UserName, reason ?? "", Ct);
        if (outcome.IsOk)
        {
            Done = text["Done.Correction", outcome.Value!.AfterRevision];
            return Redirect(PublishRoutes.Publish(Org, Period));
        }
        CorrectionReason = reason;
        return await RefusedAsync(outcome);
    }

    /// <summary>A reporter files an objection (from this page or the unit's page: <paramref name="returnUrl"/>, a local address, is where it goes back).</summary>
    public async Task<IActionResult> OnPostFileAsync(string? unit, string? reason, IFormFile? evidence, string? returnUrl)
    {
        if (await DenyAsync() is { } denied) return denied;
        byte[]? content = null;
        if (evidence is { Length: > 0 } && evidence.Length > Limits.EvidenceBytes)
        {
            // Refused before reading it: the service's message, without holding the file in memory.
            return await RefusedAsync(WriteOutcome<Objection>.Invalid([ObjectionService.TooLargeEvidence(Limits.EvidenceBytes)]), reason);
        }
        if (evidence is not null && (evidence.Length > 0 || evidence.FileName.Length > 0))
        {
            using var buffer = new MemoryStream();
            await evidence.CopyToAsync(buffer, Ct);
            content = buffer.ToArray();
        }
        var outcome = await objections.FileAsync(Actor, Period, new ObjectionFiling(unit ?? "", reason, evidence?.FileName, content), Limits.EvidenceBytes, Ct);
        if (outcome.IsOk)
        {
            Done = text["Done.Filed", outcome.Value!.Id];
            return Redirect(returnUrl is { Length: > 0 } r && Url.IsLocalUrl(r) ? r : PublishRoutes.Publish(Org, Period) + "#objections");
        }
        if (outcome.Status == WriteStatus.Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
        return await RefusedAsync(outcome, reason);
    }

    public async Task<IActionResult> OnPostAnswerAsync(long id, int? version, string? decision, string? answer)
    {
        if (await DenyAsync(admin: true) is { } denied) return denied;
        if (decision is not ("accept" or "reject"))
        {
            Errors.Add(text["Answer.ChooseDecision"]);
            (AnswerId, AnswerText) = (id, answer);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync();
            return Page();
        }
        var outcome = await objections.AnswerAsync(Actor, Period, id, decision == "accept", answer, version, Ct);
        if (outcome.IsOk)
        {
            Done = decision == "accept" ? text["Done.Accepted", id] : text["Done.Rejected", id];
            return Redirect(PublishRoutes.Publish(Org, Period) + "#objections");
        }
        if (outcome.Status == WriteStatus.NotFound) return NotFound();
        (AnswerId, AnswerText) = (id, answer);
        return await RefusedAsync(outcome);
    }

    /// <summary>The organization's notice period, in working days, for its next publications.</summary>
    public async Task<IActionResult> OnPostNoticeDaysAsync(string? days)
    {
        if (await DenyAsync(admin: true) is { } denied) return denied;
        var outcome = int.TryParse(days?.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? await objections.SetNoticeWorkingDaysAsync(Actor, n, Ct)
            : await objections.SetNoticeWorkingDaysAsync(Actor, -1, Ct);
        if (outcome.IsOk)
        {
            Done = text["Done.NoticeDays", outcome.Value];
            return Redirect(PublishRoutes.Publish(Org, Period));
        }
        return await RefusedAsync(outcome);
    }

    /// <summary>公开张榜: the admin turns the public posting of the organization's published results on (<c>on=true</c>) or off.</summary>
    public async Task<IActionResult> OnPostPublicPostingAsync(string? on)
    {
        if (await DenyAsync(admin: true) is { } denied) return denied;
        var outcome = await objections.SetPublicPostingAsync(Actor, string.Equals(on?.Trim(), "true", StringComparison.OrdinalIgnoreCase), Ct);
        if (outcome.IsOk)
        {
            Done = outcome.Value ? text["Done.PublicOn"] : text["Done.PublicOff"];
            return Redirect(PublishRoutes.Publish(Org, Period) + "#public-posting");
        }
        return await RefusedAsync(outcome);
    }

    /// <summary>The exact file a revision scored (<c>pacesetter score</c> on it gives its results); admins and leaders.</summary>
    public async Task<IActionResult> OnGetInputAsync(int n)
    {
        if (await DenyAsync() is { } denied) return denied;
        if (!ReadsAll) return StatusCode(StatusCodes.Status403Forbidden);
        var revision = await store.RevisionAsync(Actor.OrganizationId, Period, n, Ct);
        if (revision is null) return NotFound();
        return File(PublicationStore.UnzipBytes(revision.Input), "application/json; charset=utf-8", $"{Org}-{Period}-r{n}.json");
    }

    public async Task<IActionResult> OnGetEvidenceAsync(long id)
    {
        if (await DenyAsync() is { } denied) return denied;
        var o = await objections.EvidenceAsync(Actor, Period, id, Ct);
        if (o?.Evidence is null) return NotFound();
        return EvidenceDownloads.Page(HttpContext, o.Evidence, o.EvidenceType, o.EvidenceName);
    }

    /// <summary>Another organization or no such period → 404; an assessor (nothing here is theirs) or, for the admin's forms, anyone else → 403.</summary>
    private async Task<IActionResult?> DenyAsync(bool admin = false)
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null || !Periods.IsValid(Period)) return NotFound();
        Actor = actor;
        if (!actor.ReadsAll && actor.ReporterUnits.Count == 0) return StatusCode(StatusCodes.Status403Forbidden);
        if (admin && !actor.IsAdmin) return StatusCode(StatusCodes.Status403Forbidden);
        return null;
    }

    private async Task<IActionResult> RefusedAsync<T>(WriteOutcome<T> outcome, string? objectionReason = null)
    {
        // The reason typed in a refused objection, back in the unit's form (_UnitObjections).
        ViewData["ObjectionReason"] = objectionReason;
        Errors.AddRange(outcome.Messages());
        if (outcome.Status == WriteStatus.NotFound && Errors.Count == 0) Errors.Add(text["Error.NoScheme"]);
        Response.StatusCode = Outcomes.StatusOf(outcome.Status);
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        int org = Actor.OrganizationId;
        Status = await objections.StatusAsync(org, Period, Ct);
        Latest = Status is null ? null : await races.LatestAsync(org, Period, Ct);
        Objections = await objections.ListAsync(Actor, Period, ct: Ct) ?? [];
        foreach (var unit in Actor.ReporterUnits.Order(StringComparer.Ordinal))
        {
            if (await objections.ForUnitAsync(org, Period, unit, Actor, Ct) is { } mine && (mine.CanFile || mine.Status is not null)) Filing.Add(mine);
        }
        if (!ReadsAll) return;
        Revisions = await store.RevisionsAsync(org, Period, Ct);
        Corrections = await store.CorrectionsAsync(org, Period, Ct);
        OpenCorrection = Corrections.FirstOrDefault(c => c.ClosedByRevision is null);
        if (Status is null || OpenCorrection is not null)
        {
            Check = await publication.CheckAsync(org, Period, Ct);
            if (await schemes.CurrentAsync(org, Period, Ct) is { } current) Current = SchemeStore.Structure(current.Document);
        }
        if (Status is not null)
        {
            Shown = Revision is { } n && n != Status.Revision ? await races.RevisionAsync(org, Period, n, Ct) : Latest;
        }
    }

    /// <summary>A unit's name in the latest revision (else the current scheme), with its code.</summary>
    public string UnitName(string unit) => Latest?.Scheme.UnitName(unit) ?? Current?.UnitName(unit) ?? unit;
}
