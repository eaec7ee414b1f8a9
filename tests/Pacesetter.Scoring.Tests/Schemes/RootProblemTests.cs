using Pacesetter.Scoring.Schemes;
using Pacesetter.Scoring.Tests.Engine;

namespace Pacesetter.Scoring.Tests.Schemes;

/// <summary>
/// Issue #8, defect 7: a problem in one indicator is reported once, at its root — the indicator still counts in the
/// weight sums and the core share, and its id stays known to tieBreak, exemptions and data (no knock-on problems) —
/// while every independent problem is still reported (scoring.md §7–§8). Each case: exactly the problems expected.
/// </summary>
public class RootProblemTests
{
    private const string X = "$.categories[0].indicators[0]";
    private const string M = X + ".method";

    /// <summary>
    /// Category "c" (units A, B), coreShareMin 70: the indicator under test "x" first — base, core, weight 60 — then
    /// "m" (core, 20) and "y" (20): the core share is 80 % with x and would be 50 % without it; tieBreak ["x"].
    /// </summary>
    private static SchemeBuilder WithBase(string method, string? options = null) =>
        new SchemeBuilder("A", "B")
            .Top("coreShareMin", "70")
            .Base("x", 60, method, options is null ? """{"core": true}""" : options)
            .Base("m", 20, """{"type": "manual"}""", """{"core": true}""")
            .Base("y", 20, """{"type": "manual"}""")
            .Values("x", 9, 11)
            .Values("m", 15, 16)
            .Values("y", 15, 16)
            .TieBreak("x");

    /// <summary>"x" a bonus indicator (cap 5) before a core base "b" (60), "m" (core, 20) and "y" (20); tieBreak ["x"].</summary>
    private static SchemeBuilder WithBonus(string method) =>
        new SchemeBuilder("A", "B")
            .Top("coreShareMin", "70")
            .Bonus("x", 5, method)
            .Base("b", 60, """{"type": "manual"}""", """{"core": true}""")
            .Base("m", 20, """{"type": "manual"}""", """{"core": true}""")
            .Base("y", 20, """{"type": "manual"}""")
            .Datum("A", "x", """[{"item": "平安建设", "level": "city"}]""")
            .TieBreak("x");

    /// <summary>"x" a penalty indicator (cap 4) exempted as a whole for A and by one event for B; tieBreak ["m"].</summary>
    private static SchemeBuilder WithPenalty(string method) =>
        new SchemeBuilder("A", "B")
            .Top("coreShareMin", "70")
            .Penalty("x", 4, method)
            .Base("b", 60, """{"type": "manual"}""", """{"core": true}""")
            .Base("m", 20, """{"type": "manual"}""", """{"core": true}""")
            .Base("y", 20, """{"type": "manual"}""")
            .Datum("A", "x", """[{"id": "e1", "type": "red"}]""")
            .Datum("B", "x", """[{"id": "e1", "type": "red"}]""")
            .TieBreak("m")
            .Adjust("""{"unit": "A", "type": "exemption", "ref": "x"}""")
            .Adjust("""{"unit": "B", "type": "exemption", "ref": "x/e1", "factor": 0.5}""");

    private static string[] Problems(SchemeBuilder scheme)
    {
        var read = scheme.Read();
        Assert.False(read.IsValid);
        return read.Problems.Select(p => $"{p.Path}: {p.English} | {p.Chinese}").ToArray();
    }

    [Fact]
    public void The_fixtures_are_valid_with_a_good_method()
    {
        Assert.True(WithBase("""{"type": "completion", "target": 10}""").Read().IsValid);
        Assert.True(WithBonus("""{"type": "levels", "levels": {"city": 1}}""").Read().IsValid);
        Assert.True(WithPenalty("""{"type": "events", "perEvent": 1}""").Read().IsValid);
    }

