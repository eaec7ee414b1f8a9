using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Access;
using Pacesetter.App.Accounts;
using Pacesetter.App.DataEntry;
using Pacesetter.Scoring.Schemes;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Localization;

namespace Pacesetter.Web.Pages.DataEntry;

/// <summary>
/// 数据填报 the entry page: a reporter's unit, an assessor's indicators × units, or any unit for the admin (picker).
/// Each datum is a card that saves, submits, uploads evidence and is reviewed on its own (htmx re-renders the card).
/// </summary>
public sealed class EntryModel(DataEntryService entry, People people, IStringLocalizer<DataEntryText> t) : PageModel
{
    public sealed record Section(string Title, List<DatumCard> Cards);

    [FromRoute] public string Org { get; set; } = "";
    [FromRoute] public string Period { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? Unit { get; set; }

    public Actor Actor { get; private set; } = null!;
    public PeriodView? View { get; private set; }
    public List<Section> Sections { get; } = [];
    public string? Notice { get; set; }
    public string? Alert { get; set; }

    /// <summary>A user name as the person's display name, once the cards are loaded (a conflict names who wrote the newer version).</summary>
    private Func<string?, string> name = n => n ?? "";

    public bool Picker => Actor.ReadsAll;
    public bool Closed => View is not null && !Actor.IsAdmin && View.DeadlinePassed(DataEntryService.Now);

    public async Task<IActionResult> OnGetAsync([FromQuery] int? submitted, [FromQuery] int? reviewed)
    {
        if (!await LoadAsync()) return NotFound();
        if (submitted is { } n) Notice = t["Entry.SubmittedCount", n];
        if (reviewed is { } r) Notice = t["Entry.ReviewedCount", r];
        return Page();
    }

    /// <summary>One card, e.g. after switching the events form between counts and a list.</summary>
    public async Task<IActionResult> OnGetCardAsync(string unit, string indicator, string? mode)
    {
        if (!await LoadActorAsync()) return NotFound();
        var card = await CardAsync(unit, indicator, mode);
        return card is null ? NotFound() : Partial("_DatumCard", card);
    }

    public async Task<IActionResult> OnPostSaveAsync(string unit, string indicator, int version, bool submit, string? mode)
    {
        if (!await LoadActorAsync()) return NotFound();
        var slot = View!.Find(unit, indicator);
        if (slot is null || !Actor.CanRead(unit, indicator)) return NotFound();
        var form = DatumForm.For(slot.Value.Indicator, null, mode);
        var (value, formProblems) = form.Build(Request.Form);
        EntryOutcome outcome = formProblems.Count > 0
            ? new EntryOutcome(EntryError.Invalid, null, formProblems)
            : await entry.SaveAsync(Actor, View, unit, indicator, value, version, submit, ct: HttpContext.RequestAborted);
        if (outcome.Error == EntryError.NotFound) return NotFound();
        if (outcome.Error == EntryError.Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
        // A refused form keeps what was typed; a saved or conflicting one shows the row as it now stands.
        var card = await CardAsync(unit, indicator, mode, outcome.Error == EntryError.Invalid || outcome.Error == EntryError.DeadlinePassed || outcome.Error == EntryError.NoValue ? form : null);
        if (card is null) return NotFound();
        if (outcome.Ok) card.Message = submit ? t["Entry.SubmittedOk"] : t["Entry.Saved"];
        else Explain(card, outcome);
        return Respond(card, outcome.Error);
    }

    public async Task<IActionResult> OnPostReviewAsync(string unit, string indicator, int version, string decision, string? reason)
    {
        if (!await LoadActorAsync()) return NotFound();
        var approve = decision == "approve";
        var outcome = await entry.ReviewAsync(Actor, Period, unit, indicator, approve, reason, version, HttpContext.RequestAborted);
        if (outcome.Error == EntryError.NotFound) return NotFound();
        if (outcome.Error == EntryError.Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
        var card = await CardAsync(unit, indicator, null);
        if (card is null) return NotFound();
        if (outcome.Ok) card.Message = approve ? t["Review.Approved"] : t["Review.Returned"];
        else Explain(card, outcome);
        return Respond(card, outcome.Error);
    }

    /// <summary>撤回: a submitted datum back to a draft (ADR 0014).</summary>
    public async Task<IActionResult> OnPostWithdrawAsync(string unit, string indicator, int version)
    {
        if (!await LoadActorAsync()) return NotFound();
        var outcome = await entry.WithdrawAsync(Actor, View, unit, indicator, version, HttpContext.RequestAborted);
        if (outcome.Error == EntryError.NotFound) return NotFound();
        if (outcome.Error == EntryError.Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
        var card = await CardAsync(unit, indicator, null);
        if (card is null) return NotFound();
        if (outcome.Ok) card.Message = t["Entry.Withdrawn"];
        else Explain(card, outcome);
        return Respond(card, outcome.Error);
    }

    public async Task<IActionResult> OnPostUploadAsync(string unit, string indicator, IFormFile? file)
    {
        if (!await LoadActorAsync()) return NotFound();
        if (View!.Find(unit, indicator) is null || !Actor.CanRead(unit, indicator)) return NotFound();
        string? error = null;
        EntryError code = EntryError.None;
        Evidence? added = null;
        if (file is null || file.Length == 0 && file.FileName.Length == 0) error = t["Error.NoFile"];
        else if (DataEntryService.FileNameProblem(file.FileName) is { } badName) (code, error) = (EntryError.Invalid, badName.Message(RequestLanguage.Current));
        else if (file.Length > Limits.EvidenceBytes) (code, error) = (EntryError.TooLarge, t["Error.TooLarge", file.FileName, Limits.EvidenceBytes / (1024 * 1024)]);
        else
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, HttpContext.RequestAborted);
            (code, added, var refusal) = await entry.AddEvidenceAsync(Actor, View, unit, indicator, file.FileName, buffer.ToArray(), Limits.EvidenceBytes, HttpContext.RequestAborted);
            error = code switch
            {
                EntryError.None => null,
                EntryError.NotFound => null,
                EntryError.Forbidden => null,
                EntryError.TooLarge => t["Error.TooLarge", file.FileName, Limits.EvidenceBytes / (1024 * 1024)],
                EntryError.BadType when refusal is not null => t["Error.Refused", file.FileName, refusal.Message(RequestLanguage.Current)],
                EntryError.BadType => t["Error.BadType", file.FileName],
                EntryError.Empty => t["Error.Empty", file.FileName],
                _ => ErrorText(code, null),
            };
        }
        if (code == EntryError.NotFound) return NotFound();
        if (code == EntryError.Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
        var card = await CardAsync(unit, indicator, null);
        if (card is null) return NotFound();
        card.Error = error;
        if (added is not null) card.Message = t["Evidence.Uploaded", added.FileName, added.Sha256];
        return Respond(card, error is null ? EntryError.None : code == EntryError.None ? EntryError.Invalid : code);
    }

    public async Task<IActionResult> OnGetEvidenceAsync(long id)
    {
        if (!await LoadActorAsync()) return NotFound();
        var evidence = await entry.EvidenceForReadAsync(Actor, id, HttpContext.RequestAborted);
        if (evidence is null) return NotFound();
        return EvidenceDownloads.Page(HttpContext, evidence.Content, evidence.ContentType, EvidenceFiles.DownloadName(evidence.FileName, evidence.ContentType));
    }

    public async Task<IActionResult> OnPostSubmitAllAsync()
    {
        if (!await LoadActorAsync()) return NotFound();
        var result = await entry.SubmitDraftsAsync(Actor, View, Unit, HttpContext.RequestAborted);
        if (result.Error != EntryError.None)
        {
            await LoadAsync();
            Alert = ErrorText(result.Error, null);
            Response.StatusCode = StatusFor(result.Error);
            return Page();
        }
        return Redirect($"{Routes.Entry(Org, Period)}?{Query(Unit)}submitted={result.Count}");
    }

    public async Task<IActionResult> OnPostReviewUnitAsync(string decision, string? reason)
    {
        if (!await LoadActorAsync()) return NotFound();
        if (Unit is null || View!.CategoryOf(Unit) is null) return NotFound();
        var result = await entry.ReviewManyAsync(Actor, View, Unit, null, decision == "approve", reason, HttpContext.RequestAborted);
        if (result.Error == EntryError.Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
        if (result.Error != EntryError.None)
        {
            await LoadAsync();
            Alert = result.Problems is { Count: > 0 } problems ? string.Join(" ", problems.Select(p => p.Message(RequestLanguage.Current))) : ErrorText(result.Error, null);
            Response.StatusCode = StatusFor(result.Error);
            return Page();
        }
        return Redirect($"{Routes.Entry(Org, Period)}?{Query(Unit)}reviewed={result.Count}");
    }

    private static string Query(string? unit) => unit is null ? "" : $"unit={Uri.EscapeDataString(unit)}&";

    private IActionResult Respond(DatumCard card, EntryError error)
    {
        if (Request.Headers.ContainsKey("HX-Request")) return Partial("_DatumCard", card);
        // Without htmx (no script, or a test), the whole page, with this card as it now stands.
        Response.StatusCode = StatusFor(error);
        Unit ??= card.Unit;
        Sections.Add(new Section(card.UnitName, [card]));
        return Page();
    }

    private static int StatusFor(EntryError error) => error switch
    {
        EntryError.None => StatusCodes.Status200OK,
        EntryError.Conflict or EntryError.Submitted or EntryError.NotWithdrawable or EntryError.Published => StatusCodes.Status409Conflict,
        EntryError.NotFound => StatusCodes.Status404NotFound,
        EntryError.Forbidden or EntryError.DeadlinePassed or EntryError.Approved => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status400BadRequest,
    };

    private void Explain(DatumCard card, EntryOutcome outcome)
    {
        card.Error = ErrorText(outcome.Error, outcome.Row);
        // A reason names itself ("“原因”最多 2000 个字符。"); the datum's fields are described by the form.
        foreach (var p in outcome.Problems) card.Problems.Add(p.Field == "reason" ? p.Message(RequestLanguage.Current) : card.Form.Describe(p, t));
    }

    public string ErrorText(EntryError error, DatumEntry? newer) => error switch
    {
        EntryError.Conflict when newer is not null && View?.Find(newer.UnitCode, newer.IndicatorId) is { } slot => t["Error.Conflict", name(newer.UpdatedBy), ChinaTime.Show(newer.UpdatedAt), newer.Version, DatumWords.Describe(slot.Indicator, newer.Value, t)],
        EntryError.Conflict => t["Error.ConflictGone"],
        EntryError.DeadlinePassed => t["Error.DeadlinePassed", View?.Deadline is { } d ? ChinaTime.Show(d) : ""],
        EntryError.Invalid => t["Error.Invalid"],
        EntryError.Approved => t["Error.Approved"],
        EntryError.NotSubmitted => t["Error.NotSubmitted"],
        EntryError.Submitted => t["Error.Submitted"],
        EntryError.NotWithdrawable => t["Error.NotWithdrawable"],
        EntryError.Published => t["Error.Published"],
        EntryError.ReasonRequired => t["Error.ReasonRequired"],
        EntryError.NoValue => t["Error.NoValue"],
        EntryError.Forbidden => t["Error.Forbidden"],
        _ => t["Error.NotFound"],
    };

    private async Task<bool> LoadActorAsync()
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null) return false;
        Actor = actor;
        View = await entry.PeriodAsync(actor.OrganizationId, Period, HttpContext.RequestAborted);
        return View is not null;
    }

    /// <summary>The cards this actor sees: the picked unit (admins, leaders), its own units (reporters), its indicators × units (assessors).</summary>
    private async Task<bool> LoadAsync()
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null) return false;
        Actor = actor;
        View = await entry.PeriodAsync(actor.OrganizationId, Period, HttpContext.RequestAborted);
        if (View is null) return true;
        var slots = new List<(string Title, string Unit, Indicator Indicator)>();
        var seen = new HashSet<(string, string)>();
        void Add(string title, string unit, Indicator ind)
        {
            if (seen.Add((unit, ind.Id))) slots.Add((title, unit, ind));
        }
        if (actor.ReadsAll)
        {
            Unit ??= View.Scheme.Categories.SelectMany(c => c.Units).FirstOrDefault();
            if (Unit is not null && View.CategoryOf(Unit) is { } cat)
            {
                foreach (var ind in cat.Indicators) Add(UnitTitle(Unit), Unit, ind);
            }
        }
        foreach (var unit in actor.ReporterUnits)
        {
            if (View.CategoryOf(unit) is { } cat) foreach (var ind in cat.Indicators) Add(UnitTitle(unit), unit, ind);
        }
        foreach (var id in actor.AssessedIndicators)
        {
            foreach (var cat in View.Scheme.Categories)
            {
                int j = cat.IndicatorIndex(id);
                if (j < 0) continue;
                var ind = cat.Indicators[j];
                foreach (var unit in cat.Units) Add($"{ind.Name} · {cat.Name}", unit, ind);
            }
        }
        var rows = (await entry.ReadableRowsAsync(actor, Period, actor.ReadsAll && actor.AssessedIndicators.Count == 0 && actor.ReporterUnits.Count == 0 ? Unit : null, ct: HttpContext.RequestAborted))
            .ToDictionary(r => (r.UnitCode, r.IndicatorId));
        var evidence = await entry.EvidenceListAsync(actor.OrganizationId, rows.Values.Select(r => r.Id).ToList(), HttpContext.RequestAborted);
        var history = await entry.HistoryAsync(actor.OrganizationId, Period, slots.Select(s => s.Unit).Distinct().ToList(), ct: HttpContext.RequestAborted);
        name = await people.OfAsync(actor.OrganizationId, HttpContext.RequestAborted);
        foreach (var group in slots.GroupBy(s => s.Title))
        {
            var cards = group.Select(s => NewCard(s.Unit, s.Indicator, rows.GetValueOrDefault((s.Unit, s.Indicator.Id)), evidence, null, null, history.GetValueOrDefault((s.Unit, s.Indicator.Id)))).ToList();
            Sections.Add(new Section(group.Key, cards));
        }
        return true;
    }

