using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Access;
using Pacesetter.App.Data;
using Pacesetter.App.Publication;
using Pacesetter.App.Schemes;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Output;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.App.DataEntry;

/// <summary>A period as data entry sees it: its current scheme (read by the engine) and its deadline.</summary>
public sealed class PeriodView
{
    public required string Period { get; init; }
    public required Scheme Scheme { get; init; }
    public required int SchemeVersion { get; init; }
    public DateTimeOffset? Deadline { get; init; }
    public int SettingsVersion { get; init; }

    public bool DeadlinePassed(DateTimeOffset now) => Deadline is { } d && now > d;

    /// <summary>The category of the unit and the indicator in it, or null when the scheme has no such datum.</summary>
    public (Category Category, Indicator Indicator)? Find(string unit, string indicator) => Find(Scheme, unit, indicator);

    /// <inheritdoc cref="Find(string, string)"/>
    public static (Category Category, Indicator Indicator)? Find(Scheme scheme, string unit, string indicator)
    {
        foreach (var c in scheme.Categories)
        {
            if (!c.Units.Contains(unit, StringComparer.Ordinal)) continue;
            int j = c.IndicatorIndex(indicator);
            return j < 0 ? null : (c, c.Indicators[j]);
        }
        return null;
    }

    public Category? CategoryOf(string unit) => Scheme.Categories.FirstOrDefault(c => c.Units.Contains(unit, StringComparer.Ordinal));
}

/// <summary>Why an operation on a datum did not happen.</summary>
public enum EntryError
{
    None,
    /// <summary>No such period, unit or indicator (or not readable by the actor).</summary>
    NotFound,
    /// <summary>The actor may read but not do this.</summary>
    Forbidden,
    /// <summary>The period's deadline has passed (admins may still write).</summary>
    DeadlinePassed,
    /// <summary>Someone saved the datum since the form was opened.</summary>
    Conflict,
    /// <summary>The value fails its indicator's checks (<see cref="EntryOutcome.Problems"/>).</summary>
    Invalid,
    /// <summary>An approved datum is closed to everyone but the admin.</summary>
    Approved,
    /// <summary>Only submitted data can be approved or returned.</summary>
    NotSubmitted,
    /// <summary>Returning a datum needs a reason.</summary>
    ReasonRequired,
    /// <summary>Submitting needs a value.</summary>
    NoValue,
    /// <summary>An evidence file above the size limit.</summary>
    TooLarge,
    /// <summary>An evidence file of a type not accepted (by content).</summary>
    BadType,
    /// <summary>The period is published: its data are closed until a correction is opened (409).</summary>
    Published,
    /// <summary>An empty evidence file.</summary>
    Empty,
    /// <summary>A submitted datum awaits review: it changes only after its writer withdraws it (撤回) or the admin returns it (ADR 0014).</summary>
    Submitted,
    /// <summary>Only a submitted datum can be withdrawn.</summary>
    NotWithdrawable,
}

/// <summary>
/// A problem with one field of a datum: <see cref="Field"/> is the path below the datum (<c>""</c> for the datum
/// itself, <c>target</c>, <c>[0].level</c>, <c>yellow</c>), <see cref="Path"/> the full JSON path in the scheme file.
/// </summary>
public sealed record FieldProblem(string Field, string Path, string English, string Chinese)
{
    public string Message(Language language) => language == Language.Chinese ? Chinese : English;
}

/// <summary>The outcome of an operation on one datum: the row as it now stands (the newer row on a conflict).</summary>
public sealed record EntryOutcome(EntryError Error, DatumEntry? Row, IReadOnlyList<FieldProblem> Problems)
{
    public bool Ok => Error == EntryError.None;

    public static EntryOutcome Fail(EntryError error, DatumEntry? row = null) => new(error, row, []);
}

/// <summary>One step of a datum's workflow as the audit trail holds it: who, when, and its place in the trail.</summary>
public sealed record DatumStep(string Actor, DateTimeOffset At, long Seq);

/// <summary>
/// Who last saved, submitted, reviewed (approved or returned) and withdrew a datum, from its audit rows: a card says
/// each as such rather than "saved by" the last writer, who after a review is the reviewer (issue #8, defect 10).
/// A submit also saves, so <see cref="Saved"/> may be the same step as <see cref="Submitted"/>.
/// </summary>
public sealed record DatumHistory(DatumStep? Saved, DatumStep? Submitted, DatumStep? Reviewed, bool Approved, DatumStep? Withdrawn)
{
    public static readonly DatumHistory None = new(null, null, null, false, null);

    /// <summary>The history after one more audit row of the datum (rows in their order).</summary>
    public DatumHistory After(string kind, DatumStep step) => kind switch
    {
        "datum.save" => this with { Saved = step },
        "datum.submit" => this with { Saved = step, Submitted = step },
        "datum.approve" => this with { Reviewed = step, Approved = true },
        "datum.return" => this with { Reviewed = step, Approved = false },
        "datum.withdraw" => this with { Withdrawn = step },
        _ => this,
    };
}

