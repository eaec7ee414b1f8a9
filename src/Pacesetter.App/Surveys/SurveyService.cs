using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Access;
using Pacesetter.App.Data;
using Pacesetter.App.Schemes;
using Pacesetter.App.Supervision.Race;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Schemes;
using Pacesetter.Scoring.Surveys;

namespace Pacesetter.App.Surveys;

/// <summary>A survey with its figures for the list: ballots stored, links made and used.</summary>
public sealed record SurveySummary(StoredSurvey Row, Survey Survey, int Ballots, int Links, int LinksUsed);

/// <summary>What a one-time link opens: its survey, its group and rater, the units' names, whether it was used.</summary>
public sealed record BallotPage(StoredSurvey Row, Survey Survey, SurveyGroup Group, string? Rater, IReadOnlyDictionary<string, string> UnitNames, bool Used);

/// <summary>How a cast through a link ended.</summary>
public enum CastStatus
{
    Cast,
    /// <summary>No such link (or a token that cannot be one): 404, saying nothing more.</summary>
    UnknownLink,
    /// <summary>The survey is closed: 410.</summary>
    Closed,
    /// <summary>The link has cast its ballot already: 409.</summary>
    Used,
    /// <summary>The ballot breaks a rule (§2) or is not a ballot: 400 with why.</summary>
    Invalid,
}

public sealed record CastOutcome(CastStatus Status, IReadOnlyList<Problem> Problems);

/// <summary>A closed survey and what feeding the scheme did (the units whose datum changed per indicator, or that the period is locked).</summary>
public sealed record SurveyClosed(StoredSurvey Row, IReadOnlyList<SystemDatumChange> Fed);

/// <summary>
/// 民主测评 / 满意度测评 (issue #12, surveys.md, ADR 0043): an admin saves a survey (§1) of a period, makes one-time links for
/// a group, and enters paper ballots; anyone holding a link casts one ballot; the tally is the engine's
/// (<see cref="SurveyTally"/>) on the stored ballots; closing feeds every base indicator of the period's scheme whose
/// source is <c>surveys/{id}</c> (system-entered data, <see cref="SystemData"/>). Every write goes through
/// <see cref="OrgWriter"/>; a ballot's audit row says that one was cast, never which (§5).
/// </summary>
public sealed class SurveyService(PacesetterDb db, BallotBox? box = null)
{
    private readonly OrgWriter writer = new(db);

    /// <summary>The stated limits: links per request and per survey, paper ballots per request, a stored survey's JSON.</summary>
    public const int MaxLinksPerRequest = 1000, MaxLinksPerSurvey = 100_000, MaxPaperBallots = 10_000, MaxDocument = 512 * 1024;

    /// <summary>The actor a cast through a link is audited under: nobody in particular.</summary>
    public const string BallotActor = "survey:ballot";

    /// <summary>Who reads surveys and results: admins and leaders. Who writes: admins.</summary>
    public static bool MayRead(Actor actor) => actor.ReadsAll;

    public static Survey Parse(StoredSurvey row) => SurveyReader.ReadSurvey(Encoding.UTF8.GetBytes(row.Document));

    public async Task<StoredSurvey?> GetAsync(int organizationId, string code, CancellationToken ct) =>
        await db.Surveys.AsNoTracking().FirstOrDefaultAsync(s => s.OrganizationId == organizationId && s.Code == code, ct);

    /// <summary>The organization's surveys, newest period first, with their figures.</summary>
    public Task<List<SurveySummary>> ListAsync(int organizationId, CancellationToken ct) => SummariesAsync(organizationId, null, ct);

    /// <summary>One survey with its figures, or null.</summary>
    public async Task<SurveySummary?> SummaryAsync(int organizationId, string code, CancellationToken ct) =>
        (await SummariesAsync(organizationId, code, ct)).SingleOrDefault();