    private string UnitTitle(string unit) => $"{View!.Scheme.UnitName(unit)}（{unit}）";

    private async Task<DatumCard?> CardAsync(string unit, string indicator, string? mode, DatumForm? posted = null)
    {
        var slot = View!.Find(unit, indicator);
        if (slot is null || !Actor.CanRead(unit, indicator)) return null;
        var rows = await entry.ReadableRowsAsync(Actor, Period, unit, indicator, HttpContext.RequestAborted);
        var row = rows.FirstOrDefault();
        var evidence = await entry.EvidenceListAsync(Actor.OrganizationId, row is null ? [] : [row.Id], HttpContext.RequestAborted);
        var history = await entry.HistoryAsync(Actor.OrganizationId, Period, [unit], indicator, HttpContext.RequestAborted);
        name = await people.OfAsync(Actor.OrganizationId, HttpContext.RequestAborted);
        return NewCard(unit, slot.Value.Indicator, row, evidence, mode, posted, history.GetValueOrDefault((unit, indicator)));
    }

    private DatumCard NewCard(string unit, Indicator indicator, DatumEntry? row, ILookup<long, Evidence> evidence, string? mode, DatumForm? posted, DatumHistory? history) => new()
    {
        History = history,
        Name = name,
        Org = Org,
        Period = Period,
        Unit = unit,
        UnitName = View!.Scheme.UnitName(unit),
        Indicator = indicator,
        Row = row,
        Form = posted ?? DatumForm.For(indicator, row?.Value, mode),
        Evidence = row is null ? [] : evidence[row.Id].ToList(),
        CanWrite = Actor.CanWrite(unit, indicator),
        CanReview = Actor.CanReview,
        Closed = !Actor.IsAdmin && View.DeadlinePassed(DataEntryService.Now),
    };
}
