using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Access;
using Pacesetter.App.Data;
using Pacesetter.App.DataEntry;
using Pacesetter.App.Organizations;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;

namespace Pacesetter.App.Publication;

/// <summary>What a unit's reporter files: its unit, why, and at most one evidence file (its name and content).</summary>
public sealed record ObjectionFiling(string Unit, string? Reason, string? EvidenceName = null, byte[]? Evidence = null);

/// <summary>An objection as pages and the API show it: without its evidence's content.</summary>
public sealed record ObjectionItem(
    long Id, string Period, int Revision, string Unit, string UnitName, string Reason, string FiledBy, DateTimeOffset FiledAt,
    string? EvidenceName, string? EvidenceType, ObjectionState State, string? Answer, string? AnsweredBy, DateTimeOffset? AnsweredAt, int Version);

/// <summary>
/// A unit's objections of a period and whether the viewer may file one now (the unit's page includes them): the
/// publication's state, the objections with their answers, and why filing is closed when it is.
/// </summary>
public sealed record UnitObjections(string Period, string Unit, string UnitName, PublicationStatus? Status, IReadOnlyList<ObjectionItem> Items, bool CanFile, Problem? FilingClosed);

/// <summary>
/// 异议 objections to a published result (ADR 0019): during the notice period (公示期) of the latest revision a unit's
/// reporter files one on its own unit's result, with a reason and optionally one evidence file; the organization's
/// admin answers each — accepted opens a correction (更正) in the same write, rejected gives the reason. Every write
/// goes through <see cref="OrgWriter.RunAsync{T}"/> with its audit row. The revision is final (定稿) once its notice
/// period has ended and every objection on it is answered: a state derived when read (<see cref="StatusAsync"/>).
/// </summary>
public sealed class ObjectionService(PacesetterDb db, PublicationStore store, RaceReader races, PublicationService publication, TimeProvider clock, RecentReads recent)
{
    private readonly OrgWriter writer = new(db);

    public static readonly OrgRules.Field ReasonField = new("异议理由", "Reason for the objection");
    public static readonly OrgRules.Field AnswerField = new("答复", "Answer");
    public static readonly OrgRules.Field EvidenceField = new("佐证材料", "Evidence");
    public static readonly OrgRules.Field UnitField = new("单位", "Unit");

    public static readonly Problem NotPublished = new("$", "this period has not been published: there is no result to object to", "本考核期尚未发布，没有可提出异议的结果");
    public static readonly Problem NotReporter = new("$", "only a unit's reporter files an objection, on its own unit's result", "只有被考核单位的填报人员可以对本单位的结果提出异议");
    public static readonly Problem OtherUnit = new("$.unit", "an objection is filed on your own unit's result only", "只能对本单位的结果提出异议");
    public static readonly Problem NotInRevision = new("$.unit", "this unit has no result in the published revision", "该单位不在本期发布的结果中");
    public static readonly Problem OnlyAdmin = new("$", "only the organization's admin answers objections", "只有考核办管理员可以答复异议");
    public static readonly Problem EmptyEvidence = new("$.evidence", "Evidence: the file is empty.", "“佐证材料”文件为空。");
    public static readonly Problem BadEvidenceType = new("$.evidence", "Evidence: only PDF, PNG, JPEG, Word (.docx) or Excel (.xlsx) files are accepted (told by their content).",
        "“佐证材料”只接受 PDF、PNG、JPEG、Word（.docx）或 Excel（.xlsx）文件（按文件内容识别）。");

    /// <summary>The notice period ended at <paramref name="end"/>: no more objections.</summary>
    public static Problem NoticeOver(DateTimeOffset end) =>
        new("$", $"the notice period ended at {China(end)} Beijing time: objections are no longer accepted", $"公示期已于北京时间 {China(end)} 结束，不再受理异议");