    public static readonly TheoryData<string, string[]> BaseMethods = new()
    {
        // The issue's own case: one problem, not also a core share of 50 % and an unknown "x" in tieBreak.
        { """{"type": "completion", "cap": 0.5}""", [$"{M}.cap: must be at least 1 | 不得小于 1"] },
        { """{"type": "completion", "cap": "high"}""", [$"{M}.cap: must be a number | 应为数值"] },
        // The floor is not compared with a cap that is itself wrong.
        { """{"type": "completion", "cap": 0.5, "floor": 0.6}""", [$"{M}.cap: must be at least 1 | 不得小于 1"] },
        { """{"type": "completion", "cap": 1.2, "floor": 1.2}""", [$"{M}.floor: must be below cap 1.2 | 应小于封顶系数（cap）1.2"] },
        { """{"type": "completion", "floor": -0.1}""", [$"{M}.floor: must not be below 0 | 不得小于 0"] },
        { """{"type": "completion", "target": 0}""", [$"{M}.target: must be above 0 | 目标值应大于 0"] },
        { """{"type": "completion", "tgt": 1}""", [$"{M}.tgt: unknown field | 未知字段"] },
        // Two independent problems: both.
        { """{"type": "completion", "cap": 0.5, "target": -1}""", [$"{M}.cap: must be at least 1 | 不得小于 1", $"{M}.target: must be above 0 | 目标值应大于 0"] },
        { """{"type": "efficacy", "span": 0}""", [$"{M}.span: must be above 0 | 应大于 0"] },
        { """{"type": "efficacy", "base": -1}""", [$"{M}.base: must not be below 0 | 不得小于 0"] },
        { """{"type": "rank"}""", [$"{M}: needs points or step | 需要按名次的分值表（points）或每名次递减的分值（step）"] },
        // A step that is not a number is the problem, not a missing step.
        { """{"type": "rank", "step": "2"}""", [$"{M}.step: must be a number | 应为数值"] },
        { """{"type": "rank", "points": 5}""", [$"{M}.points: must be a list | 应为 […] 形式的列表"] },
        { """{"type": "rank", "points": []}""", [$"{M}.points: must not be empty | 不能为空"] },
        { """{"type": "rank", "points": [10, -1]}""", [$"{M}.points[1]: must not be below 0 | 不得小于 0"] },
        { """{"type": "rank", "points": [10], "step": 2}""", [$"{M}.step: give points or step, not both | 按名次的分值表（points）与每名次递减的分值（step）只能二选一"] },
        { """{"type": "rank", "step": 2, "rest": -1}""", [$"{M}.rest: must not be below 0 | 不得小于 0"] },
        { """{"type": "baseline", "deduct": 1}""", [$"{M}.baseline: is required | 必填"] },
        { """{"type": "baseline", "baseline": "avg", "deduct": 1}""", [$"{M}.baseline: must be a number or \"average\" | 基准值应为数值，或 \"average\"（取本类别平均值）"] },
        { """{"type": "baseline", "baseline": 0, "relative": true, "deduct": 1}""", [$"{M}.baseline: must not be 0 when relative is true | 按百分比计差距（relative）时基准值不能为 0"] },
        { """{"type": "baseline", "baseline": 80}""", [$"{M}.deduct: is required | 必填"] },
        { """{"type": "baseline", "baseline": 80, "deduct": 1, "step": 0}""", [$"{M}.step: must be above 0 | 应大于 0"] },
        { """{"type": "baseline", "baseline": 80, "deduct": 1, "whole": "yes"}""", [$"{M}.whole: must be true or false | 应为 true 或 false"] },
        { """{"type": "bands", "points": [[0, 0]]}""", [$"{M}.points: needs at least two points | 至少需要两档"] },
        { """{"type": "bands", "points": [[0, 0], [0, 60]]}""", [$"{M}.points[1][0]: x must be strictly increasing: 0 is not above 0 | 各档指标值应从小到大：0 不大于上一档的 0"] },
        { """{"type": "bands", "points": [[0, 0], [10, 70]]}""", [$"{M}.points[1][1]: score must lie in [0, 60] (the weight) | 分值应在 0 到 60（权重）之间"] },
        { """{"type": "bands", "points": [[0, 0], 5]}""", [$"{M}.points[1]: must be a pair [x, score] | 每一档应为 [指标值, 分值] 两个数"] },
        { """{"type": "table"}""", [$"{M}.points: is required | 必填"] },
        { """{"type": "table", "points": {}}""", [$"{M}.points: must not be empty | 不能为空"] },
        { """{"type": "table", "points": [1, 2]}""", [$"{M}.points: must be an object from name to points | 应为“名称: 分值”形式的对照表"] },
        { """{"type": "table", "points": {"2.5": 10, "2.50": 20}}""", [$"{M}.points['2.50']: the key \"2.50\" is the same number as another key | “2.50”与另一项是同一个数"] },
        { """{"type": "grade", "grades": {"好": 1.2}}""", [$"{M}.grades['好']: must be between 0 and 1 | 应在 0 到 1 之间"] },
        { """{"type": "manual", "cap": 1}""", [$"{M}.cap: unknown field | 未知字段"] },
        { """{"type": "leaderRatio", "cap": 1}""", [$"{M}.cap: unknown field | 未知字段"] },
        { """{"type": "rollup", "cap": 1}""", [$"{M}.cap: unknown field | 未知字段"] },
        // An unknown method type, and a method of another kind.
        {
            """{"type": "magic"}""",
            [$"{M}.type: a base indicator's method must be one of completion, efficacy, rank, leaderRatio, baseline, bands, table, grade, manual, rollup, not \"magic\" | 基本分指标的计分方法应为目标完成率（completion）、功效系数（efficacy）、位次赋分（rank）、折合分（leaderRatio）、达标扣分（baseline）、分档插值（bands）、对照赋分（table）、评议（grade）、直接打分（manual）、汇总折算（rollup）之一，没有“magic”这种方法"]
        },
        { """{"cap": 1.2}""", [$"{M}.type: is required | 必填"] },
        { "[]", [$"{M}: must be an object such as {{\"type\": \"completion\"}} | 应为计分方法的设置，如 {{\"type\": \"completion\"}}"] },
    };

