using System.Data;
using System.IO.Compression;
using System.Linq.Expressions;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Accounts;
using Pacesetter.App.Audit;
using Pacesetter.App.Data;

namespace Pacesetter.App.Organizations.Transfer;

/// <summary>What an export wrote.</summary>
public sealed record ExportSummary(string Organization, IReadOnlyList<TransferPart> Parts, TransferHead? AuditHead, string SourceKeyId);

/// <summary>
/// 导出组织 <c>pacesetter org export</c> (ADR 0049): every row of one organization, table by table in the order of
/// <see cref="TransferPlan"/>, into the organization file, read in one transaction so that the file is one moment of the
/// database. Rows are streamed into the zip one at a time (a row, with its evidence file, is the most held in memory).
/// Users go without their password hash and security stamp unless <c>withPasswords</c>; nobody is a platform
/// administrator in the file (that is the deployment's to grant).
/// </summary>
public static class OrgExporter
{
    private static readonly MethodInfo RowsMethod = typeof(OrgExporter).GetMethod(nameof(Rows), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Writes the organization <paramref name="slug"/> to <paramref name="output"/>; null when there is no such organization.</summary>
    /// <exception cref="AuditKeyException">the database's audit key cannot be read (the file is signed with it).</exception>
    public static async Task<ExportSummary?> ExportAsync(PacesetterDb db, string slug, Stream output, bool withPasswords, CancellationToken ct = default)
    {
        var key = db.Settings.Audit.ReadKey(out var problem) ?? throw new AuditKeyException(problem!);
        await using var tx = await db.Database.BeginTransactionAsync(db.IsPostgres ? IsolationLevel.RepeatableRead : IsolationLevel.Serializable, ct);
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Slug == slug, ct);
        if (org is null) return null;
        var userIds = await db.Users.AsNoTracking().Where(u => u.OrganizationId == org.Id).Select(u => u.Id).ToListAsync(ct);
        var head = await AuditLog.HeadAsync(db, org.Id, ct);
        var parts = new List<TransferPart>();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8))
        {
            var plan = TransferPlan.For(db.Model);
            for (int i = 0; i < plan.Count; i++)
            {
                var table = plan[i];
                var file = $"tables/{i + 1:00}-{table.Name}.jsonl";
                long count = 0;
                string sha;
                using (var hashing = new HashingStream(zip.CreateEntry(file, CompressionLevel.Optimal).Open(), writing: true))
                {
                    var rows = (IAsyncEnumerable<object>)RowsMethod.MakeGenericMethod(table.Entity.ClrType).Invoke(null, [db, table, org.Id, userIds])!;
                    await foreach (var row in rows.WithCancellation(ct))
                    {
                        using (var w = new Utf8JsonWriter(hashing, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
                        {
                            w.WriteStartObject();
                            foreach (var column in table.Columns) TransferValues.Write(w, column.Name, Exported(row, column.Name, column.PropertyInfo!.GetValue(row), withPasswords));
                            w.WriteEndObject();
                        }
                        hashing.WriteByte((byte)'\n');
                        count++;
                    }
                    await hashing.FlushAsync(ct);
                    sha = hashing.Sha256();
                }
                parts.Add(new TransferPart(table.Name, file, count, sha));
            }
            var manifest = new TransferManifest(TransferManifest.FormatName, TransferManifest.CurrentVersion, org.Slug, org.Name, DateTimeOffset.UtcNow, key.Id,
                head is null ? null : new TransferHead(head.Seq, head.Hash), withPasswords, parts,
                [.. TransferPlan.NotMoved.Keys.Select(t => db.Model.FindEntityType(t)!.GetTableName()!).Order(StringComparer.Ordinal)]);
            var bytes = JsonSerializer.SerializeToUtf8Bytes(manifest, TransferManifest.Json);
            await using (var m = zip.CreateEntry(TransferManifest.Entry).Open()) await m.WriteAsync(bytes, ct);
            await using (var s = zip.CreateEntry(TransferManifest.SignatureEntry).Open()) await s.WriteAsync(Encoding.ASCII.GetBytes(key.Mac(bytes) + "\n"), ct);
        }
        return new ExportSummary(org.Slug, parts, head is null ? null : new TransferHead(head.Seq, head.Hash), key.Id);
    }

    /// <summary>The value as the file holds it: no password hash or security stamp unless asked, no platform administrator.</summary>
    private static object? Exported(object row, string property, object? value, bool withPasswords) => row switch
    {
        AppUser when property is nameof(AppUser.PasswordHash) or nameof(AppUser.SecurityStamp) && !withPasswords => null,
        AppUser when property is nameof(AppUser.IsPlatformAdmin) => false,
        _ => value,
    };

    /// <summary>The table's rows of the organization, in key order (the audit chain in its order).</summary>
    private static IAsyncEnumerable<object> Rows<T>(PacesetterDb db, TransferTable table, int org, List<string> userIds) where T : class
    {
        IQueryable<T> q = db.Set<T>().AsNoTracking();
        q = table.Scope switch
        {
            TransferScope.Organization => q.Where(e => EF.Property<int>(e, "Id") == org),
            TransferScope.OrganizationId => q.Where(e => EF.Property<int>(e, "OrganizationId") == org),
            _ => q.Where(e => userIds.Contains(EF.Property<string>(e, "UserId"))),
        };
        var order = TransferPlan.IsAudit(table) ? [table.Entity.FindProperty(nameof(AuditEntry.Seq))!] : table.Entity.FindPrimaryKey()!.Properties;
        IOrderedQueryable<T>? ordered = null;
        foreach (var p in order)
        {
            var x = Expression.Parameter(typeof(T), "x");
            var lambda = Expression.Lambda(Expression.Property(x, p.PropertyInfo!), x);
            var method = (ordered is null ? OrderBy : ThenBy).MakeGenericMethod(typeof(T), p.ClrType);
            ordered = (IOrderedQueryable<T>)method.Invoke(null, [ordered ?? q, lambda])!;
        }
        return (ordered ?? q).AsAsyncEnumerable();
    }

    private static readonly MethodInfo OrderBy = typeof(Queryable).GetMethods().Single(m => m.Name == nameof(Queryable.OrderBy) && m.GetParameters().Length == 2);
    private static readonly MethodInfo ThenBy = typeof(Queryable).GetMethods().Single(m => m.Name == nameof(Queryable.ThenBy) && m.GetParameters().Length == 2);
}
