using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Data;
using Pacesetter.App.DataEntry;
using Pacesetter.App.Organizations;
using Pacesetter.App.Schemes;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Engine;
using Pacesetter.Scoring.Output;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.App.Publication;

/// <summary>What stands between a period and its publication, for the confirmation page.</summary>
public sealed record PublishCheck(bool HasScheme, bool Locked, IReadOnlyList<MissingDatum> Missing, int? LatestRevision, IReadOnlyList<Problem> Problems);

/// <summary>
/// 发布 publication (DESIGN.md 2): scores a period's scheme with its approved data and stores revision N — the exact
/// file scored and its results — as one audited write under the organization's lock, so that two publications at once
/// yield one revision and a crash leaves the previous state. A published period is closed to writes
/// (<see cref="LockedInAsync"/>) until a correction is opened; the next publication is revision N+1 with what changed.
/// </summary>
public sealed class PublicationService(PacesetterDb db, SchemeStore schemes, TimeProvider clock, Operations.PacesetterMetrics? metrics = null)
{
    private readonly OrgWriter writer = new(db);

    public static readonly Organizations.OrgRules.Field ReasonField = new("理由", "Reason");

    /// <summary>
    /// Publishes the period. Refused (409) when it is published and no correction is open, or when data are missing or
    /// unapproved (each listed at <c>$.data.{unit}.{indicator}</c>) unless <paramref name="allowIncomplete"/>: then the
    /// indicators' missing-data policies apply and the revision records what was missing.
    /// </summary>
    public async Task<WriteOutcome<Revision>> PublishAsync(int organizationId, string period, string actor, string? reason, bool allowIncomplete, CancellationToken ct = default)
    {
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (OrgRules.CheckReason(reason).ToList() is { Count: > 0 } bad) return WriteOutcome<Revision>.Invalid(bad);
        var done = await writer.RunAsync(organizationId, actor, w => PublishInAsync(w, period, reason, allowIncomplete, clock.GetUtcNow()),
            async () => WriteOutcome<Revision>.Conflict(AlreadyPublished(period, (await new PublicationStore(db).LatestNumberAsync(organizationId, period, ct))?.Number ?? 0)), ct);
        if (done.IsOk) metrics?.Published();
        return done;
    }

