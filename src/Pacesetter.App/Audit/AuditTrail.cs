using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Pacesetter.App.Data;

namespace Pacesetter.App.Audit;

/// <summary>
/// What keeps the audit chain honest outside the database (ADR 0009): the key its rows are hashed with, and the
/// checkpoint file that receives the chain's head after every audited write.
/// <list type="bullet">
/// <item><c>Audit:Key</c> — the key itself (at least 32 characters), or <c>Audit:KeyFile</c> — a file holding it. With
/// neither, the key file <c>pacesetter.audit-key</c> in the data folder (the SQLite file's folder; for PostgreSQL
/// <c>PACESETTER_DATA</c> or <c>./data</c>), which the application creates once with a random key.</item>
/// <item><c>Audit:CheckpointFile</c> — by default the SQLite file's path plus <c>.audit-checkpoints</c>; for PostgreSQL
/// <c>&lt;database&gt;.audit-checkpoints</c> in the data folder.</item>
/// </list>
/// </summary>
public sealed class AuditTrail
{
    public const string KeyFileName = "pacesetter.audit-key";
    public const string CheckpointSuffix = ".audit-checkpoints";

    private readonly string? keyText;
    private readonly Lock keyLock = new();
    private AuditKey? key;

    public AuditTrail(string? keyText, string keyFile, string checkpointFile)
    {
        this.keyText = string.IsNullOrWhiteSpace(keyText) ? null : keyText;
        KeyFile = Path.GetFullPath(keyFile);
        CheckpointFile = Path.GetFullPath(checkpointFile);
    }

    /// <summary>The key file read (or created) when <c>Audit:Key</c> is not set.</summary>
    public string KeyFile { get; }

    public string CheckpointFile { get; }

    /// <summary>Where the key comes from, as messages name it.</summary>
    public string KeySource => keyText is not null ? "Audit:Key" : KeyFile;

