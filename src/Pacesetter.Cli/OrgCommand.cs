using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Pacesetter.App.Audit;
using Pacesetter.App.Data;
using Pacesetter.App.Organizations.Transfer;
using Pacesetter.Scoring;

namespace Pacesetter.Cli;

/// <summary>
/// <c>pacesetter org export --org ORG FILE [--with-passwords]</c> and <c>pacesetter org import FILE
/// [--source-audit-key-file F]</c>: an organization moved between deployments, or kept as its office's backup (ADR 0049).
/// </summary>
public static class OrgCommand
{
    public static readonly CliText Summary = new("组织迁移与备份：导出一个组织的全部数据，导入另一系统", "move or back up an organization: export all its data, import it elsewhere");

    private const string HelpZh = """
        用法：pacesetter org export --org 组织标识 文件 [--with-passwords]
              pacesetter org import 文件 [--source-audit-key-file 密钥文件]

        export 把一个组织的全部数据写入一个文件（zip）：单位与类别、用户及其角色、方案及各版本、数据及其流转状态、
        佐证材料、发布版次与更正、异议、督查督办、对标、豁免、测评、审计链等，每张表一部分，附清单（格式版本、
        来源审计密钥标识、各表行数和 SHA-256、审计链头），清单以来源系统的审计密钥签名。
        用户的密码哈希默认不导出（导入后须由管理员重设密码）；加 --with-passwords 时一并导出，文件须妥善保管。
        API 令牌、数据保护密钥、定时任务表、平台管理员身份不导出（属于部署而非组织）。这也是办公室的备份。
        数据库按当前文件夹配置（appsettings.json，然后是环境变量），只读打开。

        import 把文件导入本系统（可以是另一种数据库，如从笔记本的 SQLite 到省里的 PostgreSQL），全部成功或全部不做：
        所有编号重新分配并改写引用；审计链先用来源密钥校验，再以本系统的密钥重新计算哈希（保留序号、时间和内容），
        末尾追加一行 organization.import，写入检查点，之后 pacesetter audit verify 校验通过。
        以下情况拒绝导入、数据库不变（退出码 2）：组织标识已存在；用户名已存在（列出这些用户名）；文件被改动
        （清单签名、某部分的 SHA-256 或行数不符、审计链断裂）；文件不是以本系统的密钥导出而未给出 --source-audit-key-file，
        或给出的密钥不对。没有密码的用户在管理员重设密码之前无法登录，导入后逐一列出。
        数据库按当前文件夹配置，不存在时创建，需要时先迁移。

        选项：
          --org 组织标识                 要导出的组织（网址中的短名，如 demo）
          --with-passwords               连同密码哈希和安全戳一并导出
          --source-audit-key-file 文件   来源系统的审计密钥文件（文件以其他密钥导出时需要）
          --lang zh|en                   提示的语言（默认中文）

        示例（本命令不读示例文件）：
          pacesetter org export --org demo demo.pacesetter-org.zip
          pacesetter org import demo.pacesetter-org.zip --source-audit-key-file laptop.audit-key
        """;

    private const string Help = """
        Usage: pacesetter org export --org ORG FILE [--with-passwords]
               pacesetter org import FILE [--source-audit-key-file KEYFILE]

        export writes everything of one organization into one file (a zip): units and categories, users and their
        roles, schemes and their versions, data with their workflow states, evidence files, publications and
        corrections, objections, supervision, benchmarks, exemptions, surveys, the audit chain — one part per table,
        with a manifest (format version, the source's audit key id, rows and SHA-256 of every part, the audit head)
        signed with the source's audit key.
        Password hashes are left out unless --with-passwords is given (imported users then need a password reset
        by an admin); a file with them must be kept safe. API tokens, data-protection keys, the scheduler's tables
        and platform-administrator status are not exported: they belong to the deployment, not the organization.
        This is also the backup an office takes. The database is configured from the current folder
        (appsettings.json, then the environment) and opened read-only.

        import loads the file into this deployment, which may use another database (the laptop's SQLite into the
        province's PostgreSQL), all or nothing: every id is given anew and every reference rewritten; the audit
        chain is checked under the source's key, then hashed again under this deployment's key keeping its numbers,
        times and content, closed by an organization.import row and checkpointed, so that 'pacesetter audit verify' passes.
        Refused with the database unchanged (exit 2): the organization's code exists; user names exist (listed);
        the file was altered (manifest signature, a part's SHA-256 or row count, a broken chain); the file was not
        written under this deployment's key and no --source-audit-key-file is given, or it is the wrong key.
        Users without a password cannot sign in until an admin resets it; they are listed after the import.
        The database is configured from the current folder; it is created, or migrated first, if needed.

        Options:
          --org ORG                      the organization to export (its short name, e.g. demo)
          --with-passwords               export password hashes and security stamps too
          --source-audit-key-file FILE   the source deployment's audit key file (when the file was written under another key)
          --lang zh|en                   the language of the messages (default Chinese)

        Example:
          pacesetter org export --org demo demo.pacesetter-org.zip
          pacesetter org import demo.pacesetter-org.zip --source-audit-key-file laptop.audit-key
        """;

