using System.Text.Encodings.Web;
using System.Text.Json;

namespace Pacesetter.Scoring.Output;

/// <summary>The JSON settings shared by every writer: Chinese text written as is, not as \u escapes.</summary>
public static class JsonFormats
{
    public static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly JsonSerializerOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true };

    public static readonly JsonWriterOptions IndentedWriter = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

    /// <summary>One line, no whitespace: the results of <c>pacesetter score</c> when its output is not a terminal.</summary>
    public static readonly JsonWriterOptions CompactWriter = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
