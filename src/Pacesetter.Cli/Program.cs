using System.Text;

namespace Pacesetter.Cli;

/// <summary>The <c>pacesetter</c> executable.</summary>
public static class EntryPoint
{
    public static int Main(string[] args)
    {
        Console.OutputEncoding = new UTF8Encoding(false);
        var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false };
        var stderr = new StreamWriter(Console.OpenStandardError(), new UTF8Encoding(false)) { AutoFlush = true };
        int code;
        try
        {
            code = Commands.Run(args, new CliContext(stdout, stderr, Console.IsOutputRedirected));
        }
        catch (Exception ex)
        {
            // Never a stack trace in front of a user: one line, and the failure exit code.
            stderr.WriteLine($"pacesetter: internal error: {ex.Message}");
            code = 1;
        }
        stdout.Flush();
        return code;
    }
}
