using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;
using Pacesetter.App.Publication;
using Pacesetter.App.Schemes;
using Pacesetter.Scoring.Text;

namespace Pacesetter.App.Exports;

/// <summary>
/// 张榜公示 the public posting of a published revision as a .docx in the usual government layout (<see cref="Word"/>):
/// the title 关于…结果的公示, an opening paragraph, one table per category (名次, 单位, 综合得分, 等次, 称号) with its flag
/// holder, the notice period (Beijing dates) and how to object, the issuing office and the date. Only what the public
/// posting shows: no unpublished figure, no evidence, no person's name.
/// </summary>
public static class PostingDocument
{
    private static readonly Terms T = Terms.Chinese;
    private static readonly string[] Numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

    /// <summary>关于2026年10月示范开发区综合考核结果的公示; the period is not repeated when the scheme's name holds it.</summary>
    public static string Title(PublishedRace race)
    {
        var words = PeriodNames.Words(race.Revision.Period);
        var name = race.Scheme.Name;
        return name.Contains(words, StringComparison.Ordinal) ? $"关于{name}结果的公示" : $"关于{words}{name}结果的公示";
    }

    /// <summary>A date in the documents' Chinese form: 2026年11月7日.</summary>
    public static string Date(DateTimeOffset chinaTime) => string.Create(CultureInfo.InvariantCulture, $"{chinaTime.Year}年{chinaTime.Month}月{chinaTime.Day}日");

    /// <param name="published">The revision's publication time, in Beijing time (the start of the notice period and the document's date).</param>
    /// <param name="noticeEnds">The end of the notice period, in Beijing time.</param>
    public static ExportFile Build(PublishedRace race, string organization, DateTimeOffset published, DateTimeOffset noticeEnds)
    {
        var rev = race.Revision;
        var words = PeriodNames.Words(rev.Period);
        var content = new List<OpenXmlElement>
        {
            Word.Title(Title(race)),
            Word.P(
                $"根据《{race.Scheme.Name}》，经各被考核单位填报、考核办审核、统一计分，{words}考核结果已经产生{(rev.Number > 1 ? $"（第 {rev.Number} 版，更正后重新发布）" : "")}。为增强考核工作透明度，接受各方监督，现将结果予以公示。",
                indent: true),
        };
        var sheets = race.Result.Categories;
        for (int i = 0; i < sheets.Count; i++)
        {
            var cat = sheets[i];
            var category = race.Scheme.Categories.FirstOrDefault(c => c.Id == cat.Id);
            content.Add(Word.Heading($"{(i < Numerals.Length ? Numerals[i] : (i + 1).ToString(CultureInfo.InvariantCulture))}、{category?.Name ?? cat.Id}"));
            var rows = cat.Rows.Select(r => (IReadOnlyList<string>)
            [
                r.Rank.ToString(CultureInfo.InvariantCulture),
                race.Scheme.UnitName(r.Unit),
                r.Composite.ToString("0.00", CultureInfo.InvariantCulture),
                r.Grade ?? "",
                T.LabelName(r.Label),
            ]);
            content.Add(Word.Table([T.Rank, T.Name, T.Composite, T.Grade, T.Label], rows, [1100, 3544, 1600, 1300, 1300], Word.SizeSmall4, [true, false, true, true, true]));
            // A category without a flag rule races for no flag: the posting says nothing of one.
            if (category?.Flag is not null)
            {
                var holder = cat.Flag.Holder is { } h ? race.Scheme.UnitName(h) : "本期空缺";
                content.Add(Word.P($"{T.Flag}：{holder}", size: Word.Size4, exactLine: false, before: 60, after: 120));
            }
        }
        content.Add(Word.Heading($"{(sheets.Count < Numerals.Length ? Numerals[sheets.Count] : (sheets.Count + 1).ToString(CultureInfo.InvariantCulture))}、公示期和异议办法"));
        // The notice period ends at midnight after its last day (NoticePeriod): the last day is the one before.
        content.Add(Word.P($"公示期：{Date(published)}至{Date(noticeEnds.AddTicks(-1))}（北京时间）。", indent: true));
        content.Add(Word.P("公示期间，被考核单位对本单位考核结果有异议的，可通过考核系统本单位页面提出异议，写明理由并附相关证明材料；也可书面向考核办提出。考核办将逐一核实答复，异议成立的予以更正并重新公示。公示期满无异议或异议均已答复的，考核结果定稿。", indent: true));
        content.Add(Word.P("", before: 240));
        content.Add(Word.P($"{organization}考核办", align: JustificationValues.Right));
        content.Add(Word.P(Date(published), align: JustificationValues.Right));
        return new ExportFile(ExportFile.Safe($"{words}考核结果公示（第{rev.Number}版）") + ".docx", ExportFile.Docx, Word.Save(content));
    }
}