/// <summary>
/// What a period asks of a person (the home page): of the data they enter, how many are returned for correction, not
/// yet entered, and saved but not submitted; for the admin, how many submitted data await review; and the deadline.
/// </summary>
public sealed record PeriodToDo(string Period, int SchemeVersion, DateTimeOffset? Deadline, bool DeadlinePassed, int Writable, int Returned, int Missing, int Drafts, int ToReview);

/// <summary>The outcome of a bulk operation: how many data changed, and the error when none could (with its problems when the input was invalid).</summary>
public sealed record BulkOutcome(EntryError Error, int Count, IReadOnlyList<Problem>? Problems = null);

/// <summary>
/// 数据填报 the data-entry workflow (ADR 0004): reporters and assessors save and submit data, the admin approves or
/// returns them, evidence files attach to a datum. Every write is authorized here, checked with the engine's own
/// rules, and saved with its audit row in one transaction.
/// </summary>
public sealed class DataEntryService(PacesetterDb db, SchemeStore store, SaveBox? box = null)
{
    // Data entry's rows are not among the reads RecentReads remembers: its writes leave them remembered (ADR 0026).
    private readonly OrgWriter writer = OrgWriter.ForDataEntry(db);

    public static DateTimeOffset Now => DateTimeOffset.UtcNow;

    /// <summary>The period's current scheme (read and parsed once per request, then passed on) and settings; null when the period has no scheme.</summary>
    public async Task<PeriodView?> PeriodAsync(int organizationId, string period, CancellationToken ct = default)
    {
        if (await store.CurrentForEntryAsync(organizationId, period, ct) is not var (scheme, version, deadline, settingsVersion)) return null;
        return new PeriodView
        {
            Period = period,
            Scheme = scheme,
            SchemeVersion = version,
            Deadline = deadline,
            SettingsVersion = settingsVersion,
        };
    }

    /// <summary>The rows of the period the actor may read, optionally narrowed to a unit and an indicator.</summary>
    public async Task<List<DatumEntry>> ReadableRowsAsync(Actor actor, string period, string? unit = null, string? indicator = null, CancellationToken ct = default)
    {
        var q = db.DatumEntries.AsNoTracking().Where(d => d.OrganizationId == actor.OrganizationId && d.Period == period);
        if (unit is not null) q = q.Where(d => d.UnitCode == unit);
        if (indicator is not null) q = q.Where(d => d.IndicatorId == indicator);
        if (!actor.ReadsAll)
        {
            var units = actor.ReporterUnits.ToList();
            var indicators = actor.AssessedIndicators.ToList();
            q = q.Where(d => units.Contains(d.UnitCode) || indicators.Contains(d.IndicatorId));
        }
        return await q.OrderBy(d => d.UnitCode).ThenBy(d => d.IndicatorId).ToListAsync(ct);
    }

    /// <summary>The state of every datum of the period, in one query (the completeness matrix); rows without a value count as missing.</summary>
    public async Task<Dictionary<(string Unit, string Indicator), DatumState>> StatesAsync(int organizationId, string period, CancellationToken ct = default)
    {
        var rows = await db.DatumEntries.AsNoTracking()
            .Where(d => d.OrganizationId == organizationId && d.Period == period && d.Value != null)
            .Select(d => new { d.UnitCode, d.IndicatorId, d.State })
            .ToListAsync(ct);
        var map = new Dictionary<(string, string), DatumState>(rows.Count);
        foreach (var r in rows) map[(r.UnitCode, r.IndicatorId)] = r.State;
        return map;
    }

    /// <summary>
    /// Saves a datum as draft, or submits it. <paramref name="expectedVersion"/> is the version the writer started from
    /// (0 for a datum not yet saved); a newer row is a conflict. A null value clears the datum (as a draft).
    /// </summary>
    public async Task<EntryOutcome> SaveAsync(Actor actor, string period, string unit, string indicatorId, JsonNode? value, int expectedVersion, bool submit, string? reason = null, CancellationToken ct = default) =>
        await SaveAsync(actor, await PeriodAsync(actor.OrganizationId, period, ct), unit, indicatorId, value, expectedVersion, submit, reason, ct);

    /// <summary>
    /// The save of a datum as a program sent it (<c>PUT …/data</c>): the JSON is checked as it came — a string that is
    /// not Unicode text (invalid UTF-8, a lone <c>\ud800</c>) or nesting deeper than a datum may is refused with its
    /// path before it is turned into a node, which would fail on it.
    /// </summary>
    public async Task<EntryOutcome> SaveJsonAsync(Actor actor, string period, string unit, string indicatorId, JsonElement? value, int expectedVersion, bool submit, CancellationToken ct = default)
    {
        var view = await PeriodAsync(actor.OrganizationId, period, ct);
        JsonNode? node = null;
        if (value is { ValueKind: not JsonValueKind.Null } v)
        {
            var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(v);
            var scan = JsonScan.Datum(raw, DatumPath(unit, indicatorId));
            if (scan.Count > 0) return Refused(actor, view, unit, indicatorId) ?? new EntryOutcome(EntryError.Invalid, null, Fields(scan, unit, indicatorId));
            node = JsonNode.Parse(raw);
        }
        return await SaveAsync(actor, view, unit, indicatorId, node, expectedVersion, submit, ct: ct);
    }

