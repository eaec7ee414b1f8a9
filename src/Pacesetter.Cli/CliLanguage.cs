using Pacesetter.Scoring;

namespace Pacesetter.Cli;

/// <summary>A message of the command line in Chinese and English; <see cref="In"/> picks the run's language.</summary>
public sealed record CliText(string Zh, string En)
{
    public string In(Language language) => language == Language.Chinese ? Zh : En;

    /// <summary>A line that reads the same in both languages: the operator tools' (db, token, audit) "English (中文)" lines.</summary>
    public static implicit operator CliText(string both) => new(both, both);
}

/// <summary>
/// The language a run speaks (ADR 0016): <c>--lang zh|en</c> when given, else the environment variable
/// <c>PACESETTER_LANG</c> (zh or en), else Chinese, as the web application.
/// </summary>
public static class CliLanguage
{
    public const string Variable = "PACESETTER_LANG";

    /// <summary>zh, zh-CN, zh-Hans → Chinese; en, en-US, en-GB → English; anything else → null.</summary>
    public static Language? Parse(string? value) => value?.Trim() switch
    {
        "zh" or "zh-CN" or "zh-Hans" or "zh_CN" => Language.Chinese,
        "en" or "en-US" or "en-GB" or "en_US" or "en_GB" => Language.English,
        _ => null,
    };

    /// <summary>The run's language; a value that is not a language falls back to the next source (the problem is reported by <see cref="Options.CheckLanguage"/>).</summary>
    public static Language Of(Options o, CliContext ctx) =>
        Parse(o.Get("lang")) ?? Parse(ctx.Variable(Variable)) ?? Language.Chinese;

    /// <summary>The language of a run that has not parsed its options yet: <c>--lang</c> anywhere in the arguments, else as <see cref="Of"/>.</summary>
    public static Language Of(string[] args, CliContext ctx)
    {
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--lang" && i + 1 < args.Length && Parse(args[i + 1]) is { } l) return l;
            if (args[i].StartsWith("--lang=", StringComparison.Ordinal) && Parse(args[i][7..]) is { } m) return m;
        }
        return Parse(ctx.Variable(Variable)) ?? Language.Chinese;
    }
}