    [Theory]
    [MemberData(nameof(BaseMethods))]
    public void A_base_method_problem_is_reported_alone(string method, string[] expected)
    {
        Assert.Equal(expected, Problems(WithBase(method)));
    }

    public static readonly TheoryData<string, string[]> BonusMethods = new()
    {
        { """{"type": "levels", "levels": {"national": -1, "city": 1}}""", [$"{M}.levels.national: must be at least 0 | 不得小于 0"] },
        { """{"type": "levels"}""", [$"{M}.levels: is required | 必填"] },
        { """{"type": "points", "max": 1}""", [$"{M}.max: unknown field | 未知字段"] },
        {
            """{"type": "completion"}""",
            [$"{M}.type: a bonus indicator's method must be one of levels, points, not \"completion\" | 加分指标的计分方法应为按级别加分（levels）、按分值加分（points）之一，没有“completion”这种方法"]
        },
    };

    [Theory]
    [MemberData(nameof(BonusMethods))]
    public void A_bonus_method_problem_is_reported_alone(string method, string[] expected)
    {
        Assert.Equal(expected, Problems(WithBonus(method)));
    }

    public static readonly TheoryData<string, string[]> PenaltyMethods = new()
    {
        // Not also "x" unknown to the whole-indicator exemption and "x" not a penalty indicator for the event's.
        { """{"type": "events"}""", [$"{M}.perEvent: is required | 必填"] },
        { """{"type": "events", "perEvent": -1}""", [$"{M}.perEvent: must not be below 0 | 不得小于 0"] },
        { """{"type": "events", "perEvent": {"red": "1"}}""", [$"{M}.perEvent.red: must be a number | 应为数值"] },
        { """{"type": "events", "perEvent": 1, "zeroAt": 0}""", [$"{M}.zeroAt: must be at least 1 | 不得小于 1"] },
        { """{"type": "events", "perEvent": 1, "zeroAt": 1.5}""", [$"{M}.zeroAt: must be a whole number | 应为整数"] },
    };

    [Theory]
    [MemberData(nameof(PenaltyMethods))]
    public void A_penalty_method_problem_is_reported_alone(string method, string[] expected)
    {
        Assert.Equal(expected, Problems(WithPenalty(method)));
    }

    [Fact]
    public void A_weight_that_is_not_a_number_is_reported_alone()
    {
        // The core share cannot be known without x's weight: it is not reported; nor is the band score checked against a weight of 0.
        var problems = Problems(WithBase("""{"type": "bands", "points": [[0, 0], [10, 60]]}""", """{"core": true, "weight": "sixty"}"""));

        Assert.Equal([$"{X}.weight: must be a number | 应为数值"], problems);
    }

    [Fact]
    public void A_negative_weight_is_reported_alone()
    {
        Assert.Equal([$"{X}.weight: must not be below 0 | 不得小于 0"], Problems(WithBase("""{"type": "manual"}""", """{"core": true, "weight": -60}""")));
    }

