using System.Globalization;
using Pacesetter.App.Publication;
using Pacesetter.App.Schemes;
using Pacesetter.Scoring.Schemes;
using Pacesetter.Scoring.Text;

namespace Pacesetter.App.Exports;

/// <summary>A cell of the leaderboard: text, or a figure shown with 2 decimals (an integer for a rank).</summary>
public readonly record struct BoardCell(string? Text, decimal? Number, bool Integer = false)
{
    public static BoardCell Of(string? text) => new(text ?? "", null);

    public static BoardCell Of(decimal? number) => number is null ? new("", null) : new(null, number);

    /// <summary>The cell as the CSV and the text of a document write it: 96.50, 3, 城东街道.</summary>
    public override string ToString() => Number is { } n ? n.ToString(Integer ? "0" : "0.00", CultureInfo.InvariantCulture) : Text ?? "";
}

/// <summary>
/// One category's leaderboard: its name, its columns and its rows, in rank order; <paramref name="Flag"/> when the
/// category races for the flag (a 流动红旗 column among the <see cref="Lead"/> columns before the indicators').
/// </summary>
public sealed record BoardSheet(string CategoryName, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<BoardCell>> Rows, bool Flag)
{
    public int Lead => BoardTable.Leading(Flag).Count;
}

/// <summary>
/// The leaderboard and breakdown of a published revision as tables, read from its stored results (never re-scored):
/// per category 名次, 单位, 综合得分, 基本分, 加分, 扣分, 等次, 称号 (words), 流动红旗 (only for a category whose scheme
/// gives it a flag rule), 名次变化 (against the previous period
/// of the same kind: ↑2, ↓1, –; 新进 for a unit absent then; empty when that period is unpublished), one column per
/// indicator's score (bonus and penalty marked), 备注 (一票否决, 一票否优) and 单位编号. The workbook and the CSV share it.
/// </summary>
public static class BoardTable
{
    private static readonly Terms T = Terms.Chinese;

    /// <summary>The columns before the indicators (流动红旗 only when the category races for the flag), and after them.</summary>
    public static IReadOnlyList<string> Leading(bool flag) => flag ? WithFlag : WithoutFlag;

    private static readonly string[] WithFlag = [T.Rank, T.Name, T.Composite, T.Base, T.Bonus, T.Penalty, T.Grade, T.Label, T.Flag, "名次变化"];

    private static readonly string[] WithoutFlag = [.. WithFlag.Where(c => c != T.Flag)];

    public static readonly IReadOnlyList<string> Trailing = [T.Notes, T.Unit];

    /// <summary>An indicator's column: its name, with 加分 or 扣分 for those kinds.</summary>
    public static string IndicatorColumn(Indicator ind) => ind.Kind == IndicatorKind.Base ? ind.Name : $"{ind.Name}（{T.KindName(ind.Kind)}）";

    /// <summary>↑2 (rose two places), ↓1, – (unchanged), 新进 (not ranked in the previous period), empty (no previous publication).</summary>
    public static string RankChange(RaceRow row) => row.Change switch
    {
        null => "",
        var change => change.Places(row.Rank) switch
        {
            null => "新进",
            > 0 and var up => $"↑{up}",
            < 0 and var down => $"↓{-down}",
            _ => "–",
        },
    };

    public static IReadOnlyList<BoardSheet> Sheets(PublishedRace race)
    {
        var sheets = new List<BoardSheet>();
        foreach (var cat in race.Result.Categories)
        {
            var category = race.Scheme.Categories.FirstOrDefault(c => c.Id == cat.Id);
            var indicators = category?.Indicators ?? [];
            bool flag = race.RacesForFlag(cat.Id);
            var columns = new List<string>(Leading(flag));
            columns.AddRange(indicators.Select(IndicatorColumn));
            columns.AddRange(Trailing);
            var rows = cat.Rows.Select(r => (IReadOnlyList<BoardCell>)Row(race.Scheme, cat, r, indicators, flag)).ToList();
            sheets.Add(new BoardSheet(category?.Name ?? cat.Id, columns, rows, flag));
        }
        return sheets;
    }

    private static List<BoardCell> Row(Scheme scheme, RaceCategory cat, RaceRow r, IReadOnlyList<Indicator> indicators, bool flag)
    {
        var notes = new List<string>();
        if (r.Vetoed) notes.Add(T.Veto);
        if (r.BlockTop) notes.Add(T.BlockTop);
        var cells = new List<BoardCell>
        {
            new(null, r.Rank, Integer: true),
            BoardCell.Of(scheme.UnitName(r.Unit)),
            BoardCell.Of(r.Composite),
            BoardCell.Of(r.Base),
            BoardCell.Of(r.Bonus),
            BoardCell.Of(r.Penalty),
            BoardCell.Of(r.Grade),
            BoardCell.Of(T.LabelName(r.Label)),
        };
        if (flag) cells.Add(BoardCell.Of(cat.Flag.Holder == r.Unit ? T.Flag : ""));
        cells.Add(BoardCell.Of(RankChange(r)));
        // An excluded indicator (missing: exclude) has no score: its cell stays empty.
        cells.AddRange(indicators.Select(i => BoardCell.Of(r.Indicators.TryGetValue(i.Id, out var c) ? c.Score : null)));
        cells.Add(BoardCell.Of(string.Join("、", notes)));
        cells.Add(BoardCell.Of(r.Unit));
        return cells;
    }

    /// <summary>The words of the period and revision: 2026年10月 · 第 1 版.</summary>
    public static string Edition(PublishedRace race) => $"{PeriodNames.Words(race.Revision.Period)} · 第 {race.Revision.Number} 版";
}
