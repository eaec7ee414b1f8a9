using System.Text.Json;
using Pacesetter.Scoring.Engine;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.Scoring.Output;

/// <summary>Writes results in the JSON shape of scoring.md §8, the one shape the command, the API and publications share.</summary>
public static class ResultJson
{
    /// <summary>
    /// Writes <paramref name="result"/>; the writer is flushed to its stream or buffer writer whenever
    /// <see cref="FlushAt"/> bytes are pending, so a province's tens of megabytes never sit in memory at once.
    /// </summary>
    public static void Write(Utf8JsonWriter w, SchemeResult result) => Write(w, result, null);

    /// <summary>
    /// Writes <paramref name="result"/> with what a publication adds (<paramref name="published"/>): <c>"revision": N</c>
    /// after the period, and each unit's <c>"change"</c> against the previous period of the same kind.
    /// </summary>
    public static void Write(Utf8JsonWriter w, SchemeResult result, PublishedExtras? published)
    {
        w.WriteStartObject();
        w.WriteString("name", result.Scheme.Name);
        w.WriteString("period", result.Scheme.Period);
        if (published is not null) w.WriteNumber("revision", published.Revision);
        w.WriteStartArray("categories");
        foreach (var c in result.Categories) WriteCategory(w, c, published);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static string ToJson(SchemeResult result, bool indented = true)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, indented ? JsonFormats.IndentedWriter : JsonFormats.CompactWriter))
        {
            Write(w, result);
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    // Called once a category (20 times for a province) around the loop over its units: too few calls for tiered
    // compilation to replace a precompiled (ReadyToRun) body, so it is compiled fully optimised at once.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void WriteCategory(Utf8JsonWriter w, CategoryResult c, PublishedExtras? published)
    {
        w.WriteStartObject();
        w.WriteString("id", c.Category.Id);
        w.WriteStartObject("flag");
        WriteNullableString(w, "holder", c.Flag.Holder);
        WriteNullableString(w, "previous", c.Flag.Previous);
        w.WriteBoolean("moved", c.Flag.Moved);
        w.WriteEndObject();
        w.WriteStartArray("results");
        var indicators = c.Category.Indicators;
        var ids = indicators.Select(i => JsonEncodedText.Encode(i.Id, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping)).ToArray();
        // Compact output: a unit's indicators object is formatted by hand and handed to the writer whole (see CellsText).
        var cells = w.Options.Indented ? null : new CellsText(ids, w.Options.Encoder);
        foreach (var r in c.Results)
        {
            w.WriteStartObject();
            w.WriteString("unit", r.Unit);
            w.WriteNumber("rank", r.Rank);
            DecimalText.Write(w, Names.Composite, r.Composite);
            DecimalText.Write(w, Names.Base, r.Base);
            DecimalText.Write(w, Names.Bonus, r.Bonus);
            DecimalText.Write(w, Names.Penalty, r.Penalty);
            WriteNullableString(w, "grade", r.Grade);
            WriteNullableString(w, "label", r.Label);
            w.WriteBoolean("vetoed", r.Vetoed);
            w.WriteBoolean("blockTop", r.BlockTop);
            // scoring.md §3: with an excluded indicator "the result shows the factor" W_all / W_kept.
            if (r.BaseFactor is { } f) DecimalText.Write(w, Names.BaseFactor, Numbers.Round4(f));
            if (cells is not null) cells.Write(w, indicators, r.Cells);
            else WriteCells(w, indicators, ids, r.Cells);
            w.WriteStartArray("exemptions");
            foreach (var e in r.Exemptions)
            {
                w.WriteStartObject();
                w.WriteString("ref", e.Ref);
                DecimalText.Write(w, Names.Restored, e.Restored);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (published is not null)
            {
                if (published.Previous(r.Unit) is { } before)
                {
                    w.WriteStartObject("change");
                    if (before.Rank is { } pr) w.WriteNumber("previousRank", pr);
                    else w.WriteNull("previousRank");
                    if (before.Composite is { } pc) DecimalText.Write(w, Names.PreviousComposite, pc);
                    else w.WriteNull("previousComposite");
                    w.WriteEndObject();
                }
                else w.WriteNull("change");
            }
            w.WriteEndObject();
            if (w.BytesPending >= FlushAt) w.Flush();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>A unit's <c>indicators</c> object through the writer, one call a name or value: the indented output's way.</summary>
    internal static void WriteCells(Utf8JsonWriter w, IReadOnlyList<Indicator> indicators, JsonEncodedText[] ids, IReadOnlyList<CellResult> cells)
    {
        w.WriteStartObject("indicators");
        for (int j = 0; j < indicators.Count; j++)
        {
            var cell = cells[j];
            w.WriteStartObject(ids[j]);
            if (cell.Score is { } s) DecimalText.Write(w, Names.Score, s);
            else w.WriteNull("score");
            if (indicators[j].Kind == IndicatorKind.Base)
            {
                if (cell.TextMeasure is { } t) w.WriteString("measure", t);
                else if (cell.Measure is { } x) DecimalText.Write(w, Names.Measure, Numbers.Round4(x));
                else w.WriteNull("measure");
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    /// <summary>Pending bytes at which <see cref="Write"/> hands its output on: one unit's results are about 10 KB at most in a province.</summary>
    public const int FlushAt = 1 << 16;

    /// <summary>Property names encoded once: the province's output repeats them millions of times.</summary>
    private static class Names
    {
        public static readonly JsonEncodedText Base = JsonEncodedText.Encode("base");
        public static readonly JsonEncodedText BaseFactor = JsonEncodedText.Encode("baseFactor");
        public static readonly JsonEncodedText Bonus = JsonEncodedText.Encode("bonus");
        public static readonly JsonEncodedText Composite = JsonEncodedText.Encode("composite");
        public static readonly JsonEncodedText Measure = JsonEncodedText.Encode("measure");
        public static readonly JsonEncodedText Penalty = JsonEncodedText.Encode("penalty");
        public static readonly JsonEncodedText PreviousComposite = JsonEncodedText.Encode("previousComposite");
        public static readonly JsonEncodedText Restored = JsonEncodedText.Encode("restored");
        public static readonly JsonEncodedText Score = JsonEncodedText.Encode("score");
    }

    private static void WriteNullableString(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, value);
    }
}

/// <summary>
/// What a published revision adds to the results of scoring.md §8: its number, and per unit its rank and composite in
/// the previous period of the same kind (null when that period is unpublished or the unit was not in it).
/// </summary>
public sealed record PublishedExtras(int Revision, Func<string, (int? Rank, decimal? Composite)?> Previous);
