namespace Pacesetter.Scoring.Tests.Engine;

/// <summary>scoring.md §3: every base method with its parameters and defaults.</summary>
public class BaseMethodTests
{
    // ---- completion 目标完成率 ----

    [Fact]
    public void Completion_scores_weight_times_value_over_target()
    {
        // 30 × 12.6 / 11 = 34.3636… → 34.36
        var result = new SchemeBuilder("A")
            .Base("x", 30, """{"type": "completion", "cap": 1.2}""")
            .Datum("A", "x", """{"value": 12.6, "target": 11}""")
            .Score();

        Assert.Equal(34.36m, result.Score("A", "x"));
    }

    [Fact]
    public void Completion_cap_defaults_to_1()
    {
        // 12 / 10 = 1.2 capped at 1 → 30; 9 / 10 → 27
        var result = new SchemeBuilder("A", "B")
            .Base("x", 30, """{"type": "completion", "target": 10}""")
            .Values("x", 12m, 9m)
            .Score();

        Assert.Equal([30m, 27m], result.Scores("x", "A", "B"));
    }

    [Fact]
    public void Completion_cap_above_1_lets_a_unit_score_above_the_weight()
    {
        // 超额完成: 11/10 → 33; 15/10 = 1.5 capped at 1.2 → 36
        var result = new SchemeBuilder("A", "B")
            .Base("x", 30, """{"type": "completion", "target": 10, "cap": 1.2}""")
            .Values("x", 11m, 15m)
            .Score();

        Assert.Equal([33m, 36m], result.Scores("x", "A", "B"));
    }

    [Fact]
    public void Completion_below_floor_scores_zero_and_at_floor_scores_proportionally()
    {
        // 5.9/10 = 0.59 < 0.6 → 0; 6/10 = 0.6 is not below the floor → 30 × 0.6 = 18
        var result = new SchemeBuilder("A", "B")
            .Base("x", 30, """{"type": "completion", "target": 10, "floor": 0.6}""")
            .Values("x", 5.9m, 6m)
            .Score();

        Assert.Equal([0m, 18m], result.Scores("x", "A", "B"));
    }

    [Fact]
    public void Completion_of_a_negative_value_scores_zero()
    {
        var result = new SchemeBuilder("A")
            .Base("x", 30, """{"type": "completion", "target": 10}""")
            .Values("x", -5m)
            .Score();

        Assert.Equal(0m, result.Score("A", "x"));
    }

    [Fact]
    public void Completion_lower_direction_uses_target_over_value()
    {
        // A: 5/4 = 1.25 (cap 1.5) × 20 = 25; B: 5/8 = 0.625 × 20 = 12.5
        var result = new SchemeBuilder("A", "B")
            .Base("x", 20, """{"type": "completion", "target": 5, "cap": 1.5}""", """{"direction": "lower"}""")
            .Values("x", 4m, 8m)
            .Score();

        Assert.Equal([25m, 12.5m], result.Scores("x", "A", "B"));
    }

    [Fact]
    public void Completion_lower_direction_with_value_at_or_below_zero_scores_the_cap()
    {
        // x ≤ 0 gives r = cap: 20 × 1.2 = 24
        var result = new SchemeBuilder("A", "B")
            .Base("x", 20, """{"type": "completion", "target": 5, "cap": 1.2}""", """{"direction": "lower"}""")
            .Values("x", 0m, -1m)
            .Score();

        Assert.Equal([24m, 24m], result.Scores("x", "A", "B"));
    }

    [Fact]
    public void Completion_datum_target_overrides_the_method_target()
    {
        // A: 8/10 × 30 = 24; B: 8/16 × 30 = 15
        var result = new SchemeBuilder("A", "B")
            .Base("x", 30, """{"type": "completion", "target": 10}""")
            .Datum("A", "x", """{"value": 8}""")
            .Datum("B", "x", """{"value": 8, "target": 16}""")
            .Score();

        Assert.Equal([24m, 15m], result.Scores("x", "A", "B"));
    }

    // ---- efficacy 功效系数 ----

