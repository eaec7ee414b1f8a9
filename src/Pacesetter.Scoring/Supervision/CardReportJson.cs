using System.Text.Json;

namespace Pacesetter.Scoring.Supervision;

/// <summary>Writes a <see cref="CardReport"/> in the JSON shape of supervision.md §2.</summary>
public static class CardReportJson
{
    /// <summary>The writer's pending bytes at which the stream overloads hand them to the stream.</summary>
    private const int FlushAt = 1 << 16;

    // Names and fixed values encoded once (plain ASCII: every encoder writes them the same).
    private static readonly JsonEncodedText AsOf = JsonEncodedText.Encode("asOf");
    private static readonly JsonEncodedText TasksName = JsonEncodedText.Encode("tasks");
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText UnitName = JsonEncodedText.Encode("unit");
    private static readonly JsonEncodedText StatusName = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText ReasonName = JsonEncodedText.Encode("reason");
    private static readonly JsonEncodedText ExpectedName = JsonEncodedText.Encode("expected");
    private static readonly JsonEncodedText ActualName = JsonEncodedText.Encode("actual");
    private static readonly JsonEncodedText LagName = JsonEncodedText.Encode("lag");
    private static readonly JsonEncodedText HistoryName = JsonEncodedText.Encode("history");
    private static readonly JsonEncodedText DateName = JsonEncodedText.Encode("date");
    private static readonly JsonEncodedText UnitsName = JsonEncodedText.Encode("units");
    private static readonly JsonEncodedText MonthsName = JsonEncodedText.Encode("months");
    private static readonly JsonEncodedText MonthName = JsonEncodedText.Encode("month");
    private static readonly JsonEncodedText YellowName = JsonEncodedText.Encode("yellow");
    private static readonly JsonEncodedText RedName = JsonEncodedText.Encode("red");
    private static readonly JsonEncodedText[] Statuses = [.. Enum.GetValues<CardStatus>().Select(s => JsonEncodedText.Encode(CardNames.Of(s)))];
    private static readonly JsonEncodedText[] Reasons = [.. Enum.GetValues<CardReason>().Select(r => JsonEncodedText.Encode(CardNames.Of(r)))];

    /// <summary>The whole report into <paramref name="writer"/>, which is neither flushed nor disposed.</summary>
    public static void Write(Utf8JsonWriter writer, CardReport report)
    {
        WriteStart(writer, report);
        foreach (var task in report.Tasks) WriteTask(writer, task);
        WriteMiddle(writer);
        foreach (var unit in report.Units) WriteUnit(writer, unit);
        WriteEnd(writer);
    }

    /// <summary>
    /// The report onto <paramref name="stream"/> as it is written, in blocks of 64 KB (the whole output is never held in
    /// memory), then flushed; the stream stays open. <c>pacesetter cards</c> writes it with
    /// <see cref="Output.JsonFormats.IndentedWriter"/> followed by a line break.
    /// </summary>
    public static void Write(Stream stream, CardReport report, JsonWriterOptions options)
    {
        using var writer = new Utf8JsonWriter(stream, options);
        WriteStart(writer, report);
        foreach (var task in report.Tasks)
        {
            WriteTask(writer, task);
            if (writer.BytesPending >= FlushAt) writer.Flush();
        }
        WriteMiddle(writer);
        foreach (var unit in report.Units)
        {
            WriteUnit(writer, unit);
            if (writer.BytesPending >= FlushAt) writer.Flush();
        }
        WriteEnd(writer);
        writer.Flush();
    }

