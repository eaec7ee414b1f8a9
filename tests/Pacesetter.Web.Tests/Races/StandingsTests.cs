using System.Buffers;
using System.Text.Json;
using Pacesetter.App.Publication;
using Pacesetter.Scoring.Engine;
using Pacesetter.Scoring.Output;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.Web.Tests.Races;

/// <summary>
/// <see cref="Standings.Parse"/>, the streaming reader a publication uses for what changed, flags carried and rank
/// change, reads the same standings as the full <see cref="RaceReader.ParseResults"/> and skips only the cells.
/// </summary>
public class StandingsTests
{
    private static byte[] Results(int revision, Func<string, (int? Rank, decimal? Composite)?> previous, (decimal Revenue, decimal Duty)? b = null)
    {
        var scheme = SchemeReader.Read(PublicationApiTests.Town("2026-10", b: b).ToJsonString()).Require();
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, JsonFormats.IndentedWriter)) ResultJson.Write(w, Scorer.Score(scheme), new PublishedExtras(revision, previous));
        return buffer.WrittenSpan.ToArray();
    }

    [Fact]
    public void Standings_of_the_towns_are_their_published_figures_without_cells()
    {
        // Town (PublicationApiTests): A 60 + 36 = 96, B 54 + 38 = 92, C 48 + 30 = 78; 优秀 has quota 1 (A), B 良好, C 一般;
        // A 标兵 and the flag holder, C 黄牌 (last).
        var race = Standings.Parse(Results(2, u => u == "B" ? (1, 95m) : null));
        Assert.Equal(("城区 2026-10 考核", "2026-10", 2), (race.Name, race.Period, race.Revision));
        var towns = Assert.Single(race.Categories);
        Assert.Equal("towns", towns.Id);
        Assert.Equal(new RaceFlag("A", null, true), towns.Flag);
        Assert.Equal(
            [("A", 1, 96m, 96m, 0m, 0m, "优秀", "pacesetter"), ("B", 2, 92m, 92m, 0m, 0m, "良好", null), ("C", 3, 78m, 78m, 0m, 0m, "一般", "yellow")],
            towns.Rows.Select(r => (r.Unit, r.Rank, r.Composite, r.Base, r.Bonus, r.Penalty, r.Grade, r.Label)).ToList());
        Assert.All(towns.Rows, r => Assert.Empty(r.Indicators));
    }

    [Fact]
    public void Standings_equal_the_full_reading_but_for_cells_exemptions_and_change()
    {
        var results = Results(1, _ => null);
        var full = RaceReader.ParseResults(results);
        var standings = Standings.Parse(results);
        Assert.Equal((full.Name, full.Period, full.Revision), (standings.Name, standings.Period, standings.Revision));
        Assert.Equal(full.Categories.Select(c => (c.Id, c.Flag)), standings.Categories.Select(c => (c.Id, c.Flag)));
        static object Key(RaceRow r) => (r.Unit, r.Rank, r.Composite, r.Base, r.Bonus, r.Penalty, r.Grade, r.Label, r.Vetoed, r.BlockTop);
        Assert.Equal(full.Categories.SelectMany(c => c.Rows).Select(Key), standings.Categories.SelectMany(c => c.Rows).Select(Key));
        // What a republication compares, from either reading: B's duty 38 → 36.4 takes its composite from 92 to
        // 54 + 36.4 = 90.40, still rank 2 and 良好 (the quota of 优秀 is A's).
        var corrected = Results(2, _ => null, b: (90m, 36.4m));
        var expected = new RevisionChange("towns", "B", 92m, 90.40m, 2, 2, "良好", "良好", null, null, false, false);
        Assert.Equal([expected], PublicationService.Compare(full, RaceReader.ParseResults(corrected)));
        Assert.Equal([expected], PublicationService.Compare(standings, Standings.Parse(corrected)));
        Assert.Empty(PublicationService.Compare(standings, standings));
    }
}