    /// <summary>Why the actor may not write this datum at all (no such datum, not theirs, past the deadline); null when they may.</summary>
    private static EntryOutcome? Refused(Actor actor, PeriodView? view, string unit, string indicatorId)
    {
        var slot = view?.Find(unit, indicatorId);
        if (view is null || slot is null || !actor.CanRead(unit, indicatorId)) return EntryOutcome.Fail(EntryError.NotFound);
        if (!actor.CanWrite(unit, slot.Value.Indicator)) return EntryOutcome.Fail(EntryError.Forbidden);
        if (!actor.IsAdmin && view.DeadlinePassed(Now)) return EntryOutcome.Fail(EntryError.DeadlinePassed);
        return null;
    }

    /// <summary>The save of a datum of a period already read (<see cref="PeriodAsync"/>; null: the period has no scheme).</summary>
    public async Task<EntryOutcome> SaveAsync(Actor actor, PeriodView? view, string unit, string indicatorId, JsonNode? value, int expectedVersion, bool submit, string? reason = null, CancellationToken ct = default)
    {
        if (Refused(actor, view, unit, indicatorId) is { } refused) return refused;

        var period = view!.Period;
        string? text = value is null ? null : DatumText.Of(value);
        var (error, problems) = value is null && submit ? (EntryError.NoValue, [new FieldProblem("", DatumPath(unit, indicatorId), "is required", "必填")])
            : ReasonProblems(reason) is { Count: > 0 } badReason ? (EntryError.Invalid, badReason)
            : text is not null && Check(view, unit, indicatorId, text) is { Count: > 0 } bad ? (EntryError.Invalid, bad)
            : (EntryError.None, (IReadOnlyList<FieldProblem>)[]);
        if (error != EntryError.None)
        {
            // What the row refuses already — a newer version, an approval, a review under way — is said before what the
            // input lacks, as the save box would say it (an invalid value from an older version is a conflict).
            var row = await FindRowAsync(actor.OrganizationId, period, unit, indicatorId, tracked: false, ct);
            return Standing(row, expectedVersion, actor.IsAdmin) ?? new EntryOutcome(error, row, problems);
        }

        // The row is read once, by the save box under the lock (ADR 0054): a save the row refuses is answered from there.
        var save = new PendingSave(actor.OrganizationId, actor.UserName, actor.IsAdmin, period, unit, indicatorId, text, submit, expectedVersion, reason);
        // The host's save box writes the saves waiting together (ADR 0054); without one (a service made by hand), this save is written alone.
        return box is not null ? await box.SaveAsync(save) : (await SaveBox.WriteAsync(db, [save]))[0];
    }

    /// <summary>
    /// What the datum's row refuses to a save made from <paramref name="expectedVersion"/>: a newer version (conflict),
    /// an approval (admins only may save over it), a review under way (saving would take it back silently, issue #8,
    /// defect 12: withdraw it first); null when the save may go on. The save box decides with it under the lock.
    /// </summary>
    internal static EntryOutcome? Standing(DatumEntry? row, int expectedVersion, bool isAdmin) =>
        (row?.Version ?? 0) != expectedVersion && !(expectedVersion == 0 && IsEvidenceOnly(row)) ? EntryOutcome.Fail(EntryError.Conflict, row)
        : row is { State: DatumState.Approved } && !isAdmin ? EntryOutcome.Fail(EntryError.Approved, row)
        : row is { State: DatumState.Submitted } ? EntryOutcome.Fail(EntryError.Submitted, row)
        : null;

    /// <summary>A row that only an evidence upload made (no value, never saved): a datum's first save may take it as its own.</summary>
    internal static bool IsEvidenceOnly(DatumEntry? row) => row is { Version: 1, Value: null, State: DatumState.Draft };

    /// <summary>The audit kinds of a datum's workflow, in <see cref="DatumHistory.After"/>.</summary>
    private static readonly string[] WorkflowKinds = ["datum.save", "datum.submit", "datum.approve", "datum.return", "datum.withdraw"];

