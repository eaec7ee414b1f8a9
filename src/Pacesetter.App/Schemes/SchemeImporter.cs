using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Pacesetter.App.Audit;
using Pacesetter.App.Data;
using Pacesetter.App.DataEntry;
using Pacesetter.App.Organizations;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Output;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.App.Schemes;

/// <summary>
/// 导入 a whole scheme file (scoring.md §7) in two steps (ADR 0013): <see cref="PreviewAsync"/> says what the file will
/// change — units renamed, added or moved, categories and indicators added or dropped, every unit's data added, changed
/// or removed, the new version number — or refuses it when the result would break a rule (two units with one name, a
/// unit with data moved to another category, a kept value the new scheme cannot read); <see cref="ImportAsync"/> applies
/// the same plan as one audited write, all or nothing, and refuses as a conflict when the plan is no longer the one
/// previewed (its <see cref="ImportPreview.Token"/>). Data of units and indicators the new scheme no longer has are
/// removed with the import (audited), so that the period can always be scored afterwards. Used by <c>PUT …/scheme</c>,
/// <c>POST …/scheme/preview</c> and the import page.
/// </summary>
public sealed class SchemeImporter(PacesetterDb db, SchemeStore store)
{
    private readonly OrgWriter writer = new(db);

    /// <summary>The audit reason of imported data rows.</summary>
    public const string ImportReason = "导入";

    /// <summary>A scheme file may hold up to 64 MB by default (the web host's <c>Limits:SchemeFileBytes</c> sets another limit).</summary>
    public const int MaxBytes = 64 * 1024 * 1024;

    /// <summary>The confirm of a preview whose organization or period changed in between.</summary>
    public static readonly Problem ChangedSincePreview = new("$",
        "the period or the organization's units changed since the preview; look at the new preview and confirm again",
        "预览之后，本考核期或组织的单位已有变动；请查看新的预览后再确认");

    /// <summary>What the file would change, without changing anything; Invalid with every problem when it cannot be imported.</summary>
    /// <param name="period">The period the file must be for (the route's), or null to take the file's.</param>
    public async Task<WriteOutcome<ImportPreview>> PreviewAsync(int organizationId, string? period, ReadOnlyMemory<byte> utf8, string actor, CancellationToken ct = default)
    {
        var plan = await PrepareAsync(organizationId, period, utf8, actor, null, ct);
        return plan.Problems.Count > 0 ? WriteOutcome<ImportPreview>.Invalid(plan.Problems) : WriteOutcome<ImportPreview>.Ok(plan.Preview!);
    }

    /// <param name="period">The period the file must be for (the route's), or null to take the file's.</param>
    /// <param name="expectedVersion">The current version the caller expects (If-Match), or null for no check.</param>
    /// <param name="expectedToken">The <see cref="ImportPreview.Token"/> of the preview the admin confirmed, or null (an integration's PUT without a preview).</param>
    public async Task<WriteOutcome<Imported>> ImportAsync(int organizationId, string? period, ReadOnlyMemory<byte> utf8, string actor, string? reason, int? expectedVersion,
        CancellationToken ct = default, string? expectedToken = null)
    {
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        var plan = await PrepareAsync(organizationId, period, utf8, actor, reason, ct, keepValues: false);
        if (plan.Problems.Count > 0) return WriteOutcome<Imported>.Invalid(plan.Problems);
        var preview = plan.Preview!;
        if (expectedToken is not null)
        {
            if (!string.Equals(expectedToken, preview.Token, StringComparison.Ordinal)) return WriteOutcome<Imported>.Conflict(ChangedSincePreview);
            // The version previewed is the version replaced: a save in between is a conflict, as the token says.
            expectedVersion ??= preview.CurrentVersion;
        }
        var scheme = plan.Scheme!;
        var file = plan.File!;
        return await writer.RunAsync(organizationId, actor, async w =>
        {
            // The units and categories the plan was made from, read again under the lock: a rename in between is a conflict.
            var state = await UnitStateAsync(organizationId, tracked: true, ct);
            if (!state.Hash.SequenceEqual(plan.UnitHash)) return WriteOutcome<Imported>.Conflict(expectedToken is null ? WriteMessages.Changed : ChangedSincePreview);
            var saved = await store.SaveInAsync(w, scheme.Period, file, reason ?? ImportReason, expectedVersion, checkedWithData: true, refreshSystemData: false);
            if (!saved.IsOk) return Refused(saved);
            var (created, renamed) = await UnitsAsync(w, scheme, state);
            var imported = await DataAsync(w, plan.Data, scheme.Period, plan.RowsBefore);
            // The data the system enters (the file's were not taken, ADR 0036): after the file's, which the count above checks.
            await Supervision.Race.SystemData.RefreshInAsync(w, scheme.Period, file, saved.Value!.CreatedAt);
            return WriteOutcome<Imported>.Ok(new Imported(saved.Value!, created, renamed, imported, plan.Data.Removed.Count));
        }, async () =>
        {
            // Another save took the same version number between our read and our write: a conflict, not an error.
            var current = await store.CurrentAsync(organizationId, scheme.Period, ct);
            return WriteOutcome<Imported>.Conflict(expectedToken is null ? SchemeStore.Newer : ChangedSincePreview, current is null ? null : new Imported(current, 0, 0, 0, 0));
        }, ct);
    }

