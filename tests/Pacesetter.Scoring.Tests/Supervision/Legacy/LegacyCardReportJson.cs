using System.Text.Json;

using Pacesetter.Scoring.Supervision;

namespace Pacesetter.Scoring.Tests.Supervision.Legacy;

/// <summary>Writes a <see cref="CardReport"/> in the JSON shape of supervision.md §2.</summary>
// A copy of Pacesetter.Scoring.Supervision.CardReportJson as it was before issue 10 (commit 7e03db8), the reference the
// faster code is held to by CardLegacyEquivalenceTests: same problems, same report, same bytes.
internal static class LegacyCardReportJson
{
    public static void Write(Utf8JsonWriter writer, CardReport report)
    {
        writer.WriteStartObject();
        writer.WriteString("asOf", LegacyCardFileReader.Format(report.AsOf));
        writer.WriteStartArray("tasks");
        foreach (var task in report.Tasks)
        {
            writer.WriteStartObject();
            writer.WriteString("id", task.Id);
            writer.WriteString("unit", task.Unit);
            WriteStatus(writer, task.Status, task.Reason);
            WriteOneDecimal(writer, "expected", task.Expected);
            writer.WriteNumber("actual", task.Actual);
            WriteOneDecimal(writer, "lag", task.Lag);
            writer.WriteStartArray("history");
            foreach (var point in task.History)
            {
                writer.WriteStartObject();
                writer.WriteString("date", LegacyCardFileReader.Format(point.Date));
                WriteStatus(writer, point.Status, point.Reason);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartArray("units");
        foreach (var unit in report.Units)
        {
            writer.WriteStartObject();
            writer.WriteString("unit", unit.Unit);
            writer.WriteStartArray("months");
            foreach (var month in unit.Months)
            {
                writer.WriteStartObject();
                writer.WriteString("month", month.Key);
                writer.WriteNumber("yellow", month.Yellow);
                writer.WriteNumber("red", month.Red);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>A percentage as published: 1 decimal, half away from zero, always written with its decimal (67 → 67.0).</summary>
    public static decimal OneDecimal(decimal value)
    {
        var rounded = Numbers.Round1(value);
        // Adding 0.0m gives scale 1 to a whole number; a rounded −0.04 becomes 0.0, not −0.0.
        return rounded == 0m ? 0.0m : rounded + 0.0m;
    }

    private static void WriteStatus(Utf8JsonWriter writer, CardStatus status, CardReason? reason)
    {
        writer.WriteString("status", CardNames.Of(status));
        if (reason is { } r) writer.WriteString("reason", CardNames.Of(r));
        else writer.WriteNull("reason");
    }

    private static void WriteOneDecimal(Utf8JsonWriter writer, string name, decimal? value)
    {
        if (value is { } v) writer.WriteNumber(name, OneDecimal(v));
        else writer.WriteNull(name);
    }
}
