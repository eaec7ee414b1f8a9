using System.Globalization;
using System.Text.Json.Nodes;
using Pacesetter.App.DataEntry;
using Pacesetter.App.Spreadsheets;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.App.DataImport;

/// <summary>One datum read from a file: its unit and indicator, its value as the data rows store it, and the cell it starts at.</summary>
public sealed record ImportedDatum(string Unit, string Indicator, JsonNode Value, string Sheet, string Cell);

/// <summary>
/// Reads the figures of a filled data template (<see cref="DataTemplate"/>: its category sheets, found by their key
/// row) or of a plain long table (the first sheet, or a CSV: header <c>unit,indicator,value,target,previous</c> or
/// <c>单位,指标,值,目标,上期</c>, a row per datum; a unit by code or name, an indicator by id or name) into data of the
/// period's scheme. Blank cells change nothing. Every problem is said at its cell (<c>镇街!D7</c>); the caller stores
/// nothing when there is any. Numbers are read as people write them (<see cref="SheetCell.ToNumber"/>); a percent cell
/// is the figure it shows (12.5 % is 12.5).
/// </summary>
public static class DataImportReader
{
    private static readonly Dictionary<string, string> LongHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        ["unit"] = "unit",
        ["单位"] = "unit",
        ["indicator"] = "indicator",
        ["指标"] = "indicator",
        ["value"] = "value",
        ["值"] = "value",
        ["数值"] = "value",
        ["target"] = "target",
        ["目标"] = "target",
        ["目标值"] = "target",
        ["previous"] = "previous",
        ["上期"] = "previous",
        ["上期值"] = "previous",
    };

    public static (List<ImportedDatum> Data, List<SheetProblem> Problems) Read(IReadOnlyList<Sheet> sheets, Scheme scheme)
    {
        var data = new List<ImportedDatum>();
        var problems = new List<SheetProblem>();
        var templates = sheets.Where(IsTemplate).ToList();
        if (templates.Count > 0)
        {
            foreach (var sheet in templates) ReadTemplate(sheet, scheme, data, problems);
        }
        else if (sheets.FirstOrDefault(s => !s.Hidden) is { } first) ReadLong(first, scheme, data, problems);
        // The same datum twice (two rows, or two sheets): said at the second.
        var seen = new Dictionary<(string, string), ImportedDatum>();
        foreach (var d in data)
        {
            if (seen.TryGetValue((d.Unit, d.Indicator), out var earlier))
            {
                problems.Add(new SheetProblem(d.Sheet, d.Cell, $"unit {d.Unit}'s {d.Indicator} is given already at {earlier.Sheet}!{earlier.Cell}", $"该单位的这项数据已在 {earlier.Sheet}!{earlier.Cell} 填写"));
            }
            else seen[(d.Unit, d.Indicator)] = d;
        }
        return (data, problems);
    }

    public static bool IsTemplate(Sheet sheet) => sheet.Cell(2, 1) is { Kind: CellKind.Text, Text: DataTemplate.KeyMarker };

    private static void ReadTemplate(Sheet sheet, Scheme scheme, List<ImportedDatum> data, List<SheetProblem> problems)
    {
        // Row 2 keys the columns: indicator.field.
        var columns = new List<(int Column, Indicator Indicator, string Field, DatumShape Shape)>();
        Category? category = null;
        foreach (var cell in sheet.Rows.FirstOrDefault(r => r.Row == 2)?.Cells ?? [])
        {
            if (cell.Column <= 2 || cell.Kind != CellKind.Text) continue;
            var dot = cell.Text!.IndexOf('.');
            var id = dot < 0 ? cell.Text : cell.Text[..dot];
            var field = dot < 0 ? "" : cell.Text[(dot + 1)..];
            var found = scheme.Categories.Select(c => (c, j: c.IndicatorIndex(id))).FirstOrDefault(x => x.j >= 0);
            if (found.c is null)
            {
                problems.Add(new SheetProblem(sheet.Name, cell.Address, $"the column's indicator \"{id}\" is not in the period's scheme (download the template again)", $"该列的指标“{id}”不在本期考核方案中（请重新下载模板）"));
                continue;
            }
            category ??= found.c;
            columns.Add((cell.Column, found.c.Indicators[found.j], field, DatumShape.Of(found.c.Indicators[found.j])));
        }
        foreach (var row in sheet.Rows.Where(r => r.Row >= 3))
        {
            var code = Text(sheet.Cell(row.Row, 1));
            var inputs = columns.Select(c => (c, cell: sheet.Cell(row.Row, c.Column))).ToList();
            if (inputs.All(x => x.cell.Kind == CellKind.Empty)) continue;
            var unitCell = CellAddress.Format(row.Row, 1);
            if (code.Length == 0 || !scheme.Units.Any(u => u.Id == code))
            {
                problems.Add(new SheetProblem(sheet.Name, unitCell, $"\"{code}\" is not a unit of the period's scheme", code.Length == 0 ? "缺少单位编号" : $"“{code}”不是本期考核方案中的单位"));
                continue;
            }
            foreach (var group in inputs.GroupBy(x => x.c.Indicator.Id))
            {
                var indicator = group.First().c.Indicator;
                var fields = group.ToDictionary(x => x.c.Field, x => new FieldInput(x.cell, CellAddress.Format(row.Row, x.c.Column)), StringComparer.Ordinal);
                Build(sheet.Name, code, indicator, group.First().c.Shape, fields, data, problems);
            }
        }
    }

    private static void ReadLong(Sheet sheet, Scheme scheme, List<ImportedDatum> data, List<SheetProblem> problems)
    {
        var header = sheet.Rows.FirstOrDefault();
        var at = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var cell in header?.Cells ?? [])
        {
            if (cell.Kind == CellKind.Text && LongHeaders.TryGetValue(cell.Text!.Trim(), out var name)) at.TryAdd(name, cell.Column);
        }
        if (header is null || !at.ContainsKey("unit") || !at.ContainsKey("indicator") || !at.ContainsKey("value"))
        {
            problems.Add(new SheetProblem(sheet.Name, header is null ? "" : "A" + header.Row.ToString(CultureInfo.InvariantCulture),
                "neither the data template nor a table headed unit,indicator,value,target,previous",
                "既不是数据填报模板，也不是表头为“单位,指标,值,目标,上期”（或 unit,indicator,value,target,previous）的简表"));
            return;
        }
        foreach (var row in sheet.Rows.Where(r => r.Row > header.Row))
        {
            var unitText = Text(sheet.Cell(row.Row, at["unit"]));
            var indicatorText = Text(sheet.Cell(row.Row, at["indicator"]));
            var unitCell = CellAddress.Format(row.Row, at["unit"]);
            var unit = scheme.Units.FirstOrDefault(u => u.Id == unitText) ?? (scheme.Units.Count(u => u.Name == unitText) == 1 ? scheme.Units.First(u => u.Name == unitText) : null);
            if (unit is null)
            {
                problems.Add(new SheetProblem(sheet.Name, unitCell, $"\"{unitText}\" is no unit of the period's scheme (its code or name)", unitText.Length == 0 ? "缺少单位" : $"“{unitText}”不是本期考核方案中的单位（编号或名称）"));
                continue;
            }
            var category = scheme.Categories.First(c => c.Units.Contains(unit.Id, StringComparer.Ordinal));
            var indicator = category.Indicators.FirstOrDefault(i => i.Id == indicatorText) ?? (category.Indicators.Count(i => i.Name == indicatorText) == 1 ? category.Indicators.First(i => i.Name == indicatorText) : null);
            var indicatorCell = CellAddress.Format(row.Row, at["indicator"]);
            if (indicator is null)
            {
                problems.Add(new SheetProblem(sheet.Name, indicatorCell, $"\"{indicatorText}\" is no indicator of {category.Name} (its id or name)", indicatorText.Length == 0 ? "缺少指标" : $"“{indicatorText}”不是“{category.Name}”的指标（编号或名称）"));
                continue;
            }
            var shape = DatumShape.Of(indicator);
            FieldInput F(string name) => at.TryGetValue(name, out var c) ? new FieldInput(sheet.Cell(row.Row, c), CellAddress.Format(row.Row, c)) : new FieldInput(new SheetCell(row.Row, 0, CellKind.Empty, null, null, false), "");
            var fields = new Dictionary<string, FieldInput>(StringComparer.Ordinal);
            switch (shape.Kind)
            {
                case InputKind.Number or InputKind.Score or InputKind.Points:
                    fields["value"] = F("value");
                    if (shape.NeedsTarget) fields["target"] = F("target");
                    if (shape.NeedsPrevious) fields["previous"] = F("previous");
                    break;
                case InputKind.Grade:
                    fields["grade"] = F("value");
                    break;
                case InputKind.Counts when shape.EventTypes.Count == 0:
                    fields["count"] = F("value");
                    break;
                default:
                    problems.Add(new SheetProblem(sheet.Name, indicatorCell, $"{indicator.Name} takes awards or events by type: use the data template or the data entry page", $"“{indicator.Name}”需填写获奖清单或分类型的事件次数：请使用数据填报模板或填报页面"));
                    continue;
            }
            Build(sheet.Name, unit.Id, indicator, shape, fields, data, problems, indicatorCell);
        }
    }

    /// <summary>A field's cell (Empty when blank) and its address.</summary>
    private sealed record FieldInput(SheetCell Cell, string Address);

    /// <summary>
    /// The datum of one unit's indicator from its fields' cells, as the data entry form builds it: a number, or
    /// <c>{"value", "target"?, "previous"?}</c>; a grade; awards; event counts. Nothing when every field is blank.
    /// </summary>
    private static void Build(string sheet, string unit, Indicator indicator, DatumShape shape, Dictionary<string, FieldInput> fields,
        List<ImportedDatum> data, List<SheetProblem> problems, string? rowCell = null)
    {
        if (fields.Values.All(f => f.Cell.Kind == CellKind.Empty)) return;
        var first = fields.Values.First(f => f.Cell.Kind != CellKind.Empty).Address;
        var before = problems.Count;
        decimal? Number(string field)
        {
            if (!fields.TryGetValue(field, out var f) || f.Cell.Kind == CellKind.Empty) return null;
            // Dividing by 1.000… drops the trailing zeros of the scaled percent (98.00 → 98).
            if (f.Cell.ToNumber() is { } n) return n.Percent ? n.Value * 100m / 1.000000000000000000000000000000000m : n.Value;
            problems.Add(new SheetProblem(sheet, f.Address, $"\"{f.Cell.Text}\" is not a number", $"“{f.Cell.Text}”不是数字"));
            return null;
        }
        void Required(string field, string english, string chinese)
        {
            var where = fields.TryGetValue(field, out var f) && f.Address.Length > 0 ? f.Address : rowCell ?? first;
            problems.Add(new SheetProblem(sheet, where, $"{indicator.Name}: {english} is required", $"“{indicator.Name}”须填写{chinese}"));
        }
        JsonNode? value = null;
        switch (shape.Kind)
        {
            case InputKind.Number or InputKind.Score or InputKind.Points:
                {
                    var v = Number("value");
                    var target = shape.NeedsTarget ? Number("target") : null;
                    var previous = shape.NeedsPrevious ? Number("previous") : null;
                    if (problems.Count > before) return;
                    if (v is null) Required("value", "the value", "完成值");
                    if (shape.NeedsTarget && !shape.TargetOptional && target is null) Required("target", "the target", "目标值");
                    if (shape.NeedsPrevious && previous is null) Required("previous", "the previous value", "上期值");
                    if (problems.Count > before) return;
                    if (target is null && previous is null) value = JsonValue.Create(v!.Value);
                    else
                    {
                        var o = new JsonObject { ["value"] = v };
                        if (target is not null) o["target"] = target;
                        if (previous is not null) o["previous"] = previous;
                        value = o;
                    }
                    break;
                }
            case InputKind.Grade:
                value = JsonValue.Create(Text(fields["grade"].Cell));
                break;
            case InputKind.Awards:
                {
                    var list = new JsonArray();
                    for (int n = 1; n <= TemplateColumns.AwardPairs; n++)
                    {
                        var item = fields.TryGetValue("item" + n, out var i) ? Text(i.Cell) : "";
                        var level = fields.TryGetValue("level" + n, out var l) ? Text(l.Cell) : "";
                        if (item.Length == 0 && level.Length == 0) continue;
                        list.Add(new JsonObject { ["item"] = item.Length == 0 ? null : item, ["level"] = level.Length == 0 ? null : level });
                    }
                    value = list;
                    break;
                }
            default:
                {
                    if (shape.EventTypes.Count == 0)
                    {
                        var n = Number("count");
                        if (n is null) return;
                        value = JsonValue.Create(n.Value);
                        break;
                    }
                    var o = new JsonObject();
                    foreach (var t in shape.EventTypes)
                    {
                        if (Number("count." + t) is { } n) o[t] = n;
                    }
                    if (problems.Count > before || o.Count == 0) return;
                    value = o;
                    break;
                }
        }
        data.Add(new ImportedDatum(unit, indicator.Id, value!, sheet, first));
    }

    /// <summary>A cell's text as people typed it: text trimmed, a number in its invariant form.</summary>
    private static string Text(SheetCell cell) => cell.Kind == CellKind.Empty ? "" : (cell.Text ?? "").Trim();
}
