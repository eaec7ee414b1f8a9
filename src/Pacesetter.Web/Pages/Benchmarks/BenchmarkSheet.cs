using System.Globalization;
using System.Text;
using Pacesetter.App.Exports;
using Pacesetter.App.Spreadsheets;

namespace Pacesetter.Web.Pages.Benchmarks;

/// <summary>
/// 对标数据 from a spreadsheet (issue #11 §1): the first sheet of an .xlsx or a .csv (read by
/// <see cref="SpreadsheetReader"/>), in one of two shapes, told by the header row:
/// <list type="bullet">
/// <item>wide, as yearbooks print them: <c>对标对象,指标,2021,2022,…</c> (<c>party,indicator,2021,…</c>), one row per
/// party and indicator, a column per year;</item>
/// <item>long: <c>对标对象,指标,年份,数值</c> (<c>party,indicator,year,value</c>), one row per value.</item>
/// </list>
/// A party is the organization (本组织, its name, <c>own</c>) or a benchmark by name or id (an unknown name adds a
/// benchmark); an indicator is one of the form's, by name or id (an unknown one is a problem: indicators are defined
/// with their direction in the form). The file's values go into the form's grid, replacing those cells; a blank cell
/// changes nothing. All or nothing: any problem leaves the form as it was, each said at its cell (<c>对标数据!C5</c>).
/// Nothing is saved here: the admin checks the grid and saves it (the form's one door).
/// </summary>
public static class BenchmarkSheet
{
    /// <summary>The stated limit of an upload (a few regions × tens of indicators × ten years is a few KB).</summary>
    public const int MaxBytes = 2 * 1024 * 1024;

    private static readonly SpreadsheetLimits Limits = new(MaxBytes: MaxBytes, MaxRows: 10_000, MaxColumns: 100, MaxCells: 200_000);

    private static readonly string[] PartyHeaders = ["对标对象", "party"];
    private static readonly string[] IndicatorHeaders = ["指标", "indicator"];
    private static readonly string[] YearHeaders = ["年份", "year"];
    private static readonly string[] ValueHeaders = ["数值", "value", "值"];

    /// <summary>What an import did: the values taken and the benchmarks it added; or the problems (then the form is unchanged).</summary>
    public sealed record Outcome(int Values, IReadOnlyList<string> AddedBenchmarks, IReadOnlyList<SheetProblem> Problems);

