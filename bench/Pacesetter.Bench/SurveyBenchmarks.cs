using BenchmarkDotNet.Attributes;
using Pacesetter.Scoring.Surveys;

namespace Pacesetter.Bench;

/// <summary>
/// The survey tally in process (issue 12, Performance: 100,000 ballots of 200 units under 1 s): <see cref="SurveyTally"/>
/// on coded ballots as the web application reads them — 3 groups, all trimming, options a/b/c, about 10 % of the
/// ratings abstentions, one ballot in 200 with an unknown option (invalid). Fixed seed.
/// </summary>
[MemoryDiagnoser]
public class SurveyBenchmarks
{
    private Survey survey = null!;
    private List<CodedBallot> ballots = [];

    [Params(100_000)]
    public int Ballots { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        const int units = 200;
        survey = new Survey("tally", "基准测评", "2026-Q3", [.. Enumerable.Range(1, units).Select(u => $"U{u:D3}")],
            [new SurveyOption("a", "满意", 100, true), new SurveyOption("b", "基本满意", 80, true), new SurveyOption("c", "不满意", 0, false)],
            Abstain: true, TopQuota: null,
            [new SurveyGroup("leaders", "leaders", 40, true, SurveyGroup.DefaultTrimMin, false),
             new SurveyGroup("units", "units", 30, true, SurveyGroup.DefaultTrimMin, false),
             new SurveyGroup("public", "public", 30, true, SurveyGroup.DefaultTrimMin, false)]);
        var random = new Random(100);
        ballots = new List<CodedBallot>(Ballots);
        for (int b = 0; b < Ballots; b++)
        {
            var codes = new byte[units];
            for (int u = 0; u < units; u++)
            {
                var draw = random.NextDouble();
                codes[u] = draw < 0.1 ? CodedBallot.Unrated : draw < 0.55 ? (byte)0 : draw < 0.865 ? (byte)1 : (byte)2;
            }
            if (random.Next(200) == 0) codes[random.Next(units)] = CodedBallot.Unknown;
            var group = random.NextDouble() is var g && g < 0.1 ? 0 : g < 0.4 ? 1 : 2;
            ballots.Add(new CodedBallot(group, null, -1, codes, foreignUnit: false));
        }
    }

    /// <summary>The tally of 100,000 coded ballots of 200 units (20 million codes): target well under 1 s.</summary>
    [Benchmark]
    public SurveyResult Tally() => SurveyTally.Tally(survey, ballots);
}
