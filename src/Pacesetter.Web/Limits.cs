namespace Pacesetter.Web;

/// <summary>Size limits of inputs.</summary>
public static class Limits
{
    /// <summary>An evidence file may hold up to 10 MB.</summary>
    public const long EvidenceBytes = 10 * 1024 * 1024;
}
