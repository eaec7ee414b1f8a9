using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;
using Pacesetter.App.Schemes;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Schemes;
using Pacesetter.Scoring.Text;

namespace Pacesetter.App.Exports;

/// <summary>A file to download: its name (Chinese, UTF-8), its media type and its bytes.</summary>
public sealed record ExportFile(string Name, string ContentType, byte[] Bytes)
{
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Zip = "application/zip";
    public const string Csv = "text/csv; charset=utf-8";

    /// <summary>A name every file system takes: the characters Windows refuses in names, and control characters, become <c>_</c>.</summary>
    public static string Safe(string name)
    {
        var chars = name.Trim().Select(c => c is '\\' or '/' or ':' or '*' or '?' or '"' or '<' or '>' or '|' || char.IsControl(c) ? '_' : c).ToArray();
        var safe = new string(chars).Trim('.', ' ');
        return safe.Length == 0 ? "_" : safe;
    }
}

/// <summary>
/// 目标责任书 the task letter a unit takes home at the start of a period: its category, its indicators with kind,
/// weight, 主责主业, target and how each is scored in plain Chinese (<see cref="ScoringWords"/>), the category's grade,
/// label and flag rules, and the lines for the signatures of the assessment office and the unit. Built from the
/// period's current scheme (with the unit's own targets from its data), not only from published revisions.
/// </summary>
public static class TaskLetter
{
    /// <summary>The title: 城东街道2026年11月目标责任书.</summary>
    public static string Title(Scheme scheme, string unit) => $"{scheme.UnitName(unit)}{PeriodNames.Words(scheme.Period)}目标责任书";

    /// <summary>The file's name: 城东街道-目标责任书.docx.</summary>
    public static string FileName(Scheme scheme, string unit) => ExportFile.Safe($"{scheme.UnitName(unit)}-目标责任书") + ".docx";

    /// <summary>The letter of <paramref name="unit"/>, or null when no category of the scheme holds it.</summary>
    public static ExportFile? Build(Scheme scheme, string unit, string organization)
    {
        var category = scheme.Categories.FirstOrDefault(c => c.Units.Contains(unit, StringComparer.Ordinal));
        if (category is null) return null;
        var terms = Terms.Chinese;
        scheme.Data.TryGetValue(unit, out var data);
        var content = new List<OpenXmlElement>
        {
            Word.Title(Title(scheme, unit)),
            Word.P($"被考核单位：{scheme.UnitName(unit)}", exactLine: true),
            Word.P($"考核类别：{category.Name}"),
            Word.P($"考核方案：《{scheme.Name}》"),
            Word.P($"为压实工作责任，推动目标任务落实，根据《{scheme.Name}》，{organization}与{scheme.UnitName(unit)}签订本目标责任书，明确{PeriodNames.Words(scheme.Period)}考核指标、权重、目标和计分办法如下。", indent: true),
            Word.Heading("一、考核指标"),
        };
        string[] header = ["序号", terms.Indicator, "类型", terms.Weight, "主责主业", "目标", "计分办法"];
        var rows = category.Indicators.Select((ind, i) => (IReadOnlyList<string>)
        [
            (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ind.Name,
            terms.KindName(ind.Kind),
            ScoringWords.Weight(ind),
            ind.Kind == IndicatorKind.Base && ind.Core ? "是" : "",
            ScoringWords.Target(ind, data?.GetValueOrDefault(ind.Id)) ?? "—",
            ScoringWords.HowScored(ind),
        ]);
        // 156 mm of text width: the way each is scored takes the most.
        content.Add(Word.Table(header, rows, [660, 1500, 860, 860, 1060, 900, 3004], Word.Size5, [true, false, true, true, true, true, false]));
        var baseWeight = category.Indicators.Where(i => i.Kind == IndicatorKind.Base).Sum(i => i.Weight);
        var coreWeight = category.Indicators.Where(i => i.Kind == IndicatorKind.Base && i.Core).Sum(i => i.Weight);
        var share = baseWeight > 0 ? $"，占 {Numbers.Show(Numbers.Round2(coreWeight * 100 / baseWeight))}%" : "";
        content.Add(Word.P($"基本分指标权重合计 {Numbers.Show(baseWeight)} 分，其中主责主业指标 {Numbers.Show(coreWeight)} 分{share}。综合得分 = 基本分 + 加分 − 扣分（不低于 0），各项得分保留两位小数。", indent: true, before: 120));
        content.Add(Word.Heading("二、等次、称号和流动红旗"));
        foreach (var line in ScoringWords.Rules(category)) content.Add(Word.P(line, indent: true));
        content.Add(Word.Heading("三、其他"));
        content.Add(Word.P("数据由被考核单位按时如实填报，经考核办审核后计分；考核结果经公示无异议后定稿。本责任书一式两份，考核办和被考核单位各执一份。", indent: true));
        content.Add(Word.P("", before: 240));
        content.Add(Word.Signatures(
            ["考核办（盖章）", $"{organization}考核办", "负责人（签字）：", "日期：　　年　　月　　日"],
            ["被考核单位（盖章）", scheme.UnitName(unit), "负责人（签字）：", "日期：　　年　　月　　日"]));
        return new ExportFile(FileName(scheme, unit), ExportFile.Docx, Word.Save(content));
    }

    /// <summary>
    /// Every unit's letter in one zip (one .docx per unit, UTF-8 names: 城东街道-目标责任书.docx), in the scheme's
    /// category and unit order; a name two units share gets the unit's code added.
    /// </summary>
    public static ExportFile Zip(Scheme scheme, string organization)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var unit in scheme.Categories.SelectMany(c => c.Units))
            {
                var letter = Build(scheme, unit, organization)!;
                var name = used.Add(letter.Name) ? letter.Name : ExportFile.Safe($"{scheme.UnitName(unit)}（{unit}）-目标责任书") + ".docx";
                used.Add(name);
                var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                using var s = entry.Open();
                s.Write(letter.Bytes);
            }
        }
        return new ExportFile(ExportFile.Safe($"{PeriodNames.Words(scheme.Period)}目标责任书") + ".zip", ExportFile.Zip, stream.ToArray());
    }
}
