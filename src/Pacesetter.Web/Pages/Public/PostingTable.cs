using System.Globalization;
using System.Text;
using Pacesetter.App.Publication;

namespace Pacesetter.Web.Pages.Public;

/// <summary>One unit's line of the public posting: what a wall poster shows, by name, nothing more.</summary>
/// <param name="Change">The rank change against the previous period of the same kind: positive = up; null when that period has no published result.</param>
public sealed record PostingRow(int Rank, string Unit, string UnitName, decimal Composite, string? Grade, string? Label, bool Flag, bool Vetoed, int? Change);

/// <summary>One category's table of the public posting, in rank order, with its flag holder's name.</summary>
/// <param name="HasFlag">Whether the category's scheme has a flag rule: without one the posting says nothing of a flag.</param>
public sealed record PostingCategory(string Id, string Name, string? FlagHolder, IReadOnlyList<PostingRow> Rows, bool HasFlag = true);

/// <summary>
/// 张榜公示 the public posting's table, read from a published revision's stored results (never re-scored): per category
/// the rank, the unit's name, the composite, the grade, the label, the flag and the rank change. The page and the CSV
/// are written from this one table, so that they cannot differ.
/// </summary>
public static class PostingTable
{
    /// <summary>
    /// The CSV's header row (Chinese, as the offices' spreadsheets expect); 流动红旗 only when some category races for
    /// the flag (the leaderboard CSV's rule, <see cref="App.Exports.BoardCsv"/>).
    /// </summary>
    public static string[] CsvHeaders(bool flag) =>
        flag ? ["类别", "名次", "单位", "综合得分", "等次", "称号", "流动红旗", "名次变化"] : ["类别", "名次", "单位", "综合得分", "等次", "称号", "名次变化"];

    /// <summary>The label's word in Chinese (标兵, 优胜, 黄牌), for the CSV and the print; the page uses its resources.</summary>
    private static readonly Dictionary<string, string> LabelWords = new(StringComparer.Ordinal)
    {
        ["pacesetter"] = "标兵",
        ["winner"] = "优胜",
        ["yellow"] = "黄牌",
    };

    public static IReadOnlyList<PostingCategory> Of(PublishedRace race)
    {
        var names = race.Scheme.Categories.ToDictionary(c => c.Id, c => c.Name, StringComparer.Ordinal);
        return race.Result.Categories.Select(c => new PostingCategory(
            c.Id,
            names.GetValueOrDefault(c.Id, c.Id),
            c.Flag.Holder is { } holder ? race.Scheme.UnitName(holder) : null,
            c.Rows.Select(r => new PostingRow(
                r.Rank, r.Unit, race.Scheme.UnitName(r.Unit), r.Composite, r.Grade, r.Label,
                c.Flag.Holder == r.Unit, r.Vetoed,
                r.Change?.PreviousRank is { } previous ? previous - r.Rank : null)).ToList(),
            race.RacesForFlag(c.Id))).ToList();
    }

    /// <summary>A composite as published: two decimals (96.50).</summary>
    public static string Number(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>↑2, ↓1, – (unchanged), or empty when the previous period has no published result.</summary>
    public static string ChangeMark(int? change) => change switch
    {
        null => "",
        > 0 => "↑" + change.Value.ToString(CultureInfo.InvariantCulture),
        < 0 => "↓" + (-change.Value).ToString(CultureInfo.InvariantCulture),
        _ => "–",
    };

    public static string LabelWord(string? label) => label is null ? "" : LabelWords.GetValueOrDefault(label, label);

    /// <summary>
    /// The table as CSV: UTF-8 with a byte order mark (so that Excel on Chinese Windows reads it as UTF-8), Chinese
    /// headers, CRLF line ends, every field quoted when it holds a comma, a quote or a line break (RFC 4180).
    /// </summary>
    public static byte[] Csv(IReadOnlyList<PostingCategory> categories)
    {
        var text = new StringBuilder();
        bool flag = categories.Any(c => c.HasFlag);
        Line(text, CsvHeaders(flag));
        foreach (var c in categories)
        {
            foreach (var r in c.Rows)
            {
                string[] head = [c.Name, r.Rank.ToString(CultureInfo.InvariantCulture), r.UnitName, Number(r.Composite), r.Grade ?? "", LabelWord(r.Label)];
                Line(text, flag ? [.. head, r.Flag ? "是" : "", ChangeMark(r.Change)] : [.. head, ChangeMark(r.Change)]);
            }
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static void Line(StringBuilder text, IEnumerable<string> fields)
    {
        text.AppendJoin(',', fields.Select(Field));
        text.Append("\r\n");
    }

    /// <summary>RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled.</summary>
    public static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
