using System.Text;
using Pacesetter.Scoring.Surveys;

namespace Pacesetter.Scoring.Tests.Surveys;

/// <summary>
/// Reading the file of <c>pacesetter survey</c> (surveys.md §1, §2, §5): what a survey may leave out and its defaults,
/// every problem at once with its JSON path, what is bad input and what only makes a ballot invalid, and the file
/// written back by <see cref="SurveyFileJson"/> read again to the same tally.
/// </summary>
public class SurveyReaderTests
{
    /// <summary>The survey of surveys.md §1.</summary>
    private const string SpecSurvey = """
        { "id": "2026q3-myd", "name": "2026年第三季度机关作风满意度测评", "period": "2026-Q3",
          "units": ["D1", "D2", "D3", "D4"],
          "options": [ { "id": "a", "name": "满意", "points": 100, "satisfied": true },
                       { "id": "b", "name": "基本满意", "points": 80, "satisfied": true },
                       { "id": "c", "name": "不满意", "points": 0 } ],
          "abstain": true,
          "topQuota": 0.5,
          "groups": [ { "id": "leaders", "name": "区领导", "weight": 40 },
                      { "id": "units", "name": "部门互评", "weight": 30, "trim": true, "excludeSelf": true },
                      { "id": "public", "name": "服务对象", "weight": 30, "trim": true, "trimMin": 5 } ] }
        """;

    /// <summary>A small survey with every field its reader needs and nothing else.</summary>
    private const string Minimal = """
        { "id": "s", "units": ["D1", "D2"], "options": [ { "id": "a", "points": 100 } ], "groups": [ { "id": "g", "weight": 1 } ] }
        """;

    private static string FileOf(string survey, string ballots) => $$"""{ "survey": {{survey}}, "ballots": {{ballots}} }""";

    private static string[] Problems(string json, Language language = Language.English)
    {
        var error = Assert.Throws<InvalidInputException>(() => SurveyReader.ReadFile(json));
        return error.Problems.Select(p => p.Line(language)).ToArray();
    }

    [Fact]
    public void The_spec_s_survey_is_read_with_every_field()
    {
        var file = SurveyReader.ReadFile(FileOf(SpecSurvey, """[ { "group": "units", "rater": "D1", "ratings": { "D2": "a", "D3": "b" } } ]"""));

        var s = file.Survey;
        Assert.Equal(("2026q3-myd", "2026年第三季度机关作风满意度测评", "2026-Q3", true, 0.5m), (s.Id, s.Name, s.Period, s.Abstain, s.TopQuota));
        Assert.Equal(["D1", "D2", "D3", "D4"], s.Units);
        Assert.Equal([new SurveyOption("a", "满意", 100, true), new SurveyOption("b", "基本满意", 80, true), new SurveyOption("c", "不满意", 0, false)], s.Options);
        Assert.Equal(
        [
            new SurveyGroup("leaders", "区领导", 40, false, 5, false),
            new SurveyGroup("units", "部门互评", 30, true, 5, true),
            new SurveyGroup("public", "服务对象", 30, true, 5, false),
        ], s.Groups);
        var ballot = Assert.Single(file.Ballots);
        Assert.Equal(("units", "D1"), (ballot.Group, ballot.Rater));
        Assert.Equal([new("D2", "a"), new("D3", "b")], ballot.Ratings);
    }

    [Fact]
    public void Ids_with_surrounding_spaces_name_the_same_unit_option_group_and_rater_in_the_survey_and_the_ballots()
    {
        // The survey's ids are read without surrounding spaces; a ballot written alike (" D1", " a", " u") is read alike.
        var file = SurveyReader.ReadFile(FileOf("""
            { "id": "s", "units": [" D1", "D2 "], "options": [ { "id": " a", "points": 100 } ],
              "groups": [ { "id": " u", "weight": 1, "excludeSelf": true } ] }
            """, """[ { "group": " u", "rater": " D1", "ratings": { " D1": " a", "D2 ": " a " } } ]"""));

        var ballot = Assert.Single(file.Ballots);
        Assert.Equal(("u", "D1"), (ballot.Group, ballot.Rater));
        Assert.Equal([new("D1", "a"), new("D2", "a")], ballot.Ratings);
        Assert.Equal(BallotValidity.Valid, CodedBallot.From(file.Survey, ballot).Validity(file.Survey));
    }