    private async Task<List<SurveySummary>> SummariesAsync(int organizationId, string? code, CancellationToken ct)
    {
        var rows = await db.Surveys.AsNoTracking().Where(s => s.OrganizationId == organizationId && (code == null || s.Code == code)).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var ballots = await db.SurveyBallots.AsNoTracking().Where(b => b.OrganizationId == organizationId && ids.Contains(b.SurveyId))
            .GroupBy(b => b.SurveyId).Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.N, ct);
        var links = await db.SurveyLinks.AsNoTracking().Where(l => l.OrganizationId == organizationId && ids.Contains(l.SurveyId))
            .GroupBy(l => l.SurveyId).Select(g => new { g.Key, N = g.Count(), U = g.Count(l => l.Used) }).ToDictionaryAsync(x => x.Key, x => (x.N, x.U), ct);
        return [.. rows.OrderByDescending(r => r.Period, StringComparer.Ordinal).ThenBy(r => r.Code, StringComparer.Ordinal)
            .Select(r => new SurveySummary(r, Parse(r), ballots.GetValueOrDefault(r.Id), links.GetValueOrDefault(r.Id).N, links.GetValueOrDefault(r.Id).U))];
    }

    /// <summary>The units of the organization (code → name), for naming and checking a survey's units.</summary>
    public async Task<Dictionary<string, string>> UnitNamesAsync(int organizationId, CancellationToken ct) =>
        await db.Units.AsNoTracking().Where(u => u.OrganizationId == organizationId).ToDictionaryAsync(u => u.Code, u => u.Name, StringComparer.Ordinal, ct);

    /// <summary>
    /// <c>PUT …/surveys/{code}</c>: the survey object of §1, all or nothing; a new survey or a change of an open one.
    /// The id is the address's; the period is required; every unit is one of the organization's. Once ballots are
    /// stored, the units, options and groups keep their ids and order and the period stays (the ballots are coded by
    /// position): names, points, weights, trimming and the rules may still change, audited.
    /// </summary>
    public async Task<WriteOutcome<StoredSurvey>> SaveAsync(Actor actor, string code, ReadOnlyMemory<byte> json, int? expectedVersion, CancellationToken ct)
    {
        if (!actor.IsAdmin) return WriteOutcome<StoredSurvey>.Forbidden();
        if (json.Length > MaxDocument) return WriteOutcome<StoredSurvey>.Invalid("$", $"a survey is at most {MaxDocument / 1024} KB", $"测评设置不能超过 {MaxDocument / 1024} KB");
        Survey survey;
        try
        {
            survey = SurveyReader.ReadSurvey(json);
        }
        catch (InvalidInputException e)
        {
            return WriteOutcome<StoredSurvey>.Invalid(e.Problems);
        }
        var problems = new List<Problem>();
        if (CodeProblem(code) is { } bad) problems.Add(bad);
        else if (survey.Id != code) problems.Add(new Problem("$.id", $"must be the address's survey id \"{code}\"", $"应与地址中的测评编号“{code}”一致"));
        if (survey.Period is null) problems.Add(new Problem("$.period", "is required: the period whose scheme the survey feeds, e.g. 2026-Q3", "必填：测评所属考核期，如 2026-Q3"));
        if (problems.Count > 0) return WriteOutcome<StoredSurvey>.Invalid(problems);
        var document = SurveyFileJson.ToJson(survey, null, indented: false);
        return await writer.RunAsync(actor.OrganizationId, actor.UserName, async w =>
        {
            var units = await db.Units.AsNoTracking().Where(u => u.OrganizationId == actor.OrganizationId && u.RetiredAt == null).Select(u => u.Code).ToListAsync(ct);
            var known = units.ToHashSet(StringComparer.Ordinal);
            for (int i = 0; i < survey.Units.Count; i++)
            {
                if (!known.Contains(survey.Units[i])) problems.Add(new Problem($"$.units[{i}]", $"\"{survey.Units[i]}\" is not a unit of the organization", $"“{survey.Units[i]}”不是本组织的单位"));
            }
            if (problems.Count > 0) return WriteOutcome<StoredSurvey>.Invalid(problems);
            var row = await db.Surveys.FirstOrDefaultAsync(s => s.OrganizationId == actor.OrganizationId && s.Code == code, ct);
            var now = DateTimeOffset.UtcNow;
            if (row is null)
            {
                if (expectedVersion is > 0) return WriteOutcome<StoredSurvey>.Conflict(WriteMessages.Changed);
                row = new StoredSurvey { OrganizationId = actor.OrganizationId, Code = code, Period = survey.Period!, Name = survey.Name, Document = document, State = SurveyState.Open, UpdatedBy = actor.UserName, UpdatedAt = now, Version = 1 };
                db.Surveys.Add(row);
                await w.Audit("survey.create", "survey", code, survey.Period, after: document);
                return WriteOutcome<StoredSurvey>.Ok(row);
            }
            if (expectedVersion is { } v && v != row.Version) return WriteOutcome<StoredSurvey>.Conflict(WriteMessages.Changed, row);
            if (row.State == SurveyState.Closed) return WriteOutcome<StoredSurvey>.Conflict(Messages.ClosedForChange, row);
            if (row.Document == document) return WriteOutcome<StoredSurvey>.Ok(row);
            if (await db.SurveyBallots.AnyAsync(b => b.SurveyId == row.Id, ct) && Fixed(Parse(row), survey) is { } change)
            {
                return WriteOutcome<StoredSurvey>.Conflict(change, row);
            }
            var before = row.Document;
            row.Period = survey.Period!;
            row.Name = survey.Name;
            row.Document = document;
            row.UpdatedBy = actor.UserName;
            row.UpdatedAt = now;
            row.Version++;
            await w.Audit("survey.save", "survey", code, survey.Period, before: before, after: document);
            return WriteOutcome<StoredSurvey>.Ok(row);
        }, ct: ct);
    }

    /// <summary>What may not change once ballots are stored, or null when nothing of it does.</summary>
    private static Problem? Fixed(Survey stored, Survey next)
    {
        if (stored.Period != next.Period) return new Problem("$.period", "ballots are stored: the period stays", "已有选票：考核期不能再改");
        if (!stored.Units.SequenceEqual(next.Units, StringComparer.Ordinal)) return new Problem("$.units", "ballots are stored: the units and their order stay", "已有选票：被测评单位及其顺序不能再改");
        if (!stored.Options.Select(o => o.Id).SequenceEqual(next.Options.Select(o => o.Id), StringComparer.Ordinal)) return new Problem("$.options", "ballots are stored: the options' ids and order stay", "已有选票：选项编号及其顺序不能再改");
        if (!stored.Groups.Select(g => (g.Id, g.ExcludeSelf)).SequenceEqual(next.Groups.Select(g => (g.Id, g.ExcludeSelf)))) return new Problem("$.groups", "ballots are stored: the groups' ids, order and self-exclusion stay", "已有选票：评价群体编号、顺序和是否排除自评不能再改");
        return null;
    }

    /// <summary>A survey id as an address and a source (<c>surveys/{id}</c>) take it.</summary>
    public static Problem? CodeProblem(string code)
    {
        if (code.Length == 0 || code.Length > InputLimits.Code || code.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            return new Problem("$.id", $"a survey id is 1–{InputLimits.Code} letters, digits, '-', '_' or '.', e.g. 2026q3-myd", $"测评编号为 1–{InputLimits.Code} 个字母、数字、“-”“_”或“.”，如 2026q3-myd");
        }
        return null;
    }

    /// <summary>
    /// <c>POST …/links</c>: <paramref name="count"/> one-time links for <paramref name="group"/> (with the rater's unit
    /// where the group excludes self-rating, and only there). The tokens are 32 random bytes (base64url, 43
    /// characters); only their SHA-256 is stored, so they are answered once, here.
    /// </summary>
    public async Task<WriteOutcome<List<string>>> CreateLinksAsync(Actor actor, string code, string? group, int? count, string? rater, CancellationToken ct)
    {
        if (!actor.IsAdmin) return WriteOutcome<List<string>>.Forbidden();
        var row = await GetAsync(actor.OrganizationId, code, ct);
        if (row is null) return WriteOutcome<List<string>>.NotFound();
        var survey = Parse(row);
        var problems = new List<Problem>();
        SurveyGroup? g = null;
        if (string.IsNullOrWhiteSpace(group)) problems.Add(new Problem("$.group", "is required", "必填"));
        else if (survey.GroupIndex(group) is var gi && gi < 0) problems.Add(new Problem("$.group", $"the survey has no group \"{group}\"", $"本测评没有评价群体“{group}”"));
        else g = survey.Groups[gi];
        if (count is null) problems.Add(new Problem("$.count", "is required", "必填"));
        else if (count < 1 || count > MaxLinksPerRequest) problems.Add(new Problem("$.count", $"must be between 1 and {MaxLinksPerRequest}", $"应在 1 到 {MaxLinksPerRequest} 之间"));
        if (g is not null)
        {
            if (g.ExcludeSelf && string.IsNullOrEmpty(rater)) problems.Add(new Problem("$.rater", $"is required: group \"{g.Name}\" does not rate its own unit, so a link names its rater's unit", $"必填：“{g.Name}”不评本单位，链接须指明评价人所在单位"));
            else if (!g.ExcludeSelf && rater is not null) problems.Add(new Problem("$.rater", $"must be absent: group \"{g.Name}\" rates every unit and its ballots name nobody", $"不应填写：“{g.Name}”评价全部单位，选票不记评价人单位"));
            else if (rater is not null && survey.UnitIndex(rater) < 0) problems.Add(new Problem("$.rater", $"\"{rater}\" is not a unit of the survey", $"“{rater}”不是本测评的单位"));
        }
        if (problems.Count > 0) return WriteOutcome<List<string>>.Invalid(problems);
        return await writer.RunAsync(actor.OrganizationId, actor.UserName, async w =>
        {
            var current = await db.Surveys.AsNoTracking().FirstAsync(s => s.Id == row.Id, ct);
            if (current.State == SurveyState.Closed) return WriteOutcome<List<string>>.Conflict(Messages.ClosedForChange);
            var existing = await db.SurveyLinks.CountAsync(l => l.SurveyId == row.Id, ct);
            if (existing + count > MaxLinksPerSurvey) return WriteOutcome<List<string>>.Invalid("$.count", $"a survey has at most {MaxLinksPerSurvey} links ({existing} made)", $"每个测评最多 {MaxLinksPerSurvey} 个链接（已生成 {existing} 个）");
            var tokens = new List<string>(count!.Value);
            for (int i = 0; i < count; i++)
            {
                var token = NewToken();
                tokens.Add(token);
                db.SurveyLinks.Add(new SurveyLink { OrganizationId = actor.OrganizationId, SurveyId = row.Id, TokenHash = Hash(token), Group = g!.Id, Rater = rater, Used = false });
            }
            var after = new JsonObject { ["group"] = g!.Id, ["count"] = count, ["rater"] = rater }.ToJsonString();
            await w.Audit("survey.links", "survey", code, row.Period, unit: rater, after: after);
            return WriteOutcome<List<string>>.Ok(tokens);
        }, ct: ct);
    }

    /// <summary>A new token: 32 random bytes, base64url without padding.</summary>
    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Whether <paramref name="token"/> has a token's shape (43 base64url characters): anything else is not looked up.</summary>
    public static bool IsTokenShaped(string? token) => token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));

    /// <summary>What the link opens, or null for an unknown link: one query of the link with its survey, the survey's document only when its parsed form is not at hand, and the units' names.</summary>
    public async Task<BallotPage?> BallotPageAsync(string token, CancellationToken ct)
    {
        if (!IsTokenShaped(token)) return null;
        var hash = Hash(token);
        if (await LinkRows(db, db.SurveyLinks.Where(l => l.TokenHash == hash)).FirstOrDefaultAsync(ct) is not { } found) return null;
        var (row, survey) = (await ParsedAsync(db, box, [(found.SurveyId, found.Version)], ct))[found.SurveyId];
        var names = await db.Units.AsNoTracking().Where(u => u.OrganizationId == found.OrganizationId && survey.Units.Contains(u.Code)).ToDictionaryAsync(u => u.Code, u => u.Name, StringComparer.Ordinal, ct);
        return PageOf(found, row, survey) with { UnitNames = names };
    }

    /// <summary>A link as a cast needs it: its group and rater, whether it was used, and its survey's row, version and state.</summary>
    internal sealed record LinkRow(string TokenHash, string Group, string? Rater, bool Used, int SurveyId, int Version, SurveyState State, int OrganizationId, string Code, string Period);

    /// <summary>The links of <paramref name="links"/> with their surveys, in one query.</summary>
    internal static IQueryable<LinkRow> LinkRows(PacesetterDb db, IQueryable<SurveyLink> links) =>
        links.AsNoTracking().Join(db.Surveys.AsNoTracking(), l => l.SurveyId, s => s.Id,
            (l, s) => new LinkRow(l.TokenHash, l.Group, l.Rater, l.Used, s.Id, s.Version, s.State, s.OrganizationId, s.Code, s.Period));

    /// <summary>
    /// The parsed surveys of <paramref name="wanted"/> (row and version): from the host's cache where its version is at
    /// hand, the others' documents read in one query and parsed once.
    /// </summary>
    internal static async Task<Dictionary<int, (StoredSurvey Row, Survey Survey)>> ParsedAsync(PacesetterDb db, BallotBox? box, IEnumerable<(int Id, int Version)> wanted, CancellationToken ct)
    {
        var parsed = new Dictionary<int, (StoredSurvey, Survey)>();
        var missing = new List<int>();
        foreach (var (id, version) in wanted.Distinct())
        {
            if (box is not null && box.Parsed.TryGetValue(id, out var cached) && cached.Version == version) parsed[id] = (cached.Row, cached.Survey);
            else missing.Add(id);
        }
        if (missing.Count == 0) return parsed;
        foreach (var row in await db.Surveys.AsNoTracking().Where(s => missing.Contains(s.Id)).ToListAsync(ct))
        {
            var survey = Parse(row);
            box?.Parsed[row.Id] = (row.Version, row, survey);
            parsed[row.Id] = (row, survey);
        }
        return parsed;
    }

    /// <summary>What <paramref name="link"/> opens, its survey parsed (the units' names left out: a cast needs none).</summary>
    internal static BallotPage PageOf(LinkRow link, StoredSurvey row, Survey survey)
    {
        var current = new StoredSurvey { Id = link.SurveyId, OrganizationId = link.OrganizationId, Code = link.Code, Period = link.Period, Name = row.Name, Document = row.Document, State = link.State, UpdatedBy = row.UpdatedBy, Version = link.Version };
        return new BallotPage(current, survey, survey.Groups[survey.GroupIndex(link.Group)], link.Rater, new Dictionary<string, string>(), link.Used);
    }

    /// <summary>
    /// <c>POST /s/{token}</c>: casts the link's ballot, <c>{"ratings": {"D1": "a", …}}</c>. A ballot that would be invalid
    /// (§2: no unit rated, a unit or option unknown, a unit unrated without abstaining, the top quota broken) is refused
    /// with why, not counted; a used link (409) and a closed survey (410) change nothing. Under the organization's lock:
    /// the link marked used (only if it was not), the ballot stored without it, one audit row naming the survey only —
    /// done by the host's ballot box for every cast waiting at that moment (ADR 0043). Not cancelled by the caller
    /// leaving: once queued, a ballot is written or refused whole.
    /// </summary>
    public async Task<CastOutcome> CastAsync(string token, ReadOnlyMemory<byte> json, DateTimeOffset now)
    {
        if (!IsTokenShaped(token)) return new CastOutcome(CastStatus.UnknownLink, []);
        var ballots = box ?? throw new InvalidOperationException("casting through a link needs the host's ballot box (AddSurveys)");
        return await ballots.CastAsync(new BallotBox.Request(Hash(token), json, now));
    }

    /// <summary>
    /// A cast checked before any write: refused (the survey closed, the link used, the ballot not a ballot or invalid
    /// with why), or the anonymous row to store — its group, its rater only where the group excludes self-rating, its
    /// codes and the day in Beijing.
    /// </summary>
    internal static (CastOutcome? Refused, SurveyBallot? Row) Prepare(BallotPage page, ReadOnlyMemory<byte> json, DateTimeOffset now)
    {
        if (page.Row.State == SurveyState.Closed) return (new CastOutcome(CastStatus.Closed, [Messages.Closed]), null);
        if (page.Used) return (new CastOutcome(CastStatus.Used, [Messages.Used]), null);
        Ballot ballot;
        try
        {
            ballot = SurveyReader.ReadCast(page.Survey, page.Group.Id, page.Rater, json);
        }
        catch (InvalidInputException e)
        {
            return (new CastOutcome(CastStatus.Invalid, e.Problems), null);
        }
        var coded = CodedBallot.From(page.Survey, ballot);
        var validity = coded.Validity(page.Survey);
        if (validity != BallotValidity.Valid) return (new CastOutcome(CastStatus.Invalid, [Refusal(page.Survey, coded, ballot, validity)]), null);
        return (null, new SurveyBallot
        {
            Id = Guid.NewGuid(),
            OrganizationId = page.Row.OrganizationId,
            SurveyId = page.Row.Id,
            Group = page.Group.Id,
            Rater = page.Group.ExcludeSelf ? page.Rater : null,
            Codes = SurveyCodes.Encode(coded),
            CastOn = DateOnly.FromDateTime(now.ToOffset(TimeSpan.FromHours(8)).DateTime),
        });
    }

    /// <summary>Why a ballot would be invalid, in words for the phone.</summary>
    public static Problem Refusal(Survey survey, CodedBallot coded, Ballot ballot, BallotValidity validity)
    {
        switch (validity)
        {
            case BallotValidity.Empty:
                return new Problem("$.ratings", "rate at least one unit", "请至少评价一个单位");
            case BallotValidity.UnknownUnit:
                var unit = ballot.Ratings.First(r => survey.UnitIndex(r.Key) < 0).Key;
                return new Problem(JsonPath.Field("$.ratings", unit), $"\"{unit}\" is not a unit of this survey", $"“{unit}”不是本次测评的单位");
            case BallotValidity.UnknownOption:
                var bad = ballot.Ratings.First(r => survey.UnitIndex(r.Key) >= 0 && survey.OptionIndex(r.Value) < 0);
                return new Problem(JsonPath.Field("$.ratings", bad.Key), $"\"{bad.Value}\" is not an option ({string.Join(", ", survey.Options.Select(o => o.Id))})", $"“{bad.Value}”不是本次测评的选项（{string.Join("、", survey.Options.Select(o => $"{o.Id} {o.Name}"))}）");
            case BallotValidity.Unrated:
                int self = coded.SelfIndex(survey);
                var missing = Enumerable.Range(0, survey.Units.Count).Where(u => u != self && coded.Codes[u] == CodedBallot.Unrated).Select(u => survey.Units[u]).ToList();
                return new Problem("$.ratings", $"rate every unit: {missing.Count} left ({string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", …" : "")})", $"每个单位都须评价，还有 {missing.Count} 个未评（{string.Join("、", missing.Take(5))}{(missing.Count > 5 ? "等" : "")}）");
            default:
                int limit = survey.TopLimit(coded.UnitsToRate(survey)) ?? 0;
                var top = survey.Options[0].Name;
                return new Problem("$.ratings", $"at most {limit} units may be rated \"{top}\"; this ballot rates {coded.TopCount(survey)}", $"“{top}”最多只能评 {limit} 个单位，本票评了 {coded.TopCount(survey)} 个");
        }
    }

    /// <summary>
    /// <c>POST …/ballots</c>: paper ballots (§2) counted by hand, all or nothing. Their shape is checked (each problem at
    /// its path); a ballot that breaks a rule is stored and counted as invalid, as the paper was.
    /// </summary>
    public async Task<WriteOutcome<(int Valid, int Invalid)>> EnterPaperAsync(Actor actor, string code, IReadOnlyList<Ballot> ballots, DateTimeOffset now, CancellationToken ct, string? source = null)
    {
        if (!actor.IsAdmin) return WriteOutcome<(int, int)>.Forbidden();
        var row = await GetAsync(actor.OrganizationId, code, ct);
        if (row is null) return WriteOutcome<(int, int)>.NotFound();
        if (ballots.Count == 0) return WriteOutcome<(int, int)>.Invalid("$", "no ballot to enter", "没有要录入的选票");
        if (ballots.Count > MaxPaperBallots) return WriteOutcome<(int, int)>.Invalid("$", $"at most {MaxPaperBallots} ballots at once", $"一次最多录入 {MaxPaperBallots} 张选票");
        var survey = Parse(row);
        return await writer.RunAsync(actor.OrganizationId, actor.UserName, async w =>
        {
            var state = await db.Surveys.Where(s => s.Id == row.Id).Select(s => s.State).FirstAsync(ct);
            if (state == SurveyState.Closed) return WriteOutcome<(int, int)>.Conflict(Messages.ClosedForChange);
            int valid = 0;
            var day = DateOnly.FromDateTime(now.ToOffset(TimeSpan.FromHours(8)).DateTime);
            foreach (var ballot in ballots)
            {
                var coded = CodedBallot.From(survey, ballot);
                if (coded.Validity(survey) == BallotValidity.Valid) valid++;
                db.SurveyBallots.Add(new SurveyBallot
                {
                    Id = Guid.NewGuid(),
                    OrganizationId = actor.OrganizationId,
                    SurveyId = row.Id,
                    Group = ballot.Group,
                    Rater = ballot.Rater,
                    Codes = SurveyCodes.Encode(coded),
                    Extra = SurveyCodes.Extra(survey, ballot),
                    CastOn = day,
                });
            }
            var after = new JsonObject { ["ballots"] = ballots.Count, ["valid"] = valid, ["invalid"] = ballots.Count - valid, ["from"] = source }.ToJsonString();
            await w.Audit("survey.paper", "survey", code, row.Period, after: after);
            return WriteOutcome<(int, int)>.Ok((valid, ballots.Count - valid));
        }, ct: ct);
    }

    /// <summary>
    /// The stored ballots as the tally reads them, in no particular order (the tally counts; order does not change it):
    /// only the columns it reads, untracked, each row decoded as it arrives — 100,000 ballots of 200 units are read
    /// without materializing their entities, sorting their random keys or holding the rows beside the codes.
    /// </summary>
    public async Task<List<CodedBallot>> CodedAsync(StoredSurvey row, Survey survey, CancellationToken ct)
    {
        var ballots = new List<CodedBallot>();
        var rows = db.SurveyBallots.AsNoTracking().Where(b => b.OrganizationId == row.OrganizationId && b.SurveyId == row.Id)
            .Select(b => new { b.Group, b.Rater, b.Codes, b.Extra }).AsAsyncEnumerable();
        await foreach (var b in rows.WithCancellation(ct)) ballots.Add(SurveyCodes.Decode(survey, b.Group, b.Rater, b.Codes, b.Extra));
        return ballots;
    }

    /// <summary>The stored ballots as written (§2), in the order of their random keys.</summary>
    public async Task<List<Ballot>> BallotsAsync(StoredSurvey row, Survey survey, CancellationToken ct)
    {
        var rows = await db.SurveyBallots.AsNoTracking().Where(b => b.SurveyId == row.Id).OrderBy(b => b.Id).ToListAsync(ct);
        return [.. rows.Select(b => SurveyCodes.Written(survey, b))];
    }

    /// <summary>The tally of a stored survey (§3), exactly as <c>pacesetter survey</c> gives it on the exported file.</summary>
    public async Task<SurveyResult> ResultAsync(StoredSurvey row, CancellationToken ct)
    {
        var survey = Parse(row);
        return SurveyTally.Tally(survey, await CodedAsync(row, survey, ct));
    }

    /// <summary>The base indicators of the period's current scheme that take this survey's scores (their source is <c>surveys/{id}</c>): id and name.</summary>
    public async Task<List<(string Id, string Name)>> FedIndicatorsAsync(StoredSurvey row, CancellationToken ct)
    {
        var current = await new SchemeStore(db).CurrentAsync(row.OrganizationId, row.Period, ct);
        if (current is null) return [];
        var scheme = SchemeStore.Structure(current.Document);
        if (scheme is null) return [];
        var source = DataSources.Survey(row.Code);
        return [.. scheme.Categories.SelectMany(c => c.Indicators).Where(i => i.Source == source).Select(i => (i.Id, i.Name)).DistinctBy(i => i.Id)];
    }

    /// <summary>
    /// 关闭: the survey takes no more ballots, and every base indicator of the period's scheme whose source is this
    /// survey takes each unit's score as its system-entered datum (§4) — in the same write, audited; a published
    /// period without an open correction keeps its data (the answer says so).
    /// </summary>
    public async Task<WriteOutcome<SurveyClosed>> CloseAsync(Actor actor, string code, CancellationToken ct)
    {
        if (!actor.IsAdmin) return WriteOutcome<SurveyClosed>.Forbidden();
        return await writer.RunAsync(actor.OrganizationId, actor.UserName, async w =>
        {
            var row = await db.Surveys.FirstOrDefaultAsync(s => s.OrganizationId == actor.OrganizationId && s.Code == code, ct);
            if (row is null) return WriteOutcome<SurveyClosed>.NotFound();
            if (row.State == SurveyState.Closed) return WriteOutcome<SurveyClosed>.Conflict(Messages.AlreadyClosed);
            var result = await ResultAsync(row, ct);
            var now = DateTimeOffset.UtcNow;
            row.State = SurveyState.Closed;
            row.ClosedBy = actor.UserName;
            row.ClosedAt = now;
            row.Version++;
            await db.SaveChangesAsync(ct);
            var after = new JsonObject { ["cast"] = result.Cast, ["valid"] = result.Valid, ["invalid"] = result.Invalid }.ToJsonString();
            await w.Audit("survey.close", "survey", code, row.Period, after: after);
            var fedIds = (await FedIndicatorsAsync(row, ct)).Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
            var fed = await SystemData.RefreshInAsync(w, row.Period, now);
            return WriteOutcome<SurveyClosed>.Ok(new SurveyClosed(row, [.. fed.Where(f => fedIds.Contains(f.Indicator))]));
        }, ct: ct);
    }

    /// <summary>重新开启 with a reason: ballots may be cast again, and the indicators it fed have no datum until it is closed again.</summary>
    public async Task<WriteOutcome<StoredSurvey>> ReopenAsync(Actor actor, string code, string? reason, CancellationToken ct)
    {
        if (!actor.IsAdmin) return WriteOutcome<StoredSurvey>.Forbidden();
        if (string.IsNullOrWhiteSpace(reason)) return WriteOutcome<StoredSurvey>.Invalid("$.reason", "is required: why the survey is opened again", "必填：重新开启测评的原因");
        if (reason.Length > InputLimits.Reason || InputLimits.HasNul(reason)) return WriteOutcome<StoredSurvey>.Invalid("$.reason", $"at most {InputLimits.Reason} characters", $"最多 {InputLimits.Reason} 个字");
        return await writer.RunAsync(actor.OrganizationId, actor.UserName, async w =>
        {
            var row = await db.Surveys.FirstOrDefaultAsync(s => s.OrganizationId == actor.OrganizationId && s.Code == code, ct);
            if (row is null) return WriteOutcome<StoredSurvey>.NotFound();
            if (row.State == SurveyState.Open) return WriteOutcome<StoredSurvey>.Conflict(Messages.AlreadyOpen, row);
            row.State = SurveyState.Open;
            row.ClosedBy = null;
            row.ClosedAt = null;
            row.Version++;
            await db.SaveChangesAsync(ct);
            await w.Audit("survey.reopen", "survey", code, row.Period, reason: reason);
            await SystemData.RefreshInAsync(w, row.Period, DateTimeOffset.UtcNow);
            return WriteOutcome<StoredSurvey>.Ok(row);
        }, ct: ct);
    }

    /// <summary>The messages of refusals, in English and Chinese.</summary>
    public static class Messages
    {
        public static readonly Problem Closed = new("$", "this survey is closed: ballots are no longer taken", "本次测评已结束，不再接受投票");
        public static readonly Problem Used = new("$", "this link has cast its ballot already; each link votes once", "此链接已经投过票，每个链接只能投一次");
        public static readonly Problem ClosedForChange = new("$", "the survey is closed: reopen it (with a reason) first", "测评已关闭：请先（说明原因）重新开启");
        public static readonly Problem AlreadyClosed = new("$", "the survey is closed already", "测评已经关闭");
        public static readonly Problem AlreadyOpen = new("$", "the survey is open", "测评未关闭");
    }
}
