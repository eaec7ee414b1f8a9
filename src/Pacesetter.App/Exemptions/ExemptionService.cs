using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Access;
using Pacesetter.App.Data;
using Pacesetter.App.DataEntry;
using Pacesetter.App.Organizations;
using Pacesetter.App.Schemes;
using Pacesetter.App.Supervision.Race;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;

namespace Pacesetter.App.Exemptions;

/// <summary>An application as the API takes it: <c>{"period", "unit", "ref", "reason"}</c>.</summary>
public sealed record ExemptionApplication(string? Period, string? Unit, string? Ref, string? Reason);

/// <summary>An evidence file as uploaded: its name as the browser gave it and its bytes.</summary>
public sealed record EvidenceUpload(string? FileName, byte[] Content);

/// <summary>An application in the register: its unit's name, what it applies for in words, its evidence files (without content), whether its period has published results.</summary>
public sealed record ExemptionView(Exemption Exemption, string UnitName, string What, IReadOnlyList<ExemptionEvidence> Evidence, bool Published = false);

/// <summary>A decision as the API takes it: <c>{"decision", "factor"?, "document"?, "reason"}</c>.</summary>
public sealed record ExemptionDecision(string? Decision, decimal? Factor, string? Document, string? Reason);

/// <summary>
/// 容错免责 (issue #11 §2, ADR 0041): a unit's reporter (or the office) applies to exempt the unit from a deduction, an
/// event, a veto or a blockTop of a period; the office decides. A granted (factor 0) or partial decision becomes an
/// <c>exemption</c> adjustment of the period's scheme — a new scheme version saved through
/// <see cref="SchemeStore.SaveInAsync"/> in the same audited write, with the decision as its reason — so that the
/// results, <c>pacesetter score</c> on the exported file and a correction's list of changes all show it; a refusal
/// changes nothing but the application. A published period takes a decision only while a correction is open (409).
/// </summary>
public sealed class ExemptionService(PacesetterDb db, SchemeStore schemes)
{
    private readonly OrgWriter writer = new(db);

    /// <summary>The stated limits: a reference (an id, or two joined by '/'), a document number, evidence files per application.</summary>
    public const int MaxRef = 200, MaxDocument = 100, MaxEvidenceFiles = 5;

    /// <summary>Who may apply for <paramref name="unit"/>: the office, or a reporter of the unit.</summary>
    public static bool MayApply(Actor actor, string unit) => actor.IsAdmin || actor.ReporterUnits.Contains(unit, StringComparer.Ordinal);

    /// <summary>Who reads an application: admins and leaders all; a reporter those of its units.</summary>
    public static bool MayRead(Actor actor, Exemption e) => actor.ReadsAll || actor.ReporterUnits.Contains(e.Unit, StringComparer.Ordinal);

    /// <summary>
    /// The applications <paramref name="actor"/> may read, newest first; of a year (by the period's year), in a state
    /// and of a unit when given.
    /// </summary>
    public async Task<List<Exemption>> ListAsync(Actor actor, int? year, CancellationToken ct, ExemptionState? state = null, string? unit = null)
    {
        var query = db.Exemptions.AsNoTracking().Where(e => e.OrganizationId == actor.OrganizationId);
        if (!actor.ReadsAll)
        {
            var units = actor.ReporterUnits.ToList();
            query = query.Where(e => units.Contains(e.Unit));
        }
        if (year is { } y)
        {
            var prefix = y.ToString(CultureInfo.InvariantCulture) + "-";
            query = query.Where(e => e.Period.StartsWith(prefix));
        }
        if (state is { } st) query = query.Where(e => e.State == st);
        if (unit is not null) query = query.Where(e => e.Unit == unit);
        return await query.OrderByDescending(e => e.Id).ToListAsync(ct);
    }

