using System.Buffers;
using System.Text;
using System.Text.Json;
using Pacesetter.Scoring.Supervision;
using static Pacesetter.Scoring.Tests.Supervision.TaskBuilder;

namespace Pacesetter.Scoring.Tests.Supervision;

/// <summary>The JSON shape of supervision.md §2.</summary>
public class CardReportJsonTests
{
    private static string Json(CardReport report)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            CardReportJson.Write(writer, report);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Fact]
    public void Report_is_written_in_the_shape_of_the_spec()
    {
        // 100-day schedule at 40 % on day 50: expected 50.0, lag 10.0; 2026-01-31 is day 30: green.
        var report = CardEvaluator.Evaluate(
            new CardFile(CardRules.Default,
            [
                Supervised("P1").Unit("T1").Schedule("2026-01-01", "2026-04-11").Report("2026-01-01", 40).Build(),
                Supervised("P2").Unit("T2").Schedule("2026-03-01", "2026-06-30").Build(),
            ]),
            Day("2026-02-20"));

        // Single quotes stand for double quotes, to keep the expected text readable.
        Assert.Equal(
            ("{'asOf':'2026-02-20','tasks':[" +
            "{'id':'P1','unit':'T1','status':'yellow','reason':'lag','expected':50.0,'actual':40,'lag':10.0," +
            "'history':[{'date':'2026-01-31','status':'green','reason':null},{'date':'2026-02-20','status':'yellow','reason':'lag'}]}," +
            "{'id':'P2','unit':'T2','status':'pending','reason':null,'expected':null,'actual':0,'lag':null," +
            "'history':[{'date':'2026-02-20','status':'pending','reason':null}]}]," +
            "'units':[{'unit':'T1','months':[{'month':'2026-01','yellow':0,'red':0}]},{'unit':'T2','months':[]}]}").Replace('\'', '"'),
            Json(report));
    }

    [Fact]
    public void Expected_and_lag_have_one_decimal_rounded_half_away_from_zero_and_actual_is_as_given()
    {
        // 2026-01-01 → 2026-12-31 (364 days) on day 89: expected 24.450…, actual 12.25 → lag 12.200…
        var report = CardEvaluator.Evaluate(
            new CardFile(CardRules.Default with { EscalateAfter = 9 }, [Supervised().Report("2026-01-01", 12.25m).Build()]),
            Day("2026-03-31"));

        using var json = JsonDocument.Parse(Json(report));
        var task = json.RootElement.GetProperty("tasks")[0];
        Assert.Equal("24.5", task.GetProperty("expected").GetRawText());
        Assert.Equal("12.25", task.GetProperty("actual").GetRawText());
        Assert.Equal("12.2", task.GetProperty("lag").GetRawText());
    }

    [Theory]
    [InlineData("0.05", "0.1")]
    [InlineData("-0.05", "-0.1")]
    [InlineData("-0.04", "0.0")]
    [InlineData("67", "67.0")]
    [InlineData("66.95", "67.0")]
    public void One_decimal_figures_round_half_away_from_zero(string value, string published)
    {
        var figure = CardReportJson.OneDecimal(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(published, figure.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
