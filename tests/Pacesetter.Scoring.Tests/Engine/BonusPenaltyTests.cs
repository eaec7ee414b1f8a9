namespace Pacesetter.Scoring.Tests.Engine;

/// <summary>scoring.md §4: 加分 levels and points, 扣分 events with perEvent, zeroAt and cap.</summary>
public class BonusPenaltyTests
{
    private const string Levels = """{"type": "levels", "levels": {"national": 5, "province": 3, "city": 1}}""";

    [Fact]
    public void Levels_count_one_item_once_at_its_highest_level()
    {
        // A: 营商环境 province 3 (city ignored) + 科技 city 1 = 4; B: city then national for the same item → 5
        var result = new SchemeBuilder("A", "B", "C")
            .Base("x", 10, """{"type": "manual"}""")
            .Bonus("h", 6, Levels)
            .Datum("A", "h", """[{"item": "营商环境", "level": "province"}, {"item": "营商环境", "level": "city"}, {"item": "科技", "level": "city"}]""")
            .Datum("B", "h", """[{"item": "营商环境", "level": "city"}, {"item": "营商环境", "level": "national"}]""")
            .Datum("C", "h", "[]")
            .Score();

        Assert.Equal([4m, 5m, 0m], result.Scores("h", "A", "B", "C"));
        Assert.Equal(4m, result.Unit("A").Bonus);
    }

    [Fact]
    public void Levels_bonus_is_capped_at_the_weight()
    {
        // 5 + 3 + 1 = 9 → cap 6
        var result = new SchemeBuilder("A")
            .Bonus("h", 6, Levels)
            .Datum("A", "h", """[{"item": "a", "level": "national"}, {"item": "b", "level": "province"}, {"item": "c", "level": "city"}]""")
            .Score();

        Assert.Equal(6m, result.Score("A", "h"));
        Assert.Equal(6m, result.Unit("A").Bonus);
    }

    [Fact]
    public void Points_bonus_is_the_datum_up_to_the_cap()
    {
        var result = new SchemeBuilder("A", "B", "C")
            .Bonus("b", 3, """{"type": "points"}""")
            .Values("b", 2.5m, 4m, null)
            .Score();

        Assert.Equal([2.5m, 3m, 0m], result.Scores("b", "A", "B", "C"));
    }

    [Fact]
    public void Penalty_count_times_a_number_per_event_up_to_the_cap()
    {
        // 3 × 0.5 = 1.5; 5 × 0.5 = 2.5 → cap 2
        var result = new SchemeBuilder("A", "B")
            .Base("x", 10, """{"type": "manual"}""")
            .Penalty("p", 2, """{"type": "events", "perEvent": 0.5}""")
            .Values("x", 10m, 10m)
            .Values("p", 3m, 5m)
            .Score();

        Assert.Equal([1.5m, 2m], result.Scores("p", "A", "B"));
        Assert.Equal(8m, result.Unit("B").Composite);
    }

    [Fact]
    public void Penalty_counts_by_type_use_the_points_of_each_type()
    {
        // 2 × 0.5 + 2 × 1 = 3; 1 × 0.5 = 0.5; 4 × 1 + 1 × 0.5 = 4.5 → cap 4
        var result = new SchemeBuilder("A", "B", "C")
            .Penalty("p", 4, """{"type": "events", "perEvent": {"yellow": 0.5, "red": 1}}""")
            .Datum("A", "p", """{"yellow": 2, "red": 2}""")
            .Datum("B", "p", """{"yellow": 1}""")
            .Datum("C", "p", """{"red": 4, "yellow": 1}""")
            .Score();

        Assert.Equal([3m, 0.5m, 4m], result.Scores("p", "A", "B", "C"));
    }