    [Fact]
    public void Efficacy_uses_observed_bounds_with_base_60_and_span_40()
    {
        // bad 10, good 40: A d=60 → 15; B d = 60 + 40×10/30 = 73.33… → 25×73.33/100 = 18.33; C d=100 → 25
        var result = new SchemeBuilder("A", "B", "C")
            .Base("x", 25, """{"type": "efficacy"}""")
            .Values("x", 10m, 20m, 40m)
            .Score();

        Assert.Equal([15m, 18.33m, 25m], result.Scores("x", "A", "B", "C"));
    }

    [Fact]
    public void Efficacy_lower_direction_takes_the_minimum_as_good()
    {
        var result = new SchemeBuilder("A", "B", "C")
            .Base("x", 25, """{"type": "efficacy"}""", """{"direction": "lower"}""")
            .Values("x", 10m, 20m, 30m)
            .Score();

        Assert.Equal([25m, 20m, 15m], result.Scores("x", "A", "B", "C"));
    }

    [Fact]
    public void Efficacy_with_fixed_bounds_clamps_to_base_and_base_plus_span()
    {
        // good 40, bad 0: 10 → d 70 → 17.5; 30 → d 90 → 22.5; 50 → d 110 clamped 100 → 25; −10 → d 50 clamped 60 → 15
        var result = new SchemeBuilder("A", "B", "C", "D")
            .Base("x", 25, """{"type": "efficacy", "good": 40, "bad": 0}""")
            .Values("x", 10m, 30m, 50m, -10m)
            .Score();

        Assert.Equal([17.5m, 22.5m, 25m, 15m], result.Scores("x", "A", "B", "C", "D"));
    }

    [Fact]
    public void Efficacy_lower_direction_with_fixed_bounds()
    {
        // good 10, bad 50: 20 → d = 60 + 40 × (20−50)/(10−50) = 90 → 25 × 0.9 = 22.5
        var result = new SchemeBuilder("A")
            .Base("x", 25, """{"type": "efficacy", "good": 10, "bad": 50}""", """{"direction": "lower"}""")
            .Values("x", 20m)
            .Score();

        Assert.Equal(22.5m, result.Score("A", "x"));
    }

    [Fact]
    public void Efficacy_with_good_equal_to_bad_gives_full_points()
    {
        var fixedBounds = new SchemeBuilder("A", "B")
            .Base("x", 25, """{"type": "efficacy", "good": 5, "bad": 5}""")
            .Values("x", 1m, 9m)
            .Score();
        var allEqual = new SchemeBuilder("A", "B")
            .Base("x", 25, """{"type": "efficacy"}""")
            .Values("x", 7m, 7m)
            .Score();

        Assert.Equal([25m, 25m], fixedBounds.Scores("x", "A", "B"));
        Assert.Equal([25m, 25m], allEqual.Scores("x", "A", "B"));
    }

    [Fact]
    public void Efficacy_custom_base_and_span()
    {
        // base 50, span 50, bounds 0..10: d = 50, 75, 100 → 20 × d / 100 = 10, 15, 20
        var result = new SchemeBuilder("A", "B", "C")
            .Base("x", 20, """{"type": "efficacy", "base": 50, "span": 50}""")
            .Values("x", 0m, 5m, 10m)
            .Score();

        Assert.Equal([10m, 15m, 20m], result.Scores("x", "A", "B", "C"));
    }

    // ---- rank 位次赋分 ----

    [Fact]
    public void Rank_points_by_rank_with_rest_defaulting_to_zero()
    {
        // ranks: B 1, C 2, A 3, D 4 → 10, 8, 6, rest 0
        var result = new SchemeBuilder("A", "B", "C", "D")
            .Base("x", 10, """{"type": "rank", "points": [10, 8, 6]}""")
            .Values("x", 5m, 9m, 7m, 1m)
            .Score();

        Assert.Equal([6m, 10m, 8m, 0m], result.Scores("x", "A", "B", "C", "D"));
    }

    [Fact]
    public void Rank_beyond_the_points_list_scores_rest()
    {
        var result = new SchemeBuilder("A", "B", "C", "D")
            .Base("x", 10, """{"type": "rank", "points": [10, 8, 6], "rest": 2}""")
            .Values("x", 5m, 9m, 7m, 1m)
            .Score();

        Assert.Equal(2m, result.Score("D", "x"));
    }

