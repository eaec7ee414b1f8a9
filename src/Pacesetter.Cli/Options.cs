using Pacesetter.Scoring;

namespace Pacesetter.Cli;

/// <summary>A small argument parser: positionals, <c>--name value</c>, <c>--name=value</c> and flags.</summary>
public sealed class Options
{
    private readonly Dictionary<string, string?> named = new(StringComparer.Ordinal);

    public List<string> Positionals { get; } = [];
    /// <summary>Usage problems, each in both languages; <see cref="Report"/> writes them in the run's language.</summary>
    public List<CliText> Errors { get; } = [];
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
                            o.Errors.Add(new($"--{name}：缺少取值", $"--{name}: a value is required"));
                            continue;
                        }
                        value = args[++i];
                    }
                    o.named[name] = value;
                }
                else
                {
                    o.Errors.Add(new($"--{name}：未知选项", $"--{name}: unknown option"));
                }
                continue;
            }
            o.Positionals.Add(a);
        }
        return o;
    }

    public string? Get(string name) => named.TryGetValue(name, out var v) ? v : null;

    /// <summary>Checks <c>--lang</c> and <c>PACESETTER_LANG</c> (zh or en) and records an error for anything else.</summary>
    public void CheckLanguage(CliContext ctx)
    {
        if (Get("lang") is { } lang && CliLanguage.Parse(lang) is null)
        {
            Errors.Add(new($"--lang：语言应为 zh（中文）或 en（英文），而不是“{lang}”", $"--lang: must be zh or en, not \"{lang}\""));
        }
        else if (Get("lang") is null && ctx.Variable(CliLanguage.Variable) is { Length: > 0 } env && CliLanguage.Parse(env) is null)
        {
            Errors.Add(new($"环境变量 {CliLanguage.Variable}：语言应为 zh（中文）或 en（英文），而不是“{env}”", $"environment variable {CliLanguage.Variable}: must be zh or en, not \"{env}\""));
        }
    }

    /// <summary>The operator tools' (db, token, audit) lines: "English (中文)", as their messages from the server's layers.</summary>
    public bool ReportBilingual(CliContext ctx, string prefix)
    {
        foreach (var e in Errors) ctx.Error.WriteLine(e.Zh == e.En ? $"{prefix}: {e.En}" : $"{prefix}: {e.En} ({e.Zh})");
        return Errors.Count > 0;
    }

    /// <summary>Writes every usage problem, one line each after <paramref name="prefix"/>; true when there were any.</summary>
    public bool Report(CliContext ctx, string prefix, Language language)
    {
        foreach (var e in Errors) ctx.Error.WriteLine($"{prefix}: {e.In(language)}");
        return Errors.Count > 0;
    }

    public bool Has(string name) => named.ContainsKey(name);
}