    private static WriteOutcome<Imported> Refused(WriteOutcome<SchemeVersion> saved) =>
        saved.Status == WriteStatus.Conflict
            ? WriteOutcome<Imported>.Conflict(saved.Problems[0], saved.Value is { } v ? new Imported(v, 0, 0, 0, 0) : null)
            : saved.As<Imported>();

    /// <summary>The file read and checked, its plan against what is stored, the preview of it, or the problems.</summary>
    private sealed record Plan(List<Problem> Problems, Scheme? Scheme = null, JsonObject? File = null, DataPlan Data = null!, byte[] UnitHash = null!, int RowsBefore = 0, ImportPreview? Preview = null);

    /// <summary>The organization's categories and units as the plan reads them, and a hash of them (what a confirm compares).</summary>
    private sealed record UnitState(Dictionary<string, UnitCategory> Categories, Dictionary<string, Unit> Units, byte[] Hash);

    private async Task<UnitState> UnitStateAsync(int organizationId, bool tracked, CancellationToken ct)
    {
        var cq = db.UnitCategories.Where(c => c.OrganizationId == organizationId);
        var uq = db.Units.Where(u => u.OrganizationId == organizationId);
        var categories = await (tracked ? cq : cq.AsNoTracking()).ToDictionaryAsync(c => c.Code, StringComparer.Ordinal, ct);
        var units = await (tracked ? uq : uq.AsNoTracking()).ToDictionaryAsync(u => u.Code, StringComparer.Ordinal, ct);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var c in categories.Values.OrderBy(c => c.Code, StringComparer.Ordinal)) Add(hash, $"c\u001f{c.Id}\u001f{c.Code}\u001f{c.Name}\u001f{c.Version}\u001e");
        foreach (var u in units.Values.OrderBy(u => u.Code, StringComparer.Ordinal)) Add(hash, $"u\u001f{u.Id}\u001f{u.Code}\u001f{u.Name}\u001f{u.CategoryId}\u001f{u.RetiredAt?.UtcTicks}\u001f{u.Version}\u001e");
        return new UnitState(categories, units, hash.GetHashAndReset());
    }

    private static void Add(IncrementalHash hash, string text) => hash.AppendData(System.Text.Encoding.UTF8.GetBytes(text));

    private sealed record StoredRow(long Id, string UnitCode, string IndicatorId, string? Value, DatumState State, int Version);

    /// <summary>
    /// Reads and checks the file, then plans it against what is stored: every problem (the reader's, the organization's
    /// rules, and what the import would break), or the plan with its preview. Read before the write lock (ADR 0011).
    /// </summary>
    /// <param name="keepValues">The preview lists every changed value (the page and the API show them on demand); an import does not need them.</param>
    private async Task<Plan> PrepareAsync(int organizationId, string? period, ReadOnlyMemory<byte> utf8, string actor, string? reason, CancellationToken ct, bool keepValues = true)
    {
        if (utf8.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) utf8 = utf8[3..];
        var original = utf8;
        (utf8, var systemFilled) = await WithSystemDataAsync(organizationId, utf8, ct);
        var read = SchemeReader.Read(utf8);
        var problems = systemFilled.Count == 0 ? read.Problems.ToList() : [.. read.Problems.Select(p => WithSystemDataNote(p, systemFilled))];
        if (read.Scheme is { } s && period is not null && s.Period != period)
        {
            problems.Add(new Problem("$.period", $"the file is for period \"{s.Period}\", not \"{period}\"", $"文件的考核期是“{s.Period}”，而不是“{period}”"));
        }
        JsonObject? file = null;
        if (problems.Count == 0)
        {
            file = JsonNode.Parse(utf8.Span)!.AsObject();
            // The organization's rules for what a stored file creates and keys rows by: before anything is written.
            problems.AddRange(SchemeRules.Check(read.Scheme!, file, reason));
        }
        if (file is null) return new Plan(problems);
        var scheme = read.Scheme!;
        // The data are taken out of the document (the version keeps none, and the reader above has checked them with it).
        var data = file["data"] as JsonObject;
        file.Remove("data");

        var current = await store.CurrentAsync(organizationId, scheme.Period, ct);
        var state = await UnitStateAsync(organizationId, tracked: false, ct);
        var rows = await db.DatumEntries.AsNoTracking().Where(d => d.OrganizationId == organizationId && d.Period == scheme.Period)
            .Select(d => new StoredRow(d.Id, d.UnitCode, d.IndicatorId, d.Value, d.State, d.Version))
            .ToDictionaryAsync(d => (d.UnitCode, d.IndicatorId), ct);
        int rowsBefore = rows.Count;

        // The token: the file and everything the plan is made from (the current version, the units, the period's rows).
        string token;
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            hash.AppendData(SHA256.HashData(original.Span));
            hash.AppendData(state.Hash);
            Add(hash, $"v\u001f{current?.Version ?? 0}\u001e");
            foreach (var r in rows.Values.OrderBy(r => r.Id)) Add(hash, $"d\u001f{r.Id}\u001f{r.Version}\u001f{(int)r.State}\u001e");
            token = Convert.ToHexStringLower(hash.GetHashAndReset().AsSpan(0, 16));
        }

        // ---- Units: renamed, added, moved; the names they will have.
        var categoryOf = new Dictionary<string, (Category Category, int Index, int Position)>(StringComparer.Ordinal);
        for (int i = 0; i < scheme.Categories.Count; i++)
        {
            var c = scheme.Categories[i];
            for (int j = 0; j < c.Units.Count; j++) categoryOf[c.Units[j]] = (c, i, j);
        }
        var withData = rows.Keys.Select(k => k.UnitCode).ToHashSet(StringComparer.Ordinal);
        var categoryNames = state.Categories.Values.ToDictionary(c => c.Id, c => c.Name);
        var finalNames = state.Units.Values.Where(u => u.RetiredAt is null).ToDictionary(u => u.Code, u => u.Name, StringComparer.Ordinal);
        var renamed = new List<UnitRenamed>();
        var added = new List<UnitAdded>();
        var moved = new List<UnitMoved>();
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var info in scheme.Units)
        {
            var target = categoryOf.TryGetValue(info.Id, out var place) ? place.Category : null;
            if (!state.Units.TryGetValue(info.Id, out var unit))
            {
                added.Add(new UnitAdded(info.Id, info.Name, target?.Name));
                finalNames[info.Id] = info.Name;
                touched.Add(info.Id);
                continue;
            }
            var name = unit.Name;
            if (info.Named && unit.Name != info.Name)
            {
                renamed.Add(new UnitRenamed(info.Id, unit.Name, info.Name));
                finalNames[info.Id] = name = info.Name;
                touched.Add(info.Id);
            }
            if (target is null) continue;
            int? targetId = state.Categories.TryGetValue(target.Id, out var existing) ? existing.Id : null;
            if (targetId is not null && unit.CategoryId == targetId) continue;
            string? from = unit.CategoryId is int f && categoryNames.TryGetValue(f, out var n) ? n : null;
            moved.Add(new UnitMoved(info.Id, name, from, target.Name));
            if (from is not null && withData.Contains(info.Id))
            {
                var path = JsonPath.Index(JsonPath.Field(JsonPath.Index(JsonPath.Field(JsonPath.Root, "categories"), place.Index), "units"), place.Position);
                problems.Add(new Problem(path,
                    $"\"{name}\" ({info.Id}) has data in {scheme.Period} and cannot move from \"{from}\" to \"{target.Name}\" with an import; move it on the Units page, or leave it in \"{from}\"",
                    $"“{name}”({info.Id}) 在 {scheme.Period} 已有数据，导入不能把它从“{from}”移到“{target.Name}”；请在“单位”页移动，或在文件中把它留在“{from}”"));
            }
        }
        foreach (var group in finalNames.GroupBy(p => p.Value, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            foreach (var code in group.Select(p => p.Key).Where(touched.Contains).Order(StringComparer.Ordinal))
            {
                var others = string.Join("、", group.Where(p => p.Key != code).Select(p => $"“{p.Value}”({p.Key})"));
                var othersEn = string.Join(", ", group.Where(p => p.Key != code).Select(p => $"\"{p.Value}\" ({p.Key})"));
                var path = JsonPath.Field(JsonPath.Field(JsonPath.Root, "units"), code);
                problems.Add(state.Units.TryGetValue(code, out var old)
                    ? new Problem(path,
                        $"\"{old.Name}\" ({code}) would be renamed \"{group.Key}\", the name of {othersEn}: two units of the organization cannot share a name",
                        $"“{old.Name}”({code}) 将改名为“{group.Key}”，与{others}重名：同一组织的两个单位不能同名")
                    : new Problem(path,
                        $"the new unit {code} would be named \"{group.Key}\", the name of {othersEn}: two units of the organization cannot share a name",
                        $"新单位 {code} 将命名为“{group.Key}”，与{others}重名：同一组织的两个单位不能同名"));
            }
        }

        // ---- Data: what the file changes, what the new scheme no longer has (removed), what is kept (checked).
        var indicatorsOf = new Dictionary<string, Dictionary<string, Indicator>>(StringComparer.Ordinal);
        foreach (var c in scheme.Categories)
        {
            var byId = c.Indicators.ToDictionary(i => i.Id, StringComparer.Ordinal);
            foreach (var u in c.Units) indicatorsOf[u] = byId;
        }
        var removedByUnit = new SortedDictionary<string, List<StoredRow>>(StringComparer.Ordinal);
        foreach (var row in rows.Values.OrderBy(r => r.IndicatorId, StringComparer.Ordinal))
        {
            if (indicatorsOf.TryGetValue(row.UnitCode, out var inds) && inds.ContainsKey(row.IndicatorId)) continue;
            if (!removedByUnit.TryGetValue(row.UnitCode, out var list)) removedByUnit[row.UnitCode] = list = [];
            list.Add(row);
        }
        foreach (var row in removedByUnit.Values.SelectMany(l => l)) rows.Remove((row.UnitCode, row.IndicatorId));
        // ---- Categories and indicators, compared with the period's current scheme.
        var oldCategories = new List<(string Id, string Name, List<string> Units, List<(string Id, string Name)> Indicators)>();
        if (current is not null && JsonNode.Parse(current.Document)?["categories"] is JsonArray cats)
        {
            foreach (var c in cats.OfType<JsonObject>())
            {
                var units = (c["units"] as JsonArray)?.Select(u => u?.GetValue<string>() ?? "").ToList() ?? [];
                var inds = (c["indicators"] as JsonArray)?.OfType<JsonObject>()
                    .Select(i => (Id: Text(i["id"]), Name: i["name"] is null ? Text(i["id"]) : Text(i["name"]))).ToList() ?? [];
                oldCategories.Add((Text(c["id"]), Text(c["name"]), units, inds));
            }
        }
        // The names of the indicators the period's current scheme has (a removed value is shown by its indicator's name).
        var oldNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, n) in oldCategories.SelectMany(o => o.Indicators)) oldNames.TryAdd(id, n);
        string UnitName(string code) => finalNames.TryGetValue(code, out var n) ? n : state.Units.TryGetValue(code, out var u) ? u.Name : code;
        // The system's values of sourced indicators were read in the file's place; the system writes them itself (at the save).
        if (data is not null) RemoveSystemFilled(scheme, data);
        var plan = PlanData(organizationId, scheme.Period, data, actor, rows, removedByUnit, UnitName, indicatorsOf, oldNames, keepValues);
        data = null; // the data's DOM can be collected while the write runs
        problems.AddRange(plan.Problems);
        // What stays as it is must be what the new scheme reads (drafts and submissions too: the preview scores them).
        foreach (var row in rows.Values.Where(r => r.Value is not null && r.State != DatumState.Returned).OrderBy(r => r.UnitCode, StringComparer.Ordinal).ThenBy(r => r.IndicatorId, StringComparer.Ordinal))
        {
            var indicator = indicatorsOf[row.UnitCode][row.IndicatorId];
            foreach (var p in DataEntryService.Check(scheme, row.UnitCode, row.IndicatorId, row.Value!))
            {
                problems.Add(new Problem(p.Path,
                    $"the stored value of \"{indicator.Name}\" of \"{UnitName(row.UnitCode)}\" ({row.UnitCode}), which the file does not replace, does not fit the new scheme: {p.English}",
                    $"“{UnitName(row.UnitCode)}”({row.UnitCode}) 已存的“{indicator.Name}”数据（文件未替换）不符合新方案：{p.Chinese}"));
            }
        }

        var removed = plan.Removed;
        var categoriesCreated = scheme.Categories.Where(c => !state.Categories.ContainsKey(c.Id)).Select(c => new NamedCode(c.Id, c.Name)).ToList();
        var categoriesDropped = oldCategories.Where(o => scheme.Categories.All(c => c.Id != o.Id)).Select(o => new NamedCode(o.Id, o.Name)).ToList();
        var indicatorsAdded = new List<IndicatorChange>();
        var indicatorsDropped = new List<IndicatorChange>();
        if (current is not null)
        {
            foreach (var c in scheme.Categories)
            {
                var old = oldCategories.FirstOrDefault(o => o.Id == c.Id);
                foreach (var i in c.Indicators.Where(i => old.Indicators is null || old.Indicators.All(o => o.Id != i.Id))) indicatorsAdded.Add(new IndicatorChange(c.Name, i.Id, i.Name, 0));
            }
            foreach (var o in oldCategories)
            {
                var now = scheme.Categories.FirstOrDefault(c => c.Id == o.Id);
                foreach (var i in o.Indicators.Where(i => now is null || now.Indicators.All(n => n.Id != i.Id)))
                {
                    var units = o.Units.ToHashSet(StringComparer.Ordinal);
                    indicatorsDropped.Add(new IndicatorChange(o.Name, i.Id, i.Name, removed.Count(r => r.IndicatorId == i.Id && units.Contains(r.UnitCode))));
                }
            }
        }
        var oldUnits = oldCategories.SelectMany(o => o.Units).Concat(removedByUnit.Keys).Distinct(StringComparer.Ordinal).Where(u => !categoryOf.ContainsKey(u)).Order(StringComparer.Ordinal);
        var unitsDropped = oldUnits.Select(u => new UnitDropped(u, UnitName(u), removed.Count(r => r.UnitCode == u))).ToList();

        int evidence = removed.Count == 0 ? 0 : await CountEvidenceAsync(organizationId, removed.Select(r => r.Id).ToList(), ct);
        var preview = new ImportPreview(scheme.Period, scheme.Name, current?.Version ?? 0, (current?.Version ?? 0) + 1, token,
            renamed, added, moved, categoriesCreated, categoriesDropped, indicatorsAdded, indicatorsDropped, unitsDropped,
            plan.Units, plan.Added.Count, plan.Updated.Count, removed.Count, evidence, systemFilled);
        return new Plan(problems, scheme, file, plan, state.Hash, rowsBefore, preview);
    }

    /// <summary>Takes the values of sourced indicators out of the file's data (the system enters them).</summary>
    private static void RemoveSystemFilled(Scheme scheme, JsonObject data)
    {
        foreach (var c in scheme.Categories)
        {
            var sourced = c.Indicators.Where(i => i.Source is not null).Select(i => i.Id).ToList();
            if (sourced.Count == 0) continue;
            foreach (var u in c.Units)
            {
                if (data[u] is not JsonObject ud) continue;
                foreach (var id in sourced) ud.Remove(id);
            }
        }
    }

    /// <summary>
    /// A file whose scheme has indicators the system fills (<c>source</c>, ADR 0030): the file with the system's values
    /// of them in place of its own (what the saved scheme is scored with, so an exemption must name a card the system
    /// issued), and each such indicator with the number of the file's values of it, which are not imported (ADR 0036).
    /// The file as it is when it names no source or does not parse (the reader then says why).
    /// </summary>
    private async Task<(ReadOnlyMemory<byte> Utf8, List<SystemFilledIndicator> Sourced)> WithSystemDataAsync(int organizationId, ReadOnlyMemory<byte> utf8, CancellationToken ct)
    {
        if (utf8.Span.IndexOf("\"source\""u8) < 0) return (utf8, []);
        JsonObject document;
        try
        {
            if (JsonNode.Parse(utf8.Span) is not JsonObject o) return (utf8, []);
            document = o;
        }
        catch (JsonException)
        {
            return (utf8, []);
        }
        if (document["period"] is not JsonValue pv || !pv.TryGetValue<string>(out var period) || !Periods.IsValid(period)) return (utf8, []);
        var sourced = Supervision.Race.SystemData.SourcedIn(document);
        if (sourced.Count == 0) return (utf8, []);
        var data = document["data"] as JsonObject;
        var list = new List<SystemFilledIndicator>();
        foreach (var s in sourced)
        {
            int values = data is null ? 0 : s.Units.Count(u => data[u] is JsonObject ud && ud.ContainsKey(s.Indicator));
            int at = list.FindIndex(x => x.Id == s.Indicator && x.Source == s.Source);
            if (at >= 0) list[at] = list[at] with { ValuesNotTaken = list[at].ValuesNotTaken + values };
            else list.Add(new SystemFilledIndicator(s.Indicator, IndicatorName(document, s.Indicator), s.Source, values));
        }
        var withSystem = await Supervision.Race.SystemData.WithSystemDataAsync(db, organizationId, period, document, ct);
        return (System.Text.Encoding.UTF8.GetBytes(withSystem.ToJsonString()), list);
    }

    /// <summary>The name of the first indicator <paramref name="id"/> of a scheme document (its id when it has none).</summary>
    private static string IndicatorName(JsonObject document, string id) =>
        (document["categories"] as JsonArray)?.OfType<JsonObject>().SelectMany(c => (c["indicators"] as JsonArray)?.OfType<JsonObject>() ?? [])
            .Where(i => Text(i["id"]) == id).Select(i => i["name"] is JsonValue n && n.TryGetValue<string>(out var name) ? name : id).FirstOrDefault() ?? id;

    /// <summary>A problem of the file read with the system's data: an adjustment's <c>ref</c> says that it was checked against them.</summary>
    private static Problem WithSystemDataNote(Problem p, List<SystemFilledIndicator> sourced)
    {
        if (!p.Path.StartsWith("$.adjustments", StringComparison.Ordinal) || !p.Path.EndsWith(".ref", StringComparison.Ordinal)) return p;
        var names = string.Join("、", sourced.Select(s => $"“{s.Name}”"));
        var namesEn = string.Join(", ", sourced.Select(s => $"\"{s.Name}\""));
        return new Problem(p.Path,
            $"{p.English} (checked with the data the system enters for {namesEn}: the file's data of them are not imported)",
            $"{p.Chinese}（{names}的数据由系统填报，按系统数据核对，文件中的这些数据不导入）");
    }

    private static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    private async Task<int> CountEvidenceAsync(int organizationId, List<long> ids, CancellationToken ct)
    {
        int count = 0;
        foreach (var chunk in ids.Chunk(1000)) count += await db.Evidence.CountAsync(e => e.OrganizationId == organizationId && chunk.Contains(e.DatumEntryId), ct);
        return count;
    }

    /// <summary>
    /// Creates the file's units (a unit the file does not name gets its id as name) and categories, renames units whose
    /// name in the file changed, moves units to the file's category — from the units read under the lock.
    /// </summary>
    private async Task<(int Created, int Renamed)> UnitsAsync(AuditedWrite w, Scheme scheme, UnitState state)
    {
        int organizationId = w.OrganizationId;
        var categories = state.Categories;
        int sort = categories.Count == 0 ? 0 : categories.Values.Max(c => c.SortOrder);
        bool added = false;
        foreach (var c in scheme.Categories.Where(c => !categories.ContainsKey(c.Id)))
        {
            var row = new UnitCategory { OrganizationId = organizationId, Code = c.Id, Name = c.Name, SortOrder = ++sort };
            db.UnitCategories.Add(row);
            categories[c.Id] = row;
            added = true;
            await w.Audit("category.create", "unit_category", c.Id, scheme.Period, after: c.Name, reason: ImportReason);
        }
        // New categories need their ids before units can point at them (same transaction).
        if (added) await w.SaveAsync();

        var categoryOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var c in scheme.Categories)
        {
            foreach (var u in c.Units) categoryOf[u] = categories[c.Id].Id;
        }
        var units = state.Units;
        int created = 0, renamed = 0;
        // New units go in with one bulk statement (a province brings 10,000), their audit rows with the renames' and
        // moves' in the file's order (AuditManyAsync saves the tracked renames and moves first).
        var newUnits = new List<Unit>();
        var records = new List<AuditRecord>();
        foreach (var info in scheme.Units)
        {
            int? category = categoryOf.TryGetValue(info.Id, out var id) ? id : null;
            if (!units.TryGetValue(info.Id, out var unit))
            {
                newUnits.Add(new Unit { OrganizationId = organizationId, Code = info.Id, Name = info.Name, CategoryId = category });
                created++;
                records.Add(new AuditRecord(w.Actor, "unit.create", "unit", info.Id, scheme.Period, info.Id, After: info.Name, Reason: ImportReason));
                continue;
            }
            // A unit the file lists but does not name in `units` (scoring.md §7) keeps the organization's name.
            if (info.Named && unit.Name != info.Name)
            {
                records.Add(new AuditRecord(w.Actor, "unit.rename", "unit", info.Id, scheme.Period, info.Id, unit.Name, info.Name, ImportReason));
                unit.Name = info.Name;
                unit.Version++;
                renamed++;
            }
            if (category is not null && unit.CategoryId != category)
            {
                var before = categories.Values.FirstOrDefault(c => c.Id == unit.CategoryId)?.Code;
                var after = categories.Values.First(c => c.Id == category).Code;
                records.Add(new AuditRecord(w.Actor, "unit.category", "unit", info.Id, scheme.Period, info.Id, before, after, ImportReason));
                unit.CategoryId = category;
                unit.Version++;
            }
        }
        if (records.Count > 0) await w.AuditManyAsync(records, async () => await BulkInsert.RowsAsync(db, newUnits, w.Ct));
        return (created, renamed);
    }

    /// <summary>
    /// What the import will write — rows to add, rows to update and rows to remove (at the version read), one audit
    /// record per unit whose data change — the preview's rows per unit, and the data it refuses (stored JSON longer than
    /// <see cref="DatumText.MaxLength"/>: the same rule and message as a datum saved alone).
    /// </summary>
    private sealed record DataPlan(List<DatumEntry> Added, List<DatumUpdate> Updated, List<StoredRow> Removed, List<AuditRecord> Audit, List<UnitDataChange> Units, List<Problem> Problems);

    private sealed record DatumUpdate(long Id, int Version, string Value);

    /// <summary>
    /// The file's data as approved rows, and the removal of the stored rows of units and indicators the new scheme no
    /// longer has: one <c>datum.import</c> audit record per unit whose data change (entity <c>unit</c>, key
    /// <c>{period}/{unit}</c>), before = {indicator: the stored value or null} and after = {indicator: the imported
    /// value, or null for a removed one} for exactly the data whose value or state changes or that are removed, in the
    /// file's order, removals last (ADR 0011, 0013). Rows the file does not mention and the new scheme keeps are left as
    /// they are (a reporter's draft is not deleted by an import). <paramref name="rows"/> leaves with the rows kept.
    /// </summary>
    private static DataPlan PlanData(int organizationId, string period, JsonObject? data, string actor, Dictionary<(string UnitCode, string IndicatorId), StoredRow> rows,
        SortedDictionary<string, List<StoredRow>> removedByUnit, Func<string, string> unitName, Dictionary<string, Dictionary<string, Indicator>> indicatorsOf, Dictionary<string, string> oldNames, bool keepValues)
    {
        var plan = new DataPlan([], [], [.. removedByUnit.Values.SelectMany(l => l)], [], [], []);
        // One writer reused for the million values of a province (what ToJsonString(JsonFormats.Compact) writes).
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using var json = new Utf8JsonWriter(buffer, JsonFormats.CompactWriter);
        // The unit's audit record: {indicator: value} objects written as the data are read (values are compact JSON).
        var beforeBuffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        var afterBuffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using var beforeJson = new Utf8JsonWriter(beforeBuffer, JsonFormats.CompactWriter);
        using var afterJson = new Utf8JsonWriter(afterBuffer, JsonFormats.CompactWriter);
        string IndicatorName(string unit, string indicator) =>
            indicatorsOf.TryGetValue(unit, out var inds) && inds.TryGetValue(indicator, out var i) ? i.Name : indicator;

        void Unit(string unit, IEnumerable<(string Indicator, JsonNode? Node)> values)
        {
            beforeBuffer.ResetWrittenCount();
            afterBuffer.ResetWrittenCount();
            beforeJson.Reset(beforeBuffer);
            afterJson.Reset(afterBuffer);
            beforeJson.WriteStartObject();
            afterJson.WriteStartObject();
            int addedCount = 0, changedCount = 0, removedCount = 0;
            List<ValueChange>? shown = keepValues ? [] : null;
            foreach (var (indicator, node) in values)
            {
                if (node is null) continue;
                buffer.ResetWrittenCount();
                json.Reset(buffer);
                node.WriteTo(json, JsonFormats.Compact);
                json.Flush();
                var value = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
                if (DatumText.TooLong(value, DataEntryService.DatumPath(unit, indicator)) is { } tooLong)
                {
                    plan.Problems.Add(tooLong);
                    continue;
                }
                string? before = null;
                if (rows.Remove((unit, indicator), out var row))
                {
                    if (row.Value == value && row.State == DatumState.Approved) continue;
                    before = row.Value;
                    beforeJson.WritePropertyName(indicator);
                    if (row.Value is null) beforeJson.WriteNullValue();
                    else beforeJson.WriteRawValue(row.Value);
                    plan.Updated.Add(new DatumUpdate(row.Id, row.Version, value));
                    changedCount++;
                }
                else
                {
                    beforeJson.WritePropertyName(indicator);
                    beforeJson.WriteNullValue();
                    plan.Added.Add(new DatumEntry
                    {
                        OrganizationId = organizationId,
                        Period = period,
                        UnitCode = unit,
                        IndicatorId = indicator,
                        Value = value,
                        State = DatumState.Approved,
                        UpdatedBy = actor,
                        Version = 1,
                    });
                    addedCount++;
                }
                afterJson.WritePropertyName(indicator);
                afterJson.WriteRawValue(buffer.WrittenSpan, skipInputValidation: true);
                shown?.Add(new ValueChange(indicator, IndicatorName(unit, indicator), before, value));
            }
            if (removedByUnit.Remove(unit, out var gone))
            {
                foreach (var row in gone)
                {
                    beforeJson.WritePropertyName(row.IndicatorId);
                    if (row.Value is null) beforeJson.WriteNullValue();
                    else beforeJson.WriteRawValue(row.Value);
                    afterJson.WritePropertyName(row.IndicatorId);
                    afterJson.WriteNullValue();
                    shown?.Add(new ValueChange(row.IndicatorId, oldNames.TryGetValue(row.IndicatorId, out var old) ? old : row.IndicatorId, row.Value, null));
                    removedCount++;
                }
            }
            if (addedCount + changedCount + removedCount == 0) return;
            beforeJson.WriteEndObject();
            afterJson.WriteEndObject();
            beforeJson.Flush();
            afterJson.Flush();
            plan.Audit.Add(new AuditRecord(actor, "datum.import", "unit", $"{period}/{unit}", period, unit,
                System.Text.Encoding.UTF8.GetString(beforeBuffer.WrittenSpan), System.Text.Encoding.UTF8.GetString(afterBuffer.WrittenSpan), ImportReason));
            plan.Units.Add(new UnitDataChange(unit, unitName(unit), addedCount, changedCount, removedCount, shown));
        }

        if (data is not null)
        {
            foreach (var (unit, values) in data)
            {
                if (values is not JsonObject byIndicator) continue;
                Unit(unit, byIndicator.Select(p => (p.Key, p.Value)));
            }
        }
        // Units whose data are only removed.
        foreach (var unit in removedByUnit.Keys.ToList()) Unit(unit, []);
        return plan;
    }

    /// <summary>
    /// Writes the plan with bulk statements (<see cref="BulkInsert"/>), not row by row through the change tracker. A row
    /// changed, removed or added by someone else since the plan read them is a conflict: nothing is written.
    /// </summary>
    private async Task<int> DataAsync(AuditedWrite w, DataPlan plan, string period, int rowsBefore)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var row in plan.Added) row.UpdatedAt = now;
        await w.AuditManyAsync(plan.Audit, async () =>
        {
            if (plan.Updated.Count > 0) await UpdateAsync(w, plan.Updated, now);
            if (plan.Removed.Count > 0) await RemoveAsync(w, plan.Removed);
            await BulkInsert.RowsAsync(db, plan.Added, w.Ct);
        });
        // A row added by someone else in between (a datum the new scheme may not have) is a conflict too.
        var after = await db.DatumEntries.CountAsync(d => d.OrganizationId == w.OrganizationId && d.Period == period, w.Ct);
        if (after != rowsBefore - plan.Removed.Count + plan.Added.Count) throw new DbUpdateConcurrencyException("the period's data changed since the import read them");
        return plan.Added.Count + plan.Updated.Count;
    }

    /// <summary>Removes the rows at the versions read, and their evidence files.</summary>
    private async Task RemoveAsync(AuditedWrite w, List<StoredRow> removed)
    {
        long changed;
        var ids = removed.Select(r => r.Id).ToArray();
        if (db.IsPostgres)
        {
            const string sql = "DELETE FROM datum_entries AS d USING unnest(@ids, @versions) AS u(id, version) WHERE d.\"Id\" = u.id AND d.\"Version\" = u.version";
            await using var command = new Npgsql.NpgsqlCommand(sql, (Npgsql.NpgsqlConnection)db.Database.GetDbConnection());
            command.Parameters.AddWithValue("ids", ids);
            command.Parameters.AddWithValue("versions", removed.Select(r => r.Version).ToArray());
            changed = await command.ExecuteNonQueryAsync(w.Ct);
        }
        else
        {
            using var command = (Microsoft.Data.Sqlite.SqliteCommand)db.Database.GetDbConnection().CreateCommand();
            command.Transaction = (Microsoft.Data.Sqlite.SqliteTransaction)db.Database.CurrentTransaction!.GetDbTransaction();
            command.CommandText = "DELETE FROM datum_entries WHERE \"Id\" = $id AND \"Version\" = $version";
            var id = command.Parameters.Add("$id", Microsoft.Data.Sqlite.SqliteType.Integer);
            var version = command.Parameters.Add("$version", Microsoft.Data.Sqlite.SqliteType.Integer);
            command.Prepare();
            changed = 0;
            foreach (var r in removed)
            {
                (id.Value, version.Value) = (r.Id, r.Version);
                changed += command.ExecuteNonQuery();
            }
        }
        if (changed != removed.Count) throw new DbUpdateConcurrencyException($"{removed.Count - changed} of the data to remove were changed by someone else since the import read them");
        foreach (var chunk in ids.Chunk(1000))
        {
            await db.Evidence.Where(e => e.OrganizationId == w.OrganizationId && chunk.Contains(e.DatumEntryId)).ExecuteDeleteAsync(w.Ct);
        }
    }

    /// <summary>Approves the rows at the versions read (one prepared statement on SQLite, one statement on PostgreSQL).</summary>
    private async Task UpdateAsync(AuditedWrite w, List<DatumUpdate> updates, DateTimeOffset now)
    {
        const string set = "\"Value\" = {0}, \"State\" = {1}, \"ReturnReason\" = NULL, \"UpdatedBy\" = {2}, \"UpdatedAt\" = {3}, \"Version\" = \"Version\" + 1";
        long changed;
        if (db.IsPostgres)
        {
            var sql = "UPDATE datum_entries AS d SET " + string.Format(System.Globalization.CultureInfo.InvariantCulture, set, "u.value", "@state", "@actor", "@now") +
                " FROM unnest(@ids, @versions, @values) AS u(id, version, value) WHERE d.\"Id\" = u.id AND d.\"Version\" = u.version";
            await using var command = new Npgsql.NpgsqlCommand(sql, (Npgsql.NpgsqlConnection)db.Database.GetDbConnection());
            command.Parameters.AddWithValue("state", (int)DatumState.Approved);
            command.Parameters.AddWithValue("actor", w.Actor);
            command.Parameters.AddWithValue("now", now);
            command.Parameters.AddWithValue("ids", updates.Select(u => u.Id).ToArray());
            command.Parameters.AddWithValue("versions", updates.Select(u => u.Version).ToArray());
            command.Parameters.AddWithValue("values", updates.Select(u => u.Value).ToArray());
            changed = await command.ExecuteNonQueryAsync(w.Ct);
        }
        else
        {
            using var command = (Microsoft.Data.Sqlite.SqliteCommand)db.Database.GetDbConnection().CreateCommand();
            command.Transaction = (Microsoft.Data.Sqlite.SqliteTransaction)db.Database.CurrentTransaction!.GetDbTransaction();
            command.CommandText = "UPDATE datum_entries SET " + string.Format(System.Globalization.CultureInfo.InvariantCulture, set, "$value", "$state", "$actor", "$now") +
                " WHERE \"Id\" = $id AND \"Version\" = $version";
            command.Parameters.AddWithValue("$state", (int)DatumState.Approved);
            command.Parameters.AddWithValue("$actor", w.Actor);
            command.Parameters.AddWithValue("$now", now);
            var id = command.Parameters.Add("$id", Microsoft.Data.Sqlite.SqliteType.Integer);
            var version = command.Parameters.Add("$version", Microsoft.Data.Sqlite.SqliteType.Integer);
            var value = command.Parameters.Add("$value", Microsoft.Data.Sqlite.SqliteType.Text);
            command.Prepare();
            changed = 0;
            foreach (var u in updates)
            {
                (id.Value, version.Value, value.Value) = (u.Id, u.Version, u.Value);
                changed += command.ExecuteNonQuery();
            }
        }
        if (changed != updates.Count) throw new DbUpdateConcurrencyException($"{updates.Count - changed} of the imported data were changed by someone else since the import read them");
    }
}

