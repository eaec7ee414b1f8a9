using System.Text;
using Pacesetter.App.Publication;
using Pacesetter.App.Schemes;

namespace Pacesetter.App.Exports;

/// <summary>
/// The leaderboard and breakdown of a published revision as one CSV (ADR 0024): UTF-8 with a byte-order mark (so that
/// Excel on Chinese Windows reads it right), CRLF line ends, Chinese headers; a first column 类别 holds every category
/// in one file, and the indicator columns are the union of the categories' indicators by name (empty where a category
/// has no such indicator); the 流动红旗 column likewise, there when some category races for the flag. Figures with 2 decimals; a text that Excel would take for a formula is quoted with <c>'</c>.
/// </summary>
public static class BoardCsv
{
    public static ExportFile Build(PublishedRace race)
    {
        var sheets = BoardTable.Sheets(race);
        int trail = BoardTable.Trailing.Count;
        var leading = BoardTable.Leading(sheets.Any(s => s.Flag));
        var indicatorColumns = new List<string>();
        foreach (var s in sheets)
        {
            foreach (var name in s.Columns.Skip(s.Lead).Take(s.Columns.Count - s.Lead - trail))
            {
                if (!indicatorColumns.Contains(name)) indicatorColumns.Add(name);
            }
        }
        var text = new StringBuilder();
        Line(text, ["类别", .. leading, .. indicatorColumns, .. BoardTable.Trailing]);
        foreach (var s in sheets)
        {
            var ownLeading = s.Columns.Take(s.Lead).ToList();
            var own = s.Columns.Skip(s.Lead).Take(s.Columns.Count - s.Lead - trail).ToList();
            foreach (var row in s.Rows)
            {
                var fields = new List<string> { Guard(s.CategoryName) };
                fields.AddRange(leading.Select(name => ownLeading.IndexOf(name) is var i and >= 0 ? Field(row[i]) : ""));
                fields.AddRange(indicatorColumns.Select(name => own.IndexOf(name) is var i and >= 0 ? Field(row[s.Lead + i]) : ""));
                fields.AddRange(row.Skip(row.Count - trail).Select(Field));
                Line(text, fields);
            }
        }
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text.ToString())).ToArray();
        return new ExportFile(ExportFile.Safe($"{PeriodNames.Words(race.Revision.Period)}考核结果（第{race.Revision.Number}版）") + ".csv", ExportFile.Csv, bytes);
    }

    private static string Field(BoardCell cell) => cell.Number is not null ? cell.ToString() : Guard(cell.Text ?? "");

    /// <summary>A CSV field of a text for any CSV this project writes: guarded against formulas, quoted when it must be.</summary>
    public static string TextField(string text) => Quote(Guard(text));

    /// <summary>A CSV field of a number as written (no guard: a negative number stays a number), quoted when it must be.</summary>
    public static string NumberField(string number) => Quote(number);

    /// <summary>A text beginning with = + - @ is a formula to a spreadsheet: a leading apostrophe keeps it text.</summary>
    private static string Guard(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' ? "'" + text : text;

    private static void Line(StringBuilder text, IEnumerable<string> fields)
    {
        text.Append(string.Join(',', fields.Select(Quote)));
        text.Append("\r\n");
    }

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