    public static Outcome Import(BenchmarkForm form, ReadOnlyMemory<byte> file, string fileName)
    {
        var read = SpreadsheetReader.Read(file, fileName, Limits, firstSheetOnly: true);
        if (!read.IsValid) return new Outcome(0, [], read.Problems);
        if (read.Sheets.Count == 0 || read.Sheets[0].Rows.Count == 0) return new Outcome(0, [], [new SheetProblem("", "", "the file holds no rows", "文件中没有数据行")]);
        var sheet = read.Sheets[0];
        var problems = new List<SheetProblem>();
        var header = sheet.Rows[0];
        string Head(int column) => (sheet.Cell(header.Row, column).Text ?? CellText(sheet.Cell(header.Row, column))).Trim();
        bool Is(string text, string[] names) => names.Any(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
        if (!Is(Head(1), PartyHeaders) || !Is(Head(2), IndicatorHeaders))
        {
            return new Outcome(0, [], [new SheetProblem(sheet.Name, CellAddress.Format(header.Row, 1),
                "the first row should be the header: party, indicator, then the years (2021, 2022, …) or year, value",
                "第一行应为表头：对标对象、指标，然后是各年份（2021、2022……）或“年份、数值”")]);
        }
        var long_ = Is(Head(3), YearHeaders) && Is(Head(4), ValueHeaders);
        var yearColumns = new List<(int Column, int Year)>();
        if (!long_)
        {
            foreach (var cell in header.Cells.Where(c => c.Column >= 3))
            {
                var text = CellText(cell).Trim();
                if (Year(text) is { } y) yearColumns.Add((cell.Column, y));
                else problems.Add(new SheetProblem(sheet.Name, cell.Address, $"\"{text}\" is not a year such as 2025 (or write the long form: year, value)", $"“{text}”不是年份，如 2025（或用“年份、数值”两列）"));
            }
            if (yearColumns.Count == 0 && problems.Count == 0)
            {
                problems.Add(new SheetProblem(sheet.Name, CellAddress.Format(header.Row, 3), "no year columns", "表头没有年份列"));
            }
        }

        // The parties and indicators of the form, by name and id.
        var parties = new Dictionary<string, int>(StringComparer.Ordinal) { ["本组织"] = 0, ["own"] = 0 };
        if (form.OwnName.Trim() is { Length: > 0 } own) parties[own] = 0;
        for (var b = 0; b < form.Benchmarks.Count; b++)
        {
            if (form.Benchmarks[b].IsBlank) continue;
            foreach (var key in new[] { form.Benchmarks[b].Name.Trim(), form.Benchmarks[b].Id.Trim() }) if (key.Length > 0) parties.TryAdd(key, b + 1);
        }
        var indicators = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < form.Indicators.Count; i++)
        {
            if (form.Indicators[i].IsBlank) continue;
            foreach (var key in new[] { form.Indicators[i].Name.Trim(), form.Indicators[i].Id.Trim() }) if (key.Length > 0) indicators.TryAdd(key, i);
        }

        var added = new List<string>();
        var values = new Dictionary<(string Party, int Indicator, int Year), (decimal Value, string Cell)>();
        foreach (var row in sheet.Rows.Skip(1))
        {
            var partyCell = sheet.Cell(row.Row, 1);
            var indicatorCell = sheet.Cell(row.Row, 2);
            var party = CellText(partyCell).Trim();
            var indicatorText = CellText(indicatorCell).Trim();
            if (party.Length == 0) problems.Add(new SheetProblem(sheet.Name, partyCell.Address, "the party is missing", "缺少对标对象"));
            else if (party.Length > BenchmarkForm.MaxText) problems.Add(new SheetProblem(sheet.Name, partyCell.Address, $"longer than {BenchmarkForm.MaxText} characters", $"超过 {BenchmarkForm.MaxText} 个字"));
            int? indicator = null;
            if (indicatorText.Length == 0) problems.Add(new SheetProblem(sheet.Name, indicatorCell.Address, "the indicator is missing", "缺少指标"));
            else if (indicators.TryGetValue(indicatorText, out var i)) indicator = i;
            else problems.Add(new SheetProblem(sheet.Name, indicatorCell.Address, $"unknown indicator \"{Clip(indicatorText)}\": add it under “indicators compared” first", $"未知指标“{Clip(indicatorText)}”：请先在“比较的指标”中添加"));
            var cells = long_
                ? [(sheet.Cell(row.Row, 3), sheet.Cell(row.Row, 4))]
                : yearColumns.Select(y => ((SheetCell?)null, sheet.Cell(row.Row, y.Column))).ToList();
            for (var k = 0; k < cells.Count; k++)
            {
                var (yearCell, valueCell) = cells[k];
                int year;
                if (yearCell is not null)
                {
                    if (Year(CellText(yearCell).Trim()) is not { } y)
                    {
                        problems.Add(new SheetProblem(sheet.Name, yearCell.Address, $"\"{Clip(CellText(yearCell))}\" is not a year such as 2025", $"“{Clip(CellText(yearCell))}”不是年份，如 2025"));
                        continue;
                    }
                    year = y;
                }
                else
                {
                    year = yearColumns[k].Year;
                }
                if (valueCell.Kind == CellKind.Empty) continue;
                if (valueCell.ToNumber() is not { } number)
                {
                    problems.Add(valueCell.Kind == CellKind.Text ? NumberText.NotANumber(sheet.Name, valueCell.Address, valueCell.Text)
                        : new SheetProblem(sheet.Name, valueCell.Address, "not a number", "不是数字"));
                    continue;
                }
                if (party.Length == 0 || indicator is null) continue;
                if (values.TryGetValue((party, indicator.Value, year), out var first))
                {
                    problems.Add(new SheetProblem(sheet.Name, valueCell.Address, $"a second value of the same party, indicator and year (the first is {first.Cell})", $"同一对标对象、指标、年份的第二个数值（第一个在 {first.Cell}）"));
                    continue;
                }
                values[(party, indicator.Value, year)] = (BenchmarkForm.Figure(number), valueCell.Address);
            }
            if (problems.Count >= 100) break;
        }
        var years = values.Keys.Select(k => k.Year).ToList();
        if (problems.Count == 0 && years.Count > 0)
        {
            var first = Math.Min(years.Min(), form.FirstYear);
            var last = Math.Max(years.Max(), form.LastYear);
            if (years.Min() < 1900 || years.Max() > 2100 || last - first + 1 > BenchmarkForm.MaxYears)
            {
                problems.Add(new SheetProblem(sheet.Name, "", $"the years {first}–{last} are more than {BenchmarkForm.MaxYears} or outside 1900–2100", $"年份 {first}～{last} 超过 {BenchmarkForm.MaxYears} 年或不在 1900～2100 之间"));
            }
        }
        var newParties = values.Keys.Select(k => k.Party).Distinct().Where(p => !parties.ContainsKey(p)).ToList();
        if (problems.Count == 0 && form.Benchmarks.Count(b => !b.IsBlank) + newParties.Count > BenchmarkForm.MaxBenchmarks)
        {
            problems.Add(new SheetProblem(sheet.Name, "", $"more than {BenchmarkForm.MaxBenchmarks} benchmarks", $"对标对象超过 {BenchmarkForm.MaxBenchmarks} 个"));
        }
        if (problems.Count > 0) return new Outcome(0, [], problems);

        // All checked: into the form. A new benchmark takes the first blank row, or a new one.
        foreach (var name in newParties)
        {
            var blank = form.Benchmarks.FindIndex(b => b.IsBlank);
            if (blank < 0)
            {
                form.Benchmarks.Add(new BenchmarkRow());
                blank = form.Benchmarks.Count - 1;
            }
            form.Benchmarks[blank].Name = name;
            parties[name] = blank + 1;
            added.Add(name);
        }
        if (years.Count > 0)
        {
            form.FirstYear = Math.Min(years.Min(), form.FirstYear);
            form.LastYear = Math.Max(years.Max(), form.LastYear);
        }
        foreach (var ((party, indicator, year), (value, _)) in values)
        {
            form.Values[BenchmarkForm.Key(parties[party], indicator, year)] = value.ToString(CultureInfo.InvariantCulture);
        }
        return new Outcome(values.Count, added, []);
    }

