using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Access;
using Pacesetter.App.Organizations;
using Pacesetter.App.Schemes;
using Pacesetter.App.Surveys;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Localization;

namespace Pacesetter.Web.Pages.Surveys;

/// <summary>The units offered in the form under a heading (a category's name): code and name.</summary>
public sealed record UnitChoices(string Heading, IReadOnlyList<(string Code, string Name)> Units);

/// <summary>
/// 新建测评 (<c>/orgs/{org}/surveys/new</c>) and 修改测评 (<c>…/{id}/edit</c>): the survey object of surveys.md §1 as a
/// form (<see cref="SurveyForm"/>) — units ticked by name, options and rater groups as rows, a few blank rows to add to
/// — saved through <see cref="SurveyService.SaveAsync"/> (the API's door, the same checks and audit), every problem
/// shown at its input in the reader's language. Once ballots are stored the units, options and groups keep their ids
/// and order (the form shows them fixed). Admins only; others 403; another organization 404.
/// </summary>
// The form holds a checkbox per unit of the organization (up to 2,000) besides its rows.
[RequestFormLimits(ValueCountLimit = 10_000)]
public sealed class EditModel(SurveyService surveys, SchemeStore schemes, UnitService units, IStringLocalizer<SurveysText> text) : PageModel
{
    /// <summary>The blank rows offered to add options and groups.</summary>
    public const int BlankOptions = 2, BlankGroups = 3;

    [FromRoute] public string Org { get; set; } = "";
    /// <summary>The survey's id; null on the new survey's page.</summary>
    [FromRoute] public string? Id { get; set; }
    [BindProperty] public SurveyForm Form { get; set; } = new();
    [BindProperty] public int Version { get; set; }
    [TempData] public string? Done { get; set; }

    public bool IsNew => Id is null;
    public Actor Actor { get; private set; } = null!;
    public StoredSurvey? Row { get; private set; }
    /// <summary>Ballots are stored: the units, options and groups keep their ids and order.</summary>
    public bool Fixed { get; private set; }
    /// <summary>The periods with a scheme, newest first (the period's suggestions).</summary>
    public List<string> Periods { get; private set; } = [];
    /// <summary>The organization's units to tick, by category; units of the survey no longer active last.</summary>
    public List<UnitChoices> Choices { get; private set; } = [];
    /// <summary>Every unit's name by code (retired ones included).</summary>
    public Dictionary<string, string> UnitNames { get; private set; } = [];
    /// <summary>The messages under each input (its name as key; "" for the form as a whole).</summary>
    public Dictionary<string, List<string>> Errors { get; } = new(StringComparer.Ordinal);
    /// <summary>Every problem, where (in words) and what, above the form.</summary>
    public List<(string Place, string Message)> Problems { get; } = [];

