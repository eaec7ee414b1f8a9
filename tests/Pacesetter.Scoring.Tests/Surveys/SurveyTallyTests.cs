using System.Globalization;
using Pacesetter.Scoring.Surveys;

namespace Pacesetter.Scoring.Tests.Surveys;

/// <summary>
/// The validity rules and the tally of surveys.md §2–§3, each sentence against figures worked by hand: trimming at
/// and below <c>trimMin</c>, the top quota at its limit and above it, abstentions, self-ratings, a group that drops out,
/// satisfaction before trimming, rounding half away from zero, and the result JSON.
/// </summary>
public class SurveyTallyTests
{
    private static readonly SurveyOption A = new("a", "满意", 100, true);
    private static readonly SurveyOption B = new("b", "基本满意", 80, true);
    private static readonly SurveyOption C = new("c", "不满意", 0, false);

    private static SurveyGroup Group(string id, decimal weight = 1, bool trim = false, int trimMin = SurveyGroup.DefaultTrimMin, bool excludeSelf = false) =>
        new(id, id, weight, trim, trimMin, excludeSelf);

    private static Survey Survey(bool abstain, decimal? topQuota, params SurveyGroup[] groups) =>
        Survey(["D1", "D2", "D3", "D4"], abstain, topQuota, groups);

    private static Survey Survey(string[] units, bool abstain, decimal? topQuota, params SurveyGroup[] groups) =>
        new("s", "测评", null, units, [A, B, C], abstain, topQuota, groups);

    /// <summary>A ballot written "D1=a D2=b" (no rater).</summary>
    private static Ballot Ballot(string group, string ratings) => Ballot(group, null, ratings);

    private static Ballot Ballot(string group, string? rater, string ratings) =>
        new(group, rater, ratings.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(r => r.Split('='))
            .Select(kv => new KeyValuePair<string, string>(kv[0], kv[1]))
            .ToList());

    private static BallotValidity Validity(Survey survey, Ballot ballot) => CodedBallot.From(survey, ballot).Validity(survey);

    /// <summary>One unit's figures: "D1 score=81.43 sat=83.3 leaders=90/2 public=70/4".</summary>
    private static string Line(SurveyResult result, string unit)
    {
        var u = result.Units.Single(x => x.Unit == unit);
        var groups = result.Survey.Groups.Select((g, i) => $"{g.Id}={N(u.Groups[i].Mean)}/{u.Groups[i].Count}");
        return $"{u.Unit} score={N(u.Score)} sat={N(u.Satisfaction)} " + string.Join(" ", groups);
    }

    private static string N(decimal? value) => value is { } v ? Numbers.Shortest(v) : "null";

    private static string Counts(SurveyResult r) => $"cast={r.Cast} valid={r.Valid} invalid={r.Invalid}";

    // ---- Trimming (§1 trim, trimMin) ----

    [Fact]
    public void Trimming_applies_at_exactly_trim_min_ratings_and_not_one_below()
    {
        var survey = Survey(abstain: true, topQuota: null, Group("public", trim: true));
        var result = SurveyTally.Tally(survey,
        [
            Ballot("public", "D1=a D2=a"),
            Ballot("public", "D1=a D2=b"),
            Ballot("public", "D1=b D2=c"),
            Ballot("public", "D1=c D2=b"),
            Ballot("public", "D1=b"),
        ]);

        // D1 has 5 ratings = the default trimMin 5: 100, 100, 80, 0, 80 less one 100 and the 0 → (100 + 80 + 80) / 3 = 86.666… → 86.67, count 3.
        Assert.Equal("D1 score=86.67 sat=80 public=86.67/3", Line(result, "D1"));
        // D2 has 4 ratings, one below: no trimming, (100 + 80 + 0 + 80) / 4 = 65, count 4.
        Assert.Equal("D2 score=65 sat=75 public=65/4", Line(result, "D2"));
    }

    [Fact]
    public void A_group_without_trim_keeps_every_rating_however_many()
    {
        var survey = Survey(abstain: true, topQuota: null, Group("leaders"));
        var result = SurveyTally.Tally(survey, new[] { "a", "a", "b", "c", "b", "c" }.Select(o => Ballot("leaders", $"D1={o}")));

        // (100 + 100 + 80 + 0 + 80 + 0) / 6 = 360 / 6 = 60, count 6.
        Assert.Equal("D1 score=60 sat=66.7 leaders=60/6", Line(result, "D1"));
    }

