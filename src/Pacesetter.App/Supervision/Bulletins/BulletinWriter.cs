using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;
using Pacesetter.App.Exports;
using Pacesetter.App.Supervision.Model;

namespace Pacesetter.App.Supervision.Bulletins;

/// <summary>
/// The bulletin's sentences made from the month's figures (Chinese, and English for the English UI), and its Word
/// document in the layout of government documents (GB/T 9704: the red masthead, the number line over a red rule, the
/// title in bold 宋体 二号, headings in 黑体, the text in 仿宋 三号 with a two-character indent, the issuer and date).
/// </summary>
public static class BulletinWriter
{
    private static string N(decimal? d) => d is { } v ? v.ToString(CultureInfo.InvariantCulture) : "—";

    private static string Who(BulletinMatter m) => $"{m.Name}（{m.UnitName}）";

    private static string WhoEn(BulletinMatter m) => $"{m.Name} ({m.UnitName})";

    private static string ReasonZh(BulletinCard c) => c.Reason switch
    {
        "lag" => $"序时进度{N(c.Expected)}%，实际进度{N(c.Actual)}%，滞后{N(c.Lag)}个百分点",
        "not-started" => $"逾期未启动，序时进度{N(c.Expected)}%",
        "overdue" => $"已过完成时限，实际进度{N(c.Actual)}%",
        "escalated" => $"连续亮黄牌，升级为红牌，序时进度{N(c.Expected)}%，实际进度{N(c.Actual)}%",
        _ => c.Reason,
    };

    private static string ReasonEn(BulletinCard c) => c.Reason switch
    {
        "lag" => $"expected {N(c.Expected)}%, actual {N(c.Actual)}%, {N(c.Lag)} points behind",
        "not-started" => $"not started, expected {N(c.Expected)}%",
        "overdue" => $"past its due date at {N(c.Actual)}%",
        "escalated" => $"yellow cards running, escalated to red, expected {N(c.Expected)}%, actual {N(c.Actual)}%",
        _ => c.Reason,
    };

    /// <summary>The draft's sections in Chinese and in English.</summary>
    public static (List<BulletinSection> Zh, List<BulletinSection> En) Compose(BulletinFigures f)
    {
        var month = BulletinJson.MonthZh(f.Month);
        var zh = new List<BulletinSection>();
        var en = new List<BulletinSection>();

        // 一、总体情况
        var escalated = f.Cards.Where(c => c.Escalated).ToList();
        var overall = $"{month}末，督查室对{f.Evaluated}项督办事项进行了评价" + (f.NotStarted > 0 ? $"（另有{f.NotStarted}项尚未到开始时间）" : "") + "。"
            + (f.Yellow + f.Red == 0 ? "本月未发出红黄牌。" : $"本月发出黄牌{f.Yellow}张、红牌{f.Red}张"
                + (escalated.Count > 0 ? $"，其中由上月黄牌升级为红牌{escalated.Count}张（{string.Join("、", escalated.Select(c => c.Name))}）" : "") + "。")
            + (f.Lifted.Count > 0 ? $"{f.Lifted.Count}项事项赶上进度或已完成，其红黄牌予以撤销（{string.Join("、", f.Lifted.Select(m => m.Name))}）。" : "");
        var overallEn = $"At the end of {f.Month}, the office evaluated {f.Evaluated} supervised matter(s)" + (f.NotStarted > 0 ? $" ({f.NotStarted} more not started yet)" : "") + ". "
            + (f.Yellow + f.Red == 0 ? "No card was issued this month." : $"{f.Yellow} yellow and {f.Red} red card(s) were issued"
                + (escalated.Count > 0 ? $", of which {escalated.Count} escalated from last month's yellow ({string.Join(", ", escalated.Select(c => c.Name))})" : "") + ".")
            + (f.Lifted.Count > 0 ? $" {f.Lifted.Count} matter(s) caught up or were completed and their cards were lifted ({string.Join(", ", f.Lifted.Select(m => m.Name))})." : "");
        zh.Add(new BulletinSection("一、总体情况", [overall]));
        en.Add(new BulletinSection("1. Overview", [overallEn]));

        // 二、红黄牌情况
        var red = f.Cards.Where(c => c.Type == "red").ToList();
        var yellow = f.Cards.Where(c => c.Type == "yellow").ToList();
        var cardsZh = new List<string>();
        var cardsEn = new List<string>();
        if (red.Count > 0)
        {
            cardsZh.Add("亮红牌事项：" + string.Join("；", red.Select(c => $"{c.Name}（{c.UnitName}），{ReasonZh(c)}")) + "。");
            cardsEn.Add("Red cards: " + string.Join("; ", red.Select(c => $"{c.Name} ({c.UnitName}), {ReasonEn(c)}")) + ".");
        }
        if (yellow.Count > 0)
        {
            cardsZh.Add("亮黄牌事项：" + string.Join("；", yellow.Select(c => $"{c.Name}（{c.UnitName}），{ReasonZh(c)}")) + "。");
            cardsEn.Add("Yellow cards: " + string.Join("; ", yellow.Select(c => $"{c.Name} ({c.UnitName}), {ReasonEn(c)}")) + ".");
        }
        if (cardsZh.Count == 0)
        {
            cardsZh.Add("本月无亮牌事项。");
            cardsEn.Add("No matter received a card this month.");
        }
        zh.Add(new BulletinSection("二、红黄牌情况", cardsZh));
        en.Add(new BulletinSection("2. Cards", cardsEn));

        // 三、各单位情况
        var unitsZh = f.Units.Count == 0 ? "本月无被评价单位。"
            : "按红牌、黄牌数量排序：" + string.Join("；", f.Units.Select(u => u.Red + u.Yellow == 0 ? $"{u.Name}无红黄牌" : $"{u.Name}红牌{u.Red}张、黄牌{u.Yellow}张")) + "。";
        var unitsEn = f.Units.Count == 0 ? "No unit was evaluated this month."
            : "By red, then yellow cards: " + string.Join("; ", f.Units.Select(u => u.Red + u.Yellow == 0 ? $"{u.Name} no card" : $"{u.Name} {u.Red} red, {u.Yellow} yellow")) + ".";
        zh.Add(new BulletinSection("三、各单位情况", [unitsZh]));
        en.Add(new BulletinSection("3. Units", [unitsEn]));

        // 四、逾期环节
        var overdueZh = f.Overdue.Count == 0 ? "本月无逾期办理环节。"
            : $"本月逾期办理环节{f.Overdue.Count}个：" + string.Join("；", f.Overdue.Select(o => $"{o.Name}（{o.UnitName}）{StepZh(o.Step)}" + (o.Pending ? "，至月末仍未办理" : "，逾期后办理"))) + "。";
        var overdueEn = f.Overdue.Count == 0 ? "No workflow step was overdue this month."
            : $"{f.Overdue.Count} workflow step(s) overdue this month: " + string.Join("; ", f.Overdue.Select(o => $"{o.Name} ({o.UnitName}) {o.Step}" + (o.Pending ? ", still pending at the month's end" : ", taken late"))) + ".";
        zh.Add(new BulletinSection("四、逾期环节", [overdueZh]));
        en.Add(new BulletinSection("4. Overdue steps", [overdueEn]));

        // 五、完成事项
        var doneZh = f.Completed.Count == 0 ? "本月无完成事项。" : $"本月完成事项{f.Completed.Count}项：{string.Join("、", f.Completed.Select(Who))}。";
        var doneEn = f.Completed.Count == 0 ? "No matter was completed this month." : $"{f.Completed.Count} matter(s) completed this month: {string.Join(", ", f.Completed.Select(WhoEn))}.";
        zh.Add(new BulletinSection("五、完成事项", [doneZh]));
        en.Add(new BulletinSection("5. Completed", [doneEn]));

        // 六、工作要求
        zh.Add(new BulletinSection("六、工作要求", ["请亮牌单位认真分析滞后原因，制定整改措施，于下月5日前将整改情况书面报督查室；逾期环节责任单位要立即办理，督查室将持续跟踪督办。"]));
        en.Add(new BulletinSection("6. Requirements", ["Units with cards analyse the causes, set out their remedies and report them to the office in writing by the 5th of next month; units with overdue steps act at once. The office follows up."]));
        return (zh, en);
    }