    [Fact]
    public void Rank_ties_share_a_rank_and_skip_the_next_1_1_3()
    {
        var result = new SchemeBuilder("A", "B", "C")
            .Base("x", 10, """{"type": "rank", "points": [10, 8, 6]}""")
            .Values("x", 9m, 9m, 7m)
            .Score();

        Assert.Equal([10m, 10m, 6m], result.Scores("x", "A", "B", "C"));
    }

    [Fact]
    public void Rank_step_deducts_per_rank_down_to_rest()
    {
        // w − 4 × (rank − 1): 20, 16, 12, 8 → max(rest 10, …) for the last
        var plain = new SchemeBuilder("A", "B", "C", "D")
            .Base("x", 20, """{"type": "rank", "step": 4}""")
            .Values("x", 4m, 3m, 2m, 1m)
            .Score();
        var withRest = new SchemeBuilder("A", "B", "C", "D")
            .Base("x", 20, """{"type": "rank", "step": 4, "rest": 10}""")
            .Values("x", 4m, 3m, 2m, 1m)
            .Score();

        Assert.Equal([20m, 16m, 12m, 8m], plain.Scores("x", "A", "B", "C", "D"));
        Assert.Equal([20m, 16m, 12m, 10m], withRest.Scores("x", "A", "B", "C", "D"));
    }

    [Fact]
    public void Rank_step_with_ties_uses_the_shared_rank()
    {
        // ranks 1, 1, 3 → 20, 20, 20 − 4 × 2 = 12
        var result = new SchemeBuilder("A", "B", "C")
            .Base("x", 20, """{"type": "rank", "step": 4}""")
            .Values("x", 9m, 9m, 7m)
            .Score();

        Assert.Equal([20m, 20m, 12m], result.Scores("x", "A", "B", "C"));
    }

    [Fact]
    public void Rank_lower_direction_ranks_the_smallest_first()
    {
        var result = new SchemeBuilder("A", "B", "C")
            .Base("x", 10, """{"type": "rank", "points": [10, 8, 6]}""", """{"direction": "lower"}""")
            .Values("x", 5m, 9m, 7m)
            .Score();

        Assert.Equal([10m, 6m, 8m], result.Scores("x", "A", "B", "C"));
    }

    // ---- leaderRatio 折合分 ----

    [Fact]
    public void LeaderRatio_higher_scores_weight_times_value_over_maximum()
    {
        // 10 × 310/420 = 7.38; 10 × 150/420 = 3.57; negative value counts as 0
        var result = new SchemeBuilder("A", "B", "C", "D")
            .Base("x", 10, """{"type": "leaderRatio"}""")
            .Values("x", 420m, 310m, 150m, -20m)
            .Score();

        Assert.Equal([10m, 7.38m, 3.57m, 0m], result.Scores("x", "A", "B", "C", "D"));
    }

    [Fact]
    public void LeaderRatio_higher_with_leader_at_or_below_zero_scores_zero()
    {
        var result = new SchemeBuilder("A", "B")
            .Base("x", 10, """{"type": "leaderRatio"}""")
            .Values("x", 0m, -3m)
            .Score();

        Assert.Equal([0m, 0m], result.Scores("x", "A", "B"));
    }

    [Fact]
    public void LeaderRatio_lower_scores_weight_times_minimum_positive_over_value()
    {
        // leader = min(x > 0) = 2: 10 × 2/2 = 10, 10 × 2/4 = 5, 10 × 2/5 = 4, 10 × 2/3 = 6.67
        var result = new SchemeBuilder("A", "B", "C", "D")
            .Base("x", 10, """{"type": "leaderRatio"}""", """{"direction": "lower"}""")
            .Values("x", 2m, 4m, 5m, 3m)
            .Score();

        Assert.Equal([10m, 5m, 4m, 6.67m], result.Scores("x", "A", "B", "C", "D"));
    }

