using System.Text;
using System.Text.Json;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.Scoring.Surveys;

/// <summary>
/// Reads a survey (surveys.md §1), its ballots (§2), or the file of <c>pacesetter survey</c> (§5:
/// <c>{"survey": {…}, "ballots": [{…}]}</c>). Every problem is collected with its JSON path;
/// <see cref="InvalidInputException"/> carries them all.
/// <para>What a survey may leave out: <c>name</c> (its id), <c>period</c>, an option's <c>name</c> (its id) and
/// <c>satisfied</c> (false), <c>abstain</c> (false), <c>topQuota</c> (no quota), a group's <c>name</c> (its id),
/// <c>trim</c> and <c>excludeSelf</c> (false), <c>trimMin</c> (5). What it may not: an unknown or repeated field; no unit, option or group; a repeated id; points outside
/// [0, 100]; a <c>topQuota</c> outside [0, 1]; a weight that is not positive; a <c>trimMin</c> below 3 (trimming
/// two of fewer ratings leaves none).</para>
/// <para>A ballot's shape is checked here (its group known, its rater given exactly where the group excludes
/// self-rating, each rating an option id or <c>null</c> for none); what makes it invalid — a unit not on the survey,
/// an unknown option, a unit unrated, the quota — is counted by the tally, not refused (§5).</para>
/// </summary>
public static class SurveyReader
{
    private static readonly string[] FileFields = ["survey", "ballots"];
    private static readonly string[] SurveyFields = ["id", "name", "period", "units", "options", "abstain", "topQuota", "groups"];
    private static readonly string[] OptionFields = ["id", "name", "points", "satisfied"];
    private static readonly string[] GroupFields = ["id", "name", "weight", "trim", "trimMin", "excludeSelf"];
    private static readonly string[] BallotFields = ["group", "rater", "ratings"];

    /// <summary>The most units a survey rates (a province's towns and departments).</summary>
    public const int MaxUnits = 2000;

    /// <summary>The most options: a ballot offers a handful (优秀/称职/基本称职/不称职).</summary>
    public const int MaxOptions = 20;

    /// <summary>The most rater groups.</summary>
    public const int MaxGroups = 20;

    /// <summary>The longest id (a unit code, an option or group id): the web application's codes.</summary>
    public const int MaxId = 64;

    /// <summary>The longest name.</summary>
    public const int MaxName = 200;

    /// <summary>The most ballots a <c>pacesetter survey</c> file holds.</summary>
    public const int MaxBallots = 1_000_000;

    /// <summary>The smallest <c>trimMin</c>: trimming drops two ratings and keeps at least one.</summary>
    public const int MinTrimMin = 3;

    /// <summary>Reads the file of <c>pacesetter survey</c>.</summary>
    /// <exception cref="InvalidInputException">the text is empty, not JSON, or not a valid survey file.</exception>
    public static SurveyFile ReadFile(ReadOnlyMemory<byte> utf8)
    {
        using var document = Parse(utf8);
        var input = new JsonInput();
        var root = document.RootElement;
        Survey? survey = null;
        var ballots = new List<Ballot>();
        if (input.Fields(root, JsonPath.Root, FileFields))
        {
            var spath = JsonPath.Field(JsonPath.Root, "survey");
            if (!JsonInput.TryField(root, "survey", out var surveyElement)) input.Add(spath, "is required", "必填");
            else survey = ReadSurvey(surveyElement, spath, input);
            var bpath = JsonPath.Field(JsonPath.Root, "ballots");
            if (!JsonInput.TryField(root, "ballots", out var ballotsElement)) input.Add(bpath, "is required (an empty list when none was cast)", "必填（尚无选票时为空列表 []）");
            else if (survey is not null) ballots = ReadBallots(survey, ballotsElement, bpath, MaxBallots, input);
            // A survey with problems of its own: the ballots are still checked, against the groups it names, so that
            // every problem of the file is reported at once (scoring.md §8, which surveys.md §5 follows).
            else ReadBallots(NamedGroups(surveyElement), ballotsElement, bpath, MaxBallots, input);
        }
        if (input.Problems.Count > 0) throw new InvalidInputException(input.Problems);
        return new SurveyFile(survey!, ballots);
    }

