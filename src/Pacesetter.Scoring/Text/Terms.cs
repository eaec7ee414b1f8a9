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

    /// <summary>The language of this term list.</summary>
    public required Language Language { get; init; }

    /// <summary>
    /// The name shown to people for an award level key of a <c>levels</c> method (<c>city</c> → 市级 / city level);
    /// a key the glossary does not know — a level the scheme invents, often already in Chinese — is shown as it is.
    /// </summary>
    public string LevelName(string level) => Lookup(AwardLevels, level);

    /// <summary>
    /// The name shown to people for an event type key of an <c>events</c> method (<c>yellow</c> → 黄牌 / yellow card);
    /// a key the glossary does not know is shown as it is.
    /// </summary>
    public string EventTypeName(string type) => Lookup(EventTypes, type);

    private string Lookup(IReadOnlyDictionary<string, (string Zh, string En)> names, string key) =>
        names.TryGetValue(key, out var name) ? (Language == Language.Chinese ? name.Zh : name.En) : key;

    /// <summary>The name of a method of scoring (<c>completion</c> → 目标完成率 / completion rate), the words of the scheme editor.</summary>
    public string MethodName(string type) => Lookup(Methods, type);

    /// <summary>The name of an indicator kind (<c>base</c> → 基本分, <c>bonus</c> → 加分, <c>penalty</c> → 扣分).</summary>
    public string KindName(Schemes.IndicatorKind kind) => kind switch
    {
        Schemes.IndicatorKind.Bonus => Bonus,
        Schemes.IndicatorKind.Penalty => Penalty,
        _ => Base,
    };

    /// <summary>Methods of scoring (scoring.md §3–§4, §9) by their <c>method.type</c>.</summary>
    public static readonly IReadOnlyDictionary<string, (string Zh, string En)> Methods =
        new Dictionary<string, (string, string)>(StringComparer.Ordinal)
        {
            ["completion"] = ("目标完成率", "completion"),
            ["efficacy"] = ("功效系数", "efficacy"),
            ["rank"] = ("位次赋分", "rank"),
            ["leaderRatio"] = ("折合分", "leader ratio"),
            ["baseline"] = ("达标扣分", "baseline"),
            ["bands"] = ("分档插值", "bands"),
            ["table"] = ("对照赋分", "table"),
            ["grade"] = ("评议", "grade"),
            ["manual"] = ("直接打分", "manual"),
            ["rollup"] = ("汇总折算", "rollup"),
            ["levels"] = ("按级别加分", "levels"),
            ["points"] = ("按分值加分", "points"),
            ["events"] = ("按事件扣分", "events"),
        };

    /// <summary>Award levels (表彰级别) by the keys schemes use, lower case or not.</summary>
    public static readonly IReadOnlyDictionary<string, (string Zh, string En)> AwardLevels =
        new Dictionary<string, (string, string)>(StringComparer.OrdinalIgnoreCase)
        {
            ["international"] = ("国际级", "international level"),
            ["national"] = ("国家级", "national level"),
            ["ministry"] = ("部级", "ministry level"),
            ["province"] = ("省级", "provincial level"),
            ["provincial"] = ("省级", "provincial level"),
            ["city"] = ("市级", "city level"),
            ["municipal"] = ("市级", "city level"),
            ["prefecture"] = ("地市级", "prefecture level"),
            ["district"] = ("区级", "district level"),
            ["county"] = ("县级", "county level"),
            ["town"] = ("镇级", "township level"),
            ["township"] = ("乡镇级", "township level"),
            ["street"] = ("街道级", "subdistrict level"),
            ["subdistrict"] = ("街道级", "subdistrict level"),
            ["village"] = ("村级", "village level"),
            ["community"] = ("社区级", "community level"),
            ["department"] = ("部门级", "department level"),
        };

    /// <summary>Event types of penalty indicators (扣分事项类型) by the keys schemes use.</summary>
    public static readonly IReadOnlyDictionary<string, (string Zh, string En)> EventTypes =
        new Dictionary<string, (string, string)>(StringComparer.OrdinalIgnoreCase)
        {
            ["yellow"] = ("黄牌", "yellow card"),
            ["red"] = ("红牌", "red card"),
            ["orange"] = ("橙牌", "orange card"),
            ["blue"] = ("蓝牌", "blue card"),
            ["warning"] = ("警示", "warning"),
            ["notice"] = ("通报", "notice"),
            ["interview"] = ("约谈", "interview"),
        };

    public static readonly Terms Chinese = new()
    {
        Language = Language.Chinese,
        Rank = "名次",
        Unit = "单位编号",
        Name = "单位",
        Composite = "综合得分",
        Base = "基本分",
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
        Language = Language.English,
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