    [Fact]
    public void LeaderRatio_lower_gives_full_weight_at_or_below_zero_and_ignores_it_for_the_leader()
    {
        // leader = min(x > 0) = 2, not 0 or −1
        var result = new SchemeBuilder("A", "B", "C", "D")
            .Base("x", 10, """{"type": "leaderRatio"}""", """{"direction": "lower"}""")
            .Values("x", 0m, -1m, 2m, 4m)
            .Score();

        Assert.Equal([10m, 10m, 10m, 5m], result.Scores("x", "A", "B", "C", "D"));
    }

    // ---- baseline 达标扣分 ----

    [Fact]
    public void Baseline_deducts_per_step_below_the_baseline()
    {
        // baseline 95, 0.5 per point: 100 → 15; 96.5 → 15; 88.4 → 15 − 0.5 × 6.6 = 11.7; 93 → 14
        var result = new SchemeBuilder("A", "B", "C", "D")
            .Base("x", 15, """{"type": "baseline", "baseline": 95, "deduct": 0.5}""")
            .Values("x", 100m, 96.5m, 88.4m, 93m)
            .Score();

        Assert.Equal([15m, 15m, 11.7m, 14m], result.Scores("x", "A", "B", "C", "D"));
    }

    [Fact]
    public void Baseline_step_counts_fractional_steps_unless_whole()
    {
        // gap 5, step 2: n = 2.5 → 15 − 1.25 = 13.75; whole: n = 2 → 14; gap 1 < step: whole n = 0 → 15
        var fractional = new SchemeBuilder("A", "B")
            .Base("x", 15, """{"type": "baseline", "baseline": 95, "deduct": 0.5, "step": 2}""")
            .Values("x", 90m, 94m)
            .Score();
        var whole = new SchemeBuilder("A", "B")
            .Base("x", 15, """{"type": "baseline", "baseline": 95, "deduct": 0.5, "step": 2, "whole": true}""")
            .Values("x", 90m, 94m)
            .Score();

        Assert.Equal([13.75m, 14.75m], fractional.Scores("x", "A", "B"));
        Assert.Equal([14m, 15m], whole.Scores("x", "A", "B"));
    }

    [Fact]
    public void Baseline_relative_gap_is_a_percentage_of_the_baseline()
    {
        // baseline 80, x 72: gap 8 = 10 % → 15 − 0.5 × 10 = 10; with step 3 whole: n = 3 → 13.5
        var relative = new SchemeBuilder("A")
            .Base("x", 15, """{"type": "baseline", "baseline": 80, "deduct": 0.5, "relative": true}""")
            .Values("x", 72m)
            .Score();
        var relativeWhole = new SchemeBuilder("A")
            .Base("x", 15, """{"type": "baseline", "baseline": 80, "deduct": 0.5, "relative": true, "step": 3, "whole": true}""")
            .Values("x", 72m)
            .Score();

        Assert.Equal(10m, relative.Score("A", "x"));
        Assert.Equal(13.5m, relativeWhole.Score("A", "x"));
    }

    [Fact]
    public void Baseline_deduction_never_goes_below_zero()
    {
        // 15 − 5 × 10 → 0
        var result = new SchemeBuilder("A")
            .Base("x", 15, """{"type": "baseline", "baseline": 95, "deduct": 5}""")
            .Values("x", 85m)
            .Score();

        Assert.Equal(0m, result.Score("A", "x"));
    }

    [Fact]
    public void Baseline_above_the_line_earns_bonusPer_up_to_bonusCap()
    {
        // 98: 15 + min(1, 0.2 × 3) = 15.6; 100: 15 + min(1, 1.0) = 16; 110: 15 + min(1, 3) = 16; 95: 15
        var result = new SchemeBuilder("A", "B", "C", "D")
            .Base("x", 15, """{"type": "baseline", "baseline": 95, "deduct": 0.5, "bonusPer": 0.2, "bonusCap": 1}""")
            .Values("x", 98m, 100m, 110m, 95m)
            .Score();

        Assert.Equal([15.6m, 16m, 16m, 15m], result.Scores("x", "A", "B", "C", "D"));
    }

    [Fact]
    public void Baseline_lower_direction_deducts_above_the_baseline()
    {
        // baseline 5: 7 → gap 2 → 15 − 2 = 13; 4 → 15
        var result = new SchemeBuilder("A", "B")
            .Base("x", 15, """{"type": "baseline", "baseline": 5, "deduct": 1}""", """{"direction": "lower"}""")
            .Values("x", 7m, 4m)
            .Score();

        Assert.Equal([13m, 15m], result.Scores("x", "A", "B"));
    }

