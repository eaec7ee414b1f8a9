using System.Globalization;
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
/// 填报进度 the completeness matrix for admins and leaders: unit × indicator states per category, counts per state,
/// a cell's datum with approve / return, bulk approval, and the period's deadline. One query for all the states.
/// </summary>
public sealed class MatrixModel(DataEntryService entry, People people, IStringLocalizer<DataEntryText> t) : PageModel
{
    /// <summary>The states in their order on the page; index = CSS class suffix (s0 … s4).</summary>
    public static readonly string[] StateKeys = ["missing", "draft", "submitted", "approved", "returned"];

    [FromRoute] public string Org { get; set; } = "";
    [FromRoute] public string Period { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? Category { get; set; }

    public Actor Actor { get; private set; } = null!;
    public PeriodView? View { get; private set; }
    public IReadOnlyList<Category> Categories { get; private set; } = [];
    public Dictionary<(string Unit, string Indicator), DatumState> States { get; private set; } = [];
    public int[] Counts { get; } = new int[5];
    public string? Notice { get; set; }
    public string? Alert { get; set; }

    public static int Index(DatumState? state) => state switch
    {
        null => 0,
        DatumState.Draft => 1,
        DatumState.Submitted => 2,
        DatumState.Approved => 3,
        _ => 4,
    };

    public string Letter(int index) => t["Letter." + Capital(StateKeys[index])];

    public string StateName(int index) => t["State." + Capital(StateKeys[index])];

    private static string Capital(string s) => char.ToUpperInvariant(s[0]) + s[1..];

    public async Task<IActionResult> OnGetAsync([FromQuery] int? reviewed, [FromQuery] bool? deadlineSaved)
    {
        var denied = await LoadActorAsync();
        if (denied is not null) return denied;
        if (View is null) return Page();
        await CountAsync();
        if (reviewed is { } n) Notice = t["Entry.ReviewedCount", n];
        if (deadlineSaved == true) Notice = t["Matrix.DeadlineSaved"];
        return Page();
    }

    /// <summary>The states of the categories shown (all, or the one chosen) and their counts.</summary>
    private async Task CountAsync()
    {
        Categories = View!.Scheme.Categories.Where(c => Category is null or "" || c.Id == Category).ToList();
        States = await entry.StatesAsync(Actor.OrganizationId, Period, HttpContext.RequestAborted);
        Array.Clear(Counts);
        foreach (var c in Categories)
        {
            foreach (var u in c.Units)
            {
                foreach (var ind in c.Indicators) Counts[Index(States.TryGetValue((u, ind.Id), out var s) ? s : null)]++;
            }
        }
    }

    /// <summary>The legend and the bulk approval as the page shows them; <paramref name="outOfBand"/> for an htmx answer that replaces them.</summary>
    public MatrixCounts CountsModel(bool outOfBand) => new()
    {
        Counts = (int[])Counts.Clone(),
        Letters = Enumerable.Range(0, 5).Select(Letter).ToArray(),
        Names = Enumerable.Range(0, 5).Select(StateName).ToArray(),
        CanReview = Actor.CanReview,
        Url = Routes.Matrix(Org, Period),
        Category = Category,
        Scope = View?.Scheme.Categories.FirstOrDefault(c => c.Id == Category) is { } cat ? t["Matrix.ScopeCategory", cat.Name] : t["Matrix.ScopeAll"],
        OutOfBand = outOfBand,
    };

    /// <summary>One cell's datum (htmx panel): value, state, who saved it, evidence, and the review form for admins.</summary>
    public async Task<IActionResult> OnGetCellAsync(string unit, string indicator)
    {
        var denied = await LoadActorAsync();
        if (denied is not null) return denied;
        var cell = await CellAsync(unit, indicator);
        return cell is null ? NotFound() : Partial("_MatrixCell", cell);
    }

    public async Task<IActionResult> OnPostReviewAsync(string unit, string indicator, int version, string decision, string? reason)
    {
        var denied = await LoadActorAsync();
        if (denied is not null) return denied;
        var approve = decision == "approve";
        var outcome = await entry.ReviewAsync(Actor, Period, unit, indicator, approve, reason, version, HttpContext.RequestAborted);
        if (outcome.Error == EntryError.NotFound) return NotFound();
        if (outcome.Error == EntryError.Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
        var cell = await CellAsync(unit, indicator);
        if (cell is null) return NotFound();
        // The legend and the bulk approval's count change with the review: they come along, swapped out of band.
        await CountAsync();
        cell.Counts = CountsModel(true);
        if (outcome.Ok) cell.Message = approve ? t["Review.Approved"] : t["Review.Returned"];
        else
        {
            cell.Error = outcome.Error switch
            {
                EntryError.Conflict => t["Error.ConflictGone"],
                EntryError.NotSubmitted => t["Error.NotSubmitted"],
                EntryError.ReasonRequired => t["Error.ReasonRequired"],
                EntryError.Published => t["Error.Published"],
                _ => t["Error.NotFound"],
            };
            if (!Request.Headers.ContainsKey("HX-Request")) Response.StatusCode = outcome.Error is EntryError.Conflict or EntryError.Published ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        }
        return Partial("_MatrixCell", cell);
    }

    /// <summary>Approves or returns every submitted datum of a unit, or of the category shown (all categories when none is chosen).</summary>
    public async Task<IActionResult> OnPostReviewManyAsync(string? unit, string decision, string? reason)
    {
        var denied = await LoadActorAsync();
        if (denied is not null) return denied;
        var result = await entry.ReviewManyAsync(Actor, View, unit is { Length: > 0 } ? unit : null, Category is { Length: > 0 } ? Category : null, decision == "approve", reason, HttpContext.RequestAborted);
        if (result.Error == EntryError.Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
        if (result.Error != EntryError.None)
        {
            Response.StatusCode = result.Error == EntryError.Published ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
            var page = await OnGetAsync(null, null);
            Alert = result.Problems is { Count: > 0 } problems ? string.Join(" ", problems.Select(p => p.Message(RequestLanguage.Current)))
                : result.Error switch
                {
                    EntryError.ReasonRequired => t["Error.ReasonRequired"],
                    EntryError.Published => t["Error.Published"],
                    _ => t["Error.NotFound"],
                };
            return page;
        }
        return Redirect($"{Routes.Matrix(Org, Period)}?{(Category is { Length: > 0 } c ? $"category={Uri.EscapeDataString(c)}&" : "")}reviewed={result.Count}");
    }

    /// <summary>Sets the deadline, entered as China Standard Time (yyyy-MM-ddTHH:mm); clear=true removes it.</summary>
    public async Task<IActionResult> OnPostDeadlineAsync(string? deadline, bool clear)
    {
        var denied = await LoadActorAsync();
        if (denied is not null) return denied;
        DateTimeOffset? at = null;
        if (!clear)
        {
            at = ChinaTime.ParseInput(deadline);
            if (at is null)
            {
                Response.StatusCode = StatusCodes.Status400BadRequest;
                var page = await OnGetAsync(null, null);
                Alert = t["Problem.Format", t["Matrix.DeadlineLabel"], t["Problem.Required"]];
                return page;
            }
        }
        var error = await entry.SetDeadlineAsync(Actor, Period, at, HttpContext.RequestAborted);
        if (error == EntryError.Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
        if (error != EntryError.None) return NotFound();
        return Redirect($"{Routes.Matrix(Org, Period)}?deadlineSaved=true");
    }

    /// <summary>Null when the actor may see the matrix; else 404 (not in the organization) or 403 (not an admin or leader).</summary>
    private async Task<IActionResult?> LoadActorAsync()
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null) return NotFound();
        if (!actor.ReadsAll) return StatusCode(StatusCodes.Status403Forbidden);
        Actor = actor;
        View = await entry.PeriodAsync(actor.OrganizationId, Period, HttpContext.RequestAborted);
        return null;
    }

    private async Task<MatrixCell?> CellAsync(string unit, string indicator)
    {
        var slot = View?.Find(unit, indicator);
        if (slot is null) return null;
        var row = (await entry.ReadableRowsAsync(Actor, Period, unit, indicator, HttpContext.RequestAborted)).FirstOrDefault();
        var evidence = await entry.EvidenceListAsync(Actor.OrganizationId, row is null ? [] : [row.Id], HttpContext.RequestAborted);
        var history = await entry.HistoryAsync(Actor.OrganizationId, Period, [unit], indicator, HttpContext.RequestAborted);
        var unitSubmitted = (await entry.ReadableRowsAsync(Actor, Period, unit, ct: HttpContext.RequestAborted)).Count(r => r.State == DatumState.Submitted && r.Value is not null);
        return new MatrixCell
        {
            History = history.GetValueOrDefault((unit, indicator)),
            Name = await people.OfAsync(Actor.OrganizationId, HttpContext.RequestAborted),
            UnitSubmitted = unitSubmitted,
            Words = DatumWords.Describe(slot.Value.Indicator, row?.Value, t),
            Category = Category,
            Org = Org,
            Period = Period,
            Unit = unit,
            UnitName = View!.Scheme.UnitName(unit),
            Indicator = slot.Value.Indicator,
            Row = row,
            Evidence = row is null ? [] : evidence[row.Id].ToList(),
            CanReview = Actor.CanReview,
            StateIndex = Index(row is { Value: not null } r ? r.State : null),
            Letter = Letter(Index(row is { Value: not null } r2 ? r2.State : null)),
        };
    }
}

/// <summary>What the matrix's side panel shows of one cell.</summary>
public sealed class MatrixCell
{
    public required string Org { get; init; }
    public required string Period { get; init; }
    public required string Unit { get; init; }
    public required string UnitName { get; init; }
    public required Indicator Indicator { get; init; }
    public required DatumEntry? Row { get; init; }
    public IReadOnlyList<Evidence> Evidence { get; init; } = [];
    public bool CanReview { get; init; }
    public int StateIndex { get; init; }
    public required string Letter { get; init; }
    public string? Message { get; set; }
    public string? Error { get; set; }
    /// <summary>The datum in words (<see cref="DatumWords"/>).</summary>
    public string Words { get; init; } = "";
    public DatumHistory? History { get; init; }
    /// <summary>A user name as the person's display name (<see cref="Pacesetter.App.Accounts.People"/>).</summary>
    public Func<string?, string> Name { get; init; } = n => n ?? "";
    /// <summary>How many data of the unit await review (the unit's bulk approval names it).</summary>
    public int UnitSubmitted { get; init; }
    /// <summary>The category the page shows ("" or null: all), kept by the review so that the counts answered are the page's.</summary>
    public string? Category { get; init; }
    /// <summary>After a review: the page's counts, swapped out of band.</summary>
    public MatrixCounts? Counts { get; set; }
}

/// <summary>What the matrix's legend and bulk approval show (<c>_MatrixCounts</c>).</summary>
public sealed class MatrixCounts
{
    public required int[] Counts { get; init; }
    public required string[] Letters { get; init; }
    public required string[] Names { get; init; }
    public bool CanReview { get; init; }
    public required string Url { get; init; }
    public string? Category { get; init; }
    /// <summary>What the bulk approval covers, in words: a category's name, or every category.</summary>
    public required string Scope { get; init; }
    public bool OutOfBand { get; init; }
}