    private CancellationToken Ct => HttpContext.RequestAborted;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await LoadAsync() is { } denied) return denied;
        if (Row is null)
        {
            Form = SurveyForm.New(Choices.SelectMany(c => c.Units).Select(u => u.Code),
                (text["Default.Satisfied"], text["Default.Fair"], text["Default.Dissatisfied"]), text["Default.Leaders"]);
            Form.AddBlankRows(BlankOptions, BlankGroups);
            return Page();
        }
        Form = SurveyForm.Of(SurveyService.Parse(Row));
        Version = Row.Version;
        if (!Fixed) Form.AddBlankRows(BlankOptions, BlankGroups);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await LoadAsync() is { } denied) return denied;
        var code = IsNew ? Form.Id.Trim() : Id!;
        if (IsNew && code == "new") Add(new Problem("$.id", "\"new\" is the address of this page: choose another id", "“new”是本页的地址，请换一个编号"));
        else if (IsNew && code.Length > 0 && await surveys.GetAsync(Actor.OrganizationId, code, Ct) is not null)
        {
            Add(new Problem("$.id", $"the id \"{code}\" is taken by another survey", $"编号“{code}”已被其他测评使用"));
        }
        if (Problems.Count > 0) return Refused(StatusCodes.Status400BadRequest);
        var json = Encoding.UTF8.GetBytes(Form.Document(code).ToJsonString());
        var outcome = await surveys.SaveAsync(Actor, code, json, IsNew ? 0 : Version, Ct);
        if (outcome.IsOk)
        {
            Done = text[IsNew ? "Edit.Created" : "Edit.Saved", outcome.Value!.Name];
            return Redirect(SurveyRoutes.Survey(Org, code));
        }
        if (outcome.Status == WriteStatus.Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
        if (outcome.Status == WriteStatus.NotFound) return NotFound();
        foreach (var p in outcome.Problems) Add(p);
        return Refused(Outcomes.StatusOf(outcome.Status));
    }

    private IActionResult Refused(int status)
    {
        Response.StatusCode = status;
        return Page();
    }

    /// <summary>A problem placed at its input, and listed above the form with its place in words.</summary>
    private void Add(Problem p)
    {
        var place = Form.Place(p.Path);
        // The form asks for the quota in percent; the reader speaks of a fraction.
        var message = place.Section == "topQuota" ? text["Form.TopQuotaProblem"].Value : p.Message(Outcomes.Language);
        if (place.Unit is { } unit) message = UnitNames.GetValueOrDefault(unit, unit) + (RequestLanguage.CurrentIsEnglish ? ": " : "：") + message;
        if (!Errors.TryGetValue(place.Key, out var list)) Errors[place.Key] = list = [];
        list.Add(message);
        Problems.Add((Words(place), message));
    }

    /// <summary>The place in words: 选项第 2 行 · 分值, 被测评单位, "" for the form as a whole.</summary>
    private string Words(FormPlace place)
    {
        if (place.Section.Length == 0) return "";
        var section = text["Place." + place.Section].Value;
        if (place.Row is not { } row) return section;
        var where = text["Place.Row", section, row].Value;
        return place.Field is { } field ? $"{where} · {text["Field." + field].Value}" : where;
    }

    private async Task<IActionResult?> LoadAsync()
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null) return NotFound();
        if (!actor.IsAdmin) return StatusCode(StatusCodes.Status403Forbidden);
        Actor = actor;
        if (Id is not null)
        {
            var summary = await surveys.SummaryAsync(actor.OrganizationId, Id, Ct);
            if (summary is null) return NotFound();
            Row = summary.Row;
            Fixed = summary.Ballots > 0;
        }
        Periods = [.. (await schemes.PeriodsAsync(actor.OrganizationId, Ct)).OrderDescending(StringComparer.Ordinal)];
        UnitNames = await surveys.UnitNamesAsync(actor.OrganizationId, Ct);
        var categories = await units.CategoriesAsync(actor.OrganizationId, Ct);
        var active = await units.UnitsAsync(actor.OrganizationId, activeOnly: true, Ct);
        Choices = [.. categories.Select(c => new UnitChoices(c.Name, [.. active.Where(u => u.CategoryId == c.Id).Select(u => (u.Code, u.Name))])).Where(c => c.Units.Count > 0)];
        var known = categories.Select(c => c.Id).ToHashSet();
        if (active.Where(u => u.CategoryId is not { } id || !known.Contains(id)).Select(u => (u.Code, u.Name)).ToList() is { Count: > 0 } others)
        {
            Choices.Add(new UnitChoices(text["Edit.OtherUnits"], others));
        }
        // A unit of the survey retired since: shown ticked, to be unticked (a save with it is refused at its place).
        IReadOnlyList<string> stored = Row is null ? [] : SurveyService.Parse(Row).Units;
        var activeCodes = active.Select(u => u.Code).ToHashSet(StringComparer.Ordinal);
        if (stored.Where(u => !activeCodes.Contains(u)).Select(u => (u, UnitNames.GetValueOrDefault(u, u))).ToList() is { Count: > 0 } retired)
        {
            Choices.Add(new UnitChoices(text["Edit.RetiredUnits"], retired));
        }
        return null;
    }
}