    [Fact]
    public void A_survey_leaving_out_every_optional_field_takes_the_defaults()
    {
        var file = SurveyReader.ReadFile(FileOf(Minimal, "[]"));

        var s = file.Survey;
        // name = id; no period; abstain false; no quota.
        Assert.Equal(("s", "s", null, false, null), (s.Id, s.Name, s.Period, s.Abstain, s.TopQuota));
        // An option's name = its id, satisfied false.
        Assert.Equal([new SurveyOption("a", "a", 100, false)], s.Options);
        // A group's name = its id, trim false, trimMin 5, excludeSelf false.
        Assert.Equal([new SurveyGroup("g", "g", 1, false, 5, false)], s.Groups);
        Assert.Empty(file.Ballots);
        Assert.Null(s.TopLimit(2));
    }

    [Fact]
    public void The_indicator_fed_is_named_in_the_scheme_not_in_the_survey()
    {
        // A closed survey feeds the base indicator whose source is surveys/{id} (ADR 0043): "indicator" is not a field of §1.
        var survey = Minimal.Replace("\"id\": \"s\",", "\"id\": \"s\", \"indicator\": \"satisfaction\",");

        Assert.Equal(["$.survey.indicator: unknown field"], Problems(FileOf(survey, "[]")));
    }

    [Fact]
    public void Every_problem_of_the_survey_and_of_the_ballots_is_reported_at_once_with_its_path()
    {
        var json = FileOf("""
            { "id": "s", "units": ["D1", "D2", "D3"],
              "options": [ { "id": "a", "points": 100, "satisfied": true }, { "id": "b", "points": 120 } ],
              "groups": [ { "id": "leaders", "weight": 0 }, { "id": "units", "weight": 30, "excludeSelf": true } ] }
            """, """
            [ { "group": "units", "ratings": { "D1": "a" } },
              { "group": "leaders", "ratings": { "D1": "a", "D2": 3 } },
              { "group": "public", "ratings": {} } ]
            """);

        Assert.Equal(
        [
            "$.survey.options[1].points: must be between 0 and 100",
            "$.survey.groups[0].weight: must be a positive number",
            "$.ballots[0].rater: is required: group \"units\" excludes self-rating, so a ballot names its rater's unit",
            "$.ballots[1].ratings.D2: must be an option id such as \"a\" (or null for no rating)",
            "$.ballots[2].group: unknown group \"public\" (the survey's: leaders, units)",
        ], Problems(json));
        Assert.Equal(
        [
            "$.survey.options[1].points: 应在 0 到 100 之间",
            "$.survey.groups[0].weight: 应为正数",
            "$.ballots[0].rater: 必填：群体“units”不评本单位，选票须写明评价人所在单位",
            "$.ballots[1].ratings.D2: 应为选项编号，如 \"a\"（弃权写 null 或不写）",
            "$.ballots[2].group: 没有评价群体“public”（本测评的群体：leaders、units）",
        ], Problems(json, Language.Chinese));
    }

    [Fact]
    public void The_ballots_problems_are_the_same_whether_or_not_the_survey_has_its_own()
    {
        const string ballots = """
            [ { "group": "units", "ratings": { "D1": "a" } },
              { "group": "leaders", "rater": "D1", "ratings": { "D1": "a" } },
              { "group": "other", "ratings": [] } ]
            """;
        string[] expected =
        [
            "$.ballots[0].rater: is required: group \"units\" excludes self-rating, so a ballot names its rater's unit",
            "$.ballots[1].rater: must be absent: group \"leaders\" does not exclude self-rating, and a ballot stays anonymous",
            "$.ballots[2].group: unknown group \"other\" (the survey's: leaders, units, public)",
            "$.ballots[2].ratings: must be an object of units and options: {\"D1\": \"a\"}",
        ];

        Assert.Equal(expected, Problems(FileOf(SpecSurvey, ballots)));
        Assert.Equal(["$.survey.units: must not be empty", .. expected],
            Problems(FileOf(SpecSurvey.Replace("\"units\": [\"D1\", \"D2\", \"D3\", \"D4\"]", "\"units\": []"), ballots)));
    }

