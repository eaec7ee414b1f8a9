namespace Pacesetter.Cli;

/// <summary>A small argument parser: positionals, <c>--name value</c>, <c>--name=value</c> and flags.</summary>
public sealed class Options
{
    private readonly Dictionary<string, string?> named = new(StringComparer.Ordinal);

    public List<string> Positionals { get; } = [];
    public List<string> Errors { get; } = [];
    public bool Help { get; private set; }

    /// <param name="valued">names (without --) that take a value.</param>
    /// <param name="flags">names (without --) that take none.</param>
    public static Options Parse(string[] args, IReadOnlyCollection<string> valued, IReadOnlyCollection<string>? flags = null)
    {
        var o = new Options();
        flags ??= [];
        for (int i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a is "-h" or "--help")
            {
                o.Help = true;
                continue;
            }
            if (a.StartsWith("--", StringComparison.Ordinal) && a.Length > 2)
            {
                var name = a[2..];
                string? value = null;
                int eq = name.IndexOf('=');
                if (eq >= 0)
                {
                    value = name[(eq + 1)..];
                    name = name[..eq];
                }
                if (flags.Contains(name))
                {
                    o.named[name] = value ?? "true";
                }
                else if (valued.Contains(name))
                {
                    if (value is null)
                    {
                        if (i + 1 >= args.Length)
                        {
                            o.Errors.Add($"--{name}: a value is required (缺少取值)");
                            continue;
                        }
                        value = args[++i];
                    }
                    o.named[name] = value;
                }
                else
                {
                    o.Errors.Add($"--{name}: unknown option (未知选项)");
                }
                continue;
            }
            o.Positionals.Add(a);
        }
        return o;
    }

    public string? Get(string name) => named.TryGetValue(name, out var v) ? v : null;

    /// <summary>Checks <c>--lang</c> (zh or en) and records an error for anything else.</summary>
    public void CheckLanguage()
    {
        if (Get("lang") is { } lang && lang is not ("zh" or "en")) Errors.Add($"--lang: must be zh or en, not \"{lang}\" (语言应为 zh 或 en)");
    }

    public bool Has(string name) => named.ContainsKey(name);
}