    [Fact]
    public void A_custom_trim_min_trims_three_ratings_where_the_default_would_not()
    {
        var survey = Survey(abstain: true, topQuota: null, Group("custom", trim: true, trimMin: 3), Group("default", trim: true));
        var result = SurveyTally.Tally(survey,
        [
            Ballot("custom", "D1=a D2=a"), Ballot("custom", "D1=b D2=c"), Ballot("custom", "D1=c"),
            Ballot("default", "D1=a"), Ballot("default", "D1=b"), Ballot("default", "D1=c"),
        ]);

        // custom (trimMin 3): a, b, c less a and c → 80, count 1; default (trimMin 5): 3 < 5, (100 + 80 + 0) / 3 = 60, count 3.
        // Score (1 × 80 + 1 × 60) / 2 = 70; satisfaction 4 of 6 (before trimming) = 66.666… → 66.7.
        Assert.Equal("D1 score=70 sat=66.7 custom=80/1 default=60/3", Line(result, "D1"));
        // D2 has 2 custom ratings, one below trimMin 3: (100 + 0) / 2 = 50, count 2.
        Assert.Equal("D2 score=50 sat=50 custom=50/2 default=null/0", Line(result, "D2"));
    }

    [Fact]
    public void Trimming_drops_one_highest_and_one_lowest_rating_even_among_equals()
    {
        var survey = Survey(abstain: true, topQuota: null, Group("public", trim: true));
        var result = SurveyTally.Tally(survey,
        [
            Ballot("public", "D1=a D2=b"), Ballot("public", "D1=a D2=b"), Ballot("public", "D1=a D2=b"),
            Ballot("public", "D1=a D2=b"), Ballot("public", "D1=c D2=b"),
        ]);

        // D1: 100 × 4 and 0 less one 100 and the 0 → 100 × 3 = 100, count 3.
        Assert.Equal("D1 score=100 sat=80 public=100/3", Line(result, "D1"));
        // D2: five 80s less one "highest" and one "lowest" 80 → 80, count 3.
        Assert.Equal("D2 score=80 sat=100 public=80/3", Line(result, "D2"));
    }

    // ---- The top quota (§1 topQuota) ----

    [Fact]
    public void The_top_quota_admits_floor_of_quota_times_units_and_refuses_one_more()
    {
        var survey = Survey(abstain: true, topQuota: 0.5m, Group("leaders"));

        // floor(0.5 × 4) = 2: two first options are at the limit, three are above it.
        Assert.Equal(2, survey.TopLimit(4));
        Assert.Equal(BallotValidity.Valid, Validity(survey, Ballot("leaders", "D1=a D2=a D3=b D4=c")));
        Assert.Equal(BallotValidity.OverQuota, Validity(survey, Ballot("leaders", "D1=a D2=a D3=a D4=c")));
        // n is the survey's units even when the ballot abstains on some: 3 first options of 3 rated is still above 2.
        Assert.Equal(BallotValidity.OverQuota, Validity(survey, Ballot("leaders", "D1=a D2=a D3=a")));
    }

    [Fact]
    public void The_top_quota_is_the_floor_of_a_fraction()
    {
        var survey = Survey(abstain: true, topQuota: 0.3m, Group("leaders"));

        // 0.3 × 4 = 1.2 → 1.
        Assert.Equal(1, survey.TopLimit(4));
        Assert.Equal(BallotValidity.Valid, Validity(survey, Ballot("leaders", "D1=a D2=b D3=b D4=b")));
        Assert.Equal(BallotValidity.OverQuota, Validity(survey, Ballot("leaders", "D1=a D2=a D3=b D4=b")));
        // 0.3 × 3 = 0.9 → 0 (three units): no unit may get the first option.
        var three = Survey(["D1", "D2", "D3"], abstain: true, topQuota: 0.3m, Group("leaders"));
        Assert.Equal(BallotValidity.OverQuota, Validity(three, Ballot("leaders", "D1=a D2=b D3=b")));
        Assert.Equal(BallotValidity.Valid, Validity(three, Ballot("leaders", "D1=b D2=b D3=c")));
    }

