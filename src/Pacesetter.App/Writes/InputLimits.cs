namespace Pacesetter.App.Writes;

/// <summary>
/// 输入限制 the one table of how long each text a write stores may be (README, "Input limits"). The services check
/// these before the database — a refusal is a 400 naming the field, the same on SQLite (which would store anything)
/// and PostgreSQL (whose <c>varchar(n)</c> would fail the write) — and the EF configurations size their columns from
/// the same constants, so a check and its column cannot drift apart. NUL (U+0000) is refused in every text field,
/// since PostgreSQL cannot store it; single-line fields (codes, ids, names) refuse every control character.
/// </summary>
public static class InputLimits
{
    /// <summary>Unit and category codes, indicator ids, organization slugs (the ids of scheme files).</summary>
    public const int Code = 64;

    /// <summary>A period: <c>2026-10</c>, <c>2026-Q3</c>, <c>2026-H1</c>, <c>2026</c>.</summary>
    public const int Period = 16;

    /// <summary>Names of units, categories, organizations and API tokens; users' display names.</summary>
    public const int Name = 200;

    /// <summary>User names (and so every actor an audit row or a data row names).</summary>
    public const int UserName = 256;

    /// <summary>Every reason: of a change (the audit row's), of a returned datum, of a scheme version.</summary>
    public const int Reason = 2000;

    /// <summary>A longer text: a progress narrative, a matter's description, a leader's instruction, a bulletin paragraph.</summary>
    public const int Text = 4000;

    /// <summary>A web address (a webhook's).</summary>
    public const int Url = 2000;

    /// <summary>An assessor's indicator ids, comma-separated.</summary>
    public const int Indicators = 2000;

    /// <summary>The evidence file name column; an uploaded name is kept to <see cref="FileNameKept"/> characters.</summary>
    public const int FileName = 260;

    /// <summary>A longer uploaded file name is shortened to this many characters, its extension kept.</summary>
    public const int FileNameKept = 200;

    /// <summary>An evidence file's MIME type (one the application detected, never the upload's).</summary>
    public const int ContentType = 100;

    /// <summary>A SHA-256 or hash-chain hash in hex.</summary>
    public const int Hash = 64;

    /// <summary>The shown start of an API token.</summary>
    public const int TokenPrefix = 16;

    /// <summary>An audit row's key (<c>period/unit/indicator/sha256</c> at most).</summary>
    public const int AuditKey = 256;

    /// <summary>An audit row's kind and entity (<c>datum.submit</c>, <c>unit_category</c>, …).</summary>
    public const int AuditKind = 64;

    /// <summary>Whether <paramref name="text"/> holds U+0000, which PostgreSQL cannot store.</summary>
    public static bool HasNul(string? text) => text is not null && text.Contains('\0');

    /// <summary>Whether <paramref name="text"/> holds a control character (U+0000–U+001F, U+007F–U+009F): refused in single-line fields.</summary>
    public static bool HasControl(string? text)
    {
        if (text is null) return false;
        foreach (var c in text)
        {
            if (char.IsControl(c)) return true;
        }
        return false;
    }
}