    [Fact]
    public void Penalty_counts_by_type_with_one_number_per_event_cost_that_number_each()
    {
        // §4: the datum may be "an object from type to count" whatever perEvent is. perEvent 0.5, cap 2:
        // A 2 + 1 = 3 events × 0.5 = 1.5; B 3 + 2 = 5 × 0.5 = 2.5 → cap 2; C 0 events → 0.
        var result = new SchemeBuilder("A", "B", "C")
            .Penalty("p", 2, """{"type": "events", "perEvent": 0.5}""")
            .Datum("A", "p", """{"fire": 2, "traffic": 1}""")
            .Datum("B", "p", """{"火灾": 3, "交通": 2}""")
            .Datum("C", "p", """{"fire": 0}""")
            .Score();

        Assert.Equal([1.5m, 2m, 0m], result.Scores("p", "A", "B", "C"));
    }

    [Fact]
    public void Penalty_zeroAt_counts_the_events_of_every_type_with_one_number_per_event()
    {
        // zeroAt 3, perEvent 1, cap 5: A 2 fires + 1 accident = 3 events → the whole cap 5; B 2 fires → 2.
        var result = new SchemeBuilder("A", "B")
            .Penalty("p", 5, """{"type": "events", "perEvent": 1, "zeroAt": 3}""")
            .Datum("A", "p", """{"fire": 2, "traffic": 1}""")
            .Datum("B", "p", """{"fire": 2}""")
            .Score();

        Assert.Equal([5m, 2m], result.Scores("p", "A", "B"));
    }

    [Fact]
    public void Penalty_event_list_adds_the_points_of_each_event()
    {
        var byType = new SchemeBuilder("A")
            .Penalty("p", 4, """{"type": "events", "perEvent": {"yellow": 0.5, "red": 1}}""")
            .Datum("A", "p", """[{"id": "e1", "type": "red"}, {"id": "e2", "type": "yellow"}]""")
            .Score();
        var flat = new SchemeBuilder("A", "B")
            .Penalty("p", 4, """{"type": "events", "perEvent": 1.5}""")
            .Datum("A", "p", """[{"id": "e1"}, {"id": "e2"}]""")
            .Datum("B", "p", """[{"id": "e1", "type": "fire"}, {"type": "traffic"}]""")
            .Score();

        Assert.Equal(1.5m, byType.Score("A", "p"));
        // One number per event: 2 × 1.5 = 3, whether the events name a type or not.
        Assert.Equal([3m, 3m], flat.Scores("p", "A", "B"));
    }

    [Fact]
    public void Penalty_zeroAt_deducts_the_whole_cap_from_that_many_events()
    {
        // 发现三次及以上此项不得分: 2 events → 2; 3 → cap 5; 4 → cap 5
        var result = new SchemeBuilder("A", "B", "C")
            .Penalty("p", 5, """{"type": "events", "perEvent": 1, "zeroAt": 3}""")
            .Values("p", 2m, 3m, 4m)
            .Score();

        Assert.Equal([2m, 5m, 5m], result.Scores("p", "A", "B", "C"));
    }

    [Fact]
    public void Penalty_zeroAt_counts_events_of_every_type()
    {
        // 1 yellow + 1 red = 2 events ≥ zeroAt 2 → cap 3, though the points add to 1.5
        var result = new SchemeBuilder("A")
            .Penalty("p", 3, """{"type": "events", "perEvent": {"yellow": 0.5, "red": 1}, "zeroAt": 2}""")
            .Datum("A", "p", """[{"id": "e1", "type": "yellow"}, {"id": "e2", "type": "red"}]""")
            .Score();

        Assert.Equal(3m, result.Score("A", "p"));
    }

    [Fact]
    public void No_penalty_datum_deducts_nothing()
    {
        var result = new SchemeBuilder("A")
            .Base("x", 10, """{"type": "manual"}""")
            .Penalty("p", 3, """{"type": "events", "perEvent": 1}""")
            .Values("x", 9m)
            .Score();

        Assert.Equal(0m, result.Score("A", "p"));
        Assert.Equal(9m, result.Unit("A").Composite);
    }
}
