using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Access;
using Pacesetter.App.Surveys;
using Pacesetter.App.Writes;
using Pacesetter.Scoring.Surveys;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Localization;

namespace Pacesetter.Web.Pages.Surveys;

/// <summary>
/// 测评详情 (issue #12 §6): a survey's state and ballots (cast, valid, invalid), the indicators of its period's scheme it
/// feeds (or how to link one), the tally — each unit's score, satisfaction and every group's mean and count, as a
/// table and a bar chart of the scores — and its exports. Admins close it (feeding the indicators, audited) and reopen
/// it with a reason through <see cref="SurveyService"/>, make one-time links (<see cref="LinksModel"/>) and enter paper
/// ballots (<see cref="PaperModel"/>). Admins and leaders read; other members 403; another organization 404.
/// </summary>
public sealed class DetailsModel(SurveyService surveys, IStringLocalizer<SurveysText> text) : PageModel
{
    [FromRoute] public string Org { get; set; } = "";
    [FromRoute] public string Id { get; set; } = "";
    [TempData] public string? Done { get; set; }
    /// <summary>The reopening's reason as typed (kept when refused).</summary>
    [BindProperty] public string? Reason { get; set; }

    public Actor Actor { get; private set; } = null!;
    public SurveySummary Summary { get; private set; } = null!;
    public StoredSurvey Row => Summary.Row;
    public Survey Survey => Summary.Survey;
    public SurveyResult Result { get; private set; } = null!;
    /// <summary>The base indicators of the period's scheme whose source is this survey: id and name.</summary>
    public List<(string Id, string Name)> Fed { get; private set; } = [];
    public Dictionary<string, string> UnitNames { get; private set; } = [];
    /// <summary>A refused close or reopen: its messages, shown at its form.</summary>
    public List<string> CloseErrors { get; } = [];
    public List<string> ReopenErrors { get; } = [];

    private CancellationToken Ct => HttpContext.RequestAborted;

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ?? Page();

    /// <summary>关闭测评: no more ballots; the indicators whose source is this survey take each unit's score.</summary>
    public async Task<IActionResult> OnPostCloseAsync()
    {
        if (await LoadAsync() is { } denied) return denied;
        var outcome = await surveys.CloseAsync(Actor, Id, Ct);
        if (outcome.IsOk)
        {
            var fed = outcome.Value!.Fed;
            var names = Fed.ToDictionary(f => f.Id, f => f.Name, StringComparer.Ordinal);
            var list = string.Join(RequestLanguage.CurrentIsEnglish ? ", " : "、", fed.Select(f => names.GetValueOrDefault(f.Indicator, f.Indicator)));
            Done = fed.Count == 0 ? text["Close.DoneNone"]
                : fed.Any(f => f.Locked) ? text["Close.DoneLocked", list]
                : text["Close.Done", list];
            return Redirect(SurveyRoutes.Survey(Org, Id));
        }
        return await RefusedAsync(outcome.Status, outcome.Messages(), CloseErrors);
    }

    /// <summary>重新开启 with a reason: ballots are taken again; the indicators it fed have no datum until it is closed again.</summary>
    public async Task<IActionResult> OnPostReopenAsync()
    {
        if (await LoadAsync() is { } denied) return denied;
        var outcome = await surveys.ReopenAsync(Actor, Id, Reason, Ct);
        if (outcome.IsOk)
        {
            Done = text["Reopen.Done"];
            return Redirect(SurveyRoutes.Survey(Org, Id));
        }
        return await RefusedAsync(outcome.Status, outcome.Messages(), ReopenErrors);
    }

    private async Task<IActionResult> RefusedAsync(WriteStatus status, List<string> messages, List<string> into)
    {
        if (status == WriteStatus.Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
        if (status == WriteStatus.NotFound) return NotFound();
        into.AddRange(messages);
        Response.StatusCode = Outcomes.StatusOf(status);
        // Read again: the refusal may say that another admin closed or reopened it meanwhile.
        return await LoadAsync() ?? Page();
    }

    private async Task<IActionResult?> LoadAsync()
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null) return NotFound();
        if (!SurveyService.MayRead(actor)) return StatusCode(StatusCodes.Status403Forbidden);
        // Writes are the admins'; a leader's post is refused before anything is read.
        if (HttpMethods.IsPost(Request.Method) && !actor.IsAdmin) return StatusCode(StatusCodes.Status403Forbidden);
        Actor = actor;
        var summary = await surveys.SummaryAsync(actor.OrganizationId, Id, Ct);
        if (summary is null) return NotFound();
        Summary = summary;
        Result = await surveys.ResultAsync(summary.Row, Ct);
        Fed = await surveys.FedIndicatorsAsync(summary.Row, Ct);
        UnitNames = await surveys.UnitNamesAsync(actor.OrganizationId, Ct);
        return null;
    }

    public string UnitName(string code) => UnitNames.GetValueOrDefault(code, code);

    /// <summary>The bar chart's data (the page's JSON block <c>#survey-scores</c>): the units' names and scores in the survey's order, null without a score.</summary>
    public string ScoresJson() => JsonSerializer.Serialize(new
    {
        units = Result.Units.Select(u => UnitName(u.Unit)),
        scores = Result.Units.Select(u => u.Score),
        label = text["Col.Score"].Value,
    });
}
