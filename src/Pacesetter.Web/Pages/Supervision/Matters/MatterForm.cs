using System.Globalization;
using Pacesetter.App.Supervision.Matters;
using Pacesetter.App.Supervision.Model;
using Pacesetter.Scoring;

namespace Pacesetter.Web.Pages.Supervision.Matters;

/// <summary>What the matter form (<c>_MatterForm</c>) shows and posts: 立项 (New) and 修改 (Edit) both.</summary>
public interface IMatterForm
{
    string? Id { get; }
    bool IdFixed { get; }
    string? Name { get; }
    string? Kind { get; }
    string? Unit { get; }
    List<string> CoUnits { get; }
    string? Leader { get; }
    string? Start { get; }
    string? Due { get; }
    string? Frequency { get; }
    string? Description { get; }
    string? Milestones { get; }
    Dictionary<string, string> UnitNames { get; }
}

/// <summary>The form's fields as the service's input, each problem at its field's JSON path (the API's names).</summary>
public static class MatterForm
{
    public static MatterInput? Read(IMatterForm f, string code, List<Problem> problems)
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