    /// <summary>The trail configured for a database: <c>Audit:*</c> of <paramref name="configuration"/>, or the defaults.</summary>
    public static AuditTrail From(IConfiguration? configuration, DatabaseProvider provider, string connectionString)
    {
        string dataFolder, defaultCheckpoints;
        if (provider == DatabaseProvider.Sqlite)
        {
            var file = Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource is { Length: > 0 } f ? f : "pacesetter.db");
            dataFolder = Path.GetDirectoryName(file)!;
            defaultCheckpoints = file + CheckpointSuffix;
        }
        else
        {
            dataFolder = Environment.GetEnvironmentVariable("PACESETTER_DATA") is { Length: > 0 } d ? d : Path.Combine(Directory.GetCurrentDirectory(), "data");
            var database = new NpgsqlConnectionStringBuilder(connectionString).Database is { Length: > 0 } n ? n : "pacesetter";
            defaultCheckpoints = Path.Combine(dataFolder, database + CheckpointSuffix);
        }
        var keyFile = configuration?["Audit:KeyFile"] is { Length: > 0 } k ? k : Path.Combine(dataFolder, KeyFileName);
        var checkpoints = configuration?["Audit:CheckpointFile"] is { Length: > 0 } c ? c : defaultCheckpoints;
        return new AuditTrail(configuration?["Audit:Key"], keyFile, checkpoints);
    }

    /// <summary>
    /// The key the application writes with: <c>Audit:Key</c>, or the key file, created with a random key when it does not
    /// exist yet (once, atomically: concurrent first starts agree on one key). Throws <see cref="AuditKeyException"/>
    /// when the configured key is too short or the file cannot be read or made.
    /// </summary>
    public AuditKey Key
    {
        get
        {
            if (key is not null) return key;
            lock (keyLock)
            {
                return key ??= LoadKey(create: true);
            }
        }
    }

    /// <summary>The key for checking only (<c>audit verify</c>): never creates the key file; null with the reason when there is none.</summary>
    public AuditKey? ReadKey(out string? problem)
    {
        try
        {
            problem = null;
            return key ?? LoadKey(create: false);
        }
        catch (AuditKeyException e)
        {
            problem = e.Message;
            return null;
        }
    }

    private AuditKey LoadKey(bool create)
    {
        string? problem;
        if (keyText is not null)
        {
            return AuditKey.FromText(keyText, "Audit:Key", out problem) ?? throw new AuditKeyException(problem!);
        }
        if (!File.Exists(KeyFile))
        {
            if (!create)
            {
                throw new AuditKeyException($"no audit key: Audit:Key is not set and there is no key file at {KeyFile} (Audit:KeyFile names another) (缺少审计密钥)");
            }
            CreateKeyFile();
        }
        string text;
        try
        {
            text = File.ReadAllText(KeyFile, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AuditKeyException($"cannot read the audit key file {KeyFile}: {e.Message} (无法读取审计密钥)");
        }
        return AuditKey.FromText(text, KeyFile, out problem) ?? throw new AuditKeyException(problem!);
    }

    /// <summary>Writes a new random key to a temporary file readable by its owner only, then moves it in place unless another process was first.</summary>
    private void CreateKeyFile()
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(KeyFile)!);
            var temporary = KeyFile + "." + Guid.NewGuid().ToString("N") + ".tmp";
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(Encoding.UTF8.GetBytes(AuditKey.NewText() + "\n"));
                stream.Flush(flushToDisk: true);
            }
            try
            {
                File.Move(temporary, KeyFile, overwrite: false);
            }
            catch (IOException) when (File.Exists(KeyFile))
            {
                File.Delete(temporary);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AuditKeyException($"cannot create the audit key file {KeyFile}: {e.Message} (无法创建审计密钥)");
        }
    }

    // ---- Checkpoints ----

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> FileLocks = new(StringComparer.Ordinal);

    /// <summary>
    /// Appends the heads (one line each: organization, seq, hash, key id, time) to the checkpoint file, under an
    /// exclusive lock on the file (other processes) and a semaphore per file (this one). A line left incomplete by a
    /// crash is removed first.
    /// </summary>
    public async Task AppendCheckpointsAsync(IReadOnlyCollection<AuditHead> heads, CancellationToken ct = default)
    {
        if (heads.Count == 0) return;
        var keyId = Key.Id;
        var at = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var lines = new StringBuilder();
        foreach (var h in heads) lines.Append(CultureInfo.InvariantCulture, $"{h.OrganizationId} {h.Seq} {h.Hash} {keyId} {at}\n");
        var bytes = Encoding.ASCII.GetBytes(lines.ToString());
        var gate = FileLocks.GetOrAdd(CheckpointFile, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(CheckpointFile)!);
            await using var stream = await OpenLockedAsync(CheckpointFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, ct);
            await DropIncompleteLineAsync(stream, ct);
            stream.Seek(0, SeekOrigin.End);
            await stream.WriteAsync(bytes, ct);
            await stream.FlushAsync(ct);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>A line a crash left without its end (lines are under 200 bytes) is cut off, so that it never joins the next line.</summary>
    private static async Task DropIncompleteLineAsync(FileStream stream, CancellationToken ct)
    {
        if (stream.Length == 0) return;
        var tail = new byte[(int)Math.Min(512, stream.Length)];
        stream.Seek(-tail.Length, SeekOrigin.End);
        await stream.ReadExactlyAsync(tail, ct);
        if (tail[^1] == '\n') return;
        var lastEnd = Array.LastIndexOf(tail, (byte)'\n');
        if (lastEnd < 0 && tail.Length < stream.Length)
        {
            // Not a torn checkpoint (none is that long): keep it for verify to report, on a line of its own.
            await stream.WriteAsync("\n"u8.ToArray(), ct);
            return;
        }
        stream.SetLength(stream.Length - tail.Length + lastEnd + 1);
    }

    /// <summary>Checks at start-up that the checkpoint file can be appended to (and the key read or made), so that a misconfiguration stops the start, not a write.</summary>
    public void EnsureWritable()
    {
        _ = Key;
        Directory.CreateDirectory(Path.GetDirectoryName(CheckpointFile)!);
        using var _2 = new FileStream(CheckpointFile, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite);
    }

    /// <summary>Every checkpoint of the file (null when there is no file); throws <see cref="AuditCheckpointException"/> for a line that cannot be read.</summary>
    public async Task<IReadOnlyList<Checkpoint>?> ReadCheckpointsAsync(CancellationToken ct = default)
    {
        if (!File.Exists(CheckpointFile)) return null;
        string text;
        await using (var stream = await OpenLockedAsync(CheckpointFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, ct))
        using (var reader = new StreamReader(stream, Encoding.ASCII))
        {
            text = await reader.ReadToEndAsync(ct);
        }
        var lines = text.Split('\n');
        var result = new List<Checkpoint>();
        // The last piece is "" after a final newline; otherwise an incomplete line a crash left (the next append closes it).
        for (var i = 0; i < lines.Length - 1; i++)
        {
            if (lines[i].Length == 0) continue;
            var parts = lines[i].Split(' ');
            if (parts.Length < 4 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var org)
                || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seq) || parts[2].Length != 64)
            {
                throw new AuditCheckpointException($"the checkpoint file {CheckpointFile}, line {i + 1}, cannot be read: \"{Clip(lines[i])}\" (检查点文件无法读取)");
            }
            result.Add(new Checkpoint(i + 1, org, seq, parts[2], parts[3]));
        }
        return result;
    }

    private static string Clip(string s) => s.Length <= 80 ? s : s[..80] + "…";

    /// <summary>Opens the file, waiting while another process holds its lock (.NET takes an flock for FileShare.None).</summary>
    private static async Task<FileStream> OpenLockedAsync(string path, FileMode mode, FileAccess access, FileShare share, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                return new FileStream(path, mode, access, share);
            }
            catch (IOException) when (DateTime.UtcNow < deadline && File.Exists(path))
            {
                await Task.Delay(5, ct);
            }
        }
    }
}

/// <summary>The head of an organization's chain: its last row's sequence number and keyed hash.</summary>
public sealed record AuditHead(int OrganizationId, long Seq, string Hash)
{
    /// <summary>As exports print it (<c>X-Audit-Head</c>): <c>84 3f…</c>.</summary>
    public override string ToString() => $"{Seq} {Hash}";
}

/// <summary>A line of the checkpoint file.</summary>
public sealed record Checkpoint(int Line, int OrganizationId, long Seq, string Hash, string KeyId);

/// <summary>The audit key is missing, too short or unreadable; the message says which and where.</summary>
public sealed class AuditKeyException(string message) : Exception(message);

/// <summary>The checkpoint file holds a line that is not a checkpoint; the message names the line.</summary>
public sealed class AuditCheckpointException(string message) : Exception(message);
