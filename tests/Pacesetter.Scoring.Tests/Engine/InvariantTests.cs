using System.Globalization;
using System.Text;
using Pacesetter.Scoring.Engine;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.Scoring.Tests.Engine;

/// <summary>Properties that hold for any scheme, checked over 200 seeded random schemes mixing every method.</summary>
public class InvariantTests
{
    public static TheoryData<int> Seeds()
    {
        var seeds = new TheoryData<int>();
        for (int seed = 1; seed <= 200; seed++) seeds.Add(seed);
        return seeds;
    }

    private static SchemeResult Score(string json)
    {
        var read = SchemeReader.Read(json);
        Assert.True(read.IsValid, "generated scheme should be valid: " + string.Join("; ", read.Problems));
        return Scorer.Score(read.Require());
    }

    /// <summary>Every published figure of every unit, with indicators keyed by id, and each category's flag.</summary>
    private static SortedDictionary<string, string> Published(SchemeResult result, bool measures = true)
    {
        var all = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in result.Categories)
        {
            all["flag " + c.Category.Id] = $"{c.Flag.Holder}|{c.Flag.Previous}|{c.Flag.Moved}|{string.Join(",", c.Flag.Candidates)}";
            foreach (var r in c.Results)
            {
                var s = new StringBuilder();
                s.Append(CultureInfo.InvariantCulture, $"rank {r.Rank} composite {r.Composite} base {r.Base} bonus {r.Bonus} penalty {r.Penalty} ");
                s.Append(CultureInfo.InvariantCulture, $"grade {r.Grade} label {r.Label} vetoed {r.Vetoed} blockTop {r.BlockTop} factor {r.BaseFactor}");
                var cells = c.Category.Indicators.Select((ind, j) => (ind.Id, Cell: r.Cells[j])).OrderBy(x => x.Id, StringComparer.Ordinal);
                foreach (var (id, cell) in cells)
                {
                    s.Append(CultureInfo.InvariantCulture, $" | {id}: {cell.Score?.ToString(CultureInfo.InvariantCulture) ?? "null"} {cell.Source}");
                    if (measures) s.Append(CultureInfo.InvariantCulture, $" {cell.Measure} {cell.TextMeasure}");
                }
                foreach (var e in r.Exemptions.OrderBy(e => e.Ref, StringComparer.Ordinal)) s.Append(CultureInfo.InvariantCulture, $" | exempt {e.Ref} {e.Restored}");
                all[r.Unit] = s.ToString();
            }
        }
        return all;
    }

    /// <summary>Fails with every unit whose published figures differ, each in full.</summary>
    private static void AssertSame(SortedDictionary<string, string> expected, SortedDictionary<string, string> actual)
    {
        var differences = expected.Keys.Union(actual.Keys)
            .Where(k => expected.GetValueOrDefault(k) != actual.GetValueOrDefault(k))
            .Select(k => $"{k}:\n  expected {expected.GetValueOrDefault(k)}\n  actual   {actual.GetValueOrDefault(k)}")
            .ToList();
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Listing_order_of_units_and_indicators_changes_no_published_figure(int seed)
    {
        var scheme = RandomScheme.Generate(seed);
        var expected = Published(Score(scheme.Json()));

        for (int round = 0; round < 3; round++)
        {
            var shuffled = Published(Score(scheme.Json(new Random(seed * 31 + round))));
            AssertSame(expected, shuffled);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Scaling_leader_ratio_and_efficacy_values_by_ten_changes_no_score(int seed)
    {
        var original = Published(Score(RandomScheme.Generate(seed).Json()), measures: false);
        var scaled = RandomScheme.Generate(seed);
        scaled.ScaleRatioAndEfficacyValues(10);

        AssertSame(original, Published(Score(scaled.Json()), measures: false));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Completion_score_does_not_depend_on_other_units_data(int seed)
    {
        var scheme = RandomScheme.Generate(seed);
        var before = Score(scheme.Json());
        var rng = new Random(seed);
        var checkedUnits = new List<(string Unit, string Indicator, decimal? Score)>();
        foreach (var cat in scheme.Categories)
        {
            foreach (var ind in cat.Indicators.Where(i => i.Method == "completion"))
            {
                var keep = cat.Units.Where(ind.Data.ContainsKey).OrderBy(_ => rng.Next()).FirstOrDefault();
                if (keep is null) continue;
                checkedUnits.Add((keep, ind.Id, before.Score(keep, ind.Id)));
                scheme.ReplaceOthers(ind, keep, rng);
            }
        }
        var after = Score(scheme.Json());

        foreach (var (unit, indicator, score) in checkedUnits) Assert.Equal(score, after.Score(unit, indicator));
    }

    [Fact]
    public void Random_schemes_use_every_method_and_missing_policy()
    {
        var methods = new HashSet<string>(StringComparer.Ordinal);
        var json = new StringBuilder();
        for (int seed = 1; seed <= 200; seed++)
        {
            var scheme = RandomScheme.Generate(seed);
            foreach (var ind in scheme.Categories.SelectMany(c => c.Indicators)) methods.Add(ind.Method);
            json.Append(scheme.Json());
        }
        var text = json.ToString();

        string[] expected = [.. RandomScheme.BaseMethods, "events", "levels", "points"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), methods.Order(StringComparer.Ordinal));
        foreach (var part in new[] { "\"missing\":\"average\"", "\"missing\":\"exclude\"", "\"measure\":\"growth\"", "\"type\":\"veto\"", "\"type\":\"blockTop\"", "\"type\":\"exemption\"", "quotaShare", "zeroAt" })
        {
            Assert.Contains(part, text, StringComparison.Ordinal);
        }
    }
}
