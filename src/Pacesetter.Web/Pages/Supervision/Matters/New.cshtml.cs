using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Access;
using Pacesetter.App.Supervision;
using Pacesetter.App.Supervision.Matters;
using Pacesetter.App.Supervision.Model;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages.Supervision.Matters;

/// <summary>立项 the office's form for a new matter (admins only): it parses the form and asks <see cref="MatterService"/>.</summary>
public sealed class NewModel(MatterService matters, IStringLocalizer<MattersText> text) : PageModel
{
    [FromRoute] public string Org { get; set; } = "";
    [BindProperty] public string? Id { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Kind { get; set; } = "key-task";
    [BindProperty] public string? Unit { get; set; }
    [BindProperty] public List<string> CoUnits { get; set; } = [];
    [BindProperty] public string? Leader { get; set; }
    [BindProperty] public string? Start { get; set; }
    [BindProperty] public string? Due { get; set; }
    [BindProperty] public string? Frequency { get; set; } = "monthly";
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? Milestones { get; set; }
    [TempData] public string? Done { get; set; }

    public Actor Actor { get; private set; } = null!;
    public Dictionary<string, string> UnitNames { get; private set; } = [];
    public List<string> Errors { get; } = [];

    private async Task<IActionResult?> DenyAsync()
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null) return NotFound();
        if (!SupervisionAccess.Manages(actor)) return StatusCode(StatusCodes.Status403Forbidden);
        Actor = actor;
        UnitNames = await matters.UnitNamesAsync(actor.OrganizationId, HttpContext.RequestAborted);
        return null;
    }

    public async Task<IActionResult> OnGetAsync() => await DenyAsync() ?? Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await DenyAsync() is { } denied) return denied;
        var problems = new List<Problem>();
        DateOnly Day(string? s, string path)
        {
            if (DateOnly.TryParseExact(s?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
            problems.Add(new(path, "the date must be YYYY-MM-DD", "日期格式应为 YYYY-MM-DD"));
            return default;
        }
        var start = Day(Start, "$.start");
        var due = Day(Due, "$.due");
        var milestones = new List<(string, DateOnly)>();
        var lines = (Milestones ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (int i = 0; i < lines.Length; i++)
        {
            var cut = lines[i].LastIndexOf(' ');
            if (cut <= 0) problems.Add(new($"$.milestones[{i}]", "write the milestone's name, a space and its date", "节点须写为：名称、空格、日期"));
            else milestones.Add((lines[i][..cut].Trim(), Day(lines[i][(cut + 1)..], $"$.milestones[{i}].due")));
        }
        var kind = MatterNames.Kind(Kind);
        var frequency = MatterNames.Frequency(Frequency);
        if (kind is null) problems.Add(new("$.kind", "choose a kind", "请选择类别"));
        if (frequency is null) problems.Add(new("$.frequency", "choose a frequency", "请选择报送频次"));
        if (problems.Count == 0)
        {
            var outcome = await matters.CreateAsync(Actor, new MatterInput(Id ?? "", Name ?? "", kind!.Value, Unit ?? "", CoUnits, Leader, start, due, frequency!.Value, Description, milestones, null), HttpContext.RequestAborted);
            if (outcome.IsOk) return Redirect(SupervisionRoutes.Task(Org, outcome.Value!.Code));
            if (outcome.Status == WriteStatus.Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
            problems.AddRange(outcome.Problems);
        }
        Errors.AddRange(problems.Select(p => p.Message(Outcomes.Language)));
        _ = text;
        return Page();
    }
}