    [Fact]
    public void A_quota_of_zero_refuses_any_first_option_and_a_quota_of_one_admits_all()
    {
        var none = Survey(abstain: true, topQuota: 0m, Group("leaders"));
        var all = Survey(abstain: true, topQuota: 1m, Group("leaders"));

        Assert.Equal(BallotValidity.OverQuota, Validity(none, Ballot("leaders", "D1=a D2=b D3=b D4=b")));
        Assert.Equal(BallotValidity.Valid, Validity(none, Ballot("leaders", "D1=b D2=b D3=b D4=c")));
        Assert.Equal(BallotValidity.Valid, Validity(all, Ballot("leaders", "D1=a D2=a D3=a D4=a")));
    }

    [Fact]
    public void With_exclude_self_n_is_the_units_less_the_rater_s_own_and_its_own_first_option_is_not_counted()
    {
        var survey = Survey(abstain: true, topQuota: 0.5m, Group("units", excludeSelf: true));

        // n = 4 − 1 = 3; floor(0.5 × 3) = floor(1.5) = 1.
        Assert.Equal(3, CodedBallot.From(survey, Ballot("units", "D1", "D2=a")).UnitsToRate(survey));
        Assert.Equal(1, survey.TopLimit(3));
        // D1 gives itself and D2 the first option: its own is removed first, 1 ≤ 1 → valid.
        Assert.Equal(BallotValidity.Valid, Validity(survey, Ballot("units", "D1", "D1=a D2=a D3=b D4=b")));
        // Two other units get it: 2 > 1 → invalid (without excludeSelf, 2 ≤ floor(0.5 × 4) = 2 would be valid).
        Assert.Equal(BallotValidity.OverQuota, Validity(survey, Ballot("units", "D1", "D2=a D3=a D4=b")));
        Assert.Equal(BallotValidity.Valid, Validity(Survey(abstain: true, topQuota: 0.5m, Group("units")), Ballot("units", "D2=a D3=a D4=b")));
        // A rater that is not a unit of the survey: n = 4, limit 2, two first options valid.
        Assert.Equal(4, CodedBallot.From(survey, Ballot("units", "X9", "D2=a")).UnitsToRate(survey));
        Assert.Equal(BallotValidity.Valid, Validity(survey, Ballot("units", "X9", "D1=a D2=a D3=b")));
        // §2 "a rating of the rater's own unit is removed first" holds for it too: X9's rating of X9 is removed, not
        // taken for a unit not on the survey; a rating of another unit not on the survey still makes the ballot invalid.
        Assert.Equal(BallotValidity.Valid, Validity(survey, Ballot("units", "X9", "X9=a D1=b")));
        Assert.Equal(BallotValidity.UnknownUnit, Validity(survey, Ballot("units", "X9", "X8=a D1=b")));
        Assert.Equal(BallotValidity.UnknownUnit, Validity(Survey(abstain: true, topQuota: 0.5m, Group("units")), Ballot("units", "X9=a D1=b")));
    }

    // ---- Abstentions (§1 abstain) ----

    [Fact]
    public void With_abstain_a_unit_may_be_left_unrated_the_ballot_valid_and_the_unit_s_count_unaffected()
    {
        var survey = Survey(abstain: true, topQuota: null, Group("leaders"));
        var result = SurveyTally.Tally(survey, [Ballot("leaders", "D1=a D2=b"), Ballot("leaders", "D1=b")]);

        Assert.Equal("cast=2 valid=2 invalid=0", Counts(result));
        // D1 rated twice: (100 + 80) / 2 = 90; D2 once (the second ballot abstained): 80, count 1; D3 by nobody.
        Assert.Equal("D1 score=90 sat=100 leaders=90/2", Line(result, "D1"));
        Assert.Equal("D2 score=80 sat=100 leaders=80/1", Line(result, "D2"));
        Assert.Equal("D3 score=null sat=null leaders=null/0", Line(result, "D3"));
    }

    [Fact]
    public void Without_abstain_a_ballot_leaving_a_unit_unrated_is_invalid()
    {
        var survey = Survey(abstain: false, topQuota: null, Group("leaders"));
        var result = SurveyTally.Tally(survey, [Ballot("leaders", "D1=a D2=b D3=b D4=c"), Ballot("leaders", "D1=c D2=c D3=c")]);

        Assert.Equal(BallotValidity.Unrated, Validity(survey, Ballot("leaders", "D1=c D2=c D3=c")));
        Assert.Equal("cast=2 valid=1 invalid=1", Counts(result));
        // Only the first ballot counts: D1 100, count 1 (the second's 0 is not there).
        Assert.Equal("D1 score=100 sat=100 leaders=100/1", Line(result, "D1"));
    }

