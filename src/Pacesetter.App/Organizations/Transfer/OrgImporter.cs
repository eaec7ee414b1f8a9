using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Pacesetter.App.Accounts;
using Pacesetter.App.Audit;
using Pacesetter.App.Data;
using Pacesetter.App.Supervision.Model;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;

namespace Pacesetter.App.Organizations.Transfer;

/// <summary>What an import loaded: the organization's new id, the rows per table, the users who must be given a password.</summary>
public sealed record ImportResult(string Organization, int OrganizationId, IReadOnlyList<TransferPart> Parts, long AuditRows, IReadOnlyList<string> UsersWithoutPassword, string FileSha256);

/// <summary>
/// 导入组织 <c>pacesetter org import</c> (ADR 0049): loads an organization file into this deployment as one audited write
/// (<see cref="OrgWriter"/>, under the new organization's lock) — everything or nothing. Every generated id is given anew
/// and every column that names a row is remapped (<see cref="TransferPlan"/>); the audit chain is checked under the
/// source's key, then written again under this deployment's key with its numbers, times and content, and closed by an
/// <c>organization.import</c> row. Refused, leaving the database as it was: a file altered (its manifest's signature, a part's
/// SHA-256 or row count, a broken chain), the source's key missing or wrong, the organization's code or a user name
/// already in this deployment. Rows are read part by part and saved in batches (<see cref="Batch"/> rows); only the
/// users part is held whole (to list every name that collides).
/// </summary>
public static partial class OrgImporter
{
    public const int Batch = 500;

