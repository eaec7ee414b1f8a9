using System.Security.Cryptography;
using System.Text;

namespace Pacesetter.App.Audit;

/// <summary>
/// 审计密钥 the secret the audit chain is keyed with (HMAC-SHA256, ADR 0009), kept outside the database: someone who can
/// write the database but does not hold the key cannot compute the hash of a rewritten or forged row.
/// </summary>
public sealed class AuditKey
{
    /// <summary>The shortest key text accepted (a generated key is 44 characters: 32 random bytes in base64).</summary>
    public const int MinimumLength = 32;

    private AuditKey(byte[] bytes, string source)
    {
        Bytes = bytes;
        Source = source;
        Id = Convert.ToHexStringLower(HMACSHA256.HashData(bytes, "pacesetter audit key id"u8))[..16];
    }

    internal byte[] Bytes { get; }

    /// <summary>Where it came from: <c>Audit:Key</c> or the key file's path (messages name it).</summary>
    public string Source { get; }

    /// <summary>A fingerprint that names the key without revealing it (16 hex digits; the checkpoints record it).</summary>
    public string Id { get; }

    /// <summary>The key of a text (its UTF-8 bytes, surrounding white space removed); null with a reason when it is too short.</summary>
    public static AuditKey? FromText(string text, string source, out string? problem)
    {
        var trimmed = text.Trim();
        if (trimmed.Length < MinimumLength)
        {
            problem = $"the audit key from {source} has {trimmed.Length} characters; at least {MinimumLength} are needed (审计密钥过短)";
            return null;
        }
        problem = null;
        return new AuditKey(Encoding.UTF8.GetBytes(trimmed), source);
    }

    /// <summary>A new random key's text: 32 bytes from the system's cryptographic generator, base64.</summary>
    public static string NewText() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>HMAC-SHA256 of <paramref name="content"/> under this key, lower-case hex (64 digits, the width of the hash columns).</summary>
    public string Mac(byte[] content) => Convert.ToHexStringLower(HMACSHA256.HashData(Bytes, content));
}
