using System.Globalization;
using System.Text.Json;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.Scoring.Tests.Schemes;

/// <summary>
/// The datum fast path (how a province's million values are read without building paths) next to the checked reader:
/// whatever the fast path accepts, the checked reader accepts without a problem and reads to the same datum; and the
/// common valid shapes do take the fast path.
/// </summary>
public sealed class DatumFastPathTests
{
    internal static readonly IReadOnlyList<Indicator> Indicators = SchemeReader.Read("""
        {
          "name": "fast path", "period": "2026-Q3", "units": { "U1": "一号" },
          "categories": [{ "id": "c", "units": ["U1"], "indicators": [
            { "id": "completion", "weight": 10, "method": { "type": "completion", "target": 100, "cap": 1.2 } },
            { "id": "open", "weight": 10, "method": { "type": "completion" } },
            { "id": "growth", "weight": 10, "measure": "growth", "method": { "type": "efficacy" } },
            { "id": "manual", "weight": 10, "method": { "type": "manual" } },
            { "id": "grade", "weight": 10, "method": { "type": "grade", "grades": { "优": 1, "良": 0.8 } } },
            { "id": "table", "weight": 10, "method": { "type": "table", "points": { "1": 10, "2": 8 } } },
            { "id": "points", "kind": "bonus", "weight": 2, "method": { "type": "points" } },
            { "id": "levels", "kind": "bonus", "weight": 2, "method": { "type": "levels", "levels": { "national": 1, "city": 0.3 } } },
            { "id": "typed", "kind": "penalty", "weight": 2, "method": { "type": "events", "perEvent": { "yellow": 0.5, "red": 1 } } },
            { "id": "events", "kind": "penalty", "weight": 2, "method": { "type": "events", "perEvent": 0.5 } }
          ] }]
        }
        """).Require().Categories[0].Indicators;

    public static readonly TheoryData<string, string, bool> Cases = new()
    {
        // indicator, datum, taken by the fast path
        { "completion", "95.5", true },
        { "completion", """{ "value": 9.4, "target": 10 }""", true },
        { "completion", """{ "value": 9.4, "target": null }""", true },
        { "completion", """{ "value": 1, "value": 2 }""", true },
        { "completion", """{ "value": 1, "note": null }""", true },
        { "completion", """{ "value": 9.4, "target": 0 }""", false },
        { "completion", """{ "target": 10 }""", false },
        { "completion", """{ "value": 1, "note": 2 }""", false },
        { "completion", "\"95\"", false },
        { "completion", "1e20", false },
        { "completion", "true", false },
        { "open", "95", false },
        { "open", """{ "value": 5, "target": 4 }""", true },
        { "growth", """{ "value": 110.50, "previous": 100 }""", true },
        { "manual", "7.5", true },
        { "manual", "10", true },
        { "manual", "10.01", false },
        { "manual", "-1", false },
        { "manual", """{ "value": 3 }""", true },
        { "grade", "\"优\"", true },
        { "grade", "\"极好\"", false },
        { "grade", "1", false },
        { "table", "\"2\"", true },
        { "table", "2", true },
        { "points", "1.5", true },
        { "points", "0", true },
        { "points", "-0.5", false },
        { "points", "\"1\"", false },
        { "levels", """[{ "item": "a", "level": "national" }, { "item": "b", "level": "city" }]""", true },
        { "levels", "[]", true },
        { "levels", """[{ "item": " ", "level": "national" }]""", false },
        { "levels", """[{ "item": "a", "level": "world" }]""", false },
        { "levels", """[{ "item": "a" }]""", false },
        { "levels", """[{ "item": "a", "level": "city", "note": "x" }]""", false },
        { "levels", "[1]", false },
        { "typed", """{ "yellow": 2, "red": 1 }""", true },
        { "typed", """{ "yellow": 1.5 }""", false },
        { "typed", """{ "blue": 1 }""", false },
        { "typed", """{ "red": null }""", false },
        { "typed", """[{ "id": "e1", "type": "red", "date": "2026-08-01" }, { "type": "yellow", "note": "x" }]""", true },
        { "typed", """[{ "id": "e1", "type": "red" }, { "id": "e1", "type": "yellow" }]""", false },
        { "typed", """[{ "id": "e1" }]""", false },
        { "typed", """[{ "id": "e1", "type": "blue" }]""", false },
        { "typed", "2", false },
        { "events", "3", true },
        { "events", "2.5", false },
        { "events", "-1", false },
        { "events", """[{ "id": "e1" }, { "note": "x" }, { "id": null }]""", true },
        { "events", """[{ "id": "" }]""", false },
        { "events", """[{ "id": 7 }]""", false },
        { "events", """[{ "id": "e1", "when": "x" }]""", false },
        { "events", """{ "yellow": 1 }""", true },
        { "events", """{ "fire": 2, "traffic": 0 }""", true },
        { "events", """{ "fire": 2, "fire": 1 }""", false },
        { "events", """{ "": 1 }""", false },
        { "events", """{ " ": 1 }""", false },
        { "events", """{ "fire": 1.5 }""", false },
        { "events", """[{ "id": "e1", "type": "fire" }, { "type": "traffic" }]""", true },
        { "typed", """{ "red": 1, "red": 1 }""", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fast_path_agrees_with_the_checked_reader(string indicator, string datum, bool fast)
    {
        var ind = Indicators.Single(i => i.Id == indicator);
        using var doc = JsonDocument.Parse(datum);

        var quick = DatumFastPath.TryRead(doc.RootElement, ind);
        var input = new JsonInput();
        var checkedDatum = DatumReader.ReadChecked(input, doc.RootElement, "$.data.U1", ind);

        Assert.Equal(fast, quick is not null);
        if (quick is null) return;
        Assert.Empty(input.Problems);
        Assert.Equal(Describe(checkedDatum), Describe(quick));
    }

    [Fact]
    public void Fast_path_keeps_the_figures_as_written()
    {
        using var doc = JsonDocument.Parse("""{ "value": 110.50, "previous": 100 }""");

        var d = Assert.IsType<NumberDatum>(DatumFastPath.TryRead(doc.RootElement, Indicators.Single(i => i.Id == "growth")));

        Assert.Equal("110.50 100", $"{d.Value.ToString(CultureInfo.InvariantCulture)} {d.Previous?.ToString(CultureInfo.InvariantCulture)}");
        Assert.Null(d.Target);
    }

    internal static string Describe(Datum? d) => d switch
    {
        NumberDatum n => $"number {N(n.Value)} target {N(n.Target)} previous {N(n.Previous)}",
        TextDatum t => $"text {t.Text}",
        AwardsDatum a => "awards " + string.Join("; ", a.Awards.Select(x => $"{x.Item}/{x.Level}")),
        EventsDatum e => "events " + string.Join("; ", e.Events.Select(x => $"{x.Id ?? "-"}/{x.Type ?? "-"}")),
        CountsDatum c => "counts " + string.Join("; ", c.Counts.Select(x => $"{x.Key}={N(x.Value)}")),
        null => "null",
        _ => d.GetType().Name,
    };

    private static string N(decimal? x) => x?.ToString(CultureInfo.InvariantCulture) ?? "-";
}