    /// <summary>
    /// The history of the data of <paramref name="units"/> in the period (one query, by the audit trail's index on
    /// organization, period and unit), keyed by unit and indicator; data loaded by an import have none.
    /// </summary>
    public async Task<Dictionary<(string Unit, string Indicator), DatumHistory>> HistoryAsync(int organizationId, string period, IReadOnlyCollection<string> units, string? indicator = null, CancellationToken ct = default)
    {
        var map = new Dictionary<(string, string), DatumHistory>();
        if (units.Count == 0) return map;
        var list = units.Distinct(StringComparer.Ordinal).ToList();
        var q = db.AuditEntries.AsNoTracking()
            .Where(a => a.OrganizationId == organizationId && a.Period == period && a.Unit != null && list.Contains(a.Unit) && a.Entity == "datum" && WorkflowKinds.Contains(a.Kind));
        if (indicator is not null)
        {
            var keys = list.Select(u => $"{period}/{u}/{indicator}").ToList();
            q = q.Where(a => keys.Contains(a.Key));
        }
        var rows = await q.OrderBy(a => a.Seq).Select(a => new { a.Unit, a.Key, a.Kind, a.Actor, a.At, a.Seq }).ToListAsync(ct);
        foreach (var r in rows)
        {
            var prefix = $"{period}/{r.Unit}/";
            if (!r.Key.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var key = (r.Unit!, r.Key[prefix.Length..]);
            map[key] = map.GetValueOrDefault(key, DatumHistory.None).After(r.Kind, new DatumStep(r.Actor, r.At, r.Seq));
        }
        return map;
    }

    /// <summary>
    /// Every period of the organization with a scheme, newest first, with what it asks of <paramref name="actor"/>
    /// (<see cref="PeriodToDo"/>): the data the actor may write, or for an admin every datum of the period.
    /// </summary>
    public async Task<List<PeriodToDo>> ToDoAsync(Actor actor, CancellationToken ct = default)
    {
        var periods = await db.SchemeVersions.AsNoTracking()
            .Where(s => s.OrganizationId == actor.OrganizationId)
            .Select(s => s.Period).Distinct().ToListAsync(ct);
        var list = new List<PeriodToDo>();
        foreach (var period in periods.OrderByDescending(PeriodEnd).ThenByDescending(p => p, StringComparer.Ordinal))
        {
            var view = await PeriodAsync(actor.OrganizationId, period, ct);
            if (view is null) continue;
            var rows = (await ReadableRowsAsync(actor, period, ct: ct)).ToDictionary(r => (r.UnitCode, r.IndicatorId));
            int writable = 0, returned = 0, missing = 0, drafts = 0, toReview = 0;
            foreach (var c in view.Scheme.Categories)
            {
                foreach (var u in c.Units)
                {
                    foreach (var ind in c.Indicators)
                    {
                        if (!actor.CanRead(u, ind.Id) || !actor.CanWrite(u, ind)) continue;
                        writable++;
                        var row = rows.GetValueOrDefault((u, ind.Id));
                        if (row?.Value is null) missing++;
                        else if (row.State == DatumState.Returned) returned++;
                        else if (row.State == DatumState.Draft) drafts++;
                        else if (row.State == DatumState.Submitted && actor.CanReview) toReview++;
                    }
                }
            }
            list.Add(new PeriodToDo(period, view.SchemeVersion, view.Deadline, view.DeadlinePassed(Now), writable, returned, missing, drafts, toReview));
        }
        return list;
    }

    /// <summary>
    /// The names of the organization's indicators by id, from its newest period's scheme back (an id keeps the name of
    /// the newest scheme that has it): where a role lists the indicators an assessor leads, it names them.
    /// </summary>
    public async Task<Dictionary<string, string>> IndicatorNamesAsync(int organizationId, CancellationToken ct = default)
    {
        var periods = await db.SchemeVersions.AsNoTracking().Where(s => s.OrganizationId == organizationId).Select(s => s.Period).Distinct().ToListAsync(ct);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        // The newest four periods' schemes name the indicators in use: a role names what it leads now.
        foreach (var period in periods.OrderByDescending(PeriodEnd).ThenByDescending(p => p, StringComparer.Ordinal).Take(4))
        {
            if (await PeriodAsync(organizationId, period, ct) is not { } view) continue;
            foreach (var ind in view.Scheme.Categories.SelectMany(c => c.Indicators)) names.TryAdd(ind.Id, ind.Name);
        }
        return names;
    }

    /// <summary>Where a period ends, for ordering newest first: 2026-12 and 2026-Q4 (year, month 12) before 2026-11; a name of another form by its text alone.</summary>
    private static (int Year, int Month) PeriodEnd(string period)
    {
        var parts = period.Split('-');
        if (parts.Length == 0 || !int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year)) return (0, 0);
        if (parts.Length == 1) return (year, 12);
        var rest = parts[1];
        if (rest.Length == 2 && rest[0] is 'Q' or 'q' && rest[1] is >= '1' and <= '4') return (year, (rest[1] - '0') * 3);
        if (rest.Length == 2 && rest[0] is 'H' or 'h' && rest[1] is '1' or '2') return (year, (rest[1] - '0') * 6);
        return int.TryParse(rest, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var month) && month is >= 1 and <= 12 ? (year, month) : (year, 0);
    }

    /// <summary>Submits every draft (with a value) the actor may write, of one unit or of the whole period.</summary>
    public async Task<BulkOutcome> SubmitDraftsAsync(Actor actor, PeriodView? view, string? unit, CancellationToken ct = default)
    {
        if (view is null) return new BulkOutcome(EntryError.NotFound, 0);
        var period = view.Period;
        if (!actor.IsAdmin && view.DeadlinePassed(Now)) return new BulkOutcome(EntryError.DeadlinePassed, 0);
        var q = db.DatumEntries.Where(d => d.OrganizationId == actor.OrganizationId && d.Period == period && d.State == DatumState.Draft && d.Value != null);
        if (unit is not null) q = q.Where(d => d.UnitCode == unit);
        var rows = (await q.ToListAsync(ct))
            .Where(r => view.Find(r.UnitCode, r.IndicatorId) is { } s && actor.CanRead(r.UnitCode, r.IndicatorId) && actor.CanWrite(r.UnitCode, s.Indicator))
            .ToList();
        return await BulkAsync(actor, rows, "datum.submit", r =>
        {
            r.State = DatumState.Submitted;
            r.ReturnReason = null;
        }, null, ct);
    }

