namespace Pacesetter.Scoring.Text;

/// <summary>The words of tables and explanations, in Simplified Chinese and English.</summary>
public sealed record Terms
{
    public required string Rank { get; init; }
    public required string Unit { get; init; }
    public required string Name { get; init; }
    public required string Composite { get; init; }
    public required string Base { get; init; }
    public required string Bonus { get; init; }
    public required string Penalty { get; init; }
    public required string Grade { get; init; }
    public required string Label { get; init; }
    public required string Notes { get; init; }
    public required string FlagHeading { get; init; }
    public required string PreviousHolder { get; init; }
    public required string Nobody { get; init; }
    public required string Veto { get; init; }
    public required string BlockTop { get; init; }
    public required string Flag { get; init; }
    public required string Exemption { get; init; }
    public required string Pacesetter { get; init; }
    public required string Winner { get; init; }
    public required string Yellow { get; init; }
    public required string Indicator { get; init; }
    public required string Weight { get; init; }
    public required string Measure { get; init; }
    public required string Score { get; init; }
    public required string Lost { get; init; }
    public required string Formula { get; init; }
    public required string Category { get; init; }

    public string LabelName(string? label) => label switch
    {
        "pacesetter" => Pacesetter,
        "winner" => Winner,
        "yellow" => Yellow,
        _ => "",
    };

    public static Terms For(Language lang) => lang == Language.Chinese ? Chinese : English;

    public static readonly Terms Chinese = new()
    {
        Rank = "名次",
        Unit = "单位编号",
        Name = "单位",
        Composite = "综合得分",
        Base = "基础分",
        Bonus = "加分",
        Penalty = "扣分",
        Grade = "等次",
        Label = "称号",
        Notes = "备注",
        FlagHeading = "流动红旗",
        PreviousHolder = "上期",
        Nobody = "空缺",
        Veto = "一票否决",
        BlockTop = "一票否优",
        Flag = "流动红旗",
        Exemption = "容错免责",
        Pacesetter = "标兵",
        Winner = "优胜",
        Yellow = "黄牌",
        Indicator = "指标",
        Weight = "权重",
        Measure = "指标值",
        Score = "得分",
        Lost = "失分",
        Formula = "计算过程",
        Category = "考核类别",
    };

    public static readonly Terms English = new()
    {
        Rank = "Rank",
        Unit = "Unit",
        Name = "Name",
        Composite = "Composite",
        Base = "Base",
        Bonus = "Bonus",
        Penalty = "Penalty",
        Grade = "Grade",
        Label = "Label",
        Notes = "Notes",
        FlagHeading = "Red flag",
        PreviousHolder = "previous",
        Nobody = "nobody",
        Veto = "veto",
        BlockTop = "blockTop",
        Flag = "red flag",
        Exemption = "exemption",
        Pacesetter = "pacesetter",
        Winner = "winner",
        Yellow = "yellow card",
        Indicator = "Indicator",
        Weight = "Weight",
        Measure = "Measure",
        Score = "Score",
        Lost = "Lost",
        Formula = "Formula",
        Category = "Category",
    };
}
