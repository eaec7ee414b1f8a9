namespace Pacesetter.Cli;

/// <summary>Where a command writes, and whether standard output is a terminal.</summary>
public sealed record CliContext(TextWriter Out, TextWriter Error, bool OutputRedirected);

/// <summary>Exit codes shared by every verb.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    /// <summary>Invalid input or usage.</summary>
    public const int Invalid = 2;
}
