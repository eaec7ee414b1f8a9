namespace Pacesetter.Cli.Tests;

/// <summary><c>pacesetter explain</c>: one unit's breakdown of the worked example.</summary>
public sealed class ExplainCommandTests
{
    [Fact]
    public void T2_is_explained_in_chinese_by_default_with_formula_exemption_rank_and_gap()
    {
        var (code, output, errors) = Cli.Run(false, "explain", ExampleFiles.Zone, "--unit", "T2");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Empty(errors);
        var lines = Cli.Lines(output);
        Assert.Equal("城西街道 (T2) — 镇街 [towns]", lines[0]);
        Assert.Equal("第 4 名（共 5 个单位），等次：良好，称号：无", lines[1]);
        Assert.Equal("综合得分 = max(0, 83.38 + 0 − 0.5) = 82.88", lines[2]);
        Assert.Contains("    计算过程: r = 9.1 ÷ 10 = 0.91; 30 × 9.1 ÷ 10 = 27.3", lines);
        Assert.Contains("    计算过程: min(4, c1（红牌）1 × 0 + c2（黄牌）0.5) = 0.5（免责前 1.5，恢复 1）", lines);
        Assert.Contains("  容错免责 红黄牌督办（cards）：恢复 1 分（cards/c1 ×0 容错免责：因上级规划调整导致项目延期）", lines);
        Assert.Equal("前一名为 北湖镇（T5，第 3 名，83.51 分）：需再得 0.64 分方可超过。", lines[^1]);
    }

    [Fact]
    public void T2_is_explained_in_english_with_lang_en()
    {
        var (code, output, _) = Cli.Run(false, "explain", ExampleFiles.Zone, "--unit", "T2", "--lang", "en");

        Assert.Equal(ExitCodes.Ok, code);
        var lines = Cli.Lines(output);
        Assert.Equal("rank 4 of 5, grade: 良好, label: none", lines[1]);
        Assert.Equal("composite = max(0, 83.38 + 0 − 0.5) = 82.88", lines[2]);
        Assert.Contains("    Formula: r = 9.1 ÷ 10 = 0.91; 30 × 9.1 ÷ 10 = 27.3", lines);
        Assert.Contains("    Formula: min(4, c1 (red card) 1 × 0 + c2 (yellow card) 0.5) = 0.5 (before exemptions 1.5, restored 1)", lines);
        Assert.Equal("Next above: 北湖镇 (T5, rank 3, 83.51): 0.64 more points would pass it.", lines[^1]);
        Assert.DoesNotContain("计算过程", output);
    }

    [Fact]
    public void D3_explanation_names_its_block_top_and_what_it_does()
    {
        var en = Cli.Run(false, "explain", ExampleFiles.Zone, "--unit", "D3", "--lang", "en");
        var zh = Cli.Run(false, "explain", ExampleFiles.Zone, "--unit", "D3");

        Assert.Equal(ExitCodes.Ok, en.Code);
        Assert.Contains("  blockTop (省级条线通报批评): no first grade, no pacesetter label, no red flag; rank unchanged", Cli.Lines(en.Out));
        Assert.Contains("    Formula: min(5, 3 × 1) = 5 (3 or more events take the whole cap 5)", Cli.Lines(en.Out));
        Assert.Equal(ExitCodes.Ok, zh.Code);
        Assert.Contains("  一票否优（省级条线通报批评）：不得评为第一等次、标兵和流动红旗，名次不变", Cli.Lines(zh.Out));
    }

    [Fact]
    public void First_ranked_unit_is_told_it_is_first_and_holds_the_flag()
    {
        var (code, output, _) = Cli.Run(false, "explain", ExampleFiles.Zone, "--unit", "T1", "--lang", "en");

        Assert.Equal(ExitCodes.Ok, code);
        var lines = Cli.Lines(output);
        Assert.Equal("rank 1 of 5, grade: 优秀, label: pacesetter, holds the red flag", lines[1]);
        Assert.Equal("Ranked first.", lines[^1]);
    }

    [Theory]
    [InlineData("zh", "--unit: 方案中没有参加排名的单位“T9”")]
    [InlineData("en", "--unit: no ranked unit \"T9\" in the scheme")]
    public void Unknown_unit_is_refused_with_a_line_naming_unit(string lang, string line)
    {
        var (code, output, errors) = Cli.Run(false, "explain", ExampleFiles.Zone, "--unit", "T9", "--lang", lang);

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Equal("", output);
        Assert.Equal([line], errors);
    }

    [Fact]
    public void Missing_unit_option_is_refused()
    {
        var (code, output, errors) = Cli.RunWith("en", false, "explain", ExampleFiles.Zone);

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Equal("", output);
        Assert.Equal(["pacesetter explain: --unit: is required"], errors);
    }

    [Fact]
    public void The_chinese_explanation_says_its_formula_words_in_chinese()
    {
        var t2 = Cli.Lines(Cli.Run(false, "explain", ExampleFiles.Zone, "--unit", "T2").Out);
        var t2En = Cli.Lines(Cli.Run(false, "explain", ExampleFiles.Zone, "--unit", "T2", "--lang", "en").Out);

        Assert.Contains("    计算过程: 差距 = 95 − 96.5 = -1.5; 15 + min(0, 0 × 1.5 ÷ 1) = 15", t2);
        Assert.Contains("    计算过程: r = 5 ÷ 9 = 0.5556 < 保底系数 0.6 → 0", Cli.Lines(Cli.Run(false, "explain", ExampleFiles.Zone, "--unit", "T4").Out));
        Assert.Contains("    Formula: gap = 95 − 96.5 = -1.5; 15 + min(0, 0 × 1.5 ÷ 1) = 15", t2En);
        Assert.Contains("  exemption on 红黄牌督办 (cards): 1 point restored (cards/c1 ×0 容错免责：因上级规划调整导致项目延期)", t2En);
    }
}