    /// <summary>
    /// 撤回 withdraws a submitted datum (before it is reviewed) back to a draft, so that its writer may change it and
    /// submit it again (ADR 0014). Whoever may write the datum may withdraw it, within the deadline; audited as <c>datum.withdraw</c>.
    /// </summary>
    public async Task<EntryOutcome> WithdrawAsync(Actor actor, PeriodView? view, string unit, string indicatorId, int expectedVersion, CancellationToken ct = default)
    {
        if (Refused(actor, view, unit, indicatorId) is { } refused) return refused;
        var row = await FindRowAsync(actor.OrganizationId, view!.Period, unit, indicatorId, tracked: true, ct);
        if (row is null) return EntryOutcome.Fail(EntryError.NotWithdrawable);
        if (row.Version != expectedVersion) return EntryOutcome.Fail(EntryError.Conflict, row);
        if (row.State != DatumState.Submitted) return EntryOutcome.Fail(EntryError.NotWithdrawable, row);
        var before = Snapshot(row);
        row.State = DatumState.Draft;
        return await WriteAsync(actor, row, false, "datum.withdraw", before, null, ct);
    }

    /// <summary>Approves or returns (with a reason) one submitted datum; <paramref name="expectedVersion"/> guards against a value changed since it was shown.</summary>
    public async Task<EntryOutcome> ReviewAsync(Actor actor, string period, string unit, string indicatorId, bool approve, string? reason, int? expectedVersion, CancellationToken ct = default)
    {
        if (!actor.CanRead(unit, indicatorId)) return EntryOutcome.Fail(EntryError.NotFound);
        if (!actor.CanReview) return EntryOutcome.Fail(EntryError.Forbidden);
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (ReasonProblems(reason) is { Count: > 0 } badReason) return new EntryOutcome(EntryError.Invalid, null, badReason);
        var row = await FindRowAsync(actor.OrganizationId, period, unit, indicatorId, tracked: true, ct);
        if (row is null) return EntryOutcome.Fail(EntryError.NotFound);
        if (expectedVersion is { } v && v != row.Version) return EntryOutcome.Fail(EntryError.Conflict, row);
        if (row.State != DatumState.Submitted) return EntryOutcome.Fail(EntryError.NotSubmitted, row);
        if (!approve && reason is null) return EntryOutcome.Fail(EntryError.ReasonRequired, row);
        var before = Snapshot(row);
        row.State = approve ? DatumState.Approved : DatumState.Returned;
        row.ReturnReason = approve ? null : reason;
        return await WriteAsync(actor, row, false, approve ? "datum.approve" : "datum.return", before, reason, ct);
    }

    /// <summary>Approves or returns every submitted datum of a unit, of a category, or of the whole period.</summary>
    public async Task<BulkOutcome> ReviewManyAsync(Actor actor, PeriodView? view, string? unit, string? category, bool approve, string? reason, CancellationToken ct = default)
    {
        if (!actor.CanReview) return new BulkOutcome(EntryError.Forbidden, 0);
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (!approve && reason is null) return new BulkOutcome(EntryError.ReasonRequired, 0);
        if (ReasonProblems(reason) is { Count: > 0 } badReason) return new BulkOutcome(EntryError.Invalid, 0, badReason.Select(p => new Problem(p.Path, p.English, p.Chinese)).ToList());
        if (view is null) return new BulkOutcome(EntryError.NotFound, 0);
        var period = view.Period;
        var q = db.DatumEntries.Where(d => d.OrganizationId == actor.OrganizationId && d.Period == period && d.State == DatumState.Submitted);
        if (unit is not null) q = q.Where(d => d.UnitCode == unit);
        if (category is not null)
        {
            var units = view.Scheme.Categories.FirstOrDefault(c => c.Id == category)?.Units.ToList() ?? [];
            q = q.Where(d => units.Contains(d.UnitCode));
        }
        var rows = await q.ToListAsync(ct);
        return await BulkAsync(actor, rows, approve ? "datum.approve" : "datum.return", r =>
        {
            r.State = approve ? DatumState.Approved : DatumState.Returned;
            r.ReturnReason = approve ? null : reason;
        }, reason, ct);
    }