    /// <inheritdoc cref="ReadFile(ReadOnlyMemory{byte})"/>
    public static SurveyFile ReadFile(string json) => ReadFile(Encoding.UTF8.GetBytes(json));

    /// <summary>Reads a survey object (surveys.md §1), as <c>PUT …/surveys/{id}</c> takes it.</summary>
    public static Survey ReadSurvey(ReadOnlyMemory<byte> utf8)
    {
        using var document = Parse(utf8);
        var input = new JsonInput();
        var survey = ReadSurvey(document.RootElement, JsonPath.Root, input);
        if (input.Problems.Count > 0) throw new InvalidInputException(input.Problems);
        return survey!;
    }

    /// <summary>Reads a list of ballots of <paramref name="survey"/> (§2), or <c>{"ballots": […]}</c>, at most <paramref name="max"/>.</summary>
    public static List<Ballot> ReadBallots(Survey survey, ReadOnlyMemory<byte> utf8, int max)
    {
        using var document = Parse(utf8);
        var input = new JsonInput();
        var root = document.RootElement;
        var path = JsonPath.Root;
        if (root.ValueKind == JsonValueKind.Object && input.Fields(root, path, ["ballots"]))
        {
            path = JsonPath.Field(path, "ballots");
            if (!JsonInput.TryField(root, "ballots", out root)) input.Add(path, "is required", "必填");
        }
        var ballots = input.Problems.Count == 0 ? ReadBallots(survey, root, path, max, input) : [];
        if (input.Problems.Count > 0) throw new InvalidInputException(input.Problems);
        return ballots;
    }

    /// <summary>Reads one ballot's <c>{"ratings": {…}}</c> as the phone page posts it (the group and rater come from its link).</summary>
    public static Ballot ReadCast(Survey survey, string group, string? rater, ReadOnlyMemory<byte> utf8)
    {
        using var document = Parse(utf8);
        var input = new JsonInput();
        Ballot? ballot = null;
        if (input.Fields(document.RootElement, JsonPath.Root, ["ratings"]))
        {
            var ratings = Ratings(document.RootElement, JsonPath.Root, input);
            if (ratings is not null) ballot = new Ballot(group, rater, ratings);
        }
        if (input.Problems.Count > 0 || ballot is null) throw new InvalidInputException(input.Problems);
        return ballot;
    }

    private static JsonDocument Parse(ReadOnlyMemory<byte> utf8)
    {
        if (utf8.Span.StartsWith("\uFEFF"u8)) utf8 = utf8[3..];
        if (JsonScan.Text(utf8.Span) is { Count: > 0 } scan) throw new InvalidInputException(scan);
        var document = JsonInput.Parse(utf8, out var problem);
        return document ?? throw new InvalidInputException([problem!]);
    }

