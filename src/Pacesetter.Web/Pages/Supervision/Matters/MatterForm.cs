using System.Globalization;
using Pacesetter.App.Supervision.Matters;
using Pacesetter.App.Supervision.Model;
using Pacesetter.Scoring;

namespace Pacesetter.Web.Pages.Supervision.Matters;

/// <summary>
/// The page of the matter form (<c>_MatterForm</c>): 立项 (New) and 修改 (Edit) bind the same fields, read them with
/// <see cref="MatterForm.Read"/> and show the same problems.
/// </summary>
public abstract class MatterFormModel : Microsoft.AspNetCore.Mvc.RazorPages.PageModel
{
    [Microsoft.AspNetCore.Mvc.FromRoute] public string Org { get; set; } = "";
    [Microsoft.AspNetCore.Mvc.BindProperty] public string? Name { get; set; }
    [Microsoft.AspNetCore.Mvc.BindProperty] public string? Kind { get; set; } = "key-task";
    [Microsoft.AspNetCore.Mvc.BindProperty] public string? Unit { get; set; }
    [Microsoft.AspNetCore.Mvc.BindProperty] public List<string> CoUnits { get; set; } = [];
    [Microsoft.AspNetCore.Mvc.BindProperty] public string? Leader { get; set; }
    [Microsoft.AspNetCore.Mvc.BindProperty] public string? Start { get; set; }
    [Microsoft.AspNetCore.Mvc.BindProperty] public string? Due { get; set; }
    [Microsoft.AspNetCore.Mvc.BindProperty] public string? Frequency { get; set; } = "monthly";
    [Microsoft.AspNetCore.Mvc.BindProperty] public string? Description { get; set; }
    [Microsoft.AspNetCore.Mvc.BindProperty] public string? Milestones { get; set; }
    [Microsoft.AspNetCore.Mvc.TempData] public string? Done { get; set; }

    /// <summary>The matter's id: typed on New, the route's on Edit.</summary>
    public abstract string? Id { get; }
    public abstract bool IdFixed { get; }
    public Dictionary<string, string> UnitNames { get; protected set; } = [];
    public List<string> Errors { get; } = [];
}

/// <summary>The form's fields as the service's input, each problem at its field's JSON path (the API's names).</summary>
public static class MatterForm
{
    public static MatterInput? Read(MatterFormModel f, string code, List<Problem> problems)
    {
        DateOnly Day(string? s, string path)
        {
            if (DateOnly.TryParseExact(s?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
            problems.Add(new(path, "the date must be YYYY-MM-DD", "日期格式应为 YYYY-MM-DD"));
            return default;
        }
        var start = Day(f.Start, "$.start");
        var due = Day(f.Due, "$.due");
        var milestones = new List<(string, DateOnly)>();
        var lines = (f.Milestones ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (int i = 0; i < lines.Length; i++)
        {
            var cut = lines[i].LastIndexOf(' ');
            if (cut <= 0) problems.Add(new($"$.milestones[{i}]", "write the milestone's name, a space and its date", "节点须写为：名称、空格、日期"));
            else milestones.Add((lines[i][..cut].Trim(), Day(lines[i][(cut + 1)..], $"$.milestones[{i}].due")));
        }
        var kind = MatterNames.Kind(f.Kind);
        var frequency = MatterNames.Frequency(f.Frequency);
        if (kind is null) problems.Add(new("$.kind", "choose a kind", "请选择类别"));
        if (frequency is null) problems.Add(new("$.frequency", "choose a frequency", "请选择报送频次"));
        return problems.Count > 0 ? null
            : new MatterInput(code, f.Name ?? "", kind!.Value, f.Unit ?? "", f.CoUnits, f.Leader, start, due, frequency!.Value, f.Description, milestones, null);
    }

    /// <summary>The milestones as the form's text: one a line, "name date".</summary>
    public static string MilestoneText(IEnumerable<Milestone> milestones) =>
        string.Join("\n", milestones.OrderBy(m => m.Position).Select(m => $"{m.Name} {m.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"));
}
