using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.Cli;

namespace Pacesetter.Web.Tests;

/// <summary>Runs the <c>pacesetter</c> admin verbs on a test app's database: in process, or as the built command in a child process.</summary>
public static class CliRunner
{
    public sealed record Outcome(int Code, string Out, string Error);

    /// <summary>The verb run in process with the test app's database configuration.</summary>
    public static Outcome Run(TestApp app, Func<string[], CliContext, IConfiguration, int> verb, params string[] args)
    {
        var configuration = app.Services.GetRequiredService<IConfiguration>();
        var output = new StringWriter();
        var error = new StringWriter();
        int code = verb(args, new CliContext(output, error, true), configuration);
        return new Outcome(code, output.ToString(), error.ToString());
    }

    /// <summary>The built command in <paramref name="workingDirectory"/> with <paramref name="environment"/> added to its environment.</summary>
    public static Outcome Process(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        ProcessWithInput(workingDirectory, environment, null, args);

    /// <summary>As <see cref="Process"/>, with <paramref name="input"/> on its standard input (then closed); null: the parent's.</summary>
    public static Outcome ProcessWithInput(string workingDirectory, IReadOnlyDictionary<string, string?> environment, string? input, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "pacesetter.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var key in new[] { "Database__Provider", "ConnectionStrings__Pacesetter", "PACESETTER_DATA" }) start.Environment.Remove(key);
        // A test's command runs for a second or two: compiled quickly first, as a short run is best served (the
        // command's project turns quick compilation off for the province's long runs).
        start.Environment["DOTNET_TC_QuickJit"] = "1";
        foreach (var (k, v) in environment) start.Environment[k] = v;
        using var process = System.Diagnostics.Process.Start(start)!;
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"pacesetter {string.Join(' ', args)} did not finish within two minutes");
        }
        return new Outcome(process.ExitCode, output.Result, error.Result);
    }
}
