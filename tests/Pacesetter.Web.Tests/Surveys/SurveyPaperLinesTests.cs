using Pacesetter.App.Surveys;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Surveys;

namespace Pacesetter.Web.Tests.Surveys;

/// <summary>The fast paper entry's lines (<see cref="SurveyPaperLines"/>): how a ballot may be written, and what is refused (by line) rather than counted invalid.</summary>
public sealed class SurveyPaperLinesTests
{
    private static Survey Of(params SurveyOption[] options) => new("s", "测评", "2026-Q3", ["T1", "T2", "T3"], options, false, 0.5m,
        [new SurveyGroup("leaders", "领导评价", 40m, false, 5, false), new SurveyGroup("units", "部门互评", 60m, false, 5, true)]);

    private static readonly Survey Letters = Of(new("a", "满意", 100m, true), new("b", "基本满意", 80m, true), new("c", "不满意", 0m, false));

    private static string Show(PaperBallot b) =>
        $"{b.Row} {b.Ballot.Group}{(b.Ballot.Rater is { } r ? "/" + r : "")} " + string.Join(" ", b.Ballot.Ratings.Select(x => $"{x.Key}={x.Value}"));

    [Fact]
    public void Ratings_are_separated_by_spaces_or_commas_of_either_width_or_written_together_and_a_hyphen_abstains()
    {
        var (ballots, problems) = SurveyPaperLines.Read(Letters, "leaders", "a b c\r\n\r\na,b,c\na，b、c\n  abc  \na - c\n－bc\na\u3000b\tc");
        Assert.Empty(problems);
        Assert.Equal(["1 leaders T1=a T2=b T3=c", "3 leaders T1=a T2=b T3=c", "4 leaders T1=a T2=b T3=c", "5 leaders T1=a T2=b T3=c", "6 leaders T1=a T3=c", "7 leaders T2=b T3=c", "8 leaders T1=a T2=b T3=c"],
            ballots.Select(Show));
    }

    /// <summary>
    /// A stored ballot reads as it was cast: a rater not on the survey (X9) in a group that excludes self-rating has its
    /// rating of X9 removed first (surveys.md §2), kept beside the codes; a rating of another unit not on the survey
    /// (X8) still makes the ballot invalid.
    /// </summary>
    [Fact]
    public void A_stored_ballot_of_a_rater_not_on_the_survey_drops_its_own_rating_and_counts_another_foreign_one()
    {
        CodedBallot Stored(Ballot ballot) =>
            SurveyCodes.Decode(Letters, ballot.Group, ballot.Rater, SurveyCodes.Encode(CodedBallot.From(Letters, ballot)), SurveyCodes.Extra(Letters, ballot));
        var own = new Ballot("units", "X9", [new("X9", "a"), new("T1", "b"), new("T2", "b"), new("T3", "c")]);
        var other = new Ballot("units", "X9", [new("X8", "a"), new("T1", "b"), new("T2", "b"), new("T3", "c")]);

        Assert.Equal((BallotValidity.Valid, BallotValidity.UnknownUnit), (Stored(own).Validity(Letters), Stored(other).Validity(Letters)));
        Assert.Equal((BallotValidity.Valid, BallotValidity.UnknownUnit), (CodedBallot.From(Letters, own).Validity(Letters), CodedBallot.From(Letters, other).Validity(Letters)));
    }

    [Fact]
    public void A_group_that_excludes_self_rating_names_the_rater_and_may_leave_its_own_unit_out()
    {
        var (ballots, problems) = SurveyPaperLines.Read(Letters, "units", "T1: b c\nT2：a a c\nT3:ab-");
        Assert.Empty(problems);
        Assert.Equal(["1 units/T1 T2=b T3=c", "2 units/T2 T1=a T2=a T3=c", "3 units/T3 T1=a T2=b"], ballots.Select(Show));
    }

    [Fact]
    public void An_unknown_option_is_kept_to_count_invalid_while_a_line_that_is_no_ballot_is_refused_by_its_number()
    {
        var (ballots, problems) = SurveyPaperLines.Read(Letters, "leaders", "a x c\nab\nT1: a b c");
        Assert.Equal(["1 leaders T1=a T2=x T3=c"], ballots.Select(Show));
        Assert.Equal(["line 2: 3 ratings are expected in the units' order, '-' for none; the line has 2", "line 3: group \"领导评价\" names no rater's unit: leave out \"T1:\""],
            problems.Select(p => p.Message(Language.English)));
        Assert.Equal(BallotValidity.UnknownOption, CodedBallot.From(Letters, ballots[0].Ballot).Validity(Letters));

        var (_, self) = SurveyPaperLines.Read(Letters, "units", "a b c\nX9: a b\nT1: a");
        Assert.Equal(["第 1 行：应以评价人所在单位的编号加冒号开头，如 T1: …", "第 2 行：评价人单位“X9”不是本测评的单位", "第 3 行：应按单位顺序录入 2 项（不含本单位）或 3 项评价，“-”为弃权；本行有 1 项"],
            self.Select(p => p.Chinese));
        Assert.Equal(["请选择评价群体", "请每行录入一张选票"], SurveyPaperLines.Read(Letters, null, " \n ").Problems.Select(p => p.Chinese));
        Assert.Equal(["本测评没有评价群体“public”"], SurveyPaperLines.Read(Letters, "public", "abc").Problems.Select(p => p.Chinese));
    }

    [Fact]
    public void Option_ids_of_more_than_one_character_are_never_split()
    {
        var words = Of(new("A1", "优秀", 100m, true), new("B", "称职", 80m, true), new("C", "不称职", 0m, false));
        var (ballots, problems) = SurveyPaperLines.Read(words, "leaders", "A1 B C\nA1BC");
        Assert.Equal(["1 leaders T1=A1 T2=B T3=C"], ballots.Select(Show));
        Assert.Equal(["第 2 行：应按单位顺序录入 3 项评价，“-”为弃权；本行有 1 项"], problems.Select(p => p.Chinese));
    }
}