    // ---- Self-ratings (§1 excludeSelf, §2) ----

    [Fact]
    public void A_self_rating_is_removed_the_ballot_valid_and_the_own_unit_need_not_be_rated_even_without_abstain()
    {
        var survey = Survey(abstain: false, topQuota: null, Group("units", excludeSelf: true));
        var result = SurveyTally.Tally(survey,
        [
            Ballot("units", "D1", "D1=a D2=c D3=b D4=b"),
            Ballot("units", "D2", "D1=b D3=a D4=a"),
        ]);

        Assert.Equal("cast=2 valid=2 invalid=0", Counts(result));
        // D1's rating of itself is ignored: D1 has only D2's 80, count 1, satisfaction 1 of 1.
        Assert.Equal("D1 score=80 sat=100 units=80/1", Line(result, "D1"));
        // D2 did not rate itself, and needed not: D2 has D1's 0.
        Assert.Equal("D2 score=0 sat=0 units=0/1", Line(result, "D2"));
        // D3: (80 + 100) / 2 = 90.
        Assert.Equal("D3 score=90 sat=100 units=90/2", Line(result, "D3"));
    }

    [Fact]
    public void A_self_rating_is_removed_first_even_with_an_unknown_option()
    {
        var survey = Survey(abstain: true, topQuota: null, Group("units", excludeSelf: true));

        Assert.Equal(BallotValidity.Valid, Validity(survey, Ballot("units", "D1", "D1=z D2=a")));
        Assert.Equal(BallotValidity.UnknownOption, Validity(survey, Ballot("units", "D1", "D1=a D2=z")));
    }

    [Fact]
    public void A_ballot_that_rated_only_its_own_unit_rates_no_unit_and_is_invalid()
    {
        var survey = Survey(abstain: true, topQuota: null, Group("units", excludeSelf: true));
        var result = SurveyTally.Tally(survey, [Ballot("units", "D1", "D1=a"), Ballot("units", "D2", "D1=b")]);

        Assert.Equal(BallotValidity.Empty, Validity(survey, Ballot("units", "D1", "D1=a")));
        Assert.Equal(BallotValidity.Empty, Validity(survey, Ballot("units", "D1", "")));
        Assert.Equal("cast=2 valid=1 invalid=1", Counts(result));
        Assert.Equal("D1 score=80 sat=100 units=80/1", Line(result, "D1"));
    }

    [Fact]
    public void Without_exclude_self_a_group_s_ratings_of_any_unit_count()
    {
        var survey = Survey(abstain: true, topQuota: null, Group("leaders"));

        Assert.Equal(-1, CodedBallot.From(survey, Ballot("leaders", "D1=a")).SelfIndex(survey));
        Assert.Equal("D1 score=100 sat=100 leaders=100/1", Line(SurveyTally.Tally(survey, [Ballot("leaders", "D1=a")]), "D1"));
    }

    // ---- Invalid ballots (§2) ----

    [Fact]
    public void An_unknown_option_and_a_unit_not_on_the_survey_make_a_ballot_invalid_and_it_is_counted()
    {
        var survey = Survey(abstain: true, topQuota: null, Group("leaders"));
        var result = SurveyTally.Tally(survey,
        [
            Ballot("leaders", "D1=a D2=d"),
            Ballot("leaders", "D1=a D9=b"),
            Ballot("leaders", "D9=a"),
            Ballot("leaders", ""),
            Ballot("leaders", "D1=c"),
        ]);

        Assert.Equal(BallotValidity.UnknownOption, Validity(survey, Ballot("leaders", "D1=a D2=d")));
        Assert.Equal(BallotValidity.UnknownUnit, Validity(survey, Ballot("leaders", "D1=a D9=b")));
        Assert.Equal(BallotValidity.UnknownUnit, Validity(survey, Ballot("leaders", "D9=a")));
        Assert.Equal(BallotValidity.Empty, Validity(survey, Ballot("leaders", "")));
        Assert.Equal("cast=5 valid=1 invalid=4", Counts(result));
        // Only the last ballot counts: D1's 0; the invalid ballots' 100s and D2's rating are nowhere.
        Assert.Equal("D1 score=0 sat=0 leaders=0/1", Line(result, "D1"));
        Assert.Equal("D2 score=null sat=null leaders=null/0", Line(result, "D2"));
    }