    private static Survey? ReadSurvey(JsonElement element, string path, JsonInput input)
    {
        if (!input.Fields(element, path, SurveyFields)) return null;
        int before = input.Problems.Count;
        var id = Id(element, path, "id", required: true, input);
        var name = Name(element, path, "name", input);
        var period = input.String(element, path, "period", required: false);
        if (period is not null && !Periods.IsValid(period.Trim()))
        {
            input.Add(JsonPath.Field(path, "period"), $"\"{period}\" is not a period such as 2026-10, 2026-Q3, 2026-H1 or 2026", $"“{period}”不是考核周期，应如 2026-10、2026-Q3、2026-H1 或 2026");
        }

        var units = new List<string>();
        var upath = JsonPath.Field(path, "units");
        if (List(element, upath, "units", MaxUnits, input) is { } unitsElement)
        {
            var first = new Dictionary<string, int>(StringComparer.Ordinal);
            int i = 0;
            foreach (var u in unitsElement.EnumerateArray())
            {
                int at = i++;
                var p = JsonPath.Index(upath, at);
                if (IdValue(u, p, input) is not { } unit) continue;
                if (!first.TryAdd(unit, at)) input.Add(p, $"unit \"{unit}\" is listed twice (first at {JsonPath.Index(upath, first[unit])})", $"单位“{unit}”重复（首次出现于 {JsonPath.Index(upath, first[unit])}）");
                else units.Add(unit);
            }
        }

        var options = new List<SurveyOption>();
        var opath = JsonPath.Field(path, "options");
        if (List(element, opath, "options", MaxOptions, input) is { } optionsElement)
        {
            var first = new Dictionary<string, int>(StringComparer.Ordinal);
            int i = 0;
            foreach (var o in optionsElement.EnumerateArray())
            {
                int at = i++;
                var p = JsonPath.Index(opath, at);
                if (!input.Fields(o, p, OptionFields)) continue;
                var oid = Id(o, p, "id", required: true, input);
                var oname = Name(o, p, "name", input);
                var points = input.Number(o, p, "points", required: true);
                if (points is { } pts && (pts < 0 || pts > 100))
                {
                    input.Add(JsonPath.Field(p, "points"), "must be between 0 and 100", "应在 0 到 100 之间");
                    points = null;
                }
                var satisfied = input.Bool(o, p, "satisfied") ?? false;
                if (oid is null || points is null) continue;
                if (!first.TryAdd(oid, at)) input.Add(JsonPath.Field(p, "id"), $"duplicate option id \"{oid}\" (first at {JsonPath.Field(JsonPath.Index(opath, first[oid]), "id")})", $"选项编号“{oid}”重复（首次出现于 {JsonPath.Field(JsonPath.Index(opath, first[oid]), "id")}）");
                else options.Add(new SurveyOption(oid, oname ?? oid, points.Value, satisfied));
            }
        }

        var abstain = input.Bool(element, path, "abstain") ?? false;
        var topQuota = input.Number(element, path, "topQuota", required: false);
        if (topQuota is { } q && (q < 0 || q > 1))
        {
            input.Add(JsonPath.Field(path, "topQuota"), "must be a fraction between 0 and 1, e.g. 0.3", "应为 0 到 1 之间的比例，如 0.3");
        }

        var groups = new List<SurveyGroup>();
        var gpath = JsonPath.Field(path, "groups");
        if (List(element, gpath, "groups", MaxGroups, input) is { } groupsElement)
        {
            var first = new Dictionary<string, int>(StringComparer.Ordinal);
            int i = 0;
            foreach (var g in groupsElement.EnumerateArray())
            {
                int at = i++;
                var p = JsonPath.Index(gpath, at);
                if (!input.Fields(g, p, GroupFields)) continue;
                var gid = Id(g, p, "id", required: true, input);
                var gname = Name(g, p, "name", input);
                var weight = input.Number(g, p, "weight", required: true);
                if (weight is { } w && w <= 0)
                {
                    input.Add(JsonPath.Field(p, "weight"), "must be a positive number", "应为正数");
                    weight = null;
                }
                var trim = input.Bool(g, p, "trim") ?? false;
                var trimMin = input.WholeNumber(g, p, "trimMin", required: false, min: MinTrimMin) ?? SurveyGroup.DefaultTrimMin;
                var excludeSelf = input.Bool(g, p, "excludeSelf") ?? false;
                if (gid is null || weight is null) continue;
                if (!first.TryAdd(gid, at)) input.Add(JsonPath.Field(p, "id"), $"duplicate group id \"{gid}\" (first at {JsonPath.Field(JsonPath.Index(gpath, first[gid]), "id")})", $"评价群体编号“{gid}”重复（首次出现于 {JsonPath.Field(JsonPath.Index(gpath, first[gid]), "id")}）");
                else groups.Add(new SurveyGroup(gid, gname ?? gid, weight.Value, trim, trimMin, excludeSelf));
            }
        }
        if (input.Problems.Count > before || id is null) return null;
        return new Survey(id, name ?? id, period?.Trim(), units, options, abstain, topQuota, groups);
    }