    /// <summary>A cell's content as text: its text, or its number as written.</summary>
    private static string CellText(SheetCell cell) => cell.Text ?? cell.Number?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static int? Year(string text) =>
        text.Length == 4 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var y) ? y : null;

    private static string Clip(string text) => text.Length > 20 ? text[..20] + "…" : text;

    /// <summary>
    /// The form's data as a CSV in the wide shape (UTF-8 with a byte-order mark, so that Excel opens it in Chinese):
    /// the template to fill, with every party and indicator and the years shown.
    /// </summary>
    public static byte[] Template(BenchmarkForm form)
    {
        var text = new StringBuilder();
        var years = form.YearSpan.ToList();
        text.Append("对标对象,指标");
        foreach (var y in years) text.Append(',').Append(y.ToString(CultureInfo.InvariantCulture));
        text.Append("\r\n");
        var parties = new List<(int Party, string Name)> { (0, form.OwnName.Trim() is { Length: > 0 } o ? o : "本组织") };
        for (var b = 0; b < form.Benchmarks.Count; b++)
        {
            if (!form.Benchmarks[b].IsBlank) parties.Add((b + 1, form.Benchmarks[b].Name.Trim() is { Length: > 0 } n ? n : form.Benchmarks[b].Id.Trim()));
        }
        foreach (var (party, name) in parties)
        {
            for (var i = 0; i < form.Indicators.Count; i++)
            {
                var row = form.Indicators[i];
                if (row.IsBlank) continue;
                text.Append(BoardCsv.TextField(name)).Append(',').Append(BoardCsv.TextField(row.Name.Trim() is { Length: > 0 } n ? n : row.Id.Trim()));
                foreach (var y in years)
                {
                    // A value as typed: a number stays a number (1,234 is quoted, −5 is not guarded); anything else is text.
                    var typed = form.Values.GetValueOrDefault(BenchmarkForm.Key(party, i, y)) ?? "";
                    text.Append(',').Append(BenchmarkForm.ParseNumber(typed) is null ? BoardCsv.TextField(typed) : BoardCsv.NumberField(typed));
                }
                text.Append("\r\n");
            }
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }
}
