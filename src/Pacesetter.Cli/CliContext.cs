namespace Pacesetter.Cli;

/// <summary>
/// Where a command writes, whether standard output is a terminal, and the environment variables it reads
/// (<see cref="Environment"/>; the process's own when null — tests pass their own).
/// </summary>
public sealed record CliContext(TextWriter Out, TextWriter Error, bool OutputRedirected, Func<string, string?>? Environment = null)
{
    public string? Variable(string name) => (Environment ?? System.Environment.GetEnvironmentVariable)(name);
}

/// <summary>Exit codes shared by every verb.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    /// <summary>Invalid input or usage.</summary>
    public const int Invalid = 2;
}