    [Fact]
    public void Baseline_average_uses_the_observed_mean()
    {
        // mean of 90, 100, 80 = 90: C gap 10 → 15 − 5 = 10
        var result = new SchemeBuilder("A", "B", "C")
            .Base("x", 15, """{"type": "baseline", "baseline": "average", "deduct": 0.5}""")
            .Values("x", 90m, 100m, 80m)
            .Score();

        Assert.Equal([15m, 15m, 10m], result.Scores("x", "A", "B", "C"));
    }

    // ---- bands 分档插值 ----

    [Fact]
    public void Bands_hold_the_end_scores_outside_the_range()
    {
        var result = new SchemeBuilder("A", "B", "C", "D")
            .Base("x", 70, """{"type": "bands", "points": [[60, 0], [80, 42], [100, 70]]}""")
            .Values("x", 50m, 60m, 100m, 101m)
            .Score();

        Assert.Equal([0m, 0m, 70m, 70m], result.Scores("x", "A", "B", "C", "D"));
    }

    [Fact]
    public void Bands_interpolate_linearly_between_points()
    {
        // 74.5: 14.5 × 42/20 = 30.45; 96: 42 + 16 × 28/20 = 64.4; 88: 42 + 8 × 1.4 = 53.2; 80 → 42
        var result = new SchemeBuilder("A", "B", "C", "D")
            .Base("x", 70, """{"type": "bands", "points": [[60, 0], [80, 42], [100, 70]]}""")
            .Values("x", 74.5m, 96m, 88m, 80m)
            .Score();

        Assert.Equal([30.45m, 64.4m, 53.2m, 42m], result.Scores("x", "A", "B", "C", "D"));
    }

    // ---- table 对照赋分 ----

    [Fact]
    public void Table_matches_numbers_in_their_shortest_form()
    {
        var result = new SchemeBuilder("A", "B", "C", "D")
            .Base("x", 10, """{"type": "table", "points": {"1": 10, "2.50": 7, "3": 6}}""")
            .Datum("A", "x", "1.0")
            .Datum("B", "x", "2.5")
            .Datum("C", "x", "3.00")
            .Datum("D", "x", "2.50")
            .Score();

        Assert.Equal([10m, 7m, 6m, 7m], result.Scores("x", "A", "B", "C", "D"));
    }

    [Fact]
    public void Table_gives_rest_to_values_not_listed()
    {
        var withRest = new SchemeBuilder("A")
            .Base("x", 10, """{"type": "table", "points": {"1": 10}, "rest": 4}""")
            .Values("x", 7m)
            .Score();
        var withoutRest = new SchemeBuilder("A")
            .Base("x", 10, """{"type": "table", "points": {"1": 10}}""")
            .Values("x", 7m)
            .Score();

        Assert.Equal(4m, withRest.Score("A", "x"));
        Assert.Equal(0m, withoutRest.Score("A", "x"));
    }

    [Fact]
    public void Table_matches_string_keys()
    {
        var result = new SchemeBuilder("A", "B")
            .Base("x", 10, """{"type": "table", "points": {"A级": 10, "B级": 6}, "rest": 3}""")
            .Datum("A", "x", "\"B级\"")
            .Datum("B", "x", "\"C级\"")
            .Score();

        Assert.Equal([6m, 3m], result.Scores("x", "A", "B"));
        Assert.Equal("B级", result.Cell("A", "x").TextMeasure);
    }

    // ---- grade 评议, manual 直接打分, rollup 汇总 ----

    [Fact]
    public void Grade_scores_weight_times_the_grade_factor()
    {
        var result = new SchemeBuilder("A", "B", "C")
            .Base("x", 20, """{"type": "grade", "grades": {"优": 1, "良": 0.85, "中": 0.7}}""")
            .Datum("A", "x", "\"优\"")
            .Datum("B", "x", "\"良\"")
            .Datum("C", "x", "\"中\"")
            .Score();

        Assert.Equal([20m, 17m, 14m], result.Scores("x", "A", "B", "C"));
    }

