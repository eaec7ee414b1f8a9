namespace Pacesetter.Scoring.Surveys;

/// <summary>
/// 计票 the tally of surveys.md §3, exact in decimal. Ratings are counted per unit, group and option (a histogram),
/// so that trimming drops one rating of the option with the most points and one of the fewest, and means are sums
/// of points × counts: 100,000 ballots of 200 units are 20 million codes read once.
/// </summary>
public static class SurveyTally
{
    public static SurveyResult Tally(Survey survey, IEnumerable<Ballot> ballots) =>
        Tally(survey, ballots.Select(b => CodedBallot.From(survey, b)));

    public static SurveyResult Tally(Survey survey, IEnumerable<CodedBallot> ballots)
    {
        int units = survey.Units.Count, groups = survey.Groups.Count, options = survey.Options.Count;
        // counts[(unit × groups + group) × options + option]
        var counts = new long[units * groups * options];
        int cast = 0, valid = 0;
        foreach (var ballot in ballots)
        {
            cast++;
            if (ballot.Validity(survey) != BallotValidity.Valid) continue;
            valid++;
            int self = ballot.SelfIndex(survey);
            var codes = ballot.Codes;
            int g = ballot.Group;
            for (int u = 0; u < units; u++)
            {
                byte c = codes[u];
                if (c >= options || u == self) continue;
                counts[(u * groups + g) * options + c]++;
            }
        }

        var unitResults = new List<UnitTally>(units);
        var histogram = new long[options];
        for (int u = 0; u < units; u++)
        {
            var means = new GroupMean[groups];
            long satisfied = 0, all = 0;
            decimal weighted = 0m, weights = 0m;
            for (int g = 0; g < groups; g++)
            {
                Array.Copy(counts, (u * groups + g) * options, histogram, 0, options);
                long n = 0;
                for (int o = 0; o < options; o++)
                {
                    n += histogram[o];
                    if (survey.Options[o].Satisfied) satisfied += histogram[o];
                }
                all += n;
                var group = survey.Groups[g];
                if (group.Trim && n >= group.TrimMin)
                {
                    Drop(histogram, survey, highest: true);
                    Drop(histogram, survey, highest: false);
                    n -= 2;
                }
                if (n == 0)
                {
                    means[g] = new GroupMean(null, 0);
                    continue;
                }
                decimal sum = 0m;
                for (int o = 0; o < options; o++) sum += histogram[o] * survey.Options[o].Points;
                var mean = Numbers.Round2(sum / n);
                means[g] = new GroupMean(mean, (int)n);
                weighted += group.Weight * mean;
                weights += group.Weight;
            }
            decimal? score = weights == 0m ? null : Numbers.Round2(weighted / weights);
            decimal? satisfaction = all == 0 ? null : Numbers.OneDecimal(satisfied * 100m / all);
            unitResults.Add(new UnitTally(survey.Units[u], score, satisfaction, means));
        }
        return new SurveyResult(survey, cast, valid, cast - valid, unitResults);
    }

    /// <summary>Removes one rating of the option with the most (or fewest) points that has one.</summary>
    private static void Drop(long[] histogram, Survey survey, bool highest)
    {
        int pick = -1;
        for (int o = 0; o < histogram.Length; o++)
        {
            if (histogram[o] == 0) continue;
            if (pick < 0 || (highest ? survey.Options[o].Points > survey.Options[pick].Points : survey.Options[o].Points < survey.Options[pick].Points)) pick = o;
        }
        histogram[pick]--;
    }
}