    public static int Run(string[] args, CliContext ctx) => Run(args, ctx, CliDatabase.Configuration());

    public static int Run(string[] args, CliContext ctx, IConfiguration configuration)
    {
        var o = Options.Parse(args, ["org", "source-audit-key-file", "lang"], ["with-passwords"]);
        if (o.Help)
        {
            ctx.Out.Write(Commands.HelpText(HelpZh, Help, o, ctx));
            return ExitCodes.Ok;
        }
        o.CheckLanguage(ctx);
        var language = CliLanguage.Of(o, ctx);
        switch (o.Positionals)
        {
            case ["export", _]:
                if (string.IsNullOrWhiteSpace(o.Get("org"))) o.Errors.Add(new("--org：必须指定要导出的组织", "--org: name the organization to export"));
                if (o.Has("source-audit-key-file")) o.Errors.Add(new("--source-audit-key-file：只用于 import", "--source-audit-key-file: for import only"));
                break;
            case ["import", _]:
                if (o.Has("org")) o.Errors.Add(new("--org：只用于 export（导入的组织标识来自文件）", "--org: for export only (the file names the organization)"));
                if (o.Has("with-passwords")) o.Errors.Add(new("--with-passwords：只用于 export", "--with-passwords: for export only"));
                break;
            default:
                o.Errors.Add(new("需要子命令 export --org 组织 文件 或 import 文件", "expected the sub-command export --org ORG FILE or import FILE"));
                break;
        }
        if (o.Report(ctx, "pacesetter org", language)) return ExitCodes.Invalid;
        var file = o.Positionals[1];
        return o.Positionals[0] == "export"
            ? ExportAsync(o.Get("org")!, file, o.Has("with-passwords"), language, ctx, configuration).GetAwaiter().GetResult()
            : ImportAsync(file, o.Get("source-audit-key-file"), language, ctx, configuration).GetAwaiter().GetResult();
    }