    /// <summary>Imports the file at <paramref name="path"/>. <paramref name="sourceKey"/>: the source's audit key, needed when the file was not written under this deployment's.</summary>
    public static async Task<WriteOutcome<ImportResult>> ImportAsync(PacesetterDb db, string path, string actor, AuditKey? sourceKey, CancellationToken ct = default)
    {
        string fileSha;
        await using (var f = File.OpenRead(path)) fileSha = Convert.ToHexStringLower(await SHA256.HashDataAsync(f, ct));
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException)
        {
            return Refused("$.file", "not an organization file: it is not a zip archive", "不是组织文件：不是 zip 压缩包");
        }
        using (zip)
        {
            var (manifest, bytes, problem) = ReadManifest(zip);
            if (problem is not null) return WriteOutcome<ImportResult>.Invalid([problem]);
            var target = db.Settings.Audit.Key;
            AuditKey key;
            if (manifest!.SourceKeyId == target.Id)
            {
                key = target;
            }
            else if (sourceKey is null)
            {
                return Refused("--source-audit-key-file",
                    $"the file was written under the audit key {manifest.SourceKeyId}, not this deployment's ({target.Id}): give the source's key file with --source-audit-key-file",
                    $"该文件以审计密钥 {manifest.SourceKeyId} 导出，不是本系统的密钥（{target.Id}）：请用 --source-audit-key-file 提供来源系统的密钥文件");
            }
            else if (sourceKey.Id != manifest.SourceKeyId)
            {
                return Refused("--source-audit-key-file",
                    $"the key given ({sourceKey.Id}) is not the key the file was written under ({manifest.SourceKeyId})",
                    $"提供的密钥（{sourceKey.Id}）不是导出该文件的密钥（{manifest.SourceKeyId}）");
            }
            else
            {
                key = sourceKey;
            }
            var signature = zip.GetEntry(TransferManifest.SignatureEntry) is { } sig ? ReadText(sig).Trim() : "";
            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), Encoding.ASCII.GetBytes(key.Mac(bytes!))))
            {
                return Refused("manifest.json", "the manifest does not match its signature under the source's audit key: the file was altered",
                    "manifest.json 与其签名（来源系统的审计密钥）不符：文件被改动过");
            }
            var plan = TransferPlan.For(db.Model);
            if (!manifest.Parts.Select(p => p.Table).SequenceEqual(plan.Select(t => t.Name)))
            {
                return Refused("manifest.json", "the file's tables are not this version's: import it with the version that exported it, then upgrade",
                    "文件中的数据表与本版本不同：请用导出它的版本导入，再升级");
            }
            if (await db.Organizations.AnyAsync(o => o.Slug == manifest.Organization, ct)) return Refused("$.organization", Exists(manifest.Organization).English, Exists(manifest.Organization).Chinese);
            var load = new Load(db, zip, manifest, plan, key, fileSha);
            return await new OrgWriter(db).RunAsync(0, actor, w => load.RunAsync(w), ct: ct);
        }
    }

    private static Problem Exists(string slug) => new("$.organization",
        $"the organization \"{slug}\" exists in this deployment already: nothing was imported", $"本系统已有组织“{slug}”：未导入任何数据");

    private static WriteOutcome<ImportResult> Refused(string path, string english, string chinese) => WriteOutcome<ImportResult>.Invalid(path, english, chinese);

    private static string ReadText(ZipArchiveEntry entry)
    {
        using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static (TransferManifest?, byte[]?, Problem?) ReadManifest(ZipArchive zip)
    {
        if (zip.GetEntry(TransferManifest.Entry) is not { } entry) return (null, null, new Problem("$.file", "not an organization file: it has no manifest.json", "不是组织文件：缺少 manifest.json"));
        using var memory = new MemoryStream();
        using (var s = entry.Open()) s.CopyTo(memory);
        var bytes = memory.ToArray();
        TransferManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<TransferManifest>(bytes, TransferManifest.Json);
        }
        catch (JsonException e)
        {
            return (null, null, new Problem("manifest.json", $"the manifest cannot be read: {e.Message}", "manifest.json 无法读取"));
        }
        if (manifest is null || manifest.Format != TransferManifest.FormatName || manifest.Version != TransferManifest.CurrentVersion || manifest.Parts is null)
        {
            return (null, null, new Problem("manifest.json", $"not an organization file of format {TransferManifest.FormatName} version {TransferManifest.CurrentVersion}",
                $"不是 {TransferManifest.FormatName} 第 {TransferManifest.CurrentVersion} 版格式的组织文件"));
        }
        return (manifest, bytes, null);
    }

    /// <summary>A refusal found while loading: the write rolls back everything loaded so far.</summary>
    private sealed class Refusal(Problem problem) : Exception(problem.English)
    {
        public Problem Problem => problem;
    }

    private sealed class Load(PacesetterDb db, ZipArchive zip, TransferManifest manifest, IReadOnlyList<TransferTable> plan, AuditKey sourceKey, string fileSha)
    {
        private readonly Dictionary<Type, Dictionary<long, long>> ids = [];
        private readonly List<string> withoutPassword = [];
        private readonly List<(object Row, long Old)> pending = [];
        private long pendingBytes;
        private int organizationId;
        private long auditRows;

        public async Task<WriteOutcome<ImportResult>> RunAsync(AuditedWrite w)
        {
            try
            {
                for (int i = 0; i < plan.Count; i++) await PartAsync(w, plan[i], manifest.Parts[i]);
            }
            catch (Refusal r)
            {
                return WriteOutcome<ImportResult>.Invalid([r.Problem]);
            }
            var rows = new JsonObject();
            foreach (var p in manifest.Parts) rows[p.Table] = p.Rows;
            await w.Audit("organization.import", "organization", manifest.Organization, after: new JsonObject
            {
                ["sourceKeyId"] = manifest.SourceKeyId,
                ["sourceHead"] = manifest.AuditHead is { } h ? new JsonObject { ["seq"] = h.Seq, ["hash"] = h.Hash } : null,
                ["fileSha256"] = fileSha,
                ["exportedAt"] = manifest.ExportedAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                ["rows"] = rows,
            }.ToJsonString(), reason: "organization moved from another deployment (组织迁入)");
            return WriteOutcome<ImportResult>.Ok(new ImportResult(manifest.Organization, organizationId, manifest.Parts, auditRows, [.. withoutPassword.Order(StringComparer.Ordinal)], fileSha));
        }

        private async Task PartAsync(AuditedWrite w, TransferTable table, TransferPart part)
        {
            var entry = zip.GetEntry(part.File) ?? throw Refuse(part.File, "the part is missing from the file", "文件中缺少该部分");
            var audit = TransferPlan.IsAudit(table) ? new ChainWalk(sourceKey) : null;
            var auditBatch = new List<AuditEntry>();
            var users = new List<AppUser>();
            long line = 0;
            using var hashing = new HashingStream(entry.Open(), writing: false);
            using (var reader = new StreamReader(hashing, new UTF8Encoding(false, true), false, 1 << 16, leaveOpen: true))
            {
                while (reader.ReadLine() is { } text)
                {
                    line++;
                    var where = $"{part.File}:{line}";
                    var row = Parse(table, text, where);
                    if (audit is not null)
                    {
                        var e = (AuditEntry)row;
                        if (audit.Step(e) is { } broken)
                        {
                            throw Refuse(where, $"the audit chain in the file is broken at row {e.Seq}: {broken}", $"文件中的审计链在第 {e.Seq} 行断裂");
                        }
                        auditBatch.Add(e);
                        if (auditBatch.Count >= Batch) await FlushAuditAsync(w, auditBatch);
                        continue;
                    }
                    var old = table.GeneratedKey is { } k ? Convert.ToInt64(k.PropertyInfo!.GetValue(row), System.Globalization.CultureInfo.InvariantCulture) : 0;
                    if (table.GeneratedKey is { } key) key.PropertyInfo!.SetValue(row, key.ClrType == typeof(int) ? (object)0 : 0L);
                    Remap(table, row, where);
                    if (row is AppUser user)
                    {
                        users.Add(user);
                        continue;
                    }
                    if (row is Organization org) org.Slug = manifest.Organization;
                    Add(table, row, old);
                    if (pending.Count >= Batch || pendingBytes > 64 << 20) await FlushAsync();
                }
            }
            if (hashing.Sha256() != part.Sha256)
            {
                throw Refuse(part.File, "the part does not match its SHA-256 in the manifest: the file was altered or damaged", "该部分与清单中的 SHA-256 不符：文件被改动或已损坏");
            }
            if (line != part.Rows) throw Refuse(part.File, $"the part has {line} rows, the manifest says {part.Rows}", $"该部分有 {line} 行，清单记为 {part.Rows} 行");
            if (users.Count > 0) AddUsers(table, users);
            await FlushAsync();
            if (audit is not null)
            {
                await FlushAuditAsync(w, auditBatch);
                if (audit.End() is { } unsealed) throw Refuse(part.File, $"the audit chain in the file is broken: {unsealed}", "文件中的审计链不完整");
                if (manifest.AuditHead is not { } head || head.Seq != audit.Rows || head.Hash != audit.Head)
                {
                    throw Refuse(part.File, $"the audit chain in the file ends at row {audit.Rows}, not at the head the manifest records", $"文件中的审计链止于第 {audit.Rows} 行，与清单记录的链头不符");
                }
            }
            if (table.Scope == TransferScope.Organization)
            {
                organizationId = (int)Ids(typeof(Organization)).Values.Single();
                await w.AdoptAsync(organizationId);
            }
        }

        private object Parse(TransferTable table, string text, string where)
        {
            var row = Activator.CreateInstance(table.Entity.ClrType)!;
            try
            {
                using var doc = JsonDocument.Parse(text);
                foreach (var column in table.Columns)
                {
                    if (!doc.RootElement.TryGetProperty(column.Name, out var value)) throw Refuse(where, $"the row has no {column.Name}", $"该行缺少 {column.Name}");
                    var read = TransferValues.Read(value, column.ClrType);
                    // PostgreSQL stores instants in UTC (timestamptz); the instant is the same.
                    if (read is DateTimeOffset t && db.IsPostgres) read = t.ToUniversalTime();
                    column.PropertyInfo!.SetValue(row, read);
                    pendingBytes += read is byte[] b ? b.Length : 0;
                }
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or OverflowException or ArgumentException)
            {
                throw Refuse(where, $"the row cannot be read: {e.Message}", "该行无法读取");
            }
            return row;
        }

        /// <summary>Every column that names a row gets that row's new id; the organization's, the new organization.</summary>
        private void Remap(TransferTable table, object row, string where)
        {
            foreach (var r in table.Refs)
            {
                var value = r.Column.PropertyInfo!.GetValue(row);
                // Keys the database does not generate (users' ids, ballots' GUIDs) are kept: they are the same everywhere.
                if (value is null || !plan.Any(t => t.Entity == r.Principal && t.GeneratedKey is not null)) continue;
                r.Column.PropertyInfo.SetValue(row, NewId(Ids(r.Principal.ClrType), value, r.Principal, where, r.Column));
            }
            if (row is Notification n) RemapNotification(n, where);
        }

        private object NewId(Dictionary<long, long> map, object old, IEntityType principal, string where, IProperty column)
        {
            var id = Convert.ToInt64(old, System.Globalization.CultureInfo.InvariantCulture);
            if (!map.TryGetValue(id, out var now))
            {
                throw Refuse(where, $"{column.Name} names {principal.GetTableName()} {id}, which is not in the file", $"{column.Name} 引用的 {principal.GetTableName()} {id} 不在文件中");
            }
            var type = Nullable.GetUnderlyingType(column.ClrType) ?? column.ClrType;
            return type == typeof(int) ? (object)(int)now : now;
        }

        /// <summary>A notification's reference and once-only key name rows by id, the table chosen by its kind (<see cref="TransferPlan.NotificationRefs"/>).</summary>
        private void RemapNotification(Notification n, string where)
        {
            var column = db.Model.FindEntityType(typeof(Notification))!.FindProperty(nameof(Notification.RefId))!;
            if (n.RefId is { } refId && TransferPlan.NotificationRefs.TryGetValue(n.Kind, out var type))
            {
                n.RefId = (long)NewId(Ids(type), refId, db.Model.FindEntityType(type)!, where, column);
            }
            n.Key = NotificationKey().Replace(n.Key, m =>
            {
                var prefix = m.Groups["kind"].Value;
                var first = prefix is "instruction" or "reminder" or "bulletin"
                    ? Ids(TransferPlan.NotificationRefs[prefix switch { "instruction" => NotificationKind.Instruction, "reminder" => NotificationKind.Reminder, _ => NotificationKind.Bulletin }])
                    : Ids(typeof(Matter));
                var text = $"{prefix}:{Mapped(first, m.Groups["a"].Value, where)}";
                if (m.Groups["b"].Success) text += ":" + Mapped(Ids(typeof(MatterStep)), m.Groups["b"].Value, where);
                return text;
            });
        }

        /// <summary>The new ids of a table's rows so far (old id → new id).</summary>
        private Dictionary<long, long> Ids(Type type) => ids.TryGetValue(type, out var map) ? map : ids[type] = [];

        private static long Mapped(Dictionary<long, long> map, string id, string where) =>
            map.TryGetValue(long.Parse(id, System.Globalization.CultureInfo.InvariantCulture), out var now) ? now
                : throw Refuse(where, $"the notification's key names the row {id}, which is not in the file", $"通知的键引用的行 {id} 不在文件中");

        private void AddUsers(TransferTable table, List<AppUser> users)
        {
            // User names are unique within an organization (ADR 0052): the moved organization is new here, so none can clash.
            foreach (var u in users)
            {
                if (u.PasswordHash is null) withoutPassword.Add(u.UserName!);
                // Identity needs a stamp to issue a password reset; the old one is not carried without the passwords.
                u.SecurityStamp ??= Guid.NewGuid().ToString("N").ToUpperInvariant();
                Add(table, u, 0);
            }
        }

        private void Add(TransferTable table, object row, long old)
        {
            db.Add(row);
            pending.Add((row, table.GeneratedKey is null ? 0 : old));
        }

        /// <summary>Saves the rows added, records their new ids, and lets go of them.</summary>
        private async Task FlushAsync()
        {
            if (pending.Count == 0) return;
            await db.SaveChangesAsync();
            foreach (var (row, old) in pending)
            {
                var table = plan.First(t => t.Entity.ClrType == row.GetType());
                if (table.GeneratedKey is not { } key) continue;
                Ids(row.GetType())[old] = Convert.ToInt64(key.PropertyInfo!.GetValue(row), System.Globalization.CultureInfo.InvariantCulture);
            }
            pending.Clear();
            pendingBytes = 0;
            db.ChangeTracker.Clear();
        }

        private async Task FlushAuditAsync(AuditedWrite w, List<AuditEntry> batch)
        {
            if (batch.Count == 0) return;
            auditRows += await AuditLog.AppendImportedAsync(db, organizationId, batch, w.Ct);
            batch.Clear();
        }

        private static Refusal Refuse(string where, string english, string chinese) => new(new Problem(where, english, chinese));
    }

    [GeneratedRegex(@"^(?<kind>assigned|returned|instruction|reminder|bulletin|due|overdue):(?<a>\d+)(?::(?<b>\d+)(?=$))?")]
    private static partial Regex NotificationKey();
}
