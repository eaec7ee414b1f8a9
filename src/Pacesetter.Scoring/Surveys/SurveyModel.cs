namespace Pacesetter.Scoring.Surveys;

/// <summary>An answer a rater may give (surveys.md §1): listed best first; <see cref="Satisfied"/> counts towards satisfaction.</summary>
public sealed record SurveyOption(string Id, string Name, decimal Points, bool Satisfied);

/// <summary>
/// A rater group (surveys.md §1): its weight (any positive number; the weights are normalised), whether one highest
/// and one lowest rating of a unit are dropped once there are at least <see cref="TrimMin"/>, and whether a rater's
/// rating of its own unit is ignored.
/// </summary>
public sealed record SurveyGroup(string Id, string Name, decimal Weight, bool Trim, int TrimMin, bool ExcludeSelf)
{
    /// <summary>The spec's default <c>trimMin</c>.</summary>
    public const int DefaultTrimMin = 5;
}

/// <summary>
/// A survey (surveys.md §1). <see cref="Period"/> may be absent in a file read by <c>pacesetter survey</c>; the web
/// application requires it. The base indicator a closed survey feeds (§4) names the survey in the scheme
/// (<c>"source": "surveys/{id}"</c>, ADR 0043), not here.
/// </summary>
public sealed record Survey(string Id, string Name, string? Period, IReadOnlyList<string> Units, IReadOnlyList<SurveyOption> Options,
    bool Abstain, decimal? TopQuota, IReadOnlyList<SurveyGroup> Groups)
{
    private Dictionary<string, int>? unitIndex;
    private Dictionary<string, int>? optionIndex;
    private Dictionary<string, int>? groupIndex;

    /// <summary>The position of a unit in <see cref="Units"/>, or −1.</summary>
    public int UnitIndex(string unit) => (unitIndex ??= Index(Units)).GetValueOrDefault(unit, -1);

    /// <summary>The position of an option in <see cref="Options"/>, or −1.</summary>
    public int OptionIndex(string option) => (optionIndex ??= Index(Options.Select(o => o.Id))).GetValueOrDefault(option, -1);

    /// <summary>The position of a group in <see cref="Groups"/>, or −1.</summary>
    public int GroupIndex(string group) => (groupIndex ??= Index(Groups.Select(g => g.Id))).GetValueOrDefault(group, -1);

    /// <summary>
    /// How many units may get the first option on a ballot that has <paramref name="units"/> units to rate:
    /// <c>floor(topQuota × n)</c>; null without a quota.
    /// </summary>
    public int? TopLimit(int units) => TopQuota is { } q ? (int)decimal.Floor(q * units) : null;

    private static Dictionary<string, int> Index(IEnumerable<string> ids)
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        int i = 0;
        foreach (var id in ids) map.TryAdd(id, i++);
        return map;
    }
}

/// <summary>
/// A ballot as written (surveys.md §2): its group, its rater's unit (only in a group that excludes self-rating) and
/// its ratings, unit → option id, in the order written. A rating of <c>null</c> is read as no rating (an abstention).
/// </summary>
public sealed record Ballot(string Group, string? Rater, IReadOnlyList<KeyValuePair<string, string>> Ratings);

/// <summary>Why a ballot counts only as invalid (surveys.md §2), or that it is valid.</summary>
public enum BallotValidity
{
    Valid,
    /// <summary>It rates no unit (after its rater's own unit is removed).</summary>
    Empty,
    /// <summary>It rates a unit that is not on the survey.</summary>
    UnknownUnit,
    /// <summary>It rates a unit with an option the survey does not have.</summary>
    UnknownOption,
    /// <summary>It leaves a unit unrated while the survey does not allow abstaining.</summary>
    Unrated,
    /// <summary>It gives the first option to more units than the top quota allows.</summary>
    OverQuota,
}

/// <summary>
/// A ballot in the survey's terms, as the tally reads it and the web application stores it: the group's position,
/// the rater's unit (and its position, −1 when not on the survey), and one code per survey unit — the option's
/// position, <see cref="Unrated"/> or <see cref="Unknown"/> — plus whether it rated a unit not on the survey.
/// </summary>
public sealed class CodedBallot
{
    public const byte Unrated = 255;
    public const byte Unknown = 254;

    public CodedBallot(int group, string? rater, int raterIndex, byte[] codes, bool foreignUnit)
    {
        Group = group;
        Rater = rater;
        RaterIndex = raterIndex;
        Codes = codes;
        ForeignUnit = foreignUnit;
    }

