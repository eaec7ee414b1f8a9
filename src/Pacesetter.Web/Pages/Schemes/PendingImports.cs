using System.Security.Cryptography;
using System.Text;

namespace Pacesetter.Web.Pages.Schemes;

/// <summary>
/// 待确认的导入 keeps an uploaded scheme file between the import's preview and the admin's confirm (ADR 0013): a file in
/// a folder outside the web root (<c>Imports:PendingFolder</c>, default <c>pacesetter-pending-imports/&lt;hash of the
/// database's connection string&gt;</c> in the system's temporary folder: one folder per database), named by the organization, a hash of the user name and a random id, so that only the
/// same user of the same organization can confirm it; at most one per organization and user (a new upload replaces
/// it), removed once confirmed or cancelled, and gone after <see cref="Lifetime"/>. Its size is the scheme file's
/// limit (<see cref="SchemeFileLimit"/>), checked before it is kept.
/// </summary>
public sealed class PendingImports(string folder, TimeProvider time)
{
    /// <summary>How long a preview may wait for its confirm.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    public static PendingImports From(IConfiguration configuration, string connectionString, TimeProvider time) =>
        new(configuration["Imports:PendingFolder"] is { Length: > 0 } f ? f
            : Path.Combine(Path.GetTempPath(), "pacesetter-pending-imports", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(connectionString)).AsSpan(0, 8))), time);

    public string Folder => folder;

    /// <summary>The kept files of another kind of import (a subfolder, e.g. <c>tasks</c>), so that an admin's pending tasks file and pending scheme file do not replace each other.</summary>
    public PendingImports Of(string kind) => new(Path.Combine(folder, kind), time);

    /// <summary>Keeps the file; returns its id (32 hex digits).</summary>
    public async Task<string> SaveAsync(int organizationId, string userName, byte[] content, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        Sweep();
        foreach (var old in Directory.EnumerateFiles(folder, Prefix(organizationId, userName) + "*.json")) TryDelete(old);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await File.WriteAllBytesAsync(PathOf(organizationId, userName, id), content, ct);
        return id;
    }

    /// <summary>The file kept under <paramref name="id"/> for this organization and user, or null when there is none (expired, confirmed, another user's).</summary>
    public async Task<byte[]?> ReadAsync(int organizationId, string userName, string? id, CancellationToken ct)
    {
        if (!IsId(id)) return null;
        var path = PathOf(organizationId, userName, id!);
        if (!File.Exists(path)) return null;
        if (Expired(path))
        {
            TryDelete(path);
            return null;
        }
        return await File.ReadAllBytesAsync(path, ct);
    }

    public void Delete(int organizationId, string userName, string? id)
    {
        if (IsId(id)) TryDelete(PathOf(organizationId, userName, id!));
    }

    private static bool IsId(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);

    private static string Prefix(int organizationId, string userName) =>
        $"{organizationId}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(userName)).AsSpan(0, 8))}-";

    private string PathOf(int organizationId, string userName, string id) => Path.Combine(folder, Prefix(organizationId, userName) + id + ".json");

    private bool Expired(string path) => time.GetUtcNow().UtcDateTime - File.GetLastWriteTimeUtc(path) > Lifetime;

    /// <summary>Removes every expired file (an upload never confirmed).</summary>
    private void Sweep()
    {
        foreach (var path in Directory.EnumerateFiles(folder, "*.json"))
        {
            if (Expired(path)) TryDelete(path);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Another request removed or holds it: it expires anyway.
        }
    }
}