/// <summary>What an import did: the saved version (on a conflict, the newer one) and the counts.</summary>
public sealed record Imported(SchemeVersion Version, int UnitsCreated, int UnitsRenamed, int DataImported, int DataRemoved);

/// <summary>
/// 导入预览 what a scheme file will change when it is imported (ADR 0013), in names: the version it replaces and the
/// one it becomes, the units, categories and indicators, and every unit's data. <see cref="Token"/> names this plan:
/// confirming it applies exactly this plan, or is refused as a conflict when the period or the units changed.
/// </summary>
public sealed record ImportPreview(
    string Period, string Name, int CurrentVersion, int NewVersion, string Token,
    IReadOnlyList<UnitRenamed> UnitsRenamed, IReadOnlyList<UnitAdded> UnitsAdded, IReadOnlyList<UnitMoved> UnitsMoved,
    IReadOnlyList<NamedCode> CategoriesCreated, IReadOnlyList<NamedCode> CategoriesDropped,
    IReadOnlyList<IndicatorChange> IndicatorsAdded, IReadOnlyList<IndicatorChange> IndicatorsDropped, IReadOnlyList<UnitDropped> UnitsDropped,
    IReadOnlyList<UnitDataChange> Data, int ValuesAdded, int ValuesChanged, int ValuesRemoved, int EvidenceRemoved,
    IReadOnlyList<SystemFilledIndicator> SystemFilled);