    public static string StepZh(string step) => step switch
    {
        "acknowledge" => "签收",
        "start" => "办理",
        "feedback" => "反馈",
        "verify" => "复核",
        "approve" => "审核",
        "assign" => "下发",
        "close" => "办结",
        _ => step,
    };

    /// <summary>The bulletin as a Word document (its issued text once issued, else the current text).</summary>
    public static byte[] Docx(Bulletin b, string orgName, DateOnly? date)
    {
        var text = BulletinJson.Text(b.IssuedText ?? b.Text);
        var content = new List<OpenXmlElement>
        {
            // 版头: the masthead in red, the number line, the red rule.
            Red(Word.P("督 查 通 报", Word.Song, 72, bold: true, align: JustificationValues.Center, exactLine: false, before: 240, after: 240)),
            Word.P(b.Number is { } n && b.Year is { } y ? $"〔{y}〕第{n}期" : "（草稿，未编号）", align: JustificationValues.Center),
            Rule(Word.P($"{orgName}督查室" + "　　　　" + (date is { } d ? $"{d.Year}年{d.Month}月{d.Day}日" : ""), align: JustificationValues.Center, after: 240)),
            Word.Title($"关于{BulletinJson.MonthZh(b.Month)}督查督办情况的通报"),
        };
        foreach (var section in text.Sections)
        {
            content.Add(Word.Heading(section.Heading));
            foreach (var p in section.Paragraphs) content.Add(Word.P(p, indent: true));
        }
        content.Add(Word.P("", after: 240));
        content.Add(Word.P($"{orgName}督查室", align: JustificationValues.Right));
        if (date is { } day) content.Add(Word.P($"{day.Year}年{day.Month}月{day.Day}日", align: JustificationValues.Right));
        return Word.Save(content);
    }

    private static Paragraph Red(Paragraph p)
    {
        // Schema order: the colour before the size.
        foreach (var rp in p.Descendants<RunProperties>()) rp.InsertBefore(new Color { Val = "C00000" }, rp.GetFirstChild<FontSize>());
        return p;
    }

    private static Paragraph Rule(Paragraph p)
    {
        // Schema order: the borders before the spacing.
        p.ParagraphProperties!.PrependChild(new ParagraphBorders(new BottomBorder { Val = BorderValues.Single, Size = 12, Color = "C00000", Space = 4 }));
        return p;
    }
}
