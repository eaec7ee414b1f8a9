using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pacesetter.App.Organizations.Transfer;

/// <summary>
/// The organization file (ADR 0049): a zip holding one JSON-lines part per table (<c>tables/NN-table.jsonl</c>, a row per
/// line, its properties by name) and <c>manifest.json</c> — format, organization, the source's audit key id and chain
/// head, each part's rows and SHA-256 — signed in <c>manifest.sig</c> with the source's audit key.
/// </summary>
public sealed record TransferManifest(
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("organization")] string Organization,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("exportedAt")] DateTimeOffset ExportedAt,
    [property: JsonPropertyName("sourceKeyId")] string SourceKeyId,
    [property: JsonPropertyName("auditHead")] TransferHead? AuditHead,
    [property: JsonPropertyName("withPasswords")] bool WithPasswords,
    [property: JsonPropertyName("parts")] IReadOnlyList<TransferPart> Parts,
    [property: JsonPropertyName("notMoved")] IReadOnlyList<string> NotMoved)
{
    public const string FormatName = "pacesetter-organization";
    public const int CurrentVersion = 1;
    public const string Entry = "manifest.json";
    public const string SignatureEntry = "manifest.sig";

    public static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}

/// <summary>The last row of the organization's audit chain in the source.</summary>
public sealed record TransferHead([property: JsonPropertyName("seq")] long Seq, [property: JsonPropertyName("hash")] string Hash);

/// <summary>One table's part of the file.</summary>
public sealed record TransferPart(
    [property: JsonPropertyName("table")] string Table,
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("rows")] long Rows,
    [property: JsonPropertyName("sha256")] string Sha256);

/// <summary>A property's value in a part and back: numbers as numbers, decimals as their exact text, binary as base64, instants in ISO 8601 with their offset.</summary>
internal static class TransferValues
{
    public static void Write(Utf8JsonWriter w, string name, object? value)
    {
        w.WritePropertyName(name);
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case int i: w.WriteNumberValue(i); break;
            case long l: w.WriteNumberValue(l); break;
            case Enum e: w.WriteNumberValue(Convert.ToInt64(e, CultureInfo.InvariantCulture)); break;
            case decimal d: w.WriteStringValue(d.ToString(CultureInfo.InvariantCulture)); break;
            case DateTimeOffset t: w.WriteStringValue(t.ToString("o", CultureInfo.InvariantCulture)); break;
            case DateOnly d: w.WriteStringValue(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
            case Guid g: w.WriteStringValue(g.ToString("D")); break;
            case byte[] bytes: w.WriteBase64StringValue(bytes); break;
            default: throw new NotSupportedException($"{name}: a {value.GetType().Name} value is not moved");
        }
    }

    public static object? Read(JsonElement e, Type type)
    {
        if (e.ValueKind == JsonValueKind.Null) return null;
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return e.GetString();
        if (type == typeof(bool)) return e.GetBoolean();
        if (type == typeof(int)) return e.GetInt32();
        if (type == typeof(long)) return e.GetInt64();
        if (type.IsEnum) return Enum.ToObject(type, e.GetInt64());
        if (type == typeof(decimal)) return decimal.Parse(e.GetString()!, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
        if (type == typeof(DateTimeOffset)) return DateTimeOffset.Parse(e.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        if (type == typeof(DateOnly)) return DateOnly.ParseExact(e.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (type == typeof(Guid)) return Guid.Parse(e.GetString()!);
        if (type == typeof(byte[])) return e.GetBytesFromBase64();
        throw new NotSupportedException($"a {type.Name} value is not moved");
    }
}

/// <summary>Passes bytes through and hashes them with SHA-256 (a part as it is written or read).</summary>
internal sealed class HashingStream(Stream inner, bool writing) : Stream
{
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public string Sha256() => Convert.ToHexStringLower(hash.GetHashAndReset());

    public override bool CanRead => !writing;
    public override bool CanSeek => false;
    public override bool CanWrite => writing;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = inner.Read(buffer, offset, count);
        hash.AppendData(buffer, offset, n);
        return n;
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        hash.AppendData(buffer, offset, count);
        inner.Write(buffer, offset, count);
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            hash.Dispose();
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
