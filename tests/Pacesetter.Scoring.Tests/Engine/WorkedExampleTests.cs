using System.Text.Json;
using Pacesetter.Scoring.Engine;
using Pacesetter.Scoring.Output;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.Scoring.Tests.Engine;

/// <summary>The worked example of spec/examples: the engine's JSON output equals zone-2026q3.expected.json.</summary>
public class WorkedExampleTests
{
    private static SchemeResult ScoreExample()
    {
        var read = SchemeReader.Read(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "zone-2026q3.json")));
        Assert.True(read.IsValid, string.Join("; ", read.Problems));
        return Scorer.Score(read.Require());
    }

    [Fact]
    public void Worked_example_output_equals_the_expected_file_field_by_field()
    {
        var actualJson = ResultJson.ToJson(ScoreExample());
        using var actual = JsonDocument.Parse(actualJson);
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "zone-2026q3.expected.json")));

        var differences = new List<string>();
        Compare("$", expected.RootElement, actual.RootElement, differences);

        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
    }

    [Fact]
    public void Worked_example_hand_checked_figures()
    {
        var result = ScoreExample();

        Assert.Equal(34.36m, result.Score("T1", "revenue"));     // 30 × 12.6/11 = 34.3636…
        Assert.Equal(6.79m, result.Score("T3", "land"));         // (10 + 7.38 + 3.57 + 6.19)/4 = 6.785
        Assert.Equal(0.5m, result.Score("T2", "cards"));         // red c1 exempted, yellow c2 0.5
        Assert.Equal([new ExemptionResult("cards", 1m)], result.Unit("T2").Exemptions);
        Assert.Equal((96.51m, "良好"), (result.Unit("T3").Composite, result.Unit("T3").Grade)); // 优秀 quota taken by T1
        Assert.Equal(20.63m, result.Score("I2", "started"));     // 0.55/0.8 × 30 = 20.625
        Assert.Equal(5m, result.Score("D3", "complaints"));      // 3 complaints, zeroAt 3
    }

    /// <summary>Structural comparison: same keys, same array lengths, numbers equal as decimals ("measure" to 4 decimals).</summary>
    private static void Compare(string path, JsonElement expected, JsonElement actual, List<string> differences)
    {
        if (expected.ValueKind == JsonValueKind.Number && actual.ValueKind == JsonValueKind.Number)
        {
            decimal e = expected.GetDecimal(), a = actual.GetDecimal();
            if (path.EndsWith(".measure", StringComparison.Ordinal))
            {
                e = Numbers.Round4(e);
                a = Numbers.Round4(a);
            }
            if (e != a) differences.Add($"{path}: expected {e}, actual {a}");
            return;
        }
        if (expected.ValueKind != actual.ValueKind)
        {
            differences.Add($"{path}: expected {expected.GetRawText()}, actual {actual.GetRawText()}");
            return;
        }
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                {
                    var actualNames = actual.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                    foreach (var p in expected.EnumerateObject())
                    {
                        if (actual.TryGetProperty(p.Name, out var av)) Compare($"{path}.{p.Name}", p.Value, av, differences);
                        else differences.Add($"{path}.{p.Name}: missing in the output");
                        actualNames.Remove(p.Name);
                    }
                    foreach (var extra in actualNames) differences.Add($"{path}.{extra}: not in the expected file");
                    break;
                }
            case JsonValueKind.Array:
                {
                    int n = expected.GetArrayLength(), m = actual.GetArrayLength();
                    if (n != m) differences.Add($"{path}: expected {n} items, actual {m}");
                    for (int i = 0; i < Math.Min(n, m); i++) Compare($"{path}[{i}]", expected[i], actual[i], differences);
                    break;
                }
            case JsonValueKind.String:
                if (expected.GetString() != actual.GetString()) differences.Add($"{path}: expected \"{expected.GetString()}\", actual \"{actual.GetString()}\"");
                break;
        }
    }
}