/// <summary>
/// An indicator of the file whose data the system enters (its <c>source</c>, ADR 0030): the file's values of it, how
/// many, are not imported (ADR 0036).
/// </summary>
public sealed record SystemFilledIndicator(string Id, string Name, string Source, int ValuesNotTaken);

/// <summary>A unit the import renames.</summary>
public sealed record UnitRenamed(string Code, string Before, string After);

/// <summary>A unit the import creates, in its category (null: none).</summary>
public sealed record UnitAdded(string Code, string Name, string? Category);

/// <summary>A unit the import puts in another category (From null: it had none).</summary>
public sealed record UnitMoved(string Code, string Name, string? From, string To);

/// <summary>A category: its code and name.</summary>
public sealed record NamedCode(string Code, string Name);

/// <summary>An indicator added to or dropped from a category of the period's scheme, and how many stored values go with it.</summary>
public sealed record IndicatorChange(string Category, string Id, string Name, int ValuesRemoved);

/// <summary>A unit of the period's current scheme (or with data in it) that the new scheme no longer has.</summary>
public sealed record UnitDropped(string Code, string Name, int ValuesRemoved);

/// <summary>One unit's data: how many values the import adds, changes and removes, and (for a preview) which.</summary>
public sealed record UnitDataChange(string Code, string Name, int Added, int Changed, int Removed, IReadOnlyList<ValueChange>? Values);

/// <summary>One value: the stored JSON (null: none) and the imported one (null: removed).</summary>
public sealed record ValueChange(string Indicator, string IndicatorName, string? Before, string? After);