    public static Problem TooLargeEvidence(long limit) =>
        new("$.evidence", $"Evidence: the file may hold at most {limit / (1024 * 1024)} MB.", $"“佐证材料”文件不能超过 {limit / (1024 * 1024)} MB。");

    public static Problem AlreadyAnswered(ObjectionState state, string by, DateTimeOffset at) => state == ObjectionState.Accepted
        ? new("$", $"this objection was already accepted by {by} at {China(at)} Beijing time", $"该异议已由 {by} 于北京时间 {China(at)} 采纳")
        : new("$", $"this objection was already rejected by {by} at {China(at)} Beijing time", $"该异议已由 {by} 于北京时间 {China(at)} 驳回");

    private static string China(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>
    /// The state of the period's latest revision now (null when the period is unpublished): its notice period's end,
    /// how many objections on it await an answer, and <see cref="PublicationState"/>.
    /// </summary>
    public async Task<PublicationStatus?> StatusAsync(int organizationId, string period, CancellationToken ct = default)
    {
        // The facts change only through audited writes (publication, correction, objection), so a crowd's reads share
        // them for a moment (RecentReads); the clock is read every time, so the notice period ends when it ends.
        var facts = await recent.GetAsync(("publication-status", organizationId, period), async () =>
        {
            // The latest revision's header from the cached race (the database is asked only for its number).
            var race = await races.LatestAsync(organizationId, period, ct);
            if (race is null) return null;
            var latest = race.Revision;
            var correction = await store.OpenCorrectionAsync(organizationId, period, ct);
            var open = await db.Objections.AsNoTracking()
                .CountAsync(o => o.OrganizationId == organizationId && o.Period == period && o.Revision == latest.Number && o.State == ObjectionState.Open, ct);
            return new StatusFacts(latest, open, correction is not null);
        });
        return facts is null ? null : PublicationStatus.Of(facts.Latest.Number, facts.Latest.CreatedAt, facts.Latest.NoticeEndsAt, facts.Open, facts.Correcting, Now);
    }

    /// <summary>Files an objection on the latest revision of <paramref name="period"/>; <paramref name="evidenceLimit"/> is the evidence files' size limit.</summary>
    public async Task<WriteOutcome<Objection>> FileAsync(Actor actor, string period, ObjectionFiling filing, long evidenceLimit, CancellationToken ct = default)
    {
        var unit = filing.Unit?.Trim() ?? "";
        if (actor.ReporterUnits.Count == 0) return Refuse(WriteStatus.Forbidden, NotReporter);
        if (!actor.ReporterUnits.Contains(unit)) return Refuse(WriteStatus.Forbidden, OtherUnit);
        var problems = CheckFiling(filing, evidenceLimit, out var reason, out var type, out var evidenceName);
        if (problems.Count > 0) return WriteOutcome<Objection>.Invalid(problems);

        return await writer.RunAsync(actor.OrganizationId, actor.UserName, async w =>
        {
            // Read under the organization's lock: a publication or an answer in between is seen.
            var race = await races.LatestAsync(actor.OrganizationId, period, ct);
            if (race is null) return WriteOutcome<Objection>.Conflict(NotPublished);
            var latest = race.Revision;
            if (!NoticePeriod.IsOpen(latest.NoticeEndsAt, Now)) return WriteOutcome<Objection>.Conflict(NoticeOver(latest.NoticeEndsAt));
            if (race.Result.Find(unit) is null) return WriteOutcome<Objection>.Invalid([NotInRevision]);
            var objection = new Objection
            {
                OrganizationId = actor.OrganizationId,
                Period = period,
                Revision = latest.Number,
                UnitCode = unit,
                Reason = reason,
                FiledBy = actor.UserName,
                FiledAt = Now,
                State = ObjectionState.Open,
                Version = 1,
            };
            if (type is not null)
            {
                objection.EvidenceName = EvidenceFiles.StoredName(evidenceName, type);
                objection.EvidenceType = type.ContentType;
                objection.Evidence = filing.Evidence;
            }
            db.Objections.Add(objection);
            await w.SaveAsync();
            await w.Audit("objection.file", "objection", Key(objection), period, unit, after: OrgRules.Json(new
            {
                revision = objection.Revision,
                reason,
                evidence = type is null ? null : new { file = objection.EvidenceName, type = type.ContentType, size = filing.Evidence!.LongLength, sha256 = EvidenceFiles.Sha256(filing.Evidence) },
            }), reason: reason);
            return WriteOutcome<Objection>.Ok(objection);
        }, ct: ct);
    }

    /// <summary>
    /// The admin's answer: <paramref name="accepted"/> opens a correction of the period in the same write (unless one is
    /// open already, which then covers this objection too); a rejection needs <paramref name="answer"/>, the reason.
    /// <paramref name="expectedVersion"/> (null: no check) is the version the admin answered from.
    /// </summary>
    public async Task<WriteOutcome<Objection>> AnswerAsync(Actor actor, string period, long id, bool accepted, string? answer, int? expectedVersion, CancellationToken ct = default)
    {
        if (!actor.IsAdmin)
        {
            return await db.Objections.AsNoTracking().AnyAsync(o => o.Id == id && o.OrganizationId == actor.OrganizationId && o.Period == period, ct)
                ? Refuse(WriteStatus.Forbidden, OnlyAdmin)
                : WriteOutcome<Objection>.NotFound();
        }
        answer = string.IsNullOrWhiteSpace(answer) ? null : answer.Trim();
        var problems = new List<Problem>();
        if (!accepted && answer is null) problems.Add(OrgRules.Required("$.answer", AnswerField));
        problems.AddRange(TextProblems(answer, "$.answer", AnswerField));
        if (problems.Count > 0) return WriteOutcome<Objection>.Invalid(problems);

        return await writer.RunAsync(actor.OrganizationId, actor.UserName, async w =>
        {
            var objection = await db.Objections.FirstOrDefaultAsync(o => o.Id == id && o.OrganizationId == actor.OrganizationId && o.Period == period, ct);
            if (objection is null) return WriteOutcome<Objection>.NotFound();
            if (objection.State != ObjectionState.Open)
            {
                return WriteOutcome<Objection>.Conflict(AlreadyAnswered(objection.State, objection.AnsweredBy ?? "", objection.AnsweredAt ?? objection.FiledAt), objection);
            }
            if (expectedVersion is { } v && v != objection.Version) return WriteOutcome<Objection>.Conflict(WriteMessages.Changed, objection);
            objection.State = accepted ? ObjectionState.Accepted : ObjectionState.Rejected;
            objection.Answer = answer;
            objection.AnsweredBy = actor.UserName;
            objection.AnsweredAt = Now;
            objection.Version++;
            await w.Audit(accepted ? "objection.accept" : "objection.reject", "objection", Key(objection), period, objection.UnitCode,
                before: OrgRules.Json(new { state = "open" }),
                after: OrgRules.Json(new { state = accepted ? "accepted" : "rejected", answer }), reason: answer);
            if (accepted && await store.OpenCorrectionAsync(actor.OrganizationId, period, ct) is null)
            {
                var correction = await publication.OpenCorrectionInAsync(w, period, answer ?? objection.Reason, objection.Id);
                if (!correction.IsOk) return correction.As<Objection>();
            }
            return WriteOutcome<Objection>.Ok(objection);
        }, ct: ct);
    }

    public static readonly OrgRules.Field NoticeDaysField = new("公示期工作日数", "Notice period (working days)");

    /// <summary>
    /// The organization's notice period for its next publications, in working days (0–<see cref="NoticePeriod.MaxWorkingDays"/>):
    /// the admin lengthens it over a statutory holiday (ADR 0019). A revision already published keeps its end.
    /// </summary>
    public async Task<WriteOutcome<int>> SetNoticeWorkingDaysAsync(Actor actor, int days, CancellationToken ct = default)
    {
        if (!actor.IsAdmin) return new() { Status = WriteStatus.Forbidden, Problems = [OnlyAdmin] };
        if (days is < 0 or > NoticePeriod.MaxWorkingDays)
        {
            return WriteOutcome<int>.Invalid("$.noticeWorkingDays", $"{NoticeDaysField.English} must be a whole number from 0 to {NoticePeriod.MaxWorkingDays}.",
                $"“{NoticeDaysField.Chinese}”须为 0–{NoticePeriod.MaxWorkingDays} 的整数。");
        }
        return await writer.RunAsync(actor.OrganizationId, actor.UserName, async w =>
        {
            var org = await db.Organizations.FirstAsync(o => o.Id == actor.OrganizationId, ct);
            int before = org.NoticeWorkingDays;
            if (before == days) return WriteOutcome<int>.Ok(days);
            org.NoticeWorkingDays = days;
            await w.Audit("organization.notice-days", "organization", org.Slug, before: OrgRules.Json(new { noticeWorkingDays = before }),
                after: OrgRules.Json(new { noticeWorkingDays = days }));
            return WriteOutcome<int>.Ok(days);
        }, ct: ct);
    }

    /// <summary>
    /// 公开张榜: whether the organization's published results are posted publicly at <c>/public/{org}</c> (ADR 0020).
    /// Off for a new organization; the admin turns it on or off; audited. The public pages follow at the next request.
    /// </summary>
    public async Task<WriteOutcome<bool>> SetPublicPostingAsync(Actor actor, bool on, CancellationToken ct = default)
    {
        if (!actor.IsAdmin) return new() { Status = WriteStatus.Forbidden, Problems = [OnlyAdmin] };
        return await writer.RunAsync(actor.OrganizationId, actor.UserName, async w =>
        {
            var org = await db.Organizations.FirstAsync(o => o.Id == actor.OrganizationId, ct);
            bool before = org.PublicPosting;
            if (before == on) return WriteOutcome<bool>.Ok(on);
            org.PublicPosting = on;
            await w.Audit("organization.public-posting", "organization", org.Slug, before: OrgRules.Json(new { publicPosting = before }),
                after: OrgRules.Json(new { publicPosting = on }));
            return WriteOutcome<bool>.Ok(on);
        }, ct: ct);
    }

    /// <summary>The objections of the period the actor may read (admins and leaders: all; a reporter: its units'); null when it may read none (assessors).</summary>
    public async Task<List<ObjectionItem>?> ListAsync(Actor actor, string period, string? unit = null, CancellationToken ct = default)
    {
        if (!actor.ReadsAll && actor.ReporterUnits.Count == 0) return null;
        var q = db.Objections.AsNoTracking().Where(o => o.OrganizationId == actor.OrganizationId && o.Period == period);
        if (unit is not null) q = q.Where(o => o.UnitCode == unit);
        if (!actor.ReadsAll)
        {
            var units = actor.ReporterUnits.ToList();
            q = q.Where(o => units.Contains(o.UnitCode));
        }
        var rows = await q.OrderBy(o => o.Id)
            .Select(o => new ObjectionItem(o.Id, o.Period, o.Revision, o.UnitCode, o.UnitCode, o.Reason, o.FiledBy, o.FiledAt, o.EvidenceName, o.EvidenceType,
                o.State, o.Answer, o.AnsweredBy, o.AnsweredAt, o.Version))
            .ToListAsync(ct);
        if (rows.Count == 0) return rows;
        var names = await UnitNamesAsync(actor.OrganizationId, period, ct);
        return [.. rows.Select(r => r with { UnitName = names.GetValueOrDefault(r.Unit, r.Unit) })];
    }

    /// <summary>An objection's evidence file (name, type, content) when the actor may read the objection; null otherwise.</summary>
    public async Task<Objection?> EvidenceAsync(Actor actor, string period, long id, CancellationToken ct = default)
    {
        var o = await db.Objections.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id && o.OrganizationId == actor.OrganizationId && o.Period == period, ct);
        if (o?.Evidence is null || !(actor.ReadsAll || actor.ReporterUnits.Contains(o.UnitCode))) return null;
        return o;
    }