    [Fact]
    public void No_ballot_at_all_gives_nulls_and_zero_counts()
    {
        var result = SurveyTally.Tally(Survey(abstain: true, topQuota: null, Group("leaders"), Group("public")), Array.Empty<Ballot>());

        Assert.Equal("cast=0 valid=0 invalid=0", Counts(result));
        Assert.All(result.Units, u => Assert.Equal($"{u.Unit} score=null sat=null leaders=null/0 public=null/0", Line(result, u.Unit)));
    }

    // ---- Weights and the score (§3) ----

    [Fact]
    public void A_group_without_ratings_of_a_unit_drops_out_and_the_others_are_re_normalised()
    {
        var survey = Survey(abstain: true, topQuota: null, Group("leaders", 40), Group("units", 30), Group("public", 30));
        var result = SurveyTally.Tally(survey,
        [
            Ballot("leaders", "D1=a"), Ballot("leaders", "D1=b"),
            Ballot("public", "D1=a"), Ballot("public", "D1=b"), Ballot("public", "D1=c"), Ballot("public", "D1=a"),
        ]);

        // leaders (100 + 80) / 2 = 90; public (100 + 80 + 0 + 100) / 4 = 70; units none.
        // Score (40 × 90 + 30 × 70) / (40 + 30) = 5700 / 70 = 81.428… → 81.43; satisfaction 5 of 6 = 83.33… → 83.3.
        Assert.Equal("D1 score=81.43 sat=83.3 leaders=90/2 units=null/0 public=70/4", Line(result, "D1"));
    }

    [Fact]
    public void Weights_are_normalised_whatever_their_scale()
    {
        var ballots = new[] { Ballot("leaders", "D1=a"), Ballot("public", "D1=c") };
        var percent = SurveyTally.Tally(Survey(abstain: true, topQuota: null, Group("leaders", 60), Group("public", 40)), ballots);
        var fraction = SurveyTally.Tally(Survey(abstain: true, topQuota: null, Group("leaders", 0.6m), Group("public", 0.4m)), ballots);

        // (60 × 100 + 40 × 0) / 100 = 60 = (0.6 × 100 + 0.4 × 0) / 1.
        Assert.Equal("D1 score=60 sat=50 leaders=100/1 public=0/1", Line(percent, "D1"));
        Assert.Equal(Line(percent, "D1"), Line(fraction, "D1"));
    }

    [Fact]
    public void The_score_keeps_each_product_unrounded_and_rounds_the_result_half_away_from_zero()
    {
        var survey = new Survey("s", "s", null, ["D1"], [new("x", "x", 85.55m, true), new("y", "y", 80, true)], true, null,
            [Group("g1", 0.1m), Group("g2", 0.1m)]);
        var result = SurveyTally.Tally(survey, [Ballot("g1", "D1=x"), Ballot("g2", "D1=y")]);

        // (0.1 × 85.55 + 0.1 × 80) / 0.2 = (8.555 + 8) / 0.2 = 82.775 → 82.78 (products rounded first: 16.56 / 0.2 = 82.8).
        Assert.Equal("D1 score=82.78 sat=100 g1=85.55/1 g2=80/1", Line(result, "D1"));

        var even = new Survey("s", "s", null, ["D1"], [new("x", "x", 90, true), new("y", "y", 80.01m, true)], true, null, [Group("g1"), Group("g2")]);
        // (1 × 90 + 1 × 80.01) / 2 = 170.01 / 2 = 85.005 → 85.01 (to even: 85.00).
        Assert.Equal("D1 score=85.01 sat=100 g1=90/1 g2=80.01/1", Line(SurveyTally.Tally(even, [Ballot("g1", "D1=x"), Ballot("g2", "D1=y")]), "D1"));
    }