    /// <summary>The publication inside an open write (the demo publishes its periods in its own write, at their own dates).</summary>
    public async Task<WriteOutcome<Revision>> PublishInAsync(AuditedWrite w, string period, string? reason, bool allowIncomplete, DateTimeOffset at)
    {
        int org = w.OrganizationId;
        at = at.ToUniversalTime();
        var latest = await db.Revisions.AsNoTracking().Where(r => r.OrganizationId == org && r.Period == period)
            .OrderByDescending(r => r.Number).FirstOrDefaultAsync(w.Ct);
        var open = latest is null ? null : await db.Corrections.Where(c => c.OrganizationId == org && c.Period == period && c.ClosedByRevision == null).FirstOrDefaultAsync(w.Ct);
        if (latest is not null && open is null) return WriteOutcome<Revision>.Conflict(AlreadyPublished(period, latest.Number));

        // 系统填报 (ADR 0030): the cards and project figures as they stand now, under this write's lock, so that the
        // revision's input holds exactly the cards issued by then.
        await Supervision.Race.SystemData.RefreshInAsync(w, period, at);
        var assembled = await AssembleAsync(org, period, w.Ct);
        if (assembled is null) return WriteOutcome<Revision>.NotFound();
        var (input, scheme, missing, problems) = assembled.Value;
        if (scheme is null) return WriteOutcome<Revision>.Invalid(problems);
        if (missing.Count > 0 && !allowIncomplete) return WriteOutcome<Revision>.Conflict(MissingProblems(missing));

        var result = Operations.PacesetterMetrics.Time(metrics, "publish", () => Scorer.Score(scheme));
        var previous = await PreviousRowsAsync(org, period, w.Ct);
        int number = (latest?.Number ?? 0) + 1;
        var results = WriteResults(result, new PublishedExtras(number, unit => previous.TryGetValue(unit, out var p) ? p : null));
        // Only the standings are compared: a province's two full parses took minutes and over 1.5 GB (bench/publish.sh).
        List<RevisionChange>? changes = latest is null ? null : Compare(Standings.Parse(PublicationStore.UnzipBytes(latest.Results)), Standings.Parse(results));

        var organization = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == org, w.Ct);
        var revision = new Revision
        {
            OrganizationId = org,
            Period = period,
            Number = number,
            Input = PublicationStore.Zip(input),
            Results = PublicationStore.Zip(results),
            Changes = changes is null ? null : JsonSerializer.Serialize(changes, PublicationStore.Stored),
            Incomplete = missing.Count > 0,
            Missing = missing.Count > 0 ? JsonSerializer.Serialize(missing, PublicationStore.Stored) : null,
            CreatedBy = w.Actor,
            CreatedAt = at,
            Reason = reason,
            NoticeEndsAt = NoticePeriod.End(at, organization.NoticeWorkingDays),
        };
        db.Revisions.Add(revision);
        if (open is not null) open.ClosedByRevision = number;
        var summary = new JsonObject
        {
            ["revision"] = number,
            ["units"] = result.Categories.Sum(c => c.Results.Count),
            ["incomplete"] = missing.Count > 0,
            ["missing"] = missing.Count,
            ["changed"] = changes?.Count,
            ["inputSha256"] = Convert.ToHexStringLower(SHA256.HashData(input)),
            ["resultsSha256"] = Convert.ToHexStringLower(SHA256.HashData(results)),
        };
        await w.Audit("publication.publish", "revision", $"{period}#{number}", period, null, latest is null ? null : $"{period}#{latest.Number}",
            summary.ToJsonString(JsonFormats.Compact), reason);
        return WriteOutcome<Revision>.Ok(revision);
    }

    /// <summary>What publishing the period now would meet: no scheme, published and closed, data missing or unapproved.</summary>
    public async Task<PublishCheck> CheckAsync(int organizationId, string period, CancellationToken ct = default)
    {
        var store = new PublicationStore(db);
        var latest = await store.LatestNumberAsync(organizationId, period, ct);
        bool locked = latest is not null && await store.OpenCorrectionAsync(organizationId, period, ct) is null;
        var assembled = await AssembleAsync(organizationId, period, ct);
        if (assembled is null) return new PublishCheck(false, locked, [], latest?.Number, []);
        return new PublishCheck(true, locked, assembled.Value.Missing, latest?.Number, assembled.Value.Problems);
    }

    /// <summary>
    /// 更正 opens a correction of the period's latest revision (a reason is required): its scheme and data may be written
    /// again until the next publication, which closes it.
    /// </summary>
    public Task<WriteOutcome<Correction>> OpenCorrectionAsync(int organizationId, string period, string actor, string reason, CancellationToken ct = default) =>
        writer.RunAsync(organizationId, actor, w => OpenCorrectionInAsync(w, period, reason, null), ct: ct);

    public async Task<WriteOutcome<Correction>> OpenCorrectionInAsync(AuditedWrite w, string period, string? reason, long? objectionId)
    {
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (reason is null) return WriteOutcome<Correction>.Invalid("$.reason", "a correction needs a reason", "提出更正须填写理由");
        if (OrgRules.CheckReason(reason).ToList() is { Count: > 0 } bad) return WriteOutcome<Correction>.Invalid(bad);
        int org = w.OrganizationId;
        var latest = await db.Revisions.AsNoTracking().Where(r => r.OrganizationId == org && r.Period == period).MaxAsync(r => (int?)r.Number, w.Ct);
        if (latest is null) return WriteOutcome<Correction>.Conflict(new Problem("$.period", $"period {period} is not published: nothing to correct", $"考核期 {period} 尚未发布，无需更正"));
        var open = await db.Corrections.AsNoTracking().FirstOrDefaultAsync(c => c.OrganizationId == org && c.Period == period && c.ClosedByRevision == null, w.Ct);
        if (open is not null) return WriteOutcome<Correction>.Conflict(new Problem("$.period", $"a correction of period {period} is already open", $"考核期 {period} 已有未完成的更正"), open);
        var correction = new Correction { OrganizationId = org, Period = period, AfterRevision = latest.Value, Reason = reason, OpenedBy = w.Actor, OpenedAt = clock.GetUtcNow(), ObjectionId = objectionId };
        db.Corrections.Add(correction);
        await w.Audit("publication.correct", "revision", $"{period}#{latest.Value}", period, null, null,
            new JsonObject { ["afterRevision"] = latest.Value, ["objection"] = objectionId }.ToJsonString(JsonFormats.Compact), reason);
        return WriteOutcome<Correction>.Ok(correction);
    }

    /// <summary>
    /// The refusal of a write to the scheme or data of a published period (null when the period is unpublished or a
    /// correction is open). Every write of a period's scheme or data asks it inside its audited write, under the lock.
    /// </summary>
    public static async Task<Problem?> LockedInAsync(AuditedWrite w, string period)
    {
        var db = w.Db;
        int org = w.OrganizationId;
        var latest = await db.Revisions.AsNoTracking().Where(r => r.OrganizationId == org && r.Period == period).MaxAsync(r => (int?)r.Number, w.Ct);
        if (latest is null) return null;
        bool open = await db.Corrections.AsNoTracking().AnyAsync(c => c.OrganizationId == org && c.Period == period && c.ClosedByRevision == null, w.Ct);
        return open ? null : Locked(period, latest.Value);
    }

    public static Problem Locked(string period, int revision) => new("$.period",
        $"period {period} is published (revision {revision}): its scheme and data are closed; open a correction with a reason first",
        $"考核期 {period} 已发布（第{revision}版），方案和数据不能再修改；如需修改，请先提出更正并说明理由");

    public static Problem AlreadyPublished(string period, int revision) => new("$.period",
        $"period {period} is already published (revision {revision}); open a correction to publish a new revision",
        $"考核期 {period} 已发布（第{revision}版）；如需重新发布，请先提出更正");

    private static IReadOnlyList<Problem> MissingProblems(IReadOnlyList<MissingDatum> missing) =>
        missing.Select(m => m.Source is { } source
            ? new Problem($"$.data.{m.Unit}.{m.Indicator}", $"the source period {source} of this roll-up is not published yet", $"汇总来源期 {PeriodNames.Words(source)} 尚未发布")
            : new Problem($"$.data.{m.Unit}.{m.Indicator}",
                m.State is null ? "no approved datum" : $"not approved ({DataEntryService.StateName(m.State.Value)})",
                m.State switch { null => "无数据", DatumState.Draft => "未提交（草稿）", DatumState.Submitted => "已提交，待审核", _ => "已退回" })).ToList();

    /// <summary>
    /// The file a publication scores: the current document, its data replaced by the approved rows (streamed into the
    /// file, never parsed one by one), and its <c>previousFlags</c> taken from the previous period's published revision
    /// when there is one. Null when the period has no scheme; Scheme null with the problems when it does not read.
    /// </summary>
    private async Task<(byte[] Input, Scheme? Scheme, IReadOnlyList<MissingDatum> Missing, IReadOnlyList<Problem> Problems)?> AssembleAsync(int org, string period, CancellationToken ct)
    {
        var current = await schemes.CurrentAsync(org, period, ct);
        if (current is null) return null;
        var doc = JsonNode.Parse(current.Document)!.AsObject();
        var flags = await PreviousFlagsAsync(org, period, doc, ct);
        if (flags is not null) doc["previousFlags"] = flags;
        var (input, unapproved) = await WriteInputAsync(db, org, period, doc, ct);
        // 汇总: rollup indicators with a source period take its published composites (ADR 0025); only such schemes are parsed again.
        IReadOnlyList<(string Unit, string Indicator, string SourcePeriod)> unpublishedSources = [];
        if (RollUp.HasSources(doc))
        {
            var file = JsonNode.Parse(input)!.AsObject();
            unpublishedSources = await RollUp.FillAsync(new PublicationStore(db), org, file, ct);
            input = Encoding.UTF8.GetBytes(file.ToJsonString(JsonFormats.Compact));
        }
        var read = SchemeReader.Read(input);
        if (!read.IsValid) return (input, null, [], read.Problems);
        var scheme = read.Scheme!;
        var missing = new List<MissingDatum>();
        foreach (var c in scheme.Categories)
        {
            foreach (var u in c.Units)
            {
                scheme.Data.TryGetValue(u, out var data);
                foreach (var i in c.Indicators)
                {
                    // Filled from its source period: a unit absent there follows the missing policy; an unpublished source is listed below.
                    if (RollUp.Fills(i)) continue;
                    bool has = data is not null && data.ContainsKey(i.Id);
                    if (has) continue;
                    if (unapproved.TryGetValue((u, i.Id), out var state)) missing.Add(new MissingDatum(u, i.Id, state));
                    else if (i.Kind == IndicatorKind.Base) missing.Add(new MissingDatum(u, i.Id, null));
                }
            }
        }
        missing.AddRange(unpublishedSources.Select(m => new MissingDatum(m.Unit, m.Indicator, null, m.SourcePeriod)));
        return (input, scheme, missing, []);
    }

    /// <summary>
    /// The file a publication scores, written from <paramref name="doc"/> (its <c>data</c> left out) and the period's
    /// approved rows streamed into <c>data</c> (never parsed one by one); the rows not approved, by unit and indicator.
    /// Public for <c>bench/…/PublishPhases</c>, which times the service's own steps.
    /// </summary>
    public static async Task<(byte[] Input, Dictionary<(string Unit, string Indicator), DatumState> Unapproved)> WriteInputAsync(
        PacesetterDb db, int org, string period, JsonObject doc, CancellationToken ct = default)
    {
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        var unapproved = new Dictionary<(string Unit, string Indicator), DatumState>();
        using (var jw = new Utf8JsonWriter(buffer, JsonFormats.CompactWriter))
        {
            jw.WriteStartObject();
            foreach (var (name, value) in doc)
            {
                if (name == "data") continue;
                jw.WritePropertyName(name);
                if (value is null) jw.WriteNullValue();
                else value.WriteTo(jw);
            }
            jw.WriteStartObject("data");
            string? unit = null;
            var rows = db.DatumEntries.AsNoTracking()
                .Where(d => d.OrganizationId == org && d.Period == period && d.Value != null)
                .OrderBy(d => d.UnitCode).ThenBy(d => d.IndicatorId)
                .Select(d => new { d.UnitCode, d.IndicatorId, d.Value, d.State })
                .AsAsyncEnumerable();
            await foreach (var r in rows.WithCancellation(ct))
            {
                if (r.State != DatumState.Approved)
                {
                    unapproved[(r.UnitCode, r.IndicatorId)] = r.State;
                    continue;
                }
                if (r.UnitCode != unit)
                {
                    if (unit is not null) jw.WriteEndObject();
                    jw.WriteStartObject(r.UnitCode);
                    unit = r.UnitCode;
                }
                jw.WritePropertyName(r.IndicatorId);
                jw.WriteRawValue(r.Value!, skipInputValidation: true);
            }
            if (unit is not null) jw.WriteEndObject();
            jw.WriteEndObject();
            jw.WriteEndObject();
        }
        return (buffer.WrittenSpan.ToArray(), unapproved);
    }

    /// <summary>
    /// 流动红旗 carried over: the flag holders of the previous period of the same kind's latest published revision, for
    /// the categories of this scheme whose units include the holder (null when that period is unpublished: the
    /// document's own <c>previousFlags</c>, if any, stand).
    /// </summary>
    private async Task<JsonObject?> PreviousFlagsAsync(int org, string period, JsonObject doc, CancellationToken ct)
    {
        if (Periods.Previous(period) is not { } before) return null;
        var revision = await new PublicationStore(db).LatestAsync(org, before, ct);
        if (revision is null) return null;
        var race = Standings.Parse(PublicationStore.UnzipBytes(revision.Results));
        var flags = new JsonObject();
        foreach (var c in (doc["categories"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var id = c["id"]?.GetValue<string>();
            var held = race.Categories.FirstOrDefault(x => x.Id == id)?.Flag.Holder;
            var units = (c["units"] as JsonArray ?? []).Select(n => n?.GetValue<string>()).ToHashSet();
            if (id is not null && held is not null && units.Contains(held)) flags[id] = held;
        }
        return flags;
    }

    /// <summary>Each unit's rank and composite in the previous period of the same kind's latest published revision.</summary>
    private async Task<Dictionary<string, (int? Rank, decimal? Composite)>> PreviousRowsAsync(int org, string period, CancellationToken ct)
    {
        var map = new Dictionary<string, (int?, decimal?)>(StringComparer.Ordinal);
        if (Periods.Previous(period) is not { } before) return map;
        var revision = await new PublicationStore(db).LatestAsync(org, before, ct);
        if (revision is null) return map;
        foreach (var row in Standings.Parse(PublicationStore.UnzipBytes(revision.Results)).Categories.SelectMany(c => c.Rows)) map[row.Unit] = (row.Rank, row.Composite);
        return map;
    }

    private static byte[] WriteResults(SchemeResult result, PublishedExtras extras)
    {
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        using (var w = new Utf8JsonWriter(buffer, JsonFormats.IndentedWriter)) ResultJson.Write(w, result, extras);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The units whose composite, rank, grade, label or flag differ between two revisions, by category and unit.</summary>
    public static List<RevisionChange> Compare(RaceResult before, RaceResult after)
    {
        var changes = new List<RevisionChange>();
        var old = before.Categories.SelectMany(c => c.Rows.Select(r => (Category: c, Row: r))).ToDictionary(x => x.Row.Unit, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in after.Categories)
        {
            foreach (var r in c.Rows)
            {
                seen.Add(r.Unit);
                bool flag = c.Flag.Holder == r.Unit;
                if (old.TryGetValue(r.Unit, out var o))
                {
                    bool oldFlag = o.Category.Flag.Holder == r.Unit;
                    if (o.Row.Composite == r.Composite && o.Row.Rank == r.Rank && o.Row.Grade == r.Grade && o.Row.Label == r.Label && oldFlag == flag && o.Category.Id == c.Id) continue;
                    changes.Add(new RevisionChange(c.Id, r.Unit, o.Row.Composite, r.Composite, o.Row.Rank, r.Rank, o.Row.Grade, r.Grade, o.Row.Label, r.Label, oldFlag, flag));
                }
                else changes.Add(new RevisionChange(c.Id, r.Unit, null, r.Composite, null, r.Rank, null, r.Grade, null, r.Label, false, flag));
            }
        }
        foreach (var (unit, o) in old)
        {
            if (!seen.Contains(unit)) changes.Add(new RevisionChange(o.Category.Id, unit, o.Row.Composite, null, o.Row.Rank, null, o.Row.Grade, null, o.Row.Label, null, o.Category.Flag.Holder == unit, false));
        }
        return [.. changes.OrderBy(x => x.Category, StringComparer.Ordinal).ThenBy(x => x.Unit, StringComparer.Ordinal)];
    }

    internal static string Text(byte[] utf8) => Encoding.UTF8.GetString(utf8);
}