    private static async Task<int> ExportAsync(string slug, string file, bool withPasswords, Language language, CliContext ctx, IConfiguration configuration)
    {
        bool zh = language == Language.Chinese;
        PacesetterDb db;
        try
        {
            db = await CliDatabase.OpenExistingReadOnlyAsync(configuration);
        }
        catch (DatabaseNotReadyException e)
        {
            ctx.Error.WriteLine($"pacesetter org: {e.Message}");
            return ExitCodes.Invalid;
        }
        var full = Path.GetFullPath(file);
        // Written beside the target and moved in place: a failed export leaves no half file under the name.
        var temporary = full + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        ExportSummary? summary;
        await using (db)
        {
            try
            {
                await using var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite);
                summary = await OrgExporter.ExportAsync(db, slug, output, withPasswords);
            }
            catch (Exception e) when (e is AuditKeyException or IOException or UnauthorizedAccessException)
            {
                File.Delete(temporary);
                ctx.Error.WriteLine($"pacesetter org: {e.Message}");
                return e is AuditKeyException ? ExitCodes.Invalid : ExitCodes.Failure;
            }
        }
        if (summary is null)
        {
            File.Delete(temporary);
            ctx.Error.WriteLine(zh ? $"pacesetter org：没有组织“{slug}”" : $"pacesetter org: unknown organization \"{slug}\"");
            return ExitCodes.Invalid;
        }
        File.Move(temporary, full, overwrite: true);
        string sha;
        await using (var f = File.OpenRead(full)) sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(f));
        ctx.Out.WriteLine(zh ? $"已导出组织 {summary.Organization} 到 {full}" : $"exported the organization {summary.Organization} to {full}");
        WriteRows(ctx, summary.Parts, zh);
        if (summary.AuditHead is { } head) ctx.Out.WriteLine(zh ? $"审计链头：第 {head.Seq} 行，哈希 {head.Hash}（密钥标识 {summary.SourceKeyId}）" : $"audit head: row {head.Seq}, hash {head.Hash} (key id {summary.SourceKeyId})");
        ctx.Out.WriteLine($"SHA-256: {sha}");
        ctx.Out.WriteLine(withPasswords
            ? (zh ? "文件含密码哈希，请妥善保管。" : "The file holds password hashes: keep it safe.")
            : (zh ? "未导出密码：导入后用户须由管理员重设密码才能登录。" : "Passwords were not exported: imported users sign in once an admin resets their password."));
        return ExitCodes.Ok;
    }

    private static async Task<int> ImportAsync(string file, string? keyFile, Language language, CliContext ctx, IConfiguration configuration)
    {
        bool zh = language == Language.Chinese;
        if (!File.Exists(file))
        {
            ctx.Error.WriteLine(zh ? $"pacesetter org：文件不存在：{file}" : $"pacesetter org: no such file: {file}");
            return ExitCodes.Invalid;
        }
        AuditKey? sourceKey = null;
        if (keyFile is not null)
        {
            sourceKey = new AuditTrail(null, keyFile, keyFile + AuditTrail.CheckpointSuffix).ReadKey(out var problem);
            if (sourceKey is null)
            {
                ctx.Error.WriteLine($"pacesetter org: --source-audit-key-file: {problem}");
                return ExitCodes.Invalid;
            }
        }
        ImportResult result;
        await using (var db = await CliDatabase.OpenAsync(configuration))
        {
            var outcome = await OrgImporter.ImportAsync(db, file, $"cli:{Environment.UserName}", sourceKey);
            if (!outcome.IsOk)
            {
                foreach (var p in outcome.Problems) ctx.Error.WriteLine($"pacesetter org: {p.Line(language)}");
                if (outcome.Problems.Count == 0) ctx.Error.WriteLine(zh ? "pacesetter org：导入被拒绝，未导入任何数据" : "pacesetter org: the import was refused; nothing was imported");
                return ExitCodes.Invalid;
            }
            result = outcome.Value!;
        }
        ctx.Out.WriteLine(zh ? $"已导入组织 {result.Organization}（本系统编号 {result.OrganizationId}）" : $"imported the organization {result.Organization} (id {result.OrganizationId} here)");
        WriteRows(ctx, result.Parts, zh);
        ctx.Out.WriteLine(zh ? $"审计链：{result.AuditRows} 行以本系统密钥重新计算哈希，另加 1 行 organization.import" : $"audit chain: {result.AuditRows} rows hashed again under this deployment's key, and 1 organization.import row");
        if (result.UsersWithoutPassword.Count > 0)
        {
            ctx.Out.WriteLine(zh
                ? $"以下 {result.UsersWithoutPassword.Count} 个用户没有密码，管理员重设密码后才能登录：{string.Join("、", result.UsersWithoutPassword)}"
                : $"{result.UsersWithoutPassword.Count} users have no password and cannot sign in until an admin resets it: {string.Join(", ", result.UsersWithoutPassword)}");
        }
        return ExitCodes.Ok;
    }

    private static void WriteRows(CliContext ctx, IReadOnlyList<TransferPart> parts, bool zh)
    {
        var table = new List<string[]> { zh ? ["数据表", "行数"] : ["table", "rows"] };
        table.AddRange(parts.Select(p => new[] { p.Table, p.Rows.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        var width = table.Max(r => r[0].Length);
        foreach (var r in table) ctx.Out.WriteLine($"  {r[0].PadRight(width)}  {r[1],8}");
        ctx.Out.WriteLine(zh ? $"  共 {parts.Sum(p => p.Rows)} 行" : $"  {parts.Sum(p => p.Rows)} rows in all");
    }
}