    [Fact]
    public void A_unit_rated_by_nobody_has_a_null_score_and_satisfaction_and_every_group_null_with_count_0()
    {
        var survey = Survey(abstain: true, topQuota: null, Group("leaders", 40), Group("units", 30, excludeSelf: true), Group("public", 30, trim: true));
        var result = SurveyTally.Tally(survey,
        [
            Ballot("leaders", "D1=a D2=b"),
            Ballot("units", "D4", "D4=a D1=b"),
            Ballot("public", "D2=c"),
            Ballot("leaders", "D4=a D9=a"),
        ]);

        // D4 rated only by itself (ignored) and by an invalid ballot.
        var d4 = result.Units[3];
        Assert.Equal(("D4", (decimal?)null, (decimal?)null), (d4.Unit, d4.Score, d4.Satisfaction));
        Assert.Equal([new GroupMean(null, 0), new GroupMean(null, 0), new GroupMean(null, 0)], d4.Groups);
        Assert.Equal("D3 score=null sat=null leaders=null/0 units=null/0 public=null/0", Line(result, "D3"));
        // D2: (40 × 80 + 30 × 0) / 70 = 3200 / 70 = 45.714… → 45.71; satisfaction 1 of 2 = 50.0.
        Assert.Equal("D2 score=45.71 sat=50 leaders=80/1 units=null/0 public=0/1", Line(result, "D2"));
    }

    // ---- Satisfaction and rounding (§3) ----

    [Fact]
    public void Satisfaction_is_counted_before_trimming_over_all_groups()
    {
        var survey = Survey(abstain: true, topQuota: null, Group("leaders", 50), Group("public", 50, trim: true));
        var result = SurveyTally.Tally(survey,
        [
            Ballot("leaders", "D1=c"),
            Ballot("public", "D1=a"), Ballot("public", "D1=a"), Ballot("public", "D1=b"), Ballot("public", "D1=b"), Ballot("public", "D1=c"),
        ]);

        // public: 100, 100, 80, 80, 0 less a 100 and the 0 → (100 + 80 + 80) / 3 = 86.67, count 3;
        // score (50 × 0 + 50 × 86.67) / 100 = 43.335 → 43.34; satisfaction counts the trimmed ratings too:
        // 4 satisfied (a, a, b, b) of 6 (leaders' c, public's five) = 66.666… → 66.7.
        Assert.Equal("D1 score=43.34 sat=66.7 leaders=0/1 public=86.67/3", Line(result, "D1"));
    }

