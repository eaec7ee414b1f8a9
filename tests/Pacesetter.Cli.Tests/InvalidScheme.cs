namespace Pacesetter.Cli.Tests;

/// <summary>A scheme file with five problems and the lines <c>score</c> and <c>validate</c> must print for them.</summary>
public static class InvalidScheme
{
    // Five problems, one of each kind the spec names in §7; the cap is the spec's own example path.
    public const string Text = """
        { "name": "坏方案", "period": "2026-Q3",
          "units": { "T1": "城东街道", "T2": "城西街道", "D1": "经济发展局" },
          "categories": [
            { "id": "towns", "name": "镇街", "units": ["T1", "T2"],
              "indicators": [
                { "id": "revenue", "name": "收入", "weight": 60, "method": { "type": "completion" } },
                { "id": "tax", "name": "税收", "weight": 40, "method": { "type": "completion", "cap": 0.8 } } ] },
            { "id": "towns", "name": "部门", "units": ["D1"],
              "indicators": [
                { "id": "duty", "name": "主责", "weight": -5, "method": { "type": "manual" } } ] } ],
          "data": {
            "T1": { "revenue": { "value": 10, "target": 10 }, "tax": { "value": 5, "target": 5 }, "jobs": 3 },
            "T9": { "revenue": 1 } } }
        """;

    public static readonly string[] Problems =
    [
        "$.categories[0].indicators[1].method.cap: must be at least 1",
        "$.categories[1].indicators[0].weight: must not be below 0",
        "$.categories[1].id: duplicate category id \"towns\" (also $.categories[0])",
        "$.data.T1.jobs: unknown indicator \"jobs\" in category \"towns\"",
        "$.data.T9: unknown unit \"T9\"",
    ];

    public static readonly string[] ProblemsZh =
    [
        "$.categories[0].indicators[1].method.cap: 不得小于 1",
        "$.categories[1].indicators[0].weight: 不得小于 0",
        "$.categories[1].id: 考核类别编号“towns”重复（另见 $.categories[0]）",
        "$.data.T1.jobs: 考核类别“towns”中没有指标“jobs”",
        "$.data.T9: 未知单位“T9”",
    ];
}