    /// <summary>
    /// Attaches an evidence file to a datum (creating an empty draft row when the datum has none yet). A refused name or
    /// content comes back as <see cref="EntryError.Invalid"/> or <see cref="EntryError.BadType"/> with the problem that says why.
    /// </summary>
    public async Task<(EntryError Error, Evidence? Evidence, Problem? Problem)> AddEvidenceAsync(Actor actor, PeriodView? view, string unit, string indicatorId, string fileName, byte[] content, long limit, CancellationToken ct = default)
    {
        var slot = view?.Find(unit, indicatorId);
        if (view is null || slot is null || !actor.CanRead(unit, indicatorId)) return (EntryError.NotFound, null, null);
        if (!actor.CanWrite(unit, slot.Value.Indicator)) return (EntryError.Forbidden, null, null);
        if (!actor.IsAdmin && view.DeadlinePassed(Now)) return (EntryError.DeadlinePassed, null, null);
        var (name, badName) = FileNames.Check("file", fileName);
        if (badName is not null) return (EntryError.Invalid, null, badName);
        if (content.LongLength > limit) return (EntryError.TooLarge, null, null);
        if (content.Length == 0) return (EntryError.Empty, null, null);
        var verdict = EvidenceFiles.Inspect("file", content);
        if (verdict.Type is not { } type) return (EntryError.BadType, null, verdict.Refusal);
        var period = view.Period;
        if (await FindRowAsync(actor.OrganizationId, period, unit, indicatorId, tracked: false, ct) is { State: DatumState.Approved } && !actor.IsAdmin)
        {
            return (EntryError.Approved, null, null);
        }

        // Kept under the uploaded name (shortened), not renamed to the type: the download adds the type's extension.
        name = FileNames.Shorten(name.Length == 0 ? "evidence" + type.Extension : name, type.Extension);
        var evidence = new Evidence
        {
            OrganizationId = actor.OrganizationId,
            FileName = name,
            ContentType = type.ContentType,
            Size = content.LongLength,
            Sha256 = EvidenceFiles.Sha256(content),
            Content = content,
            UploadedBy = actor.UserName,
            UploadedAt = Now,
        };
        var done = await writer.RunAsync(actor.OrganizationId, actor.UserName, async w =>
        {
            // Read under the organization's lock (SQLite: the write transaction), so that of several uploads (or an
            // upload and the first save) racing on a datum without a row, only the first creates it and the others
            // attach their files to it (issue 7, finding 3).
            if (await PublicationService.LockedInAsync(w, period) is { } locked) return WriteOutcome<Evidence>.Conflict(locked);
            var row = await FindRowAsync(actor.OrganizationId, period, unit, indicatorId, tracked: true, ct);
            if (row is { State: DatumState.Approved } && !actor.IsAdmin) return WriteOutcome<Evidence>.Forbidden();
            if (row is null)
            {
                row = new DatumEntry { OrganizationId = actor.OrganizationId, Period = period, UnitCode = unit, IndicatorId = indicatorId, UpdatedBy = actor.UserName, UpdatedAt = Now, Version = 1, State = DatumState.Draft };
                db.DatumEntries.Add(row);
                await w.SaveAsync();
            }
            evidence.DatumEntryId = row.Id;
            db.Evidence.Add(evidence);
            await w.Audit("evidence.add", "evidence", $"{Key(row)}/{evidence.Sha256}", period, unit,
                after: JsonSerializer.Serialize(new { file = name, type = type.ContentType, size = evidence.Size, sha256 = evidence.Sha256 }, JsonFormats.Compact));
            return WriteOutcome<Evidence>.Ok(evidence);
        }, ct: ct);
        if (done.IsOk) return (EntryError.None, evidence, null);
        return (done.Status switch
        {
            WriteStatus.Forbidden => EntryError.Approved,
            WriteStatus.Conflict when done.Problems is [{ Path: "$.period" }] => EntryError.Published,
            _ => EntryError.Conflict,
        }, null, null);
    }

    /// <summary>
    /// The problem of an uploaded file's name (form field <c>file</c>), or null (<see cref="FileNames.Check"/>); a name longer
    /// than <see cref="InputLimits.FileNameKept"/> characters is shortened, not refused.
    /// </summary>
    public static Problem? FileNameProblem(string fileName) => FileNames.Check("file", fileName).Problem;

    /// <summary>The problems of a reason (trimmed; null: none given) at form field / JSON path <c>$.reason</c>.</summary>
    private static List<FieldProblem> ReasonProblems(string? reason) =>
        Organizations.OrgRules.CheckReason(reason).Select(p => new FieldProblem("reason", p.Path, p.English, p.Chinese)).ToList();

    /// <summary>The evidence files of data rows, without their content, keyed by row id.</summary>
    public async Task<ILookup<long, Evidence>> EvidenceListAsync(int organizationId, IReadOnlyCollection<long> rowIds, CancellationToken ct = default)
    {
        if (rowIds.Count == 0) return Array.Empty<Evidence>().ToLookup(e => e.DatumEntryId);
        var ids = rowIds.ToList();
        var list = await db.Evidence.AsNoTracking()
            .Where(e => e.OrganizationId == organizationId && ids.Contains(e.DatumEntryId))
            .OrderBy(e => e.Id)
            .Select(e => new Evidence
            {
                Id = e.Id,
                OrganizationId = e.OrganizationId,
                DatumEntryId = e.DatumEntryId,
                FileName = e.FileName,
                ContentType = e.ContentType,
                Size = e.Size,
                Sha256 = e.Sha256,
                Content = Array.Empty<byte>(),
                UploadedBy = e.UploadedBy,
                UploadedAt = e.UploadedAt,
            })
            .ToListAsync(ct);
        return list.ToLookup(e => e.DatumEntryId);
    }