    /// <summary>A group as a ballot is checked against it: its id and whether it excludes self-rating (null: not known).</summary>
    private sealed record BallotGroup(string Id, bool? ExcludeSelf);

    private static List<Ballot> ReadBallots(Survey survey, JsonElement element, string path, int max, JsonInput input) =>
        ReadBallots(survey.Groups.Select(g => new BallotGroup(g.Id, g.ExcludeSelf)).ToList(), element, path, max, input);

    /// <summary>
    /// The groups a survey with problems names: each with a string id, first of its id, and its <c>excludeSelf</c> when
    /// that is true or false; null when it names none (a ballot's group and rater are then not checked).
    /// </summary>
    private static List<BallotGroup>? NamedGroups(JsonElement survey)
    {
        if (!JsonInput.TryField(survey, "groups", out var groups) || groups.ValueKind != JsonValueKind.Array) return null;
        var named = new List<BallotGroup>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var g in groups.EnumerateArray())
        {
            if (!JsonInput.TryField(g, "id", out var idElement) || idElement.ValueKind != JsonValueKind.String) continue;
            var id = idElement.GetString()!.Trim();
            if (id.Length == 0 || !seen.Add(id)) continue;
            bool? excludeSelf = !JsonInput.TryField(g, "excludeSelf", out var e) ? false
                : e.ValueKind is JsonValueKind.True or JsonValueKind.False ? e.GetBoolean() : null;
            named.Add(new BallotGroup(id, excludeSelf));
        }
        return named.Count == 0 ? null : named;
    }

    /// <param name="groups">the survey's groups; null when not known (a survey without readable groups).</param>
    private static List<Ballot> ReadBallots(IReadOnlyList<BallotGroup>? groups, JsonElement element, string path, int max, JsonInput input)
    {
        var byId = groups?.ToDictionary(g => g.Id, StringComparer.Ordinal);
        var ballots = new List<Ballot>();
        if (!input.Array(element, path)) return ballots;
        if (element.GetArrayLength() > max)
        {
            input.Add(path, $"at most {max} ballots", $"最多 {max} 张选票");
            return ballots;
        }
        int i = 0;
        foreach (var b in element.EnumerateArray())
        {
            var p = JsonPath.Index(path, i++);
            if (!input.Fields(b, p, BallotFields)) continue;
            // Ids are read as the survey's are (IdValue): without surrounding spaces, so that " D1" names D1 on both sides.
            var group = input.String(b, p, "group", required: true)?.Trim();
            BallotGroup? g = null;
            if (group is not null && byId is not null)
            {
                if (!byId.TryGetValue(group, out g)) input.Add(JsonPath.Field(p, "group"), $"unknown group \"{group}\" (the survey's: {string.Join(", ", groups!.Select(x => x.Id))})", $"没有评价群体“{group}”（本测评的群体：{string.Join("、", groups!.Select(x => x.Id))}）");
            }
            var rater = input.String(b, p, "rater", required: false)?.Trim();
            if (g is not null && g.ExcludeSelf == true && rater is null)
            {
                input.Add(JsonPath.Field(p, "rater"), $"is required: group \"{g.Id}\" excludes self-rating, so a ballot names its rater's unit", $"必填：群体“{g.Id}”不评本单位，选票须写明评价人所在单位");
            }
            else if (g is not null && g.ExcludeSelf == false && rater is not null)
            {
                input.Add(JsonPath.Field(p, "rater"), $"must be absent: group \"{g.Id}\" does not exclude self-rating, and a ballot stays anonymous", $"不应填写：群体“{g.Id}”不排除自评，选票不记评价人");
            }
            else if (rater is not null && rater.Length > MaxId)
            {
                input.Add(JsonPath.Field(p, "rater"), $"at most {MaxId} characters", $"最多 {MaxId} 个字符");
            }
            var ratings = Ratings(b, p, input);
            if (g is not null && ratings is not null) ballots.Add(new Ballot(g.Id, rater, ratings));
        }
        return ballots;
    }

    /// <summary><c>"ratings": {"D1": "a", "D2": null}</c>: an object of option ids; null is no rating.</summary>
    private static List<KeyValuePair<string, string>>? Ratings(JsonElement ballot, string path, JsonInput input)
    {
        var rpath = JsonPath.Field(path, "ratings");
        if (!JsonInput.TryField(ballot, "ratings", out var ratings))
        {
            input.Add(rpath, "is required: {\"unit\": \"option\", …}", "必填：{\"单位\": \"选项\", …}");
            return null;
        }
        if (ratings.ValueKind != JsonValueKind.Object)
        {
            input.Add(rpath, "must be an object of units and options: {\"D1\": \"a\"}", "应为 {单位: 选项} 形式，如 {\"D1\": \"a\"}");
            return null;
        }
        var list = new List<KeyValuePair<string, string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        bool ok = true;
        foreach (var r in ratings.EnumerateObject())
        {
            var p = JsonPath.Field(rpath, r.Name);
            var unit = r.Name.Trim();
            if (!seen.Add(unit))
            {
                input.Add(p, "appears more than once", "重复出现");
                ok = false;
                continue;
            }
            if (seen.Count > MaxUnits)
            {
                input.Add(rpath, $"at most {MaxUnits} ratings", $"最多 {MaxUnits} 项评价");
                return null;
            }
            if (r.Value.ValueKind == JsonValueKind.Null) continue;
            var option = r.Value.ValueKind == JsonValueKind.String ? r.Value.GetString()!.Trim() : null;
            if (option is null || option.Length > MaxId)
            {
                input.Add(p, "must be an option id such as \"a\" (or null for no rating)", "应为选项编号，如 \"a\"（弃权写 null 或不写）");
                ok = false;
                continue;
            }
            list.Add(new(unit, option));
        }
        return ok ? list : null;
    }

    private static JsonElement? List(JsonElement parent, string path, string name, int max, JsonInput input)
    {
        if (!JsonInput.TryField(parent, name, out var element))
        {
            input.Add(path, "is required", "必填");
            return null;
        }
        if (!input.Array(element, path)) return null;
        if (element.GetArrayLength() == 0)
        {
            input.Add(path, "must not be empty", "不能为空");
            return null;
        }
        if (element.GetArrayLength() > max)
        {
            input.Add(path, $"at most {max} entries", $"最多 {max} 项");
            return null;
        }
        return element;
    }

    private static string? Id(JsonElement element, string path, string name, bool required, JsonInput input)
    {
        var p = JsonPath.Field(path, name);
        if (!JsonInput.TryField(element, name, out var value))
        {
            if (required) input.Add(p, "is required", "必填");
            return null;
        }
        return IdValue(value, p, input);
    }

    private static string? IdValue(JsonElement value, string path, JsonInput input)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            input.Add(path, "must be a string", "应为文字（加引号的字符串）");
            return null;
        }
        var s = value.GetString()!.Trim();
        if (s.Length == 0) input.Add(path, "must not be empty", "不能为空");
        else if (s.Length > MaxId) input.Add(path, $"at most {MaxId} characters", $"最多 {MaxId} 个字符");
        else if (s.Any(char.IsControl)) input.Add(path, "must not hold control characters", "不能含控制字符");
        else return s;
        return null;
    }

    private static string? Name(JsonElement element, string path, string name, JsonInput input)
    {
        var text = input.String(element, path, name, required: false);
        if (text is null) return null;
        if (text.Length > MaxName)
        {
            input.Add(JsonPath.Field(path, name), $"at most {MaxName} characters", $"最多 {MaxName} 个字");
            return null;
        }
        if (text.Any(char.IsControl))
        {
            input.Add(JsonPath.Field(path, name), "must not hold control characters", "不能含控制字符");
            return null;
        }
        return text.Trim();
    }
}