    [Fact]
    public void Without_readable_groups_a_ballot_s_group_and_rater_are_not_checked_but_its_ratings_are()
    {
        var json = FileOf("""{ "id": "s", "units": ["D1"], "options": [ { "id": "a", "points": 100 } ], "groups": {} }""",
            """[ { "group": "anything", "rater": "D1", "ratings": { "D1": 1 } } ]""");

        Assert.Equal(["$.survey.groups: must be a list", "$.ballots[0].ratings.D1: must be an option id such as \"a\" (or null for no rating)"], Problems(json));
    }

    [Fact]
    public void Duplicate_ids_and_repeated_fields_are_refused_naming_the_first()
    {
        var json = FileOf("""
            { "id": "s", "units": ["D1", "D2", "D1"],
              "options": [ { "id": "a", "points": 100 }, { "id": "a", "points": 80 } ],
              "groups": [ { "id": "g", "weight": 1 }, { "id": "g", "weight": 2, "weight": 3 } ] }
            """, """[ { "group": "g", "ratings": { "D1": "a", "D1": "a" } } ]""");

        Assert.Equal(
        [
            "$.survey.units[2]: unit \"D1\" is listed twice (first at $.survey.units[0])",
            "$.survey.options[1].id: duplicate option id \"a\" (first at $.survey.options[0].id)",
            "$.survey.groups[1].weight: appears more than once",
            "$.survey.groups[1].id: duplicate group id \"g\" (first at $.survey.groups[0].id)",
            "$.ballots[0].ratings.D1: appears more than once",
        ], Problems(json));
    }

    [Fact]
    public void Unknown_fields_are_refused_at_every_level()
    {
        var json = FileOf("""
            { "id": "s", "scale": 100, "units": ["D1"],
              "options": [ { "id": "a", "points": 100, "color": "green" } ],
              "groups": [ { "id": "g", "weight": 1, "kind": "public" } ] }
            """, """[ { "group": "g", "time": "2026-10-01", "ratings": { "D1": "a" } } ]""").Replace("{ \"survey\"", "{ \"meta\": 1, \"survey\"");

        Assert.Equal(
        [
            "$.meta: unknown field",
            "$.survey.scale: unknown field",
            "$.survey.options[0].color: unknown field",
            "$.survey.groups[0].kind: unknown field",
            "$.ballots[0].time: unknown field",
        ], Problems(json));
    }

    [Fact]
    public void Empty_units_options_and_groups_are_refused_but_no_ballot_is_fine()
    {
        var empty = FileOf("""{ "id": "s", "units": [], "options": [], "groups": [] }""", "[]");

        Assert.Equal(["$.survey.units: must not be empty", "$.survey.options: must not be empty", "$.survey.groups: must not be empty"], Problems(empty));
        var result = SurveyTally.Tally(SurveyReader.ReadFile(FileOf(Minimal, "[]")).Survey, Array.Empty<Ballot>());
        Assert.Equal((0, 0, 0), (result.Cast, result.Valid, result.Invalid));
    }

    [Fact]
    public void The_survey_and_the_ballots_are_required()
    {
        Assert.Equal(["$.survey: is required", "$.ballots: is required (an empty list when none was cast)"], Problems("{}"));
        Assert.Equal(["$.ballots: must be a list"], Problems(FileOf(Minimal, "{}")));
        Assert.Equal(["$: must be an object"], Problems("[]"));
        Assert.Equal(
        [
            "$.survey.id: is required",
            "$.survey.units: is required",
            "$.survey.options: is required",
            "$.survey.groups: is required",
        ], Problems(FileOf("{}", "[]")));
    }