    /// <summary>An evidence file with its content, when the actor may read its datum; null otherwise.</summary>
    public async Task<Evidence?> EvidenceForReadAsync(Actor actor, long id, CancellationToken ct = default)
    {
        var evidence = await db.Evidence.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id && e.OrganizationId == actor.OrganizationId, ct);
        if (evidence is null) return null;
        var row = await db.DatumEntries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == evidence.DatumEntryId && d.OrganizationId == actor.OrganizationId, ct);
        return row is not null && actor.CanRead(row.UnitCode, row.IndicatorId) ? evidence : null;
    }

    /// <summary>Sets (or clears) the period's reporting deadline; admins only.</summary>
    public async Task<EntryError> SetDeadlineAsync(Actor actor, string period, DateTimeOffset? deadline, CancellationToken ct = default)
    {
        if (!actor.IsAdmin) return EntryError.Forbidden;
        if (await store.CurrentAsync(actor.OrganizationId, period, ct) is null) return EntryError.NotFound;
        var done = await writer.RunAsync(actor.OrganizationId, actor.UserName, w => SetDeadlineInAsync(w, period, deadline), ct: ct);
        return done.IsOk ? EntryError.None : EntryError.Conflict;
    }

    /// <summary>The deadline inside an open write (the demo's and the tests' seeding).</summary>
    public async Task<WriteOutcome<PeriodSettings>> SetDeadlineInAsync(AuditedWrite w, string period, DateTimeOffset? deadline)
    {
        var settings = await db.PeriodSettings.FirstOrDefaultAsync(p => p.OrganizationId == w.OrganizationId && p.Period == period, w.Ct);
        var before = settings?.Deadline;
        if (settings is null)
        {
            settings = new PeriodSettings { OrganizationId = w.OrganizationId, Period = period };
            db.PeriodSettings.Add(settings);
        }
        // PostgreSQL keeps timestamps in UTC (timestamptz): store the instant, whatever offset it was entered in.
        settings.Deadline = deadline?.ToUniversalTime();
        settings.Version++;
        await w.Audit("period.deadline", "period", period, period, null,
            JsonSerializer.Serialize(new { deadline = before }), JsonSerializer.Serialize(new { deadline }));
        return WriteOutcome<PeriodSettings>.Ok(settings);
    }

    /// <summary>One datum to load as it stands (state and author included): the demo's figures, the tests' and the benchmark's.</summary>
    public sealed record Loaded(string Unit, string Indicator, JsonNode Value, DatumState State, string By, string? ReturnReason = null);

    /// <summary>
    /// 数据导入 loads data rows of a period as they stand inside an open write, for figures entered and reviewed
    /// elsewhere (the demo's, the tests' and the benchmark's), not for a person's entry, which goes through
    /// <see cref="SaveAsync(Actor, PeriodView?, string, string, JsonNode?, int, bool, string?, CancellationToken)"/>.
    /// The write records the batch with one <c>data.import</c> audit row (<paramref name="summary"/>; null when the
    /// caller records several periods' batches in one row of its own).
    /// </summary>
    public async Task<int> LoadInAsync(AuditedWrite w, string period, IEnumerable<Loaded> rows, string? summary = null, string? reason = null)
    {
        var now = Now;
        int n = 0;
        foreach (var r in rows)
        {
            db.DatumEntries.Add(new DatumEntry
            {
                OrganizationId = w.OrganizationId,
                Period = period,
                UnitCode = r.Unit,
                IndicatorId = r.Indicator,
                Value = r.Value.ToJsonString(JsonFormats.Compact),
                State = r.State,
                ReturnReason = r.ReturnReason,
                UpdatedBy = r.By,
                UpdatedAt = now,
                Version = 1,
            });
            n++;
        }
        if (summary is not null) await w.Audit("data.import", "datum", period, period, after: summary, reason: reason);
        return n;
    }

    /// <summary>The JSON path of a datum in the scheme file, e.g. <c>$.data.T1.revenue</c>.</summary>
    public static string DatumPath(string unit, string indicator) => JsonPath.Field(JsonPath.Field(JsonPath.Field(JsonPath.Root, "data"), unit), indicator);

    /// <summary>
    /// Checks one datum on its own against its indicator's datum shape, by the engine's own check of a datum
    /// (<see cref="DatumCheck"/>, the one the file reader applies to each datum), and its stored length.
    /// </summary>
    public static IReadOnlyList<FieldProblem> Check(PeriodView view, string unit, string indicator, JsonNode value) =>
        Check(view, unit, indicator, DatumText.Of(value));

    /// <summary>The check of a datum given as its stored JSON (<see cref="DatumText.Of"/>).</summary>
    public static IReadOnlyList<FieldProblem> Check(PeriodView view, string unit, string indicator, string text) => Check(view.Scheme, unit, indicator, text);

    /// <summary>The check of a datum of <paramref name="scheme"/> given as its stored JSON: the demo's figures are held to it too.</summary>
    public static IReadOnlyList<FieldProblem> Check(Scheme scheme, string unit, string indicator, string text)
    {
        var path = DatumPath(unit, indicator);
        if (DatumText.TooLong(text, path) is { } tooLong) return Fields([tooLong], unit, indicator);
        if (PeriodView.Find(scheme, unit, indicator) is not { } slot) return Fields([new Problem(path, "no such datum in the period's scheme", "考核方案中没有该数据项")], unit, indicator);
        return Fields(DatumCheck.Check(slot.Indicator, System.Text.Encoding.UTF8.GetBytes(text), path), unit, indicator);
    }

    /// <summary>The check of a datum of <paramref name="indicator"/> (already found in the unit's category: an import's many data).</summary>
    public static IReadOnlyList<FieldProblem> Check(Indicator indicator, string unit, string text)
    {
        var path = DatumPath(unit, indicator.Id);
        if (DatumText.TooLong(text, path) is { } tooLong) return Fields([tooLong], unit, indicator.Id);
        return Fields(DatumCheck.Check(indicator, System.Text.Encoding.UTF8.GetBytes(text), path), unit, indicator.Id);
    }

    /// <summary>Problems of a datum as its fields' problems: the path below the datum (<c>""</c>, <c>target</c>, <c>[0].level</c>).</summary>
    private static List<FieldProblem> Fields(IEnumerable<Problem> problems, string unit, string indicator)
    {
        var prefix = DatumPath(unit, indicator);
        return problems
            .Select(p => new FieldProblem(p.Path.StartsWith(prefix, StringComparison.Ordinal) ? p.Path[prefix.Length..].TrimStart('.') : "", p.Path, p.English, p.Chinese))
            .ToList();
    }

    private Task<DatumEntry?> FindRowAsync(int organizationId, string period, string unit, string indicator, bool tracked, CancellationToken ct)
    {
        var q = db.DatumEntries.Where(d => d.OrganizationId == organizationId && d.Period == period && d.UnitCode == unit && d.IndicatorId == indicator);
        return (tracked ? q : q.AsNoTracking()).FirstOrDefaultAsync(ct);
    }

    private async Task<EntryOutcome> WriteAsync(Actor actor, DatumEntry row, bool isNew, string kind, string? before, string? reason, CancellationToken ct)
    {
        row.UpdatedBy = actor.UserName;
        row.UpdatedAt = Now;
        row.Version = isNew ? 1 : row.Version + 1;
        bool published = false;
        var done = await writer.RunAsync(actor.OrganizationId, actor.UserName, async w =>
        {
            if (await PublicationService.LockedInAsync(w, row.Period) is { } locked)
            {
                published = true;
                return WriteOutcome<DatumEntry>.Conflict(locked);
            }
            if (isNew) db.DatumEntries.Add(row);
            await w.Audit(kind, "datum", Key(row), row.Period, row.UnitCode, before, Snapshot(row), reason);
            return WriteOutcome<DatumEntry>.Ok(row);
        }, async () =>
        {
            // Someone else saved the same datum in between (a newer version, or the first row of a new datum).
            var newer = await FindRowAsync(actor.OrganizationId, row.Period, row.UnitCode, row.IndicatorId, tracked: false, ct);
            return WriteOutcome<DatumEntry>.Conflict(WriteMessages.Changed, newer);
        }, ct);
        if (published) return EntryOutcome.Fail(EntryError.Published);
        return done.IsOk ? new EntryOutcome(EntryError.None, row, []) : EntryOutcome.Fail(EntryError.Conflict, done.Value);
    }

    private async Task<BulkOutcome> BulkAsync(Actor actor, List<DatumEntry> rows, string kind, Action<DatumEntry> change, string? reason, CancellationToken ct)
    {
        if (rows.Count == 0) return new BulkOutcome(EntryError.None, 0);
        bool published = false;
        var done = await writer.RunAsync(actor.OrganizationId, actor.UserName, async w =>
        {
            if (await PublicationService.LockedInAsync(w, rows[0].Period) is { } locked)
            {
                published = true;
                return WriteOutcome<int>.Conflict(locked);
            }
            foreach (var r in rows.OrderBy(r => r.UnitCode, StringComparer.Ordinal).ThenBy(r => r.IndicatorId, StringComparer.Ordinal))
            {
                var before = Snapshot(r);
                change(r);
                r.UpdatedBy = actor.UserName;
                r.UpdatedAt = Now;
                r.Version++;
                await w.Audit(kind, "datum", Key(r), r.Period, r.UnitCode, before, Snapshot(r), reason);
            }
            return WriteOutcome<int>.Ok(rows.Count);
        }, ct: ct);
        if (published) return new BulkOutcome(EntryError.Published, 0);
        return done.IsOk ? new BulkOutcome(EntryError.None, rows.Count) : new BulkOutcome(EntryError.Conflict, 0);
    }

    internal static string Key(DatumEntry row) => $"{row.Period}/{row.UnitCode}/{row.IndicatorId}";

    /// <summary>The audit form of a row: value, state, version, return reason.</summary>
    public static string? Snapshot(DatumEntry? row)
    {
        if (row is null) return null;
        var o = new JsonObject
        {
            ["value"] = row.Value is null ? null : JsonNode.Parse(row.Value),
            ["state"] = StateName(row.State),
            ["version"] = row.Version,
        };
        if (row.ReturnReason is not null) o["returnReason"] = row.ReturnReason;
        return o.ToJsonString(JsonFormats.Compact);
    }

    /// <summary>The state as the API and the audit log spell it.</summary>
    public static string StateName(DatumState state) => state switch
    {
        DatumState.Draft => "draft",
        DatumState.Submitted => "submitted",
        DatumState.Approved => "approved",
        _ => "returned",
    };
}
