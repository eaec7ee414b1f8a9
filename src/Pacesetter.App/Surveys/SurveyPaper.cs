using Pacesetter.Scoring.Surveys;

namespace Pacesetter.App.Surveys;

/// <summary>A paper ballot read from the entry form or the .xlsx template, with its row there (the form's line, the sheet's row).</summary>
public sealed record PaperBallot(int Row, Ballot Ballot);

/// <summary>The ballots of one kind of invalidity (surveys.md §2) and the rows they were read from.</summary>
public sealed record PaperInvalid(BallotValidity Why, IReadOnlyList<int> Rows);

/// <summary>
/// What entering paper ballots would count, before anything is stored: how many, how many valid, and the invalid ones
/// by why (surveys.md §2: a ballot that breaks a rule is counted invalid, as the paper was — not refused).
/// </summary>
public sealed record PaperCheck(int Ballots, int Valid, IReadOnlyList<PaperInvalid> Invalid)
{
    public int InvalidCount => Ballots - Valid;

    /// <summary>The ballots checked by the rules the tally applies (<see cref="CodedBallot.Validity"/>); the reasons in the order of <see cref="BallotValidity"/>.</summary>
    public static PaperCheck Of(Survey survey, IReadOnlyList<PaperBallot> ballots)
    {
        var invalid = new SortedDictionary<BallotValidity, List<int>>();
        int valid = 0;
        foreach (var b in ballots)
        {
            var why = CodedBallot.From(survey, b.Ballot).Validity(survey);
            if (why == BallotValidity.Valid)
            {
                valid++;
                continue;
            }
            if (!invalid.TryGetValue(why, out var rows)) invalid[why] = rows = [];
            rows.Add(b.Row);
        }
        return new PaperCheck(ballots.Count, valid, [.. invalid.Select(x => new PaperInvalid(x.Key, x.Value))]);
    }
}