    [Theory]
    [InlineData("-0.1")]
    [InlineData("1.5")]
    public void A_top_quota_outside_zero_to_one_is_refused(string quota)
    {
        var survey = Minimal.Replace("\"id\": \"s\",", $"\"id\": \"s\", \"topQuota\": {quota},");

        Assert.Equal(["$.survey.topQuota: must be a fraction between 0 and 1, e.g. 0.3"], Problems(FileOf(survey, "[]")));
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("1", 1)]
    [InlineData("0.3", 0.3)]
    public void A_top_quota_from_zero_to_one_is_read(string quota, double expected)
    {
        var survey = Minimal.Replace("\"id\": \"s\",", $"\"id\": \"s\", \"topQuota\": {quota},");

        Assert.Equal((decimal)expected, SurveyReader.ReadFile(FileOf(survey, "[]")).Survey.TopQuota);
    }

    [Fact]
    public void Weights_must_be_positive_numbers_and_points_between_0_and_100()
    {
        var json = FileOf("""
            { "id": "s", "units": ["D1"],
              "options": [ { "id": "a", "points": 100.5 }, { "id": "b", "points": -1 }, { "id": "c", "points": "80" }, { "id": "d" } ],
              "groups": [ { "id": "g1", "weight": 0 }, { "id": "g2", "weight": -30 }, { "id": "g3", "weight": "40" }, { "id": "g4" } ] }
            """, "[]");

        Assert.Equal(
        [
            "$.survey.options[0].points: must be between 0 and 100",
            "$.survey.options[1].points: must be between 0 and 100",
            "$.survey.options[2].points: must be a number",
            "$.survey.options[3].points: is required",
            "$.survey.groups[0].weight: must be a positive number",
            "$.survey.groups[1].weight: must be a positive number",
            "$.survey.groups[2].weight: must be a number",
            "$.survey.groups[3].weight: is required",
        ], Problems(json));
        // Points 0 and 100 are the bounds, and a weight may be a fraction.
        var bounds = SurveyReader.ReadFile(FileOf("""
            { "id": "s", "units": ["D1"], "options": [ { "id": "a", "points": 100 }, { "id": "c", "points": 0 } ], "groups": [ { "id": "g", "weight": 0.25 } ] }
            """, "[]")).Survey;
        Assert.Equal([100m, 0m], bounds.Options.Select(o => o.Points));
        Assert.Equal(0.25m, bounds.Groups[0].Weight);
    }

    [Fact]
    public void Trim_min_must_be_a_whole_number_of_at_least_3()
    {
        var json = FileOf("""
            { "id": "s", "units": ["D1"], "options": [ { "id": "a", "points": 100 } ],
              "groups": [ { "id": "g1", "weight": 1, "trim": true, "trimMin": 2 }, { "id": "g2", "weight": 1, "trim": true, "trimMin": 4.5 },
                          { "id": "g3", "weight": 1, "trim": "yes" }, { "id": "g4", "weight": 1, "excludeSelf": 1 } ] }
            """, "[]");

        Assert.Equal(
        [
            "$.survey.groups[0].trimMin: must be at least 3",
            "$.survey.groups[1].trimMin: must be a whole number",
            "$.survey.groups[2].trim: must be true or false",
            "$.survey.groups[3].excludeSelf: must be true or false",
        ], Problems(json));
        var three = Minimal.Replace("\"weight\": 1", "\"weight\": 1, \"trim\": true, \"trimMin\": 3");
        Assert.Equal(3, SurveyReader.ReadFile(FileOf(three, "[]")).Survey.Groups[0].TrimMin);
    }

