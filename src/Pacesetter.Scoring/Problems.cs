namespace Pacesetter.Scoring;

/// <summary>One thing wrong with an input file: where (a JSON path such as <c>$.data.T9</c>) and what, in English and Chinese.</summary>
public sealed record Problem(string Path, string English, string Chinese)
{
    public string Message(Language language) => language == Language.Chinese ? Chinese : English;

    public string Line(Language language) => $"{Path}: {Message(language)}";

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
