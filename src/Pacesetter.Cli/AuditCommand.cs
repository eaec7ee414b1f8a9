using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Pacesetter.App.Audit;
using Pacesetter.App.Data;

namespace Pacesetter.Cli;

/// <summary><c>pacesetter audit verify [--org ORG]</c>: walks the audit log's hash chain (DESIGN.md 3).</summary>
public static class AuditCommand
{
    public const string Summary = "audit log: verify its hash chain (校验审计日志)";

    private const string Help = """
        Usage: pacesetter audit verify [--org ORG]

        Walks the audit log's hash chain, of one organization or of all, and prints either
        "audit chain intact: N rows" (exit 0) or the first broken link (exit 1), e.g.
        "organization demo, row 17 (id 123): its content does not match its hash".
        A row altered or deleted behind the application's back breaks the chain at that row.
        The database is configured as for 'pacesetter token' (appsettings.json, then the environment).
        It is only read: a missing database, or one not migrated to this version's schema, is refused
        with exit 2 (start the web application once to create or migrate it).

        Options:
          --org ORG   only this organization (its short name, e.g. demo)

        Example:
          pacesetter audit verify --org demo
        """;

    public static int Run(string[] args, CliContext ctx) => Run(args, ctx, CliDatabase.Configuration());

    public static int Run(string[] args, CliContext ctx, IConfiguration configuration)
    {
        var o = Options.Parse(args, ["org"]);
        if (o.Help)
        {
            ctx.Out.Write(Help + "\n");
            return ExitCodes.Ok;
        }
        if (o.Positionals is not ["verify"]) o.Errors.Add("expected the sub-command verify (需要子命令 verify)");
        if (o.Has("org") && string.IsNullOrWhiteSpace(o.Get("org"))) o.Errors.Add("--org: must name an organization (缺少组织)");
        if (o.Errors.Count > 0)
        {
            foreach (var e in o.Errors) ctx.Error.WriteLine($"pacesetter audit: {e}");
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
        var broken = await AuditLog.Verify(db, orgId);
        if (broken is not null)
        {
            var slug = await db.Organizations.AsNoTracking().Where(x => x.Id == broken.OrganizationId).Select(x => x.Slug).FirstAsync();
            ctx.Out.WriteLine($"organization {slug}, row {broken.Seq} (id {broken.Id}): {broken.What}");
            return ExitCodes.Failure;
        }
        var rows = await db.AuditEntries.CountAsync(e => orgId == null || e.OrganizationId == orgId);
        ctx.Out.WriteLine($"audit chain intact: {rows} rows");
        return ExitCodes.Ok;
    }
}