    public int Group { get; }
    public string? Rater { get; }
    public int RaterIndex { get; }
    public byte[] Codes { get; }
    public bool ForeignUnit { get; }

    /// <summary>Codes a written ballot of a known group (the caller has checked the group).</summary>
    public static CodedBallot From(Survey survey, Ballot ballot)
    {
        int group = survey.GroupIndex(ballot.Group);
        if (group < 0) throw new ArgumentException($"unknown group {ballot.Group}", nameof(ballot));
        var codes = new byte[survey.Units.Count];
        Array.Fill(codes, Unrated);
        bool foreign = false;
        foreach (var (unit, option) in ballot.Ratings)
        {
            int u = survey.UnitIndex(unit);
            if (u < 0)
            {
                foreign |= Foreign(survey, group, ballot.Rater, unit);
                continue;
            }
            int o = survey.OptionIndex(option);
            codes[u] = o < 0 ? Unknown : (byte)o;
        }
        int rater = ballot.Rater is null ? -1 : survey.UnitIndex(ballot.Rater);
        return new CodedBallot(group, ballot.Rater, rater, codes, foreign);
    }

    /// <summary>
    /// Whether a rating of <paramref name="unit"/>, a unit not on the survey, makes the ballot invalid: yes, unless it is
    /// the rater's own unit in a group that excludes self-rating — §2 removes that rating first, whether or not the
    /// rater's unit is on the survey.
    /// </summary>
    public static bool Foreign(Survey survey, int group, string? rater, string unit) =>
        !(group >= 0 && survey.Groups[group].ExcludeSelf && rater is not null && unit == rater);

    /// <summary>The unit whose rating is removed first (the rater's own, in a group that excludes self-rating), or −1.</summary>
    public int SelfIndex(Survey survey) => survey.Groups[Group].ExcludeSelf ? RaterIndex : -1;

    /// <summary>How many units this ballot has to rate: the survey's, less the rater's own in a group that excludes self-rating.</summary>
    public int UnitsToRate(Survey survey) => survey.Units.Count - (SelfIndex(survey) >= 0 ? 1 : 0);

    /// <summary>How many units this ballot gives the first option (its own unit's rating removed).</summary>
    public int TopCount(Survey survey)
    {
        int self = SelfIndex(survey), top = 0;
        for (int u = 0; u < Codes.Length; u++)
        {
            if (u != self && Codes[u] == 0) top++;
        }
        return top;
    }

    /// <summary>The rules of surveys.md §2, in their order: a rating of the rater's own unit removed first, then no unit, a unit or option unknown, a unit unrated without abstaining, the top quota.</summary>
    public BallotValidity Validity(Survey survey)
    {
        int self = SelfIndex(survey);
        int rated = 0, top = 0;
        bool unknownOption = false, unrated = false;
        var codes = Codes;
        for (int u = 0; u < codes.Length; u++)
        {
            if (u == self) continue;
            byte c = codes[u];
            if (c == Unrated)
            {
                unrated = true;
                continue;
            }
            rated++;
            if (c == Unknown) unknownOption = true;
            else if (c == 0) top++;
        }
        if (rated == 0 && !ForeignUnit) return BallotValidity.Empty;
        if (ForeignUnit) return BallotValidity.UnknownUnit;
        if (unknownOption) return BallotValidity.UnknownOption;
        if (unrated && !survey.Abstain) return BallotValidity.Unrated;
        if (survey.TopLimit(UnitsToRate(survey)) is { } limit && top > limit) return BallotValidity.OverQuota;
        return BallotValidity.Valid;
    }
}

/// <summary>One group's figure for a unit: the mean of its ratings counted (null without one) and how many.</summary>
public sealed record GroupMean(decimal? Mean, int Count);

/// <summary>One unit's result (surveys.md §3).</summary>
public sealed record UnitTally(string Unit, decimal? Score, decimal? Satisfaction, IReadOnlyList<GroupMean> Groups);

/// <summary>The result of a survey (surveys.md §3): ballots cast, valid and invalid, and each unit in the survey's order.</summary>
public sealed record SurveyResult(Survey Survey, int Cast, int Valid, int Invalid, IReadOnlyList<UnitTally> Units);

/// <summary>A survey file of <c>pacesetter survey</c> (surveys.md §5): the survey and its ballots.</summary>
public sealed record SurveyFile(Survey Survey, IReadOnlyList<Ballot> Ballots);