    /// <summary>
    /// 容错免责登记 the register as people read it: the applications <paramref name="actor"/> may read (filters as
    /// <see cref="ListAsync"/>), each with its unit's name, what it applies for in words and its evidence files.
    /// </summary>
    public async Task<List<ExemptionView>> RegisterAsync(Actor actor, int? year, ExemptionState? state, string? unit, bool chinese, CancellationToken ct)
    {
        var list = await ListAsync(actor, year, ct, state, unit);
        var units = await db.Units.AsNoTracking().Where(u => u.OrganizationId == actor.OrganizationId).ToDictionaryAsync(u => u.Code, u => u.Name, StringComparer.Ordinal, ct);
        var evidence = await EvidenceListAsync(actor.OrganizationId, [.. list.Select(e => e.Id)], ct);
        var refs = new Dictionary<string, Dictionary<string, List<ExemptionRef>>>(StringComparer.Ordinal);
        foreach (var period in list.Select(e => e.Period).Distinct(StringComparer.Ordinal))
        {
            refs[period] = await RefNamesAsync(actor.OrganizationId, period, list.Where(e => e.Period == period).Select(e => e.Unit), ct);
        }
        var periods = refs.Keys.ToList();
        var published = (await db.Revisions.AsNoTracking().Where(r => r.OrganizationId == actor.OrganizationId && periods.Contains(r.Period)).Select(r => r.Period).Distinct().ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        return [.. list.Select(e => new ExemptionView(e, units.GetValueOrDefault(e.Unit, e.Unit),
            ExemptionRefs.Describe(refs[e.Period].GetValueOrDefault(e.Unit), e.Ref, chinese), [.. evidence[e.Id]], published.Contains(e.Period)))];
    }

    /// <summary>The units <paramref name="actor"/> may read applications of (code and name, in the organization's order): all for admins and leaders, a reporter's own.</summary>
    public async Task<List<(string Code, string Name)>> UnitsAsync(Actor actor, CancellationToken ct)
    {
        var units = await db.Units.AsNoTracking().Where(u => u.OrganizationId == actor.OrganizationId && u.RetiredAt == null).OrderBy(u => u.Id).Select(u => new { u.Code, u.Name }).ToListAsync(ct);
        return [.. units.Where(u => actor.ReadsAll || actor.ReporterUnits.Contains(u.Code, StringComparer.Ordinal)).Select(u => (u.Code, u.Name))];
    }

    /// <summary>The evidence files of applications, without their content, keyed by application.</summary>
    public async Task<ILookup<int, ExemptionEvidence>> EvidenceListAsync(int organizationId, IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        var list = new List<ExemptionEvidence>();
        foreach (var chunk in ids.Chunk(1000))
        {
            list.AddRange(await db.ExemptionEvidence.AsNoTracking()
                .Where(e => e.OrganizationId == organizationId && chunk.Contains(e.ExemptionId))
                .OrderBy(e => e.Id)
                .Select(e => new ExemptionEvidence
                {
                    Id = e.Id,
                    OrganizationId = e.OrganizationId,
                    ExemptionId = e.ExemptionId,
                    FileName = e.FileName,
                    ContentType = e.ContentType,
                    Size = e.Size,
                    Sha256 = e.Sha256,
                    Content = Array.Empty<byte>(),
                    UploadedBy = e.UploadedBy,
                    UploadedAt = e.UploadedAt,
                })
                .ToListAsync(ct));
        }
        return list.ToLookup(e => e.ExemptionId);
    }

    /// <summary>An evidence file with its content, when the actor may read its application; null otherwise.</summary>
    public async Task<ExemptionEvidence?> EvidenceForReadAsync(Actor actor, int exemption, long id, CancellationToken ct)
    {
        var e = await GetAsync(actor.OrganizationId, exemption, ct);
        if (e is null || !MayRead(actor, e)) return null;
        return await db.ExemptionEvidence.AsNoTracking().FirstOrDefaultAsync(x => x.OrganizationId == actor.OrganizationId && x.ExemptionId == exemption && x.Id == id, ct);
    }

    /// <summary>
    /// What the unit may apply for in the period, named (<see cref="ExemptionRefs"/>) from the current scheme with its
    /// data (entered and the system's): empty without a scheme. References exempted already or applied for and pending
    /// are marked as exempted.
    /// </summary>
    public async Task<List<ExemptionRef>> ChoicesAsync(int organizationId, string period, string unit, CancellationToken ct)
    {
        var current = await schemes.CurrentAsync(organizationId, period, ct);
        if (current is null) return [];
        var document = await SystemData.WithSystemDataAsync(db, organizationId, period, await schemes.AssembleAsync(current, includeUnapproved: true, ct), ct);
        var pending = await db.Exemptions.AsNoTracking()
            .Where(e => e.OrganizationId == organizationId && e.Period == period && e.Unit == unit && e.State == ExemptionState.Pending)
            .Select(e => e.Ref).ToListAsync(ct);
        return [.. ExemptionRefs.Of(document, unit).Select(r => pending.Contains(r.Ref) ? r with { Exempted = true } : r)];
    }

    /// <summary>The references of the units of a period's current scheme (structure and adjustments; events from its data), for naming applications.</summary>
    public async Task<Dictionary<string, List<ExemptionRef>>> RefNamesAsync(int organizationId, string period, IEnumerable<string> units, CancellationToken ct)
    {
        var names = new Dictionary<string, List<ExemptionRef>>(StringComparer.Ordinal);
        var current = await schemes.CurrentAsync(organizationId, period, ct);
        if (current is null) return names;
        var document = await SystemData.WithSystemDataAsync(db, organizationId, period, await schemes.AssembleAsync(current, includeUnapproved: true, ct), ct);
        foreach (var unit in units.Distinct(StringComparer.Ordinal)) names[unit] = ExemptionRefs.Of(document, unit);
        return names;
    }

    public async Task<Exemption?> GetAsync(int organizationId, int id, CancellationToken ct) =>
        await db.Exemptions.AsNoTracking().FirstOrDefaultAsync(e => e.OrganizationId == organizationId && e.Id == id, ct);

    /// <summary>
    /// 申请: checked before the write (shape and limits), then under the lock against the period's current scheme and
    /// data — the unit must be assessed in it and the reference must be one the engine would take as an exemption now.
    /// </summary>
    public async Task<WriteOutcome<Exemption>> ApplyAsync(Actor actor, ExemptionApplication application, CancellationToken ct,
        IReadOnlyList<EvidenceUpload>? evidence = null, long evidenceLimit = 10 * 1024 * 1024)
    {
        var problems = new List<Problem>();
        var period = Required(application.Period, "$.period", InputLimits.Period, PeriodField, problems);
        var unit = Required(application.Unit, "$.unit", InputLimits.Code, OrgRules.UnitCodeField, problems);
        var reference = Required(application.Ref, "$.ref", MaxRef, RefField, problems);
        var reason = Required(application.Reason, "$.reason", OrgRules.ReasonMax, OrgRules.ReasonField, problems);
        if (period is not null && !Periods.IsValid(period)) problems.Add(new Problem("$.period", $"\"{period}\" is not a period such as 2026-03 or 2026-Q1", $"“{period}”不是考核期，如 2026-03 或 2026-Q1"));
        var files = CheckEvidence(evidence ?? [], "$.evidence", evidenceLimit, problems);
        if (problems.Count > 0) return WriteOutcome<Exemption>.Invalid(problems);
        if (!MayApply(actor, unit!)) return WriteOutcome<Exemption>.Forbidden();
        return await writer.RunAsync(actor.OrganizationId, actor.UserName, async w =>
        {
            var current = await schemes.CurrentAsync(actor.OrganizationId, period!, ct);
            if (current is null) return WriteOutcome<Exemption>.Invalid("$.period", $"period {period} has no scheme", $"考核期 {period} 还没有考核方案");
            var document = await schemes.AssembleAsync(current, includeUnapproved: true, ct);
            if (await RefProblemsAsync(w, period!, document, unit!, reference!, 0m, "申请") is { Count: > 0 } refProblems) return WriteOutcome<Exemption>.Invalid(refProblems);
            var e = new Exemption
            {
                OrganizationId = actor.OrganizationId,
                Period = period!,
                Unit = unit!,
                Ref = reference!,
                Reason = reason!,
                AppliedBy = actor.UserName,
                AppliedAt = DateTimeOffset.UtcNow,
                State = ExemptionState.Pending,
                Version = 1,
            };
            db.Exemptions.Add(e);
            await db.SaveChangesAsync(ct);
            var kept = AddEvidence(actor, e, files);
            await db.SaveChangesAsync(ct);
            await w.Audit("exemption.apply", "exemption", e.Id.ToString(CultureInfo.InvariantCulture), period, unit, after: Snapshot(e, kept), reason: reason);
            return WriteOutcome<Exemption>.Ok(e);
        }, ct: ct);
    }

    /// <summary>
    /// 决定: the office grants (factor 0), grants in part (0 &lt; factor &lt; 1) or refuses, with a reason and optionally
    /// the decision's document number. Granted and partial add the adjustment to a new scheme version in the same write.
    /// </summary>
    public async Task<WriteOutcome<Exemption>> DecideAsync(Actor actor, int id, ExemptionDecision decision, CancellationToken ct)
    {
        if (!actor.IsAdmin) return WriteOutcome<Exemption>.Forbidden();
        var problems = new List<Problem>();
        var state = decision.Decision switch
        {
            "granted" => ExemptionState.Granted,
            "partial" => ExemptionState.Partial,
            "refused" => ExemptionState.Refused,
            _ => (ExemptionState?)null,
        };
        if (state is null) problems.Add(new Problem("$.decision", $"must be one of granted, partial, refused, not \"{decision.Decision}\"", $"应为 granted（免责）、partial（减责）、refused（不予免责）之一，而不是“{decision.Decision}”"));
        var reason = Required(decision.Reason, "$.reason", OrgRules.ReasonMax, OrgRules.ReasonField, problems);
        var document = decision.Document is null ? null : Required(decision.Document, "$.document", MaxDocument, DocumentField, problems, optional: true);
        decimal? factor = state switch
        {
            ExemptionState.Granted when decision.Factor is not (null or 0m) => Bad("$.factor", "granted means factor 0 (leave it out)", "免责即 factor 为 0（可不填）"),
            ExemptionState.Granted => 0m,
            ExemptionState.Partial when decision.Factor is not { } f || f <= 0m || f >= 1m => Bad("$.factor", "partial needs a factor above 0 and below 1 (what remains, e.g. 0.5)", "减责须给出大于 0、小于 1 的 factor（保留的比例，如 0.5）"),
            ExemptionState.Partial => decision.Factor,
            ExemptionState.Refused when decision.Factor is not null => Bad("$.factor", "a refusal has no factor", "不予免责不填 factor"),
            _ => null,
        };
        if (problems.Count > 0) return WriteOutcome<Exemption>.Invalid(problems);
        return await writer.RunAsync(actor.OrganizationId, actor.UserName, async w =>
        {
            var e = await db.Exemptions.FirstOrDefaultAsync(x => x.OrganizationId == actor.OrganizationId && x.Id == id, ct);
            if (e is null) return WriteOutcome<Exemption>.NotFound();
            if (e.State != ExemptionState.Pending) return WriteOutcome<Exemption>.Conflict(Decided);
            var before = Snapshot(e);
            var reasonText = (document is null ? "" : document + "：") + reason;
            if (state != ExemptionState.Refused)
            {
                var current = await schemes.CurrentAsync(actor.OrganizationId, e.Period, ct);
                if (current is null) return WriteOutcome<Exemption>.Conflict(new Problem("$", $"period {e.Period} has no scheme any more", $"考核期 {e.Period} 已没有考核方案"));
                var assembled = await schemes.AssembleAsync(current, includeUnapproved: true, ct);
                var adjustmentId = FreeAdjustmentId(assembled, e.Id);
                var adjustments = assembled["adjustments"] as JsonArray ?? [];
                assembled["adjustments"] = adjustments;
                adjustments.Add(new JsonObject
                {
                    ["id"] = adjustmentId,
                    ["type"] = "exemption",
                    ["unit"] = e.Unit,
                    ["ref"] = e.Ref,
                    ["factor"] = factor,
                    ["reason"] = "容错免责：" + reasonText,
                });
                var saved = await schemes.SaveInAsync(w, e.Period, assembled, "容错免责决定（申请 " + e.Id.ToString(CultureInfo.InvariantCulture) + "）：" + reasonText, expectedVersion: current.Version);
                if (!saved.IsOk)
                {
                    // The reference no longer holds (the scheme or data changed since the application): said at $.ref.
                    return saved.Status == WriteStatus.Invalid
                        ? WriteOutcome<Exemption>.Invalid([.. saved.Problems.Select(p => p.Path.StartsWith("$.adjustments", StringComparison.Ordinal) ? p with { Path = "$.ref" } : p)])
                        : WriteOutcome<Exemption>.Conflict(saved.Problems);
                }
                e.SchemeVersion = saved.Value!.Version;
                e.AdjustmentId = adjustmentId;
            }
            e.State = state!.Value;
            e.Factor = factor;
            e.Document = document;
            e.DecisionReason = reason;
            e.DecidedBy = actor.UserName;
            e.DecidedAt = DateTimeOffset.UtcNow;
            e.Version++;
            await w.Audit("exemption.decide", "exemption", e.Id.ToString(CultureInfo.InvariantCulture), e.Period, e.Unit, before, Snapshot(e), reasonText);
            return WriteOutcome<Exemption>.Ok(e);
        }, ct: ct);

        decimal? Bad(string path, string english, string chinese)
        {
            problems.Add(new Problem(path, english, chinese));
            return null;
        }
    }

    /// <summary>
    /// 补充佐证: more evidence for a pending application, by whoever may apply for its unit, all files or none (at most
    /// <see cref="MaxEvidenceFiles"/> per application), audited as <c>exemption.evidence</c>.
    /// </summary>
    public async Task<WriteOutcome<List<ExemptionEvidence>>> AddEvidenceAsync(Actor actor, int id, IReadOnlyList<EvidenceUpload> evidence, long evidenceLimit, CancellationToken ct)
    {
        var problems = new List<Problem>();
        if (evidence.Count == 0) problems.Add(new Problem("$.file", "Evidence: choose a file.", "请选择“佐证材料”文件。"));
        var files = CheckEvidence(evidence, "$.file", evidenceLimit, problems);
        return await writer.RunAsync(actor.OrganizationId, actor.UserName, async w =>
        {
            var e = await db.Exemptions.FirstOrDefaultAsync(x => x.OrganizationId == actor.OrganizationId && x.Id == id, ct);
            if (e is null) return WriteOutcome<List<ExemptionEvidence>>.NotFound();
            if (!MayApply(actor, e.Unit)) return WriteOutcome<List<ExemptionEvidence>>.Forbidden();
            if (problems.Count > 0) return WriteOutcome<List<ExemptionEvidence>>.Invalid(problems);
            if (e.State != ExemptionState.Pending) return WriteOutcome<List<ExemptionEvidence>>.Conflict(Decided);
            var count = await db.ExemptionEvidence.CountAsync(x => x.OrganizationId == actor.OrganizationId && x.ExemptionId == id, ct);
            if (count + files.Count > MaxEvidenceFiles) return WriteOutcome<List<ExemptionEvidence>>.Invalid("$.file", $"Evidence: an application holds at most {MaxEvidenceFiles} files ({count} already).", $"每项申请最多 {MaxEvidenceFiles} 个“佐证材料”文件（已有 {count} 个）。");
            var before = Snapshot(e);
            var kept = AddEvidence(actor, e, files);
            e.Version++;
            await db.SaveChangesAsync(ct);
            await w.Audit("exemption.evidence", "exemption", e.Id.ToString(CultureInfo.InvariantCulture), e.Period, e.Unit, before, Snapshot(e, kept));
            return WriteOutcome<List<ExemptionEvidence>>.Ok(kept);
        }, ct: ct);
    }

    /// <summary>Each file checked (<see cref="EvidenceFiles.Check"/>) at <c>{path}[i]</c> (or <c>{path}</c> for one); at most <see cref="MaxEvidenceFiles"/>.</summary>
    private static List<(EvidenceUpload File, EvidenceType Type, string Name)> CheckEvidence(IReadOnlyList<EvidenceUpload> evidence, string path, long limit, List<Problem> problems)
    {
        var files = new List<(EvidenceUpload, EvidenceType, string)>();
        if (evidence.Count > MaxEvidenceFiles)
        {
            problems.Add(new Problem(path, $"Evidence: at most {MaxEvidenceFiles} files.", $"“佐证材料”最多 {MaxEvidenceFiles} 个文件。"));
            return files;
        }
        for (var i = 0; i < evidence.Count; i++)
        {
            var (type, name, problem) = EvidenceFiles.Check(evidence.Count == 1 ? path : $"{path}[{i}]", evidence[i].FileName, evidence[i].Content, limit);
            if (problem is not null) problems.Add(problem);
            else files.Add((evidence[i], type!, name));
        }
        return files;
    }

    private List<ExemptionEvidence> AddEvidence(Actor actor, Exemption e, List<(EvidenceUpload File, EvidenceType Type, string Name)> files)
    {
        var kept = files.Select(f => new ExemptionEvidence
        {
            OrganizationId = e.OrganizationId,
            ExemptionId = e.Id,
            FileName = f.Name,
            ContentType = f.Type.ContentType,
            Size = f.File.Content.LongLength,
            Sha256 = EvidenceFiles.Sha256(f.File.Content),
            Content = f.File.Content,
            UploadedBy = actor.UserName,
            UploadedAt = DateTimeOffset.UtcNow,
        }).ToList();
        db.ExemptionEvidence.AddRange(kept);
        return kept;
    }

    public static readonly Problem Decided = new("$", "this application has been decided already", "该申请已作出决定");

    /// <summary>
    /// The engine's problems with the exemption of <paramref name="reference"/> for <paramref name="unit"/> added to the
    /// period's file (its data, the system's data), said at <c>$.unit</c> / <c>$.ref</c>: what the decision would save.
    /// </summary>
    private async Task<List<Problem>> RefProblemsAsync(AuditedWrite w, string period, JsonObject document, string unit, string reference, decimal factor, string what)
    {
        var candidate = await SystemData.WithSystemDataAsync(db, w.OrganizationId, period, document, w.Ct);
        if (ReferenceEquals(candidate, document)) candidate = document.DeepClone().AsObject();
        var adjustments = candidate["adjustments"] as JsonArray ?? [];
        candidate["adjustments"] = adjustments;
        var index = adjustments.Count;
        adjustments.Add(new JsonObject { ["type"] = "exemption", ["unit"] = unit, ["ref"] = reference, ["factor"] = factor, ["reason"] = what });
        var check = SchemeStore.Check(candidate.ToJsonString());
        var mine = $"$.adjustments[{index}]";
        return [.. check.Problems.Where(p => p.Path.StartsWith(mine, StringComparison.Ordinal))
            .Select(p => p with { Path = p.Path == mine + ".unit" ? "$.unit" : "$.ref" })];
    }

    /// <summary><c>exemption-{id}</c>, or with a suffix when the scheme already has an adjustment of that id.</summary>
    private static string FreeAdjustmentId(JsonObject document, int id)
    {
        var taken = (document["adjustments"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(a => a["id"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var candidate = "exemption-" + id.ToString(CultureInfo.InvariantCulture);
        for (var n = 2; taken.Contains(candidate); n++) candidate = $"exemption-{id}-{n}";
        return candidate;
    }

    private static readonly OrgRules.Field PeriodField = new("考核期", "Period"), RefField = new("申请免责事项", "What is applied for"), DocumentField = new("文号", "Document number");

    /// <summary>A text field trimmed and checked as every audited text is (<see cref="OrgRules"/>: required, its length, no NUL); null with the problem otherwise.</summary>
    private static string? Required(string? value, string path, int max, OrgRules.Field field, List<Problem> problems, bool optional = false)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (!optional) problems.Add(OrgRules.Required(path, field));
            return null;
        }
        if (text.Length > max) problems.Add(OrgRules.TooLong(path, field, max));
        else if (InputLimits.HasNul(text)) problems.Add(OrgRules.NoNul(path, field));
        else return text;
        return null;
    }

    /// <summary>The audit rows' picture of an application (with the files just attached, when any).</summary>
    public static string Snapshot(Exemption e, IReadOnlyList<ExemptionEvidence>? evidence = null)
    {
        var picture = OrgRules.Json(Picture(e));
        if (evidence is not { Count: > 0 }) return picture;
        var node = JsonNode.Parse(picture)!.AsObject();
        node["evidence"] = JsonSerializer.SerializeToNode(evidence.Select(x => new { file = x.FileName, type = x.ContentType, size = x.Size, sha256 = x.Sha256 }));
        return node.ToJsonString(Pacesetter.Scoring.Output.JsonFormats.Compact);
    }

    private static object Picture(Exemption e) => new
    {
        period = e.Period,
        unit = e.Unit,
        @ref = e.Ref,
        reason = e.Reason,
        state = e.State.ToString().ToLowerInvariant(),
        factor = e.Factor,
        document = e.Document,
        decisionReason = e.DecisionReason,
        schemeVersion = e.SchemeVersion,
        adjustment = e.AdjustmentId,
    };
}