    /// <summary>
    /// The objections of one unit for its page, and whether <paramref name="actor"/> may file one now; null when the
    /// actor may not read the unit (a reporter of another unit, an assessor).
    /// </summary>
    public async Task<UnitObjections?> ForUnitAsync(int organizationId, string period, string unit, Actor actor, CancellationToken ct = default)
    {
        if (actor.OrganizationId != organizationId || !(actor.ReadsAll || actor.ReporterUnits.Contains(unit))) return null;
        var items = await ListAsync(actor, period, unit, ct) ?? [];
        var status = await StatusAsync(organizationId, period, ct);
        var names = await UnitNamesAsync(organizationId, period, ct);
        Problem? closed = status is null ? NotPublished
            : !actor.ReporterUnits.Contains(unit) ? NotReporter
            : !NoticePeriod.IsOpen(status.NoticeEndsAt, Now) ? NoticeOver(status.NoticeEndsAt)
            : !names.ContainsKey(unit) ? NotInRevision
            : null;
        return new UnitObjections(period, unit, names.GetValueOrDefault(unit, unit), status, items, closed is null, closed);
    }

    /// <summary>Unit code → name of the units ranked in the latest revision, as its scheme names them (empty when the period is unpublished).</summary>
    public async Task<Dictionary<string, string>> UnitNamesAsync(int organizationId, string period, CancellationToken ct = default)
    {
        var race = await races.LatestAsync(organizationId, period, ct);
        if (race is null) return [];
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in race.Result.Categories.SelectMany(c => c.Rows)) names[row.Unit] = race.Scheme.UnitName(row.Unit);
        return names;
    }

    private static List<Problem> CheckFiling(ObjectionFiling filing, long limit, out string reason, out EvidenceType? type, out string evidenceName)
    {
        var problems = new List<Problem>();
        reason = filing.Reason?.Trim() ?? "";
        type = null;
        evidenceName = "";
        if (reason.Length == 0) problems.Add(OrgRules.Required("$.reason", ReasonField));
        problems.AddRange(TextProblems(reason, "$.reason", ReasonField));
        if (filing.Evidence is { } content)
        {
            (evidenceName, var badName) = FileNames.Check("$.evidence", filing.EvidenceName);
            if (badName is not null) problems.Add(badName);
            else if (content.LongLength > limit) problems.Add(TooLargeEvidence(limit));
            else if (content.Length == 0) problems.Add(EmptyEvidence);
            else
            {
                var verdict = EvidenceFiles.Inspect("$.evidence", content);
                if ((type = verdict.Type) is null) problems.Add(verdict.Refusal ?? BadEvidenceType);
            }
        }
        return problems;
    }

    private static IEnumerable<Problem> TextProblems(string? text, string path, OrgRules.Field field)
    {
        if (text is null) yield break;
        if (text.Length > InputLimits.Reason) yield return OrgRules.TooLong(path, field, InputLimits.Reason);
        if (InputLimits.HasNul(text)) yield return OrgRules.NoNul(path, field);
    }

    private static string Key(Objection o) => $"{o.Period}/{o.UnitCode}/{o.Id}";

    private static WriteOutcome<Objection> Refuse(WriteStatus status, Problem why) => new() { Status = status, Problems = [why] };
}

/// <summary>What <see cref="ObjectionService.StatusAsync"/> reads from the database: the latest revision, its open objections, whether a correction is open.</summary>
internal sealed record StatusFacts(RevisionHeader Latest, int Open, bool Correcting);