    [Fact]
    public void Ids_names_booleans_and_the_period_are_checked()
    {
        var json = FileOf($$"""
            { "id": " ", "name": "", "period": "2026Q3", "units": ["D1", 2, "{{new string('x', 65)}}"], "abstain": "no",
              "options": [ { "id": "a", "points": 100, "satisfied": 1 } ], "groups": [ { "id": "g", "weight": 1 } ] }
            """, "[]");

        Assert.Equal(
        [
            "$.survey.id: must not be empty",
            "$.survey.name: must not be empty",
            "$.survey.period: \"2026Q3\" is not a period such as 2026-10, 2026-Q3, 2026-H1 or 2026",
            "$.survey.units[1]: must be a string",
            "$.survey.units[2]: at most 64 characters",
            "$.survey.options[0].satisfied: must be true or false",
            "$.survey.abstain: must be true or false",
        ], Problems(json));
    }

    [Fact]
    public void A_rater_is_required_where_self_rating_is_excluded_and_absent_elsewhere()
    {
        var json = FileOf(SpecSurvey, $$"""
            [ { "group": "units", "rater": "D1", "ratings": { "D2": "a" } },
              { "group": "units", "ratings": { "D2": "a" } },
              { "group": "public", "rater": "D1", "ratings": { "D2": "a" } },
              { "group": "units", "rater": "{{new string('x', 65)}}", "ratings": { "D2": "a" } },
              { "group": "units", "rater": 1, "ratings": { "D2": "a" } } ]
            """);

        Assert.Equal(
        [
            "$.ballots[1].rater: is required: group \"units\" excludes self-rating, so a ballot names its rater's unit",
            "$.ballots[2].rater: must be absent: group \"public\" does not exclude self-rating, and a ballot stays anonymous",
            "$.ballots[3].rater: at most 64 characters",
            "$.ballots[4].rater: must be a string",
            "$.ballots[4].rater: is required: group \"units\" excludes self-rating, so a ballot names its rater's unit",
        ], Problems(json));
    }

    [Fact]
    public void A_rater_that_is_not_a_unit_of_the_survey_is_read()
    {
        var file = SurveyReader.ReadFile(FileOf(SpecSurvey, """[ { "group": "units", "rater": "X9", "ratings": { "D2": "a" } } ]"""));

        Assert.Equal("X9", file.Ballots[0].Rater);
    }

    [Fact]
    public void A_rating_must_be_an_option_id_or_null_and_null_is_no_rating()
    {
        var bad = FileOf(SpecSurvey, """
            [ { "group": "leaders", "ratings": { "D1": 1, "D2": true, "D3": { "id": "a" }, "D4": ["a"] } },
              { "group": "leaders" },
              { "group": "leaders", "ratings": "D1=a" } ]
            """);

        Assert.Equal(
        [
            "$.ballots[0].ratings.D1: must be an option id such as \"a\" (or null for no rating)",
            "$.ballots[0].ratings.D2: must be an option id such as \"a\" (or null for no rating)",
            "$.ballots[0].ratings.D3: must be an option id such as \"a\" (or null for no rating)",
            "$.ballots[0].ratings.D4: must be an option id such as \"a\" (or null for no rating)",
            "$.ballots[1].ratings: is required: {\"unit\": \"option\", …}",
            "$.ballots[2].ratings: must be an object of units and options: {\"D1\": \"a\"}",
        ], Problems(bad));

        var file = SurveyReader.ReadFile(FileOf(SpecSurvey, """[ { "group": "leaders", "ratings": { "D1": "a", "D2": null, "D3": "c" } } ]"""));
        Assert.Equal([new("D1", "a"), new("D3", "c")], file.Ballots[0].Ratings);
    }

    [Fact]
    public void An_unknown_option_or_unit_is_read_and_left_to_the_tally_as_an_invalid_ballot()
    {
        var file = SurveyReader.ReadFile(FileOf(SpecSurvey, """
            [ { "group": "leaders", "ratings": { "D1": "z" } },
              { "group": "leaders", "ratings": { "D9": "a" } },
              { "group": "leaders", "ratings": { "D1": null } },
              { "group": "leaders", "ratings": { "D1": "b" } } ]
            """));

        var result = SurveyTally.Tally(file.Survey, file.Ballots);
        Assert.Equal((4, 1, 3), (result.Cast, result.Valid, result.Invalid));
        Assert.Equal(80m, result.Units[0].Groups[0].Mean);
    }

