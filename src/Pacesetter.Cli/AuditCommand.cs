using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Pacesetter.App.Audit;
using Pacesetter.App.Data;

namespace Pacesetter.Cli;

/// <summary><c>pacesetter audit verify [--org ORG]</c>: walks the audit log's hash chain (DESIGN.md 3).</summary>
public static class AuditCommand
{
    public static readonly CliText Summary = new("审计日志：校验带密钥的哈希链和检查点", "audit log: verify its keyed hash chain and checkpoints");

    private const string HelpZh = """
        用法：pacesetter audit verify [--org 组织]

        逐行校验审计日志的哈希链（一个组织或全部组织），输出
        “audit chain intact: N rows, checkpoints matched: M”及每条链的链头（退出码 0），或第一处断裂（退出码 1），
        如 “organization demo, row 17 (id 123): its content does not match its hash”。
        每行的哈希以审计密钥（存放在数据库之外）做 HMAC-SHA256；每次记入审计的写入之后，链头追加到检查点文件
        （docs/decisions/0009）。绕过应用修改、伪造或删除的行会使链在该行断裂；从末尾删除的行由检查点发现。

        数据库、密钥和检查点文件的配置与网页应用相同（当前文件夹的 appsettings.json，然后是环境变量）：
          ConnectionStrings:Pacesetter、Database:Provider   数据库（pacesetter token 使用同一个）
          Audit:Key 或 Audit:KeyFile   密钥（默认：数据文件夹中的 pacesetter.audit-key）
          Audit:CheckpointFile         检查点（默认：SQLite 文件名 + .audit-checkpoints）
        只读不写：数据库不存在（不会新建）、未迁移到本版本、没有审计表、缺少密钥或密钥与检查点不符时，退出码 2。
        输出为英文（加中文说明），便于贴入运维记录；帮助的语言：--lang en 或 PACESETTER_LANG=en 为英文。

        选项：
          --org 组织   只校验该组织（其简称，如 demo）

        示例（本命令不读文件，没有示例文件）：
          pacesetter audit verify --org demo
        """;

    private const string Help = """
        Usage: pacesetter audit verify [--org ORG]

        Walks the audit log's hash chain, of one organization or of all, and prints either
        "audit chain intact: N rows, checkpoints matched: M" and each chain's head (exit 0), or the first
        broken link (exit 1), e.g. "organization demo, row 17 (id 123): its content does not match its hash".
        Each row's hash is keyed (HMAC-SHA256) with the audit key, kept outside the database, and after every
        audited write the chain's head is appended to the checkpoint file (docs/decisions/0009). A row altered,
        forged or deleted behind the application's back breaks the chain at that row; rows removed from the end
        are found by the checkpoints ("row 85: missing: the checkpoint file records the chain up to row 88").

        The database, the key and the checkpoint file are configured as for the web application
        (appsettings.json in the working folder, then the environment):
          ConnectionStrings:Pacesetter, Database:Provider   the database ('pacesetter token' uses the same)
          Audit:Key or Audit:KeyFile   the key (default: pacesetter.audit-key in the data folder)
          Audit:CheckpointFile         the checkpoints (default: the SQLite file + .audit-checkpoints)
        Everything is only read: a missing database (nothing is created), one not migrated to this version's
        schema, one without the audit table, a missing key, or a key other than the one the checkpoints were
        written with is refused with exit 2.

        Options:
          --org ORG   only this organization (its short name, e.g. demo)

        Example:
          pacesetter audit verify --org demo
        """;

    public static int Run(string[] args, CliContext ctx) => Run(args, ctx, CliDatabase.Configuration());

    public static int Run(string[] args, CliContext ctx, IConfiguration configuration)
    {
        var o = Options.Parse(args, ["org", "lang"]);
        if (o.Help)
        {
            ctx.Out.Write(Commands.HelpText(HelpZh, Help, o, ctx));
            return ExitCodes.Ok;
        }
        if (o.Positionals is not ["verify"]) o.Errors.Add("expected the sub-command verify (需要子命令 verify)");
        if (o.Has("org") && string.IsNullOrWhiteSpace(o.Get("org"))) o.Errors.Add("--org: must name an organization (缺少组织)");
        if (o.Errors.Count > 0)
        {
            o.ReportBilingual(ctx, "pacesetter audit");
            return ExitCodes.Invalid;
        }
        return VerifyAsync(o.Get("org"), ctx, configuration).GetAwaiter().GetResult();
    }

    private static async Task<int> VerifyAsync(string? orgSlug, CliContext ctx, IConfiguration configuration)
    {
        PacesetterDb db;
        try
        {
            db = await CliDatabase.OpenExistingReadOnlyAsync(configuration);
        }
        catch (DatabaseNotReadyException e)
        {
            ctx.Error.WriteLine($"pacesetter audit: {e.Message}");
            return ExitCodes.Invalid;
        }
        await using (db)
        {
            return await VerifyAsync(db, orgSlug, ctx);
        }
    }

    private static async Task<int> VerifyAsync(PacesetterDb db, string? orgSlug, CliContext ctx)
    {
        try
        {
            await db.AuditEntries.AnyAsync();
        }
        catch (DbException)
        {
            ctx.Error.WriteLine("pacesetter audit: the database has no audit table (audit_entries), so there is nothing to verify (数据库没有审计表)");
            return ExitCodes.Invalid;
        }
        int? orgId = null;
        if (orgSlug is not null)
        {
            var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == orgSlug);
            if (org is null)
            {
                ctx.Error.WriteLine($"pacesetter audit: unknown organization \"{orgSlug}\" (组织不存在)");
                return ExitCodes.Invalid;
            }
            orgId = org.Id;
        }
        var trail = db.Settings.Audit;
        var key = trail.ReadKey(out var keyProblem);
        if (key is null)
        {
            ctx.Error.WriteLine($"pacesetter audit: {keyProblem}");
            return ExitCodes.Invalid;
        }
        IReadOnlyList<Checkpoint>? checkpoints;
        try
        {
            checkpoints = await trail.ReadCheckpointsAsync();
        }
        catch (AuditCheckpointException e)
        {
            ctx.Out.WriteLine(e.Message);
            return ExitCodes.Failure;
        }
        if (checkpoints is { Count: > 0 } && !checkpoints.Any(c => c.KeyId == key.Id))
        {
            ctx.Error.WriteLine($"pacesetter audit: the audit key from {key.Source} (id {key.Id}) is not the key the checkpoints in {trail.CheckpointFile} were written with "
                + $"(id {checkpoints[^1].KeyId}): configure the key the application uses (Audit:Key or Audit:KeyFile) (审计密钥不符)");
            return ExitCodes.Invalid;
        }
        var slugs = await db.Organizations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Slug);
        string Name(int id) => slugs.TryGetValue(id, out var slug) ? slug : $"#{id}";
        var result = await AuditLog.VerifyAsync(db, key, checkpoints, orgId);
        if (result.Break is { } broken)
        {
            var at = broken.Id > 0 ? $"row {broken.Seq} (id {broken.Id})" : $"row {broken.Seq}";
            ctx.Out.WriteLine($"organization {Name(broken.OrganizationId)}, {at}: {broken.What}");
            return ExitCodes.Failure;
        }
        ctx.Out.WriteLine($"audit chain intact: {result.Rows} rows, checkpoints matched: {result.CheckpointsChecked}");
        foreach (var head in result.Heads) ctx.Out.WriteLine($"head of {Name(head.OrganizationId)}: row {head.Seq}, hash {head.Hash}");
        return ExitCodes.Ok;
    }
}
