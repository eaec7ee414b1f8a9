namespace Pacesetter.Scoring;

/// <summary>One thing wrong with an input file: where (a JSON path such as <c>$.data.T9</c>) and what, in English and Chinese.</summary>
public sealed record Problem(string Path, string English, string Chinese)
{
    public string Message(Language language) => language == Language.Chinese ? Chinese : English;

    /// <summary>
    /// The problem on one line (§8: one line per problem): a control or line-separating character that an id of the
    /// file carries into the path or the message is written escaped (<c>\n</c>, <c>\u001B</c>).
    /// </summary>
    public string Line(Language language) => OneLine($"{Path}: {Message(language)}");

    private static string OneLine(string text)
    {
        int i = 0;
        while (i < text.Length && !Breaks(text[i])) i++;
        if (i == text.Length) return text;
        var sb = new System.Text.StringBuilder(text.Length + 8).Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (!Breaks(c)) sb.Append(c);
            else if (c == '\n') sb.Append("\\n");
            else if (c == '\r') sb.Append("\\r");
            else if (c == '\t') sb.Append("\\t");
            else sb.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    private static bool Breaks(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';

    public override string ToString() => Line(Language.English);
}

public enum Language
{
    Chinese,
    English,
}

/// <summary>Thrown by an operation whose input was found invalid; carries every problem, not just the first.</summary>
public sealed class InvalidInputException(IReadOnlyList<Problem> problems)
    : Exception(string.Join(Environment.NewLine, problems.Select(p => p.ToString())))
{
    public IReadOnlyList<Problem> Problems { get; } = problems;
}

/// <summary>JSON path building: <c>$.a.b[0]</c>, with bracket notation for keys that are not plain identifiers.</summary>
public static class JsonPath
{
    public const string Root = "$";

    public static string Field(string parent, string key)
    {
        foreach (var ch in key)
        {
            if (!(char.IsAsciiLetterOrDigit(ch) || ch == '_' || ch == '-'))
            {
                return $"{parent}['{key.Replace("\\", "\\\\").Replace("'", "\\'")}']";
            }
        }
        return key.Length == 0 ? $"{parent}['']" : $"{parent}.{key}";
    }

    public static string Index(string parent, int index) => $"{parent}[{index}]";
}