    /// <summary>
    /// The same as <see cref="Write(Stream, CardReport, JsonWriterOptions)"/> without blocking on the stream (an HTTP
    /// response body, where synchronous writes are refused).
    /// </summary>
    public static async Task WriteAsync(Stream stream, CardReport report, JsonWriterOptions options, CancellationToken cancellationToken = default)
    {
        var writer = new Utf8JsonWriter(stream, options);
        await using (writer.ConfigureAwait(false))
        {
            WriteStart(writer, report);
            foreach (var task in report.Tasks)
            {
                WriteTask(writer, task);
                if (writer.BytesPending >= FlushAt) await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            WriteMiddle(writer);
            foreach (var unit in report.Units)
            {
                WriteUnit(writer, unit);
                if (writer.BytesPending >= FlushAt) await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            WriteEnd(writer);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static void WriteStart(Utf8JsonWriter writer, CardReport report)
    {
        writer.WriteStartObject();
        WriteDate(writer, AsOf, report.AsOf);
        writer.WriteStartArray(TasksName);
    }

    private static void WriteTask(Utf8JsonWriter writer, TaskEvaluation task)
    {
        writer.WriteStartObject();
        writer.WriteString(Id, task.Id);
        writer.WriteString(UnitName, task.Unit);
        WriteStatus(writer, task.Status, task.Reason);
        WriteOneDecimal(writer, ExpectedName, task.Expected);
        writer.WriteNumber(ActualName, task.Actual);
        WriteOneDecimal(writer, LagName, task.Lag);
        writer.WriteStartArray(HistoryName);
        foreach (var point in task.History)
        {
            writer.WriteStartObject();
            WriteDate(writer, DateName, point.Date);
            WriteStatus(writer, point.Status, point.Reason);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteMiddle(Utf8JsonWriter writer)
    {
        writer.WriteEndArray();
        writer.WriteStartArray(UnitsName);
    }

    private static void WriteUnit(Utf8JsonWriter writer, UnitCards unit)
    {
        writer.WriteStartObject();
        writer.WriteString(UnitName, unit.Unit);
        writer.WriteStartArray(MonthsName);
        Span<byte> key = stackalloc byte[7];
        foreach (var month in unit.Months)
        {
            writer.WriteStartObject();
            // yyyy-MM, as MonthCards.Key, without a string per month.
            if (month.Year is >= 0 and <= 9999 && month.Month is >= 1 and <= 12)
            {
                Digits(key[..4], month.Year);
                key[4] = (byte)'-';
                Digits(key[5..], month.Month);
                writer.WriteString(MonthName, key);
            }
            else
            {
                writer.WriteString(MonthName, month.Key);
            }
            writer.WriteNumber(YellowName, month.Yellow);
            writer.WriteNumber(RedName, month.Red);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteEnd(Utf8JsonWriter writer)
    {
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>yyyy-MM-dd, as <see cref="CardFileReader.Format"/> writes it, without a string per date.</summary>
    private static void WriteDate(Utf8JsonWriter writer, JsonEncodedText name, DateOnly date)
    {
        Span<byte> text = stackalloc byte[10];
        Digits(text[..4], date.Year);
        text[4] = (byte)'-';
        Digits(text[5..7], date.Month);
        text[7] = (byte)'-';
        Digits(text[8..], date.Day);
        writer.WriteString(name, text);
    }

    /// <summary>A number with leading zeros into all of <paramref name="text"/>.</summary>
    private static void Digits(Span<byte> text, int value)
    {
        for (int i = text.Length - 1; i >= 0; i--)
        {
            text[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }

    /// <summary>A percentage as published (<see cref="Numbers.OneDecimal"/>).</summary>
    public static decimal OneDecimal(decimal value) => Numbers.OneDecimal(value);

    private static void WriteStatus(Utf8JsonWriter writer, CardStatus status, CardReason? reason)
    {
        writer.WriteString(StatusName, Statuses[(int)status]);
        if (reason is { } r) writer.WriteString(ReasonName, Reasons[(int)r]);
        else writer.WriteNull(ReasonName);
    }

    private static void WriteOneDecimal(Utf8JsonWriter writer, JsonEncodedText name, decimal? value)
    {
        if (value is { } v) writer.WriteNumber(name, OneDecimal(v));
        else writer.WriteNull(name);
    }
}