    [Fact]
    public void An_unreadable_kind_is_reported_alone()
    {
        // Not also "levels is not a base method", nor a core share problem.
        var problems = Problems(WithBase("""{"type": "levels", "levels": {"city": 1}}""", """{"core": true, "kind": "bonsu"}"""));

        Assert.Equal([$"{X}.kind: must be one of base, bonus, penalty, not \"bonsu\" | 应为 base, bonus, penalty 之一，而不是“bonsu”"], problems);
    }

    [Fact]
    public void An_unreadable_core_is_reported_alone()
    {
        Assert.Equal([$"{X}.core: must be true or false | 应为 true 或 false"], Problems(WithBase("""{"type": "manual"}""", """{"core": "yes"}""")));
    }

    [Fact]
    public void A_missing_method_is_reported_alone()
    {
        var scheme = WithBase("""{"type": "manual"}""");
        var json = System.Text.Json.Nodes.JsonNode.Parse(scheme.Json())!;
        json["categories"]![0]!["indicators"]![0]!.AsObject().Remove("method");

        var read = SchemeReader.Read(json.ToJsonString());

        Assert.Equal([$"{X}.method: is required | 必填"], read.Problems.Select(p => $"{p.Path}: {p.English} | {p.Chinese}"));
    }

    [Fact]
    public void A_duplicate_id_is_reported_even_when_the_first_indicator_has_problems()
    {
        // x (indicators[0]) has a bad cap; indicators[3] repeats its id: both problems, each once, and nothing else.
        var problems = Problems(WithBase("""{"type": "completion", "cap": 0.5}""").Base("x", 0, """{"type": "manual"}"""));

        Assert.Equal(
        [
            $"{M}.cap: must be at least 1 | 不得小于 1",
            "$.categories[0].indicators[3].id: duplicate indicator id \"x\" (also indicators[0]) | 指标编号“x”重复（另见 indicators[0]）",
        ], problems);
    }

    [Fact]
    public void A_duplicate_id_with_problems_of_its_own_reports_both()
    {
        var problems = Problems(WithBase("""{"type": "manual"}""").Base("x", 0, """{"type": "completion", "cap": 0.5}"""));

        Assert.Equal(
        [
            "$.categories[0].indicators[3].method.cap: must be at least 1 | 不得小于 1",
            "$.categories[0].indicators[3].id: duplicate indicator id \"x\" (also indicators[0]) | 指标编号“x”重复（另见 indicators[0]）",
        ], problems);
    }

    [Fact]
    public void Independent_problems_beside_a_bad_indicator_are_all_reported()
    {
        // x's cap, a tieBreak naming nothing, and the penalty "p" named in tieBreak: three problems, none a knock-on.
        var problems = Problems(WithBase("""{"type": "completion", "cap": 0.5}""")
            .Penalty("p", 2, """{"type": "events", "perEvent": "one"}""")
            .TieBreak("x", "zzz", "p"));

        Assert.Equal(
        [
            $"{M}.cap: must be at least 1 | 不得小于 1",
            "$.categories[0].indicators[3].method.perEvent: must be a number | 应为数值",
            "$.categories[0].tieBreak[1]: unknown indicator \"zzz\" | 本类别没有指标“zzz”",
            "$.categories[0].tieBreak[2]: \"p\" is a penalty indicator and cannot break ties | “p”为扣分指标，不能用于同分排序",
        ], problems);
    }

    [Fact]
    public void A_core_share_below_the_minimum_is_still_reported_with_the_bad_indicator_counted()
    {
        // x (core, 60) has a bad cap but counts: core 60 + 20 = 80 of 60 + 20 + 20 + 20 = 120 is 66.67 %, below 70 %.
        var problems = Problems(WithBase("""{"type": "completion", "cap": 0.5}""").Base("z", 20, """{"type": "manual"}"""));

        Assert.Equal(
        [
            $"{M}.cap: must be at least 1 | 不得小于 1",
            "$.categories[0].indicators: core (主责主业) weight 80 is 66.67% of the base weight 120, below coreShareMin 70% | 主责主业指标权重 80 占基本分指标权重 120 的 66.67%，低于方案要求的 70%（coreShareMin）",
        ], problems);
    }
}
