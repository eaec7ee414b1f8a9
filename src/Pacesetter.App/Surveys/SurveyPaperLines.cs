using System.Globalization;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Surveys;

namespace Pacesetter.App.Surveys;

/// <summary>
/// 纸质选票快速录入 (issue #12 §4): one ballot a line, typed from the paper with the keyboard alone. A line holds the option
/// ids of the survey's units in the survey's order, separated by spaces or commas — or written together (<c>aabc</c>)
/// when every option id is one character; <c>-</c> is an abstention. In a group that excludes self-rating a line starts
/// with its rater's unit code and a colon (<c>D1: a b - c</c>); it may rate every unit (its own unit's rating is
/// ignored by the tally) or leave its own unit out. Blank lines are skipped; lines are numbered as typed.
/// <para>What is refused is what cannot be a ballot of the survey: a line with the wrong number of ratings, a rater's
/// unit not on the survey, no rater where one is needed — each said as <c>第 3 行：…</c> / <c>line 3: …</c>. An
/// option id the survey does not have is not refused: the ballot is counted invalid, as the paper was (surveys.md §2,
/// issue #12 §7).</para>
/// </summary>
public static class SurveyPaperLines
{
    /// <summary>The most problems listed; the rest are summed up in one.</summary>
    public const int MaxProblems = 100;

    /// <summary>What separates ratings on a line: spaces (also the full-width one), tabs and commas or enumeration commas of either width.</summary>
    private static readonly char[] Separators = [' ', '\t', '\u3000', ',', '，', '、', ';', '；'];

    /// <summary>An abstention: the ASCII hyphen or its full-width form.</summary>
    public static bool IsAbstention(string token) => token is "-" or "－";

    /// <summary>Whether lines may be written without separators: every option id is one character.</summary>
    public static bool Compact(Survey survey) => survey.Options.All(o => o.Id.Length == 1);

    /// <summary>Reads the lines typed for <paramref name="group"/> (a group id of the survey) into ballots, with every problem.</summary>
    public static (List<PaperBallot> Ballots, List<Problem> Problems) Read(Survey survey, string? group, string? text)
    {
        var ballots = new List<PaperBallot>();
        var problems = new List<Problem>();
        SurveyGroup? g = null;
        if (string.IsNullOrWhiteSpace(group)) problems.Add(new Problem("group", "choose the group of raters", "请选择评价群体"));
        else if (survey.GroupIndex(group) is var gi && gi < 0) problems.Add(new Problem("group", $"the survey has no group \"{group}\"", $"本测评没有评价群体“{group}”"));
        else g = survey.Groups[gi];
        var lines = (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var typed = lines.Count(l => l.Trim().Length > 0);
        if (typed == 0) problems.Add(new Problem("lines", "type one ballot a line", "请每行录入一张选票"));
        else if (typed > SurveyService.MaxPaperBallots) problems.Add(new Problem("lines", $"at most {SurveyService.MaxPaperBallots} ballots at once ({typed} typed)", $"一次最多录入 {SurveyService.MaxPaperBallots} 张选票（本次 {typed} 张）"));
        if (g is null || problems.Count > 0) return (ballots, problems);

        int lineProblems = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0) continue;
            var number = i + 1;
            var (ballot, problem) = ReadLine(survey, g, line, number);
            if (problem is not null)
            {
                if (++lineProblems <= MaxProblems) problems.Add(problem);
                continue;
            }
            ballots.Add(new PaperBallot(number, ballot!));
        }
        if (lineProblems > MaxProblems)
        {
            problems.Add(new Problem("lines", $"{lineProblems - MaxProblems} more lines with problems are not listed", $"另有 {lineProblems - MaxProblems} 行有问题，未一一列出"));
        }
        return (ballots, problems);
    }

    private static (Ballot? Ballot, Problem? Problem) ReadLine(Survey survey, SurveyGroup group, string line, int number)
    {
        Problem Line(string english, string chinese) => new($"line {number.ToString(CultureInfo.InvariantCulture)}", $"line {number}: {english}", $"第 {number} 行：{chinese}");

        string? rater = null;
        var rest = line;
        var colon = line.IndexOfAny([':', '：']);
        if (group.ExcludeSelf)
        {
            if (colon < 0) return (null, Line($"start with the rater's unit code and a colon, e.g. {survey.Units[0]}: …", $"应以评价人所在单位的编号加冒号开头，如 {survey.Units[0]}: …"));
            rater = line[..colon].Trim();
            rest = line[(colon + 1)..];
            if (survey.UnitIndex(rater) < 0) return (null, Line($"the rater's unit \"{rater}\" is not a unit of the survey", $"评价人单位“{rater}”不是本测评的单位"));
        }
        else if (colon >= 0 && survey.UnitIndex(line[..colon].Trim()) >= 0)
        {
            return (null, Line($"group \"{group.Name}\" names no rater's unit: leave out \"{line[..(colon + 1)]}\"", $"“{group.Name}”不记评价人单位：请去掉“{line[..(colon + 1)]}”"));
        }

        var tokens = rest.Split(Separators, StringSplitOptions.RemoveEmptyEntries).ToList();
        if (tokens.Count == 1 && tokens[0].Length > 1 && Compact(survey)) tokens = [.. tokens[0].Select(c => c.ToString())];

        int units = survey.Units.Count;
        int self = group.ExcludeSelf ? survey.UnitIndex(rater!) : -1;
        // In a group that excludes self-rating the rater's own unit may be left out: one rating fewer.
        bool ownLeftOut = self >= 0 && tokens.Count == units - 1;
        if (tokens.Count != units && !ownLeftOut)
        {
            return (null, self >= 0
                ? Line($"{units - 1} ratings (without the rater's own unit) or {units} are expected in the units' order, '-' for none; the line has {tokens.Count}",
                       $"应按单位顺序录入 {units - 1} 项（不含本单位）或 {units} 项评价，“-”为弃权；本行有 {tokens.Count} 项")
                : Line($"{units} ratings are expected in the units' order, '-' for none; the line has {tokens.Count}",
                       $"应按单位顺序录入 {units} 项评价，“-”为弃权；本行有 {tokens.Count} 项"));
        }
        var ratings = new List<KeyValuePair<string, string>>();
        int t = 0;
        for (int u = 0; u < units; u++)
        {
            if (ownLeftOut && u == self) continue;
            var token = tokens[t++];
            if (IsAbstention(token)) continue;
            if (token.Length > SurveyReader.MaxId) return (null, Line($"\"{token[..10]}…\" is no option id (at most {SurveyReader.MaxId} characters)", $"“{token[..10]}…”不是选项编号（最多 {SurveyReader.MaxId} 个字符）"));
            ratings.Add(new(survey.Units[u], token));
        }
        return (new Ballot(group.Id, rater, ratings), null);
    }
}