    [Fact]
    public void Manual_score_is_the_datum_itself()
    {
        var result = new SchemeBuilder("A", "B", "C")
            .Base("x", 10, """{"type": "manual"}""")
            .Values("x", 7.5m, 10m, 0m)
            .Score();

        Assert.Equal([7.5m, 10m, 0m], result.Scores("x", "A", "B", "C"));
    }

    [Fact]
    public void Rollup_adds_weighted_period_composites_each_rounded()
    {
        // 23.75 × 91.37/100 = 21.700375 → 21.70; × 88.6 → 21.0425 → 21.04; × 95.5 → 22.68125 → 22.68;
        // × 90 → 21.375 → 21.38; rating 5 × 90/100 = 4.5; annual 91.30
        var result = new SchemeBuilder("A")
            .Base("q1", 23.75m, """{"type": "rollup"}""")
            .Base("q2", 23.75m, """{"type": "rollup"}""")
            .Base("q3", 23.75m, """{"type": "rollup"}""")
            .Base("q4", 23.75m, """{"type": "rollup"}""")
            .Base("rating", 5, """{"type": "rollup"}""")
            .Values("q1", 91.37m)
            .Values("q2", 88.6m)
            .Values("q3", 95.5m)
            .Values("q4", 90m)
            .Values("rating", 90m)
            .Score();

        Assert.Equal([21.70m, 21.04m, 22.68m, 21.38m, 4.5m],
            new[] { "q1", "q2", "q3", "q4", "rating" }.Select(i => result.Score("A", i)).ToArray());
        Assert.Equal(91.30m, result.Unit("A").Composite);
    }

    [Fact]
    public void Rollup_ranks_units_by_annual_composite()
    {
        // A: 47.5 × 90/100 = 42.75 + 5 × 80/100 = 4 → 46.75; B: 47.5 × 88/100 = 41.8 + 5 → 46.8
        var result = new SchemeBuilder("A", "B")
            .Base("q", 47.5m, """{"type": "rollup"}""")
            .Base("rating", 5, """{"type": "rollup"}""")
            .Values("q", 90m, 88m)
            .Values("rating", 80m, 100m)
            .Score();

        Assert.Equal([46.75m, 46.8m], new[] { "A", "B" }.Select(u => result.Unit(u).Composite).ToArray());
        Assert.Equal(["B", "A"], result.Listing());
    }

    // ---- measure ----

    [Fact]
    public void Growth_measure_is_the_percentage_change_from_previous()
    {
        // A: (110 − 100)/100 × 100 = 10 %; B: 5 %; C: (−90 − −100)/|−100| × 100 = 10 %
        var result = new SchemeBuilder("A", "B", "C")
            .Base("x", 10, """{"type": "leaderRatio"}""", """{"measure": "growth"}""")
            .Datum("A", "x", """{"value": 110, "previous": 100}""")
            .Datum("B", "x", """{"value": 105, "previous": 100}""")
            .Datum("C", "x", """{"value": -90, "previous": -100}""")
            .Score();

        Assert.Equal([10m, 5m, 10m], result.Scores("x", "A", "B", "C"));
        Assert.Equal(10m, result.Cell("A", "x").Measure);
        Assert.Equal(10m, result.Cell("C", "x").Measure);
    }

    [Fact]
    public void Growth_with_missing_or_zero_previous_is_missing_data()
    {
        // A and B are missing (zero policy), so the leader is C's 5 %
        var result = new SchemeBuilder("A", "B", "C")
            .Base("x", 10, """{"type": "leaderRatio"}""", """{"measure": "growth"}""")
            .Datum("A", "x", """{"value": 500}""")
            .Datum("B", "x", """{"value": 500, "previous": 0}""")
            .Datum("C", "x", """{"value": 105, "previous": 100}""")
            .Score();

        Assert.Equal([0m, 0m, 10m], result.Scores("x", "A", "B", "C"));
        Assert.Null(result.Cell("A", "x").Measure);
        Assert.Null(result.Cell("B", "x").Measure);
        Assert.Equal(Pacesetter.Scoring.Engine.CellSource.MissingZero, result.Cell("B", "x").Source);
    }
}