    [Theory]
    // 2 of 3 = 66.666… → 66.7.
    [InlineData(2, 3, "66.7")]
    // 1 of 8 = 12.5.
    [InlineData(1, 8, "12.5")]
    // 1 of 16 = 6.25 → 6.3 (half away from zero; to even would give 6.2).
    [InlineData(1, 16, "6.3")]
    // 3 of 16 = 18.75 → 18.8.
    [InlineData(3, 16, "18.8")]
    // 3 of 4 = 75 → 75.0, written with its decimal.
    [InlineData(3, 4, "75.0")]
    // 0 of 2 = 0.0.
    [InlineData(0, 2, "0.0")]
    public void Satisfaction_is_a_percent_rounded_to_one_decimal_half_away_from_zero(int satisfied, int all, string expected)
    {
        var survey = Survey(abstain: true, topQuota: null, Group("public"));
        var ballots = Enumerable.Range(0, all).Select(i => Ballot("public", i < satisfied ? "D1=b" : "D1=c"));

        var satisfaction = SurveyTally.Tally(survey, ballots).Units[0].Satisfaction!.Value;

        Assert.Equal(expected, satisfaction.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Abstentions_and_ignored_self_ratings_are_left_out_of_satisfaction()
    {
        var survey = Survey(abstain: true, topQuota: null, Group("units", excludeSelf: true), Group("public"));
        var result = SurveyTally.Tally(survey,
        [
            Ballot("units", "D1", "D1=c D2=a"),
            Ballot("units", "D2", "D1=a"),
            Ballot("public", "D1=c D2=b"),
            Ballot("public", "D2=b"),
        ]);

        // D1: D2's a and the public's c (its own c ignored; the second public ballot abstained) → 1 of 2 = 50.0.
        Assert.Equal("D1 score=50 sat=50 units=100/1 public=0/1", Line(result, "D1"));
        Assert.Equal(50.0m, result.Units[0].Satisfaction);
        Assert.Equal(1, Numbers.Scale(result.Units[0].Satisfaction!.Value));
    }

    [Fact]
    public void A_mean_is_rounded_to_two_decimals_half_away_from_zero_in_decimal()
    {
        var survey = new Survey("s", "s", null, ["D1", "D2"], [new("x", "x", 81, true), new("y", "y", 80, true), new("z", "z", 80.01m, true)], true, null, [Group("g")]);
        var ballots = new List<Ballot> { Ballot("g", "D1=x D2=z") };
        ballots.AddRange(Enumerable.Range(0, 7).Select(_ => Ballot("g", "D1=y")));
        ballots.Add(Ballot("g", "D2=y"));

        var result = SurveyTally.Tally(survey, ballots);

        // D1: (81 + 7 × 80) / 8 = 641 / 8 = 80.125 → 80.13 (to even: 80.12).
        Assert.Equal("D1 score=80.13 sat=100 g=80.13/8", Line(result, "D1"));
        // D2: (80.01 + 80) / 2 = 80.005 → 80.01 (to even: 80.00).
        Assert.Equal("D2 score=80.01 sat=100 g=80.01/2", Line(result, "D2"));
    }

    // ---- Counts and the result JSON (§3) ----

    [Fact]
    public void Cast_valid_and_invalid_count_every_ballot_once()
    {
        var survey = Survey(abstain: false, topQuota: 0.5m, Group("leaders"), Group("units", excludeSelf: true));
        var result = SurveyTally.Tally(survey,
        [
            Ballot("leaders", "D1=a D2=a D3=b D4=b"),  // valid: 2 ≤ 2
            Ballot("leaders", "D1=a D2=a D3=a D4=b"),  // over quota: 3 > 2
            Ballot("leaders", "D1=a D2=b D3=b"),       // D4 unrated, abstain false
            Ballot("units", "D1", "D2=b D3=b D4=b"),   // valid: own unit need not be rated
            Ballot("units", "D2", "D1=a D3=b D4=x"),   // unknown option
            Ballot("units", "D3", "D3=a"),             // only itself: rates no unit
        ]);

        Assert.Equal("cast=6 valid=2 invalid=4", Counts(result));
    }

    [Fact]
    public void The_result_json_has_the_shape_and_key_order_of_the_spec()
    {
        var survey = Survey(["D1", "D2"], abstain: true, topQuota: null, Group("g1", 60), Group("g2", 40));
        var result = SurveyTally.Tally(survey,
        [
            Ballot("g1", "D1=a"), Ballot("g1", "D1=a"), Ballot("g2", "D1=b"), Ballot("g2", "D1=c"), Ballot("g1", "D3=a"),
        ]);

        // D1: g1 100, g2 (80 + 0) / 2 = 40, score (60 × 100 + 40 × 40) / 100 = 76, satisfaction 3 of 4 = 75.0; D2 rated by nobody.
        Assert.Equal(
            """{"survey":"s","ballots":{"cast":5,"valid":4,"invalid":1},"units":[""" +
            """{"unit":"D1","score":76,"satisfaction":75.0,"groups":{"g1":{"mean":100,"count":2},"g2":{"mean":40,"count":2}}},""" +
            """{"unit":"D2","score":null,"satisfaction":null,"groups":{"g1":{"mean":null,"count":0},"g2":{"mean":null,"count":0}}}]}""",
            SurveyResultJson.ToJson(result, indented: false));
    }

    [Fact]
    public void The_result_json_writes_means_and_scores_in_their_shortest_form_and_units_in_the_survey_s_order()
    {
        var survey = Survey(["D2", "D1"], abstain: true, topQuota: null, Group("g"));
        var result = SurveyTally.Tally(survey, [Ballot("g", "D1=a D2=a"), Ballot("g", "D1=c D2=b"), Ballot("g", "D1=c D2=b"), Ballot("g", "D1=b D2=b")]);

        // D2: (100 + 80 × 3) / 4 = 85 (satisfaction 4 of 4 = 100.0); D1: (100 + 0 + 0 + 80) / 4 = 45, satisfaction 2 of 4 = 50.0.
        Assert.Equal(
            """{"survey":"s","ballots":{"cast":4,"valid":4,"invalid":0},"units":[""" +
            """{"unit":"D2","score":85,"satisfaction":100.0,"groups":{"g":{"mean":85,"count":4}}},""" +
            """{"unit":"D1","score":45,"satisfaction":50.0,"groups":{"g":{"mean":45,"count":4}}}]}""",
            SurveyResultJson.ToJson(result, indented: false));
    }
}
