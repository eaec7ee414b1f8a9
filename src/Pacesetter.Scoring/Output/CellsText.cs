using System.Text.Encodings.Web;
using System.Text.Json;
using Pacesetter.Scoring.Engine;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.Scoring.Output;

/// <summary>
/// A unit's <c>indicators</c> object in compact JSON, formatted by hand into one buffer and handed to the writer as one
/// raw value: a province has a million cells, and four or five writer calls for each were a third of the command's
/// writing. The bytes are those the writer makes of the same object (<see cref="ResultJson.WriteCells"/>), held side
/// by side by <c>ResultJsonTests</c>: names and text measures are encoded by the writer's own encoder.
/// </summary>
internal sealed class CellsText
{
    private static ReadOnlySpan<byte> Score => "\":{\"score\":"u8;
    private static ReadOnlySpan<byte> Measure => ",\"measure\":"u8;
    private static ReadOnlySpan<byte> Null => "null"u8;

    /// <summary>For indicator j: <c>{"id":{"score":</c> for the first, <c>,"id":{"score":</c> for the others.</summary>
    private readonly byte[][] heads;
    private readonly JavaScriptEncoder? encoder;
    private readonly Dictionary<string, byte[]> texts = new(StringComparer.Ordinal);
    private byte[] buffer = new byte[4096];
    private int length;

    public CellsText(JsonEncodedText[] ids, JavaScriptEncoder? encoder)
    {
        this.encoder = encoder;
        heads = new byte[ids.Length][];
        for (int j = 0; j < ids.Length; j++)
        {
            var id = ids[j].EncodedUtf8Bytes;
            var head = new byte[2 + id.Length + Score.Length];
            head[0] = j == 0 ? (byte)'{' : (byte)',';
            head[1] = (byte)'"';
            id.CopyTo(head.AsSpan(2));
            Score.CopyTo(head.AsSpan(2 + id.Length));
            heads[j] = head;
        }
    }

    public void Write(Utf8JsonWriter w, IReadOnlyList<Indicator> indicators, IReadOnlyList<CellResult> cells)
    {
        length = 0;
        if (indicators.Count == 0) Append("{"u8);
        for (int j = 0; j < indicators.Count; j++)
        {
            var cell = cells[j];
            Append(heads[j]);
            if (cell.Score is { } s) AppendDecimal(s);
            else Append(Null);
            if (indicators[j].Kind == IndicatorKind.Base)
            {
                Append(Measure);
                if (cell.TextMeasure is { } t) Append(Text(t));
                else if (cell.Measure is { } x) AppendDecimal(Numbers.Round4(x));
                else Append(Null);
            }
            Append("}"u8);
        }
        Append("}"u8);
        w.WritePropertyName("indicators"u8);
        w.WriteRawValue(buffer.AsSpan(0, length), skipInputValidation: true);
    }

    /// <summary>A text measure as a quoted, escaped JSON string; a category's few distinct texts are encoded once.</summary>
    private byte[] Text(string t)
    {
        if (!texts.TryGetValue(t, out var bytes))
        {
            var encoded = JsonEncodedText.Encode(t, encoder).EncodedUtf8Bytes;
            bytes = new byte[encoded.Length + 2];
            bytes[0] = (byte)'"';
            encoded.CopyTo(bytes.AsSpan(1));
            bytes[^1] = (byte)'"';
            texts[t] = bytes;
        }
        return bytes;
    }

    private void AppendDecimal(decimal value)
    {
        Reserve(48);
        DecimalText.TryFormat(value, buffer.AsSpan(length), out int written);
        length += written;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        bytes.CopyTo(buffer.AsSpan(length));
        length += bytes.Length;
    }

    private void Reserve(int n)
    {
        if (length + n > buffer.Length) Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + n));
    }
}
