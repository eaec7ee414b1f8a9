using System.Text.Json.Nodes;

namespace Pacesetter.Cli.Tests;

/// <summary>What one run of the command left behind: exit code, standard output, and standard error split into lines.</summary>
public sealed record CliOutcome(int Code, string Out, string[] Errors);

/// <summary>Runs <c>pacesetter</c> in process through the verb table, as <c>Program</c> does.</summary>
public static class Cli
{
    /// <summary>Runs with no environment variable set (PACESETTER_LANG of the machine running the tests plays no part).</summary>
    public static CliOutcome Run(bool outputRedirected, params string[] args) => RunWith(null, outputRedirected, args);

    /// <summary>Runs with <paramref name="lang"/> as the value of the environment variable PACESETTER_LANG (null: unset).</summary>
    public static CliOutcome RunWith(string? lang, bool outputRedirected, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Commands.Run(args, new CliContext(output, error, outputRedirected, name => name == "PACESETTER_LANG" ? lang : null));
        return new CliOutcome(code, output.ToString(), Lines(error.ToString()));
    }

    /// <summary>Every line, blank ones included, without the final line break.</summary>
    public static string[] Lines(string text)
    {
        text = text.ReplaceLineEndings("\n");
        if (text.Length == 0) return [];
        if (text.EndsWith('\n')) text = text[..^1];
        return text.Split('\n');
    }
}

/// <summary>The worked example copied next to the tests (see the csproj), and variations of it in a temp directory.</summary>
public sealed class ExampleFiles : IDisposable
{
    public static string Zone { get; } = Path.Combine(AppContext.BaseDirectory, "Data", "zone-2026q3.json");
    public static string ZoneExpected { get; } = Path.Combine(AppContext.BaseDirectory, "Data", "zone-2026q3.expected.json");

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("pacesetter-cli-").FullName;

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    public string FileWith(string content)
    {
        var path = Path.Combine(Directory, $"scheme-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>The worked example with one unit's datum replaced, e.g. <c>("T2", "revenue", {"value": 9.4, "target": 10})</c>.</summary>
    public string ZoneWith(string unit, string indicator, JsonNode datum)
    {
        var root = JsonNode.Parse(File.ReadAllText(Zone))!;
        root["data"]![unit]![indicator] = datum;
        return FileWith(root.ToJsonString());
    }
}