    [Fact]
    public void A_byte_order_mark_is_skipped()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(FileOf(Minimal, "[]"))).ToArray();

        Assert.Equal("s", SurveyReader.ReadFile(bytes).Survey.Id);
    }

    [Fact]
    public void An_empty_file_a_file_that_is_not_json_and_an_unpaired_surrogate_get_one_clear_line()
    {
        Assert.Equal(["$: the file is empty"], Problems(""));
        Assert.Equal(["$: the file is empty"], Problems(" \n\t"));
        Assert.Equal(["$: 文件为空"], Problems("", Language.Chinese));
        var notJson = Problems("{ \"survey\": ");
        Assert.Single(notJson);
        Assert.StartsWith("$: not valid JSON (line 1, byte ", notJson[0]);
        var surrogate = Problems(FileOf(Minimal.Replace("\"id\": \"s\"", "\"id\": \"s\", \"name\": \"\\ud800\""), "[]"));
        Assert.Equal(["$.survey.name: a string is not valid text: invalid UTF-8 bytes or an unpaired surrogate (\\ud800–\\udfff) (line 1, byte 34)"], surrogate);
    }

    [Fact]
    public void The_file_written_back_reads_to_the_same_survey_and_tally()
    {
        var file = SurveyReader.ReadFile(FileOf(SpecSurvey, """
            [ { "group": "leaders", "ratings": { "D1": "a", "D2": "b", "D3": "b", "D4": "c" } },
              { "group": "leaders", "ratings": { "D1": "a", "D2": "a", "D3": "a" } },
              { "group": "units", "rater": "D1", "ratings": { "D1": "a", "D2": "b", "D3": "a" } },
              { "group": "units", "rater": "D2", "ratings": { "D1": "a", "D3": null, "D4": "z" } },
              { "group": "public", "ratings": { "D1": "a", "D9": "b" } },
              { "group": "public", "ratings": { "D1": "a", "D2": "b" } },
              { "group": "public", "ratings": { "D1": "b" } },
              { "group": "public", "ratings": { "D1": "c" } },
              { "group": "public", "ratings": { "D1": "b", "D4": "a" } },
              { "group": "public", "ratings": { "D1": "a" } } ]
            """));
        var written = SurveyFileJson.ToJson(file.Survey, file.Ballots);

        var again = SurveyReader.ReadFile(written);

        Assert.Equal(written, SurveyFileJson.ToJson(again.Survey, again.Ballots));
        var before = SurveyResultJson.ToJson(SurveyTally.Tally(file.Survey, file.Ballots));
        Assert.Equal(before, SurveyResultJson.ToJson(SurveyTally.Tally(again.Survey, again.Ballots)));
        // Every field is written, defaults included: the leaders' trim false and trimMin 5, which the spec's survey leaves out.
        Assert.Contains("\"id\": \"leaders\",\n        \"name\": \"区领导\",\n        \"weight\": 40,\n        \"trim\": false,\n        \"trimMin\": 5,\n        \"excludeSelf\": false", written.ReplaceLineEndings("\n"));
        // The tally itself: cast 10; the second leaders' ballot is over the quota (3 > 2), the D4 "z" and D9 ones invalid.
        var result = SurveyTally.Tally(again.Survey, again.Ballots);
        Assert.Equal((10, 7, 3), (result.Cast, result.Valid, result.Invalid));
        // D1: leaders 100 (the over-quota ballot left out); units none (its own a ignored, D2's ballot invalid);
        // public a, b, c, b, a (5 = trimMin) less a 100 and the 0 → (80 + 80 + 100) / 3 = 86.666… → 86.67.
        Assert.Equal([100m, null, 86.67m], result.Units[0].Groups.Select(g => g.Mean));
    }
}
